// SPDX-License-Identifier: GPL-2.0
/*
 * Node x node matrices (as Intel MLC lays out its latency matrix: the CPU's
 * node in rows, the memory's node in columns) and per-size / per-order
 * curves, for every path of one run.
 */
#include "report_matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void node_label(char *buf, size_t len, const char *what, int node)
{
	if (node < 0)
		snprintf(buf, len, "%s: none", what);	/* the column was empty */
	else
		snprintf(buf, len, "%s %d", what, node);
}

static int add_heading(struct report_section *s, const char *text)
{
	struct report_item *it = report_add_item(s, ITEM_HEADING);

	if (!it)
		return -1;
	snprintf(it->note, sizeof(it->note), "%s", text);
	return 0;
}

static void batch_words(char *buf, size_t len, const struct path *p)
{
	snprintf(buf, len, "%s%u%s, %u thread%s",
		 p->k.batch > 1 ? "batches of " : "per-op timing (batch ",
		 p->k.batch, p->k.batch > 1 ? " ops" : ")", p->k.threads,
		 p->k.threads == 1 ? "" : "s");
}

static int one_matrix(struct report_section *s, const struct run *r,
		      const struct path *p, uint64_t param)
{
	struct report_item *it = report_add_item(s, ITEM_TABLE);
	struct note_list notes = { .n = 0 };
	char name[96], par[32], stat[400], bw[96];
	struct table *t;

	if (!it || table_init(&it->table, p->ncpu, p->nmem))
		return -1;
	t = &it->table;
	path_name(name, sizeof(name), p);
	format_param(par, sizeof(par), param, p->by_order);
	if (!p->by_order && !param)
		par[0] = 0;	/* a case without a size (TLB flushes) */
	snprintf(t->id, sizeof(t->id), "matrix-%.40s-%s-%llu", name,
		 p->by_order ? "o" : "s", (unsigned long long)param);
	id_sanitize(t->id);
	snprintf(t->title, sizeof(t->title), "%s%s%s: p50 (p99), ns", name,
		 par[0] ? " " : "", par);
	snprintf(t->corner, sizeof(t->corner), "cpu \\ mem");
	for (size_t i = 0; i < p->ncpu; i++)
		node_label(t->row_label[i], sizeof(t->row_label[i]), "cpu node",
			   p->cpu[i]);
	for (size_t j = 0; j < p->nmem; j++)
		node_label(t->col_label[j], sizeof(t->col_label[j]), "mem node",
			   p->mem[j]);
	for (size_t i = 0; i < p->ncpu; i++)
		for (size_t j = 0; j < p->nmem; j++)
			cell_fill(table_at(t, i, j),
				  path_cell(r, p, p->cpu[i], p->mem[j], param),
				  1, &notes);
	batch_words(bw, sizeof(bw), p);
	snprintf(stat, sizeof(stat),
		 "p50 with p99 in parentheses, each the median over repetitions of that repetition's percentile; rows: the node of the timing CPU, columns: the node of the memory; %s",
		 bw);
	caption_for_run(t->caption, sizeof(t->caption), r, stat, &notes);
	return 0;
}

int report_matrices(struct report_section *s, const struct run *r,
		    const struct path *paths, size_t npaths)
{
	if (add_heading(s, "Node x node matrices"))
		return -1;
	for (size_t i = 0; i < npaths; i++) {
		uint64_t par[3];
		size_t n = representative_params(&paths[i], par);

		for (size_t j = 0; j < n; j++)
			if (one_matrix(s, r, &paths[i], par[j]))
				return -1;
	}
	return 0;
}

/* The (cpu, mem) pairs of p that have at least one cell. */
static size_t pairs_of(const struct run *r, const struct path *p,
		       int (*pairs)[2], size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < p->ncpu; i++)
		for (size_t j = 0; j < p->nmem && n < cap; j++)
			for (size_t k = 0; k < p->nparams; k++)
				if (path_cell(r, p, p->cpu[i], p->mem[j],
					      p->param[k])) {
					pairs[n][0] = p->cpu[i];
					pairs[n++][1] = p->mem[j];
					break;
				}
	return n;
}

