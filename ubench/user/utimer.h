/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace suite's timer: the TSC (rdtsc after lfence) where
 * /proc/cpuinfo promises constant_tsc and nonstop_tsc, calibrated against
 * CLOCK_MONOTONIC_RAW; otherwise clock_gettime(CLOCK_MONOTONIC_RAW). Never
 * gettimeofday or CLOCK_REALTIME, which NTP may step.
 */
#ifndef UBENCH_UTIMER_H
#define UBENCH_UTIMER_H

#include <stdint.h>
#include <time.h>
#include <x86intrin.h>

struct utimer {
	int use_tsc;
	double ns_per_tick;	/* 1.0 for clock_gettime */
	double overhead_ns;	/* median cost of an empty timed region */
	double resolution_ns;	/* smallest step it shows (>= 1: times are whole ns) */
	const char *source;	/* "tsc" | "clock_gettime(CLOCK_MONOTONIC_RAW)" */
};

/* The process-wide timer, set up by utimer_init (idempotent, ~50 ms). */
extern struct utimer utimer;

/* Choose the source (force_clock: never the TSC), calibrate, measure its cost. */
void utimer_init(int force_clock);

/*
 * Take another process's calibration (use_tsc, ns_per_tick, overhead_ns,
 * resolution_ns; source from use_tsc) instead of measuring: a fresh
 * process's rows then convert ticks exactly as its parent's. utimer_init
 * is a no-op after it.
 */
void utimer_adopt(const struct utimer *t);

/* 1 when /proc/cpuinfo flags hold constant_tsc and nonstop_tsc. */
int utimer_tsc_reliable(void);

static inline uint64_t utimer_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* A timestamp in ticks; utimer_ns turns a difference into ns. */
static inline uint64_t utimer_now(void)
{
	if (utimer.use_tsc) {
		_mm_lfence();
		return __rdtsc();
	}
	return utimer_clock_ns();
}

/* A difference in ticks as ns, unrounded (a batch's per-op share). */
static inline double utimer_ns_f(uint64_t ticks)
{
	return utimer.use_tsc ? ticks * utimer.ns_per_tick : (double)ticks;
}

/* The same, rounded to whole ns. */
static inline uint64_t utimer_ns(uint64_t ticks)
{
	return (uint64_t)(utimer_ns_f(ticks) + 0.5);
}

/* Median ns of an empty timed region for the given source (for `timer`). */
double utimer_measure_overhead(int use_tsc);

/*
 * The smallest nonzero difference between two reads of the source, in ns,
 * at least 1 (utimer_ns rounds to whole ns): the timer's resolution.
 */
double utimer_measure_resolution(int use_tsc);

#endif
