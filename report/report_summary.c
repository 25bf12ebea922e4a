// SPDX-License-Identifier: GPL-2.0
/*
 * The run's summary table (see report_summary.h). Repetitions are the
 * units: a class of node pairs (local, or remote at one SLIT distance)
 * gives one value per repetition, the geometric mean of that repetition's
 * p50 over the class's pairs (pairs timed in one repetition share its
 * conditions, so they are not independent samples). The local figure is
 * the geometric mean of those values with a Student t interval, a ratio
 * the Welch interval of two such sets (report/stats.h), as compare judges
 * cells.
 */
#include "report_summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_pairs.h"
#include "report_quality.h"
#include "stats.h"

#define MAX_CLASSES SUMMARY_MAX_CLASSES
#define NO_DISTANCE SUMMARY_NO_DISTANCE

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

enum pair_class { LOCAL, REMOTE, ANY_CPU };

/* Which cells of a path at one parameter a class takes. */
struct class_sel {
	enum pair_class kind;
	int distance;		/* REMOTE */
};

/* The class's cells, their repetitions folded into one ln value each. */
struct rep_values {
	struct rep_fold fold;
	size_t nreps;		/* units: distinct repetitions */
	size_t ncells, nskipped;	/* cells of the class, of them with no ok rep */
	const char *note;	/* a skipped cell's reason */
	double y[REP_FOLD_MAX];	/* ln of each repetition's geometric mean */
};

static int in_class(const struct run *r, const struct run_cell *c,
		    const struct class_sel *sel)
{
	int cpu = c->k.cpu_node, mem = c->k.mem_node;

	switch (sel->kind) {
	case ANY_CPU:
		return mem < 0;
	case LOCAL:
		return cpu >= 0 && cpu == mem;
	default:
		return cpu >= 0 && mem >= 0 && cpu != mem &&
		       run_distance(&r->meta, cpu, mem) == sel->distance;
	}
}

static void collect(const struct run *r, const struct path *p,
		    uint64_t param, const struct class_sel *sel,
		    struct rep_values *v)
{
	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];

		if (path_param(p, c) != param || !cell_in_path(c, p) ||
		    !in_class(r, c, sel))
			continue;
		v->ncells++;
		if (!c->nreps) {
			v->nskipped++;
			if (!v->note && c->note[0])
				v->note = c->note;
		}
		rep_fold_cell(&v->fold, c);
	}
	v->nreps = rep_fold_units(&v->fold, v->y);
}

/* A p50's variance floor: the histogram bucket (1/64 wide) it sits in. */
static void summarize(const struct rep_values *v, struct stat_logsample *s)
{
	stat_summarize_logs(v->y, v->nreps, stat_floor_var(0, 1, 1.0 / 64), s);
}

/* "n/a [k]" or "skipped [k]": no number, and why. */
static void no_value(struct table_cell *out, const char *text,
		     struct note_list *notes, const char *why)
{
	size_t k = note_add(notes, why);

	snprintf(out->text, sizeof(out->text), "%s", text);
	if (k)
		snprintf(out->sub, sizeof(out->sub), "[%zu]", k);
	out->mark = MARK_SKIPPED;
}

/* Why a class has no value: none of its cells, or all skipped. */
static void no_class_value(struct table_cell *out, const struct rep_values *v,
			   struct note_list *notes, const char *none)
{
	if (!v->ncells)
		no_value(out, "n/a", notes, none);
	else
		no_value(out, v->nskipped == v->ncells ? "skipped" : "failed",
			 notes, v->note ? v->note : "no reason recorded");
}

static void fill_local(struct table_cell *out, const struct run *r,
		       const struct path *p, const struct stat_logsample *s,
		       struct summary_value *sv)
{
	double h = 0;

	if (s->n >= 2)
		h = stat_t_quantile(0.5 + STATS_CONF / 2, s->df) *
		    sqrt(s->var / (double)s->n);
	fill_time_interval(out, s->geo, exp(s->mean - h), exp(s->mean + h),
			   s->n, time_resolution(r, &p->k, s->geo));
	if (sv) {
		sv->y = s->geo;
		sv->lo = s->n >= 2 ? exp(s->mean - h) : NAN;
		sv->hi = s->n >= 2 ? exp(s->mean + h) : NAN;
		sv->n = s->n;
	}
}

static void fill_ratio(struct table_cell *out, const struct stat_logsample *l,
		       const struct stat_logsample *rm,
		       struct summary_value *sv)
{
	struct stat_test t;
	double place;
	char v[24], lo[24], hi[24];

