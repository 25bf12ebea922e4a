// SPDX-License-Identifier: GPL-2.0
/* The plan: see plan.h. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cell *plan_add(struct plan *pl)
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

/*
 * The producer CPU of a remote free: on another node than the timed CPU
 * (the module refuses a same-node peer), the memory's node if it has CPUs,
 * else the first other CPU node; -1 when there is none.
 */
static int peer_cpu(const struct topology *t, int cpu_idx, int mem_idx)
{
	const struct topo_node *m = &t->nodes[mem_idx];

	if (m->ncpus && mem_idx != cpu_idx)
		return m->cpus[0];
	for (int i = 0; i < t->nnodes; i++)
		if (i != cpu_idx && t->nodes[i].ncpus)
			return t->nodes[i].cpus[0];
	return -1;
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
	else if ((k->flags & KBENCH_CF_PEER_CPU) && peer_cpu(t, ci, mi) < 0)
		snprintf(buf, len, "no CPU on another node than %d to allocate the objects",
			 t->nodes[ci].id);
}

/* Whether mode m of case k is planned at this order (-1: none). */
static int mode_planned(const struct profile *p,
			const struct kbench_case_info *k, unsigned m, int order)
{
	if (!(p->kmodes & k->modes & (1u << m)))
		return 0;
	/* Only the small orders have a per-CPU list to outrun. */
	return m != KBENCH_MODE_BUDDY || (order >= 0 && order <= 3);
}

/* bytes as "1 MiB", "512 KiB" or "640 B": the caps are whole KiB. */
static void put_bytes(char *buf, size_t len, uint64_t b)
{
	if (b && !(b % (1u << 20)))
		snprintf(buf, len, "%llu MiB", (unsigned long long)(b >> 20));
	else if (b && !(b % 1024))
		snprintf(buf, len, "%llu KiB", (unsigned long long)(b >> 10));
	else
		snprintf(buf, len, "%llu B", (unsigned long long)b);
}

/*
 * Why the cell c cannot run beyond the placement, or leaves c->skip as is.
 * The module's limits are the case's max_order, max_batch and
 * max_region_bytes (batch x bytes per op; a case whose regions run with
 * preemption off holds at most 1 MiB). Beyond them the module says ERANGE:
 * such a cell is skipped with the reason, never run to fail.
 */
static void limit_reason(struct cell *c)
{
	const struct kbench_case_info *k = c->kcase;
	char held[32], cap[32];

	if (c->skip[0])
		return;
	if (c->order > (int)k->max_order) {
		snprintf(c->skip, sizeof(c->skip),
			 "order %d above %s's cap of %u", c->order, k->name,
			 k->max_order);
	} else if (c->batch > k->max_batch) {
		snprintf(c->skip, sizeof(c->skip),
			 "batch %u above %s's cap of %u", c->batch, k->name,
			 k->max_batch);
	} else if (c->size_bytes * c->batch > k->max_region_bytes) {
		put_bytes(held, sizeof(held), c->size_bytes * c->batch);
		put_bytes(cap, sizeof(cap), k->max_region_bytes);
		snprintf(c->skip, sizeof(c->skip),
			 "batch %u x %llu B = %s above %s's cap of %s per timed region",
			 c->batch, (unsigned long long)c->size_bytes, held,
			 k->name, cap);
	}
}

/*
 * Sizes (or orders) of case k: count into vals. Orders up to max_order,
 * the largest any case accepts: those above k's own cap become cells
 * skipped with the reason (limit_reason).
 */
