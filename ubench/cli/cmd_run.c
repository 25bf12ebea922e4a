// SPDX-License-Identifier: GPL-2.0
/*
 * numabench run: the profile's plan, natively through /dev/kbench or in a
 * NUMA guest that runs `numabench run --native` on the same options.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "exec/run.h"
#include "exec/vmtopo.h"
#include "kbench.h"
#include "kernel/modclient.h"
#include "rundir/rundir.h"
#include "user/ufresh.h"
#include "util/args.h"

enum {
	OPT_NATIVE = 256, OPT_VM, OPT_TOPOLOGY, OPT_KERNEL, OPT_OUT, OPT_ONLY,
	OPT_REPS, OPT_ITER, OPT_PROFILE, OPT_MODULE, OPT_ACCEL, OPT_TIMEOUT,
	OPT_QUIET, OPT_RUN_ID, OPT_VM_INFO, OPT_VM_ACCEL, OPT_MODULE_PARAMS,
	OPT_SUITE, OPT_MODES, OPT_PRECISION, OPT_CELL_BUDGET, OPT_DRY_RUN,
};

static const struct cli_opt opts[] = {
	{ "native", OPT_NATIVE, NULL, "run on this machine (default where modules can be loaded)" },
	{ "vm", OPT_VM, NULL, "run in a QEMU guest (default where they cannot)" },
	{ "topology", OPT_TOPOLOGY, "SPEC", "guest nodes as CPUSxMEM[@D0:D1..],... (default " VMTOPO_DEFAULT ")" },
	{ "kernel", OPT_KERNEL, "RELEASE", "guest kernel, an installed release or prefix like 6.1 (default: newest)" },
	{ "profile", OPT_PROFILE, "NAME|FILE", "policies/NAME.ini or an .ini file (default: default)" },
	{ "suite", OPT_SUITE, "kernel|user|all", "the kernel module's cases, the userspace workloads, or both (default all)" },
	{ "only", OPT_ONLY, "PATTERN", "only kernel cases and user workloads matching these comma-separated globs, e.g. 'buddy_*,malloc'" },
	{ "modes", OPT_MODES, "LIST", "kernel modes among hot,cold,pair,buddy,busy,purge (default: the profile's)" },
	{ "reps", OPT_REPS, "N", "repetitions per cell, 1..1000 (default: the profile's)" },
	{ "iterations", OPT_ITER, "N", "timed samples per cell, 1..1000000 (default: the profile's)" },
	{ "precision", OPT_PRECISION, "PCT", "stop a cell once its mean's 95 % interval is +-PCT % of it, 0..100; 0: take --iterations samples (default: the profile's)" },
	{ "cell-budget", OPT_CELL_BUDGET, "SEC", "wall time per cell and repetition before it stops short of the precision, 0..86400; 0: none (default: the profile's)" },
	{ "out", OPT_OUT, "DIR", "run directory (default results/<run-id>)" },
	{ "module", OPT_MODULE, "KO", "native: kbench.ko to load if /dev/kbench is missing" },
	{ "module-params", OPT_MODULE_PARAMS, "'P=V ...'", "(testing) kbench parameters, e.g. 'slow_case=kmalloc slow_ns=500' to slow one case down; recorded in meta.json" },
	{ "accel", OPT_ACCEL, "tcg|tcg-mt|kvm", "guest accelerator (default tcg: one host thread takes the vCPUs in turn; tcg-mt: a host thread per vCPU, so they contend for locks at once; this host's /dev/kvm cannot run guests)" },
	{ "timeout", OPT_TIMEOUT, "SEC", "give up on a guest that shows no progress (console output, a result row) for SEC seconds, 10..86400 (default 3600)" },
	{ "quiet", OPT_QUIET, NULL, "no progress lines; the run directory is still printed, one line on stdout" },
	{ "dry-run", OPT_DRY_RUN, NULL, "print the plan (cells by case and mode, skipped ones, the time bound from the budgets) and stop; the kernel suite boots a guest to read its module's case table where this host cannot load kbench (said first), --suite user plans here" },
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

static int on_opt(int val, const char *arg, void *ctx)
{
	struct run_opts *o = ctx;
	char err[256];
	int bad = 0;

	switch (val) {
	case OPT_NATIVE: o->native = 1; break;
	case OPT_VM: o->vm = 1; break;
	case OPT_QUIET: o->quiet = 1; break;
	case OPT_DRY_RUN: o->dry_run = 1; break;
	case OPT_TOPOLOGY: o->topology = arg; break;
	case OPT_KERNEL: o->kernel = arg; break;
	case OPT_PROFILE: o->profile = arg; break;
	case OPT_ONLY: o->only = arg; break;
	case OPT_MODES: o->modes = arg; break;
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
		if (strcmp(arg, "tcg") && strcmp(arg, "tcg-mt") && strcmp(arg, "kvm")) {
			snprintf(err, sizeof(err), "--accel: '%s' is not an accelerator; expected tcg, tcg-mt or kvm", arg);
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
	case OPT_PRECISION:
	case OPT_CELL_BUDGET: {
		double v;

		bad = parse_double(val == OPT_PRECISION ? "--precision" : "--cell-budget",
				   arg, 0, val == OPT_PRECISION ? 100 : 86400, &v,
				   err, sizeof(err));
		if (val == OPT_PRECISION)
			o->precision = arg;
		else
			o->cell_budget = arg;
		break;
	}
	case OPT_TIMEOUT:
		bad = parse_u64("--timeout", arg, 10, 86400, &o->timeout, err,
				sizeof(err));
		break;
	}
	if (bad)
		nb_error(EXIT_USAGE, "%s", err);
	return bad ? EXIT_USAGE : 0;
}

/*
 * Options of one suite given with --suite naming the other: exit 2 naming
 * them, never recorded and ignored (a --module-params in meta.json makes
 * compare refuse the run later). The user suite has no options of its
 * own today; its workloads are the profile's [user] section.
 */
