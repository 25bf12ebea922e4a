// SPDX-License-Identifier: GPL-2.0
/*
 * kbench counters: vmstat event deltas, cpu's per-CPU page list, zone->lock
 * traffic on cpu, lazy vmap purges, cpu's APERF/MPERF and the IPIs target
 * CPUs received. All read outside the timed regions.
 *
 * zone->lock traffic comes from two kmem tracepoints, found once at module
 * load: mm_page_alloc_zone_locked (a block taken from a zone free list,
 * fired under zone->lock, also for per-CPU list refills) and
 * mm_page_pcpu_drain (a page a per-CPU list gives back); on >= 6.4 also
 * purge_vmap_area_lazy (a purge of lazily freed vmap areas and its TLB
 * flush, counted on every CPU: the drain work runs anywhere). vmstat has
 * no event for any of them. Their probes are attached when a run is armed and
 * count only on the run's CPU; at disarm they stop counting, and stay
 * attached for KBENCH_PROBE_LINGER more, so that the requests of a
 * benchmark, back to back, do not each pay the attach and detach (static
 * keys flipped, text patched, RCU and SRCU grace periods: ~35 ms per
 * request in a TCG guest, tens of ms on a loaded server). A second after
 * the last run no probe is attached: a zone free-list operation anywhere
 * costs what it costs without kbench (a static branch not taken).
 * probe_calls (module parameter, read-only) counts every call of the
 * probes on every CPU since load, so a test can see that none happens
 * once they are detached.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>
#include <linux/vmstat.h>
#include <asm/cpufeature.h>
#include <asm/hardirq.h>
#include <asm/msr.h>
#include "compat.h"
/* Only for the probes' prototypes (register_trace_*), never called. */
#include <trace/events/kmem.h>
#ifdef KBENCH_HAVE_VMAP_TP
#include <trace/events/vmalloc.h>
#endif

#include "counters.h"

struct kbench_counting {
	unsigned long vm0[NR_VM_EVENT_ITEMS];
	unsigned long vm1[NR_VM_EVENT_ITEMS];
	unsigned int *ipi0;		/* nr_cpu_ids entries */
	u64 blocks0, pages0, drained0, refills0;	/* probe counts at start */
	u64 purges0, areas0, purged0;
	u64 aperf0, mperf0;
	bool started, clock_ok;
};

/*
 * What the attached probes count into: the module's, not a run's, so the
 * probes can stay attached from one run to the next. They count on @cpu
 * only, the armed run's CPU; -1 between runs.
 */
struct kbench_probe_state {
	int cpu;
	atomic64_t blocks, pages, drained, refills;
	atomic64_t purges, areas, purged;	/* any CPU's, while armed */
};
static struct kbench_probe_state kbench_probes = { .cpu = -1 };

/* The tracepoints (found at load, or NULL: no path counts). */
static struct tracepoint *kbench_tp_locked, *kbench_tp_drain, *kbench_tp_purge;
static DEFINE_PER_CPU(unsigned long, kbench_probe_calls);

/* Attached this long after a run's disarm (the next request re-arms). */
#define KBENCH_PROBE_LINGER	HZ
static DEFINE_MUTEX(kbench_probe_lock);	/* attached, in_run */
static bool kbench_attached, kbench_in_run;
static void kbench_linger_end(struct work_struct *work);
static DECLARE_DELAYED_WORK(kbench_linger_work, kbench_linger_end);

static void kbench_probe_locked(void *data, struct page *page,
				unsigned int order, int migratetype,
				int percpu_refill)
{
	struct kbench_probe_state *k = data;

	this_cpu_inc(kbench_probe_calls);
	if (READ_ONCE(k->cpu) != raw_smp_processor_id())
		return;
	atomic64_inc(&k->blocks);
	atomic64_add(1 << order, &k->pages);
	if (percpu_refill)
		atomic64_inc(&k->refills);
}

