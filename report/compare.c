// SPDX-License-Identifier: GPL-2.0
/* The per-cell verdicts and their summary: see compare.h. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runset.h"

/* A p50 is a histogram bucket: up to 1/64 of its value wide. */
#define RUN_MAX_UNITS 1000	/* repetitions (--reps) or boots per side */
#define P50_BUCKET_REL (1.0 / 64.0)

const char *cmp_metric_name(enum cmp_metric m)
{
	return m == METRIC_P50 ? "p50" : "mean";
}

const char *cmp_verdict_name(enum cmp_verdict v)
{
	switch (v) {
	case CMP_SAME: return "same";
	case CMP_REGRESSION: return "regression";
	case CMP_IMPROVEMENT: return "improvement";
	default: return "n/a";
	}
}

const char *cmp_kind_name(enum cmp_kind k)
{
	static const char *const names[KIND_COUNT] = {
		"", "missing", "failures", "misplaced", "time", "global",
	};

	return k < KIND_COUNT ? names[k] : "";
}

const char *cmp_run_name(const struct run *r)
{
	const char *slash;

	if (!r->meta.boots)
		return r->meta.run_id[0] ? r->meta.run_id : r->dir;
	slash = strrchr(r->dir, '/');
	return slash && slash[1] ? slash + 1 : r->dir;
}

const char *cmp_run_label(const struct run *r)
{
	return r->meta.kernel[0] ? r->meta.kernel : cmp_run_name(r);
}

void compare_rule(char *buf, size_t len, const struct compare *c)
{
	snprintf(buf, len, "per cell, Welch's t on ln(%s_ns) of each unit (a boot in a set of boots, else a repetition) less the unit's level common to all cells, variances floored at the timer's resolution and moderated toward a prior (a set of boots: each cell's reps inside its boots; else all cells), a cell the prior cannot explain unmoderated; Benjamini-Hochberg q over the cells tested and the common level; a regression when q < %.2f and the ratio is >= %.3f, or new failed ops, new misplaced pages or objects, a missing cell, or the common level itself slower by the threshold",
		 cmp_metric_name(c->conf.metric), c->conf.alpha,
		 1.0 + c->conf.threshold_pct / 100.0);
}

void compare_common_text(char *buf, size_t len, const struct compare *c,
			 size_t i)
{
	const struct cmp_common *g = &c->common[i];

	if (!g->tested) {
		snprintf(buf, len, "common level of all cells: not taken (%zu cells measured in every unit)",
			 g->cells);
		return;
	}
	snprintf(buf, len, "common level of all cells (%zu in every unit): x%.3f [%.3f, %.3f], p %.2g, q %.2g: %s%s",
		 g->cells, g->t.ratio, g->t.lo, g->t.hi, g->t.p, g->t.q,
		 cmp_verdict_name(g->verdict),
		 g->verdict == CMP_REGRESSION ? " global" : "");
}

/* The smallest step of a unit's statistic in ns, for this cell's suite. */
static double resolution_ns(const struct run *r, const struct cell_key *k)
{
	if (!strcmp(k->suite, "kernel"))
		return r->meta.tsc_khz ? 1e6 / (double)r->meta.tsc_khz : 1.0;
	return r->meta.user_resolution_ns > 1.0 ? r->meta.user_resolution_ns :
						  1.0;
}

/* The unit statistic compared: each ok unit's mean_ns or p50_ns. */
static const double *values(const struct compare *c, const struct run_cell *rc)
{
	return c->conf.metric == METRIC_P50 ? rc->p50_ns : rc->mean_ns;
}

/*
 * A user op timed in a batch (ubench/user/ubatch.h) is one region's time
 * over its ops: the timer's step is at most this share of an op (the batch
 * keeps the timer's cost, at least a step, within it), and each op's time
 * is rounded to whole ns.
 */
#define USER_STEP_SHARE 0.05
#define USER_ROUND_NS 1.0

