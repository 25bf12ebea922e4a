/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drawing plot.h's plots through gnuplot. All plots of a report go through
 * one gnuplot process: plot_render_all writes DIR/<id>.dat, one script
 * DIR/plots.gp to restyle them, and DIR/<id>.svg and DIR/<id>.pdf
 * (pdfcairo, which Debian's gnuplot-nox has).
 *
 * Owner: report (report/gnuplot.c).
 */
#ifndef REPORT_GNUPLOT_H
#define REPORT_GNUPLOT_H

#include <stddef.h>

#include "plot.h"

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
