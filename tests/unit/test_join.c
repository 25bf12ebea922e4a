// SPDX-License-Identifier: GPL-2.0
/*
 * Joining runs on cell keys (report/join.c) and comparing them
 * (report/compare.c): common, missing and extra cells, no common cell,
 * three runs, the verdicts of time, failures, misplacement and missing
 * cells, and the refusal of incomplete runs and other conditions; runs of
 * two hosts compared, what differs listed, cells on a node one lacks not
 * joined.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "report/compare.h"
#include "report/compare_table.h"
#include "report/compare_write.h"
#include "rundir/csv.h"
#include "report/join.h"
#include "report/runset.h"

/* A cell of a fixture run: test, size, the means of its reps, and ops
 * failed / pages misplaced in each rep. */
struct fcell {
	const char *test;
	unsigned size;
	double mean[3];
	unsigned failed[3], misplaced[3];
};

/* meta.json extras of the next fixture run ("" for none). */
static const char *meta_extra = ", \"complete\": true";
/* The modes of the next fixture run's cells (NULL: all hot). */
static const char *const *cell_modes;
/* The suite of the next fixture run's cells. */
static const char *cell_suite = "kernel";
/* The next fixture run's profile name ("" none); with node2, each cell
 * is written a second time on memory node 2 (c0/m2). */
static const char *profile_name = "";
static int node2;

static char tmp[] = "/tmp/nb-test-join-XXXXXX";

/* Write a run of cells (3 reps each) into tmp/name; its kernel: name
 * up to a '/'. */
