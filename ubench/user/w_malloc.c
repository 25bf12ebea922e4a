// SPDX-License-Identifier: GPL-2.0
/*
 * malloc and remote_free: each allocator of ualloc.h, for each (cpu_node,
 * mem_node) under MPOL_BIND to mem_node and each size class of the profile
 * from 8 B to 1 MiB (the kmalloc_node sizes, so rows line up with the
 * kernel's). malloc: one thread allocates and frees (tests malloc, free);
 * remote_free: a thread on mem_node allocates, a thread on cpu_node frees
 * (threads = 2). The first byte of each object is touched and its node
 * checked: misplaced counts objects whose page is not on mem_node, which
 * happens when an allocator reuses memory it got under another policy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "placement.h"
#include "utimer.h"
#include "workloads.h"

#define MAX_LIVE_BYTES	(64ul << 20)	/* objects alive at once, at most */

static const char *const malloc_tests[] = { "malloc", "free", NULL };
static const char *const remote_tests[] = { "remote_free", NULL };

struct job {
	struct uctx *c;
	const struct ucell *cell;
	struct urow *alloc_row, *free_row;	/* alloc_row NULL: untimed */
	void **objs;
	size_t n;
	struct placement sum;
	int failed;
};

/* Policy and allocator set up for mem_node on the calling thread. */
static int bind_thread(struct job *j, struct urow *r)
{
	const struct ucell *cell = j->cell;
	unsigned long mask = 1ul << cell->mem_node;
	char why[160];

	if (sys_set_mempolicy(UMPOL_BIND, &mask, UMAXNODE)) {
		int e = errno;

		if (mpol_skip_reason("set_mempolicy", e, why, sizeof(why)))
			urow_skip(r, "%s", why);
		else
			urow_fail(r, "set_mempolicy: %s", strerror(e));
		return -1;
	}
	if (cell->alloc->thread_setup(cell->mem_node, why, sizeof(why))) {
		urow_fail(r, "%s", why);
		return -1;
	}
	return 0;
}

static void *alloc_chunk(void *arg)
{
	struct job *j = arg;
	const struct ualloc *a = j->cell->alloc;
	size_t size = j->cell->size_bytes;
	struct urow *r = j->alloc_row ? j->alloc_row : j->free_row;
	struct placement pl;

	if (bind_thread(j, r)) {
		j->failed = 1;
		return NULL;
	}
	for (unsigned i = 0; i < j->c->p->warmup; i++)
		a->release(a->alloc(size), size);
	for (size_t i = 0; i < j->n; i++) {
		uint64_t t0 = utimer_now(), t1;

		j->objs[i] = a->alloc(size);
		t1 = utimer_now();
		if (!j->objs[i]) {
			urow_fail(r, "allocation of %zu bytes failed", size);
			j->n = i;
			j->failed = 1;
			break;
		}
		*(volatile char *)j->objs[i] = 1;
		if (j->alloc_row)
			hist_add(&j->alloc_row->hist, utimer_ns(t1 - t0));
	}
	if (placement_query_list(j->objs, j->n, 1ul << j->cell->mem_node, &pl)) {
		urow_fail(r, "move_pages(nodes=NULL): %s", strerror(errno));
		j->failed = 1;
	}
	placement_add(&j->sum, &pl);
	return NULL;
}

static void *free_chunk(void *arg)
{
	struct job *j = arg;
	const struct ualloc *a = j->cell->alloc;
	size_t size = j->cell->size_bytes;

	for (size_t i = 0; i < j->n; i++) {
		uint64_t t0 = utimer_now(), t1;

		a->release(j->objs[i], size);
		t1 = utimer_now();
		hist_add(&j->free_row->hist, utimer_ns(t1 - t0));
	}
	return NULL;
}

/* malloc then free on one thread. */
static void *local_thread(void *arg)
{
	alloc_chunk(arg);
	free_chunk(arg);
	return NULL;
}

/* Alloc on alloc_cpu and free on the cell's CPU, chunk by chunk. */
static void measure(struct uctx *c, const struct ucell *cell, struct urow *ar,
		    struct urow *fr, int alloc_cpu)
{
	size_t total = c->p->iterations, chunk = MAX_LIVE_BYTES / cell->size_bytes;
	struct job j = { .c = c, .cell = cell, .alloc_row = ar, .free_row = fr };
	struct urow *r = ar ? ar : fr;
	struct urounds l;
	size_t done = 0;
	char buf[256];
	int e = 0;

