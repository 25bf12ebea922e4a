// SPDX-License-Identifier: GPL-2.0
/*
 * kbench deferred frees: kvfree_rcu(obj, rcu), the two-argument form both
 * 6.1 and 6.12 have (the one-argument form is kvfree_rcu_mightsleep on
 * 6.12), on kmalloc_node objects with their rcu_head at offset 0.
 *
 * HOT times the call: it queues the object in a per-CPU batch and
 * returns; the free happens after a grace period, elsewhere. PURGE (6.12+
 * only: compat.h) ends the region with kvfree_rcu_barrier(), so the grace
 * period and the frees are part of the ops, amortised over the batch. The
 * barrier sleeps, so PURGE samples count as disturbed (switched out).
 *
 * In HOT the objects pile up while grace periods pass: untimed, a run
 * waits for them once it has queued KBENCH_RCU_PENDING bytes (6.1: the
 * batch drain interval, then rcu_barrier() for the grace-period callback
 * that queues the free), so a long run cannot fill the node.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "compat.h"
#include "timing.h"

#define KBENCH_RCU_PENDING	SZ_16M

struct kbench_rcu_obj {
	struct rcu_head rcu;
};

struct kbench_rcu {
	u64 pending;	/* bytes queued since the last wait */
};

int kbench_kvfree_rcu_setup(struct kbench_ctx *ctx)
{
	struct kbench_rcu *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	ctx->priv = r;
	return 0;
}

/* Untimed: until what kvfree_rcu() was given is freed (see above). */
static void kbench_kvfree_rcu_wait(void)
{
#ifdef KBENCH_HAVE_KVFREE_RCU_BARRIER
	kvfree_rcu_barrier();
#else
	msleep(2 * jiffies_to_msecs(HZ / 20 + 1));
	rcu_barrier();
#endif
}

void kbench_kvfree_rcu_teardown(struct kbench_ctx *ctx)
{
	struct kbench_rcu *r = ctx->priv;

	if (r->pending)
		kbench_kvfree_rcu_wait();
	kfree(r);
	ctx->priv = NULL;
}

int kbench_kvfree_rcu_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_rcu *r = ctx->priv;
	void **objs = ctx->ptrs;
	unsigned int i;
	u64 t0;

	for (i = 0; i < ctx->batch; i++)
		objs[i] = kmalloc_node(ctx->size, KBENCH_GFP, ctx->node);
	kbench_slab_count(ctx, objs, ctx->batch);

	t0 = kbench_region_begin(ctx);
	for (i = 0; i < ctx->batch; i++) {
		struct kbench_rcu_obj *obj = objs[i];

		if (obj)
			kvfree_rcu(obj, rcu);
	}
#ifdef KBENCH_HAVE_KVFREE_RCU_BARRIER
	if (ctx->mode == KBENCH_MODE_PURGE)
		kvfree_rcu_barrier();
#endif
	*cycles = kbench_region_end(ctx, t0);

	for (i = 0; i < ctx->batch; i++)
		objs[i] = NULL;
	if (ctx->mode == KBENCH_MODE_PURGE)
		return 0;
	r->pending += (u64)ctx->batch * ctx->size;
	if (r->pending >= KBENCH_RCU_PENDING) {
		kbench_kvfree_rcu_wait();
		r->pending = 0;
	}
	return 0;
}
