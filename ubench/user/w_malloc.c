// SPDX-License-Identifier: GPL-2.0
/*
 * malloc and remote_free: each allocator of ualloc.h, for each (cpu_node,
 * mem_node) under MPOL_BIND to mem_node and each size class of the profile
 * from 8 B to 1 MiB (the kmalloc_node sizes, so rows line up with the
 * kernel's). Every allocator is called alike: malloc and plain free
 * (ualloc.c says why), from threads that live for the whole cell.
 *
 * A round allocates K objects of the size (ROUND_BYTES worth, 16 to 1024
 * of them, the same K for every allocator) and frees them. Before timing,
 * untimed warm-up rounds run until the allocator's per-op time settles
 * (two rounds within SETTLE of each other), at most WARMUP_MAX rounds or
 * the cell's budget; the last one calibrates each op's batch (ubatch.h).
 *
 * malloc: one thread pinned to the cell's CPU. Each round times two
 * passes: malloc alone (the objects' first bytes written after the
 * regions), then malloc_touch (malloc and a write to the object's first
 * byte inside the region, so an allocator that faults its fresh pages in
 * malloc and one that leaves the fault to the caller pay alike); both
 * passes' frees are the free row.
 *
 * remote_free: a producer on a CPU of mem_node allocates and writes
 * objects and hands them over a ring to the cell's thread on cpu_node,
 * which frees them in timed batches while the producer goes on
 * allocating (threads = 2; prototype-kernel page_bench05_cross_cpu).
 *
 * Every object's page is checked: misplaced counts objects not on
 * mem_node, which happens when an allocator reuses memory it got under
 * another policy. counters.csv: pages_node<N> (objects per node),
 * ops_per_region, objects_per_round, warmup_rounds, warmup_settled and,
 * for remote_free, alloc_cpu.
 */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "placement.h"
#include "ubatch.h"
#include "util/monotime.h"
#include "utimer.h"
#include "workloads.h"

#define ROUND_BYTES	(4ul << 20)	/* objects per round: this many bytes */
#define ROUND_MIN	16		/* ... but at least */
#define ROUND_MAX	1024		/* ... and at most this many */
#define WARMUP_MIN	2
#define WARMUP_MAX	32
#define SETTLE		0.05	/* per-op times of two rounds this close: steady */
#define CAL_OPS		16	/* ops per region while warming up */

static const char *const malloc_tests[] = {
	"malloc", "malloc_touch", "free", NULL
};
static const char *const remote_tests[] = { "remote_free", NULL };

enum op { OP_MALLOC, OP_TOUCH, OP_FREE, OP_N };

struct job {
	struct uctx *c;
	const struct ucell *cell;
	const struct ualloc *a;
	size_t size, k;		/* object size, objects per round */
	void **objs;		/* the round's objects */
	struct urow *r;		/* malloc: OP_N rows; remote_free: one */
	unsigned ops[OP_N];	/* ops per timed region */
	struct hist *cal;	/* OP_N: the last warm-up round's regions */
	unsigned warmup;	/* warm-up rounds run */
	int settled;		/* warm-up ended on a steady per-op time */
	struct placement pl;
	int failed;
	/* remote_free: the ring from the producer, and its state */
	void **ring;
	size_t mask;
	_Atomic size_t head, tail;	/* objects pushed, freed */
	atomic_int stop, producer_done;
	void **pobjs;		/* the producer's chunk */
	char pwhy[160];		/* non-empty: why the producer failed */
};

/* Objects per round for size: ROUND_BYTES of them, in [ROUND_MIN, ROUND_MAX]. */
static size_t round_objects(size_t size)
{
	size_t k = ROUND_BYTES / (size ? size : 1);

	return k < ROUND_MIN ? ROUND_MIN : k > ROUND_MAX ? ROUND_MAX : k;
}

/* Policy and allocator set up for mem_node on the calling thread. */
static int bind_thread(const struct ucell *cell, char *why, size_t len,
		       int *skip)
{
	unsigned long mask = 1ul << cell->mem_node;

	*skip = 0;
	if (sys_set_mempolicy(UMPOL_BIND, &mask, UMAXNODE)) {
		int e = errno;

		*skip = mpol_skip_reason("set_mempolicy", e, why, len);
		if (!*skip)
			snprintf(why, len, "set_mempolicy: %s", strerror(e));
		return -1;
	}
	return cell->alloc->thread_setup(cell->mem_node, why, len);
}

