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
		"", "missing", "failures", "misplaced", "time",
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

void compare_rule(char *buf, size_t len, const struct compare *c)
{
	snprintf(buf, len, "per cell, Welch's t on ln(%s_ns) of each unit (a boot in a set of boots, else a repetition), variance floored at the timer's resolution; Benjamini-Hochberg q over the cells tested; a regression when q < %.2f and the ratio is >= %.3f, or new failed ops, new misplaced pages or objects, or a missing cell",
		 cmp_metric_name(c->conf.metric), c->conf.alpha,
		 1.0 + c->conf.threshold_pct / 100.0);
}

/* The smallest step of a unit's statistic in ns, for this cell's suite. */
static double resolution_ns(const struct run *r, const struct cell_key *k)
{
	if (!strcmp(k->suite, "kernel"))
		return r->meta.tsc_khz ? 1e6 / (double)r->meta.tsc_khz : 1.0;
	return r->meta.user_resolution_ns > 1.0 ? r->meta.user_resolution_ns :
						  1.0;
}

static void summarize(const struct compare *c, const struct run_cell *rc,
		      double res, struct stat_logsample *s)
{
	double fl;

	memset(s, 0, sizeof(*s));
	if (!rc)
		return;
	stat_log_summarize(c->conf.metric == METRIC_P50 ? rc->p50_ns :
			   rc->mean_ns, rc->nreps, 0.0, s);
	fl = stat_floor_var(res, s->geo, c->conf.metric == METRIC_P50 ?
			    P50_BUCKET_REL : 0.0);
	if (s->n >= 2 && s->var < fl)
		s->var = fl;
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
	if (t->q < c->conf.alpha && t->ratio >= up)
		set(r, CMP_REGRESSION, KIND_TIME,
		    "slower x%.3f [%.3f, %.3f], q %.2g", t->ratio, t->lo, t->hi,
		    t->q);
	else if (t->q < c->conf.alpha && t->ratio <= 1.0 / up)
		set(r, CMP_IMPROVEMENT, KIND_NONE,
		    "faster x%.3f [%.3f, %.3f], q %.2g", t->ratio, t->lo,
		    t->hi, t->q);
	else if (t->q < c->conf.alpha)
		set(r, CMP_SAME, KIND_NONE,
		    "x%.3f [%.3f, %.3f] significant, below the threshold",
		    t->ratio, t->lo, t->hi);
	else
		set(r, CMP_SAME, KIND_NONE, "x%.3f [%.3f, %.3f], q %.2g",
		    t->ratio, t->lo, t->hi, t->q);
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

/* Behaviour and the time test of every cell for new run i, then BH. */
static int judge_run(struct compare *c, size_t i)
{
	double *p = malloc((c->ncells ? c->ncells : 1) * sizeof(*p));
	double *q = malloc((c->ncells ? c->ncells : 1) * sizeof(*q));
	int ret = -1;

	if (!p || !q)
		goto out;
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];
		struct cmp_result *res = &cc->r[i];

		judge_behaviour(cc->row->cell[0], cc->row->cell[i], res);
		res->tested = !stat_welch_log(&cc->s[0], &cc->s[i], STATS_CONF,
					      &res->t);
		p[r] = res->tested ? res->t.p : NAN;
	}
	if (stat_bh(p, c->ncells, q))
		goto out;
	for (size_t r = 0; r < c->ncells; r++) {
		struct cmp_cell *cc = &c->cells[r];

		cc->r[i].t.q = q[r];
		judge_time(c, &cc->r[i]);
		tally(&c->sum[i], cc, &cc->r[i]);
	}
	c->sum[i].extra = c->j.extra[i];
	ret = 0;
out:
	free(p);
	free(q);
	return ret;
}

static int build_cell(struct compare *c, struct cmp_cell *cc,
		      const struct join_row *row)
{
	size_t n = c->j.nruns;
	double res = 0.0;

	cc->row = row;
	cc->s = calloc(n, sizeof(*cc->s));
	cc->r = calloc(n, sizeof(*cc->r));
	if (!cc->s || !cc->r)
		return -1;
	for (size_t i = 0; i < n; i++) {
		double ri = resolution_ns(c->j.runs[i], row->k);

		if (row->cell[i] && ri > res)
			res = ri;
	}
	for (size_t i = 0; i < n; i++)
		summarize(c, row->cell[i], res, &cc->s[i]);
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
	if (!c->cells || !c->sum)
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
