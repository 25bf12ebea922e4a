/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A comparison as documents for people: compare.md and compare.html carry
 * everything the text and JSON carry. First the head (what was compared,
 * the metric and its unit, the threshold and the rule, the warnings: TCG
 * or other timing notes, a single boot's repetitions as units, what the
 * user accepted), then per new run its common level with its interval and
 * verdict and what it could detect, the figures (compare_plot.h) or why
 * they are missing, the summary table and the cells, regressions first,
 * with the reasons as numbered notes. compare_tex.h writes the LaTeX.
 */
#ifndef REPORT_COMPARE_DOC_H
#define REPORT_COMPARE_DOC_H

#include <stdio.h>

#include "compare.h"
#include "compare_plot.h"

#define COMPARE_HEAD_LINES 24

/* Lines of plain text, each a sentence or two; warn: 1 a warning (said
 * so), 2 to stand out (a regression verdict). */
struct compare_lines {
	char text[COMPARE_HEAD_LINES][1400];
	int warn[COMPARE_HEAD_LINES];
	size_t n;
};

/* The head: runs, metric, threshold, warnings, the rule. */
void compare_head(struct compare_lines *h, const struct compare *c);

/* New run i's results: its verdict, common level, what it could detect. */
void compare_run_lines(struct compare_lines *h, const struct compare *c,
		       size_t i);

/* figs may be NULL (none made). 0, or -1 on a write error or ENOMEM. */
int compare_write_md(FILE *f, const struct compare *c,
		     const struct compare_figures *figs);
int compare_write_html(FILE *f, const struct compare *c,
		       const struct compare_figures *figs);

#endif
