// SPDX-License-Identifier: GPL-2.0
/*
 * The report's tables built from hand-made runs: the conditions said once
 * per run, the summary (local figure, remote/local ratios per distance with
 * intervals, counts), matrices at representative sizes with their
 * remote/local heatmaps, skipped and missing cells, medians over
 * repetitions, captions, curves per class of node pairs with intervals
 * over repetitions and the p99, the allocator table
 * and bar chart present or absent, the side-by-side table of several
 * runs, and the hosts' section of runs of two hosts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_build.h"
#include "report/report_cells.h"

static struct run_cell *add_cell(struct run *r, const char *suite,
				 const char *test, const char *alloc,
				 const char *policy, int cpu, int mem,
				 uint64_t size, int order, unsigned batch)
{
	struct run_cell *c;

	r->cells = realloc(r->cells, (r->ncells + 1) * sizeof(*r->cells));
	assert_non_null(r->cells);
	c = &r->cells[r->ncells++];
	memset(c, 0, sizeof(*c));
	snprintf(c->k.suite, sizeof(c->k.suite), "%s", suite);
	snprintf(c->k.test, sizeof(c->k.test), "%s", test);
	snprintf(c->k.allocator, sizeof(c->k.allocator), "%s", alloc);
	snprintf(c->k.policy, sizeof(c->k.policy), "%s", policy);
	c->k.cpu_node = cpu;
	c->k.mem_node = mem;
	c->k.size_bytes = size;
	c->k.order = order;
	c->k.batch = batch;
	if (!strcmp(suite, "kernel"))
		snprintf(c->k.mode, sizeof(c->k.mode), "hot");
	c->k.threads = 1;
	return c;
}

/* Three ok repetitions with p50s a, b, c and p99 = 2 * p50. */
static void reps(struct run_cell *c, double a, double b, double d)
{
	c->nreps = 3;
	c->p50_ns = malloc(3 * sizeof(double));
	c->p99_ns = malloc(3 * sizeof(double));
	c->mean_ns = malloc(3 * sizeof(double));
	assert_non_null(c->p50_ns);
	c->p50_ns[0] = a, c->p50_ns[1] = b, c->p50_ns[2] = d;
	for (int i = 0; i < 3; i++)
		c->p99_ns[i] = c->mean_ns[i] = 2 * c->p50_ns[i];
}

static void make_run(struct run *r, const char *kernel, int with_user)
{
	static const uint64_t sizes[] = { 8, 256, 4096, 65536 };
	struct run_cell *c;

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "/tmp/run-%s", kernel);
	snprintf(r->meta.run_id, sizeof(r->meta.run_id), "run-%s", kernel);
	snprintf(r->meta.kernel, sizeof(r->meta.kernel), "%s", kernel);
	snprintf(r->meta.host, sizeof(r->meta.host), "box");
	snprintf(r->meta.cpu_model, sizeof(r->meta.cpu_model), "Xeon_&_co");
	snprintf(r->meta.executor, sizeof(r->meta.executor), "vm");
	snprintf(r->meta.vm_accel, sizeof(r->meta.vm_accel), "tcg");
	snprintf(r->meta.timing_note, sizeof(r->meta.timing_note),
		 "TCG emulation: times are artefacts");
	r->meta.reps = 3;
	r->meta.complete = 1;
	r->meta.nnodes = 2;
	r->meta.node_id[1] = 1;
	r->meta.distance[0][0] = r->meta.distance[1][1] = 10;
	r->meta.distance[0][1] = r->meta.distance[1][0] = 21;
	for (int cpu = 0; cpu < 2; cpu++)
		for (int mem = 0; mem < 2; mem++)
			for (size_t s = 0; s < 4; s++) {
				if (cpu == 1 && mem == 1 && s == 3)
					continue;	/* no such row: n/a */
				c = add_cell(r, "kernel", "kmalloc", "kernel",
					     "node", cpu, mem, sizes[s], -1, 1);
				if (cpu == 1 && mem == 0 && s == 0) {
					c->nskipped = 3;
					snprintf(c->note, sizeof(c->note),
						 "node 0 has no memory");
					continue;
				}
				reps(c, 10 * (double)(s + 1) + cpu + mem,
				     30 * (double)(s + 1), 20 * (double)(s + 1));
			}
	/* buddy with two batches: the path is batch 1 */
	for (unsigned b = 1; b <= 16; b += 15)
		for (int o = 0; o <= 3; o += 3) {
			c = add_cell(r, "kernel", "buddy_alloc", "kernel", "node",
				     0, 0, 4096u << o, o, b);
			reps(c, 100 * b + o, 100 * b + o, 100 * b + o);
		}
	if (!with_user)
		return;
	for (int mem = 0; mem < 2; mem++)
		for (size_t s = 0; s < 2; s++) {
			c = add_cell(r, "user", "malloc", "jemalloc", "default",
				     0, mem, sizes[s], -1, 1);
			reps(c, 999, 999, 999);
			c = add_cell(r, "user", "malloc", "jemalloc", "bind", 0,
				     mem, sizes[s], -1, 1);
			reps(c, 50, 50, 50);
			c = add_cell(r, "user", "malloc", "glibc", "bind", 0,
				     mem, sizes[s], -1, 1);
			reps(c, 40, 40, 40);
		}
}

static void free_run(struct run *r)
{
	for (size_t i = 0; i < r->ncells; i++) {
		free(r->cells[i].p50_ns);
		free(r->cells[i].p99_ns);
		free(r->cells[i].mean_ns);
	}
	free(r->cells);
}

