// SPDX-License-Identifier: GPL-2.0
/*
 * malloc: each allocator of ualloc.h, for each (cpu_node, mem_node) under
 * MPOL_BIND to mem_node and each size class of the profile from 8 B to
 * 1 MiB (the kmalloc_node sizes, so rows line up with the kernel's), on
 * one thread pinned to the cell's CPU for the whole cell (umcell.h: rounds
 * of K objects, a warm-up to the steady state, batches).
 *
 * Each round times two passes over its K objects: malloc alone (the
 * objects' first bytes written after the regions), then malloc_touch
 * (malloc and a write to the object's first byte inside the region, so an
 * allocator that faults its fresh pages in malloc and one that leaves the
 * fault to the caller pay alike); both passes' frees are the free row.
 * Every object's page is checked after the first pass: misplaced counts
 * objects not on mem_node (an allocator reusing memory it got under
 * another policy).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ubatch.h"
#include "umcell.h"
#include "utimer.h"
#include "workloads.h"

static const char *const malloc_tests[] = {
	"malloc", "malloc_touch", "free", NULL
};

enum op { OP_MALLOC, OP_TOUCH, OP_FREE, OP_N };

struct job {
	struct umcell m;	/* first: the warm-up's callback gets it */
	void **objs;		/* the round's objects */
};

/*
 * Allocate objs[i, i + n) in one timed region (with a write to each
 * object's first byte when touch): the objects allocated (n unless one
 * failed), the region's ticks in *ticks.
 */
static size_t alloc_region(struct job *j, size_t i, size_t n, int touch,
			   uint64_t *ticks)
{
	const struct ualloc *a = j->m.a;
	void **o = j->objs;
	size_t size = j->m.size, k = i;
	uint64_t t0 = utimer_now();

	if (touch) {
		for (; k < i + n; k++) {
			o[k] = a->alloc(size);
			if (!o[k])
				break;
			*(volatile char *)o[k] = 1;
		}
	} else {
		for (; k < i + n && (o[k] = a->alloc(size)); k++)
			;
	}
	*ticks = utimer_now() - t0;
	return k - i;
}

static uint64_t free_region(struct job *j, size_t i, size_t n)
{
	const struct ualloc *a = j->m.a;
	size_t size = j->m.size;
	uint64_t t0 = utimer_now();

	for (size_t k = i; k < i + n; k++)
		a->release(j->objs[k], size);
	return utimer_now() - t0;
}

/*
 * One pass over the round's objects in regions of n ops: allocate (touch:
 * malloc_touch) or free. With h, regions of n ops go to h (a shorter tail
 * is done but not recorded); the ticks of all in *total. 0, or -1 when an
 * allocation failed (row r failed, the pass's objects freed).
 */
static int pass(struct job *j, enum op op, unsigned n, struct hist *h,
		uint64_t *total, struct urow *r)
{
	struct ubatch b = { .n = 0 };
	size_t k = j->m.k;
	uint64_t t;

	for (size_t i = 0; i < k; i += n) {
		size_t m = k - i < n ? k - i : n, got = m;

		if (op == OP_FREE)
			t = free_region(j, i, m);
		else
			got = alloc_region(j, i, m, op == OP_TOUCH, &t);
		if (got < m) {
			urow_fail(r, "allocation of %zu bytes failed", j->m.size);
			free_region(j, 0, i + got);
			j->m.failed = 1;
			return -1;
		}
		*total += t;
		ubatch_keep(&b, h, t, m, n);
	}
	if (h)
		ubatch_flush(&b, h);
	return 0;
}

/*
 * Write each object's first byte; in timed rounds, count where their pages
 * are (the warm-up's objects are not the row's).
 */
static int touch_and_place(struct job *j, struct urow *r, int timed)
{
	struct placement pl;

	for (size_t i = 0; i < j->m.k; i++)
		*(volatile char *)j->objs[i] = 1;
	if (!timed)
		return 0;
	if (placement_query_list(j->objs, j->m.k, 1ul << j->m.cell->mem_node,
				 &pl)) {
		urow_fail(r, "move_pages(nodes=NULL): %s", strerror(errno));
		free_region(j, 0, j->m.k);
		j->m.failed = 1;
		return -1;
	}
	placement_add(&j->m.pl, &pl);
	return 0;
}

/*
 * A round: malloc, free, malloc_touch, free, into the rows when timed,
 * else (warm-up) in regions of UMCELL_CAL_OPS into m.cal; each op's mean
 * ns (timer included) in ns[].
 */
static int malloc_round(struct job *j, int timed, double ns[OP_N])
{
	struct urow *r = j->m.r;
	uint64_t t[OP_N] = { 0 };
	size_t k = j->m.k;

#define H(op) (timed ? &r[op].hist : &j->m.cal[op])
#define N(op) (timed ? j->m.ops[op] : UMCELL_CAL_OPS)
	if (pass(j, OP_MALLOC, N(OP_MALLOC), H(OP_MALLOC), &t[OP_MALLOC], r) ||
	    touch_and_place(j, r, timed) ||
	    pass(j, OP_FREE, N(OP_FREE), H(OP_FREE), &t[OP_FREE], r) ||
	    pass(j, OP_TOUCH, N(OP_TOUCH), H(OP_TOUCH), &t[OP_TOUCH], r) ||
	    pass(j, OP_FREE, N(OP_FREE), H(OP_FREE), &t[OP_FREE], r))
		return -1;
#undef H
#undef N
	for (int op = 0; op < OP_N; op++)
		ns[op] = utimer_ns_f(t[op]) / (double)(op == OP_FREE ? 2 * k : k);
	return 0;
}

static int warm_round(struct umcell *m, double *ns)
{
	return malloc_round((struct job *)m, 0, ns);
}

/* On the cell's thread: bound, warmed up, then the rounds. */
static void malloc_rounds(struct job *j)
{
	struct urow *r = j->m.r;
	struct urounds l;
	double ns[OP_N];
	char why[160];
	int skip;

	if (umcell_bind(j->m.cell, why, sizeof(why), &skip)) {
		if (skip)
			urow_skip(r, "%s", why);
		else
			urow_fail(r, "%s", why);
		return;
	}
	if (umcell_warm_up(&j->m, warm_round, OP_N))
		return;
	urounds_start(&l, j->m.c, &r[0].hist, umcell_rounds(&j->m, j->m.ops[0]));
	while (urounds_more(&l) && !malloc_round(j, 1, ns))
		;
	for (int op = 0; op < OP_N; op++)
		urounds_end(&l, &r[op]);
}

static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *r, unsigned n)
{
	struct job j = { .objs = NULL };

	if (umcell_init(&j.m, c, cell, r) ||
	    !(j.objs = calloc(j.m.k, sizeof(*j.objs)))) {
		urow_fail(r, "out of memory");
	} else {
		malloc_rounds(&j);
		for (unsigned op = 0; op < n; op++)
			umcell_metrics(&j.m, &r[op], j.m.ops[op]);
	}
	umcell_free(&j.m);
	free(j.objs);
}

static int plan_malloc(const struct uctx *c, struct ucells *out)
{
	return umcell_plan(c, &uw_malloc, 0, out);
}

const struct uworkload uw_malloc = {
	.name = "malloc",
	.description = "malloc, malloc+first touch and free per allocator, size class and (cpu_node, mem_node) under BIND",
	.tests = malloc_tests,
	.plan = plan_malloc,
	.measure = measure,
	.shared_fate = 1,
};
