// SPDX-License-Identifier: GPL-2.0
/*
 * numabench list: the userspace workloads from their registry
 * (workloads.h), then the kernel cases from the module's own enumeration
 * (KBENCH_IOC_CASE_INFO), so no second list exists anywhere. Where this
 * host cannot load modules the kernel listing comes from a guest.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kernel/modclient.h"
#include "plan/kflags.h"
#include "plan/plan.h"
#include "exec/vm.h"
#include "exec/vmjob.h"
#include "util/datadir.h"
#include "outfmt.h"
#include "rundir/jsonput.h"
#include "user/workloads.h"

enum { OPT_NATIVE = 256, OPT_VM, OPT_KERNEL, OPT_MODULE, OPT_FORMAT };

static const struct cli_opt opts[] = {
	{ "native", OPT_NATIVE, NULL, "ask the module on this machine (default where modules can be loaded)" },
	{ "vm", OPT_VM, NULL, "ask the module in a QEMU guest (default where they cannot)" },
	{ "kernel", OPT_KERNEL, "RELEASE", "guest kernel (default: newest installed)" },
	{ "module", OPT_MODULE, "KO", "native: kbench.ko to load if /dev/kbench is missing" },
	{ "format", OPT_FORMAT, "FMT", OUT_FORMAT_HELP },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench list [--native|--vm] [--kernel RELEASE] [--format text|json]",
	"List the userspace workloads (suite user: name, the tests they write,\n"
	"what they time) and the kernel cases of the kbench module (name,\n"
	"parameter and range, flags, what one timed op is).",
	opts,
};

struct list_opts {
	int native, vm;
	const char *no_module;	/* no flag, no module here: why (modclient.h) */
	const char *kernel, *module;
	enum out_format format;
};

static int on_opt(int val, const char *arg, void *ctx)
{
	struct list_opts *o = ctx;

	if (val == OPT_NATIVE)
		o->native = 1;
	else if (val == OPT_VM)
		o->vm = 1;
	else if (val == OPT_KERNEL)
		o->kernel = arg;
	else if (val == OPT_FORMAT)
		return out_format_parse("list", arg, &o->format);
	else
		o->module = arg;
	return 0;
}

static void print_param(const struct kbench_case_info *k, char *buf,
			size_t len)
{
	if (k->param == KBENCH_PARAM_ORDER)
		snprintf(buf, len, "order 0..%u", k->max_order);
	else if (k->param == KBENCH_PARAM_SIZE)
		snprintf(buf, len, "size %llu..%llu B",
			 (unsigned long long)k->min_size,
			 (unsigned long long)k->max_size);
	else
		snprintf(buf, len, "-");
}

/* The case flags by name: one table for the text and the JSON. */
static const struct {
	uint32_t bit;
	const char *name;
} case_flags[] = {
	{ KBENCH_CF_NO_MEM_NODE, "no-mem-node" },
	{ KBENCH_CF_LOCAL_ONLY, "local-only" },
	{ KBENCH_CF_TARGET_CPUS, "targets-node-cpus" },
	{ KBENCH_CF_PEER_CPU, "remote-cpu" },
	{ KBENCH_CF_IPIS, "ipis" },
};
#define NR_CASE_FLAGS (sizeof(case_flags) / sizeof(*case_flags))

static void print_flags(uint32_t f, char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NR_CASE_FLAGS && k < len; i++)
		if (f & case_flags[i].bit)
			k += (size_t)snprintf(buf + k, len - k, "%s ",
					      case_flags[i].name);
	if (!buf[0])
		snprintf(buf, len, "-");
}

/* "hot,cold,..." of a case's modes mask. */
static void print_modes(uint32_t modes, char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (unsigned m = 0; m < KBENCH_NR_MODES && k < len; m++)
		if (modes & (1u << m))
			k += snprintf(buf + k, len - k, "%s%s", k ? "," : "",
				      kbench_mode_name(m));
}

static void print_kbench_text(const struct kbench_client *c)
{
	char param[64], flags[96], modes[64];

	printf("kbench API %u, %u cases, max order %u, page %u B, tsc %llu kHz\n\n",
	       c->version.api_version, c->version.ncases, c->version.max_order,
	       c->version.page_size, (unsigned long long)c->version.tsc_khz);
	for (size_t f = 0; f < kbench_nkflags; f++)
		printf("%s %s%s", kbench_kflags[f].what,
		       c->version.kernel_flags & kbench_kflags[f].bit ? "yes" : "no",
		       f + 1 < kbench_nkflags ? ", " : "\n\n");
	printf("%-22s %-22s %-30s %-26s %-9s %-10s %s\n", "case", "parameter",
	       "modes", "flags", "max_batch", "max_region", "one timed op");
	for (uint32_t i = 0; i < c->version.ncases; i++) {
		const struct kbench_case_info *k = &c->cases[i];

		print_param(k, param, sizeof(param));
		print_flags(k->flags, flags, sizeof(flags));
		print_modes(k->modes, modes, sizeof(modes));
		printf("%-22s %-22s %-30s %-26s %-9u %-10llu %s\n", k->name,
		       param, modes, flags, k->max_batch,
		       (unsigned long long)k->max_region_bytes, k->desc);
	}
}