static const struct report_item *find_item(const struct report *rep,
					   const char *id)
{
	for (size_t i = 0; i < rep->nsections; i++)
		for (size_t j = 0; j < rep->sections[i].nitems; j++) {
			const struct report_item *it = &rep->sections[i].items[j];

			if ((it->kind == ITEM_TABLE && !strcmp(it->table.id, id)) ||
			    (it->kind == ITEM_PLOT && !strcmp(it->plot.id, id)))
				return it;
		}
	return NULL;
}

/* The item of that kind with that id (a curve's table and plot share one). */
static const struct report_item *find_kind(const struct report *rep,
					   const char *id,
					   enum report_item_kind kind)
{
	for (size_t i = 0; i < rep->nsections; i++)
		for (size_t j = 0; j < rep->sections[i].nitems; j++) {
			const struct report_item *it = &rep->sections[i].items[j];

			if (it->kind == kind && !strcmp(kind == ITEM_TABLE ?
			    it->table.id : it->plot.id, id))
				return it;
		}
	return NULL;
}

/* The index of the section holding item it. */
static size_t section_of(const struct report *rep, const struct report_item *it)
{
	for (size_t i = 0; i < rep->nsections; i++)
		if (it >= rep->sections[i].items &&
		    it < rep->sections[i].items + rep->sections[i].nitems)
			return i;
	return (size_t)-1;
}

static const struct report_item *find_note(const struct report *rep,
					   const char *text)
{
	for (size_t i = 0; i < rep->nsections; i++)
		for (size_t j = 0; j < rep->sections[i].nitems; j++)
			if (strstr(rep->sections[i].items[j].note, text))
				return &rep->sections[i].items[j];
	return NULL;
}

static void test_paths(void **state)
{
	struct run r;
	struct path *p;
	uint64_t par[3];
	long n;

	(void)state;
	make_run(&r, "6.12", 1);
	n = paths_of_run(&r, &p);
	assert_int_equal(n, 5);	/* kmalloc, buddy, jemalloc x2, glibc */
	assert_string_equal(p[0].k.test, "kmalloc");
	assert_int_equal(p[0].nparams, 4);
	assert_int_equal(p[0].ncpu, 2);
	assert_int_equal(p[0].nmem, 2);
	assert_int_equal(representative_params(&p[0], par), 3);
	assert_true(par[0] == 8 && par[1] == 4096 && par[2] == 65536);
	assert_string_equal(p[1].k.test, "buddy_alloc");
	assert_int_equal(p[1].by_order, 1);
	assert_int_equal(p[1].k.batch, 1);
	assert_int_equal(p[1].nparams, 2);
	assert_int_equal(representative_params(&p[1], par), 2);
	free(p);
	free_run(&r);
}

static void test_matrix(void **state)
{
	struct report rep;
	const struct report_item *it;
	const struct table *t;
	struct run r;
	char err[128];

	(void)state;
	make_run(&r, "6.12", 0);
	assert_int_equal(report_build(&rep, &r, 1, err, sizeof(err)), 0);
	/* the run's main section, then its appendix with the matrices */
	assert_int_equal(rep.nsections, 2);
	assert_non_null(strstr(rep.sections[0].title, "run-6.12"));
	assert_false(rep.sections[0].appendix);
	assert_true(rep.sections[1].appendix);
	assert_non_null(strstr(rep.sections[1].title, "run-6.12"));
	it = find_item(&rep, "6.12-matrix-kmalloc-s-8");
	assert_non_null(it);
	assert_int_equal(section_of(&rep, it), 1);
	t = &it->table;
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->title, "kmalloc 8 B: p50 (p99)");
	assert_string_equal(t->row_label[1], "cpu node 1");
	assert_string_equal(t->col_label[0], "mem node 0");
	/* median of 10, 30, 20 and of 20, 60, 40 */
	assert_string_equal(t->cells[0].text, "20.0 ns");
	assert_string_equal(t->cells[0].sub, "(40.0 ns)");
	assert_string_equal(t->cells[2].text, "skipped");
	assert_string_equal(t->cells[2].sub, "[1]");
	assert_int_equal(t->cells[2].mark, MARK_SKIPPED);
	assert_non_null(strstr(t->caption, "[1] node 0 has no memory."));
	assert_non_null(strstr(t->caption, "batch 1"));
	/* the conditions are the section's, once, and in no caption */
	it = &rep.sections[0].items[0];
	assert_int_equal(it->kind, ITEM_CONDITIONS);
	assert_non_null(strstr(it->note, "Kernel: 6.12."));
	assert_non_null(strstr(it->note, "Machine: box (Xeon_&_co)"));
	assert_non_null(strstr(it->note, "VM (QEMU tcg"));
	assert_non_null(strstr(it->note, "TCG emulation"));
	assert_non_null(strstr(it->note, "Repetitions: 3"));
	assert_null(strstr(t->caption, "Kernel:"));
	assert_null(strstr(t->caption, "Repetitions"));
	/* its heatmap beside it: remote/local, skipped cells uncoloured */
	it = find_item(&rep, "6.12-heat-kmalloc-s-8");
	assert_non_null(it);
	assert_int_equal(it->plot.kind, PLOT_HEATMAP);
	assert_true(it->plot.beside_table);
	assert_int_equal(it->plot.nseries, 2);	/* cpu nodes */
	assert_int_equal(it->plot.npoints, 2);	/* memory nodes */
	assert_true(it->plot.series[0].y[0] == 1);	/* local */
	assert_string_equal(it->plot.series[0].text[0], "local");
	assert_string_equal(it->plot.series[0].sub[0], "20.0 ns");
	/* 11, 30, 20 against 10, 30, 20: not different, white */
	assert_true(it->plot.series[0].y[1] == 1);
	assert_string_equal(it->plot.series[0].text[1], "≈1");
	assert_true(isnan(it->plot.series[1].y[0]));
	assert_string_equal(it->plot.series[1].text[0], "skipped");
	/* the largest size has no row for cpu 1 / mem 1 */
	it = find_item(&rep, "6.12-matrix-kmalloc-s-65536");
	assert_non_null(it);
	assert_string_equal(it->table.title, "kmalloc 64 KiB: p50 (p99)");
	assert_string_equal(it->table.cells[3].text, "n/a");
	assert_null(find_item(&rep, "6.12-matrix-kmalloc-s-256"));
	/* buddy: orders, batch 1 (values 100 + order, not 1600 + order) */
	it = find_item(&rep, "6.12-matrix-buddy-alloc-o-3");
	assert_non_null(it);
	assert_string_equal(it->table.title, "buddy_alloc order 3: p50 (p99)");
	assert_string_equal(it->table.cells[0].text, "103.0 ns");
	assert_non_null(strstr(it->table.caption, "batch 1"));
	/* no user rows: a line says the allocator table is absent */
	assert_null(find_item(&rep, "6.12-allocators-malloc"));
	assert_non_null(find_note(&rep, "No kernel-against-userspace table"));
	report_free(&rep);
	free_run(&r);
}

