// SPDX-License-Identifier: GPL-2.0
/*
 * kbench LOW mode: allocations near the watermarks. Untimed, before each
 * region, mem_node's pages are taken and held until the free pages of its
 * zone (ctx->zone) are just above the low watermark: low + half of what
 * the region allocates, so the region crosses it. The fast path then
 * fails the zone (waking kswapd, counted in counters.kswapd_wakeups):
 * with __GFP_THISNODE the slow path retries down to the min watermark,
 * without it the allocation falls back to the next node (misplaced).
 *
 * The fill takes the largest blocks that fit with __GFP_THISNODE |
 * __GFP_NORETRY | __GFP_NOWARN, never reaches below the target (above
 * low, so never below min), and gives back blocks when kswapd's reclaim
 * or the per-CPU lists moved the zone below it. A zone that cannot be
 * brought to the target (its memory is not free but not ours either) is
 * given up cleanly: everything held is freed and the run fails ENOMEM.
 * Everything is freed in teardown. Holding a node's memory never OOMs:
 * other allocations fall back to other nodes, and __GFP_THISNODE
 * allocations never invoke the OOM killer.
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
	return 0;
}

int kbench_low_setup(struct kbench_ctx *ctx)
{
	unsigned long region = ((unsigned long)ctx->batch << ctx->order);
	struct kbench_low *low;
	int ret;

	if (!ctx->zone)
		return -ENOMEM;
	low = kzalloc(sizeof(*low), GFP_KERNEL);
	if (!low)
		return -ENOMEM;
	INIT_LIST_HEAD(&low->blocks);
	low->target = low_wmark_pages(ctx->zone) + max(region / 2, 1UL);
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