static void kbench_probe_drain(void *data, struct page *page,
			       unsigned int order, int migratetype)
{
	struct kbench_probe_state *k = data;

	this_cpu_inc(kbench_probe_calls);
	if (READ_ONCE(k->cpu) != raw_smp_processor_id())
		return;
	atomic64_add(1 << order, &k->drained);
}

#ifdef KBENCH_HAVE_VMAP_TP
static void kbench_probe_purge(void *data, unsigned long start,
			       unsigned long end, unsigned int npurged)
{
	struct kbench_probe_state *k = data;

	this_cpu_inc(kbench_probe_calls);
	if (READ_ONCE(k->cpu) < 0)
		return;
	atomic64_inc(&k->purges);
	atomic64_add(npurged, &k->areas);
	if (end > start)
		atomic64_add((end - start) >> PAGE_SHIFT, &k->purged);
}
#endif

/*
 * The probes are registered through struct tracepoint (the kmem
 * tracepoints are not exported), which takes them as void *: check them
 * against the prototypes the tracepoints declare, as register_trace_*()
 * would. Both are evaluated at compile time only.
 */
#define KBENCH_CHECK_PROBE(tp, probe)					\
	BUILD_BUG_ON(!__same_type(&register_trace_##tp,			\
				  int (*)(typeof(&(probe)), void *)))

static int kbench_probe_calls_get(char *buf, const struct kernel_param *kp)
{
	unsigned long n = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		n += per_cpu(kbench_probe_calls, cpu);
	return scnprintf(buf, PAGE_SIZE, "%lu\n", n);
}

static int kbench_probe_calls_set(const char *val,
				  const struct kernel_param *kp)
{
	return -EPERM;
}

static const struct kernel_param_ops kbench_probe_calls_ops = {
	.set = kbench_probe_calls_set,
	.get = kbench_probe_calls_get,
};
module_param_cb(probe_calls, &kbench_probe_calls_ops, NULL, 0444);
MODULE_PARM_DESC(probe_calls,
		 "calls of the kmem tracepoint probes on all CPUs since load (read-only; they are attached during runs only)");

static void kbench_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "mm_page_alloc_zone_locked"))
		kbench_tp_locked = tp;
	else if (!strcmp(tp->name, "mm_page_pcpu_drain"))
		kbench_tp_drain = tp;
#ifdef KBENCH_HAVE_VMAP_TP
	else if (!strcmp(tp->name, "purge_vmap_area_lazy"))
		kbench_tp_purge = tp;
#endif
}

void kbench_counters_init(void)
{
	KBENCH_CHECK_PROBE(mm_page_alloc_zone_locked, kbench_probe_locked);
	KBENCH_CHECK_PROBE(mm_page_pcpu_drain, kbench_probe_drain);
#ifdef KBENCH_HAVE_VMAP_TP
	KBENCH_CHECK_PROBE(purge_vmap_area_lazy, kbench_probe_purge);
#endif

	for_each_kernel_tracepoint(kbench_find_tp, NULL);
	if (kbench_tp_locked && kbench_tp_drain)
		return;
	pr_info("kmem tracepoints not available: no zone->lock counts\n");
	kbench_tp_locked = NULL;
	kbench_tp_drain = NULL;
	kbench_tp_purge = NULL;
}

/* Detach the probes; none runs any more on return (kbench_probe_lock). */
static void kbench_probes_detach(void)
{
#ifdef KBENCH_HAVE_VMAP_TP
	if (kbench_tp_purge)
		WARN_ON_ONCE(tracepoint_probe_unregister(kbench_tp_purge,
							 kbench_probe_purge,
							 &kbench_probes));
#endif
	WARN_ON_ONCE(tracepoint_probe_unregister(kbench_tp_drain,
						 kbench_probe_drain,
						 &kbench_probes));
	WARN_ON_ONCE(tracepoint_probe_unregister(kbench_tp_locked,
						 kbench_probe_locked,
						 &kbench_probes));
	/* Probes already running on other CPUs finish before this returns. */
	tracepoint_synchronize_unregister();
	kbench_attached = false;
}

