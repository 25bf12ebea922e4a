// SPDX-License-Identifier: GPL-2.0
/*
 * Runs on several workers at once (struct kbench_worker): every bad
 * worker field gets its errno, and a gang's outputs add up: each worker's
 * samples in its slice, the run's totals the workers' sums, its zone
 * blocks and lock counts the workers' CPUs'. Structure and counters only:
 * under TCG the vCPUs take turns, so no timing is asserted.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "ktest.h"

#define GANG_MAX	8
#define GANG_ITERS	(NSAMPLES / GANG_MAX)
#define STORM		(-2)	/* expect_gang: consumers with producers (storm_of) */

static struct kbench_worker workers[GANG_MAX];

/* Up to @max online CPUs, each a worker allocating on @node (-1: its own). */
static unsigned int gang_of(int node, unsigned int max)
{
	unsigned int n = 0;

	memset(workers, 0, sizeof(workers));
	for (int cpu = 0; cpu < MAX_CPUS && n < max; cpu++) {
		if (!cpu_online_map[cpu])
			continue;
		workers[n].cpu = (__u32)cpu;
		workers[n].mem_node = (__u32)(node >= 0 ? node : node_of_cpu(cpu));
		if (!node_mem_map[workers[n].mem_node])
			continue;	/* a memoryless node's CPU allocates elsewhere */
		n++;
	}
	return n;
}

/*
 * Up to @max workers on the first CPU node's CPUs, each freeing what a
 * producer on a CPU of another node allocates from the workers' node:
 * the number of such pairs.
 */
static unsigned int storm_of(unsigned int max)
{
	int node = node_of_cpu(0), peers[GANG_MAX];
	unsigned int n = 0, np = 0;

	memset(workers, 0, sizeof(workers));
	for (int cpu = 0; cpu < MAX_CPUS && np < max; cpu++)
		if (cpu_online_map[cpu] && node_of_cpu(cpu) != node)
			peers[np++] = cpu;
	for (int cpu = 0; cpu < MAX_CPUS && n < np; cpu++) {
		if (!cpu_online_map[cpu] || node_of_cpu(cpu) != node)
			continue;
		workers[n].cpu = (__u32)cpu;
		workers[n].mem_node = (__u32)node;
		workers[n].peer_cpu = (__u32)peers[n];
		n++;
	}
	return n;
}

static struct kbench_run gang_run(const struct kbench_case_info *ci,
				  unsigned int n)
{
	struct kbench_run r = base_run(ci);

	r.cpu = 0;
	r.mem_node = 0;
	r.peer_cpu = 0;
	r.nworkers = n;
	r.workers_ptr = (uintptr_t)workers;
	r.iterations = GANG_ITERS;
	r.samples_len = NSAMPLES;
	return r;
}

void check_gang_errors(void)
{
	const struct kbench_case_info *ci = case_named("buddy_alloc");
	const struct kbench_case_info *peer = case_named("slab_remote_free");
	unsigned int n = gang_of(-1, 2);
	struct kbench_run r;

	if (!ci || n < 2) {
		skip("gang errors", "needs buddy_alloc and two CPUs with memory");
		return;
	}
	r = gang_run(ci, n);
	r.workers_ptr = 0;
	expect_err(r, EINVAL, "nworkers without workers_ptr");
	r = gang_run(ci, 0);
	r.workers_ptr = (uintptr_t)workers;
	expect_err(r, EINVAL, "workers_ptr without nworkers");
	r = gang_run(ci, n);
	r.cpu = workers[1].cpu ? workers[1].cpu : 1;
	expect_err(r, EINVAL, "nworkers with cpu set");
	r = gang_run(ci, n);
	r.mem_node = 1;
	expect_err(r, EINVAL, "nworkers with mem_node set");
	r = gang_run(ci, KBENCH_MAX_WORKERS + 1);
	expect_err(r, ERANGE, "nworkers MAX+1");
	r = gang_run(ci, n);
	r.samples_len = (__u64)n * r.iterations - 1;
	expect_err(r, EINVAL, "samples_len < nworkers x iterations");
	r = gang_run(ci, KBENCH_MAX_WORKERS);
	r.iterations = KBENCH_MAX_ITERATIONS / KBENCH_MAX_WORKERS + 1;
	r.samples_len = (__u64)KBENCH_MAX_WORKERS * r.iterations;
	expect_err(r, ERANGE, "nworkers x iterations above MAX_ITERATIONS");
	r = gang_run(ci, n);
	r.workers_ptr = 8;
	expect_err(r, EFAULT, "workers_ptr unmapped");
	r = gang_run(ci, n);
	workers[1].cpu = workers[0].cpu;
	expect_err(r, EINVAL, "two workers on one CPU");
	gang_of(-1, 2);
	workers[1].cpu = MAX_CPUS + 7;
	expect_err(r, ENXIO, "a worker's cpu not possible");
	gang_of(-1, 2);
	workers[1].mem_node = MAX_NODES + 1;
	expect_err(r, ENXIO, "a worker's mem_node not online");
	gang_of(-1, 2);
	workers[1].pad = 1;
	expect_err(r, EINVAL, "a worker's pad");
	gang_of(-1, 2);
	workers[0].reserved = 1;
	expect_err(r, EINVAL, "a worker's reserved");
	gang_of(-1, 2);
	workers[0].pad2 = 1;
	expect_err(r, EINVAL, "a worker's pad2");
	gang_of(-1, 2);
	workers[0].peer_cpu = workers[1].cpu;
	expect_err(r, EINVAL, "a worker's peer_cpu in a case without peers");
	gang_of(-1, 2);
	if (peer && storm_of(2) == 2) {
		r = gang_run(peer, 2);
		workers[1].peer_cpu = workers[0].peer_cpu;
		expect_err(r, EINVAL, "slab_remote_free: two workers with one producer CPU");
		storm_of(2);
		workers[1].peer_cpu = workers[0].cpu;
		expect_err(r, EINVAL, "slab_remote_free: a producer on another worker's CPU");
		storm_of(2);
		workers[0].peer_cpu = MAX_CPUS + 3;
		expect_err(r, ENXIO, "slab_remote_free: a producer CPU not possible");
		gang_of(-1, 2);
	}
	if (memoryless_node >= 0) {
		r = gang_run(ci, n);
		workers[1].mem_node = (__u32)memoryless_node;
		expect_err(r, ENODEV, "a worker's mem_node without memory");
		gang_of(-1, 2);
	}
}

