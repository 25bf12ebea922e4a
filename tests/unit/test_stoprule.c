// SPDX-License-Identifier: GPL-2.0
/*
 * The stopping rule against synthetic sample sources: one that converges
 * stops precise, one that never does stops at its cap or its budget, one
 * that is too slow stops on time; a rule that is off takes the fixed count.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "plan/stoprule.h"

/* A sample source: value of sample i, seconds each sample costs. */
struct source {
	double (*value)(uint64_t i);
	double cost_s;
};

struct outcome {
	enum stop_why why;
	uint64_t n, chunks;
	double ci_pct, elapsed_s;
};

/* The loop a cell runs: chunks until the rule says stop (Welford). */
static struct outcome drive(const struct stoprule *r, const struct source *s)
{
	struct outcome o = { 0 };
	double mean = 0, m2 = 0, sd = 0;

	for (;;) {
		uint64_t k = stop_next_chunk(r, o.n, mean, sd, o.elapsed_s);

		assert_true(k >= 1);
		for (uint64_t j = 0; j < k; j++) {
			double x = s->value(o.n), d = x - mean;

			o.n++;
			mean += d / (double)o.n;
			m2 += d * (x - mean);
		}
		sd = o.n > 1 ? sqrt(m2 / (double)(o.n - 1)) : 0;
		o.chunks++;
		o.elapsed_s += (double)k * s->cost_s;
		o.why = stop_check(r, o.n, mean, sd, o.elapsed_s);
		if (o.why != STOP_MORE)
			break;
		assert_true(o.chunks < 100000);
	}
	o.ci_pct = stop_ci_pct(o.n, mean, sd);
	return o;
}

/* 100 +- a deterministic 10 % wobble: converges. */
static double steady(uint64_t i)
{
	return 100.0 + 10.0 * sin((double)i * 1.7);
}

/* A level that keeps walking away: never precise. */
static double drifting(uint64_t i)
{
	return 100.0 * (1 + (double)(i % 7)) * (i % 3 ? 1 : 50);
}

static void test_converges(void **state)
{
	struct stoprule r = { .target_pct = 1, .budget_s = 10,
			      .min_samples = 30, .max_samples = 100000 };
	struct source s = { steady, 1e-6 };
	struct outcome o;

	(void)state;
	o = drive(&r, &s);
	assert_int_equal(o.why, STOP_PRECISE);
	assert_true(o.ci_pct <= 1.0);
	assert_true(o.n >= 30);
	/* it asked for about what the spread needs, not the cap */
	assert_true(o.n < 1000);
	assert_true(o.chunks < 12);
}

static void test_never_converges_hits_cap(void **state)
{
	struct stoprule r = { .target_pct = 1, .budget_s = 1e9,
			      .min_samples = 30, .max_samples = 5000 };
	struct source s = { drifting, 1e-6 };
	struct outcome o;

	(void)state;
	o = drive(&r, &s);
	assert_int_equal(o.why, STOP_MAX);
	assert_int_equal(o.n, 5000);
	assert_true(o.ci_pct > 1.0);
}

static void test_never_converges_hits_budget(void **state)
{
	struct stoprule r = { .target_pct = 1, .budget_s = 2,
			      .min_samples = 30, .max_samples = 1000000 };
	struct source s = { drifting, 1e-3 };
	struct outcome o;

	(void)state;
	o = drive(&r, &s);
	assert_int_equal(o.why, STOP_BUDGET);
	assert_true(o.elapsed_s >= 2);
	/* chunks fit the budget left at the cost seen: little overshoot */
	assert_true(o.elapsed_s < 2.01);
}

static void test_too_slow(void **state)
{
	/* 0.5 s per sample, 2 s budget: stops before min_samples, on time */
	struct stoprule r = { .target_pct = 1, .budget_s = 2,
			      .min_samples = 30, .max_samples = 1000 };
	struct source s = { steady, 0.5 };
	struct outcome o;

	(void)state;
	o = drive(&r, &s);
	assert_int_equal(o.why, STOP_BUDGET);
	assert_int_equal(o.n, STOP_FIRST_CHUNK);
	assert_true(o.elapsed_s <= 2);
}

static void test_enforced_budget_starts_at_min(void **state)
{
	struct stoprule r = { .target_pct = 1, .budget_s = 10,
			      .min_samples = 30, .max_samples = 1000,
			      .enforced = 1 };

	(void)state;
	assert_int_equal(stop_next_chunk(&r, 0, 0, 0, 0), 30);
	r.enforced = 0;
	assert_int_equal(stop_next_chunk(&r, 0, 0, 0, 0), STOP_FIRST_CHUNK);
}

static void test_rule_off_takes_fixed_count(void **state)
{
	struct stoprule r = { .target_pct = 0, .budget_s = 0,
			      .min_samples = 0, .max_samples = 256 };
	struct source s = { drifting, 1 };
	struct outcome o;

	(void)state;
	o = drive(&r, &s);
	assert_int_equal(o.why, STOP_MAX);
	assert_int_equal(o.n, 256);
	assert_int_equal(o.chunks, 1);
}

static void test_ci(void **state)
{
	(void)state;
	/* t(0.975, 99) = 1.9842: sd 10 over 100 samples, mean 100 -> 1.98 % */
	assert_float_equal(stop_ci_pct(100, 100, 10), 1.98422, 1e-4);
	assert_true(isinf(stop_ci_pct(1, 100, 10)));
	assert_true(isinf(stop_ci_pct(10, 0, 10)));
	assert_string_equal(stop_name(STOP_PRECISE), "precise");
	assert_string_equal(stop_name(STOP_BUDGET), "budget");
	assert_string_equal(stop_name(STOP_MAX), "max");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_converges),
		cmocka_unit_test(test_never_converges_hits_cap),
		cmocka_unit_test(test_never_converges_hits_budget),
		cmocka_unit_test(test_too_slow),
		cmocka_unit_test(test_enforced_budget_starts_at_min),
		cmocka_unit_test(test_rule_off_takes_fixed_count),
		cmocka_unit_test(test_ci),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
