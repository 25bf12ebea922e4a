// SPDX-License-Identifier: GPL-2.0
/*
 * mbind: MPOL_BIND, INTERLEAVE and PREFERRED over a range. Variant 0: a
 * fresh range, then its first-touch faults (policy "bind"); variant 1: a
 * range populated on the local node first, mbind with flags 0, which
 * leaves the pages where they are ("bind+populated"); variant 2: the same
 * with MPOL_MF_MOVE | MPOL_MF_STRICT, which moves them ("bind+move_strict").
 * Rows: mbind_call (latency of the call) and mbind_fault (variant 0), with
 * the placement afterwards checked against what the variant promises and
 * THP pages checked huge (thp.h). The note keeps the nodes (text); the
 * figures go to counters.csv: pages_node<N>, spread_max_pages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "placement.h"
#include "thp.h"
#include "utimer.h"
#include "workloads.h"

static const char *const tests[] = { "mbind_call", "mbind_fault", NULL };
static const char *const suffix[] = { "", "+populated", "+move_strict" };

struct job {
	struct uctx *c;
	const struct ucell *cell;
	struct urow *call, *fault;	/* fault: NULL for a variant */
	struct thp_census thp;
};

/* The node populated pages start on: the local one, if it has memory. */
static int source_node(const struct uctx *c, const struct ucell *cell)
{
	if (c->mem_nodes & (1ul << cell->cpu_node))
		return cell->cpu_node;
	return nodemask_first(c->mem_nodes);
}

/* One range: populate (variants 1, 2), mbind, fault (variant 0), check. */
static int one_round(struct job *j, unsigned long expected,
		     struct placement *sum, uint64_t *spread)
{
	const struct ucell *cell = j->cell;
	size_t psize = cell->size_bytes, npages = cell->batch;
	size_t len = psize * npages;
	unsigned long mask = cell->nodes, src = 1ul << source_node(j->c, cell);
	unsigned flags = cell->variant == 2 ? UMPOL_MF_MOVE | UMPOL_MF_STRICT : 0;
	struct placement pl;
	uint64_t t0, t1;
	char *p = umap(len, psize);
	long ret;

	if (!p) {
		urow_fail(j->call, "mmap %zu bytes: %s", len, strerror(errno));
		return -1;
	}
	if (cell->variant) {
		if (sys_mbind(p, len, UMPOL_BIND, &src, UMAXNODE, 0)) {
			urow_fail(j->call, "mbind to the populated node: %s",
				  strerror(errno));
			uunmap(p, len, psize);
			return -1;
		}
		memset(p, 1, len);
	}
	t0 = utimer_now();
	ret = sys_mbind(p, len, cell->mode->mode, &mask, UMAXNODE, flags);
	t1 = utimer_now();
	if (ret) {
		int e = errno;

		uunmap(p, len, psize);
		if (e == EIO) {	/* STRICT: some page could not be moved */
			j->call->row.failures++;
			return 0;
		}
		urow_syscall_failed(j->call, "mbind", e);
		return -1;
	}
	hist_add(&j->call->hist, utimer_ns(t1 - t0));
	if (!cell->variant)
		utouch_timed(&j->fault->hist, p, npages, psize);
	ret = placement_query(0, p, npages, psize, expected, &pl);
	if (!ret && cell->order == 9)
		thp_census_add(&j->thp, 0, p, npages);
	uunmap(p, len, psize);
	if (ret) {
		urow_fail(j->call, "move_pages(nodes=NULL): %s", strerror(errno));
		return -1;
	}
	placement_add(sum, &pl);
	if (placement_spread(&pl, expected) > *spread)
		*spread = placement_spread(&pl, expected);
	return 0;
}

static void mbind_rounds(struct job *j)
{
	const struct ucell *cell = j->cell;
	unsigned long expected = cell->variant == 1 ?
		1ul << source_node(j->c, cell) : cell->nodes;
	struct placement sum = { 0 };
	uint64_t spread = 0;
	struct urounds l;
	char nodes[128];

	urounds_start(&l, j->c, &j->call->hist, j->c->p->user.rounds);
	while (urounds_more(&l))
		if (one_round(j, expected, &sum, &spread))
			return;
	urounds_end(&l, j->call);
	if (j->fault)
		urounds_end(&l, j->fault);
	nodemask_format(nodes, sizeof(nodes), expected);
	for (int i = 0; i < 2; i++) {
		struct urow *r = i ? j->fault : j->call;

		if (!r)
			break;
		urow_note(r, "nodes=%s", nodes);
		/* the most uneven range: max - min pages over the nodes */
		urow_metric(r, "spread_max_pages", (double)spread);
		urow_placement(r, &sum);
		if (cell->order == 9)
			thp_census_row(&j->thp, r);
		r->row.misplaced = sum.misplaced;
	}
}

static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *rows, unsigned n)
{
	/* a variant's cell has the mbind_call row only */
	struct job j = {
		.c = c, .cell = cell, .call = rows,
		.fault = n > 1 ? rows + 1 : NULL,
	};

	mbind_rounds(&j);
}

static int plan(const struct uctx *c, struct ucells *out)
{
	static const int modes[] = { UMPOL_BIND, UMPOL_INTERLEAVE, UMPOL_PREFERRED };

	return uplan_policy_cells(c, &uw_mbind, modes, 3, 3, out);
}

const struct uworkload uw_mbind = {
	.name = "mbind",
	.description = "mbind latency, faults and placement: fresh, populated, MF_MOVE|MF_STRICT",
	.tests = tests,
	.variant_suffix = suffix,
	.variant_tests = 1,
	.plan = plan,
	.measure = measure,
	.shared_fate = 1,
};
