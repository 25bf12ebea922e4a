// SPDX-License-Identifier: GPL-2.0
/*
 * kbench run engine: pinned kthreads, the sample loop, results. A run has
 * one worker (cpu, mem_node) or several (struct kbench_worker), each a
 * kthread pinned to its CPU with its own context and samples; together
 * they are a gang: set up, warm up together, start recording together
 * (window start) and stop together, at each one's next sample after the
 * first one is done.
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "counters.h"
#include "helper.h"
#include "run.h"
#include "timing.h"

/* The workers of one run (ctx->gang). */
struct kbench_gang {
	unsigned int n;
	atomic_t arrived[2];	/* the barriers: set up, warmed up */
	wait_queue_head_t wq;
	bool abort;		/* a worker failed or the run was interrupted */
	bool stop;		/* a worker is done: the others end too */
	u64 deadline_ns;	/* the budget's end, from the first barrier */
	u64 window_ns;		/* ktime_get_ns() at the second barrier */
};

static void kbench_gang_abort(struct kbench_gang *g)
{
	WRITE_ONCE(g->abort, true);
	wake_up_all(&g->wq);
}

/*
 * Wait until every worker reached barrier @k (0: set up, 1: warmed up).
 * The last to arrive sets what starts there: the budget's deadline at 0,
 * the window's start at 1. False when the gang aborted or the thread is
 * told to stop.
 */
static bool kbench_gang_barrier(struct kbench_ctx *ctx, unsigned int k)
{
	struct kbench_gang *g = ctx->gang;

	if (atomic_inc_return(&g->arrived[k]) == g->n) {
		if (k == 0)
			g->deadline_ns = ktime_get_ns() + ctx->budget_ns;
		else
			g->window_ns = ktime_get_ns();
		smp_wmb();	/* the time before the arrival count is seen */
		wake_up_all(&g->wq);
	}
	wait_event_interruptible(g->wq, atomic_read(&g->arrived[k]) == g->n ||
				 READ_ONCE(g->abort) || kthread_should_stop());
	smp_rmb();
	return atomic_read(&g->arrived[k]) == g->n && !READ_ONCE(g->abort);
}

struct kbench_pinned {
	struct kbench_ctx *ctx;
	int ret;
	struct completion done;
	struct task_struct *task;
};

static int kbench_engine(void *data);

/*
 * Runs the engine, signals completion, then parks until kthread_stop():
 * the caller always ends with kthread_stop(), which therefore never races
 * with a thread that has already exited. If kthread_stop() comes before
 * the thread ever ran, the kthread core never calls this function at all.
 */
static int kbench_pinned_thread(void *data)
{
	struct kbench_pinned *p = data;

	if (raw_smp_processor_id() != p->ctx->cpu)
		p->ret = -ENXIO;	/* its CPU went offline meanwhile */
	else
		p->ret = kbench_engine(p->ctx);
	if (p->ret)
		kbench_gang_abort(p->ctx->gang);
	complete(&p->done);
	kbench_park_until_stop();
	return 0;
}

/*
 * Run every worker's engine on its own pinned kthread and wait for all:
 * 0, the first worker's error, or -ERESTARTSYS on a signal (the gang is
 * aborted, every kthread stopped: nothing of the run is left to undo).
 */
static int kbench_gang_run(struct kbench_ctx **ctxs, unsigned int n)
{
	struct kbench_pinned *p;
	unsigned int i, started = 0;
	int ret = 0;

	p = kcalloc(n, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		p[i].ctx = ctxs[i];
		init_completion(&p[i].done);
		p[i].task = kbench_kthread_on_cpu(kbench_pinned_thread, &p[i],
						  ctxs[i]->cpu, "kbench/%u");
		if (IS_ERR(p[i].task)) {
			ret = PTR_ERR(p[i].task);
			break;
		}
		started++;
	}
	if (ret)
		kbench_gang_abort(ctxs[0]->gang);
	for (i = 0; i < started; i++)
		wake_up_process(p[i].task);
	for (i = 0; i < started; i++) {
		if (wait_for_completion_interruptible(&p[i].done)) {
			ret = -ERESTARTSYS;
			kbench_gang_abort(ctxs[0]->gang);
			break;
		}
	}
	/* Sets kthread_should_stop() for the engines and waits for the exits. */
	for (i = 0; i < started; i++)
		kthread_stop(p[i].task);
	for (i = 0; i < started && !ret; i++)
		if (p[i].ret)
			ret = p[i].ret;
	kfree(p);
	return ret;
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
 * it was emptied) timed the per-CPU fast path instead. A charging case
 * (KBENCH_CF_MEMCG) asked from the root cgroup charged nothing.
 */