static void write_run(struct run *r, const char *name, const struct fcell *c,
		      size_t n)
{
	char dir[512], path[600], err[512];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%s", tmp, name);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	/* the boots of a set ("set/boot-N") share its kernel */
	fprintf(f, "{\"schema_version\": %d, \"kernel\": \"%.*s\", \"profile\": {%s%s%s\"reps\": 3}%s}\n",
		CSV_SCHEMA_VERSION, (int)strcspn(name, "/"), name,
		profile_name[0] ? "\"name\": \"" : "", profile_name,
		profile_name[0] ? "\", " : "", meta_extra);
	fclose(f);
	snprintf(path, sizeof(path), "%s/results.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(csv_header(), f);
	for (unsigned rep = 0; rep < 3; rep++)
		for (int mem = 1; mem <= (node2 ? 2 : 1); mem++)
			for (size_t i = 0; i < n; i++)
				fprintf(f, "r,h,k,%s,%s,kernel,node,0,%d,0,%u,-1,1,%s,1,%u,64,0,0,0,%u,%u,1,%.1f,1,1,1,1,%.1f,1,1,,,,,,ok,\n",
					cell_suite, c[i].test, mem, c[i].size,
					cell_modes ? cell_modes[i] : "hot", rep,
					c[i].failed[rep], c[i].misplaced[rep],
					c[i].mean[rep], c[i].mean[rep]);
	fclose(f);
	assert_int_equal(run_load(r, dir, err, sizeof(err)), 0);
	assert_int_equal(r->ncells, n * (node2 ? 2 : 1));
}

static const struct fcell base_cells[] = {
	{ "kmalloc", 8, { 100, 101, 99 }, { 0 }, { 0 } },	/* only in base */
	{ "kmalloc", 256, { 200, 202, 198 }, { 0 }, { 0 } },
	{ "kfree", 256, { 50, 51, 49 }, { 0 }, { 0 } },
};
static const struct fcell new_cells[] = {
	{ "kfree", 256, { 50, 52, 49 }, { 0 }, { 0 } },	/* same */
	{ "kmalloc", 256, { 300, 303, 297 }, { 0 }, { 0 } },	/* +50%: a regression */
	{ "vmalloc", 4096, { 900, 910, 890 }, { 0 }, { 0 } },	/* only in new */
};
static const struct fcell other_cells[] = {
	{ "buddy_alloc", 4096, { 1, 2, 3 }, { 0 }, { 0 } },
};

static void test_join_two(void **state)
{
	struct run a, b;
	const struct run *runs[2] = { &a, &b };
	const char *keys[4];
	struct join j;
	char err[256];

	(void)state;
	write_run(&a, "base", base_cells, 3);
	write_run(&b, "new", new_cells, 3);
	assert_int_equal(join_runs(&j, runs, 2, err, sizeof(err)), 0);
	assert_int_equal(j.nrows, 4);
	assert_int_equal(j.ncommon, 2);
	assert_int_equal(j.missing[1], 1);
	assert_int_equal(j.extra[1], 1);
	/* Base order first, then what the new run adds. */
	assert_string_equal(j.rows[0].key, "kernel/kmalloc/kernel/node/c0/m1/s8/o-1/b1/hot/t1");
	assert_false(j.rows[0].common);
	assert_null(j.rows[0].cell[1]);
	assert_true(j.rows[1].common);
	assert_ptr_equal(j.rows[1].cell[1], &b.cells[1]);	/* kmalloc 256 */
	assert_ptr_equal(j.rows[2].cell[1], &b.cells[0]);	/* kfree 256 */
	assert_string_equal(j.rows[3].key, "kernel/vmalloc/kernel/node/c0/m1/s4096/o-1/b1/hot/t1");
	assert_int_equal(join_list(&j, 1, 0, keys, 4), 1);
	assert_string_equal(keys[0], j.rows[0].key);
	assert_int_equal(join_list(&j, 1, 1, keys, 4), 1);
	assert_string_equal(keys[0], j.rows[3].key);
	join_free(&j);
	run_free(&a);
	run_free(&b);
}

static void test_no_common(void **state)
{
	struct run a, c;
	const struct run *runs[2] = { &a, &c };
	struct join j;
	char err[256] = "";

	(void)state;
	write_run(&a, "base2", base_cells, 3);
	write_run(&c, "other", other_cells, 1);
	assert_int_equal(join_runs(&j, runs, 2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no cell is common"));
	assert_int_equal(j.nrows, 0);
	run_free(&a);
	run_free(&c);
}

/* Single runs: their repetitions as units, as --reps-as-units says. */
static const struct compare_conf conf = {
	.threshold_pct = 5.0, .alpha = 0.05, .metric = METRIC_MEAN,
	.reps_as_units = 1,
};
/* Sets of boots. */
static const struct compare_conf set_conf = {
	.threshold_pct = 5.0, .alpha = 0.05, .metric = METRIC_MEAN,
};

static void test_compare_three(void **state)
{
	struct run a, b, a2;
	const struct run *runs[3] = { &a, &b, &a2 };
	struct compare c;
	char err[256];
	int refused;

	(void)state;
	write_run(&a, "base3", base_cells, 3);
	write_run(&b, "new3", new_cells, 3);
	write_run(&a2, "same3", base_cells, 3);
	assert_int_equal(compare_build(&c, runs, 3, &conf, err, sizeof(err),
				       &refused), 0);
	/* Every base cell: kmalloc 8 (missing from new3), 256, kfree 256. */
	assert_int_equal(c.ncells, 3);
	assert_int_equal(c.cells[0].r[1].verdict, CMP_REGRESSION);
	assert_int_equal(c.cells[0].r[1].kind, KIND_MISSING);
	assert_int_equal(c.cells[1].r[1].verdict, CMP_REGRESSION);
	assert_int_equal(c.cells[1].r[1].kind, KIND_TIME);
	assert_true(c.cells[1].r[1].t.ratio > 1.499 &&
		    c.cells[1].r[1].t.ratio < 1.501);
	assert_true(c.cells[1].r[1].t.lo > 1.4 && c.cells[1].r[1].t.q < 0.05);
	assert_int_equal(c.cells[2].r[1].verdict, CMP_SAME);
	assert_int_equal(c.cells[1].r[2].verdict, CMP_SAME);
	assert_int_equal(c.sum[1].regressions, 2);
	assert_int_equal(c.sum[1].by_kind[KIND_TIME], 1);
	assert_int_equal(c.sum[1].by_kind[KIND_MISSING], 1);
	assert_int_equal(c.sum[1].tested, 2);
	assert_int_equal(c.sum[1].extra, 1);
	assert_int_equal(c.sum[2].regressions, 0);
	assert_string_equal(c.sum[1].worst_key, "kernel/kmalloc/kernel/node/c0/m1/s256/o-1/b1/hot/t1");
	assert_int_equal(compare_has_regression(&c), 1);
	compare_free(&c);
	/* Without the slow run there is nothing to flag. */
	runs[1] = &a2;
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.ncells, 3);
	assert_int_equal(compare_has_regression(&c), 0);
	compare_free(&c);
	run_free(&a);
	run_free(&b);
	run_free(&a2);
}

/* Failed ops and misplaced pages are regressions without any slowdown. */
static void test_behaviour(void **state)
{
	static const struct fcell clean[] = {
		{ "buddy_alloc", 4096, { 500, 505, 495 }, { 0 }, { 0 } },
		{ "kmalloc", 64, { 50, 51, 49 }, { 0 }, { 0 } },
		{ "vmalloc", 4096, { 900, 910, 890 }, { 0 }, { 0 } },
	};
	static const struct fcell broken[] = {
		{ "buddy_alloc", 4096, { 500, 505, 495 }, { 2, 1, 0 }, { 0 } },
		{ "kmalloc", 64, { 50, 51, 49 }, { 0 }, { 64, 64, 64 } },
		/* one flaky failure in three units: not most of them */
		{ "vmalloc", 4096, { 900, 910, 890 }, { 1, 0, 0 }, { 0 } },
	};
	struct run a, b;
	const struct run *runs[2] = { &a, &b };
	struct compare c;
	char err[256];
	int refused;

	(void)state;
	write_run(&a, "clean", clean, 3);
	write_run(&b, "broken", broken, 3);
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.cells[0].r[1].kind, KIND_FAILURES);
	assert_non_null(strstr(c.cells[0].r[1].reason, "2 of 3 new units"));
	assert_int_equal(c.cells[1].r[1].kind, KIND_MISPLACED);
	assert_int_equal(c.cells[2].r[1].verdict, CMP_SAME);
	assert_int_equal(c.sum[1].regressions, 2);
	assert_int_equal(compare_has_regression(&c), 1);
	compare_free(&c);
	/* The other way round the base already failed: nothing new. */
	runs[0] = &b;
	runs[1] = &b;
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(compare_has_regression(&c), 0);
	compare_free(&c);
	run_free(&a);
	run_free(&b);
}

/* Incomplete runs and other conditions are refused unless allowed. */
static void test_refusals(void **state)
{
	struct run a, inc, thp;
	const struct run *runs[2] = { &a, &inc };
	struct compare_conf allow = conf;
	struct compare c;
	char err[512];
	int refused;

	(void)state;
	write_run(&a, "cond-base", base_cells, 3);
	meta_extra = ", \"complete\": false";
	write_run(&inc, "cond-incomplete", base_cells, 3);
	meta_extra = ", \"complete\": true, \"thp\": \"never\"";
	write_run(&thp, "cond-thp", base_cells, 3);
	meta_extra = ", \"complete\": true";
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), -1);
	assert_true(refused);
	assert_non_null(strstr(err, "incomplete"));
	assert_non_null(strstr(err, "--allow-incomplete"));
	allow.allow_incomplete = 1;
	assert_int_equal(compare_build(&c, runs, 2, &allow, err, sizeof(err),
				       &refused), 0);
	assert_non_null(strstr(c.accepted, "incomplete"));
	compare_free(&c);
	runs[1] = &thp;
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), -1);
	assert_true(refused);
	assert_non_null(strstr(err, "THP ('' vs 'never')"));
	assert_non_null(strstr(err, "--allow-mismatch"));
	allow.allow_mismatch = 1;
	assert_int_equal(compare_build(&c, runs, 2, &allow, err, sizeof(err),
				       &refused), 0);
	assert_non_null(strstr(c.accepted, "THP"));
	compare_free(&c);
	run_free(&a);
	run_free(&inc);
	run_free(&thp);
}

