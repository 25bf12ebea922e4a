// SPDX-License-Identifier: GPL-2.0
/*
 * compare's statistics against GSL: Student t CDF and quantiles, the
 * log-scale summary and its variance floor, Welch's t on logs (p, ratio and
 * interval), and Benjamini-Hochberg against R's p.adjust.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "report/stats.h"

static const double dfs[] = { 1, 2, 3, 4, 5, 7.3, 9, 10, 29, 30, 100, 1000, 2.5, 1.3 };
#define NDF (sizeof(dfs) / sizeof(*dfs))

static void assert_close(double got, double want, double rel)
{
	double tol = rel * fmax(1.0, fabs(want));

	if (!(fabs(got - want) <= tol))
		fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

static void test_t_cdf(void **state)
{
	static const double ts[] = { -50, -6, -2.5, -1, -0.1, 0, 0.3, 1, 1.96,
				     2.776, 4, 12.7, 100 };

	(void)state;
	for (size_t i = 0; i < NDF; i++)
		for (size_t j = 0; j < sizeof(ts) / sizeof(*ts); j++)
			assert_close(stat_t_cdf(ts[j], dfs[i]),
				     gsl_cdf_tdist_P(ts[j], dfs[i]), 1e-12);
}

/* Missing values (NAN) in every position, and every order: never part of
 * the median, whatever the input order (issue 20: {a, b, NAN} gave b). */
static void test_median_missing(void **state)
{
	static const double v[3] = { 8134.8, 8332.0, 7345.9 };
	double x[3];

	(void)state;
	for (unsigned miss = 1; miss < 8; miss++)	/* bit i: x[i] missing */
		for (unsigned rot = 0; rot < 3; rot++) {
			double kept[3], want;
			size_t k = 0;

			for (unsigned i = 0; i < 3; i++) {
				x[i] = miss & (1u << i) ? NAN : v[(i + rot) % 3];
				if (!(miss & (1u << i)))
					kept[k++] = x[i];
			}
			want = k == 0 ? NAN : k == 1 ? kept[0] :
			       (kept[0] + kept[1]) / 2;	/* k <= 2 here */
			if (k == 0)
				assert_true(isnan(stat_median(x, 3)));
			else
				assert_float_equal(stat_median(x, 3), want,
						    1e-9);
		}
	/* none missing, each order */
	for (unsigned rot = 0; rot < 3; rot++) {
		for (unsigned i = 0; i < 3; i++)
			x[i] = v[(i + rot) % 3];
		assert_float_equal(stat_median(x, 3), 8134.8, 1e-9);
	}
	x[0] = NAN;
	x[1] = INFINITY;
	assert_true(isnan(stat_median(x, 2)));
	assert_true(isnan(stat_median(x, 0)));
}

static void test_t_quantile(void **state)
{
	static const double ps[] = { 0.001, 0.025, 0.05, 0.3, 0.5, 0.6, 0.9,
				     0.95, 0.975, 0.99, 0.995, 0.9995 };

	(void)state;
	for (size_t i = 0; i < NDF; i++)
		for (size_t j = 0; j < sizeof(ps) / sizeof(*ps); j++)
			assert_close(stat_t_quantile(ps[j], dfs[i]),
				     gsl_cdf_tdist_Pinv(ps[j], dfs[i]), 1e-9);
	/* Textbook values: t(0.975, 1) = 12.706, t(0.975, 4) = 2.776. */
	assert_close(stat_t_quantile(0.975, 1), 12.7062047, 1e-7);
	assert_close(stat_t_quantile(0.975, 4), 2.7764451, 1e-7);
	assert_true(isnan(stat_t_quantile(0.0, 3)));
	assert_true(isnan(stat_t_quantile(1.0, 3)));
	assert_true(isnan(stat_t_quantile(0.5, 0)));
}

static void logs(const double *x, size_t n, double *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = log(x[i]);
}

