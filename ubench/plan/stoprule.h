/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When a cell has sampled enough: its mean is precise enough (the 95 %
 * Student-t interval's half-width, relative to the mean, at most
 * target_pct), or its time is spent, or it reached max_samples; never
 * before min_samples (unless the time is spent). target_pct 0 turns the
 * rule off: exactly max_samples are taken (the fixed-count runs of
 * schema 3).
 */
#ifndef UBENCH_STOPRULE_H
#define UBENCH_STOPRULE_H

#include <stdint.h>

struct stoprule {
	double target_pct;	/* 0: off */
	double budget_s;	/* wall time per cell and repetition */
	unsigned min_samples, max_samples;
	int enforced;		/* the sampler stops itself at the budget (the
				 * module's budget_ms): no probing first chunk */
};

enum stop_why {
	STOP_MORE,		/* go on */
	STOP_PRECISE,		/* the target is reached */
	STOP_BUDGET,		/* the time is spent first */
	STOP_MAX,		/* max_samples taken first */
};

/* "precise", "budget", "max" (the results.csv stop column); "" for MORE. */
const char *stop_name(enum stop_why why);

/*
 * The interval's half-width in % of the mean for n samples of this mean
 * and standard deviation; INFINITY below 2 samples or for a mean <= 0.
 */
double stop_ci_pct(uint64_t n, double mean, double sd);

/* The decision after n samples taking elapsed_s so far. */
enum stop_why stop_check(const struct stoprule *r, uint64_t n, double mean,
			 double sd, double elapsed_s);

/*
 * How many samples to take next, at least 1: a few first (the cost of a
 * sample is unknown; min_samples at once when the sampler enforces the
 * budget itself), doubling up to min_samples, then what the current
 * spread says the target needs; never more than doubling n (one noisy
 * start cannot ask for millions), than the budget left at the cost seen
 * so far (elapsed_s / n), or than max_samples.
 */
#define STOP_FIRST_CHUNK 4
uint64_t stop_next_chunk(const struct stoprule *r, uint64_t n, double mean,
			 double sd, double elapsed_s);

#endif
