// SPDX-License-Identifier: GPL-2.0
/*
 * Loading runs back (ubench/rundir/runload.c) from the fixture runs in
 * data/runs/ (schema 2: kernel cells of mode hot): a good one (cells,
 * repetitions, merged histograms, meta), and bad ones, each refused with a
 * message that says what is wrong; schema 3 runs written by the
 * writers, where a mode makes a cell of its own; schema 6 runs as they
 * were written (no off_path) and schema 7's off_path.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "kbench.h"
#include "rundir/csv.h"
#include "rundir/meta.h"
#include "rundir/metrics.h"
#include "rundir/rundir.h"
#include "rundir/runload.h"
#include "util/fileutil.h"

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

	c = run_find(&r, "kernel/kmalloc/kernel/node/c0/m1/s256/o-1/b1/hot/t1");
	assert_non_null(c);
	assert_ptr_equal(c, &r.cells[0]);
	assert_string_equal(c->k.mode, "hot");	/* schema 2: no mode column */
	assert_true(c->disturbed == -1 && c->failed_samples == -1);
	assert_int_equal(c->off_path, -1);	/* before schema 7 */
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

	c = run_find(&r, "kernel/buddy_alloc/kernel/node/c0/m0/s4096/o0/b16/hot/t1");
	assert_non_null(c);
	assert_int_equal(c->k.batch, 16);
	assert_int_equal(c->hist->n, 6);

	c = run_find(&r, "kernel/vmalloc/kernel/node/c1/m2/s4096/o-1/b1/hot/t1");
	assert_non_null(c);
	assert_int_equal(c->nreps, 0);
	assert_int_equal(c->nskipped, 3);
	assert_string_equal(c->note, "node 2, has no memory");

	assert_null(run_find(&r, "kernel/kmalloc/kernel/node/c0/m1/s8/o-1/b1/hot/t1"));
	assert_null(run_find(&r, "kernel/kmalloc/kernel/node/c0/m1/s256/o-1/b1/t1"));
	run_free(&r);
}

