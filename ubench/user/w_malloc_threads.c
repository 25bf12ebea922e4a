// SPDX-License-Identifier: GPL-2.0
/*
 * malloc_threads: the allocators of ualloc.h under load. For each
 * allocator, (cpu_node, mem_node) under MPOL_BIND to mem_node, size of
 * [scaling] sizes (8 B..1 MiB; 256 B in the shipped profiles) and thread
 * count N of [scaling] threads (uthreads.h: "all" is every CPU of
 * cpu_node, a count above its online CPUs a skipped row), N threads
 * pinned to the first N CPUs of cpu_node, each bound like malloc's thread
 * (umcell_bind) and warmed up, run malloc+free pairs of one object at
 * once: rounds of a fixed window (started at one barrier, stopped by one
 * deadline), the pairs timed in batches (ubatch.h, the batch calibrated per
 * thread in its warm-up). The row (test malloc_threads, threads = N):
 * per-pair percentiles over every thread's batches, ops_per_s = all
 * threads' pairs over the rounds' common windows (from the start barrier
 * until the last thread stopped), fairness = Jain's index over the
 * threads' pair counts. After each round every thread allocates a few
 * objects, writes them and asks where their pages are (misplaced: not on
 * mem_node), untimed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "placement.h"
#include "ubatch.h"
#include "umcell.h"
#include "uthreads.h"
#include "utimer.h"
#include "util/monotime.h"
#include "workloads.h"

#define WINDOW_NS	(20u * 1000 * 1000)	/* a round's window */
#define WARM_PAIRS	2048		/* untimed pairs before calibrating */
#define CAL_REGIONS	9		/* regions of UMCELL_CAL_OPS pairs */
#define PLACE_OBJS	64		/* objects placed per thread and round */

static const char *const mt_tests[] = { "malloc_threads", NULL };

struct worker {
	struct hist h;		/* this round's batches (per-pair ns) */
	struct ubatch b;
	uint64_t ops, round_ops;	/* timed pairs: all rounds, this one */
	unsigned batch;		/* pairs per timed region */
	struct placement pl;
	char why[160];		/* non-empty: the thread could not run */
	int skip;		/* why is a skip (a kernel without the mode) */
};

struct job {
	const struct ucell *cell;
	struct worker *w;
};

/* n pairs of size bytes: 0, or -1 when an allocation failed. */
static int pairs(const struct ualloc *a, size_t size, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		void *p = a->alloc(size);

		if (!p)
			return -1;
		a->release(p, size);
	}
	return 0;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* Bound, warmed up, the batch calibrated: 0, or -1 with w->why. */
static int set_up(const struct ucell *cell, struct worker *w)
{
	const struct ualloc *a = cell->alloc;
	uint64_t t[CAL_REGIONS];
	double one;

	if (umcell_bind(cell, w->why, sizeof(w->why), &w->skip))
		return -1;
	if (pairs(a, cell->size_bytes, WARM_PAIRS))
		goto nomem;
	for (int i = 0; i < CAL_REGIONS; i++) {
		uint64_t t0 = utimer_now();

		if (pairs(a, cell->size_bytes, UMCELL_CAL_OPS))
			goto nomem;
		t[i] = utimer_now() - t0;
	}
	qsort(t, CAL_REGIONS, sizeof(t[0]), cmp_u64);
	one = (utimer_ns_f(t[CAL_REGIONS / 2]) - utimer.overhead_ns) / UMCELL_CAL_OPS;
	w->batch = ubatch_size(utimer.overhead_ns, one > 0 ? one : 0,
			       UBATCH_SHARE, UBATCH_MAX);
	return 0;
nomem:
	snprintf(w->why, sizeof(w->why), "allocation of %" PRIu64 " bytes failed",
		 cell->size_bytes);
	return -1;
}

/* A few objects written and their pages asked for, untimed. */
static void place(const struct ucell *cell, struct worker *w)
{
	void *o[PLACE_OBJS];
	struct placement pl;
	unsigned n;

	for (n = 0; n < PLACE_OBJS; n++) {
		o[n] = cell->alloc->alloc(cell->size_bytes);
		if (!o[n])
			break;
		*(volatile char *)o[n] = 1;
	}
	if (n && !placement_query_list(o, n, 1ul << cell->mem_node, &pl))
		placement_add(&w->pl, &pl);
	while (n--)
		cell->alloc->release(o[n], cell->size_bytes);
}

static void work(struct uteam *t, unsigned i, void *arg)
{
	struct job *j = arg;
	struct worker *w = &j->w[i];
	const struct ualloc *a = j->cell->alloc;
	size_t size = j->cell->size_bytes;

	if (!t->round) {
		set_up(j->cell, w);
		return;
	}
	w->round_ops = 0;
	uteam_begin(t, i);
	if (w->why[0])
		return;		/* it could not start: no ops, no window */
	while (!uteam_stopping(t)) {
		uint64_t t0 = utimer_now(), dt;

		if (pairs(a, size, w->batch)) {
			snprintf(w->why, sizeof(w->why),
				 "allocation of %zu bytes failed", size);
			break;
		}
		dt = utimer_now() - t0;
		w->round_ops += w->batch;
		if (ubatch_full(&w->b))
			ubatch_flush(&w->b, &w->h);
		ubatch_put(&w->b, dt, w->batch);
	}
	uteam_done(t, i);
	ubatch_flush(&w->b, &w->h);
	w->ops += w->round_ops;
	place(j->cell, w);
}