static void test_curves(void **state)
{
	struct report rep;
	const struct report_item *it;
	struct run r;
	char err[128];

	(void)state;
	make_run(&r, "6.12", 0);
	assert_int_equal(report_build(&rep, &r, 1, err, sizeof(err)), 0);
	it = find_kind(&rep, "6.12-curve-kmalloc", ITEM_TABLE);
	assert_non_null(it);
	assert_int_equal(section_of(&rep, it), 1);	/* the appendix */
	assert_int_equal(it->table.nrows, 4);	/* node pairs */
	assert_int_equal(it->table.ncols, 4);	/* sizes */
	assert_string_equal(it->table.col_label[3], "64 KiB");
	assert_string_equal(it->table.row_label[1], "cpu 0, mem 1");
	assert_string_equal(it->table.cells[1].text, "40.0 ns");
	assert_string_equal(it->table.cells[1].sub, "");
	/* the plot in the main part: one line per class of pairs */
	it = find_kind(&rep, "6.12-curve-kmalloc", ITEM_PLOT);
	assert_non_null(it);
	assert_int_equal(section_of(&rep, it), 0);
	assert_string_equal(it->plot.id, "6.12-curve-kmalloc");
	assert_int_equal(it->plot.xlog2, 1);
	assert_int_equal(it->plot.npoints, 4);
	assert_int_equal(it->plot.nseries, 2);	/* local, distance 21 */
	assert_string_equal(it->plot.series[0].name, "local: 0-0, 1-1");
	assert_string_equal(it->plot.series[1].name, "distance 21: 0-1, 1-0");
	assert_true(it->plot.x[3] == 65536);
	/* 8 B: 1-0 skipped, so 0-1 alone: 11, 30, 20 */
	assert_true(fabs(it->plot.series[1].y[0] - cbrt(11.0 * 30 * 20)) < 1e-9);
	/* 64 KiB: 1-1 has no row, so 0-0 alone: 40, 120, 80 */
	assert_true(fabs(it->plot.series[0].y[3] - cbrt(40.0 * 120 * 80)) < 1e-9);
	/* 256 B: per repetition the mean over 0-0 (20, 60, 40) and 1-1
	 * (22, 60, 40), then the geometric mean over the repetitions with
	 * its 95 % t interval (n = 3) around it; p99 = 2 p50 below */
	assert_true(fabs(it->plot.series[0].y[1] -
			 cbrt(sqrt(20.0 * 22) * 60 * 40)) < 1e-9);
	assert_true(it->plot.series[0].lo[1] < 30);
	assert_true(it->plot.series[0].hi[1] > 55);
	assert_true(fabs(it->plot.series[0].y2[1] -
			 2 * it->plot.series[0].y[1]) < 1e-9);
	assert_non_null(strstr(it->plot.note, "n = 3"));
	assert_non_null(strstr(it->plot.title, "p50 and p99"));
	it = find_kind(&rep, "6.12-curve-buddy-alloc", ITEM_TABLE);
	assert_non_null(it);
	assert_string_equal(it->table.col_label[1], "order 3");
	it = find_kind(&rep, "6.12-curve-buddy-alloc", ITEM_PLOT);
	assert_non_null(it);
	assert_int_equal(it->plot.xlog2, 0);
	report_free(&rep);
	free_run(&r);
}

static void test_allocators(void **state)
{
	struct report rep;
	const struct report_item *it;
	const struct table *t;
	struct run r;
	char err[128];

	(void)state;
	make_run(&r, "6.12", 1);
	assert_int_equal(report_build(&rep, &r, 1, err, sizeof(err)), 0);
	assert_null(find_note(&rep, "No kernel-against-userspace table"));
	it = find_item(&rep, "6.12-allocators-malloc");
	assert_non_null(it);
	t = &it->table;
	assert_int_equal(t->ncols, 3);
	assert_string_equal(t->col_label[0], "kmalloc_node");
	assert_string_equal(t->col_label[1], "glibc");
	assert_string_equal(t->col_label[2], "jemalloc");
	/* rows: kmalloc's 4 pairs x 4 sizes less the missing one */
	assert_int_equal(t->nrows, 15);
	assert_string_equal(t->row_label[0], "8 B, cpu 0, mem 0");
	assert_string_equal(t->cells[1].text, "40 ns");
	assert_string_equal(t->cells[2].text, "50 ns");	/* bind, not default */
	assert_string_equal(t->cells[2 * 3 + 1].text, "n/a");	/* cpu 1 */
	assert_null(strstr(t->caption, "Repetitions"));
	it = find_item(&rep, "6.12-allocators-malloc-node0");
	assert_non_null(it);
	assert_int_equal(it->plot.kind, PLOT_BARS);
	assert_int_equal(it->plot.nseries, 3);
	assert_string_equal(it->plot.xtic[0], "8 B");
	assert_true(it->plot.series[0].y[0] == 20);	/* kmalloc 8 B */
	assert_true(it->plot.series[0].lo[0] == 10);
	assert_true(it->plot.series[0].hi[0] == 30);
	assert_null(find_item(&rep, "6.12-allocators-free"));	/* no free rows */
	report_free(&rep);
	free_run(&r);
}

