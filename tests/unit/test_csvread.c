// SPDX-License-Identifier: GPL-2.0
/* Reading results.csv back: round trip with the writer, quoting, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rundir/csv.h"
#include "rundir/csvread.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_round_trip(void **state)
{
	struct result_row r = {
		.run_id = "r1", .host = "h", .kernel = "6.12", .suite = "kernel",
		.test = "kmalloc", .allocator = "kernel", .policy = "node",
		.cpu_node = 0, .mem_node = CSV_NA, .size_bytes = 64,
		.order = CSV_NA, .batch = 1, .mode = "pair", .threads = 1,
		.samples = 10, .disturbed = 3, .failed_samples = CSV_NA,
		.off_path = 7,
		.p50_ns = 12.5, .status = "ok",
		.note = "a, \"quoted\"\nnote",
	};
	const char *path = "/tmp/nb-test-csvread.csv";
	struct csv_table t;
	char buf[2048], err[256];
	FILE *f = fopen(path, "w");
	int n;

	(void)state;
	assert_non_null(f);
	fputs(csv_header(), f);
	n = csv_format_row(buf, sizeof(buf), &r);
	assert_true(n > 0);
	fputs(buf, f);
	fputs(buf, f);
	fclose(f);
	assert_int_equal(csv_read(path, &t, err, sizeof(err)), 0);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.ncols, 38);
	assert_string_equal(t.rows[1][csv_col(&t, "note")], r.note);
	assert_string_equal(t.rows[0][csv_col(&t, "mem_node")], "-1");	/* schema 8: -1, not empty */
	assert_string_equal(t.rows[0][csv_col(&t, "test")], "kmalloc");
	assert_string_equal(t.rows[1][csv_col(&t, "p50_ns")], "12.5");
	assert_string_equal(t.rows[0][csv_col(&t, "mode")], "pair");
	assert_string_equal(t.rows[0][csv_col(&t, "disturbed")], "3");
	assert_string_equal(t.rows[0][csv_col(&t, "failed_samples")], "");
	assert_string_equal(t.rows[0][csv_col(&t, "off_path")], "7");
	assert_int_equal(csv_col(&t, "nonexistent"), -1);
	csv_table_free(&t);
}

static void test_no_trailing_newline_and_crlf(void **state)
{
	struct csv_table t;
	char err[256];

	(void)state;
	write_file("/tmp/nb-test-csvread.csv", "a,b\r\n1,2\r\n3,\"x\"");
	assert_int_equal(csv_read("/tmp/nb-test-csvread.csv", &t, err,
				  sizeof(err)), 0);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[0][1], "2");
	assert_string_equal(t.rows[1][1], "x");
	csv_table_free(&t);
}

static void test_errors(void **state)
{
	struct csv_table t;
	char err[256];

	(void)state;
	write_file("/tmp/nb-test-csvread.csv", "a,b\n1,2\n3\n");
	assert_int_equal(csv_read("/tmp/nb-test-csvread.csv", &t, err,
				  sizeof(err)), -1);
	assert_non_null(strstr(err, ":3:"));
	write_file("/tmp/nb-test-csvread.csv", "a,b\n1,\"unterminated\n");
	assert_int_equal(csv_read("/tmp/nb-test-csvread.csv", &t, err,
				  sizeof(err)), -1);
	write_file("/tmp/nb-test-csvread.csv", "");
	assert_int_equal(csv_read("/tmp/nb-test-csvread.csv", &t, err,
				  sizeof(err)), -1);
	assert_non_null(strstr(err, "no header"));
	assert_int_equal(csv_read("/nonexistent.csv", &t, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_no_trailing_newline_and_crlf),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
