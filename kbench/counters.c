// SPDX-License-Identifier: GPL-2.0
/*
 * kbench counters: vmstat event deltas, cpu's per-CPU page list, zone->lock
 * traffic on cpu and the IPIs target CPUs received. All read outside the
 * timed regions.
 *
 * zone->lock traffic comes from two kmem tracepoints, hooked once at module
 * load: mm_page_alloc_zone_locked (a block taken from a zone free list,
 * fired under zone->lock, also for per-CPU list refills) and
 * mm_page_pcpu_drain (a page a per-CPU list gives back). vmstat has no
 * event for either. Their probes count only on the CPU of a running
 * measurement (armed for the whole run: BUDDY mode uses them untimed);
 * while kbench is loaded every zone free-list operation pays one probe
 * call (a load and a compare elsewhere), in both kernels alike.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/vmstat.h>
#include <asm/hardirq.h>

#include "counters.h"

struct kbench_counting {
	unsigned long vm0[NR_VM_EVENT_ITEMS];
	unsigned long vm1[NR_VM_EVENT_ITEMS];
	unsigned int *ipi0;		/* nr_cpu_ids entries */
	u64 blocks0, pages0, drained0;	/* probe counts at start */
	bool started;
};

/* The tracepoints and what their probes count. */
static struct tracepoint *kbench_tp_locked, *kbench_tp_drain;
static int kbench_trace_cpu = -1;	/* count on this CPU only */
static atomic64_t kbench_buddy_allocs, kbench_buddy_pages, kbench_drained;

static void kbench_probe_locked(void *data, struct page *page,
				unsigned int order, int migratetype,
				int percpu_refill)
{
	if (READ_ONCE(kbench_trace_cpu) != raw_smp_processor_id())
		return;
	atomic64_inc(&kbench_buddy_allocs);
	atomic64_add(1 << order, &kbench_buddy_pages);
}

static void kbench_probe_drain(void *data, struct page *page,
			       unsigned int order, int migratetype)
{
	if (READ_ONCE(kbench_trace_cpu) != raw_smp_processor_id())
		return;
	atomic64_add(1 << order, &kbench_drained);
}

static void kbench_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "mm_page_alloc_zone_locked"))
		kbench_tp_locked = tp;
	else if (!strcmp(tp->name, "mm_page_pcpu_drain"))
		kbench_tp_drain = tp;
}

void kbench_counters_init(void)
{
	for_each_kernel_tracepoint(kbench_find_tp, NULL);
	if (!kbench_tp_locked || !kbench_tp_drain)
		goto none;
	if (tracepoint_probe_register(kbench_tp_locked, kbench_probe_locked,
				      NULL))
		goto none;
	if (tracepoint_probe_register(kbench_tp_drain, kbench_probe_drain,
				      NULL)) {
		tracepoint_probe_unregister(kbench_tp_locked,
					    kbench_probe_locked, NULL);
		tracepoint_synchronize_unregister();
		goto none;
	}
	return;
none:
	pr_info("kmem tracepoints not available: no zone->lock counts\n");
	kbench_tp_locked = NULL;
	kbench_tp_drain = NULL;
}

void kbench_counters_exit(void)
{
	if (!kbench_tp_locked)
		return;
	tracepoint_probe_unregister(kbench_tp_locked, kbench_probe_locked, NULL);
	tracepoint_probe_unregister(kbench_tp_drain, kbench_probe_drain, NULL);
	/* No probe may still run when the module text goes away. */
	tracepoint_synchronize_unregister();
}

bool kbench_counters_have_paths(void)
{
	return kbench_tp_locked;
}

struct zone *kbench_alloc_zone(int node)
{
	int z;

	if (node < 0 || !node_online(node))
		return NULL;
	for (z = ZONE_NORMAL; z >= 0; z--) {
		struct zone *zone = &NODE_DATA(node)->node_zones[z];

		if (populated_zone(zone))
			return zone;
	}
	return NULL;
}

void kbench_pcp_read(struct zone *zone, unsigned int cpu, s32 *count,
		     s32 *high, s32 *batch)
{
	struct per_cpu_pages *pcp;

	if (!zone) {
		*count = *high = *batch = -1;
		return;
	}
	pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
	*count = READ_ONCE(pcp->count);
	*high = READ_ONCE(pcp->high);
	*batch = READ_ONCE(pcp->batch);
}

