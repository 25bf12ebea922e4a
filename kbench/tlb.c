// SPDX-License-Identifier: GPL-2.0
/*
 * kbench TLB cases: the global kernel flush of vunmap + vm_unmap_aliases,
 * a shootdown round trip to the CPUs of one node, and a local full flush.
 */
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <linux/vmalloc.h>
#include <asm/tlbflush.h>

#include "cases.h"
#include "timing.h"

/*
 * tlb_vunmap_flush: each op vunmaps a one-page vmap of a page from
 * mem_node, then vm_unmap_aliases() purges the lazy vmap areas with a
 * kernel TLB flush on every CPU (IPIs).
 */
int kbench_tlb_vunmap_setup(struct kbench_ctx *ctx)
{
	ctx->priv = kvcalloc(ctx->batch, sizeof(struct page *), GFP_KERNEL);
	return ctx->priv ? 0 : -ENOMEM;
}

void kbench_tlb_vunmap_teardown(struct kbench_ctx *ctx)
{
	kvfree(ctx->priv);
	ctx->priv = NULL;
}

int kbench_tlb_vunmap_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct page **pages = ctx->priv;
	void **addrs = ctx->ptrs;
	unsigned int i;
	u64 t0;

	for (i = 0; i < ctx->batch; i++) {
		pages[i] = alloc_pages_node(ctx->node, KBENCH_GFP_THISNODE, 0);
		if (!pages[i])
			continue;
		if (page_to_nid(pages[i]) != ctx->node)
			ctx->misplaced++;
		addrs[i] = vmap(&pages[i], 1, VM_MAP, PAGE_KERNEL);
	}

	t0 = kbench_tsc();
	for (i = 0; i < ctx->batch; i++) {
		if (!addrs[i])
			continue;
		vunmap(addrs[i]);
		vm_unmap_aliases();
	}
	*cycles = kbench_tsc_stop(ctx) - t0;

	for (i = 0; i < ctx->batch; i++) {
		if (addrs[i])
			ctx->done++;
		else
			ctx->failed++;
		addrs[i] = NULL;
		if (pages[i])
			__free_page(pages[i]);
		pages[i] = NULL;
	}
	return 0;
}

/*
 * tlb_shootdown_node: smp_call_function_many() of a full flush to the
 * online CPUs of mem_node (minus cpu), waiting for all of them: one
 * shootdown round trip per op.
 */
struct kbench_shootdown {
	cpumask_var_t mask;
};

static void kbench_flush_ipi(void *info)
{
	__flush_tlb_all();
}

int kbench_shootdown_setup(struct kbench_ctx *ctx)
{
	struct kbench_shootdown *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	if (!zalloc_cpumask_var(&s->mask, GFP_KERNEL)) {
		kfree(s);
		return -ENOMEM;
	}
	cpumask_and(s->mask, cpumask_of_node(ctx->node), cpu_online_mask);
	cpumask_clear_cpu(ctx->cpu, s->mask);
	ctx->priv = s;
	/* Validated, but CPUs may have gone offline since. */
	if (cpumask_empty(s->mask)) {
		kbench_shootdown_teardown(ctx);
		return -ENODEV;
	}
	return 0;
}

void kbench_shootdown_teardown(struct kbench_ctx *ctx)
{
	struct kbench_shootdown *s = ctx->priv;

	free_cpumask_var(s->mask);
	kfree(s);
	ctx->priv = NULL;
}

int kbench_shootdown_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_shootdown *s = ctx->priv;
	unsigned int i;
	u64 t0;

	preempt_disable();
	t0 = kbench_tsc();
	for (i = 0; i < ctx->batch; i++)
		smp_call_function_many(s->mask, kbench_flush_ipi, NULL, true);
	*cycles = kbench_tsc_stop(ctx) - t0;
	preempt_enable();

	ctx->done += ctx->batch;
	return 0;
}

/* tlb_flush_local: __flush_tlb_all() VM_WARNs when preemptible. */
int kbench_tlb_local_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	unsigned int i;
	u64 t0;

	preempt_disable();
	t0 = kbench_tsc();
	for (i = 0; i < ctx->batch; i++)
		__flush_tlb_all();
	*cycles = kbench_tsc_stop(ctx) - t0;
	preempt_enable();

	ctx->done += ctx->batch;
	return 0;
}
