// SPDX-License-Identifier: GPL-2.0
/*
 * numabench run: the profile's plan, natively through /dev/kbench or in a
 * NUMA guest that runs `numabench run --native` on the same options.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/args.h"
#include "cli.h"
#include "commands.h"
#include "kernel/kcell.h"
#include "rundir/meta.h"
#include "kernel/modclient.h"
#include "plan/plan.h"
#include "rundir/rundir.h"
#include "host/sysinfo.h"
#include "user/urun.h"
#include "user/utimer.h"
#include "exec/vmjob.h"

enum {
	OPT_NATIVE = 256, OPT_VM, OPT_TOPOLOGY, OPT_KERNEL, OPT_OUT, OPT_ONLY,
	OPT_REPS, OPT_ITER, OPT_PROFILE, OPT_MODULE, OPT_ACCEL, OPT_TIMEOUT,
	OPT_QUIET, OPT_RUN_ID, OPT_VM_INFO, OPT_VM_ACCEL, OPT_MODULE_PARAMS,
	OPT_SUITE,
};

static const struct cli_opt opts[] = {
	{ "native", OPT_NATIVE, NULL, "run on this machine (default where modules can be loaded)" },
	{ "vm", OPT_VM, NULL, "run in a QEMU guest (default where they cannot)" },
	{ "topology", OPT_TOPOLOGY, "SPEC", "guest nodes as CPUSxMEM[@D0:D1..],... (default " VMTOPO_DEFAULT ")" },
	{ "kernel", OPT_KERNEL, "RELEASE", "guest kernel, an installed release or prefix like 6.1 (default: newest)" },
	{ "profile", OPT_PROFILE, "NAME|FILE", "policies/NAME.ini or an .ini file (default: default)" },
	{ "suite", OPT_SUITE, "kernel|user|all", "the kernel module's cases, the userspace workloads, or both (default all)" },
	{ "only", OPT_ONLY, "PATTERN", "only kernel cases and user workloads matching these comma-separated globs, e.g. 'buddy_*,malloc'" },
	{ "reps", OPT_REPS, "N", "repetitions per cell, 1..1000 (default: the profile's)" },
	{ "iterations", OPT_ITER, "N", "timed samples per cell, 1..1000000 (default: the profile's)" },
	{ "out", OPT_OUT, "DIR", "run directory (default results/<run-id>)" },
	{ "module", OPT_MODULE, "KO", "native: kbench.ko to load if /dev/kbench is missing" },
	{ "module-params", OPT_MODULE_PARAMS, "'P=V ...'", "(testing) kbench parameters, e.g. 'slow_case=kmalloc slow_ns=500' to slow one case down; recorded in meta.json" },
	{ "accel", OPT_ACCEL, "tcg|kvm", "guest accelerator (default tcg; this host's /dev/kvm cannot run guests)" },
	{ "timeout", OPT_TIMEOUT, "SEC", "give up on a guest that shows no progress (console output, a result row) for SEC seconds, 10..86400 (default 3600)" },
	{ "quiet", OPT_QUIET, NULL, "no progress lines" },
	{ "run-id", OPT_RUN_ID, "ID", "(internal) run id chosen by the VM executor" },
	{ "vm-info", OPT_VM_INFO, "SPEC", "(internal) guest topology to record in meta.json" },
	{ "vm-accel", OPT_VM_ACCEL, "ACCEL", "(internal) guest accelerator to record in meta.json" },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench run [--native|--vm] [OPTIONS]",
	"Run every cell of the profile (case x cpu_node x mem_node x size/order x\n"
	"batch x repetition) and write results.csv, hist.jsonl and meta.json into\n"
	"the run directory. Where this host cannot load modules the run happens\n"
	"in a QEMU guest with an emulated NUMA topology.",
	opts,
};

struct run_opts {
	int native, vm, quiet;
	const char *topology, *kernel, *profile, *only, *out, *module, *accel;
	const char *run_id, *vm_info, *vm_accel, *module_params, *suite;
	uint64_t reps, iterations, timeout;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int on_opt(int val, const char *arg, void *ctx)
{
	struct run_opts *o = ctx;
	char err[256];
	int bad = 0;

	switch (val) {
	case OPT_NATIVE: o->native = 1; break;
	case OPT_VM: o->vm = 1; break;
	case OPT_QUIET: o->quiet = 1; break;
	case OPT_TOPOLOGY: o->topology = arg; break;
	case OPT_KERNEL: o->kernel = arg; break;
	case OPT_PROFILE: o->profile = arg; break;
	case OPT_ONLY: o->only = arg; break;
	case OPT_OUT: o->out = arg; break;
	case OPT_MODULE: o->module = arg; break;
	case OPT_RUN_ID: o->run_id = arg; break;
	case OPT_VM_INFO: o->vm_info = arg; break;
	case OPT_VM_ACCEL: o->vm_accel = arg; break;
	case OPT_MODULE_PARAMS:
		o->module_params = arg;
		if (strlen(arg) >= 160 || strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789_=, ") != strlen(arg)) {
			snprintf(err, sizeof(err), "--module-params: '%s' is not a list of name=value words (lower case, digits, _ and commas; under 160 characters)", arg);
			bad = -1;
		}
		break;
	case OPT_SUITE:
		if (strcmp(arg, "kernel") && strcmp(arg, "user") && strcmp(arg, "all")) {
			snprintf(err, sizeof(err), "--suite: '%s' is not a suite; expected kernel, user or all", arg);
			bad = -1;
		}
		o->suite = arg;
		break;
	case OPT_ACCEL:
		if (strcmp(arg, "tcg") && strcmp(arg, "kvm")) {
			snprintf(err, sizeof(err), "--accel: '%s' is not an accelerator; expected tcg or kvm", arg);
			bad = -1;
		}
		o->accel = arg;
		break;
	case OPT_REPS:
		bad = parse_u64("--reps", arg, 1, PROFILE_MAX_REPS, &o->reps,
				err, sizeof(err));
		break;
	case OPT_ITER:
		bad = parse_u64("--iterations", arg, 1, KBENCH_MAX_ITERATIONS,
				&o->iterations, err, sizeof(err));
		break;
	case OPT_TIMEOUT:
		bad = parse_u64("--timeout", arg, 10, 86400, &o->timeout, err,
				sizeof(err));
		break;
	}
	if (bad)
		nb_error(EXIT_USAGE, "%s", err);
	return bad ? EXIT_USAGE : 0;
}

static int load_profile(const struct run_opts *o, struct profile *p)
{
	char err[512];

	if (profile_load(p, o->profile ? o->profile : PROFILE_DIR_DEFAULT,
			 NUMABENCH_SOURCE_DIR "/policies", err, sizeof(err)))
		return nb_error(EXIT_USAGE, "%s", err);
	if (o->reps)
		p->reps = (unsigned)o->reps;
	if (o->iterations)
		p->iterations = (unsigned)o->iterations;
	return 0;
}

/* The run directory's absolute path and the run id. */
static int make_rundir(const struct run_opts *o, char *dir, char *id)
{
	char rel[PATH_MAX], err[512];

	if (o->run_id)
		snprintf(id, 128, "%s", o->run_id);
	else
		rundir_new_id(id, 128);
	if (o->out)
		snprintf(rel, sizeof(rel), "%s", o->out);
	else
		snprintf(rel, sizeof(rel), "results/%s", id);
	if (rundir_create(rel, err, sizeof(err)))
		return nb_error(EXIT_USAGE, "%s", err);
	if (!realpath(rel, dir))
		return nb_error(EXIT_FAIL, "%s: %s", rel, strerror(errno));
	return 0;
}

