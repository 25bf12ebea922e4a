// SPDX-License-Identifier: GPL-2.0
/*
 * Plots through gnuplot (see gnuplot.h): each kind's data file and
 * commands, one script for all, one gnuplot process. The commands are
 * repeated per terminal (SVG, then PDF) because a multiplot changes
 * settings between its panels.
 */
#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A gnuplot single-quoted string: no escapes inside, '' for a quote. */
static void put_quoted(FILE *f, const char *s)
{
	putc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			putc('\'', f);
		putc(*s == '\n' ? ' ' : *s, f);
	}
	putc('\'', f);
}

/* "set WHAT 'text'" */
static void put_set(FILE *f, const char *what, const char *text)
{
	fprintf(f, "set %s ", what);
	put_quoted(f, text);
	putc('\n', f);
}

/* A string column of a data file: double-quoted, no quote inside. */
static void put_column(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++)
		putc(*s == '"' || *s == '\n' ? '\'' : *s, f);
	putc('"', f);
}

static void put_num(FILE *f, double v)
{
	if (isnan(v))
		fputs("\t?", f);
	else
		fprintf(f, "\t%.6g", v);
}

/*
 * The unit of values in ns whose largest is max: ns, us or ms, whichever
 * keeps it below 10000 (no "52459" tick labels); the divisor.
 */
static double ns_unit(double max, const char **unit)
{
	*unit = max >= 1e7 ? "ms" : max >= 1e4 ? "us" : "ns";
	return max >= 1e7 ? 1e6 : max >= 1e4 ? 1e3 : 1;
}

/*
 * The range of the finite positive values of y, lo, hi and (both) y2:
 * the whole figure, so that both panels of a lines plot share one rule.
 */
static void value_range(const struct plot *p, int both, double *lo,
			double *hi)
{
	*lo = INFINITY;
	*hi = 0;
	for (size_t s = 0; s < p->nseries; s++)
		for (size_t i = 0; i < p->npoints; i++) {
			const struct plot_series *se = &p->series[s];
			double v[4] = { se->y[i], se->lo[i], se->hi[i],
					both ? se->y2[i] : NAN };

			for (int k = 0; k < 4; k++) {
				if (isnan(v[k]) || v[k] <= 0)
					continue;
				*lo = v[k] < *lo ? v[k] : *lo;
				*hi = v[k] > *hi ? v[k] : *hi;
			}
		}
}

/* y's divisor and unit ("" when y is not in ns). */
static double y_unit(const struct plot *p, const char **unit)
{
	double lo, hi;

	*unit = "";
	if (!p->y_ns)
		return 1;
	value_range(p, 1, &lo, &hi);
	return ns_unit(hi, unit);
}

/* x's divisor and unit, likewise. */
static double x_unit(const struct plot *p, const char **unit)
{
	*unit = "";
	if (!p->x_ns || !p->npoints)
		return 1;
	return ns_unit(p->x[p->npoints - 1], unit);
}

/*
 * Is a heatmap cell of value v coloured dark (white text on it)? Beyond
 * 60 % of the way from the scale's middle to either end.
 */
static int dark_cell(const struct plot *p, double v)
{
	double mid, t;

	if (isnan(v) || !(p->cbmax > p->cbmin) || (p->cblog && !(v > 0)))
		return 0;
	if (p->cblog) {
		mid = (log(p->cbmin) + log(p->cbmax)) / 2;
		t = (log(v) - mid) / (log(p->cbmax) - mid);
	} else {
		mid = (p->cbmin + p->cbmax) / 2;
		t = (v - mid) / (p->cbmax - mid);
	}
	return fabs(t) > 0.6;
}

