// SPDX-License-Identifier: GPL-2.0
/*
 * The run's summary table (see report_summary.h). Repetitions are the
 * units: each local or remote cell's repetitions give one ln(p50) each;
 * the local figure is their geometric mean with a Student t interval, a
 * ratio the Welch interval of two such sets (report/stats.h), as compare
 * judges cells.
 */
#include "report_summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define MAX_CLASSES 8
#define NO_DISTANCE (-1)	/* meta.json has no SLIT: one "remote" class */

/* The distinct remote distances of the run's cells, ascending. */
static size_t distance_classes(const struct run *r, int *cls)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ncells; i++) {
		const struct cell_key *k = &r->cells[i].k;
		int d = run_distance(&r->meta, k->cpu_node, k->mem_node);
		size_t j = 0;

		if (k->cpu_node < 0 || k->mem_node < 0 ||
		    k->cpu_node == k->mem_node)
			continue;
		while (j < n && cls[j] < d)
			j++;
		if ((j < n && cls[j] == d) || n == MAX_CLASSES)
			continue;
		memmove(cls + j + 1, cls + j, (n - j) * sizeof(*cls));
		cls[j] = d;
		n++;
	}
	return n;
}

/* ln(p50) of every ok repetition of p's cells at param in class cls. */
struct logs {
	double *y;
	size_t n, cap;
};

static int logs_add(struct logs *l, double v)
{
	if (!(v > 0))
		return 0;
	if (l->n == l->cap) {
		double *ny = realloc(l->y, (l->cap = l->cap * 2 + 16) *
				     sizeof(*ny));

		if (!ny)
			return -1;
		l->y = ny;
	}
	l->y[l->n++] = log(v);
	return 0;
}

/* local: cls ignored; else the remote cells at distance cls. */
static int collect(const struct run *r, const struct path *p, uint64_t param,
		   int local, int cls, struct logs *out)
{
	out->n = 0;
	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];
		int cpu = c->k.cpu_node, mem = c->k.mem_node;

		if (cpu < 0 || mem < 0 || (cpu == mem) != local ||
		    cell_param(c) != param || !cell_in_path(c, p))
			continue;
		if (!local && run_distance(&r->meta, cpu, mem) != cls)
			continue;
		for (size_t k = 0; k < c->nreps; k++)
			if (logs_add(out, c->p50_ns[k]))
				return -1;
	}
	return 0;
}

/* A p50's variance floor: the histogram bucket (1/64 wide) it sits in. */
static void summarize(const struct logs *l, struct stat_logsample *s)
{
	stat_summarize_logs(l->y, l->n, stat_floor_var(0, 1, 1.0 / 64), s);
}

static void fill_local(struct table_cell *out, const struct stat_logsample *s)
{
	if (!s->n) {
		snprintf(out->text, sizeof(out->text), "n/a");
		out->mark = MARK_SKIPPED;
		return;
	}
	format_ns(out->text, sizeof(out->text), s->geo);
	if (s->n >= 2) {
		double h = stat_t_quantile(0.5 + STATS_CONF / 2, s->df) *
			   sqrt(s->var / (double)s->n);
		char lo[24], hi[24];

		format_ns(lo, sizeof(lo), exp(s->mean - h));
		format_ns(hi, sizeof(hi), exp(s->mean + h));
		snprintf(out->sub, sizeof(out->sub), "[%.20s, %.20s] n=%zu", lo, hi,
			 s->n);
	} else {
		snprintf(out->sub, sizeof(out->sub), "n=1, no interval");
	}
}

static void fill_ratio(struct table_cell *out, const struct stat_logsample *l,
		       const struct stat_logsample *rm)
{
	struct stat_test t;

	if (!l->n || !rm->n) {
		snprintf(out->text, sizeof(out->text), "n/a");
		out->mark = MARK_SKIPPED;
		return;
	}
	if (stat_welch_log(l, rm, STATS_CONF, &t)) {
		snprintf(out->text, sizeof(out->text), "%.2f", rm->geo / l->geo);
		snprintf(out->sub, sizeof(out->sub), "n=%zu, no interval",
			 rm->n);
		return;
	}
	snprintf(out->text, sizeof(out->text), "%.2f", t.ratio);
	snprintf(out->sub, sizeof(out->sub), "[%.2f, %.2f] n=%zu", t.lo, t.hi,
		 rm->n);
}

struct counts {
	size_t cells, skipped, failed, misplaced;
};

static void count_cell(struct counts *k, const struct run_cell *c)
{
	k->cells++;
	k->skipped += c->nskipped > 0;
	k->failed += c->nfailed > 0 || c->nfailing > 0;
	k->misplaced += c->nmisplacing > 0;
}