static int one_curve(struct report_section *s, const struct run *r,
		     const struct path *p)
{
	int pairs[64][2];
	size_t npairs = pairs_of(r, p, pairs, 64), nseries = 0;
	struct report_item *ti = report_add_item(s, ITEM_TABLE), *pi;
	struct note_list notes = { .n = 0 };
	char name[96], stat[400], bw[96];
	struct table *t;
	struct plot *pl;

	if (!ti || table_init(&ti->table, npairs, p->nparams))
		return -1;
	t = &ti->table;
	path_name(name, sizeof(name), p);
	snprintf(t->id, sizeof(t->id), "curve-%.50s", name);
	id_sanitize(t->id);
	snprintf(t->title, sizeof(t->title), "%s: p50 by %s, ns", name,
		 p->by_order ? "order" : "size");
	snprintf(t->corner, sizeof(t->corner), "cpu, mem node");
	for (size_t k = 0; k < p->nparams; k++)
		format_param(t->col_label[k], sizeof(t->col_label[k]),
			     p->param[k], p->by_order);
	for (size_t i = 0; i < npairs; i++) {
		snprintf(t->row_label[i], sizeof(t->row_label[i]),
			 "cpu %d, mem %d", pairs[i][0], pairs[i][1]);
		for (size_t k = 0; k < p->nparams; k++)
			cell_fill(table_at(t, i, k),
				  path_cell(r, p, pairs[i][0], pairs[i][1],
					    p->param[k]), 0, &notes);
	}
	batch_words(bw, sizeof(bw), p);
	snprintf(stat, sizeof(stat),
		 "p50, the median over repetitions of each repetition's p50; rows: the node of the timing CPU and of the memory; %s",
		 bw);
	caption_for_run(t->caption, sizeof(t->caption), r, stat, &notes);

	pi = report_add_item(s, ITEM_PLOT);
	if (!pi || plot_init(&pi->plot, p->nparams, npairs))
		return -1;
	pl = &pi->plot;
	/* the table's id may have moved with realloc: rebuild from name */
	snprintf(pl->id, sizeof(pl->id), "curve-%.50s", name);
	id_sanitize(pl->id);
	snprintf(pl->title, sizeof(pl->title), "%s: p50 by %s", name,
		 p->by_order ? "order" : "size");
	snprintf(pl->xlabel, sizeof(pl->xlabel), "%s",
		 p->by_order ? "order (2^order pages)" : "size (bytes, log2 scale)");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "p50 latency (ns)");
	pl->xlog2 = !p->by_order;
	for (size_t k = 0; k < p->nparams; k++) {
		pl->x[k] = (double)p->param[k];
		format_param(pl->xtic[k], sizeof(pl->xtic[k]), p->param[k],
			     p->by_order);
	}
	for (size_t i = 0; i < npairs; i++) {
		struct plot_series *se = &pl->series[nseries];
		int any = 0;

		snprintf(se->name, sizeof(se->name), "cpu %d, mem %d",
			 pairs[i][0], pairs[i][1]);
		for (size_t k = 0; k < p->nparams; k++) {
			double p50, p99;

			if (!cell_summary(path_cell(r, p, pairs[i][0],
						    pairs[i][1], p->param[k]),
					  &p50, &p99)) {
				se->y[k] = p50;
				any = 1;
			}
		}
		if (any)
			nseries++;
	}
	/* pairs that are all skipped draw no line */
	for (size_t i = nseries; i < pl->nseries; i++)
		free(pl->series[i].y);
	pl->nseries = nseries;
	return 0;
}

int report_curves(struct report_section *s, const struct run *r,
		  const struct path *paths, size_t npaths)
{
	int any = 0;

	if (add_heading(s, "Per-size and per-order curves"))
		return -1;
	for (size_t i = 0; i < npaths; i++) {
		if (paths[i].nparams < 2)
			continue;
		any = 1;
		if (one_curve(s, r, &paths[i]))
			return -1;
	}
	if (!any) {
		struct report_item *it = report_add_item(s, ITEM_NOTE);

		if (!it)
			return -1;
		snprintf(it->note, sizeof(it->note),
			 "No path of this run covers more than one size or order.");
	}
	return 0;
}
