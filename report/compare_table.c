// SPDX-License-Identifier: GPL-2.0
/* A comparison as tables: see compare_table.h. */
#include "compare_table.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void compare_cell_label(char *buf, size_t len, const struct cell_key *k)
{
	char extra[64] = "";
	int n;

	if (strcmp(k->suite, "kernel") || strcmp(k->allocator, "kernel") ||
	    strcmp(k->policy, "node"))
		snprintf(extra, sizeof(extra), "%.12s/%.20s/%.20s ", k->suite,
			 k->allocator, k->policy);
	n = snprintf(buf, len, "%s%s c%d m%d", extra, k->test, k->cpu_node,
		     k->mem_node);
	if (n < 0 || (size_t)n >= len)
		return;
	if (k->order >= 0)
		n += snprintf(buf + n, len - (size_t)n, " o%d", k->order);
	else if (k->size_bytes)
		n += snprintf(buf + n, len - (size_t)n, " s%" PRIu64,
			      k->size_bytes);
	if (n < 0 || (size_t)n >= len)
		return;
	n += snprintf(buf + n, len - (size_t)n, " b%u", k->batch);
	if (run_mode_label(k) && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " %s", k->mode);
	if (k->threads > 1 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " t%u", k->threads);
}

static void caption(struct table *t, const struct compare *c)
{
	const struct run *b = c->j.runs[0];

	snprintf(t->caption, sizeof(t->caption),
		 "ns, geometric mean over units of each unit's %s_ns (a unit is %s); base %.60s, %.8s on %.80s%s%.80s; a regression (marked) when Benjamini-Hochberg q < %.2f and the ratio >= %.3f, or new failures, misplacement or missing cells%s%.300s",
		 cmp_metric_name(c->conf.metric),
		 b->meta.boots ? "a boot" : "a repetition in one boot",
		 cmp_run_label(b), b->meta.executor[0] ? b->meta.executor : "?",
		 b->meta.cpu_model[0] ? b->meta.cpu_model : b->meta.host,
		 b->meta.vm_topology[0] ? ", topology " : "",
		 b->meta.vm_topology, c->conf.alpha,
		 cmp_up(c),
		 c->accepted[0] ? "; ACCEPTED BY THE USER: " : "", c->accepted);
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

static void geo_cell(struct table_cell *tc, const struct stat_logsample *s)
{
	if (s->n)
		snprintf(tc->text, sizeof(tc->text), "%.1f", s->geo);
	else
		snprintf(tc->text, sizeof(tc->text), "-");
}

int compare_cells_table(struct table *t, const struct compare *c)
{
	size_t nruns = c->j.nruns;

	if (table_init(t, c->ncells, nruns))
		return -1;
	snprintf(t->id, sizeof(t->id), "compare-cells");
	snprintf(t->title, sizeof(t->title), "compare: %s latency per cell, ns (ratio to base, q)",
		 cmp_metric_name(c->conf.metric));
	snprintf(t->corner, sizeof(t->corner), "cell");
	caption(t, c);
	for (size_t i = 0; i < nruns; i++)
		snprintf(t->col_label[i], sizeof(t->col_label[i]), "%s%.50s",
			 i ? "" : "base ", cmp_run_label(c->j.runs[i]));
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_cell *cc = &c->cells[r];
		struct table_cell *tc = table_at(t, r, 0);

		compare_cell_label(t->row_label[r], sizeof(t->row_label[r]),
				   cc->row->k);
		geo_cell(tc, &cc->s[0]);
		snprintf(tc->sub, sizeof(tc->sub), "(%zu units)", cc->s[0].n);
		for (size_t i = 1; i < nruns; i++) {
			const struct cmp_result *res = &cc->r[i];

			tc = table_at(t, r, i);
			geo_cell(tc, &cc->s[i]);
			if (res->tested)
				snprintf(tc->sub, sizeof(tc->sub), "x%.3f q %.2g%s%s",
					 res->t.ratio, res->t.q,
					 res->kind ? " " : "",
					 cmp_kind_name(res->kind));
			else
				snprintf(tc->sub, sizeof(tc->sub), "%s%s%s",
					 cmp_verdict_name(res->verdict),
					 res->kind ? " " : "",
					 cmp_kind_name(res->kind));
			set_mark(tc, res);
		}
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

	if (table_init(t, nnew, ncols))
		return -1;
	snprintf(t->id, sizeof(t->id), "compare-summary");
	snprintf(t->title, sizeof(t->title), "compare: summary against %s",
		 cmp_run_label(c->j.runs[0]));
	snprintf(t->corner, sizeof(t->corner), "run");
	caption(t, c);
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

		snprintf(t->row_label[r], sizeof(t->row_label[r]), "%.60s",
			 cmp_run_label(c->j.runs[r + 1]));
		for (size_t j = 0; j < ncols - 1; j++)
			snprintf(table_at(t, r, j)->text, 64, "%zu", v[j]);
		if (s->regressions)
			table_at(t, r, 2)->mark = MARK_REGRESSION;
		if (s->worst_key) {
			struct table_cell *tc = table_at(t, r, ncols - 1);

			snprintf(tc->text, sizeof(tc->text), "x%.3f",
				 s->worst_ratio);
			snprintf(tc->sub, sizeof(tc->sub), "%.63s",
				 s->worst_key);
			tc->mark = MARK_REGRESSION;
		}
		if (s->improvements)
			table_at(t, r, 9)->mark = MARK_IMPROVEMENT;
	}
	return 0;
}
