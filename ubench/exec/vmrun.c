// SPDX-License-Identifier: GPL-2.0
/* The VM executor of `numabench run`: see run.h. */
#define _XOPEN_SOURCE 700	/* nftw */
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "vmjob.h"
#include "util/argvec.h"
#include "util/error.h"

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/*
 * A dry run's guest job goes to a scratch directory, removed afterwards:
 * it makes no run, so it leaves nothing under results/.
 */
static int scratch_dir(char *dir, char *id)
{
	snprintf(dir, PATH_MAX, "/tmp/numabench-plan-XXXXXX");
	snprintf(id, 128, "dry-run");
	return mkdtemp(dir) ? 0 : -1;
}

/* Forward the plan's options to `numabench run --native` in the guest. */
int run_vm(const struct run_opts *o)
{
	struct vmjob j = {
		.kernel_want = o->kernel, .topology = o->topology,
		.accel = o->accel, .echo = !o->quiet || o->dry_run,
		.timeout_s = o->timeout ? (unsigned)o->timeout : 3600,
		.no_module = o->no_module,
		.for_what = o->dry_run ? " to read the module's case table, which a dry run plans the kernel suite from" : "",
	};
	char dir[PATH_MAX], id[128], log[PATH_MAX + 16], csv[PATH_MAX + 16];
	char reps[32], iters[32];
	char *argv[40];
	struct profile p;
	int n = 0, ret;

	ret = run_load_profile(o, &p);
	/* the user suite's workloads are known here: no boot for a typo */
	if (!ret && o->suite && !strcmp(o->suite, "user"))
		ret = run_check_only(o, NULL);
	if (!ret)
		ret = vmjob_prepare(&j);
	if (!ret && o->dry_run && scratch_dir(dir, id))
		ret = nb_error(EXIT_FAIL, "cannot create a scratch directory in /tmp");
	else if (!ret && !o->dry_run)
		ret = run_make_rundir(o, dir, id);
	if (ret)
		return ret;
	argv[n++] = (char *)vmjob_self();
	argv[n++] = "run";
	argv[n++] = "--native";
	argv[n++] = "--out";
	argv[n++] = dir;
	argv[n++] = "--run-id";
	argv[n++] = id;
	/* the user suite runs no kernel cell: --module would be refused */
	if (!o->suite || strcmp(o->suite, "user")) {
		argv[n++] = "--module";
		argv[n++] = j.module;
	}
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
	argv_opt(argv, &n, "--module-params", o->module_params);
	argv_opt(argv, &n, "--suite", o->suite);
	argv_opt(argv, &n, "--only", o->only);
	argv_opt(argv, &n, "--modes", o->modes);
	argv_opt(argv, &n, "--precision", o->precision);
	argv_opt(argv, &n, "--cell-budget", o->cell_budget);
	if (o->quiet)
		argv[n++] = "--quiet";
	if (o->dry_run)
		argv[n++] = "--dry-run";
	argv[n] = NULL;
	snprintf(log, sizeof(log), "%s/run.log", dir);
	snprintf(csv, sizeof(csv), "%s/results.csv", dir);
	j.progress_file = csv;	/* a row per cell: the guest is alive */
	if (!o->quiet)
		fprintf(stderr, "numabench: guest %s, topology %s, %s; console in %s\n",
			j.kernel, j.topo_spec, j.accel, log);
	ret = vmjob_exec(&j, dir, log, argv);
	if (o->dry_run)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	/* --quiet: still where the results went, one line on stdout */
	else if (o->quiet && access(csv, F_OK) == 0)
		printf("%s\n", dir);
	return ret;
}
