/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dry run's measured estimate: the newest earlier run under results/
 * that is complete, of schema 4 or later (counters.csv has each kernel
 * row's elapsed_ns) and from the same host, kernel, executor, VM topology
 * and accelerator; each planned kernel cell it measured is estimated from
 * its cost per sample and spread there (plan/summary.h).
 */
#ifndef UBENCH_EXEC_ESTIMATE_H
#define UBENCH_EXEC_ESTIMATE_H

#include "plan/summary.h"

/* The conditions an earlier run must share ("" vm fields: native). */
struct estimate_match {
	const char *host, *kernel, *executor, *vm_topology, *vm_accel;
};

/*
 * Fill est (est->from points into from, 128 bytes) from the newest
 * matching run under root; est->from NULL when there is none.
 */
void estimate_kernel(const char *root, const struct estimate_match *m,
		     const struct plan *pl, const struct profile *p,
		     struct plan_estimate *est, char *from);

#endif
