// SPDX-License-Identifier: GPL-2.0
/*
 * counters.csv of a kernel row (ubench/kernel/kcounters.c) from fake
 * requests: the v3 counters appear where the module says they are valid
 * (KBENCH_KF_*) and nowhere else, the per-sample zone blocks and pages are
 * summarised over the recorded samples, and the requests of one cell merge
 * as documented.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/kcounters.h"

static const struct result_row row = {
	.run_id = "r", .suite = "kernel", .test = "buddy_alloc",
	.allocator = "kernel", .policy = "node", .cpu_node = 0, .mem_node = 1,
	.size_bytes = 4096, .order = 0, .batch = 1, .mode = "buddy",
	.threads = 1, .rep = 0,
};

/* The key columns counters.csv puts before a metric of row. */
#define KEY "r,kernel,buddy_alloc,kernel,node,0,1,0,4096,0,1,buddy,1,0,"

/* Five regions: blocks 0 1 1 2 5, pages 0 1 1 3 40 (unsorted). */
static const struct kbench_sample samples[] = {
	{ .cycles = 10, .zone_blocks = 2, .zone_pages = 3 },
	{ .cycles = 10, .zone_blocks = 0, .zone_pages = 0,
	  .flags = KBENCH_SF_OFF_PATH },
	{ .cycles = 10, .zone_blocks = 5, .zone_pages = 40 },
	{ .cycles = 10, .zone_blocks = 1, .zone_pages = 1 },
	{ .cycles = 10, .zone_blocks = 1, .zone_pages = 1 },
};

static struct kbench_run request(void)
{
	struct kbench_run q = {
		.struct_size = sizeof(q), .samples_done = 5, .batch_used = 1,
		.clean = 4, .off_path = 1, .elapsed_ns = 1000, .run_seq = 7,
		.overhead_cycles = 30,
	};

	q.counters.buddy_allocs = 9;
	q.counters.refill_blocks = 3;
	q.counters.kswapd_wakeups = 6;
	q.counters.aperf = 1500;
	q.counters.mperf = 1000;
	q.counters.pcp_high = -1;	/* no pcp state */
	q.counters.pcp_high_min = 10;
	q.counters.pcp_high_max = 100;
	q.counters.vmap_purges = 2;
	q.counters.vmap_purged_areas = 4;
	q.counters.vmap_purge_pages = 8;
	q.counters.baseline_cycles = 2000;
	return q;
}

/* counters.csv's lines for q under flags, tsc 2 GHz, after a newline. */
static char *write_counters(const struct kbench_run *q, uint64_t flags)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	fputc('\n', f);
	assert_int_equal(kcounters_write(f, &row, q, samples, flags, 2000000),
			 0);
	fclose(f);
	return text;
}

/* The value of metric name in text, or NULL when absent. */
static const char *metric(const char *text, const char *name)
{
	static char v[64];
	char want[256];
	const char *p;

	snprintf(want, sizeof(want), "\n" KEY "%s,", name);
	p = strstr(text, want);
	if (!p)
		return NULL;
	p += strlen(want);
	snprintf(v, sizeof(v), "%.*s", (int)strcspn(p, "\n"), p);
	return v;
}

static void expect(const char *text, const char *name, const char *value)
{
	const char *v = metric(text, name);

	if (!v)
		fail_msg("%s: absent", name);
	if (strcmp(v, value))
		fail_msg("%s: '%s', expected '%s'", name, v, value);
}

static void test_valid_counters(void **state)
{
	struct kbench_run q = request();
	char *text;

	(void)state;
	text = write_counters(&q, KBENCH_KF_PATH_COUNTS | KBENCH_KF_APERFMPERF |
				  KBENCH_KF_VMAP_COUNTS);
	expect(text, "samples_recorded", "5");
	expect(text, "refill_blocks", "3");
	expect(text, "kswapd_wakeups", "6");
	expect(text, "zone_blocks_sample_p50", "1");
	expect(text, "zone_blocks_sample_max", "5");
	expect(text, "zone_pages_sample_min", "0");
	expect(text, "zone_pages_sample_p50", "1");
	expect(text, "zone_pages_sample_max", "40");
	expect(text, "off_path", "1");
	expect(text, "aperf", "1500");
	expect(text, "mperf", "1000");
	expect(text, "core_clock_ratio", "1.5");
	expect(text, "pcp_high_min", "10");
	expect(text, "pcp_high_max", "100");
	expect(text, "vmap_purges", "2");
	expect(text, "vmap_purged_areas", "4");
	expect(text, "vmap_purge_pages", "8");
	expect(text, "baseline_ns", "1000");	/* 2000 cycles at 2 GHz */
	assert_null(metric(text, "pcp_high"));
	free(text);
}

/* Without the flags, no counter the module could not read; off_path always. */
static void test_invalid_counters_absent(void **state)
{
	static const char *const absent[] = {
		"refill_blocks", "kswapd_wakeups", "zone_blocks_sample_p50",
		"zone_pages_sample_min",
		"aperf", "mperf", "core_clock_ratio", "vmap_purges",
		"vmap_purged_areas", "vmap_purge_pages", "pcp_high_min",
		"pcp_high_max", "baseline_ns",
	};
	struct kbench_run q = request();
	char *text;

	(void)state;
	q.counters.pcp_high_min = q.counters.pcp_high_max = -1;	/* < 6.7 */
	q.counters.baseline_cycles = 0;
	text = write_counters(&q, 0);
	for (size_t i = 0; i < sizeof(absent) / sizeof(*absent); i++)
		if (metric(text, absent[i]))
			fail_msg("%s written without its flag", absent[i]);
	expect(text, "off_path", "1");
	free(text);
	/* APERF/MPERF with no MPERF count: no ratio of zero */
	q = request();
	q.counters.mperf = 0;
	text = write_counters(&q, KBENCH_KF_APERFMPERF);
	assert_null(metric(text, "core_clock_ratio"));
	free(text);
}

/* Two requests of one cell: sums, the least baseline, the last state. */
static void test_merge(void **state)
{
	struct kbench_run acc, a = request(), b = request();

	(void)state;
	b.off_path = 4;
	b.run_seq = 9;
	b.counters.baseline_cycles = 1500;
	b.counters.pcp_high_min = 12;
	b.counters.aperf = 500;
	kcounters_merge(&acc, &a, 1);
	kcounters_merge(&acc, &b, 0);
	assert_int_equal(acc.samples_done, 10);
	assert_int_equal(acc.off_path, 1 + 4);
	assert_int_equal(acc.run_seq, 9);
	assert_int_equal(acc.counters.refill_blocks, 6);
	assert_int_equal(acc.counters.kswapd_wakeups, 12);
	assert_int_equal(acc.counters.aperf, 2000);
	assert_int_equal(acc.counters.mperf, 2000);
	assert_int_equal(acc.counters.vmap_purges, 4);
	assert_int_equal(acc.counters.vmap_purged_areas, 8);
	assert_int_equal(acc.counters.vmap_purge_pages, 16);
	assert_int_equal(acc.counters.baseline_cycles, 1500);
	assert_int_equal(acc.counters.pcp_high_min, 12);
	assert_int_equal(acc.counters.pcp_high_max, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_counters),
		cmocka_unit_test(test_invalid_counters_absent),
		cmocka_unit_test(test_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
