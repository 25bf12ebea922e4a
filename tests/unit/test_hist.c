// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the log-linear histogram (ubench/hist.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rundir/hist.h"

/* The documented bound: 1/128, the "0.78%" of hist.h (0.78125%). */
#define MAX_REL_ERR	(1.0 / 128)

/* A fixed PRNG (xorshift64*), so every run sees the same values. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Log-uniform over 1 .. 2^40, so every group and the exact range get hits. */
static uint64_t rand_latency(void)
{
	unsigned bits = (unsigned)(rng() % 41);

	return 1 + (rng() & ((1ull << bits) - 1));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Lower bound of bucket idx, computed independently of hist.c. */
static uint64_t bucket_lo(unsigned idx)
{
	unsigned shift;

	if (idx < 128)
		return idx;
	shift = idx / 64 - 1;
	return (uint64_t)(64 + idx % 64) << shift;
}

static double rel_err(uint64_t approx, uint64_t exact)
{
	double d = (double)approx - (double)exact;

	return exact ? fabs(d) / (double)exact : fabs(d);
}

static void test_exact_below_128(void **state)
{
	unsigned v;

	(void)state;
	for (v = 0; v < 128; v++) {
		assert_int_equal(hist_bucket(v), v);
		assert_int_equal(hist_bucket_value(v), v);
	}
	assert_int_equal(hist_bucket(128), 128);
}

static void test_bucket_boundaries(void **state)
{
	(void)state;
	/* 128..255: width 2; 256..511: width 4. */
	assert_int_equal(hist_bucket(129), 128);
	assert_int_equal(hist_bucket(130), 129);
	assert_int_equal(hist_bucket(255), 191);
	assert_int_equal(hist_bucket(256), 192);
	assert_int_equal(hist_bucket(259), 192);
	assert_int_equal(hist_bucket(260), 193);
	assert_int_equal(hist_bucket(511), 255);
	assert_int_equal(hist_bucket(512), 256);
	/* Midpoints rounded down. */
	assert_int_equal(hist_bucket_value(128), 128);
	assert_int_equal(hist_bucket_value(191), 254);
	assert_int_equal(hist_bucket_value(192), 257);
	assert_int_equal(hist_bucket_value(256), 515);
	/* The top of the range is clamped into the last bucket. */
	assert_int_equal(hist_bucket((1ull << 63) - 1), HIST_NBUCKETS - 1);
	assert_int_equal(hist_bucket(1ull << 63), HIST_NBUCKETS - 1);
	assert_int_equal(hist_bucket(UINT64_MAX), HIST_NBUCKETS - 1);
	assert_int_equal(hist_bucket(1ull << 62), HIST_NBUCKETS - 64);
}

/* Every bucket: its edges map to it, its neighbours' edges do not. */
static void test_every_bucket_edge(void **state)
{
	unsigned idx;
	uint64_t lo, hi;

	(void)state;
	for (idx = 1; idx < HIST_NBUCKETS; idx++) {
		lo = bucket_lo(idx);
		hi = idx + 1 < HIST_NBUCKETS ? bucket_lo(idx + 1) - 1 : (1ull << 63) - 1;
		assert_int_equal(hist_bucket(lo), idx);
		assert_int_equal(hist_bucket(lo - 1), idx - 1);
		assert_int_equal(hist_bucket(hi), idx);
		assert_int_equal(hist_bucket(hist_bucket_value(idx)), idx);
		assert_true(hist_bucket_value(idx) > hist_bucket_value(idx - 1));
		assert_true(rel_err(hist_bucket_value(idx), lo) <= MAX_REL_ERR);
		assert_true(rel_err(hist_bucket_value(idx), hi) <= MAX_REL_ERR);
	}
}

static void test_empty(void **state)
{
	struct hist h;

	(void)state;
	hist_init(&h);
	assert_int_equal(h.n, 0);
	assert_int_equal(hist_percentile(&h, 50), 0);
	assert_true(hist_mean(&h) == 0.0);
	assert_true(hist_stddev(&h) == 0.0);
}

static void test_clamped_to_min_max(void **state)
{
	struct hist h;
	int i;

	(void)state;
	/* Bucket [1000, 1008) has the midpoint 1003: above 1000, below 1007. */
	assert_int_equal(hist_bucket_value(hist_bucket(1000)), 1003);
	hist_init(&h);
	for (i = 0; i < 3; i++)
		hist_add(&h, 1000);
	assert_int_equal(hist_percentile(&h, 50), 1000);
	hist_init(&h);
	for (i = 0; i < 3; i++)
		hist_add(&h, 1007);
	assert_int_equal(hist_percentile(&h, 50), 1007);
	/* Ranks 1 and n are min and max exactly; a middle rank is a midpoint. */
	hist_init(&h);
	hist_add(&h, 1000);
	hist_add(&h, 1007);
	assert_int_equal(hist_percentile(&h, 0), 1000);
	assert_int_equal(hist_percentile(&h, 50), 1000);
	assert_int_equal(hist_percentile(&h, 100), 1007);
	hist_init(&h);
	for (i = 0; i < 3; i++)
		hist_add(&h, 1007);
	hist_add(&h, 1000);
	hist_add(&h, 5);
	assert_int_equal(hist_percentile(&h, 0), 5);
	assert_int_equal(hist_percentile(&h, 20), 5);
	assert_int_equal(hist_percentile(&h, 20.1), 1003);
	assert_int_equal(hist_percentile(&h, 80), 1003);
	assert_int_equal(hist_percentile(&h, 80.1), 1007);
	assert_int_equal(hist_percentile(&h, 100), 1007);
}

/*
 * Against the exact nearest-rank percentile of the sorted values, for
 * p = 0, 0.1, ..., 100 and sample counts that exercise the rank rounding.
 */
static void check_percentiles(size_t n)
{
	uint64_t *v = malloc(n * sizeof(*v)), rank, got, want;
	struct hist h;
	unsigned pm;
	size_t i;

	assert_non_null(v);
	hist_init(&h);
	for (i = 0; i < n; i++) {
		v[i] = rand_latency();
		hist_add(&h, v[i]);
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	for (pm = 0; pm <= 1000; pm++) {
		rank = (pm * (uint64_t)n + 999) / 1000;
		want = v[rank ? rank - 1 : 0];
		got = hist_percentile(&h, pm / 10.0);
		if (rel_err(got, want) > MAX_REL_ERR)
			fail_msg("n=%zu p=%.1f: got %" PRIu64 ", exact %" PRIu64,
				 n, pm / 10.0, got, want);
	}
	assert_int_equal(hist_percentile(&h, 0), v[0]);
	assert_int_equal(hist_percentile(&h, 100), v[n - 1]);
	free(v);
}

static void test_percentile_error_bound(void **state)
{
	static const size_t sizes[] = { 1, 2, 7, 999, 1000, 1001, 100000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_percentiles(sizes[i]);
}

/* 99.9 has no exact binary form: 99.9% of 1000 must still be rank 999. */
static void test_percentile_rank_rounding(void **state)
{
	struct hist h;
	uint64_t i;

	(void)state;
	hist_init(&h);
	for (i = 1; i <= 1000; i++)
		hist_add(&h, i < 1000 ? 1 : 100);
	assert_int_equal(hist_percentile(&h, 99.9), 1);
	assert_int_equal(hist_percentile(&h, 99.91), 100);
	assert_int_equal(hist_percentile(&h, 50), 1);
}

static void test_mean_stddev(void **state)
{
	static const uint64_t v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct hist h;
	size_t i;

	(void)state;
	hist_init(&h);
	hist_add(&h, 42);
	assert_true(hist_mean(&h) == 42.0);
	assert_true(hist_stddev(&h) == 0.0);
	hist_init(&h);
	for (i = 0; i < 8; i++)
		hist_add(&h, v[i]);
	assert_true(fabs(hist_mean(&h) - 5.0) < 1e-12);
	assert_true(fabs(hist_stddev(&h) - sqrt(32.0 / 7.0)) < 1e-12);
	/* Equal values far above 2^26 ns: squares round, stddev must not. */
	hist_init(&h);
	for (i = 0; i < 1000; i++)
		hist_add(&h, 1000000007);
	assert_true(hist_stddev(&h) == 0.0);
	assert_true(hist_mean(&h) == 1000000007.0);
	/* 1 ms +- 50 ns: the spread is 1e-4 of the mean. */
	hist_init(&h);
	for (i = 0; i < 1000; i++)
		hist_add(&h, i % 2 ? 1000050 : 999950);
	assert_true(fabs(hist_stddev(&h) - 50.0 * sqrt(1000.0 / 999.0)) < 1e-6);
}

static void test_merge_equals_single(void **state)
{
	static struct hist all, part[3], merged;
	uint64_t v;
	int i;

	(void)state;
	hist_init(&all);
	hist_init(&merged);
	for (i = 0; i < 3; i++)
		hist_init(&part[i]);
	for (i = 0; i < 30000; i++) {
		v = rand_latency();
		hist_add(&all, v);
		hist_add(&part[i % 7 == 0 ? 2 : i % 2], v);
	}
	hist_merge(&merged, &part[2]);	/* into an empty histogram */
	hist_merge(&merged, &part[0]);
	hist_merge(&merged, &part[1]);
	hist_init(&part[0]);
	hist_merge(&merged, &part[0]);	/* an empty one changes nothing */
	assert_memory_equal(merged.counts, all.counts, sizeof(all.counts));
	assert_int_equal(merged.n, all.n);
	assert_int_equal(merged.min, all.min);
	assert_int_equal(merged.max, all.max);
	assert_true(merged.sum == all.sum);	/* integers below 2^53 */
	assert_true(fabs(merged.sumsq - all.sumsq) <= 1e-12 * all.sumsq);
	assert_int_equal(hist_percentile(&merged, 99), hist_percentile(&all, 99));
}

static char *json_of(const struct hist *h)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(hist_write_json(f, h), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_json_exact(void **state)
{
	struct hist h;
	char *s;

	(void)state;
	hist_init(&h);
	s = json_of(&h);
	assert_string_equal(s, "{\"bits\":6,\"n\":0,\"min\":0,\"max\":0,\"sum\":0,"
			    "\"buckets\":[]}");
	free(s);
	hist_add(&h, 5);
	hist_add(&h, 5);
	hist_add(&h, 200);	/* bucket 128 + (200 >> 1) % 64 = 164 */
	s = json_of(&h);
	assert_string_equal(s, "{\"bits\":6,\"n\":3,\"min\":5,\"max\":200,\"sum\":210,"
			    "\"buckets\":[[5,2],[164,1]]}");
	free(s);
}

/* ---- a minimal JSON reader, enough to check the shape ---- */

static const char *json_value(const char *p);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *json_number(const char *p)
{
	char *end;

	if (*p != '-' && !isdigit((unsigned char)*p))
		return NULL;
	strtod(p, &end);
	return end == p ? NULL : end;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"')
		p += *p == '\\' ? 2 : 1;
	return *p == '"' ? p + 1 : NULL;
}

static const char *json_list(const char *p, char close, int keyed)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (keyed) {
			p = json_string(json_ws(p));
			if (!p || *(p = json_ws(p)) != ':')
				return NULL;
			p++;
		}
		p = json_value(p);
		if (!p)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *p)
{
	p = json_ws(p);
	if (*p == '{')
		return json_list(p, '}', 1);
	if (*p == '[')
		return json_list(p, ']', 0);
	if (*p == '"')
		return json_string(p);
	return json_number(p);
}

static void test_json_shape(void **state)
{
	static struct hist h;
	uint64_t sum = 0, count, idx, last = 0;
	const char *end, *p;
	char *s;
	int i, first = 1;

	(void)state;
	hist_init(&h);
	for (i = 0; i < 5000; i++)
		hist_add(&h, rand_latency());
	s = json_of(&h);
	end = json_value(s);
	assert_non_null(end);
	assert_int_equal(*end, '\0');		/* one object, no newline */
	assert_null(strchr(s, '\n'));
	p = strstr(s, "\"buckets\":[");
	assert_non_null(p);
	for (p += strlen("\"buckets\":["); *p == '['; p += strcspn(p, "]") + 2) {
		assert_int_equal(sscanf(p, "[%" SCNu64 ",%" SCNu64 "]", &idx, &count), 2);
		assert_true(idx < HIST_NBUCKETS && count > 0);
		assert_true(first || idx > last);
		assert_int_equal(count, h.counts[idx]);
		last = idx;
		first = 0;
		sum += count;
		if (p[strcspn(p, "]") + 1] != ',')
			break;
	}
	assert_int_equal(sum, h.n);
	free(s);
}

static void test_json_write_error(void **state)
{
	struct hist h;
	FILE *f = fopen("/dev/null", "r");	/* every write fails */

	(void)state;
	assert_non_null(f);
	hist_init(&h);
	hist_add(&h, 1);
	assert_int_equal(hist_write_json(f, &h), -1);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_below_128),
		cmocka_unit_test(test_bucket_boundaries),
		cmocka_unit_test(test_every_bucket_edge),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_clamped_to_min_max),
		cmocka_unit_test(test_percentile_error_bound),
		cmocka_unit_test(test_percentile_rank_rounding),
		cmocka_unit_test(test_mean_stddev),
		cmocka_unit_test(test_merge_equals_single),
		cmocka_unit_test(test_json_exact),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_json_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
