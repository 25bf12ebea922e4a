// SPDX-License-Identifier: GPL-2.0
/*
 * migrate_pages: a small dedicated process, nb-migratee (migratee.c, built
 * next to numabench), binds its test pages to from_node, touches them and
 * waits; migrate_pages(it, {from}, {to}) moves the whole process to
 * mem_node. Pairs as move_pages (pairs.h: CPU-less sources included). The
 * row times the call; failures counts the pages the kernel reported
 * unmoved, misplaced the test pages not on to_node afterwards. Throughput
 * counts what really left from_node (its numa_maps before and after: the
 * test pages and the few of the helper's own), never an assumed size.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pairs.h"
#include "placement.h"
#include "utimer.h"
#include "workloads.h"
#include "util/datadir.h"

static const char *const tests[] = { "migrate_pages", NULL };

struct job {
	struct uctx *c;
	const struct ucell *cell;
	struct urow *r;
	char path[PATH_MAX];	/* nb-migratee */
	uint64_t total_ns, moved, calls;
};

extern char **environ;

/* nb-migratee beside our executable, else in the build directory. */
static int find_migratee(char *path, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if ((size_t)snprintf(path, len, "%.*s/nb-migratee",
					     PATH_MAX - 16, self) < len &&
			    !access(path, X_OK))
				return 0;
		}
	}
	snprintf(path, len, "%s/nb-migratee", nb_workdir());
	return access(path, X_OK);
}

/* Start the helper with its pages on from; its pid and their address. */
static pid_t spawn_migratee(struct job *j, int *down, void **addr)
{
	char node[16], pages[16];
	char *argv[] = { j->path, node, pages, NULL };
	posix_spawn_file_actions_t fa;
	int up[2], e;
	pid_t pid = -1;

	if (pipe2(up, O_CLOEXEC)) {
		urow_fail(j->r, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe2(down, O_CLOEXEC)) {
		urow_fail(j->r, "pipe: %s", strerror(errno));
		close(up[0]);
		close(up[1]);
		return -1;
	}
	snprintf(node, sizeof(node), "%d", j->cell->from_node);
	snprintf(pages, sizeof(pages), "%u", j->cell->batch);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, down[0], 0);
	posix_spawn_file_actions_adddup2(&fa, up[1], 1);
	e = posix_spawn(&pid, j->path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(up[1]);
	close(down[0]);
	if (e)
		urow_fail(j->r, "spawn %s: %s", j->path, strerror(e));
	else if (read(up[0], addr, sizeof(*addr)) != sizeof(*addr))
		urow_fail(j->r, "%s did not populate its pages", j->path);
	close(up[0]);
	if (strcmp(j->r->row.status, "failed"))
		return pid;
	close(down[1]);
	if (!e) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return -1;
}

/* Pages of pid on from_node now, into *pages; 0 or -1 (row failed). */
static int on_from(struct job *j, pid_t pid, uint64_t *pages)
{
	if (!placement_process_pages(pid, j->cell->from_node, pages))
		return 0;
	urow_fail(j->r, "/proc/%d/numa_maps: %s", (int)pid, strerror(errno));
	return -1;
}

static int one_round(struct job *j, struct placement *sum)
{
	const struct ucell *cell = j->cell;
	unsigned long from = 1ul << cell->from_node, to = 1ul << cell->mem_node;
	uint64_t before, after, t0, t1;
	int down[2], ret = -1;
	struct placement pl;
	void *addr;
	long moved;
	pid_t pid = spawn_migratee(j, down, &addr);

	if (pid < 0)
		return -1;
	if (on_from(j, pid, &before))
		goto out;
	t0 = utimer_now();
	moved = sys_migrate_pages(pid, UMAXNODE, &from, &to);
	t1 = utimer_now();
	if (moved < 0) {
		int e = errno;

		urow_syscall_failed(j->r, "migrate_pages", e);
		goto out;
	}
	hist_add(&j->r->hist, utimer_ns(t1 - t0));
	j->total_ns += utimer_ns(t1 - t0);
	j->calls++;
	j->r->row.failures += (uint64_t)moved;	/* pages not moved */
	if (on_from(j, pid, &after))
		goto out;
	j->moved += before > after ? before - after : 0;
	if (placement_query(pid, addr, cell->batch, UPAGE, to, &pl)) {
		urow_fail(j->r, "move_pages(helper, nodes=NULL): %s",
			  strerror(errno));
		goto out;
	}
	placement_add(sum, &pl);
	ret = 0;
out:
	close(down[1]);		/* EOF: the helper exits */
	if (ret)
		kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return ret;
}

static void migrate_rounds(struct job *j)
{
	struct placement sum = { 0 };
	struct urounds l;
	double secs;

	urounds_start(&l, j->c, &j->r->hist, j->c->p->user.rounds);
	while (urounds_more(&l))
		if (one_round(j, &sum))
			return;
	urounds_end(&l, j->r);
	j->r->row.misplaced = sum.misplaced;
	secs = j->total_ns / 1e9;
	urow_metric(j->r, "from_node", j->cell->from_node);
	urow_placement(j->r, &sum);
	if (j->calls)	/* the process's pages that left from_node, per call */
		urow_metric(j->r, "pages_moved", (double)j->moved / j->calls);
	if (secs > 0) {
		urow_metric(j->r, "pages_per_s", j->moved / secs);
		urow_metric(j->r, "gib_per_s",
			    (double)j->moved * UPAGE / (1u << 30) / secs);
	}
}

static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *rows, unsigned n)
{
	struct job *j = calloc(1, sizeof(*j));

	(void)n;
	if (!j) {
		urow_fail(rows, "out of memory");
		return;
	}
	j->c = c;
	j->cell = cell;
	j->r = rows;
	if (find_migratee(j->path, sizeof(j->path)))
		urow_skip(j->r, "nb-migratee (the process to move) is not next to numabench nor in %s: build it",
			  nb_workdir());
	else
		migrate_rounds(j);
	free(j);
}

static int pair_cell(const struct uctx *c, const struct ucell *base,
		     struct ucells *out)
{
	struct ucell cell = *base;

	cell.batch = c->p->user.pages;
	cell.size_bytes = (uint64_t)cell.batch * UPAGE;
	return ucells_add(out, &cell);
}

static int plan(const struct uctx *c, struct ucells *out)
{
	return uplan_pairs(c, &uw_migrate_pages, pair_cell, out);
}

const struct uworkload uw_migrate_pages = {
	.name = "migrate_pages",
	.description = "migrate_pages of a small dedicated process (nb-migratee) between nodes",
	.tests = tests,
	.plan = plan,
	.measure = measure,
};
