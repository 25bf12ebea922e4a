/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells of several runs joined by their canonical key (run.h): one row per
 * key over all runs, in the first run's order and then the keys the others
 * add. What one run has and the first lacks is "extra"; what the first has
 * and it lacks is "missing".
 *
 * Owner: report (report/join.c).
 */
#ifndef REPORT_JOIN_H
#define REPORT_JOIN_H

#include <stddef.h>

#include "rundir/runload.h"

struct join_row {
	const char *key;		/* the cell's canonical key */
	const struct cell_key *k;	/* its key columns */
	const struct run_cell **cell;	/* per run; NULL where it lacks the key */
	int common;			/* present in every run */
};

struct join {
	size_t nruns;
	const struct run *const *runs;
	struct join_row *rows;
	size_t nrows, ncommon;
	size_t *missing, *extra;	/* per run against runs[0]; [0] is 0 */
};

/*
 * Join nruns >= 2 runs (kept by reference: they must outlive j). 0, or -1
 * with a one-line message: no cell common to all runs, out of memory.
 */
int join_runs(struct join *j, const struct run *const *runs, size_t nruns,
	      char *err, size_t errlen);
void join_free(struct join *j);

/*
 * The first up to max keys that run i misses (missing) or adds (extra)
 * against runs[0], into keys; returns how many there are in all.
 */
size_t join_list(const struct join *j, size_t i, int extra,
		 const char **keys, size_t max);

#endif
