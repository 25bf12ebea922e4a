// SPDX-License-Identifier: GPL-2.0
/*
 * kbench TLB cases: a kernel TLB flush of a known range (vunmap +
 * vm_unmap_aliases), an IPI round trip that flushes the TLBs of the CPUs
 * of one node (idle or busy), and a local full flush. The IPI cases count the function-call
 * IPIs every target received (counters.c, from ctx->ipi_mask).
 */
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <linux/vmalloc.h>
#include <asm/tlbflush.h>

#include "cases.h"
#include "helper.h"
#include "timing.h"

/*
 * tlb_kernel_flush: each op vunmaps a vmap of size/PAGE_SIZE pages, then
 * vm_unmap_aliases() purges it: flush_tlb_kernel_range() over the area and
 * its guard page on every CPU. An untimed vm_unmap_aliases() before the
 * sample empties the lazy list, so the range is this area's, recorded in
 * counters.flush_pages (what the purges really flushed, other CPUs' lazy
 * areas included, is in counters.vmap_* on >= 6.4). x86 flushes such a
 * range page by page (INVLPG) up to tlb_single_page_flush_ceiling pages
 * (33 by default) and fully above. The pages come from cpu's node; their
 * node does not matter.
 *
 * vm_unmap_aliases() costs something with nothing to purge too: two walks
 * of every CPU's vmap blocks, vmap_purge_lock, and on >= 6.9 the per-node
 * pool decay. That idle cost (the minimum of 16 calls after an untimed
 * one, at setup) is counters.baseline_cycles and is subtracted from each
 * op, so an op is the unmap, purge and flush of its own area.
 */
#define KBENCH_BASELINE_CALLS	16

struct kbench_tlb_kernel {
	struct page **pages;
	unsigned int npages;
};

/* Untimed, at setup: vm_unmap_aliases() with nothing of ours lazy. */
static u64 kbench_idle_purge_cycles(void)
{
	u64 best = U64_MAX, overhead = kbench_timer_overhead();
	unsigned int i;

	vm_unmap_aliases();
	for (i = 0; i < KBENCH_BASELINE_CALLS; i++) {
		u64 t0 = kbench_tsc();

		vm_unmap_aliases();
		best = min(best, kbench_tsc() - t0);
	}
	return best > overhead ? best - overhead : 0;
}

int kbench_tlb_kernel_setup(struct kbench_ctx *ctx)
{
	struct kbench_tlb_kernel *t;
	unsigned int i;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->npages = DIV_ROUND_UP(ctx->size, PAGE_SIZE);
	t->pages = kvcalloc(t->npages, sizeof(*t->pages), GFP_KERNEL);
	if (!t->pages)
		goto err;
	ctx->priv = t;
	for (i = 0; i < t->npages; i++) {
		t->pages[i] = alloc_page(KBENCH_GFP);
		if (!t->pages[i]) {
			kbench_tlb_kernel_teardown(ctx);
			return -ENOMEM;
		}
	}
	cpumask_copy(ctx->ipi_mask, cpu_online_mask);
	cpumask_clear_cpu(ctx->cpu, ctx->ipi_mask);
	ctx->counters.flush_pages = t->npages + 1;
	ctx->counters.baseline_cycles = kbench_idle_purge_cycles();
	return 0;
err:
	kfree(t);
	return -ENOMEM;
}

void kbench_tlb_kernel_teardown(struct kbench_ctx *ctx)
{
	struct kbench_tlb_kernel *t = ctx->priv;
	unsigned int i;

	for (i = 0; i < t->npages; i++)
		if (t->pages[i])
			__free_page(t->pages[i]);
	kvfree(t->pages);
	kfree(t);
	ctx->priv = NULL;
}

int kbench_tlb_kernel_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_tlb_kernel *t = ctx->priv;
	u64 idle = ctx->counters.baseline_cycles, t0;
	void **addrs = ctx->ptrs;
	unsigned int i, purges = 0;

	vm_unmap_aliases();
	for (i = 0; i < ctx->batch; i++)
		addrs[i] = vmap(t->pages, t->npages, VM_MAP, PAGE_KERNEL);

	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++) {
		if (!addrs[i])
			continue;
		vunmap(addrs[i]);
		vm_unmap_aliases();
	}
	*cycles = kbench_region_end(ctx, t0);

	for (i = 0; i < ctx->batch; i++)
		purges += !!addrs[i];
	*cycles -= min(*cycles, (u64)purges * idle);
	for (i = 0; i < ctx->batch; i++) {
		if (addrs[i])
			ctx->done++;
		else
			ctx->failed++;
		addrs[i] = NULL;
	}
	return 0;
}

