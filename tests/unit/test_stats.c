// SPDX-License-Identifier: GPL-2.0
/*
 * compare's statistics against GSL: Student t CDF and quantiles, sample
 * mean, variance and CI, Welch degrees of freedom; and the verdicts.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <gsl/gsl_cdf.h>
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

static void test_summarize(void **state)
{
	static const double x[] = { 5210.5, 5190.1, 5402.9, 5288.0, 5301.7,
				    5150.2, 5620.4 };
	struct stat_sample s;

	(void)state;
	for (size_t n = 2; n <= 7; n++) {
		double sd;

		stat_summarize(x, n, STATS_CONF, &s);
		sd = gsl_stats_sd(x, 1, n);
		assert_int_equal(s.n, n);
		assert_close(s.mean, gsl_stats_mean(x, 1, n), 1e-14);
		assert_close(s.var, gsl_stats_variance(x, 1, n), 1e-12);
		assert_close(s.sd, sd, 1e-12);
		assert_close(s.half, gsl_cdf_tdist_Pinv(0.975, (double)n - 1) *
				     sd / sqrt((double)n), 1e-9);
	}
	stat_summarize(x, 1, STATS_CONF, &s);
	assert_true(isinf(s.half));
	assert_close(s.mean, x[0], 0);
	stat_summarize(x, 0, STATS_CONF, &s);
	assert_int_equal(s.n, 0);
}

static void test_welch(void **state)
{
	static const double a[] = { 100, 102, 98, 101, 99 };
	static const double b[] = { 130, 120, 140, 110 };
	struct stat_sample sa, sb;
	struct stat_diff d;
	double va, vb, df, half, diff;

	(void)state;
	stat_summarize(a, 5, STATS_CONF, &sa);
	stat_summarize(b, 4, STATS_CONF, &sb);
	va = gsl_stats_variance(a, 1, 5) / 5;
	vb = gsl_stats_variance(b, 1, 4) / 4;
	df = (va + vb) * (va + vb) / (va * va / 4 + vb * vb / 3);
	assert_close(stat_welch_df(&sa, &sb), df, 1e-12);
	stat_compare(&sa, &sb, STATS_CONF, 5.0, &d);
	diff = gsl_stats_mean(b, 1, 4) - gsl_stats_mean(a, 1, 5);
	half = gsl_cdf_tdist_Pinv(0.975, df) * sqrt(va + vb);
	assert_close(d.df, df, 1e-12);
	assert_close(d.delta_pct, diff / 100.0 * 100.0, 1e-12);
	assert_close(d.lo_pct, (diff - half) / 100.0 * 100.0, 1e-9);
	assert_close(d.hi_pct, (diff + half) / 100.0 * 100.0, 1e-9);
}

static enum stat_verdict verdict(const double *a, size_t na, const double *b,
				 size_t nb, double thr)
{
	struct stat_sample sa, sb;
	struct stat_diff d;

	stat_summarize(a, na, STATS_CONF, &sa);
	stat_summarize(b, nb, STATS_CONF, &sb);
	stat_compare(&sa, &sb, STATS_CONF, thr, &d);
	return d.verdict;
}

static void test_verdicts(void **state)
{
	static const double base[] = { 100, 101, 99, 100, 100 };
	static const double slow[] = { 120, 121, 119, 120, 120 };
	static const double fast[] = { 80, 81, 79, 80, 80 };
	static const double near[] = { 103, 104, 102, 103, 103 };
	static const double wide[] = { 60, 180, 90, 150, 120 };
	static const double c1[] = { 100, 100, 100 }, c2[] = { 110, 110, 110 };
	static const double zero[] = { 0, 0, 0 };

	(void)state;
	assert_int_equal(verdict(base, 5, slow, 5, 5.0), STAT_REGRESSION);
	assert_int_equal(verdict(base, 5, fast, 5, 5.0), STAT_IMPROVEMENT);
	/* Separated intervals, but below the threshold: no verdict. */
	assert_int_equal(verdict(base, 5, near, 5, 5.0), STAT_SAME);
	assert_int_equal(verdict(base, 5, near, 5, 2.0), STAT_REGRESSION);
	/* +20% in the mean, but the intervals overlap. */
	assert_int_equal(verdict(base, 5, wide, 5, 5.0), STAT_SAME);
	/* The same data is never significant. */
	assert_int_equal(verdict(slow, 5, slow, 5, 0.0), STAT_SAME);
	/* Constant samples: zero-width intervals that do not overlap. */
	assert_int_equal(verdict(c1, 3, c2, 3, 5.0), STAT_REGRESSION);
	assert_int_equal(verdict(c2, 3, c1, 3, 5.0), STAT_IMPROVEMENT);
	/* Not comparable: one repetition, or a zero base. */
	assert_int_equal(verdict(base, 1, slow, 5, 5.0), STAT_NA);
	assert_int_equal(verdict(base, 5, slow, 1, 5.0), STAT_NA);
	assert_int_equal(verdict(zero, 3, slow, 5, 5.0), STAT_NA);
	assert_string_equal(stat_verdict_name(STAT_REGRESSION), "regression");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t_cdf),
		cmocka_unit_test(test_t_quantile),
		cmocka_unit_test(test_summarize),
		cmocka_unit_test(test_welch),
		cmocka_unit_test(test_verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
