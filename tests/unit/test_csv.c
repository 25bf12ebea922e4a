// SPDX-License-Identifier: GPL-2.0
/* Unit tests of results.csv formatting and writing (ubench/csv.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rundir/csv.h"

#define NCOLS 38

static const char expected_header[] =
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node,mem_node,cpu,"
	"size_bytes,order,batch,mode,threads,rep,samples,disturbed,"
	"failed_samples,off_path,failures,misplaced,"
	"min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
	"overhead_ns,timer_bound,ci95_pct,stop,ops_per_s,fairness,status,note\n";

static struct result_row sample_row(void)
{
	struct result_row r = {
		.run_id = "20250101-120000", .host = "vm", .kernel = "6.1.0-28-amd64",
		.suite = "kernel", .test = "buddy", .allocator = "alloc_pages_node",
		.policy = "bind", .cpu_node = 0, .mem_node = 1, .cpu = 2,
		.size_bytes = 4096,
		.order = 0, .batch = 1, .mode = "cold", .threads = 1, .rep = 3,
		.samples = 10000, .disturbed = 12, .failed_samples = 0,
		.off_path = 5,
		.failures = 0, .misplaced = 2, .min_ns = 101.04, .p50_ns = 150.25,
		.p90_ns = 200, .p99_ns = 333.36, .p999_ns = 1000.5,
		.max_ns = 123456.78, .mean_ns = 160.0, .stddev_ns = 12.34,
		.overhead_ns = 20.06, .ci95_pct = 1.234, .stop = "precise",
		.status = "ok", .note = NULL,
	};

	return r;
}

static char *format(const struct result_row *r)
{
	static char buf[4096];

	assert_true(csv_format_row(buf, sizeof(buf), r) > 0);
	return buf;
}

/*
 * RFC 4180 reader for one record: splits line into fields (unquoting them)
 * and returns their number, or -1 when the quoting is broken.
 */
static int csv_split(const char *line, char fields[][512], int max)
{
	int n = 0;
	size_t k;

	for (;;) {
		if (n == max)
			return -1;
		k = 0;
		if (*line == '"') {
			for (line++; !(line[0] == '"' && line[1] != '"'); line++) {
				if (!*line)
					return -1;
				if (*line == '"')
					line++;
				fields[n][k++] = *line;
			}
			line++;
		} else {
			while (*line && *line != ',' && *line != '\n')
				fields[n][k++] = *line++;
		}
		fields[n++][k] = '\0';
		if (*line == '\n' && !line[1])
			return n;
		if (*line++ != ',')
			return -1;
	}
}

static void test_header(void **state)
{
	char fields[NCOLS + 1][512];

	(void)state;
	assert_string_equal(csv_header(), expected_header);
	assert_int_equal(csv_split(csv_header(), fields, NCOLS + 1), NCOLS);
	assert_string_equal(fields[0], "run_id");
	/* schema 8: cpu right after mem_node */
	assert_string_equal(fields[8], "mem_node");
	assert_string_equal(fields[9], "cpu");
	/* schema 7: off_path right after failed_samples */
	assert_string_equal(fields[18], "failed_samples");
	assert_string_equal(fields[19], "off_path");
	assert_string_equal(fields[20], "failures");
	/* schema 9: ops_per_s and fairness right after stop */
	assert_string_equal(fields[33], "stop");
	assert_string_equal(fields[34], "ops_per_s");
	assert_string_equal(fields[35], "fairness");
	assert_string_equal(fields[NCOLS - 1], "note");
}

static void test_row_exact(void **state)
{
	struct result_row r = sample_row();

	(void)state;
	assert_string_equal(format(&r),
		"20250101-120000,vm,6.1.0-28-amd64,kernel,buddy,alloc_pages_node,bind,"
		"0,1,2,4096,0,1,cold,1,3,10000,12,0,5,0,2,"
		"101.0,150.2,200.0,333.4,1000.5,123456.8,160.0,12.3,20.1,,1.23,precise,,,ok,\n");
}

