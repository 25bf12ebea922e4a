/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench cases: the case table (cases.c) and the per-family callbacks
 * (buddy.c, slab.c, bulk.c, deferred.c, percpu.c, vmalloc.c, tlb.c) it
 * points to.
 *
 * Contract of a case's callbacks, all called on the run's kthread, pinned
 * to ctx->cpu, in process context:
 *   setup(ctx)	   optional, untimed, before the first sample; may set
 *		   ctx->priv. A nonzero return aborts the run (no teardown).
 *   sample(ctx)   one sample: untimed preparation, ONE timed region of
 *		   ctx->batch ops (kbench_region_begin/end, see timing.h,
 *		   which also note what disturbed the region), untimed
 *		   cleanup that frees everything the sample allocated. Stores
 *		   the region's cycles in *cycles. An op that fails counts in
 *		   ctx->failed and the engine marks the sample failed; a
 *		   nonzero return is for failures of the harness itself and
 *		   aborts the run (teardown still runs). ctx->mode says what
 *		   the region holds (uapi enum kbench_mode); a case only gets
 *		   the modes its table row lists.
 *   teardown(ctx) optional, untimed, frees what setup allocated.
 * Counters (done, failed, misplaced) are updated by sample(); the engine
 * zeroes them after the warm-up, so they cover the recorded samples only.
 */
#ifndef _KBENCH_CASES_H
#define _KBENCH_CASES_H

#include <linux/types.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/mmzone.h>

#include "uapi/kbench.h"

/* Allocations that must come from ctx->node and nowhere else. */
#define KBENCH_GFP_THISNODE	(GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN)
/* Charged to the active memory cgroup (ctx->memcg, see KBENCH_CF_MEMCG). */
#define KBENCH_GFP_ACCOUNT	(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)
/* Allocations that prefer ctx->node; placement is verified, not forced. */
#define KBENCH_GFP		(GFP_KERNEL | __GFP_NOWARN)
/*
 * The non-sleeping variants, timed with preemption off: GFP_NOWAIT (no
 * reserves: what most non-sleeping callers use), and GFP_ATOMIC (__GFP_HIGH:
 * may dip below the min watermark; interrupt handlers), timed with IRQs
 * off as its callers run. Both take the same path unless the zone is near
 * its watermarks.
 */
#define KBENCH_GFP_NOWAIT_THISNODE (GFP_NOWAIT | __GFP_THISNODE | __GFP_NOWARN)
#define KBENCH_GFP_NOWAIT	(GFP_NOWAIT | __GFP_NOWARN)
#define KBENCH_GFP_ATOMIC_THISNODE (GFP_ATOMIC | __GFP_THISNODE | __GFP_NOWARN)
#define KBENCH_GFP_ATOMIC	(GFP_ATOMIC | __GFP_NOWARN)

/* Mode masks of the case table. */
#define KBENCH_M(m)		(1u << KBENCH_MODE_##m)
#define KBENCH_M_HOT		KBENCH_M(HOT)

/* What disturbs a timed region, read untimed on both sides of it. */
struct kbench_snap {
	u64 irqs;			/* interrupts the CPU took */
	u64 switches;			/* context switches of the kthread */
	u64 zone_blocks;		/* blocks taken from the zone free lists */
	u64 zone_pages;			/* ... and their pages */
};

struct kbench_case;
struct kbench_counting;
struct kbench_gang;

struct kbench_ctx {
	/* The validated request. */
	const struct kbench_case *kcase;
	unsigned int cpu;		/* timed side runs here */
	unsigned int peer_cpu;		/* KBENCH_CF_PEER_CPU only */
	int node;			/* mem_node (or target node) */
	unsigned int order;		/* PARAM_ORDER */
	size_t size;			/* PARAM_SIZE */
	unsigned int batch;		/* ops per timed region (batch_used) */
	enum kbench_mode mode;
	u32 warmup;
	u32 iterations;
	bool subtract_overhead;
	unsigned int slow_ns;		/* synthetic delay per op, 0: none */
	u64 budget_ns;			/* the sampling's wall time */
	u64 deadline_ns;		/* ktime_get_ns() budget end, set once armed and set up */
	struct zone *zone;		/* the zone allocations come from, or NULL */

	struct kbench_gang *gang;	/* run.c: the run's workers */
	/*
	 * The memory cgroup of the process that asked for the run (its
	 * reference held by run.c), for KBENCH_CF_MEMCG cases; charged:
	 * it is not the root, so __GFP_ACCOUNT charges it.
	 */
	struct mem_cgroup *memcg;
	bool charged;
	u64 end_ns;			/* ktime_get_ns() at its last sample */

	/* Preallocated by run.c before anything is timed. */
	void **ptrs;			/* batch entries, scratch of sample() */
	struct kbench_sample *samples;	/* iterations entries */
	struct kbench_counting *counting;	/* counters.c state */

