// SPDX-License-Identifier: GPL-2.0
/* compare's figures: see compare_plot.h. */
#include "compare_plot.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_table.h"
#include "gnuplot.h"
#include "report_cells.h"

#define MAX_CLASSES 16	/* distinct SLIT distances a figure shows */

/* A row name short enough for a column-wide figure: "kmalloc 256 B 0->1 b32". */
static void row_label(char *buf, size_t len, const struct cell_key *k)
{
	const char *mode = run_mode_label(k);
	char param[32], nodes[32] = "";
	int n;

	compare_key_param(param, sizeof(param), k);
	if (k->cpu_node >= 0 && k->mem_node >= 0)
		snprintf(nodes, sizeof(nodes), " %d->%d", k->cpu_node,
			 k->mem_node);
	else if (k->cpu_node >= 0)
		snprintf(nodes, sizeof(nodes), " cpu %d", k->cpu_node);
	else if (k->mem_node >= 0)
		snprintf(nodes, sizeof(nodes), " mem %d", k->mem_node);
	n = compare_key_test(buf, len, k);
	if (n < 0 || (size_t)n >= len)
		return;
	n += snprintf(buf + n, len - (size_t)n, "%s%s%s", param[0] ? " " : "",
		      param, nodes);
	if (k->batch > 1 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " b%u", k->batch);
	if (k->threads > 1 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " t%u", k->threads);
	if (mode && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " (%s)", mode);
}

static const struct compare *sort_c;	/* qsort has no context argument */
static size_t sort_i;

static int by_ratio_desc(const void *a, const void *b)
{
	double x = sort_c->cells[*(const size_t *)a].r[sort_i].t.ratio;
	double y = sort_c->cells[*(const size_t *)b].r[sort_i].t.ratio;

	return x < y ? 1 : x > y ? -1 : 0;
}

