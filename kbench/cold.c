// SPDX-License-Identifier: GPL-2.0
/*
 * kbench cold mode (KBENCH_MODE_COLD): before a timed op, untimed, the
 * cache lines it will touch first are written back and evicted with
 * clflush: the object's contents and its struct page (a slab object's is
 * its slab's). Alloc cases flush the objects their previous sample freed,
 * which are what the allocator hands back next: contents before the free
 * (a freed page may be unmapped with debug_pagealloc), struct page after
 * it (the free writes it). Under TCG clflush costs nothing and there is no
 * cache to miss: cold and hot differ only on real hardware.
 */
#include <linux/mm.h>
#include <asm/cacheflush.h>

#include "cases.h"

void kbench_cold_pages(const struct kbench_ctx *ctx, struct page *page,
		       unsigned int order, bool contents)
{
	if (ctx->mode != KBENCH_MODE_COLD || !page)
		return;
	if (contents)
		clflush_cache_range(page_address(page), PAGE_SIZE << order);
	else
		clflush_cache_range(page, sizeof(*page) << order);
}

void kbench_cold_obj(const struct kbench_ctx *ctx, const void *obj,
		     size_t size, bool contents)
{
	if (ctx->mode != KBENCH_MODE_COLD || !obj)
		return;
	if (contents)
		clflush_cache_range((void *)obj, size);
	else
		clflush_cache_range(virt_to_head_page(obj),
				    sizeof(struct page));
}
