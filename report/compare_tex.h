/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A comparison as LaTeX a paper can \input (compare.tex): the head and
 * each new run's verdict and common level as text, the figures
 * (compare_plot.h) at \columnwidth, the summary as a narrow table, the
 * regressions and improvements (at most COMPARE_TEX_FLOAT_CELLS) as a
 * page-wide table* float, and every cell in a longtable, in one column
 * even in a two-column document, since a longtable cannot break across
 * columns. Each cell takes two lines: its name, then its numbers, so the
 * table fits a one-column article's text width. Needs
 * \usepackage{booktabs,longtable,graphicx}.
 */
#ifndef REPORT_COMPARE_TEX_H
#define REPORT_COMPARE_TEX_H

#include <stdio.h>

#include "compare.h"
#include "compare_plot.h"

#define COMPARE_TEX_FLOAT_CELLS 20

/* figs may be NULL. 0, or -1 on a write error or ENOMEM. */
int compare_write_tex(FILE *f, const struct compare *c,
		      const struct compare_figures *figs);

#endif
