// SPDX-License-Identifier: GPL-2.0
/* The plan before the run: see summary.h. */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

double plan_bound_s(const struct plan *pl, const struct profile *p)
{
	size_t runnable = 0;

	if (p->cell_budget_s <= 0)
		return -1;
	for (size_t i = 0; i < pl->ncells; i++)
		runnable += !pl->cells[i].skip[0];
	return (double)runnable * p->reps * p->cell_budget_s;
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
		  size_t user_cells)
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
}
