// SPDX-License-Identifier: GPL-2.0
/*
 * The report's scaling section (report/report_scaling.c) from a run
 * directory written here: a sweep of buddy_alloc at 1, 2 and 4 threads,
 * local, remote and +mixed, with counters.csv's contention counters; the
 * table's speedup, fairness and counters per op; the throughput figure's
 * ideal line; the ordinary matrix's 1-thread row (ops_per_s empty) kept
 * out even where it shares the sweep's cell; no section for a path or a
 * run without a sweep; the TCG warning in a TCG run's captions only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_scaling.h"
#include "rundir/csv.h"
#include "rundir/metrics.h"
#include "rundir/runload.h"

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_run(const char *dir)
{
	static const char *const names[] = {
		"meta.json", "results.csv", "counters.csv",
	};
	char path[512];

	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void put_meta(const char *dir, const char *executor, const char *accel)
{
	char meta[1024];

	/* a TCG guest of numabench's has no hypervisor flag; a cloud VM has */
	snprintf(meta, sizeof(meta),
		 "{\"schema_version\": 9, \"run_id\": \"r1\", \"kernel\": \"6.12\","
		 " \"host\": \"h\", \"executor\": \"%s\", \"vm_accel\": \"%s\","
		 " \"hypervisor\": \"%s\","
		 " \"complete\": true, \"profile\": {\"name\": \"default\", \"reps\": 3},"
		 " \"nodes\": [{\"id\": 0, \"cpus\": [0, 1], \"distance\": [10, 20]},"
		 " {\"id\": 1, \"cpus\": [2, 3], \"distance\": [20, 10]}]}\n",
		 executor, accel, strcmp(executor, "vm") ? "yes" : "no");
	put_file(dir, "meta.json", meta);
}

/* The throughput of a class at t threads (reps add +-1 %). */
static double sweep_ops(int mem, int mixed, unsigned t)
{
	/* local: 1.0, 1.8, 3.0 M; remote: 0.5, 0.9, 1.5 M; mixed: half */
	double base = t == 1 ? 1.0e6 : t == 2 ? 1.8e6 : 3.0e6;

	return base * (mem ? 0.5 : 1.0) * (mixed ? 0.5 : 1.0);
}

static double sweep_fair(unsigned t)
{
	return t == 1 ? 1.0 : t == 2 ? 0.98 : 0.9;
}

/* Contention per op: zone->lock blocks 0.1 per thread beyond the first. */
static double zone_per_op(unsigned t)
{
	return 0.1 * (t - 1);
}

static void put_row(FILE *csv, FILE *ctr, struct result_row *w)
{
	char line[2048];

	assert_true(csv_format_row(line, sizeof(line), w) > 0);
	fputs(line, csv);
	if (ctr && w->ops_per_s > 0) {
		double ops = w->ops_per_s * 0.1;	/* a 100 ms window */
		struct metrics_row m;

		metrics_row_start(&m, ctr, w);
		assert_int_equal(metrics_put(&m, "ops", ops), 0);
		assert_int_equal(metrics_put(&m, "buddy_allocs",
					     ops * zone_per_op(w->threads)), 0);
		assert_int_equal(metrics_put(&m, "lock_contended",
					     ops * 2 * zone_per_op(w->threads)), 0);
		assert_int_equal(metrics_put(&m, "lock_wait_ns",
					     ops * 50 * w->threads), 0);
		assert_int_equal(metrics_put(&m, "pcp_refill_blocks", 7), 0);
	}
}

/*
 * A run: kmalloc's ordinary matrix (threads 1, ops_per_s empty); with
 * sweep, buddy_alloc pair order 0 at 1, 2, 4 threads on node 0, memory on
 * node 0 and 1, and buddy_alloc+mixed on 0-1; and the ordinary matrix's
 * buddy_alloc 0-0 row (rep 3, ops_per_s empty, a p50 far off) in the
 * sweep's 1-thread cell.
 */
