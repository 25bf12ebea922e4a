// SPDX-License-Identifier: GPL-2.0
/*
 * kbench buddy cases: alloc_pages_node / __free_pages of one order from
 * mem_node with __GFP_THISNODE. batch=1 is the pairwise pattern (alloc,
 * free, alloc, ...), batch=N the batched one (N allocs, then N frees);
 * PAIR mode puts alloc+free pairs in the region, BUDDY mode empties the
 * per-CPU list first (below), COLD flushes first (cold.c).
 * Variants: __GFP_COMP (what folio and THP users pay), GFP_NOWAIT with
 * preemption off and GFP_ATOMIC with IRQs off (atomic context callers),
 * and the fallback one without __GFP_THISNODE (mem_node only preferred:
 * pages from another node are misplaced, not failed). LOW mode holds
 * mem_node's zone near its low watermark (lowmem.c).
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "cases.h"
#include "counters.h"
#include "timing.h"

/*
 * BUDDY mode. A module cannot drain or bypass a per-CPU page list
 * (drain_local_pages is not exported), so before each timed region it
 * empties cpu's list of this order: it takes and holds blocks, untimed,
 * until one of them had to be refilled from the zone free lists (the
 * zone->lock probe counts the blocks that refill brought), then takes the
 * rest of that refill. The region's first allocation then refills the list
 * under zone->lock: batch 1 times a refill, batch N a refill amortized over
 * N ops, as any CPU allocating more than its list holds sees it. Held at
 * most KBENCH_MAX_RUN_BYTES; a list that large is reported, not emptied.
 */
struct kbench_hold {
	struct page **pages;
	unsigned int n, cap;
};

int kbench_buddy_setup(struct kbench_ctx *ctx)
{
	struct kbench_hold *h;

	if (ctx->mode == KBENCH_MODE_LOW)
		return kbench_low_setup(ctx);
	if (ctx->mode != KBENCH_MODE_BUDDY)
		return 0;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->cap = KBENCH_MAX_RUN_BYTES >> (PAGE_SHIFT + ctx->order);
	h->pages = kvcalloc(h->cap, sizeof(*h->pages), GFP_KERNEL);
	if (!h->pages) {
		kfree(h);
		return -ENOMEM;
	}
	ctx->priv = h;
	return 0;
}

void kbench_buddy_teardown(struct kbench_ctx *ctx)
{
	struct kbench_hold *h = ctx->priv;

	if (ctx->mode == KBENCH_MODE_LOW) {
		kbench_low_teardown(ctx);
		return;
	}
	if (!h)
		return;
	kvfree(h->pages);
	kfree(h);
	ctx->priv = NULL;
}

static bool kbench_hold_one(struct kbench_ctx *ctx, struct kbench_hold *h,
			    gfp_t gfp)
{
	struct page *page;

	if (h->n == h->cap)
		return false;
	page = alloc_pages_node(ctx->node, gfp, ctx->order);
	if (!page)
		return false;
	h->pages[h->n++] = page;
	return true;
}

/* Untimed: empty cpu's per-CPU list of ctx->order (see above). */
static void kbench_pcp_empty(struct kbench_ctx *ctx, struct kbench_hold *h,
			     gfp_t gfp)
{
	u64 b0 = kbench_zone_blocks(ctx), left;

	/* without the zone->lock probe no refill can be seen: report it */
	if (!kbench_counters_have_paths()) {
		ctx->out_flags |= KBENCH_OF_PCP_NOT_EMPTY;
		return;
	}
	while (kbench_hold_one(ctx, h, gfp)) {
		left = kbench_zone_blocks(ctx) - b0;
		if (!left)
			continue;
		/* That one refilled the list: take the rest of the refill. */
		while (--left && kbench_hold_one(ctx, h, gfp))
			;
		if (!left)
			return;
		break;
	}
	ctx->out_flags |= KBENCH_OF_PCP_NOT_EMPTY;
}

