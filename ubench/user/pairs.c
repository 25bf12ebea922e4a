// SPDX-License-Identifier: GPL-2.0
/* Node pairs for the move workloads: see pairs.h. */
#include "pairs.h"

#include <stdio.h>

int upair_cpu_index(const struct uctx *c, int fi, int ti)
{
	const struct topology *t = c->t;
	int best = -1;

	if (t->nodes[fi].ncpus)
		return fi;
	if (t->nodes[ti].ncpus)
		return ti;	/* a CPU-less source: pulled by its target */
	for (int i = 0; i < t->nnodes; i++)
		if (t->nodes[i].ncpus &&
		    (best < 0 || t->distance[fi * t->nnodes + i] <
				 t->distance[fi * t->nnodes + best]))
			best = i;
	return best < 0 ? fi : best;	/* no CPU anywhere: fi, skipped */
}

int uplan_pairs(const struct uctx *c, const struct uworkload *w,
		upair_add_fn add, struct ucells *out)
{
	const struct topology *t = c->t;

	for (int fi = 0; fi < t->nnodes; fi++) {
		for (int ti = 0; ti < t->nnodes; ti++) {
			struct ucell cell;

			if (ti == fi)
				continue;
			cell = ucell_base(c, w, upair_cpu_index(c, fi, ti));
			cell.from_node = t->nodes[fi].id;
			cell.mem_node = t->nodes[ti].id;
			if (!cell.skip[0] && !(c->mem_nodes & (1ul << cell.from_node)))
				snprintf(cell.skip, sizeof(cell.skip),
					 "from_node %d has no memory", cell.from_node);
			ucell_need_memory(c, &cell, cell.mem_node);
			if (add(c, &cell, out))
				return -1;
		}
	}
	if (t->nnodes < 2) {	/* nowhere to move to */
		struct ucell cell = ucell_base(c, w, 0);

		snprintf(cell.skip, sizeof(cell.skip),
			 "needs two nodes with memory; this machine has %d node",
			 t->nnodes);
		return ucells_add(out, &cell);
	}
	return 0;
}
