// SPDX-License-Identifier: GPL-2.0
/* Node pairs in classes and a class's value: see report_pairs.h. */
#include "report_pairs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int group_of(const struct run *r, int cpu, int mem,
		    struct pair_group *c)
{
	memset(c, 0, sizeof(*c));
	c->distance = -1;
	if (cpu < 0 && mem < 0)
		return -1;	/* neither node: nothing to class */
	if (mem < 0) {
		c->kind = GROUP_NO_MEM;
		c->node = cpu;
	} else if (cpu < 0) {
		c->kind = GROUP_NO_CPU;
		c->node = mem;
	} else if (cpu == mem) {
		c->kind = GROUP_LOCAL;
	} else {
		c->kind = GROUP_REMOTE;
		c->distance = run_distance(&r->meta, cpu, mem);
	}
	return 0;
}

static int same_group(const struct pair_group *a, const struct pair_group *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == GROUP_REMOTE)
		return a->distance == b->distance;
	return a->kind == GROUP_LOCAL || a->node == b->node;
}

/* local, remote by distance (unknown last), no memory, no CPU */
static int group_before(const struct pair_group *a, const struct pair_group *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind;
	if (a->kind == GROUP_REMOTE)
		return (unsigned)a->distance < (unsigned)b->distance;
	return a->node < b->node;
}

int pair_in_group(const struct run *r, const struct pair_group *c, int cpu,
		  int mem)
{
	struct pair_group k;

	return !group_of(r, cpu, mem, &k) && same_group(&k, c);
}

static int pair_has_cell(const struct run *r, const struct path *p, int cpu,
			 int mem)
{
	for (size_t k = 0; k < p->nparams; k++)
		if (path_cell(r, p, cpu, mem, p->param[k]))
			return 1;
	return 0;
}

/* The class's title and its pairs. */
static void group_name(const struct run *r, const struct path *p,
		       struct pair_group *c)
{
	size_t len = 0, n = 0;
	char *b = c->name;

	switch (c->kind) {
	case GROUP_LOCAL:
		len = (size_t)snprintf(b, sizeof(c->name), "local:");
		break;
	case GROUP_REMOTE:
		if (c->distance < 0)
			len = (size_t)snprintf(b, sizeof(c->name), "remote:");
		else
			len = (size_t)snprintf(b, sizeof(c->name),
					       "distance %d:", c->distance);
		break;
	case GROUP_NO_MEM:
		snprintf(b, sizeof(c->name), "cpu node %d, no memory node",
			 c->node);
		return;
	case GROUP_NO_CPU:
		snprintf(b, sizeof(c->name), "memory node %d, no cpu node",
			 c->node);
		return;
	}
	for (size_t i = 0; i < p->ncpu; i++)
		for (size_t j = 0; j < p->nmem; j++) {
			int cpu = p->cpu[i], mem = p->mem[j];

			if (!pair_in_group(r, c, cpu, mem) ||
			    !pair_has_cell(r, p, cpu, mem) ||
			    len + 16 >= sizeof(c->name))
				continue;
			len += (size_t)snprintf(b + len, sizeof(c->name) - len,
						"%s %d-%d", n++ ? "," : "",
						cpu, mem);
		}
}

size_t pair_groups(const struct run *r, const struct path *p,
		    struct pair_group *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < p->ncpu; i++)
		for (size_t j = 0; j < p->nmem; j++) {
			struct pair_group c;
			size_t at = 0;

			if (group_of(r, p->cpu[i], p->mem[j], &c) ||
			    !pair_has_cell(r, p, p->cpu[i], p->mem[j]))
				continue;
			while (at < n && !same_group(&out[at], &c))
				at++;
			if (at < n || n == cap)
				continue;
			while (at > 0 && group_before(&c, &out[at - 1])) {
				out[at] = out[at - 1];
				at--;
			}
			out[at] = c;
			n++;
		}
	for (size_t i = 0; i < n; i++)
		group_name(r, p, &out[i]);
	return n;
}

/*
 * The cell of p's test at (cpu, mem, param) timed in batches of batch, at
 * p's threads: a batch the path itself may not stand for.
 */
