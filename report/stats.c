// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics for compare: see stats.h. The t distribution comes from the
 * standalone R math library (Debian r-mathlib, GPL-2+).
 */
#define MATHLIB_STANDALONE
#include <Rmath.h>
#include <math.h>

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

void stat_summarize(const double *x, size_t n, double conf,
		    struct stat_sample *s)
{
	double sum = 0.0, ss = 0.0;

	s->n = n;
	s->mean = s->var = s->sd = 0.0;
	s->half = INFINITY;
	if (!n)
		return;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	s->mean = sum / (double)n;
	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - s->mean) * (x[i] - s->mean);
	s->var = ss / (double)(n - 1);
	s->sd = sqrt(s->var);
	s->half = stat_t_quantile(0.5 + conf / 2.0, (double)(n - 1)) * s->sd /
		  sqrt((double)n);
}

double stat_welch_df(const struct stat_sample *a, const struct stat_sample *b)
{
	double va = a->var / (double)a->n, vb = b->var / (double)b->n;
	double den = va * va / (double)(a->n - 1) + vb * vb / (double)(b->n - 1);

	/* Two constant samples: the difference is exact, any df will do. */
	if (den <= 0.0)
		return (double)(a->n + b->n - 2);
	return (va + vb) * (va + vb) / den;
}

void stat_compare(const struct stat_sample *base, const struct stat_sample *nw,
		  double conf, double threshold_pct, struct stat_diff *d)
{
	double se, half;

	d->delta_pct = d->lo_pct = d->hi_pct = d->df = NAN;
	d->overlap = 1;
	d->verdict = STAT_NA;
	if (base->n < 2 || nw->n < 2 || !(base->mean > 0.0))
		return;
	d->delta_pct = (nw->mean - base->mean) / base->mean * 100.0;
	d->df = stat_welch_df(base, nw);
	se = sqrt(base->var / (double)base->n + nw->var / (double)nw->n);
	half = stat_t_quantile(0.5 + conf / 2.0, d->df) * se;
	d->lo_pct = d->delta_pct - half / base->mean * 100.0;
	d->hi_pct = d->delta_pct + half / base->mean * 100.0;
	d->overlap = nw->mean - nw->half <= base->mean + base->half &&
		     base->mean - base->half <= nw->mean + nw->half;
	d->verdict = STAT_SAME;
	if (!d->overlap && fabs(d->delta_pct) >= threshold_pct)
		d->verdict = d->delta_pct > 0 ? STAT_REGRESSION :
						STAT_IMPROVEMENT;
}

const char *stat_verdict_name(enum stat_verdict v)
{
	switch (v) {
	case STAT_SAME: return "same";
	case STAT_REGRESSION: return "regression";
	case STAT_IMPROVEMENT: return "improvement";
	default: return "n/a";
	}
}