/* Every bad run is refused, and the message names what is wrong. */
static void test_bad_runs(void **state)
{
	static const struct { const char *dir, *msg; } cases[] = {
		{ "schema10", "schema_version 10; this build reads schemas 2 to 9" },
		{ "noschema", "no schema_version" },
		{ "nometa", "meta.json: missing" },
		{ "badmeta", "meta.json: not valid JSON" },
		{ "nocsv", "results.csv: missing" },
		{ "empty", "results.csv: empty file" },
		{ "headeronly", "no rows" },
		{ "truncated", "truncated" },
		{ "badheader", "header is not results.csv schema 2 " },
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
		.batch = 1, .mode = "hot", .threads = 1, .samples = 500,
		.disturbed = 2, .failed_samples = 0, .min_ns = 1,
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

/* Write text into dir/name. */
static void put_file(const char *dir, const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_dir(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A hist.jsonl line as schema 2 wrote it: no mode. */
static const char hist_v2_line[] =
	"{\"run_id\":\"r\",\"suite\":\"kernel\",\"test\":\"kmalloc\","
	"\"allocator\":\"kernel\",\"policy\":\"node\",\"cpu_node\":0,"
	"\"mem_node\":1,\"size_bytes\":64,\"order\":-1,\"batch\":1,"
	"\"threads\":1,\"rep\":2,\"unit\":\"ns\",\"tsc_khz\":0,\"hist\":"
	"{\"bits\":6,\"n\":1,\"min\":5,\"max\":5,\"sum\":5.0,"
	"\"buckets\":[[5,1]]}}\n";

/*
 * The schema the writers write (3 added modes): the same kernel cell in modes hot and
 * cold is two cells, each with its own repetitions, counts and histogram;
 * a user cell has mode "" and no mode part in its key; a hist.jsonl line
 * without mode (schema 2) belongs to the kernel cell of mode hot.
 */
/* A run directory in dir (a mkdtemp template) with meta.json of this
 * schema (its text in meta) and results.csv's header (its path in path):
 * the open results.csv. */
static int new_run(char *dir, char *meta, size_t mlen, char *path,
		   size_t plen)
{
	int fd;

	assert_non_null(mkdtemp(dir));
	snprintf(meta, mlen, "{\"schema_version\": %d}\n", CSV_SCHEMA_VERSION);
	put_file(dir, "meta.json", meta);
	snprintf(path, plen, "%s/results.csv", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(csv_write_header(fd), 0);
	return fd;
}

/* results.csv at path emptied down to its header: the open file. */
static int restart_csv(const char *path)
{
	int fd = open(path, O_WRONLY | O_TRUNC);

	assert_true(fd >= 0);
	assert_int_equal(csv_write_header(fd), 0);
	return fd;
}

static void test_modes(void **state)
{
	static const char *const modes[] = { "hot", "cold", NULL };
	static struct hist h;
	struct result_row row = {
		.run_id = "r", .host = "h", .kernel = "k", .cpu_node = 0,
		.mem_node = 1, .size_bytes = 64, .order = CSV_NA, .batch = 1,
		.threads = 1, .samples = 100, .min_ns = 1, .p90_ns = 3,
		.p99_ns = 4, .p999_ns = 5, .max_ns = 6, .stddev_ns = 1,
		.overhead_ns = 0, .status = "ok",
	};
	char dir[] = "/tmp/nb-test-modes-XXXXXX", path[64], err[512], meta[64];
	const struct run_cell *hot, *cold, *user;
	struct run r;
	char *text;
	size_t len;
	FILE *f;
	int fd;

	(void)state;
	fd = new_run(dir, meta, sizeof(meta), path, sizeof(path));
	snprintf(path, sizeof(path), "%s/hist.jsonl", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (unsigned m = 0; m < 3; m++)
		for (unsigned rep = 0; rep < 2; rep++) {
			int kernel = modes[m] != NULL;

			row.suite = kernel ? "kernel" : "user";
			row.test = kernel ? "kmalloc" : "malloc";
			row.allocator = kernel ? "kernel" : "glibc";
			row.policy = kernel ? "node" : "default";
			row.mode = modes[m];
			row.rep = rep;
			row.disturbed = !kernel ? CSV_NA : m ? 3 : 10 + (int)rep;
			row.failed_samples = kernel ? (int)m : CSV_NA;
			row.mean_ns = row.p50_ns = 100.0 * (m + 1) + rep;
			hist_init(&h);
			for (unsigned i = 0; i < 10 * (m + 1); i++)
				hist_add(&h, 1000 * (m + 1));
			assert_int_equal(csv_write_row(fd, &row), 0);
			assert_int_equal(rundir_write_hist(f, "r", &row, "ns", 0,
							   &h), 0);
		}
	fputs(hist_v2_line, f);
	close(fd);
	fclose(f);

	text = file_read_all(path, 1 << 20, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"batch\":1,\"mode\":\"cold\",\"threads\":1"));
	assert_non_null(strstr(text, "\"batch\":1,\"mode\":\"\",\"threads\":1"));
	free(text);

	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	assert_int_equal(r.meta.schema_version, CSV_SCHEMA_VERSION);
	assert_int_equal(r.ncells, 3);
	hot = run_find(&r, "kernel/kmalloc/kernel/node/c0/m1/s64/o-1/b1/hot/t1");
	cold = run_find(&r, "kernel/kmalloc/kernel/node/c0/m1/s64/o-1/b1/cold/t1");
	user = run_find(&r, "user/malloc/glibc/default/c0/m1/s64/o-1/b1/t1");
	assert_non_null(hot);
	assert_non_null(cold);
	assert_non_null(user);
	assert_string_equal(hot->k.mode, "hot");
	assert_string_equal(cold->k.mode, "cold");
	assert_string_equal(user->k.mode, "");
	assert_int_equal(hot->nreps, 2);
	assert_int_equal(cold->nreps, 2);
	assert_true(hot->mean_ns[0] == 100.0 && hot->mean_ns[1] == 101.0);
	assert_true(cold->mean_ns[0] == 200.0 && cold->mean_ns[1] == 201.0);
	assert_int_equal(hot->samples, 200);
	assert_int_equal(hot->disturbed, 21);
	assert_int_equal(hot->failed_samples, 0);
	assert_int_equal(cold->disturbed, 6);
	assert_int_equal(cold->failed_samples, 2);
	assert_true(user->disturbed == -1 && user->failed_samples == -1);
	/* each mode's own histograms; the schema 2 line went to hot */
	assert_int_equal(hot->hist->n, 2 * 10 + 1);
	assert_int_equal(hot->hist->min, 5);
	assert_int_equal(cold->hist->n, 2 * 20);
	assert_int_equal(cold->hist->min, 2000);
	assert_int_equal(user->hist->n, 2 * 30);
	assert_null(run_mode_label(&hot->k));
	assert_string_equal(run_mode_label(&cold->k), "cold");
	assert_null(run_mode_label(&user->k));
	run_free(&r);
	remove_dir(dir);
}

/* results.csv schemas 5 and 6's header: no off_path. */
#define V6_HEADER \
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node," \
	"mem_node,size_bytes,order,batch,mode,threads,rep,samples," \
	"disturbed,failed_samples,failures,misplaced,min_ns,p50_ns," \
	"p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,overhead_ns," \
	"timer_bound,ci95_pct,stop,status,note\n"

static const char v6_misplaced[] = V6_HEADER
	"r,h,k,user,malloc,glibc,bind,0,1,64,,1,,1,0,100,,,0,0,"
	"1.0,2.0,3.0,4.0,5.0,6.0,2.0,1.0,0.0,,,,ok,\n"
	"r,h,k,user,malloc,glibc,bind,0,1,64,,1,,1,1,100,,,0,512,"
	"1.0,2.0,3.0,4.0,5.0,6.0,2.0,1.0,0.0,,,,misplaced,512 of 4096\n";

/*
 * Schema 6: a misplaced row (a bound allocator row off its node) keeps its
 * times in the file but is no repetition; schema 5 knows no such status.
 * Two rows of one (cell, rep) are refused, naming them.
 */
static void test_misplaced_and_duplicates(void **state)
{
	struct result_row row = {
		.run_id = "r", .host = "h", .kernel = "k", .suite = "user",
		.test = "malloc", .allocator = "glibc", .policy = "bind",
		.cpu_node = 0, .mem_node = 1, .size_bytes = 64,
		.order = CSV_NA, .batch = 1, .threads = 1, .samples = 100,
		.disturbed = CSV_NA, .failed_samples = CSV_NA, .min_ns = 1,
		.p50_ns = 2, .p90_ns = 3, .p99_ns = 4, .p999_ns = 5,
		.max_ns = 6, .mean_ns = 2, .stddev_ns = 1, .ci95_pct = NAN,
		.status = "ok",
	};
	char dir[] = "/tmp/nb-test-misplaced-XXXXXX", path[64], err[512];
	char meta[64];
	const struct run_cell *c;
	struct run r;
	int fd;

	(void)state;
	fd = new_run(dir, meta, sizeof(meta), path, sizeof(path));
	for (unsigned rep = 0; rep < 3; rep++) {
		row.rep = rep;
		row.status = rep == 1 ? "misplaced" : "ok";
		row.misplaced = rep == 1 ? 512 : 0;
		row.note = rep == 1 ? "misplaced: 512 of 4096 objects" : NULL;
		assert_int_equal(csv_write_row(fd, &row), 0);
	}
	close(fd);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	c = run_find(&r, "user/malloc/glibc/bind/c0/m1/s64/o-1/b1/t1");
	assert_non_null(c);
	assert_int_equal(c->nreps, 2);
	assert_int_equal(c->nmisplaced, 1);
	assert_int_equal(c->nmisplacing, 1);
	assert_non_null(strstr(c->note, "512 of 4096"));
	run_free(&r);

	/* as schemas 5 and 6 wrote it (no off_path): 6 knows misplaced */
	put_file(dir, "results.csv", v6_misplaced);
	put_file(dir, "meta.json", "{\"schema_version\": 6}\n");
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	c = run_find(&r, "user/malloc/glibc/bind/c0/m1/s64/o-1/b1/t1");
	assert_non_null(c);
	assert_true(c->nreps == 1 && c->nmisplaced == 1 && c->off_path == -1);
	run_free(&r);
	put_file(dir, "meta.json", "{\"schema_version\": 5}\n");
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "status 'misplaced' is not ok"));

	put_file(dir, "meta.json", meta);
	fd = restart_csv(path);
	for (unsigned rep = 0; rep < 3; rep++) {
		row.rep = rep;
		assert_int_equal(csv_write_row(fd, &row), 0);
	}
	close(fd);
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	row.rep = 2;
	row.status = "ok";
	assert_int_equal(csv_write_row(fd, &row), 0);
	close(fd);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "a second row of cell user/malloc/glibc/bind/c0/m1/s64/o-1/b1/t1, rep 2"));
	remove_dir(dir);
}

/*
 * Schema 7: off_path read back and summed over a cell's repetitions, the
 * failed repetition's too (all its samples off the path); a user row's
 * empty column is "not recorded".
 */
static void test_off_path(void **state)
{
	struct result_row row = {
		.run_id = "r", .host = "h", .kernel = "k", .suite = "kernel",
		.test = "buddy_alloc", .allocator = "kernel", .policy = "node",
		.cpu_node = 0, .mem_node = 0, .size_bytes = 4096, .order = 0,
		.batch = 1, .mode = "buddy", .threads = 1, .samples = 60,
		.disturbed = 2, .failed_samples = 0, .min_ns = 1, .p50_ns = 2,
		.p90_ns = 3, .p99_ns = NAN, .p999_ns = NAN, .max_ns = 6,
		.mean_ns = 2, .stddev_ns = 1, .ci95_pct = NAN, .status = "ok",
	};
	char dir[] = "/tmp/nb-test-offpath-XXXXXX", path[64], err[512];
	char meta[64];
	const struct run_cell *c;
	struct run r;
	int fd;

	(void)state;
	fd = new_run(dir, meta, sizeof(meta), path, sizeof(path));
	for (unsigned rep = 0; rep < 3; rep++) {
		row.rep = rep;
		row.off_path = rep == 2 ? 64 : 2 + rep;
		row.status = rep == 2 ? "failed" : "ok";
		row.note = rep == 2 ? "no clean sample: all 64 off the case's path" : NULL;
		assert_int_equal(csv_write_row(fd, &row), 0);
	}
	row = (struct result_row){
		.run_id = "r", .host = "h", .kernel = "k", .suite = "user",
		.test = "malloc", .allocator = "glibc", .policy = "bind",
		.cpu_node = 0, .mem_node = 0, .size_bytes = 64, .order = CSV_NA,
		.batch = 1, .threads = 1, .samples = 100, .disturbed = CSV_NA,
		.failed_samples = CSV_NA, .off_path = CSV_NA, .p50_ns = 2,
		.mean_ns = 2, .ci95_pct = NAN, .status = "ok",
	};
	assert_int_equal(csv_write_row(fd, &row), 0);
	close(fd);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	c = run_find(&r, "kernel/buddy_alloc/kernel/node/c0/m0/s4096/o0/b1/buddy/t1");
	assert_non_null(c);
	assert_int_equal(c->off_path, 2 + 3 + 64);
	assert_int_equal(c->nreps, 2);
	assert_int_equal(c->nfailed, 1);
	assert_non_null(strstr(c->note, "off the case's path"));
	c = run_find(&r, "user/malloc/glibc/bind/c0/m0/s64/o-1/b1/t1");
	assert_non_null(c);
	assert_int_equal(c->off_path, -1);
	run_free(&r);
	/* a negative count is no count */
	fd = restart_csv(path);
	row.off_path = -5;
	assert_int_equal(csv_write_row(fd, &row), 0);
	close(fd);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "off_path '-5' is not an integer in range"));
	remove_dir(dir);
}

