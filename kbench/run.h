/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench run engine and request validation.
 */
#ifndef _KBENCH_RUN_H
#define _KBENCH_RUN_H

#include "cases.h"

/*
 * validate.c: checks every field of @req (copied from user space) against
 * the uapi rules and the case table; errnos as documented in uapi/kbench.h.
 * On success *kcase is the requested case. Probes the samples buffer.
 */
int kbench_validate(const struct kbench_run *req,
		    const struct kbench_case **kcase);

/*
 * run.c: run @fn(@arg) on a kthread pinned to @cpu and return its result.
 * Waits interruptibly: on a signal the kthread is told to stop
 * (kthread_should_stop() becomes true for @fn) and -ERESTARTSYS is
 * returned once it has exited (the ioctl is restarted from scratch if the
 * signal handler asked for SA_RESTART, else user space sees EINTR).
 * Returns -ENXIO if the kthread did not start on @cpu.
 */
int kbench_run_on_cpu(unsigned int cpu, int (*fn)(void *arg), void *arg);

/*
 * run.c: run a request validated by kbench_validate(); fills the (out)
 * fields of @req and copies the samples to user space. Caller holds the
 * run mutex.
 */
int kbench_run(struct kbench_run *req, const struct kbench_case *kcase);

#endif /* _KBENCH_RUN_H */
