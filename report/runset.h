/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One side of a comparison. A run directory (results.csv in it): its
 * repetitions are the units. A directory of run directories, one per boot
 * (regress writes DIR/<kernel>/boot-N/): the boots are the units, merged
 * into one run whose cells hold, per boot, the geometric mean of that
 * boot's ok repetitions (meta.boots says how many). A boot set must agree
 * with itself: one kernel, the same conditions.
 *
 * Conditions are what moves numbers besides the kernel: profile and its
 * iterations and warm-up, executor, accelerator and guest topology, the
 * user timer, init_on_alloc, THP and kbench's module parameters.
 */
#ifndef REPORT_RUNSET_H
#define REPORT_RUNSET_H

#include <stddef.h>

#include "rundir/runload.h"

/* Load path as above into out. 0, or -1 with one line in err. */
int runset_load(struct run *out, const char *path, char *err, size_t errlen);

/*
 * The conditions in which a and b differ, as "name (A vs B), ..." into buf
 * ("" when none). Returns how many differ.
 */
int runset_conditions_differ(const struct run_meta *a,
			     const struct run_meta *b, char *buf, size_t len);

#endif
