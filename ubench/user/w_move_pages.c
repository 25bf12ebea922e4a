// SPDX-License-Identifier: GPL-2.0
/*
 * move_pages: per (from_node, to_node) pair (pairs.h: every node with
 * memory a source, CPU-less ones included) and page kind, one cell runs
 * every batch size of the profile, a row each. A round maps the batch,
 * binds it to from_node (mbind checked), touches it, confirms every page
 * is on from_node (a page elsewhere fails the row: the move would not be
 * the one asked for), checks THP pages are huge, then times one
 * move_pages call to to_node; the status array is checked page by page
 * (failures) and placement afterwards (misplaced). The mean call time at
 * each batch size gives, by least squares, call_ns + page_ns x pages: the
 * fit is the pair's, written on each of its rows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "linfit.h"
#include "pairs.h"
#include "placement.h"
#include "thp.h"
#include "utimer.h"
#include "workloads.h"

static const char *const tests[] = { "move_pages", NULL };

/* One batch size: its row and what its rounds added up. */
struct batch {
	struct urow *r;
	unsigned pages;		/* per call */
	uint64_t total_ns, calls, verified;
	long not_moved;		/* sum of move_pages' positive returns */
	int first_off, first_status;	/* first status not on the target */
	struct placement sum;	/* after the moves */
	struct thp_census thp;	/* before the moves: what was moved */
};

struct job {
	struct uctx *c;
	const struct ucell *cell;
	struct batch *b;
	unsigned nb;
};

/* The batch sizes of a cell: THP ones capped at thp_pages, once each. */
static unsigned batch_sizes(const struct uctx *c, const struct ucell *cell,
			    unsigned *out)
{
	unsigned n = 0;

	for (int i = 0; i < c->p->user.nmove_batches; i++) {
		unsigned b = (unsigned)c->p->user.move_batches[i], k;

		if (cell->order == 9 && b > c->p->user.thp_pages)
			b = c->p->user.thp_pages;
		for (k = 0; k < n && out[k] != b; k++)
			;
		if (k == n)
			out[n++] = b;
	}
	return n;
}

/* Map n pages bound to from and touched; confirm they are all there. */
static char *populate(struct job *j, struct batch *b, size_t n)
{
	const struct ucell *cell = j->cell;
	size_t psize = cell->size_bytes, len = psize * n;
	unsigned long from = 1ul << cell->from_node;
	struct placement pl;
	char *p = umap(len, psize);

	if (!p) {
		urow_fail(b->r, "mmap %zu bytes: %s", len, strerror(errno));
		return NULL;
	}
	if (sys_mbind(p, len, UMPOL_BIND, &from, UMAXNODE, 0)) {
		urow_fail(b->r, "mbind to from_node %d: %s", cell->from_node,
			  strerror(errno));
		goto bad;
	}
	memset(p, 1, len);
	if (placement_query(0, p, n, psize, from, &pl)) {
		urow_fail(b->r, "move_pages(nodes=NULL) before the move: %s",
			  strerror(errno));
		goto bad;
	}
	if (pl.misplaced) {
		urow_fail(b->r, "source check: %llu of %zu pages not on from_node %d before the move",
			  (unsigned long long)pl.misplaced, n, cell->from_node);
		goto bad;
	}
	b->verified += n;
	if (cell->order == 9)
		thp_census_add(&b->thp, 0, p, n);	/* unknown: said in the note */
	return p;
bad:
	uunmap(p, len, psize);
	return NULL;
}

/* One call: populate on from, move to to, check status and placement. */
static int one_round(struct job *j, struct batch *b, void **pages,
		     int *nodes, int *status)
{
	const struct ucell *cell = j->cell;
	size_t psize = cell->size_bytes, n = b->pages, len = psize * n;
	struct placement pl;
	char *p = populate(j, b, n);
	uint64_t t0, t1;
	long ret;

	if (!p)
		return -1;
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
		urow_syscall_failed(b->r, "move_pages", e);
		return -1;
	}
	hist_add(&b->r->hist, utimer_ns(t1 - t0));
	b->total_ns += utimer_ns(t1 - t0);
	b->calls++;
	b->not_moved += ret;
	for (size_t i = 0; i < n; i++) {
		if (status[i] == cell->mem_node)
			continue;
		if (!b->r->row.failures++) {
			b->first_off = (int)i;
			b->first_status = status[i];
		}
	}
	ret = placement_query(0, p, n, psize, 1ul << cell->mem_node, &pl);
	uunmap(p, len, psize);
	if (ret) {
		urow_fail(b->r, "move_pages(nodes=NULL): %s", strerror(errno));
		return -1;
	}
	placement_add(&b->sum, &pl);
	return 0;
}

/* The rounds of one batch size, sharing the cell's budget equally. */
static void run_batch(struct job *j, struct batch *b, void **pages,
		      int *nodes, int *status)
{
	struct urounds l;

	urounds_start(&l, j->c, &b->r->hist, j->c->p->user.rounds);
	l.rule.budget_s /= j->nb;
	while (urounds_more(&l))
		if (one_round(j, b, pages, nodes, status))
			return;
	urounds_end(&l, b->r);
}

