// SPDX-License-Identifier: GPL-2.0
/*
 * The verdicts of one new run against the base (compare.h): behaviour
 * first (missing, failures, misplacement), the common level on its own,
 * then two families of time tests, each with its own Benjamini-Hochberg
 * control: the robust statistic of each unit (time) and all reps of each
 * unit (outliers).
 */
#include "compare.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUN_MAX_UNITS 1000	/* repetitions (--reps) or boots per side */
/* A p50 is a histogram bucket: up to 1/64 of its value wide. */
#define P50_BUCKET_REL (1.0 / 64.0)
/* Fewer cells measured everywhere than this: no common level is taken. */
#define COMMON_MIN_CELLS 20
/*
 * A user op timed in a batch (ubench/user/ubatch.h) is one region's time
 * over its ops: the timer's step is at most this share of an op (the batch
 * keeps the timer's cost, at least a step, within it), and each op's time
 * is rounded to whole ns.
 */
#define USER_STEP_SHARE 0.05
#define USER_ROUND_NS 1.0

enum family { FAM_TIME = 0, FAM_ALL };

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

double compare_resolution_ns(const struct run *r, const char *suite)
{
	if (!strcmp(suite, "kernel"))
		return r->meta.tsc_khz ? 1e6 / (double)r->meta.tsc_khz : 1.0;
	return r->meta.user_resolution_ns > 1.0 ? r->meta.user_resolution_ns :
						  1.0;
}

/*
 * Unit j's statistic of rc in family fam: its robust value (time), or how
 * much its slow reps pull it: the value of all its reps over the robust
 * one (outliers; 1 when nothing was set aside).
 */
static double value(const struct compare *c, const struct run_cell *rc,
		    enum family fam, size_t j)
{
	int k = c->conf.metric == METRIC_P50;
	double robust = k ? rc->p50_ns[j] : rc->mean_ns[j];

