/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench probes: tracepoint probes attached only around runs (probes.c),
 * counting what vmstat has no event for. Counts are since load; a run
 * takes differences.
 */
#ifndef _KBENCH_PROBES_H
#define _KBENCH_PROBES_H

#include <linux/cpumask.h>
#include <linux/types.h>

struct kbench_probe_counts {
	u64 blocks, pages;	/* zone free-list blocks taken on the CPU */
	u64 refills;		/* ... of them marked percpu_refill */
	u64 drained;		/* pages the CPU's per-CPU lists gave back */
	u64 kswapd_wakeups;	/* kswapd wakeups the CPU asked for */
	u64 contended;		/* contended lock acquisitions on the CPU */
	u64 contended_zone;	/* ... of them on a zone->lock */
	u64 wait_ns;		/* their wait, summed */
	u64 purges, areas, purged;	/* lazy vmap purges, any CPU */
};

/* At load: find the tracepoints. At unload: detach what is attached. */
void kbench_probes_init(void);
void kbench_probes_exit(void);
/* The kmem tracepoints were found (KBENCH_KF_PATH_COUNTS). */
bool kbench_probes_have_paths(void);
/* ... and purge_vmap_area_lazy (KBENCH_KF_VMAP_COUNTS, >= 6.4). */
bool kbench_probes_have_vmap(void);
/* ... and lock:contention_begin/end (KBENCH_KF_LOCK_COUNTS). */
bool kbench_probes_have_locks(void);

/*
 * Around a run (may sleep): arm attaches the probes (if they are not
 * attached still) and makes them count on @cpus (the run's workers');
 * disarm stops the counting and detaches them a second later unless a
 * run re-arms. arm returns 0 or tracepoint_probe_register's errno.
 */
int kbench_probes_arm(const struct cpumask *cpus);
void kbench_probes_disarm(void);

/* @cpu's counts since load (and the purges, any CPU). */
void kbench_probes_read(unsigned int cpu, struct kbench_probe_counts *c);
/* Cheap reads for the regions' snapshots. */
u64 kbench_probes_zone_blocks(unsigned int cpu);
u64 kbench_probes_zone_pages(unsigned int cpu);

#endif /* _KBENCH_PROBES_H */