/* Ids from the kernel (and the run id when two runs share one), never
 * from the place on the command line; one too long ends in a hash. */
static void test_ids(void **state)
{
	static const char long_kernel[] =
		"6.12.117+deb12-amd64-with-a-long-local-version";
	struct report rep, rev;
	const struct report_item *it;
	struct run r[2], swapped[2];
	char err[128];

	(void)state;
	make_run(&r[0], "6.12", 0);
	make_run(&r[1], "6.12", 0);
	snprintf(r[1].meta.run_id, sizeof(r[1].meta.run_id), "b");
	assert_int_equal(report_build(&rep, r, 2, err, sizeof(err)), 0);
	assert_non_null(find_item(&rep, "6.12-run-6.12-matrix-kmalloc-s-8"));
	assert_non_null(find_item(&rep, "6.12-b-matrix-kmalloc-s-8"));
	assert_null(find_item(&rep, "6.12-matrix-kmalloc-s-8"));
	swapped[0] = r[1];
	swapped[1] = r[0];
	assert_int_equal(report_build(&rev, swapped, 2, err, sizeof(err)), 0);
	assert_non_null(find_item(&rev, "6.12-run-6.12-matrix-kmalloc-s-8"));
	assert_non_null(find_item(&rev, "6.12-b-matrix-kmalloc-s-8"));
	report_free(&rev);
	report_free(&rep);
	free_run(&r[1]);

	/* alone, the first run's ids carry its kernel only */
	assert_int_equal(report_build(&rep, r, 1, err, sizeof(err)), 0);
	assert_non_null(find_item(&rep, "6.12-matrix-kmalloc-s-8"));
	report_free(&rep);
	free_run(&r[0]);

	make_run(&r[0], long_kernel, 0);
	assert_int_equal(report_build(&rep, r, 1, err, sizeof(err)), 0);
	it = find_kind(&rep, "6.12.117-deb12-amd64-with-a-long-local-version-summary",
		       ITEM_TABLE);
	assert_non_null(it);
	/* "...-matrix-buddy-alloc-o-3" is too long: its head, then a hash */
	size_t hashed = 0;

	for (size_t i = 0; i < rep.nsections; i++)
		for (size_t j = 0; j < rep.sections[i].nitems; j++) {
			const struct report_item *x = &rep.sections[i].items[j];
			const char *id = x->kind == ITEM_TABLE ? x->table.id :
					 x->kind == ITEM_PLOT ? x->plot.id : NULL;

			if (!id)
				continue;
			assert_true(strlen(id) < 64);
			assert_memory_equal(id, "6.12.117-deb12-amd64-with-a-long-local-version-", 47);
			if (strlen(id) == 63 && id[54] == '-' &&
			    strspn(id + 55, "0123456789abcdef") == 8)
				hashed++;
		}
	assert_true(hashed > 0);
	report_free(&rep);
	free_run(&r[0]);
}

static void test_two_runs(void **state)
{
	struct report rep;
	const struct report_item *it;
	struct run r[2];
	char err[128];

	(void)state;
	make_run(&r[0], "6.1", 0);
	make_run(&r[1], "6.12", 0);
	r[1].cells[0].p50_ns[0] = 1000;	/* 6.12 kmalloc 8 B cpu0/mem0 */
	assert_int_equal(report_build(&rep, r, 2, err, sizeof(err)), 0);
	/* two main sections, side by side, two appendix sections */
	assert_int_equal(rep.nsections, 5);
	assert_false(rep.sections[2].appendix);
	assert_true(rep.sections[3].appendix && rep.sections[4].appendix);
	assert_non_null(find_item(&rep, "6.1-matrix-kmalloc-s-8"));
	assert_non_null(find_item(&rep, "6.12-curve-kmalloc"));
	it = find_item(&rep, "runs-side-by-side");
	assert_non_null(it);
	assert_int_equal(it->table.ncols, 2);
	assert_string_equal(it->table.col_label[0], "6.1");
	assert_string_equal(it->table.col_label[1], "6.12");
	assert_string_equal(it->table.row_label[0], "kmalloc 8 B");
	assert_string_equal(it->table.cells[0].text, "20.0 ns");
	assert_string_equal(it->table.cells[1].text, "30.0 ns");
	assert_null(strstr(it->table.caption, "Kernel:"));
	/* each run's section says its own conditions */
	assert_int_equal(rep.sections[0].items[0].kind, ITEM_CONDITIONS);
	assert_non_null(strstr(rep.sections[0].items[0].note, "Kernel: 6.1."));
	assert_non_null(strstr(rep.sections[1].items[0].note, "Kernel: 6.12."));
	report_free(&rep);
	free_run(&r[0]);
	free_run(&r[1]);
}

