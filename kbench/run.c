// SPDX-License-Identifier: GPL-2.0
/*
 * kbench run engine: pinned kthreads, the sample loop, results.
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>

#include "run.h"
#include "timing.h"

struct kbench_pinned {
	int (*fn)(void *arg);
	void *arg;
	unsigned int cpu;
	int ret;
	struct completion done;
};

/*
 * Runs fn, signals completion, then parks until kthread_stop(): the caller
 * always ends with kthread_stop(), which therefore never races with a
 * thread that has already exited. If kthread_stop() comes before the
 * thread ever ran, the kthread core never calls this function at all.
 */
static int kbench_pinned_thread(void *data)
{
	struct kbench_pinned *p = data;

	if (raw_smp_processor_id() != p->cpu)
		p->ret = -ENXIO;	/* @cpu went offline meanwhile */
	else
		p->ret = p->fn(p->arg);
	complete(&p->done);

	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

int kbench_run_on_cpu(unsigned int cpu, int (*fn)(void *arg), void *arg)
{
	struct kbench_pinned p = {
		.fn = fn,
		.arg = arg,
		.cpu = cpu,
	};
	struct task_struct *t;
	int ret;

	init_completion(&p.done);
	t = kthread_create_on_cpu(kbench_pinned_thread, &p, cpu, "kbench/%u");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wake_up_process(t);

	ret = wait_for_completion_interruptible(&p.done);
	/* Sets kthread_should_stop() for fn and waits for the exit. */
	kthread_stop(t);
	if (ret)
		return -EINTR;
	return p.ret;
}

static void kbench_reset_counters(struct kbench_ctx *ctx)
{
	ctx->done = 0;
	ctx->failed = 0;
	ctx->misplaced = 0;
}

/*
 * The timed side, on the kthread pinned to ctx->cpu: setup, overhead,
 * warm-up samples (not recorded), recorded samples, teardown. Between
 * samples, outside any timed region: stop check, CPU check, cond_resched().
 */
static int kbench_engine(void *data)
{
	struct kbench_ctx *ctx = data;
	const struct kbench_case *c = ctx->kcase;
	u32 total = ctx->warmup + ctx->iterations;
	u32 i;
	int ret;

	if (c->setup) {
		ret = c->setup(ctx);
		if (ret)
			return ret;
	}
	ctx->overhead = kbench_timer_overhead();

	ret = 0;
	for (i = 0; i < total; i++) {
		u64 cycles = 0;

		if (i == ctx->warmup)
			kbench_reset_counters(ctx);
		if (kthread_should_stop()) {
			ret = -EINTR;
			break;
		}
		if (raw_smp_processor_id() != ctx->cpu) {
			ret = -ENXIO;
			break;
		}
		ret = c->sample(ctx, &cycles);
		if (ret)
			break;
		if (i >= ctx->warmup)
			ctx->samples[i - ctx->warmup] =
				kbench_per_op(cycles, ctx->overhead, ctx->batch,
					      ctx->subtract_overhead);
		cond_resched();
	}

	if (c->teardown)
		c->teardown(ctx);
	return ret;
}

int kbench_run(struct kbench_run *req, const struct kbench_case *kcase)
{
	struct kbench_ctx *ctx;
	int ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->kcase = kcase;
	ctx->cpu = req->cpu;
	ctx->peer_cpu = req->peer_cpu;
	ctx->node = (kcase->flags & KBENCH_CF_NO_MEM_NODE) ?
		    NUMA_NO_NODE : (int)req->mem_node;
	ctx->order = req->order;
	ctx->size = req->size_bytes;
	ctx->batch = req->batch;
	ctx->warmup = req->warmup;
	ctx->iterations = req->iterations;
	ctx->subtract_overhead = req->flags & KBENCH_RF_SUBTRACT_OVERHEAD;
	ctx->slow_ns = kbench_slow_ns(kcase);

	ret = -ENOMEM;
	ctx->samples = kvcalloc(req->iterations, sizeof(u64), GFP_KERNEL);
	if (!ctx->samples)
		goto out_ctx;
	ctx->ptrs = kvcalloc(req->batch, sizeof(void *), GFP_KERNEL);
	if (!ctx->ptrs)
		goto out_samples;

	ret = kbench_run_on_cpu(req->cpu, kbench_engine, ctx);
	if (ret)
		goto out_ptrs;

	if (copy_to_user(u64_to_user_ptr(req->samples_ptr), ctx->samples,
			 (size_t)req->iterations * sizeof(u64))) {
		ret = -EFAULT;
		goto out_ptrs;
	}
	req->done = ctx->done;
	req->failed = ctx->failed;
	req->misplaced = ctx->misplaced;
	req->overhead_cycles = ctx->overhead;
	req->tsc_khz = kbench_tsc_khz();

out_ptrs:
	kvfree(ctx->ptrs);
out_samples:
	kvfree(ctx->samples);
out_ctx:
	kfree(ctx);
	return ret;
}
