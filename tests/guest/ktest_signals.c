// SPDX-License-Identifier: GPL-2.0
/*
 * ktest: runs interrupted by signals, runs waiting for another one, the
 * tracepoint probes attached only around runs, the budget.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kbench.h"

#include "ktest.h"

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A long run interrupted by a signal (handler without SA_RESTART) returns
 * EINTR, and leaves no mess.
 */
void check_interrupt(const char *name)
{
	const struct kbench_case_info *ci = case_named(name);
	struct sigaction sa = { .sa_handler = on_alarm };
	timer_t timer;
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = SIGALRM,
	};
	struct itimerspec its = { .it_value = { .tv_nsec = 300000000 } };
	struct kbench_run r;
	void *buf;
	int ret;

	if (!ci) {
		result(false, "case %s exists", name);
		return;
	}
	buf = calloc(KBENCH_MAX_ITERATIONS, sizeof(struct kbench_sample));
	if (!buf || sigaction(SIGALRM, &sa, NULL) ||
	    timer_create(CLOCK_MONOTONIC, &sev, &timer)) {
		result(false, "interrupt %s: setup failed", name);
		free(buf);
		return;
	}
	r = base_run(ci);
	r.iterations = KBENCH_MAX_ITERATIONS;
	r.batch = 64;
	r.samples_ptr = (uintptr_t)buf;
	r.samples_len = KBENCH_MAX_ITERATIONS;
	timer_settime(timer, 0, &its, NULL);
	ret = ioctl(fd, KBENCH_IOC_RUN, &r);
	result(ret == -1 && errno == EINTR,
	       "%s: 1M x 64 ops interrupted by SIGALRM -> EINTR", name);
	timer_delete(timer);
	signal(SIGALRM, SIG_DFL);
	free(buf);
}

/*
 * The kmem tracepoint probes are attached by a run and detached a second
 * (KBENCH_PROBE_LINGER) after the last one, so that back-to-back requests
 * do not each pay the attach and detach:
 * /sys/module/kbench/parameters/probe_calls (every call on every CPU)
 * must not move while user space churns through the zone free lists
 * after that second, and must move during a BUDDY-mode run (which refills
 * a per-CPU list from the zone in every sample).
 */
#define PROBE_CALLS "/sys/module/kbench/parameters/probe_calls"

