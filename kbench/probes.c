// SPDX-License-Identifier: GPL-2.0
/*
 * kbench probes: what vmstat has no event for, from tracepoints found once
 * at module load:
 *   mm_page_alloc_zone_locked  a block taken from a zone free list, under
 *				zone->lock (per-CPU list refills included)
 *   mm_page_pcpu_drain		a page a per-CPU list gives back
 *   purge_vmap_area_lazy	a purge of lazily freed vmap areas and its
 *				TLB flush (>= 6.4; optional)
 *   mm_vmscan_wakeup_kswapd	an allocation waking kswapd (optional)
 * The first two are required for any of them. All but the purge count on
 * the run's CPU only; purges count on every CPU, as the drain work that
 * runs them may run anywhere.
 *
 * The probes are attached when a run is armed; at disarm they stop
 * counting and stay attached for KBENCH_PROBE_LINGER more, so that the
 * requests of a benchmark, back to back, do not each pay the attach and
 * detach (static keys flipped, text patched, RCU and SRCU grace periods:
 * ~35 ms per request in a TCG guest, tens of ms on a loaded server). A
 * second after the last run no probe is attached: a zone free-list
 * operation anywhere costs what it costs without kbench (a static branch
 * not taken). probe_calls (module parameter, read-only) counts every call
 * of the probes on every CPU since load, so a test can see that none
 * happens once they are detached.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>

#include "compat.h"
/* Only for the probes' prototypes (register_trace_*), never called. */
#include <trace/events/kmem.h>
#include <trace/events/vmscan.h>
#ifdef KBENCH_HAVE_VMAP_TP
#include <trace/events/vmalloc.h>
#endif

#include "probes.h"

/* What the attached probes count into; cpu is the armed run's, else -1. */
static struct {
	int cpu;
	atomic64_t blocks, pages, refills, drained;
	atomic64_t purges, areas, purged, wakeups;
} kbench_counts = { .cpu = -1 };

static DEFINE_PER_CPU(unsigned long, kbench_probe_calls);

static bool kbench_on_run_cpu(void)
{
	this_cpu_inc(kbench_probe_calls);
	return READ_ONCE(kbench_counts.cpu) == raw_smp_processor_id();
}

static void kbench_probe_locked(void *data, struct page *page,
				unsigned int order, int migratetype,
				int percpu_refill)
{
	if (!kbench_on_run_cpu())
		return;
	atomic64_inc(&kbench_counts.blocks);
	atomic64_add(1 << order, &kbench_counts.pages);
	if (percpu_refill)
		atomic64_inc(&kbench_counts.refills);
}

static void kbench_probe_drain(void *data, struct page *page,
			       unsigned int order, int migratetype)
{
	if (kbench_on_run_cpu())
		atomic64_add(1 << order, &kbench_counts.drained);
}

static void kbench_probe_wakeup(void *data, int nid, int zid, int order,
				gfp_t gfp_flags)
{
	if (kbench_on_run_cpu())
		atomic64_inc(&kbench_counts.wakeups);
}

#ifdef KBENCH_HAVE_VMAP_TP
static void kbench_probe_purge(void *data, unsigned long start,
			       unsigned long end, unsigned int npurged)
{
	this_cpu_inc(kbench_probe_calls);
	if (READ_ONCE(kbench_counts.cpu) < 0)
		return;
	atomic64_inc(&kbench_counts.purges);
	atomic64_add(npurged, &kbench_counts.areas);
	if (end > start)
		atomic64_add((end - start) >> PAGE_SHIFT, &kbench_counts.purged);
}
#endif

/*
 * The probes are registered through struct tracepoint (these tracepoints
 * are not exported), which takes them as void *: check them against the
 * prototypes the tracepoints declare, as register_trace_*() would. At
 * compile time only.
 */
#define KBENCH_CHECK_PROBE(tp, probe)					\
	BUILD_BUG_ON(!__same_type(&register_trace_##tp,			\
				  int (*)(typeof(&(probe)), void *)))

struct kbench_probe {
	const char *name;
	void *fn;
	bool required;
	struct tracepoint *tp;	/* found at load, or NULL */
};

static struct kbench_probe kbench_probes[] = {
	{ "mm_page_alloc_zone_locked", kbench_probe_locked, true },
	{ "mm_page_pcpu_drain", kbench_probe_drain, true },
	{ "mm_vmscan_wakeup_kswapd", kbench_probe_wakeup, false },
#ifdef KBENCH_HAVE_VMAP_TP
	{ "purge_vmap_area_lazy", kbench_probe_purge, false },
#endif
};
static bool kbench_probes_found;

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
		 "calls of the tracepoint probes on all CPUs since load (read-only; they are attached during runs only)");

static void kbench_find_tp(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kbench_probes); i++)
		if (!strcmp(tp->name, kbench_probes[i].name))
			kbench_probes[i].tp = tp;
}

