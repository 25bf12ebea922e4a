/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace suite: its workloads (workloads.h, one file each) enumerate
 * cells from the profile and the topology, and the runner executes each
 * cell on a thread pinned to a CPU of its cpu_node, turning what the
 * workload measured into results.csv rows (suite=user) and hist.jsonl lines
 * in ns. A cell that cannot run carries the reason and becomes skipped rows.
 */
#ifndef UBENCH_URUN_H
#define UBENCH_URUN_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "rundir/csv.h"
#include "rundir/hist.h"
#include "rundir/meta.h"
#include "host/mpol.h"
#include "plan/profile.h"
#include "rundir/rundir.h"
#include "host/topology.h"
#include "plan/stoprule.h"
#include "ualloc.h"

struct uworkload;

struct ucell {
	const struct uworkload *w;
	int cpu_node, cpu;	/* cpu -1: cpu_node has no CPU */
	int mem_node;		/* CSV_NA when it does not apply */
	unsigned long nodes;	/* target node mask (policies, move target) */
	int from_node;		/* move/migrate source, else -1 */
	const struct mpol_mode *mode;	/* NULL when no policy applies */
	const struct ualloc *alloc;	/* NULL: a syscall workload ("kernel") */
	int variant;		/* workload-specific */
	uint64_t size_bytes;	/* page size, object size or range size */
	int order;		/* 9 for THP, CSV_NA otherwise */
	unsigned batch, threads;
	char skip[160];		/* non-empty: why the cell is skipped */
	size_t index;		/* its place in the plan (ucells_add) */
};

struct ucells {
	struct ucell *v;
	size_t n, cap;
};

/* What a workload sees: the run's inputs and where rows go. */
struct uctx {
	const struct profile *p;
	const struct topology *t;
	const char *release;	/* uname -r */
	unsigned long mem_nodes;	/* nodes with memory */
	unsigned long cpu_nodes;	/* nodes with CPUs */
	int thp;		/* THP usable: profile on and sysfs not never */
	char thp_why[96];	/* why not, when !thp */
	unsigned rep;
	struct rundir *rd;
	const char *host, *kernel;
	struct meta *m;
	int write_failed;
	const struct ucells *cells;	/* the plan (fresh processes find cells) */
	/*
	 * A fresh process: the one allocator its cells use, the only one its
	 * plan loads (NULL: every allocator is loaded and prepared).
	 */
	const char *only_alloc;
	/* allocator cells run in a fresh process (ufresh.h): its session */
	struct {
		int pid, fd;	/* 0, -1: none */
		size_t next;	/* the plan index whose rows come next */
	} fresh;
};

/*
 * One row in the making: keys from the cell, samples in hist (ns), the
 * numbers besides its times (urow_metric) for counters.csv.
 */
#define UROW_METRICS 24
struct urow {
	struct result_row row;
	struct hist hist;
	char test[48], policy[64], note[384];
	struct { char name[32]; double value; } metric[UROW_METRICS];
	unsigned nmetrics;
};

struct uworkload {
	const char *name;		/* --only / [user] workloads */
	const char *description;
	const char *const *tests;	/* the test column values it writes */
	/* Optional: the policy column's suffix per cell variant. */
	const char *const *variant_suffix;
	/* Optional: how many of tests a variant > 0 writes (0: all). */
	unsigned variant_tests;
	/* Append every cell for this run (skipped ones too). 0 or -1 (ENOMEM). */
	int (*plan)(const struct uctx *c, struct ucells *out);
	/*
	 * The measurement of one cell, all a workload does at run time: the
	 * runner (urun_cell) makes the cell's rows (urow_init), starts a
	 * thread pinned to the cell's CPU (the process's default memory
	 * policy) that calls this to fill them, fails them all when the
	 * thread cannot run, and emits them.
	 */
	void (*measure)(struct uctx *c, const struct ucell *cell,
			struct urow *rows, unsigned n);
	/*
	 * Optional: the rows of a cell (default: one per test, variant_tests
	 * of them for a variant > 0); row i writes tests[i], the last test
	 * for rows beyond them; init_rows then sets what else the rows
	 * differ in (move_pages: their batch sizes).
	 */
	unsigned (*rows)(const struct uctx *c, const struct ucell *cell);
	void (*init_rows)(const struct uctx *c, const struct ucell *cell,
			  struct urow *rows, unsigned n);
	/* The rows share one measurement: a first row not ok is all of theirs. */
	int shared_fate;
};

/* urun.c: the runner */

/* Fill c from the machine (release, node masks, THP). */
void urun_ctx_init(struct uctx *c, const struct profile *p,
		   const struct topology *t);


/*
 * Run one cell through its workload's measure (skipped rows when it is
 * skipped) and write its rows. 0, or -1 when the run directory cannot be
 * written.
 */
int urun_cell(struct uctx *c, const struct ucell *cell);

/*
 * The two halves of urun_cell, for the fresh processes (ufresh.c): a
 * cell's rows made (*n of them, calloc'ed: the caller frees; NULL when out
 * of memory), and measured in this process (a failed thread or first row
 * is every row's).
 */
struct urow *urun_rows(struct uctx *c, const struct ucell *cell, unsigned *n);
void urun_measure(struct uctx *c, const struct ucell *cell, struct urow *rows,
		  unsigned n);

void ucells_free(struct ucells *cs);

