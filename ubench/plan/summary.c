// SPDX-License-Identifier: GPL-2.0
/* The plan before the run: see summary.h. */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stoprule.h"

double plan_bound_s(const struct plan *pl, const struct profile *p)
{
	size_t runnable = 0;

	if (p->cell_budget_s <= 0)
		return -1;
	for (size_t i = 0; i < pl->ncells; i++)
		runnable += !pl->cells[i].skip[0];
	return (double)runnable * p->reps * p->cell_budget_s;
}

double plan_cell_estimate_s(const struct profile *p, double per_sample_s,
			    double cv)
{
	uint64_t lo = p->min_samples > 1 ? p->min_samples : 2, hi = p->iterations;
	double t;

	if (p->precision_pct <= 0 || !isfinite(cv) || cv < 0)
		lo = hi;	/* a fixed count, or no spread known */
	else if (lo >= hi || stop_ci_pct(lo, 1, cv) <= p->precision_pct)
		hi = lo < hi ? lo : hi;
	/* the fewest samples in (lo, hi] whose interval is narrow enough */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (stop_ci_pct(mid, 1, cv) <= p->precision_pct)
			hi = mid;
		else
			lo = mid + 1;
	}
	t = (double)(hi ? hi : 1) * per_sample_s;
	/*
	 * The budget stops it after the sample that spent it: half a sample
	 * past it on average, one sample at least. (A default run in TCG:
	 * its kernel suite took 252 s; estimated from its cells, 257 s.)
	 */
	if (p->cell_budget_s > 0) {
		double cap = p->cell_budget_s + per_sample_s / 2;

		if (cap < per_sample_s)
			cap = per_sample_s;
		if (t > cap)
			t = cap;
	}
	return t;
}

/* One path: a case in one mode, its cells and skipped ones. */
struct path_count {
	const struct kbench_case_info *kcase;
	unsigned mode;
	size_t cells, skipped;
};

/* The entry of cell c in v[0..*n), added when new (v holds pl->ncells). */
static struct path_count *path_of(struct path_count *v, size_t *n,
				  const struct cell *c)
{
	for (size_t i = 0; i < *n; i++)
		if (v[i].kcase == c->kcase && v[i].mode == c->mode)
			return &v[i];
	v[*n] = (struct path_count){ .kcase = c->kcase, .mode = c->mode };
	return &v[(*n)++];
}

void plan_summary(FILE *f, const struct plan *pl, const struct profile *p,
		  size_t user_cells, const struct plan_estimate *est)
{
	struct path_count *v = calloc(pl->ncells ? pl->ncells : 1, sizeof(*v));
	double bound = plan_bound_s(pl, p);
	size_t skipped_all = 0, n = 0;

	if (!v) {
		fprintf(f, "out of memory\n");
		return;
	}
	for (size_t i = 0; i < pl->ncells; i++) {
		struct path_count *e = path_of(v, &n, &pl->cells[i]);

		e->cells++;
		e->skipped += !!pl->cells[i].skip[0];
		skipped_all += !!pl->cells[i].skip[0];
	}
	fprintf(f, "%-24s %-6s %6s %8s\n", "kernel case", "mode", "cells",
		"skipped");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%-24s %-6s %6zu %8zu\n", v[i].kcase->name,
			kbench_mode_name(v[i].mode), v[i].cells, v[i].skipped);
	free(v);
	fprintf(f, "kernel: %zu cells (%zu skipped) x %u reps; user: %zu cells x %u reps\n",
		pl->ncells, skipped_all, p->reps, user_cells, p->reps);
	fprintf(f, "each kernel cell: until +-%g %% (95 %% interval), %g s or %u samples\n",
		p->precision_pct, p->cell_budget_s, p->iterations);
	if (bound >= 0)
		fprintf(f, "kernel suite: at most %.0f s of sampling (cells x reps x cell_budget), plus setup\n",
			bound);
	else
		fprintf(f, "kernel suite: no cell budget, so no bound but iterations\n");
	if (est && est->from)
		fprintf(f, "kernel suite: about %.0f s estimated from run %s (%zu of %zu runnable cells measured there: their cost per sample and spread; the rest at their budget)\n",
			est->kernel_s, est->from, est->matched,
			pl->ncells - skipped_all);
	else
		fprintf(f, "kernel suite: no earlier complete run of this host, kernel and executor under results/ to estimate from\n");
	if (user_cells && p->cell_budget_s > 0)
		fprintf(f, "user suite: at most about %.0f s of sampling (cells x reps x cell_budget; a round in progress finishes)\n",
			(double)user_cells * p->reps * p->cell_budget_s);
}
