/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scaling under load (issue 23): a path's rows measured on several
 * threads at once. A sweep is the set of a path's ok repetitions whose
 * ops_per_s is filled (results.csv schema 9), at every thread count the
 * run has for it; the ordinary matrix's rows of one thread (ops_per_s
 * empty) are never part of it, even where they share a cell. The test
 * "<test>+mixed" (as many threads of the memory's node allocating
 * locally meanwhile) is a class of its test's sweep.
 *
 * Per sweep (a path at one size or order): in the main part a figure of
 * the throughput against threads (one line per class: local, each remote
 * distance, the +mixed ones; a dashed ideal-scaling line, threads x the
 * first class's 1-thread throughput) and a figure of the per-op p50 with
 * a p99 panel against threads; in the appendix a table per class and
 * thread count: ops/s, speedup over 1 thread, Jain's fairness, p50
 * (p99), and counters.csv's contention counters per op (zone->lock
 * blocks, contended lock acquisitions, lock wait ns, each over the ops
 * counter of the same row and repetition).
 *
 * A class's value at a thread count: per node pair the median over its
 * sweep repetitions, then the geometric mean over the class's pairs
 * (throughput, p50, p99) or their mean (fairness, counters per op, which
 * may be 0); the error bars the smallest and the largest repetition over
 * those pairs. Under TCG (a VM run with accelerator tcg) the vCPUs take
 * turns on the host's threads: every caption says that then the curves
 * are emulation artefacts and only the counters per op are evidence.
 *
 * Owner: report (report/report_scaling.c; its data: scaling_data.h).
 */
#ifndef REPORT_SCALING_H
#define REPORT_SCALING_H

#include <stddef.h>

#include "report_doc.h"
#include "rundir/runload.h"

/*
 * Append to s (the run's main part) a heading, a note and each sweep's
 * two figures "scaling-<path>" and "scalinglat-<path>", and to a (its
 * appendix) a heading and each sweep's table "scaling-<path>". Nothing
 * at all when the run has no sweep. counters.csv is read from r->dir (a
 * missing or unreadable one: the counter columns say n/a and the
 * table's caption why). 0, or -1 on ENOMEM.
 */
int report_scaling(struct report_section *s, struct report_section *a,
		   const struct run *r);

/* Is this run a VM under TCG (meta.json executor vm, vm_accel tcg)? */
int run_is_tcg(const struct run *r);

#endif
