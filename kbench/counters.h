/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench counters: what a run did beside its timed ops (uapi struct
 * kbench_counters), counted over the recorded samples, read untimed.
 */
#ifndef _KBENCH_COUNTERS_H
#define _KBENCH_COUNTERS_H

#include "cases.h"

/*
 * At module load: find the kmem tracepoints (optional). At unload: detach
 * the probes if a run left them attached (none does).
 */
void kbench_counters_init(void);
void kbench_counters_exit(void);
/* Whether the tracepoints were found (KBENCH_KF_PATH_COUNTS). */
bool kbench_counters_have_paths(void);
/* Whether the lock contention tracepoints were found (KBENCH_KF_LOCK_COUNTS). */
bool kbench_counters_have_locks(void);
/* Whether the CPUs have APERF/MPERF (KBENCH_KF_APERFMPERF). */
bool kbench_counters_have_aperfmperf(void);

/* Per run: allocate the state (ctx->counting) and free it. */
int kbench_counting_alloc(struct kbench_ctx *ctx);
void kbench_counting_free(struct kbench_ctx *ctx);

/*
 * Around a run (may sleep): arm attaches the probes, counting on the
 * workers' @cpus, before its kthreads start (0, or the errno of
 * tracepoint_probe_register: the run fails); disarm, after they ended
 * and on every error path after a successful arm, stops the counting
 * (probes.c detaches them a second later). start and stop, on a worker's
 * kthread, bracket its recorded samples and count on its CPU.
 */
int kbench_counting_arm(const struct cpumask *cpus);
void kbench_counting_disarm(void);
void kbench_counting_start(struct kbench_ctx *ctx);
void kbench_counting_stop(struct kbench_ctx *ctx);

/* Blocks taken from the zone free lists on ctx->cpu so far in this run. */
u64 kbench_zone_blocks(const struct kbench_ctx *ctx);
/* ... and their pages. */
u64 kbench_zone_pages(const struct kbench_ctx *ctx);

/* The zone GFP_KERNEL allocations on @node come from first, or NULL. */
struct zone *kbench_alloc_zone(int node);
/* cpu's per-CPU list of @zone: pages on it, high watermark, batch. */
void kbench_pcp_read(struct zone *zone, unsigned int cpu, s32 *count,
		     s32 *high, s32 *batch);

#endif /* _KBENCH_COUNTERS_H */
