// SPDX-License-Identifier: GPL-2.0
/*
 * Loading runs back (report/run.c) from the fixture runs in
 * data/runs/: a good one (cells, repetitions, merged histograms, meta),
 * and bad ones, each refused with a message that says what is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "rundir/csv.h"
#include "rundir/rundir.h"
#include "rundir/runload.h"

static void fixture(char *buf, size_t len, const char *name)
{
	const char *data = getenv("TEST_DATA");

	assert_non_null(data);
	snprintf(buf, len, "%s/runs/%s", data, name);
}

static void test_good(void **state)
{
	const struct run_cell *c;
	struct run r;
	char dir[4096], err[512];

	(void)state;
	fixture(dir, sizeof(dir), "good");
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	assert_int_equal(r.meta.schema_version, 2);
	assert_string_equal(r.meta.kernel, "6.12.0-test");
	assert_string_equal(r.meta.executor, "vm");
	assert_string_equal(r.meta.profile, "quick");
	assert_string_equal(r.meta.host, "h\xc3\xa9st");	/* \u00e9 */
	assert_string_equal(r.meta.cpu_model, "QEMU \"TCG\" CPU");
	assert_string_equal(r.meta.module_params, "");	/* null */
	assert_int_equal(r.meta.reps, 3);
	assert_int_equal(r.meta.complete, 1);
	assert_int_equal(r.ncells, 3);

	c = run_find(&r, "kernel/kmalloc/kernel/node/c0/m1/s256/o-1/b1/t1");
	assert_non_null(c);
	assert_ptr_equal(c, &r.cells[0]);
	assert_int_equal(c->nreps, 3);
	assert_true(c->mean_ns[0] == 100.0 && c->mean_ns[1] == 110.0 &&
		    c->mean_ns[2] == 105.0);
	assert_true(c->p50_ns[1] == 110.0);
	assert_int_equal(c->samples, 3 * 64);
	assert_int_equal(c->k.order, -1);
	assert_int_equal(c->k.mem_node, 1);
	/* hist.jsonl: three reps of four values merged, cycles at 2 GHz. */
	assert_non_null(c->hist);
	assert_int_equal(c->hist->n, 12);
	assert_int_equal(c->hist->min, 200);
	assert_int_equal(c->hist->max, 5000);
	assert_true(c->hist_ns_per_unit == 0.5);
	assert_int_equal(hist_percentile(c->hist, 100), 5000);

	c = run_find(&r, "kernel/buddy_alloc/kernel/node/c0/m0/s4096/o0/b16/t1");
	assert_non_null(c);
	assert_int_equal(c->k.batch, 16);
	assert_int_equal(c->hist->n, 6);

	c = run_find(&r, "kernel/vmalloc/kernel/node/c1/m2/s4096/o-1/b1/t1");
	assert_non_null(c);
	assert_int_equal(c->nreps, 0);
	assert_int_equal(c->nskipped, 3);
	assert_string_equal(c->note, "node 2, has no memory");

	assert_null(run_find(&r, "kernel/kmalloc/kernel/node/c0/m1/s8/o-1/b1/t1"));
	run_free(&r);
}

/* Every bad run is refused, and the message names what is wrong. */
static void test_bad_runs(void **state)
{
	static const struct { const char *dir, *msg; } cases[] = {
		{ "schema3", "schema_version 3; this build reads schema 2" },
		{ "noschema", "no schema_version" },
		{ "nometa", "meta.json: missing" },
		{ "badmeta", "meta.json: not valid JSON" },
		{ "nocsv", "results.csv: missing" },
		{ "empty", "results.csv: empty file" },
		{ "headeronly", "no rows" },
		{ "truncated", "truncated" },
		{ "badheader", "header is not results.csv schema 2" },
		{ "badnumber", "results.csv:6: p50_ns '51x0.0' is not a time" },
		{ "badhist", "hist.jsonl:10:" },
		{ "does-not-exist", "meta.json: missing" },
	};
	char dir[4096], err[512];
	struct run r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		fixture(dir, sizeof(dir), cases[i].dir);
		err[0] = '\0';
		if (run_load(&r, dir, err, sizeof(err)) != -1)
			fail_msg("%s: loaded", cases[i].dir);
		if (!strstr(err, cases[i].msg))
			fail_msg("%s: message '%s' lacks '%s'", cases[i].dir,
				 err, cases[i].msg);
		assert_null(strchr(err, '\n'));
		assert_int_equal(r.ncells, 0);
	}
}

/* hist.jsonl as the run writes it reads back bucket for bucket, merged. */
static void test_hist_round_trip(void **state)
{
	static struct hist h[2], all;
	struct result_row row = {
		.run_id = "r", .host = "h", .kernel = "k", .suite = "kernel",
		.test = "kmalloc", .allocator = "kernel", .policy = "node",
		.cpu_node = 0, .mem_node = 1, .size_bytes = 64, .order = CSV_NA,
		.batch = 1, .threads = 1, .samples = 500, .min_ns = 1,
		.p50_ns = 2, .p90_ns = 3, .p99_ns = 4, .p999_ns = 5, .max_ns = 6,
		.mean_ns = 2, .stddev_ns = 1, .overhead_ns = 0, .status = "ok",
	};
	char dir[] = "/tmp/nb-test-runload-XXXXXX", path[64], err[512];
	unsigned long long x = 88172645463325252ull;
	const struct run_cell *c;
	struct run r;
	FILE *f;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"schema_version\": %d}\n", CSV_SCHEMA_VERSION);
	fclose(f);
	snprintf(path, sizeof(path), "%s/results.csv", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	snprintf(path, sizeof(path), "%s/hist.jsonl", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	hist_init(&all);
	for (unsigned rep = 0; rep < 2; rep++) {
		hist_init(&h[rep]);
		for (int i = 0; i < 500; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			hist_add(&h[rep], 100 + x % 1000000);
		}
		hist_merge(&all, &h[rep]);
		row.rep = rep;
		assert_int_equal(csv_write_header(fd), 0);
		assert_int_equal(csv_write_row(fd, &row), 0);
		assert_int_equal(rundir_write_hist(f, "r", &row, "cycles",
						   1000000, &h[rep]), 0);
	}
	close(fd);
	fclose(f);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	assert_int_equal(r.ncells, 1);
	c = &r.cells[0];
	assert_int_equal(c->nreps, 2);
	assert_non_null(c->hist);
	assert_memory_equal(c->hist->counts, all.counts, sizeof(all.counts));
	assert_int_equal(c->hist->n, 1000);
	assert_int_equal(c->hist->min, all.min);
	assert_int_equal(c->hist->max, all.max);
	assert_true(c->hist->sum == all.sum);
	assert_int_equal(hist_percentile(c->hist, 99), hist_percentile(&all, 99));
	assert_true(c->hist_ns_per_unit == 1.0);	/* 1 GHz: 1 ns a cycle */
	run_free(&r);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad_runs),
		cmocka_unit_test(test_hist_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
