// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics for compare: see stats.h. The t distribution comes from the
 * standalone R math library (Debian r-mathlib, GPL-2+).
 */
#define MATHLIB_STANDALONE
#include <Rmath.h>
#include <math.h>
#include <stdlib.h>

#include "stats.h"

double stat_t_cdf(double t, double df)
{
	return pt(t, df, 1, 0);
}

double stat_t_quantile(double p, double df)
{
	if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
		return NAN;
	return qt(p, df, 1, 0);
}

double stat_floor_var(double resolution_ns, double x, double bucket_rel)
{
	double r = x > 0.0 && resolution_ns > 0.0 ? resolution_ns / x : 0.0;

	return (r * r + bucket_rel * bucket_rel) / 12.0;
}

void stat_log_summarize(const double *x, size_t n, double floor_var,
			struct stat_logsample *s)
{
	double sum = 0.0, ss = 0.0;
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (x[i] > 0.0 && isfinite(x[i])) {
			sum += log(x[i]);
			m++;
		}
	s->n = m;
	s->mean = m ? sum / (double)m : NAN;
	s->geo = m ? exp(s->mean) : NAN;
	s->var = 0.0;
	if (m < 2)
		return;
	for (size_t i = 0; i < n; i++)
		if (x[i] > 0.0 && isfinite(x[i]))
			ss += (log(x[i]) - s->mean) * (log(x[i]) - s->mean);
	s->var = ss / (double)(m - 1);
	if (s->var < floor_var)
		s->var = floor_var;
}

int stat_welch_log(const struct stat_logsample *base,
		   const struct stat_logsample *nw, double conf,
		   struct stat_test *t)
{
	double va, vb, se, half, diff;

	t->ratio = base->n && nw->n ? nw->geo / base->geo : NAN;
	t->lo = t->hi = t->t = t->df = t->p = t->q = NAN;
	if (base->n < 2 || nw->n < 2)
		return -1;
	va = base->var / (double)base->n;
	vb = nw->var / (double)nw->n;
	se = sqrt(va + vb);
	diff = nw->mean - base->mean;
	t->df = (va + vb) * (va + vb) /
		(va * va / (double)(base->n - 1) +
		 vb * vb / (double)(nw->n - 1));
	t->t = diff / se;
	t->p = 2.0 * pt(-fabs(t->t), t->df, 1, 0);
	half = stat_t_quantile(0.5 + conf / 2.0, t->df) * se;
	t->lo = exp(diff - half);
	t->hi = exp(diff + half);
	return 0;
}

static const double *bh_p;

static int cmp_by_p(const void *a, const void *b)
{
	double x = bh_p[*(const size_t *)a], y = bh_p[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

int stat_bh(const double *p, size_t n, double *q)
{
	size_t *idx = malloc((n ? n : 1) * sizeof(*idx)), m = 0;
	double run = 1.0;

	if (!idx)
		return -1;
	for (size_t i = 0; i < n; i++) {
		q[i] = NAN;
		if (!isnan(p[i]))
			idx[m++] = i;
	}
	bh_p = p;
	qsort(idx, m, sizeof(*idx), cmp_by_p);
	/* q of rank k is min over ranks >= k of p * m / rank, at most 1. */
	for (size_t k = m; k > 0; k--) {
		double v = p[idx[k - 1]] * (double)m / (double)k;

		if (v < run)
			run = v;
		q[idx[k - 1]] = run;
	}
	free(idx);
	return 0;
}
