/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cell of the malloc workloads (w_malloc.c, w_remote_free.c), what both
 * share so the allocators are timed alike: the objects of a round (K of
 * the cell's size: ROUND_BYTES of them, 16 to 1024, the same K for every
 * allocator), the thread set-up under MPOL_BIND, the warm-up to a steady
 * state that also calibrates each op's batch (ubatch.h), the number of
 * rounds, the rows' counters.csv metrics and the plan.
 */
#ifndef UBENCH_UMCELL_H
#define UBENCH_UMCELL_H

#include <stddef.h>

#include "placement.h"
#include "urun.h"

#define UMCELL_CAL_OPS	16	/* ops per region while warming up */
#define UMCELL_MAXOPS	3	/* timed ops of a cell, at most */

struct umcell {
	struct uctx *c;
	const struct ucell *cell;
	const struct ualloc *a;
	size_t size, k;		/* object size, objects per round */
	struct urow *r;		/* the cell's rows */
	unsigned ops[UMCELL_MAXOPS];	/* per op: ops per timed region */
	struct hist *cal;	/* per op: the last warm-up round's regions */
	unsigned warmup;	/* warm-up rounds run */
	int settled;		/* warm-up ended on a steady per-op time */
	struct placement pl;	/* where the objects were */
	int failed;
};

/* m for cell with rows r: 0, or -1 when out of memory. */
int umcell_init(struct umcell *m, struct uctx *c, const struct ucell *cell,
		struct urow *r);
void umcell_free(struct umcell *m);

/*
 * The calling thread's policy (BIND to mem_node) and allocator set up: 0,
 * or -1 with why (*skip: a kernel without the mode, not a failure).
 */
int umcell_bind(const struct ucell *cell, char *why, size_t len, int *skip);

/*
 * Untimed rounds of round(m, ns) (regions of UMCELL_CAL_OPS into m->cal[op],
 * each op's mean per-op ns in ns[op], nops ops) until two in a row cost the
 * same within 5 %: at least 2 and the profile's warmup ops, at most 32
 * rounds or the cell's budget. Then m->ops[] from the last round's median
 * regions. 0, or -1 when a round failed.
 */
int umcell_warm_up(struct umcell *m, int (*round)(struct umcell *, double *),
		   int nops);

/* The rounds that give iterations samples at ops per region. */
unsigned umcell_rounds(const struct umcell *m, unsigned ops);

/* Row r's misplaced objects, timer_bound ops and counters.csv metrics. */
void umcell_metrics(const struct umcell *m, struct urow *r, unsigned ops);

/*
 * Why allocator al cannot run here into why ("" when it can): loaded and
 * prepared for the nodes with memory. In a fresh process (c->only_alloc)
 * any other allocator is left unloaded, its why "": the process never runs
 * its cells, and loading each one (libstdc++ with tcmalloc, jemalloc-numa's
 * arenas) cost most of a fresh process's start (~0.2 s of ~0.35 s in a TCG
 * guest, for each of the default run's ~270 groups).
 */
void umcell_alloc_why(const struct uctx *c, const struct ualloc *al,
		      char *why, size_t len);

/*
 * Cells of w: allocator x cpu_node x mem_node (BIND) x size (8 B..1 MiB of
 * the profile's sizes); threads 2 when remote (mem_node needs a CPU then).
 * remote also gets its [scaling] sweep after each (cpu_node, mem_node)'s
 * cells: N producer/consumer pairs (threads 2N) per count of [scaling]
 * threads and size of [scaling] sizes, a count above either node's online
 * CPUs skipped with the reason, one pair at a plain size left to the
 * plain cell.
 */
int umcell_plan(const struct uctx *c, const struct uworkload *w, int remote,
		struct ucells *out);

#endif
