/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fast ops timed in batches. An op as cheap as the timer (malloc, free, a
 * first-touch fault) is timed N at a time: one timed region holds N ops, N
 * chosen from a short calibration of the op so that the timer's own cost
 * (utimer.overhead_ns, an empty region) is at most UBATCH_SHARE of the
 * region. A sample is the region's time / N, so a percentile is one of
 * batch means, as in the kernel's batch mode. Regions are kept as raw
 * ticks while ops run and turned into per-op ns afterwards (ubatch_flush),
 * outside every timed region.
 */
#ifndef UBENCH_UBATCH_H
#define UBENCH_UBATCH_H

#include <stddef.h>
#include <stdint.h>

#include "rundir/hist.h"

#define UBATCH_SHARE	0.05	/* the timer's share of a region, at most */
#define UBATCH_MAX	4096	/* ops per region, at most */

/*
 * The smallest N in [1, max] with overhead_ns <= share * (N * op_ns +
 * overhead_ns): the ops per region that keep the timer within share of it.
 * max when op_ns is 0 (an op below the timer's resolution) or N would
 * exceed it; 1 when overhead_ns is 0. share in (0, 1).
 */
unsigned ubatch_size(double overhead_ns, double op_ns, double share,
		     unsigned max);

/* The timer's share of a region of n ops of op_ns each (0..1). */
double ubatch_timer_share(double overhead_ns, double op_ns, unsigned n);

/* Regions of one round in raw ticks, each of ops ops. */
struct ubatch {
	uint64_t ticks[512];
	unsigned ops[512];
	unsigned n;
};

/* Room for another region? (ubatch_flush empties it.) */
static inline int ubatch_full(const struct ubatch *b)
{
	return b->n == sizeof(b->ticks) / sizeof(b->ticks[0]);
}

static inline void ubatch_put(struct ubatch *b, uint64_t ticks, unsigned ops)
{
	b->ticks[b->n] = ticks;
	b->ops[b->n++] = ops;
}

/* Each region's per-op ns (rounded to whole ns) into h; b emptied. */
void ubatch_flush(struct ubatch *b, struct hist *h);

/*
 * Keep a region of ops ops for h when it holds at least a batch of n (a
 * shorter tail is not kept); h NULL: nothing kept. Flushes into h when b
 * is full.
 */
void ubatch_keep(struct ubatch *b, struct hist *h, uint64_t ticks,
		 size_t ops, unsigned n);

#endif
