// SPDX-License-Identifier: GPL-2.0
/*
 * kbench LOW mode: allocations at the watermarks. Untimed, before each
 * region, mem_node's pages are taken and held until the free pages of its
 * zone (ctx->zone) are at its low watermark: not above it, because the
 * per-CPU lists hand out order-0 pages without touching the zone's free
 * count, so a zone left above it would let the whole region run on the
 * per-CPU list; not below it by more than the last per-CPU refill. The
 * region's first allocation then fails the fast path's check (free >
 * low) and wakes kswapd (counters.kswapd_wakeups): with __GFP_THISNODE
 * the slow path retries down to the min watermark (failures are counted
 * there), without it the allocation falls back to the next node in the
 * zonelist (misplaced, not failed).
 *
 * The fill takes the largest blocks that fit with __GFP_THISNODE |
 * __GFP_NORETRY | __GFP_NOWARN, never past the low watermark (so never
 * near min: the gap between them is larger than a per-CPU refill, and
 * blocks are given back when the zone is below halfway to min), and
 * gives back blocks when the last region or kswapd's reclaim moved the
 * zone below low. A zone that cannot be brought there (its memory is
 * neither free nor ours) is given up cleanly: everything held is freed
 * and the run fails ENOMEM. Teardown frees everything. Holding a node's
 * memory does not OOM the machine: other allocations fall back to other
 * nodes, and __GFP_THISNODE allocations never invoke the OOM killer.
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include "compat.h"
#include "cases.h"

#define KBENCH_LOW_GFP	(GFP_KERNEL | __GFP_THISNODE | __GFP_NORETRY | \
			 __GFP_NOWARN)

struct kbench_low {
	struct list_head blocks;	/* held, newest (smallest) first */
	unsigned long pages;		/* held */
	unsigned long target;		/* free pages of ctx->zone to reach */
	unsigned long floor;		/* ... and to stay above: halfway to min */
};

static unsigned long kbench_zone_free(struct zone *zone)
{
	return zone_page_state(zone, NR_FREE_PAGES);
}

/* Blocks of one order are linked through page->lru, their order in private. */
static void kbench_low_put(struct kbench_low *low)
{
	struct page *page = list_first_entry(&low->blocks, struct page, lru);
	unsigned int order = page_private(page);

	list_del(&page->lru);
	set_page_private(page, 0);
	low->pages -= 1UL << order;
	__free_pages(page, order);
}

static void kbench_low_release(struct kbench_low *low)
{
	while (!list_empty(&low->blocks)) {
		kbench_low_put(low);
		cond_resched();
	}
}

/*
 * Untimed: bring ctx->zone's free pages to low->target from above, giving
 * blocks back first if it is below. 0, or -ENOMEM when it cannot get
 * there (more taken than the zone has: someone else frees as fast).
 * Blocks given back may sit on a per-CPU list first (not counted free):
 * the loop then gives back more, which the next fill takes again.
 */
static int kbench_low_adjust(struct kbench_ctx *ctx, struct kbench_low *low)
{
	struct zone *zone = ctx->zone;
	unsigned int order = KBENCH_NR_PAGE_ORDERS - 1;
	unsigned long free;

	while (kbench_zone_free(zone) < low->target && !list_empty(&low->blocks))
		kbench_low_put(low);

	while ((free = kbench_zone_free(zone)) > low->target) {
		unsigned long want = free - low->target;
		struct page *page;

		if (kthread_should_stop() ||
		    low->pages > zone_managed_pages(zone))
			return -ENOMEM;
		while (order && (1UL << order) > want)
			order--;
		page = alloc_pages_node(ctx->node, KBENCH_LOW_GFP, order);
		/* From another zone of the node: the zone is at its mark. */
		if (page && page_zone(page) != zone) {
			__free_pages(page, order);
			page = NULL;
		}
		if (!page) {
			if (!order)
				return -ENOMEM;
			order--;
			continue;
		}
		set_page_private(page, order);
		list_add(&page->lru, &low->blocks);
		low->pages += 1UL << order;
		cond_resched();
	}
	/* A last per-CPU refill may take a batch past the target. */
	while (kbench_zone_free(zone) < low->floor && !list_empty(&low->blocks))
		kbench_low_put(low);
	return 0;
}

int kbench_low_setup(struct kbench_ctx *ctx)
{
	struct kbench_low *low;
	int ret;

	if (!ctx->zone)
		return -ENOMEM;
	low = kzalloc(sizeof(*low), GFP_KERNEL);
	if (!low)
		return -ENOMEM;
	INIT_LIST_HEAD(&low->blocks);
	low->target = low_wmark_pages(ctx->zone);
	low->floor = min_wmark_pages(ctx->zone) +
		     (low->target - min_wmark_pages(ctx->zone)) / 2;
	ret = kbench_low_adjust(ctx, low);
	if (ret) {
		kbench_low_release(low);
		kfree(low);
		return ret;
	}
	ctx->priv = low;
	return 0;
}

/* Before each region: back to the target (the last one moved the zone). */
int kbench_low_prepare(struct kbench_ctx *ctx)
{
	return kbench_low_adjust(ctx, ctx->priv);
}

void kbench_low_teardown(struct kbench_ctx *ctx)
{
	struct kbench_low *low = ctx->priv;

	kbench_low_release(low);
	kfree(low);
	ctx->priv = NULL;
}
