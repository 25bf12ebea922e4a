// SPDX-License-Identifier: GPL-2.0
/* Helper kthreads that know when they lost their CPU: see helper.h. */
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/topology.h>
#include <linux/smp.h>

#include "helper.h"

/* A helper that has not run after this long is not coming. */
#define KBENCH_HELPER_START_JIFFIES	(10 * HZ)

static bool kbench_helper_check(struct kbench_helper *h)
{
	if (raw_smp_processor_id() != h->cpu)
		WRITE_ONCE(h->lost, true);
	return !READ_ONCE(h->lost);
}

void kbench_park_until_stop(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
}

/* Steps while on its CPU; once moved, parks until kthread_stop(). */
static int kbench_helper_thread(void *data)
{
	struct kbench_helper *h = data;

	kbench_helper_check(h);
	complete(&h->started);
	while (!kthread_should_stop() && kbench_helper_check(h)) {
		h->step(h->arg);
		cond_resched();
	}
	kbench_park_until_stop();
	return 0;
}

struct task_struct *kbench_kthread_on_cpu(int (*fn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt)
{
	struct task_struct *t;

	t = kthread_create_on_node(fn, data, cpu_to_node(cpu), namefmt, cpu);
	if (!IS_ERR(t))
		kthread_bind(t, cpu);
	return t;
}

int kbench_helper_start(struct kbench_helper *h, unsigned int cpu,
			void (*step)(void *arg), void *arg, const char *name)
{
	struct task_struct *t;

	h->cpu = cpu;
	h->step = step;
	h->arg = arg;
	h->lost = false;
	init_completion(&h->started);
	t = kbench_kthread_on_cpu(kbench_helper_thread, h, cpu, name);
	if (IS_ERR(t)) {
		h->task = NULL;
		return PTR_ERR(t);
	}
	h->task = t;
	wake_up_process(t);
	if (!wait_for_completion_timeout(&h->started,
					 KBENCH_HELPER_START_JIFFIES)) {
		kbench_helper_stop(h);
		return -ETIMEDOUT;
	}
	if (kbench_helper_lost(h)) {
		kbench_helper_stop(h);
		return -ENXIO;
	}
	return 0;
}

void kbench_helper_stop(struct kbench_helper *h)
{
	if (!h->task)
		return;
	kthread_stop(h->task);
	h->task = NULL;
}
