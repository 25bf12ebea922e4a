/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How far a run's numbers can be trusted, per path: of its cells, how many
 * had a repetition skipped, failed (or with failed ops), with samples off
 * the case's path (kept out of the statistics), misplaced, whose sampling
 * stopped on the cell's time budget before its precision target, or with
 * only some samples clean (undisturbed) - the table, and the one sentence
 * other tables put in their captions.
 *
 * Owner: report (report/report_quality.c).
 */
#ifndef REPORT_QUALITY_H
#define REPORT_QUALITY_H

#include <stddef.h>
#include <stdint.h>

#include "report_cells.h"
#include "report_doc.h"

struct cell_counts {
	size_t cells, skipped, failed, misplaced, budget, fewclean;
	size_t offpath;		/* cells with samples off the case's path */
	uint64_t offpath_samples;	/* those samples, summed */
	/* cells with any of the above but off-path samples (kept out of the
	 * statistics, they move no number; a cell with nothing else left
	 * failed) */
	size_t flagged;
};

/* Count c (one cell, all its repetitions) into k. */
void cell_counts_add(struct cell_counts *k, const struct run_cell *c);

/* The counts of p's cells (every size, batch and thread count), or of
 * every cell of r when p is NULL. */
struct cell_counts path_counts(const struct run *r, const struct path *p);

/* The counts of p's cells at one size or order (one matrix). */
struct cell_counts param_counts(const struct run *r, const struct path *p,
				uint64_t param);

/*
 * "Of the 24 cells, 3 (13 %) stopped on their time budget ..., 2 (8 %) had
 * only some samples clean and 1 (4 %) had samples off their path, kept
 * out." - for a caption; "" when none did.
 */
void quality_sentence(char *buf, size_t len, const struct cell_counts *k);

/*
 * Append the table of each path's counts (k[i] of paths[i], from
 * path_counts) and the run's totals (all) to s. 0 or -1.
 */
int report_quality(struct report_section *s, const struct path *paths,
		   const struct cell_counts *k, size_t npaths,
		   const struct cell_counts *all);

#endif
