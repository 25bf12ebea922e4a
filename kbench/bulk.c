// SPDX-License-Identifier: GPL-2.0
/*
 * kbench bulk cases: one call for the whole batch, per-op = call / batch.
 * alloc_pages_bulk (array form, one node: what vmalloc populates an area
 * with) may return fewer pages than asked for: the missing ones are
 * failures, pages off mem_node are misplaced. The free side of the slab
 * bulk API is timed on objects allocated untimed on mem_node:
 * kmem_cache_free_bulk on a private cache (slab.c's), kfree_bulk on
 * kmalloc objects. COLD flushes the objects first (cold.c).
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "timing.h"

int kbench_pages_bulk_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct page **pages = (struct page **)ctx->ptrs;
	unsigned int i;
	u64 t0;

	/* The array form fills NULL slots only. */
	memset(pages, 0, ctx->batch * sizeof(*pages));
	t0 = kbench_region_begin(ctx);
	kbench_alloc_pages_bulk_node(KBENCH_GFP, ctx->node, ctx->batch, pages);
	*cycles = kbench_region_end(ctx, t0);

	for (i = 0; i < ctx->batch; i++) {
		if (!pages[i]) {
			ctx->failed++;
			continue;
		}
		ctx->done++;
		if (page_to_nid(pages[i]) != ctx->node)
			ctx->misplaced++;
		__free_page(pages[i]);
		pages[i] = NULL;
	}
	return 0;
}

/*
 * Untimed: move the objects that were allocated to the front (the bulk
 * frees take a count, not holes) and flush them in COLD mode.
 */
static unsigned int kbench_bulk_pack(struct kbench_ctx *ctx, void **objs)
{
	unsigned int i, n = 0;

	kbench_slab_count(ctx, objs, ctx->batch);
	for (i = 0; i < ctx->batch; i++) {
		void *obj = objs[i];

		objs[i] = NULL;
		if (!obj)
			continue;
		kbench_cold_obj(ctx, obj, ctx->size, true);
		kbench_cold_obj(ctx, obj, ctx->size, false);
		objs[n++] = obj;
	}
	return n;
}

int kbench_cache_free_bulk_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kmem_cache *cache = ctx->priv;
	void **objs = ctx->ptrs;
	unsigned int i, n;
	u64 t0;

	for (i = 0; i < ctx->batch; i++)
		objs[i] = kmem_cache_alloc_node(cache, KBENCH_GFP, ctx->node);
	n = kbench_bulk_pack(ctx, objs);

	t0 = kbench_region_begin(ctx);
	kmem_cache_free_bulk(cache, n, objs);
	*cycles = kbench_region_end(ctx, t0);

	memset(objs, 0, n * sizeof(*objs));
	return 0;
}

int kbench_kfree_bulk_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	void **objs = ctx->ptrs;
	unsigned int i, n;
	u64 t0;

	for (i = 0; i < ctx->batch; i++)
		objs[i] = kmalloc_node(ctx->size, KBENCH_GFP, ctx->node);
	n = kbench_bulk_pack(ctx, objs);

	t0 = kbench_region_begin(ctx);
	kfree_bulk(n, objs);
	*cycles = kbench_region_end(ctx, t0);

	memset(objs, 0, n * sizeof(*objs));
	return 0;
}