static int check_suite_options(const struct run_opts *o)
{
	char names[128] = "";
	size_t len = 0;

	if (!o->suite || strcmp(o->suite, "user"))
		return 0;
	if (o->module_params)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "--module-params");
	if (o->modes)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s--modes", len ? ", " : "");
	if (o->module)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s--module", len ? ", " : "");
	if (!len)
		return 0;
	return nb_error(EXIT_USAGE, "run: %s: kernel-suite option%s, and --suite user runs no kernel cell; drop %s or choose --suite kernel or all",
			names, strchr(names, ',') ? "s" : "",
			strchr(names, ',') ? "them" : "it");
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { 0 };
	char err[512];
	int ret, code, ind = cli_parse(argc, argv, &cmd, on_opt, &o, &code);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "run: unexpected argument '%s'; see --help",
				argv[ind]);
	if (o.native && o.vm)
		return nb_error(EXIT_USAGE, "run: --native and --vm exclude each other");
	if (o.native && (o.topology || o.kernel || o.accel || o.timeout))
		return nb_error(EXIT_USAGE, "run: --topology, --kernel, --accel and --timeout need --vm");
	ret = check_suite_options(&o);
	if (ret)
		return ret;
	/* a fresh allocator process (ufresh.h) reruns this command line
	 * into its parent's run directory: no new one */
	if (o.out && !ufresh_is_child() && rundir_check(o.out, err, sizeof(err)))
		return nb_error(EXIT_USAGE, "%s", err);
	if (!o.native && !o.vm) {
		o.no_module = kbench_host_load_blocker();
		/* a dry run of the user suite needs no module: no guest */
		o.native = !o.no_module ||
			   (o.dry_run && o.suite && !strcmp(o.suite, "user"));
	}
	return o.native ? run_native(&o) : run_vm(&o);
}
