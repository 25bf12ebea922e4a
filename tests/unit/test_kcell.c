// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel cell's row from its samples (ubench/kernel/kcell.c), without a
 * module: fake merged counts and per-sample records go through
 * kcell_finish. A sample whose region missed the case's path
 * (KBENCH_SF_OFF_PATH) never reaches the statistics nor the disturbed
 * count, whether the clean samples alone are the statistics or not; a row
 * left with none says why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/kcell.h"
#include "plan/stoprule.h"

static const struct kbench_case_info buddy = {
	.case_id = 0, .param = KBENCH_PARAM_ORDER, .max_order = 10,
	.modes = 1u << KBENCH_MODE_BUDDY, .max_batch = 1024,
	.max_region_bytes = KBENCH_MAX_RUN_BYTES, .name = "buddy_alloc",
};

static const struct cell cell = {
	.kcase = &buddy, .cpu_node = 0, .mem_node = 0, .cpu = 0,
	.peer_cpu = -1, .size_bytes = 4096, .order = 0, .batch = 1,
	.mode = KBENCH_MODE_BUDDY,
};

/* 1 cycle = 1 ns: the row's times are the samples' cycles. */
static const struct kbench_client client = {
	.fd = -1, .version = { .api_version = KBENCH_API_VERSION,
			       .tsc_khz = 1000000 },
};

/* Cycles by kind: an off-path sample is the fastest, a disturbed one the
 * slowest, so a wrong choice shows in min and max. */
#define CLEAN_CYCLES 100
#define DISTURBED_CYCLES 1000
#define OFF_PATH_CYCLES 5
#define FAILED_CYCLES 7

static struct kbench_sample samples[256];

/*
 * Fill samples with clean, disturbed, off-path (every other one with an
 * interrupt as well) and failed ones, interleaved, and out->req with the
 * module's counts of them.
 */
static void fake_run(struct kcell_result *out, unsigned clean,
		     unsigned disturbed, unsigned off_path, unsigned failed)
{
	unsigned n = clean + disturbed + off_path + failed, k[4] = {
		clean, disturbed, off_path, failed };

	assert_true(n <= sizeof(samples) / sizeof(*samples));
	kcell_start(&cell, 0, out);
	for (unsigned i = 0, kind = 0; i < n; kind = (kind + 1) % 4) {
		struct kbench_sample *s = &samples[i];

		if (!k[kind])
			continue;
		k[kind]--;
		memset(s, 0, sizeof(*s));
		if (kind == 0) {
			s->cycles = CLEAN_CYCLES;
		} else if (kind == 1) {
			s->cycles = DISTURBED_CYCLES;
			s->flags = KBENCH_SF_IRQ;
		} else if (kind == 2) {
			s->cycles = OFF_PATH_CYCLES;
			s->flags = KBENCH_SF_OFF_PATH | (i % 2 ? KBENCH_SF_IRQ : 0);
		} else {
			s->cycles = FAILED_CYCLES;
			s->flags = KBENCH_SF_FAILED;
		}
		i++;
	}
	out->req = (struct kbench_run){
		.struct_size = sizeof(struct kbench_run), .iterations = n,
		.samples_done = n, .batch_used = 1, .clean = clean,
		.disturbed = disturbed, .failed_samples = failed,
		.off_path = off_path, .failed = failed, .tsc_khz = 1000000,
	};
	out->why = STOP_MAX;
}

static void finish(struct kcell_result *out)
{
	struct profile p;

	memset(&p, 0, sizeof(p));
	p.iterations = 256;
	kcell_finish(&client, &cell, &p, samples, out);
}

/* Enough clean samples: they alone are the statistics. */
static void test_clean_only(void **state)
{
	static struct kcell_result r;

	(void)state;
	fake_run(&r, 40, 6, 12, 2);
	finish(&r);
	assert_string_equal(r.row.status, "ok");
	assert_int_equal(r.row.samples, 40);
	assert_int_equal(r.hist.n, 40);
	assert_int_equal(r.hist.min, CLEAN_CYCLES);
	assert_int_equal(r.hist.max, CLEAN_CYCLES);
	assert_int_equal(r.row.disturbed, 6);
	assert_int_equal(r.row.failed_samples, 2);
	assert_int_equal(r.row.off_path, 12);
	assert_non_null(strstr(r.note, "12 of 60 samples off the case's path (no block from the zone free lists in the region), kept out"));
	assert_null(strstr(r.note, "IRQs off"));
	/* a *_gfp_atomic case's regions: the note says so */
	fake_run(&r, 40, 6, 12, 2);
	r.req.out_flags = KBENCH_OF_PREEMPT_OFF | KBENCH_OF_IRQS_OFF;
	finish(&r);
	assert_non_null(strstr(r.note, "; preemption off; IRQs off"));
}

/*
 * Too few clean samples: the statistics take the disturbed ones too,
 * never the off-path ones (disturbed or not) nor the failed ones.
 */
static void test_few_clean(void **state)
{
	static struct kcell_result r;

	(void)state;
	fake_run(&r, 3, 5, 20, 1);
	finish(&r);
	assert_string_equal(r.row.status, "ok");
	assert_int_equal(r.row.samples, 3 + 5);
	assert_int_equal(r.hist.min, CLEAN_CYCLES);
	assert_int_equal(r.hist.max, DISTURBED_CYCLES);
	assert_int_equal(r.row.disturbed, 0);	/* none kept out */
	assert_int_equal(r.row.off_path, 20);
	assert_non_null(strstr(r.note, "only 3 of 29 samples clean"));
}

/* Every sample off the path: no statistics, and the note says why. */
static void test_all_off_path(void **state)
{
	static struct kcell_result r;

	(void)state;
	fake_run(&r, 0, 0, 20, 0);
	finish(&r);
	assert_string_equal(r.row.status, "failed");
	assert_int_equal(r.row.samples, 0);
	assert_int_equal(r.row.off_path, 20);
	assert_string_equal(r.note, "no clean sample: all 20 off the case's path (no block from the zone free lists in the region)");
	/* as a real run had it: one sample within its budget, off the path */
	fake_run(&r, 0, 0, 1, 0);
	finish(&r);
	assert_string_equal(r.note, "no clean sample: the 1 off the case's path (no block from the zone free lists in the region)");
	fake_run(&r, 0, 0, 20, 4);
	finish(&r);
	assert_string_equal(r.row.status, "failed");
	assert_non_null(strstr(r.note, "20 of 24 samples off the case's path"));
	assert_non_null(strstr(r.note, "the other 4 with a failed op"));
	fake_run(&r, 0, 0, 0, 4);
	finish(&r);
	assert_string_equal(r.note, "every one of 4 samples had a failed op");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_only),
		cmocka_unit_test(test_few_clean),
		cmocka_unit_test(test_all_off_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