static int case_params(const struct profile *p,
		       const struct kbench_case_info *k, unsigned max_order,
		       uint64_t *vals)
{
	int n = 0;

	if (k->param == KBENCH_PARAM_ORDER && p->all_orders) {
		for (uint64_t o = 0; o <= max_order && n < 64; o++)
			vals[n++] = o;
	} else if (k->param == KBENCH_PARAM_ORDER) {
		for (int i = 0; i < p->norders; i++)
			if (p->orders[i] <= max_order)
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

/* Where a cell is measured: the case, its CPU and memory nodes. */
struct cell_site {
	const struct kbench_case_info *k;
	const struct topology *t;
	int ci, mi;
	const char *why;	/* placement skip reason, "" when none */
};

static int add_cell(struct plan *pl, const struct cell_site *s, int order,
		    uint64_t size, unsigned batch, unsigned mode)
{
	struct cell *c = plan_add(pl);

	if (!c)
		return -1;
	c->kcase = s->k;
	c->cpu_node = s->t->nodes[s->ci].id;
	c->mem_node = s->mi < 0 ? -1 : s->t->nodes[s->mi].id;
	c->cpu = s->t->nodes[s->ci].cpus[0];
	c->peer_cpu = (s->k->flags & KBENCH_CF_PEER_CPU) ?
		peer_cpu(s->t, s->ci, s->mi) : -1;
	c->order = order;
	c->size_bytes = size;
	c->batch = batch;
	c->mode = mode;
	snprintf(c->skip, sizeof(c->skip), "%s", s->why);
	limit_reason(c);
	return 0;
}

static int add_cells(struct plan *pl, const struct profile *p,
		     const struct kbench_case_info *k, const struct topology *t,
		     int ci, int mi, unsigned page_size, unsigned max_order)
{
	uint64_t vals[64 + PROFILE_MAX_LIST];
	int nvals = case_params(p, k, max_order, vals);
	char why[160] = "";
	struct cell_site site = { k, t, ci, mi, why };

	if (mi >= 0)
		skip_reason(why, sizeof(why), k, t, ci, mi);
	for (int v = 0; v < nvals; v++) {
		int order = k->param == KBENCH_PARAM_ORDER ? (int)vals[v] : -1;
		uint64_t size = order >= 0 ? (uint64_t)page_size << order :
					     vals[v];

		for (unsigned m = 0; m < KBENCH_NR_MODES; m++) {
			if (!mode_planned(p, k, m, order))
				continue;
			for (int b = 0; b < p->nbatches; b++)
				if (add_cell(pl, &site, order, size,
					     (unsigned)p->batches[b], m))
					return -1;
		}
	}
	return 0;
}

int plan_build(struct plan *pl, const struct profile *p, const char *only,
	       const struct kbench_case_info *cases, unsigned ncases,
	       const struct topology *t, unsigned page_size)
{
	unsigned max_order = 0;

	memset(pl, 0, sizeof(*pl));
	for (unsigned k = 0; k < ncases; k++)
		if (cases[k].param == KBENCH_PARAM_ORDER &&
		    cases[k].max_order > max_order)
			max_order = cases[k].max_order;
	for (unsigned k = 0; k < ncases; k++) {
		const struct kbench_case_info *kc = &cases[k];

		if (!profile_wants_case(p, only, kc->name))
			continue;
		for (int ci = 0; ci < t->nnodes; ci++) {
			if (!t->nodes[ci].ncpus)
				continue;
			if (kc->flags & KBENCH_CF_NO_MEM_NODE) {
				if (add_cells(pl, p, kc, t, ci, -1, page_size,
					      max_order))
					return -1;
				continue;
			}
			for (int mi = 0; mi < t->nnodes; mi++)
				if (add_cells(pl, p, kc, t, ci, mi, page_size,
					      max_order))
					return -1;
		}
	}
	return plan_add_scaling(pl, p, only, cases, ncases, t, page_size);
}

void plan_skip_tcg_modes(struct plan *pl, unsigned modes)
{
	for (size_t i = 0; i < pl->ncells; i++) {
		struct cell *c = &pl->cells[i];
		const char *name = kbench_mode_name(c->mode);

		if (c->skip[0] || !(modes & (1u << c->mode)))
			continue;
		if (c->mode == KBENCH_MODE_COLD)
			snprintf(c->skip, sizeof(c->skip),
				 "mode cold not measured under TCG, which models no cache (cold equals hot there): [kernel] tcg_skip_modes");
		else
			snprintf(c->skip, sizeof(c->skip),
				 "mode %s not measured under TCG: [kernel] tcg_skip_modes",
				 name);
	}
}

void plan_free(struct plan *pl)
{
	free(pl->cells);
	memset(pl, 0, sizeof(*pl));
}
