/* SPDX-License-Identifier: GPL-2.0 */
/*
 * counters.csv read back (its writer: metrics.h): the range of one metric
 * over a run's rows, for the conditions a report states (the core clock
 * over base clock of the kernel rows).
 *
 * Owner: the run directory (ubench/rundir/runmetrics.c).
 */
#ifndef UBENCH_RUNMETRICS_H
#define UBENCH_RUNMETRICS_H

#include <stddef.h>

struct metric_range {
	size_t n;		/* rows with the metric; 0: min, max unset */
	double min, max;
};

/*
 * The range of metric over dir/counters.csv's lines into *out. A missing
 * file is no line (n 0). 0, or -1 with one line in err naming the file
 * and line (unreadable, a value that is not a finite number).
 */
int run_metric_range(const char *dir, const char *metric,
		     struct metric_range *out, char *err, size_t errlen);

#endif