/*
 * Two hosts: other host, CPU model, topology and kernel are what the
 * comparison is about: listed (host, kernel and run named), never
 * refused; the base's cells on node 2, which the new host does not have,
 * are n/a "not joinable", not missing. Another profile is still refused.
 */
static void test_hosts(void **state)
{
	static const char host_a[] = ", \"complete\": true, \"run_id\": \"ra\", \"host\": \"alpha\", \"cpu_model\": \"Xeon\", \"nodes\": [{\"id\": 0, \"cpus\": [0], \"distance\": [10, 20, 30]}, {\"id\": 1, \"cpus\": [1], \"distance\": [20, 10, 30]}, {\"id\": 2, \"cpus\": [], \"distance\": [30, 30, 10]}]";
	static const char host_b[] = ", \"complete\": true, \"run_id\": \"rb\", \"host\": \"beta\", \"cpu_model\": \"EPYC\", \"nodes\": [{\"id\": 0, \"cpus\": [0], \"distance\": [10, 32]}, {\"id\": 1, \"cpus\": [1], \"distance\": [32, 10]}]";
	struct run a, b, p;
	const struct run *runs[2] = { &a, &b };
	struct compare c;
	char err[512], text[8192];
	size_t na = 0;
	int refused;
	FILE *f;

	(void)state;
	meta_extra = host_a;
	node2 = 1;
	write_run(&a, "6.12-alpha", base_cells, 3);
	node2 = 0;
	meta_extra = host_b;
	write_run(&b, "6.1-beta", base_cells, 3);
	profile_name = "default";
	write_run(&p, "6.1-beta-default", base_cells, 3);
	profile_name = "";
	meta_extra = ", \"complete\": true";
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.hosts, 2);
	/* labels of tables and summaries say the host too */
	assert_string_equal(compare_label(&c, 0), "alpha (6.12-alpha)");
	assert_string_equal(compare_label(&c, 1), "beta (6.1-beta)");
	assert_string_equal(c.accepted, "");
	assert_non_null(strstr(c.machines[1], "host ('alpha' vs 'beta')"));
	assert_non_null(strstr(c.machines[1], "CPU model ('Xeon' vs 'EPYC')"));
	assert_non_null(strstr(c.machines[1], "topology ('3 nodes"));
	assert_non_null(strstr(c.machines[1], "kernel ('6.12-alpha' vs '6.1-beta')"));
	/* node 2 exists on alpha only: its 3 cells not joined, not missing */
	assert_int_equal(c.sum[1].unjoined, 3);
	assert_int_equal(c.sum[1].unjoined_node, 2);
	assert_int_equal(c.sum[1].by_kind[KIND_MISSING], 0);
	for (size_t i = 0; i < c.ncells; i++) {
		if (c.cells[i].row->k->mem_node != 2)
			continue;
		na++;
		assert_int_equal(c.cells[i].r[1].verdict, CMP_NA);
		assert_string_equal(c.cells[i].r[1].reason,
				    "not joinable: node 2 does not exist on beta");
	}
	assert_int_equal(na, 3);
	/* c0/m1 is joined, its SLIT distance 20 on alpha, 32 on beta: said */
	assert_int_equal(c.sum[1].redistanced, 3);
	assert_int_equal(c.sum[1].redistanced_d[0], 20);
	assert_int_equal(c.sum[1].redistanced_d[1], 32);
	/* the head names both runs by host, kernel and run id */
	f = fmemopen(text, sizeof(text), "w");
	assert_non_null(f);
	compare_write_text(f, &c);
	fclose(f);
	text[sizeof(text) - 1] = '\0';
	assert_non_null(strstr(text, "hosts: compares 2 hosts: base host alpha, kernel 6.12-alpha, run ra\n"));
	assert_non_null(strstr(text, "hosts: new host beta, kernel 6.1-beta, run rb; differs from base in: host ('alpha' vs 'beta'), CPU model"));
	assert_non_null(strstr(text, "3 base cells not joined (n/a): node 2 does not exist on beta"));
	assert_non_null(strstr(text, "3 joined cells: its node pair at another SLIT distance on each host (e.g. kernel/kmalloc/kernel/node/c0/m1/s8/o-1/b1/hot/t1: 20 vs 32)"));
	compare_free(&c);
	/* another profile is another experiment: refused */
	runs[1] = &p;
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), -1);
	assert_true(refused);
	assert_non_null(strstr(err, "profile ('' vs 'default')"));
	assert_non_null(strstr(err, "--allow-mismatch"));
	assert_null(strstr(err, "host"));
	run_free(&a);
	run_free(&b);
	run_free(&p);
}

