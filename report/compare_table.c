// SPDX-License-Identifier: GPL-2.0
/* A comparison as tables: see compare_table.h. */
#include "compare_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void compare_key_param(char *buf, size_t len, const struct cell_key *k)
{
	buf[0] = 0;
	if (k->order >= 0)
		format_param(buf, len, (uint64_t)k->order, 1);
	else if (k->size_bytes)
		format_param(buf, len, k->size_bytes, 0);
}

int compare_key_test(char *buf, size_t len, const struct cell_key *k)
{
	if (!strcmp(k->allocator, "kernel") && !strcmp(k->policy, "node"))
		return snprintf(buf, len, "%s", k->test);
	return snprintf(buf, len, "%s %s %s", k->test, k->allocator,
			k->policy);
}

void compare_cell_label(char *buf, size_t len, const struct cell_key *k)
{
	const char *mode = run_mode_label(k);
	char param[32], nodes[64] = "", more[64] = "";
	int n;

	compare_key_param(param, sizeof(param), k);
	if (k->cpu_node >= 0 && k->mem_node >= 0)
		/* an arrow, not "->": a browser may break a line at '-' */
		snprintf(nodes, sizeof(nodes), "CPU node %d \u2192 mem node %d",
			 k->cpu_node, k->mem_node);
	else if (k->cpu_node >= 0)
		snprintf(nodes, sizeof(nodes), "CPU node %d", k->cpu_node);
	else if (k->mem_node >= 0)
		snprintf(nodes, sizeof(nodes), "mem node %d", k->mem_node);
	n = snprintf(more, sizeof(more), "%s", "");
	if (k->batch > 1)
		n += snprintf(more + n, sizeof(more) - (size_t)n, ", batch %u",
			      k->batch);
	if (k->threads > 1 && (size_t)n < sizeof(more))
		snprintf(more + n, sizeof(more) - (size_t)n, ", %u threads",
			 k->threads);
	n = compare_key_test(buf, len, k);
	if (n < 0 || (size_t)n >= len)
		return;
	snprintf(buf + n, len - (size_t)n, "%s%s%s%s%s%s%s", param[0] ? " " : "",
		 param, nodes[0] ? ", " : "", nodes, more, mode ? " (" : "",
		 mode ? mode : "");
	if (mode && strlen(buf) + 1 < len)
		strcat(buf, ")");
}

/* The group a verdict is shown in: regressions, improvements, the rest. */
static int group(const struct cmp_result *r)
{
	return r->verdict == CMP_REGRESSION ? 0 :
	       r->verdict == CMP_IMPROVEMENT ? 1 : 2;
}

static const struct compare *order_c;	/* qsort has no context argument */
static size_t order_i;

static int by_shown(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct cmp_result *rx = &order_c->cells[x].r[order_i];
	const struct cmp_result *ry = &order_c->cells[y].r[order_i];
	int gx = group(rx), gy = group(ry);
	double vx = rx->t.ratio, vy = ry->t.ratio;

	if (gx != gy)
		return gx - gy;
	if (isnan(vx) != isnan(vy))
		return isnan(vx) ? 1 : -1;
	if (!isnan(vx) && vx != vy)
		/* improvements: the strongest (smallest) first */
		return (gx == 1 ? vx > vy : vx < vy) ? 1 : -1;
	return x < y ? -1 : x > y;	/* stable: results.csv order */
}

int compare_order(const struct compare *c, size_t i, size_t *idx)
{
	for (size_t r = 0; r < c->ncells; r++)
		idx[r] = r;
	order_c = c;
	order_i = i;
	qsort(idx, c->ncells, sizeof(*idx), by_shown);
	return 0;
}

int compare_side_interval(const struct stat_logsample *s, double *lo,
			  double *hi)
{
	double h;

	if (s->n < 2)
		return -1;
	h = stat_t_quantile(0.975, (double)s->n - 1) *
	    sqrt(s->var / (double)s->n);
	*lo = exp(s->mean - h);
	*hi = exp(s->mean + h);
	return 0;
}

int compare_ratio_interval(const struct cmp_result *r, double *lo,
			   double *hi)
{
	double shift;

	if (!r->tested || !(r->beyond > 0) || isnan(r->t.ratio))
		return -1;
	shift = r->t.ratio / r->beyond;
	*lo = r->t.lo * shift;
	*hi = r->t.hi * shift;
	return 0;
}

void compare_format_ratio(char *buf, size_t len, double v)
{
	snprintf(buf, len, v < 10 ? "%.3f" : v < 100 ? "%.1f" : "%.0f", v);
}

void compare_verdict_text(char *buf, size_t len, const struct cmp_result *r)
{
	snprintf(buf, len, "%s%s%s", cmp_verdict_name(r->verdict),
		 r->kind ? ": " : "", r->kind ? cmp_kind_name(r->kind) : "");
}

int compare_reason_noted(const struct cmp_result *r)
{
	return r->reason[0] && (r->verdict == CMP_NA ||
				(r->kind && r->kind != KIND_TIME));
}

