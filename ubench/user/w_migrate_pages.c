// SPDX-License-Identifier: GPL-2.0
/*
 * migrate_pages: a child process populates pages on from_node (the
 * caller's cpu_node) and waits; migrate_pages(child, {from}, {to}) moves
 * the whole process to mem_node. The row times the call; failures counts
 * the pages the kernel reported unmoved, misplaced the child's test pages
 * not on to_node afterwards.
 *
 * The child shares our pages copy-on-write after fork. With CAP_SYS_NICE
 * (root) the kernel moves pages mapped more than once too (MPOL_MF_MOVE_ALL)
 * and would migrate numabench's own memory, e.g. jemalloc-numa's arenas,
 * under every later cell. So the calling thread drops CAP_SYS_NICE from
 * its effective set (capabilities are per thread; this one ends with the
 * cell): then only the child's private pages move.
 */
#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "placement.h"
#include "utimer.h"
#include "workloads.h"

static const char *const tests[] = { "migrate_pages", NULL };

struct job {
	struct uctx *c;
	const struct ucell *cell;
	struct urow *r;
	uint64_t total_ns;
};

/* The child: pages on from, their address to the parent, wait for EOF. */
static void child(int from, size_t len, int out, int in)
{
	unsigned long mask = 1ul << from;
	char *p, c;

	if (sys_set_mempolicy(UMPOL_BIND, &mask, UMAXNODE))
		_exit(1);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(1);
	madvise(p, len, MADV_NOHUGEPAGE);	/* test pages are 4 KiB */
	memset(p, 1, len);
	sys_set_mempolicy(UMPOL_DEFAULT, NULL, 0);
	if (write(out, &p, sizeof(p)) != sizeof(p))
		_exit(1);
	while (read(in, &c, 1) > 0)
		;
	_exit(0);
}

/* Drop CAP_SYS_NICE from this thread's effective set. 0 or -1 (errno). */
static int drop_sys_nice(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[CAP_TO_INDEX(CAP_SYS_NICE)].effective &= ~CAP_TO_MASK(CAP_SYS_NICE);
	return syscall(SYS_capset, &h, d) ? -1 : 0;
}

static int one_round(struct job *j, struct placement *sum)
{
	const struct ucell *cell = j->cell;
	size_t len = (size_t)cell->batch * UPAGE;
	unsigned long from = 1ul << cell->from_node, to = 1ul << cell->mem_node;
	int up[2], down[2], st, ret = -1;
	struct placement pl;
	char why[160];
	void *addr;
	uint64_t t0, t1;
	long moved;
	pid_t pid;

	if (pipe(up) || pipe(down)) {
		urow_fail(j->r, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		child(cell->from_node, len, up[1], down[0]);
	}
	close(up[1]);
	close(down[0]);
	if (pid < 0 || read(up[0], &addr, sizeof(addr)) != sizeof(addr)) {
		urow_fail(j->r, "child process: %s", pid < 0 ? strerror(errno) :
			  "did not populate its pages");
		goto out;
	}
	t0 = utimer_now();
	moved = sys_migrate_pages(pid, UMAXNODE, &from, &to);
	t1 = utimer_now();
	if (moved < 0) {
		int e = errno;

		if (mpol_skip_reason("migrate_pages", e, why, sizeof(why)))
			urow_skip(j->r, "%s", why);
		else
			urow_fail(j->r, "migrate_pages: %s", strerror(e));
		goto out;
	}
	hist_add(&j->r->hist, utimer_ns(t1 - t0));
	j->total_ns += utimer_ns(t1 - t0);
	j->r->row.failures += (uint64_t)moved;	/* pages not moved */
	if (placement_query(pid, addr, cell->batch, UPAGE, to, &pl)) {
		urow_fail(j->r, "move_pages(child, nodes=NULL): %s",
			  strerror(errno));
		goto out;
	}
	placement_add(sum, &pl);
	ret = 0;
out:
	close(down[1]);
	close(up[0]);
	if (pid > 0) {
		if (ret)
			kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	return ret;
}

static void *migrate_thread(void *arg)
{
	struct job *j = arg;
	struct placement sum = { 0 };
	struct urounds l;
	double pages, secs;
	char buf[256];

	if (drop_sys_nice()) {
		urow_fail(j->r, "capset (drop CAP_SYS_NICE): %s", strerror(errno));
		return NULL;
	}
	urounds_start(&l, j->c, &j->r->hist, j->c->p->user.rounds);
	while (urounds_more(&l))
		if (one_round(j, &sum))
			return NULL;
	urounds_end(&l, j->r);
	j->r->row.misplaced = sum.misplaced;
	pages = (double)j->cell->batch * l.done;
	secs = j->total_ns / 1e9;
	placement_format(buf, sizeof(buf), &sum);
	urow_note(j->r, "from_node=%d to_node=%d test_pages=%u pages_per_s=%.0f gb_per_s=%.3f %s",
		  j->cell->from_node, j->cell->mem_node, j->cell->batch,
		  secs > 0 ? pages / secs : 0,
		  secs > 0 ? pages * UPAGE / secs / 1e9 : 0, buf);
	return NULL;
}

static void run(struct uctx *c, const struct ucell *cell)
{
	struct urow *r = malloc(sizeof(*r));
	struct job j = { c, cell, r, 0 };
	int e;

	if (!r) {
		c->write_failed = 1;
		return;
	}
	urow_init(r, c, cell, tests[0]);
	e = urun_on_cpu(cell->cpu, migrate_thread, &j);
	if (e)
		urow_fail(r, "thread on CPU %d: %s", cell->cpu, strerror(e));
	urow_emit(c, r);
	free(r);
}

static int plan(const struct uctx *c, struct ucells *out)
{
	const struct topology *t = c->t;
	size_t before = out->n;

	for (int fi = 0; fi < t->nnodes; fi++) {
		for (int ti = 0; ti < t->nnodes; ti++) {
			struct ucell cell = ucell_base(c, &uw_migrate_pages, fi);

			if (ti == fi)
				continue;
			cell.from_node = t->nodes[fi].id;
			cell.mem_node = t->nodes[ti].id;
			cell.batch = c->p->user.pages;
			cell.size_bytes = (uint64_t)cell.batch * UPAGE;
			if (!cell.skip[0] && !(c->mem_nodes & (1ul << cell.from_node)))
				snprintf(cell.skip, sizeof(cell.skip),
					 "from_node %d has no memory", cell.from_node);
			ucell_need_memory(c, &cell, cell.mem_node);
			if (ucells_add(out, &cell))
				return -1;
		}
	}
	if (out->n == before) {
		struct ucell cell = ucell_base(c, &uw_migrate_pages, 0);

		snprintf(cell.skip, sizeof(cell.skip),
			 "needs two nodes with memory; this machine has %d node",
			 t->nnodes);
		return ucells_add(out, &cell);
	}
	return 0;
}

const struct uworkload uw_migrate_pages = {
	.name = "migrate_pages",
	.description = "migrate_pages of a whole child process between nodes",
	.tests = tests,
	.plan = plan,
	.run = run,
};
