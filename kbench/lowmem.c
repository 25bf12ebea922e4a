// SPDX-License-Identifier: GPL-2.0
/*
 * kbench LOW mode: allocations at the watermarks. Untimed, before each
 * region, mem_node's pages are taken and held until the free pages of its
 * zone (ctx->zone) are at its low watermark, and those of its lower zones
 * (ZONE_DMA below DMA32) at theirs plus the lowmem reserve they keep
 * from GFP_KERNEL, else the fast path takes them instead (same node, no
 * kswapd). At the mark, not above it, because the
 * per-CPU lists hand out order-0 pages without touching the zone's free
 * count, so a zone left above it would let the whole region run on the
 * per-CPU list; not below it by more than the last per-CPU refill. The
 * region's first allocation then fails the fast path's check (free >
 * low) and wakes kswapd if it sleeps (counters.kswapd_wakeups; held pages
 * keep it awake after that): with __GFP_THISNODE
 * the slow path retries down to the min watermark (failures are counted
 * there), without it the allocation falls back to the next node in the
 * zonelist (misplaced, not failed).
 *
 * The fill takes the largest blocks that fit with __GFP_THISNODE |
 * __GFP_NORETRY | __GFP_NOWARN, never past the low watermark (so never
 * near min: the gap between them is larger than a per-CPU refill, and
 * a zone found below halfway to min gets blocks back at once). A zone
 * whose last pages cannot be taken at the mark (reserves) stays a little
 * above it; a node that cannot be brought there at all (more taken than
 * it has: someone frees as fast) is given up cleanly: everything held is
 * freed and the run fails ENOMEM. Teardown frees everything. Holding a node's
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

/* One zone of mem_node, ctx->zone or below it. */
struct kbench_low_zone {
	struct zone *zone;		/* NULL: not populated */
	struct list_head blocks;	/* held from it, newest first */
	unsigned long target;		/* free pages to reach: its mark */
	unsigned long floor;		/* ... and to stay above: halfway to min */
};

struct kbench_low {
	struct kbench_low_zone zones[MAX_NR_ZONES];
	unsigned long pages;		/* held, all zones */
	unsigned long managed;		/* the zones' managed pages */
};

static unsigned long kbench_zone_free(struct zone *zone)
{
	return zone_page_state(zone, NR_FREE_PAGES);
}

/* Held blocks are linked through page->lru, their order in private. */
static void kbench_low_put(struct kbench_low *low, struct kbench_low_zone *lz)
{
	struct page *page = list_first_entry(&lz->blocks, struct page, lru);
	unsigned int order = page_private(page);

	list_del(&page->lru);
	set_page_private(page, 0);
	low->pages -= 1UL << order;
	__free_pages(page, order);
}

static void kbench_low_release(struct kbench_low *low)
{
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		while (low->zones[z].zone && !list_empty(&low->zones[z].blocks)) {
			kbench_low_put(low, &low->zones[z]);
			cond_resched();
		}
	}
}

static void kbench_low_hold(struct kbench_low *low, struct kbench_low_zone *lz,
			    struct page *page, unsigned int order)
{
	set_page_private(page, order);
	list_add(&page->lru, &lz->blocks);
	low->pages += 1UL << order;
}

/* Blocks back while the zone is below its floor (a refill went past). */
static void kbench_low_lift(struct kbench_low *low, struct kbench_low_zone *lz)
{
	while (kbench_zone_free(lz->zone) < lz->floor &&
	       !list_empty(&lz->blocks))
		kbench_low_put(low, lz);
}

/*
 * Untimed: take blocks until @lz is at its target. A block may come from
 * another zone of the node (this one failed the mark for its order): kept
 * when that zone is still above its floor. 0, or -ENOMEM (see above).
 */
static int kbench_low_fill(struct kbench_ctx *ctx, struct kbench_low *low,
			   struct kbench_low_zone *lz)
{
	unsigned int order = KBENCH_NR_PAGE_ORDERS - 1;
	unsigned long free;

	while ((free = kbench_zone_free(lz->zone)) > lz->target) {
		unsigned long want = free - lz->target;
		struct kbench_low_zone *pz;
		struct page *page;

		if (kthread_should_stop() || low->pages > low->managed)
			return -ENOMEM;
		while (order && (1UL << order) > want)
			order--;
		page = alloc_pages_node(ctx->node, KBENCH_LOW_GFP, order);
		pz = page ? &low->zones[page_zonenum(page)] : NULL;
		if (page && !pz->zone) {
			/* Not a zone this case allocates from. */
			__free_pages(page, order);
			return -ENOMEM;
		}
		if (page) {
			kbench_low_hold(low, pz, page, order);
			if (kbench_zone_free(pz->zone) >= pz->floor) {
				cond_resched();
				continue;
			}
			/* Taken below the mark (slow path): give it back. */
			kbench_low_put(low, pz);
		}
		if (!order)
			break;	/* the rest is reserves: stay just above */
		order--;
	}
	return 0;
}

static int kbench_low_adjust(struct kbench_ctx *ctx, struct kbench_low *low)
{
	int z, ret;

	for (z = MAX_NR_ZONES - 1; z >= 0; z--) {
		struct kbench_low_zone *lz = &low->zones[z];

		if (!lz->zone)
			continue;
		kbench_low_lift(low, lz);
		ret = kbench_low_fill(ctx, low, lz);
		if (ret)
			return ret;
	}
	return 0;
}

int kbench_low_setup(struct kbench_ctx *ctx)
{
	enum zone_type highest = gfp_zone(GFP_KERNEL);
	struct kbench_low *low;
	int z, ret;

	if (!ctx->zone)
		return -ENOMEM;
	low = kzalloc(sizeof(*low), GFP_KERNEL);
	if (!low)
		return -ENOMEM;
	for (z = 0; z <= zone_idx(ctx->zone); z++) {
		struct kbench_low_zone *lz = &low->zones[z];
		struct zone *zone = &NODE_DATA(ctx->node)->node_zones[z];
		unsigned long min = min_wmark_pages(zone);

		INIT_LIST_HEAD(&lz->blocks);
		if (!populated_zone(zone))
			continue;
		lz->zone = zone;
		lz->target = low_wmark_pages(zone) + zone->lowmem_reserve[highest];
		lz->floor = min + zone->lowmem_reserve[highest] +
			    (low_wmark_pages(zone) - min) / 2;
		low->managed += zone_managed_pages(zone);
	}
	ret = kbench_low_adjust(ctx, low);
	if (ret) {
		kbench_low_release(low);
		kfree(low);
		return ret;
	}
	ctx->priv = low;
	return 0;
}

/* Before each region: back to the marks (the last region moved them). */
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