static int bind_row(struct job *j, struct urow *r)
{
	char why[160];
	int skip;

	if (!bind_thread(j->cell, why, sizeof(why), &skip))
		return 0;
	if (skip)
		urow_skip(r, "%s", why);
	else
		urow_fail(r, "%s", why);
	j->failed = 1;
	return -1;
}

/*
 * Allocate objs[i, i + n) in one timed region (with a write to each
 * object's first byte when touch): the objects allocated (n unless one
 * failed), the region's ticks in *ticks.
 */
static size_t alloc_region(struct job *j, size_t i, size_t n, int touch,
			   uint64_t *ticks)
{
	const struct ualloc *a = j->a;
	void **o = j->objs;
	size_t size = j->size, k = i;
	uint64_t t0 = utimer_now();

	if (touch) {
		for (; k < i + n; k++) {
			o[k] = a->alloc(size);
			if (!o[k])
				break;
			*(volatile char *)o[k] = 1;
		}
	} else {
		for (; k < i + n && (o[k] = a->alloc(size)); k++)
			;
	}
	*ticks = utimer_now() - t0;
	return k - i;
}

static uint64_t free_region(struct job *j, size_t i, size_t n)
{
	const struct ualloc *a = j->a;
	size_t size = j->size;
	uint64_t t0 = utimer_now();

	for (size_t k = i; k < i + n; k++)
		a->release(j->objs[k], size);
	return utimer_now() - t0;
}

/*
 * One pass over the round's objects in regions of n ops: allocate (touch:
 * malloc_touch) or free. With h, regions of n ops go to h (a shorter tail
 * is done but not recorded); the ticks of all in *total. 0, or -1 when an
 * allocation failed (the row failed, the pass's objects freed).
 */
static int pass(struct job *j, enum op op, unsigned n, struct hist *h,
		uint64_t *total, struct urow *r)
{
	struct ubatch b = { .n = 0 };
	uint64_t t;

	for (size_t i = 0; i < j->k; i += n) {
		size_t m = j->k - i < n ? j->k - i : n, got = m;

		if (op == OP_FREE)
			t = free_region(j, i, m);
		else
			got = alloc_region(j, i, m, op == OP_TOUCH, &t);
		if (got < m) {
			urow_fail(r, "allocation of %zu bytes failed", j->size);
			j->k = i + got;
			free_region(j, 0, j->k);
			j->failed = 1;
			return -1;
		}
		*total += t;
		ubatch_keep(&b, h, t, m, n);
	}
	if (h)
		ubatch_flush(&b, h);
	return 0;
}

/*
 * Write each object's first byte; in timed rounds, count where their pages
 * are (the warm-up's objects are not the row's).
 */
static int touch_and_place(struct job *j, struct urow *r, int timed)
{
	struct placement pl;

	for (size_t i = 0; i < j->k; i++)
		*(volatile char *)j->objs[i] = 1;
	if (!timed)
		return 0;
	if (placement_query_list(j->objs, j->k, 1ul << j->cell->mem_node,
				 &pl)) {
		urow_fail(r, "move_pages(nodes=NULL): %s", strerror(errno));
		free_region(j, 0, j->k);
		j->failed = 1;
		return -1;
	}
	placement_add(&j->pl, &pl);
	return 0;
}

/*
 * A malloc round: malloc, free, malloc_touch, free, into the rows when
 * timed, else (warm-up) in regions of CAL_OPS into j->cal; each op's mean
 * ns (timer included) in ns[].
 */
static int malloc_round(struct job *j, int timed, double ns[OP_N])
{
	struct urow *r = j->r;
	uint64_t t[OP_N] = { 0 };
	size_t k = j->k;

#define H(op) (timed ? &r[op].hist : &j->cal[op])
#define N(op) (timed ? j->ops[op] : CAL_OPS)
	if (pass(j, OP_MALLOC, N(OP_MALLOC), H(OP_MALLOC), &t[OP_MALLOC], r) ||
	    touch_and_place(j, r, timed) ||
	    pass(j, OP_FREE, N(OP_FREE), H(OP_FREE), &t[OP_FREE], r) ||
	    pass(j, OP_TOUCH, N(OP_TOUCH), H(OP_TOUCH), &t[OP_TOUCH], r) ||
	    pass(j, OP_FREE, N(OP_FREE), H(OP_FREE), &t[OP_FREE], r))
		return -1;
#undef H
#undef N
	for (int op = 0; op < OP_N; op++)
		ns[op] = utimer_ns_f(t[op]) / (double)(op == OP_FREE ? 2 * k : k);
	return 0;
}

