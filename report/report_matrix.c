// SPDX-License-Identifier: GPL-2.0
/*
 * Node x node matrices (as Intel MLC lays out its latency matrix: the CPU's
 * node in rows, the memory's node in columns), each with its heatmap, and
 * per-size / per-order curves with the spread over repetitions and the
 * p99, for every path of one run. What every matrix or curve shows is said
 * once, in a note under the heading; captions say what is particular.
 */
#include "report_matrix.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_pairs.h"
#include "report_quality.h"
#include "stats.h"

static void node_label(char *buf, size_t len, const char *what, int node)
{
	if (node < 0)
		snprintf(buf, len, "%s: none", what);	/* the column was empty */
	else
		snprintf(buf, len, "%s %d", what, node);
}

/* A pair for a row label: an empty column says what it means. */
static void pair_label(char *buf, size_t len, int cpu, int mem)
{
	if (mem < 0)
		snprintf(buf, len, "cpu %d, no mem node", cpu);
	else if (cpu < 0)
		snprintf(buf, len, "no cpu node, mem %d", mem);
	else
		snprintf(buf, len, "cpu %d, mem %d", cpu, mem);
}

/* Append the matrix's quality sentence (report_quality.h) to buf. */
static void quality_note(char *buf, size_t len, const struct run *r,
			 const struct path *p, uint64_t param)
{
	struct cell_counts k = param_counts(r, p, param);
	size_t used = strlen(buf);

	if (used + 1 < len)
		snprintf(buf + used, len - used, " ");
	used = strlen(buf);
	quality_sentence(buf + used, len - used, &k);
}

/*
 * The batch and threads timed: at param, or (param UINT64_MAX) over the
 * path's sizes, which may differ (4 KiB in batches of 32, 2 MiB in pairs).
 */
static void batch_words(char *buf, size_t len, const struct path *p,
			uint64_t param)
{
	unsigned b = p->k.batch, mixed = 0;

	for (size_t i = 0; i < p->nparams; i++) {
		if (param != UINT64_MAX && p->param[i] == param)
			b = p->batch[i];
		mixed |= param == UINT64_MAX && p->batch[i] != p->batch[0];
	}
	if (mixed) {
		size_t used;

		snprintf(buf, len, "Batch sizes by size:");
		for (size_t i = 0; i < p->nparams; i++) {
			char par[32];

			used = strlen(buf);
			format_param(par, sizeof(par), p->param[i], p->by_order);
			snprintf(buf + used, len - used, "%s %s: %u",
				 i ? "," : "", par, p->batch[i]);
		}
		used = strlen(buf);
		snprintf(buf + used, len - used, "; %u thread%s.", p->k.threads,
			 p->k.threads == 1 ? "" : "s");
		return;
	}
	if (param == UINT64_MAX && p->nparams)
		b = p->batch[0];
	snprintf(buf, len, "%s%u%s, %u thread%s.",
		 b > 1 ? "Batches of " : "Per-op timing (batch ", b,
		 b > 1 ? " ops" : ")", p->k.threads,
		 p->k.threads == 1 ? "" : "s");
}

/*
 * A matrix cell's p50 as its table shows it (report_cells.c's digits),
 * with its unit: "ns" added when the text has none.
 */
static void p50_text(char *buf, size_t len, const struct table_cell *tc)
{
	size_t n = strlen(tc->text);
	int unit = n && ((tc->text[n - 1] >= 'a' && tc->text[n - 1] <= 'z') ||
			 (tc->text[n - 1] >= 'A' && tc->text[n - 1] <= 'Z'));

	snprintf(buf, len, "%.24s%s", tc->text, unit ? "" : " ns");
}

/* ln(p50) of c's repetitions, summarised as compare and the summary do. */
static void cell_logs(const struct run_cell *c, struct stat_logsample *out)
{
	stat_log_summarize(c->p50_ns, c->nreps,
			   stat_floor_var(0, 1, MATRIX_BUCKET_REL), out);
}