/*
 * meta.json's kbench_flags as meta_write writes them, read back; with
 * APERF/MPERF readable, the core clock range over counters.csv's kernel
 * rows (a bad value refused, naming the line); without, not read.
 */
static void test_kbench_flags_and_clock(void **state)
{
	static struct sysinfo_snap sys;
	static struct topology topo;
	static struct profile prof;
	struct result_row row = {
		.run_id = "r", .host = "h", .kernel = "k", .suite = "kernel",
		.test = "kmalloc", .allocator = "kernel", .policy = "node",
		.cpu_node = 0, .mem_node = 0, .size_bytes = 64, .order = CSV_NA,
		.batch = 1, .mode = "hot", .threads = 1, .samples = 10,
		.off_path = 0, .p50_ns = 2, .mean_ns = 2, .ci95_pct = NAN,
		.status = "ok",
	};
	struct meta m = {
		.run_id = "r", .sys = &sys, .topo = &topo, .prof = &prof,
		.api_version = 3,
		.kernel_flags = KBENCH_KF_APERFMPERF | KBENCH_KF_INIT_ON_ALLOC,
	};
	char dir[] = "/tmp/nb-test-clock-XXXXXX", path[64], err[512];
	char meta[64], *text;
	struct run r;
	size_t len;
	FILE *f;
	struct metrics_row mr;
	int fd;

	(void)state;
	fd = new_run(dir, meta, sizeof(meta), path, sizeof(path));
	assert_int_equal(csv_write_row(fd, &row), 0);
	close(fd);
	assert_int_equal(meta_write(dir, &m), 0);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	text = file_read_all(path, 1 << 20, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"kbench_flags\": {\"init_on_alloc\": true, \"init_on_free\": false, \"zone_lock_counts\": false, \"aperfmperf\": true, \"vmap_counts\": false}"));
	free(text);
	f = metrics_open(dir);
	assert_non_null(f);
	metrics_row_start(&mr, f, &row);
	metrics_put(&mr, "core_clock_ratio", 0.97);
	metrics_put(&mr, "elapsed_ns", 5);
	row.rep = 1;
	metrics_row_start(&mr, f, &row);
	metrics_put(&mr, "core_clock_ratio", 1.25);
	fclose(f);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	assert_int_equal(r.meta.aperfmperf, 1);
	assert_int_equal(r.meta.core_clock.n, 2);
	assert_float_equal(r.meta.core_clock.min, 0.97, 1e-9);
	assert_float_equal(r.meta.core_clock.max, 1.25, 1e-9);
	run_free(&r);

	f = metrics_open(dir);
	assert_non_null(f);
	fputs("r,kernel,kmalloc,kernel,node,0,0,64,,1,hot,1,2,core_clock_ratio,x\n", f);
	fclose(f);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "counters.csv:5: core_clock_ratio 'x' is not a number"));

	/* no APERF/MPERF: counters.csv is not read for it */
	m.kernel_flags = 0;
	assert_int_equal(meta_write(dir, &m), 0);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	assert_int_equal(r.meta.aperfmperf, 0);
	assert_int_equal(r.meta.core_clock.n, 0);
	run_free(&r);
	/* no module (a user-only run): not recorded */
	m.api_version = 0;
	assert_int_equal(meta_write(dir, &m), 0);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	assert_int_equal(r.meta.aperfmperf, -1);
	run_free(&r);
	remove_dir(dir);
}

