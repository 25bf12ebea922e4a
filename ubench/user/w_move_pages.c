// SPDX-License-Identifier: GPL-2.0
/*
 * move_pages: for every (from_node, to_node) pair of nodes with memory and
 * each batch size, pages populated on from_node (the caller's cpu_node) are
 * moved to to_node (mem_node) by one move_pages call: latency per call in
 * the row, per page and throughput in the note; the status array is
 * checked page by page (failures) and placement afterwards (misplaced).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "placement.h"
#include "utimer.h"
#include "workloads.h"

static const char *const tests[] = { "move_pages", NULL };

struct job {
	struct uctx *c;
	const struct ucell *cell;
	struct urow *r;
	uint64_t total_ns;
	long not_moved;		/* sum of move_pages' positive returns */
	int first_off, first_status;	/* first status not on the target */
};

/* One batch: populate on from, move to to, check status and placement. */
static int one_round(struct job *j, void **pages, int *nodes, int *status,
		     struct placement *sum)
{
	const struct ucell *cell = j->cell;
	size_t psize = cell->size_bytes, n = cell->batch, len = psize * n;
	unsigned long from = 1ul << cell->from_node;
	struct placement pl;
	char *p = umap(len, psize), why[160];
	uint64_t t0, t1;
	long ret;

	if (!p) {
		urow_fail(j->r, "mmap %zu bytes: %s", len, strerror(errno));
		return -1;
	}
	sys_mbind(p, len, UMPOL_BIND, &from, UMAXNODE, 0);
	memset(p, 1, len);
	for (size_t i = 0; i < n; i++) {
		pages[i] = p + i * psize;
		nodes[i] = cell->mem_node;
		status[i] = -1;
	}
	t0 = utimer_now();
	ret = sys_move_pages(0, n, pages, nodes, status, UMPOL_MF_MOVE);
	t1 = utimer_now();
	if (ret < 0) {
		int e = errno;

		uunmap(p, len, psize);
		if (mpol_skip_reason("move_pages", e, why, sizeof(why)))
			urow_skip(j->r, "%s", why);
		else
			urow_fail(j->r, "move_pages: %s", strerror(e));
		return -1;
	}
	hist_add(&j->r->hist, utimer_ns(t1 - t0));
	j->total_ns += utimer_ns(t1 - t0);
	j->not_moved += ret;
	for (size_t i = 0; i < n; i++) {
		if (status[i] == cell->mem_node)
			continue;
		if (!j->r->row.failures++) {
			j->first_off = (int)i;
			j->first_status = status[i];
		}
	}
	ret = placement_query(0, p, n, psize, 1ul << cell->mem_node, &pl);
	uunmap(p, len, psize);
	if (ret) {
		urow_fail(j->r, "move_pages(nodes=NULL): %s", strerror(errno));
		return -1;
	}
	placement_add(sum, &pl);
	return 0;
}

static void *move_thread(void *arg)
{
	struct job *j = arg;
	const struct ucell *cell = j->cell;
	struct urounds l;
	void **pages = calloc(cell->batch, sizeof(*pages));
	int *nodes = calloc(cell->batch, sizeof(*nodes));
	int *status = calloc(cell->batch, sizeof(*status));
	struct placement sum = { 0 };
	char buf[256];
	double moved, secs;

	if (!pages || !nodes || !status) {
		urow_fail(j->r, "out of memory");
		goto out;
	}
	urounds_start(&l, j->c, &j->r->hist, j->c->p->user.rounds);
	while (urounds_more(&l))
		if (one_round(j, pages, nodes, status, &sum))
			goto out;
	urounds_end(&l, j->r);
	j->r->row.misplaced = sum.misplaced;
	moved = (double)cell->batch * l.done;
	secs = j->total_ns / 1e9;
	placement_format(buf, sizeof(buf), &sum);
	if (j->r->row.failures || j->not_moved)
		urow_note(j->r, "not_moved=%ld first_status_off=%d:%d", j->not_moved,
			  j->first_off, j->first_status);
	urow_note(j->r, "from_node=%d to_node=%d ns_per_page=%.1f pages_per_s=%.0f gb_per_s=%.3f %s",
		  cell->from_node, cell->mem_node, j->total_ns / moved,
		  secs > 0 ? moved / secs : 0,
		  secs > 0 ? moved * cell->size_bytes / secs / 1e9 : 0, buf);
out:
	free(pages);
	free(nodes);
	free(status);
	return NULL;
}

static void run(struct uctx *c, const struct ucell *cell)
{
	struct urow *r = malloc(sizeof(*r));
	struct job j = { .c = c, .cell = cell, .r = r };
	int e;

	if (!r) {
		c->write_failed = 1;
		return;
	}
	urow_init(r, c, cell, tests[0]);
	e = urun_on_cpu(cell->cpu, move_thread, &j);
	if (e)
		urow_fail(r, "thread on CPU %d: %s", cell->cpu, strerror(e));
	urow_emit(c, r);
	free(r);
}

/* Cells of one (from, to) pair: page kinds x batches. */
static int pair_cells(const struct uctx *c, const struct ucell *base,
		      struct ucells *out)
{
	for (int huge = 0; huge <= (c->p->user.thp ? 1 : 0); huge++) {
		for (int b = 0; b < c->p->user.nmove_batches; b++) {
			struct ucell cell = *base;
			uint64_t batch = c->p->user.move_batches[b];

			if (huge && batch > c->p->user.thp_pages)
				continue;	/* THP: at most thp_pages */
			cell.batch = (unsigned)batch;
			cell.size_bytes = huge ? UHUGE : UPAGE;
			cell.order = huge ? 9 : CSV_NA;
			if (!cell.skip[0] && huge && !c->thp)
				snprintf(cell.skip, sizeof(cell.skip), "%s", c->thp_why);
			if (ucells_add(out, &cell))
				return -1;
		}
	}
	return 0;
}

static int plan(const struct uctx *c, struct ucells *out)
{
	const struct topology *t = c->t;
	size_t before = out->n;

	for (int fi = 0; fi < t->nnodes; fi++) {
		for (int ti = 0; ti < t->nnodes; ti++) {
			struct ucell cell = ucell_base(c, &uw_move_pages, fi);

			if (ti == fi)
				continue;
			cell.from_node = t->nodes[fi].id;
			cell.mem_node = t->nodes[ti].id;
			if (!cell.skip[0] && !(c->mem_nodes & (1ul << cell.from_node)))
				snprintf(cell.skip, sizeof(cell.skip),
					 "from_node %d has no memory", cell.from_node);
			ucell_need_memory(c, &cell, cell.mem_node);
			if (pair_cells(c, &cell, out))
				return -1;
		}
	}
	if (out->n == before) {	/* one node: nowhere to move to */
		struct ucell cell = ucell_base(c, &uw_move_pages, 0);

		snprintf(cell.skip, sizeof(cell.skip),
			 "needs two nodes with memory; this machine has %d node",
			 t->nnodes);
		return ucells_add(out, &cell);
	}
	return 0;
}

const struct uworkload uw_move_pages = {
	.name = "move_pages",
	.description = "move_pages per (from, to) pair and batch: latency, pages/s, status checked",
	.tests = tests,
	.plan = plan,
	.run = run,
};