int matrix_ratio(const struct run_cell *c, const struct run_cell *local,
		 struct matrix_ratio *out)
{
	struct stat_logsample ls, cs;
	struct stat_test t;

	memset(out, 0, sizeof(*out));
	out->ratio = out->lo = out->hi = NAN;
	if (!c || !c->nreps || !local || !local->nreps)
		return -1;
	if (c == local) {
		out->ratio = out->lo = out->hi = 1;
		out->local = 1;
		return 0;
	}
	cell_logs(local, &ls);
	cell_logs(c, &cs);
	if (!ls.n || !cs.n)
		return -1;
	out->ratio = cs.geo / ls.geo;
	if (stat_welch_log(&ls, &cs, STATS_CONF, &t))
		return 0;	/* a side with one repetition: no interval */
	out->ratio = t.ratio;
	out->lo = t.lo;
	out->hi = t.hi;
	out->judged = 1;
	out->different = !(t.lo <= 1 && t.hi >= 1);
	return 0;
}

/* Nodes of a column that are nodes (not the empty column's -1). */
static size_t real_nodes(const int *node, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += node[i] >= 0;
	return k;
}

/* The local cell of row cpu: (cpu, cpu) when it has a repetition. */
static const struct run_cell *row_local(const struct run *r,
					const struct path *p, int cpu,
					uint64_t param)
{
	const struct run_cell *c = cpu >= 0 ?
				   path_cell(r, p, cpu, cpu, param) : NULL;

	return c && c->nreps ? c : NULL;
}

/*
 * Why p's matrix at param gets no heatmap, or NULL: it needs two CPU
 * nodes, two memory nodes and a row with a local cell to divide by.
 */
static const char *no_heatmap_why(const struct run *r, const struct path *p,
				  uint64_t param)
{
	if (real_nodes(p->cpu, p->ncpu) < 2 || real_nodes(p->mem, p->nmem) < 2)
		return "No heatmap: it needs two CPU nodes and two memory nodes.";
	for (size_t i = 0; i < p->ncpu; i++)
		if (row_local(r, p, p->cpu[i], param))
			return NULL;
	return "No heatmap: no row has a local cell (CPU node = memory node) to divide by.";
}

/*
 * Beside the matrix (the section's last item), its remote/local heatmap:
 * each cell's p50 over its row's local p50, coloured on the report's one
 * scale; text the ratio ("local", "≈1" when not different), sub the
 * cell's absolute p50.
 */
