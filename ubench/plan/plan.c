// SPDX-License-Identifier: GPL-2.0
/* The plan: see plan.h. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct cell *plan_add(struct plan *pl)
{
	if (pl->ncells == pl->cap) {
		size_t cap = pl->cap ? pl->cap * 2 : 256;
		struct cell *c = realloc(pl->cells, cap * sizeof(*c));

		if (!c)
			return NULL;
		pl->cells = c;
		pl->cap = cap;
	}
	memset(&pl->cells[pl->ncells], 0, sizeof(*pl->cells));
	return &pl->cells[pl->ncells++];
}

static int allocates(const struct kbench_case_info *k)
{
	return !(k->flags & (KBENCH_CF_NO_MEM_NODE | KBENCH_CF_TARGET_CPUS));
}

/* CPU that allocates for a remote free: a CPU of the memory's own node if
 * it has one, else of another CPU node; never @cpu unless it is the only one. */
static int peer_cpu(const struct topology *t, int cpu_idx, int mem_idx,
		    int cpu)
{
	const struct topo_node *m = &t->nodes[mem_idx];

	if (m->ncpus && mem_idx != cpu_idx)
		return m->cpus[0];
	for (int i = 0; i < t->nnodes; i++) {
		const struct topo_node *n = &t->nodes[i];

		for (int j = 0; j < n->ncpus; j++)
			if (n->cpus[j] != cpu &&
			    (i != cpu_idx || mem_idx == cpu_idx))
				return n->cpus[j];
	}
	return cpu;
}

/* Why (cpu_node, mem_node) cannot run case k, or "" when it can. */
static void skip_reason(char *buf, size_t len,
			const struct kbench_case_info *k,
			const struct topology *t, int ci, int mi)
{
	const struct topo_node *m = &t->nodes[mi];
	int cpu = t->nodes[ci].cpus[0];

	buf[0] = '\0';
	if (allocates(k) && !m->mem_bytes)
		snprintf(buf, len, "node %d has no memory", m->id);
	else if ((k->flags & KBENCH_CF_LOCAL_ONLY) && ci != mi)
		snprintf(buf, len, "%s has no node argument: memory comes from the CPU's node",
			 k->name);
	else if ((k->flags & KBENCH_CF_TARGET_CPUS) &&
		 (m->ncpus == 0 || (m->ncpus == 1 && m->cpus[0] == cpu)))
		snprintf(buf, len, "node %d has no CPU to send IPIs to", m->id);
}

/* Sizes (or orders) of case k: count into vals. */
static int case_params(const struct profile *p,
		       const struct kbench_case_info *k, uint64_t *vals)
{
	int n = 0;

	if (k->param == KBENCH_PARAM_ORDER && p->all_orders) {
		for (uint64_t o = 0; o <= k->max_order; o++)
			vals[n++] = o;
	} else if (k->param == KBENCH_PARAM_ORDER) {
		for (int i = 0; i < p->norders; i++)
			if (p->orders[i] <= k->max_order)
				vals[n++] = p->orders[i];
	} else if (k->param == KBENCH_PARAM_SIZE) {
		for (int i = 0; i < p->nsizes; i++)
			if (p->sizes[i] >= k->min_size &&
			    p->sizes[i] <= k->max_size)
				vals[n++] = p->sizes[i];
	} else {
		vals[n++] = 0;
	}
	return n;
}

static int add_cells(struct plan *pl, const struct profile *p,
		     const struct kbench_case_info *k, const struct topology *t,
		     int ci, int mi, unsigned page_size)
{
	uint64_t vals[64 + PROFILE_MAX_LIST];
	int nvals = case_params(p, k, vals);
	char why[160];

	why[0] = '\0';
	if (mi >= 0)
		skip_reason(why, sizeof(why), k, t, ci, mi);
	for (int v = 0; v < nvals; v++) {
		for (int b = 0; b < p->nbatches; b++) {
			struct cell *c = plan_add(pl);

			if (!c)
				return -1;
			c->kcase = k;
			c->cpu_node = t->nodes[ci].id;
			c->mem_node = mi < 0 ? -1 : t->nodes[mi].id;
			c->cpu = t->nodes[ci].cpus[0];
			c->peer_cpu = (k->flags & KBENCH_CF_PEER_CPU) ?
				peer_cpu(t, ci, mi, c->cpu) : -1;
			c->order = k->param == KBENCH_PARAM_ORDER ? (int)vals[v] : -1;
			c->size_bytes = c->order >= 0 ?
				(uint64_t)page_size << c->order : vals[v];
			c->batch = (unsigned)p->batches[b];
			snprintf(c->skip, sizeof(c->skip), "%s", why);
			if (!c->skip[0] && c->size_bytes * c->batch >
			    KBENCH_MAX_RUN_BYTES)
				snprintf(c->skip, sizeof(c->skip),
					 "batch x size exceeds the module's %llu MiB cap",
					 KBENCH_MAX_RUN_BYTES >> 20);
		}
	}
	return 0;
}

int plan_build(struct plan *pl, const struct profile *p, const char *only,
	       const struct kbench_case_info *cases, unsigned ncases,
	       const struct topology *t, unsigned page_size)
{
	memset(pl, 0, sizeof(*pl));
	for (unsigned k = 0; k < ncases; k++) {
		const struct kbench_case_info *kc = &cases[k];

		if (!profile_wants_case(p, only, kc->name))
			continue;
		for (int ci = 0; ci < t->nnodes; ci++) {
			if (!t->nodes[ci].ncpus)
				continue;
			if (kc->flags & KBENCH_CF_NO_MEM_NODE) {
				if (add_cells(pl, p, kc, t, ci, -1, page_size))
					return -1;
				continue;
			}
			for (int mi = 0; mi < t->nnodes; mi++)
				if (add_cells(pl, p, kc, t, ci, mi, page_size))
					return -1;
		}
	}
	return 0;
}

void plan_free(struct plan *pl)
{
	free(pl->cells);
	memset(pl, 0, sizeof(*pl));
}