/*
 * Shifts common to every cell: a repetition of the base run slower in
 * every cell (host load) is taken out, not charged to any cell; the new run
 * slower in every cell alike is one "global" regression, not 30 cell ones.
 */
static void test_common_level(void **state)
{
	enum { N = 30 };
	struct fcell a[N], b[N], g[N];
	static char names[N][16];
	struct run ra, rb, rg;
	const struct run *runs[2] = { &ra, &rb };
	struct compare c;
	char err[256];
	int refused;

	(void)state;
	for (int i = 0; i < N; i++) {
		double base = 100.0 + 37.0 * i;

		snprintf(names[i], sizeof(names[i]), "case%02d", i);
		a[i] = (struct fcell){ names[i], 64, { base, base * 1.01, base * 1.5 },
				      { 0 }, { 0 } };
		/* rep 2 of the base was 1.5x slower in every cell */
		a[i].mean[2] *= 1.0 + 0.002 * (i % 5);
		b[i] = (struct fcell){ names[i], 64, { base * 1.003, base * 0.998, base * 1.005 },
				      { 0 }, { 0 } };
		g[i] = (struct fcell){ names[i], 64, { base * 1.3, base * 1.31, base * 1.29 },
				      { 0 }, { 0 } };
	}
	write_run(&ra, "common-a", a, N);
	write_run(&rb, "common-b", b, N);
	write_run(&rg, "common-g", g, N);
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.common[1].cells, N);
	/* each cell's own ratio is 1.5^(-1/3) ~ 0.87, but nothing is flagged */
	assert_int_equal(c.sum[1].regressions + c.sum[1].improvements, 0);
	compare_free(&c);
	runs[0] = &rb;
	runs[1] = &rg;
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.common[1].verdict, CMP_REGRESSION);
	assert_true(c.common[1].t.ratio > 1.28 && c.common[1].t.ratio < 1.32);
	assert_int_equal(c.sum[1].by_kind[KIND_GLOBAL], 1);
	assert_int_equal(c.sum[1].by_kind[KIND_TIME], 0);
	assert_int_equal(compare_has_regression(&c), 1);
	compare_free(&c);
	run_free(&ra);
	run_free(&rb);
	run_free(&rg);
}