static int matrix_heatmap(struct report_section *s, const struct run *r,
			  const struct path *p, uint64_t param)
{
	size_t ti = s->nitems - 1;
	struct report_item *it = report_add_item(s, ITEM_PLOT);
	char nolocal[160] = "", one[80] = "", nstr[96];
	size_t nl = 0, minreps = (size_t)-1, maxreps = 0;
	const struct table *t;
	struct plot *pl;

	if (!it)
		return -1;
	t = &s->items[ti].table;	/* adding the plot moved the items */
	if (plot_init(&it->plot, t->ncols, t->nrows))
		return -1;
	pl = &it->plot;
	pl->kind = PLOT_HEATMAP;
	pl->beside_table = 1;
	snprintf(pl->id, sizeof(pl->id), "heat-%.58s", t->id + strlen("matrix-"));
	/* the table's title less its ": p50 (p99)": the path and size */
	snprintf(pl->title, sizeof(pl->title), "%.*s: p50 / local p50",
		 (int)strcspn(t->title, ":"), t->title);
	snprintf(pl->xlabel, sizeof(pl->xlabel), "memory node");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "CPU node");
	snprintf(pl->cblabel, sizeof(pl->cblabel),
		 "p50 / local p50 of the CPU's node, log scale");
	pl->cbmin = MATRIX_RATIO_MIN;
	pl->cbmax = MATRIX_RATIO_MAX;
	pl->cblog = 1;
	for (size_t j = 0; j < t->ncols; j++)
		snprintf(pl->xtic[j], sizeof(pl->xtic[j]), "%d", p->mem[j]);
	for (size_t i = 0; i < t->nrows; i++) {
		struct plot_series *se = &pl->series[i];
		int cpu = p->cpu[i];
		const struct run_cell *local = row_local(r, p, cpu, param);

		if (cpu >= 0)
			snprintf(se->name, sizeof(se->name), "%d", cpu);
		else
			snprintf(se->name, sizeof(se->name), "none");
		if (!local && strlen(nolocal) < sizeof(nolocal) - 8)
			snprintf(nolocal + strlen(nolocal),
				 sizeof(nolocal) - strlen(nolocal), "%s%s",
				 nl++ ? ", " : "", se->name);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct run_cell *c = path_cell(r, p, cpu,
							     p->mem[j], param);
			struct matrix_ratio m;

			if (!c || !c->nreps) {	/* the table says why */
				snprintf(se->text[j], sizeof(se->text[j]),
					 "%.31s", t->cells[i * t->ncols + j].text);
				continue;
			}
			p50_text(se->sub[j], sizeof(se->sub[j]),
				 &t->cells[i * t->ncols + j]);
			minreps = c->nreps < minreps ? c->nreps : minreps;
			maxreps = c->nreps > maxreps ? c->nreps : maxreps;
			if (matrix_ratio(c, local, &m)) {
				snprintf(se->text[j], sizeof(se->text[j]),
					 "no local");
			} else if (m.local) {
				snprintf(se->text[j], sizeof(se->text[j]), "local");
				se->y[j] = 1;
			} else if (!m.judged) {
				snprintf(se->text[j], sizeof(se->text[j]),
					 "%.2f*", m.ratio);
				snprintf(one, sizeof(one),
					 " *: one repetition, no interval: not coloured.");
			} else if (!m.different) {
				snprintf(se->text[j], sizeof(se->text[j]), "≈1");
				se->y[j] = 1;
			} else {
				snprintf(se->text[j], sizeof(se->text[j]),
					 "%.2f", m.ratio);
				se->y[j] = m.ratio;
			}
		}
	}
	if (minreps > maxreps)
		minreps = maxreps;
	if (minreps == maxreps)
		snprintf(nstr, sizeof(nstr), "%zu", maxreps);
	else
		snprintf(nstr, sizeof(nstr), "%zu to %zu", minreps, maxreps);
	snprintf(pl->note, sizeof(pl->note),
		 "Remote/local: each cell's p50 over the p50 of its row's local cell (CPU node = memory node), geometric means over the repetitions (%s per cell); below it the cell's p50 as in the table. Colour on one log scale for every heatmap of the report, %.2g to %g (beyond: the end colours), blue faster and red slower than local; white and marked as approximately 1: the ratio's 95 %% Welch interval over the repetitions includes 1; grey: no ratio.%s%s%s%s",
		 nstr, MATRIX_RATIO_MIN, MATRIX_RATIO_MAX, one,
		 nl ? " CPU node " : "", nolocal,
		 nl ? ": no local cell (no memory on the node, or its cell missing), absolute p50 only." : "");
	return 0;
}

/*
 * A table none of whose cells has a number, every one for the same reason
 * (a mode this run skipped, e.g. cold under TCG): a line saying so, not a
 * grid of "skipped". 1 when it replaced the table item it.
 */
static int unmeasured_to_note(struct report_item *it,
			      const struct note_list *notes)
{
	const struct table *t = &it->table;
	char title[sizeof(t->title)];

	if (notes->n != 1)
		return 0;
	for (size_t k = 0; k < t->nrows * t->ncols; k++)
		if (t->cells[k].has_value)
			return 0;
	snprintf(title, sizeof(title), "%s", t->title);
	table_free(&it->table);
	it->kind = ITEM_NOTE;
	snprintf(it->note, sizeof(it->note), "%s: not measured in this run: %s.",
		 title, notes->text[0]);
	return 1;
}

