// SPDX-License-Identifier: GPL-2.0
/* A cell of the malloc workloads: see umcell.h. */
#include "umcell.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ubatch.h"
#include "uthreads.h"
#include "util/monotime.h"
#include "utimer.h"

#define ROUND_BYTES	(4ul << 20)	/* objects per round: this many bytes */
#define ROUND_MIN	16		/* ... but at least */
#define ROUND_MAX	1024		/* ... and at most this many */
#define WARMUP_MIN	2
#define WARMUP_MAX	32
#define SETTLE		0.05	/* per-op times of two rounds this close: steady */

/* Objects per round for size: ROUND_BYTES of them, in [ROUND_MIN, ROUND_MAX]. */
static size_t round_objects(size_t size)
{
	size_t k = ROUND_BYTES / (size ? size : 1);

	return k < ROUND_MIN ? ROUND_MIN : k > ROUND_MAX ? ROUND_MAX : k;
}

int umcell_init(struct umcell *m, struct uctx *c, const struct ucell *cell,
		struct urow *r)
{
	*m = (struct umcell){
		.c = c, .cell = cell, .a = cell->alloc, .r = r,
		.size = cell->size_bytes, .k = round_objects(cell->size_bytes),
		.cal = calloc(UMCELL_MAXOPS, sizeof(struct hist)),
	};
	return m->cal ? 0 : -1;
}

void umcell_free(struct umcell *m)
{
	free(m->cal);
	m->cal = NULL;
}

int umcell_bind(const struct ucell *cell, char *why, size_t len, int *skip)
{
	unsigned long mask = 1ul << cell->mem_node;

	*skip = 0;
	if (sys_set_mempolicy(UMPOL_BIND, &mask, UMAXNODE)) {
		int e = errno;

		*skip = mpol_skip_reason("set_mempolicy", e, why, len);
		if (!*skip)
			snprintf(why, len, "set_mempolicy: %s", strerror(e));
		return -1;
	}
	return cell->alloc->thread_setup(cell->mem_node, why, len);
}

/*
 * Batches from the median region, less the timer: the typical op, not a
 * mean that a rare slow op (a trim, a fault) dominates.
 */
int umcell_warm_up(struct umcell *m, int (*round)(struct umcell *, double *),
		   int nops)
{
	const struct profile *p = m->c->p;
	double ns[UMCELL_MAXOPS], sum, last = 0;
	double end = mono_s() + p->cell_budget_s;
	unsigned min = (unsigned)((p->warmup + m->k - 1) / m->k);

	if (min < WARMUP_MIN)
		min = WARMUP_MIN;
	for (m->warmup = 0; m->warmup < WARMUP_MAX;) {
		for (int op = 0; op < nops; op++)
			hist_init(&m->cal[op]);
		if (round(m, ns))
			return -1;
		m->warmup++;
		sum = 0;
		for (int op = 0; op < nops; op++)
			sum += ns[op];
		m->settled = last > 0 && sum <= last * (1 + SETTLE) &&
			     sum >= last * (1 - SETTLE);
		last = sum;
		if (m->warmup >= min &&
		    (m->settled || (p->cell_budget_s > 0 && mono_s() > end)))
			break;
	}
	for (int op = 0; op < nops; op++) {
		double one = (double)hist_percentile(&m->cal[op], 50) -
			     utimer.overhead_ns / UMCELL_CAL_OPS;

		m->ops[op] = ubatch_size(utimer.overhead_ns, one > 0 ? one : 0,
					 UBATCH_SHARE, (unsigned)m->k);
	}
	return 0;
}

unsigned umcell_rounds(const struct umcell *m, unsigned ops)
{
	size_t per = m->k / (ops ? ops : 1), it = m->c->p->iterations;

	return (unsigned)((it + per - 1) / per);
}

void umcell_metrics(const struct umcell *m, struct urow *r, unsigned ops)
{
	uint64_t seen = m->pl.absent;

	for (int n = 0; n < TOPO_MAX_NODES; n++)
		seen += m->pl.per_node[n];
	r->row.misplaced = m->pl.misplaced;
	urow_misplaced(r, m->pl.misplaced, seen, m->cell->mem_node);
	r->row.region_ops = ops;
	urow_placement(r, &m->pl);
	urow_metric(r, "ops_per_region", ops);
	urow_metric(r, "objects_per_round", (double)m->k);
	urow_metric(r, "warmup_rounds", m->warmup);
	urow_metric(r, "warmup_settled", m->settled);
}

