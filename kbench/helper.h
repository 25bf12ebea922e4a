/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helper kthreads of a run (slab_remote_free's producer, the spinners of
 * tlb_ipi_flush_node busy): each is bound to one CPU, and a bound kthread
 * whose CPU goes offline is silently moved elsewhere, which would turn a
 * remote free into a same-node one or leave a "busy" target idle. So a
 * helper checks its CPU before every step, and one that finds itself
 * elsewhere stops working and says so (kbench_helper_lost); the case then
 * ends the run with ENXIO. Starting waits until the helper runs on its CPU.
 */
#ifndef _KBENCH_HELPER_H
#define _KBENCH_HELPER_H

#include <linux/compiler.h>
#include <linux/completion.h>
#include <linux/types.h>

struct task_struct;

struct kbench_helper {
	struct task_struct *task;
	unsigned int cpu;
	void (*step)(void *arg);	/* one bounded piece of work */
	void *arg;
	struct completion started;
	bool lost;			/* left @cpu: no more steps */
};

/*
 * Start step(arg) in a loop on @cpu and wait until it runs there. 0;
 * -ENXIO when it is not on @cpu (gone offline since validation);
 * -ETIMEDOUT when it never started; -ENOMEM. On error nothing is left.
 */
int kbench_helper_start(struct kbench_helper *h, unsigned int cpu,
			void (*step)(void *arg), void *arg, const char *name);
/* Stop it (it may have lost its CPU); h->task is NULL after. */
void kbench_helper_stop(struct kbench_helper *h);

/*
 * A kthread bound to @cpu (namefmt takes the CPU number), not started. It
 * is no per-CPU kthread (kthread_create_on_cpu makes those, which CPU
 * hotplug expects to park themselves: one still running on a CPU going
 * offline warns "Dying CPU not properly vacated"): when @cpu goes offline
 * the scheduler moves it elsewhere, where its CPU checks see it.
 */
struct task_struct *kbench_kthread_on_cpu(int (*fn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt);

/*
 * For a kthread whose work is done: sleep until kthread_stop(), so the
 * stop never races with an exited thread (run.c, helper.c).
 */
void kbench_park_until_stop(void);

static inline bool kbench_helper_lost(const struct kbench_helper *h)
{
	return READ_ONCE(h->lost);
}

#endif /* _KBENCH_HELPER_H */