static long long probe_calls(void)
{
	FILE *f = fopen(PROBE_CALLS, "r");
	long long n = -1;

	if (f) {
		if (fscanf(f, "%lld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/* Allocate, touch and free 4 x 64 MiB of base pages: pcp refills, drains. */
static long churn_pages(void)
{
	size_t len = 64ul << 20;
	long pg = sysconf(_SC_PAGESIZE), pages = 0;
	int round;

	for (round = 0; round < 4; round++) {
		char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		size_t off;

		if (m == MAP_FAILED)
			return -1;
		madvise(m, len, MADV_NOHUGEPAGE);
		for (off = 0; off < len; off += pg)
			m[off] = 1;
		munmap(m, len);
		pages += len / pg;
	}
	return pages;
}

void check_probes_idle(const char *when)
{
	struct timespec linger = { 2, 0 };	/* the module's 1 s, and more */
	long long c0 = -1, c1 = -2;
	long pages = 0;

	/* the detach is a delayed work: on a loaded guest it may come late,
	 * so a few tries (never a pass without a churn that saw no call) */
	for (int attempt = 0; attempt < 5 && c1 != c0; attempt++) {
		nanosleep(&linger, NULL);
		c0 = probe_calls();
		pages = churn_pages();
		c1 = probe_calls();
	}
	result(c0 >= 0 && pages > 0 && c1 == c0,
	       "%s: 2 s on, no kmem probe call (%ld pages allocated and "
	       "freed, probe_calls %lld -> %lld)", when, pages, c0, c1);
}

void check_probes_armed(void)
{
	const struct kbench_case_info *ci = case_named("buddy_alloc");
	struct kbench_run r;
	long long c0, c1;
	int ret;

	if (!ci) {
		result(false, "case buddy_alloc exists");
		return;
	}
	r = base_run(ci);
	r.mode = KBENCH_MODE_BUDDY;
	c0 = probe_calls();
	ret = ioctl(fd, KBENCH_IOC_RUN, &r);
	c1 = probe_calls();
	result(ret == 0 && c0 >= 0 && c1 > c0 &&
	       r.counters.buddy_allocs_timed > 0,
	       "a buddy-mode run calls the probes (probe_calls %lld -> %lld, "
	       "buddy_allocs %llu, timed %llu)", c0, c1,
	       (unsigned long long)r.counters.buddy_allocs,
	       (unsigned long long)r.counters.buddy_allocs_timed);
	check_probes_idle("after a run");
}

static int sigalrm_count;

static void count_alarm(int sig)
{
	(void)sig;
	sigalrm_count++;
}

/* SIGALRM after @ms, to count_alarm, restarting syscalls if @restart. */
static bool alarm_in(timer_t *timer, int ms, bool restart)
{
	struct sigaction sa = { .sa_handler = count_alarm };
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = SIGALRM,
	};
	struct itimerspec its = {
		.it_value = { ms / 1000, (ms % 1000) * 1000000L },
	};

	sa.sa_flags = restart ? SA_RESTART : 0;
	sigalrm_count = 0;
	return !sigaction(SIGALRM, &sa, NULL) &&
	       !timer_create(CLOCK_MONOTONIC, &sev, timer) &&
	       !timer_settime(*timer, 0, &its, NULL);
}

/*
 * A run a signal interrupts is -ERESTARTSYS: under an SA_RESTART handler
 * the ioctl starts again (and here ends at its budget), without one it
 * fails with EINTR (check_interrupt).
 */
void check_restart_run(void)
{
	const struct kbench_case_info *ci = case_named("kmem_cache_alloc");
	struct kbench_run r;
	timer_t timer;
	void *buf = calloc(KBENCH_MAX_ITERATIONS, sizeof(struct kbench_sample));
	int ret;

	if (!ci || !buf || !alarm_in(&timer, 300, true)) {
		result(false, "restart: setup failed");
		free(buf);
		return;
	}
	r = base_run(ci);
	r.iterations = KBENCH_MAX_ITERATIONS;
	r.batch = 64;
	r.budget_ms = 1000;
	r.samples_ptr = (uintptr_t)buf;
	r.samples_len = KBENCH_MAX_ITERATIONS;
	ret = ioctl(fd, KBENCH_IOC_RUN, &r);
	result(ret == 0 && sigalrm_count == 1 &&
	       (r.out_flags & KBENCH_OF_BUDGET) && r.samples_done > 0,
	       "run interrupted under SA_RESTART -> restarted (ERESTARTSYS), "
	       "ends at its budget: ret %d (%s), %d signal, %u samples",
	       ret, ret ? strerror(errno) : "ok", sigalrm_count,
	       r.samples_done);
	timer_delete(timer);
	signal(SIGALRM, SIG_DFL);
	free(buf);
}

/*
 * Waiting for another process's run: a signal under SA_RESTART waits
 * again (the run happens after the other one), without it EINTR (while
 * the other one still runs: no run of ours started). Ordered by run_seq,
 * not timed: runs are serialised, the holder reports its run's number,
 * ours must come after it; an EINTR'd wait consumes none, so a probe run
 * after the holder's gets the very next number. The holder says through
 * a pipe that it enters its ioctl; an attempt where ours still ran first
 * (the holder was not yet holding the module) is inconclusive and retried.
 */
#define HOLDER_SAMPLES	200000

static int restart_wait_once(bool restart, const struct kbench_case_info *ci,
			     char *what, size_t len)
{
	struct kbench_run r;
	int ret, e, status, pfd[2], sfd[2];
	__u64 seq0, holder_seq = 0, probe_seq;
	timer_t timer;
	pid_t pid;
	char c;

	expect_run(base_run(ci), "a run before the holder's (its run_seq)");
	seq0 = last_seq;
	if (pipe(pfd))
		return -1;
	if (pipe(sfd)) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		/*
		 * The holder: a run of up to 1.5 s (its budget). Its buffer
		 * is touched first: validation clears it before the run
		 * takes the module, and faulting in megabytes under TCG
		 * would let ours overtake it.
		 */
		static struct kbench_sample big[HOLDER_SAMPLES];
		int f = open(device, O_RDWR);

		memset(big, 1, sizeof(big));
		r = base_run(ci);
		r.iterations = HOLDER_SAMPLES;
		r.batch = 64;
		r.budget_ms = 1500;
		r.samples_ptr = (uintptr_t)big;
		r.samples_len = HOLDER_SAMPLES;
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		if (f < 0 || ioctl(f, KBENCH_IOC_RUN, &r))
			_exit(1);
		_exit(write(sfd[1], &r.run_seq, sizeof(r.run_seq)) ==
		      sizeof(r.run_seq) ? 0 : 1);
	}
	close(pfd[1]);
	close(sfd[1]);
	if (pid < 0 || read(pfd[0], &c, 1) != 1) {
		close(pfd[0]);
		close(sfd[0]);
		if (pid > 0)
			waitpid(pid, &status, 0);
		return -1;
	}
	close(pfd[0]);
	usleep(100000);	/* the holder takes the module meanwhile (else: retry) */
	if (!alarm_in(&timer, 200, restart)) {
		close(sfd[0]);
		waitpid(pid, &status, 0);
		return -1;
	}
	r = base_run(ci);
	ret = ioctl(fd, KBENCH_IOC_RUN, &r);
	e = errno;
	timer_delete(timer);
	signal(SIGALRM, SIG_DFL);
	waitpid(pid, &status, 0);
	if (read(sfd[0], &holder_seq, sizeof(holder_seq)) !=
	    sizeof(holder_seq))
		holder_seq = 0;
	close(sfd[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !holder_seq)
		return -1;
	if (!ret)
		last_seq = r.run_seq;
	expect_run(base_run(ci), "a run after the holder's (its run_seq)");
	probe_seq = last_seq;
	snprintf(what, len, "ret %d (%s), %d signal, runs: before %llu, "
		 "holder %llu, ours %llu, after %llu", ret,
		 ret ? strerror(e) : "ok", sigalrm_count,
		 (unsigned long long)seq0, (unsigned long long)holder_seq,
		 ret ? 0ull : (unsigned long long)r.run_seq,
		 (unsigned long long)probe_seq);
	if (ret == 0 && (!sigalrm_count || r.run_seq < holder_seq))
		return 2;	/* ran before the holder: inconclusive */
	if (ret == -1 && holder_seq != seq0 + 1)
		return 2;	/* ours started (and was cut) before the holder */
	if (restart)
		return ret == 0 && sigalrm_count == 1 &&
		       r.run_seq > holder_seq;
	return ret == -1 && e == EINTR && sigalrm_count == 1 &&
	       holder_seq == seq0 + 1 && probe_seq == holder_seq + 1;
}

void check_restart_wait(bool restart)
{
	const struct kbench_case_info *ci = case_named("kmem_cache_alloc");
	char what[160] = "holder failed";
	int ok = 2;

	if (!ci) {
		result(false, "case kmem_cache_alloc exists");
		return;
	}
	for (int attempt = 0; attempt < 3 && ok == 2; attempt++)
		ok = restart_wait_once(restart, ci, what, sizeof(what));
	if (restart)
		result(ok == 1, "waiting for a running benchmark, signal under "
		       "SA_RESTART -> waits again, runs after it: %s", what);
	else
		result(ok == 1, "waiting for a running benchmark, signal -> EINTR "
		       "while it runs: %s", what);
}

/* A budget stops a long run early: success, fewer samples, OF_BUDGET. */
void check_budget(void)
{
	struct kbench_run r = base_run(case_named("vmalloc"));
	void *buf = calloc(KBENCH_MAX_ITERATIONS, sizeof(struct kbench_sample));
	int ret;

	r.size_bytes = 1 << 20;
	r.iterations = KBENCH_MAX_ITERATIONS;
	r.samples_ptr = (uintptr_t)buf;
	r.samples_len = KBENCH_MAX_ITERATIONS;
	r.budget_ms = 200;
	ret = buf ? ioctl(fd, KBENCH_IOC_RUN, &r) : -1;
	result(ret == 0 && (r.out_flags & KBENCH_OF_BUDGET) &&
	       r.samples_done > 0 && r.samples_done < r.iterations &&
	       r.elapsed_ns >= 200000000ull,
	       "vmalloc 1M samples, budget 200 ms -> %u samples, %llu ms, out_flags %#x",
	       r.samples_done, (unsigned long long)r.elapsed_ns / 1000000,
	       r.out_flags);
	free(buf);
}
