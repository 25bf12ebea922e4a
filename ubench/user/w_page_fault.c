// SPDX-License-Identifier: GPL-2.0
/*
 * page_fault: first-touch faults under load (will-it-scale's page_fault,
 * on one mapping). For each (cpu_node, mem_node), page kind and thread
 * count N of [scaling] threads (uthreads.h), N threads pinned to the first
 * N CPUs of cpu_node fault in, at once, each its own part of ONE shared
 * anonymous private mapping that mbind(MPOL_BIND) put on mem_node: a
 * round is one mapping, mapped and bound before the start barrier and
 * unmapped after the end barrier (untimed); each thread writes one byte to
 * each page of its part, the faults timed in batches (utouch_timed). Per
 * op: one fault. Page kinds: 4 KiB (MADV_NOHUGEPAGE, order -1, PF_PAGES
 * per thread) and, where the profile and the kernel allow THP, 2 MiB
 * (MADV_HUGEPAGE, order 9, [user] thp_pages per thread); the note says
 * which. Row (test page_fault, threads = N): per-fault percentiles over
 * every thread's batches; ops_per_s = all faults over the rounds' common
 * windows (start barrier until the last thread is done); fairness =
 * Jain's index over the threads' fault rates (each did the same number of
 * faults, so the rates are what differ). After each round a sample of the
 * pages (every PF_SAMPLE-th; every huge page) is asked where it is
 * (move_pages(nodes=NULL)): misplaced counts those off mem_node; THP rows
 * count their huge pages (thp.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "placement.h"
#include "thp.h"
#include "uthreads.h"
#include "utimer.h"
#include "workloads.h"

#define PF_PAGES	1024	/* 4 KiB pages per thread and round */
#define PF_SAMPLE	8	/* every PF_SAMPLE-th 4 KiB page is placed */

static const char *const pf_tests[] = { "page_fault", NULL };

struct worker {
	struct hist h;		/* this round's batches (per-fault ns) */
	uint64_t faults, busy_ns;	/* all rounds */
};

struct job {
	char *map;		/* this round's mapping */
	size_t per, page;	/* pages per thread, page size */
	struct worker *w;
};

static void work(struct uteam *t, unsigned i, void *arg)
{
	struct job *j = arg;
	struct worker *w = &j->w[i];

	if (!t->round)
		return;		/* nothing to set up: the mapping is bound */
	uteam_begin(t, i);
	utouch_timed(&w->h, j->map + i * j->per * j->page, j->per, j->page);
	uteam_done(t, i);
	w->faults += j->per;
	w->busy_ns += t->stop_ns[i] - t->start_ns[i];
}

/*
 * One round: map and bind, fault (the team), place, unmap. The window, or
 * 0 with the row failed or skipped.
 */
static uint64_t one_round(const struct ucell *cell, struct uteam *t,
			  struct job *j, struct placement *pl,
			  struct thp_census *thp, struct urow *r)
{
	size_t len = t->n * j->per * j->page, sample;
	unsigned long mask = 1ul << cell->mem_node;
	struct placement one;
	uint64_t window;

	j->map = umap(len, j->page);
	if (!j->map) {
		urow_fail(r, "mmap of %zu bytes: %s", len, strerror(errno));
		return 0;
	}
	if (sys_mbind(j->map, len, UMPOL_BIND, &mask, UMAXNODE, 0)) {
		urow_syscall_failed(r, "mbind", errno);
		uunmap(j->map, len, j->page);
		return 0;
	}
	window = uteam_round(t, 0);
	sample = j->page == UPAGE ? PF_SAMPLE : 1;
	if (placement_query(0, j->map, len / (j->page * sample),
			    j->page * sample, mask, &one)) {
		urow_fail(r, "move_pages(nodes=NULL): %s", strerror(errno));
		window = 0;
	} else {
		placement_add(pl, &one);
	}
	if (window && j->page != UPAGE && !thp->why[0])
		thp_census_add(thp, 0, j->map, len / j->page);
	uunmap(j->map, len, j->page);
	j->map = NULL;
	return window;
}

