/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One side of a comparison. A run directory (results.csv in it): its
 * repetitions are the units. A directory of run directories, one per boot
 * (regress writes DIR/<kernel>/boot-N/): the boots are the units, merged
 * into one run whose cells hold, per boot, a robust mean of that boot's ok
 * repetitions (meta.boots says how many): the geometric mean of the reps
 * within RUNSET_CLEAN_K robust sds of the boot's median, so one slow
 * repetition does not move its boot; the plain geometric mean of all its
 * reps and the reps set aside are kept beside it (struct run_unit), so
 * compare can still flag a cell whose slow repetitions grew. A boot set
 * must agree with itself (one kernel, the same conditions) and every
 * subdirectory must be a readable run.
 *
 * Conditions are what moves numbers besides the machine and kernel:
 * profile and its iterations and warm-up, executor, accelerator, the user
 * timer, init_on_alloc, THP and kbench's module parameters. The machine
 * (host, CPU model, topology with its SLIT, a guest's node layout) and the
 * kernel are what a comparison is about: listed, never refused.
 */
#ifndef REPORT_RUNSET_H
#define REPORT_RUNSET_H

#include <stddef.h>

#include "rundir/runload.h"

/* Load path as above into out. 0, or -1 with one line in err. */
int runset_load(struct run *out, const char *path, char *err, size_t errlen);

/*
 * The robust sds a rep may stray from its boot's median before it is set
 * aside (chosen on the calibration data: README "Compare and regress").
 * INFINITY keeps every rep (the plain geometric mean); 0 keeps the median.
 */
#define RUNSET_CLEAN_K 6.0

/*
 * Merge n loaded boots (names[i] their names in messages; out->dir set by
 * the caller) into out as a set, reps set aside beyond clean_k. 0, or -1
 * with one line in err (boots that differ, out of memory).
 */
int runset_merge(struct run *out, const struct run *boots,
		 const char *const *names, size_t n, double clean_k,
		 char *err, size_t errlen);

/*
 * The conditions in which a and b differ, as "name (A vs B), ..." into buf
 * ("" when none). Returns how many differ.
 */
int runset_conditions_differ(const struct run_meta *a,
			     const struct run_meta *b, char *buf, size_t len);

/*
 * The machine and kernel a and b differ in (host, CPU model, topology:
 * nodes, their CPUs and SLIT, a guest's layout; kernel), as "name ('A' vs
 * 'B'), ..." into buf ("" when none). Returns how many differ.
 */
int runset_identity_differ(const struct run_meta *a,
			   const struct run_meta *b, char *buf, size_t len);

/*
 * A run's host in labels: meta.json's host, else the name of the run
 * directory's parent (a fleet's RESULTS/<inventory host>/<run dir>), else
 * "host not recorded". A label only: runs are never merged by it.
 */
void runset_host_label(char *buf, size_t len, const struct run *r);

/* Does node exist in m's topology? 1 when m has none recorded (unknown). */
int runset_node_exists(const struct run_meta *m, int node);

#endif