	if (fam == FAM_ALL)
		return robust > 0.0 ? rc->unit[j].all_ns[k] / robust : NAN;
	return robust;
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

static int usable(double x)
{
	return x > 0.0 && isfinite(x);
}

/*
 * The variance of ln(x) a cell's timer cannot resolve at level x: one
 * reading's step (a kernel cycle; a user op's share of its batch's step,
 * or its rounding), and a p50's histogram bucket.
 */
static double floor_of(const struct compare *c, const struct cmp_cell *cc,
		       double x)
{
	double step = cc->res;

	if (strcmp(cc->row->k->suite, "kernel"))	/* a user op */
		step = fmax(USER_ROUND_NS, fmin(cc->res, USER_STEP_SHARE * x));
	return stat_floor_var(step, x, c->conf.metric == METRIC_P50 ?
			      P50_BUCKET_REL : 0.0);
}

static void set(struct cmp_result *r, enum cmp_verdict v, enum cmp_kind k,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set(struct cmp_result *r, enum cmp_verdict v, enum cmp_kind k,
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
	size_t g = rc->nfailed <= units ? units - rc->nfailed : 0;

	for (size_t j = 0; j < rc->nreps; j++)
		g -= g && usable(rc->mean_ns[j]) && usable(rc->p50_ns[j]) &&
		     usable(rc->unit[j].all_ns[0]) &&
		     usable(rc->unit[j].all_ns[1]);
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

/* Verdicts that need no statistics; eu: the units a full cell has. */
static void judge_behaviour(const struct run_cell *b,
			    const struct run_cell *n, const size_t eu[2],
			    struct cmp_result *r)
{
	size_t gb, gn, w;
	uint64_t ops;
	double rate;

	if (!b->nreps) {
		set(r, CMP_NA, KIND_NONE, "%s in base: %s",
		    b->nfailed ? "failed" : "skipped", b->note);
		return;
	}
	if (!n) {
		set(r, CMP_REGRESSION, KIND_MISSING, "not in the new run");
		return;
	}
	if (!n->nreps && n->nfailed) {
		set(r, CMP_REGRESSION, KIND_FAILURES,
		    "failed in every unit: %s", n->note);
		return;
	}
	if (!n->nreps) {
		set(r, CMP_REGRESSION, KIND_MISSING, "skipped in the new run: %s",
		    n->note);
		return;
	}
	if (n->nfailed * eu[0] > b->nfailed * eu[1]) {
		set(r, CMP_REGRESSION, KIND_FAILURES,
		    "failed in %zu of %zu new units (base %zu of %zu): %s",
		    n->nfailed, eu[1], b->nfailed, eu[0], n->note);
		return;
	}
	gb = gaps(b, eu[0]);
	gn = gaps(n, eu[1]);
	if (gn * eu[0] > gb * eu[1]) {
		set(r, CMP_REGRESSION, KIND_MISSING,
		    "no usable value in %zu of %zu new units (base %zu of %zu)%s%s",
		    gn, eu[1], gb, eu[0], n->gap[0] ? ": " : "", n->gap);
		return;
	}
	for (int m = 0; m < 2; m++) {
		rate = worst_rate(b, m);
		w = worse_units(n, rate, m, &ops);
		if (w * 2 > eu[1]) {
			set(r, CMP_REGRESSION, m ? KIND_MISPLACED : KIND_FAILURES,
			    "%s in %zu of %zu new units (%llu %s) at over twice the base's worst rate (%.3g per op)",
			    m ? "misplaced" : "failed ops", w, eu[1],
			    (unsigned long long)ops,
			    m ? "pages or objects" : "ops", rate);
			return;
		}
	}
}

/* The units a full cell of run r has: its boots, or its most reps. */
static size_t side_units(const struct compare *c, size_t r)
{
	const struct run *run = c->j.runs[r];
	size_t u = 0;

	if (run->meta.boots)
		return run->meta.boots;
	for (size_t k = 0; k < c->ncells; k++) {
		const struct run_cell *rc = c->cells[k].row->cell[r];

		if (rc && rc->nreps + rc->nfailed + rc->nskipped > u)
			u = rc->nreps + rc->nfailed + rc->nskipped;
	}
	return u;
}

/* Whether a cell has a usable value in every unit of both sides. */
static int full_cell(const struct compare *c, const struct cmp_cell *cc,
		     size_t i, enum family fam, const size_t u[2])
{
	const struct run_cell *side[2] = { cc->row->cell[0], cc->row->cell[i] };

	for (int s = 0; s < 2; s++) {
		if (!side[s] || side[s]->nreps != u[s])
			return 0;
		for (size_t k = 0; k < u[s]; k++)
			if (!usable(value(c, side[s], fam, k)))
				return 0;
	}
	return 1;
}

/* Per family and run: the arrays a family's tests work in. */
struct fam_work {
	double *lev[2];		/* per unit: its common level */
	double *cmean;		/* per cell: mean ln x over all units, NAN */
	struct stat_logsample *ts[2];	/* per cell and side */
	struct stat_logsample *pool;	/* per cell: the residual variance */
	double *wscale, *wdf, *p, *q;	/* per cell */
	size_t ncells;
};

static void fam_free(struct fam_work *w)
{
	for (int s = 0; s < 2; s++) {
		free(w->lev[s]);
		free(w->ts[s]);
	}
	free(w->cmean);
	free(w->pool);
	free(w->wscale);
	free(w->wdf);
	free(w->p);
	free(w->q);
}

static int fam_alloc(struct fam_work *w, size_t ncells, const size_t u[2])
{
	size_t n = ncells + 1;

	memset(w, 0, sizeof(*w));
	w->ncells = ncells;
	for (int s = 0; s < 2; s++) {
		w->lev[s] = calloc(u[s] + 1, sizeof(double));
		w->ts[s] = calloc(n, sizeof(*w->ts[s]));
	}
	w->cmean = calloc(n, sizeof(double));
	w->pool = calloc(n, sizeof(*w->pool));
	w->wscale = calloc(n, sizeof(double));
	w->wdf = calloc(n, sizeof(double));
	w->p = calloc(n, sizeof(double));
	w->q = calloc(n, sizeof(double));
	if (w->lev[0] && w->lev[1] && w->ts[0] && w->ts[1] && w->cmean &&
	    w->pool && w->wscale && w->wdf && w->p && w->q)
		return 0;
	fam_free(w);
	return -1;
}

/*
 * The units' common levels: per unit, the median over the cells measured
 * in every unit of ln(x) less the cell's mean over all units of both
 * sides. Returns the cells it rests on, 0 when too few (levels 0).
 */
static size_t common_levels(const struct compare *c, size_t i,
			    enum family fam, const size_t u[2],
			    struct fam_work *w)
{
	size_t nfull = 0, k;
	double *dev = malloc((c->ncells ? c->ncells : 1) * sizeof(*dev));

	for (k = 0; k < c->ncells; k++) {
		const struct cmp_cell *cc = &c->cells[k];
		double s = 0.0;

		w->cmean[k] = NAN;
		if (!full_cell(c, cc, i, fam, u))
			continue;
		for (int side = 0; side < 2; side++)
			for (size_t j = 0; j < u[side]; j++)
				s += log(value(c, cc->row->cell[side ? i : 0],
					       fam, j));
		w->cmean[k] = s / (double)(u[0] + u[1]);
		nfull++;
	}
	if (nfull < COMMON_MIN_CELLS || !dev) {
		free(dev);
		for (k = 0; k < c->ncells; k++)
			w->cmean[k] = NAN;
		return 0;
	}
	for (int side = 0; side < 2; side++)
		for (size_t j = 0; j < u[side]; j++) {
			size_t n = 0;

			for (k = 0; k < c->ncells; k++)
				if (!isnan(w->cmean[k]))
					dev[n++] = log(value(c, c->cells[k].row->cell[side ? i : 0], fam, j)) -
						   w->cmean[k];
			w->lev[side][j] = stat_median(dev, n);
		}
	free(dev);
	return nfull;
}

/* The common level's own test: every cell moved alike. */
static void judge_common(struct compare *c, size_t i, const size_t u[2],
			 const struct fam_work *w)
{
	struct cmp_common *g = &c->common[i];
	double up = 1.0 + c->conf.threshold_pct / 100.0;
	struct stat_logsample a, b;

	g->verdict = CMP_NA;
	g->tested = 0;
	memset(&g->t, 0, sizeof(g->t));
	if (!g->cells)
		return;
	stat_summarize_logs(w->lev[0], u[0], 0.0, &a);
	stat_summarize_logs(w->lev[1], u[1], 0.0, &b);
	/* the levels' own resolution: a median of many cells, 1/1000 */
	if (a.n >= 2 && a.var < 1e-6)
		a.var = 1e-6;
	if (b.n >= 2 && b.var < 1e-6)
		b.var = 1e-6;
	g->tested = !stat_welch_log(&a, &b, STATS_CONF, &g->t);
	if (!g->tested)
		return;
	g->t.q = g->t.p;	/* a family of one */
	g->verdict = CMP_SAME;
	if (g->t.p < c->conf.alpha && g->t.ratio >= up)
		g->verdict = CMP_REGRESSION;
	else if (g->t.p < c->conf.alpha && g->t.ratio <= 1.0 / up)
		g->verdict = CMP_IMPROVEMENT;
}

/*
 * One side of cell cc against run i, on ln(x) less each unit's level
 * (cells not measured in every unit: less the side's mean level).
 */
static void side_sample(const struct compare *c, const struct cmp_cell *cc,
			size_t i, int side, enum family fam, const size_t u[2],
			const struct fam_work *w, size_t k,
			struct stat_logsample *s)
{
	const struct run_cell *rc = cc->row->cell[side ? i : 0];
	double mean_lev = 0.0, y[RUN_MAX_UNITS];
	const double *lev = w->lev[side];
	int full = !isnan(w->cmean[k]);
	size_t n;

	memset(s, 0, sizeof(*s));
	if (!rc)
		return;
	n = rc->nreps < RUN_MAX_UNITS ? rc->nreps : RUN_MAX_UNITS;
	for (size_t j = 0; j < u[side]; j++)
		mean_lev += lev[j] / (double)u[side];
	for (size_t j = 0; j < n; j++) {
		double x = value(c, rc, fam, j);

		y[j] = usable(x) ? log(x) - (full ? lev[j] : mean_lev) : NAN;
	}
	stat_summarize_logs(y, n, 0.0, s);
}

/*
 * The variance a boot's value would have from its reps alone: the kept
 * reps' pooled variance of ln x in both sides' boots (floored like a
 * unit's) over the kept reps per boot, into *scale; returns its df, 0 when
 * a side is not a set of boots of two or more reps.
 */
static double within_scale(const struct compare *c, const struct cmp_cell *cc,
			   size_t i, double floor_var, double *scale)
{
	const struct run_cell *a = cc->row->cell[0], *b = cc->row->cell[i];
	int k = c->conf.metric == METRIC_P50;
	double wdf, wvar, reps;

	*scale = 0.0;
	if (!a || !b || !(a->within_df[k] > 0.0) || !(b->within_df[k] > 0.0))
		return 0.0;
	wdf = a->within_df[k] + b->within_df[k];
	wvar = fmax((a->within_ss[k] + b->within_ss[k]) / wdf, floor_var);
	reps = (double)(a->within_reps[k] + b->within_reps[k]) /
	       (double)(a->within_boots + b->within_boots);
	*scale = wvar / reps;
	return wdf;
}

/* The geometric mean of rc's usable unit values in family fam, or NAN. */
static double geo(const struct compare *c, const struct run_cell *rc,
		  enum family fam)
{
	double sum = 0.0;
	size_t n = 0;

	for (size_t j = 0; rc && j < rc->nreps; j++) {
		double x = value(c, rc, fam, j);

		if (usable(x)) {
			sum += log(x);
			n++;
		}
	}
	return n ? exp(sum / (double)n) : NAN;
}

/* The larger of a cell's two sides' geometric means (its floor's level). */
static double level_of(const struct cmp_cell *cc, size_t i)
{
	double a = cc->s[0].n ? cc->s[0].geo : 0.0;
	double b = cc->s[i].n ? cc->s[i].geo : 0.0;

	return fmax(usable(a) ? a : 0.0, usable(b) ? b : 0.0);
}

/*
 * One family's tests of run i: each cell's sides less their levels, the
 * residual variance pooled and moderated toward its prior (each cell's
 * from its reps inside boots, else one over all cells), the moderated t,
 * and q by Benjamini-Hochberg over the cells tested. Results into each
 * cell's r[i] (time or all). 0, or -1 when out of memory.
 */
static int test_family(struct compare *c, size_t i, enum family fam,
		       const size_t u[2])
{
	struct cmp_common *g = &c->common[i];
	struct fam_work w;
	size_t cells;

	if (fam_alloc(&w, c->ncells, u))
		return -1;
	/* a slow rep's pull is a ratio inside its boot: no level to take out */
	cells = fam == FAM_TIME ? common_levels(c, i, fam, u, &w) : 0;
	if (fam == FAM_TIME) {
		g->cells = cells;
		judge_common(c, i, u, &w);
	}
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		double fl = floor_of(c, cc, level_of(cc, i));

		for (int side = 0; side < 2; side++)
			side_sample(c, cc, i, side, fam, u, &w, r,
				    &w.ts[side][r]);
		stat_pool(&w.ts[0][r], &w.ts[1][r], fl, &w.pool[r]);
		w.wdf[r] = within_scale(c, cc, i, fl, &w.wscale[r]);
	}
	/* w.p and w.q serve as the fits' var and df arrays first */
	for (size_t r = 0; r < c->ncells; r++) {
		w.p[r] = w.pool[r].df > 0.0 ? w.pool[r].var : 0.0;
		w.q[r] = w.pool[r].df;
	}
	stat_fit_prior(w.p, w.q, c->ncells, &g->prior[fam]);
	/* the reps inside boots tell a boot's time, not its slow reps' pull */
	if (fam == FAM_TIME)
		stat_fit_within(w.p, w.q, w.wscale, w.wdf, c->ncells,
				&g->within[fam]);
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		struct cmp_result *res = &cc->r[i];
		struct stat_test *t = fam == FAM_ALL ? &res->all : &res->t;
		struct stat_prior pr = stat_within_prior(&g->within[fam],
							 w.wscale[r], w.wdf[r]);
		int tested;

		if (pr.d0 <= 0.0)
			pr = g->prior[fam];
		if (w.pool[r].df > 0.0 && pr.d0 > 0.0 &&
		    !stat_moderate(&pr, &w.pool[r]) && fam == FAM_TIME)
			g->outliers++;
		tested = !stat_moderated_log(&w.ts[0][r], &w.ts[1][r],
					     &w.pool[r], STATS_CONF, t);
		w.p[r] = tested ? t->p : NAN;
		/* the test is on the ratio beyond the common level (its
		 * interval: lo, hi); ratio is the cell's own, as measured */
		if (fam == FAM_ALL) {
			res->all_tested = tested;
			res->all_beyond = t->ratio;
		} else {
			res->tested = tested;
			res->beyond = t->ratio;
		}
		t->ratio = fam == FAM_ALL ?
			   geo_all(c, cc->row->cell[i]) / geo_all(c, cc->row->cell[0]) :
			   geo(c, cc->row->cell[i], fam) / geo(c, cc->row->cell[0], fam);
	}
	if (stat_bh(w.p, c->ncells, w.q)) {
		fam_free(&w);
		return -1;
	}
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_result *res = &c->cells[r].r[i];

		(fam == FAM_ALL ? &res->all : &res->t)->q = w.q[r];
	}
	fam_free(&w);
	return 0;
}

