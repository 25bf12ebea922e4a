// SPDX-License-Identifier: GPL-2.0
/*
 * numabench list: the userspace workloads from their registry
 * (workloads.h), then the kernel cases from the module's own enumeration
 * (KBENCH_IOC_CASE_INFO), so no second list exists anywhere. Where this
 * host cannot load modules the kernel listing comes from a guest.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kernel/modclient.h"
#include "plan/plan.h"
#include "exec/vmjob.h"
#include "user/workloads.h"

enum { OPT_NATIVE = 256, OPT_VM, OPT_KERNEL, OPT_MODULE };

static const struct cli_opt opts[] = {
	{ "native", OPT_NATIVE, NULL, "ask the module on this machine (default where modules can be loaded)" },
	{ "vm", OPT_VM, NULL, "ask the module in a QEMU guest (default where they cannot)" },
	{ "kernel", OPT_KERNEL, "RELEASE", "guest kernel (default: newest installed)" },
	{ "module", OPT_MODULE, "KO", "native: kbench.ko to load if /dev/kbench is missing" },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench list [--native|--vm] [--kernel RELEASE]",
	"List the userspace workloads (suite user: name, the tests they write,\n"
	"what they time) and the kernel cases of the kbench module (name,\n"
	"parameter and range, flags, what one timed op is).",
	opts,
};

struct list_opts {
	int native, vm;
	const char *kernel, *module;
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

static void print_flags(uint32_t f, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s",
		 f & KBENCH_CF_NO_MEM_NODE ? "no-mem-node " : "",
		 f & KBENCH_CF_LOCAL_ONLY ? "local-only " : "",
		 f & KBENCH_CF_TARGET_CPUS ? "targets-node-cpus " : "",
		 f & KBENCH_CF_PEER_CPU ? "remote-cpu " : "",
		 f & KBENCH_CF_IPIS ? "ipis " : "");
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

static int list_native(const struct list_opts *o)
{
	struct kbench_client c;
	char param[64], flags[96], modes[64];
	int ret = kbench_open(&c, o->module, NULL);

	if (ret)
		return nb_error(EXIT_MISSING, "list: cannot open %s: %s%s",
				KBENCH_DEVICE, strerror(-ret),
				o->module ? "" : "; load kbench.ko or pass --module");
	printf("kbench API %u, %u cases, max order %u, page %u B, tsc %llu kHz\n\n",
	       c.version.api_version, c.version.ncases, c.version.max_order,
	       c.version.page_size, (unsigned long long)c.version.tsc_khz);
	printf("init_on_alloc %d, init_on_free %d, zone->lock counts %s\n\n",
	       !!(c.version.kernel_flags & KBENCH_KF_INIT_ON_ALLOC),
	       !!(c.version.kernel_flags & KBENCH_KF_INIT_ON_FREE),
	       c.version.kernel_flags & KBENCH_KF_PATH_COUNTS ? "yes" : "no (kmem tracepoints missing)");
	printf("%-22s %-22s %-24s %-26s %-9s %s\n", "case", "parameter",
	       "modes", "flags", "max_batch", "one timed op");
	for (uint32_t i = 0; i < c.version.ncases; i++) {
		const struct kbench_case_info *k = &c.cases[i];

		print_param(k, param, sizeof(param));
		print_flags(k->flags, flags, sizeof(flags));
		print_modes(k->modes, modes, sizeof(modes));
		printf("%-22s %-22s %-24s %-26s %-9u %s\n", k->name, param,
		       modes, flags, k->max_batch, k->desc);
	}
	return kbench_close(&c) ? EXIT_FAIL : EXIT_OK;
}

static int list_vm(const struct list_opts *o)
{
	struct vmjob j = { .kernel_want = o->kernel, .timeout_s = 300 };
	const char *dir = NUMABENCH_BUILD_DIR "/guest/list";
	char *argv[] = { (char *)vmjob_self(), "list", "--native", "--module",
			 j.module, NULL };
	int ret = vmjob_prepare(&j);

	if (ret)
		return ret;
	ret = vmjob_exec(&j, dir, NULL, argv);
	if (!ret) {
		char log[PATH_MAX];
		char line[512];
		FILE *f;
		int on = 0;

		/* the guest's stdout sits in its console log after our marker */
		snprintf(log, sizeof(log), "%s/guest/console.log", dir);
		f = fopen(log, "r");
		while (f && fgets(line, sizeof(line), f)) {
			if (strstr(line, "kbench API"))
				on = 1;
			if (on && strstr(line, "reboot: "))
				break;
			if (on)
				fputs(line, stdout);
		}
		if (f)
			fclose(f);
	}
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

int cmd_list(int argc, char **argv)
{
	struct list_opts o = { 0 };
	int code, ind = cli_parse(argc, argv, &cmd, on_opt, &o, &code);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "list: unexpected argument '%s'",
				argv[ind]);
	if (o.native && o.vm)
		return nb_error(EXIT_USAGE, "list: --native and --vm exclude each other");
	if (!o.native && !o.vm && !kbench_host_can_load()) {
		fprintf(stderr, "numabench: this host cannot load kernel modules; listing from a QEMU guest (--vm)\n");
		o.vm = 1;
	}
	list_user();
	fflush(stdout);
	return o.vm ? list_vm(&o) : list_native(&o);
}