/* The header must be the one of the schema meta.json names. */
static void test_header_by_schema(void **state)
{
	static const char v2_header[] =
		"run_id,host,kernel,suite,test,allocator,policy,cpu_node,"
		"mem_node,size_bytes,order,batch,threads,rep,samples,failures,"
		"misplaced,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,"
		"stddev_ns,overhead_ns,status,note\n"
		"r,h,k,user,malloc,glibc,default,0,0,8,,1,1,0,64,0,0,"
		"1.0,2.0,3.0,,,5.0,2.0,1.0,0.0,ok,\n";
	static const char v4_csv[] =
		"run_id,host,kernel,suite,test,allocator,policy,cpu_node,"
		"mem_node,size_bytes,order,batch,mode,threads,rep,samples,"
		"disturbed,failed_samples,failures,misplaced,min_ns,p50_ns,"
		"p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,overhead_ns,"
		"ci95_pct,stop,status,note\n"
		"r,h,k,user,malloc,glibc,bind,0,0,8,,1,,1,0,64,,,0,0,"
		"1.0,2.0,3.0,,,5.0,2.0,1.0,0.0,,,ok,\n";
	static const struct {
		int schema;
		const char *csv, *msg;
	} cases[] = {
		{ 3, v2_header, "header is not results.csv schema 3 (28 columns" },
		{ 2, NULL, "header is not results.csv schema 2 (38 columns" },
		{ 9, NULL, "results.csv:2: mode 'a/b' holds '/'" },
		{ 3, NULL, "header is not results.csv schema 3 (38 columns" },
		{ 6, NULL, "header is not results.csv schema 6 (38 columns" },
		{ 7, NULL, "header is not results.csv schema 7 (38 columns" },
		{ 8, NULL, "header is not results.csv schema 8 (38 columns" },
		{ 7, v6_misplaced, "header is not results.csv schema 7 (34 columns" },
	};
	struct result_row row = {
		.run_id = "r", .host = "h", .kernel = "k", .suite = "kernel",
		.test = "kmalloc", .allocator = "kernel", .policy = "node",
		.size_bytes = 8, .order = CSV_NA, .batch = 1, .mode = "a/b",
		.threads = 1, .samples = 1, .disturbed = CSV_NA,
		.failed_samples = CSV_NA, .mean_ns = 1, .p50_ns = 1,
		.status = "ok",
	};
	char dir[] = "/tmp/nb-test-schema-XXXXXX", meta[64], line[1024];
	char csv[2048], err[512];
	struct run r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(csv_format_row(line, sizeof(line), &row) > 0);
	snprintf(csv, sizeof(csv), "%s%s", csv_header(), line);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(meta, sizeof(meta), "{\"schema_version\": %d}\n",
			 cases[i].schema);
		put_file(dir, "meta.json", meta);
		put_file(dir, "results.csv", cases[i].csv ? cases[i].csv : csv);
		err[0] = '\0';
		assert_int_equal(run_load(&r, dir, err, sizeof(err)), -1);
		if (!strstr(err, cases[i].msg))
			fail_msg("case %zu: message '%s' lacks '%s'", i, err,
				 cases[i].msg);
	}
	/* schema 4's header (no timer_bound) loads as 4, and as an early 5 */
	for (int schema = 4; schema <= 5; schema++) {
		snprintf(meta, sizeof(meta), "{\"schema_version\": %d}\n", schema);
		put_file(dir, "meta.json", meta);
		put_file(dir, "results.csv", v4_csv);
		assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
		assert_non_null(run_find(&r, "user/malloc/glibc/bind/c0/m0/s8/o-1/b1/t1"));
		run_free(&r);
	}
	/* the current header is not schema 4's */
	row.mode = NULL;
	assert_true(csv_format_row(line, sizeof(line), &row) > 0);
	snprintf(csv, sizeof(csv), "%s%s", csv_header(), line);
	put_file(dir, "meta.json", "{\"schema_version\": 4}\n");
	put_file(dir, "results.csv", csv);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "header is not results.csv schema 4 (38 columns"));
	/* the schema 2 header with schema 2 loads: a user row, mode "" */
	put_file(dir, "meta.json", "{\"schema_version\": 2}\n");
	put_file(dir, "results.csv", v2_header);
	assert_int_equal(run_load(&r, dir, err, sizeof(err)), 0);
	assert_non_null(run_find(&r, "user/malloc/glibc/default/c0/m0/s8/o-1/b1/t1"));
	run_free(&r);
	remove_dir(dir);
}