/* The figures of an ok row, besides its times. */
static void batch_metrics(const struct job *j, struct batch *b)
{
	const struct ucell *cell = j->cell;
	double pages = (double)b->pages * b->calls, secs = b->total_ns / 1e9;
	double bytes = pages * UPAGE;

	b->r->row.misplaced = b->sum.misplaced;
	if (b->r->row.failures || b->not_moved)
		urow_note(b->r, "first page off target: #%d status %d",
			  b->first_off, b->first_status);
	urow_metric(b->r, "from_node", cell->from_node);
	urow_metric(b->r, "source_pages_verified", (double)b->verified);
	urow_metric(b->r, "pages_not_moved", (double)b->not_moved);
	urow_placement(b->r, &b->sum);
	if (cell->order == 9) {
		thp_census_row(&b->thp, b->r);
		bytes = b->thp.why[0] ? -1 : (double)thp_census_bytes(&b->thp);
	}
	if (pages > 0 && secs > 0) {
		urow_metric(b->r, "ns_per_page", b->total_ns / pages);
		urow_metric(b->r, "pages_per_s", pages / secs);
		if (bytes >= 0)	/* bytes moved: unknown when THP unchecked */
			urow_metric(b->r, "gib_per_s", bytes / (1u << 30) / secs);
	}
}

/*
 * call_ns + page_ns x pages over the ok rows' mean call times, least
 * squares of relative residuals (weight 1/mean^2): batches span 1 to 4096
 * pages, and plain residuals would let the largest decide call_ns too.
 */
static void fit(struct job *j)
{
	double x[PROFILE_MAX_LIST], y[PROFILE_MAX_LIST], w[PROFILE_MAX_LIST];
	double a, b;
	size_t n = 0;
	int fitted;

	for (unsigned i = 0; i < j->nb; i++)
		if (!strcmp(j->b[i].r->row.status, "ok") && j->b[i].r->hist.n) {
			x[n] = j->b[i].pages;
			y[n] = hist_mean(&j->b[i].r->hist);
			w[n] = y[n] > 0 ? 1 / (y[n] * y[n]) : 0;
			n++;
		}
	fitted = !linfit(x, y, w, n, &a, &b);
	for (unsigned i = 0; i < j->nb; i++) {
		struct urow *r = j->b[i].r;

		if (strcmp(r->row.status, "ok"))
			continue;
		if (!fitted) {
			urow_note(r, "no per-call/per-page fit: needs two batch sizes");
			continue;
		}
		urow_metric(r, "call_ns", a);
		urow_metric(r, "page_ns", b);
		urow_metric(r, "fit_batches", (double)n);
	}
}

static void move_rounds(struct job *j)
{
	unsigned most = 0;
	void **pages;
	int *nodes, *status;

	for (unsigned i = 0; i < j->nb; i++)
		if (j->b[i].pages > most)
			most = j->b[i].pages;
	pages = calloc(most, sizeof(*pages));
	nodes = calloc(most, sizeof(*nodes));
	status = calloc(most, sizeof(*status));
	for (unsigned i = 0; i < j->nb; i++) {
		if (!pages || !nodes || !status)
			urow_fail(j->b[i].r, "out of memory");
		else
			run_batch(j, &j->b[i], pages, nodes, status);
		if (!strcmp(j->b[i].r->row.status, "ok"))
			batch_metrics(j, &j->b[i]);
	}
	fit(j);
	free(pages);
	free(nodes);
	free(status);
}

static unsigned rows(const struct uctx *c, const struct ucell *cell)
{
	unsigned sizes[PROFILE_MAX_LIST];

	return batch_sizes(c, cell, sizes);
}

/* Row i is batch size i. */
static void init_rows(const struct uctx *c, const struct ucell *cell,
		      struct urow *r, unsigned n)
{
	unsigned sizes[PROFILE_MAX_LIST];

	batch_sizes(c, cell, sizes);
	for (unsigned i = 0; i < n; i++)
		r[i].row.batch = sizes[i];
}

static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *r, unsigned n)
{
	struct job j = { .c = c, .cell = cell, .nb = n };

	j.b = calloc(n, sizeof(*j.b));
	if (!j.b) {
		for (unsigned i = 0; i < n; i++)
			urow_fail(&r[i], "out of memory");
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		j.b[i].r = &r[i];
		j.b[i].pages = r[i].row.batch;
	}
	move_rounds(&j);
	free(j.b);
}

/* Cells of one (from, to) pair: one per page kind, every batch inside. */
static int pair_cells(const struct uctx *c, const struct ucell *base,
		      struct ucells *out)
{
	for (int huge = 0; huge <= (c->p->user.thp ? 1 : 0); huge++) {
		struct ucell cell = *base;

		cell.size_bytes = huge ? UHUGE : UPAGE;
		cell.order = huge ? 9 : CSV_NA;
		cell.batch = (unsigned)c->p->user.move_batches[0];
		if (huge && cell.batch > c->p->user.thp_pages)
			cell.batch = c->p->user.thp_pages;
		if (huge && !c->thp)
			ucell_skip(&cell, c->thp_why);
		if (ucells_add(out, &cell))
			return -1;
	}
	return 0;
}

static int plan(const struct uctx *c, struct ucells *out)
{
	return uplan_pairs(c, &uw_move_pages, pair_cells, out);
}

const struct uworkload uw_move_pages = {
	.name = "move_pages",
	.description = "move_pages per (from, to) pair and batch: latency, call/page cost fit, pages/s, status checked",
	.tests = tests,
	.plan = plan,
	.measure = measure,
	.rows = rows,
	.init_rows = init_rows,
};
