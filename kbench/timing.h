/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench timing core: one timed region is
 *
 *	t0 = kbench_region_begin(ctx);  ...batch ops...
 *	cycles = kbench_region_end(ctx, t0);
 *
 * which reads the TSC on both sides and, outside the two reads, what
 * could disturb the region: the interrupts the CPU took and the kthread's
 * context switches (ctx->snap0 before, ctx->snap1 after).
 * kbench_tsc() orders each read against the ops on both sides of it, for
 * the CPU and the compiler.
 * Nothing that may sleep for long (and no cond_resched()) goes inside a
 * timed region.
 */
#ifndef _KBENCH_TIMING_H
#define _KBENCH_TIMING_H

#include <linux/compiler.h>
#include <linux/irqflags.h>
#include <linux/kernel_stat.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <asm/hardirq.h>
#include <asm/msr.h>

#include "cases.h"
#include "counters.h"

/*
 * Each read is ordered both ways (the SDM's recipe): rdtsc_ordered() is
 * RDTSCP or LFENCE;RDTSC, so every earlier instruction has completed; the
 * LFENCE after it keeps later ones from starting before the counter is
 * read, so a region's first ops cannot begin before its t0 (a 20-cycle
 * fast path would otherwise be under-counted).
 */
static __always_inline u64 kbench_tsc(void)
{
	u64 t;

	barrier();
	t = rdtsc_ordered();
	asm volatile("lfence" ::: "memory");
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
 * Interrupts @cpu took so far: device interrupts (kstat) and every x86
 * system vector the kernel counts (timer, IPIs, NMIs, irq_work, spurious,
 * thermal, MCE threshold and deferred error, the hypervisor callback and
 * Hyper-V timer vectors a guest takes, posted MSI on >= 6.10), none of
 * which kstat counts. Softirqs run on interrupt exit, so they ride on
 * these; ksoftirqd shows up as a context switch. Invisible here: SMIs,
 * steal time, and softirqs run at local_bh_enable() inside an op.
 */
static __always_inline u64 kbench_cpu_irqs(unsigned int cpu)
{
	const irq_cpustat_t *st = &per_cpu(irq_stat, cpu);
	u64 n = kstat_cpu_irqs_sum(cpu);

	n += st->__nmi_count + st->x86_platform_ipis + st->apic_perf_irqs +
	     st->apic_irq_work_irqs + st->irq_tlb_count;
#ifdef CONFIG_X86_LOCAL_APIC
	n += st->apic_timer_irqs + st->irq_spurious_count;
#endif
#ifdef CONFIG_SMP
	n += st->irq_resched_count + st->irq_call_count;
#endif
#ifdef CONFIG_X86_THERMAL_VECTOR
	n += st->irq_thermal_count;
#endif
#ifdef CONFIG_X86_MCE_THRESHOLD
	n += st->irq_threshold_count;
#endif
#ifdef CONFIG_X86_MCE_AMD
	n += st->irq_deferred_error_count;
#endif
#ifdef CONFIG_X86_HV_CALLBACK_VECTOR
	n += st->irq_hv_callback_count;
#endif
#if IS_ENABLED(CONFIG_HYPERV)
	n += st->irq_hv_reenlightenment_count + st->hyperv_stimer0_count;
#endif
#ifdef CONFIG_X86_POSTED_MSI
	n += st->posted_msi_notification_count;
#endif
	return n;
}

static __always_inline void kbench_snap(const struct kbench_ctx *ctx,
					struct kbench_snap *s)
{
	s->irqs = kbench_cpu_irqs(ctx->cpu);
	s->switches = current->nvcsw + current->nivcsw;
	s->zone_blocks = kbench_zone_blocks(ctx);
	s->zone_pages = kbench_zone_pages(ctx);
}

/*
 * Opens a timed region: what disturbs it is read first, untimed. A case
 * whose table entry says preempt_off runs its regions with preemption off
 * (atomic-context callers; smp_call_function_many and __flush_tlb_all
 * need it), irqs_off with IRQs off too (GFP_ATOMIC callers: interrupts
 * wait until the region's end, so only NMIs can disturb it), from here to
 * the end of kbench_region_end.
 */
static __always_inline u64 kbench_region_begin(struct kbench_ctx *ctx)
{
	if (ctx->kcase->preempt_off)
		preempt_disable();
	if (ctx->kcase->irqs_off)
		local_irq_save(ctx->irq_flags);
	kbench_snap(ctx, &ctx->snap0);
	return kbench_tsc();
}

/*
 * Closes a timed region of ctx and returns its cycles: the synthetic delay
 * (if any) lands inside it, so a slowed case is measured, not faked. Other
 * cases pay one load and branch, as without the parameter: the case name
 * is compared once per run, outside the timed region (a strcmp here cost
 * ~+50% on kfree). The disturbance counters are read after the TSC.
 */
static __always_inline u64 kbench_region_end(struct kbench_ctx *ctx, u64 t0)
{
	u64 t;

	if (unlikely(ctx->slow_ns))
		kbench_synthetic_delay(ctx);
	t = kbench_tsc();
	kbench_snap(ctx, &ctx->snap1);
	if (ctx->kcase->irqs_off)
		local_irq_restore(ctx->irq_flags);
	if (ctx->kcase->preempt_off)
		preempt_enable();
	return t - t0;
}

/* timing.c */
u64 kbench_timer_overhead(void);
u64 kbench_per_op(u64 cycles, u64 overhead, unsigned int batch,
		  bool subtract);
u64 kbench_tsc_khz(void);

#endif /* _KBENCH_TIMING_H */
