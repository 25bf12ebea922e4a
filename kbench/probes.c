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
 *   contention_begin/_end	a contended lock acquisition and its wait
 *				(optional, together)
 * The first two are required for any of them. All but the purge count per
 * CPU, on the CPUs of the armed run's workers only; purges count on every
 * CPU, as the drain work that runs them may run anywhere.
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
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>

#include "compat.h"
/* Only for the probes' prototypes (register_trace_*), never called. */
#include <trace/events/kmem.h>
#include <trace/events/lock.h>
#include <trace/events/vmscan.h>
#ifdef KBENCH_HAVE_VMAP_TP
#include <trace/events/vmalloc.h>
#endif

#include "probes.h"

/*
 * Per CPU: what the attached probes count there, while armed (the CPU is
 * a worker's). Each counter is only added to on its own CPU, with one
 * instruction (this_cpu_add: safe against the interrupts that take the
 * same paths); others read it. The contention in progress (lock, t0) is
 * timed when it is the CPU's outermost one; one that an interrupt nests
 * into it is counted, its wait is inside the outer one's.
 */
struct kbench_cpu_counts {
	struct kbench_probe_counts c;
	bool armed;
	void *lock;
	u64 t0;
};
static DEFINE_PER_CPU(struct kbench_cpu_counts, kbench_cpu_counts);

/* Lazy vmap purges, any CPU, while a run is armed. */
static struct {
	bool armed;
	atomic64_t purges, areas, purged;
} kbench_counts;

/* The zone->locks of the online nodes' populated zones, set at arm. */
#define KBENCH_MAX_ZONE_LOCKS	128
static void *kbench_zone_locks[KBENCH_MAX_ZONE_LOCKS];
static unsigned int kbench_nzone_locks;

static DEFINE_PER_CPU(unsigned long, kbench_probe_calls);

static bool kbench_on_run_cpu(void)
{
	this_cpu_inc(kbench_probe_calls);
	return this_cpu_read(kbench_cpu_counts.armed);
}

#define kbench_count_add(field, n) this_cpu_add(kbench_cpu_counts.c.field, (n))

static void kbench_probe_locked(void *data, struct page *page,
				unsigned int order, int migratetype,
				int percpu_refill)
{
	if (!kbench_on_run_cpu())
		return;
	kbench_count_add(blocks, 1);
	kbench_count_add(pages, 1 << order);
	if (percpu_refill)
		kbench_count_add(refills, 1);
}

static void kbench_probe_drain(void *data, struct page *page,
			       unsigned int order, int migratetype)
{
	if (kbench_on_run_cpu())
		kbench_count_add(drained, 1 << order);
}

static void kbench_probe_wakeup(void *data, int nid, int zid, int order,
				gfp_t gfp_flags)
{
	if (kbench_on_run_cpu())
		kbench_count_add(kswapd_wakeups, 1);
}

static bool kbench_is_zone_lock(const void *lock)
{
	unsigned int i;

	for (i = 0; i < READ_ONCE(kbench_nzone_locks); i++)
		if (kbench_zone_locks[i] == lock)
			return true;
	return false;
}

static void kbench_probe_contention_begin(void *data, void *lock,
					  unsigned int flags)
{
	struct kbench_cpu_counts *pc;

	if (!kbench_on_run_cpu())
		return;
	kbench_count_add(contended, 1);
	if (kbench_is_zone_lock(lock))
		kbench_count_add(contended_zone, 1);
	pc = this_cpu_ptr(&kbench_cpu_counts);
	if (!READ_ONCE(pc->lock)) {
		pc->t0 = local_clock();
		WRITE_ONCE(pc->lock, lock);
	}
}

static void kbench_probe_contention_end(void *data, void *lock, int ret)
{
	struct kbench_cpu_counts *pc;

	if (!kbench_on_run_cpu())
		return;
	pc = this_cpu_ptr(&kbench_cpu_counts);
	if (READ_ONCE(pc->lock) != lock)
		return;
	kbench_count_add(wait_ns, local_clock() - pc->t0);
	WRITE_ONCE(pc->lock, NULL);
}