	void *priv;			/* case state, from setup() */
	cpumask_var_t ipi_mask;		/* CPUs the case sends IPIs to (setup) */

	/* The last timed region: what disturbed it. */
	struct kbench_snap snap0, snap1;

	/* Results. */
	u64 done;
	u64 failed;
	u64 misplaced;
	u64 overhead;			/* empty timed region, cycles */
	u32 samples_done;
	u32 clean, disturbed, failed_samples, off_path;
	u32 out_flags;			/* KBENCH_OF_* */
	struct kbench_counters counters;
	unsigned long irq_flags;	/* irqs_off cases: saved in the region */
};

struct kbench_case {
	const char *name;
	const char *desc;
	enum kbench_param param;
	u32 flags;			/* KBENCH_CF_* */
	u32 modes;			/* KBENCH_M(...) mask, at least HOT */
	u32 max_batch;			/* 0: KBENCH_MAX_BATCH */
	bool preempt_off;		/* timed regions run with preemption off */
	bool irqs_off;			/* ... and IRQs off (implies preempt_off) */
	u64 max_region_bytes;		/* batch x bytes per op; 0: KBENCH_MAX_RUN_BYTES */
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
u32 kbench_case_max_batch(const struct kbench_case *c);
u64 kbench_case_max_region_bytes(const struct kbench_case *c);
int kbench_cases_check(void);

/* cold.c: KBENCH_MODE_COLD, untimed cache flushes */
void kbench_cold_pages(const struct kbench_ctx *ctx, struct page *page,
		       unsigned int order, bool contents);
void kbench_cold_obj(const struct kbench_ctx *ctx, const void *obj,
		     size_t size, bool contents);

/* buddy.c */
int kbench_buddy_alloc_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_buddy_fallback_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_buddy_free_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_buddy_comp_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_buddy_nowait_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_buddy_atomic_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_buddy_setup(struct kbench_ctx *ctx);
void kbench_buddy_teardown(struct kbench_ctx *ctx);

/*
 * lowmem.c: KBENCH_MODE_LOW, mem_node's zone held just above its low
 * watermark. setup sets ctx->priv (nothing held on error: -ENOMEM when
 * the zone cannot be brought there); prepare, untimed before each region,
 * restores the level (nonzero: the run ends, teardown still runs);
 * teardown frees everything.
 */
int kbench_low_setup(struct kbench_ctx *ctx);
int kbench_low_prepare(struct kbench_ctx *ctx);
void kbench_low_teardown(struct kbench_ctx *ctx);

/* slab.c */
int kbench_kmalloc_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_kfree_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_kmalloc_nowait_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_kmalloc_atomic_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_kmalloc_account_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_slab_count(struct kbench_ctx *ctx, void **objs, unsigned int n);
u64 kbench_kfree_timed(struct kbench_ctx *ctx, void **objs);
int kbench_cache_setup(struct kbench_ctx *ctx);
int kbench_cache_alloc_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_cache_bulk_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_cache_teardown(struct kbench_ctx *ctx);

/* bulk.c */
int kbench_pages_bulk_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_cache_free_bulk_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_kfree_bulk_sample(struct kbench_ctx *ctx, u64 *cycles);

/* deferred.c */
int kbench_kvfree_rcu_setup(struct kbench_ctx *ctx);
int kbench_kvfree_rcu_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_kvfree_rcu_teardown(struct kbench_ctx *ctx);

/* percpu.c */
int kbench_percpu_setup(struct kbench_ctx *ctx);
int kbench_percpu_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_percpu_teardown(struct kbench_ctx *ctx);

/* remote.c */
int kbench_remote_free_setup(struct kbench_ctx *ctx);
int kbench_remote_free_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_remote_free_teardown(struct kbench_ctx *ctx);

/* vmalloc.c */
int kbench_vmalloc_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_vfree_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_vmap_setup(struct kbench_ctx *ctx);
int kbench_vmap_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_vunmap_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_vm_map_ram_sample(struct kbench_ctx *ctx, u64 *cycles);
int kbench_vm_unmap_ram_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_vmap_teardown(struct kbench_ctx *ctx);

/* tlb.c */
int kbench_tlb_kernel_setup(struct kbench_ctx *ctx);
int kbench_tlb_kernel_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_tlb_kernel_teardown(struct kbench_ctx *ctx);
int kbench_ipi_flush_setup(struct kbench_ctx *ctx);
int kbench_ipi_flush_sample(struct kbench_ctx *ctx, u64 *cycles);
void kbench_ipi_flush_teardown(struct kbench_ctx *ctx);
int kbench_tlb_local_sample(struct kbench_ctx *ctx, u64 *cycles);

#endif /* _KBENCH_CASES_H */
