// SPDX-License-Identifier: GPL-2.0
/*
 * shootdown: threads of this process spin on CPUs of 1..N nodes (the cell
 * thread on cpu_node, one more on the first CPU of each further node), so
 * the mm is live on every one of them; munmap, mprotect and
 * madvise(MADV_DONTNEED) of a touched range must then flush their TLBs by
 * IPI, and the cost grows with the node spread (threads = nodes).
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "utimer.h"
#include "workloads.h"

static const char *const tests[] = {
	"munmap_shootdown", "mprotect_shootdown", "madvise_shootdown", NULL
};

struct job {
	struct uctx *c;
	const struct ucell *cell;
	struct urow *r;		/* one per test */
	int cpus[TOPO_MAX_NODES];	/* [0]: the cell thread's */
	atomic_int started, stop;
};

static void *spinner(void *arg)
{
	struct job *j = arg;

	atomic_fetch_add(&j->started, 1);
	while (!atomic_load_explicit(&j->stop, memory_order_relaxed))
		__builtin_ia32_pause();
	return NULL;
}

/* One timed operation (test k) on a freshly touched range. */
static int one_op(struct job *j, int k, size_t len, int timed)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0, t1;
	int ret;

	if (p == MAP_FAILED) {
		urow_fail(&j->r[k], "mmap: %s", strerror(errno));
		return -1;
	}
	memset(p, 1, len);
	t0 = utimer_now();
	if (k == 0)
		ret = munmap(p, len);
	else if (k == 1)
		ret = mprotect(p, len, PROT_READ);
	else
		ret = madvise(p, len, MADV_DONTNEED);
	t1 = utimer_now();
	if (k)
		munmap(p, len);
	if (ret) {
		urow_fail(&j->r[k], "%s: %s", tests[k], strerror(errno));
		return -1;
	}
	if (timed)
		hist_add(&j->r[k].hist, utimer_ns(t1 - t0));
	return 0;
}

static void shootdown_rounds(struct job *j)
{
	const struct ucell *cell = j->cell;
	unsigned warmup = j->c->p->warmup < 8 ? j->c->p->warmup : 8;
	pthread_t tids[TOPO_MAX_NODES];
	unsigned n = 0, iters = j->c->p->iterations;
	int e = 0;

	for (unsigned i = 1; i < cell->threads; i++, n++) {
		e = urun_spawn(j->cpus[i], spinner, j, &tids[n]);
		if (e)
			break;
	}
	while (!e && atomic_load(&j->started) < (int)n)
		__builtin_ia32_pause();
	for (int k = 0; k < 3 && !e; k++) {
		struct urounds l;
		unsigned i;

		for (i = 0; i < warmup; i++)
			if (one_op(j, k, cell->size_bytes, 0))
				break;
		if (i < warmup)
			continue;
		urounds_start(&l, j->c, &j->r[k].hist, iters);
		while (urounds_more(&l))
			if (one_op(j, k, cell->size_bytes, 1))
				break;
		urounds_end(&l, &j->r[k]);
	}
	atomic_store(&j->stop, 1);
	for (unsigned i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	if (e)
		urow_fail(&j->r[0], "thread on CPU %d: %s", j->cpus[n + 1],
			  strerror(e));
}

/* On the cell's CPU, the first of the spread. */
static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *rows, unsigned n)
{
	struct job *j = calloc(1, sizeof(*j));
	char cpus[160];

	if (!j) {
		urow_fail(rows, "out of memory");
		return;
	}
	*j = (struct job){ .c = c, .cell = cell, .r = rows };
	/* cpu_node, then the next nodes with CPUs in id order, wrapping */
	topology_spread_cpus(c->t, topology_index(c->t, cell->cpu_node),
			     (int)cell->threads, j->cpus);
	cpulist_note(cpus, sizeof(cpus), j->cpus, (int)cell->threads);
	for (unsigned k = 0; k < n; k++)
		urow_note(&rows[k], "%s", cpus);
	shootdown_rounds(j);
	free(j);
}

static int plan(const struct uctx *c, struct ucells *out)
{
	const struct topology *t = c->t;
	unsigned ncpu_nodes = (unsigned)nodemask_weight(c->cpu_nodes);
	unsigned max = c->p->user.shootdown_nodes;

	if (ncpu_nodes < max)
		max = ncpu_nodes;
	for (int ci = 0; ci < t->nnodes; ci++) {
		for (unsigned k = 1; k <= (max ? max : 1); k++) {
			struct ucell cell = ucell_base(c, &uw_shootdown, ci);

			cell.threads = k;
			cell.batch = 1;
			cell.size_bytes = (uint64_t)c->p->user.pages * UPAGE;
			if (c->mem_nodes & (1ul << cell.cpu_node))
				cell.mem_node = cell.cpu_node;
			if (ucells_add(out, &cell))
				return -1;
			if (cell.skip[0])
				break;	/* one skipped cell per CPU-less node */
		}
	}
	return 0;
}

const struct uworkload uw_shootdown = {
	.name = "shootdown",
	.description = "munmap/mprotect/madvise(DONTNEED) with threads spread over 1..N nodes",
	.tests = tests,
	.plan = plan,
	.measure = measure,
	.shared_fate = 1,
};