#ifdef KBENCH_HAVE_VMAP_TP
static void kbench_probe_purge(void *data, unsigned long start,
			       unsigned long end, unsigned int npurged)
{
	this_cpu_inc(kbench_probe_calls);
	if (!READ_ONCE(kbench_counts.armed))
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
	{ "contention_begin", kbench_probe_contention_begin, false },
	{ "contention_end", kbench_probe_contention_end, false },
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
	KBENCH_CHECK_PROBE(contention_begin, kbench_probe_contention_begin);
	KBENCH_CHECK_PROBE(contention_end, kbench_probe_contention_end);
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

static bool kbench_probe_found(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kbench_probes); i++)
		if (!strcmp(kbench_probes[i].name, name))
			return kbench_probes_found && kbench_probes[i].tp;
	return false;
}

bool kbench_probes_have_vmap(void)
{
	return kbench_probe_found("purge_vmap_area_lazy");
}

bool kbench_probes_have_locks(void)
{
	return kbench_probe_found("contention_begin") &&
	       kbench_probe_found("contention_end");
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

/* The zone->lock addresses contention_begin is compared with. */
static void kbench_find_zone_locks(void)
{
	unsigned int n = 0;
	int node, z;

	for_each_online_node(node)
		for (z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &NODE_DATA(node)->node_zones[z];

			if (populated_zone(zone) && n < KBENCH_MAX_ZONE_LOCKS)
				kbench_zone_locks[n++] = &zone->lock;
		}
	WRITE_ONCE(kbench_nzone_locks, n);
}

static void kbench_set_armed(const struct cpumask *cpus, bool armed)
{
	unsigned int cpu;

	for_each_cpu(cpu, cpus) {
		struct kbench_cpu_counts *pc = per_cpu_ptr(&kbench_cpu_counts, cpu);

		WRITE_ONCE(pc->lock, NULL);
		WRITE_ONCE(pc->armed, armed);
	}
	WRITE_ONCE(kbench_counts.armed, armed);
}

int kbench_probes_arm(const struct cpumask *cpus)
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
		kbench_find_zone_locks();
		kbench_set_armed(cpus, true);
	}
	mutex_unlock(&kbench_probe_lock);
	return ret;
}

void kbench_probes_disarm(void)
{
	if (!kbench_probes_found)
		return;
	mutex_lock(&kbench_probe_lock);
	kbench_set_armed(cpu_possible_mask, false);
	kbench_in_run = false;
	mutex_unlock(&kbench_probe_lock);
	mod_delayed_work(system_wq, &kbench_linger_work, KBENCH_PROBE_LINGER);
}

void kbench_probes_read(unsigned int cpu, struct kbench_probe_counts *c)
{
	const struct kbench_probe_counts *pc =
		&per_cpu_ptr(&kbench_cpu_counts, cpu)->c;

	c->blocks = READ_ONCE(pc->blocks);
	c->pages = READ_ONCE(pc->pages);
	c->refills = READ_ONCE(pc->refills);
	c->drained = READ_ONCE(pc->drained);
	c->kswapd_wakeups = READ_ONCE(pc->kswapd_wakeups);
	c->contended = READ_ONCE(pc->contended);
	c->contended_zone = READ_ONCE(pc->contended_zone);
	c->wait_ns = READ_ONCE(pc->wait_ns);
	c->purges = atomic64_read(&kbench_counts.purges);
	c->areas = atomic64_read(&kbench_counts.areas);
	c->purged = atomic64_read(&kbench_counts.purged);
}

u64 kbench_probes_zone_blocks(unsigned int cpu)
{
	return READ_ONCE(per_cpu_ptr(&kbench_cpu_counts, cpu)->c.blocks);
}

u64 kbench_probes_zone_pages(unsigned int cpu)
{
	return READ_ONCE(per_cpu_ptr(&kbench_cpu_counts, cpu)->c.pages);
}
