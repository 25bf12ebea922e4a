// SPDX-License-Identifier: GPL-2.0
/*
 * The verdicts of a cell that need no test of its time: see
 * compare_rules.h.
 */
#include "compare_rules.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The outliers check (judge_pull): slow reps must pull at least three in
 * four new boots this much beyond every base boot (a boot's pull: its
 * geometric mean with all reps over its robust one). Natural slow reps
 * pull a boot by up to tens of %: a margin of the threshold's size
 * flagged every second A/A trial; 1.5 keeps the kernel data's A/A at
 * 3 %, but the user suite's noisier reps (native processes on a shared
 * host) need 2.0 for 6 % (README "Compare and regress", calibrate.c).
 */
#define OUTLIER_SHARE 0.75
#define OUTLIER_MARGIN_KERNEL 1.5
#define OUTLIER_MARGIN_USER 2.0

/* The boots of n that must have such a rep: three in four, at least 2. */
static size_t outlier_need(size_t n)
{
	size_t need = (size_t)ceil(OUTLIER_SHARE * (double)n);

	return need < 2 ? 2 : need;
}

/* The geometric mean of rc's units' statistic over all their reps. */
static double geo_all(const struct compare *c, const struct run_cell *rc)
{
	int k = c->conf.metric == METRIC_P50;
	double sum = 0.0;
	size_t n = 0;

	for (size_t j = 0; rc && j < rc->nreps; j++)
		if (rc->unit[j].all_ns[k] > 0.0) {
			sum += log(rc->unit[j].all_ns[k]);
			n++;
		}
	return n ? exp(sum / (double)n) : NAN;
}

int cmp_usable(double x)
{
	return x > 0.0 && isfinite(x);
}