int kbench_counting_alloc(struct kbench_ctx *ctx)
{
	struct kbench_counting *k;

	k = kvzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->ipi0 = kcalloc(nr_cpu_ids, sizeof(*k->ipi0), GFP_KERNEL);
	if (!k->ipi0) {
		kvfree(k);
		return -ENOMEM;
	}
	ctx->counting = k;
	return 0;
}

void kbench_counting_free(struct kbench_ctx *ctx)
{
	struct kbench_counting *k = ctx->counting;

	if (!k)
		return;
	kfree(k->ipi0);
	kvfree(k);
	ctx->counting = NULL;
}

static unsigned int kbench_ipis(unsigned int cpu)
{
	return READ_ONCE(per_cpu(irq_stat, cpu).irq_call_count);
}

void kbench_counting_start(struct kbench_ctx *ctx)
{
	struct kbench_counting *k = ctx->counting;
	struct kbench_counters *o = &ctx->counters;
	s32 high, batch;
	unsigned int t;

	all_vm_events(k->vm0);
	for_each_cpu(t, ctx->ipi_mask)
		k->ipi0[t] = kbench_ipis(t);
	kbench_pcp_read(ctx->zone, ctx->cpu, &o->pcp_count_before, &high,
			&batch);
	k->blocks0 = atomic64_read(&kbench_buddy_allocs);
	k->pages0 = atomic64_read(&kbench_buddy_pages);
	k->drained0 = atomic64_read(&kbench_drained);
	k->started = true;
}

void kbench_counting_arm(struct kbench_ctx *ctx)
{
	WRITE_ONCE(kbench_trace_cpu, ctx->cpu);
}

void kbench_counting_disarm(void)
{
	WRITE_ONCE(kbench_trace_cpu, -1);
}

u64 kbench_zone_blocks(void)
{
	return atomic64_read(&kbench_buddy_allocs);
}

/* Sum of the per-zone events item_NORMAL - ZONE_NORMAL + zone. */
static u64 kbench_zone_events(const unsigned long *v0, const unsigned long *v1,
			      int first, int last)
{
	u64 n = 0;
	int i;

	for (i = first; i <= last; i++)
		n += v1[i] - v0[i];
	return n;
}

#define KBENCH_ZONE_ITEMS(item) \
	(item##_NORMAL - ZONE_NORMAL), (item##_NORMAL - ZONE_NORMAL + ZONE_MOVABLE)

static void kbench_ipi_stop(struct kbench_ctx *ctx)
{
	struct kbench_counters *o = &ctx->counters;
	unsigned int t;

	o->ipi_min = U64_MAX;
	for_each_cpu(t, ctx->ipi_mask) {
		u64 n = (u32)(kbench_ipis(t) - ctx->counting->ipi0[t]);

		o->ipi_targets++;
		o->ipi_sum += n;
		o->ipi_min = min(o->ipi_min, n);
		o->ipi_max = max(o->ipi_max, n);
	}
	if (!o->ipi_targets)
		o->ipi_min = 0;
}

void kbench_counting_stop(struct kbench_ctx *ctx)
{
	struct kbench_counting *k = ctx->counting;
	struct kbench_counters *o = &ctx->counters;
	const unsigned long *v0 = k->vm0, *v1 = k->vm1;

	if (!k->started)
		return;
	all_vm_events(k->vm1);
	o->vm_pgalloc = kbench_zone_events(v0, v1, KBENCH_ZONE_ITEMS(PGALLOC));
	o->vm_allocstall = kbench_zone_events(v0, v1,
					      KBENCH_ZONE_ITEMS(ALLOCSTALL));
	o->vm_pgfree = v1[PGFREE] - v0[PGFREE];
#ifdef CONFIG_COMPACTION
	o->vm_compact_stall = v1[COMPACTSTALL] - v0[COMPACTSTALL];
	o->vm_compact_fail = v1[COMPACTFAIL] - v0[COMPACTFAIL];
#endif
	o->buddy_allocs = atomic64_read(&kbench_buddy_allocs) - k->blocks0;
	o->buddy_alloc_pages = atomic64_read(&kbench_buddy_pages) - k->pages0;
	o->pcp_drain_pages = atomic64_read(&kbench_drained) - k->drained0;
	kbench_pcp_read(ctx->zone, ctx->cpu, &o->pcp_count_after, &o->pcp_high,
			&o->pcp_batch);
	kbench_ipi_stop(ctx);
	k->started = false;
}