/*
 * A user op of 6 ns timed in batches on a 10 ns timer: its floor is the
 * op's share of the batch's step (at least the 1 ns rounding), not the
 * raw step, so identical units still show a doubling (30 cells, one 2x).
 */
static void test_user_floor(void **state)
{
	enum { N = 30 };
	struct fcell a[N], b[N];
	static char names[N][16];
	struct run ra, rb;
	const struct run *runs[2] = { &ra, &rb };
	struct compare c;
	char err[256];
	int refused;

	(void)state;
	for (int i = 0; i < N; i++) {
		double x = 6.0 + i;

		snprintf(names[i], sizeof(names[i]), "op%02d", i);
		a[i] = (struct fcell){ names[i], 64, { x, x, x }, { 0 }, { 0 } };
		b[i] = a[i];
	}
	for (int r = 0; r < 3; r++)
		b[0].mean[r] = 12.0;
	cell_suite = "user";
	meta_extra = ", \"complete\": true, \"user_timer\": {\"source\": \"tsc\", \"overhead_ns\": 20, \"resolution_ns\": 10}";
	write_run(&ra, "user-a", a, N);
	write_run(&rb, "user-b", b, N);
	cell_suite = "kernel";
	meta_extra = ", \"complete\": true";
	assert_true(ra.meta.user_resolution_ns == 10.0);
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.cells[0].r[1].verdict, CMP_REGRESSION);
	assert_int_equal(c.sum[1].regressions, 1);
	/* a 1 ns step on 6 ns: the interval is not the raw timer's +-80 % */
	assert_true(c.cells[0].r[1].t.hi / c.cells[0].r[1].t.lo < 1.5);
	compare_free(&c);
	run_free(&ra);
	run_free(&rb);
}