size_t cmp_note(struct cmp_notes *notes, const char *s)
{
	for (size_t i = 0; i < notes->n; i++)
		if (!strcmp(notes->text[i], s))
			return i + 1;
	if (notes->n == notes->cap) {
		size_t cap = notes->cap ? 2 * notes->cap : 16;
		char **t = realloc(notes->text, cap * sizeof(*t));

		if (!t)
			return 0;
		notes->text = t;
		notes->cap = cap;
	}
	notes->text[notes->n] = strdup(s);
	return notes->text[notes->n] ? ++notes->n : 0;
}

void cmp_notes_free(struct cmp_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		free(notes->text[i]);
	free(notes->text);
	memset(notes, 0, sizeof(*notes));
}

static void caption(struct table *t, const struct compare *c)
{
	const struct run *b = c->j.runs[0];

	snprintf(t->caption, sizeof(t->caption),
		 "ns: the geometric mean over units of each unit's %s_ns (a unit is %s), with its 95 %% Student t interval on ln x and n, the units; ratio: new/base, its 95 %% interval the moderated t interval beyond the common level times the common level; beyond: the ratio less the common level, the one tested; q: Benjamini-Hochberg; detectable: the smallest ratio beyond the common level this cell would flag. Base measured %.8s on %.60s%s%.60s; a regression when q < %.2f and the ratio and beyond are both >= %.3f, or new failures, misplacement or missing cells%s",
		 cmp_metric_name(c->conf.metric),
		 b->meta.boots ? "a boot" : "a repetition in one boot",
		 b->meta.executor[0] ? b->meta.executor : "?",
		 b->meta.cpu_model[0] ? b->meta.cpu_model : b->meta.host,
		 b->meta.vm_topology[0] ? ", topology " : "",
		 b->meta.vm_topology, c->conf.alpha, cmp_up(c),
		 c->accepted[0] ? "; some conditions ACCEPTED BY THE USER (see above)" : "");
}

static void set_mark(struct table_cell *tc, const struct cmp_result *r)
{
	if (r->verdict == CMP_NA)
		tc->mark = MARK_SKIPPED;
	else if (r->verdict == CMP_REGRESSION)
		tc->mark = MARK_REGRESSION;
	else if (r->verdict == CMP_IMPROVEMENT)
		tc->mark = MARK_IMPROVEMENT;
}

/* A side's columns: its ns, its interval, its units. */
static void side_cells(struct table *t, size_t row, size_t col,
		       const struct stat_logsample *s)
{
	char lo[24], hi[24];
	double l, h;

	if (s->n) {
		format_ns(table_at(t, row, col)->text, 64, s->geo);
		table_at(t, row, col)->value = s->geo;
		table_at(t, row, col)->has_value = 1;
	}
	if (!compare_side_interval(s, &l, &h)) {
		format_ns(lo, sizeof(lo), l);
		format_ns(hi, sizeof(hi), h);
		snprintf(table_at(t, row, col + 1)->text, 64, "[%s, %s]", lo,
			 hi);
	}
	snprintf(table_at(t, row, col + 2)->text, 64, "%zu", s->n);
}

static void num(struct table_cell *tc, const char *fmt, double v)
{
	if (isfinite(v))
		snprintf(tc->text, sizeof(tc->text), fmt, v);
}

void compare_run_head(char *buf, size_t len, const char *what,
		      const struct run *r)
{
	const char *label = cmp_run_label(r), *name = cmp_run_name(r);

	if (strcmp(label, name))
		snprintf(buf, len, "%s: %.50s %.60s", what, label, name);
	else
		snprintf(buf, len, "%s: %.100s", what, name);
}

enum { COL_BASE = 0, COL_NEW = 3, COL_RATIO = 6, COL_RATIO_CI,
       COL_BEYOND, COL_BEYOND_CI, COL_Q, COL_DETECT, COL_VERDICT, NCOLS };

