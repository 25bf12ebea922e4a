// SPDX-License-Identifier: GPL-2.0
/*
 * kbench slab cases: kmalloc_node / kfree, a private cache
 * (kmem_cache_alloc_node and kmem_cache_alloc_bulk) and remote free
 * (objects allocated on peer_cpu, freed on cpu).
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "compat.h"
#include "run.h"
#include "timing.h"

/* Untimed: count @n objects of one sample and check their node. */
static void kbench_slab_count(struct kbench_ctx *ctx, void **objs,
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
static u64 kbench_kfree_timed(struct kbench_ctx *ctx, void **objs)
{
	unsigned int i;
	u64 t0, cycles;

	t0 = kbench_tsc();
	for (i = 0; i < ctx->batch; i++)
		kfree(objs[i]);
	cycles = kbench_tsc_stop(ctx) - t0;

	for (i = 0; i < ctx->batch; i++)
		objs[i] = NULL;
	return cycles;
}

int kbench_kmalloc_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	void **objs = ctx->ptrs;
	unsigned int i;
	u64 t0;

	t0 = kbench_tsc();
	for (i = 0; i < ctx->batch; i++)
		objs[i] = kmalloc_node(ctx->size, KBENCH_GFP, ctx->node);
	*cycles = kbench_tsc_stop(ctx) - t0;

	kbench_slab_count(ctx, objs, ctx->batch);
	for (i = 0; i < ctx->batch; i++) {
		kfree(objs[i]);
		objs[i] = NULL;
	}
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

	t0 = kbench_tsc();
	for (i = 0; i < ctx->batch; i++)
		objs[i] = kmem_cache_alloc_node(cache, KBENCH_GFP, ctx->node);
	*cycles = kbench_tsc_stop(ctx) - t0;

	kbench_slab_count(ctx, objs, ctx->batch);
	for (i = 0; i < ctx->batch; i++) {
		if (objs[i])
			kmem_cache_free(cache, objs[i]);
		objs[i] = NULL;
	}
	return 0;
}

/* kmem_cache_alloc_bulk has no node argument: KBENCH_CF_LOCAL_ONLY. */
int kbench_cache_bulk_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kmem_cache *cache = ctx->priv;
	void **objs = ctx->ptrs;
	int n;
	u64 t0;

	t0 = kbench_tsc();
	n = kmem_cache_alloc_bulk(cache, KBENCH_GFP, ctx->batch, objs);
	*cycles = kbench_tsc_stop(ctx) - t0;

	/* All or nothing: 0 means no object was allocated. */
	if (n <= 0) {
		ctx->failed += ctx->batch;
		return 0;
	}
	kbench_slab_count(ctx, objs, n);
	kmem_cache_free_bulk(cache, n, objs);
	return 0;
}

/*
 * Remote free. Objects are kmalloc_node'd from ctx->node on a kthread
 * pinned to peer_cpu, a chunk of samples at a time, then freed (timed) on
 * cpu. A chunk holds at most KBENCH_REMOTE_CHUNK samples,
 * KBENCH_REMOTE_MAX_OBJS objects and KBENCH_MAX_RUN_BYTES bytes (at least
 * one sample), so memory stays bounded whatever the iteration count.
 */
#define KBENCH_REMOTE_CHUNK	256
#define KBENCH_REMOTE_MAX_OBJS	16384

struct kbench_remote {
	struct kbench_ctx *ctx;
	void **objs;
	size_t cap;		/* objects in objs[] */
	u32 chunk;		/* samples per refill */
	u32 left;		/* samples not allocated yet */
	size_t next;		/* first object of the next sample */
	size_t filled;		/* objects allocated by the last refill */
};

int kbench_remote_free_setup(struct kbench_ctx *ctx)
{
	struct kbench_remote *r;
	u64 chunk;

	chunk = min3((u64)KBENCH_REMOTE_CHUNK,
		     (u64)(KBENCH_REMOTE_MAX_OBJS / ctx->batch),
		     div64_u64(KBENCH_MAX_RUN_BYTES,
			       (u64)ctx->batch * ctx->size));
	chunk = max_t(u64, chunk, 1);

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->ctx = ctx;
	r->chunk = chunk;
	r->cap = (size_t)chunk * ctx->batch;
	r->left = ctx->warmup + ctx->iterations;
	r->objs = kvcalloc(r->cap, sizeof(void *), GFP_KERNEL);
	if (!r->objs) {
		kfree(r);
		return -ENOMEM;
	}
	ctx->priv = r;
	return 0;
}

void kbench_remote_free_teardown(struct kbench_ctx *ctx)
{
	struct kbench_remote *r = ctx->priv;
	size_t i;

	for (i = 0; i < r->cap; i++)
		kfree(r->objs[i]);
	kvfree(r->objs);
	kfree(r);
	ctx->priv = NULL;
}

/* Runs on the kthread pinned to peer_cpu. */
static int kbench_remote_alloc(void *arg)
{
	struct kbench_remote *r = arg;
	struct kbench_ctx *ctx = r->ctx;
	u32 samples = min(r->chunk, r->left);
	size_t i, n = (size_t)samples * ctx->batch;

	for (i = 0; i < n; i++) {
		r->objs[i] = kmalloc_node(ctx->size, KBENCH_GFP, ctx->node);
		if ((i & 255) == 255)
			cond_resched();
	}
	r->filled = n;
	r->next = 0;
	r->left -= samples;
	return 0;
}

int kbench_remote_free_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_remote *r = ctx->priv;
	void **objs;
	int ret;

	if (r->next >= r->filled) {
		ret = kbench_run_on_cpu(ctx->peer_cpu, kbench_remote_alloc, r);
		if (ret)
			return ret;
	}
	objs = r->objs + r->next;
	kbench_slab_count(ctx, objs, ctx->batch);

	*cycles = kbench_kfree_timed(ctx, objs);
	r->next += ctx->batch;
	return 0;
}