	if (sv) {
		sv->y = rm->geo / l->geo;
		sv->lo = sv->hi = NAN;
		sv->n = rm->n;
	}
	if (stat_welch_log(l, rm, STATS_CONF, &t)) {
		format_to_place(v, sizeof(v), rm->geo / l->geo, 0.01);
		snprintf(out->text, sizeof(out->text), "%s", v);
		snprintf(out->sub, sizeof(out->sub), "n=%zu, no interval",
			 rm->n);
		return;
	}
	if (sv) {
		sv->y = t.ratio;
		sv->lo = t.lo;
		sv->hi = t.hi;
	}
	/* one decimal at least below 10, two significant digits above
	 * (140, not 138.8), and a bound never rounds to 0 */
	place = fmin(digit_place((t.hi - t.lo) / 2, 0.01),
		     fmax(0.1, place_for(t.ratio, HUGE_VAL, 2)));
	format_to_place(v, sizeof(v), t.ratio, place);
	format_to_place(lo, sizeof(lo), t.lo, place_for(t.lo, place, 1));
	format_to_place(hi, sizeof(hi), t.hi, place);
	snprintf(out->text, sizeof(out->text), "%s", v);
	snprintf(out->sub, sizeof(out->sub), "[%s, %s] n=%zu", lo, hi, rm->n);
}

/* Does p have cells with no memory node (TLB flushes of the CPU's own)? */
static int memoryless_path(const struct path *p)
{
	return p->nmem == 1 && p->mem[0] < 0;
}

static void fill_counts(struct table *t, size_t row, size_t col,
			const struct cell_counts *k)
{
	snprintf(table_at(t, row, col)->text, sizeof(t->cells[0].text), "%zu",
		 k->cells);
	snprintf(table_at(t, row, col + 1)->text, sizeof(t->cells[0].text),
		 "%zu", k->flagged);
}

static void summary_row(struct table *t, size_t row, const struct run *r,
			const struct path *p, const struct cell_counts *k,
			const int *cls, size_t ncls, struct note_list *notes)
{
	uint64_t param = path_middle_param(r, p);
	struct class_sel sel = { memoryless_path(p) ? ANY_CPU : LOCAL, 0 };
	struct stat_logsample ls, rs;
	struct rep_values *v = malloc(sizeof(*v));

	if (!v)
		return;
	path_param_name(t->row_label[row], sizeof(t->row_label[row]), p,
			param);
	collect(r, p, param, &sel, v);
	summarize(v, &ls);
	if (ls.n)
		fill_local(table_at(t, row, 0), r, p, &ls, NULL);
	else
		no_class_value(table_at(t, row, 0), v, notes,
			       "the path has no local node pair (CPU node = memory node) at this size");
	if (sel.kind == ANY_CPU)
		snprintf(t->row_label[row] + strlen(t->row_label[row]),
			 sizeof(t->row_label[row]) - strlen(t->row_label[row]),
			 " *");
	for (size_t j = 0; j < ncls; j++) {
		struct table_cell *out = table_at(t, row, 1 + j);
		struct class_sel rsel = { REMOTE, cls[j] };

		if (sel.kind == ANY_CPU) {
			no_value(out, "n/a", notes,
				 "the path has no memory node, so no remote pair");
			continue;
		}
		collect(r, p, param, &rsel, v);
		summarize(v, &rs);
		if (!ls.n)
			no_value(out, "n/a", notes,
				 "no local value to divide by");
		else if (!rs.n)
			no_class_value(out, v, notes,
				       "the path has no node pair at this distance");
		else
			fill_ratio(out, &ls, &rs, NULL);
	}
	fill_counts(t, row, 1 + ncls, k);
	free(v);
}

size_t summary_distances(const struct run *r, int *out)
{
	return distance_classes(r, out);
}

void summary_local(struct table_cell *out, struct summary_value *sv,
		   const struct run *r, const struct path *p, uint64_t param,
		   struct note_list *notes)
{
	struct class_sel sel = { memoryless_path(p) ? ANY_CPU : LOCAL, 0 };
	struct rep_values *v = malloc(sizeof(*v));
	struct stat_logsample ls;

	sv->y = sv->lo = sv->hi = NAN;
	sv->n = 0;
	if (!v)
		return;
	collect(r, p, param, &sel, v);
	summarize(v, &ls);
	if (ls.n)
		fill_local(out, r, p, &ls, sv);
	else
		no_class_value(out, v, notes,
			       "the path has no local node pair (CPU node = memory node) at this size");
	free(v);
}