static int plot_data(const struct plot *p, const char *path)
{
	FILE *f = fopen(path, "w");
	const char *yu, *xu;
	double yd = y_unit(p, &yu), xd = x_unit(p, &xu);

	if (!f)
		return -1;
	if (p->kind == PLOT_HEATMAP) {
		fputs("# column\trow\tvalue\ttext\tsub\ttext colour\n", f);
		for (size_t s = 0; s < p->nseries; s++)
			for (size_t i = 0; i < p->npoints; i++) {
				fprintf(f, "%zu\t%zu", i, s);
				put_num(f, p->series[s].y[i]);
				putc('\t', f);
				put_column(f, p->series[s].text[i]);
				putc('\t', f);
				put_column(f, p->series[s].sub[i]);
				fprintf(f, "\t%d\n", dark_cell(p, p->series[s].y[i]) ?
					0xffffff : 0x222222);
			}
		return fclose(f) ? -1 : 0;
	}
	fprintf(f, "# x%s%s", xu[0] ? " in " : "", xu);
	for (size_t s = 0; s < p->nseries; s++)
		fprintf(f, "\t%s: y lo hi%s", p->series[s].name,
			p->kind == PLOT_LINES ? " y2" : "");
	fprintf(f, "%s%s\n", yu[0] ? "; y in " : "", yu);
	for (size_t i = 0; i < p->npoints; i++) {
		if (p->kind == PLOT_BARS)
			put_column(f, p->xtic[i]);
		else
			fprintf(f, "%.17g", p->x[i] / xd);
		for (size_t s = 0; s < p->nseries; s++) {
			const struct plot_series *se = &p->series[s];

			put_num(f, se->y[i] / yd);
			put_num(f, se->lo[i] / yd);
			put_num(f, se->hi[i] / yd);
			if (p->kind == PLOT_LINES)
				put_num(f, se->y2[i] / yd);
		}
		putc('\n', f);
	}
	return fclose(f) ? -1 : 0;
}

/* "set WHAT 'label (unit)'", the unit when there is one. */
static void put_label_unit(FILE *f, const char *what, const char *label,
			   const char *unit)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s%s%s%s", label, unit[0] ? " (" : "",
		 unit, unit[0] ? ")" : "");
	put_set(f, what, buf);
}

/*
 * A log axis over lo..hi (> 0) with its range a little wider than the
 * data and tics at 1, 2, 5 of each decade (1..9 when that gives fewer
 * than two): gnuplot's own would label decades only, none at all
 * inside a narrow range.
 */
static void put_logtics(FILE *f, char axis, double lo, double hi)
{
	static const int steps[2][9] = { { 1, 2, 5 },
					 { 1, 2, 3, 4, 5, 6, 7, 8, 9 } };
	static const int nsteps[2] = { 3, 9 };

	if (!(lo > 0) || !(hi >= lo))
		return;
	lo /= 1.15;
	hi *= 1.15;
	fprintf(f, "set %crange [%.6g:%.6g]\n", axis, lo, hi);
	for (int fine = 0; fine < 2; fine++) {
		int n = 0;

		for (double d = pow(10, floor(log10(lo))); d <= hi; d *= 10)
			for (int k = 0; k < nsteps[fine]; k++)
				n += steps[fine][k] * d >= lo &&
				     steps[fine][k] * d <= hi;
		if (n < 2 && !fine)
			continue;
		fprintf(f, "set %ctics (", axis);
		n = 0;
		for (double d = pow(10, floor(log10(lo))); d <= hi; d *= 10)
			for (int k = 0; k < nsteps[fine]; k++) {
				double v = steps[fine][k] * d;

				if (v >= lo && v <= hi)
					fprintf(f, "%s'%g' %.6g", n++ ? ", " : "",
						v, v);
			}
		fprintf(f, ")\nset m%ctics default\n", axis);
		return;
	}
}

/*
 * One y scale per figure: log when its values (both panels) span more
 * than a decade, else linear from 0.
 */
static void put_yscale(FILE *f, const struct plot *p)
{
	double lo, hi;

	value_range(p, 1, &lo, &hi);
	if (hi > 0 && hi / lo > 10) {
		const char *unit;
		double d = y_unit(p, &unit);

		fputs("set logscale y\n", f);
		put_logtics(f, 'y', lo / d, hi / d);
	} else
		fputs("unset logscale y\nset yrange [0:*]\n", f);
}

static void put_xtics(FILE *f, const struct plot *p)
{
	fputs("set xtics (", f);
	for (size_t i = 0; i < p->npoints; i++) {
		fprintf(f, "%s", i ? ", " : "");
		put_quoted(f, p->xtic[i]);
		fprintf(f, " %.17g", p->kind == PLOT_HEATMAP ? (double)i : p->x[i]);
	}
	/* many labels would overlap unless turned */
	fprintf(f, ")%s\n", p->npoints > 6 ? " rotate by -30" : "");
}

static int series_has_y2(const struct plot_series *se, size_t npoints)
{
	for (size_t i = 0; i < npoints; i++)
		if (!isnan(se->y2[i]))
			return 1;
	return 0;
}