/*
 * Untimed rounds until two in a row cost the same per op within SETTLE
 * (at least WARMUP_MIN and the profile's warmup ops, at most WARMUP_MAX
 * or the cell's budget). round(j, ns) runs one, its regions of CAL_OPS in
 * j->cal, each op's mean in ns (nops ops). Then each op's batch from the
 * last round's median region, less the timer: the typical op, not a mean
 * that a rare slow op (a trim, a fault) dominates.
 */
static int warm_up(struct job *j, int (*round)(struct job *, double *),
		   int nops)
{
	const struct profile *p = j->c->p;
	double ns[OP_N], sum, last = 0, end = mono_s() + p->cell_budget_s;
	unsigned min = (unsigned)((p->warmup + j->k - 1) / j->k);

	if (min < WARMUP_MIN)
		min = WARMUP_MIN;
	for (j->warmup = 0; j->warmup < WARMUP_MAX;) {
		for (int op = 0; op < nops; op++)
			hist_init(&j->cal[op]);
		if (round(j, ns))
			return -1;
		j->warmup++;
		sum = 0;
		for (int op = 0; op < nops; op++)
			sum += ns[op];
		j->settled = last > 0 && sum <= last * (1 + SETTLE) &&
			     sum >= last * (1 - SETTLE);
		last = sum;
		if (j->warmup >= min &&
		    (j->settled || (p->cell_budget_s > 0 && mono_s() > end)))
			break;
	}
	for (int op = 0; op < nops; op++) {
		double one = (double)hist_percentile(&j->cal[op], 50) -
			     utimer.overhead_ns / CAL_OPS;

		j->ops[op] = ubatch_size(utimer.overhead_ns, one > 0 ? one : 0,
					 UBATCH_SHARE, (unsigned)j->k);
	}
	return 0;
}

static int malloc_warm_round(struct job *j, double *ns)
{
	return malloc_round(j, 0, ns);
}

/* The rounds of a cell: enough for iterations samples of the first row. */
static unsigned max_rounds(const struct job *j, unsigned ops)
{
	size_t per = j->k / ops, it = j->c->p->iterations;

	return (unsigned)((it + per - 1) / per);
}

static void *malloc_thread(void *arg)
{
	struct job *j = arg;
	struct urounds l;
	double ns[OP_N];

	if (bind_row(j, &j->r[0]) || warm_up(j, malloc_warm_round, OP_N))
		return NULL;
	urounds_start(&l, j->c, &j->r[0].hist, max_rounds(j, j->ops[0]));
	while (urounds_more(&l) && !malloc_round(j, 1, ns))
		;
	for (int op = 0; op < OP_N; op++)
		urounds_end(&l, &j->r[op]);
	return NULL;
}

/* ---- remote_free: producer and consumer at once ---- */

/* Wait (spinning, then yielding: both may share a CPU) until the ring
 * holds n objects; -1 when the producer ended first. */
static int ring_wait(struct job *j, size_t n)
{
	for (unsigned spins = 0;; spins++) {
		size_t have = atomic_load_explicit(&j->head, memory_order_acquire) -
			      atomic_load_explicit(&j->tail, memory_order_relaxed);

		if (have >= n)
			return 0;
		if (atomic_load(&j->producer_done))
			return -1;
		if (spins > 256)
			sched_yield();
		else
			__builtin_ia32_pause();
	}
}

/* Hand pobjs[0, k) over, in order; the index of the first not handed (stop). */
static size_t ring_push(struct job *j)
{
	size_t cap = j->mask + 1, i;

	for (i = 0; i < j->k; i++) {
		size_t h = atomic_load_explicit(&j->head, memory_order_relaxed);
		unsigned spins = 0;

		while (h - atomic_load_explicit(&j->tail, memory_order_acquire) == cap) {
			if (atomic_load(&j->stop))
				return i;
			if (++spins > 256)
				sched_yield();
		}
		j->ring[h & j->mask] = j->pobjs[i];
		atomic_store_explicit(&j->head, h + 1, memory_order_release);
	}
	return i;
}

static void *producer(void *arg)
{
	struct job *j = arg;
	struct placement pl;
	size_t i = 0, n = 0;	/* pobjs[i, n) are the producer's to free */
	int skip;

	if (bind_thread(j->cell, j->pwhy, sizeof(j->pwhy), &skip))
		goto out;
	while (!atomic_load(&j->stop)) {
		for (i = 0, n = 0; n < j->k; n++) {
			j->pobjs[n] = j->a->alloc(j->size);
			if (!j->pobjs[n]) {
				snprintf(j->pwhy, sizeof(j->pwhy),
					 "allocation of %zu bytes failed", j->size);
				goto out;
			}
			*(volatile char *)j->pobjs[n] = 1;
		}
		if (placement_query_list(j->pobjs, n, 1ul << j->cell->mem_node,
					 &pl)) {
			snprintf(j->pwhy, sizeof(j->pwhy),
				 "move_pages(nodes=NULL): %s", strerror(errno));
			goto out;
		}
		placement_add(&j->pl, &pl);
		i = ring_push(j);
	}
out:
	for (; i < n; i++)
		j->a->release(j->pobjs[i], j->size);
	atomic_store(&j->producer_done, 1);
	return NULL;
}