/* Helpers for the workloads */

/* A cell with the keys common to all: cpu_node index ci (cpu, skip). */
struct ucell ucell_base(const struct uctx *c, const struct uworkload *w,
			int ci);
int ucells_add(struct ucells *cs, const struct ucell *cell);

/* Skip cell for why, unless why is empty or it is skipped already: the first reason stands. */
void ucell_skip(struct ucell *cell, const char *why);
/* Mark cell skipped when mem_node has no memory. */
void ucell_need_memory(const struct uctx *c, struct ucell *cell, int node);

/*
 * Start a row for cell and test; status ok, hist empty. Its policy: the
 * mode's name and variant suffix, or "from<N>" for a move's source.
 */
void urow_init(struct urow *r, const struct uctx *c, const struct ucell *cell,
	       const char *test);

/* Append to the row's note, space separated. */
void urow_note(struct urow *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A number a user would plot, for counters.csv: name says its unit
 * (ns_per_page, pages_per_s, gib_per_s, ...). Written with the row when it
 * is ok; a name given twice keeps the last value.
 */
void urow_metric(struct urow *r, const char *name, double value);

/* Where the row's pages were: pages_node<N> per node, pages_absent. */
struct placement;
void urow_placement(struct urow *r, const struct placement *p);

/*
 * A bound row whose objects or pages are off mem_node beyond
 * UROW_MISPLACED_TOLERANCE of the seen ones is not what it claims: status
 * misplaced (its times kept for the record, out of every figure), the
 * count and share in its note and the misplaced_share metric.
 */
#define UROW_MISPLACED_TOLERANCE 0.001
void urow_misplaced(struct urow *r, uint64_t misplaced, uint64_t seen,
		    int mem_node);

/* Mark the row failed (reason in note) or skipped (reason in note). */
void urow_fail(struct urow *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void urow_skip(struct urow *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A syscall (call) failed with errno e: skipped when the kernel lacks the
 * feature (mpol_skip_reason), else failed; the errno in the note.
 */
void urow_syscall_failed(struct urow *r, const char *call, int e);

/* Statistics from hist (ok rows), then the CSV row and the hist line. */
void urow_emit(struct uctx *c, struct urow *r);

/*
 * A user cell's rounds (mappings, call batches, allocation chunks, ops)
 * under the profile's stopping rule (plan/stoprule.h), like a kernel
 * cell's samples: the first round always runs; after each, the mean of
 * the deciding hist is checked against [run] precision, cell_budget and
 * min_samples; at most max rounds (the fixed count when precision is 0):
 *
 *	struct urounds l;
 *
 *	urounds_start(&l, c, &r->hist, c->p->user.rounds);
 *	while (urounds_more(&l))
 *		one round;
 *	urounds_end(&l, r);		(the row's stop column)
 */
struct urounds {
	struct stoprule rule;
	const struct hist *h;
	double start;
	unsigned done, max;	/* rounds run, at most */
	enum stop_why why;
};

void urounds_start(struct urounds *l, const struct uctx *c,
		   const struct hist *h, unsigned max);
/* 1: run another round (counted in l->done); 0: stop (l->why says why). */
int urounds_more(struct urounds *l);
/* Why the rounds ended, in r's stop column (empty for a fixed count). */
void urounds_end(const struct urounds *l, struct urow *r);

/*
 * Run fn(arg) on a new thread pinned to cpu (its memory policy starts as
 * the process default and dies with it) and wait for it. 0 or an errno.
 */
int urun_on_cpu(int cpu, void *(*fn)(void *), void *arg);

/* Start fn on a thread pinned to cpu without waiting: 0 or an errno. */
int urun_spawn(int cpu, void *(*fn)(void *), void *arg, pthread_t *tid);

/*
 * mmap an anonymous private region of len bytes aligned to align: 4 KiB
 * pages only (MADV_NOHUGEPAGE) when align is 4 KiB, MADV_HUGEPAGE above.
 */
void *umap(size_t len, size_t align);
void uunmap(void *p, size_t len, size_t align);

/*
 * Touch one byte in each of npages pages stride bytes apart from p, timing
 * the first-touch faults in batches (ubatch.h: the first pages calibrate
 * the batch, a short tail joins the last one) into h as per-page ns.
 */
void utouch_timed(struct hist *h, char *p, size_t npages, size_t stride);

/* The expected node mask of a policy cell (targets, or local node). */
unsigned long ucell_expected(const struct uctx *c, const struct ucell *cell);

/*
 * Cells for policy workloads: every cpu_node x mode (UMPOL_* in modes,
 * n of them; all when n is 0) x target (per mem_node, or every node with
 * memory) x page kind (4 KiB, THP) x variant (0..nvariants). Unsupported
 * modes, CPU-less cpu_nodes, memoryless targets and THP where disabled are
 * skipped cells. 0 or -1 (ENOMEM).
 */
int uplan_policy_cells(const struct uctx *c, const struct uworkload *w,
		       const int *modes, unsigned n, int nvariants,
		       struct ucells *out);

/* Add b's per-node counts into a. */
struct placement;
void placement_add(struct placement *a, const struct placement *b);

#define UPAGE		4096ul
#define UHUGE		(2ul << 20)
#define UMAXNODE	(MPOL_MAX_NODE + 2)	/* maxnode for the syscalls */

#endif
