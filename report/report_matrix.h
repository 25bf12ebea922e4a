/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Node x node matrices and per-size / per-order curves of one run's paths,
 * appended to a report section. Each returns 0, or -1 on ENOMEM.
 */
#ifndef REPORT_MATRIX_H
#define REPORT_MATRIX_H

#include <stddef.h>

#include "report_cells.h"
#include "report_doc.h"

int report_matrices(struct report_section *s, const struct run *r,
		    const struct path *paths, size_t npaths);
int report_curves(struct report_section *s, const struct run *r,
		  const struct path *paths, size_t npaths);

/*
 * The heatmaps' one colour scale, for every path and run of a report:
 * remote/local from 1/2 to 2 on a log scale, white at 1, clamped beyond.
 */
#define MATRIX_RATIO_MIN 0.5
#define MATRIX_RATIO_MAX 2.0
/* A p50's variance floor: the histogram bucket (1/64 wide) it sits in. */
#define MATRIX_BUCKET_REL (1.0 / 64)

/* A heatmap cell: its p50 against its row's local cell's. */
struct matrix_ratio {
	double ratio;		/* geometric means over repetitions: c / local */
	double lo, hi;		/* its 95 % Welch interval; NAN when !judged */
	int local;		/* c is the local cell itself (ratio 1) */
	int judged;		/* both sides have two repetitions or more */
	int different;		/* judged and the interval excludes 1 */
};

/*
 * c's ratio to local (the cell of c's CPU node on that node's memory):
 * 0, or -1 when either has no ok repetition (or local is NULL).
 */
int matrix_ratio(const struct run_cell *c, const struct run_cell *local,
		 struct matrix_ratio *out);

#endif
