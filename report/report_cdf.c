// SPDX-License-Identifier: GPL-2.0
/*
 * Latency CDFs (see report_cdf.h): a class's histograms merged, then at
 * every latency where any class has a bucket, each class's fraction of
 * samples at or below it, so that all lines share one x column.
 */
#include "report_cdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_pairs.h"
#include "rundir/hist.h"

static int run_has_hist(const struct run *r)
{
	for (size_t i = 0; i < r->ncells; i++)
		if (r->cells[i].hist && r->cells[i].hist->n)
			return 1;
	return 0;
}

/* Class c's cells of p at param merged into h; ns per unit, 0 if none. */
static double group_hist(const struct run *r, const struct path *p,
			 const struct pair_group *c, uint64_t param,
			 struct hist *h)
{
	double per = 0;

	hist_init(h);
	for (size_t i = 0; i < p->ncpu; i++)
		for (size_t j = 0; j < p->nmem; j++) {
			const struct run_cell *cl;

			if (!pair_in_group(r, c, p->cpu[i], p->mem[j]))
				continue;
			cl = path_cell(r, p, p->cpu[i], p->mem[j], param);
			if (!cl || !cl->hist || !cl->hist->n ||
			    !(cl->hist_ns_per_unit > 0))
				continue;
			/* one run has one timer: the first cell's unit */
			if (!per)
				per = cl->hist_ns_per_unit;
			hist_merge(h, cl->hist);
		}
	return h->n ? per : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The ascending distinct latencies (ns) of the buckets of n histograms. */
static size_t union_x(struct hist *const *h, const double *per, size_t n,
		      double **out)
{
	size_t cap = 0, m = 0, k = 0;
	double *x;

	for (size_t s = 0; s < n; s++)
		for (unsigned b = 0; per[s] > 0 && b < HIST_NBUCKETS; b++)
			cap += h[s]->counts[b] != 0;
	x = malloc((cap + 1) * sizeof(*x));
	if (!x)
		return (size_t)-1;
	for (size_t s = 0; s < n; s++)
		for (unsigned b = 0; per[s] > 0 && b < HIST_NBUCKETS; b++)
			if (h[s]->counts[b])
				x[m++] = (double)hist_bucket_value(b) * per[s];
	qsort(x, m, sizeof(*x), cmp_double);
	for (size_t i = 0; i < m; i++)
		if (!k || x[i] != x[k - 1])
			x[k++] = x[i];
	*out = x;
	return k;
}

static int one_cdf(struct report_section *s, const struct run *r,
		   const struct path *p, uint64_t param)
{
	struct pair_group cls[PAIR_GROUP_MAX];
	size_t ncls = pair_groups(r, p, cls, PAIR_GROUP_MAX), nx, ns = 0;
	struct hist *h[PAIR_GROUP_MAX];
	double per[PAIR_GROUP_MAX], *x = NULL;
	char name[128];
	struct report_item *it;
	struct plot *pl;
	int ret = -1;

	for (size_t c = 0; c < ncls; c++) {
		h[c] = malloc(sizeof(*h[c]));
		if (!h[c]) {
			ncls = c;
			goto out;
		}
		per[c] = group_hist(r, p, &cls[c], param, h[c]);
	}
	nx = union_x(h, per, ncls, &x);
	if (nx == (size_t)-1)
		goto out;
	ret = 0;
	if (!nx)
		goto out;	/* no histogram at this size: no figure */
	ret = -1;
	it = report_add_item(s, ITEM_PLOT);
	if (!it || plot_init(&it->plot, nx, ncls))
		goto out;
	pl = &it->plot;
	path_param_name(name, sizeof(name), p, param);
	path_param_id(pl->id, sizeof(pl->id), "cdf", p, param);
	pl->kind = PLOT_CDF;
	snprintf(pl->title, sizeof(pl->title), "%s: latency CDF", name);
	snprintf(pl->xlabel, sizeof(pl->xlabel), "latency per op, log scale");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "fraction of samples at or below");
	pl->x_ns = 1;
	memcpy(pl->x, x, nx * sizeof(*x));
	for (size_t c = 0; c < ncls; c++) {
		struct plot_series *se = &pl->series[ns];
		uint64_t below = 0;
		size_t b = 0;

		if (!per[c])
			continue;	/* the class has no histogram here */
		snprintf(se->name, sizeof(se->name), "%.100s (n=%llu)",
			 cls[c].name, (unsigned long long)h[c]->n);
		for (size_t i = 0; i < nx; i++) {
			while (b < HIST_NBUCKETS &&
			       (double)hist_bucket_value((unsigned)b) * per[c] <= x[i])
				below += h[c]->counts[b++];
			se->y[i] = (double)below / (double)h[c]->n;
		}
		ns++;
	}
	plot_truncate(pl, ns);
	snprintf(pl->note, sizeof(pl->note),
		 "Fraction of the samples (per-op latencies, disturbed samples left out) at or below each latency, from hist.jsonl's histograms (buckets 1/64 of a power of two wide, drawn at their midpoints), merged over the repetitions and the node pairs (cpu node-memory node) of each line; n: samples. %s%u, %u thread%s.",
		 p->k.batch > 1 ? "Batches of " : "Batch ", p->k.batch,
		 p->k.threads, p->k.threads == 1 ? "" : "s");
	ret = 0;
out:
	for (size_t c = 0; c < ncls; c++)
		free(h[c]);
	free(x);
	return ret;
}

int report_cdfs(struct report_section *s, const struct run *r,
		const struct path *paths, size_t npaths)
{
	if (!run_has_hist(r))
		return 0;	/* no hist.jsonl: nothing to draw, nothing to say */
	if (report_add_text(s, ITEM_HEADING, "Latency distributions") ||
	    report_add_text(s, ITEM_NOTE, "For each kernel path at its middle size or order (the one the summary gives): the cumulative distribution of the per-op latency, one line for the local node pairs and one per remote distance."))
		return -1;
	/* one per path: the summary's size, not three (a figure each) */
	for (size_t i = 0; i < npaths; i++)
		if (!strcmp(paths[i].k.suite, "kernel") &&
		    one_cdf(s, r, &paths[i], path_middle_param(r, &paths[i])))
			return -1;
	return 0;
}
