/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plan: every cell (case x cpu_node x mem_node x size/order x batch x
 * mode, the modes the case supports among the profile's) of
 * a run, from the profile, the module's case table and the topology. A cell
 * that cannot run here carries the reason and becomes a skipped row; it is
 * never dropped. Repetitions are the executor's outer loop.
 */
#ifndef UBENCH_PLAN_H
#define UBENCH_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "kbench.h"
#include "kmode.h"
#include "profile.h"
#include "host/topology.h"

struct cell {
	const struct kbench_case_info *kcase;
	int cpu_node, mem_node;	/* mem_node -1: the case uses no memory */
	int cpu, peer_cpu;	/* peer_cpu -1 unless KBENCH_CF_PEER_CPU */
	uint64_t size_bytes;	/* PARAM_SIZE: the size; PARAM_ORDER: page_size << order */
	int order;		/* -1 unless PARAM_ORDER */
	unsigned batch;
	unsigned mode;		/* enum kbench_mode */
	/*
	 * The scaling sweep (plan_scaling.c): threads kthreads on cpus[]
	 * (cpu_node's first CPUs) at once, and with mixed as many on
	 * load_cpus[] (mem_node's) allocating locally meanwhile; both
	 * point into the topology. cpus NULL: a plain cell (one thread).
	 */
	unsigned threads;
	int mixed;
	const int *cpus, *load_cpus;
	const int *peer_cpus;	/* a storm's producers (KBENCH_CF_PEER_CPU) */
	char skip[160];		/* non-empty: why this cell is skipped */
};

struct plan {
	struct cell *cells;
	size_t ncells, cap;
};

/*
 * Build the plan. cases/ncases: the module's table; page_size for order
 * sizes. Returns 0 or -1 (out of memory).
 */
int plan_build(struct plan *pl, const struct profile *p, const char *only,
	       const struct kbench_case_info *cases, unsigned ncases,
	       const struct topology *t, unsigned page_size);

/*
 * In a TCG guest: the cells of the modes in the profile's tcg_skip_modes
 * (bits 1 << mode) become skipped ones with the reason.
 */
void plan_skip_tcg_modes(struct plan *pl, unsigned modes);

void plan_free(struct plan *pl);

/* plan.c, for plan_scaling.c: a new zeroed cell, or NULL. */
struct cell *plan_add(struct plan *pl);
/* plan_scaling.c: the [scaling] sweep's cells, after the plain ones. */
int plan_add_scaling(struct plan *pl, const struct profile *p,
		     const char *only, const struct kbench_case_info *cases,
		     unsigned ncases, const struct topology *t,
		     unsigned page_size);

#endif