/* The item whose id starts with prefix. */
static const struct report_item *find_prefix(const struct report *rep,
					     const char *prefix,
					     enum report_item_kind kind)
{
	for (size_t i = 0; i < rep->nsections; i++)
		for (size_t j = 0; j < rep->sections[i].nitems; j++) {
			const struct report_item *it = &rep->sections[i].items[j];
			const char *id = it->kind == ITEM_TABLE ? it->table.id :
					 it->plot.id;

			if (it->kind == kind && !strncmp(id, prefix, strlen(prefix)))
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

/*
 * Runs of two hosts: each keeps its sections; a section "Hosts side by
 * side" has the conditions per host (the rows that differ marked), per
 * path one row per host with the values each run's summary gives, the
 * union of the SLIT distances (n/a where a topology lacks one), "absent
 * on <host>" for a path a host lacks, the differing conditions in every
 * caption, and the two bar charts.
 */
static void test_hosts(void **state)
{
	const struct report_item *it, *sum;
	const struct table *t;
	struct report rep;
	struct run r[2];
	char err[128];
	size_t k = 0;

	(void)state;
	make_run(&r[0], "6.12", 0);
	make_run(&r[1], "6.1", 0);
	snprintf(r[1].meta.host, sizeof(r[1].meta.host), "beta");
	snprintf(r[1].meta.cpu_model, sizeof(r[1].meta.cpu_model), "EPYC");
	r[1].meta.distance[0][1] = r[1].meta.distance[1][0] = 32;
	/* beta has no buddy_alloc: its cells dropped */
	for (size_t i = 0; i < r[1].ncells; i++) {
		if (!strcmp(r[1].cells[i].k.test, "buddy_alloc")) {
			free(r[1].cells[i].p50_ns);
			free(r[1].cells[i].p99_ns);
			free(r[1].cells[i].mean_ns);
			continue;
		}
		r[1].cells[k++] = r[1].cells[i];
	}
	r[1].ncells = k;
	assert_int_equal(report_build(&rep, r, 2, err, sizeof(err)), 0);
	/* two main sections, side by side, hosts, two appendix sections */
	assert_int_equal(rep.nsections, 6);
	assert_string_equal(rep.sections[3].title, "Hosts side by side");
	assert_false(rep.sections[3].appendix);
	assert_non_null(strstr(rep.sections[0].title, "on box"));
	assert_non_null(strstr(rep.sections[1].title, "on beta"));
	/* the conditions per host: a column each, what differs marked */
	it = find_item(&rep, "hosts-conditions");
	assert_non_null(it);
	t = &it->table;
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->col_label[0], "box");
	assert_string_equal(t->col_label[1], "beta");
	assert_true(row_of(t, "host *") >= 0);
	assert_true(row_of(t, "kernel *") >= 0);
	assert_true(row_of(t, "CPU *") >= 0);
	assert_true(row_of(t, "topology *") >= 0);
	assert_true(row_of(t, "run") >= 0);	/* a run id always differs */
	assert_true(row_of(t, "executor") >= 0);	/* the same: unmarked */
	assert_true(row_of(t, "profile") >= 0);
	assert_string_equal(table_at((struct table *)t, (size_t)row_of(t, "host *"), 1)->text,
			    "beta");
	/* each run's own conditions say its host */
	it = find_item(&rep, "6.1-conditions");
	assert_non_null(it);
	assert_string_equal(it->table.row_label[2], "host");
	assert_string_equal(it->table.cells[2].text, "beta");
	/* kmalloc at its middle size: one row per host, as each summary */
	it = find_item(&rep, "hosts-kmalloc-s-4096");
	assert_non_null(it);
	t = &it->table;
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->ncols, 3);	/* local, d=21, d=32 */
	assert_string_equal(t->row_label[0], "box");
	assert_string_equal(t->row_label[1], "beta");
	assert_string_equal(t->col_label[0], "local p50");
	assert_string_equal(t->col_label[1], "remote/local d=21");
	assert_string_equal(t->col_label[2], "remote/local d=32");
	sum = find_item(&rep, "6.12-summary");
	assert_non_null(sum);
	assert_string_equal(t->cells[0].text, sum->table.cells[0].text);	/* 55 ns */
	assert_string_equal(t->cells[0].text, "55 ns");
	assert_string_equal(t->cells[0].sub, sum->table.cells[0].sub);
	assert_string_equal(t->cells[1].text, sum->table.cells[1].text);
	assert_string_equal(t->cells[1].sub, sum->table.cells[1].sub);
	/* box has no pair at 32, beta none at 21: n/a, and why */
	assert_string_equal(t->cells[2].text, "n/a");
	assert_string_equal(t->cells[3 + 1].text, "n/a");
	assert_string_equal(t->cells[3 + 0].text, "55 ns");
	assert_string_equal(t->cells[3 + 2].text, sum->table.cells[1].text);
	assert_non_null(strstr(t->caption, "no node pair at this SLIT distance in this host's topology"));
	assert_non_null(strstr(t->caption, "The runs differ in: kernel, host, CPU, topology (* in the conditions per host)"));
	/* buddy_alloc: absent on beta, never a blank */
	it = find_prefix(&rep, "hosts-buddy-alloc", ITEM_TABLE);
	assert_non_null(it);
	t = &it->table;
	for (size_t c = 0; c < t->ncols; c++)
		assert_string_equal(t->cells[t->ncols + c].text, "absent on beta");
	assert_string_equal(t->cells[0].text, sum->table.cells[sum->table.ncols].text);
	/* the figures: local p50 per host, the ratio per host and distance */
	it = find_kind(&rep, "hosts-local-kmalloc-s-4096", ITEM_PLOT);
	assert_non_null(it);
	assert_int_equal(it->plot.kind, PLOT_BARS);
	assert_int_equal(it->plot.npoints, 2);
	assert_string_equal(it->plot.xtic[1], "beta");
	assert_float_equal(it->plot.series[0].y[0], it->plot.series[0].y[1], 1e-9);
	assert_true(it->plot.series[0].lo[0] < it->plot.series[0].y[0]);
	assert_true(it->plot.series[0].hi[0] > it->plot.series[0].y[0]);
	it = find_kind(&rep, "hosts-ratio-kmalloc-s-4096", ITEM_PLOT);
	assert_non_null(it);
	assert_int_equal(it->plot.npoints, 2);
	assert_int_equal(it->plot.nseries, 2);
	assert_string_equal(it->plot.xtic[0], "d=21");
	assert_string_equal(it->plot.series[1].name, "beta");
	assert_false(isnan(it->plot.series[0].y[0]));
	assert_true(isnan(it->plot.series[0].y[1]));
	assert_true(isnan(it->plot.series[1].y[0]));
	assert_float_equal(it->plot.series[0].y[0], it->plot.series[1].y[1], 1e-9);
	/* the summary figure: beta's local p50 over box's, per box's path */
	it = find_kind(&rep, "hosts-summary", ITEM_PLOT);
	assert_non_null(it);
	assert_int_equal(it->plot.nseries, 1);
	assert_string_equal(it->plot.series[0].name, "beta");
	for (size_t k = 0; k < it->plot.npoints; k++) {
		if (!strcmp(it->plot.xtic[k], "kmalloc 4 KiB")) {
			assert_float_equal(it->plot.series[0].y[k], 1.0, 1e-9);
			assert_true(it->plot.series[0].lo[k] < 1.0);
			assert_true(it->plot.series[0].hi[k] > 1.0);
		} else {	/* buddy_alloc: absent on beta, no bar */
			assert_true(isnan(it->plot.series[0].y[k]));
		}
	}
	it = find_kind(&rep, "hosts-local-buddy-alloc-o-3", ITEM_PLOT);
	if (!it)
		it = find_prefix(&rep, "hosts-local-buddy-alloc", ITEM_PLOT);
	assert_non_null(it);
	assert_true(isnan(it->plot.series[0].y[1]));	/* absent: no bar */
	report_free(&rep);