/*
 * The time verdict of test t, whose beyond is the ratio beyond the common
 * level: 1 slower, -1 faster, 0 same. Both the ratio tested and the cell's
 * own must pass the threshold, and the cell's own interval (the tested
 * one moved by the common level) must exclude 1: a cell that stayed while
 * the rest moved is not an improvement (or regression) of its own.
 */
static int time_verdict(const struct compare *c, const struct stat_test *t,
			double beyond)
{
	double up = 1.0 + c->conf.threshold_pct / 100.0;
	double shift = t->ratio / beyond;

	if (!(t->q < c->conf.alpha))
		return 0;
	if (beyond >= up && t->ratio >= up && t->lo * shift > 1.0)
		return 1;
	if (beyond <= 1.0 / up && t->ratio <= 1.0 / up && t->hi * shift < 1.0)
		return -1;
	return 0;
}

/* The time verdicts of a cell not judged on behaviour, after q is known. */
static void judge_time(const struct compare *c, struct cmp_result *r)
{
	const struct stat_test *t = &r->t, *a = &r->all;
	int v = time_verdict(c, t, r->beyond);
	double up = 1.0 + c->conf.threshold_pct / 100.0;

	if (r->verdict != CMP_SAME || r->kind != KIND_NONE)
		return;		/* judged on behaviour already */
	if (!r->tested) {
		set(r, CMP_NA, KIND_NONE, "too few units to test");
		return;
	}
	if (v > 0) {
		set(r, CMP_REGRESSION, KIND_TIME,
		    "slower x%.3f; x%.3f [%.3f, %.3f] beyond the common level, q %.2g",
		    t->ratio, r->beyond, t->lo, t->hi, t->q);
	} else if (r->all_tested && r->all_beyond >= r->margin &&
		   a->ratio >= up) {
		set(r, CMP_REGRESSION, KIND_OUTLIERS,
		    "slow repetitions: x%.3f with all reps, x%.3f without the slow ones; they pull %zu of %zu new boots beyond every base boot, three in four by x%.3f or more (the margin: x%.1f); %u of %u new reps set aside as slow, base %u of %u",
		    a->ratio, t->ratio, r->pulled, r->units_new, r->all_beyond,
		    r->margin, r->slow[1], r->reps[1], r->slow[0], r->reps[0]);
	} else if (v < 0) {
		set(r, CMP_IMPROVEMENT, KIND_NONE,
		    "faster x%.3f; x%.3f [%.3f, %.3f] beyond the common level, q %.2g",
		    t->ratio, r->beyond, t->lo, t->hi, t->q);
	} else {
		set(r, CMP_SAME, KIND_NONE,
		    "x%.3f; x%.3f [%.3f, %.3f] beyond the common level, q %.2g; would flag x%.3f and more",
		    t->ratio, r->beyond, t->lo, t->hi, t->q, r->detectable);
	}
}