static int one_matrix(struct report_section *s, const struct run *r,
		      const struct path *p, uint64_t param)
{
	struct report_item *it = report_add_item(s, ITEM_TABLE);
	struct note_list notes = { .n = 0 };
	char name[128], bw[600];
	const char *why = no_heatmap_why(r, p, param);
	struct table *t;

	if (!it || table_init(&it->table, p->ncpu, p->nmem))
		return -1;
	t = &it->table;
	path_param_name(name, sizeof(name), p, param);
	path_param_id(t->id, sizeof(t->id), "matrix", p, param);
	snprintf(t->title, sizeof(t->title), "%s: p50 (p99)", name);
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
	batch_words(bw, sizeof(bw), p, param);
	quality_note(bw, sizeof(bw), r, p, param);
	if (why)
		snprintf(bw + strlen(bw), sizeof(bw) - strlen(bw), " %s", why);
	caption_with_notes(t->caption, sizeof(t->caption), bw, &notes);
	if (unmeasured_to_note(it, &notes))
		return 0;
	return why ? 0 : matrix_heatmap(s, r, p, param);
}

int report_matrices(struct report_section *s, const struct run *r,
		    const struct path *paths, size_t npaths)
{
	if (report_add_text(s, ITEM_HEADING, "Node x node matrices") ||
	    report_add_text(s, ITEM_NOTE, "Each cell: p50 with the p99 in parentheses, each the median over the repetitions of that repetition's percentile, with its unit and to the precision of its histogram bucket (a p99 needs 100 samples: where only some repetitions have one, the cell says how many); rows: the node of the timing CPU, columns: the node of the memory. At the smallest, middle and largest size or order of each path, its table and beside it, when the path has two CPU and two memory nodes, a heatmap of each cell's p50 over its row's local p50 on one colour scale for the whole report."))
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

/*
 * The curve figure of p: one line per class of node pairs (report_pairs.h)
 * instead of one per pair, which would lie on top of each other.
 */
static int curve_plot(struct report_section *s, const struct run *r,
		      const struct path *p, const char *name, const char *bw)
{
	struct pair_group cls[PAIR_GROUP_MAX];
	size_t ncls = pair_groups(r, p, cls, PAIR_GROUP_MAX), nseries = 0;
	struct report_item *pi = report_add_item(s, ITEM_PLOT);
	size_t minreps = (size_t)-1, maxreps = 0;
	char nstr[96];
	int p99 = 0;
	struct plot *pl;

	if (!pi || plot_init(&pi->plot, p->nparams, ncls))
		return -1;
	pl = &pi->plot;
	snprintf(pl->id, sizeof(pl->id), "curve-%.50s", name);
	id_sanitize(pl->id);
	snprintf(pl->xlabel, sizeof(pl->xlabel), "%s",
		 p->by_order ? "order (2^order pages)" : "size (bytes, log2 scale)");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "p50");
	snprintf(pl->y2label, sizeof(pl->y2label), "p99");
	pl->y_ns = 1;
	pl->xlog2 = !p->by_order;
	/* the main part shows each kernel case in its default mode; the
	 * allocator charts stand for the userspace allocators' curves */
	pl->detail = run_mode_label(&p->k) != NULL ||
		     strcmp(p->k.allocator, "kernel") != 0;
	for (size_t k = 0; k < p->nparams; k++) {
		pl->x[k] = (double)p->param[k];
		format_param(pl->xtic[k], sizeof(pl->xtic[k]), p->param[k],
			     p->by_order);
	}
	for (size_t i = 0; i < ncls; i++) {
		struct plot_series *se = &pl->series[nseries];
		int any = 0;

		snprintf(se->name, sizeof(se->name), "%s", cls[i].name);
		for (size_t k = 0; k < p->nparams; k++) {
			struct group_value v;

			if (group_p50(r, p, &cls[i], p->param[k], 0, &v))
				continue;
			se->y[k] = v.geo;
			/* one repetition: a bar of no length, the point kept */
			se->lo[k] = v.nreps >= 2 ? v.lo : v.geo;
			se->hi[k] = v.nreps >= 2 ? v.hi : v.geo;
			se->y2[k] = v.p99;
			p99 |= !isnan(v.p99);
			minreps = v.nreps < minreps ? v.nreps : minreps;
			maxreps = v.nreps > maxreps ? v.nreps : maxreps;
			any = 1;
		}
		if (any)
			nseries++;
	}
	/* classes that are all skipped draw no line; with no line at all,
	 * no figure: the table beside it says why each cell is n/a */
	if (!nseries) {
		plot_free(pl);
		pi->kind = ITEM_NOTE;
		snprintf(pi->note, sizeof(pi->note),
			 "%s: no figure: no cell of the path has a value (the table gives each cell's reason).",
			 name);
		return 0;
	}
	plot_truncate(pl, nseries);
	snprintf(pl->title, sizeof(pl->title), "%s: p50%s by %s", name,
		 p99 ? " and p99" : "", p->by_order ? "order" : "size");
	reps_words(nstr, sizeof(nstr), minreps, maxreps);
	snprintf(pl->note, sizeof(pl->note),
		 "One line per class of node pairs (cpu node-memory node): local, remote at each SLIT distance, or one CPU node where the path has no memory node. Points: the geometric mean of the class's p50 over its pairs and repetitions; error bars: its 95 %% Student t interval over the repetitions (per repetition the mean over the pairs; %s).%s %s",
		 nstr,
		 p99 ? " Below, dashed: the p99, geometric mean over pairs and repetitions where every repetition has one (no error bars)." : "",
		 bw);
	return 0;
}

