// SPDX-License-Identifier: GPL-2.0
/*
 * kbench counters: what a run did beside its timed ops (uapi struct
 * kbench_counters): vmstat event deltas, cpu's per-CPU page list, the
 * tracepoint counts of probes.c (zone->lock traffic, percpu refills,
 * kswapd wakeups on cpu, lazy vmap purges anywhere), cpu's APERF/MPERF
 * and the IPIs target CPUs received. All read outside the timed regions.
 */
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmstat.h>
#include <asm/cpufeature.h>
#include <asm/hardirq.h>
#include <asm/msr.h>

#include "compat.h"
#include "counters.h"
#include "probes.h"

struct kbench_counting {
	unsigned long vm0[NR_VM_EVENT_ITEMS];
	unsigned long vm1[NR_VM_EVENT_ITEMS];
	unsigned int *ipi0;		/* nr_cpu_ids entries */
	struct kbench_probe_counts p0;	/* probe counts at start */
	u64 aperf0, mperf0;
	bool started, clock_ok;
};

void kbench_counters_init(void)
{
	kbench_probes_init();
}

void kbench_counters_exit(void)
{
	kbench_probes_exit();
}

bool kbench_counters_have_paths(void)
{
	return kbench_probes_have_paths();
}

bool kbench_counters_have_locks(void)
{
	return kbench_probes_have_locks();
}

bool kbench_counters_have_aperfmperf(void)
{
	return boot_cpu_has(X86_FEATURE_APERFMPERF);
}

/* On the run's CPU: its APERF and MPERF, false where they cannot be read. */
static bool kbench_clock_read(u64 *aperf, u64 *mperf)
{
	return kbench_counters_have_aperfmperf() &&
	       !rdmsrl_safe(MSR_IA32_APERF, aperf) &&
	       !rdmsrl_safe(MSR_IA32_MPERF, mperf);
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

/* The range pcp->high auto-tunes in (>= 6.7), else -1. */
static void kbench_pcp_high_range(struct zone *zone, unsigned int cpu,
				  s32 *high_min, s32 *high_max)
{
	*high_min = *high_max = -1;
#ifdef KBENCH_HAVE_PCP_HIGH_RANGE
	if (zone) {
		struct per_cpu_pages *pcp;

		pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);
		*high_min = READ_ONCE(pcp->high_min);
		*high_max = READ_ONCE(pcp->high_max);
	}
#endif
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
	kbench_probes_read(ctx->cpu, &k->p0);
	k->clock_ok = kbench_clock_read(&k->aperf0, &k->mperf0);
	k->started = true;
}

int kbench_counting_arm(const struct cpumask *cpus)
{
	return kbench_probes_arm(cpus);
}

void kbench_counting_disarm(void)
{
	kbench_probes_disarm();
}

u64 kbench_zone_blocks(const struct kbench_ctx *ctx)
{
	return kbench_probes_zone_blocks(ctx->cpu);
}

u64 kbench_zone_pages(const struct kbench_ctx *ctx)
{
	return kbench_probes_zone_pages(ctx->cpu);
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
	struct kbench_probe_counts p1;

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
	kbench_probes_read(ctx->cpu, &p1);
	o->buddy_allocs = p1.blocks - k->p0.blocks;
	o->buddy_alloc_pages = p1.pages - k->p0.pages;
	o->pcp_drain_pages = p1.drained - k->p0.drained;
	o->refill_blocks = p1.refills - k->p0.refills;
	o->kswapd_wakeups = p1.kswapd_wakeups - k->p0.kswapd_wakeups;
	o->vmap_purges = p1.purges - k->p0.purges;
	o->vmap_purged_areas = p1.areas - k->p0.areas;
	o->vmap_purge_pages = p1.purged - k->p0.purged;
	o->lock_contended = p1.contended - k->p0.contended;
	o->lock_contended_zone = p1.contended_zone - k->p0.contended_zone;
	o->lock_wait_ns = p1.wait_ns - k->p0.wait_ns;
	if (k->clock_ok) {
		u64 aperf, mperf;

		if (kbench_clock_read(&aperf, &mperf)) {
			o->aperf = aperf - k->aperf0;
			o->mperf = mperf - k->mperf0;
		}
	}
	kbench_pcp_read(ctx->zone, ctx->cpu, &o->pcp_count_after, &o->pcp_high,
			&o->pcp_batch);
	kbench_pcp_high_range(ctx->zone, ctx->cpu, &o->pcp_high_min,
			      &o->pcp_high_max);
	kbench_ipi_stop(ctx);
	k->started = false;
}