void cmp_set(struct cmp_result *r, enum cmp_verdict v, enum cmp_kind k,
	     const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	r->kind = k;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

/* Units of a side without a usable value of rc (absent, skipped, zero):
 * either statistic, robust or of all reps, whichever metric is compared. */
static size_t gaps(const struct run_cell *rc, size_t units)
{
	size_t bad = rc->nfailed + rc->nmisplaced;
	size_t g = bad <= units ? units - bad : 0;

	for (size_t j = 0; j < rc->nreps; j++)
		g -= g && cmp_usable(rc->mean_ns[j]) && cmp_usable(rc->p50_ns[j]) &&
		     cmp_usable(rc->unit[j].all_ns[0]) &&
		     cmp_usable(rc->unit[j].all_ns[1]);
	return g;
}

/* The worst rate of count (failures, or misplaced) per op of rc's units. */
static double worst_rate(const struct run_cell *rc, int misplaced)
{
	double w = rc->nfailed && !misplaced ? 1.0 : 0.0;

	for (size_t j = 0; j < rc->nreps; j++) {
		const struct run_unit *u = &rc->unit[j];
		double n = (double)(misplaced ? u->misplaced : u->failures);

		w = fmax(w, n / fmax(1.0, (double)(u->samples + u->failures)));
	}
	return w;
}

/*
 * New units whose failures (misplaced) rate exceeds twice the base's
 * worst unit's, by at least one op, or three when the base had some.
 */
static size_t worse_units(const struct run_cell *n, double base_rate,
			  int misplaced, uint64_t *ops)
{
	size_t w = 0;

	*ops = 0;
	for (size_t j = 0; j < n->nreps; j++) {
		const struct run_unit *u = &n->unit[j];
		uint64_t k = misplaced ? u->misplaced : u->failures;
		double rate = (double)k /
			      fmax(1.0, (double)(u->samples + u->failures));

		*ops += k;
		w += k >= (base_rate > 0.0 ? 3u : 1u) && rate > 2.0 * base_rate;
	}
	return w;
}

void cmp_judge_behaviour(const struct run_cell *b,
			    const struct run_cell *n, const size_t eu[2],
			    struct cmp_result *r)
{
	size_t gb, gn, w;
	uint64_t ops;
	double rate;

	if (!b->nreps) {
		cmp_set(r, CMP_NA, KIND_NONE, "%s in base: %s",
		    b->nfailed ? "failed" : b->nmisplaced ? "misplaced" : "skipped",
		    b->note);
		return;
	}
	if (!n) {
		cmp_set(r, CMP_REGRESSION, KIND_MISSING, "not in the new run");
		return;
	}
	if (!n->nreps && n->nfailed) {
		cmp_set(r, CMP_REGRESSION, KIND_FAILURES,
		    "failed in every unit: %s", n->note);
		return;
	}
	if (!n->nreps && n->nmisplaced) {
		cmp_set(r, CMP_REGRESSION, KIND_MISPLACED,
			"misplaced beyond the tolerance in every unit: %s",
			n->note);
		return;
	}
	if (!n->nreps) {
		cmp_set(r, CMP_REGRESSION, KIND_MISSING, "skipped in the new run: %s",
		    n->note);
		return;
	}
	if (n->nmisplaced * eu[0] > b->nmisplaced * eu[1]) {
		cmp_set(r, CMP_REGRESSION, KIND_MISPLACED,
			"rows misplaced beyond the tolerance in %zu of %zu new units (base %zu of %zu): %s",
			n->nmisplaced, eu[1], b->nmisplaced, eu[0], n->note);
		return;
	}
	if (n->nfailed * eu[0] > b->nfailed * eu[1]) {
		cmp_set(r, CMP_REGRESSION, KIND_FAILURES,
		    "failed in %zu of %zu new units (base %zu of %zu): %s",
		    n->nfailed, eu[1], b->nfailed, eu[0], n->note);
		return;
	}
	gb = gaps(b, eu[0]);
	gn = gaps(n, eu[1]);
	if (gn * eu[0] > gb * eu[1]) {
		cmp_set(r, CMP_REGRESSION, KIND_MISSING,
		    "no usable value in %zu of %zu new units (base %zu of %zu)%s%s",
		    gn, eu[1], gb, eu[0], n->gap[0] ? ": " : "", n->gap);
		return;
	}
	for (int m = 0; m < 2; m++) {
		rate = worst_rate(b, m);
		w = worse_units(n, rate, m, &ops);
		if (w * 2 > eu[1]) {
			cmp_set(r, CMP_REGRESSION, m ? KIND_MISPLACED : KIND_FAILURES,
			    "%s in %zu of %zu new units (%llu %s) at over twice the base's worst rate (%.3g per op)",
			    m ? "misplaced" : "failed ops", w, eu[1],
			    (unsigned long long)ops,
			    m ? "pages or objects" : "ops", rate);
			return;
		}
	}
}

/*
 * The outliers check of a set of boots: how far slow reps pull each boot
 * (its value with all reps over its robust one). New boots count as
 * pulled when they are pulled beyond every base boot; the margin is the
 * least of the most-pulled new boots (as many as OUTLIER_SHARE of them)
 * over the most-pulled base boot (all_beyond). A regression
 * (cmp_slow_reps_grew) when it reaches the cell's margin and the ratio with
 * all reps is at least 1 + threshold.
 */
static double pull(const struct compare *c, const struct run_cell *rc,
		   size_t j)
{
	int k = c->conf.metric == METRIC_P50;
	double robust = cmp_values(c, rc)[j];

	return cmp_usable(robust) && cmp_usable(rc->unit[j].all_ns[k]) ?
	       log(rc->unit[j].all_ns[k] / robust) : NAN;
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

void cmp_judge_pull(const struct compare *c, const struct cmp_cell *cc,
		       size_t i, struct cmp_result *r)
{
	const struct run_cell *b = cc->row->cell[0], *n = cc->row->cell[i];
	double worst = -INFINITY, p[CMP_MAX_UNITS];
	size_t m = 0, need;

	r->all_tested = 0;
	if (!b || !n || b->nreps < 2 || n->nreps < 2)
		return;
	for (size_t j = 0; j < b->nreps; j++)
		worst = fmax(worst, pull(c, b, j));
	for (size_t j = 0; j < n->nreps && m < CMP_MAX_UNITS; j++)
		if (!isnan(p[m] = pull(c, n, j)))
			m++;
	need = outlier_need(n->nreps);
	if (m < need || !isfinite(worst))
		return;
	qsort(p, m, sizeof(*p), cmp_desc);
	r->all_tested = 1;
	r->all_beyond = exp(p[need - 1] - worst);
	r->all_ratio = geo_all(c, n) / geo_all(c, b);
	r->margin = strcmp(cc->row->k->suite, "kernel") ? OUTLIER_MARGIN_USER :
							 OUTLIER_MARGIN_KERNEL;
	r->pulled = 0;
	for (size_t j = 0; j < m; j++)
		r->pulled += p[j] > worst;
	r->units_new = n->nreps;
}

/* The reps a cell's units set aside as slow, and all their reps. */
void cmp_count_slow(const struct compare *c, const struct run_cell *rc,
		       unsigned *slow, unsigned *reps)
{
	int k = c->conf.metric == METRIC_P50;

	*slow = *reps = 0;
	for (size_t j = 0; rc && j < rc->nreps; j++) {
		*slow += rc->unit[j].slow[k];
		*reps += rc->unit[j].reps;
	}
}


int cmp_slow_reps_grew(const struct cmp_result *r, double up)
{
	return r->all_tested && r->all_beyond >= r->margin &&
	       r->all_ratio >= up;
}
