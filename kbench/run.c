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
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "counters.h"
#include "helper.h"
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
	kbench_park_until_stop();
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
	/* -ERESTARTSYS: nothing of the aborted run is left to undo. */
	if (ret)
		return ret;
	return p.ret;
}

static void kbench_reset_counters(struct kbench_ctx *ctx)
{
	ctx->done = 0;
	ctx->failed = 0;
	ctx->misplaced = 0;
	ctx->counters.sit_objects = 0;
	ctx->counters.sit_cycles = 0;
	ctx->counters.buddy_allocs_timed = 0;
}

static u16 kbench_sat16(u64 v)
{
	return v > U16_MAX ? U16_MAX : v;
}

static u32 kbench_sat32(u64 v)
{
	return v > U32_MAX ? U32_MAX : v;
}

/*
 * Whether a region missed the path its case names: in BUDDY mode the
 * first allocation must refill cpu's per-CPU list from the zone; a region
 * that took no zone block (an interrupt freed pages onto the list after
 * it was emptied) timed the per-CPU fast path instead.
 */
static bool kbench_off_path(const struct kbench_ctx *ctx, u64 zone_blocks)
{
	return ctx->mode == KBENCH_MODE_BUDDY && !zone_blocks &&
	       kbench_counters_have_paths();
}

/*
 * Untimed, after a recorded sample: its per-op cycles and what happened
 * to it. A failed op makes the sample failed; otherwise a region off the
 * case's path makes it off path; otherwise an interrupt or a switch in
 * the region makes it disturbed; the rest are clean.
 */
static void kbench_record(struct kbench_ctx *ctx, u64 cycles, u64 failed0)
{
	struct kbench_sample *s = &ctx->samples[ctx->samples_done++];
	u64 irqs = ctx->snap1.irqs - ctx->snap0.irqs;
	u64 switches = ctx->snap1.switches - ctx->snap0.switches;
	u64 blocks = ctx->snap1.zone_blocks - ctx->snap0.zone_blocks;

	s->cycles = kbench_per_op(cycles, ctx->overhead, ctx->batch,
				  ctx->subtract_overhead);
	s->irqs = kbench_sat16(irqs);
	s->switches = kbench_sat16(switches);
	s->zone_blocks = kbench_sat16(blocks);
	s->zone_pages = kbench_sat32(ctx->snap1.zone_pages -
				     ctx->snap0.zone_pages);
	s->flags = 0;
	ctx->counters.buddy_allocs_timed += blocks;
	if (irqs)
		s->flags |= KBENCH_SF_IRQ;
	if (switches)
		s->flags |= KBENCH_SF_SCHED;
	if (ctx->failed != failed0)
		s->flags |= KBENCH_SF_FAILED;
	if (kbench_off_path(ctx, blocks))
		s->flags |= KBENCH_SF_OFF_PATH;

	if (s->flags & KBENCH_SF_FAILED)
		ctx->failed_samples++;
	else if (s->flags & KBENCH_SF_OFF_PATH)
		ctx->off_path++;
	else if (s->flags)
		ctx->disturbed++;
	else
		ctx->clean++;
}

/*
 * The timed side, on the kthread pinned to ctx->cpu: setup, overhead,
 * warm-up samples (not recorded), recorded samples between
 * kbench_counting_start/stop, teardown. Between samples, outside any
 * timed region: stop, CPU and budget checks, cond_resched().
 */
static int kbench_engine(void *data)
{
	struct kbench_ctx *ctx = data;
	const struct kbench_case *c = ctx->kcase;
	u32 total = ctx->warmup + ctx->iterations;
	u32 i;
	int ret;

	ret = kbench_counting_arm(ctx);
	if (ret)
		return ret;
	if (c->setup) {
		ret = c->setup(ctx);
		if (ret)
			goto out;
	}
	ctx->overhead = kbench_timer_overhead();
	/*
	 * The budget is the sampling's: arming the probes (static keys, text
	 * patching: tens of ms under TCG) and setup must not eat a small
	 * cell's budget. Both are bounded on their own (helper.h).
	 */
	ctx->deadline_ns = ktime_get_ns() + ctx->budget_ns;

	ret = 0;
	for (i = 0; i < total; i++) {
		u64 cycles = 0, failed0;

		if (i == ctx->warmup) {
			kbench_reset_counters(ctx);
			kbench_counting_start(ctx);
		}
		if (kthread_should_stop()) {
			ret = -EINTR;
			break;
		}
		if (raw_smp_processor_id() != ctx->cpu) {
			ret = -ENXIO;
			break;
		}
		/*
		 * A spent budget cuts the warm-up short and ends the run, but
		 * not before one sample is recorded: a row needs a number.
		 */
		if (ktime_get_ns() > ctx->deadline_ns) {
			ctx->out_flags |= KBENCH_OF_BUDGET;
			if (i < ctx->warmup) {
				i = ctx->warmup - 1;
				continue;
			}
			if (ctx->samples_done)
				break;
		}
		failed0 = ctx->failed;
		ret = c->sample(ctx, &cycles);
		if (ret)
			break;
		if (i >= ctx->warmup)
			kbench_record(ctx, cycles, failed0);
		cond_resched();
	}
	kbench_counting_stop(ctx);

	if (c->teardown)
		c->teardown(ctx);
out:
	kbench_counting_disarm(ctx);
	return ret;
}