/*
 * The variance of ln(x) a cell's timer cannot resolve at its level x: one
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

static size_t units(const struct run_cell *rc)
{
	return rc->nreps + rc->nfailed + rc->nskipped;
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

/* Verdicts that need no statistics: missing, failures, misplacement. */
static void judge_behaviour(const struct run_cell *b, const struct run_cell *n,
			    struct cmp_result *r)
{
	if (!b->nreps) {
		set(r, CMP_NA, KIND_NONE, "%s in base: %s",
		    b->nfailed ? "failed" : "skipped", b->note);
	} else if (!n) {
		set(r, CMP_REGRESSION, KIND_MISSING, "not in the new run");
	} else if (!n->nreps && n->nfailed) {
		set(r, CMP_REGRESSION, KIND_FAILURES,
		    "failed in every unit: %s", n->note);
	} else if (!n->nreps) {
		set(r, CMP_REGRESSION, KIND_MISSING, "skipped in the new run: %s",
		    n->note);
	} else if (!b->nfailing && n->nfailing * 2 > units(n)) {
		set(r, CMP_REGRESSION, KIND_FAILURES,
		    "failed ops in %zu of %zu units (%llu ops), none in base",
		    n->nfailing, units(n), (unsigned long long)n->failures);
	} else if (!b->nmisplacing && n->nmisplacing * 2 > units(n)) {
		set(r, CMP_REGRESSION, KIND_MISPLACED,
		    "misplaced in %zu of %zu units (%llu pages or objects), none in base",
		    n->nmisplacing, units(n),
		    (unsigned long long)n->misplaced);
	}
}