/* The first worker that could not run, into row r: 1, or 0 when none. */
static int worker_failed(const struct job *j, unsigned n, struct urow *r)
{
	for (unsigned i = 0; i < n; i++) {
		const struct worker *w = &j->w[i];

		if (!w->why[0])
			continue;
		if (w->skip)
			urow_skip(r, "%s", w->why);
		else
			urow_fail(r, "thread %u: %s", i, w->why);
		return 1;
	}
	return 0;
}

/* The rounds of a started team; the row's figures. */
static void rounds(struct uctx *c, struct uteam *t, struct job *j,
		   struct urow *r)
{
	unsigned n = t->n;
	uint64_t window = 0, ops = 0, *per = calloc(n, sizeof(*per));
	struct placement pl = { .absent = 0 };
	struct urounds l;
	uint64_t seen = 0;

	if (!per) {
		urow_fail(r, "out of memory");
		return;
	}
	if (worker_failed(j, n, r))
		goto out;
	urounds_start(&l, c, &r->hist, c->p->user.rounds);
	while (urounds_more(&l)) {
		window += uteam_round(t, WINDOW_NS);
		for (unsigned i = 0; i < n; i++) {
			hist_merge(&r->hist, &j->w[i].h);
			hist_init(&j->w[i].h);
		}
		if (worker_failed(j, n, r))
			goto out;
	}
	urounds_end(&l, r);
	for (unsigned i = 0; i < n; i++) {
		per[i] = j->w[i].ops;
		ops += per[i];
		placement_add(&pl, &j->w[i].pl);
	}
	for (int k = 0; k < TOPO_MAX_NODES; k++)
		seen += pl.per_node[k];
	seen += pl.absent;
	r->row.ops_per_s = uthreads_ops_per_s(ops, window);
	r->row.fairness = uthreads_jain(per, n);
	r->row.region_ops = j->w[0].batch;
	r->row.misplaced = pl.misplaced;
	urow_misplaced(r, pl.misplaced, seen, j->cell->mem_node);
	urow_placement(r, &pl);
	urow_metric(r, "ops_per_region", j->w[0].batch);
	urow_metric(r, "window_s", (double)window / 1e9);
	urow_metric(r, "rounds", l.done);
	urow_metric(r, "ops_total", (double)ops);
out:
	free(per);
}

static void measure(struct uctx *c, const struct ucell *cell, struct urow *r,
		    unsigned nrows)
{
	struct job j = { .cell = cell };
	unsigned n = cell->threads;
	int *cpus = calloc(n, sizeof(*cpus));
	struct uteam t;
	int e;

	(void)nrows;
	j.w = calloc(n, sizeof(*j.w));
	if (!cpus || !j.w) {
		urow_fail(r, "out of memory");
		goto out;
	}
	for (unsigned i = 0; i < n; i++)
		hist_init(&j.w[i].h);
	if (uthreads_cpus(c->t, cell->cpu_node, n, cpus)) {
		urow_skip(r, "%u threads: cpu_node %d has fewer online CPUs",
			  n, cell->cpu_node);
		goto out;
	}
	e = uteam_start(&t, cpus, n, work, &j);
	if (e) {
		urow_fail(r, "%u pinned threads: %s", n, strerror(e));
		goto out;
	}
	rounds(c, &t, &j, r);
	uteam_end(&t);
out:
	free(cpus);
	free(j.w);
}

static int plan(const struct uctx *c, struct ucells *out)
{
	const struct profile *p = c->p;
	const struct topology *t = c->t;
	const struct mpol_mode *bind = mpol_by_name("bind");
	struct uthreads_count counts[PROFILE_MAX_LIST];

	for (unsigned a = 0; a < ualloc_count; a++) {
		const struct ualloc *al = &ualloc_table[a];
		char why[160];

		umcell_alloc_why(c, al, why, sizeof(why));
		for (int ci = 0; ci < t->nnodes; ci++) {
			unsigned nc = uthreads_counts(p->scaling.threads,
						      p->scaling.nthreads,
						      t->nodes[ci].ncpus, counts,
						      PROFILE_MAX_LIST);

			for (int mi = 0; mi < t->nnodes; mi++)
			for (int s = 0; s < p->scaling.nsizes; s++)
			for (unsigned k = 0; k < nc; k++) {
				struct ucell cell = ucell_base(c, &uw_malloc_threads, ci);
				uint64_t size = p->scaling.sizes[s];

				if (size < 8 || size > (1ul << 20))
					continue;
				cell.alloc = al;
				cell.mode = bind;
				cell.mem_node = t->nodes[mi].id;
				cell.nodes = 1ul << cell.mem_node;
				cell.size_bytes = size;
				cell.threads = counts[k].threads;
				ucell_skip(&cell, counts[k].skip);
				ucell_skip(&cell, why);
				ucell_need_memory(c, &cell, cell.mem_node);
				if (ucells_add(out, &cell))
					return -1;
			}
		}
	}
	return 0;
}

const struct uworkload uw_malloc_threads = {
	.name = "malloc_threads",
	.description = "malloc+free pairs on N threads of cpu_node at once per allocator under BIND to mem_node ([scaling] threads and sizes)",
	.tests = mt_tests,
	.plan = plan,
	.measure = measure,
};
