/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare's figures, drawn with the report's plot machinery (plot.h,
 * gnuplot.h) into the --out directory as <file>.svg and <file>.pdf:
 *  - per new run a forest plot (compare-forest, compare-forest-<i> for the
 *    third run on): every cell's ratio new/base with its 95 % interval,
 *    sorted, regressions red, improvements green, the common level a
 *    shaded band; at most FOREST_MAX_ROWS rows (the regressions and
 *    improvements, then the largest |log ratio|), the rest counted;
 *  - compare-distance: each run's remote/local ratio per SLIT distance.
 * Each figure carries its caption: what the point, the bar and the band
 * are, n, and what is left out.
 */
#ifndef REPORT_COMPARE_PLOT_H
#define REPORT_COMPARE_PLOT_H

#include <stddef.h>

#include "compare.h"
#include "plot.h"

#define FOREST_MAX_ROWS 40

struct compare_figure {
	struct plot p;
	char file[64];		/* base name: "compare-forest" */
	char title[160];
	char caption[1200];
};

struct compare_figures {
	struct compare_figure *fig;
	size_t n;
	int drawn;		/* the files are in the directory */
	char why[600];		/* else why not, for the documents to say */
};

/* Build the figures of c (none drawn yet). 0, or -1 (ENOMEM). */
int compare_figures_build(struct compare_figures *f, const struct compare *c);

/*
 * Draw them into dir with gnuplot: drawn, or why says what is missing
 * (no gnuplot on PATH, gnuplot's error). Never fails the comparison.
 */
void compare_figures_draw(struct compare_figures *f, const char *dir);

void compare_figures_free(struct compare_figures *f);

#endif