static void progress(const struct run_opts *o, size_t done, size_t total,
		     const struct kcell_result *r)
{
	size_t step = total / 50 ? total / 50 : 1;

	if (o->quiet || (done % step && done != total))
		return;
	fprintf(stderr, "[%zu/%zu %3zu%%] %s cpu_node=%d mem_node=%d size=%llu batch=%u rep=%u: %s\n",
		done, total, done * 100 / total, r->row.test, r->row.cpu_node,
		r->row.mem_node, (unsigned long long)r->row.size_bytes,
		r->row.batch, r->row.rep, r->row.status);
}

static void account(struct meta *m, const struct kcell_result *r)
{
	uint64_t oh = r->req.overhead_cycles;

	m->rows++;
	if (r->row.status[0] == 's')
		m->rows_skipped++;
	else if (r->row.status[0] == 'f')
		m->rows_failed++;
	if (r->row.status[0] == 's' || !r->req.tsc_khz)
		return;
	if (!m->overhead_cycles_min || oh < m->overhead_cycles_min)
		m->overhead_cycles_min = oh;
	if (oh > m->overhead_cycles_max)
		m->overhead_cycles_max = oh;
}

/* Every repetition of every cell into the run directory. */
static int execute(const struct run_opts *o, struct kbench_client *c,
		   const struct plan *pl, const struct profile *p,
		   struct rundir *rd, struct meta *m)
{
	const struct sysinfo_snap *s = m->sys;
	uint64_t *samples = calloc(p->iterations, sizeof(*samples));
	struct kcell_result *r = malloc(sizeof(*r));
	size_t done = 0, total = pl->ncells * p->reps;
	int ret = 0;

