// SPDX-License-Identifier: GPL-2.0
/*
 * remote_free: for each allocator, (cpu_node, mem_node) under MPOL_BIND to
 * mem_node and size (umcell.h), a producer thread on a CPU of mem_node
 * (another than the consumer's when the node has one) allocates objects,
 * writes their first byte and hands them over a ring of at least 2K to a
 * consumer thread on cpu_node, which frees them in timed batches while the
 * producer goes on allocating (prototype-kernel's page_bench05_cross_cpu).
 * Waits for the ring are outside the regions. The producer checks every
 * object's page (misplaced: not on mem_node).
 *
 * A cell runs N such pairs at once (threads = 2N; the plain cells one
 * pair, umcell_plan's [scaling] sweep N of [scaling] threads): consumers
 * on the first N CPUs of cpu_node, producers on mem_node's CPUs (those no
 * consumer has first), each pair its own ring. The consumers warm up,
 * meet at one barrier, run their rounds and stop together (the first
 * whose rounds end stops the others after their current round). Row:
 * the frees' percentiles over every consumer's batches, ops_per_s = all
 * timed frees over the common window (barrier until the last consumer
 * stopped), fairness = Jain's index over the consumers' frees.
 */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ubatch.h"
#include "umcell.h"
#include "uthreads.h"
#include "utimer.h"
#include "workloads.h"

static const char *const remote_tests[] = { "remote_free", NULL };

/* What the pairs of a cell share. */
struct pairs {
	pthread_barrier_t go;	/* every consumer warmed up (or failed) */
	atomic_int all_stop;	/* a consumer's rounds ended: all end */
};

struct job {
	struct umcell m;	/* first: the warm-up's callback gets it */
	struct pairs *s;
	int alloc_cpu;		/* the producer's */
	uint64_t frees;		/* timed frees */
	uint64_t start_ns, stop_ns;	/* the consumer's timed rounds */
	void **ring;		/* producer -> consumer, mask + 1 slots */
	size_t mask;
	_Atomic size_t head, tail;	/* objects pushed, freed */
	atomic_int stop, producer_done;
	void **pobjs;		/* the producer's chunk of K */
	char pwhy[160];		/* non-empty: why the producer failed */
};

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

	for (i = 0; i < j->m.k; i++) {
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

	if (umcell_bind(j->m.cell, j->pwhy, sizeof(j->pwhy), &skip))
		goto out;
	while (!atomic_load(&j->stop)) {
		for (i = 0, n = 0; n < j->m.k; n++) {
			j->pobjs[n] = j->m.a->alloc(j->m.size);
			if (!j->pobjs[n]) {
				snprintf(j->pwhy, sizeof(j->pwhy),
					 "allocation of %zu bytes failed", j->m.size);
				goto out;
			}
			*(volatile char *)j->pobjs[n] = 1;
		}
		if (placement_query_list(j->pobjs, n, 1ul << j->m.cell->mem_node,
					 &pl)) {
			snprintf(j->pwhy, sizeof(j->pwhy),
				 "move_pages(nodes=NULL): %s", strerror(errno));
			goto out;
		}
		placement_add(&j->m.pl, &pl);
		i = ring_push(j);
	}
out:
	for (; i < n; i++)
		j->m.a->release(j->pobjs[i], j->m.size);
	atomic_store(&j->producer_done, 1);
	return NULL;
}