/* schema 9: a row on several threads has its throughput and fairness. */
static void test_row_load(void **state)
{
	struct result_row r = sample_row();
	char fields[NCOLS + 1][512];

	(void)state;
	r.threads = 4;
	r.ops_per_s = 1234567.891;
	r.fairness = 0.987654;
	assert_int_equal(csv_split(format(&r), fields, NCOLS + 1), NCOLS);
	assert_string_equal(fields[34], "1234567.9");
	assert_string_equal(fields[35], "0.9877");
	r.ops_per_s = NAN;	/* never "nan" */
	r.fairness = 0;
	assert_int_equal(csv_split(format(&r), fields, NCOLS + 1), NCOLS);
	assert_string_equal(fields[34], "");
	assert_string_equal(fields[35], "");
}

static void test_na_columns(void **state)
{
	struct result_row r = sample_row();
	char fields[NCOLS + 1][512];

	(void)state;
	r.cpu_node = CSV_NA;
	r.mem_node = 0;		/* node 0 is a value, not NA */
	r.order = CSV_NA;
	r.p999_ns = NAN;	/* not measured: empty, never "nan" */
	r.status = NULL;
	r.mode = NULL;		/* a user row */
	r.disturbed = CSV_NA;
	r.failed_samples = CSV_NA;
	r.off_path = CSV_NA;	/* a user row */
	r.ci95_pct = NAN;	/* fewer than 2 samples */
	r.stop = NULL;		/* a fixed count */
	r.cpu = CSV_NA;		/* no timing CPU */
	r.allocator = NULL;
	r.policy = "";
	assert_int_equal(csv_split(format(&r), fields, NCOLS + 1), NCOLS);
	/* schema 8: a key column is never empty (-1, none) */
	assert_string_equal(fields[5], "none");
	assert_string_equal(fields[6], "none");
	assert_string_equal(fields[7], "-1");
	assert_string_equal(fields[8], "0");
	assert_string_equal(fields[9], "-1");
	assert_string_equal(fields[11], "-1");
	assert_string_equal(fields[13], "none");
	/* the others: empty where not measured */
	assert_string_equal(fields[17], "");
	assert_string_equal(fields[18], "");
	assert_string_equal(fields[19], "");
	assert_string_equal(fields[26], "");
	assert_string_equal(fields[31], "");	/* region_ops 0: unknown */
	assert_string_equal(fields[32], "");
	assert_string_equal(fields[33], "");
	assert_string_equal(fields[34], "");
	assert_null(strstr(format(&r), "nan"));
}

/* timer_bound: the median region (p50 x ops) under 10 timer overheads. */
static void test_timer_bound(void **state)
{
	struct result_row r = sample_row();
	char fields[NCOLS + 1][512];

	(void)state;
	assert_int_equal(csv_timer_bound(19.9, 10, 20), 1);
	assert_int_equal(csv_timer_bound(20, 10, 20), 0);
	assert_int_equal(csv_timer_bound(150, 1, 20), 1);
	assert_int_equal(csv_timer_bound(200, 1, 20), 0);
	assert_int_equal(csv_timer_bound(5, 0, 0), 0);
	r.region_ops = 1;	/* p50 150.25 < 10 x 20.06 */
	assert_int_equal(csv_split(format(&r), fields, NCOLS + 1), NCOLS);
	assert_string_equal(fields[31], "1");
	r.region_ops = 2;
	assert_int_equal(csv_split(format(&r), fields, NCOLS + 1), NCOLS);
	assert_string_equal(fields[31], "0");
	r.p50_ns = NAN;		/* a skipped row: no flag */
	assert_int_equal(csv_split(format(&r), fields, NCOLS + 1), NCOLS);
	assert_string_equal(fields[31], "");
}