static void rounds(struct uctx *c, const struct ucell *cell, struct uteam *t,
		   struct job *j, struct urow *r)
{
	unsigned n = t->n;
	uint64_t window = 0, faults = 0, seen = 0, w1;
	double *rate = calloc(n, sizeof(*rate));
	struct placement pl = { .absent = 0 };
	struct thp_census thp = { .huge = 0 };
	struct urounds l;

	if (!rate) {
		urow_fail(r, "out of memory");
		return;
	}
	urounds_start(&l, c, &r->hist, c->p->user.rounds);
	while (urounds_more(&l)) {
		w1 = one_round(cell, t, j, &pl, &thp, r);
		for (unsigned i = 0; i < n; i++) {
			hist_merge(&r->hist, &j->w[i].h);
			hist_init(&j->w[i].h);
		}
		if (!w1)
			goto out;
		window += w1;
	}
	urounds_end(&l, r);
	for (unsigned i = 0; i < n; i++) {
		faults += j->w[i].faults;
		rate[i] = j->w[i].busy_ns ?
			  (double)j->w[i].faults * 1e9 / (double)j->w[i].busy_ns : 0;
	}
	for (int k = 0; k < TOPO_MAX_NODES; k++)
		seen += pl.per_node[k];
	seen += pl.absent;
	r->row.ops_per_s = uthreads_ops_per_s(faults, window);
	r->row.fairness = uthreads_jain_f(rate, n);
	r->row.misplaced = pl.misplaced;
	urow_note(r, "%s", j->page == UPAGE ?
		  "4 KiB pages (MADV_NOHUGEPAGE)" : "THP (MADV_HUGEPAGE)");
	urow_misplaced(r, pl.misplaced, seen, cell->mem_node);
	urow_placement(r, &pl);
	if (j->page != UPAGE)
		thp_census_row(&thp, r);
	urow_metric(r, "pages_per_thread", (double)j->per);
	urow_metric(r, "window_s", (double)window / 1e9);
	urow_metric(r, "rounds", l.done);
	urow_metric(r, "faults_total", (double)faults);
out:
	free(rate);
}

static void measure(struct uctx *c, const struct ucell *cell, struct urow *r,
		    unsigned nrows)
{
	unsigned n = cell->threads;
	struct job j = {
		.page = cell->order == 9 ? UHUGE : UPAGE,
		.per = cell->order == 9 ? c->p->user.thp_pages : PF_PAGES,
	};
	int *cpus = calloc(n, sizeof(*cpus));
	struct uteam t;
	int e;

	(void)nrows;
	j.w = calloc(n, sizeof(*j.w));
	if (!cpus || !j.w) {
		urow_fail(r, "out of memory");
		goto out;
	}
	if (!j.per)
		j.per = 1;
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
	r->row.region_ops = 1;
	rounds(c, cell, &t, &j, r);
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

	for (int ci = 0; ci < t->nnodes; ci++) {
		unsigned nc = uthreads_counts(p->scaling.threads,
					      p->scaling.nthreads,
					      t->nodes[ci].ncpus, counts,
					      PROFILE_MAX_LIST);

		for (int mi = 0; mi < t->nnodes; mi++)
		for (int huge = 0; huge <= (p->user.thp ? 1 : 0); huge++)
		for (unsigned k = 0; k < nc; k++) {
			struct ucell cell = ucell_base(c, &uw_page_fault, ci);

			cell.mode = bind;
			cell.mem_node = t->nodes[mi].id;
			cell.nodes = 1ul << cell.mem_node;
			cell.size_bytes = huge ? UHUGE : UPAGE;
			cell.order = huge ? 9 : CSV_NA;
			cell.batch = huge ? p->user.thp_pages : PF_PAGES;
			cell.threads = counts[k].threads;
			ucell_skip(&cell, counts[k].skip);
			if (huge && !c->thp)
				ucell_skip(&cell, c->thp_why);
			ucell_need_memory(c, &cell, cell.mem_node);
			if (ucells_add(out, &cell))
				return -1;
		}
	}
	return 0;
}

const struct uworkload uw_page_fault = {
	.name = "page_fault",
	.description = "first-touch faults on N threads of cpu_node at once into one mapping bound to mem_node (4 KiB and THP; [scaling] threads)",
	.tests = pf_tests,
	.plan = plan,
	.measure = measure,
};
