/* SPDX-License-Identifier: GPL-2.0 */
/* Seconds on CLOCK_MONOTONIC: for budgets and ETAs, never for timing ops. */
#ifndef UBENCH_MONOTIME_H
#define UBENCH_MONOTIME_H

#include <time.h>

static inline double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