static void test_log_summarize(void **state)
{
	static const double x[] = { 5210.5, 5190.1, 5402.9, 5288.0, 5301.7,
				    5150.2, 5620.4 };
	double lx[7];
	struct stat_logsample s;

	(void)state;
	logs(x, 7, lx);
	for (size_t n = 2; n <= 7; n++) {
		stat_log_summarize(x, n, 0.0, &s);
		assert_int_equal(s.n, n);
		assert_close(s.mean, gsl_stats_mean(lx, 1, n), 1e-14);
		assert_close(s.var, gsl_stats_variance(lx, 1, n), 1e-10);
		assert_close(s.geo, exp(gsl_stats_mean(lx, 1, n)), 1e-12);
	}
	/* The floor only raises a variance. */
	stat_log_summarize(x, 7, 1.0, &s);
	assert_close(s.var, 1.0, 0);
	stat_log_summarize(x, 7, 1e-12, &s);
	assert_close(s.var, gsl_stats_variance(lx, 1, 7), 1e-10);
	/* One unit: a mean, no variance; zero or negative values are skipped. */
	stat_log_summarize(x, 1, 0.5, &s);
	assert_int_equal(s.n, 1);
	assert_close(s.var, 0.0, 0);
	{
		static const double bad[] = { 0.0, -3.0, 100.0 };

		stat_log_summarize(bad, 3, 0.0, &s);
		assert_int_equal(s.n, 1);
		assert_close(s.geo, 100.0, 1e-12);
	}
}

static void test_floor(void **state)
{
	(void)state;
	/* A 10 ns timer step on a 20 ns value: (1/2)^2 / 12. */
	assert_close(stat_floor_var(10.0, 20.0, 0.0), 0.25 / 12.0, 1e-15);
	assert_close(stat_floor_var(0.0, 20.0, 1.0 / 64.0),
		     1.0 / 64.0 / 64.0 / 12.0, 1e-15);
	assert_close(stat_floor_var(1.0, 0.0, 0.0), 0.0, 0);
}

static void test_welch_log(void **state)
{
	static const double a[] = { 100, 102, 98, 101, 99 };
	static const double b[] = { 130, 120, 140, 110 };
	double la[5], lb[4], va, vb, df, t, half, diff;
	struct stat_logsample sa, sb;
	struct stat_test r;

	(void)state;
	logs(a, 5, la);
	logs(b, 4, lb);
	stat_log_summarize(a, 5, 0.0, &sa);
	stat_log_summarize(b, 4, 0.0, &sb);
	assert_int_equal(stat_welch_log(&sa, &sb, STATS_CONF, &r), 0);
	va = gsl_stats_variance(la, 1, 5) / 5;
	vb = gsl_stats_variance(lb, 1, 4) / 4;
	df = (va + vb) * (va + vb) / (va * va / 4 + vb * vb / 3);
	diff = gsl_stats_mean(lb, 1, 4) - gsl_stats_mean(la, 1, 5);
	t = diff / sqrt(va + vb);
	half = gsl_cdf_tdist_Pinv(0.975, df) * sqrt(va + vb);
	assert_close(r.df, df, 1e-12);
	assert_close(r.t, t, 1e-12);
	assert_close(r.p, 2 * gsl_cdf_tdist_Q(fabs(t), df), 1e-9);
	assert_close(r.ratio, exp(diff), 1e-12);
	assert_close(r.lo, exp(diff - half), 1e-9);
	assert_close(r.hi, exp(diff + half), 1e-9);
	/* Symmetric: base and new swapped give the inverse ratio, same p. */
	assert_int_equal(stat_welch_log(&sb, &sa, STATS_CONF, &r), 0);
	assert_close(r.ratio, exp(-diff), 1e-12);
	assert_close(r.p, 2 * gsl_cdf_tdist_Q(fabs(t), df), 1e-9);
	/* One unit on a side: no test, the ratio still known. */
	stat_log_summarize(a, 1, 0.0, &sa);
	assert_int_equal(stat_welch_log(&sa, &sb, STATS_CONF, &r), -1);
	assert_true(isnan(r.p) && isnan(r.lo));
	assert_close(r.ratio, sb.geo / 100.0, 1e-12);
}

/*
 * The A/A case from issue 9: jemalloc-numa free 256 B, p50 30 ns in both
 * repetitions of one run and 20 ns in the other's, on a timer that steps
 * in 10 ns. Without a floor that is t = infinity; with it, no verdict.
 */
static void test_identical_units(void **state)
{
	static const double a[] = { 30, 30 }, b[] = { 20, 20 };
	struct stat_logsample sa, sb;
	struct stat_test r;

	(void)state;
	stat_log_summarize(a, 2, stat_floor_var(10.0, 30.0, 1.0 / 64), &sa);
	stat_log_summarize(b, 2, stat_floor_var(10.0, 20.0, 1.0 / 64), &sb);
	assert_true(sa.var > 0 && sb.var > 0);
	assert_int_equal(stat_welch_log(&sa, &sb, STATS_CONF, &r), 0);
	assert_true(isfinite(r.t) && r.lo < r.hi);
	assert_true(r.p > 0.05);
	/* The same timer step on 3000 ns values hides nothing: a real -33%. */
	{
		static const double c[] = { 3000, 3010 }, d[] = { 2000, 2005 };

		stat_log_summarize(c, 2, stat_floor_var(10.0, 3000, 0), &sa);
		stat_log_summarize(d, 2, stat_floor_var(10.0, 2000, 0), &sb);
		assert_int_equal(stat_welch_log(&sa, &sb, STATS_CONF, &r), 0);
		assert_true(r.p < 0.01);
	}
}