static void fill_count(struct table_cell *out, size_t v)
{
	snprintf(out->text, sizeof(out->text), "%zu", v);
}

static int summary_row(struct table *t, size_t row, const struct run *r,
		       const struct path *p, const int *cls, size_t ncls)
{
	uint64_t param = p->param[p->nparams / 2];
	struct stat_logsample ls, rs;
	struct logs l = { 0 }, rm = { 0 };
	struct counts k = { 0 };
	char name[96], par[32];
	int ret = -1;

	path_name(name, sizeof(name), p);
	format_param(par, sizeof(par), param, p->by_order);
	snprintf(t->row_label[row], sizeof(t->row_label[row]), "%s%s%s",
		 name, !p->by_order && !param ? "" : " ",
		 !p->by_order && !param ? "" : par);
	if (collect(r, p, param, 1, 0, &l))
		goto out;
	summarize(&l, &ls);
	fill_local(table_at(t, row, 0), &ls);
	for (size_t j = 0; j < ncls; j++) {
		if (collect(r, p, param, 0, cls[j], &rm))
			goto out;
		summarize(&rm, &rs);
		fill_ratio(table_at(t, row, 1 + j), &ls, &rs);
	}
	for (size_t i = 0; i < r->ncells; i++)
		if (cell_of_test(&r->cells[i], p))
			count_cell(&k, &r->cells[i]);
	fill_count(table_at(t, row, 1 + ncls), k.cells);
	fill_count(table_at(t, row, 2 + ncls), k.skipped);
	fill_count(table_at(t, row, 3 + ncls), k.failed);
	fill_count(table_at(t, row, 4 + ncls), k.misplaced);
	ret = 0;
out:
	free(l.y);
	free(rm.y);
	return ret;
}

static const char what[] =
	"At each path's middle size or order. Local: the geometric mean of the p50 of every repetition of the local node pairs (CPU node = memory node), in ns, with its 95 % Student t interval and n, the repetitions it rests on. Remote/local: the geometric mean of the remote pairs at that SLIT distance over the local one, with its 95 % Welch interval on the log scale. Cells: every size, order, batch and thread count of the path; skipped: a repetition skipped; failed: a repetition failed or had failed ops; misplaced: pages or objects found off their node.";

int report_summary(struct report_section *s, const struct run *r,
		   const struct path *paths, size_t npaths)
{
	struct report_item *it;
	struct counts all = { 0 };
	int cls[MAX_CLASSES];
	size_t ncls = distance_classes(r, cls);
	char line[512];
	struct table *t;

	if (report_add_text(s, ITEM_HEADING, "Summary"))
		return -1;
	it = report_add_item(s, ITEM_TABLE);
	if (!it || table_init(&it->table, npaths, ncls + 5))
		return -1;
	t = &it->table;
	snprintf(t->id, sizeof(t->id), "summary");
	snprintf(t->title, sizeof(t->title),
		 "Summary: local p50 (ns) and remote/local ratio per distance, with 95 %% intervals");
	snprintf(t->corner, sizeof(t->corner), "path");
	snprintf(t->col_label[0], sizeof(t->col_label[0]), "local p50, ns");
	for (size_t j = 0; j < ncls; j++) {
		if (cls[j] == NO_DISTANCE)
			snprintf(t->col_label[1 + j], sizeof(t->col_label[0]), "remote/local");
		else
			snprintf(t->col_label[1 + j], sizeof(t->col_label[0]),
				 "remote/local d=%d", cls[j]);
	}
	snprintf(t->col_label[1 + ncls], sizeof(t->col_label[0]), "cells");
	snprintf(t->col_label[2 + ncls], sizeof(t->col_label[0]), "skipped");
	snprintf(t->col_label[3 + ncls], sizeof(t->col_label[0]), "failed");
	snprintf(t->col_label[4 + ncls], sizeof(t->col_label[0]), "misplaced");
	for (size_t i = 0; i < npaths; i++)
		if (summary_row(t, i, r, &paths[i], cls, ncls))
			return -1;
	caption_with_notes(t->caption, sizeof(t->caption), what, NULL);
	for (size_t i = 0; i < r->ncells; i++)
		count_cell(&all, &r->cells[i]);
	snprintf(line, sizeof(line),
		 "All %zu cells of the run: %zu skipped, %zu failed, %zu misplaced.%s",
		 all.cells, all.skipped, all.failed, all.misplaced,
		 r->meta.nnodes ? "" : " meta.json has no node distances: remote pairs form one class.");
	return report_add_text(s, ITEM_NOTE, line);
}
