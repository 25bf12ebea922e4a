// SPDX-License-Identifier: GPL-2.0
/*
 * Cost against batch size (see report_batch.h): a path's batch sizes, one
 * line per representative size or order at the local pairs (or, for a
 * path without a memory node, the lowest CPU node's cells).
 */
#include "report_batch.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_pairs.h"

#define MAX_BATCHES 16

/* The batch sizes p's test was measured at, with p's threads, ascending. */
static size_t batches_of(const struct run *r, const struct path *p,
			 unsigned *out)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];
		unsigned b = c->k.batch;
		size_t j = 0;

		if (!cell_of_test(c, p) || c->k.threads != p->k.threads ||
		    (c->k.order >= 0) != p->by_order)
			continue;
		while (j < n && out[j] < b)
			j++;
		if ((j < n && out[j] == b) || n == MAX_BATCHES)
			continue;
		memmove(out + j + 1, out + j, (n - j) * sizeof(*out));
		out[j] = b;
		n++;
	}
	return n;
}

/* The class the figure shows: the local pairs, else the first there is. */
static int batch_group(const struct run *r, const struct path *p,
		       struct pair_group *out)
{
	struct pair_group cls[PAIR_GROUP_MAX];
	size_t n = pair_groups(r, p, cls, PAIR_GROUP_MAX);

	if (!n)
		return -1;
	*out = cls[0];	/* local sorts first */
	return 0;
}

static void fill_cell(struct table_cell *out, const struct group_value *v,
		      const struct run *r, const struct path *p)
{
	fill_time_interval(out, v->geo, v->lo, v->hi, v->nreps,
			   time_resolution(r, &p->k, v->geo));
}

