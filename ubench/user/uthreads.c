// SPDX-License-Identifier: GPL-2.0
/* Threaded workloads' counts, arithmetic and teams: see uthreads.h. */
#include "uthreads.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utimer.h"

double uthreads_jain(const uint64_t *ops, unsigned n)
{
	double sum = 0, sumsq = 0;

	for (unsigned i = 0; i < n; i++) {
		sum += (double)ops[i];
		sumsq += (double)ops[i] * (double)ops[i];
	}
	return n && sumsq > 0 ? sum * sum / ((double)n * sumsq) : 0;
}

double uthreads_jain_f(const double *x, unsigned n)
{
	double sum = 0, sumsq = 0;

	for (unsigned i = 0; i < n; i++) {
		sum += x[i];
		sumsq += x[i] * x[i];
	}
	return n && sumsq > 0 ? sum * sum / ((double)n * sumsq) : 0;
}

double uthreads_ops_per_s(uint64_t ops, uint64_t window_ns)
{
	return window_ns ? (double)ops * 1e9 / (double)window_ns : 0;
}

uint64_t uthreads_window_ns(const uint64_t *start, const uint64_t *stop,
			    unsigned n)
{
	uint64_t first = UINT64_MAX, last = 0;

	for (unsigned i = 0; i < n; i++) {
		if (start[i] < first)
			first = start[i];
		if (stop[i] > last)
			last = stop[i];
	}
	return n && last > first ? last - first : 0;
}

unsigned uthreads_counts(const uint64_t *want, int nwant, int ncpus,
			 struct uthreads_count *out, unsigned max)
{
	unsigned k = 0;

	if (ncpus <= 0 && max) {
		out[0] = (struct uthreads_count){ .threads = 1 };
		snprintf(out[0].skip, sizeof(out[0].skip), "the node has no CPUs");
		return 1;
	}
	for (int i = 0; i < nwant && k < max; i++) {
		unsigned n = want[i] ? (unsigned)(want[i] > UINT32_MAX ? UINT32_MAX : want[i]) :
				       (unsigned)ncpus;
		unsigned j;

		for (j = 0; j < k && out[j].threads != n; j++)
			;
		if (j < k)
			continue;	/* "all" = a count already there, or a repeat */
		out[k] = (struct uthreads_count){ .threads = n };
		if (n > (unsigned)ncpus)
			snprintf(out[k].skip, sizeof(out[k].skip),
				 "%u threads: the node has %d online CPUs",
				 n, ncpus);
		k++;
	}
	return k;
}

int uthreads_cpus(const struct topology *topo, int node, unsigned n, int *cpus)
{
	int i = topology_index(topo, node);

	if (i < 0 || (unsigned)topo->nodes[i].ncpus < n)
		return -1;
	for (unsigned k = 0; k < n; k++)
		cpus[k] = topo->nodes[i].cpus[k];
	return 0;
}

/* A team thread's place. */
struct member {
	struct uteam *t;
	unsigned i;
};

static void *member_main(void *arg)
{
	struct member *m = arg;
	struct uteam *t = m->t;
	unsigned i = m->i;
	int g;

	while (!(g = atomic_load(&t->gate)))
		sched_yield();
	if (g < 0)
		return NULL;
	t->work(t, i, t->arg);		/* round 0: set-up */
	pthread_barrier_wait(&t->end);
	for (;;) {
		pthread_barrier_wait(&t->start);
		if (atomic_load(&t->quit))
			return NULL;
		t->work(t, i, t->arg);
		pthread_barrier_wait(&t->end);
	}
}

int uteam_start(struct uteam *t, const int *cpus, unsigned n, uteam_work work,
		void *arg)
{
	struct member *m;
	int e = 0;

	*t = (struct uteam){ .n = n, .work = work, .arg = arg };
	if (!n || n > UTEAM_MAX)
		return EINVAL;
	t->tids = calloc(n, sizeof(*t->tids));
	t->start_ns = calloc(n, sizeof(*t->start_ns));
	t->stop_ns = calloc(n, sizeof(*t->stop_ns));
	m = calloc(n, sizeof(*m));
	if (!t->tids || !t->start_ns || !t->stop_ns || !m) {
		e = ENOMEM;
		goto fail_alloc;
	}
	pthread_barrier_init(&t->start, NULL, n + 1);
	pthread_barrier_init(&t->end, NULL, n + 1);
	atomic_store(&t->gate, 0);
	for (; t->started < n && !e; t->started++) {
		m[t->started] = (struct member){ t, t->started };
		e = urun_spawn(cpus[t->started], member_main, &m[t->started],
			       &t->tids[t->started]);
		if (e)
			break;
	}
	atomic_store(&t->gate, e ? -1 : 1);
	if (e) {
		for (unsigned k = 0; k < t->started; k++)
			pthread_join(t->tids[k], NULL);
		pthread_barrier_destroy(&t->start);
		pthread_barrier_destroy(&t->end);
		goto fail_alloc;
	}
	pthread_barrier_wait(&t->end);	/* every set-up done */
	free(m);	/* members read it only before the set-up's end */
	return 0;
fail_alloc:
	free(m);
	free(t->tids);
	free(t->start_ns);
	free(t->stop_ns);
	t->tids = NULL;
	t->start_ns = t->stop_ns = NULL;
	t->started = 0;
	return e;
}

uint64_t uteam_round(struct uteam *t, uint64_t window_ns)
{
	t->round++;
	t->window_ns = window_ns;
	atomic_store(&t->deadline, 0);
	pthread_barrier_wait(&t->start);
	pthread_barrier_wait(&t->end);
	return uthreads_window_ns(t->start_ns, t->stop_ns, t->n);
}

void uteam_begin(struct uteam *t, unsigned i)
{
	uint64_t now = utimer_clock_ns(), none = 0;

	t->start_ns[i] = now;
	t->stop_ns[i] = now;
	if (t->window_ns)
		atomic_compare_exchange_strong(&t->deadline, &none,
					       now + t->window_ns);
}

void uteam_done(struct uteam *t, unsigned i)
{
	t->stop_ns[i] = utimer_clock_ns();
}

int uteam_stopping(struct uteam *t)
{
	return utimer_clock_ns() >= atomic_load_explicit(&t->deadline,
							 memory_order_relaxed);
}

void uteam_end(struct uteam *t)
{
	if (!t->tids)
		return;
	atomic_store(&t->quit, 1);
	pthread_barrier_wait(&t->start);
	for (unsigned k = 0; k < t->started; k++)
		pthread_join(t->tids[k], NULL);
	pthread_barrier_destroy(&t->start);
	pthread_barrier_destroy(&t->end);
	free(t->tids);
	free(t->start_ns);
	free(t->stop_ns);
	t->tids = NULL;
}
