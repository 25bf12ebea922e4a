// SPDX-License-Identifier: GPL-2.0
/*
 * The report's figures from hand-made runs: a heatmap cell's remote/local
 * ratio and whether its interval says it differs from 1, one colour scale
 * for every heatmap, no heatmap without two CPU and two memory nodes, a
 * row without a local cell; per-op cost against batch size; latency CDFs
 * from histograms (monotone, ending at 1, local left of remote) and none
 * without them; the gnuplot script's sizes, y-scale rule and units.
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

#include "report/gnuplot.h"
#include "report/report_batch.h"
#include "report/report_cdf.h"
#include "report/report_matrix.h"

static struct run_cell *add_cell(struct run *r, const char *test, int cpu,
				 int mem, uint64_t size, unsigned batch)
{
	struct run_cell *c;

	r->cells = realloc(r->cells, (r->ncells + 1) * sizeof(*r->cells));
	assert_non_null(r->cells);
	c = &r->cells[r->ncells++];
	memset(c, 0, sizeof(*c));
	snprintf(c->k.suite, sizeof(c->k.suite), "kernel");
	snprintf(c->k.test, sizeof(c->k.test), "%s", test);
	snprintf(c->k.allocator, sizeof(c->k.allocator), "kernel");
	snprintf(c->k.policy, sizeof(c->k.policy), "node");
	snprintf(c->k.mode, sizeof(c->k.mode), "hot");
	c->k.cpu_node = cpu;
	c->k.mem_node = mem;
	c->k.size_bytes = size;
	c->k.order = -1;
	c->k.batch = batch;
	c->k.threads = 1;
	return c;
}

/* n ok repetitions with p50s v[0..n), no p99. */
static void reps(struct run_cell *c, size_t n, const double *v)
{
	c->nreps = n;
	c->p50_ns = malloc(n * sizeof(double));
	c->p99_ns = malloc(n * sizeof(double));
	c->mean_ns = malloc(n * sizeof(double));
	assert_non_null(c->p50_ns);
	for (size_t i = 0; i < n; i++) {
		c->p50_ns[i] = c->mean_ns[i] = v[i];
		c->p99_ns[i] = NAN;
	}
}

static void reps3(struct run_cell *c, double a, double b, double d)
{
	double v[3] = { a, b, d };

	reps(c, 3, v);
}

/* A histogram of n samples spread evenly over lo..hi (units). */
static void hist_of(struct run_cell *c, uint64_t lo, uint64_t hi, unsigned n)
{
	c->hist = malloc(sizeof(*c->hist));
	assert_non_null(c->hist);
	hist_init(c->hist);
	for (unsigned i = 0; i < n; i++)
		hist_add(c->hist, lo + (hi - lo) * i / (n - 1));
	c->hist_ns_per_unit = 0.5;	/* 2 cycles per ns */
}

static void init_run(struct run *r, int nnodes)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->meta.run_id, sizeof(r->meta.run_id), "run-fig");
	snprintf(r->meta.kernel, sizeof(r->meta.kernel), "6.12");
	r->meta.reps = 3;
	r->meta.nnodes = nnodes;
	for (int i = 0; i < nnodes; i++) {
		r->meta.node_id[i] = i;
		for (int j = 0; j < nnodes; j++)
			r->meta.distance[i][j] = i == j ? 10 : i == 2 || j == 2 ? 30 : 20;
	}
}