static const struct run_cell *batch_cell(const struct run *r,
					 const struct path *p, int cpu,
					 int mem, uint64_t param,
					 unsigned batch)
{
	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];

		if (c->k.cpu_node == cpu && c->k.mem_node == mem &&
		    c->k.batch == batch && c->k.threads == p->k.threads &&
		    (!p->by_order || c->k.order >= 0) &&
		    path_param(p, c) == param && cell_of_test(c, p))
			return c;
	}
	return NULL;
}

/* A p50's variance floor: the histogram bucket (1/64 wide) it sits in. */
#define BUCKET_REL (1.0 / 64)

static void rep_fold_add(struct rep_fold *f, long rep, double p50)
{
	size_t i = 0;

	if (!(p50 > 0))
		return;
	while (i < f->nreps && f->rep[i] != rep)
		i++;
	if (i == f->nreps) {
		if (f->nreps == REP_FOLD_MAX)
			return;
		f->rep[i] = rep;
		f->sum[i] = 0;
		f->n[i] = 0;
		f->nreps++;
	}
	f->sum[i] += log(p50);
	f->n[i]++;
}

void rep_fold_cell(struct rep_fold *f, const struct run_cell *c)
{
	for (size_t k = 0; k < c->nreps; k++)
		rep_fold_add(f, c->unit && c->unit[k].rep >= 0 ?
			     c->unit[k].rep : (long)k, c->p50_ns[k]);
}

size_t rep_fold_units(const struct rep_fold *f, double *y)
{
	for (size_t i = 0; i < f->nreps; i++)
		y[i] = f->sum[i] / f->n[i];
	return f->nreps;
}

int group_p50(const struct run *r, const struct path *p,
	      const struct pair_group *c, uint64_t param, unsigned batch,
	      struct group_value *out)
{
	const struct run_cell *cells[PATH_MAX_NODES * 4];
	size_t ncells = 0, nunits, np99 = 0, nall = 0;
	double y[REP_FOLD_MAX], lp99 = 0;
	struct rep_fold *f = calloc(1, sizeof(*f));
	struct stat_logsample s;

	memset(out, 0, sizeof(*out));
	out->geo = out->lo = out->hi = out->p99 = NAN;
	if (!f)
		return -1;
	for (size_t i = 0; i < p->ncpu; i++)
		for (size_t j = 0; j < p->nmem; j++) {
			const struct run_cell *cl;

			if (!pair_in_group(r, c, p->cpu[i], p->mem[j]) ||
			    ncells == sizeof(cells) / sizeof(cells[0]))
				continue;
			cl = batch ? batch_cell(r, p, p->cpu[i], p->mem[j],
						param, batch) :
				     path_cell(r, p, p->cpu[i], p->mem[j], param);
			if (!cl || !cl->nreps)
				continue;
			cells[ncells++] = cl;
			rep_fold_cell(f, cl);
		}
	/* the p99: every repetition of every cell has one, or none */
	for (size_t i = 0; i < ncells; i++)
		for (size_t k = 0; k < cells[i]->nreps; k++) {
			double v99 = cells[i]->p99_ns ? cells[i]->p99_ns[k] :
				     NAN;

			if (!(cells[i]->p50_ns[k] > 0))
				continue;
			nall++;
			if (v99 > 0) {
				lp99 += log(v99);
				np99++;
			}
		}
	nunits = rep_fold_units(f, y);
	free(f);
	if (!nunits)
		return -1;
	stat_summarize_logs(y, nunits, stat_floor_var(0, 1, BUCKET_REL), &s);
	out->geo = s.geo;
	out->nreps = nunits;
	out->ncells = ncells;
	if (nunits >= 2) {
		double h = stat_t_quantile(0.5 + STATS_CONF / 2, s.df) *
			   sqrt(s.var / (double)nunits);

		out->lo = exp(s.mean - h);
		out->hi = exp(s.mean + h);
	}
	if (np99 && np99 == nall)
		out->p99 = exp(lp99 / (double)np99);
	return 0;
}

void reps_words(char *buf, size_t len, size_t minreps, size_t maxreps)
{
	if (minreps > maxreps)
		minreps = maxreps;	/* no value at all */
	if (minreps == maxreps)
		snprintf(buf, len, "n = %zu", maxreps);
	else
		snprintf(buf, len, "n = %zu to %zu", minreps, maxreps);
	if (minreps < 2)
		snprintf(buf + strlen(buf), len - strlen(buf),
			 "; no bar where there is one repetition");
}