int compare_cells_table(struct table *t, const struct compare *c, size_t i,
			const size_t *idx, struct cmp_notes *notes)
{
	static const char *const heads[NCOLS] = {
		"", "base 95 % CI, ns", "base n", "", "new 95 % CI, ns",
		"new n", "ratio new/base", "ratio 95 % CI",
		"beyond common level", "beyond 95 % CI", "q",
		"detectable ratio", "verdict",
	};

	if (table_init(t, c->ncells, NCOLS))
		return -1;
	snprintf(t->id, sizeof(t->id), "compare-cells-%zu", i);
	/* the kernels are in the column heads; the runs tell equal ones apart */
	snprintf(t->title, sizeof(t->title), "New %.50s against base %.50s: %s per cell, regressions first",
		 cmp_run_name(c->j.runs[i]), cmp_run_name(c->j.runs[0]),
		 cmp_metric_name(c->conf.metric));
	snprintf(t->corner, sizeof(t->corner), "cell");
	caption(t, c);
	for (size_t j = 0; j < NCOLS; j++)
		snprintf(t->col_label[j], sizeof(t->col_label[j]), "%s",
			 heads[j]);
	compare_run_head(t->col_label[COL_BASE], sizeof(t->col_label[0]), "base ns",
		 c->j.runs[0]);
	compare_run_head(t->col_label[COL_NEW], sizeof(t->col_label[0]), "new ns",
		 c->j.runs[i]);
	for (size_t row = 0; row < c->ncells; row++) {
		const struct cmp_cell *cc = &c->cells[idx[row]];
		const struct cmp_result *res = &cc->r[i];
		struct table_cell *v = table_at(t, row, COL_VERDICT);
		double lo, hi;

		compare_cell_label(t->row_label[row], sizeof(t->row_label[row]),
				   cc->row->k);
		side_cells(t, row, COL_BASE, &cc->s[0]);
		side_cells(t, row, COL_NEW, &cc->s[i]);
		num(table_at(t, row, COL_RATIO), "x%.3f", res->t.ratio);
		if (!compare_ratio_interval(res, &lo, &hi))
			snprintf(table_at(t, row, COL_RATIO_CI)->text, 64,
				 "[%.3f, %.3f]", lo, hi);
		if (res->tested) {
			num(table_at(t, row, COL_BEYOND), "x%.3f", res->beyond);
			snprintf(table_at(t, row, COL_BEYOND_CI)->text, 64,
				 "[%.3f, %.3f]", res->t.lo, res->t.hi);
			num(table_at(t, row, COL_Q), "%.2g", res->t.q);
			if (isfinite(res->detectable)) {
				struct table_cell *d = table_at(t, row, COL_DETECT);

				d->text[0] = 'x';
				compare_format_ratio(d->text + 1,
						     sizeof(d->text) - 1,
						     res->detectable);
			}
		}
		compare_verdict_text(v->text, sizeof(v->text), res);
		if (notes && compare_reason_noted(res))
			snprintf(v->sub, sizeof(v->sub), "[%zu]",
				 cmp_note(notes, res->reason));
		set_mark(v, res);
		set_mark(table_at(t, row, COL_RATIO), res);
	}
	return 0;
}

int compare_summary_table(struct table *t, const struct compare *c)
{
	static const char *const cols[] = {
		"cells", "tested", "regressions", "global", "missing",
		"failures", "misplaced", "time", "outliers", "improvements",
		"same", "n/a", "extra", "worst time regression",
	};
	size_t ncols = sizeof(cols) / sizeof(*cols), nnew = c->j.nruns - 1;
	char worst[128];

	if (table_init(t, nnew, ncols))
		return -1;
	snprintf(t->id, sizeof(t->id), "compare-summary");
	compare_run_head(t->title, sizeof(t->title), "summary against base",
		 c->j.runs[0]);
	snprintf(t->corner, sizeof(t->corner), "new run");
	snprintf(t->caption, sizeof(t->caption),
		 "Cells of the base, by verdict; regressions by kind (global: the common level; missing, failures, misplaced; time; outliers: slow repetitions); n/a: not measured on a side or too few units to test; extra: cells only the new run has.");
	for (size_t j = 0; j < ncols; j++)
		snprintf(t->col_label[j], sizeof(t->col_label[j]), "%s",
			 cols[j]);
	for (size_t r = 0; r < nnew; r++) {
		const struct cmp_summary *s = &c->sum[r + 1];
		size_t v[] = { s->cells, s->tested, s->regressions,
			       s->by_kind[KIND_GLOBAL], s->by_kind[KIND_MISSING],
			       s->by_kind[KIND_FAILURES],
			       s->by_kind[KIND_MISPLACED], s->by_kind[KIND_TIME],
			       s->by_kind[KIND_OUTLIERS], s->improvements,
			       s->same, s->na, s->extra };

		compare_run_head(t->row_label[r], sizeof(t->row_label[r]), "new",
			 c->j.runs[r + 1]);
		for (size_t j = 0; j < ncols - 1; j++)
			snprintf(table_at(t, r, j)->text, 64, "%zu", v[j]);
		if (s->regressions)
			table_at(t, r, 2)->mark = MARK_REGRESSION;
		if (s->worst_key) {
			struct table_cell *tc = table_at(t, r, ncols - 1);
			const struct join_row *row = NULL;

			for (size_t k = 0; k < c->ncells && !row; k++)
				if (c->cells[k].row->key == s->worst_key ||
				    !strcmp(c->cells[k].row->key, s->worst_key))
					row = c->cells[k].row;
			if (row)
				compare_cell_label(worst, sizeof(worst), row->k);
			else
				snprintf(worst, sizeof(worst), "%.100s",
					 s->worst_key);
			snprintf(tc->text, sizeof(tc->text), "x%.3f",
				 s->worst_ratio);
			snprintf(tc->sub, sizeof(tc->sub), "%.63s", worst);
			tc->mark = MARK_REGRESSION;
		}
		if (s->improvements)
			table_at(t, r, 9)->mark = MARK_IMPROVEMENT;
	}
	return 0;
}
