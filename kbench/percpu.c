// SPDX-License-Identifier: GPL-2.0
/*
 * kbench per-CPU allocations: __alloc_percpu_gfp(size, align) (what
 * alloc_percpu(type) expands to), free_percpu untimed. One allocation
 * takes size bytes in every possible CPU's unit, each unit on its CPU's
 * node, so there is no memory node to place it on
 * (KBENCH_CF_NO_MEM_NODE). The region includes zeroing every CPU's copy.
 */
#include <linux/gfp.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "timing.h"

/* alloc_percpu(u64)'s alignment: what most per-CPU counters ask for. */
#define KBENCH_PERCPU_ALIGN	__alignof__(u64)

struct kbench_percpu {
	void __percpu **ptrs;	/* batch entries */
};

int kbench_percpu_setup(struct kbench_ctx *ctx)
{
	struct kbench_percpu *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->ptrs = kcalloc(ctx->batch, sizeof(*p->ptrs), GFP_KERNEL);
	if (!p->ptrs) {
		kfree(p);
		return -ENOMEM;
	}
	ctx->priv = p;
	return 0;
}

void kbench_percpu_teardown(struct kbench_ctx *ctx)
{
	struct kbench_percpu *p = ctx->priv;

	kfree(p->ptrs);
	kfree(p);
	ctx->priv = NULL;
}

int kbench_percpu_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_percpu *p = ctx->priv;
	unsigned int i;
	u64 t0;

	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++)
		p->ptrs[i] = __alloc_percpu_gfp(ctx->size, KBENCH_PERCPU_ALIGN,
						GFP_KERNEL | __GFP_NOWARN);
	*cycles = kbench_region_end(ctx, t0);

	for (i = 0; i < ctx->batch; i++) {
		if (!p->ptrs[i]) {
			ctx->failed++;
			continue;
		}
		ctx->done++;
		free_percpu(p->ptrs[i]);
		p->ptrs[i] = NULL;
	}
	return 0;
}
