// SPDX-License-Identifier: GPL-2.0
/*
 * umcell.h: objects per round, rounds per cell, and the warm-up that stops
 * on a steady per-op time and sizes each op's batch (a scripted round
 * stands in for an allocator: no timing involved).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "user/ubatch.h"
#include "user/ufresh.h"
#include "user/umcell.h"
#include "user/utimer.h"

static struct profile prof;
static struct uctx ctx;
static struct ucell cell;

static void cell_of(struct umcell *m, uint64_t size)
{
	prof = (struct profile){ .iterations = 256, .warmup = 16 };
	ctx = (struct uctx){ .p = &prof };
	cell = (struct ucell){ .alloc = ualloc_by_name("glibc"),
			       .size_bytes = size, .mem_node = 0 };
	assert_int_equal(umcell_init(m, &ctx, &cell, NULL), 0);
}

/* K: 4 MiB of objects, 16 to 1024 of them, the same for every allocator. */
static void test_round_objects(void **state)
{
	static const struct { uint64_t size; size_t k; } cases[] = {
		{ 8, 1024 }, { 4096, 1024 }, { 8192, 512 }, { 65536, 64 },
		{ 262144, 16 }, { 1 << 20, 16 },
	};
	struct umcell m;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		cell_of(&m, cases[i].size);
		assert_int_equal(m.k, cases[i].k);
		umcell_free(&m);
	}
}

/* Rounds: enough for iterations samples at ops per region. */
static void test_rounds(void **state)
{
	struct umcell m;

	(void)state;
	cell_of(&m, 8);			/* K 1024, iterations 256 */
	assert_int_equal(umcell_rounds(&m, 1), 1);
	assert_int_equal(umcell_rounds(&m, 4), 1);
	assert_int_equal(umcell_rounds(&m, 8), 2);
	assert_int_equal(umcell_rounds(&m, 100), 26);	/* 10 a round */
	assert_int_equal(umcell_rounds(&m, 1024), 256);
	umcell_free(&m);
}

/* A scripted allocator: per-op means of successive rounds, and regions. */
static const double *script;
static unsigned nscript, calls;
static uint64_t region_ns;

static int scripted_round(struct umcell *m, double *ns)
{
	ns[0] = script[calls < nscript ? calls : nscript - 1];
	calls++;
	for (int i = 0; i < 9; i++)	/* median region: region_ns per op */
		hist_add(&m->cal[0], i < 5 ? region_ns : 10 * region_ns);
	return 0;
}

static void warm(struct umcell *m, const double *s, unsigned n,
		 uint64_t region)
{
	script = s;
	nscript = n;
	calls = 0;
	region_ns = region;
	assert_int_equal(umcell_warm_up(m, scripted_round, 1), 0);
}

static void test_warm_up(void **state)
{
	static const double settling[] = { 500, 100, 40, 30, 29, 29 };
	static const double steady[] = { 10, 10, 10 };
	static const double never[] = { 10, 20 };	/* alternates */
	static double alt[40];
	struct utimer saved = utimer;
	struct umcell m;

	(void)state;
	utimer.overhead_ns = 16;
	cell_of(&m, 8);
	/* stops at the first round within 5 % of the one before */
	warm(&m, settling, 6, 20);
	assert_int_equal(m.warmup, 5);
	assert_true(m.settled);
	/* op = 20 - 16 / 16 = 19 ns: 16 x 0.95 / (0.05 x 19) = 16 */
	assert_int_equal(m.ops[0], ubatch_size(16, 19, UBATCH_SHARE, 1024));
	assert_int_equal(m.ops[0], 16);
	/* at least two rounds, even when the first is already steady */
	warm(&m, steady, 3, 20);
	assert_int_equal(m.warmup, 2);
	/* the profile's warmup ops: 4096 of them are 4 rounds of 1024 */
	prof.warmup = 4096;
	warm(&m, steady, 3, 20);
	assert_int_equal(m.warmup, 4);
	prof.warmup = 16;
	/* never steady: the cap, marked unsettled */
	for (unsigned i = 0; i < 40; i++)
		alt[i] = never[i % 2];
	warm(&m, alt, 40, 20);
	assert_int_equal(m.warmup, 32);
	assert_false(m.settled);
	/* an op below the timer's resolution: the largest batch, K */
	warm(&m, steady, 3, 1);
	assert_int_equal(m.ops[0], 1024);
	umcell_free(&m);
	utimer = saved;
}

/*
 * A fresh process knows its allocator from the cell key its parent passed
 * ("fd index rep workload/allocator/c../m../s.."), and its plan loads only
 * that one: any other's cells get no skip reason there (never run).
 */
static void test_child_alloc(void **state)
{
	char buf[64];

	(void)state;
	unsetenv("NUMABENCH_UFRESH");
	assert_null(ufresh_child_alloc(buf, sizeof(buf)));
	setenv("NUMABENCH_UFRESH", "5 12 0 malloc/jemalloc-numa/c0/m1/s64", 1);
	assert_string_equal(ufresh_child_alloc(buf, sizeof(buf)), "jemalloc-numa");
	assert_null(ufresh_child_alloc(buf, 8));	/* does not fit */
	setenv("NUMABENCH_UFRESH", "5 12 0 malloc//c0", 1);
	assert_null(ufresh_child_alloc(buf, sizeof(buf)));
	setenv("NUMABENCH_UFRESH", "5 12 0 nokey", 1);
	assert_null(ufresh_child_alloc(buf, sizeof(buf)));
	unsetenv("NUMABENCH_UFRESH");

	/* not this process's allocator: left unloaded, no reason */
	ctx.only_alloc = "no-such-allocator";
	for (unsigned a = 0; a < ualloc_count; a++) {
		umcell_alloc_why(&ctx, &ualloc_table[a], buf, sizeof(buf));
		assert_string_equal(buf, "");
	}
	/* its own: opened and prepared as in the parent (glibc always can) */
	ctx.only_alloc = "glibc";
	umcell_alloc_why(&ctx, ualloc_by_name("glibc"), buf, sizeof(buf));
	assert_string_equal(buf, "");
	ctx.only_alloc = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_objects),
		cmocka_unit_test(test_rounds),
		cmocka_unit_test(test_warm_up),
		cmocka_unit_test(test_child_alloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
