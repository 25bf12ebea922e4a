// SPDX-License-Identifier: GPL-2.0
/* Allocator cells in a fresh process: see ufresh.h. */
#include "ufresh.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/mpol.h"
#include "util/fileutil.h"
#include "utimer.h"

/* "FD FIRST REP KEY": the pipe, the first cell's plan index, its rep,
 * and its key (to check the child planned alike). */
#define ENV_CELLS "NUMABENCH_UFRESH"
/* Set: every cell in numabench's own process, as before (ufresh.h). */
#define ENV_ONE_PROCESS "NUMABENCH_ONE_PROCESS"
/* The parent's timer: "USE_TSC NS_PER_TICK OVERHEAD_NS RESOLUTION_NS". */
#define ENV_TIMER "NUMABENCH_UFRESH_TIMER"

/* One row on the pipe: the child's row, its pointed-to texts inline. */
struct wire_row {
	struct urow r;
	char status[16], stop[16];
};

int ufresh_wanted(const struct ucell *cell)
{
	static int one = -1;

	if (one < 0)
		one = getenv(ENV_ONE_PROCESS) != NULL;
	return cell->alloc && !cell->skip[0] && !one;
}

/* A cell's key, the same in parent and child when they planned alike. */
static void cell_key(char *buf, size_t len, const struct ucell *cell)
{
	snprintf(buf, len, "%s/%s/c%d/m%d/s%" PRIu64, cell->w->name,
		 cell->alloc ? cell->alloc->name : "-", cell->cpu_node,
		 cell->mem_node, cell->size_bytes);
}

/* Cells a and b belong to one fresh process. */
static int same_group(const struct ucell *a, const struct ucell *b)
{
	return a->w == b->w && a->alloc == b->alloc &&
	       a->cpu_node == b->cpu_node && a->mem_node == b->mem_node;
}

/* The plan index of the cell after i that the fresh process of i's group
 * runs (skipped ones are the parent's), or cs->n after the group. */
static size_t next_in_group(const struct ucells *cs, size_t i)
{
	size_t k = i + 1;

	while (k < cs->n && same_group(&cs->v[i], &cs->v[k]) &&
	       !ufresh_wanted(&cs->v[k]))
		k++;
	return k < cs->n && same_group(&cs->v[i], &cs->v[k]) ? k : cs->n;
}