static int by_abs_log_desc(const void *a, const void *b)
{
	double x = fabs(log(sort_c->cells[*(const size_t *)a].r[sort_i].t.ratio));
	double y = fabs(log(sort_c->cells[*(const size_t *)b].r[sort_i].t.ratio));

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The forest of new run i: which cells, then the plot. */
static int forest(struct compare_figure *fg, const struct compare *c,
		  size_t i)
{
	const struct cmp_common *g = &c->common[i];
	size_t *idx = malloc((c->ncells + 1) * sizeof(*idx));
	size_t nratio = 0, nshown = 0, nmarked = 0;
	char base[200], new[200], band[120] = "";

	if (!idx)
		return -1;
	/* the regressions and improvements first, then by |log ratio| */
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_result *res = &c->cells[r].r[i];

		if (!(res->t.ratio > 0) || !isfinite(res->t.ratio))
			continue;
		nratio++;
		if (res->verdict == CMP_REGRESSION ||
		    res->verdict == CMP_IMPROVEMENT)
			idx[nmarked++] = r;
	}
	nshown = nmarked;
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_result *res = &c->cells[r].r[i];

		if (res->t.ratio > 0 && isfinite(res->t.ratio) &&
		    res->verdict != CMP_REGRESSION &&
		    res->verdict != CMP_IMPROVEMENT)
			idx[nshown++] = r;
	}
	sort_c = c;
	sort_i = i;
	/* the strongest first in each group, so a cut keeps them */
	qsort(idx, nmarked, sizeof(*idx), by_abs_log_desc);
	qsort(idx + nmarked, nshown - nmarked, sizeof(*idx), by_abs_log_desc);
	if (nshown > FOREST_MAX_ROWS)	/* a column-wide figure stays legible */
		nshown = FOREST_MAX_ROWS;
	qsort(idx, nshown, sizeof(*idx), by_ratio_desc);

	if (plot_init(&fg->p, nshown ? nshown : 1, 1)) {
		free(idx);
		return -1;
	}
	fg->p.npoints = nshown;
	fg->p.rowlabel = calloc(nshown + 1, sizeof(*fg->p.rowlabel));
	fg->p.rowmark = calloc(nshown + 1, sizeof(*fg->p.rowmark));
	if (!fg->p.rowlabel || !fg->p.rowmark) {
		free(idx);
		return -1;
	}
	fg->p.kind = PLOT_FOREST;
	snprintf(fg->file, sizeof(fg->file), i == 1 ? "compare-forest" :
		 "compare-forest-%zu", i);
	snprintf(fg->p.id, sizeof(fg->p.id), "%s", fg->file);
	snprintf(fg->p.xlabel, sizeof(fg->p.xlabel),
		 "ratio new/base of %s_ns (log scale)",
		 cmp_metric_name(c->conf.metric));
	snprintf(fg->p.series[0].name, sizeof(fg->p.series[0].name),
		 "ratio");
	for (size_t k = 0; k < nshown; k++) {
		const struct cmp_cell *cc = &c->cells[idx[k]];
		const struct cmp_result *res = &cc->r[i];
		double lo, hi;

		fg->p.x[k] = (double)k;
		row_label(fg->p.rowlabel[k], sizeof(fg->p.rowlabel[0]),
			  cc->row->k);
		fg->p.series[0].y[k] = res->t.ratio;
		if (!compare_ratio_interval(res, &lo, &hi)) {
			fg->p.series[0].lo[k] = lo;
			fg->p.series[0].hi[k] = hi;
		}
		fg->p.rowmark[k] = res->verdict == CMP_REGRESSION ? 1 :
				   res->verdict == CMP_IMPROVEMENT ? 2 : 0;
	}
	fg->p.band_lo = fg->p.band_mid = fg->p.band_hi = NAN;
	if (g->tested) {
		fg->p.band_lo = g->t.lo;
		fg->p.band_mid = g->t.ratio;
		fg->p.band_hi = g->t.hi;
		snprintf(fg->p.bandlabel, sizeof(fg->p.bandlabel),
			 "common level x%.3f, 95 %% CI", g->t.ratio);
		snprintf(band, sizeof(band),
			 "x%.3f [%.3f, %.3f], p %.2g, %zu cells, verdict %s",
			 g->t.ratio, g->t.lo, g->t.hi, g->t.p, g->cells,
			 cmp_verdict_name(g->verdict));
	}
	fg->p.width_in = 3.5;
	fg->p.height_in = 1.0 + 0.12 * (double)(nshown ? nshown : 1);
	compare_run_head(base, sizeof(base), "base", c->j.runs[0]);
	compare_run_head(new, sizeof(new), "new", c->j.runs[i]);
	snprintf(fg->title, sizeof(fg->title),
		 "Ratio new/base per cell with 95 %% intervals (%zu of %zu cells)",
		 nshown, nratio);
	snprintf(fg->caption, sizeof(fg->caption),
		 "%s against %s. Point: the cell's ratio of geometric means over units (%s) of %s_ns; bar: its 95 %% interval (the moderated t interval beyond the common level, times the common level); red: regression of any kind, green: improvement (for time: q < %.2f and the ratio and beyond >= %.3f, or <= %.3f); %s%s%s; solid line: no change. %zu of the %zu cells with a ratio shown, sorted by ratio: %s%s; %zu left out. Row names: test, size or order, CPU node->memory node, bN batch N, tN threads, (mode).",
		 new, base,
		 c->conf.reps_as_units ? "repetitions of one boot" : "boots",
		 cmp_metric_name(c->conf.metric), c->conf.alpha, cmp_up(c),
		 1.0 / cmp_up(c),
		 g->tested ? "shaded band and dashed line: the common level of all cells with its 95 % Welch interval, " : "no common level taken",
		 band, "", nshown, nratio,
		 nshown < nratio ? "every regression and improvement, then the largest |log ratio|" : "all",
		 nmarked > nshown ? " (not all regressions and improvements fit: the strongest are shown, the tables list every one)" : "",
		 nratio - nshown);
	free(idx);
	return 0;
}

/* A cell's key with its memory node set to its CPU node's: its local twin. */
static void local_key(char *buf, size_t len, const struct cell_key *k)
{
	struct cell_key l = *k;

	l.mem_node = k->cpu_node;
	run_key_format(buf, len, &l);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(sort_c->cells[*(const size_t *)a].row->key,
		      sort_c->cells[*(const size_t *)b].row->key);
}

