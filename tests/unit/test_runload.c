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
#include <cmocka.h>

#include "run.h"

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
	assert_int_equal(r.meta.schema_version, 1);
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
		{ "schema2", "schema_version 2; this build reads schema 1" },
		{ "noschema", "no schema_version" },
		{ "nometa", "meta.json: missing" },
		{ "badmeta", "meta.json: not valid JSON" },
		{ "nocsv", "results.csv: missing" },
		{ "empty", "results.csv: empty file" },
		{ "headeronly", "no rows" },
		{ "truncated", "truncated" },
		{ "badheader", "header is not results.csv schema 1" },
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
