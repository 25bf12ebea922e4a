/* SPDX-License-Identifier: GPL-2.0 */
/*
 * meta.json: the machine and conditions of a run (DESIGN.md "Outputs"),
 * rewritten atomically at the start (complete=false) and at the end.
 */
#ifndef UBENCH_META_H
#define UBENCH_META_H

#include <stdint.h>
#include <time.h>

#include "plan/profile.h"
#include "host/sysinfo.h"
#include "host/topology.h"

/* A userspace allocator the run measured (NULL: unknown, not installed). */
struct meta_alloc {
	const char *name, *package, *library, *version, *free_api;
};

struct meta {
	const char *run_id;
	const char *executor;		/* "native" | "vm" */
	const char *vm_topology;	/* canonical spec, or NULL when native */
	const char *vm_accel;		/* "tcg" | "kvm", or NULL */
	const struct sysinfo_snap *sys;
	const struct topology *topo;
	const struct profile *prof;
	const char *only;
	const char *module_params;	/* kbench insmod parameters, or NULL */
	unsigned api_version;		/* 0: the module was not opened */
	uint64_t kernel_flags;		/* its KBENCH_KF_* */
	uint64_t tsc_khz;
	uint64_t overhead_cycles_min;	/* min over the run's requests */
	uint64_t overhead_cycles_max;
	const char *user_timer_source;	/* utimer.h; NULL: no user suite */
	double user_timer_overhead_ns;
	double user_timer_resolution_ns;
	const struct meta_alloc *allocs;	/* user suite: its allocators */
	unsigned nallocs;
	unsigned long rows, rows_skipped, rows_failed, rows_misplaced, cells;
	time_t start, end;		/* end 0 while running */
	int complete;
};

int meta_write(const char *dir, const struct meta *m);

#endif
