/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench counters: what a run did beside its timed ops (uapi struct
 * kbench_counters), counted over the recorded samples, read untimed.
 */
#ifndef _KBENCH_COUNTERS_H
#define _KBENCH_COUNTERS_H

#include "cases.h"

/* At module load/unload: find and hook the kmem tracepoints (optional). */
void kbench_counters_init(void);
void kbench_counters_exit(void);
/* Whether the tracepoints were found (KBENCH_KF_PATH_COUNTS). */
bool kbench_counters_have_paths(void);

/* Per run: allocate the state (ctx->counting) and free it. */
int kbench_counting_alloc(struct kbench_ctx *ctx);
void kbench_counting_free(struct kbench_ctx *ctx);

/*
 * On the run's kthread (may sleep): arm the zone->lock probes for ctx->cpu
 * at the start of the run and disarm them at its end; start and stop
 * bracket the recorded samples.
 */
void kbench_counting_arm(struct kbench_ctx *ctx);
void kbench_counting_disarm(void);
void kbench_counting_start(struct kbench_ctx *ctx);
void kbench_counting_stop(struct kbench_ctx *ctx);

/* Blocks taken from the zone free lists on the armed CPU so far. */
u64 kbench_zone_blocks(void);

/* The zone GFP_KERNEL allocations on @node come from first, or NULL. */
struct zone *kbench_alloc_zone(int node);
/* cpu's per-CPU list of @zone: pages on it, high watermark, batch. */
void kbench_pcp_read(struct zone *zone, unsigned int cpu, s32 *count,
		     s32 *high, s32 *batch);

#endif /* _KBENCH_COUNTERS_H */
