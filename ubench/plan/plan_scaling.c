// SPDX-License-Identifier: GPL-2.0
/*
 * The scaling sweep of the plan ([scaling] in the profile): each wanted
 * case at each of its sizes or orders, on 1..N CPUs of a node at once
 * (N from [scaling] threads, "all": every CPU of the node), local and
 * remote, and "+mixed": remote while as many CPUs of the memory's node
 * allocate locally; in each mode of [scaling] kernel_modes the case has
 * (pair keeps what a thread holds bounded; buddy, orders 0-3, makes every
 * region refill under zone->lock); the profile's largest batch the case
 * takes. slab_remote_free runs as a storm: N consumers on cpu_node's CPUs
 * free what N producers on another node's CPUs (mem_node's where it has
 * them) allocate from mem_node. A count above the node's CPUs, or a mix
 * without CPUs on the memory's node, is a skipped cell with the reason.
 * One thread, not mixed, is the plain cell the matrix already has when
 * the profile plans it (its row has the throughput too): not repeated.
 */
#include <stdio.h>
#include <string.h>

#include "plan.h"

static int case_allocates(const struct kbench_case_info *k)
{
	return !(k->flags & (KBENCH_CF_NO_MEM_NODE | KBENCH_CF_TARGET_CPUS));
}

/*
 * Cases a sweep can run: one kthread per CPU, memory on a node; a remote
 * free (KBENCH_CF_PEER_CPU) as a storm, each consumer with a producer of
 * its own on another node.
 */
static int sweepable(const struct kbench_case_info *k)
{
	return case_allocates(k) && !(k->flags & KBENCH_CF_LOCAL_ONLY);
}

/*
 * The producers' node of a storm from cpu node cn to memory node mn: the
 * memory's node if it has CPUs and is another, else the first other node
 * with CPUs (as the plain cell's peer); NULL when there is none.
 */
static const struct topo_node *peer_node(const struct topology *t,
					 const struct topo_node *cn,
					 const struct topo_node *mn)
{
	if (mn->ncpus && mn != cn)
		return mn;
	for (int i = 0; i < t->nnodes; i++)
		if (&t->nodes[i] != cn && t->nodes[i].ncpus)
			return &t->nodes[i];
	return NULL;
}

/* Whether the sweep runs case k in mode m at order (-1: none). */
static int sweep_mode(const struct profile *p,
		      const struct kbench_case_info *k, unsigned m, int order)
{
	if (!(p->scaling.kmodes & k->modes & (1u << m)))
		return 0;
	return m != KBENCH_MODE_BUDDY || (order >= 0 && order <= 3);
}

/* The profile's largest batch the case takes for op_bytes, at least 1. */
static unsigned sweep_batch(const struct profile *p,
			    const struct kbench_case_info *k, uint64_t op_bytes)
{
	unsigned best = 1;

	for (int b = 0; b < p->nbatches; b++) {
		uint64_t v = p->batches[b];

		if (v > best && v <= k->max_batch &&
		    v * op_bytes <= k->max_region_bytes)
			best = (unsigned)v;
	}
	return best;
}

/* Whether the plan has this plain cell already (the one-thread point). */
static int planned(const struct plan *pl, const struct cell *c)
{
	for (size_t i = 0; i < pl->ncells; i++) {
		const struct cell *o = &pl->cells[i];

		if (!o->cpus && o->kcase == c->kcase &&
		    o->cpu_node == c->cpu_node && o->mem_node == c->mem_node &&
		    o->size_bytes == c->size_bytes && o->order == c->order &&
		    o->batch == c->batch && o->mode == c->mode)
			return 1;
	}
	return 0;
}

struct sweep_point {
	const struct kbench_case_info *k;
	const struct topo_node *cn, *mn, *pn;	/* pn: a storm's producers */
	int order;
	uint64_t size;
	unsigned batch, threads, mode;
	int mixed;
};