static int has_second_panel(const struct plot *p)
{
	for (size_t s = 0; s < p->nseries; s++)
		if (series_has_y2(&p->series[s], p->npoints))
			return 1;
	return 0;
}

/*
 * The x range of a lines plot: its points with a margin, the same in both
 * panels whichever points have values there.
 */
static void put_xrange(FILE *f, const struct plot *p)
{
	double lo = p->x[0], hi = p->x[p->npoints ? p->npoints - 1 : 0];

	if (p->xlog2 && lo > 0)
		fprintf(f, "set xrange [%.6g:%.6g]\n", lo / 1.3, hi * 1.3);
	else
		fprintf(f, "set xrange [%.6g:%.6g]\n",
			lo - 0.06 * (hi - lo) - (hi == lo),
			hi + 0.06 * (hi - lo) + (hi == lo));
}

/*
 * A font size in points for the PDF, about the same share of the width in
 * SVG (144 px per inch would make it 2 px per point; gnuplot's SVG lays
 * text out wider than it draws, so a little less).
 */
static double font_pt(int pdf, double pt)
{
	return pdf ? pt : pt * 1.75;
}

/* The key under the plot. */
static void put_key(FILE *f, int pdf)
{
	/* one entry per row: pdfcairo underestimates text widths, and entries
	 * side by side overlapped */
	fprintf(f, "set key below vertical maxcols 1 samplen 2 spacing 1 font ',%g'\n",
		font_pt(pdf, 7));
}

/*
 * One panel of a lines plot: each series with its error bars, or (second)
 * its y2 dashed, in the series' colour either way.
 */
static void lines_panel(FILE *f, const struct plot *p, const char *dat,
			int second, int key, int pdf)
{
	const char *yu;

	y_unit(p, &yu);
	put_label_unit(f, "ylabel", second ? p->y2label : p->ylabel, yu);
	if (key)
		put_key(f, pdf);
	else
		fputs("unset key\n", f);
	fputs("plot ", f);
	for (size_t s = 0, n = 0; s < p->nseries; s++) {
		/* each line a little aside, so that error bars do not overlap */
		double off = 0.05 * ((double)s - (double)(p->nseries - 1) / 2);
		char x[64];

		if (p->xlog2)
			snprintf(x, sizeof(x), "($1*2**(%.3f))", off);
		else
			snprintf(x, sizeof(x), "($1+(%.3f))", off);
		if (second && (p->series[s].ideal ||
			       !series_has_y2(&p->series[s], p->npoints)))
			continue;	/* no p99 anywhere: nothing to draw */
		fprintf(f, "%s", n++ ? ", \\\n     " : "");
		put_quoted(f, dat);
		if (p->series[s].ideal) {
			fprintf(f, " using 1:%zu with lines lw 1 dt 3 lc rgb '#777777' title ",
				2 + 4 * s);
			put_quoted(f, p->series[s].name);
			continue;
		}
		if (second)
			fprintf(f, " using %s:%zu with linespoints lw 1.5 pt %zu ps 0.6 dt 2",
				x, 5 + 4 * s, 4 + 2 * (s % 6));
		else
			fprintf(f, " using %s:%zu:%zu:%zu with yerrorlines lw 1.5 pt %zu ps 0.6",
				x, 2 + 4 * s, 3 + 4 * s, 4 + 4 * s,
				5 + 2 * (s % 6));
		fprintf(f, " lt %zu title ", s + 1);
		put_quoted(f, p->series[s].name);
	}
	putc('\n', f);
}

/* The y values above with error bars, y2 (p99) below in the same colours. */
static void lines_body(FILE *f, const struct plot *p, const char *dat, int pdf)
{
	int two = has_second_panel(p);

	fputs("set grid\n", f);
	fputs(p->xlog2 ? "set logscale x 2\n" : "unset logscale x\n", f);
	put_xrange(f, p);
	put_xtics(f, p);
	put_yscale(f, p);
	if (two) {
		fputs("set multiplot layout 2,1 title ", f);
		put_quoted(f, p->title);
		fputs("\nunset title\nunset xlabel\n", f);
	} else {
		put_set(f, "title", p->title);
		put_set(f, "xlabel", p->xlabel);
	}
	/* the key once, under the p50 panel: every line is there */
	lines_panel(f, p, dat, 0, 1, pdf);
	if (!two)
		return;
	put_set(f, "xlabel", p->xlabel);
	lines_panel(f, p, dat, 1, 0, pdf);
	fputs("unset multiplot\n", f);
}