	/* no host in meta.json: labelled by the directory's parent (a
	 * fleet's RESULTS/<inventory host>/<run>), a host of its own */
	r[1].meta.host[0] = '\0';
	snprintf(r[1].dir, sizeof(r[1].dir), "/tmp/RESULTS/inv-b/run-6.1/");
	assert_int_equal(report_build(&rep, r, 2, err, sizeof(err)), 0);
	assert_int_equal(rep.nsections, 6);
	assert_non_null(strstr(rep.sections[1].title, "on inv-b"));
	it = find_item(&rep, "hosts-conditions");
	assert_non_null(it);
	assert_string_equal(it->table.col_label[1], "inv-b");
	report_free(&rep);

	/* one host, two runs: no hosts section */
	snprintf(r[1].meta.host, sizeof(r[1].meta.host), "box");
	assert_int_equal(report_build(&rep, r, 2, err, sizeof(err)), 0);
	assert_int_equal(rep.nsections, 5);
	assert_null(find_item(&rep, "hosts-conditions"));
	report_free(&rep);
	free_run(&r[0]);
	free_run(&r[1]);
}

/*
 * A kernel test in two modes is two paths, each with its own matrices and
 * curves, named with the mode unless hot; the allocator table takes the hot
 * path even when the other mode comes first in results.csv.
 */
static void test_modes(void **state)
{
	static const uint64_t sizes[] = { 8, 256 };
	const struct report_item *it;
	struct run_cell *c, cold[4];
	struct report rep;
	struct path *p;
	char name[96], err[128];
	size_t n = 0;
	struct run r;

	(void)state;
	make_run(&r, "6.12", 1);
	for (int mem = 0; mem < 2; mem++)
		for (size_t s = 0; s < 2; s++) {
			c = add_cell(&r, "kernel", "kmalloc", "kernel", "node",
				     0, mem, sizes[s], -1, 1);
			snprintf(c->k.mode, sizeof(c->k.mode), "cold");
			reps(c, 70, 70, 70);
			n++;
		}
	/* the cold cells first, as if measured first */
	memcpy(cold, r.cells + r.ncells - n, sizeof(cold));
	memmove(r.cells + n, r.cells, (r.ncells - n) * sizeof(*r.cells));
	memcpy(r.cells, cold, sizeof(cold));
	assert_int_equal(paths_of_run(&r, &p), 6);
	assert_string_equal(p[0].k.mode, "cold");
	assert_int_equal(p[0].nparams, 2);
	path_name(name, sizeof(name), &p[0]);
	assert_string_equal(name, "kmalloc cold");
	assert_string_equal(p[1].k.mode, "hot");
	assert_int_equal(p[1].nparams, 4);	/* hot's sizes only */
	path_name(name, sizeof(name), &p[1]);
	assert_string_equal(name, "kmalloc");
	free(p);

	assert_int_equal(report_build(&rep, &r, 1, err, sizeof(err)), 0);
	it = find_item(&rep, "6.12-matrix-kmalloc-cold-s-8");
	assert_non_null(it);
	assert_string_equal(it->table.title, "kmalloc cold 8 B: p50 (p99)");
	assert_string_equal(it->table.cells[0].text, "70.0 ns");
	it = find_item(&rep, "6.12-matrix-kmalloc-s-8");
	assert_non_null(it);
	assert_string_equal(it->table.cells[0].text, "20.0 ns");
	assert_non_null(find_item(&rep, "6.12-curve-kmalloc-cold"));
	assert_non_null(find_item(&rep, "6.12-curve-kmalloc"));
	it = find_item(&rep, "6.12-allocators-malloc");
	assert_non_null(it);
	assert_string_equal(it->table.col_label[0], "kmalloc_node");
	assert_string_equal(it->table.cells[0].text, "20.0 ns");
	report_free(&rep);
	free_run(&r);
}