static int add_point(struct plan *pl, const struct sweep_point *s)
{
	struct cell probe = {
		.kcase = s->k, .cpu_node = s->cn->id, .mem_node = s->mn->id,
		.size_bytes = s->size, .order = s->order, .batch = s->batch,
		.mode = s->mode,
	};
	struct cell *c;

	if (s->threads == 1 && !s->mixed && planned(pl, &probe))
		return 0;
	c = plan_add(pl);
	if (!c)
		return -1;
	*c = probe;
	c->cpu = s->cn->cpus[0];
	c->peer_cpu = -1;
	c->threads = s->threads;
	c->mixed = s->mixed;
	c->cpus = s->cn->cpus;
	c->load_cpus = s->mixed ? s->mn->cpus : NULL;
	c->peer_cpus = s->pn ? s->pn->cpus : NULL;
	if ((s->k->flags & KBENCH_CF_PEER_CPU) && !s->pn)
		snprintf(c->skip, sizeof(c->skip),
			 "no CPU on another node than %d to allocate the objects",
			 s->cn->id);
	else if (s->pn && s->threads > (unsigned)s->pn->ncpus)
		snprintf(c->skip, sizeof(c->skip),
			 "%u producers: node %d has %d CPU%s", s->threads,
			 s->pn->id, s->pn->ncpus, s->pn->ncpus == 1 ? "" : "s");
	else if (!s->mn->mem_bytes)
		snprintf(c->skip, sizeof(c->skip), "node %d has no memory",
			 s->mn->id);
	else if (s->threads > (unsigned)s->cn->ncpus)
		snprintf(c->skip, sizeof(c->skip),
			 "%u threads: node %d has %d online CPU%s", s->threads,
			 s->cn->id, s->cn->ncpus, s->cn->ncpus == 1 ? "" : "s");
	else if (s->mixed && s->threads > (unsigned)s->mn->ncpus)
		snprintf(c->skip, sizeof(c->skip),
			 "mixed: node %d has %d CPU%s for %u local threads",
			 s->mn->id, s->mn->ncpus, s->mn->ncpus == 1 ? "" : "s",
			 s->threads);
	return 0;
}

/* The thread counts of [scaling] threads for a node of ncpus CPUs, once each. */
static int thread_counts(const struct profile *p, int ncpus, unsigned *out)
{
	int n = 0;

	for (int i = 0; i < p->scaling.nthreads; i++) {
		unsigned v = p->scaling.threads[i] ? (unsigned)p->scaling.threads[i] :
						    (unsigned)ncpus;
		int seen = 0;

		for (int j = 0; j < n; j++)
			seen |= out[j] == v;
		if (!seen && v)
			out[n++] = v;
	}
	return n;
}

static int add_sweep(struct plan *pl, const struct profile *p,
		     struct sweep_point *s, const struct topology *t)
{
	unsigned counts[PROFILE_MAX_LIST];

	for (int ci = 0; ci < t->nnodes; ci++) {
		int n;

		s->cn = &t->nodes[ci];
		if (!s->cn->ncpus)
			continue;
		n = thread_counts(p, s->cn->ncpus, counts);
		for (int mi = 0; mi < t->nnodes; mi++) {
			int storm = s->k->flags & KBENCH_CF_PEER_CPU;

			s->mn = &t->nodes[mi];
			s->pn = storm ? peer_node(t, s->cn, s->mn) : NULL;
			for (int i = 0; i < n; i++) {
				s->threads = counts[i];
				s->mixed = 0;
				if (add_point(pl, s))
					return -1;
				/* a storm is its own mix: no +mixed */
				if (!p->scaling.mixed || mi == ci || storm)
					continue;
				s->mixed = 1;
				if (add_point(pl, s))
					return -1;
			}
		}
	}
	return 0;
}

/*
 * The sweep of s at every mode of [scaling] kernel_modes the case has,
 * hot when it has none of them (slab_remote_free: hot and cold only).
 */
static int add_modes(struct plan *pl, const struct profile *p,
		     struct sweep_point *s, const struct topology *t)
{
	int any = 0;

	for (unsigned m = 0; m < KBENCH_NR_MODES; m++) {
		if (!sweep_mode(p, s->k, m, s->order))
			continue;
		any = 1;
		s->mode = m;
		if (add_sweep(pl, p, s, t))
			return -1;
	}
	if (any)
		return 0;
	s->mode = KBENCH_MODE_HOT;
	return add_sweep(pl, p, s, t);
}

int plan_add_scaling(struct plan *pl, const struct profile *p,
		     const char *only, const struct kbench_case_info *cases,
		     unsigned ncases, const struct topology *t,
		     unsigned page_size)
{
	for (unsigned k = 0; k < ncases; k++) {
		const struct kbench_case_info *kc = &cases[k];
		struct sweep_point s = { .k = kc };

		if (!sweepable(kc) ||
		    !profile_wants_scaling_case(p, only, kc->name))
			continue;
		if (kc->param == KBENCH_PARAM_ORDER) {
			for (int i = 0; i < p->scaling.norders; i++) {
				if (p->scaling.orders[i] > kc->max_order)
					continue;
				s.order = (int)p->scaling.orders[i];
				s.size = (uint64_t)page_size << s.order;
				s.batch = sweep_batch(p, kc, s.size);
				if (add_modes(pl, p, &s, t))
					return -1;
			}
			continue;
		}
		for (int i = 0; i < p->scaling.nsizes; i++) {
			if (p->scaling.sizes[i] < kc->min_size ||
			    p->scaling.sizes[i] > kc->max_size)
				continue;
			s.order = -1;
			s.size = p->scaling.sizes[i];
			s.batch = sweep_batch(p, kc, s.size);
			if (add_modes(pl, p, &s, t))
				return -1;
		}
	}
	return 0;
}