static void tally(struct cmp_summary *s, const struct cmp_cell *cc,
		  const struct cmp_result *r)
{
	s->cells++;
	s->tested += r->tested;
	switch (r->verdict) {
	case CMP_REGRESSION:
		s->regressions++;
		s->by_kind[r->kind]++;
		if (r->kind == KIND_TIME &&
		    (!s->worst_key || r->t.ratio > s->worst_ratio)) {
			s->worst_ratio = r->t.ratio;
			s->worst_key = cc->row->key;
		}
		break;
	case CMP_IMPROVEMENT:
		s->improvements++;
		break;
	case CMP_SAME:
		s->same++;
		break;
	default:
		s->na++;
	}
}

/*
 * The outliers check of a set of boots: how far slow reps pull each boot
 * (its value with all reps over its robust one). New boots count as
 * pulled when they are pulled beyond every base boot; the margin is the
 * least of the most-pulled new boots (as many as OUTLIER_SHARE of them)
 * over the most-pulled base boot. A regression (judge_time) when that
 * margin and the ratio with all reps are both at least 1 + threshold.
 */
static double pull(const struct compare *c, const struct run_cell *rc,
		   size_t j)
{
	int k = c->conf.metric == METRIC_P50;
	double robust = k ? rc->p50_ns[j] : rc->mean_ns[j];

	return usable(robust) && usable(rc->unit[j].all_ns[k]) ?
	       log(rc->unit[j].all_ns[k] / robust) : NAN;
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

static void judge_pull(const struct compare *c, const struct cmp_cell *cc,
		       size_t i, struct cmp_result *r)
{
	const struct run_cell *b = cc->row->cell[0], *n = cc->row->cell[i];
	double worst = -INFINITY, p[RUN_MAX_UNITS];
	size_t m = 0, need;

	r->all_tested = 0;
	if (!b || !n || b->nreps < 2 || n->nreps < 2)
		return;
	for (size_t j = 0; j < b->nreps; j++)
		worst = fmax(worst, pull(c, b, j));
	for (size_t j = 0; j < n->nreps && m < RUN_MAX_UNITS; j++)
		if (!isnan(p[m] = pull(c, n, j)))
			m++;
	need = outlier_need(n->nreps);
	if (m < need || !isfinite(worst))
		return;
	qsort(p, m, sizeof(*p), cmp_desc);
	r->all_tested = 1;
	r->all_beyond = exp(p[need - 1] - worst);
	r->all.ratio = geo_all(c, n) / geo_all(c, b);
	r->all.lo = r->all.hi = r->all.p = r->all.q = NAN;
	r->margin = strcmp(cc->row->k->suite, "kernel") ? OUTLIER_MARGIN_USER :
							 OUTLIER_MARGIN_KERNEL;
	r->pulled = 0;
	for (size_t j = 0; j < m; j++)
		r->pulled += p[j] > worst;
	r->units_new = n->nreps;
	r->units_base = b->nreps;
}

/* The reps a cell's units set aside as slow, and all their reps. */
static void count_slow(const struct compare *c, const struct run_cell *rc,
		       unsigned *slow, unsigned *reps)
{
	int k = c->conf.metric == METRIC_P50;

	*slow = *reps = 0;
	for (size_t j = 0; rc && j < rc->nreps; j++) {
		*slow += rc->unit[j].slow[k];
		*reps += rc->unit[j].reps;
	}
}

int compare_judge_run(struct compare *c, size_t i)
{
	struct cmp_summary *sum = &c->sum[i];
	struct cmp_common *g = &c->common[i];
	double *det = malloc((c->ncells ? c->ncells : 1) * sizeof(*det));
	size_t u[2] = { side_units(c, 0), side_units(c, i) }, m = 0, nd = 0;
	int sets = c->j.runs[0]->meta.boots && c->j.runs[i]->meta.boots;

	if (!det)
		return -1;
	sum->units[0] = u[0];
	sum->units[1] = u[1];
	g->outliers = 0;
	if (test_family(c, i, FAM_TIME, u)) {
		free(det);
		return -1;
	}
	for (size_t r = 0; r < c->ncells; r++)
		m += c->cells[r].r[i].tested;
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		struct cmp_result *res = &cc->r[i];

		judge_behaviour(cc->row->cell[0], cc->row->cell[i], u, res);
		if (sets)
			judge_pull(c, cc, i, res);
		count_slow(c, cc->row->cell[0], &res->slow[0], &res->reps[0]);
		count_slow(c, cc->row->cell[i], &res->slow[1], &res->reps[1]);
		res->detectable = res->tested ?
			fmax(stat_detectable(&res->t, c->conf.alpha, m),
			     1.0 + c->conf.threshold_pct / 100.0) : NAN;
		if (res->tested) {
			det[nd++] = res->detectable;
			sum->detects_20 += res->detectable <= 1.2;
		}
		judge_time(c, res);
		tally(sum, cc, res);
	}
	if (nd)
		sum->detectable_median = stat_median(det, nd);
	if (g->verdict == CMP_REGRESSION) {
		sum->regressions++;
		sum->by_kind[KIND_GLOBAL]++;
	}
	sum->extra = c->j.extra[i];
	free(det);
	return 0;
}