/* The time verdict of a tested cell, after q is known. */
static void judge_time(const struct compare *c, struct cmp_result *r)
{
	double up = 1.0 + c->conf.threshold_pct / 100.0;
	const struct stat_test *t = &r->t;

	if (r->verdict != CMP_SAME || r->kind != KIND_NONE)
		return;		/* judged on behaviour already */
	if (!r->tested) {
		set(r, CMP_NA, KIND_NONE, "too few units to test");
		return;
	}
	if (t->q < c->conf.alpha && r->beyond > 1.0 && t->ratio >= up)
		set(r, CMP_REGRESSION, KIND_TIME,
		    "slower x%.3f; x%.3f [%.3f, %.3f] beyond the common level, q %.2g",
		    t->ratio, r->beyond, t->lo, t->hi, t->q);
	else if (t->q < c->conf.alpha && r->beyond < 1.0 && t->ratio <= 1.0 / up)
		set(r, CMP_IMPROVEMENT, KIND_NONE,
		    "faster x%.3f; x%.3f [%.3f, %.3f] beyond the common level, q %.2g",
		    t->ratio, r->beyond, t->lo, t->hi, t->q);
	else
		set(r, CMP_SAME, KIND_NONE,
		    "x%.3f; x%.3f [%.3f, %.3f] beyond the common level, q %.2g; would flag x%.3f and more",
		    t->ratio, r->beyond, t->lo, t->hi, t->q, r->detectable);
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

/* The most units a cell of run r has among the compared cells. */
static size_t side_units(const struct compare *c, size_t r)
{
	size_t u = 0;

	for (size_t k = 0; k < c->ncells; k++) {
		const struct run_cell *rc = c->cells[k].row->cell[r];

		if (rc && rc->nreps > u)
			u = rc->nreps;
	}
	return u;
}

/* Whether a cell was measured in every unit of both sides. */
static int full_cell(const struct compare *c, const struct cmp_cell *cc,
		     size_t i, const size_t u[2])
{
	const struct run_cell *a = cc->row->cell[0], *b = cc->row->cell[i];

	if (!a || !b || a->nreps != u[0] || b->nreps != u[1])
		return 0;
	for (size_t k = 0; k < u[0]; k++)
		if (!(values(c, a)[k] > 0.0))
			return 0;
	for (size_t k = 0; k < u[1]; k++)
		if (!(values(c, b)[k] > 0.0))
			return 0;
	return 1;
}

/* Fewer cells measured everywhere than this: no common level is taken. */
#define COMMON_MIN_CELLS 20

/*
 * The units' common levels (struct cmp_common) of base and new run i into
 * lev[0][0..u0) and lev[1][0..u1), zeros when too few cells; m[k]: cell k's
 * mean of ln(x) over all units, NAN when it was not measured in every unit.
 * 0, or -1.
 */
static int common_levels(struct compare *c, size_t i, const size_t u[2],
			 double *lev[2], double *m)
{
	struct cmp_common *g = &c->common[i];
	size_t nfull = 0, side, k;
	double *dev = malloc((c->ncells ? c->ncells : 1) * sizeof(*dev));

	if (!dev)
		return -1;
	for (k = 0; k < c->ncells; k++) {
		const struct cmp_cell *cc = &c->cells[k];
		double s = 0.0;

		m[k] = NAN;
		if (!full_cell(c, cc, i, u))
			continue;
		for (side = 0; side < 2; side++)
			for (size_t j = 0; j < u[side]; j++)
				s += log(values(c, cc->row->cell[side ? i : 0])[j]);
		m[k] = s / (double)(u[0] + u[1]);
		nfull++;
	}
	g->cells = nfull >= COMMON_MIN_CELLS ? nfull : 0;
	for (side = 0; side < 2; side++)
		for (size_t j = 0; j < u[side]; j++) {
			size_t n = 0;

			lev[side][j] = 0.0;
			if (!g->cells)
				continue;
			for (k = 0; k < c->ncells; k++)
				if (!isnan(m[k]))
					dev[n++] = log(values(c, c->cells[k].row->cell[side ? i : 0])[j]) - m[k];
			lev[side][j] = stat_median(dev, n);
		}
	free(dev);
	return 0;
}

/* The common level's own test: every cell moved alike. */
static void judge_common(struct compare *c, size_t i, const size_t u[2],
			 double *lev[2])
{
	struct cmp_common *g = &c->common[i];
	struct stat_logsample a, b;

	g->verdict = CMP_NA;
	g->tested = 0;
	memset(&g->t, 0, sizeof(g->t));
	if (!g->cells)
		return;
	stat_summarize_logs(lev[0], u[0], 0.0, &a);
	stat_summarize_logs(lev[1], u[1], 0.0, &b);
	/* the levels' own resolution: a median of many cells, 1/1000 */
	if (a.n >= 2 && a.var < 1e-6)
		a.var = 1e-6;
	if (b.n >= 2 && b.var < 1e-6)
		b.var = 1e-6;
	a.geo = exp(a.mean);
	b.geo = exp(b.mean);
	g->tested = !stat_welch_log(&a, &b, STATS_CONF, &g->t);
}

/* The common level's verdict, on its q among the cells' (judge_run). */
static void judge_common_q(struct compare *c, size_t i)
{
	struct cmp_common *g = &c->common[i];
	double up = 1.0 + c->conf.threshold_pct / 100.0;

	if (!g->tested)
		return;
	g->verdict = CMP_SAME;
	if (g->t.q < c->conf.alpha && g->t.ratio >= up)
		g->verdict = CMP_REGRESSION;
	else if (g->t.q < c->conf.alpha && g->t.ratio <= 1.0 / up)
		g->verdict = CMP_IMPROVEMENT;
}

/*
 * One side of cell cc against run i, on ln(x) less each unit's level
 * (cells not measured in every unit: less the side's mean level).
 */
static void side_sample(const struct compare *c, const struct cmp_cell *cc,
			size_t i, int side, const size_t u[2], const double *lev,
			int full, struct stat_logsample *s)
{
	const struct run_cell *rc = cc->row->cell[side ? i : 0];
	double mean_lev = 0.0, y[RUN_MAX_UNITS];
	size_t n;

	memset(s, 0, sizeof(*s));
	if (!rc)
		return;
	n = rc->nreps < RUN_MAX_UNITS ? rc->nreps : RUN_MAX_UNITS;
	for (size_t j = 0; j < u[side]; j++)
		mean_lev += lev[j] / (double)u[side];
	for (size_t j = 0; j < n; j++) {
		double x = values(c, rc)[j];

		y[j] = x > 0.0 ? log(x) - (full ? lev[j] : mean_lev) : NAN;
	}
	stat_summarize_logs(y, n, 0.0, s);
	if (s->n >= 2)
		s->var = fmax(s->var, floor_of(c, cc, cc->s[side ? i : 0].geo));
}

/*
 * The variance a boot's value would have from its reps alone: the reps'
 * pooled variance of ln x in both sides' boots (floored like a unit's)
 * over the reps per boot, into *scale; returns its df, 0 when a side is
 * not a set of boots of two or more reps.
 */
static double within_scale(const struct compare *c, const struct cmp_cell *cc,
			   size_t i, double *scale)
{
	const struct run_cell *a = cc->row->cell[0], *b = cc->row->cell[i];
	int k = c->conf.metric == METRIC_P50;
	double wdf, wvar, reps;

	*scale = 0.0;
	if (!a || !b || !(a->within_df > 0.0) || !(b->within_df > 0.0))
		return 0.0;
	wdf = a->within_df + b->within_df;
	wvar = (a->within_ss[k] + b->within_ss[k]) / wdf;
	wvar = fmax(wvar, floor_of(c, cc, cc->s[0].geo));
	reps = (double)(a->within_reps + b->within_reps) /
	       (double)(a->within_boots + b->within_boots);
	*scale = wvar / reps;
	return wdf;
}

/* How many of q[0..n) are tests (not NAN). */
static size_t tests_in(const double *q, size_t n)
{
	size_t m = 0;

	for (size_t k = 0; k < n; k++)
		m += !isnan(q[k]);
	return m;
}

/* Behaviour, the common level and the time test of every cell, then BH. */
static int judge_run(struct compare *c, size_t i)
{
	size_t n = c->ncells + 1, u[2];	/* the cells', then the level's */
	size_t m, nd = 0;		/* tests; tested cells' detectables */
	double *p = malloc(n * sizeof(*p)), *q = malloc(n * sizeof(*q));
	double *cmean = malloc(n * sizeof(*cmean));
	double *var[2] = { malloc(n * sizeof(double)), malloc(n * sizeof(double)) };
	double *df[2] = { malloc(n * sizeof(double)), malloc(n * sizeof(double)) };
	double *wscale = malloc(n * sizeof(double)), *wdf = malloc(n * sizeof(double));
	struct stat_logsample *ts[2] = { calloc(n, sizeof(**ts)),
					 calloc(n, sizeof(**ts)) };
	double *lev[2] = { NULL, NULL };
	struct cmp_common *g = &c->common[i];
	int ret = -1;

	u[0] = side_units(c, 0);
	u[1] = side_units(c, i);
	lev[0] = calloc(u[0] + 1, sizeof(double));
	lev[1] = calloc(u[1] + 1, sizeof(double));
	if (!p || !q || !var[0] || !var[1] || !df[0] || !df[1] || !ts[0] ||
	    !ts[1] || !lev[0] || !lev[1] || !cmean || !wscale || !wdf ||
	    common_levels(c, i, u, lev, cmean))
		goto out;
	judge_common(c, i, u, lev);
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		int full = !isnan(cmean[r]);

		judge_behaviour(cc->row->cell[0], cc->row->cell[i], &cc->r[i]);
		for (int side = 0; side < 2; side++) {
			side_sample(c, cc, i, side, u, lev[side], full,
				    &ts[side][r]);
			var[side][r] = ts[side][r].n >= 2 ? ts[side][r].var : 0;
			df[side][r] = ts[side][r].df;
		}
		wdf[r] = within_scale(c, cc, i, &wscale[r]);
	}
	for (int side = 0; side < 2; side++) {
		stat_fit_prior(var[side], df[side], c->ncells, &g->prior[side]);
		stat_fit_within(var[side], df[side], wscale, wdf, c->ncells,
				&g->within[side]);
	}
	g->outliers = 0;
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		struct cmp_result *res = &cc->r[i];

		for (int side = 0; side < 2; side++) {
			struct stat_prior pr = stat_within_prior(&g->within[side],
								 wscale[r], wdf[r]);

			if (pr.d0 <= 0.0)
				pr = g->prior[side];
			if (ts[side][r].n >= 2 && pr.d0 > 0.0 &&
			    !stat_moderate(&pr, &ts[side][r]))
				g->outliers++;
		}
		res->tested = !stat_welch_log(&ts[0][r], &ts[1][r], STATS_CONF,
					      &res->t);
		p[r] = res->tested ? res->t.p : NAN;
		/* the test is on the ratio beyond the common level (its
		 * interval: lo, hi); ratio is the cell's own, as measured */
		res->beyond = res->t.ratio;
		if (cc->s[0].n && cc->s[i].n)
			res->t.ratio = cc->s[i].geo / cc->s[0].geo;
	}
	/* the common level is one more test of the same comparison */
	p[c->ncells] = g->tested ? g->t.p : NAN;
	if (stat_bh(p, c->ncells + 1, q))
		goto out;
	g->t.q = q[c->ncells];
	judge_common_q(c, i);
	m = tests_in(q, c->ncells + 1);
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		struct cmp_result *res = &cc->r[i];

		res->t.q = q[r];
		res->detectable = res->tested ?
			fmax(stat_detectable(&res->t, c->conf.alpha, m),
			     1.0 + c->conf.threshold_pct / 100.0) : NAN;
		if (res->tested) {
			p[nd++] = res->detectable;	/* p is spent: reuse it */
			c->sum[i].detects_20 += res->detectable <= 1.2;
		}
		judge_time(c, res);
		tally(&c->sum[i], cc, res);
	}
	if (nd)
		c->sum[i].detectable_median = stat_median(p, nd);
	if (g->verdict == CMP_REGRESSION) {
		c->sum[i].regressions++;
		c->sum[i].by_kind[KIND_GLOBAL]++;
	}
	c->sum[i].extra = c->j.extra[i];
	ret = 0;
