// SPDX-License-Identifier: GPL-2.0
/*
 * Node x node matrices (as Intel MLC lays out its latency matrix: the CPU's
 * node in rows, the memory's node in columns), each with its heatmap, and
 * per-size / per-order curves with the spread over repetitions and the
 * p99, for every path of one run. What every matrix or curve shows is said
 * once, in a note under the heading; captions say what is particular.
 */
#include "report_matrix.h"

#include <stdio.h>
#include <string.h>

static void node_label(char *buf, size_t len, const char *what, int node)
{
	if (node < 0)
		snprintf(buf, len, "%s: none", what);	/* the column was empty */
	else
		snprintf(buf, len, "%s %d", what, node);
}

static void batch_words(char *buf, size_t len, const struct path *p)
{
	snprintf(buf, len, "%s%u%s, %u thread%s.",
		 p->k.batch > 1 ? "Batches of " : "Per-op timing (batch ",
		 p->k.batch, p->k.batch > 1 ? " ops" : ")", p->k.threads,
		 p->k.threads == 1 ? "" : "s");
}

/*
 * The matrix (the section's last item) as a heatmap beside it: colour p50,
 * text p50 and (p99).
 */
static int matrix_heatmap(struct report_section *s)
{
	size_t ti = s->nitems - 1;
	struct report_item *it = report_add_item(s, ITEM_PLOT);
	const struct table *t;
	struct plot *pl;
	int any = 0;

	if (!it)
		return -1;
	t = &s->items[ti].table;	/* adding the plot moved the items */
	if (plot_init(&it->plot, t->ncols, t->nrows))
		return -1;
	pl = &it->plot;
	pl->kind = PLOT_HEATMAP;
	pl->beside_table = 1;
	snprintf(pl->id, sizeof(pl->id), "heat-%.58s", t->id + strlen("matrix-"));
	snprintf(pl->title, sizeof(pl->title), "%s", t->title);
	snprintf(pl->note, sizeof(pl->note), "%s",
		 "Heatmap of the table: p50 with p99 in parentheses, in ns; lightest the fastest cell, darkest the slowest.");
	snprintf(pl->xlabel, sizeof(pl->xlabel), "memory node");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "CPU node");
	for (size_t j = 0; j < t->ncols; j++)
		snprintf(pl->xtic[j], sizeof(pl->xtic[j]), "%.31s",
			 t->col_label[j]);
	for (size_t i = 0; i < t->nrows; i++) {
		struct plot_series *se = &pl->series[i];

		snprintf(se->name, sizeof(se->name), "%s", t->row_label[i]);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct table_cell *c = &t->cells[i * t->ncols + j];

			snprintf(se->text[j], sizeof(se->text[j]), "%.31s",
				 c->text);
			snprintf(se->sub[j], sizeof(se->sub[j]), "%.31s",
				 c->sub);
			if (!c->has_value)
				continue;
			se->y[j] = c->value;
			any = 1;
		}
	}
	if (!any)	/* nothing to colour: the table says why */
		plot_free(pl), s->nitems--;
	return 0;
}

static int one_matrix(struct report_section *s, const struct run *r,
		      const struct path *p, uint64_t param)
{
	struct report_item *it = report_add_item(s, ITEM_TABLE);
	struct note_list notes = { .n = 0 };
	char name[96], par[32], bw[96];
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
	caption_with_notes(t->caption, sizeof(t->caption), bw, &notes);
	return matrix_heatmap(s);
}

int report_matrices(struct report_section *s, const struct run *r,
		    const struct path *paths, size_t npaths)
{
	if (report_add_text(s, ITEM_HEADING, "Node x node matrices") ||
	    report_add_text(s, ITEM_NOTE, "Each cell: p50 with the p99 in parentheses, in ns, each the median over the repetitions of that repetition's percentile (a p99 needs 100 samples, so it is missing from smaller cells); rows: the node of the timing CPU, columns: the node of the memory. At the smallest, middle and largest size or order of each path, its table and beside it the same numbers as a heatmap, darker where slower."))
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
	char name[96], bw[96];
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
	caption_with_notes(t->caption, sizeof(t->caption), bw, &notes);

	pi = report_add_item(s, ITEM_PLOT);
	if (!pi || plot_init(&pi->plot, p->nparams, npairs))
		return -1;
	pl = &pi->plot;
	/* the table's id may have moved with realloc: rebuild from name */
	snprintf(pl->id, sizeof(pl->id), "curve-%.50s", name);
	id_sanitize(pl->id);
	snprintf(pl->title, sizeof(pl->title), "%s: p50 and p99 by %s", name,
		 p->by_order ? "order" : "size");
	snprintf(pl->note, sizeof(pl->note), "%s", bw);
	snprintf(pl->xlabel, sizeof(pl->xlabel), "%s",
		 p->by_order ? "order (2^order pages)" : "size (bytes, log2 scale)");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "p50 (ns)");
	snprintf(pl->y2label, sizeof(pl->y2label), "p99 (ns)");
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
			const struct run_cell *c = path_cell(r, p, pairs[i][0],
							     pairs[i][1],
							     p->param[k]);
			double p50, p99;

			if (!cell_summary(c, &p50, &p99) &&
			    !cell_p50_spread(c, &se->lo[k], &se->hi[k])) {
				se->y[k] = p50;
				se->y2[k] = p99;
				any = 1;
			}
		}
		if (any)
			nseries++;
	}
	/* pairs that are all skipped draw no line */
	plot_truncate(pl, nseries);
	return 0;
}

int report_curves(struct report_section *s, const struct run *r,
		  const struct path *paths, size_t npaths)
{
	int any = 0;

	if (report_add_text(s, ITEM_HEADING, "Per-size and per-order curves") ||
	    report_add_text(s, ITEM_NOTE, "Tables: p50 in ns, the median over the repetitions of each repetition's p50, one row per node pair (the timing CPU's node, the memory's node). Plots: the same p50 with error bars from the smallest to the largest repetition's p50 (the spread over repetitions); below, in the same colours, the p99 (median over repetitions) where the cells have the 100 samples it needs."))
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