static void test_bh(void **state)
{
	/* R: p.adjust(c(.01, .04, .03, .005, .5), "BH") */
	static const double p[] = { 0.01, 0.04, 0.03, 0.005, 0.5 };
	static const double want[] = { 0.025, 0.05, 0.05, 0.025, 0.5 };
	static const double p2[] = { NAN, 0.01, 0.02, NAN };
	static const double p3[] = { 0.9, 0.8 };
	double q[5];

	(void)state;
	assert_int_equal(stat_bh(p, 5, q), 0);
	for (int i = 0; i < 5; i++)
		assert_close(q[i], want[i], 1e-15);
	/* Untested cells do not count: m = 2. */
	assert_int_equal(stat_bh(p2, 4, q), 0);
	assert_true(isnan(q[0]) && isnan(q[3]));
	assert_close(q[1], 0.02, 1e-15);
	assert_close(q[2], 0.02, 1e-15);
	/* Never above 1, monotone in p. */
	assert_int_equal(stat_bh(p3, 2, q), 0);
	assert_close(q[0], 0.9, 1e-15);
	assert_close(q[1], 0.9, 1e-15);
	assert_int_equal(stat_bh(p, 0, q), 0);
}

/*
 * The prior recovers what generated the variances: 4000 cells whose true
 * variances scatter as s0sq * d0 / chi2(d0), each observed with df 2
 * (three units) as var * chi2(2) / 2 - the case of compare with 3 boots.
 */
static void test_fit_prior(void **state)
{
	enum { N = 4000 };
	static double var[N], df[N];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct stat_prior p;

	(void)state;
	gsl_rng_set(rng, 42);
	for (int i = 0; i < N; i++) {
		double truth = 0.02 * 8.0 / gsl_ran_chisq(rng, 8.0);

		df[i] = 2.0;
		var[i] = truth * gsl_ran_chisq(rng, 2.0) / 2.0;
	}
	stat_fit_prior(var, df, N, &p);
	assert_true(p.d0 > 6.0 && p.d0 < 10.5);
	assert_true(p.s0sq > 0.018 && p.s0sq < 0.022);
	/* All variances alike: a prior as strong as it gets. */
	for (int i = 0; i < N; i++)
		var[i] = 0.02 * gsl_ran_chisq(rng, 2.0) / 2.0;
	stat_fit_prior(var, df, N, &p);
	assert_true(p.d0 > 100.0);
	assert_true(p.s0sq > 0.019 && p.s0sq < 0.021);
	/* Too few cells, or none usable: no prior. */
	stat_fit_prior(var, df, 9, &p);
	assert_true(p.d0 == 0.0);
	df[0] = 0.0;
	var[1] = 0.0;
	stat_fit_prior(var, df, 11, &p);
	assert_true(p.d0 == 0.0);
	gsl_rng_free(rng);
}

static void test_moderate(void **state)
{
	static const double y[] = { 1.0, 1.2, 0.8 };
	struct stat_prior p = { .d0 = 4.0, .s0sq = 0.1 };
	struct stat_logsample s;

	(void)state;
	stat_summarize_logs(y, 3, 0.0, &s);
	assert_close(s.var, 0.04, 1e-12);
	assert_close(s.df, 2.0, 0);
	assert_int_equal(stat_moderate(&p, &s), 1);
	assert_close(s.var, (4.0 * 0.1 + 2.0 * 0.04) / 6.0, 1e-12);
	assert_close(s.df, 6.0, 0);
	/* No prior, or one unit: unchanged. */
	p.d0 = 0.0;
	stat_moderate(&p, &s);
	assert_close(s.df, 6.0, 0);
	stat_summarize_logs(y, 1, 0.0, &s);
	p.d0 = 4.0;
	stat_moderate(&p, &s);
	assert_close(s.var, 0.0, 0);
	/* NAN values are not units. */
	{
		static const double z[] = { NAN, 2.0, 2.0 };

		stat_summarize_logs(z, 3, 0.01, &s);
		assert_int_equal(s.n, 2);
		assert_close(s.var, 0.01, 0);
	}
}

