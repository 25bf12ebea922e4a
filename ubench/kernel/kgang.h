/* SPDX-License-Identifier: GPL-2.0 */
/* One cell of the scaling sweep on several kthreads at once: kgang.c. */
#ifndef UBENCH_KGANG_H
#define UBENCH_KGANG_H

#include <stdint.h>

#include "kcell.h"
#include "plan/stoprule.h"

/*
 * kcell_run for a sweep cell (cell->cpus set): one request of
 * cell->threads workers (twice that with mixed) as repetition rep into
 * out; samples holds p->iterations.
 */
void kgang_run(struct kbench_client *c, const struct cell *cell,
	       const struct profile *p, unsigned rep,
	       struct kbench_sample *samples, struct kcell_result *out);

/* Jain's fairness index over n op counts: 1 equal, 1/n one did all; NAN if none. */
double kgang_fairness(const uint64_t *ops, unsigned n);

#endif
