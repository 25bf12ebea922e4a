// SPDX-License-Identifier: GPL-2.0
/*
 * remote_free: for each allocator, (cpu_node, mem_node) under MPOL_BIND to
 * mem_node and size (umcell.h), a producer thread on a CPU of mem_node
 * (another than the consumer's when the node has one) allocates objects,
 * writes their first byte and hands them over a ring of at least 2K to the
 * cell's thread on cpu_node, which frees them in timed batches while the
 * producer goes on allocating (threads = 2; prototype-kernel's
 * page_bench05_cross_cpu). Waits for the ring are outside the regions.
 * The producer checks every object's page (misplaced: not on mem_node).
 */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ubatch.h"
#include "umcell.h"
#include "utimer.h"
#include "workloads.h"

static const char *const remote_tests[] = { "remote_free", NULL };

struct job {
	struct umcell m;	/* first: the warm-up's callback gets it */
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

	if (umcell_warm_up(&j->m, warm_round, 1))
		goto out;
	urounds_start(&l, j->m.c, &j->m.r->hist, umcell_rounds(&j->m, j->m.ops[0]));
	while (urounds_more(&l) && !remote_round(j, j->m.ops[0], &j->m.r->hist, &t))
		;
	urounds_end(&l, j->m.r);
out:
	atomic_store(&j->stop, 1);
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

/*
 * Both threads at once: the producer started here, the consumer is the
 * calling thread (the runner's, on cpu_node); afterwards the ring's
 * leftovers are freed here.
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
		goto out;
	}
	e = urun_spawn(alloc_cpu, producer, j, &tid);
	if (e) {
		urow_fail(j->m.r, "pinned thread: %s", strerror(e));
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

/* On the consumer's CPU; the producer binds itself to mem_node. */
static void measure(struct uctx *c, const struct ucell *cell,
		    struct urow *r, unsigned n)
{
	struct job j = { .ring = NULL };
	int alloc_cpu = alloc_cpu_of(c, cell);

	(void)n;
	if (umcell_init(&j.m, c, cell, r)) {
		urow_fail(r, "out of memory");
	} else {
		measure_remote(&j, alloc_cpu);
		umcell_metrics(&j.m, r, j.m.ops[0]);
		urow_metric(r, "alloc_cpu", alloc_cpu);
	}
	umcell_free(&j.m);
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