static bool kbench_off_path(const struct kbench_ctx *ctx, u64 zone_blocks)
{
	if ((ctx->kcase->flags & KBENCH_CF_MEMCG) && !ctx->charged)
		return true;
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
	struct kbench_gang *g = ctx->gang;
	u32 total = ctx->warmup + ctx->iterations;
	u32 i;
	int ret;

	if (c->setup) {
		ret = c->setup(ctx);
		if (ret)
			return ret;
	}
	ctx->overhead = kbench_timer_overhead();
	/*
	 * The budget is the sampling's: arming the probes (static keys, text
	 * patching: tens of ms under TCG) and setup must not eat a small
	 * cell's budget. Both are bounded on their own (helper.h). It starts
	 * once every worker is set up.
	 */
	if (!kbench_gang_barrier(ctx, 0)) {
		ret = -EINTR;
		goto out;
	}
	ctx->deadline_ns = g->deadline_ns;

	ret = 0;
	for (i = 0; i < total; i++) {
		u64 cycles = 0, failed0;

		if (i == ctx->warmup) {
			if (!kbench_gang_barrier(ctx, 1)) {
				ret = -EINTR;
				break;
			}
			kbench_reset_counters(ctx);
			kbench_counting_start(ctx);
		}
		if (kthread_should_stop() || READ_ONCE(g->abort)) {
			ret = -EINTR;
			break;
		}
		/* Another worker is done: the gang stops together. */
		if (ctx->samples_done && READ_ONCE(g->stop))
			break;
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
	ctx->end_ns = ktime_get_ns();
	WRITE_ONCE(g->stop, true);
out:
	if (c->teardown)
		c->teardown(ctx);
	return ret;
}

/* A worker's results, into its uapi record. */
static void kbench_worker_out(struct kbench_worker *w,
			      const struct kbench_ctx *ctx)
{
	w->done = ctx->done;
	w->failed = ctx->failed;
	w->misplaced = ctx->misplaced;
	w->samples_done = ctx->samples_done;
	w->clean = ctx->clean;
	w->disturbed = ctx->disturbed;
	w->failed_samples = ctx->failed_samples;
	w->off_path = ctx->off_path;
	w->zone_blocks = ctx->counters.buddy_allocs;
	w->lock_contended = ctx->counters.lock_contended;
	w->lock_wait_ns = ctx->counters.lock_wait_ns;
}

/* The counts of a worker's CPU, added to the run's (worker 0's). */
static void kbench_counters_add(struct kbench_counters *o,
				const struct kbench_counters *w)
{
	o->buddy_allocs += w->buddy_allocs;
	o->buddy_alloc_pages += w->buddy_alloc_pages;
	o->pcp_drain_pages += w->pcp_drain_pages;
	o->sit_objects += w->sit_objects;
	o->sit_cycles += w->sit_cycles;
	o->buddy_allocs_timed += w->buddy_allocs_timed;
	o->refill_blocks += w->refill_blocks;
	o->aperf += w->aperf;
	o->mperf += w->mperf;
	o->kswapd_wakeups += w->kswapd_wakeups;
	o->lock_contended += w->lock_contended;
	o->lock_contended_zone += w->lock_contended_zone;
	o->lock_wait_ns += w->lock_wait_ns;
}

/* The run's outputs: worker 0's, plus the others' counts and samples. */
static void kbench_copy_out(struct kbench_run *req,
			    struct kbench_ctx **ctxs, unsigned int n,
			    struct kbench_worker *workers)
{
	const struct kbench_ctx *ctx = ctxs[0];
	u64 end = 0;
	unsigned int i;

	req->overhead_cycles = ctx->overhead;
	req->tsc_khz = kbench_tsc_khz();
	req->batch_used = ctx->batch;
	req->out_flags = 0;
	req->counters = ctx->counters;
	req->done = req->failed = req->misplaced = 0;
	req->samples_done = req->clean = req->disturbed = 0;
	req->failed_samples = req->off_path = 0;
	for (i = 0; i < n; i++) {
		ctx = ctxs[i];
		kbench_worker_out(&workers[i], ctx);
		req->done += ctx->done;
		req->failed += ctx->failed;
		req->misplaced += ctx->misplaced;
		req->samples_done += ctx->samples_done;
		req->clean += ctx->clean;
		req->disturbed += ctx->disturbed;
		req->failed_samples += ctx->failed_samples;
		req->off_path += ctx->off_path;
		req->out_flags |= ctx->out_flags;
		if (i)
			kbench_counters_add(&req->counters, &ctx->counters);
		end = max(end, ctx->end_ns);
	}
	if (ctxs[0]->kcase->preempt_off)
		req->out_flags |= KBENCH_OF_PREEMPT_OFF;
	if (ctxs[0]->kcase->irqs_off)
		req->out_flags |= KBENCH_OF_IRQS_OFF;
	req->window_ns = end > ctxs[0]->gang->window_ns ?
			 end - ctxs[0]->gang->window_ns : 0;
}

static void kbench_ctx_init(struct kbench_ctx *ctx, const struct kbench_run *req,
			    const struct kbench_case *kcase,
			    const struct kbench_worker *w)
{
	u32 budget = req->budget_ms ? req->budget_ms : KBENCH_DEFAULT_BUDGET_MS;

	ctx->kcase = kcase;
	ctx->cpu = w->cpu;
	ctx->peer_cpu = w->peer_cpu;
	ctx->node = (kcase->flags & KBENCH_CF_NO_MEM_NODE) ?
		    NUMA_NO_NODE : (int)w->mem_node;
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

static void kbench_ctx_free(struct kbench_ctx *ctx)
{
	if (!ctx)
		return;
	kbench_counting_free(ctx);
	free_cpumask_var(ctx->ipi_mask);
	kvfree(ctx->ptrs);
	kvfree(ctx->samples);
	kfree(ctx);
}

/* A worker's context with everything its engine needs preallocated. */
static struct kbench_ctx *kbench_ctx_alloc(const struct kbench_run *req,
					   const struct kbench_case *kcase,
					   const struct kbench_worker *w,
					   struct kbench_gang *gang)
{
	struct kbench_ctx *ctx;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return NULL;
	kbench_ctx_init(ctx, req, kcase, w);
	ctx->gang = gang;
	ctx->samples = kvcalloc(req->iterations, sizeof(*ctx->samples),
				GFP_KERNEL);
	ctx->ptrs = kvcalloc(ctx->batch, sizeof(void *), GFP_KERNEL);
	if (!ctx->samples || !ctx->ptrs ||
	    !zalloc_cpumask_var(&ctx->ipi_mask, GFP_KERNEL) ||
	    kbench_counting_alloc(ctx)) {
		kbench_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Each worker's samples and, with nworkers, every worker's record. */
static int kbench_copy_samples(const struct kbench_run *req,
			       struct kbench_ctx **ctxs, unsigned int n,
			       const struct kbench_worker *workers)
{
	struct kbench_sample __user *s = u64_to_user_ptr(req->samples_ptr);
	unsigned int i;

	for (i = 0; i < n; i++)
		if (copy_to_user(s + (size_t)i * req->iterations,
				 ctxs[i]->samples,
				 (size_t)ctxs[i]->samples_done *
				 sizeof(*ctxs[i]->samples)))
			return -EFAULT;
	if (req->nworkers &&
	    copy_to_user(u64_to_user_ptr(req->workers_ptr), workers,
			 array_size(n, sizeof(*workers))))
		return -EFAULT;
	return 0;
}

int kbench_run(struct kbench_run *req, const struct kbench_case *kcase,
	       struct kbench_worker *workers)
{
	unsigned int n = max_t(u32, req->nworkers, 1), i;
	u64 start = ktime_get_ns();
	struct kbench_ctx **ctxs;
	struct kbench_gang gang = { .n = n };
	struct mem_cgroup *memcg = NULL;
	cpumask_var_t cpus;
	int ret = -ENOMEM;

	init_waitqueue_head(&gang.wq);
	ctxs = kcalloc(n, sizeof(*ctxs), GFP_KERNEL);
	if (!ctxs)
		return -ENOMEM;
	if (!zalloc_cpumask_var(&cpus, GFP_KERNEL))
		goto out_ctxs;
	/* The caller's memory cgroup, taken here: its kthreads have none. */
	if (kcase->flags & KBENCH_CF_MEMCG)
		memcg = get_mem_cgroup_from_mm(current->mm);
	for (i = 0; i < n; i++) {
		ctxs[i] = kbench_ctx_alloc(req, kcase, &workers[i], &gang);
		if (!ctxs[i])
			goto out;
		ctxs[i]->memcg = memcg;
		ctxs[i]->charged = memcg && memcg->css.parent;
		cpumask_set_cpu(workers[i].cpu, cpus);
	}

	ret = kbench_counting_arm(cpus);
	if (ret)
		goto out;
	ret = kbench_gang_run(ctxs, n);
	kbench_counting_disarm();
	if (ret)
		goto out;

	kbench_copy_out(req, ctxs, n, workers);
	ret = kbench_copy_samples(req, ctxs, n, workers);
	req->elapsed_ns = ktime_get_ns() - start;
out:
	for (i = 0; i < n; i++)
		kbench_ctx_free(ctxs[i]);
	mem_cgroup_put(memcg);
	free_cpumask_var(cpus);
out_ctxs:
	kfree(ctxs);
	return ret;
}
