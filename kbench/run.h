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
 * On success *kcase is the requested case and *workers its workers (one
 * made of cpu and mem_node without nworkers), kmalloc'ed: the caller
 * kfree()s them. Probes the samples buffer.
 */
int kbench_validate(const struct kbench_run *req,
		    const struct kbench_case **kcase,
		    struct kbench_worker **workers);

/*
 * run.c: run a request validated by kbench_validate() on its @workers
 * (max(nworkers, 1) of them); fills the (out) fields of @req and of
 * @workers, copies the samples and (with nworkers) the workers to user
 * space. Caller holds the run mutex.
 */
int kbench_run(struct kbench_run *req, const struct kbench_case *kcase,
	       struct kbench_worker *workers);

#endif /* _KBENCH_RUN_H */
