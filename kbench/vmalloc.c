// SPDX-License-Identifier: GPL-2.0
/*
 * kbench vmalloc cases: vmalloc_node / vfree, and vmap / vunmap of pages
 * allocated (untimed) from mem_node. vmalloc_node only prefers mem_node,
 * so every page is checked and misplaced allocations are counted (not in
 * PAIR mode, where the region frees the area before it can be checked).
 *
 * vfree and vunmap are lazy: they unlink the area and leave its purge (the
 * free-tree merge and a kernel TLB flush, IPIs to every CPU) to a later
 * drain, often on another CPU or inside a later region. PURGE mode ends
 * the region with vm_unmap_aliases(), which purges what is lazy at once,
 * so the deferred cost is part of the ops (amortised over the batch, like
 * the kernel's lazy_max_pages batching). counters.vmap_* (>= 6.4) count
 * the purges a run saw, whichever CPU ran them.
 *
 * vm_map_ram / vm_unmap_ram map the same page sets (mem_node's pages,
 * allocated untimed). Up to VMAP_MAX_ALLOC pages they come from per-CPU
 * vmap blocks, above it from a vmap area as vmap's; vm_unmap_ram is as
 * lazy as vunmap, so PURGE applies to it too.
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "cases.h"
#include "timing.h"

/* Inside a region: in PURGE mode, the purge the region's frees deferred. */
static __always_inline void kbench_purge_deferred(const struct kbench_ctx *ctx)
{
	if (ctx->mode == KBENCH_MODE_PURGE)
		vm_unmap_aliases();
}

/* Untimed: true when any page of [addr, addr + size) is not on @node. */
static bool kbench_vmalloc_misplaced(const void *addr, size_t size, int node)
{
	size_t off;

	for (off = 0; off < size; off += PAGE_SIZE) {
		struct page *page = vmalloc_to_page(addr + off);

		if (!page || page_to_nid(page) != node)
			return true;
	}
	return false;
}

static void kbench_vmalloc_count(struct kbench_ctx *ctx, void **areas)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++) {
		if (!areas[i]) {
			ctx->failed++;
			continue;
		}
		ctx->done++;
		if (kbench_vmalloc_misplaced(areas[i], ctx->size, ctx->node))
			ctx->misplaced++;
	}
}

int kbench_vmalloc_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	bool pair = ctx->mode != KBENCH_MODE_HOT;	/* PAIR or PURGE */
	void **areas = ctx->ptrs;
	unsigned int i;
	u64 t0;

	t0 = kbench_region_begin(ctx);
	if (pair) {
		for (i = 0; i < ctx->batch; i++) {
			areas[i] = vmalloc_node(ctx->size, ctx->node);
			vfree(areas[i]);
		}
		kbench_purge_deferred(ctx);
	} else {
		for (i = 0; i < ctx->batch; i++)
			areas[i] = vmalloc_node(ctx->size, ctx->node);
	}
	*cycles = kbench_region_end(ctx, t0);

	if (pair) {
		/* Freed already: their pages cannot be checked. */
		for (i = 0; i < ctx->batch; i++) {
			if (areas[i])
				ctx->done++;
			else
				ctx->failed++;
			areas[i] = NULL;
		}
		return 0;
	}
	kbench_vmalloc_count(ctx, areas);
	for (i = 0; i < ctx->batch; i++) {
		vfree(areas[i]);
		areas[i] = NULL;
	}
	return 0;
}

int kbench_vfree_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	void **areas = ctx->ptrs;
	unsigned int i;
	u64 t0;

	for (i = 0; i < ctx->batch; i++)
		areas[i] = vmalloc_node(ctx->size, ctx->node);
	kbench_vmalloc_count(ctx, areas);

	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++)
		vfree(areas[i]);
	kbench_purge_deferred(ctx);
	*cycles = kbench_region_end(ctx, t0);

	for (i = 0; i < ctx->batch; i++)
		areas[i] = NULL;
	return 0;
}

/*
 * vmap / vunmap. Mapping i of a sample uses pages[i * npages ...]; its
 * first entry is NULL when its pages could not all be allocated.
 */
struct kbench_vmap {
	struct page **pages;	/* batch x npages */
	unsigned int npages;
};

int kbench_vmap_setup(struct kbench_ctx *ctx)
{
	struct kbench_vmap *v;

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->npages = DIV_ROUND_UP(ctx->size, PAGE_SIZE);
	v->pages = kvcalloc((size_t)ctx->batch * v->npages,
			    sizeof(struct page *), GFP_KERNEL);
	if (!v->pages) {
		kfree(v);
		return -ENOMEM;
	}
	ctx->priv = v;
	return 0;
}

void kbench_vmap_teardown(struct kbench_ctx *ctx)
{
	struct kbench_vmap *v = ctx->priv;

	kvfree(v->pages);
	kfree(v);
	ctx->priv = NULL;
}

