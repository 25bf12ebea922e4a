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
	if (k->threads > 1 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " t%u", k->threads);
}

static const char *label_of(const struct run *r)
{
	return r->meta.kernel[0] ? r->meta.kernel : r->meta.run_id;
}

static void caption(struct table *t, const struct compare *c)
{
	const struct run *b = c->j.runs[0];
	int n;

	n = snprintf(t->caption, sizeof(t->caption),
		     "ns, mean of %s_ns over repetitions (base %u reps); delta vs base %.60s; %.8s on %.100s%s%.100s; significant (marked) when the 95%% CIs do not overlap and |delta| >= %.1f%%",
		     cmp_metric_name(c->metric), b->meta.reps, label_of(b),
		     b->meta.executor[0] ? b->meta.executor : "?",
		     b->meta.cpu_model[0] ? b->meta.cpu_model : b->meta.host,
		     b->meta.vm_topology[0] ? ", topology " : "",
		     b->meta.vm_topology, c->threshold_pct);
	(void)n;
}

static void set_mark(struct table_cell *tc, const struct cmp_cell *cc,
		     size_t i)
{
	if (cc->skipped)
		tc->mark = MARK_SKIPPED;
	else if (cc->d[i].verdict == STAT_REGRESSION)
		tc->mark = MARK_REGRESSION;
	else if (cc->d[i].verdict == STAT_IMPROVEMENT)
		tc->mark = MARK_IMPROVEMENT;
}

int compare_cells_table(struct table *t, const struct compare *c)
{
	size_t nruns = c->j.nruns;

	if (table_init(t, c->ncells, nruns))
		return -1;
	snprintf(t->id, sizeof(t->id), "compare-cells");
	snprintf(t->title, sizeof(t->title), "compare: %s latency per cell, ns (delta vs base)",
		 cmp_metric_name(c->metric));
	snprintf(t->corner, sizeof(t->corner), "cell");
	caption(t, c);
	for (size_t i = 0; i < nruns; i++)
		snprintf(t->col_label[i], sizeof(t->col_label[i]), "%s%.50s",
			 i ? "" : "base ", label_of(c->j.runs[i]));
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_cell *cc = &c->cells[r];

		compare_cell_label(t->row_label[r], sizeof(t->row_label[r]),
				   cc->row->k);
		for (size_t i = 0; i < nruns; i++) {
			struct table_cell *tc = table_at(t, r, i);

			if (cc->skipped) {
				snprintf(tc->text, sizeof(tc->text), "skipped");
				tc->mark = MARK_SKIPPED;
				continue;
			}
			snprintf(tc->text, sizeof(tc->text), "%.0f",
				 cc->s[i].mean);
			if (i && !isnan(cc->d[i].delta_pct))
				snprintf(tc->sub, sizeof(tc->sub), "%+.1f%%",
					 cc->d[i].delta_pct);
			if (i)
				set_mark(tc, cc, i);
		}
	}
	return 0;
}

int compare_summary_table(struct table *t, const struct compare *c)
{
	static const char *const cols[] = {
		"compared", "regressions", "improvements", "same", "n/a",
		"missing", "extra", "worst regression",
	};
	size_t ncols = sizeof(cols) / sizeof(*cols), nnew = c->j.nruns - 1;

	if (table_init(t, nnew, ncols))
		return -1;
	snprintf(t->id, sizeof(t->id), "compare-summary");
	snprintf(t->title, sizeof(t->title), "compare: summary against %s",
		 label_of(c->j.runs[0]));
	snprintf(t->corner, sizeof(t->corner), "run");
	caption(t, c);
	for (size_t j = 0; j < ncols; j++)
		snprintf(t->col_label[j], sizeof(t->col_label[j]), "%s",
			 cols[j]);
	for (size_t r = 0; r < nnew; r++) {
		const struct cmp_summary *s = &c->sum[r + 1];
		size_t v[] = { s->compared, s->regressions, s->improvements,
			       s->same, s->na, s->missing, s->extra };

		snprintf(t->row_label[r], sizeof(t->row_label[r]), "%.60s",
			 label_of(c->j.runs[r + 1]));
		for (size_t j = 0; j < ncols - 1; j++)
			snprintf(table_at(t, r, j)->text, 64, "%zu", v[j]);
		if (s->regressions) {
			struct table_cell *tc = table_at(t, r, ncols - 1);

			snprintf(tc->text, sizeof(tc->text), "%+.1f%%",
				 s->worst_pct);
			compare_cell_label(tc->sub, sizeof(tc->sub),
					   s->worst_k);
			tc->mark = MARK_REGRESSION;
			table_at(t, r, 1)->mark = MARK_REGRESSION;
		}
		if (s->improvements)
			table_at(t, r, 2)->mark = MARK_IMPROVEMENT;
	}
	return 0;
}
