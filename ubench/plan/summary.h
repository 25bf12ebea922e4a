/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run will do before it does it (`numabench run --dry-run`): the
 * kernel cells by path (case and mode), runnable and skipped, and a bound
 * on their time from the profile's budgets.
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

/* The plan by path, its totals and bound; user_cells from the user plan. */
void plan_summary(FILE *f, const struct plan *pl, const struct profile *p,
		  size_t user_cells);

#endif
