/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run will do before it does it (`numabench run --dry-run`): the
 * kernel cells by path (case and mode), runnable and skipped, a bound on
 * their time from the profile's budgets and, where an earlier run on this
 * host and executor measured them, an estimate (exec/estimate.c finds and
 * reads that run; the arithmetic is here).
 */
#ifndef UBENCH_SUMMARY_H
#define UBENCH_SUMMARY_H

#include <stdio.h>

#include "plan.h"

/*
 * Upper bound in seconds of the kernel suite: runnable cells x reps x
 * cell_budget (each request may add one sample beyond it); -1 without a
 * cell budget (then only iterations bound a cell).
 */
double plan_bound_s(const struct plan *pl, const struct profile *p);

/*
 * Seconds one repetition of a cell takes under p, from what an earlier run
 * measured of it: its cost per sample (request setup and warm-up spread
 * over them) and the spread of its samples (cv = sd / mean). It samples
 * until the 95 % interval reaches p's precision (at least min_samples, at
 * most iterations), or the cell budget is spent (half a sample past it on
 * average); one sample at least.
 */
double plan_cell_estimate_s(const struct profile *p, double per_sample_s,
			    double cv);

/* A measured estimate of the kernel suite (from), or none (from NULL). */
struct plan_estimate {
	const char *from;	/* the earlier run's id */
	size_t matched;		/* runnable cells it measured */
	double kernel_s;	/* all reps: measured cells + the rest at budget */
};

/*
 * The plan by path, its totals, bound and estimate (est may be NULL);
 * user_cells from the user plan.
 */
void plan_summary(FILE *f, const struct plan *pl, const struct profile *p,
		  size_t user_cells, const struct plan_estimate *est);

#endif
