// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics for compare: see stats.h. The incomplete beta follows the
 * continued fraction of Numerical Recipes (betacf, modified Lentz), which
 * converges fast for x < (a + 1) / (a + b + 2); above, the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) is used.
 */
#include <math.h>

#include "stats.h"

#define BETACF_ITER 300
#define BETACF_EPS 1e-15
#define BETACF_TINY 1e-300

/* One modified-Lentz step of the continued fraction: the factor for h. */
static double lentz_step(double aa, double *c, double *d)
{
	*d = 1.0 + aa * *d;
	if (fabs(*d) < BETACF_TINY)
		*d = BETACF_TINY;
	*c = 1.0 + aa / *c;
	if (fabs(*c) < BETACF_TINY)
		*c = BETACF_TINY;
	*d = 1.0 / *d;
	return *d * *c;
}

/* Continued fraction of I_x(a, b) (modified Lentz), for stat_betai. */
static double betacf(double a, double b, double x)
{
	double qab = a + b, qap = a + 1.0, qam = a - 1.0;
	double c = 1.0, d = 1.0 - qab * x / qap, h;

	if (fabs(d) < BETACF_TINY)
		d = BETACF_TINY;
	d = 1.0 / d;
	h = d;
	for (int m = 1; m <= BETACF_ITER; m++) {
		double m2 = 2.0 * m, aa, del;

		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		h *= lentz_step(aa, &c, &d);
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		del = lentz_step(aa, &c, &d);
		h *= del;
		if (fabs(del - 1.0) < BETACF_EPS)
			break;
	}
	return h;
}

double stat_betai(double a, double b, double x)
{
	double bt;

	if (x <= 0.0)
		return 0.0;
	if (x >= 1.0)
		return 1.0;
	bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
		 b * log1p(-x));
	if (x < (a + 1.0) / (a + b + 2.0))
		return bt * betacf(a, b, x) / a;
	return 1.0 - bt * betacf(b, a, 1.0 - x) / b;
}

double stat_t_cdf(double t, double df)
{
	double tail = 0.5 * stat_betai(df / 2.0, 0.5, df / (df + t * t));

	return t >= 0.0 ? 1.0 - tail : tail;
}

/*
 * Bisection: the CDF is monotonic, so 200 halvings of a bracket that
 * grows until it holds the answer give full double precision.
 */
double stat_t_quantile(double p, double df)
{
	double lo, hi = 1.0;

	if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
		return NAN;
	if (p < 0.5)
		return -stat_t_quantile(1.0 - p, df);
	if (p == 0.5)
		return 0.0;
	while (stat_t_cdf(hi, df) < p && hi < 1e300)
		hi *= 2.0;
	lo = hi / 2.0 < 1.0 ? 0.0 : hi / 2.0;
	for (int i = 0; i < 200 && hi - lo > 0.0; i++) {
		double mid = 0.5 * (lo + hi);

		if (mid == lo || mid == hi)
			break;
		if (stat_t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
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
