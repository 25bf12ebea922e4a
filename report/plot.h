/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plots through gnuplot, four kinds:
 *  - lines: x a size, batch (log2 axis) or an order, one line per series
 *    (e.g. a distance class), y with error bars (lo..hi, what they are the
 *    note says), and y2 (the p99) in a second panel below when any point
 *    has one; one y scale for both panels (log when the figure's values
 *    span more than a decade);
 *  - heatmap: a node x node matrix, one row per series (the CPU's node),
 *    one column per point (the memory's node), coloured by y on the
 *    colour scale cb (fixed, with a labelled colour bar), each cell
 *    showing its text and, smaller, its sub;
 *  - bars: one cluster per point (a size class), one bar per series (an
 *    allocator), with the spread's error bars;
 *  - forest: one row per point (top down, labelled by rowlabel), each
 *    series' y with [lo, hi] as a horizontal bar on a log x axis, a band
 *    shaded behind (compare's ratios and their common level).
 *  - cdf: x a latency (log10 axis), one step line per series, y its
 *    cumulative fraction at x (0..1).
 * Values in ns (y_ns, x_ns) are drawn in ns, us or ms, whichever keeps
 * the largest below 10000, the unit added to the axis label.
 * gnuplot.h draws them.
 *
 * Owner: report (report/plot.c).
 */
#ifndef REPORT_PLOT_H
#define REPORT_PLOT_H

#include <stddef.h>

enum plot_kind {
	PLOT_LINES = 0, PLOT_HEATMAP, PLOT_BARS, PLOT_FOREST, PLOT_CDF
};

struct plot_series {
	char name[128];
	double *y;		/* npoints; NAN where the series has no value */
	double *lo, *hi;	/* npoints: y's spread (error bar); NAN: none */
	double *y2;		/* npoints: lines' second panel; NAN: none */
	char (*text)[32];	/* npoints: heatmap cell text, e.g. "5037" */
	char (*sub)[32];	/* npoints: below it, smaller, e.g. "(5160)" */
	/* lines: a reference (ideal scaling), drawn thin, grey and dashed,
	 * without points or error bars, in the first panel only */
	int ideal;
};

struct plot {
	enum plot_kind kind;
	char id[64];		/* file-name-safe */
	char title[160];
	char note[1200];		/* what the marks mean, for the figure caption */
	char xlabel[64], ylabel[64];
	char y2label[64];	/* lines: the second panel's y axis */
	int xlog2;		/* x axis in powers of two */
	int y_ns, x_ns;		/* y (and y2), x in ns: scaled, unit in label */
	/* heatmap: y coloured over [cbmin, cbmax] (log scale when cblog),
	 * values beyond drawn as the ends; white at the geometric middle */
	double cbmin, cbmax;
	int cblog;
	char cblabel[80];	/* the colour bar's label */
	int beside_table;	/* drawn from the table before it: shown beside it */
	int detail;		/* a variant (another mode, one allocator): appendix */
	size_t npoints;
	double *x;		/* npoints, ascending */
	char (*xtic)[32];	/* npoints labels, e.g. "4 KiB" */
	size_t nseries;
	struct plot_series *series;
	/*
	 * Forest only; the caller allocates and frees rowlabel and rowmark.
	 * rowlabel: npoints row names; rowmark: NULL, or per point 1 red
	 * (regression), 2 green (improvement), 0 grey, the series' colour
	 * otherwise; band_lo..band_hi shaded, a dashed line at band_mid
	 * (NAN: no band), called bandlabel in the key; the PDF is width_in x
	 * height_in inches with 7 pt fonts, to be shown at a column's width.
	 */
	char (*rowlabel)[128];
	int *rowmark;
	double band_lo, band_mid, band_hi;
	char bandlabel[96];
	double width_in, height_in;
};

/* Allocate: y, lo, hi, y2 all NAN, labels "". 0 or -1 (ENOMEM). */
int plot_init(struct plot *p, size_t npoints, size_t nseries);
void plot_free(struct plot *p);
/* Keep the first n series (n <= nseries), freeing the others. */
void plot_truncate(struct plot *p, size_t n);

#endif