void kbench_probes_init(void)
{
	unsigned int i;

	KBENCH_CHECK_PROBE(mm_page_alloc_zone_locked, kbench_probe_locked);
	KBENCH_CHECK_PROBE(mm_page_pcpu_drain, kbench_probe_drain);
	KBENCH_CHECK_PROBE(mm_vmscan_wakeup_kswapd, kbench_probe_wakeup);
#ifdef KBENCH_HAVE_VMAP_TP
	KBENCH_CHECK_PROBE(purge_vmap_area_lazy, kbench_probe_purge);
#endif
	for_each_kernel_tracepoint(kbench_find_tp, NULL);
	kbench_probes_found = true;
	for (i = 0; i < ARRAY_SIZE(kbench_probes); i++)
		if (kbench_probes[i].required && !kbench_probes[i].tp)
			kbench_probes_found = false;
	if (!kbench_probes_found)
		pr_info("kmem tracepoints not available: no zone->lock counts\n");
}

bool kbench_probes_have_paths(void)
{
	return kbench_probes_found;
}

bool kbench_probes_have_vmap(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kbench_probes); i++)
		if (!strcmp(kbench_probes[i].name, "purge_vmap_area_lazy"))
			return kbench_probes_found && kbench_probes[i].tp;
	return false;
}

/* Attached this long after a run's disarm (the next request re-arms). */
#define KBENCH_PROBE_LINGER	HZ
static DEFINE_MUTEX(kbench_probe_lock);	/* attached, in_run */
static bool kbench_attached, kbench_in_run;
static void kbench_linger_end(struct work_struct *work);
static DECLARE_DELAYED_WORK(kbench_linger_work, kbench_linger_end);

/* Detach the first @n probes; none runs any more on return. */
static void kbench_detach(unsigned int n)
{
	while (n--)
		if (kbench_probes[n].tp)
			WARN_ON_ONCE(tracepoint_probe_unregister(kbench_probes[n].tp,
								 kbench_probes[n].fn,
								 NULL));
	/* Probes already running on other CPUs finish before this returns. */
	tracepoint_synchronize_unregister();
}

static int kbench_attach(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(kbench_probes); i++) {
		if (!kbench_probes[i].tp)
			continue;
		ret = tracepoint_probe_register(kbench_probes[i].tp,
						kbench_probes[i].fn, NULL);
		if (ret) {
			kbench_detach(i);
			return ret;
		}
	}
	return 0;
}

/* The linger after the last run is over: detach, unless a run re-armed. */
static void kbench_linger_end(struct work_struct *work)
{
	mutex_lock(&kbench_probe_lock);
	if (kbench_attached && !kbench_in_run) {
		kbench_detach(ARRAY_SIZE(kbench_probes));
		kbench_attached = false;
	}
	mutex_unlock(&kbench_probe_lock);
}

void kbench_probes_exit(void)
{
	cancel_delayed_work_sync(&kbench_linger_work);
	mutex_lock(&kbench_probe_lock);
	if (kbench_attached) {
		kbench_detach(ARRAY_SIZE(kbench_probes));
		kbench_attached = false;
	}
	mutex_unlock(&kbench_probe_lock);
}

int kbench_probes_arm(unsigned int cpu)
{
	int ret = 0;

	if (!kbench_probes_found)
		return 0;	/* no path counts: KBENCH_KF_PATH_COUNTS is clear */
	mutex_lock(&kbench_probe_lock);
	if (!kbench_attached) {
		ret = kbench_attach();
		kbench_attached = !ret;
	}
	if (!ret) {
		kbench_in_run = true;
		WRITE_ONCE(kbench_counts.cpu, cpu);
	}
	mutex_unlock(&kbench_probe_lock);
	return ret;
}

void kbench_probes_disarm(void)
{
	if (!kbench_probes_found)
		return;
	mutex_lock(&kbench_probe_lock);
	WRITE_ONCE(kbench_counts.cpu, -1);
	kbench_in_run = false;
	mutex_unlock(&kbench_probe_lock);
	mod_delayed_work(system_wq, &kbench_linger_work, KBENCH_PROBE_LINGER);
}

void kbench_probes_read(struct kbench_probe_counts *c)
{
	c->blocks = atomic64_read(&kbench_counts.blocks);
	c->pages = atomic64_read(&kbench_counts.pages);
	c->refills = atomic64_read(&kbench_counts.refills);
	c->drained = atomic64_read(&kbench_counts.drained);
	c->purges = atomic64_read(&kbench_counts.purges);
	c->areas = atomic64_read(&kbench_counts.areas);
	c->purged = atomic64_read(&kbench_counts.purged);
	c->kswapd_wakeups = atomic64_read(&kbench_counts.wakeups);
}

u64 kbench_probes_zone_blocks(void)
{
	return atomic64_read(&kbench_counts.blocks);
}

u64 kbench_probes_zone_pages(void)
{
	return atomic64_read(&kbench_counts.pages);
}