/*
 * Schema 8 writes -1 and "none" where schema 7 left key columns empty, and
 * a cpu column: both load to the same cell, so report and compare see old
 * and new runs alike.
 */
static void test_schema8_keys(void **state)
{
	static const char v7_csv[] =
		"run_id,host,kernel,suite,test,allocator,policy,cpu_node,"
		"mem_node,size_bytes,order,batch,mode,threads,rep,samples,"
		"disturbed,failed_samples,off_path,failures,misplaced,min_ns,"
		"p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
		"overhead_ns,timer_bound,ci95_pct,stop,status,note\n"
		"r,h,k,user,malloc,glibc,,0,,8,,1,,1,0,64,,,,0,0,"
		"1.0,2.0,3.0,,,5.0,2.0,1.0,0.0,,,,ok,\n";
	struct result_row row = {
		.run_id = "r", .host = "h", .kernel = "k", .suite = "user",
		.test = "malloc", .allocator = "glibc", .policy = NULL,
		.cpu_node = 0, .mem_node = CSV_NA, .cpu = 1, .size_bytes = 8,
		.order = CSV_NA, .batch = 1, .mode = NULL, .threads = 1,
		.samples = 64, .disturbed = CSV_NA, .failed_samples = CSV_NA,
		.off_path = CSV_NA, .min_ns = 1, .p50_ns = 2, .p90_ns = 3,
		.p99_ns = NAN, .p999_ns = NAN, .max_ns = 5, .mean_ns = 2,
		.stddev_ns = 1, .overhead_ns = 0, .ci95_pct = NAN,
		.status = "ok",
	};
	char dir[] = "/tmp/nb-test-schema8-XXXXXX", line[1024], csv[2048];
	char err[512], key7[256];
	struct run r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put_file(dir, "meta.json", "{\"schema_version\": 7}\n");
	put_file(dir, "results.csv", v7_csv);
	if (run_load(&r, dir, err, sizeof(err)))
		fail_msg("schema 7: %s", err);
	assert_int_equal(r.ncells, 1);
	snprintf(key7, sizeof(key7), "%s", r.cells[0].key);
	run_free(&r);
	assert_true(csv_format_row(line, sizeof(line), &row) > 0);
	assert_non_null(strstr(line, ",glibc,none,0,-1,1,8,-1,1,none,1,"));
	snprintf(csv, sizeof(csv), "%s%s", csv_header(), line);
	put_file(dir, "meta.json", "{\"schema_version\": 9}\n");
	put_file(dir, "results.csv", csv);
	if (run_load(&r, dir, err, sizeof(err)))
		fail_msg("schema 8: %s", err);
	assert_int_equal(r.ncells, 1);
	assert_string_equal(r.cells[0].key, key7);
	assert_string_equal(r.cells[0].k.mode, "");
	assert_string_equal(r.cells[0].k.policy, "");
	assert_int_equal(r.cells[0].k.order, -1);
	assert_int_equal(r.cells[0].k.mem_node, -1);
	run_free(&r);
	remove_dir(dir);
}

