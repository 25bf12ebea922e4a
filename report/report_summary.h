/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run found, before its details: per path (a test of one
 * allocator, policy and mode) at its middle size or order, the local
 * figure with its interval and the remote/local ratio per SLIT distance
 * class with its interval, and how many of the path's cells were skipped,
 * failed or misplaced; then the run's totals.
 *
 * Owner: report (report/report_summary.c).
 */
#ifndef REPORT_SUMMARY_H
#define REPORT_SUMMARY_H

#include <stddef.h>

#include "report_cells.h"
#include "report_doc.h"

/* Append the summary of run r (its paths) to s. 0, or -1 on ENOMEM. */
int report_summary(struct report_section *s, const struct run *r,
		   const struct path *paths, size_t npaths);

#endif