static const struct cmp_cell *find_cell(const struct compare *c,
					const size_t *sorted, const char *key)
{
	size_t lo = 0, hi = c->ncells;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->cells[sorted[mid]].row->key, key);

		if (!d)
			return &c->cells[sorted[mid]];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int has_all(const struct compare *c, const struct cmp_cell *cc)
{
	for (size_t i = 0; i < c->j.nruns; i++)
		if (!cc->s[i].n)
			return 0;
	return 1;
}

/*
 * Per SLIT distance and run: the ln of remote over local of every pair of
 * cells (a remote cell, its local twin) that every run measured.
 */
struct classes {
	int dist[MAX_CLASSES];
	size_t n;
	double *sum[MAX_CLASSES], *sq[MAX_CLASSES];	/* per run */
	size_t pairs[MAX_CLASSES];
};

static int class_of(struct classes *k, int d, size_t nruns)
{
	for (size_t j = 0; j < k->n; j++)
		if (k->dist[j] == d)
			return (int)j;
	if (k->n == MAX_CLASSES)
		return -1;
	k->sum[k->n] = calloc(nruns, sizeof(double));
	k->sq[k->n] = calloc(nruns, sizeof(double));
	if (!k->sum[k->n] || !k->sq[k->n])
		return -1;
	k->dist[k->n] = d;
	return (int)k->n++;
}

static int distance_figure(struct compare_figure *fg, const struct compare *c)
{
	size_t *sorted = malloc((c->ncells + 1) * sizeof(*sorted));
	size_t nruns = c->j.nruns, order[MAX_CLASSES];
	struct classes k = { .n = 0 };
	char key[512];
	int ret = -1;

	if (!sorted)
		return -1;
	for (size_t r = 0; r < c->ncells; r++)
		sorted[r] = r;
	sort_c = c;
	qsort(sorted, c->ncells, sizeof(*sorted), by_key);
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_cell *cc = &c->cells[r], *lc;
		const struct cell_key *ck = cc->row->k;
		int d, j;

		if (ck->cpu_node < 0 || ck->mem_node < 0 ||
		    ck->cpu_node == ck->mem_node || !has_all(c, cc))
			continue;
		local_key(key, sizeof(key), ck);
		lc = find_cell(c, sorted, key);
		if (!lc || !has_all(c, lc))
			continue;
		d = run_distance(&c->j.runs[0]->meta, ck->cpu_node,
				 ck->mem_node);
		j = class_of(&k, d < 0 ? 0 : d, nruns);
		if (j < 0)
			continue;	/* more distances than a figure shows */
		for (size_t i = 0; i < nruns; i++) {
			double v = cc->s[i].mean - lc->s[i].mean;

			k.sum[j][i] += v;
			k.sq[j][i] += v * v;
		}
		k.pairs[j]++;
	}
	for (size_t j = 0; j < k.n; j++)
		order[j] = j;
	for (size_t a = 1; a < k.n; a++)	/* ascending distance */
		for (size_t b = a; b > 0 && k.dist[order[b]] < k.dist[order[b - 1]]; b--) {
			size_t t = order[b];

			order[b] = order[b - 1];
			order[b - 1] = t;
		}
	if (plot_init(&fg->p, k.n ? k.n : 1, nruns))
		goto out;
	fg->p.npoints = k.n;
	fg->p.rowlabel = calloc(k.n + 1, sizeof(*fg->p.rowlabel));
	if (!fg->p.rowlabel)
		goto out;
	fg->p.kind = PLOT_FOREST;
	snprintf(fg->file, sizeof(fg->file), "compare-distance");
	snprintf(fg->p.id, sizeof(fg->p.id), "%s", fg->file);
	snprintf(fg->p.xlabel, sizeof(fg->p.xlabel),
		 "remote/local ratio of %s_ns (log scale)",
		 cmp_metric_name(c->conf.metric));
	fg->p.band_lo = fg->p.band_mid = fg->p.band_hi = NAN;
	for (size_t i = 0; i < nruns; i++)
		compare_run_head(fg->p.series[i].name, sizeof(fg->p.series[i].name),
			 i ? "new" : "base", c->j.runs[i]);
	for (size_t jj = 0; jj < k.n; jj++) {
		size_t j = order[jj];
		double n = (double)k.pairs[j];

		fg->p.x[jj] = (double)jj;
		if (k.dist[j])
			snprintf(fg->p.rowlabel[jj], sizeof(fg->p.rowlabel[0]),
				 "distance %d (%zu pairs)", k.dist[j],
				 k.pairs[j]);
		else
			snprintf(fg->p.rowlabel[jj], sizeof(fg->p.rowlabel[0]),
				 "remote, distance unknown (%zu pairs)",
				 k.pairs[j]);
		for (size_t i = 0; i < nruns; i++) {
			double m = k.sum[j][i] / n, h;
			double var = n > 1 ? (k.sq[j][i] - n * m * m) / (n - 1) : 0;

			fg->p.series[i].y[jj] = exp(m);
			if (n < 2)
				continue;
			h = stat_t_quantile(0.975, n - 1) * sqrt(fmax(var, 0) / n);
			fg->p.series[i].lo[jj] = exp(m - h);
			fg->p.series[i].hi[jj] = exp(m + h);
		}
	}
	fg->p.width_in = 3.5;
	fg->p.height_in = 1.3 + 0.22 * (double)(k.n ? k.n : 1) *
			  (double)(nruns > 2 ? nruns - 1 : 1) + 0.12 * (double)nruns;
	snprintf(fg->title, sizeof(fg->title),
		 "Remote/local ratio per SLIT distance, base and new");
	snprintf(fg->caption, sizeof(fg->caption),
		 "Per SLIT distance (the base's meta.json; local is 10, its ratio 1) and run: the geometric mean over the cell pairs (a remote cell and its local twin: same path, size or order, batch and CPU node, memory on the CPU's node) that every run measured of remote over local, each cell its geometric mean over units of %s_ns; bar: 95 %% Student t interval over the pairs (the spread of paths and sizes, not of repetitions); n: the pairs.%s",
		 cmp_metric_name(c->conf.metric),
		 k.n ? "" : " No pair: the runs have no remote cell with a local twin, so the figure is empty.");
	ret = 0;
