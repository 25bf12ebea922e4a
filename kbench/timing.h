/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench timing core: one timed region is
 *
 *	t0 = kbench_tsc();  ...batch ops...  cycles = kbench_tsc() - t0;
 *
 * rdtsc_ordered() cannot be reordered with earlier loads by the CPU; the
 * compiler barriers keep the compiler from moving the ops across it.
 * Nothing that may sleep for long (and no cond_resched()) goes inside a
 * timed region.
 */
#ifndef _KBENCH_TIMING_H
#define _KBENCH_TIMING_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/msr.h>

#include "cases.h"

static __always_inline u64 kbench_tsc(void)
{
	u64 t;

	barrier();
	t = rdtsc_ordered();
	barrier();
	return t;
}

/*
 * slowdown.c: the synthetic slowdown of slow_case (off by default).
 * kbench_slow_ns: the delay per op for kcase, looked up once per run,
 * untimed; kbench_synthetic_delay: that delay for each op of a batch.
 */
unsigned int kbench_slow_ns(const struct kbench_case *kcase);
/* At insmod: -EINVAL unless slow_case names a case and slow_ns is sane. */
int kbench_slowdown_check(void);
void kbench_synthetic_delay(const struct kbench_ctx *ctx);

/*
 * Closes a timed region of ctx: the synthetic delay (if any) lands inside
 * it, so a slowed case is measured, not faked. Other cases pay one load
 * and branch, as without the parameter: the case name is compared once per
 * run, outside the timed region (a strcmp here cost ~+50% on kfree).
 */
static __always_inline u64 kbench_tsc_stop(const struct kbench_ctx *ctx)
{
	if (unlikely(ctx->slow_ns))
		kbench_synthetic_delay(ctx);
	return kbench_tsc();
}

/* timing.c */
u64 kbench_timer_overhead(void);
u64 kbench_per_op(u64 cycles, u64 overhead, unsigned int batch,
		  bool subtract);
u64 kbench_tsc_khz(void);

#endif /* _KBENCH_TIMING_H */
