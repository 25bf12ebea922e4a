// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics for compare: see stats.h. The t distribution comes from the
 * standalone R math library (Debian r-mathlib, GPL-2+).
 */
#define MATHLIB_STANDALONE
#include <Rmath.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stat_median(const double *v, size_t n)
{
	double tmp[64], *s = n <= 64 ? tmp : malloc(n * sizeof(*s)), m;
	size_t k = 0;

	if (!s)
		return NAN;
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i]))
			s[k++] = v[i];
	qsort(s, k, sizeof(*s), cmp_double);
	m = !k ? NAN : k % 2 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
	if (s != tmp)
		free(s);
	return m;
}

double stat_floor_var(double resolution_ns, double x, double bucket_rel)
{
	double r = x > 0.0 && resolution_ns > 0.0 ? resolution_ns / x : 0.0;

	return (r * r + bucket_rel * bucket_rel) / 12.0;
}

void stat_summarize_logs(const double *y, size_t n, double floor_var,
			 struct stat_logsample *s)
{
	double sum = 0.0, ss = 0.0;
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (isfinite(y[i])) {
			sum += y[i];
			m++;
		}
	s->n = m;
	s->mean = m ? sum / (double)m : NAN;
	s->geo = m ? exp(s->mean) : NAN;
	s->var = 0.0;
	s->df = m ? (double)(m - 1) : 0.0;
	if (m < 2)
		return;
	for (size_t i = 0; i < n; i++)
		if (isfinite(y[i]))
			ss += (y[i] - s->mean) * (y[i] - s->mean);
	s->var = ss / (double)(m - 1);
	if (s->var < floor_var)
		s->var = floor_var;
}

void stat_log_summarize(const double *x, size_t n, double floor_var,
			struct stat_logsample *s)
{
	double y[n ? n : 1];

	for (size_t i = 0; i < n; i++)
		y[i] = x[i] > 0.0 && isfinite(x[i]) ? log(x[i]) : NAN;
	stat_summarize_logs(y, n, floor_var, s);
}

/* x with trigamma(x) = y (limma's trigammaInverse: Newton from above). */
static double trigamma_inverse(double y)
{
	double x;

	if (y > 1e7)
		return 1.0 / sqrt(y);
	if (y < 1e-6)
		return 1.0 / y;
	x = 0.5 + 1.0 / y;
	for (int i = 0; i < 50; i++) {
		double tri = trigamma(x);
		double dif = tri * (1.0 - tri / y) / psigamma(x, 2.0);

		x += dif;
		if (-dif / x < 1e-8)
			break;
	}
	return x;
}

/* E[ln(chi2_d / d)]: how far ln s^2 of d df falls below ln sigma^2. */
static double log_var_bias(double d)
{
	return digamma(d / 2.0) - log(d / 2.0);
}

/* A prior of this many degrees of freedom stands for "all alike". */
#define STAT_D0_MAX 1e4

/*
 * The prior's degrees of freedom from evar, the variance of the cells' log
 * variances beyond what sampling explains (Smyth 2004): none left is "all
 * alike".
 */
static double spread_df(double evar)
{
	return evar > 0.0 ? fmin(2.0 * trigamma_inverse(evar), STAT_D0_MAX) :
			    STAT_D0_MAX;
}

void stat_fit_prior(const double *var, const double *df, size_t n,
		    struct stat_prior *p)
{
	double emean = 0.0, evar = 0.0, tri = 0.0;
	size_t m = 0;

	p->d0 = 0.0;
	p->s0sq = 0.0;
	for (size_t i = 0; i < n; i++)
		if (df[i] > 0.0 && var[i] > 0.0) {
			emean += log(var[i]) - log_var_bias(df[i]);
			m++;
		}
	if (m < 10)
		return;
	emean /= (double)m;
	for (size_t i = 0; i < n; i++)
		if (df[i] > 0.0 && var[i] > 0.0) {
			double e = log(var[i]) - log_var_bias(df[i]);

			evar += (e - emean) * (e - emean);
			tri += trigamma(df[i] / 2.0);
		}
	evar = evar / (double)(m - 1) - tri / (double)m;
	p->d0 = spread_df(evar);
	p->s0sq = evar > 0.0 ? exp(emean + log_var_bias(p->d0)) : exp(emean);
}

int stat_moderate(const struct stat_prior *p, struct stat_logsample *s)
{
	if (s->n < 2 || p->d0 <= 0.0 || p->s0sq <= 0.0)
		return 0;
	if (pf(s->var / p->s0sq, s->df, fmin(p->d0, STAT_D0_MAX), 0, 0) <
	    STAT_OUTLIER_P) {
		s->df += p->d0;	/* its own, larger variance; the prior's tails */
		return 0;
	}
	s->var = (p->d0 * p->s0sq + s->df * s->var) / (p->d0 + s->df);
	s->df += p->d0;
	return 1;
}

