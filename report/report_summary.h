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

/*
 * The summary's figures one at a time, for tables across runs (the hosts'
 * tables, report_hosts.c), computed as its columns are.
 */
#define SUMMARY_MAX_CLASSES 8
#define SUMMARY_NO_DISTANCE (-1)	/* no SLIT: one "remote" class */

/* r's remote SLIT distances, ascending (at most SUMMARY_MAX_CLASSES). */
size_t summary_distances(const struct run *r, int *out);

/* A figure: y (ns, or a ratio) and its 95 % interval over n units; y NAN
 * when there is none (the table cell says why), lo, hi NAN when n < 2. */
struct summary_value {
	double y, lo, hi;
	size_t n;
};

/* Path p's local figure at param, into a table cell and v. */
void summary_local(struct table_cell *out, struct summary_value *v,
		   const struct run *r, const struct path *p, uint64_t param,
		   struct note_list *notes);
/*
 * Path p's local figure at param relative to run ref's (path rp there):
 * r's over ref's, with its 95 % Welch interval on the log scale, as the
 * summary's ratios. y NAN when either has no local value.
 */
void summary_local_ratio(struct summary_value *v, const struct run *ref,
			 const struct path *rp, const struct run *r,
			 const struct path *p, uint64_t param);
/* Its remote/local ratio at SLIT distance d (SUMMARY_NO_DISTANCE: the
 * one remote class of a run without a SLIT). */
void summary_ratio(struct table_cell *out, struct summary_value *v,
		   const struct run *r, const struct path *p, uint64_t param,
		   int distance, struct note_list *notes);

#endif