/* A case's parameter: {"kind": "order", "min": 0, "max": 10}. */
static json_t *param_json(const struct kbench_case_info *k, int *err)
{
	json_t *o = json_object();

	if (k->param == KBENCH_PARAM_ORDER) {
		jput(o, "kind", json_string("order"), err);
		jput(o, "min", json_integer(0), err);
		jput(o, "max", json_integer(k->max_order), err);
	} else if (k->param == KBENCH_PARAM_SIZE) {
		jput(o, "kind", json_string("size_bytes"), err);
		jput(o, "min", ju64(k->min_size), err);
		jput(o, "max", ju64(k->max_size), err);
	} else {
		jput(o, "kind", json_null(), err);
	}
	return o;
}

static json_t *kbench_json(const struct kbench_client *c, int *err)
{
	const struct kbench_version *v = &c->version;
	json_t *o = json_object(), *cases = json_array();

	jput(o, "api", json_integer(v->api_version), err);
	jput(o, "cases_count", json_integer(v->ncases), err);
	jput(o, "max_order", json_integer(v->max_order), err);
	jput(o, "page_bytes", json_integer(v->page_size), err);
	jput(o, "tsc_khz", ju64(v->tsc_khz), err);
	for (size_t f = 0; f < kbench_nkflags; f++)
		jput(o, kbench_kflags[f].name,
		     json_boolean(v->kernel_flags & kbench_kflags[f].bit), err);
	for (uint32_t i = 0; i < v->ncases; i++) {
		const struct kbench_case_info *k = &c->cases[i];
		json_t *row = json_object(), *modes = json_array(),
		       *flags = json_array();

		for (unsigned m = 0; m < KBENCH_NR_MODES; m++)
			if (k->modes & (1u << m))
				jappend(modes, json_string(kbench_mode_name(m)),
					err);
		for (size_t f = 0; f < NR_CASE_FLAGS; f++)
			if (k->flags & case_flags[f].bit)
				jappend(flags, json_string(case_flags[f].name),
					err);
		jput(row, "case", json_string(k->name), err);
		jput(row, "parameter", param_json(k, err), err);
		jput(row, "modes", modes, err);
		jput(row, "flags", flags, err);
		jput(row, "max_batch", json_integer(k->max_batch), err);
		jput(row, "max_region_bytes", ju64(k->max_region_bytes), err);
		jput(row, "one_timed_op", json_string(k->desc), err);
		jappend(cases, row, err);
	}
	jput(o, "cases", cases, err);
	return o;
}

/*
 * The module's part: printed as text, or set as doc's "kbench" (left null
 * when the module cannot be opened: the error line says why).
 */
static int list_native(const struct list_opts *o, json_t *doc, int *err)
{
	struct kbench_client c;
	int ret = kbench_open(&c, o->module, NULL);

	if (ret)
		return nb_error(EXIT_MISSING, "list: cannot open %s: %s%s",
				KBENCH_DEVICE, strerror(-ret),
				o->module ? "" : "; load kbench.ko or pass --module");
	if (doc)
		jput(doc, "kbench", kbench_json(&c, err), err);
	else
		print_kbench_text(&c);
	return kbench_close(&c) ? EXIT_FAIL : EXIT_OK;
}

/*
 * The guest's JSON answer: its one line in the console log that starts
 * with the document, its "kbench" moved into doc. 0, or -1.
 */
static int guest_json(FILE *log, json_t *doc, int *err)
{
	char *line = NULL;
	size_t cap = 0;
	int found = -1;

	while (found && getline(&line, &cap, log) > 0) {
		char *start = strstr(line, "{\"workloads\":");
		json_t *got, *kb;

		if (!start)
			continue;
		got = json_loads(start, JSON_DISABLE_EOF_CHECK, NULL);
		kb = got ? json_object_get(got, "kbench") : NULL;
		if (kb && json_is_object(kb)) {
			jput(doc, "kbench", json_incref(kb), err);
			found = 0;
		}
		json_decref(got);
	}
	free(line);
	return found;
}

/*
 * No --vm asked for, and the host cannot load kbench: say so before
 * anything is printed, built or booted (vmjob.h no_module, in one line).
 */
