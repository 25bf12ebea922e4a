/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run directory results/<run-id>/: results.csv (rows appended, one
 * write each), hist.jsonl (one histogram per row), meta.json (temp + rename).
 * An interrupted run leaves complete rows and meta.json with complete=false.
 */
#ifndef UBENCH_RUNDIR_H
#define UBENCH_RUNDIR_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

struct rundir {
	char path[PATH_MAX];
	char run_id[128];
	int csv_fd;
	FILE *hist;
	FILE *metrics;		/* counters.csv (metrics.h) */
};

/* A fresh run id: YYYYmmdd-HHMMSS-<host>. */
void rundir_new_id(char *buf, size_t len);

/*
 * Create path (parents too). It may exist only without results.csv, so a
 * run never mixes into another. 0, or -1 with a message in err.
 */
int rundir_create(const char *path, char *err, size_t errlen);

/*
 * rundir_create's checks alone, creating nothing (the CLI's, before a
 * guest boots): path is not a file and holds no run. 0 or -1 + err.
 */
int rundir_check(const char *path, char *err, size_t errlen);

/*
 * Open results.csv (header written), hist.jsonl and counters.csv in path
 * for appending.
 */
int rundir_open(struct rundir *r, const char *path, const char *run_id,
		char *err, size_t errlen);
void rundir_close(struct rundir *r);

/* Write dir/name atomically: fill(f, arg) into a temp file, fsync, rename. */
int rundir_write_atomic(const char *dir, const char *name,
			int (*fill)(FILE *f, const void *arg), const void *arg);

struct hist;
struct result_row;

/*
 * One hist.jsonl line for row: its key columns (suite, test, allocator,
 * policy, cpu_node, mem_node, size_bytes, order, batch, mode ("" for NULL),
 * threads, rep), the histogram's unit ("cycles" with tsc_khz, or "ns" with
 * tsc_khz 0) and the histogram. 0, or -1 on a write error.
 */
int rundir_write_hist(FILE *f, const char *run_id, const struct result_row *row,
		      const char *unit, unsigned long long tsc_khz,
		      const struct hist *h);

#endif