/* The colour bar's tics: its ends, the middle and the quarter points. */
static void put_cbtics(FILE *f, const struct plot *p)
{
	fputs("set cbtics (", f);
	for (int k = 0; k <= 4; k++) {
		double v = p->cblog ?
			   p->cbmin * pow(p->cbmax / p->cbmin, k / 4.0) :
			   p->cbmin + (p->cbmax - p->cbmin) * k / 4.0;

		fprintf(f, "%s'%.3g' %.6g", k ? ", " : "", v, v);
	}
	fputs(")\n", f);
}

/*
 * Cells coloured by y on the plot's fixed scale (blue below its middle,
 * white at it, red above) with a labelled colour bar; cells without a
 * value light grey; each cell with its text and sub.
 */
static void heatmap_body(FILE *f, const struct plot *p, const char *dat,
			 int pdf)
{
	int subs = 0;

	for (size_t s = 0; s < p->nseries; s++)
		for (size_t i = 0; i < p->npoints; i++)
			subs |= p->series[s].sub[i][0] != 0;
	put_set(f, "title", p->title);
	put_set(f, "xlabel", p->xlabel);
	put_set(f, "ylabel", p->ylabel);
	fprintf(f, "unset grid\nunset key\nset tics scale 0\n"
		"set xrange [-0.5:%zu.5]\nset yrange [%zu.5:-0.5]\n",
		p->npoints - 1, p->nseries - 1);
	put_xtics(f, p);
	fputs("set ytics (", f);
	for (size_t s = 0; s < p->nseries; s++) {
		fprintf(f, "%s", s ? ", " : "");
		put_quoted(f, p->series[s].name);
		fprintf(f, " %zu", s);
	}
	fputs(")\nset palette defined (0 '#2166ac', 0.5 '#ffffff', 1 '#b2182b')\n",
	      f);
	/* 32 steps: a colour bar of few polygons in SVG, steps of 2 % */
	fputs("set palette maxcolors 33\n", f);
	if (p->cbmax > p->cbmin && (!p->cblog || p->cbmin > 0)) {
		fputs(p->cblog ? "set logscale cb 2\n" : "unset logscale cb\n", f);
		fprintf(f, "set cbrange [%.6g:%.6g]\n", p->cbmin, p->cbmax);
		put_cbtics(f, p);
	} else {
		fputs("set cbrange [*:*]\n", f);	/* no scale given */
	}
	put_set(f, "cblabel", p->cblabel);
	fputs("set colorbox vertical\n", f);
	fputs("set style fill solid 1.0 border lc rgb '#bbbbbb'\nplot ", f);
	/* every cell grey, then the coloured ones over it */
	put_quoted(f, dat);
	fputs(" using 1:2:(0.5):(0.5) with boxxyerror fc rgb '#e4e4e4', \\\n"
	      "     '' using 1:2:(0.5):(0.5):3 with boxxyerror fc palette", f);
	/* text white on the darkest cells (column 6) */
	fprintf(f, ", \\\n     '' using 1:2:4:6 with labels offset 0,%s font ',%g' tc rgb variable",
		subs ? "0.35" : "0", font_pt(pdf, 8));
	if (subs)
		fprintf(f, ", \\\n     '' using 1:2:5:6 with labels offset 0,-0.55 font ',%g' tc rgb variable",
			font_pt(pdf, 7));
	putc('\n', f);
}

/* One cluster per point, one bar per series, error bars for the spread. */
static void bars_body(FILE *f, const struct plot *p, const char *dat, int pdf)
{
	const char *yu;

	y_unit(p, &yu);
	put_set(f, "title", p->title);
	put_set(f, "xlabel", p->xlabel);
	put_label_unit(f, "ylabel", p->ylabel, yu);
	fprintf(f, "set grid ytics\n"
		"set style data histograms\nset style histogram errorbars gap 1 lw 1\n"
		"set style fill solid 0.8 border -1\nset xtics%s\n",
		p->npoints > 6 ? " rotate by -30" : "");
	put_key(f, pdf);
	put_yscale(f, p);
	fputs("plot ", f);
	for (size_t s = 0; s < p->nseries; s++) {
		fprintf(f, "%s", s ? ", \\\n     " : "");
		put_quoted(f, s ? "" : dat);
		fprintf(f, " using %zu:%zu:%zu%s lc %zu title ", 2 + 3 * s,
			3 + 3 * s, 4 + 3 * s, s ? "" : ":xtic(1)", s + 1);
		put_quoted(f, p->series[s].name);
	}
	putc('\n', f);
}

