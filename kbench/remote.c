// SPDX-License-Identifier: GPL-2.0
/*
 * kbench slab_remote_free: a producer kthread on peer_cpu (a CPU of
 * another node) kmalloc_node()s objects from mem_node into a ring, all the
 * time, concurrently with the consumer on cpu, whose timed op is the kfree
 * of a batch taken from the ring: the cross-node free of objects whose
 * slabs another CPU owns (prototype-kernel page_bench05's pattern). The
 * ring holds two batches, which bounds how long an object waits; that wait
 * (producer put -> consumer take, TSC) is reported in counters.sit_*.
 * A producer moved off peer_cpu (it went offline) ends the run: ENXIO.
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "cases.h"
#include "helper.h"
#include "timing.h"

/* A consumer that waits this long for objects gives up (-ETIMEDOUT). */
#define KBENCH_REMOTE_WAIT_NS	(10ull * NSEC_PER_SEC)

struct kbench_remote_item {
	void *obj;
	u64 put_tsc;
};

struct kbench_remote {
	struct kbench_ctx *ctx;
	spinlock_t lock;		/* ring, head, count */
	struct kbench_remote_item *ring;
	unsigned int cap, head, count;
	struct kbench_helper producer;
	void *pending;			/* the producer's object not yet put */
};

static bool kbench_remote_put(struct kbench_remote *r, void *obj)
{
	bool ok;

	spin_lock(&r->lock);
	ok = r->count < r->cap;
	if (ok) {
		struct kbench_remote_item *it;

		it = &r->ring[(r->head + r->count) % r->cap];
		it->obj = obj;
		it->put_tsc = kbench_tsc();
		r->count++;
	}
	spin_unlock(&r->lock);
	return ok;
}

/* The producer's step, on peer_cpu: one object into the ring if it has
 * room. A NULL is handed over too: the consumer counts it failed. */
static void kbench_remote_produce(void *arg)
{
	struct kbench_remote *r = arg;
	struct kbench_ctx *ctx = r->ctx;

	if (!r->pending)
		r->pending = kmalloc_node(ctx->size, KBENCH_GFP, ctx->node);
	if (kbench_remote_put(r, r->pending))
		r->pending = NULL;
	else
		cpu_relax();
}

int kbench_remote_free_setup(struct kbench_ctx *ctx)
{
	struct kbench_remote *r;
	int ret = -ENOMEM;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->ctx = ctx;
	spin_lock_init(&r->lock);
	r->cap = 2 * ctx->batch;
	r->ring = kvcalloc(r->cap, sizeof(*r->ring), GFP_KERNEL);
	if (!r->ring)
		goto err;
	ret = kbench_helper_start(&r->producer, ctx->peer_cpu,
				  kbench_remote_produce, r, "kbench_prod/%u");
	if (ret)
		goto err_ring;
	ctx->priv = r;
	return 0;

err_ring:
	kfree(r->pending);
	kvfree(r->ring);
err:
	kfree(r);
	return ret;
}

void kbench_remote_free_teardown(struct kbench_ctx *ctx)
{
	struct kbench_remote *r = ctx->priv;

	kbench_helper_stop(&r->producer);
	kfree(r->pending);
	while (r->count) {
		kfree(r->ring[r->head].obj);
		r->head = (r->head + 1) % r->cap;
		r->count--;
	}
	kvfree(r->ring);
	kfree(r);
	ctx->priv = NULL;
}

/* Untimed: wait for a batch, take it, note how long it sat. */
static int kbench_remote_take(struct kbench_ctx *ctx, struct kbench_remote *r)
{
	u64 give_up = ktime_get_ns() + KBENCH_REMOTE_WAIT_NS;
	unsigned int i;
	u64 now;

	/* peer_cpu went offline: the objects would no longer be remote */
	if (kbench_helper_lost(&r->producer))
		return -ENXIO;
	while (READ_ONCE(r->count) < ctx->batch) {
		if (kthread_should_stop())
			return -EINTR;
		if (kbench_helper_lost(&r->producer))
			return -ENXIO;
		if (ktime_get_ns() > give_up)
			return -ETIMEDOUT;
		cpu_relax();
		cond_resched();
	}
	spin_lock(&r->lock);
	now = kbench_tsc();
	for (i = 0; i < ctx->batch; i++) {
		struct kbench_remote_item *it = &r->ring[r->head];

		ctx->ptrs[i] = it->obj;
		ctx->counters.sit_objects++;
		/* Clamped: TSCs of two CPUs may disagree by a little. */
		ctx->counters.sit_cycles += now > it->put_tsc ?
					    now - it->put_tsc : 0;
		r->head = (r->head + 1) % r->cap;
		r->count--;
	}
	spin_unlock(&r->lock);
	return 0;
}

int kbench_remote_free_sample(struct kbench_ctx *ctx, u64 *cycles)
{
	struct kbench_remote *r = ctx->priv;
	int ret;

	ret = kbench_remote_take(ctx, r);
	if (ret)
		return ret;
	kbench_slab_count(ctx, ctx->ptrs, ctx->batch);
	*cycles = kbench_kfree_timed(ctx, ctx->ptrs);
	return 0;
}
