// SPDX-License-Identifier: GPL-2.0
/*
 * mempolicy: first-touch faults of a fresh anonymous mapping under each
 * set_mempolicy mode the kernel has, per (cpu_node, target nodes), 4 KiB
 * pages and THP; every page's node checked with move_pages(nodes=NULL),
 * THP pages checked huge (thp.h). The note keeps the target nodes (text);
 * the figures go to counters.csv: pages_node<N>, spread_max_pages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "placement.h"
#include "thp.h"
#include "workloads.h"

static const char *const tests[] = { "mempolicy_fault", NULL };

struct job {
	struct uctx *c;
	const struct ucell *cell;
	struct urow *r;
};

static void fault_rounds(struct job *j)
{
	const struct ucell *cell = j->cell;
	struct urow *r = j->r;
	unsigned long mask = cell->nodes;
	unsigned long expected = ucell_expected(j->c, cell);
	size_t psize = cell->size_bytes, npages = cell->batch;
	size_t len = psize * npages;
	struct placement sum = { 0 }, pl;
	struct thp_census thp = { 0 };
	uint64_t spread = 0;
	struct urounds l;
	char buf[256];

	if (sys_set_mempolicy(cell->mode->mode, mask ? &mask : NULL,
			      mask ? UMAXNODE : 0)) {
		int e = errno;

		urow_syscall_failed(r, "set_mempolicy", e);
		return;
	}
	urounds_start(&l, j->c, &r->hist, j->c->p->user.rounds);
	while (urounds_more(&l)) {
		char *p = umap(len, psize);

		if (!p) {
			urow_fail(r, "mmap %zu bytes: %s", len, strerror(errno));
			return;
		}
		utouch_timed(&r->hist, p, npages, psize);
		if (placement_query(0, p, npages, psize, expected, &pl)) {
			urow_fail(r, "move_pages(nodes=NULL): %s", strerror(errno));
			uunmap(p, len, psize);
			return;
		}
		if (cell->order == 9)
			thp_census_add(&thp, 0, p, npages);
		placement_add(&sum, &pl);
		if (placement_spread(&pl, expected) > spread)
			spread = placement_spread(&pl, expected);
		uunmap(p, len, psize);
	}
	urounds_end(&l, r);
	r->row.misplaced = sum.misplaced;
	nodemask_format(buf, sizeof(buf), expected);
	urow_note(r, "nodes=%s", buf);
	/* the most uneven mapping: max - min pages over the expected nodes */
	urow_metric(r, "spread_max_pages", (double)spread);
	urow_placement(r, &sum);
	if (cell->order == 9)
		thp_census_row(&thp, r);
}

static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *rows, unsigned n)
{
	struct job j = { c, cell, rows };

	(void)n;
	fault_rounds(&j);
}

static int plan(const struct uctx *c, struct ucells *out)
{
	return uplan_policy_cells(c, &uw_mempolicy, NULL, 0, 1, out);
}

const struct uworkload uw_mempolicy = {
	.name = "mempolicy",
	.description = "first-touch faults under each set_mempolicy mode, placement checked",
	.tests = tests,
	.plan = plan,
	.measure = measure,
};
