/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each kernel row's run did besides its timed ops (uapi struct
 * kbench_counters), as metrics in counters.csv (rundir/metrics.h).
 */
#ifndef UBENCH_KCOUNTERS_H
#define UBENCH_KCOUNTERS_H

#include <stdio.h>

#include "kbench.h"
#include "rundir/csv.h"

/*
 * Fold the counts of one request into acc (first: acc becomes it): sums,
 * except the pcp state (before from the first, the rest from the last),
 * the overhead and the flush baseline (the least), the IPI extremes (min
 * and max) and run_seq (the last).
 */
void kcounters_merge(struct kbench_run *acc, const struct kbench_run *r,
		     int first);

/*
 * The counters of one executed row (nothing for a skipped or failed
 * request): those that apply to its case, and the spread of the zone
 * free-list blocks and pages over its req->samples_done samples.
 * kernel_flags: the module's KBENCH_KF_* (zone->lock counts only when the
 * tracepoints were found, APERF/MPERF and vmap purges where readable).
 * 0, or -1 on a write error (or out of memory).
 */
int kcounters_write(FILE *f, const struct result_row *row,
		    const struct kbench_run *req,
		    const struct kbench_sample *samples, uint64_t kernel_flags,
		    uint64_t tsc_khz);

#endif