/* Free the ring's next n objects: the region's ticks. */
static uint64_t ring_free(struct job *j, size_t n)
{
	const struct ualloc *a = j->a;
	size_t t = atomic_load_explicit(&j->tail, memory_order_relaxed);
	size_t size = j->size;
	uint64_t t0 = utimer_now(), t1;

	for (size_t i = t; i < t + n; i++)
		a->release(j->ring[i & j->mask], size);
	t1 = utimer_now();
	atomic_store_explicit(&j->tail, t + n, memory_order_release);
	return t1 - t0;
}

/* A consumer round: K objects freed as they arrive, in regions of n. */
static int remote_round(struct job *j, unsigned n, struct hist *h,
			uint64_t *total)
{
	struct ubatch b = { .n = 0 };

	for (size_t i = 0; i < j->k; i += n) {
		size_t m = j->k - i < n ? j->k - i : n;
		uint64_t t;

		if (ring_wait(j, m))
			return -1;
		t = ring_free(j, m);
		*total += t;
		ubatch_keep(&b, h, t, m, n);
	}
	if (h)
		ubatch_flush(&b, h);
	return 0;
}

static int remote_warm_round(struct job *j, double *ns)
{
	uint64_t t = 0;

	if (remote_round(j, CAL_OPS, &j->cal[0], &t))
		return -1;
	ns[0] = utimer_ns_f(t) / (double)j->k;
	return 0;
}

static void *consumer(void *arg)
{
	struct job *j = arg;
	struct urounds l;
	uint64_t t = 0;

	if (warm_up(j, remote_warm_round, 1))
		goto out;
	j->ops[OP_FREE] = j->ops[0];
	urounds_start(&l, j->c, &j->r->hist, max_rounds(j, j->ops[0]));
	while (urounds_more(&l) && !remote_round(j, j->ops[0], &j->r->hist, &t))
		;
	urounds_end(&l, j->r);
out:
	atomic_store(&j->stop, 1);
	return NULL;
}

/* The allocating thread's CPU: on mem_node, not the freeing CPU if it can. */
static int alloc_cpu_of(const struct uctx *c, const struct ucell *cell)
{
	const struct topo_node *n = &c->t->nodes[topology_index(c->t, cell->mem_node)];

	for (int i = 0; i < n->ncpus; i++)
		if (n->cpus[i] != cell->cpu)
			return n->cpus[i];
	return n->ncpus ? n->cpus[0] : -1;
}

/* Both threads at once; afterwards the ring's leftovers freed here. */
static void measure_remote(struct job *j, int alloc_cpu)
{
	size_t cap = 1;
	pthread_t tid;
	int e;

	while (cap < 2 * j->k)
		cap <<= 1;
	j->ring = calloc(cap, sizeof(*j->ring));
	j->pobjs = calloc(j->k, sizeof(*j->pobjs));
	j->mask = cap - 1;
	if (!j->ring || !j->pobjs) {
		urow_fail(j->r, "out of memory");
		goto out;
	}
	e = urun_spawn(alloc_cpu, producer, j, &tid);
	if (e) {
		urow_fail(j->r, "pinned thread: %s", strerror(e));
		goto out;
	}
	e = urun_on_cpu(j->cell->cpu, consumer, j);
	atomic_store(&j->stop, 1);
	pthread_join(tid, NULL);
	if (e)
		urow_fail(j->r, "pinned thread: %s", strerror(e));
	if (j->pwhy[0])
		urow_fail(j->r, "producer: %s", j->pwhy);
	for (size_t i = j->tail; i != j->head; i++)
		j->a->release(j->ring[i & j->mask], j->size);
out:
	free(j->ring);
	free(j->pobjs);
}

/* ---- rows ---- */

static void add_metrics(struct job *j, struct urow *r, enum op op)
{
	r->row.misplaced = j->pl.misplaced;
	r->row.region_ops = j->ops[op];
	urow_placement(r, &j->pl);
	urow_metric(r, "ops_per_region", j->ops[op]);
	urow_metric(r, "objects_per_round", (double)j->k);
	urow_metric(r, "warmup_rounds", j->warmup);
	urow_metric(r, "warmup_settled", j->settled);
}