/*
 * A path none of whose cells was measured, all for one reason (a mode the
 * run skipped: cold under TCG): its matrices, curve and batch table are
 * each one line with the reason, not tables of "skipped"; the summary
 * still lists it.
 */
static void test_unmeasured_path(void **state)
{
	static const char why[] = "mode cold not measured under TCG, which models no cache (cold equals hot there): [kernel] tcg_skip_modes";
	static const uint64_t sizes[] = { 8, 256 };
	struct run_cell *c;
	struct report rep;
	char err[128];
	struct run r;

	(void)state;
	make_run(&r, "6.12", 0);
	for (unsigned b = 1; b <= 32; b += 31)
		for (int mem = 0; mem < 2; mem++)
			for (size_t s = 0; s < 2; s++) {
				c = add_cell(&r, "kernel", "kfree", "kernel",
					     "node", 0, mem, sizes[s], -1, b);
				c->nskipped = 3;
				snprintf(c->note, sizeof(c->note), "%s", why);
			}
	assert_int_equal(report_build(&rep, &r, 1, err, sizeof(err)), 0);
	assert_null(find_item(&rep, "6.12-matrix-kfree-s-8"));
	assert_null(find_item(&rep, "6.12-curve-kfree"));
	assert_null(find_item(&rep, "6.12-batch-kfree"));
	assert_non_null(find_note(&rep, "kfree 8 B: p50 (p99): not measured in this run: mode cold not measured under TCG"));
	assert_non_null(find_note(&rep, "kfree: p50 by size: not measured in this run: mode cold"));
	assert_non_null(find_note(&rep, "kfree: per-op p50 by batch size: not measured in this run"));
	/* a path with one measured cell keeps its tables */
	assert_non_null(find_item(&rep, "6.12-matrix-kmalloc-s-8"));
	report_free(&rep);
	free_run(&r);
}

/*
 * The summary: kmalloc at its middle size (4096): local cells (0,0) and
 * (1,1) have p50s 30, 90, 60 and 32, 90, 60; remote (0,1), (1,0) at
 * distance 21 have 31, 90, 60 twice. Repetitions are the units (n=3, not
 * the 6 node pairs x repetitions). Counts over every size.
 */
static void test_summary(void **state)
{
	const struct report_item *it;
	const struct table *t;
	struct report rep;
	struct run r;
	char err[128];

	(void)state;
	make_run(&r, "6.12", 0);
	r.cells[1].nmisplacing = 1;	/* kmalloc 256 B, cpu 0, mem 0 */
	r.cells[2].off_path = 37;	/* kmalloc 4 KiB: kept out, not flagged */
	assert_int_equal(report_build(&rep, &r, 1, err, sizeof(err)), 0);
	it = find_item(&rep, "6.12-summary");
	assert_non_null(it);
	/* the first heading of the run's section: the summary */
	for (size_t i = 0; i < rep.sections[0].nitems; i++)
		if (rep.sections[0].items[i].kind == ITEM_HEADING) {
			assert_string_equal(rep.sections[0].items[i].note,
					    "Summary");
			break;
		}
	t = &it->table;
	assert_int_equal(t->nrows, 2);	/* kmalloc, buddy_alloc */
	assert_int_equal(t->ncols, 4);	/* local, d=21, cells, flagged */
	assert_string_equal(t->row_label[0], "kmalloc 4 KiB");
	assert_string_equal(t->col_label[1], "remote/local d=21");
	/* geometric mean of 30, 90, 60, 32, 90, 60: 54.6 ns; the interval
	 * over 3 repetitions is wide, so two digits */
	assert_string_equal(t->cells[0].text, "55 ns");
	assert_non_null(strstr(t->cells[0].sub, "n=3"));
	assert_int_equal(t->cells[0].sub[0], '[');
	assert_non_null(strstr(t->cells[1].sub, "n=3"));
	assert_int_equal(t->cells[1].sub[0], '[');
	/* 15 kmalloc cells; flagged: 1 skipped, 1 misplaced */
	assert_string_equal(t->cells[2].text, "15");
	assert_string_equal(t->cells[3].text, "2");
	/* buddy_alloc has no remote cell: n/a with its reason numbered */
	assert_string_equal(t->cells[4 + 1].text, "n/a");
	assert_string_equal(t->cells[4 + 1].sub, "[1]");
	assert_non_null(strstr(t->caption, "[1] the path has no node pair at this distance"));
	assert_non_null(find_note(&rep, "All 19 cells of the run: 1 skipped, 0 failed, 1 with samples off their path (37 samples), 1 misplaced, 0 stopped on their time budget, 0 with few clean samples."));
	it = find_item(&rep, "6.12-conditions");
	assert_non_null(it);
	assert_int_equal(it->table.ncols, 1);
	assert_string_equal(it->table.row_label[1], "kernel");
	assert_string_equal(it->table.cells[1].text, "6.12");
	for (size_t i = 0; i < it->table.nrows; i++)
		if (!strcmp(it->table.row_label[i], "clocksource"))
			assert_string_equal(it->table.cells[i].text,
					    "not recorded");
	/* a long value goes on over rows with no label, none over 44 */
	for (size_t i = 0; i < it->table.nrows; i++)
		assert_true(strlen(it->table.cells[i].text) <= 44);
	it = find_item(&rep, "6.12-quality");
	assert_non_null(it);
	assert_string_equal(it->table.row_label[0], "kmalloc");
	assert_string_equal(it->table.cells[1].text, "1");	/* skipped */
	assert_string_equal(it->table.cells[1].sub, "(7 %)");
	/* off path beside failed: cells, and the samples kept out */
	assert_string_equal(it->table.col_label[2], "failed");
	assert_string_equal(it->table.col_label[3], "off path");
	assert_string_equal(it->table.cells[3].text, "1");
	assert_string_equal(it->table.cells[3].sub, "(37 samples)");
	assert_string_equal(it->table.cells[it->table.ncols + 3].text, "0");
	report_free(&rep);
	free_run(&r);
}