/* All len bytes through fd, read (out 0) or written: 0, or -1 at EOF or error. */
static int transfer(int fd, void *buf, size_t len, int out)
{
	char *p = buf;

	while (len) {
		ssize_t n = out ? write(fd, p, len) : read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* What became of the child, for a row's note, after waiting for it. */
static void reap(struct uctx *c, char *why, size_t len)
{
	int st = 0;

	snprintf(why, len, "no rows");
	if (c->fresh.fd >= 0)
		close(c->fresh.fd);
	c->fresh.fd = -1;
	if (c->fresh.pid <= 0)
		return;
	if (waitpid(c->fresh.pid, &st, 0) > 0) {
		if (WIFSIGNALED(st))
			snprintf(why, len, "killed by signal %d (%s)",
				 WTERMSIG(st), strsignal(WTERMSIG(st)));
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 2)
			snprintf(why, len, "its plan differs from this one's");
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
			snprintf(why, len, "its memory policy was no longer MPOL_BIND to the cell's node when its cells began");
		else if (WIFEXITED(st) && WEXITSTATUS(st))
			snprintf(why, len, "exit %d", WEXITSTATUS(st));
	}
	c->fresh.pid = 0;
}

void ufresh_end(struct uctx *c)
{
	char why[96];

	if (c->fresh.pid > 0)
		reap(c, why, sizeof(why));
}

/*
 * Start the fresh process for cell's group: fork, bind the child's memory
 * to mem_node, re-execute this command line with the cell in the
 * environment. 0, or -1 with the reason in why.
 */
static int start(struct uctx *c, const struct ucell *cell, char *why,
		 size_t len)
{
	static char buf[65536];
	static char *argv[256];
	static int argc;	/* this command line, read once */
	char env[512], key[160];
	unsigned long mask = 1ul << cell->mem_node;
	int fds[2];
	pid_t pid;

	if (!argc)
		argc = self_argv(buf, sizeof(buf), argv, 256);
	if (argc < 1) {
		snprintf(why, len, "cannot read /proc/self/cmdline");
		return -1;
	}
	if (pipe(fds)) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	cell_key(key, sizeof(key), cell);
	snprintf(env, sizeof(env), "%d %zu %u %s", fds[1], cell->index, c->rep,
		 key);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (!pid) {
		char timer[160];

		close(fds[0]);
		snprintf(timer, sizeof(timer), "%d %.17g %.17g %.17g",
			 utimer.use_tsc, utimer.ns_per_tick,
			 utimer.overhead_ns, utimer.resolution_ns);
		/* numactl --membind: before anything of the child allocates */
		if (sys_set_mempolicy(UMPOL_BIND, &mask, UMAXNODE) ||
		    setenv(ENV_CELLS, env, 1) || setenv(ENV_TIMER, timer, 1))
			_exit(1);
		execv("/proc/self/exe", argv);
		_exit(1);
	}
	close(fds[1]);
	c->fresh.pid = pid;
	c->fresh.fd = fds[0];
	c->fresh.next = cell->index;
	return 0;
}

/* Row r of the parent takes the child's measurement w (same cell, test). */
static void take(struct urow *r, struct wire_row *w)
{
	struct result_row keep = r->row;

	r->hist = w->r.hist;
	memcpy(r->note, w->r.note, sizeof(r->note));
	memcpy(r->metric, w->r.metric, sizeof(r->metric));
	r->nmetrics = w->r.nmetrics;
	r->row = w->r.row;
	/* the pointers are the child's: this process's own again */
	r->row.run_id = keep.run_id;
	r->row.host = keep.host;
	r->row.kernel = keep.kernel;
	r->row.suite = keep.suite;
	r->row.test = keep.test;
	r->row.allocator = keep.allocator;
	r->row.policy = keep.policy;
	r->row.mode = keep.mode;
	r->row.note = r->note;
	r->row.status = !strcmp(w->status, "ok") ? "ok" :
			!strcmp(w->status, "skipped") ? "skipped" :
			!strcmp(w->status, "misplaced") ? "misplaced" : "failed";
	r->row.stop = NULL;
	for (enum stop_why y = STOP_PRECISE; y <= STOP_MAX; y++)
		if (!strcmp(w->stop, stop_name(y)))
			r->row.stop = stop_name(y);
}

static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *rows, unsigned n)
{
	struct wire_row *w = malloc(sizeof(*w));
	char why[160] = "";
	uint32_t count;
	unsigned i = 0;

	if (!w) {
		for (i = 0; i < n; i++)
			urow_fail(&rows[i], "fresh process: out of memory");
		return;
	}
	if (c->fresh.pid > 0 && c->fresh.next != cell->index)
		ufresh_end(c);
	if (c->fresh.pid <= 0 && start(c, cell, why, sizeof(why)))
		goto fail;
	if (transfer(c->fresh.fd, &count, sizeof(count), 0) || count != n)
		goto dead;
	for (i = 0; i < n; i++) {
		if (transfer(c->fresh.fd, w, sizeof(*w), 0))
			goto dead;
		w->status[sizeof(w->status) - 1] = '\0';
		w->stop[sizeof(w->stop) - 1] = '\0';
		w->r.note[sizeof(w->r.note) - 1] = '\0';
		take(&rows[i], w);
	}
	c->fresh.next = next_in_group(c->cells, cell->index);
	/* the group's last cell: the child ends; waiting tells how */
	if (c->fresh.next >= c->cells->n)
		ufresh_end(c);
	free(w);
	return;
dead:
	reap(c, why, sizeof(why));
fail:
	for (; i < n; i++)
		urow_fail(&rows[i], "fresh process for this cell: %s", why);
	free(w);
}