static int one_path(struct report_section *s, const struct run *r,
		    const struct path *p, const unsigned *b, size_t nb)
{
	uint64_t par[3];
	size_t npar = representative_params(p, par), nseries = 0;
	struct report_item *ti = report_add_item(s, ITEM_TABLE), *pi;
	struct pair_group cls;
	char name[96], what[320], nstr[96];
	size_t minreps = (size_t)-1, maxreps = 0;
	int user = !strcmp(p->k.suite, "user");
	/* kbench's batch is ops (per-op times); a user test's, pages */
	const char *stat = user ? "p50 per call" : "per-op p50";
	struct table *t;
	struct plot *pl;

	if (!ti || table_init(&ti->table, npar, nb))
		return -1;
	t = &ti->table;
	path_name(name, sizeof(name), p);
	if (batch_group(r, p, &cls))
		snprintf(cls.name, sizeof(cls.name), "no node pair");
	snprintf(t->id, sizeof(t->id), "batch-%.50s", name);
	id_sanitize(t->id);
	snprintf(t->title, sizeof(t->title), "%s: %s by batch size", name,
		 stat);
	snprintf(t->corner, sizeof(t->corner), "%s \\ batch",
		 p->by_order ? "order" : "size");
	for (size_t j = 0; j < nb; j++)
		snprintf(t->col_label[j], sizeof(t->col_label[j]), "%u", b[j]);
	for (size_t i = 0; i < npar; i++) {
		format_param(t->row_label[i], sizeof(t->row_label[i]), par[i],
			     p->by_order);
		if (!p->by_order && !par[i])	/* a case without a size */
			snprintf(t->row_label[i], sizeof(t->row_label[i]),
				 "no size");
		for (size_t j = 0; j < nb; j++) {
			struct group_value v;
			struct table_cell *c = table_at(t, i, j);

			if (group_p50(r, p, &cls, par[i], b[j], &v)) {
				snprintf(c->text, sizeof(c->text), "n/a");
				c->mark = MARK_SKIPPED;
				continue;
			}
			fill_cell(c, &v, r, p);
			minreps = v.nreps < minreps ? v.nreps : minreps;
			maxreps = v.nreps > maxreps ? v.nreps : maxreps;
		}
	}
	if (minreps == (size_t)-1) {
		/* no ok repetition anywhere (a mode the run skipped): a line */
		snprintf(what, sizeof(what), "%s", t->title);
		table_free(&ti->table);
		ti->kind = ITEM_NOTE;
		snprintf(ti->note, sizeof(ti->note),
			 "%s: not measured in this run: no repetition of the path is ok at any batch size (its node x node section says why).",
			 what);
		return 0;
	}
	snprintf(what, sizeof(what), "%s Node pairs (cpu node-memory node), %.120s. %u thread%s.",
		 user ? "Batch: the pages one call or round handles; its time as the test records it, per call." :
		 "Batch: ops per timed region; kbench divides its time by the ops.",
		 cls.name, p->k.threads, p->k.threads == 1 ? "" : "s");
	snprintf(t->caption, sizeof(t->caption),
		 "%s Each cell: the geometric mean of the p50 over the pairs and repetitions, with its 95 %% Student t interval over the n repetitions (per repetition the mean over the pairs); n/a: no ok repetition at that batch size.",
		 what);

	pi = report_add_item(s, ITEM_PLOT);
	if (!pi || plot_init(&pi->plot, nb, npar))
		return -1;
	pl = &pi->plot;
	t = &s->items[s->nitems - 2].table;	/* the plot moved the items */
	snprintf(pl->id, sizeof(pl->id), "batchfig-%.50s", name);
	id_sanitize(pl->id);
	snprintf(pl->title, sizeof(pl->title), "%s: %s by batch size", name,
		 stat);
	snprintf(pl->xlabel, sizeof(pl->xlabel), "batch size (%s, log2 scale)",
		 user ? "pages per call" : "ops per timed region");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "%s", stat);
	pl->y_ns = 1;
	pl->xlog2 = 1;
	for (size_t j = 0; j < nb; j++) {
		pl->x[j] = b[j];
		snprintf(pl->xtic[j], sizeof(pl->xtic[j]), "%u", b[j]);
	}
	for (size_t i = 0; i < npar; i++) {
		struct plot_series *se = &pl->series[nseries];
		int any = 0;

		snprintf(se->name, sizeof(se->name), "%s", t->row_label[i]);
		for (size_t j = 0; j < nb; j++) {
			struct group_value v;

			if (group_p50(r, p, &cls, par[i], b[j], &v))
				continue;
			se->y[j] = v.geo;
			/* one repetition: a bar of no length, the point kept */
			se->lo[j] = v.nreps >= 2 ? v.lo : v.geo;
			se->hi[j] = v.nreps >= 2 ? v.hi : v.geo;
			any = 1;
		}
		if (any)
			nseries++;
	}
	plot_truncate(pl, nseries);
	reps_words(nstr, sizeof(nstr), minreps, maxreps);
	snprintf(pl->note, sizeof(pl->note),
		 "%s One line per size or order. Points: the geometric mean of the p50 over the pairs and repetitions; error bars: its 95 %% Student t interval over the repetitions (%s).",
		 what, nstr);
	return 0;
}

int report_batches(struct report_section *s, const struct run *r,
		   const struct path *paths, size_t npaths)
{
	int any = 0;

	if (report_add_text(s, ITEM_HEADING, "Batch size") ||
	    report_add_text(s, ITEM_NOTE, "Paths measured at several batch sizes: the p50 against the batch size at the local node pairs and the smallest, middle and largest size or order. Kernel paths: per op (kbench times a batch of ops as one region and divides by its ops); user paths: per call, a batch being the pages the call handles."))
		return -1;
	for (size_t i = 0; i < npaths; i++) {
		unsigned b[MAX_BATCHES];
		size_t nb = batches_of(r, &paths[i], b);

		if (nb < 2)
			continue;
		any = 1;
		if (one_path(s, r, &paths[i], b, nb))
			return -1;
	}
	if (!any)
		return report_add_text(s, ITEM_NOTE,
				       "No path of this run was measured at more than one batch size.");
	return 0;
}