/* A fixed pseudo-normal draw (Box-Muller on a 64-bit LCG). */
static double draw(unsigned long long *state)
{
	double u[2];

	for (int k = 0; k < 2; k++) {
		*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
		u[k] = ((double)(*state >> 11) + 0.5) / 9007199254740992.0;
	}
	return sqrt(-2.0 * log(u[0])) * cos(2.0 * M_PI * u[1]);
}

/*
 * Sets of boots: the reps inside each boot give every cell its own prior
 * scale. 30 cells whose reps scatter by 0.2 % to 15 % (log sd); the new
 * set slows cell 0, a quiet one, by 8 %: flagged, and no other cell is.
 */
static void test_boot_sets(void **state)
{
	enum { N = 30, BOOTS = 3 };
	struct fcell cells[N];
	static char names[N][16];
	struct run boot, sa, sb;
	const struct run *runs[2] = { &sa, &sb };
	struct compare c;
	char err[256], dir[600];
	unsigned long long rng = 1;
	int refused;

	(void)state;
	for (int side = 0; side < 2; side++) {
		snprintf(dir, sizeof(dir), "%s/set%d", tmp, side);
		assert_int_equal(mkdir(dir, 0755), 0);
		for (int b = 0; b < BOOTS; b++) {
			for (int i = 0; i < N; i++) {
				double x = 100.0 + 37.0 * i, sd = 0.002 + 0.005 * i;

				if (side && i == 0)
					x *= 1.08;
				snprintf(names[i], sizeof(names[i]), "case%02d", i);
				cells[i] = (struct fcell){ names[i], 64, { 0 }, { 0 }, { 0 } };
				for (int r = 0; r < 3; r++)
					cells[i].mean[r] = x * exp(sd * draw(&rng));
			}
			snprintf(dir, sizeof(dir), "set%d/boot-%d", side, b + 1);
			write_run(&boot, dir, cells, N);
			run_free(&boot);
		}
	}
	snprintf(dir, sizeof(dir), "%s/set0", tmp);
	assert_int_equal(runset_load(&sa, dir, err, sizeof(err)), 0);
	snprintf(dir, sizeof(dir), "%s/set1", tmp);
	assert_int_equal(runset_load(&sb, dir, err, sizeof(err)), 0);
	assert_int_equal(sa.meta.boots, BOOTS);
	assert_true(sa.cells[0].within_df[0] == BOOTS * 2.0);
	assert_int_equal(sa.cells[0].within_reps[0], BOOTS * 3);
	assert_int_equal(compare_build(&c, runs, 2, &set_conf, err, sizeof(err),
				       &refused), 0);
	/* boots vary as their reps do: lambda near 1 */
	assert_true(c.common[1].within.lambda > 0.5 &&
		    c.common[1].within.lambda < 2.0);
	assert_int_equal(c.cells[0].r[1].verdict, CMP_REGRESSION);
	assert_int_equal(c.sum[1].regressions, 1);
	/* what each cell could have flagged: the quiet ones 8 %, the loud not */
	assert_true(c.cells[0].r[1].detectable < 1.08);
	assert_true(c.cells[N - 2].r[1].detectable > 1.2);
	assert_true(c.sum[1].detects_20 > 0 && c.sum[1].detects_20 < N);
	compare_free(&c);
	run_free(&sa);
	run_free(&sb);
}

