/* SPDX-License-Identifier: GPL-2.0 */
/*
 * counters.csv beside results.csv: every number a row measured besides its
 * time statistics (a kernel request's path counters, a user workload's
 * throughput or per-call cost), tidy: one line per row and metric, keyed
 * exactly like results.csv (run_id, suite, test, allocator, policy,
 * cpu_node, mem_node, size_bytes, order, batch, mode, threads, rep), then
 * the metric's name with its unit in it (_ns, _pages, _bytes, _per_s, GiB
 * as gib: binary units) and its value (an integer where it is a count).
 */
#ifndef UBENCH_METRICS_H
#define UBENCH_METRICS_H

#include <stdio.h>

#include "csv.h"

/* Open dir/counters.csv for appending, header first when new; NULL + errno. */
FILE *metrics_open(const char *dir);

/*
 * The metrics of one row: its key is formatted once, each metric is one
 * line (a kernel row has ~35: formatting the key for each was most of a
 * row's cost in a TCG guest).
 */
struct metrics_row {
	FILE *f;
	char key[1024];
	int bad;		/* the key did not fit: every put fails */
};

/* Start row w's metrics into f. */
void metrics_row_start(struct metrics_row *m, FILE *f,
		       const struct result_row *w);

/* One metric of the row. 0, or -1 on a write error. */
int metrics_put(struct metrics_row *m, const char *name, double value);

#endif
