/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Line plots through gnuplot: x is a size (log2 axis) or an order, one line
 * per series (a node pair or an allocator), y the p50 in ns. All plots of a
 * report go through one gnuplot process: plot_render_all writes
 * DIR/<id>.dat, one script DIR/plots.gp, and DIR/<id>.svg and DIR/<id>.pdf
 * (pdfcairo, which Debian's gnuplot-nox has).
 *
 * Owner: report (report/plot.c).
 */
#ifndef REPORT_PLOT_H
#define REPORT_PLOT_H

#include <stddef.h>

struct plot_series {
	char name[64];
	double *y;		/* npoints; NAN where the series has no value */
};

struct plot {
	char id[64];		/* file-name-safe */
	char title[160];
	char xlabel[64], ylabel[64];
	int xlog2;		/* x axis in powers of two */
	size_t npoints;
	double *x;		/* npoints, ascending */
	char (*xtic)[32];	/* npoints labels, e.g. "4 KiB" */
	size_t nseries;
	struct plot_series *series;
};

/* Allocate: y all NAN, labels "". 0 or -1 (ENOMEM). */
int plot_init(struct plot *p, size_t npoints, size_t nseries);
void plot_free(struct plot *p);

/*
 * Where gnuplot is: 0 and its path in buf, or -1 when it is not on PATH
 * (the caller exits 3 naming gnuplot-nox).
 */
int plot_find_gnuplot(char *buf, size_t len);

/*
 * Render n plots into dir (which must exist) with the gnuplot at path.
 * 0, or -1 with one line in err (gnuplot's first error line when it fails).
 */
int plot_render_all(const char *gnuplot, const struct plot *const *plots,
		    size_t n, const char *dir, char *err, size_t errlen);

#endif