/*
 * A cell the prior cannot explain keeps its own variance: var 0.04 on df 2
 * against a prior of 0.0001 on 4 df lies beyond F(2, 4)'s 99th percentile
 * (18.0 against a ratio of 400); 0.0004 (ratio 4) does not.
 */
static void test_moderate_outlier(void **state)
{
	static const double y[] = { 1.0, 1.2, 0.8 };
	struct stat_prior p = { .d0 = 4.0, .s0sq = 0.0001 };
	struct stat_logsample s;

	(void)state;
	stat_summarize_logs(y, 3, 0.0, &s);
	/* its own variance, with the prior's df: a large change still shows */
	assert_int_equal(stat_moderate(&p, &s), 0);
	assert_close(s.var, 0.04, 1e-12);
	assert_close(s.df, 6.0, 0);
	stat_summarize_logs(y, 3, 0.0, &s);
	p.s0sq = 0.01;
	assert_int_equal(stat_moderate(&p, &s), 1);
	assert_close(s.var, (4.0 * 0.01 + 2.0 * 0.04) / 6.0, 1e-12);
}

/*
 * The prior from reps inside boots recovers what generated the data: 4000
 * cells of scales w spread over two decades; the reps' pooled variance
 * seen on 12 df (6 boots of 3 reps), the boots' on 2 df (a side of 3
 * boots), the boots' truth lambda * w. Alike cells give a strong fit;
 * lambda below 1 is kept, but a cell's prior never goes under its reps'.
 */
static void test_fit_within(void **state)
{
	enum { N = 4000 };
	static double var[N], df[N], w[N], wdf[N];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct stat_within_fit f;
	struct stat_prior p;

	(void)state;
	gsl_rng_set(rng, 7);
	for (int i = 0; i < N; i++) {
		double scale = 1e-4 * pow(10.0, 2.0 * gsl_rng_uniform(rng));

		df[i] = 2.0;
		wdf[i] = 12.0;
		w[i] = scale * gsl_ran_chisq(rng, 12.0) / 12.0;
		var[i] = 1.5 * scale * gsl_ran_chisq(rng, 2.0) / 2.0;
	}
	stat_fit_within(var, df, w, wdf, N, &f);
	assert_true(f.lambda > 1.4 && f.lambda < 1.6);
	assert_true(f.dh > 100.0);
	p = stat_within_prior(&f, 0.002, 12.0);
	assert_close(p.s0sq, f.lambda * 0.002, 1e-12);
	assert_close(p.d0, 1.0 / (1.0 / 12.0 + 1.0 / f.dh), 1e-9);
	for (int i = 0; i < N; i++)
		var[i] *= 0.5 / 1.5;
	stat_fit_within(var, df, w, wdf, N, &f);
	assert_true(f.lambda > 0.4 && f.lambda < 0.6);
	p = stat_within_prior(&f, 0.002, 12.0);
	assert_close(p.s0sq, 0.002, 1e-12);
	/* Too few cells, or no reps: no prior. */
	stat_fit_within(var, df, w, wdf, 9, &f);
	assert_true(f.lambda == 0.0);
	p = stat_within_prior(&f, 0.002, 12.0);
	assert_true(p.d0 == 0.0);
	gsl_rng_free(rng);
}

/*
 * The smallest ratio a cell would show as significant: the Welch interval's
 * half width at the threshold BH sets for one discovery among m, exp'd.
 */
static void test_detectable(void **state)
{
	struct stat_test t = { .se = 0.05, .df = 10.0 };

	(void)state;
	assert_close(stat_detectable(&t, 0.05, 100),
		     exp(gsl_cdf_tdist_Qinv(0.05 / 200.0, 10.0) * 0.05), 1e-9);
	/* more cells tested: a larger effect needed */
	assert_true(stat_detectable(&t, 0.05, 1000) >
		    stat_detectable(&t, 0.05, 100));
	assert_true(isnan(stat_detectable(&t, 0.05, 0)));
	t.se = NAN;
	assert_true(isnan(stat_detectable(&t, 0.05, 100)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t_cdf),
		cmocka_unit_test(test_t_quantile),
		cmocka_unit_test(test_median_missing),
		cmocka_unit_test(test_log_summarize),
		cmocka_unit_test(test_floor),
		cmocka_unit_test(test_welch_log),
		cmocka_unit_test(test_identical_units),
		cmocka_unit_test(test_bh),
		cmocka_unit_test(test_fit_prior),
		cmocka_unit_test(test_moderate),
		cmocka_unit_test(test_moderate_outlier),
		cmocka_unit_test(test_fit_within),
		cmocka_unit_test(test_detectable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