static int one_curve(struct report_section *s, const struct run *r,
		     const struct path *p)
{
	int pairs[64][2];
	size_t npairs = pairs_of(r, p, pairs, 64);
	struct report_item *ti = report_add_item(s, ITEM_TABLE);
	struct note_list notes = { .n = 0 };
	char name[96], bw[400];
	struct table *t;

	if (!ti || table_init(&ti->table, npairs, p->nparams))
		return -1;
	t = &ti->table;
	path_name(name, sizeof(name), p);
	snprintf(t->id, sizeof(t->id), "curve-%.50s", name);
	id_sanitize(t->id);
	snprintf(t->title, sizeof(t->title), "%s: p50 by %s", name,
		 p->by_order ? "order" : "size");
	snprintf(t->corner, sizeof(t->corner), "cpu, mem node");
	for (size_t k = 0; k < p->nparams; k++)
		format_param(t->col_label[k], sizeof(t->col_label[k]),
			     p->param[k], p->by_order);
	for (size_t i = 0; i < npairs; i++) {
		pair_label(t->row_label[i], sizeof(t->row_label[i]),
			   pairs[i][0], pairs[i][1]);
		for (size_t k = 0; k < p->nparams; k++)
			cell_fill(table_at(t, i, k),
				  path_cell(r, p, pairs[i][0], pairs[i][1],
					    p->param[k]), 0, &notes);
	}
	batch_words(bw, sizeof(bw), p, UINT64_MAX);
	caption_with_notes(t->caption, sizeof(t->caption), bw, &notes);
	if (unmeasured_to_note(ti, &notes))
		return 0;
	return curve_plot(s, r, p, name, bw);
}

int report_curves(struct report_section *s, const struct run *r,
		  const struct path *paths, size_t npaths)
{
	int any = 0;

	if (report_add_text(s, ITEM_HEADING, "Per-size and per-order curves") ||
	    report_add_text(s, ITEM_NOTE, "Tables (in the appendix): p50 with its unit, the median over the repetitions of each repetition's p50, one row per node pair (the timing CPU's node, the memory's node). Plots: one line per class of node pairs (local, each remote distance), the class's geometric mean p50 with its 95 % interval over the repetitions; below, in the same colours, the p99 where the cells have the 100 samples it needs. Plots of each kernel case in its default mode, timed at three sizes or more, are in the main part; those of other modes, of each userspace allocator (the allocator charts compare them) and of two sizes are beside their tables in the appendix."))
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