/* The cell of allocator al (skipped with why) for w at (ci, mi), size. */
static struct ucell base_cell(const struct uctx *c, const struct uworkload *w,
			      const struct ualloc *al, const char *why, int ci,
			      int mi, uint64_t size, int remote)
{
	const struct topology *t = c->t;
	struct ucell cell = ucell_base(c, w, ci);

	cell.alloc = al;
	cell.mode = mpol_by_name("bind");
	cell.mem_node = t->nodes[mi].id;
	cell.nodes = 1ul << cell.mem_node;
	cell.size_bytes = size;
	cell.threads = remote ? 2 : 1;
	ucell_skip(&cell, why);
	ucell_need_memory(c, &cell, cell.mem_node);
	if (!cell.skip[0] && remote && !t->nodes[mi].ncpus)
		snprintf(cell.skip, sizeof(cell.skip),
			 "mem_node %d has no CPU for the allocating thread",
			 cell.mem_node);
	return cell;
}

/* Is size one of the profile's (8 B..1 MiB) sizes, which have a 1-pair cell? */
static int plain_size(const struct profile *p, uint64_t size)
{
	for (int s = 0; s < p->nsizes; s++)
		if (p->sizes[s] == size)
			return 1;
	return 0;
}

/*
 * remote_free's [scaling] sweep at (ci, mi): N pairs (threads 2N) for each
 * count of [scaling] threads and size of [scaling] sizes; N above the
 * online CPUs of cpu_node (consumers) or mem_node (producers) skipped with
 * the reason; one pair at a size the plain cells have is theirs.
 */
static int pairs_sweep(const struct uctx *c, const struct uworkload *w,
		       const struct ualloc *al, const char *why, int ci, int mi,
		       struct ucells *out)
{
	const struct profile *p = c->p;
	const struct topo_node *mn = &c->t->nodes[mi];
	struct uthreads_count counts[PROFILE_MAX_LIST];
	unsigned nc = uthreads_counts(p->scaling.threads, p->scaling.nthreads,
				      c->t->nodes[ci].ncpus, counts,
				      PROFILE_MAX_LIST);

	for (int s = 0; s < p->scaling.nsizes; s++)
	for (unsigned k = 0; k < nc; k++) {
		uint64_t size = p->scaling.sizes[s];
		unsigned n = counts[k].threads;
		struct ucell cell;

		/* one pair at a plain size is the plain cell, skipped or not
		 * (a CPU-less cpu_node has one too: a second would clash) */
		if (size < 8 || size > (1ul << 20) ||
		    (n == 1 && plain_size(p, size)))
			continue;
		cell = base_cell(c, w, al, why, ci, mi, size, 1);
		cell.threads = 2 * n;
		if (!cell.skip[0] && counts[k].skip[0])
			snprintf(cell.skip, sizeof(cell.skip), "%u consumers: %s",
				 n, counts[k].skip);
		if (!cell.skip[0] && (unsigned)mn->ncpus < n)
			snprintf(cell.skip, sizeof(cell.skip),
				 "%u producers: mem_node %d has %d online CPUs",
				 n, mn->id, mn->ncpus);
		if (ucells_add(out, &cell))
			return -1;
	}
	return 0;
}

void umcell_alloc_why(const struct uctx *c, const struct ualloc *al,
		      char *why, size_t len)
{
	why[0] = '\0';
	if (c->only_alloc && strcmp(c->only_alloc, al->name))
		return;
	if (!al->open(al, why, len))
		al->prepare(c->mem_nodes, why, len);
}

int umcell_plan(const struct uctx *c, const struct uworkload *w, int remote,
		struct ucells *out)
{
	const struct topology *t = c->t;

	for (unsigned a = 0; a < ualloc_count; a++) {
		const struct ualloc *al = &ualloc_table[a];
		char why[160];

		umcell_alloc_why(c, al, why, sizeof(why));
		for (int ci = 0; ci < t->nnodes; ci++)
		for (int mi = 0; mi < t->nnodes; mi++) {
			for (int s = 0; s < c->p->nsizes; s++) {
				uint64_t size = c->p->sizes[s];
				struct ucell cell;

				if (size < 8 || size > (1ul << 20))
					continue;
				cell = base_cell(c, w, al, why, ci, mi, size, remote);
				if (ucells_add(out, &cell))
					return -1;
			}
			if (remote && pairs_sweep(c, w, al, why, ci, mi, out))
				return -1;
		}
	}
	return 0;
}
