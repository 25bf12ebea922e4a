/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the threaded workloads share (w_malloc_threads.c, w_page_fault.c,
 * w_remote_free.c's pairs): the thread counts of [scaling] threads
 * resolved against a node's online CPUs, the arithmetic of a row measured
 * on several threads at once (results.csv schema 9: ops_per_s over the
 * common window, Jain's fairness over the threads' op counts), and a team
 * of pinned threads that run rounds together: every round starts at one
 * barrier and ends at another, so the window of a round is from its start
 * barrier until the last thread stopped.
 */
#ifndef UBENCH_UTHREADS_H
#define UBENCH_UTHREADS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "urun.h"

/*
 * Jain's index over n op counts: (sum x)^2 / (n * sum x^2), in [1/n, 1]
 * (1: all equal; 1/n: one thread did every op). 0 when n is 0 or every
 * count is 0 (nothing to judge: the CSV column stays empty).
 */
double uthreads_jain(const uint64_t *ops, unsigned n);

/* The same over n rates (or any non-negative amounts). */
double uthreads_jain_f(const double *x, unsigned n);

/* ops over a window of window_ns, per second; 0 for an empty window. */
double uthreads_ops_per_s(uint64_t ops, uint64_t window_ns);

/*
 * The common window of n threads: from the earliest start to the latest
 * stop (ns of one clock); 0 when n is 0 or no stop is after the start.
 */
uint64_t uthreads_window_ns(const uint64_t *start, const uint64_t *stop,
			    unsigned n);

/* One thread count of a node's sweep: threads, or skipped with why. */
struct uthreads_count {
	unsigned threads;	/* resolved (0 "all": ncpus); the asked N when skipped */
	char skip[96];		/* non-empty: why this count cannot run */
};

/*
 * The counts of [scaling] threads (want[0..nwant), 0 = every CPU) for a
 * node with ncpus online CPUs (at most need CPUs per thread: 1, or 2 for
 * producer/consumer pairs on one node is the caller's business), into
 * out[0..max): each distinct count once, in the profile's order ("all"
 * that resolves to a count already there adds nothing); a count above
 * ncpus is a skipped entry that says so, a node without CPUs one skipped
 * entry. The number of entries.
 */
unsigned uthreads_counts(const uint64_t *want, int nwant, int ncpus,
			 struct uthreads_count *out, unsigned max);

/*
 * A team: n threads pinned to cpus[0..n), each calling
 * work(team, i, arg) once per round between the start barrier and the
 * end barrier, while the caller (the coordinator) decides the rounds:
 *
 *	uteam_start(&t, cpus, n, work, arg);	(threads waiting at start)
 *	while (more) {
 *		uteam_round(&t, window_ns);	(a window of window_ns;
 *						 0: until every work returned)
 *		read what the round did (the threads wait at the next start)
 *	}
 *	uteam_end(&t);				(joined)
 *
 * work calls uteam_begin(t, i) when it starts its ops (its start time;
 * the first thread to begin sets the round's deadline, its start plus
 * the window, so all stop at one time whoever is late to wake) and, in a
 * windowed round, ends when uteam_stopping(t) says so (between ops,
 * outside the timed regions); then uteam_done(t, i) (its stop time).
 * A first call with round 0 is the set-up (bind, warm up) before any
 * timed round: uteam_start returns after it.
 */
#define UTEAM_MAX	PROFILE_MAX_THREADS

struct uteam;
typedef void (*uteam_work)(struct uteam *t, unsigned i, void *arg);

struct uteam {
	unsigned n, round;	/* threads; the round being run (0: set-up) */
	pthread_barrier_t start, end;
	atomic_int quit;
	uint64_t window_ns;	/* of the round being run; 0: none */
	_Atomic uint64_t deadline;	/* clock ns the round ends at; 0: not set */
	atomic_int gate;	/* 1: every thread created; -1: not, return */
	uteam_work work;
	void *arg;
	pthread_t *tids;
	unsigned started;	/* threads created */
	uint64_t *start_ns, *stop_ns;	/* per thread, of the last round */
};

/* Start the team and run its set-up round: 0, or an errno (none started). */
int uteam_start(struct uteam *t, const int *cpus, unsigned n, uteam_work work,
		void *arg);

/* One round: the window of it in ns (uthreads_window_ns of the threads). */
uint64_t uteam_round(struct uteam *t, uint64_t window_ns);

/* End the team: the threads return and are joined. */
void uteam_end(struct uteam *t);

void uteam_begin(struct uteam *t, unsigned i);
void uteam_done(struct uteam *t, unsigned i);

/* 1 when a windowed round's deadline has passed (a clock read). */
int uteam_stopping(struct uteam *t);

/*
 * The CPUs of node (topology id) for n threads, from its first CPU on:
 * cpus[0..n); -1 when the node has fewer than n CPUs.
 */
int uthreads_cpus(const struct topology *topo, int node, unsigned n, int *cpus);

#endif
