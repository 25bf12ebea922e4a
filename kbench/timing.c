// SPDX-License-Identifier: GPL-2.0
/*
 * kbench timing core: timer overhead, per-op conversion, TSC frequency.
 */
#include <linux/math64.h>
#include <asm/tsc.h>

#include "timing.h"

#define KBENCH_OVERHEAD_ROUNDS	64

/*
 * Cost of an empty timed region: the minimum over 64 back-to-back pairs,
 * measured at the start of every run on the run's CPU.
 */
u64 kbench_timer_overhead(void)
{
	u64 best = U64_MAX;
	unsigned int i;

	for (i = 0; i < KBENCH_OVERHEAD_ROUNDS; i++) {
		u64 t0 = kbench_tsc();
		u64 t1 = kbench_tsc();

		if (t1 - t0 < best)
			best = t1 - t0;
	}
	return best;
}

/*
 * Per-op value of one sample: the region's cycles divided by the ops in it,
 * optionally after removing the timer overhead (clamped at 0).
 */
u64 kbench_per_op(u64 cycles, u64 overhead, unsigned int batch, bool subtract)
{
	if (subtract)
		cycles = cycles > overhead ? cycles - overhead : 0;
	/* rounded, not truncated: at batch N a cycle per op is not lost */
	return div_u64(cycles + batch / 2, batch);
}

u64 kbench_tsc_khz(void)
{
	return tsc_khz;
}
