/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench probes: tracepoint probes attached only around runs (probes.c),
 * counting what vmstat has no event for. Counts are since load; a run
 * takes differences.
 */
#ifndef _KBENCH_PROBES_H
#define _KBENCH_PROBES_H

#include <linux/types.h>

struct kbench_probe_counts {
	u64 blocks, pages;	/* zone free-list blocks taken on the run's CPU */
	u64 refills;		/* ... of them marked percpu_refill */
	u64 drained;		/* pages the run's CPU's per-CPU lists gave back */
	u64 purges, areas, purged;	/* lazy vmap purges, any CPU */
	u64 kswapd_wakeups;	/* kswapd wakeups the run's CPU asked for */
};

/* At load: find the tracepoints. At unload: detach what is attached. */
void kbench_probes_init(void);
void kbench_probes_exit(void);
/* The kmem tracepoints were found (KBENCH_KF_PATH_COUNTS). */
bool kbench_probes_have_paths(void);
/* ... and purge_vmap_area_lazy (KBENCH_KF_VMAP_COUNTS, >= 6.4). */
bool kbench_probes_have_vmap(void);

/*
 * Around a run, on its kthread (may sleep): arm attaches the probes (if
 * they are not attached still) and makes them count on @cpu; disarm stops
 * the counting and detaches them a second later unless a run re-arms.
 * arm returns 0 or tracepoint_probe_register's errno.
 */
int kbench_probes_arm(unsigned int cpu);
void kbench_probes_disarm(void);

void kbench_probes_read(struct kbench_probe_counts *c);
/* Cheap reads for the regions' snapshots. */
u64 kbench_probes_zone_blocks(void);
u64 kbench_probes_zone_pages(void);

#endif /* _KBENCH_PROBES_H */
