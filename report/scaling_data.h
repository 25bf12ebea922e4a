/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data behind the report's scaling section (report_scaling.h): a
 * run's sweeps, their classes of node pairs, counters.csv's contention
 * counters of the sweeps' rows, and a class's value at a thread count.
 *
 * Owner: report (report/scaling_data.c).
 */
#ifndef REPORT_SCALING_DATA_H
#define REPORT_SCALING_DATA_H

#include <stddef.h>

#include "rundir/runload.h"

#define SW_MAX_THREADS 32
#define SW_MAX_CLASSES 16
#define SW_MAX_SWEEPS 64
#define SW_MAX_REPS 256

/* counters.csv metrics the table divides by ops (the first) */
enum sw_metric { M_OPS, M_ZONE, M_CONT, M_WAIT, M_N };

/* One (cell, rep) of a sweep in counters.csv: its metrics, NAN absent. */
struct ctr_entry {
	const struct run_cell *cell;
	long rep;
	double v[M_N];
};

struct counters {
	struct ctr_entry *e;
	size_t n;
	char problem[200];	/* "" or why counters.csv was not read */
};

/* A path at one size or order, over thread counts. */
struct sweep {
	struct cell_key k;	/* test without "+mixed"; nodes, threads unused */
	unsigned threads[SW_MAX_THREADS];
	size_t nthreads;	/* ascending */
};

enum sw_kind { K_LOCAL, K_REMOTE, K_NO_MEM, K_NO_CPU };

struct sw_class {
	int mixed;
	enum sw_kind kind;
	int dist;		/* K_REMOTE: SLIT distance, -1 unknown */
	int node;		/* K_NO_MEM: the CPU node; K_NO_CPU: memory */
	char name[64];		/* "local", "distance 20", "+mixed, distance 20" */
	char pairs[96];		/* "0-0, 1-1" */
};

/* A class at one thread count. */
struct sw_value {
	double ops, ops_lo, ops_hi;	/* ops/s */
	double p50, p50_lo, p50_hi, p99;	/* ns */
	double fair;
	double per_op[M_N];	/* [M_ZONE..M_WAIT]; NAN: not recorded */
	size_t minreps, maxreps, npairs;
};

/*
 * The sweeps of r in results.csv order (at most cap); those of one
 * thread count only show no scaling and are left out. Returns the count.
 */
size_t sweeps_of(const struct run *r, struct sweep *out, size_t cap);

/*
 * The classes of sw's cells (at most cap), sorted: plain before +mixed,
 * local first, then by distance; each with its pairs. Returns the count.
 */
size_t classes_of(const struct run *r, const struct sweep *sw,
		  struct sw_class *out, size_t cap);

/*
 * The sweeps' counters of r's counters.csv (ops and the contention
 * counters, per cell and rep). A missing or unreadable file leaves none,
 * and ct->problem says why. 0, or -1 on ENOMEM.
 */
int counters_load(struct counters *ct, const struct run *r);
void counters_free(struct counters *ct);

/*
 * Class cls of sweep sw at t threads: per pair the medians over its
 * sweep repetitions, then over the pairs the geometric mean (ops, p50,
 * p99) or the mean (fairness, counters per op); the range of the
 * repetitions. 0, or -1 when no pair has a value.
 */
int class_value(const struct run *r, const struct sweep *sw,
		const struct sw_class *cls, unsigned t,
		const struct counters *ct, struct sw_value *out);

#endif