static void kbench_hold_release(struct kbench_ctx *ctx, struct kbench_hold *h)
{
	while (h->n)
		__free_pages(h->pages[--h->n], ctx->order);
}

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

/*
 * Untimed: count, check placement and free the pages of one sample; in
 * cold mode evict what the next sample's allocations will get back.
 */
static void kbench_buddy_release(struct kbench_ctx *ctx, struct page **pages)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++) {
		if (kbench_buddy_count(ctx, pages[i])) {
			kbench_cold_pages(ctx, pages[i], ctx->order, true);
			__free_pages(pages[i], ctx->order);
			kbench_cold_pages(ctx, pages[i], ctx->order, false);
		}
		pages[i] = NULL;
	}
}

/* Timed: batch allocations, or batch alloc+free pairs (PAIR mode). */
static __always_inline u64 kbench_buddy_timed(struct kbench_ctx *ctx,
					      struct page **pages, gfp_t gfp)
{
	unsigned int i;
	u64 t0;

	t0 = kbench_region_begin(ctx);
	if (ctx->mode == KBENCH_MODE_PAIR) {
		for (i = 0; i < ctx->batch; i++) {
			pages[i] = alloc_pages_node(ctx->node, gfp, ctx->order);
			if (pages[i])
				__free_pages(pages[i], ctx->order);
		}
	} else {
		for (i = 0; i < ctx->batch; i++)
			pages[i] = alloc_pages_node(ctx->node, gfp, ctx->order);
	}
	return kbench_region_end(ctx, t0);
}

/* Untimed, PAIR mode: the pages are freed already; count them only. */
static void kbench_buddy_count_all(struct kbench_ctx *ctx, struct page **pages)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++) {
		kbench_buddy_count(ctx, pages[i]);
		pages[i] = NULL;
	}
}

static int kbench_buddy_sample(struct kbench_ctx *ctx, u64 *cycles, gfp_t gfp)
{
	struct page **pages = (struct page **)ctx->ptrs;
	struct kbench_hold *h = ctx->priv;
	int ret;

	if (ctx->mode == KBENCH_MODE_LOW) {
		ret = kbench_low_prepare(ctx);
		if (ret)
			return ret;
	}
	if (ctx->mode == KBENCH_MODE_BUDDY)
		kbench_pcp_empty(ctx, h, gfp);
	*cycles = kbench_buddy_timed(ctx, pages, gfp);
	if (ctx->mode == KBENCH_MODE_PAIR)
		kbench_buddy_count_all(ctx, pages);
	else
		kbench_buddy_release(ctx, pages);
	if (ctx->mode == KBENCH_MODE_BUDDY)
		kbench_hold_release(ctx, h);
	return 0;
}

int kbench_buddy_alloc_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	return kbench_buddy_sample(ctx, cycles, KBENCH_GFP_THISNODE);
}

int kbench_buddy_fallback_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	return kbench_buddy_sample(ctx, cycles, KBENCH_GFP);
}

int kbench_buddy_comp_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	return kbench_buddy_sample(ctx, cycles,
				   KBENCH_GFP_THISNODE | __GFP_COMP);
}

int kbench_buddy_nowait_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct page **pages = (struct page **)ctx->ptrs;

	*cycles = kbench_buddy_timed(ctx, pages, KBENCH_GFP_NOWAIT_THISNODE);
	kbench_buddy_release(ctx, pages);
	return 0;
}

int kbench_buddy_atomic_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct page **pages = (struct page **)ctx->ptrs;

	*cycles = kbench_buddy_timed(ctx, pages, KBENCH_GFP_ATOMIC_THISNODE);
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
		kbench_cold_pages(ctx, pages[i], ctx->order, true);
		kbench_cold_pages(ctx, pages[i], ctx->order, false);
	}

	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++)
		if (pages[i])
			__free_pages(pages[i], ctx->order);
	*cycles = kbench_region_end(ctx, t0);

	for (i = 0; i < ctx->batch; i++)
		pages[i] = NULL;
	return 0;
}
