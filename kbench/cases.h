/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench cases: the case table (cases.c) and the per-family callbacks
 * (buddy.c, slab.c, vmalloc.c, tlb.c) it points to.
 *
 * Contract of a case's callbacks, all called on the run's kthread, pinned
 * to ctx->cpu, in process context:
 *   setup(ctx)	   optional, untimed, before the first sample; may set
 *		   ctx->priv. A nonzero return aborts the run (no teardown).
 *   sample(ctx)   one sample: untimed preparation, ONE timed region of
 *		   ctx->batch ops (kbench_tsc() pair, see timing.h), untimed
 *		   cleanup that frees everything the sample allocated. Stores
 *		   the region's cycles in *cycles. An op that fails counts in
 *		   ctx->failed and the sample is still recorded; a nonzero
 *		   return is for failures of the harness itself and aborts
 *		   the run (teardown still runs).
 *   teardown(ctx) optional, untimed, frees what setup allocated.
 * Counters (done, failed, misplaced) are updated by sample(); the engine
 * zeroes them after the warm-up, so they cover the recorded samples only.
 */
#ifndef _KBENCH_CASES_H
#define _KBENCH_CASES_H

#include <linux/types.h>
#include <linux/gfp.h>

#include "uapi/kbench.h"

/* Allocations that must come from ctx->node and nowhere else. */
#define KBENCH_GFP_THISNODE	(GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN)
/* Allocations that prefer ctx->node; placement is verified, not forced. */
#define KBENCH_GFP		(GFP_KERNEL | __GFP_NOWARN)

struct kbench_case;

struct kbench_ctx {
	/* The validated request. */
	const struct kbench_case *kcase;
	unsigned int cpu;		/* timed side runs here */
	unsigned int peer_cpu;		/* KBENCH_CF_PEER_CPU only */
	int node;			/* mem_node (or target node) */
	unsigned int order;		/* PARAM_ORDER */
	size_t size;			/* PARAM_SIZE */
	unsigned int batch;		/* ops per timed region */
	u32 warmup;
	u32 iterations;
	bool subtract_overhead;
	unsigned int slow_ns;		/* synthetic delay per op, 0: none */

	/* Preallocated by run.c before anything is timed. */
	void **ptrs;			/* batch entries, scratch of sample() */
	u64 *samples;			/* iterations entries, per-op cycles */

	void *priv;			/* case state, from setup() */

	/* Results. */
	u64 done;
	u64 failed;
	u64 misplaced;
	u64 overhead;			/* empty timed region, cycles */
};

struct kbench_case {
	const char *name;
	const char *desc;
	enum kbench_param param;
	u32 flags;			/* KBENCH_CF_* */
	u32 max_order;			/* PARAM_ORDER */
	u64 min_size;			/* PARAM_SIZE */
	u64 max_size;			/* PARAM_SIZE */
	int (*setup)(struct kbench_ctx *ctx);
	int (*sample)(struct kbench_ctx *ctx, u64 *cycles);
	void (*teardown)(struct kbench_ctx *ctx);
};

/* cases.c */
extern const struct kbench_case kbench_cases[];
extern const unsigned int kbench_ncases;
const struct kbench_case *kbench_case_get(u32 case_id);
bool kbench_case_allocates(const struct kbench_case *c);
u64 kbench_case_op_bytes(const struct kbench_case *c, u64 size, u32 order);
int kbench_cases_check(void);

/* buddy.c */
int kbench_buddy_alloc_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_buddy_free_sample(struct kbench_ctx *ctx, u64 *cycles);

/* slab.c */
int kbench_kmalloc_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_kfree_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_cache_setup(struct kbench_ctx *ctx);
int kbench_cache_alloc_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_cache_bulk_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_cache_teardown(struct kbench_ctx *ctx);
int kbench_remote_free_setup(struct kbench_ctx *ctx);
int kbench_remote_free_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_remote_free_teardown(struct kbench_ctx *ctx);

/* vmalloc.c */
int kbench_vmalloc_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_vfree_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_vmap_setup(struct kbench_ctx *ctx);
int kbench_vmap_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_vunmap_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_vmap_teardown(struct kbench_ctx *ctx);

/* tlb.c */
int kbench_tlb_vunmap_setup(struct kbench_ctx *ctx);
int kbench_tlb_vunmap_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_tlb_vunmap_teardown(struct kbench_ctx *ctx);
int kbench_shootdown_setup(struct kbench_ctx *ctx);
int kbench_shootdown_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_shootdown_teardown(struct kbench_ctx *ctx);
int kbench_tlb_local_sample(struct kbench_ctx *ctx, u64 *cycles);

#endif /* _KBENCH_CASES_H */