static void write_run(const char *dir, int sweep)
{
	struct result_row w = {
		.run_id = "r1", .host = "h", .kernel = "6.12",
		.suite = "kernel", .test = "kmalloc", .allocator = "kernel",
		.policy = "node", .cpu_node = 0, .mem_node = 0, .cpu = 0,
		.size_bytes = 256, .order = CSV_NA, .batch = 1, .mode = "hot",
		.threads = 1, .samples = 1000, .disturbed = 0,
		.failed_samples = 0, .off_path = 0, .min_ns = 50,
		.p50_ns = 100, .p90_ns = 150, .p99_ns = 300, .p999_ns = 400,
		.max_ns = 500, .mean_ns = 110, .stddev_ns = 10,
		.overhead_ns = 20, .ci95_pct = NAN, .status = "ok",
	};
	char path[512];
	FILE *csv, *ctr;

	snprintf(path, sizeof(path), "%s/results.csv", dir);
	csv = fopen(path, "w");
	assert_non_null(csv);
	fputs(csv_header(), csv);
	ctr = metrics_open(dir);
	assert_non_null(ctr);
	for (int mem = 0; mem < 2; mem++)
		for (unsigned rep = 0; rep < 3; rep++) {
			w.mem_node = mem;
			w.rep = rep;
			put_row(csv, ctr, &w);
		}
	for (int mixed = 0; mixed < 2 && sweep; mixed++)
		for (int mem = mixed; mem < 2; mem++)
			for (unsigned t = 1; t <= 4; t *= 2)
				for (unsigned rep = 0; rep < 3; rep++) {
					w.test = mixed ? "buddy_alloc+mixed" :
						 "buddy_alloc";
					w.size_bytes = 4096;
					w.order = 0;
					w.mode = "pair";
					w.mem_node = mem;
					w.threads = t;
					w.rep = rep;
					w.ops_per_s = sweep_ops(mem, mixed, t) *
						      (1 + 0.01 * ((int)rep - 1));
					w.fairness = sweep_fair(t);
					w.p50_ns = 200.0 * t * (mem ? 1.5 : 1);
					w.p99_ns = 4 * w.p50_ns;
					w.mean_ns = w.p50_ns;
					put_row(csv, ctr, &w);
				}
	/* a user sweep: no contention counters in counters.csv */
	for (unsigned t = 1; t <= 2 && sweep; t++) {
		struct result_row u = w;

		u.suite = "user";
		u.test = "malloc_threads";
		u.allocator = "glibc";
		u.policy = "bind";
		u.mode = NULL;
		u.size_bytes = 64;
		u.order = CSV_NA;
		u.mem_node = 0;
		u.off_path = CSV_NA;
		u.threads = t;
		u.rep = 0;
		u.ops_per_s = 1e7 * t;
		u.fairness = 0.99;
		put_row(csv, NULL, &u);
	}
	if (sweep) {
		/* the ordinary matrix's row of that cell: not the sweep's */
		w.test = "buddy_alloc";
		w.mem_node = 0;
		w.threads = 1;
		w.rep = 3;
		w.ops_per_s = w.fairness = 0;	/* written empty */
		w.p50_ns = w.mean_ns = 99999;
		put_row(csv, NULL, &w);
	}
	fclose(csv);
	fclose(ctr);
}

static void load(struct run *r, const char *dir)
{
	char err[512];

	if (run_load(r, dir, err, sizeof(err)))
		fail_msg("%s", err);
}

static const struct report_item *find(const struct report_section *s,
				      const char *id)
{
	for (size_t j = 0; j < s->nitems; j++) {
		const struct report_item *it = &s->items[j];

		if ((it->kind == ITEM_TABLE && !strcmp(it->table.id, id)) ||
		    (it->kind == ITEM_PLOT && !strcmp(it->plot.id, id)))
			return it;
	}
	return NULL;
}

/* The row of t labelled label, or -1. */
static long row_of(const struct table *t, const char *label)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (!strcmp(t->row_label[i], label))
			return (long)i;
	return -1;
}

static const char *cell(const struct table *t, const char *row, size_t col)
{
	long i = row_of(t, row);

	if (i < 0)
		fail_msg("no row '%s'", row);
	return table_at((struct table *)t, (size_t)i, col)->text;
}

static void sections_free(struct report_section *s, struct report_section *a)
{
	struct report rep = { .nsections = 2 };

	rep.sections = malloc(2 * sizeof(*rep.sections));
	assert_non_null(rep.sections);
	rep.sections[0] = *s;
	rep.sections[1] = *a;
	report_free(&rep);
	memset(s, 0, sizeof(*s));
	memset(a, 0, sizeof(*a));
}