/*
 * Schema 9's ops_per_s and fairness per ok repetition: filled on a row
 * measured on several threads, NaN where empty (the ordinary matrix's
 * rows) and in a schema 8 run; a negative value is refused.
 */
static void test_ops_fairness(void **state)
{
	struct result_row row = {
		.run_id = "r", .host = "h", .kernel = "k", .suite = "kernel",
		.test = "buddy_alloc", .allocator = "kernel", .policy = "node",
		.cpu_node = 0, .mem_node = 1, .cpu = 0, .size_bytes = 0,
		.order = 0, .batch = 1, .mode = "pair", .threads = 2,
		.samples = 64, .disturbed = 0, .failed_samples = 0,
		.off_path = 0, .min_ns = 1, .p50_ns = 2, .p90_ns = 3,
		.p99_ns = 4, .p999_ns = 5, .max_ns = 6, .mean_ns = 2,
		.stddev_ns = 1, .overhead_ns = 0, .ci95_pct = NAN,
		.ops_per_s = 123456.5, .fairness = 0.75, .status = "ok",
	};
	char dir[] = "/tmp/nb-test-ops-XXXXXX", line[1024], csv[4096];
	char err[512];
	const struct run_cell *c;
	struct run r;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	n = (size_t)snprintf(csv, sizeof(csv), "%s", csv_header());
	assert_true(csv_format_row(line, sizeof(line), &row) > 0);
	n += (size_t)snprintf(csv + n, sizeof(csv) - n, "%s", line);
	row.rep = 1;
	row.ops_per_s = 0;	/* written empty: not measured */
	row.fairness = 0;
	assert_true(csv_format_row(line, sizeof(line), &row) > 0);
	n += (size_t)snprintf(csv + n, sizeof(csv) - n, "%s", line);
	put_file(dir, "meta.json", "{\"schema_version\": 9}\n");
	put_file(dir, "results.csv", csv);
	if (run_load(&r, dir, err, sizeof(err)))
		fail_msg("schema 9: %s", err);
	assert_int_equal(r.ncells, 1);
	c = &r.cells[0];
	assert_int_equal(c->nreps, 2);
	assert_true(fabs(c->unit[0].ops_per_s - 123456.5) < 1e-3);
	assert_true(fabs(c->unit[0].fairness - 0.75) < 1e-6);
	assert_true(isnan(c->unit[1].ops_per_s));
	assert_true(isnan(c->unit[1].fairness));
	run_free(&r);

	/* a negative throughput is not a number this column holds */
	{
		char *p = strstr(csv, ",123456.5");
		char bad[4096];

		assert_non_null(p);
		snprintf(bad, sizeof(bad), "%.*s,-1%s", (int)(p - csv), csv,
			 p + strlen(",123456.5"));
		put_file(dir, "results.csv", bad);
		assert_int_equal(run_load(&r, dir, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "ops_per_s '-1'"));
	}

	/* schema 8: no such columns, NaN */
	{
		static const char v8[] =
			"run_id,host,kernel,suite,test,allocator,policy,"
			"cpu_node,mem_node,cpu,size_bytes,order,batch,mode,"
			"threads,rep,samples,disturbed,failed_samples,off_path,"
			"failures,misplaced,min_ns,p50_ns,p90_ns,p99_ns,"
			"p999_ns,max_ns,mean_ns,stddev_ns,overhead_ns,"
			"timer_bound,ci95_pct,stop,status,note\n"
			"r,h,k,kernel,kmalloc,kernel,node,0,0,0,256,-1,1,pair,"
			"1,0,64,0,0,0,0,0,1.0,2.0,3.0,4.0,,5.0,2.0,1.0,0.0,,,,"
			"ok,\n";

		put_file(dir, "meta.json", "{\"schema_version\": 8}\n");
		put_file(dir, "results.csv", v8);
		if (run_load(&r, dir, err, sizeof(err)))
			fail_msg("schema 8: %s", err);
		assert_int_equal(r.cells[0].nreps, 1);
		assert_true(isnan(r.cells[0].unit[0].ops_per_s));
		assert_true(isnan(r.cells[0].unit[0].fairness));
		run_free(&r);
	}
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad_runs),
		cmocka_unit_test(test_hist_round_trip),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_header_by_schema),
		cmocka_unit_test(test_schema8_keys),
		cmocka_unit_test(test_ops_fairness),
		cmocka_unit_test(test_misplaced_and_duplicates),
		cmocka_unit_test(test_off_path),
		cmocka_unit_test(test_kbench_flags_and_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