out:
	free(p);
	free(q);
	free(cmean);
	free(wscale);
	free(wdf);
	for (int side = 0; side < 2; side++) {
		free(var[side]);
		free(df[side]);
		free(ts[side]);
		free(lev[side]);
	}
	return ret;
}

static int build_cell(struct compare *c, struct cmp_cell *cc,
		      const struct join_row *row)
{
	size_t n = c->j.nruns;

	cc->row = row;
	cc->s = calloc(n, sizeof(*cc->s));
	cc->r = calloc(n, sizeof(*cc->r));
	if (!cc->s || !cc->r)
		return -1;
	cc->res = 0.0;
	for (size_t i = 0; i < n; i++) {
		double ri = resolution_ns(c->j.runs[i], row->k);

		if (row->cell[i] && ri > cc->res)
			cc->res = ri;
	}
	/* the cell's own geometric means, for display and the ratio */
	for (size_t i = 0; i < n; i++)
		if (row->cell[i])
			stat_log_summarize(values(c, row->cell[i]),
					   row->cell[i]->nreps, 0.0, &cc->s[i]);
	return 0;
}

/* Refuse incomplete runs and other conditions unless the user allows. */
static int check_runs(struct compare *c, const struct run *const *runs,
		      size_t nruns, char *err, size_t errlen)
{
	char diff[512];
	size_t used;

	for (size_t i = 0; i < nruns; i++) {
		if (runs[i]->meta.complete)
			continue;
		if (!c->conf.allow_incomplete) {
			snprintf(err, errlen, "%s is incomplete (meta.json complete=false: an interrupted run); pass --allow-incomplete to compare what it has",
				 runs[i]->dir);
			return -1;
		}
		used = strlen(c->accepted);
		snprintf(c->accepted + used, sizeof(c->accepted) - used,
			 "%s%s is incomplete", used ? "; " : "",
			 cmp_run_name(runs[i]));
	}
	for (size_t i = 1; i < nruns; i++) {
		if (!runset_conditions_differ(&runs[0]->meta, &runs[i]->meta,
					      diff, sizeof(diff)))
			continue;
		if (!c->conf.allow_mismatch) {
			snprintf(err, errlen, "%s and %s were measured under other conditions: %s; pass --allow-mismatch to compare them anyway",
				 runs[0]->dir, runs[i]->dir, diff);
			return -1;
		}
		used = strlen(c->accepted);
		snprintf(c->accepted + used, sizeof(c->accepted) - used,
			 "%s%s differs from base: %s", used ? "; " : "",
			 cmp_run_name(runs[i]), diff);
	}
	return 0;
}