static void guest_notice(const struct list_opts *o)
{
	char rel[128], err[256];

	if (vm_find_kernel(o->kernel, rel, sizeof(rel), err, sizeof(err)))
		snprintf(rel, sizeof(rel), "%s", o->kernel ? o->kernel : "guest");
	fprintf(stderr, "numabench: this host cannot load kbench (%s): booting a %s QEMU guest (TCG) to ask its module for the case table; --native or --vm to choose\n",
		o->no_module, rel);
}

static int list_vm(const struct list_opts *o, json_t *doc, int *err)
{
	struct vmjob j = { .kernel_want = o->kernel, .timeout_s = 300 };
	char dir[PATH_MAX];
	char *argv[] = { (char *)vmjob_self(), "list", "--native", "--module",
			 j.module, doc ? "--format" : NULL, "json", NULL };
	char log[PATH_MAX];
	FILE *f;
	int ret;

	snprintf(dir, sizeof(dir), "%.*s/guest/list", PATH_MAX / 2,
		 nb_workdir());
	ret = vmjob_prepare(&j);

	if (ret)
		return ret;
	ret = vmjob_exec(&j, dir, NULL, argv);
	if (ret)
		return ret;
	/* the guest's stdout sits in its console log */
	snprintf(log, sizeof(log), "%.*s/guest/console.log", PATH_MAX / 2, dir);
	f = fopen(log, "r");
	if (!f)
		return nb_error(EXIT_FAIL, "list: cannot read %s", log);
	if (doc) {
		if (guest_json(f, doc, err))
			ret = nb_error(EXIT_FAIL, "list: no JSON answer from the guest in %s",
				       log);
	} else {
		char line[512];
		int on = 0;

		/* from our marker to the guest's poweroff */
		while (fgets(line, sizeof(line), f)) {
			if (strstr(line, "kbench API"))
				on = 1;
			if (on && strstr(line, "reboot: "))
				break;
			if (on)
				fputs(line, stdout);
		}
	}
	fclose(f);
	return ret;
}

static void list_user_one(const struct uworkload *w)
{
	char tests[128] = "";
	size_t len = 0;

	for (const char *const *t = w->tests; *t && len < sizeof(tests); t++)
		len += (size_t)snprintf(tests + len, sizeof(tests) - len, "%s%s",
					len ? "," : "", *t);
	printf("%-14s %-52s %s\n", w->name, tests, w->description);
}

static void list_user(void)
{
#define UWORKLOAD_ROW(id) list_user_one(&uw_##id);
	printf("userspace workloads (suite user)\n\n%-14s %-52s %s\n",
	       "workload", "tests", "what it times");
	UWORKLOAD_LIST(UWORKLOAD_ROW)
#undef UWORKLOAD_ROW
	printf("\n");
}

static void user_json_one(json_t *a, const struct uworkload *w, int *err)
{
	json_t *o = json_object(), *tests = json_array();

	for (const char *const *t = w->tests; *t; t++)
		jappend(tests, json_string(*t), err);
	jput(o, "workload", json_string(w->name), err);
	jput(o, "tests", tests, err);
	jput(o, "what_it_times", json_string(w->description), err);
	jappend(a, o, err);
}

/* {"workloads": [...], "kbench": null until the module answers}. */
static json_t *user_json(int *err)
{
	json_t *doc = json_object(), *a = json_array();

#define UWORKLOAD_JSON(id) user_json_one(a, &uw_##id, err);
	UWORKLOAD_LIST(UWORKLOAD_JSON)
#undef UWORKLOAD_JSON
	jput(doc, "workloads", a, err);
	jput(doc, "kbench", json_null(), err);
	return doc;
}

int cmd_list(int argc, char **argv)
{
	struct list_opts o = { 0 };
	json_t *doc = NULL;
	int err = 0, code, ind = cli_parse(argc, argv, &cmd, on_opt, &o, &code);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "list: unexpected argument '%s'",
				argv[ind]);
	if (o.native && o.vm)
		return nb_error(EXIT_USAGE, "list: --native and --vm exclude each other");
	if (!o.native && !o.vm) {
		o.no_module = kbench_host_load_blocker();
		o.vm = !!o.no_module;
	}
	if (o.no_module)
		guest_notice(&o);
	if (o.format == OUT_JSON) {
		doc = user_json(&err);
	} else {
		list_user();
		fflush(stdout);
	}
	code = o.vm ? list_vm(&o, doc, &err) : list_native(&o, doc, &err);
	/* the userspace part is printed whatever the module said */
	if (doc && out_json_print("list", doc, err) && !code)
		code = EXIT_FAIL;
	return code;
}