/*
 * Forest (compare's figures): one row per point, top down, each series' y
 * and its [lo, hi] as a horizontal bar on a log x axis with tics from
 * lists by the axis' span (a ratio axis often spans a few percent and
 * gnuplot's log tics would leave it bare), the band shaded
 * behind, a line at 1. It sets its own terminal, width_in wide with 7 pt
 * fonts, so that shown at a column's width its text stays legible.
 */
static void forest_body(FILE *f, const struct plot *p, const char *dat,
			int pdf)
{
	/* ratio tics by the axis' span: 1-2-5 over decades, finer within one */
	static const double wide[] = { 0.001, 0.002, 0.005, 0.01, 0.02, 0.05,
		0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
	static const double mid[] = { 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3,
		5, 7, 10 };
	static const double fine[] = { 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1,
		1.05, 1.1, 1.15, 1.2, 1.3, 1.5, 1.7, 2 };
	static const double finest[] = { 0.9, 0.92, 0.94, 0.96, 0.98, 0.99, 1,
		1.01, 1.02, 1.04, 1.06, 1.08, 1.1 };
	static const char *const colour[] = { "#1f77b4", "#ff7f0e",
					      "#9467bd", "#8c564b" };
	const double *tics;
	size_t ntics;
	double w = p->width_in > 0 ? p->width_in : 3.5;
	double h = p->height_in > 0 ? p->height_in : 3.0;
	double lo = 1, hi = 1, step;
	size_t n = p->npoints, shown = 0, every = 1;

	for (size_t s = 0; s < p->nseries; s++)
		for (size_t i = 0; i < n; i++) {
			double v[3] = { p->series[s].y[i], p->series[s].lo[i],
					p->series[s].hi[i] };

			for (int k = 0; k < 3; k++)
				if (v[k] > 0) {
					lo = fmin(lo, v[k]);
					hi = fmax(hi, v[k]);
				}
		}
	if (!isnan(p->band_lo) && !isnan(p->band_hi)) {
		lo = fmin(lo, p->band_lo);
		hi = fmax(hi, p->band_hi);
	}
	step = pow(hi / lo, 0.04);	/* a margin of 4 % of the axis */
	lo /= step;
	hi *= step;
	if (hi / lo > 30) {
		tics = wide;
		ntics = sizeof(wide) / sizeof(*wide);
	} else if (hi / lo > 2.5) {
		tics = mid;
		ntics = sizeof(mid) / sizeof(*mid);
	} else if (hi / lo > 1.15) {
		tics = fine;
		ntics = sizeof(fine) / sizeof(*fine);
	} else {
		tics = finest;
		ntics = sizeof(finest) / sizeof(*finest);
	}
	if (pdf)
		fprintf(f, "set terminal pdfcairo size %.2fin,%.2fin noenhanced font 'Sans,7'\n",
			w, h);
	else
		fprintf(f, "set terminal svg size %.0f,%.0f dynamic noenhanced font 'Sans,11' background '#ffffff'\n",
			w * 180, h * 180);
	/* the key under the whole figure, not the plot the labels push right */
	fprintf(f, "unset title\nset grid xtics lc rgb '#dddddd'\nset logscale x\n"
		"set key at screen 0.5, screen 0.01 center bottom horizontal maxcols %d samplen 2\n"
		"set bmargin %zu\nset ytics scale 0\n", p->rowmark ? 2 : 1,
		4 + (p->rowmark ? 2 : p->nseries));
	put_set(f, "xlabel", p->xlabel);
	fprintf(f, "set xrange [%.6g:%.6g]\nset yrange [%zu.5:-0.5]\n", lo,
		hi, n ? n - 1 : 0);
	for (size_t k = 0; k < ntics; k++)
		shown += tics[k] >= lo && tics[k] <= hi;
	every = shown > 7 ? (shown + 6) / 7 : 1;
	fputs("set xtics (", f);
	shown = 0;
	for (size_t k = 0, first = 1; k < ntics; k++)
		if (tics[k] >= lo && tics[k] <= hi &&
		    (shown++ % every == 0 || tics[k] == 1)) {
			fprintf(f, "%s'%g' %g", first ? "" : ", ", tics[k],
				tics[k]);
			first = 0;
		}
	fputs(")\nset ytics (", f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		put_quoted(f, p->rowlabel ? p->rowlabel[i] : p->xtic[i]);
		fprintf(f, " %zu", i);
	}
	fputs(")\n", f);
	if (!isnan(p->band_lo) && !isnan(p->band_hi))
		fprintf(f, "set object 1 rect from %.6g, graph 0 to %.6g, graph 1 fc rgb '#c6dbef' fs solid 0.6 noborder behind\n",
			p->band_lo, p->band_hi);
	if (!isnan(p->band_mid))
		fprintf(f, "set arrow 1 from %.6g, graph 0 to %.6g, graph 1 nohead dt 2 lc rgb '#4a6fa5'\n",
			p->band_mid, p->band_mid);
	fputs("set arrow 2 from 1, graph 0 to 1, graph 1 nohead lc rgb '#333333'\n", f);
	if (p->rowmark) {
		fprintf(f, "array C[%zu]\n", n ? n : 1);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "C[%zu] = %s\n", i + 1,
				p->rowmark[i] == 1 ? "0xd62728" :
				p->rowmark[i] == 2 ? "0x2ca02c" : "0x777777");
	}
	fputs("plot ", f);
	for (size_t s = 0; s < p->nseries; s++) {
		double off = p->nseries > 1 ?
			((double)s - (double)(p->nseries - 1) / 2) * 0.6 /
			(double)p->nseries : 0;
		char lc[64];

		if (p->rowmark)
			snprintf(lc, sizeof(lc), "lc rgb variable");
		else
			snprintf(lc, sizeof(lc), "lc rgb '%s'", colour[s % 4]);
		fputs(s ? ", \\\n     " : "", f);
		put_quoted(f, dat);
		fprintf(f, " using %zu:($1+%.3f):%zu:%zu%s with xerrorbars pt 7 ps 0.45 lw 1.5 %s notitle",
			2 + 3 * s, off, 3 + 3 * s, 4 + 3 * s,
			p->rowmark ? ":(C[int($1)+1])" : "", lc);
		/* a row without an interval still shows its point */
		fputs(", \\\n     ", f);
		put_quoted(f, dat);
		fprintf(f, " using %zu:($1+%.3f)%s with points pt 7 ps 0.45 %s title ",
			2 + 3 * s, off, p->rowmark ? ":(C[int($1)+1])" : "",
			lc);
		put_quoted(f, p->rowmark ? "" : p->series[s].name);
	}
	if (p->rowmark)
		fputs(", \\\n     NaN with points pt 7 lc rgb '#d62728' title 'regression'"
		      ", \\\n     NaN with points pt 7 lc rgb '#2ca02c' title 'improvement'"
		      ", \\\n     NaN with points pt 7 lc rgb '#777777' title 'neither'", f);
	if (!isnan(p->band_lo) && p->bandlabel[0]) {
		fputs(", \\\n     NaN with boxes fs solid 0.6 fc rgb '#c6dbef' title ", f);
		put_quoted(f, p->bandlabel);
	}
	putc('\n', f);
}

