// SPDX-License-Identifier: GPL-2.0
/*
 * The verdicts of one new run against the base (compare.h): the common
 * level on its own, the time test of every cell on its units' robust
 * values under Benjamini-Hochberg control, then each cell's verdict:
 * behaviour and slow reps first (compare_rules.c), then time.
 */
#include "compare.h"
#include "compare_rules.h"
#include "runset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

double compare_resolution_ns(const struct run *r, const char *suite)
{
	if (!strcmp(suite, "kernel"))
		return r->meta.tsc_khz ? 1e6 / (double)r->meta.tsc_khz : 1.0;
	return r->meta.user_resolution_ns > 1.0 ? r->meta.user_resolution_ns :
						  1.0;
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

/* The units a full cell of run r has: its boots, or its most rows. */
static size_t side_units(const struct compare *c, size_t r)
{
	const struct run *run = c->j.runs[r];
	size_t u = 0;

	if (run->meta.boots)
		return run->meta.boots;
	for (size_t k = 0; k < c->ncells; k++) {
		const struct run_cell *rc = c->cells[k].row->cell[r];
		size_t n = rc ? rc->nreps + rc->nfailed + rc->nskipped +
				rc->nmisplaced : 0;

		u = n > u ? n : u;
	}
	return u;
}

/* Whether a cell has a usable value in every unit of both sides. */
static int full_cell(const struct compare *c, const struct cmp_cell *cc,
		     size_t i, const size_t u[2])
{
	const struct run_cell *side[2] = { cc->row->cell[0], cc->row->cell[i] };

	for (int s = 0; s < 2; s++) {
		if (!side[s] || side[s]->nreps != u[s])
			return 0;
		for (size_t k = 0; k < u[s]; k++)
			if (!cmp_usable(cmp_values(c, side[s])[k]))
				return 0;
	}
	return 1;
}

/* Per run: the arrays its tests work in. */
struct work {
	double *lev[2];		/* per unit: its common level */
	double *cmean;		/* per cell: mean ln x over all units, NAN */
	struct stat_logsample *ts[2];	/* per cell and side */
	struct stat_logsample *pool;	/* per cell: the residual variance */
	double *wscale, *wdf, *p, *q;	/* per cell */
};

static void work_free(struct work *w)
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

static int work_alloc(struct work *w, size_t ncells, const size_t u[2])
{
	size_t n = ncells + 1;

	memset(w, 0, sizeof(*w));
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
	work_free(w);
	return -1;
}

/*
 * The units' common levels: per unit, the median over the cells measured
 * in every unit of ln(x) less the cell's mean over all units of both
 * sides. Returns the cells it rests on, 0 when too few (levels 0).
 */
static size_t common_levels(const struct compare *c, size_t i,
			    const size_t u[2], struct work *w)
{
	size_t nfull = 0, k;
	double *dev = malloc((c->ncells ? c->ncells : 1) * sizeof(*dev));

	for (k = 0; k < c->ncells; k++) {
		const struct cmp_cell *cc = &c->cells[k];
		double s = 0.0;

		w->cmean[k] = NAN;
		if (!full_cell(c, cc, i, u))
			continue;
		for (int side = 0; side < 2; side++)
			for (size_t j = 0; j < u[side]; j++)
				s += log(cmp_values(c, cc->row->cell[side ? i : 0])[j]);
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
					dev[n++] = log(cmp_values(c, c->cells[k].row->cell[side ? i : 0])[j]) -
						   w->cmean[k];
			w->lev[side][j] = stat_median(dev, n);
		}
	free(dev);
	return nfull;
}

/* The common level's own test: every cell moved alike. */
static void judge_common(struct compare *c, size_t i, const size_t u[2],
			 const struct work *w)
{
	struct cmp_common *g = &c->common[i];
	double up = cmp_up(c);
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
			size_t i, int side, const size_t u[2],
			const struct work *w, size_t k,
			struct stat_logsample *s)
{
	const struct run_cell *rc = cc->row->cell[side ? i : 0];
	double mean_lev = 0.0, y[CMP_MAX_UNITS];
	const double *lev = w->lev[side];
	int full = !isnan(w->cmean[k]);
	size_t n;

	memset(s, 0, sizeof(*s));
	if (!rc)
		return;
	n = rc->nreps < CMP_MAX_UNITS ? rc->nreps : CMP_MAX_UNITS;
	for (size_t j = 0; j < u[side]; j++)
		mean_lev += lev[j] / (double)u[side];
	for (size_t j = 0; j < n; j++) {
		double x = cmp_values(c, rc)[j];

		y[j] = cmp_usable(x) ? log(x) - (full ? lev[j] : mean_lev) : NAN;
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

/* The larger of a cell's two sides' geometric means (its floor's level). */
static double level_of(const struct cmp_cell *cc, size_t i)
{
	double a = cc->s[0].n ? cc->s[0].geo : 0.0;
	double b = cc->s[i].n ? cc->s[i].geo : 0.0;

	return fmax(cmp_usable(a) ? a : 0.0, cmp_usable(b) ? b : 0.0);
}

/*
 * The time tests of run i: each cell's sides less their levels, the
 * residual variance pooled and moderated toward its prior (each cell's
 * from its reps inside boots, else one over all cells), the moderated t,
 * and q by Benjamini-Hochberg over the cells tested. Results into each
 * cell's r[i]. 0, or -1 when out of memory.
 */
static int test_cells(struct compare *c, size_t i, const size_t u[2])
{
	struct cmp_common *g = &c->common[i];
	struct work w;

	if (work_alloc(&w, c->ncells, u))
		return -1;
	g->cells = common_levels(c, i, u, &w);
	judge_common(c, i, u, &w);
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		double fl = floor_of(c, cc, level_of(cc, i));

		for (int side = 0; side < 2; side++)
			side_sample(c, cc, i, side, u, &w, r, &w.ts[side][r]);
		stat_pool(&w.ts[0][r], &w.ts[1][r], fl, &w.pool[r]);
		w.wdf[r] = within_scale(c, cc, i, fl, &w.wscale[r]);
	}
	/* w.p and w.q serve as the fits' var and df arrays first */
	for (size_t r = 0; r < c->ncells; r++) {
		w.p[r] = w.pool[r].df > 0.0 ? w.pool[r].var : 0.0;
		w.q[r] = w.pool[r].df;
	}
	stat_fit_prior(w.p, w.q, c->ncells, &g->prior);
	stat_fit_within(w.p, w.q, w.wscale, w.wdf, c->ncells, &g->within);
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		struct cmp_result *res = &cc->r[i];
		struct stat_prior pr = stat_within_prior(&g->within, w.wscale[r],
							 w.wdf[r]);

		if (pr.d0 <= 0.0)
			pr = g->prior;
		if (w.pool[r].df > 0.0 && pr.d0 > 0.0 &&
		    !stat_moderate(&pr, &w.pool[r]))
			g->outliers++;
		res->tested = !stat_moderated_log(&w.ts[0][r], &w.ts[1][r],
						  &w.pool[r], STATS_CONF,
						  &res->t);
		w.p[r] = res->tested ? res->t.p : NAN;
		/* the test is on the ratio beyond the common level (its
		 * interval: lo, hi); ratio is the cell's own, as measured */
		res->beyond = res->t.ratio;
		res->t.ratio = cc->s[0].n && cc->s[i].n ?
			       cc->s[i].geo / cc->s[0].geo : NAN;
	}
	if (stat_bh(w.p, c->ncells, w.q)) {
		work_free(&w);
		return -1;
	}
	for (size_t r = 0; r < c->ncells; r++)
		c->cells[r].r[i].t.q = w.q[r];
	work_free(&w);
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
	double up = cmp_up(c);
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
	const struct stat_test *t = &r->t;
	int v = time_verdict(c, t, r->beyond);
	double up = cmp_up(c);

	if (r->verdict != CMP_SAME || r->kind != KIND_NONE)
		return;		/* judged on behaviour already */
	if (!r->tested) {
		cmp_set(r, CMP_NA, KIND_NONE, "too few units to test");
		return;
	}
	if (v > 0) {
		cmp_set(r, CMP_REGRESSION, KIND_TIME,
		    "slower x%.3f; x%.3f [%.3f, %.3f] beyond the common level, q %.2g",
		    t->ratio, r->beyond, t->lo, t->hi, t->q);
	} else if (cmp_slow_reps_grew(r, up)) {
		cmp_set(r, CMP_REGRESSION, KIND_OUTLIERS,
		    "slow repetitions: x%.3f with all reps, x%.3f without the slow ones; they pull %zu of %zu new boots beyond every base boot, three in four by x%.3f or more (the margin: x%.1f); %u of %u new reps set aside as slow, base %u of %u",
		    r->all_ratio, t->ratio, r->pulled, r->units_new, r->all_beyond,
		    r->margin, r->slow[1], r->reps[1], r->slow[0], r->reps[0]);
	} else if (v < 0) {
		cmp_set(r, CMP_IMPROVEMENT, KIND_NONE,
		    "faster x%.3f; x%.3f [%.3f, %.3f] beyond the common level, q %.2g",
		    t->ratio, r->beyond, t->lo, t->hi, t->q);
	} else {
		cmp_set(r, CMP_SAME, KIND_NONE,
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
 * The node of key k that run r's topology lacks, or -1; the first such
 * node of a run into *first (when still -1).
 */
static int unjoinable(const struct run *r, const struct cell_key *k,
		      int *first)
{
	int node = !runset_node_exists(&r->meta, k->cpu_node) ? k->cpu_node :
		   !runset_node_exists(&r->meta, k->mem_node) ? k->mem_node : -1;

	if (node >= 0 && *first < 0)
		*first = node;
	return node;
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
	sum->unjoined_node = sum->unjoined_extra_node = -1;
	sum->units[0] = u[0];
	sum->units[1] = u[1];
	g->outliers = 0;
	if (test_cells(c, i, u)) {
		free(det);
		return -1;
	}
	for (size_t r = 0; r < c->ncells; r++)
		m += c->cells[r].r[i].tested;
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		struct cmp_result *res = &cc->r[i];
		int node;

		cmp_judge_behaviour(cc->row->cell[0], cc->row->cell[i], u, res);
		node = cc->row->cell[i] ? -1 :
		       unjoinable(c->j.runs[i], cc->row->k, &sum->unjoined_node);
		if (node >= 0) {
			char host[128];

			runset_host_label(host, sizeof(host), c->j.runs[i]);
			sum->unjoined++;
			cmp_set(res, CMP_NA, KIND_NONE,
				"not joinable: node %d does not exist on %s",
				node, host);
		}
		if (sets)
			cmp_judge_pull(c, cc, i, res);
		cmp_count_slow(c, cc->row->cell[0], &res->slow[0], &res->reps[0]);
		cmp_count_slow(c, cc->row->cell[i], &res->slow[1], &res->reps[1]);
		res->detectable = res->tested ?
			fmax(stat_detectable(&res->t, c->conf.alpha, m),
			     cmp_up(c)) : NAN;
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
	for (size_t r = 0; r < c->j.nrows; r++) {
		const struct join_row *row = &c->j.rows[r];
		int da = run_distance(&c->j.runs[0]->meta, row->k->cpu_node,
				      row->k->mem_node);
		int dn = run_distance(&c->j.runs[i]->meta, row->k->cpu_node,
				      row->k->mem_node);

		if (row->cell[0] && row->cell[i] && da >= 0 && dn >= 0 &&
		    da != dn && !sum->redistanced++) {
			sum->redistanced_key = row->key;
			sum->redistanced_d[0] = da;
			sum->redistanced_d[1] = dn;
		}
		if (!row->cell[0] && row->cell[i] &&
		    unjoinable(c->j.runs[0], row->k, &sum->unjoined_extra_node) >= 0)
			sum->unjoined_extra++;
	}
	free(det);
	return 0;
}
