/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The executors of `numabench run`: natively (kernel cells through
 * /dev/kbench, user cells on pinned threads, rows into the run directory),
 * or in a QEMU guest that runs `numabench run --native` on the same options.
 * Each returns an exit code (util/error.h), having printed why.
 */
#ifndef UBENCH_EXEC_RUN_H
#define UBENCH_EXEC_RUN_H

#include <stdint.h>

#include "plan/profile.h"

/* The options of `numabench run`, as parsed by cli/cmd_run.c. */
struct run_opts {
	int native, vm, quiet, dry_run;
	const char *topology, *kernel, *profile, *only, *out, *module, *accel;
	const char *run_id, *vm_info, *vm_accel, *module_params, *suite;
	const char *modes;	/* --modes: the profile's [kernel] modes */
	const char *precision, *cell_budget;	/* as given, checked */
	/*
	 * Neither --native nor --vm, and the host cannot load kbench: why
	 * (modclient.h). The executor says so before it boots a guest, or
	 * plans a dry run here.
	 */
	const char *no_module;
	uint64_t reps, iterations, timeout;
};

int run_native(const struct run_opts *o);
int run_vm(const struct run_opts *o);

/*
 * Shared by both: the profile with --reps/--iterations applied, and the
 * run directory (created; its absolute path and the run id).
 */
int run_load_profile(const struct run_opts *o, struct profile *p);

/*
 * Every --only item matches a case of the module (c: opened, or NULL
 * for a user-only check) or a workload of the suites run: 0, or
 * EXIT_USAGE having named every item that matches nothing.
 */
struct kbench_client;
int run_check_only(const struct run_opts *o, const struct kbench_client *c);
int run_make_rundir(const struct run_opts *o, char *dir, char *id);

#endif
