// SPDX-License-Identifier: GPL-2.0
/*
 * kbench slab cases: kmalloc_node / kfree (within the kmalloc caches, and
 * kmalloc_large beyond them: one sample function, the case's size range
 * tells them apart), the GFP_NOWAIT variant with preemption off, and a
 * private cache (kmem_cache_alloc_node and kmem_cache_alloc_bulk). PAIR
 * mode puts alloc+free pairs in the region; COLD flushes first (cold.c).
 * Remote free is in remote.c.
 */
#include <linux/kernel.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "compat.h"
#include "timing.h"

/* Untimed: count @n objects of one sample and check their node. */
void kbench_slab_count(struct kbench_ctx *ctx, void **objs,
			      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!objs[i]) {
			ctx->failed++;
			continue;
		}
		ctx->done++;
		if (page_to_nid(virt_to_page(objs[i])) != ctx->node)
			ctx->misplaced++;
	}
}

/* kmalloc, kfree */

/* Timed: kfree the batch; the slots are cleared afterwards, untimed. */
u64 kbench_kfree_timed(struct kbench_ctx *ctx, void **objs)
{
	unsigned int i;
	u64 t0, cycles;

	for (i = 0; i < ctx->batch; i++) {
		kbench_cold_obj(ctx, objs[i], ctx->size, true);
		kbench_cold_obj(ctx, objs[i], ctx->size, false);
	}
	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++)
		kfree(objs[i]);
	cycles = kbench_region_end(ctx, t0);

	for (i = 0; i < ctx->batch; i++)
		objs[i] = NULL;
	return cycles;
}

/*
 * Untimed end of an alloc sample: count, then free what the region left
 * allocated (in cold mode evicting what the next sample gets back); in
 * PAIR mode the region freed the objects already.
 */
static void kbench_slab_release(struct kbench_ctx *ctx, void **objs,
				struct kmem_cache *cache)
{
	unsigned int i;

	kbench_slab_count(ctx, objs, ctx->batch);
	for (i = 0; i < ctx->batch; i++) {
		if (objs[i] && ctx->mode != KBENCH_MODE_PAIR) {
			kbench_cold_obj(ctx, objs[i], ctx->size, true);
			if (cache)
				kmem_cache_free(cache, objs[i]);
			else
				kfree(objs[i]);
			kbench_cold_obj(ctx, objs[i], ctx->size, false);
		}
		objs[i] = NULL;
	}
}

static __always_inline u64 kbench_kmalloc_timed(struct kbench_ctx *ctx,
						void **objs, gfp_t gfp)
{
	unsigned int i;
	u64 t0;

	t0 = kbench_region_begin(ctx);
	if (ctx->mode == KBENCH_MODE_PAIR) {
		for (i = 0; i < ctx->batch; i++) {
			objs[i] = kmalloc_node(ctx->size, gfp, ctx->node);
			kfree(objs[i]);
		}
	} else {
		for (i = 0; i < ctx->batch; i++)
			objs[i] = kmalloc_node(ctx->size, gfp, ctx->node);
	}
	return kbench_region_end(ctx, t0);
}

int kbench_kmalloc_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	*cycles = kbench_kmalloc_timed(ctx, ctx->ptrs, KBENCH_GFP);
	kbench_slab_release(ctx, ctx->ptrs, NULL);
	return 0;
}

int kbench_kmalloc_nowait_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	*cycles = kbench_kmalloc_timed(ctx, ctx->ptrs, KBENCH_GFP_NOWAIT);
	kbench_slab_release(ctx, ctx->ptrs, NULL);
	return 0;
}

int kbench_kmalloc_atomic_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	*cycles = kbench_kmalloc_timed(ctx, ctx->ptrs, KBENCH_GFP_ATOMIC);
	kbench_slab_release(ctx, ctx->ptrs, NULL);
	return 0;
}

/*
 * GFP_KERNEL_ACCOUNT from the kthread, charged to the memory cgroup of the
 * process that asked for the run: a kthread has none of its own, and
 * without one __GFP_ACCOUNT charges nothing.
 */
int kbench_kmalloc_account_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct mem_cgroup *old = set_active_memcg(ctx->memcg);

	*cycles = kbench_kmalloc_timed(ctx, ctx->ptrs, KBENCH_GFP_ACCOUNT);
	set_active_memcg(old);
	kbench_slab_release(ctx, ctx->ptrs, NULL);
	return 0;
}

int kbench_kfree_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	void **objs = ctx->ptrs;
	unsigned int i;

	for (i = 0; i < ctx->batch; i++)
		objs[i] = kmalloc_node(ctx->size, KBENCH_GFP, ctx->node);
	kbench_slab_count(ctx, objs, ctx->batch);

	*cycles = kbench_kfree_timed(ctx, objs);
	return 0;
}

/* A private cache of ctx->size objects, created and destroyed untimed. */

int kbench_cache_setup(struct kbench_ctx *ctx)
{
	unsigned int size = ctx->size;
	struct kmem_cache *cache;

	/* The usercopy region keeps it unmergeable on 6.1 (see compat.h). */
	cache = kmem_cache_create_usercopy("kbench_cache", size, 0,
					   KBENCH_SLAB_NO_MERGE, 0, size,
					   NULL);
	if (!cache)
		return -ENOMEM;
	ctx->priv = cache;
	return 0;
}

void kbench_cache_teardown(struct kbench_ctx *ctx)
{
	kmem_cache_destroy(ctx->priv);
	ctx->priv = NULL;
}

int kbench_cache_alloc_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kmem_cache *cache = ctx->priv;
	void **objs = ctx->ptrs;
	unsigned int i;
	u64 t0;

	t0 = kbench_region_begin(ctx);
	if (ctx->mode == KBENCH_MODE_PAIR) {
		for (i = 0; i < ctx->batch; i++) {
			objs[i] = kmem_cache_alloc_node(cache, KBENCH_GFP,
							ctx->node);
			if (objs[i])
				kmem_cache_free(cache, objs[i]);
		}
	} else {
		for (i = 0; i < ctx->batch; i++)
			objs[i] = kmem_cache_alloc_node(cache, KBENCH_GFP,
							ctx->node);
	}
	*cycles = kbench_region_end(ctx, t0);

	kbench_slab_release(ctx, objs, cache);
	return 0;
}

/* kmem_cache_alloc_bulk has no node argument: KBENCH_CF_LOCAL_ONLY. */
int kbench_cache_bulk_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kmem_cache *cache = ctx->priv;
	void **objs = ctx->ptrs;
	int n;
	u64 t0;

	t0 = kbench_region_begin(ctx);
	n = kmem_cache_alloc_bulk(cache, KBENCH_GFP, ctx->batch, objs);
	*cycles = kbench_region_end(ctx, t0);

	/* All or nothing: 0 means no object was allocated. */
	if (n <= 0) {
		ctx->failed += ctx->batch;
		return 0;
	}
	kbench_slab_count(ctx, objs, n);
	kmem_cache_free_bulk(cache, n, objs);
	return 0;
}
