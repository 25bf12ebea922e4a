// SPDX-License-Identifier: GPL-2.0
/* The userspace timer: see utimer.h. */
#include "utimer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct utimer utimer = { 0, 1.0, 0, 1.0, "clock_gettime(CLOCK_MONOTONIC_RAW)" };
static int initialised;

int utimer_tsc_reliable(void)
{
	char line[4096];
	int constant = 0, nonstop = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		constant = strstr(line, " constant_tsc") != NULL;
		nonstop = strstr(line, " nonstop_tsc") != NULL;
		break;
	}
	fclose(f);
	return constant && nonstop;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

double utimer_measure_overhead(int use_tsc)
{
	enum { N = 2001 };
	static uint64_t d[N];
	int saved = utimer.use_tsc;

	utimer.use_tsc = use_tsc;
	for (int i = 0; i < N; i++) {
		uint64_t t0 = utimer_now();
		uint64_t t1 = utimer_now();

		d[i] = t1 - t0;
	}
	qsort(d, N, sizeof(d[0]), cmp_u64);
	utimer.use_tsc = saved;
	return use_tsc ? d[N / 2] * utimer.ns_per_tick : (double)d[N / 2];
}

double utimer_measure_resolution(int use_tsc)
{
	uint64_t step = UINT64_MAX;
	int saved = utimer.use_tsc;
	double ns;

	utimer.use_tsc = use_tsc;
	for (int i = 0; i < 100000; i++) {
		uint64_t t0 = utimer_now(), t1;

		do
			t1 = utimer_now();
		while (t1 == t0);
		if (t1 - t0 < step)
			step = t1 - t0;
	}
	utimer.use_tsc = saved;
	ns = use_tsc ? step * utimer.ns_per_tick : (double)step;
	return ns < 1.0 ? 1.0 : ns;
}

/* Ticks per ns over ~20 ms of CLOCK_MONOTONIC_RAW. */
static double calibrate(void)
{
	uint64_t c0 = utimer_clock_ns(), t0 = __rdtsc(), c1, t1;

	do
		c1 = utimer_clock_ns();
	while (c1 - c0 < 20000000ull);
	t1 = __rdtsc();
	return (double)(c1 - c0) / (double)(t1 - t0);
}

void utimer_adopt(const struct utimer *t)
{
	const char *clock_source = utimer.source;

	utimer = *t;
	utimer.source = t->use_tsc ? "tsc" : clock_source;
	initialised = 1;
}

void utimer_init(int force_clock)
{
	if (initialised)
		return;
	initialised = 1;
	if (!force_clock && utimer_tsc_reliable()) {
		utimer.ns_per_tick = calibrate();
		utimer.use_tsc = 1;
		utimer.source = "tsc";
	}
	utimer.overhead_ns = utimer_measure_overhead(utimer.use_tsc);
	utimer.resolution_ns = utimer_measure_resolution(utimer.use_tsc);
}
