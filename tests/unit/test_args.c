// SPDX-License-Identifier: GPL-2.0
/* Unit tests of checked number, size and list parsing (ubench/args.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/args.h"

#define SENTINEL 0xdeadbeefull

static char err[256];

static uint64_t u64_ok(const char *s, uint64_t min, uint64_t max)
{
	uint64_t v = SENTINEL;

	if (parse_u64("--n", s, min, max, &v, err, sizeof(err)))
		fail_msg("'%s' rejected: %s", s, err);
	return v;
}

/* Rejected with exactly msg, and *out left alone. */
static void u64_bad(const char *s, uint64_t min, uint64_t max, const char *msg)
{
	uint64_t v = SENTINEL;

	if (parse_u64("--reps", s, min, max, &v, err, sizeof(err)) != -1)
		fail_msg("'%s' accepted", s);
	assert_string_equal(err, msg);
	assert_int_equal(v, SENTINEL);
}

static void test_u64_accepts(void **state)
{
	(void)state;
	assert_int_equal(u64_ok("0", 0, 10), 0);
	assert_int_equal(u64_ok("10", 0, 10), 10);
	assert_int_equal(u64_ok("007", 0, 10), 7);
	assert_int_equal(u64_ok("1", 1, 1), 1);
	assert_true(u64_ok("18446744073709551615", 0, UINT64_MAX) == UINT64_MAX);
}

static void test_u64_rejects(void **state)
{
	static const char *junk[] = {
		"abc", "", "-1", "+1", " 1", "1 ", "1x", "0x10", "1e3", "1.0",
		"1,2", "\t1",
	};
	char msg[256];
	size_t i;

	(void)state;
	u64_bad("abc", 1, 1000,
		"--reps: 'abc' is not a number; expected an integer in 1..1000");
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		snprintf(msg, sizeof(msg), "--reps: '%s' is not a number; expected an "
			 "integer in 1..1000", junk[i]);
		u64_bad(junk[i], 1, 1000, msg);
	}
	u64_bad(NULL, 1, 1000,
		"--reps: '' is not a number; expected an integer in 1..1000");
	u64_bad("0", 1, 1000,
		"--reps: '0' is out of range; expected an integer in 1..1000");
	u64_bad("1001", 1, 1000,
		"--reps: '1001' is out of range; expected an integer in 1..1000");
	u64_bad("18446744073709551616", 0, UINT64_MAX,
		"--reps: '18446744073709551616' is out of range; expected an integer "
		"in 0..18446744073709551615");
	u64_bad("99999999999999999999999", 1, 1000,
		"--reps: '99999999999999999999999' is out of range; expected an "
		"integer in 1..1000");
}

static uint64_t size_ok(const char *s)
{
	uint64_t v = SENTINEL;

	if (parse_size("--size", s, 0, UINT64_MAX, &v, err, sizeof(err)))
		fail_msg("'%s' rejected: %s", s, err);
	return v;
}

static void test_size_suffixes(void **state)
{
	(void)state;
	assert_int_equal(size_ok("0"), 0);
	assert_int_equal(size_ok("4096"), 4096);
	assert_int_equal(size_ok("4K"), 4096);
	assert_int_equal(size_ok("4k"), 4096);
	assert_int_equal(size_ok("4KiB"), 4096);
	assert_int_equal(size_ok("2M"), 2ull << 20);
	assert_int_equal(size_ok("2MiB"), 2ull << 20);
	assert_int_equal(size_ok("1G"), 1ull << 30);
	assert_int_equal(size_ok("3GiB"), 3ull << 30);
	assert_int_equal(size_ok("0G"), 0);
	/* The largest value that does not overflow, and the first that does. */
	assert_true(size_ok("17179869183G") == 17179869183ull << 30);
	assert_true(size_ok("18014398509481983K") == 18014398509481983ull << 10);
}

static void size_bad(const char *s, uint64_t min, uint64_t max, const char *msg)
{
	uint64_t v = SENTINEL;

	if (parse_size("--size", s, min, max, &v, err, sizeof(err)) != -1)
		fail_msg("'%s' accepted", s);
	assert_string_equal(err, msg);
	assert_int_equal(v, SENTINEL);
}

static void test_size_rejects(void **state)
{
	static const char *junk[] = {
		"4X", "4KB", "4Kib ", "K", "", "-4K", "+4K", "4 K", "1.5G", "4T",
		"4KK", "0x1000", " 4K",
	};
	char msg[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		snprintf(msg, sizeof(msg), "--size: '%s' is not a size; expected "
			 "N[K|M|G] in 4K..1G", junk[i]);
		size_bad(junk[i], 4096, 1ull << 30, msg);
	}
	size_bad("2G", 4096, 1ull << 30,
		 "--size: '2G' is out of range; expected a size in 4K..1G");
	size_bad("4095", 4096, 1ull << 30,
		 "--size: '4095' is out of range; expected a size in 4K..1G");
	size_bad("1025M", 4096, 1ull << 30,
		 "--size: '1025M' is out of range; expected a size in 4K..1G");
	size_bad("17179869184G", 0, UINT64_MAX,
		 "--size: '17179869184G' is out of range; expected a size in "
		 "0..18446744073709551615");
	size_bad("18014398509481984K", 0, UINT64_MAX,
		 "--size: '18014398509481984K' is out of range; expected a size in "
		 "0..18446744073709551615");
	size_bad("99999999999999999999", 0, UINT64_MAX,
		 "--size: '99999999999999999999' is out of range; expected a size "
		 "in 0..18446744073709551615");
}