int compare_build(struct compare *c, const struct run *const *runs,
		  size_t nruns, const struct compare_conf *conf, char *err,
		  size_t errlen, int *refused)
{
	memset(c, 0, sizeof(*c));
	c->conf = *conf;
	*refused = 0;
	if (check_runs(c, runs, nruns, err, errlen)) {
		*refused = 1;
		return -1;
	}
	if (join_runs(&c->j, runs, nruns, err, errlen))
		return -1;
	c->cells = calloc(c->j.nrows ? c->j.nrows : 1, sizeof(*c->cells));
	c->sum = calloc(nruns, sizeof(*c->sum));
	c->common = calloc(nruns, sizeof(*c->common));
	if (!c->cells || !c->sum || !c->common)
		goto oom;
	for (size_t r = 0; r < c->j.nrows; r++) {
		if (!c->j.rows[r].cell[0])
			continue;	/* extra in some new run: counted there */
		if (build_cell(c, &c->cells[c->ncells++], &c->j.rows[r]))
			goto oom;
	}
	for (size_t i = 1; i < nruns; i++)
		if (judge_run(c, i))
			goto oom;
	return 0;
oom:
	snprintf(err, errlen, "compare: out of memory");
	compare_free(c);
	return -1;
}

void compare_free(struct compare *c)
{
	for (size_t i = 0; i < c->ncells; i++) {
		free(c->cells[i].s);
		free(c->cells[i].r);
	}
	free(c->cells);
	free(c->sum);
	free(c->common);
	join_free(&c->j);
	memset(c, 0, sizeof(*c));
}

int compare_has_regression(const struct compare *c)
{
	for (size_t i = 1; i < c->j.nruns; i++)
		if (c->sum[i].regressions)
			return 1;
	return 0;
}

int compare_parse_threshold(const char *arg, double *pct, char *err,
			    size_t errlen)
{
	char *end;

	errno = 0;
	*pct = strtod(arg, &end);
	if (!*arg || *end || errno || !(*pct >= 0.0) || *pct > 1000.0) {
		snprintf(err, errlen, "--threshold: '%s' is not a percentage; expected a number in 0..1000",
			 arg);
		return -1;
	}
	return 0;
}

int compare_parse_metric(const char *arg, enum cmp_metric *m, char *err,
			 size_t errlen)
{
	if (!strcmp(arg, "mean"))
		*m = METRIC_MEAN;
	else if (!strcmp(arg, "p50"))
		*m = METRIC_P50;
	else {
		snprintf(err, errlen, "--metric: '%s' is not a metric; expected mean or p50",
			 arg);
		return -1;
	}
	return 0;
}