static void kbench_copy_out(struct kbench_run *req,
			    const struct kbench_ctx *ctx)
{
	req->done = ctx->done;
	req->failed = ctx->failed;
	req->misplaced = ctx->misplaced;
	req->overhead_cycles = ctx->overhead;
	req->tsc_khz = kbench_tsc_khz();
	req->samples_done = ctx->samples_done;
	req->batch_used = ctx->batch;
	req->clean = ctx->clean;
	req->disturbed = ctx->disturbed;
	req->failed_samples = ctx->failed_samples;
	req->off_path = ctx->off_path;
	req->out_flags = ctx->out_flags;
	if (ctx->kcase->preempt_off)
		req->out_flags |= KBENCH_OF_PREEMPT_OFF;
	if (ctx->kcase->irqs_off)
		req->out_flags |= KBENCH_OF_IRQS_OFF;
	req->counters = ctx->counters;
}

static void kbench_ctx_init(struct kbench_ctx *ctx, const struct kbench_run *req,
			    const struct kbench_case *kcase)
{
	u32 budget = req->budget_ms ? req->budget_ms : KBENCH_DEFAULT_BUDGET_MS;

	ctx->kcase = kcase;
	ctx->cpu = req->cpu;
	ctx->peer_cpu = req->peer_cpu;
	ctx->node = (kcase->flags & KBENCH_CF_NO_MEM_NODE) ?
		    NUMA_NO_NODE : (int)req->mem_node;
	ctx->zone = kbench_case_allocates(kcase) ?
		    kbench_alloc_zone(ctx->node) : NULL;
	ctx->order = req->order;
	ctx->size = req->size_bytes;
	ctx->mode = req->mode;
	ctx->batch = req->batch;
	ctx->warmup = req->warmup;
	ctx->iterations = req->iterations;
	ctx->subtract_overhead = req->flags & KBENCH_RF_SUBTRACT_OVERHEAD;
	ctx->slow_ns = kbench_slow_ns(kcase);
	/* from when sampling starts: see kbench_engine */
	ctx->budget_ns = (u64)budget * NSEC_PER_MSEC;
}

int kbench_run(struct kbench_run *req, const struct kbench_case *kcase)
{
	struct kbench_ctx *ctx;
	u64 start = ktime_get_ns();
	int ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	kbench_ctx_init(ctx, req, kcase);

	ret = -ENOMEM;
	ctx->samples = kvcalloc(req->iterations, sizeof(*ctx->samples),
				GFP_KERNEL);
	if (!ctx->samples)
		goto out_ctx;
	ctx->ptrs = kvcalloc(ctx->batch, sizeof(void *), GFP_KERNEL);
	if (!ctx->ptrs)
		goto out_samples;
	if (!zalloc_cpumask_var(&ctx->ipi_mask, GFP_KERNEL))
		goto out_ptrs;
	ret = kbench_counting_alloc(ctx);
	if (ret)
		goto out_mask;

	ret = kbench_run_on_cpu(req->cpu, kbench_engine, ctx);
	if (ret)
		goto out_counting;

	if (copy_to_user(u64_to_user_ptr(req->samples_ptr), ctx->samples,
			 (size_t)ctx->samples_done * sizeof(*ctx->samples))) {
		ret = -EFAULT;
		goto out_counting;
	}
	kbench_copy_out(req, ctx);
	req->elapsed_ns = ktime_get_ns() - start;

out_counting:
	kbench_counting_free(ctx);
out_mask:
	free_cpumask_var(ctx->ipi_mask);
out_ptrs:
	kvfree(ctx->ptrs);
out_samples:
	kvfree(ctx->samples);
out_ctx:
	kfree(ctx);
	return ret;
}