/* The linger after the last run is over: detach, unless a run re-armed. */
static void kbench_linger_end(struct work_struct *work)
{
	mutex_lock(&kbench_probe_lock);
	if (kbench_attached && !kbench_in_run)
		kbench_probes_detach();
	mutex_unlock(&kbench_probe_lock);
}

void kbench_counters_exit(void)
{
	cancel_delayed_work_sync(&kbench_linger_work);
	mutex_lock(&kbench_probe_lock);
	if (kbench_attached)
		kbench_probes_detach();
	mutex_unlock(&kbench_probe_lock);
}

bool kbench_counters_have_paths(void)
{
	return kbench_tp_locked;
}

bool kbench_counters_have_vmap(void)
{
	return kbench_tp_locked && kbench_tp_purge;
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
	k->blocks0 = atomic64_read(&kbench_probes.blocks);
	k->pages0 = atomic64_read(&kbench_probes.pages);
	k->drained0 = atomic64_read(&kbench_probes.drained);
	k->refills0 = atomic64_read(&kbench_probes.refills);
	k->purges0 = atomic64_read(&kbench_probes.purges);
	k->areas0 = atomic64_read(&kbench_probes.areas);
	k->purged0 = atomic64_read(&kbench_probes.purged);
	k->clock_ok = kbench_clock_read(&k->aperf0, &k->mperf0);
	k->started = true;
}

int kbench_counting_arm(struct kbench_ctx *ctx)
{
	int ret = 0;

	if (!kbench_tp_locked)
		return 0;	/* no path counts: KBENCH_KF_PATH_COUNTS is clear */
	mutex_lock(&kbench_probe_lock);
	kbench_in_run = true;
	if (!kbench_attached) {
		ret = tracepoint_probe_register(kbench_tp_locked,
						kbench_probe_locked,
						&kbench_probes);
		if (ret)
			goto out;
		ret = tracepoint_probe_register(kbench_tp_drain,
						kbench_probe_drain,
						&kbench_probes);
		if (ret) {
			tracepoint_probe_unregister(kbench_tp_locked,
						    kbench_probe_locked,
						    &kbench_probes);
			tracepoint_synchronize_unregister();
			goto out;
		}
#ifdef KBENCH_HAVE_VMAP_TP
		/* optional: without it the vmap_* counters stay 0 */
		if (kbench_tp_purge &&
		    tracepoint_probe_register(kbench_tp_purge,
					      kbench_probe_purge,
					      &kbench_probes))
			kbench_tp_purge = NULL;
#endif
		kbench_attached = true;
	}
	WRITE_ONCE(kbench_probes.cpu, ctx->cpu);
out:
	if (ret)
		kbench_in_run = false;
	mutex_unlock(&kbench_probe_lock);
	return ret;
}

void kbench_counting_disarm(struct kbench_ctx *ctx)
{
	if (!kbench_tp_locked)
		return;
	mutex_lock(&kbench_probe_lock);
	WRITE_ONCE(kbench_probes.cpu, -1);
	kbench_in_run = false;
	mutex_unlock(&kbench_probe_lock);
	mod_delayed_work(system_wq, &kbench_linger_work, KBENCH_PROBE_LINGER);
}

u64 kbench_zone_blocks(const struct kbench_ctx *ctx)
{
	return atomic64_read(&kbench_probes.blocks);
}

u64 kbench_zone_pages(const struct kbench_ctx *ctx)
{
	return atomic64_read(&kbench_probes.pages);
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
	o->buddy_allocs = atomic64_read(&kbench_probes.blocks) - k->blocks0;
	o->buddy_alloc_pages = atomic64_read(&kbench_probes.pages) - k->pages0;
	o->pcp_drain_pages = atomic64_read(&kbench_probes.drained) -
			     k->drained0;
	o->refill_blocks = atomic64_read(&kbench_probes.refills) - k->refills0;
	o->vmap_purges = atomic64_read(&kbench_probes.purges) - k->purges0;
	o->vmap_purged_areas = atomic64_read(&kbench_probes.areas) - k->areas0;
	o->vmap_purge_pages = atomic64_read(&kbench_probes.purged) -
			      k->purged0;
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
