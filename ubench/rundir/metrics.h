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

/* One metric of row w. 0, or -1 on a write error. */
int metrics_put(FILE *f, const struct result_row *w, const char *name,
		double value);

#endif
