// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_hotplug_test: a CPU goes offline while a run needs it, in the
 * guest (kbench loaded, root). Three runs, each long (a 20 s budget), and
 * one CPU X (the highest that can go offline, on a node other than CPU
 * 0's) taken offline a second into it:
 *   - buddy_alloc timed on X itself (the run's pinned kthread is moved);
 *   - slab_remote_free on CPU 0 with X as the producer's peer_cpu;
 *   - tlb_ipi_flush_node, mode busy, from CPU 0 to X's node (a spinner
 *     on X).
 * Each must end with ENXIO (uapi/kbench.h), not finish as if nothing
 * happened; X comes back online and the same case then runs cleanly.
 * The VM test checks the guest's dmesg for WARN, BUG, Oops and leaks.
 * TAP-style output; exit 1 when a check fails, 77 when the guest has no
 * CPU that can go offline on another node than CPU 0's.
 *   kbench_hotplug_test [--device PATH]
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kbench.h"

#define MAX_CPUS 256
#define MAX_NODES 64
#define LONG_ITERATIONS 1000000
#define BUDGET_MS 20000

static int fd = -1;
static unsigned int nfailed;

struct run_thread {
	struct kbench_run req;
	int ret, err;
	volatile bool finished;
};

static void result(bool ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	nfailed += !ok;
}

/* The node of @cpu from sysfs (its nodeN link), or -1. */
static int node_of(int cpu)
{
	char path[96];
	struct stat st;

	for (int n = 0; n < MAX_NODES; n++) {
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/node%d",
			 cpu, n);
		if (!stat(path, &st))
			return n;
	}
	return -1;
}

static bool set_online(int cpu, int on)
{
	char path[96];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	f = fopen(path, "w");
	if (!f)
		return false;
	ok = fprintf(f, "%d\n", on) > 0;
	return fclose(f) == 0 && ok;
}

static bool can_offline(int cpu)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	return access(path, W_OK) == 0;
}

static int case_id(const char *name)
{
	struct kbench_case_info ci;

	for (unsigned int id = 0;; id++) {
		memset(&ci, 0, sizeof(ci));
		ci.case_id = id;
		if (ioctl(fd, KBENCH_IOC_CASE_INFO, &ci))
			return -1;
		if (!strcmp(ci.name, name))
			return (int)id;
	}
}

static void request(struct kbench_run *r, int id, int cpu, int node,
		    unsigned int iterations, struct kbench_sample *samples)
{
	memset(r, 0, sizeof(*r));
	r->struct_size = sizeof(*r);
	r->api_version = KBENCH_API_VERSION;
	r->case_id = (unsigned int)id;
	r->cpu = (unsigned int)cpu;
	r->mem_node = (unsigned int)node;
	r->size_bytes = 256;
	r->iterations = iterations;
	r->batch = 1;
	r->budget_ms = BUDGET_MS;
	r->samples_ptr = (unsigned long)samples;
	r->samples_len = iterations;
}

static void *run_it(void *arg)
{
	struct run_thread *t = arg;

	t->ret = ioctl(fd, KBENCH_IOC_RUN, &t->req);
	t->err = errno;
	t->finished = true;
	return NULL;
}

/*
 * Run r (made long) in a thread, take @cpu offline a second into it: the
 * run must end with ENXIO; then @cpu back online and a short run of the
 * same request must work.
 */
static void offline_during(const char *what, struct kbench_run *r, int cpu)
{
	struct timespec second = { 1, 0 };
	struct run_thread t = { .req = *r };
	pthread_t th;
	char line[200];
	bool off;

	if (pthread_create(&th, NULL, run_it, &t)) {
		result(false, "pthread_create");
		return;
	}
	nanosleep(&second, NULL);
	snprintf(line, sizeof(line), "%s: still running a second in", what);
	result(!t.finished, line);
	off = set_online(cpu, 0);
	snprintf(line, sizeof(line), "%s: cpu %d taken offline", what, cpu);
	result(off, line);
	pthread_join(th, NULL);
	snprintf(line, sizeof(line), "%s: the run ends with ENXIO (got %s)",
		 what, t.ret ? strerror(t.err) : "success");
	result(t.ret == -1 && t.err == ENXIO, line);
	snprintf(line, sizeof(line), "%s: cpu %d back online", what, cpu);
	result(set_online(cpu, 1), line);

	r->iterations = 10;
	r->samples_len = 10;
	snprintf(line, sizeof(line), "%s: the next run works", what);
	result(ioctl(fd, KBENCH_IOC_RUN, r) == 0, line);
}

int main(int argc, char **argv)
{
	const char *device = KBENCH_DEVICE;
	struct kbench_sample *samples;
	struct kbench_run r;
	int x = -1, nx, id;

	if (argc == 3 && !strcmp(argv[1], "--device"))
		device = argv[2];
	fd = open(device, O_RDWR);
	if (fd < 0) {
		perror(device);
		return 1;
	}
	/* the highest CPU that can go offline, on another node than CPU 0 */
	for (int c = MAX_CPUS - 1; c > 0 && x < 0; c--)
		if (can_offline(c) && node_of(c) >= 0 &&
		    node_of(c) != node_of(0))
			x = c;
	if (x < 0) {
		printf("SKIP: no CPU that can go offline on another node than cpu 0's\n");
		return 77;
	}
	nx = node_of(x);
	printf("# cpu %d (node %d) goes offline during each run\n", x, nx);
	samples = calloc(LONG_ITERATIONS, sizeof(*samples));
	if (!samples)
		return 1;

	id = case_id("buddy_alloc");
	result(id >= 0, "buddy_alloc is a case");
	request(&r, id, x, nx, LONG_ITERATIONS, samples);
	r.size_bytes = 0;	/* by order: order 0 */
	offline_during("buddy_alloc timed on the cpu", &r, x);

	id = case_id("slab_remote_free");
	result(id >= 0, "slab_remote_free is a case");
	request(&r, id, 0, node_of(0), LONG_ITERATIONS, samples);
	r.peer_cpu = (unsigned int)x;
	offline_during("slab_remote_free, the producer's peer_cpu", &r, x);

	id = case_id("tlb_ipi_flush_node");
	result(id >= 0, "tlb_ipi_flush_node is a case");
	request(&r, id, 0, nx, LONG_ITERATIONS, samples);
	r.size_bytes = 0;
	r.mode = KBENCH_MODE_BUSY;
	offline_during("tlb_ipi_flush_node busy, a spinning target", &r, x);

	free(samples);
	close(fd);
	printf("%s: %u checks failed\n", nfailed ? "FAIL" : "PASS", nfailed);
	return nfailed ? 1 : 0;
}