static void free_run(struct run *r)
{
	for (size_t i = 0; i < r->ncells; i++) {
		free(r->cells[i].p50_ns);
		free(r->cells[i].p99_ns);
		free(r->cells[i].mean_ns);
		free(r->cells[i].hist);
	}
	free(r->cells);
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

static void section_free(struct report_section *s)
{
	struct report rep = { .sections = s, .nsections = 1 };
	struct report_section *copy = malloc(sizeof(*copy));

	assert_non_null(copy);
	*copy = *s;
	rep.sections = copy;
	report_free(&rep);
	memset(s, 0, sizeof(*s));
}

/* A heatmap cell's sub: its table cell's p50, with a unit. */
static void assert_p50_sub(const char *sub, const struct table_cell *tc)
{
	size_t n = strlen(tc->text);

	assert_true(n > 0);
	assert_memory_equal(sub, tc->text, n);
	assert_true(sub[strlen(sub) - 1] == 's');	/* ns, us, ms */
}

static void test_ratio(void **state)
{
	struct run r;
	struct run_cell *l, *far, *near, *one;
	struct matrix_ratio m;
	double v1 = 150;

	(void)state;
	init_run(&r, 2);
	reps3(add_cell(&r, "kmalloc", 0, 0, 64, 1), 100, 101, 99);
	reps3(add_cell(&r, "kmalloc", 0, 1, 64, 1), 150, 152, 149);
	reps3(add_cell(&r, "kmalloc", 1, 1, 64, 1), 100, 110, 92);
	reps(add_cell(&r, "kmalloc", 1, 0, 64, 1), 1, &v1);
	/* the cells move while they are added: pointers after */
	l = &r.cells[0], far = &r.cells[1], near = &r.cells[2], one = &r.cells[3];
	/* a clear 1.5: judged, different, its interval around it */
	assert_int_equal(matrix_ratio(far, l, &m), 0);
	assert_true(m.judged && m.different && !m.local);
	assert_true(fabs(m.ratio - cbrt(150.0 * 152 * 149) / cbrt(100.0 * 101 * 99)) < 1e-9);
	assert_true(m.lo < m.ratio && m.ratio < m.hi && m.lo > 1);
	/* 100, 110, 92 against 100, 101, 99: the interval includes 1 */
	assert_int_equal(matrix_ratio(near, l, &m), 0);
	assert_true(m.judged && !m.different);
	assert_true(m.lo < 1 && m.hi > 1);
	/* one repetition: a ratio, no interval, not judged */
	assert_int_equal(matrix_ratio(one, l, &m), 0);
	assert_false(m.judged);
	assert_false(m.different);
	assert_true(isnan(m.lo));
	assert_true(fabs(m.ratio - 1.5) < 0.01);
	/* the local cell itself; no local cell */
	assert_int_equal(matrix_ratio(l, l, &m), 0);
	assert_true(m.local && m.ratio == 1);
	assert_int_equal(matrix_ratio(far, NULL, &m), -1);
	free_run(&r);
}

/*
 * Two paths on three nodes, node 2 memory only; kmalloc remote 1.5x,
 * vmalloc remote 3x (beyond the colour scale); a third path measured on
 * one CPU node only.
 */
static void matrix_run(struct run *r)
{
	init_run(r, 3);
	for (int cpu = 0; cpu < 2; cpu++)
		for (int mem = 0; mem < 3; mem++) {
			double f = cpu == mem ? 1 : 1.5;

			reps3(add_cell(r, "kmalloc", cpu, mem, 64, 1), 100 * f,
			      101 * f, 99 * f);
			f = cpu == mem ? 1 : 3;
			reps3(add_cell(r, "vmalloc", cpu, mem, 4096, 1),
			      1000 * f, 1010 * f, 990 * f);
		}
	for (int mem = 0; mem < 2; mem++)
		reps3(add_cell(r, "kfree", 0, mem, 64, 1), 50, 51, 49);
	/* a row without its local cell: cpu node 1's memory is missing */
	for (int mem = 0; mem < 3; mem++)
		if (mem != 1)
			reps3(add_cell(r, "kmem_cache_alloc", 1, mem, 64, 1),
			      80, 81, 79);
	for (int mem = 0; mem < 3; mem++)
		reps3(add_cell(r, "kmem_cache_alloc", 0, mem, 64, 1),
		      80, 81, 79);
}

static void test_heatmaps(void **state)
{
	struct report_section s = { .nitems = 0 };
	const struct report_item *it, *t;
	struct path *paths;
	struct run r;
	long np;

	(void)state;
	matrix_run(&r);
	np = paths_of_run(&r, &paths);
	assert_int_equal(np, 4);
	assert_int_equal(report_matrices(&s, &r, paths, (size_t)np), 0);
	/* every heatmap on one fixed log scale, 1/2 .. 2, its bar labelled */
	it = find(&s, "heat-kmalloc-s-64");
	assert_non_null(it);
	assert_true(it->plot.cbmin == MATRIX_RATIO_MIN && it->plot.cbmax == MATRIX_RATIO_MAX);
	assert_true(it->plot.cbmin == 0.5 && it->plot.cbmax == 2);
	assert_true(it->plot.cblog);
	assert_string_equal(it->plot.cblabel, "p50 / local p50 of the CPU's node, log scale");
	assert_string_equal(it->plot.title, "kmalloc 64 B: p50 / local p50");
	assert_int_equal(it->plot.nseries, 2);
	assert_int_equal(it->plot.npoints, 3);
	assert_true(it->plot.series[0].y[0] == 1);
	assert_string_equal(it->plot.series[0].text[0], "local");
	assert_true(fabs(it->plot.series[0].y[1] - 1.5) < 1e-9);
	assert_string_equal(it->plot.series[0].text[1], "1.50");
	t = find(&s, "matrix-kmalloc-s-64");
	assert_p50_sub(it->plot.series[1].sub[0], &t->table.cells[3]);
	assert_non_null(strstr(it->plot.series[1].sub[0], "150"));
	assert_non_null(strstr(it->plot.note, "0.5 to 2"));
	assert_non_null(strstr(it->plot.note, "(3 per cell)"));
	it = find(&s, "heat-vmalloc-s-4096");
	assert_non_null(it);
	assert_true(it->plot.cbmin == 0.5 && it->plot.cbmax == 2 && it->plot.cblog);
	/* 3x: its own number, drawn at the scale's end by gnuplot */
	assert_string_equal(it->plot.series[1].text[2], "3.00");
	t = find(&s, "matrix-vmalloc-s-4096");
	assert_p50_sub(it->plot.series[1].sub[2], &t->table.cells[5]);
	assert_p50_sub(it->plot.series[1].sub[1], &t->table.cells[4]);
	/* one CPU node: the table alone, its caption says why */
	t = find(&s, "matrix-kfree-s-64");
	assert_non_null(t);
	assert_null(find(&s, "heat-kfree-s-64"));
	assert_non_null(strstr(t->table.caption, "No heatmap: it needs two CPU nodes"));
	/* a row without its local cell: no ratio, said in cell and note */
	it = find(&s, "heat-kmem-cache-alloc-s-64");
	assert_non_null(it);
	assert_string_equal(it->plot.series[1].text[0], "no local");
	t = find(&s, "matrix-kmem-cache-alloc-s-64");
	assert_p50_sub(it->plot.series[1].sub[0], &t->table.cells[3]);
	assert_true(isnan(it->plot.series[1].y[0]));
	assert_string_equal(it->plot.series[1].text[1], "n/a");
	assert_non_null(strstr(it->plot.note, "CPU node 1: no local cell"));
	assert_true(it->plot.series[0].y[0] == 1);
	free(paths);
	section_free(&s);
	free_run(&r);
}

static void test_batches(void **state)
{
	struct report_section s = { .nitems = 0 };
	const struct report_item *it;
	struct path *paths;
	struct run r;
	long np;

	(void)state;
	init_run(&r, 2);
	for (unsigned b = 1; b <= 32; b *= 4)	/* 1, 4, 16 */
		for (uint64_t size = 8; size <= 4096; size *= 8)
			for (int cpu = 0; cpu < 2; cpu++)
				for (int mem = 0; mem < 2; mem++) {
					double v = (double)size / b + (cpu != mem) * 1000;

					reps3(add_cell(&r, "kmalloc", cpu, mem, size, b),
					      v, v * 1.01, v * 0.99);
				}
	np = paths_of_run(&r, &paths);
	assert_int_equal(np, 1);
	assert_int_equal(paths[0].k.batch, 1);
	assert_int_equal(report_batches(&s, &r, paths, (size_t)np), 0);
	it = find(&s, "batch-kmalloc");
	assert_non_null(it);
	/* rows: the smallest, middle and largest size; columns: batches */
	assert_int_equal(it->table.nrows, 3);
	assert_int_equal(it->table.ncols, 3);
	assert_string_equal(it->table.col_label[2], "16");
	assert_string_equal(it->table.row_label[2], "4 KiB");
	/* local pairs only (remote ones are 1000 ns slower): 4096 / 16 */
	assert_string_equal(it->table.cells[2 * 3 + 2].text, "256 ns");
	assert_non_null(strstr(it->table.cells[2 * 3 + 2].sub, "n=3"));
	assert_non_null(strstr(it->table.caption, "local: 0-0, 1-1"));
	it = find(&s, "batchfig-kmalloc");
	assert_non_null(it);
	assert_int_equal(it->plot.kind, PLOT_LINES);
	assert_int_equal(it->plot.xlog2, 1);
	assert_true(it->plot.y_ns);
	assert_int_equal(it->plot.npoints, 3);
	assert_true(it->plot.x[0] == 1 && it->plot.x[2] == 16);
	assert_int_equal(it->plot.nseries, 3);
	assert_string_equal(it->plot.series[0].name, "8 B");
	assert_true(fabs(it->plot.series[2].y[1] - 1024 * cbrt(1.01 * 0.99)) < 1e-6);
	assert_true(it->plot.series[2].lo[1] < 1024 && it->plot.series[2].hi[1] > 1024);
	assert_non_null(strstr(it->plot.note, "95 % Student t interval"));
	assert_non_null(strstr(it->plot.note, "n = 3"));
	free(paths);
	section_free(&s);
	/* one batch size: a line says so, no table */
	free_run(&r);
	init_run(&r, 2);
	reps3(add_cell(&r, "kmalloc", 0, 0, 8, 1), 10, 10, 10);
	np = paths_of_run(&r, &paths);
	assert_int_equal(report_batches(&s, &r, paths, (size_t)np), 0);
	assert_null(find(&s, "batch-kmalloc"));
	assert_non_null(strstr(s.items[s.nitems - 1].note, "more than one batch size"));
	free(paths);
	section_free(&s);
	free_run(&r);
}

static void test_cdfs(void **state)
{
	struct report_section s = { .nitems = 0 };
	const struct report_item *it;
	struct path *paths;
	struct run r;
	long np;

	(void)state;
	init_run(&r, 3);
	/* local 200..400 cycles, distance 20 400..800, distance 30 above */
	for (int cpu = 0; cpu < 2; cpu++)
		for (int mem = 0; mem < 3; mem++) {
			struct run_cell *c = add_cell(&r, "kmalloc", cpu, mem, 64, 1);
			uint64_t lo = cpu == mem ? 200 : mem < 2 ? 400 : 900;

			reps3(c, 1, 1, 1);
			hist_of(c, lo, 2 * lo, 50);
		}
	np = paths_of_run(&r, &paths);
	assert_int_equal(report_cdfs(&s, &r, paths, (size_t)np), 0);
	it = find(&s, "cdf-kmalloc-s-64");
	assert_non_null(it);
	assert_int_equal(it->plot.kind, PLOT_CDF);
	assert_true(it->plot.x_ns);
	assert_int_equal(it->plot.nseries, 3);
	assert_string_equal(it->plot.series[0].name, "local: 0-0, 1-1 (n=100)");
	assert_string_equal(it->plot.series[1].name, "distance 20: 0-1, 1-0 (n=100)");
	assert_string_equal(it->plot.series[2].name, "distance 30: 0-2, 1-2 (n=100)");
	/* x in ns (0.5 ns per cycle), ascending */
	assert_true(it->plot.x[0] >= 99 && it->plot.x[0] <= 101);
	for (size_t i = 1; i < it->plot.npoints; i++)
		assert_true(it->plot.x[i] > it->plot.x[i - 1]);
	for (size_t k = 0; k < 3; k++) {
		const double *y = it->plot.series[k].y;

		for (size_t i = 1; i < it->plot.npoints; i++)
			assert_true(y[i] >= y[i - 1] && y[i] >= 0);
		assert_true(fabs(y[it->plot.npoints - 1] - 1) < 1e-12);
	}
	/* local left of remote: all local samples are below the first
	 * remote one, and remote ones left of the distance-30 ones */
	for (size_t i = 0; i < it->plot.npoints; i++) {
		if (it->plot.series[1].y[i] > 0)
			assert_true(it->plot.series[0].y[i] == 1);
		if (it->plot.series[2].y[i] > 0)
			assert_true(it->plot.series[1].y[i] == 1);
	}
	free(paths);
	section_free(&s);
	/* no histograms (no hist.jsonl): nothing, not even a heading */
	for (size_t i = 0; i < r.ncells; i++) {
		free(r.cells[i].hist);
		r.cells[i].hist = NULL;
	}
	np = paths_of_run(&r, &paths);
	assert_int_equal(report_cdfs(&s, &r, paths, (size_t)np), 0);
	assert_int_equal(s.nitems, 0);
	free(paths);
	section_free(&s);
	free_run(&r);
}

/* The script gnuplot would run: written by plot_render_all with a stub. */
static char *script_of(const struct plot *const *p, size_t n, char *dir)
{
	char err[256], path[512];
	FILE *f;
	char *buf = calloc(1, 1 << 16);

	assert_non_null(buf);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(plot_render_all("/bin/true", p, n, dir, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/plots.gp", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_true(fread(buf, 1, (1 << 16) - 1, f) > 0);
	fclose(f);
	return buf;
}

static void lines_plot(struct plot *p, const char *id, double a, double b)
{
	assert_int_equal(plot_init(p, 2, 1), 0);
	snprintf(p->id, sizeof(p->id), "%s", id);
	snprintf(p->ylabel, sizeof(p->ylabel), "p50");
	p->y_ns = 1;
	p->x[0] = 1;
	p->x[1] = 2;
	p->series[0].y[0] = p->series[0].lo[0] = p->series[0].hi[0] = a;
	p->series[0].y[1] = p->series[0].lo[1] = p->series[0].hi[1] = b;
}

static void test_script(void **state)
{
	struct plot lin, lg, p99;
	const struct plot *all[3] = { &lin, &lg, &p99 };
	char dir[] = "/tmp/test_report_figures.XXXXXX", path[512], line[256];
	char *gp, *at;
	FILE *f;

	(void)state;
	lines_plot(&lin, "lin", 7000, 52000);	/* under a decade: linear, us */
	lines_plot(&lg, "log", 100, 5000);	/* over a decade: log, ns */
	lines_plot(&p99, "both", 100, 500);	/* y2 makes it span a decade */
	p99.series[0].y2[1] = 5000;
	snprintf(p99.y2label, sizeof(p99.y2label), "p99");
	gp = script_of(all, 3, dir);
	/* every PDF at a column's width with 8 pt fonts */
	assert_null(strstr(gp, "pdfcairo size 6"));
	assert_non_null(strstr(gp, "pdfcairo size 3.50in,2.60in noenhanced font 'Sans,8'"));
	assert_non_null(strstr(gp, "pdfcairo size 3.50in,3.80in"));	/* two panels */
	at = strstr(gp, "lin.svg");
	assert_non_null(at);
	assert_non_null(strstr(at, "unset logscale y"));
	assert_non_null(strstr(at, "set ylabel 'p50 (us)'"));
	assert_true(strstr(at, "unset logscale y") < strstr(at, "log.svg"));
	at = strstr(gp, "log.svg");
	assert_true(strstr(at, "set logscale y") < strstr(at, "both.svg"));
	assert_non_null(strstr(at, "set ylabel 'p50 (ns)'"));
	/* both panels of one figure under one rule: log for p50 and p99 */
	at = strstr(gp, "both.svg");
	assert_non_null(strstr(at, "set logscale y"));
	assert_null(strstr(at, "unset logscale y"));
	assert_non_null(strstr(at, "set ylabel 'p99 (ns)'"));
	/* the data in the unit of the axis */
	snprintf(path, sizeof(path), "%s/lin.dat", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_non_null(strstr(line, "y in us"));
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "1\t7\t7\t7\t?\n");
	fclose(f);
	free(gp);
	plot_free(&lin);
	plot_free(&lg);
	plot_free(&p99);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_heatmaps),
		cmocka_unit_test(test_batches),
		cmocka_unit_test(test_cdfs),
		cmocka_unit_test(test_script),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