/* The conditions table's value of label, its continuation rows joined. */
static void condition(const struct report *rep, const char *label,
		      char *buf, size_t len)
{
	const struct report_item *it = find_item(rep, "6.12-conditions");
	size_t i = 0;

	assert_non_null(it);
	buf[0] = '\0';
	while (i < it->table.nrows && strcmp(it->table.row_label[i], label))
		i++;
	assert_true(i < it->table.nrows);
	do {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "%s",
			 it->table.cells[i * it->table.ncols].text);
	} while (++i < it->table.nrows && !it->table.row_label[i][0]);
}

/*
 * The kernel rows' core clock over base clock (APERF/MPERF) as a range
 * when counters.csv has it; a run whose CPUs cannot read it says so, a
 * run that predates the flag says "not recorded".
 */
static void test_core_clock(void **state)
{
	static const struct {
		int aperfmperf;
		struct metric_range range;
		const char *text;
	} cases[] = {
		{ 1, { 12, 0.98, 1.02 }, "0.98 to 1.02 x base clock (APERF/MPERF over 12 kernel rows)" },
		{ 1, { 3, 1.5, 1.5 }, "1.50 x base clock (APERF/MPERF, 3 kernel rows)" },
		{ 0, { 0, 0, 0 }, "not readable (no APERF/MPERF)" },
		{ -1, { 0, 0, 0 }, "not recorded" },
		{ 1, { 0, 0, 0 }, "no kernel row measured it" },
	};
	struct report rep;
	struct run r;
	char err[128], v[256];

	(void)state;
	make_run(&r, "6.12", 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		r.meta.aperfmperf = cases[i].aperfmperf;
		r.meta.core_clock = cases[i].range;
		assert_int_equal(report_build(&rep, &r, 1, err, sizeof(err)), 0);
		condition(&rep, "core clock", v, sizeof(v));
		assert_string_equal(v, cases[i].text);
		report_free(&rep);
	}
	free_run(&r);
}

/*
 * A repetition none of whose samples took the case's path fails; its
 * table cell is n/a, not failed, and its numbered reason says why.
 */
static void test_all_off_path_reason(void **state)
{
	struct note_list notes = { .n = 0 };
	struct table_cell out;
	struct run_cell c;

	(void)state;
	memset(&c, 0, sizeof(c));
	snprintf(c.k.suite, sizeof(c.k.suite), "kernel");
	c.nfailed = 1;
	c.off_path = 64;
	snprintf(c.note, sizeof(c.note), "no clean sample: all 64 off the case's path (no block from the zone free lists in the region)");
	cell_fill(&out, &c, 1, &notes);
	assert_false(out.has_value);
	assert_string_equal(out.text, "n/a");
	assert_string_equal(out.sub, "[1]");
	assert_int_equal(notes.n, 1);
	assert_non_null(strstr(notes.text[0], "all 64 off the case's path"));
	/* with failed ops it failed */
	c.failures = 3;
	c.failed_samples = 3;
	cell_fill(&out, &c, 1, &notes);
	assert_string_equal(out.text, "failed");
}

/* A p99 over repetitions: none unless every repetition has one, whatever
 * position the missing ones are in. */
static void test_cell_p99_missing(void **state)
{
	struct run_cell c;
	double p50[3] = { 10, 11, 12 }, p99[3], a, b;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.nreps = 3;
	c.p50_ns = p50;
	c.p99_ns = p99;
	for (unsigned miss = 0; miss < 8; miss++) {
		for (unsigned i = 0; i < 3; i++)
			p99[i] = miss & (1u << i) ? NAN : 8000.0 + 100 * i;
		assert_int_equal(cell_summary(&c, &a, &b), 0);
		assert_float_equal(a, 11, 1e-9);
		if (miss)
			assert_true(isnan(b));
		else
			assert_float_equal(b, 8100, 1e-9);
	}
	/* a table says the p99 of the reps that have one, and how many:
	 * k00 buddy_alloc order 0, cpu 0 / mem 0 (issue 20) */
	snprintf(c.k.suite, sizeof(c.k.suite), "kernel");
	for (unsigned rot = 0; rot < 3; rot++) {
		struct table_cell out;
		double v[3] = { 8134.8, 8332.0, NAN };

		for (unsigned i = 0; i < 3; i++)
			p99[i] = v[(i + rot) % 3];
		cell_fill(&out, &c, 1, NULL);
		assert_string_equal(out.sub, "(8.23 us; 2 of 3 reps)");
	}
}

static void test_format(void **state)
{
	char b[32];

	(void)state;
	format_param(b, sizeof(b), 2097152, 0);
	assert_string_equal(b, "2 MiB");
	format_param(b, sizeof(b), 1536, 0);
	assert_string_equal(b, "1536 B");
	format_param(b, sizeof(b), 9, 1);
	assert_string_equal(b, "order 9");
	format_ns(b, sizeof(b), 3.254);
	assert_string_equal(b, "3.25");
	format_ns(b, sizeof(b), 123456.7);
	assert_string_equal(b, "123457");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_curves),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_unmeasured_path),
		cmocka_unit_test(test_allocators),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_two_runs),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_core_clock),
		cmocka_unit_test(test_all_off_path_reason),
		cmocka_unit_test(test_cell_p99_missing),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