/* A gang's outputs must add up; printed for the log. */
static void expect_gang(const struct kbench_case_info *ci, __u32 mode,
			unsigned int n, int node, const char *what)
{
	struct kbench_run r;
	unsigned int w, unwritten = 0, sum_samples = 0, sum_clean = 0;
	__u64 done = 0, blocks = 0, contended = 0, wait = 0;
	bool slices = true, locks = version.kernel_flags & KBENCH_KF_LOCK_COUNTS;
	char line[160] = "";
	int ret;

	if (node == STORM)
		n = storm_of(n);
	else
		gang_of(node, n);
	r = gang_run(ci, n);
	r.mode = mode;
	r.batch = 8;
	if (ci->param == KBENCH_PARAM_SIZE)
		r.size_bytes = 256;
	for (unsigned int i = 0; i < NSAMPLES; i++)
		samples[i].cycles = SENTINEL;
	ret = ioctl(fd, KBENCH_IOC_RUN, &r);
	if (ret) {
		result(false, "%s: run failed: %s", what, strerror(errno));
		return;
	}
	for (w = 0; w < n; w++) {
		const struct kbench_worker *k = &workers[w];

		done += k->done;
		sum_samples += k->samples_done;
		sum_clean += k->clean;
		blocks += k->zone_blocks;
		contended += k->lock_contended;
		wait += k->lock_wait_ns;
		/* its samples in its slice, the rest as validation cleared it */
		for (unsigned int i = 0; i < GANG_ITERS; i++) {
			const struct kbench_sample *s = &samples[w * GANG_ITERS + i];

			if (i < k->samples_done)
				unwritten += s->cycles == SENTINEL || !s->cycles;
			else
				slices &= !s->cycles && !s->flags;
		}
		slices &= k->samples_done >= 1 &&
			  k->clean + k->disturbed + k->failed_samples +
			  k->off_path == k->samples_done &&
			  k->done + k->failed == (__u64)k->samples_done * r.batch_used;
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			 "%s%u:%llu", w ? " " : "", k->cpu,
			 (unsigned long long)k->done);
	}
	result(slices && !unwritten && done == r.done &&
	       sum_samples == r.samples_done && sum_clean == r.clean &&
	       r.window_ns > 0 && !r.misplaced &&
	       (!(version.kernel_flags & KBENCH_KF_PATH_COUNTS) ||
		blocks == r.counters.buddy_allocs) &&
	       (locks ? contended == r.counters.lock_contended &&
			wait == r.counters.lock_wait_ns &&
			r.counters.lock_contended_zone <= r.counters.lock_contended :
			!r.counters.lock_contended && !r.counters.lock_wait_ns),
	       "%s: %u workers, ops per cpu %s, window %llu us, zone blocks %llu, "
	       "contended %llu (zone->lock %llu), wait %llu ns%s", what, n, line,
	       (unsigned long long)r.window_ns / 1000,
	       (unsigned long long)r.counters.buddy_allocs,
	       (unsigned long long)r.counters.lock_contended,
	       (unsigned long long)r.counters.lock_contended_zone,
	       (unsigned long long)r.counters.lock_wait_ns,
	       locks ? "" : " (no lock tracepoints)");
}

void check_gang_runs(void)
{
	const struct kbench_case_info *buddy = case_named("buddy_alloc");
	const struct kbench_case_info *kmalloc = case_named("kmalloc");
	const struct kbench_case_info *remote = case_named("slab_remote_free");
	unsigned int n = gang_of(-1, GANG_MAX);

	result(true, "lock contention tracepoints: %s",
	       version.kernel_flags & KBENCH_KF_LOCK_COUNTS ? "found" : "absent");
	if (!buddy || !kmalloc || n < 2) {
		skip("gang runs", "needs buddy_alloc, kmalloc and two CPUs with memory");
		return;
	}
	expect_gang(buddy, KBENCH_MODE_PAIR, 1, -1, "buddy_alloc pair, one worker");
	expect_gang(buddy, KBENCH_MODE_PAIR, n, -1, "buddy_alloc pair, every CPU local");
	expect_gang(buddy, KBENCH_MODE_PAIR, n, mem_node(), "buddy_alloc pair, every CPU on one node");
	expect_gang(kmalloc, KBENCH_MODE_PAIR, n, -1, "kmalloc 256 pair, every CPU local");
	expect_gang(buddy, KBENCH_MODE_BUDDY, n, -1, "buddy_alloc buddy (refills), every CPU");
	if (remote && storm_of(GANG_MAX) >= 2)
		expect_gang(remote, KBENCH_MODE_HOT, storm_of(GANG_MAX), STORM,
			    "slab_remote_free storm: consumers on node 0, producers on another node");
}