/*
 * A test in two modes is two cells: joined, compared and written apart,
 * the mode in the label (when not hot), in compare.csv and compare.json.
 */
static void test_modes(void **state)
{
	static const struct fcell base[] = {
		{ "kmalloc", 256, { 200, 202, 198 }, { 0 }, { 0 } },
		{ "kmalloc", 256, { 400, 404, 396 }, { 0 }, { 0 } },
	};
	static const struct fcell slow_cold[] = {
		{ "kmalloc", 256, { 200, 201, 199 }, { 0 }, { 0 } },
		{ "kmalloc", 256, { 600, 606, 594 }, { 0 }, { 0 } },
	};
	static const char *const modes[] = { "hot", "cold" };
	struct run a, b;
	const struct run *runs[2] = { &a, &b };
	struct compare c;
	char err[256], label[128], *text;
	size_t len;
	int refused;
	FILE *f;

	(void)state;
	cell_modes = modes;
	write_run(&a, "modes-a", base, 2);
	write_run(&b, "modes-b", slow_cold, 2);
	cell_modes = NULL;
	assert_int_equal(compare_build(&c, runs, 2, &conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.j.nrows, 2);
	assert_int_equal(c.j.ncommon, 2);
	assert_string_equal(c.cells[1].row->key, "kernel/kmalloc/kernel/node/c0/m1/s256/o-1/b1/cold/t1");
	assert_int_equal(c.cells[0].r[1].verdict, CMP_SAME);
	assert_int_equal(c.cells[1].r[1].verdict, CMP_REGRESSION);
	assert_int_equal(c.cells[1].r[1].kind, KIND_TIME);
	compare_cell_label(label, sizeof(label), c.cells[0].row->k);
	assert_string_equal(label, "kmalloc 256 B, CPU node 0 \u2192 mem node 1");
	compare_cell_label(label, sizeof(label), c.cells[1].row->k);
	assert_string_equal(label, "kmalloc 256 B, CPU node 0 \u2192 mem node 1 (cold)");

	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(compare_write_csv(f, &c), 0);
	fclose(f);
	assert_non_null(strstr(text, ",order,batch,mode,threads,metric,"));
	assert_non_null(strstr(text, ",256,,1,cold,1,mean,"));
	assert_non_null(strstr(text, ",256,,1,hot,1,mean,"));
	free(text);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(compare_write_json(f, &c), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"mode\": \"cold\""));
	free(text);
	compare_free(&c);
	run_free(&a);
	run_free(&b);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * Sets of boots as a kernel changes them (issue 18): 24 quiet cells, three
 * boots a side. NEW: cell 0 has one rep x10 in every boot (its robust
 * value stays, the slow reps are an outliers regression), cell 1 is absent
 * from boot-2 (missing, named), cell 2 fails 1000 ops a rep where the base
 * failed 1 (failures grew, not only from zero). Then every cell x1.20: a
 * global regression, and no cell an improvement.
 */
#define SV_CELLS 24
static void write_set(const char *name, double factor, int edits)
{
	static char names[SV_CELLS][16];
	struct fcell cells[SV_CELLS];
	struct run boot;
	char dir[600];
	unsigned long long rng = 7;

	snprintf(dir, sizeof(dir), "%s/%s", tmp, name);
	assert_int_equal(mkdir(dir, 0755), 0);
	for (int b = 0; b < 3; b++) {
		size_t n = 0;

		for (int i = 0; i < SV_CELLS; i++) {
			snprintf(names[i], sizeof(names[i]), "case%02d", i);
			if (edits && i == 1 && b == 1)
				continue;	/* absent from boot-2 */
			cells[n] = (struct fcell){ names[i], 64, { 0 }, { 0 }, { 0 } };
			for (int r = 0; r < 3; r++)
				cells[n].mean[r] = (100.0 + 10.0 * i) * factor *
						   exp(0.01 * draw(&rng));
			if (edits && i == 0)
				cells[n].mean[1] *= 10.0;
			if (i == 2 && (edits || b == 0))
				cells[n].failed[0] = edits ? 1000 : 1;
			if (i == 2 && edits)
				cells[n].failed[1] = cells[n].failed[2] = 1000;
			n++;
		}
		snprintf(dir, sizeof(dir), "%s/boot-%d", name, b + 1);
		write_run(&boot, dir, cells, n);
		run_free(&boot);
	}
}

static void test_set_verdicts(void **state)
{
	struct run sa, sb, sc;
	const struct run *runs[2] = { &sa, &sb };
	struct compare c;
	char err[256], dir[600];
	int refused;

	(void)state;
	write_set("sv0", 1.0, 0);
	write_set("sv1", 1.0, 1);
	write_set("sv2", 1.2, 0);
	snprintf(dir, sizeof(dir), "%s/sv0", tmp);
	assert_int_equal(runset_load(&sa, dir, err, sizeof(err)), 0);
	snprintf(dir, sizeof(dir), "%s/sv1", tmp);
	assert_int_equal(runset_load(&sb, dir, err, sizeof(err)), 0);
	snprintf(dir, sizeof(dir), "%s/sv2", tmp);
	assert_int_equal(runset_load(&sc, dir, err, sizeof(err)), 0);
	/* the slow rep is set aside: the boot's value stays near 100 ns */
	assert_int_equal(sb.cells[0].unit[0].slow[0], 1);
	assert_true(sb.cells[0].mean_ns[0] < 105.0);
	assert_true(sb.cells[0].unit[0].all_ns[0] > 200.0);
	assert_int_equal(sb.cells[1].nabsent, 1);
	assert_non_null(strstr(sb.cells[1].gap, "boot-2: absent"));

	assert_int_equal(compare_build(&c, runs, 2, &set_conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.cells[0].r[1].kind, KIND_OUTLIERS);
	assert_int_equal(c.cells[1].r[1].kind, KIND_MISSING);
	assert_non_null(strstr(c.cells[1].r[1].reason, "boot-2: absent"));
	assert_int_equal(c.cells[2].r[1].kind, KIND_FAILURES);
	assert_int_equal(c.common[1].verdict, CMP_SAME);
	assert_int_equal(c.sum[1].regressions, 3);
	compare_free(&c);

	runs[1] = &sc;
	assert_int_equal(compare_build(&c, runs, 2, &set_conf, err, sizeof(err),
				       &refused), 0);
	assert_int_equal(c.common[1].verdict, CMP_REGRESSION);
	assert_int_equal(c.sum[1].by_kind[KIND_GLOBAL], 1);
	assert_int_equal(c.sum[1].improvements, 0);
	assert_int_equal(compare_has_regression(&c), 1);
	compare_free(&c);
	run_free(&sa);
	run_free(&sb);
	run_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_two),
		cmocka_unit_test(test_no_common),
		cmocka_unit_test(test_compare_three),
		cmocka_unit_test(test_behaviour),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_common_level),
		cmocka_unit_test(test_boot_sets),
		cmocka_unit_test(test_user_floor),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_set_verdicts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
