// SPDX-License-Identifier: GPL-2.0
/* The per-call / per-page fit (user/linfit.h) on known points. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "user/linfit.h"

static void test_exact(void **state)
{
	/* time = 2000 ns per call + 150 ns per page, at move_batches */
	const double x[] = { 1, 16, 64, 512, 4096 };
	double y[5], w[5], a, b;

	(void)state;
	for (int i = 0; i < 5; i++) {
		y[i] = 2000 + 150 * x[i];
		w[i] = 1 / (y[i] * y[i]);
	}
	assert_int_equal(linfit(x, y, NULL, 5, &a, &b), 0);
	assert_true(fabs(a - 2000) < 1e-6 && fabs(b - 150) < 1e-9);
	assert_int_equal(linfit(x, y, w, 5, &a, &b), 0);
	assert_true(fabs(a - 2000) < 1e-6 && fabs(b - 150) < 1e-9);
	/* two points determine the line */
	assert_int_equal(linfit(x, y, w, 2, &a, &b), 0);
	assert_true(fabs(a - 2000) < 1e-6 && fabs(b - 150) < 1e-9);
}

static void test_noisy(void **state)
{
	/* y = 10 + 2x with +-1 alternating: least squares by hand */
	const double x[] = { 0, 1, 2, 3 }, y[] = { 11, 11, 15, 15 };
	double a, b;

	(void)state;
	assert_int_equal(linfit(x, y, NULL, 4, &a, &b), 0);
	assert_true(fabs(b - 1.6) < 1e-12);	/* sxy 8 / sxx 5 */
	assert_true(fabs(a - 10.6) < 1e-12);	/* 13 - 1.6 x 1.5 */
}

static void test_relative(void **state)
{
	/* a 10 % outlier at 4096 pages moves call_ns less when relative */
	const double x[] = { 1, 64, 4096 };
	double y[3], w[3], a0, b0, a1, b1;

	(void)state;
	for (int i = 0; i < 3; i++)
		y[i] = 1000 + 100 * x[i];
	y[2] *= 1.1;
	for (int i = 0; i < 3; i++)
		w[i] = 1 / (y[i] * y[i]);
	assert_int_equal(linfit(x, y, NULL, 3, &a0, &b0), 0);
	assert_int_equal(linfit(x, y, w, 3, &a1, &b1), 0);
	assert_true(fabs(a1 - 1000) < fabs(a0 - 1000));
}

static void test_degenerate(void **state)
{
	const double x[] = { 64, 64 }, y[] = { 1, 2 }, w0[] = { 1, 0 };
	const double x2[] = { 1, 2 }, bad[] = { 1, NAN };
	double a, b;

	(void)state;
	assert_int_equal(linfit(x, y, NULL, 0, &a, &b), -1);
	assert_int_equal(linfit(x, y, NULL, 1, &a, &b), -1);
	assert_int_equal(linfit(x, y, NULL, 2, &a, &b), -1);	/* one batch size */
	assert_int_equal(linfit(x2, y, w0, 2, &a, &b), -1);	/* one weighted */
	assert_int_equal(linfit(x2, bad, NULL, 2, &a, &b), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_noisy),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_degenerate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
