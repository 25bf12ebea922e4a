// SPDX-License-Identifier: GPL-2.0
/* ubatch.h: ops per timed region within the timer's share, per-op ns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "user/ubatch.h"
#include "user/utimer.h"

/* Worked cases: the timer 20 ns (an lfence+rdtsc pair here), ops of ... */
static void test_size_cases(void **state)
{
	(void)state;
	/* 20 / (19 x 20 + 20) = 5 % exactly; 18 ops would be 5.3 % */
	assert_int_equal(ubatch_size(20, 20, 0.05, 4096), 19);
	assert_int_equal(ubatch_size(20, 3, 0.05, 4096), 127);
	assert_int_equal(ubatch_size(20, 380, 0.05, 4096), 1);
	assert_int_equal(ubatch_size(20, 379, 0.05, 4096), 2);
	assert_int_equal(ubatch_size(20, 3000, 0.05, 4096), 1);
	/* a 10 % share halves (about) the batch */
	assert_int_equal(ubatch_size(20, 20, 0.10, 4096), 9);
	/* capped; an op below the timer's resolution takes the cap */
	assert_int_equal(ubatch_size(20, 0.01, 0.05, 1024), 1024);
	assert_int_equal(ubatch_size(20, 0, 0.05, 64), 64);
	/* a free timer needs no batch */
	assert_int_equal(ubatch_size(0, 5, 0.05, 64), 1);
	assert_int_equal(ubatch_size(20, 20, 0.05, 0), 1);
}

/* The N chosen is the smallest that keeps the timer within the share. */
static void test_size_bound(void **state)
{
	static const double overheads[] = { 1, 10, 20, 27.5, 100, 1000 };
	static const double ops[] = { 0.3, 1, 2.5, 7, 20, 99, 400, 5000 };
	static const double shares[] = { 0.01, 0.05, 0.2 };

	(void)state;
	for (size_t i = 0; i < sizeof(overheads) / sizeof(*overheads); i++)
	for (size_t k = 0; k < sizeof(ops) / sizeof(*ops); k++)
	for (size_t s = 0; s < sizeof(shares) / sizeof(*shares); s++) {
		double o = overheads[i], op = ops[k], sh = shares[s];
		unsigned n = ubatch_size(o, op, sh, UBATCH_MAX);

		assert_true(n >= 1 && n <= UBATCH_MAX);
		if (n < UBATCH_MAX)
			assert_true(ubatch_timer_share(o, op, n) <= sh + 1e-12);
		if (n > 1)
			assert_true(ubatch_timer_share(o, op, n - 1) > sh);
	}
}

static void test_share(void **state)
{
	(void)state;
	assert_true(ubatch_timer_share(20, 20, 19) == 0.05);
	assert_true(ubatch_timer_share(20, 0, 1) == 1);
	assert_true(ubatch_timer_share(0, 0, 1) == 1);
}

/* Regions stay raw ticks until flushed: then ticks x ns_per_tick / ops. */
static void test_flush(void **state)
{
	struct ubatch b = { .n = 0 };
	struct hist h;
	struct utimer saved = utimer;

	(void)state;
	hist_init(&h);
	utimer.use_tsc = 1;
	utimer.ns_per_tick = 0.5;	/* a 2 GHz TSC */
	ubatch_put(&b, 1000, 10);	/* 500 ns / 10 ops */
	ubatch_put(&b, 21, 1);		/* 10.5 ns: rounds to 11 */
	ubatch_put(&b, 60, 20);		/* 1.5 ns: 2 */
	assert_int_equal(b.n, 3);
	assert_false(ubatch_full(&b));
	ubatch_flush(&b, &h);
	assert_int_equal(b.n, 0);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.min, 2);
	assert_int_equal(h.max, 50);
	assert_true(h.sum == 50 + 11 + 2);
	for (unsigned i = 0; i < 512; i++)
		ubatch_put(&b, 7, 7);
	assert_true(ubatch_full(&b));
	ubatch_flush(&b, &h);
	assert_int_equal(h.n, 3 + 512);
	utimer = saved;
}

/* Whole batches only; nothing without a hist; flushed when full. */
static void test_keep(void **state)
{
	struct ubatch b = { .n = 0 };
	struct hist h;

	(void)state;
	hist_init(&h);
	ubatch_keep(&b, &h, 100, 10, 10);
	ubatch_keep(&b, &h, 100, 3, 10);	/* a tail: dropped */
	ubatch_keep(&b, NULL, 100, 10, 10);	/* warm-up: dropped */
	ubatch_keep(&b, &h, 120, 12, 10);	/* a tail joined: 12 ops */
	assert_int_equal(b.n, 2);
	assert_int_equal(b.ops[1], 12);
	for (unsigned i = 0; i < 600; i++)
		ubatch_keep(&b, &h, 5, 1, 1);
	assert_int_equal(b.n + h.n, 602);
	assert_true(h.n >= 512);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_cases),
		cmocka_unit_test(test_size_bound),
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
