// SPDX-License-Identifier: GPL-2.0
/*
 * kbench buddy cases: alloc_pages_node / __free_pages of one order from
 * mem_node with __GFP_THISNODE. batch=1 is the pairwise pattern (alloc,
 * free, alloc, ...), batch=N the batched one (N allocs, then N frees).
 */
#include <linux/gfp.h>
#include <linux/mm.h>

#include "cases.h"
#include "timing.h"

/* Untimed: count one allocation as failed, or done and maybe misplaced. */
static bool kbench_buddy_count(struct kbench_ctx *ctx, struct page *page)
{
	if (!page) {
		ctx->failed++;
		return false;
	}
	ctx->done++;
	if (page_to_nid(page) != ctx->node)
		ctx->misplaced++;
	return true;
}

/* Untimed: count, check placement and free the pages of one sample. */
static void kbench_buddy_release(struct kbench_ctx *ctx, struct page **pages)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++) {
		if (kbench_buddy_count(ctx, pages[i]))
			__free_pages(pages[i], ctx->order);
		pages[i] = NULL;
	}
}

int kbench_buddy_alloc_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct page **pages = (struct page **)ctx->ptrs;
	unsigned int i;
	u64 t0;

	t0 = kbench_tsc();
	for (i = 0; i < ctx->batch; i++)
		pages[i] = alloc_pages_node(ctx->node, KBENCH_GFP_THISNODE,
					    ctx->order);
	*cycles = kbench_tsc_stop(ctx) - t0;

	kbench_buddy_release(ctx, pages);
	return 0;
}

int kbench_buddy_free_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct page **pages = (struct page **)ctx->ptrs;
	unsigned int i;
	u64 t0;

	for (i = 0; i < ctx->batch; i++) {
		pages[i] = alloc_pages_node(ctx->node, KBENCH_GFP_THISNODE,
					    ctx->order);
		kbench_buddy_count(ctx, pages[i]);
	}

	t0 = kbench_tsc();
	for (i = 0; i < ctx->batch; i++)
		if (pages[i])
			__free_pages(pages[i], ctx->order);
	*cycles = kbench_tsc_stop(ctx) - t0;

	for (i = 0; i < ctx->batch; i++)
		pages[i] = NULL;
	return 0;
}