static void test_size_scan_format(void **state)
{
	char buf[32];
	uint64_t v;

	(void)state;
	assert_int_equal(size_scan("8M", &v), 0);
	assert_int_equal(v, 8ull << 20);
	assert_int_equal(size_scan("8Q", &v), -1);
	assert_int_equal(size_scan("", &v), -1);
	assert_int_equal(size_scan("99999999999999999999", &v), -2);
	assert_int_equal(size_scan("17179869184G", &v), -2);
	assert_int_equal(size_format(buf, sizeof(buf), 0), 1);
	assert_string_equal(buf, "0");
	size_format(buf, sizeof(buf), 1024);
	assert_string_equal(buf, "1K");
	size_format(buf, sizeof(buf), 1536);
	assert_string_equal(buf, "1536");
	size_format(buf, sizeof(buf), 1536ull << 10);
	assert_string_equal(buf, "1536K");
	size_format(buf, sizeof(buf), 3ull << 30);
	assert_string_equal(buf, "3G");
	size_format(buf, sizeof(buf), 1ull << 40);
	assert_string_equal(buf, "1024G");
	size_format(buf, sizeof(buf), UINT64_MAX);
	assert_string_equal(buf, "18446744073709551615");
	assert_int_equal(size_format(buf, 2, 1ull << 30), -1);
	assert_int_equal(size_format(buf, 3, 1ull << 30), 2);
}

/* Parse a list into a buffer whose entry past cap must stay untouched. */
static int list(const char *s, uint64_t max, int is_size, uint64_t *out,
		size_t cap)
{
	int n;

	out[cap] = SENTINEL;
	n = parse_u64_list("--nodes", s, 0, max, is_size, out, cap, err, sizeof(err));
	assert_int_equal(out[cap], SENTINEL);
	return n;
}

static void test_list_accepts(void **state)
{
	static const uint64_t want[] = { 0, 1, 2, 3, 8 };
	uint64_t out[17];

	(void)state;
	assert_int_equal(list("0-3,8", 15, 0, out, 16), 5);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(list("1,64", 64, 0, out, 16), 2);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 64);
	assert_int_equal(list("5", 15, 0, out, 16), 1);
	assert_int_equal(list("3-3", 15, 0, out, 16), 1);
	assert_int_equal(out[0], 3);
	assert_int_equal(list("0-15", 15, 0, out, 16), 16);	/* exactly cap */
	assert_int_equal(out[15], 15);
	assert_int_equal(list("4K,1M,64", 1ull << 30, 1, out, 16), 3);
	assert_int_equal(out[0], 4096);
	assert_int_equal(out[1], 1ull << 20);
	assert_int_equal(out[2], 64);
}

struct bad_list {
	const char *s;
	uint64_t max;
	int is_size;
	size_t cap;
	const char *msg;
};

static const struct bad_list bad_lists[] = {
	{ "", 7, 0, 8, "--nodes: '' is empty; expected values or ranges A-B "
	  "separated by commas" },
	{ NULL, 7, 0, 8, "--nodes: '' is empty; expected values or ranges A-B "
	  "separated by commas" },
	{ "1,,2", 7, 0, 8, "--nodes: '1,,2' has an empty item; expected values or "
	  "ranges A-B separated by commas" },
	{ "1,", 7, 0, 8, "--nodes: '1,' has an empty item; expected values or "
	  "ranges A-B separated by commas" },
	{ ",1", 7, 0, 8, "--nodes: ',1' has an empty item; expected values or "
	  "ranges A-B separated by commas" },
	{ "3-1", 7, 0, 8, "--nodes: '3-1' is not a range; expected A-B with A <= B" },
	{ "1-", 7, 0, 8, "--nodes: '' is not a number; expected an integer in 0..7" },
	{ "-1", 7, 0, 8, "--nodes: '-1' is not a number; expected an integer in 0..7" },
	{ "1-2-3", 7, 0, 8, "--nodes: '2-3' is not a number; expected an integer in "
	  "0..7" },
	{ "0-9", 7, 0, 8, "--nodes: '9' is out of range; expected an integer in 0..7" },
	{ "1,x", 7, 0, 8, "--nodes: 'x' is not a number; expected an integer in 0..7" },
	{ " 1", 7, 0, 8, "--nodes: ' 1' is not a number; expected an integer in 0..7" },
	{ "0-4", 7, 0, 4, "--nodes: '0-4' has more than 4 values; expected at most 4" },
	{ "0-1,2,3,4", 7, 0, 4, "--nodes: '0-1,2,3,4' has more than 4 values; "
	  "expected at most 4" },
	{ "0-18446744073709551615", UINT64_MAX, 0, 8, "--nodes: "
	  "'0-18446744073709551615' has more than 8 values; expected at most 8" },
	{ "4K-16K", 1ull << 30, 1, 8, "--nodes: '4K-16K' is not a size; expected "
	  "N[K|M|G] in 0..1G" },
	{ "4K,2G", 1ull << 30, 1, 8, "--nodes: '2G' is out of range; expected a "
	  "size in 0..1G" },
};

static void test_list_rejects(void **state)
{
	uint64_t out[17];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_lists) / sizeof(bad_lists[0]); i++) {
		const struct bad_list *b = &bad_lists[i];

		if (list(b->s, b->max, b->is_size, out, b->cap) != -1)
			fail_msg("'%s' accepted", b->s);
		if (strcmp(err, b->msg))
			fail_msg("'%s':\n got    %s\n wanted %s", b->s, err, b->msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64_accepts),
		cmocka_unit_test(test_u64_rejects),
		cmocka_unit_test(test_size_suffixes),
		cmocka_unit_test(test_size_rejects),
		cmocka_unit_test(test_size_scan_format),
		cmocka_unit_test(test_list_accepts),
		cmocka_unit_test(test_list_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