	if (chunk < 16)
		chunk = 16;
	if (chunk > total)
		chunk = total;
	j.objs = calloc(chunk, sizeof(*j.objs));
	if (!j.objs) {
		urow_fail(r, "out of memory");
		return;
	}
	/* a chunk is a round: at most total objects */
	urounds_start(&l, c, &r->hist, (unsigned)((total + chunk - 1) / chunk));
	while (!e && !j.failed && urounds_more(&l)) {
		j.n = total - done < chunk ? total - done : chunk;
		done += j.n;
		if (alloc_cpu < 0) {
			e = urun_on_cpu(cell->cpu, local_thread, &j);
			continue;
		}
		e = urun_on_cpu(alloc_cpu, alloc_chunk, &j);
		if (!e && !j.failed)
			e = urun_on_cpu(cell->cpu, free_chunk, &j);
	}
	free(j.objs);
	if (ar)
		urounds_end(&l, ar);
	urounds_end(&l, fr);
	if (e)
		urow_fail(r, "pinned thread: %s", strerror(e));
	placement_format(buf, sizeof(buf), &j.sum);
	for (int i = 0; i < 2; i++) {
		struct urow *x = i ? fr : ar;

		if (!x)
			continue;
		x->row.misplaced = j.sum.misplaced;
		if (alloc_cpu >= 0)
			urow_note(x, "alloc_cpu=%d", alloc_cpu);
		urow_note(x, "%s", buf);
	}
}

static void run_malloc(struct uctx *c, const struct ucell *cell)
{
	struct urow *r = malloc(2 * sizeof(*r));

	if (!r) {
		c->write_failed = 1;
		return;
	}
	urow_init(&r[0], c, cell, malloc_tests[0]);
	urow_init(&r[1], c, cell, malloc_tests[1]);
	measure(c, cell, &r[0], &r[1], -1);
	if (strcmp(r[0].row.status, "ok")) {
		r[1].row.status = r[0].row.status;
		snprintf(r[1].note, sizeof(r[1].note), "%s", r[0].note);
	}
	urow_emit(c, &r[0]);
	urow_emit(c, &r[1]);
	free(r);
}

/* The allocating thread's CPU: on mem_node, not the freeing CPU if it can. */
static int alloc_cpu_of(const struct uctx *c, const struct ucell *cell)
{
	const struct topo_node *n = &c->t->nodes[topology_index(c->t, cell->mem_node)];

	for (int i = 0; i < n->ncpus; i++)
		if (n->cpus[i] != cell->cpu)
			return n->cpus[i];
	return n->ncpus ? n->cpus[0] : -1;
}

static void run_remote(struct uctx *c, const struct ucell *cell)
{
	struct urow *r = malloc(sizeof(*r));

	if (!r) {
		c->write_failed = 1;
		return;
	}
	urow_init(r, c, cell, remote_tests[0]);
	measure(c, cell, NULL, r, alloc_cpu_of(c, cell));
	urow_emit(c, r);
	free(r);
}

static int plan_for(const struct uctx *c, const struct uworkload *w,
		    int remote, struct ucells *out)
{
	const struct topology *t = c->t;
	const struct mpol_mode *bind = mpol_by_name("bind");

	for (unsigned a = 0; a < ualloc_count; a++) {
		const struct ualloc *al = &ualloc_table[a];
		char why[160] = "";

		if (!al->open(al, why, sizeof(why)))
			al->prepare(c->mem_nodes, why, sizeof(why));
		for (int ci = 0; ci < t->nnodes; ci++)
		for (int mi = 0; mi < t->nnodes; mi++)
		for (int s = 0; s < c->p->nsizes; s++) {
			struct ucell cell = ucell_base(c, w, ci);
			uint64_t size = c->p->sizes[s];

			if (size < 8 || size > (1ul << 20))
				continue;
			cell.alloc = al;
			cell.mode = bind;
			cell.mem_node = t->nodes[mi].id;
			cell.nodes = 1ul << cell.mem_node;
			cell.size_bytes = size;
			cell.threads = remote ? 2 : 1;
			if (!cell.skip[0] && why[0])
				snprintf(cell.skip, sizeof(cell.skip), "%s", why);
			ucell_need_memory(c, &cell, cell.mem_node);
			if (!cell.skip[0] && remote && !t->nodes[mi].ncpus)
				snprintf(cell.skip, sizeof(cell.skip),
					 "mem_node %d has no CPU for the allocating thread",
					 cell.mem_node);
			if (ucells_add(out, &cell))
				return -1;
		}
	}
	return 0;
}

static int plan_malloc(const struct uctx *c, struct ucells *out)
{
	return plan_for(c, &uw_malloc, 0, out);
}

static int plan_remote(const struct uctx *c, struct ucells *out)
{
	return plan_for(c, &uw_remote_free, 1, out);
}

const struct uworkload uw_malloc = {
	.name = "malloc",
	.description = "malloc/free per allocator, size class and (cpu_node, mem_node) under BIND",
	.tests = malloc_tests,
	.plan = plan_malloc,
	.run = run_malloc,
};

const struct uworkload uw_remote_free = {
	.name = "remote_free",
	.description = "free on cpu_node of objects a thread on mem_node allocated",
	.tests = remote_tests,
	.plan = plan_remote,
	.run = run_remote,
};