static struct job job_of(struct uctx *c, const struct ucell *cell,
			 struct urow *r)
{
	return (struct job){
		.c = c, .cell = cell, .a = cell->alloc, .r = r,
		.size = cell->size_bytes,
		.k = round_objects(cell->size_bytes),
		.cal = calloc(OP_N, sizeof(struct hist)),
	};
}

static void run_malloc(struct uctx *c, const struct ucell *cell)
{
	struct urow *r = malloc(OP_N * sizeof(*r));
	struct job j = job_of(c, cell, r);
	int e;

	j.objs = calloc(j.k, sizeof(*j.objs));
	if (!r || !j.objs || !j.cal) {
		free(r);
		free(j.objs);
		free(j.cal);
		c->write_failed = 1;
		return;
	}
	for (int op = 0; op < OP_N; op++)
		urow_init(&r[op], c, cell, malloc_tests[op]);
	e = urun_on_cpu(cell->cpu, malloc_thread, &j);
	if (e)
		urow_fail(&r[0], "pinned thread: %s", strerror(e));
	for (int op = 0; op < OP_N; op++) {
		if (op && strcmp(r[0].row.status, "ok")) {
			r[op].row.status = r[0].row.status;
			snprintf(r[op].note, sizeof(r[op].note), "%s", r[0].note);
		}
		add_metrics(&j, &r[op], op);
		urow_emit(c, &r[op]);
	}
	free(j.objs);
	free(j.cal);
	free(r);
}

static void run_remote(struct uctx *c, const struct ucell *cell)
{
	struct urow *r = malloc(sizeof(*r));
	struct job j = job_of(c, cell, r);
	int alloc_cpu = alloc_cpu_of(c, cell);

	if (!r || !j.cal) {
		free(r);
		free(j.cal);
		c->write_failed = 1;
		return;
	}
	urow_init(r, c, cell, remote_tests[0]);
	measure_remote(&j, alloc_cpu);
	add_metrics(&j, r, OP_FREE);
	urow_metric(r, "alloc_cpu", alloc_cpu);
	urow_emit(c, r);
	free(j.cal);
	free(r);
}

static int plan_for(const struct uctx *c, const struct uworkload *w,
		    int remote, struct ucells *out)
{
	const struct topology *t = c->t;
	const struct mpol_mode *bind = mpol_by_name("bind");

	for (unsigned a = 0; a < ualloc_count; a++) {
		const struct ualloc *al = &ualloc_table[a];
		char why[160] = "";

		if (!al->open(al, why, sizeof(why)))
			al->prepare(c->mem_nodes, why, sizeof(why));
		for (int ci = 0; ci < t->nnodes; ci++)
		for (int mi = 0; mi < t->nnodes; mi++)
		for (int s = 0; s < c->p->nsizes; s++) {
			struct ucell cell = ucell_base(c, w, ci);
			uint64_t size = c->p->sizes[s];

			if (size < 8 || size > (1ul << 20))
				continue;
			cell.alloc = al;
			cell.mode = bind;
			cell.mem_node = t->nodes[mi].id;
			cell.nodes = 1ul << cell.mem_node;
			cell.size_bytes = size;
			cell.threads = remote ? 2 : 1;
			if (!cell.skip[0] && why[0])
				snprintf(cell.skip, sizeof(cell.skip), "%s", why);
			ucell_need_memory(c, &cell, cell.mem_node);
			if (!cell.skip[0] && remote && !t->nodes[mi].ncpus)
				snprintf(cell.skip, sizeof(cell.skip),
					 "mem_node %d has no CPU for the allocating thread",
					 cell.mem_node);
			if (ucells_add(out, &cell))
				return -1;
		}
	}
	return 0;
}

static int plan_malloc(const struct uctx *c, struct ucells *out)
{
	return plan_for(c, &uw_malloc, 0, out);
}

static int plan_remote(const struct uctx *c, struct ucells *out)
{
	return plan_for(c, &uw_remote_free, 1, out);
}

const struct uworkload uw_malloc = {
	.name = "malloc",
	.description = "malloc, malloc+first touch and free per allocator, size class and (cpu_node, mem_node) under BIND",
	.tests = malloc_tests,
	.plan = plan_malloc,
	.run = run_malloc,
};

const struct uworkload uw_remote_free = {
	.name = "remote_free",
	.description = "free on cpu_node of objects a thread on mem_node allocates at the same time",
	.tests = remote_tests,
	.plan = plan_remote,
	.run = run_remote,
};