void summary_local_ratio(struct summary_value *sv, const struct run *ref,
			 const struct path *rp, const struct run *r,
			 const struct path *p, uint64_t param)
{
	struct class_sel sel = { memoryless_path(p) ? ANY_CPU : LOCAL, 0 };
	struct rep_values *v = malloc(sizeof(*v));
	struct stat_logsample a, b;
	struct stat_test t;

	sv->y = sv->lo = sv->hi = NAN;
	sv->n = 0;
	if (!v)
		return;
	collect(ref, rp, param, &sel, v);
	summarize(v, &a);
	collect(r, p, param, &sel, v);
	summarize(v, &b);
	free(v);
	if (!a.n || !b.n)
		return;
	sv->y = b.geo / a.geo;
	sv->n = b.n;
	if (!stat_welch_log(&a, &b, STATS_CONF, &t)) {
		sv->y = t.ratio;
		sv->lo = t.lo;
		sv->hi = t.hi;
	}
}

void summary_ratio(struct table_cell *out, struct summary_value *sv,
		   const struct run *r, const struct path *p, uint64_t param,
		   int distance, struct note_list *notes)
{
	struct class_sel sel = { LOCAL, 0 }, rsel = { REMOTE, distance };
	struct rep_values *v = malloc(sizeof(*v));
	struct stat_logsample ls, rs;

	sv->y = sv->lo = sv->hi = NAN;
	sv->n = 0;
	if (!v)
		return;
	if (memoryless_path(p)) {
		no_value(out, "n/a", notes,
			 "the path has no memory node, so no remote pair");
		free(v);
		return;
	}
	collect(r, p, param, &sel, v);
	summarize(v, &ls);
	collect(r, p, param, &rsel, v);
	summarize(v, &rs);
	if (!ls.n)
		no_value(out, "n/a", notes, "no local value to divide by");
	else if (!rs.n)
		no_class_value(out, v, notes,
			       "the path has no node pair at this distance");
	else
		fill_ratio(out, &ls, &rs, sv);
	free(v);
}

static const char what[] =
	"At each path's middle size or order of those measured. Local: the geometric mean over repetitions of each repetition's p50, itself the geometric mean over the local node pairs (CPU node = memory node), with its 95 % Student t interval and n, the repetitions it rests on; * a path without a memory node (a flush of the CPU's own TLB): over every CPU node, no ratio. Remote/local: the same over the remote pairs at that SLIT distance, divided by the local figure, with its 95 % Welch interval on the log scale. Digits: the last one shown is at the place of the interval's half-width or the timer's resolution (a histogram bucket, 1/128 of the value). Cells: every size, order, batch and thread count of the path; flagged: of them, those with a repetition skipped, failed, misplaced, stopped on its time budget or with few clean samples (the quality table gives each).";

int report_summary(struct report_section *s, const struct run *r,
		   const struct path *paths, size_t npaths)
{
	struct note_list notes = { .n = 0 };
	struct cell_counts all = path_counts(r, NULL);
	struct report_item *it;
	int cls[MAX_CLASSES];
	size_t ncls = distance_classes(r, cls);
	char cap[2048], q[300];
	struct cell_counts *k;
	struct table *t;
	int ret;

	if (report_add_text(s, ITEM_HEADING, "Summary"))
		return -1;
	it = report_add_item(s, ITEM_TABLE);
	if (!it || table_init(&it->table, npaths, ncls + 3))
		return -1;
	/* each path's counts once: its row here and the quality table's */
	k = calloc(npaths ? npaths : 1, sizeof(*k));
	if (!k)
		return -1;
	for (size_t i = 0; i < npaths; i++)
		k[i] = path_counts(r, &paths[i]);
	t = &it->table;
	snprintf(t->id, sizeof(t->id), "summary");
	snprintf(t->title, sizeof(t->title),
		 "Summary: local p50 and remote/local ratio per distance, with 95 %% intervals");
	snprintf(t->corner, sizeof(t->corner), "path");
	snprintf(t->col_label[0], sizeof(t->col_label[0]), "local p50");
	for (size_t j = 0; j < ncls; j++) {
		if (cls[j] == NO_DISTANCE)
			snprintf(t->col_label[1 + j], sizeof(t->col_label[0]),
				 "remote/local");
		else
			snprintf(t->col_label[1 + j], sizeof(t->col_label[0]),
				 "remote/local d=%d", cls[j]);
	}
	snprintf(t->col_label[1 + ncls], sizeof(t->col_label[0]), "cells");
	snprintf(t->col_label[2 + ncls], sizeof(t->col_label[0]), "flagged");
	for (size_t i = 0; i < npaths; i++)
		summary_row(t, i, r, &paths[i], &k[i], cls, ncls, &notes);
	quality_sentence(q, sizeof(q), &all);
	snprintf(cap, sizeof(cap), "%s%s%s%s", what, q[0] ? " " : "", q,
		 r->meta.nnodes ? "" : " meta.json has no node distances: remote pairs form one class.");
	caption_with_notes(t->caption, sizeof(t->caption), cap, &notes);
	ret = report_quality(s, paths, k, npaths, &all);
	free(k);
	return ret;
}