static int any_id_with(const struct report_section *s, const char *what)
{
	for (size_t j = 0; j < s->nitems; j++) {
		const struct report_item *it = &s->items[j];

		if ((it->kind == ITEM_TABLE && strstr(it->table.id, what)) ||
		    (it->kind == ITEM_PLOT && strstr(it->plot.id, what)))
			return 1;
	}
	return 0;
}

/* The table: speedup, fairness, counters per op; the ideal line. */
static void test_sweep(void **state)
{
	char dir[] = "/tmp/nb-test-scaling-XXXXXX";
	struct report_section s = { .nitems = 0 }, a = { .nitems = 0 };
	const struct report_item *it;
	const struct plot_series *ideal = NULL;
	const struct table *t;
	const struct plot *pl;
	struct run r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put_meta(dir, "native", "");
	write_run(dir, 1);
	load(&r, dir);
	assert_false(run_is_tcg(&r));
	assert_int_equal(report_scaling(&s, &a, &r), 0);

	/* main part: the two figures; appendix: the table */
	assert_null(find(&s, "scalingtab-buddy-alloc-pair-o-0"));
	it = find(&a, "scalingtab-buddy-alloc-pair-o-0");
	assert_non_null(it);
	t = &it->table;
	/* 3 classes x 3 thread counts */
	assert_int_equal(t->nrows, 9);
	assert_string_equal(t->row_label[0], "local, 1 thread");
	assert_string_equal(t->row_label[3], "distance 20, 1 thread");
	assert_string_equal(t->row_label[6], "+mixed, distance 20, 1 thread");
	assert_non_null(strstr(t->col_label[0], "Mops/s"));
	/* the median rep of each: exactly the class's throughput */
	assert_string_equal(cell(t, "local, 1 thread", 0), "1.00");
	assert_string_equal(cell(t, "local, 2 threads", 0), "1.80");
	assert_string_equal(cell(t, "local, 2 threads", 1), "1.80");
	assert_string_equal(cell(t, "local, 4 threads", 1), "3.00");
	assert_string_equal(cell(t, "distance 20, 4 threads", 0), "1.50");
	assert_string_equal(cell(t, "distance 20, 4 threads", 1), "3.00");
	assert_string_equal(cell(t, "+mixed, distance 20, 2 threads", 0),
			    "0.450");
	assert_string_equal(cell(t, "local, 2 threads", 2), "0.980");
	assert_string_equal(cell(t, "local, 4 threads", 2), "0.900");
	/* p50 of the sweep's reps only: the matrix row's 99999 is not one */
	assert_string_equal(cell(t, "local, 1 thread", 3), "200");
	assert_string_equal(cell(t, "local, 4 threads", 3), "800");
	/* counters per op: zone->lock blocks, contended, wait ns */
	assert_string_equal(cell(t, "local, 1 thread", 4), "0");
	assert_string_equal(cell(t, "local, 4 threads", 4), "0.3");
	assert_string_equal(cell(t, "distance 20, 2 threads", 5), "0.2");
	assert_string_equal(cell(t, "local, 4 threads", 6), "200");
	assert_non_null(strstr(t->caption, "n = 3 repetitions"));
	assert_null(strstr(t->caption, "TCG"));
	/* natively on a VM's CPUs: the counts may be blind, said so */
	assert_non_null(strstr(t->caption, "hypervisor flag"));

	it = find(&s, "scaling-buddy-alloc-pair-o-0");
	assert_non_null(it);
	pl = &it->plot;
	assert_int_equal(pl->npoints, 3);
	assert_true(pl->x[0] == 1 && pl->x[1] == 2 && pl->x[2] == 4);
	assert_int_equal(pl->nseries, 4);	/* 3 classes and the ideal */
	for (size_t i = 0; i < pl->nseries; i++)
		if (pl->series[i].ideal)
			ideal = &pl->series[i];
	assert_non_null(ideal);
	assert_non_null(strstr(ideal->name, "local"));
	/* threads x the local 1-thread throughput, in Mops/s */
	assert_true(fabs(ideal->y[0] - 1.0) < 1e-9);
	assert_true(fabs(ideal->y[1] - 2.0) < 1e-9);
	assert_true(fabs(ideal->y[2] - 4.0) < 1e-9);
	assert_true(fabs(pl->series[0].y[2] - 3.0) < 1e-9);
	/* error bars: the smallest and largest repetition */
	assert_true(fabs(pl->series[0].lo[2] - 2.97) < 1e-9);
	assert_true(fabs(pl->series[0].hi[2] - 3.03) < 1e-9);
	assert_non_null(strstr(pl->note, "n = 3 repetitions"));
	assert_non_null(strstr(pl->note, "error bars"));

	it = find(&s, "scalinglat-buddy-alloc-pair-o-0");
	assert_non_null(it);
	assert_true(it->plot.y_ns);
	assert_true(fabs(it->plot.series[1].y[1] - 600) < 1e-9);
	assert_true(fabs(it->plot.series[1].y2[1] - 2400) < 1e-9);

	/* the user sweep: no counter columns, and says why; one rep: n = 1 */
	it = find(&a, "scalingtab-malloc-threads-glibc-bind-s-64");
	assert_non_null(it);
	assert_int_equal(it->table.ncols, 4);
	assert_int_equal(it->table.nrows, 2);
	assert_string_equal(table_at((struct table *)&it->table, 1, 1)->text,
			    "2.00");
	assert_string_equal(table_at((struct table *)&it->table, 1, 0)->sub,
			    "");
	assert_non_null(strstr(it->table.caption, "no contention counters"));
	assert_null(strstr(it->table.caption, "+mixed"));
	assert_non_null(strstr(it->table.caption, "n = 1 repetition measured"));

	/* kmalloc has no sweep: nothing of it */
	assert_false(any_id_with(&s, "kmalloc"));
	assert_false(any_id_with(&a, "kmalloc"));
	sections_free(&s, &a);
	run_free(&r);
	remove_run(dir);
}