out:
	for (size_t j = 0; j < k.n; j++) {
		free(k.sum[j]);
		free(k.sq[j]);
	}
	free(sorted);
	return ret;
}

int compare_figures_build(struct compare_figures *f, const struct compare *c)
{
	size_t nnew = c->j.nruns - 1;

	memset(f, 0, sizeof(*f));
	snprintf(f->why, sizeof(f->why), "not drawn");
	f->fig = calloc(nnew + 1, sizeof(*f->fig));
	if (!f->fig)
		return -1;
	for (size_t i = 1; i <= nnew; i++) {
		f->n++;
		if (forest(&f->fig[i - 1], c, i))
			goto fail;
	}
	f->n++;
	if (distance_figure(&f->fig[nnew], c))
		goto fail;
	return 0;
fail:
	compare_figures_free(f);
	return -1;
}

void compare_figures_draw(struct compare_figures *f, const char *dir)
{
	const struct plot **p = calloc(f->n + 1, sizeof(*p));
	char gnuplot[PATH_MAX], err[512];
	size_t n = 0;

	f->drawn = 0;
	if (!p) {
		snprintf(f->why, sizeof(f->why), "out of memory");
		return;
	}
	for (size_t i = 0; i < f->n; i++)
		if (f->fig[i].p.npoints)
			p[n++] = &f->fig[i].p;
	if (plot_find_gnuplot(gnuplot, sizeof(gnuplot)))
		snprintf(f->why, sizeof(f->why), "gnuplot is not on PATH (Debian: apt install gnuplot-nox); the figures are missing, every number is in the tables");
	else if (plot_render_all(gnuplot, p, n, dir, err, sizeof(err)))
		snprintf(f->why, sizeof(f->why), "the figures are missing: %s", err);
	else
		f->drawn = 1;
	free(p);
}

void compare_figures_free(struct compare_figures *f)
{
	for (size_t i = 0; f->fig && i < f->n; i++) {
		free(f->fig[i].p.rowlabel);
		free(f->fig[i].p.rowmark);
		plot_free(&f->fig[i].p);
	}
	free(f->fig);
	memset(f, 0, sizeof(*f));
}