/* Free the ring's next n objects: the region's ticks. */
static uint64_t ring_free(struct job *j, size_t n)
{
	const struct ualloc *a = j->m.a;
	size_t t = atomic_load_explicit(&j->tail, memory_order_relaxed);
	size_t size = j->m.size;
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

	for (size_t i = 0; i < j->m.k; i += n) {
		size_t m = j->m.k - i < n ? j->m.k - i : n;
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

static int warm_round(struct umcell *m, double *ns)
{
	struct job *j = (struct job *)m;
	uint64_t t = 0;

	if (remote_round(j, UMCELL_CAL_OPS, &m->cal[0], &t))
		return -1;
	ns[0] = utimer_ns_f(t) / (double)m->k;
	return 0;
}

static void consumer(struct job *j)
{
	struct urounds l;
	uint64_t t = 0;
	int warm = umcell_warm_up(&j->m, warm_round, 1);

	pthread_barrier_wait(&j->s->go);
	if (warm)
		goto out;
	j->start_ns = utimer_clock_ns();
	urounds_start(&l, j->m.c, &j->m.r->hist, umcell_rounds(&j->m, j->m.ops[0]));
	while (!atomic_load(&j->s->all_stop) && urounds_more(&l) &&
	       !remote_round(j, j->m.ops[0], &j->m.r->hist, &t))
		j->frees += j->m.k;
	j->stop_ns = utimer_clock_ns();
	atomic_store(&j->s->all_stop, 1);
	urounds_end(&l, j->m.r);
out:
	atomic_store(&j->stop, 1);
}

/*
 * The CPUs of n pairs: consumers on cpu_node's first n, producers on
 * mem_node's, those no consumer has first. 0, or -1 when a node has
 * fewer than n CPUs.
 */
static int pair_cpus(const struct uctx *c, const struct ucell *cell,
		     unsigned n, int *ccpu, int *pcpu)
{
	const struct topo_node *m = &c->t->nodes[topology_index(c->t, cell->mem_node)];
	unsigned k = 0;

	if (uthreads_cpus(c->t, cell->cpu_node, n, ccpu) ||
	    (unsigned)m->ncpus < n)
		return -1;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < m->ncpus && k < n; i++) {
			int used = 0;

			for (unsigned q = 0; q < n; q++)
				used |= ccpu[q] == m->cpus[i];
			if (used == pass)
				pcpu[k++] = m->cpus[i];
		}
	return 0;
}

/*
 * One pair: the producer started here, the consumer is the calling thread
 * (a team thread on cpu_node); afterwards the ring's leftovers are freed
 * here.
 */
static void measure_remote(struct job *j, int alloc_cpu)
{
	size_t cap = 1;
	pthread_t tid;
	int e;

	while (cap < 2 * j->m.k)
		cap <<= 1;
	j->ring = calloc(cap, sizeof(*j->ring));
	j->pobjs = calloc(j->m.k, sizeof(*j->pobjs));
	j->mask = cap - 1;
	if (!j->ring || !j->pobjs) {
		urow_fail(j->m.r, "out of memory");
		pthread_barrier_wait(&j->s->go);
		goto out;
	}
	e = urun_spawn(alloc_cpu, producer, j, &tid);
	if (e) {
		urow_fail(j->m.r, "pinned thread: %s", strerror(e));
		pthread_barrier_wait(&j->s->go);
		goto out;
	}
	consumer(j);	/* sets stop when it ends, so the producer ends */
	pthread_join(tid, NULL);
	if (j->pwhy[0])
		urow_fail(j->m.r, "producer: %s", j->pwhy);
	for (size_t i = j->tail; i != j->head; i++)
		j->m.a->release(j->ring[i & j->mask], j->m.size);
out:
	free(j->ring);
	free(j->pobjs);
}

static void pair_work(struct uteam *t, unsigned i, void *arg)
{
	struct job *j = &((struct job *)arg)[i];

	if (t->round)
		measure_remote(j, j->alloc_cpu);
}

/* The pairs' rows into r: the first not ok, samples, stop, figures. */
static void merge(struct job *jobs, struct urow *rows, unsigned np,
		  struct urow *r)
{
	uint64_t frees = 0, *per = calloc(np, sizeof(*per));
	uint64_t *start = calloc(np, sizeof(*start));
	uint64_t *stop = calloc(np, sizeof(*stop));

	if (!per || !start || !stop) {
		urow_fail(r, "out of memory");
		goto out;
	}
	for (unsigned i = 0; i < np; i++) {
		if (strcmp(rows[i].row.status, "ok") &&
		    !strcmp(r->row.status, "ok")) {
			r->row.status = rows[i].row.status;
			if (np > 1)
				urow_note(r, "pair %u:", i);
			urow_note(r, "%s", rows[i].note);
		}
		hist_merge(&r->hist, &rows[i].hist);
		if (!r->row.stop)
			r->row.stop = rows[i].row.stop;
		per[i] = jobs[i].frees;
		frees += per[i];
		start[i] = jobs[i].start_ns;
		stop[i] = jobs[i].stop_ns;
		if (i)
			placement_add(&jobs[0].m.pl, &jobs[i].m.pl);
	}
	umcell_metrics(&jobs[0].m, r, jobs[0].m.ops[0]);
	urow_metric(r, "alloc_cpu", jobs[0].alloc_cpu);
	urow_metric(r, "pairs", np);
	r->row.ops_per_s = uthreads_ops_per_s(frees,
					      uthreads_window_ns(start, stop, np));
	r->row.fairness = uthreads_jain(per, np);
out:
	free(per);
	free(start);
	free(stop);
}

/*
 * On the runner's thread (cpu_node): the pairs on a team of consumers;
 * each producer binds itself to mem_node.
 */
static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *r, unsigned n)
{
	unsigned np = cell->threads > 2 ? cell->threads / 2 : 1, ok = 0;
	struct job *jobs = calloc(np, sizeof(*jobs));
	struct urow *rows = calloc(np, sizeof(*rows));
	int *ccpu = calloc(np, sizeof(int)), *pcpu = calloc(np, sizeof(int));
	struct pairs s = { .all_stop = 0 };
	struct uteam t;
	int e;

	(void)n;
	if (!jobs || !rows || !ccpu || !pcpu) {
		urow_fail(r, "out of memory");
		goto out;
	}
	if (pair_cpus(c, cell, np, ccpu, pcpu)) {
		urow_skip(r, "%u pairs: cpu_node %d or mem_node %d has fewer online CPUs",
			  np, cell->cpu_node, cell->mem_node);
		goto out;
	}
	for (ok = 0; ok < np; ok++) {
		rows[ok] = *r;
		hist_init(&rows[ok].hist);
		jobs[ok].s = &s;
		jobs[ok].alloc_cpu = pcpu[ok];
		if (umcell_init(&jobs[ok].m, c, cell, &rows[ok]))
			break;
	}
	if (ok < np) {
		urow_fail(r, "out of memory");
		goto out;
	}
	pthread_barrier_init(&s.go, NULL, np);
	e = uteam_start(&t, ccpu, np, pair_work, jobs);
	if (e) {
		urow_fail(r, "%u pinned consumers: %s", np, strerror(e));
	} else {
		uteam_round(&t, 0);
		uteam_end(&t);
		merge(jobs, rows, np, r);
	}
	pthread_barrier_destroy(&s.go);
out:
	for (unsigned i = 0; jobs && i < ok; i++)
		umcell_free(&jobs[i].m);
	free(jobs);
	free(rows);
	free(ccpu);
	free(pcpu);
}

static int plan_remote(const struct uctx *c, struct ucells *out)
{
	return umcell_plan(c, &uw_remote_free, 1, out);
}

const struct uworkload uw_remote_free = {
	.name = "remote_free",
	.description = "free on cpu_node of objects a thread on mem_node allocates at the same time",
	.tests = remote_tests,
	.plan = plan_remote,
	.measure = measure,
};