/* A TCG run's captions carry the warning. */
static void test_tcg(void **state)
{
	char dir[] = "/tmp/nb-test-scaling-XXXXXX";
	struct report_section s = { .nitems = 0 }, a = { .nitems = 0 };
	const struct report_item *it;
	struct run r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put_meta(dir, "vm", "tcg");
	write_run(dir, 1);
	load(&r, dir);
	assert_true(run_is_tcg(&r));
	assert_int_equal(report_scaling(&s, &a, &r), 0);
	it = find(&a, "scalingtab-buddy-alloc-pair-o-0");
	assert_non_null(it);
	assert_non_null(strstr(it->table.caption, "Under TCG"));
	assert_non_null(strstr(it->table.caption, "only the counters per op are evidence"));
	assert_non_null(strstr(it->table.caption, "a lone waiter spinning on it is not counted"));
	assert_null(strstr(it->table.caption, "hypervisor flag"));
	it = find(&s, "scaling-buddy-alloc-pair-o-0");
	assert_non_null(it);
	assert_non_null(strstr(it->plot.note, "Under TCG"));
	it = find(&s, "scalinglat-buddy-alloc-pair-o-0");
	assert_non_null(it);
	assert_non_null(strstr(it->plot.note, "emulation artefacts"));
	sections_free(&s, &a);
	run_free(&r);
	remove_run(dir);
}

/* No sweep: no section at all; no counters.csv: n/a, and why. */
static void test_no_sweep(void **state)
{
	char dir[] = "/tmp/nb-test-scaling-XXXXXX", path[512];
	struct report_section s = { .nitems = 0 }, a = { .nitems = 0 };
	const struct report_item *it;
	struct run r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put_meta(dir, "native", "");
	write_run(dir, 0);
	load(&r, dir);
	assert_int_equal(report_scaling(&s, &a, &r), 0);
	assert_int_equal(s.nitems, 0);
	assert_int_equal(a.nitems, 0);
	run_free(&r);

	write_run(dir, 1);
	snprintf(path, sizeof(path), "%s/counters.csv", dir);
	unlink(path);
	load(&r, dir);
	assert_int_equal(report_scaling(&s, &a, &r), 0);
	it = find(&a, "scalingtab-buddy-alloc-pair-o-0");
	assert_non_null(it);
	assert_string_equal(table_at((struct table *)&it->table, 0, 4)->text,
			    "n/a");
	assert_non_null(strstr(it->table.caption, "no counters.csv"));
	/* the throughput does not need them */
	assert_string_equal(table_at((struct table *)&it->table, 1, 1)->text,
			    "1.80");
	sections_free(&s, &a);
	run_free(&r);
	remove_run(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_tcg),
		cmocka_unit_test(test_no_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