int ufresh_cell(struct uctx *c, const struct ucell *cell)
{
	struct urow *rows;
	unsigned n;

	rows = urun_rows(c, cell, &n);
	if (!rows)
		return -1;
	measure(c, cell, rows, n);
	for (unsigned i = 0; i < n; i++)
		urow_emit(c, &rows[i]);
	free(rows);
	return c->write_failed ? -1 : 0;
}

int ufresh_is_child(void)
{
	const char *t = getenv(ENV_TIMER);
	struct utimer u = utimer;

	if (!getenv(ENV_CELLS) || !t)
		return 0;
	if (sscanf(t, "%d %lg %lg %lg", &u.use_tsc, &u.ns_per_tick,
		   &u.overhead_ns, &u.resolution_ns) == 4)
		utimer_adopt(&u);
	return 1;
}

const char *ufresh_child_alloc(char *buf, size_t len)
{
	const char *env = getenv(ENV_CELLS), *a, *end;

	/* "fd index rep key", key = workload/allocator/... (cell_key) */
	a = env ? strchr(env, '/') : NULL;
	end = a ? strchr(a + 1, '/') : NULL;
	if (!end || end - a - 1 <= 0 || (size_t)(end - a - 1) >= len)
		return NULL;
	snprintf(buf, len, "%.*s", (int)(end - a - 1), a + 1);
	return buf;
}

/*
 * Whether this thread is still bound to node alone, as the parent left it
 * (a probe that reset it would let allocator state start elsewhere).
 */
static int still_bound(int node)
{
	unsigned long mask[UMAXNODE / (8 * sizeof(long)) + 1] = { 0 };
	int mode = -1;

	return !sys_get_mempolicy(&mode, mask, UMAXNODE) &&
	       mode == UMPOL_BIND && mask[0] == 1ul << node;
}

/* Send cell's rows: their count, then each row with its texts. */
static int send_rows(int fd, const struct urow *rows, unsigned n)
{
	struct wire_row *w = calloc(1, sizeof(*w));
	uint32_t count = n;
	int ret = transfer(fd, &count, sizeof(count), 1);

	for (unsigned i = 0; w && !ret && i < n; i++) {
		w->r = rows[i];
		snprintf(w->status, sizeof(w->status), "%s", rows[i].row.status);
		snprintf(w->stop, sizeof(w->stop), "%s",
			 rows[i].row.stop ? rows[i].row.stop : "");
		ret = transfer(fd, w, sizeof(*w), 1);
	}
	free(w);
	return w ? ret : -1;
}

int ufresh_child_run(struct uctx *c)
{
	const char *env = getenv(ENV_CELLS);
	char want[160] = "", key[160];
	size_t first;
	unsigned rep;
	int fd, n = 0;

	if (!env || sscanf(env, "%d %zu %u %159s%n", &fd, &first, &rep, want,
			   &n) < 4 || first >= c->cells->n)
		return 2;
	cell_key(key, sizeof(key), &c->cells->v[first]);
	if (strcmp(key, want))
		return 2;
	if (!still_bound(c->cells->v[first].mem_node))
		return 3;
	c->rep = rep;
	for (size_t i = first; i < c->cells->n; i = next_in_group(c->cells, i)) {
		const struct ucell *cell = &c->cells->v[i];
		struct urow *rows;
		unsigned nrows;

		rows = urun_rows(c, cell, &nrows);
		if (!rows)
			return 1;
		urun_measure(c, cell, rows, nrows);
		if (send_rows(fd, rows, nrows)) {
			free(rows);
			return 1;
		}
		free(rows);
	}
	close(fd);
	return 0;
}