/* Cumulative fractions as steps over a log x, one line per series. */
static void cdf_body(FILE *f, const struct plot *p, const char *dat, int pdf)
{
	const char *xu;
	double xd = x_unit(p, &xu);

	put_set(f, "title", p->title);
	put_label_unit(f, "xlabel", p->xlabel, xu);
	put_set(f, "ylabel", p->ylabel);
	fputs("set grid\nset logscale x 10\nset yrange [0:1.02]\nset ytics 0.25\n",
	      f);
	if (p->npoints)
		put_logtics(f, 'x', p->x[0] / xd, p->x[p->npoints - 1] / xd);
	put_key(f, pdf);
	fputs("plot ", f);
	for (size_t s = 0; s < p->nseries; s++) {
		fprintf(f, "%s", s ? ", \\\n     " : "");
		put_quoted(f, s ? "" : dat);
		fprintf(f, " using 1:%zu with steps lw 1.5 lt %zu title ",
			2 + 3 * s, s + 1);
		put_quoted(f, p->series[s].name);
	}
	putc('\n', f);
}

/*
 * Every figure at a paper's column width (3.5 in, fonts of 7-8 pt there,
 * so \includegraphics[width=\columnwidth] does not scale them); the SVG
 * at the same aspect, 144 px per inch (fonts: font_pt).
 */
#define FIG_WIDTH_IN 3.5