static void test_quoting(void **state)
{
	static const char *notes[] = {
		"plain", "a,b", "say \"hi\"", "line1\nline2", "cr\rhere",
		"\"", ",", "", "mixed, \"quoted\"\r\nend",
	};
	struct result_row r = sample_row();
	char fields[NCOLS + 1][512];
	size_t i;

	(void)state;
	r.note = "a,b";
	assert_non_null(strstr(format(&r), ",ok,\"a,b\"\n"));
	r.note = "say \"hi\"";
	assert_non_null(strstr(format(&r), ",ok,\"say \"\"hi\"\"\"\n"));
	r.note = "x\ny";
	assert_non_null(strstr(format(&r), ",ok,\"x\ny\"\n"));
	r.note = "cr\rhere";
	assert_non_null(strstr(format(&r), ",ok,\"cr\rhere\"\n"));
	r.note = "plain text";
	assert_non_null(strstr(format(&r), ",ok,plain text\n"));
	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		r.note = notes[i];
		r.test = notes[i];
		assert_int_equal(csv_split(format(&r), fields, NCOLS + 1), NCOLS);
		assert_string_equal(fields[4], notes[i]);
		assert_string_equal(fields[NCOLS - 1], notes[i]);
	}
}

static void test_buffer_too_small(void **state)
{
	struct result_row r = sample_row();
	char buf[512];
	int n, len;

	(void)state;
	r.note = "quoted, \"note\"";
	n = csv_format_row(buf, sizeof(buf), &r);
	assert_true(n > 0);
	assert_int_equal((size_t)n, strlen(buf));
	for (len = 0; len <= n; len++)
		assert_int_equal(csv_format_row(buf, (size_t)len, &r), -1);
	assert_int_equal(csv_format_row(buf, (size_t)n + 1, &r), n);
}

static off_t file_size(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return st.st_size;
}

static char *file_text(int fd)
{
	off_t n = file_size(fd);
	char *s = calloc(1, (size_t)n + 1);

	assert_non_null(s);
	assert_int_equal(pread(fd, s, (size_t)n, 0), n);
	return s;
}

static void test_write_header_once(void **state)
{
	int fd = memfd_create("csv", 0);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(csv_write_header(fd), 0);
	assert_int_equal(file_size(fd), strlen(expected_header));
	assert_int_equal(csv_write_header(fd), 0);	/* not empty: nothing */
	assert_int_equal(file_size(fd), strlen(expected_header));
	close(fd);
	assert_int_equal(csv_write_header(fd), -1);
	assert_int_equal(errno, EBADF);
}

static void test_write_rows(void **state)
{
	struct result_row r = sample_row();
	char *note = malloc(20001), *text, line[4096];
	int fd = memfd_create("csv", 0);

	(void)state;
	assert_true(fd >= 0 && note);
	memset(note, 'n', 20000);
	note[20000] = '\0';
	note[7] = ',';		/* forces quoting of a row longer than 1 KiB */
	assert_int_equal(csv_write_header(fd), 0);
	assert_int_equal(csv_write_row(fd, &r), 0);
	r.note = note;
	assert_int_equal(csv_write_row(fd, &r), 0);
	text = file_text(fd);
	r.note = NULL;
	csv_format_row(line, sizeof(line), &r);
	assert_int_equal(strncmp(text, expected_header, strlen(expected_header)), 0);
	assert_int_equal(strncmp(text + strlen(expected_header), line, strlen(line)), 0);
	assert_int_equal(strlen(text), strlen(expected_header) + 2 * strlen(line) + 20002);
	assert_string_equal(text + strlen(text) - 3, "n\"\n");
	free(text);
	free(note);
	close(fd);
	assert_int_equal(csv_write_row(-1, &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_timer_bound),
		cmocka_unit_test(test_row_exact),
		cmocka_unit_test(test_row_load),
		cmocka_unit_test(test_na_columns),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_buffer_too_small),
		cmocka_unit_test(test_write_header_once),
		cmocka_unit_test(test_write_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