void stat_pool(const struct stat_logsample *a, const struct stat_logsample *b,
	       double floor_var, struct stat_logsample *out)
{
	memset(out, 0, sizeof(*out));
	out->n = a->n + b->n;
	out->mean = NAN;
	if (a->n < 2 || b->n < 2)
		return;
	out->df = a->df + b->df;
	out->var = fmax((a->df * a->var + b->df * b->var) / out->df,
			floor_var);
}

int stat_moderated_log(const struct stat_logsample *base,
		       const struct stat_logsample *nw,
		       const struct stat_logsample *pooled, double conf,
		       struct stat_test *t)
{
	double diff, half;

	t->ratio = base->n && nw->n ? nw->geo / base->geo : NAN;
	t->lo = t->hi = t->t = t->df = t->p = t->q = t->se = NAN;
	if (base->n < 2 || nw->n < 2 || !(pooled->df > 0.0))
		return -1;
	diff = nw->mean - base->mean;
	t->df = pooled->df;
	t->se = sqrt(pooled->var * (1.0 / (double)base->n +
				    1.0 / (double)nw->n));
	t->t = diff / t->se;
	t->p = 2.0 * pt(-fabs(t->t), t->df, 1, 0);
	half = stat_t_quantile(0.5 + conf / 2.0, t->df) * t->se;
	t->lo = exp(diff - half);
	t->hi = exp(diff + half);
	return 0;
}

/* Cell i's ln(var / wscale) less both sides' bias; NAN if unusable. */
static double within_e(const double *var, const double *df,
		       const double *wscale, const double *wdf, size_t i)
{
	if (!(df[i] > 0.0 && var[i] > 0.0 && wscale[i] > 0.0 && wdf[i] > 0.0))
		return NAN;
	return log(var[i] / wscale[i]) - log_var_bias(df[i]) +
	       log_var_bias(wdf[i]);
}

void stat_fit_within(const double *var, const double *df,
		     const double *wscale, const double *wdf, size_t n,
		     struct stat_within_fit *f)
{
	double emean = 0.0, evar = 0.0, tri = 0.0;
	size_t m = 0;

	f->lambda = 0.0;
	f->dh = 0.0;
	for (size_t i = 0; i < n; i++) {
		double e = within_e(var, df, wscale, wdf, i);

		if (!isnan(e)) {
			emean += e;
			m++;
		}
	}
	if (m < 10)
		return;
	emean /= (double)m;
	for (size_t i = 0; i < n; i++) {
		double e = within_e(var, df, wscale, wdf, i);

		if (isnan(e))
			continue;
		evar += (e - emean) * (e - emean);
		tri += trigamma(df[i] / 2.0) + trigamma(wdf[i] / 2.0);
	}
	f->lambda = exp(emean);
	/* what the cells' ratios spread beyond both sampling spreads */
	evar = evar / (double)(m - 1) - tri / (double)m;
	f->dh = spread_df(evar);
}

struct stat_prior stat_within_prior(const struct stat_within_fit *f,
				    double wscale, double wdf)
{
	struct stat_prior p = { 0.0, 0.0 };

	if (f->lambda <= 0.0 || wscale <= 0.0 || wdf <= 0.0)
		return p;
	p.s0sq = fmax(f->lambda, 1.0) * wscale;
	p.d0 = 1.0 / (1.0 / wdf + 1.0 / f->dh);
	return p;
}

int stat_welch_log(const struct stat_logsample *base,
		   const struct stat_logsample *nw, double conf,
		   struct stat_test *t)
{
	double va, vb, se, half, diff;

	t->ratio = base->n && nw->n ? nw->geo / base->geo : NAN;
	t->lo = t->hi = t->t = t->df = t->p = t->q = t->se = NAN;
	if (base->n < 2 || nw->n < 2)
		return -1;
	va = base->var / (double)base->n;
	vb = nw->var / (double)nw->n;
	se = sqrt(va + vb);
	diff = nw->mean - base->mean;
	/* Welch-Satterthwaite, each side with its (moderated) df */
	t->df = (va + vb) * (va + vb) /
		(va * va / base->df + vb * vb / nw->df);
	t->se = se;
	t->t = diff / se;
	t->p = 2.0 * pt(-fabs(t->t), t->df, 1, 0);
	half = stat_t_quantile(0.5 + conf / 2.0, t->df) * se;
	t->lo = exp(diff - half);
	t->hi = exp(diff + half);
	return 0;
}

double stat_detectable(const struct stat_test *t, double alpha, size_t m)
{
	if (!m || !isfinite(t->se) || !(t->df > 0.0))
		return NAN;
	return exp(stat_t_quantile(1.0 - alpha / (2.0 * (double)m), t->df) *
		   t->se);
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