/* Okabe and Ito's colour-blind safe palette */
static const char *const palette[] = {
	"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
	"#000000", "#f0e442",
};

static void put_terminal(FILE *f, const struct plot *p, int pdf)
{
	double w = FIG_WIDTH_IN, h;

	if (p->kind == PLOT_HEATMAP) {
		/* room for the colour bar's label beside two rows */
		h = 1.6 + 0.5 * (double)p->nseries;
		h = h < 2.8 ? 2.8 : h > 3.5 ? 3.5 : h;
	} else {
		h = p->kind == PLOT_LINES && has_second_panel(p) ? 3.8 : 2.6;
	}
	/* colours that stay apart in print and for colour-blind readers */
	for (size_t i = 0; i < sizeof(palette) / sizeof(palette[0]); i++)
		fprintf(f, "set linetype %zu lc rgb '%s' lw 1.5\n", i + 1,
			palette[i]);
	fprintf(f, "set linetype cycle %zu\n", sizeof(palette) / sizeof(palette[0]));
	if (pdf)
		fprintf(f, "set terminal pdfcairo size %.2fin,%.2fin noenhanced font 'Sans,8'\n",
			w, h);
	else
		fprintf(f, "set terminal svg size %.0f,%.0f dynamic noenhanced font 'Sans,14' background '#ffffff'\n",
			w * 144, h * 144);
}

static void plot_script(FILE *f, const struct plot *p, const char *dir)
{
	char path[PATH_MAX], dat[PATH_MAX];

	snprintf(dat, sizeof(dat), "%s/%s.dat", dir, p->id);
	for (int pdf = 0; pdf <= 1; pdf++) {
		fputs("\nreset\nset datafile missing '?'\n", f);
		put_terminal(f, p, pdf);
		snprintf(path, sizeof(path), "%s/%s.%s", dir, p->id,
			 pdf ? "pdf" : "svg");
		put_set(f, "output", path);
		switch (p->kind) {
		case PLOT_HEATMAP:
			heatmap_body(f, p, dat, pdf);
			break;
		case PLOT_BARS:
			bars_body(f, p, dat, pdf);
			break;
		case PLOT_FOREST:
			forest_body(f, p, dat, pdf);
			break;
		case PLOT_CDF:
			cdf_body(f, p, dat, pdf);
			break;
		case PLOT_LINES:
		default:
			lines_body(f, p, dat, pdf);
			break;
		}
		fputs("unset output\n", f);
	}
}

int plot_find_gnuplot(char *buf, size_t len)
{
	const char *path = getenv("PATH");

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, len, "%.*s/gnuplot", (int)n, path);
		if (n && !access(buf, X_OK))
			return 0;
		path += n + (path[n] == ':');
	}
	return -1;
}

/* gnuplot's complaint: the last non-empty line of its stderr. */
static void first_error(const char *log, char *err, size_t errlen)
{
	char line[512], last[512] = "";
	FILE *f = fopen(log, "r");

	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[strspn(line, " \t^")])
			snprintf(last, sizeof(last), "%s", line);
	}
	if (f)
		fclose(f);
	snprintf(err, errlen, "gnuplot failed (see %s): %s", log, last);
}

int plot_render_all(const char *gnuplot, const struct plot *const *plots,
		    size_t n, const char *dir, char *err, size_t errlen)
{
	char script[PATH_MAX], log[PATH_MAX], data[PATH_MAX];
	FILE *f;
	pid_t pid;
	int st;

	snprintf(script, sizeof(script), "%s/plots.gp", dir);
	snprintf(log, sizeof(log), "%s/gnuplot.log", dir);
	f = fopen(script, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", script, strerror(errno));
		return -1;
	}
	fprintf(f, "# generated by numabench report; run: gnuplot plots.gp\n");
	for (size_t i = 0; i < n; i++) {
		snprintf(data, sizeof(data), "%s/%s.dat", dir, plots[i]->id);
		if (plot_data(plots[i], data)) {
			fclose(f);
			snprintf(err, errlen, "%s: %s", data, strerror(errno));
			return -1;
		}
		plot_script(f, plots[i], dir);
	}
	if (fclose(f)) {
		snprintf(err, errlen, "%s: %s", script, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (!pid) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 2);
		if (null >= 0)
			dup2(null, 1);
		execl(gnuplot, "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		first_error(log, err, errlen);
		return -1;
	}
	unlink(log);
	return 0;
}