/*
 * tlb_ipi_flush_node: smp_call_function_many() of a full flush
 * (__flush_tlb_all) to the online CPUs of mem_node (minus cpu), waiting for
 * all of them: one IPI round trip per op. Not the kernel's shootdown path
 * (flush_tlb_mm_range / flush_tlb_kernel_range, which flush ranges, skip
 * lazy CPUs and batch): the cost of reaching a node's CPUs and a full
 * flush on each. Idle targets pay their C-state exit; with
 * KBENCH_MODE_BUSY a kthread spins on each target instead, started before
 * the first sample; one moved off its target (offline) ends the run, ENXIO.
 */
struct kbench_ipi_flush {
	struct kbench_helper *spinners;	/* nr_cpu_ids entries */
};

static void kbench_flush_ipi(void *info)
{
	__flush_tlb_all();
}

/* A busy target's step: spin (helper.c calls it again and again). */
static void kbench_spin(void *arg)
{
	cpu_relax();
}

/* Every spinner running on its target before the first sample. */
static int kbench_spinners_start(struct kbench_ctx *ctx,
				 struct kbench_ipi_flush *s)
{
	unsigned int t;
	int ret;

	for_each_cpu(t, ctx->ipi_mask) {
		ret = kbench_helper_start(&s->spinners[t], t, kbench_spin, NULL,
					  "kbench_spin/%u");
		if (ret)
			return ret;
	}
	return 0;
}

/* Has a spinner been moved off its target (the target went offline)? */
static bool kbench_spinner_lost(struct kbench_ctx *ctx,
				struct kbench_ipi_flush *s)
{
	unsigned int t;

	if (ctx->mode != KBENCH_MODE_BUSY)
		return false;
	for_each_cpu(t, ctx->ipi_mask)
		if (kbench_helper_lost(&s->spinners[t]))
			return true;
	return false;
}

int kbench_ipi_flush_setup(struct kbench_ctx *ctx)
{
	struct kbench_ipi_flush *s;
	int ret;

	cpumask_and(ctx->ipi_mask, cpumask_of_node(ctx->node), cpu_online_mask);
	cpumask_clear_cpu(ctx->cpu, ctx->ipi_mask);
	/* Validated, but CPUs may have gone offline since. */
	if (cpumask_empty(ctx->ipi_mask))
		return -ENODEV;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->spinners = kcalloc(nr_cpu_ids, sizeof(*s->spinners), GFP_KERNEL);
	if (!s->spinners) {
		kfree(s);
		return -ENOMEM;
	}
	ctx->priv = s;
	if (ctx->mode != KBENCH_MODE_BUSY)
		return 0;
	ret = kbench_spinners_start(ctx, s);
	if (ret)
		kbench_ipi_flush_teardown(ctx);
	return ret;
}

void kbench_ipi_flush_teardown(struct kbench_ctx *ctx)
{
	struct kbench_ipi_flush *s = ctx->priv;
	unsigned int t;

	for (t = 0; t < nr_cpu_ids; t++)
		kbench_helper_stop(&s->spinners[t]);
	kfree(s->spinners);
	kfree(s);
	ctx->priv = NULL;
}

int kbench_ipi_flush_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	unsigned int i;
	u64 t0;

	/* a busy target that went offline would be idle from now on */
	if (kbench_spinner_lost(ctx, ctx->priv))
		return -ENXIO;
	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++)
		smp_call_function_many(ctx->ipi_mask, kbench_flush_ipi, NULL,
				       true);
	*cycles = kbench_region_end(ctx, t0);

	ctx->done += ctx->batch;
	return 0;
}

/* tlb_flush_local: __flush_tlb_all() VM_WARNs when preemptible (preempt_off). */
int kbench_tlb_local_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	unsigned int i;
	u64 t0;

	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++)
		__flush_tlb_all();
	*cycles = kbench_region_end(ctx, t0);

	ctx->done += ctx->batch;
	return 0;
}
