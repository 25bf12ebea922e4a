/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A path's node pairs in classes, for figures that would otherwise draw
 * one line per pair on top of each other: the local pairs (CPU node =
 * memory node), the remote pairs at each SLIT distance (one "remote"
 * class when meta.json has no SLIT), and, when a column is empty (the
 * path has no memory node, e.g. a TLB flush, or no CPU node), one class
 * per node of the other column. A class's value at a size or order is
 * the geometric mean of its cells' p50 with a 95 % interval over the
 * repetitions: per repetition the mean of ln p50 over the class's pairs
 * (one unit per repetition, as report_summary.c counts units), then the
 * Student t interval of those means (report/stats.h).
 *
 * Owner: report (report/report_pairs.c).
 */
#ifndef REPORT_PAIRS_H
#define REPORT_PAIRS_H

#include <stddef.h>
#include <stdint.h>

#include "report_cells.h"

enum pair_group_kind {
	GROUP_LOCAL = 0, GROUP_REMOTE, GROUP_NO_MEM, GROUP_NO_CPU
};

#define PAIR_GROUP_MAX 16

struct pair_group {
	enum pair_group_kind kind;
	int distance;		/* GROUP_REMOTE: the SLIT distance, -1 unknown */
	int node;		/* GROUP_NO_MEM: the CPU node; NO_CPU: memory */
	/* for a legend: "local: 0-0, 1-1", "distance 20: 0-1, 1-0",
	 * "cpu node 0, no memory node" (pairs as cpu node-memory node) */
	char name[128];
};

/*
 * The classes of p's pairs that have a cell (any size or order), local
 * first, then by distance, then the single-node ones. Returns the count
 * (at most cap).
 */
size_t pair_groups(const struct run *r, const struct path *p,
		    struct pair_group *out, size_t cap);

/* Is (cpu, mem) in class c? */
int pair_in_group(const struct run *r, const struct pair_group *c, int cpu,
		  int mem);

/* A class's value at one size or order. */
struct group_value {
	double geo;		/* geometric mean of the p50s, ns */
	double lo, hi;		/* its 95 % interval; NAN when nreps < 2 */
	double p99;		/* geometric mean of the p99s, ns; NAN unless
				 * every repetition of every cell has one */
	size_t nreps;		/* repetitions (the units) */
	size_t ncells;		/* node pairs with a value */
};

/*
 * Class c of path p at param, at batch (0: the batch the path times at
 * param) and the path's threads. 0, or -1 when none of its cells has an
 * ok repetition (or out of memory).
 */
int group_p50(const struct run *r, const struct path *p,
	      const struct pair_group *c, uint64_t param, unsigned batch,
	      struct group_value *out);

/*
 * Repetitions as units (report_summary.c and group_p50 alike): the ln p50
 * of cells' ok repetitions folded per repetition, pairs timed in one
 * repetition sharing its conditions. A repetition is its rep column; a
 * boot of a set (no rep number) is its k-th ok repetition.
 */
#define REP_FOLD_MAX 256
struct rep_fold {
	long rep[REP_FOLD_MAX];
	double sum[REP_FOLD_MAX];
	unsigned n[REP_FOLD_MAX];
	size_t nreps;		/* distinct repetitions */
};
/* Add every ok repetition of c to f (f zeroed before the first). */
void rep_fold_cell(struct rep_fold *f, const struct run_cell *c);
/* y[i]: repetition i's mean ln p50 over its cells; returns f->nreps. */
size_t rep_fold_units(const struct rep_fold *f, double *y);

/*
 * What the error bars of values over minreps..maxreps repetitions rest
 * on: "n = 3", "n = 2 to 3", and "none with one repetition" when some
 * have one ((size_t)-1, 0: no value).
 */
void reps_words(char *buf, size_t len, size_t minreps, size_t maxreps);

#endif