	if (!samples || !r) {
		ret = nb_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	for (unsigned rep = 0; rep < p->reps && !stop_requested; rep++) {
		for (size_t i = 0; i < pl->ncells && !stop_requested; i++) {
			kcell_run(c, &pl->cells[i], p, rep, samples, r);
			r->row.run_id = rd->run_id;
			r->row.host = s->host;
			r->row.kernel = s->kernel;
			if (csv_write_row(rd->csv_fd, &r->row) ||
			    kcell_write_hist(rd->hist, rd->run_id, r,
					     c->version.tsc_khz)) {
				ret = nb_error(EXIT_FAIL, "cannot write to %s: %s",
						rd->path, strerror(errno));
				goto out;
			}
			account(m, r);
			progress(o, ++done, total, r);
		}
		fflush(rd->hist);
	}
	if (stop_requested)
		ret = nb_error(EXIT_FAIL, "interrupted after %zu of %zu rows; meta.json says complete=false",
				done, total);
out:
	free(samples);
	free(r);
	return ret;
}

static int default_module(char *buf, size_t len)
{
	char rel[128];
	FILE *f = fopen("/proc/sys/kernel/osrelease", "r");

	if (!f || !fgets(rel, sizeof(rel), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	rel[strcspn(rel, "\n")] = '\0';
	snprintf(buf, len, "%s/kbench/%s/kbench.ko", NUMABENCH_BUILD_DIR, rel);
	return 0;
}

static int open_module(const struct run_opts *o, struct kbench_client *c)
{
	char ko[PATH_MAX] = "";
	int ret;

	if (o->module)
		snprintf(ko, sizeof(ko), "%s", o->module);
	else
		default_module(ko, sizeof(ko));
	if (access("/dev/kbench", F_OK) && access(ko, R_OK))
		return nb_error(EXIT_MISSING, "kbench is not loaded and %s does not exist; build it (cmake --build build) or pass --module",
				 ko);
	ret = kbench_open(c, ko, o->module_params);
	if (ret && o->module_params && (ret == -ENOENT || ret == -EINVAL))
		return nb_error(EXIT_USAGE, "--module-params: kbench rejected '%s' (see dmesg)",
				 o->module_params);
	if (ret)
		return nb_error(ret == -EPERM ? EXIT_MISSING : EXIT_FAIL,
				 "cannot open /dev/kbench (module %s): %s", ko,
				 strerror(-ret));
	/* Parameters only apply at insmod: a loaded module would ignore them. */
	if (o->module_params && !c->loaded_by_us) {
		kbench_close(c);
		return nb_error(EXIT_USAGE, "--module-params: kbench is already loaded; rmmod kbench first");
	}
	return 0;
}

static int want_kernel(const struct run_opts *o)
{
	return !o->suite || strcmp(o->suite, "user");
}

static int want_user(const struct run_opts *o)
{
	return !o->suite || strcmp(o->suite, "kernel");
}

static void uprogress(const struct run_opts *o, size_t done, size_t total,
		      const struct ucell *cell, unsigned rep)
{
	size_t step = total / 50 ? total / 50 : 1;

	if (o->quiet || (done % step && done != total))
		return;
	fprintf(stderr, "[%zu/%zu %3zu%%] user %s%s%s%s%s cpu_node=%d mem_node=%d size=%llu batch=%u threads=%u rep=%u%s%s\n",
		done, total, done * 100 / total, cell->w->name,
		cell->alloc ? " " : "", cell->alloc ? cell->alloc->name : "",
		cell->mode ? " " : "", cell->mode ? cell->mode->name : "",
		cell->cpu_node,
		cell->mem_node, (unsigned long long)cell->size_bytes,
		cell->batch, cell->threads, rep,
		cell->skip[0] ? ": skipped, " : "", cell->skip);
}

/* Every repetition of every userspace cell into the run directory. */
static int execute_user(const struct run_opts *o, struct uctx *uc,
			const struct ucells *cs, struct rundir *rd)
{
	size_t done = 0, total = cs->n * uc->p->reps;

	for (unsigned rep = 0; rep < uc->p->reps && !stop_requested; rep++) {
		uc->rep = rep;
		for (size_t i = 0; i < cs->n && !stop_requested; i++) {
			if (urun_cell(uc, &cs->v[i]))
				return nb_error(EXIT_FAIL, "cannot write to %s: %s",
						 rd->path, strerror(errno));
			uprogress(o, ++done, total, &cs->v[i], rep);
		}
		fflush(rd->hist);
	}
	if (stop_requested)
		return nb_error(EXIT_FAIL, "interrupted after %zu of %zu user cells; meta.json says complete=false",
				 done, total);
	return 0;
}

static int run_native(const struct run_opts *o)
{
	struct kbench_client c = { .fd = -1 };
	struct sysinfo_snap sys;
	struct topology t = { 0 };
	struct profile p;
	struct plan pl = { 0 };
	struct ucells ucs = { 0 };
	struct uctx uc;
	struct rundir rd = { .csv_fd = -1 };
	struct meta m = { 0 };
	char dir[PATH_MAX], id[128], err[512];
	int ret;

	if (want_user(o))
		ualloc_reexec_with_tls();
	ret = load_profile(o, &p);
	if (ret)
		return ret;
	if (want_kernel(o) && !kbench_host_can_load())
		return nb_error(EXIT_MISSING, "--native: this host cannot load kernel modules (needs root and module support); use --vm, or --suite user");
	if (topology_discover(&t, err, sizeof(err)))
		return nb_error(EXIT_FAIL, "topology: %s", err);
	if (want_kernel(o)) {
		ret = open_module(o, &c);
		if (ret)
			goto out;
		if (plan_build(&pl, &p, o->only, c.cases, c.version.ncases, &t,
			       c.version.page_size)) {
			ret = nb_error(EXIT_FAIL, "out of memory building the plan");
			goto out;
		}
	}
	if (want_user(o) && p.user.nodes != ~0ul) {
		unsigned long all = 0;

		for (int i = 0; i < t.nnodes; i++)
			all |= 1ul << t.nodes[i].id;
		if (p.user.nodes & ~all) {
			char have[128];

			nodemask_format(have, sizeof(have), all);
			ret = nb_error(EXIT_USAGE, "%s: [user] nodes: node %d is not on this machine (nodes %s)",
					p.path, nodemask_first(p.user.nodes & ~all), have);
			goto out;
		}
	}
	if (want_user(o)) {
		utimer_init(0);
		urun_ctx_init(&uc, &p, &t);
		if (urun_plan(&uc, o->only, &ucs)) {
			ret = nb_error(EXIT_FAIL, "out of memory building the user plan");
			goto out;
		}
	}
	if (!pl.ncells && !ucs.n) {
		ret = nb_error(EXIT_USAGE, "--only '%s': no case or workload matches; see numabench list",
				o->only ? o->only : "");
		goto out;
	}
	ret = make_rundir(o, dir, id);
	if (ret)
		goto out;
	if (rundir_open(&rd, dir, id, err, sizeof(err))) {
		ret = nb_error(EXIT_FAIL, "%s", err);
		goto out;
	}
	sysinfo_read(&sys);
	m = (struct meta){
		.run_id = id, .executor = o->vm_info ? "vm" : "native",
		.vm_topology = o->vm_info, .vm_accel = o->vm_accel,
		.module_params = o->module_params,
		.sys = &sys, .topo = &t, .prof = &p, .only = o->only,
		.api_version = c.version.api_version,
		.tsc_khz = c.version.tsc_khz, .cells = pl.ncells + ucs.n,
		.start = time(NULL),
	};
	if (ucs.n) {
		m.user_timer_source = utimer.source;
		m.user_timer_overhead_ns = utimer.overhead_ns;
	}
	if (meta_write(dir, &m)) {
		ret = nb_error(EXIT_FAIL, "cannot write %s/meta.json", dir);
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (!o->quiet)
		fprintf(stderr, "numabench: %zu kernel cells + %zu user cells x %u reps, %u samples each, into %s\n",
			pl.ncells, ucs.n, p.reps, p.iterations, dir);
	if (pl.ncells)
		ret = execute(o, &c, &pl, &p, &rd, &m);
	if (!ret && ucs.n) {
		uc.rd = &rd;
		uc.host = sys.host;
		uc.kernel = sys.kernel;
		uc.m = &m;
		ret = execute_user(o, &uc, &ucs, &rd);
	}
	m.end = time(NULL);
	m.complete = !ret;
	if (meta_write(dir, &m) && !ret)
		ret = nb_error(EXIT_FAIL, "cannot write %s/meta.json", dir);
	if (!ret && !o->quiet)
		fprintf(stderr, "numabench: %lu rows (%lu skipped, %lu failed) in %s\n",
			m.rows, m.rows_skipped, m.rows_failed, dir);
out:
	rundir_close(&rd);
	plan_free(&pl);
	ucells_free(&ucs);
	if (c.fd >= 0 && kbench_close(&c) && !ret)
		ret = nb_error(EXIT_FAIL, "cannot unload kbench");
	topology_free(&t);
	return ret;
}

/* Forward the plan's options to `numabench run --native` in the guest. */
static int run_vm(const struct run_opts *o)
{
	struct vmjob j = {
		.kernel_want = o->kernel, .topology = o->topology,
		.accel = o->accel, .echo = !o->quiet,
		.timeout_s = o->timeout ? (unsigned)o->timeout : 3600,
	};
	char dir[PATH_MAX], id[128], log[PATH_MAX + 16], csv[PATH_MAX + 16];
	char reps[32], iters[32];
	char *argv[32];
	struct profile p;
	int n = 0, ret;

	ret = load_profile(o, &p);
	if (!ret)
		ret = vmjob_prepare(&j);
	if (!ret)
		ret = make_rundir(o, dir, id);
	if (ret)
		return ret;
	argv[n++] = (char *)vmjob_self();
	argv[n++] = "run";
	argv[n++] = "--native";
	argv[n++] = "--out";
	argv[n++] = dir;
	argv[n++] = "--run-id";
	argv[n++] = id;
	argv[n++] = "--module";
	argv[n++] = j.module;
	argv[n++] = "--vm-info";
	argv[n++] = j.topo_spec;
	argv[n++] = "--vm-accel";
	argv[n++] = (char *)j.accel;
	argv[n++] = "--profile";
	argv[n++] = p.path;
	snprintf(reps, sizeof(reps), "%u", p.reps);
	snprintf(iters, sizeof(iters), "%u", p.iterations);
	argv[n++] = "--reps";
	argv[n++] = reps;
	argv[n++] = "--iterations";
	argv[n++] = iters;
	if (o->module_params) {
		argv[n++] = "--module-params";
		argv[n++] = (char *)o->module_params;
	}
	if (o->suite) {
		argv[n++] = "--suite";
		argv[n++] = (char *)o->suite;
	}
	if (o->only) {
		argv[n++] = "--only";
		argv[n++] = (char *)o->only;
	}
	if (o->quiet)
		argv[n++] = "--quiet";
	argv[n] = NULL;
	snprintf(log, sizeof(log), "%s/run.log", dir);
	snprintf(csv, sizeof(csv), "%s/results.csv", dir);
	j.progress_file = csv;	/* a row per cell: the guest is alive */
	if (!o->quiet)
		fprintf(stderr, "numabench: guest %s, topology %s, %s; console in %s\n",
			j.kernel, j.topo_spec, j.accel, log);
	return vmjob_exec(&j, dir, log, argv);
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { 0 };
	int code, ind = cli_parse(argc, argv, &cmd, on_opt, &o, &code);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "run: unexpected argument '%s'; see --help",
				 argv[ind]);
	if (o.native && o.vm)
		return nb_error(EXIT_USAGE, "run: --native and --vm exclude each other");
	if (o.native && (o.topology || o.kernel || o.accel || o.timeout))
		return nb_error(EXIT_USAGE, "run: --topology, --kernel, --accel and --timeout need --vm");
	if (!o.native && !o.vm) {
		o.native = kbench_host_can_load();
		if (!o.native)
			fprintf(stderr, "numabench: this host cannot load kernel modules; running in a QEMU guest (--vm)\n");
	}
	return o.native ? run_native(&o) : run_vm(&o);
}
