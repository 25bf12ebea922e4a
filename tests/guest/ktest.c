// SPDX-License-Identifier: GPL-2.0
/*
 * ktest: the kbench ioctl test's harness (ktest.h).
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

const char *device = KBENCH_DEVICE;
int memoryless_node = -1;
int fd = -1;
unsigned int nchecks, nfailed;

struct kbench_version version;
struct kbench_case_info cases[MAX_CASES];
unsigned int ncases;
struct kbench_sample samples[NSAMPLES];
__u64 last_seq;	/* run_seq of the last successful run */

/* Topology, from sysfs. */
bool cpu_online_map[MAX_CPUS];
bool node_online_map[MAX_NODES];
bool node_mem_map[MAX_NODES];
bool node_cpus[MAX_NODES][MAX_CPUS];

void result(bool ok, const char *fmt, ...)
{
	va_list ap;

	nchecks++;
	if (!ok)
		nfailed++;
	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void skip(const char *what, const char *why)
{
	nchecks++;
	printf("ok - %s # SKIP %s\n", what, why);
	fflush(stdout);
}

/* "0-3,5,7-8" -> map; returns false on a parse error or a missing file. */
static bool read_list(const char *path, bool *map, unsigned int max)
{
	char buf[4096], *p, *end;
	FILE *f = fopen(path, "r");
	size_t n;

	memset(map, 0, max * sizeof(*map));
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (p = buf; *p && *p != '\n';) {
		unsigned long a, b;

		errno = 0;
		a = strtoul(p, &end, 10);
		if (end == p || errno)
			return false;
		b = a;
		p = end;
		if (*p == '-') {
			b = strtoul(p + 1, &end, 10);
			if (end == p + 1 || errno)
				return false;
			p = end;
		}
		for (; a <= b && a < max; a++)
			map[a] = true;
		if (*p == ',')
			p++;
	}
	return true;
}

void read_topology(void)
{
	char path[128];
	int n;

	read_list("/sys/devices/system/cpu/online", cpu_online_map, MAX_CPUS);
	read_list("/sys/devices/system/node/online", node_online_map,
		  MAX_NODES);
	if (!read_list("/sys/devices/system/node/has_memory", node_mem_map,
		       MAX_NODES))
		memcpy(node_mem_map, node_online_map, sizeof(node_mem_map));
	for (n = 0; n < MAX_NODES; n++) {
		if (!node_online_map[n])
			continue;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/cpulist", n);
		read_list(path, node_cpus[n], MAX_CPUS);
	}
	/* A kernel without NUMA sysfs: one node with everything. */
	if (!node_online_map[0] && !read_list("/sys/devices/system/node/online",
					      node_online_map, MAX_NODES)) {
		node_online_map[0] = node_mem_map[0] = true;
		memcpy(node_cpus[0], cpu_online_map, sizeof(node_cpus[0]));
	}
}

int last_online_cpu(void)
{
	int c;

	for (c = MAX_CPUS - 1; c >= 0; c--)
		if (cpu_online_map[c])
			return c;
	return 0;
}

int node_of_cpu(int cpu)
{
	int n;

	for (n = 0; n < MAX_NODES; n++)
		if (node_online_map[n] && node_cpus[n][cpu])
			return n;
	return 0;
}

/* Online CPUs of @node other than @cpu. */
int node_targets(int node, int cpu)
{
	int c, k = 0;

	for (c = 0; c < MAX_CPUS; c++)
		if (c != cpu && node_cpus[node][c] && cpu_online_map[c])
			k++;
	return k;
}

/* A node with memory for allocating cases: node 0, else cpu 0's node. */
int mem_node(void)
{
	int n;

	if (node_mem_map[0])
		return 0;
	if (node_mem_map[node_of_cpu(0)])
		return node_of_cpu(0);
	for (n = 0; n < MAX_NODES; n++)
		if (node_mem_map[n])
			return n;
	return 0;
}

/* A node with target CPUs for cpu 0, preferably a remote one. */
int target_node(void)
{
	int n, local = node_of_cpu(0);

	for (n = 0; n < MAX_NODES; n++)
		if (n != local && node_online_map[n] && node_targets(n, 0))
			return n;
	return node_targets(local, 0) ? local : -1;
}

const struct kbench_case_info *case_named(const char *name)
{
	unsigned int i;

	for (i = 0; i < ncases; i++)
		if (!strcmp(cases[i].name, name))
			return &cases[i];
	return NULL;
}

/* A CPU on another node than cpu 0 (a remote-free producer), or -1. */
int other_node_cpu(void)
{
	int c;

	for (c = MAX_CPUS - 1; c > 0; c--)
		if (cpu_online_map[c] && node_of_cpu(c) != node_of_cpu(0))
			return c;
	return -1;
}

/* A valid request for @ci: cpu 0, small, batch 1. */
struct kbench_run base_run(const struct kbench_case_info *ci)
{
	struct kbench_run r;

	memset(&r, 0, sizeof(r));
	r.struct_size = sizeof(r);
	r.api_version = KBENCH_API_VERSION;
	r.case_id = ci->case_id;
	r.cpu = 0;
	r.mem_node = mem_node();
	if (ci->flags & KBENCH_CF_LOCAL_ONLY)
		r.mem_node = node_of_cpu(0);
	if (ci->flags & KBENCH_CF_TARGET_CPUS)
		r.mem_node = target_node() < 0 ? 0 : target_node();
	if (ci->flags & KBENCH_CF_PEER_CPU)
		r.peer_cpu = other_node_cpu() < 0 ? 0 : other_node_cpu();
	if (ci->param == KBENCH_PARAM_SIZE)
		r.size_bytes = ci->min_size;
	r.iterations = 16;
	r.warmup = 2;
	r.batch = 1;
	r.samples_ptr = (uintptr_t)samples;
	r.samples_len = NSAMPLES;
	return r;
}

/* Bytes of the case's largest op (0 for cases that allocate nothing). */
__u64 largest_op(const struct kbench_case_info *ci)
{
	if (ci->param == KBENCH_PARAM_ORDER)
		return (__u64)version.page_size << ci->max_order;
	if (ci->param == KBENCH_PARAM_SIZE)
		return ci->max_size;
	return 0;
}

/* The run must fail with @err. */
void expect_err(struct kbench_run r, int err, const char *what)
{
	int ret = ioctl(fd, KBENCH_IOC_RUN, &r);
	int e = errno;

	result(ret == -1 && e == err, "%s -> %s%s%s", what, strerrorname_np(err),
	       ret == -1 && e == err ? "" : ", got ",
	       ret == -1 && e == err ? "" :
	       (ret == 0 ? "success" : strerrorname_np(e)));
}

/*
 * The run must succeed with every op done or counted failed (failures
 * only for the GFP_NOWAIT cases, and then in failed samples), none
 * misplaced, every sample written and classified exactly once.
 */
void expect_run(struct kbench_run r, const char *what)
{
	expect_run_into(&r, what);
}

void expect_run_into(struct kbench_run *rp, const char *what)
{
	struct kbench_run r = *rp;
	unsigned int i, unwritten = 0, nonzero = 0, flagged = 0;
	bool may_fail = strstr(what, "_nowait") || strstr(what, "_gfp_atomic");
	/* LOW: at the watermark THISNODE may fail, the fallback moves off */
	bool low = rp->mode == KBENCH_MODE_LOW;
	unsigned int zone_clean = 0;
	__u64 ops;
	int ret;

	for (i = 0; i < NSAMPLES; i++)
		samples[i].cycles = SENTINEL;
	ret = ioctl(fd, KBENCH_IOC_RUN, &r);
	if (ret) {
		result(false, "%s: run failed: %s", what, strerror(errno));
		return;
	}
	ops = (__u64)r.iterations * r.batch_used;
	for (i = 0; i < r.iterations && i < NSAMPLES; i++) {
		unwritten += samples[i].cycles == SENTINEL;
		nonzero += samples[i].cycles != 0;
		flagged += samples[i].flags != 0;
		/* BUDDY: a sample on its path took a zone block */
		zone_clean += !samples[i].flags && samples[i].zone_blocks &&
			      samples[i].zone_pages >= samples[i].zone_blocks;
	}
	result(r.done + r.failed == ops && (may_fail || low || !r.failed) &&
	       !r.failed == !r.failed_samples && (low || r.misplaced == 0) &&
	       r.samples_done == r.iterations && r.batch_used >= r.batch &&
	       r.clean + r.disturbed + r.failed_samples + r.off_path ==
	       r.samples_done &&
	       flagged == r.disturbed + r.failed_samples + r.off_path &&
	       (r.mode == KBENCH_MODE_BUDDY ? zone_clean == r.clean :
					      !r.off_path) &&
	       r.run_seq > last_seq &&
	       !unwritten && nonzero && r.tsc_khz == version.tsc_khz &&
	       samples[r.iterations].cycles == SENTINEL,
	       "%s: done %llu/%llu failed %llu misplaced %llu, samples %u "
	       "clean %u disturbed %u failed %u off-path %u, sample[n/2] "
	       "%llu cycles, overhead %llu, run %llu", what,
	       (unsigned long long)r.done,
	       (unsigned long long)ops, (unsigned long long)r.failed,
	       (unsigned long long)r.misplaced, r.samples_done, r.clean,
	       r.disturbed, r.failed_samples, r.off_path,
	       (unsigned long long)samples[r.iterations / 2].cycles,
	       (unsigned long long)r.overhead_cycles,
	       (unsigned long long)r.run_seq);
	last_seq = r.run_seq;
	*rp = r;
}

/* The running kernel's version as major * 100 + minor (6.12 -> 612). */
int kernel_version(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major * 100 + minor;
}

bool write_file(const char *path, const char *s)
{
	int f = open(path, O_WRONLY);
	bool ok;

	if (f < 0)
		return false;
	ok = write(f, s, strlen(s)) == (ssize_t)strlen(s);
	close(f);
	return ok;
}