static void kbench_vmap_put(struct page **pages, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (pages[i])
			__free_page(pages[i]);
		pages[i] = NULL;
	}
}

/* Untimed: the pages of one mapping, all or none. */
static bool kbench_vmap_get(struct kbench_ctx *ctx, struct page **pages,
			    unsigned int n)
{
	bool misplaced = false;
	unsigned int i;

	for (i = 0; i < n; i++) {
		pages[i] = alloc_pages_node(ctx->node, KBENCH_GFP_THISNODE, 0);
		if (!pages[i]) {
			kbench_vmap_put(pages, i);
			return false;
		}
		if (page_to_nid(pages[i]) != ctx->node)
			misplaced = true;
	}
	if (misplaced)
		ctx->misplaced++;
	return true;
}

/* Untimed: pages for every mapping of the sample. */
static void kbench_vmap_get_all(struct kbench_ctx *ctx,
				struct kbench_vmap *v)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++) {
		kbench_vmap_get(ctx, v->pages + (size_t)i * v->npages,
				v->npages);
		cond_resched();
	}
}

/* How kbench_vmap_put_all() unmaps what is still mapped. */
enum kbench_unmap {
	KBENCH_UNMAPPED,	/* the region did */
	KBENCH_VUNMAP,
	KBENCH_VM_UNMAP_RAM,
};

/* Untimed: unmap what is still mapped, count, free all pages. */
static void kbench_vmap_put_all(struct kbench_ctx *ctx, struct kbench_vmap *v,
				void **addrs, enum kbench_unmap unmap)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++) {
		struct page **pages = v->pages + (size_t)i * v->npages;

		if (addrs[i]) {
			ctx->done++;
			if (unmap == KBENCH_VUNMAP)
				vunmap(addrs[i]);
			else if (unmap == KBENCH_VM_UNMAP_RAM)
				vm_unmap_ram(addrs[i], v->npages);
			addrs[i] = NULL;
		} else {
			ctx->failed++;
		}
		kbench_vmap_put(pages, v->npages);
	}
}

/* vmap every sample's pages (the timed part of the vmap case). */
static __always_inline void kbench_vmap_map_all(struct kbench_ctx *ctx,
						struct kbench_vmap *v,
						void **addrs)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++) {
		struct page **pages = v->pages + (size_t)i * v->npages;

		if (pages[0])
			addrs[i] = vmap(pages, v->npages, VM_MAP, PAGE_KERNEL);
	}
}

int kbench_vmap_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_vmap *v = ctx->priv;
	void **addrs = ctx->ptrs;
	u64 t0;

	kbench_vmap_get_all(ctx, v);

	t0 = kbench_region_begin(ctx);
	kbench_vmap_map_all(ctx, v, addrs);
	*cycles = kbench_region_end(ctx, t0);

	kbench_vmap_put_all(ctx, v, addrs, KBENCH_VUNMAP);
	return 0;
}

int kbench_vunmap_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_vmap *v = ctx->priv;
	void **addrs = ctx->ptrs;
	unsigned int i;
	u64 t0;

	kbench_vmap_get_all(ctx, v);
	kbench_vmap_map_all(ctx, v, addrs);

	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++)
		if (addrs[i])
			vunmap(addrs[i]);
	kbench_purge_deferred(ctx);
	*cycles = kbench_region_end(ctx, t0);

	kbench_vmap_put_all(ctx, v, addrs, KBENCH_UNMAPPED);
	return 0;
}

/* vm_map_ram every sample's pages; its node is where its metadata goes. */
static __always_inline void kbench_vm_map_ram_all(struct kbench_ctx *ctx,
						  struct kbench_vmap *v,
						  void **addrs)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++) {
		struct page **pages = v->pages + (size_t)i * v->npages;

		if (pages[0])
			addrs[i] = vm_map_ram(pages, v->npages, ctx->node);
	}
}

int kbench_vm_map_ram_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_vmap *v = ctx->priv;
	void **addrs = ctx->ptrs;
	u64 t0;

	kbench_vmap_get_all(ctx, v);

	t0 = kbench_region_begin(ctx);
	kbench_vm_map_ram_all(ctx, v, addrs);
	*cycles = kbench_region_end(ctx, t0);

	kbench_vmap_put_all(ctx, v, addrs, KBENCH_VM_UNMAP_RAM);
	return 0;
}

int kbench_vm_unmap_ram_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_vmap *v = ctx->priv;
	void **addrs = ctx->ptrs;
	unsigned int i;
	u64 t0;

	kbench_vmap_get_all(ctx, v);
	kbench_vm_map_ram_all(ctx, v, addrs);

	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++)
		if (addrs[i])
			vm_unmap_ram(addrs[i], v->npages);
	kbench_purge_deferred(ctx);
	*cycles = kbench_region_end(ctx, t0);

	kbench_vmap_put_all(ctx, v, addrs, KBENCH_UNMAPPED);
	return 0;
}
