/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The move workloads' plan (move_pages, migrate_pages): one base cell per
 * ordered pair of distinct nodes, from_node -> mem_node (to). Every node
 * with memory is a source, CPU-less ones included; the thread runs on
 * from_node when it has CPUs, else on to_node when it has, else on the CPU
 * node nearest to from_node (cpu_node says which; the policy column says
 * "from<N>", urow_init). A pair whose source or target has no memory is a
 * skipped cell.
 */
#ifndef UBENCH_PAIRS_H
#define UBENCH_PAIRS_H

#include "urun.h"

/* The cells of one pair from its base cell (page kinds, sizes). */
typedef int (*upair_add_fn)(const struct uctx *c, const struct ucell *base,
			    struct ucells *out);

/*
 * add() for every pair; with fewer than two nodes, one skipped cell that
 * says so. 0 or -1 (ENOMEM).
 */
int uplan_pairs(const struct uctx *c, const struct uworkload *w,
		upair_add_fn add, struct ucells *out);

/* Index of the node the thread of a move from node index fi to ti runs on. */
int upair_cpu_index(const struct uctx *c, int fi, int ti);

#endif
