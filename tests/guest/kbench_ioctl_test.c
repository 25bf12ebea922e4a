// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_ioctl_test: checks every documented errno of the kbench uapi and
 * one valid run of every case. Runs inside a guest, as root, with kbench.ko
 * loaded:
 *
 *   kbench_ioctl_test [--memoryless-node N] [--device PATH]
 *
 * Build on the host:
 *   gcc -std=c11 -Wall -Wextra -Werror -I kbench/uapi \
 *       -o kbench_ioctl_test tests/guest/kbench_ioctl_test.c
 *
 * Prints one TAP-like line per check ("ok - ..." / "not ok - ...", skips as
 * "ok - ... # SKIP reason"), exits 0 when all pass, 1 otherwise, 2 on a
 * usage error.
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

#define MAX_CPUS	1024
#define MAX_NODES	64
#define MAX_CASES	64
#define NSAMPLES	64
#define SENTINEL	0x5a5a5a5a5a5a5a5aull

static const char *device = KBENCH_DEVICE;
static int memoryless_node = -1;
static int fd = -1;
static unsigned int nchecks, nfailed;

static struct kbench_version version;
static struct kbench_case_info cases[MAX_CASES];
static unsigned int ncases;
static struct kbench_sample samples[NSAMPLES];
static __u64 last_seq;	/* run_seq of the last successful run */

/* Topology, from sysfs. */
static bool cpu_online_map[MAX_CPUS];
static bool node_online_map[MAX_NODES];
static bool node_mem_map[MAX_NODES];
static bool node_cpus[MAX_NODES][MAX_CPUS];

static void result(bool ok, const char *fmt, ...)
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

static void skip(const char *what, const char *why)
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

static void read_topology(void)
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

static int last_online_cpu(void)
{
	int c;

	for (c = MAX_CPUS - 1; c >= 0; c--)
		if (cpu_online_map[c])
			return c;
	return 0;
}

static int node_of_cpu(int cpu)
{
	int n;

	for (n = 0; n < MAX_NODES; n++)
		if (node_online_map[n] && node_cpus[n][cpu])
			return n;
	return 0;
}

/* Online CPUs of @node other than @cpu. */
static int node_targets(int node, int cpu)
{
	int c, k = 0;

	for (c = 0; c < MAX_CPUS; c++)
		if (c != cpu && node_cpus[node][c] && cpu_online_map[c])
			k++;
	return k;
}

/* A node with memory for allocating cases: node 0, else cpu 0's node. */
static int mem_node(void)
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
static int target_node(void)
{
	int n, local = node_of_cpu(0);

	for (n = 0; n < MAX_NODES; n++)
		if (n != local && node_online_map[n] && node_targets(n, 0))
			return n;
	return node_targets(local, 0) ? local : -1;
}

static const struct kbench_case_info *case_named(const char *name)
{
	unsigned int i;

	for (i = 0; i < ncases; i++)
		if (!strcmp(cases[i].name, name))
			return &cases[i];
	return NULL;
}

/* A CPU on another node than cpu 0 (a remote-free producer), or -1. */
static int other_node_cpu(void)
{
	int c;

	for (c = MAX_CPUS - 1; c > 0; c--)
		if (cpu_online_map[c] && node_of_cpu(c) != node_of_cpu(0))
			return c;
	return -1;
}

/* A valid request for @ci: cpu 0, small, batch 1. */
static struct kbench_run base_run(const struct kbench_case_info *ci)
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
static __u64 largest_op(const struct kbench_case_info *ci)
{
	if (ci->param == KBENCH_PARAM_ORDER)
		return (__u64)version.page_size << ci->max_order;
	if (ci->param == KBENCH_PARAM_SIZE)
		return ci->max_size;
	return 0;
}

/* The run must fail with @err. */
static void expect_err(struct kbench_run r, int err, const char *what)
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
static void expect_run(struct kbench_run r, const char *what)
{
	unsigned int i, unwritten = 0, nonzero = 0, flagged = 0;
	bool may_fail = strstr(what, "_nowait") || strstr(what, "_gfp_atomic");
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
	result(r.done + r.failed == ops && (may_fail || !r.failed) &&
	       !r.failed == !r.failed_samples && r.misplaced == 0 &&
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
}

static void check_version_and_cases(void)
{
	struct kbench_case_info ci;
	unsigned int i;
	int ret;

	memset(&version, 0, sizeof(version));
	ret = ioctl(fd, KBENCH_IOC_VERSION, &version);
	result(ret == 0 && version.api_version == KBENCH_API_VERSION &&
	       version.ncases > 0 && version.ncases <= MAX_CASES &&
	       version.page_size == (unsigned int)sysconf(_SC_PAGESIZE) &&
	       !version.reserved[0] && !version.reserved[2] &&
	       (version.kernel_flags & KBENCH_KF_PATH_COUNTS),
	       "VERSION: api %u, %u cases, max_order %u, tsc %llu kHz, "
	       "kernel_flags %#llx", version.api_version, version.ncases,
	       version.max_order, (unsigned long long)version.tsc_khz,
	       (unsigned long long)version.kernel_flags);
	ncases = version.ncases <= MAX_CASES ? version.ncases : 0;

	for (i = 0; i < ncases; i++) {
		memset(&cases[i], 0, sizeof(cases[i]));
		cases[i].case_id = i;
		ret = ioctl(fd, KBENCH_IOC_CASE_INFO, &cases[i]);
		result(ret == 0 && cases[i].case_id == i && cases[i].name[0] &&
		       memchr(cases[i].name, 0, KBENCH_NAME_LEN) &&
		       memchr(cases[i].desc, 0, KBENCH_DESC_LEN) &&
		       (cases[i].modes & (1u << KBENCH_MODE_HOT)) &&
		       !(cases[i].modes >> KBENCH_NR_MODES) &&
		       cases[i].max_batch >= 1 &&
		       cases[i].max_batch <= KBENCH_MAX_BATCH &&
		       cases[i].max_region_bytes <= KBENCH_MAX_RUN_BYTES &&
		       cases[i].max_region_bytes >= largest_op(&cases[i]),
		       "CASE_INFO %u: %s param %u flags %#x modes %#x "
		       "max_batch %u max_region %llu KiB", i, cases[i].name,
		       cases[i].param, cases[i].flags, cases[i].modes,
		       cases[i].max_batch,
		       (unsigned long long)cases[i].max_region_bytes >> 10);
	}

	memset(&ci, 0, sizeof(ci));
	ci.case_id = version.ncases;
	result(ioctl(fd, KBENCH_IOC_CASE_INFO, &ci) == -1 && errno == ENOENT,
	       "CASE_INFO case_id = ncases -> ENOENT");
	memset(&ci, 0, sizeof(ci));
	ci.reserved[2] = 1;
	result(ioctl(fd, KBENCH_IOC_CASE_INFO, &ci) == -1 && errno == EINVAL,
	       "CASE_INFO nonzero reserved -> EINVAL");
	result(ioctl(fd, KBENCH_IOC_CASE_INFO, NULL) == -1 && errno == EFAULT,
	       "CASE_INFO NULL -> EFAULT");
	result(ioctl(fd, KBENCH_IOC_VERSION, NULL) == -1 && errno == EFAULT,
	       "VERSION NULL -> EFAULT");
}

static void check_header_errors(const struct kbench_case_info *ci)
{
	struct kbench_run r = base_run(ci);
	unsigned int i;
	char what[64];

	r.struct_size = sizeof(r) - 8;
	expect_err(r, EINVAL, "struct_size - 8");
	r = base_run(ci);
	r.struct_size = 0;
	expect_err(r, EINVAL, "struct_size 0");
	r = base_run(ci);
	r.api_version = KBENCH_API_VERSION + 1;
	expect_err(r, EPROTO, "api_version + 1");
	r = base_run(ci);
	r.api_version = 1;
	expect_err(r, EPROTO, "api_version 1 (a v1 client)");
	r.api_version = 2;
	expect_err(r, EPROTO, "api_version 2 (a v2 client)");
	r = base_run(ci);
	r.api_version = 0;
	expect_err(r, EPROTO, "api_version 0");
	r = base_run(ci);
	r.mode = KBENCH_NR_MODES;
	expect_err(r, EINVAL, "mode NR_MODES");
	r.mode = UINT32_MAX;
	expect_err(r, EINVAL, "mode UINT32_MAX");
	r = base_run(ci);
	r.budget_ms = KBENCH_MAX_BUDGET_MS + 1;
	expect_err(r, ERANGE, "budget_ms MAX+1");
	r = base_run(ci);
	r.flags = 1u << 31;
	expect_err(r, EINVAL, "unknown flag 1<<31");
	r = base_run(ci);
	r.flags = KBENCH_RF_ALL << 1;
	expect_err(r, EINVAL, "unknown flag RF_ALL<<1");
	r = base_run(ci);
	r.pad = 1;
	expect_err(r, EINVAL, "nonzero pad");
	r = base_run(ci);
	r.pad2 = 1;
	expect_err(r, EINVAL, "nonzero pad2");
	for (i = 0; i < 4; i++) {
		r = base_run(ci);
		r.reserved[i] = 1ull << 63;
		snprintf(what, sizeof(what), "nonzero reserved[%u]", i);
		expect_err(r, EINVAL, what);
	}
	r = base_run(ci);
	r.case_id = version.ncases;
	expect_err(r, ENOENT, "case_id = ncases");
	r = base_run(ci);
	r.case_id = UINT32_MAX;
	expect_err(r, ENOENT, "case_id = UINT32_MAX");
}

static void check_count_errors(const struct kbench_case_info *ci)
{
	struct kbench_run r = base_run(ci);

	r.iterations = 0;
	expect_err(r, ERANGE, "iterations 0");
	r = base_run(ci);
	r.iterations = KBENCH_MAX_ITERATIONS + 1;
	r.samples_len = UINT64_MAX;
	expect_err(r, ERANGE, "iterations MAX+1");
	r = base_run(ci);
	r.warmup = KBENCH_MAX_WARMUP + 1;
	expect_err(r, ERANGE, "warmup MAX+1");
	r = base_run(ci);
	r.batch = 0;
	expect_err(r, ERANGE, "batch 0");
	r = base_run(ci);
	r.batch = KBENCH_MAX_BATCH + 1;
	expect_err(r, ERANGE, "batch MAX+1");
	r = base_run(ci);
	r.samples_len = r.iterations - 1;
	expect_err(r, EINVAL, "samples_len < iterations");
}

static void check_param_errors(void)
{
	const struct kbench_case_info *sz = case_named("kmalloc");
	const struct kbench_case_info *ord = case_named("buddy_alloc");
	const struct kbench_case_info *none = case_named("tlb_flush_local");
	const struct kbench_case_info *vm = case_named("vmalloc");
	struct kbench_run r;

	if (!sz || !ord || !none || !vm) {
		result(false, "cases kmalloc, buddy_alloc, tlb_flush_local, "
		       "vmalloc exist");
		return;
	}
	r = base_run(sz);
	r.size_bytes = 0;
	expect_err(r, ERANGE, "kmalloc size 0");
	r.size_bytes = sz->min_size - 1;
	expect_err(r, ERANGE, "kmalloc size min-1");
	r.size_bytes = sz->max_size + 1;
	expect_err(r, ERANGE, "kmalloc size max+1");
	r.size_bytes = 1ull << 62;
	expect_err(r, ERANGE, "kmalloc size 2^62");
	r = base_run(sz);
	r.order = 1;
	expect_err(r, ERANGE, "kmalloc (PARAM_SIZE) order 1");

	r = base_run(ord);
	r.order = ord->max_order + 1;
	expect_err(r, ERANGE, "buddy_alloc order max+1");
	r.order = UINT32_MAX;
	expect_err(r, ERANGE, "buddy_alloc order UINT32_MAX");
	r = base_run(ord);
	r.size_bytes = 4096;
	expect_err(r, ERANGE, "buddy_alloc (PARAM_ORDER) size 4096");
	r = base_run(ord);
	r.order = ord->max_order;
	r.batch = KBENCH_MAX_BATCH;
	expect_err(r, ERANGE, "buddy_alloc max order x MAX_BATCH > run cap");

	r = base_run(none);
	r.size_bytes = 8;
	expect_err(r, ERANGE, "tlb_flush_local (PARAM_NONE) size 8");
	r = base_run(none);
	r.order = 1;
	expect_err(r, ERANGE, "tlb_flush_local (PARAM_NONE) order 1");

	r = base_run(vm);
	r.size_bytes = vm->max_size;
	r.batch = KBENCH_MAX_RUN_BYTES / vm->max_size + 1;
	expect_err(r, ERANGE, "vmalloc max size x batch > run cap");

	r = base_run(none);
	r.batch = none->max_batch + 1;
	expect_err(r, ERANGE, "tlb_flush_local batch max_batch+1 (preemption off)");
	r = base_run(none);
	r.mode = KBENCH_MODE_PAIR;
	expect_err(r, EINVAL, "tlb_flush_local mode pair (unsupported)");
	r = base_run(ord);
	r.mode = KBENCH_MODE_BUDDY;
	r.order = 4;
	expect_err(r, EINVAL, "buddy_alloc mode buddy at order 4 (no pcp)");
	r = base_run(sz);
	r.mode = KBENCH_MODE_BUSY;
	expect_err(r, EINVAL, "kmalloc mode busy (not an IPI case)");
}

static void check_placement_errors(void)
{
	const struct kbench_case_info *sz = case_named("kmalloc");
	const struct kbench_case_info *bulk = case_named("kmem_cache_alloc_bulk");
	const struct kbench_case_info *sd = case_named("tlb_ipi_flush_node");
	const struct kbench_case_info *loc = case_named("tlb_flush_local");
	const struct kbench_case_info *rf = case_named("slab_remote_free");
	struct kbench_run r;
	char what[80];
	int n, c;

	if (!sz || !bulk || !sd || !loc || !rf) {
		result(false, "cases for placement checks exist");
		return;
	}
	r = base_run(sz);
	r.cpu = 100000;
	expect_err(r, ENXIO, "cpu 100000");
	r.cpu = UINT32_MAX;
	expect_err(r, ENXIO, "cpu UINT32_MAX");
	r = base_run(sz);
	r.mem_node = 1000;
	expect_err(r, ENXIO, "mem_node 1000 (not online)");
	r.mem_node = UINT32_MAX;
	expect_err(r, ENXIO, "mem_node UINT32_MAX");
	r = base_run(sz);
	r.peer_cpu = 1;
	expect_err(r, EINVAL, "peer_cpu != 0 without CF_PEER_CPU");
	r = base_run(rf);
	r.peer_cpu = 100000;
	expect_err(r, ENXIO, "slab_remote_free peer_cpu 100000");
	for (c = 0; c < MAX_CPUS; c++)
		if (cpu_online_map[c] && node_of_cpu(c) == node_of_cpu(0))
			break;
	r = base_run(rf);
	r.peer_cpu = c;
	expect_err(r, EINVAL, "slab_remote_free peer on the timed CPU's node");

	r = base_run(loc);
	r.mem_node = 5000;
	result(ioctl(fd, KBENCH_IOC_RUN, &r) == 0,
	       "tlb_flush_local (NO_MEM_NODE) ignores mem_node 5000");

	if (memoryless_node < 0) {
		skip("memoryless node -> ENODEV", "no --memoryless-node");
	} else {
		r = base_run(sz);
		r.mem_node = memoryless_node;
		expect_err(r, ENODEV, "kmalloc on memoryless node");
		r = base_run(sd);
		r.mem_node = memoryless_node;
		if (node_targets(memoryless_node, 0))
			result(ioctl(fd, KBENCH_IOC_RUN, &r) == 0,
			       "tlb_shootdown_node to memoryless node %d",
			       memoryless_node);
	}

	/* LOCAL_ONLY: a node other than cpu 0's. */
	for (n = 0; n < MAX_NODES; n++)
		if (node_mem_map[n] && n != node_of_cpu(0))
			break;
	if (n == MAX_NODES) {
		skip("LOCAL_ONLY remote node -> EINVAL", "one memory node");
	} else {
		r = base_run(bulk);
		r.mem_node = n;
		expect_err(r, EINVAL, "kmem_cache_alloc_bulk on a remote node");
	}

	/* TARGET_CPUS: a node whose online CPUs are at most one, @cpu. */
	for (n = 0; n < MAX_NODES; n++) {
		if (!node_online_map[n])
			continue;
		for (c = 0; c < MAX_CPUS; c++)
			if (cpu_online_map[c] && !node_targets(n, c))
				break;
		if (c < MAX_CPUS)
			break;
	}
	if (n == MAX_NODES) {
		skip("TARGET_CPUS without targets -> ENODEV",
		     "every node has 2+ online CPUs");
	} else {
		r = base_run(sd);
		r.cpu = c;
		r.mem_node = n;
		snprintf(what, sizeof(what),
			 "tlb_shootdown_node cpu %d node %d (no target)", c, n);
		expect_err(r, ENODEV, what);
	}
}

static void check_fault_errors(const struct kbench_case_info *ci)
{
	struct kbench_run r = base_run(ci);
	long pg = sysconf(_SC_PAGESIZE);
	void *m;

	r.samples_ptr = 0;
	expect_err(r, EFAULT, "samples_ptr NULL");
	r.samples_ptr = 0xffff888000000000ull;
	expect_err(r, EFAULT, "samples_ptr kernel address");
	r.samples_ptr = UINT64_MAX - 8;
	expect_err(r, EFAULT, "samples_ptr UINT64_MAX - 8");

	m = mmap(NULL, 4 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		result(false, "mmap: %s", strerror(errno));
		return;
	}
	r.samples_ptr = (uintptr_t)m;
	expect_err(r, EFAULT, "samples_ptr read-only mapping");
	munmap(m, 4 * pg);
	r.samples_ptr = (uintptr_t)m;
	expect_err(r, EFAULT, "samples_ptr unmapped");

	result(ioctl(fd, KBENCH_IOC_RUN, NULL) == -1 && errno == EFAULT,
	       "RUN request NULL -> EFAULT");
	result(ioctl(fd, KBENCH_IOC_RUN, (void *)0xffff888000000000ull) == -1 &&
	       errno == EFAULT, "RUN request kernel address -> EFAULT");
}

static void check_bad_cmds(void)
{
	struct kbench_run r;
	const unsigned int nr = _IOC_NR(KBENCH_IOC_RUN);
	char big[sizeof(r) + 8];

	memset(big, 0, sizeof(big));
	result(ioctl(fd, _IOWR(KBENCH_IOC_MAGIC, nr, char[sizeof(r) - 8]),
		     big) == -1 && errno == ENOTTY,
	       "RUN number with size - 8 -> ENOTTY");
	result(ioctl(fd, _IOWR(KBENCH_IOC_MAGIC, nr, char[sizeof(r) + 8]),
		     big) == -1 && errno == ENOTTY,
	       "RUN number with size + 8 -> ENOTTY");
	result(ioctl(fd, _IOW(KBENCH_IOC_MAGIC, nr, struct kbench_run),
		     big) == -1 && errno == ENOTTY,
	       "RUN number with direction _IOW -> ENOTTY");
	/* An older numabench gets a clear "rebuild", not ENOTTY. */
	result(ioctl(fd, KBENCH_IOC_RUN_V1, big) == -1 && errno == EPROTO,
	       "v1 RUN number -> EPROTO");
	result(ioctl(fd, KBENCH_IOC_CASE_INFO_V1, big) == -1 &&
	       errno == EPROTO, "v1 CASE_INFO number -> EPROTO");
	result(ioctl(fd, KBENCH_IOC_RUN_V2, big) == -1 && errno == EPROTO,
	       "v2 RUN number -> EPROTO");
	result(ioctl(fd, KBENCH_IOC_CASE_INFO_V2, big) == -1 &&
	       errno == EPROTO, "v2 CASE_INFO number -> EPROTO");
	result(ioctl(fd, _IOR(KBENCH_IOC_MAGIC, 0, __u32), big) == -1 &&
	       errno == ENOTTY, "VERSION number with size 4 -> ENOTTY");
	result(ioctl(fd, _IO(KBENCH_IOC_MAGIC, 9), 0) == -1 &&
	       errno == ENOTTY, "unknown number 9 -> ENOTTY");
}

/* Open with CAP_SYS_ADMIN dropped (still uid 0): EPERM from the module. */
static void check_open_without_cap(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct __user_cap_header_struct h = {
			.version = _LINUX_CAPABILITY_VERSION_3,
		};
		struct __user_cap_data_struct d[2];
		int f;

		if (syscall(SYS_capget, &h, d))
			_exit(3);
		d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
		d[CAP_SYS_ADMIN / 32].permitted &= ~(1u << (CAP_SYS_ADMIN % 32));
		if (syscall(SYS_capset, &h, d))
			_exit(3);
		f = open(device, O_RDWR);
		_exit(f < 0 && errno == EPERM ? 0 : f < 0 ? 2 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		result(false, "open without CAP_SYS_ADMIN: fork failed");
		return;
	}
	result(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "open without CAP_SYS_ADMIN -> EPERM (child status %d)",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static bool write_file(const char *path, const char *s)
{
	int f = open(path, O_WRONLY);
	bool ok;

	if (f < 0)
		return false;
	ok = write(f, s, strlen(s)) == (ssize_t)strlen(s);
	close(f);
	return ok;
}

/* cpu and peer_cpu offline: ENXIO. Offlines the last CPU, then restores. */
static void check_offline_cpu(void)
{
	const struct kbench_case_info *sz = case_named("kmalloc");
	const struct kbench_case_info *rf = case_named("slab_remote_free");
	int cpu = last_online_cpu();
	struct kbench_run r;
	char path[96];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	if (!sz || !rf || cpu == 0 || !write_file(path, "0")) {
		skip("offline cpu -> ENXIO", "cannot offline the last CPU");
		return;
	}
	r = base_run(sz);
	r.cpu = cpu;
	expect_err(r, ENXIO, "kmalloc on an offline cpu");
	if (node_of_cpu(cpu) != node_of_cpu(0)) {
		r = base_run(rf);
		r.peer_cpu = cpu;
		expect_err(r, ENXIO, "slab_remote_free with an offline peer_cpu");
	}
	result(write_file(path, "1"), "cpu %d back online", cpu);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A long run interrupted by a signal (handler without SA_RESTART) returns
 * EINTR, and leaves no mess.
 */
static void check_interrupt(const char *name)
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
 * Preemption-off regions are capped (kbench/cases.c): at most order 3
 * (PAGE_ALLOC_COSTLY_ORDER), batch 64 and 1 MiB per region (batch x bytes
 * per op); with IRQs off too, batch 16 and 128 KiB. CASE_INFO's
 * max_order, max_batch and max_region_bytes say so; above them ERANGE;
 * the largest allowed regions run.
 */
#define PREEMPT_OFF_ORDER	3
#define PREEMPT_OFF_BYTES	(1ull << 20)
#define IRQS_OFF_BYTES		(128ull << 10)

/* One case's caps, judged by what a run of it reports in out_flags. */
static void check_caps_of(const struct kbench_case_info *ci, __u32 of)
{
	bool irqs_off = of & KBENCH_OF_IRQS_OFF;
	__u64 cap = irqs_off ? IRQS_OFF_BYTES : PREEMPT_OFF_BYTES;

	result((ci->param != KBENCH_PARAM_ORDER ||
		ci->max_order <= PREEMPT_OFF_ORDER) &&
	       ci->max_region_bytes <= cap &&
	       ci->max_batch <= (irqs_off ? 16u : 64u) &&
	       largest_op(ci) <= ci->max_region_bytes,
	       "%s (preemption%s off): max_order %u, max_batch %u, "
	       "max_region %llu KiB <= %llu KiB, largest op %llu B", ci->name,
	       irqs_off ? " and IRQs" : "", ci->max_order, ci->max_batch,
	       (unsigned long long)ci->max_region_bytes >> 10,
	       (unsigned long long)cap >> 10,
	       (unsigned long long)largest_op(ci));
}

/* A region one op larger than max_region_bytes: ERANGE; the largest: runs. */
static void check_region_cap(const struct kbench_case_info *ci)
{
	struct kbench_run r = base_run(ci);
	__u64 op = largest_op(ci);
	char what[160];

	if (!op)
		return;
	if (ci->param == KBENCH_PARAM_ORDER)
		r.order = ci->max_order;
	else
		r.size_bytes = ci->max_size;
	r.batch = ci->max_region_bytes / op;
	if (r.batch > ci->max_batch)
		r.batch = ci->max_batch;
	else if (r.batch < ci->max_batch) {
		r.batch++;
		snprintf(what, sizeof(what), "%s %llu B x batch %u (> %llu KiB)",
			 ci->name, (unsigned long long)op, r.batch,
			 (unsigned long long)ci->max_region_bytes >> 10);
		expect_err(r, ERANGE, what);
		r.batch--;
	}
	snprintf(what, sizeof(what), "%s largest region: %llu B x batch %u",
		 ci->name, (unsigned long long)op, r.batch);
	expect_run(r, what);
	r = base_run(ci);
	r.batch = ci->max_batch + 1;
	snprintf(what, sizeof(what), "%s batch max_batch+1", ci->name);
	expect_err(r, ERANGE, what);
}

static void check_preempt_off_caps(void)
{
	const struct kbench_case_info *bn = case_named("buddy_alloc_nowait");
	const struct kbench_case_info *ba = case_named("buddy_alloc_gfp_atomic");
	struct kbench_run r;
	unsigned int i, n = 0, nirq = 0;

	if (!bn || !ba || !case_named("kmalloc_nowait") ||
	    !case_named("kmalloc_gfp_atomic")) {
		result(false, "cases buddy_alloc_nowait, buddy_alloc_gfp_atomic, "
		       "kmalloc_nowait, kmalloc_gfp_atomic exist");
		return;
	}
	/* Every case whose regions run with preemption off, by its out_flags. */
	for (i = 0; i < ncases; i++) {
		const struct kbench_case_info *ci = &cases[i];

		r = base_run(ci);
		r.iterations = 1;
		r.warmup = 0;
		if ((ci->flags & KBENCH_CF_TARGET_CPUS) && target_node() < 0)
			continue;
		if ((ci->flags & KBENCH_CF_PEER_CPU) && other_node_cpu() < 0)
			continue;
		if (ioctl(fd, KBENCH_IOC_RUN, &r) ||
		    !(r.out_flags & KBENCH_OF_PREEMPT_OFF))
			continue;
		n++;
		nirq += !!(r.out_flags & KBENCH_OF_IRQS_OFF);
		check_caps_of(ci, r.out_flags);
		check_region_cap(ci);
	}
	result(n >= 6 && nirq == 2, "%u cases report KBENCH_OF_PREEMPT_OFF, "
	       "%u of them KBENCH_OF_IRQS_OFF", n, nirq);

	r = base_run(bn);
	r.order = PREEMPT_OFF_ORDER + 1;
	expect_err(r, ERANGE, "buddy_alloc_nowait order 4 (above PAGE_ALLOC_COSTLY_ORDER)");
	r.order = version.max_order;
	expect_err(r, ERANGE, "buddy_alloc_nowait order max_order");
	r = base_run(ba);
	r.order = PREEMPT_OFF_ORDER + 1;
	expect_err(r, ERANGE, "buddy_alloc_gfp_atomic order 4");
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

static void check_probes_idle(const char *when)
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

static void check_probes_armed(void)
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
static void check_restart_run(void)
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

static void check_restart_wait(bool restart)
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
static void check_budget(void)
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

/* Every supported mode of every case, once, small. */
static void check_modes(const struct kbench_case_info *ci)
{
	unsigned int m;
	char what[96];

	for (m = 1; m < KBENCH_NR_MODES; m++) {
		struct kbench_run r = base_run(ci);

		if (!(ci->modes & (1u << m)))
			continue;
		r.mode = m;
		snprintf(what, sizeof(what), "%s mode %u", ci->name, m);
		expect_run(r, what);
	}
}

static void check_valid_runs(void)
{
	unsigned int i;
	char what[96];

	for (i = 0; i < ncases; i++) {
		const struct kbench_case_info *ci = &cases[i];
		struct kbench_run r = base_run(ci);

		if ((ci->flags & KBENCH_CF_TARGET_CPUS) && target_node() < 0) {
			skip(ci->name, "no online CPU besides cpu 0");
			continue;
		}
		if ((ci->flags & KBENCH_CF_PEER_CPU) && other_node_cpu() < 0) {
			skip(ci->name, "no CPU on another node");
			continue;
		}
		check_modes(ci);
		snprintf(what, sizeof(what), "%s cpu %u node %u peer %u batch 1",
			 ci->name, r.cpu, r.mem_node, r.peer_cpu);
		expect_run(r, what);

		r.batch = 4;
		r.flags = KBENCH_RF_SUBTRACT_OVERHEAD;
		snprintf(what, sizeof(what), "%s batch 4 subtract-overhead",
			 ci->name);
		expect_run(r, what);

		r = base_run(ci);
		r.iterations = 4;
		r.warmup = 0;
		if (ci->param == KBENCH_PARAM_ORDER)
			r.order = ci->max_order;
		if (ci->param == KBENCH_PARAM_SIZE)
			r.size_bytes = ci->max_size;
		if (ci->param == KBENCH_PARAM_SIZE && ci->max_size > (1 << 20))
			r.iterations = 2;
		snprintf(what, sizeof(what), "%s largest order/size", ci->name);
		expect_run(r, what);
	}
}

/* The running kernel's version as major * 100 + minor (6.12 -> 612). */
static int kernel_version(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major * 100 + minor;
}

static int cmp_u32(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

/*
 * BUDDY mode: every sample on its path took at least one zone block; the
 * per-sample refill (blocks, pages) is printed, it is what differs between
 * kernels (6.1 refills pcp->batch pages, >= 6.7 scales the refill).
 * pcp_high_min/max exist from 6.7 on and bound pcp_high.
 */
static void check_buddy_refills(void)
{
	const struct kbench_case_info *ci = case_named("buddy_alloc");
	__u32 pages[NSAMPLES], blocks[NSAMPLES];
	struct kbench_run r;
	unsigned int i, n = 0;
	int kv = kernel_version();

	if (!ci) {
		result(false, "case buddy_alloc exists");
		return;
	}
	r = base_run(ci);
	r.mode = KBENCH_MODE_BUDDY;
	r.iterations = 32;
	expect_run(r, "buddy_alloc order 0 BUDDY, 32 samples");
	if (ioctl(fd, KBENCH_IOC_RUN, &r)) {
		result(false, "buddy_alloc BUDDY: %s", strerror(errno));
		return;
	}
	for (i = 0; i < r.samples_done; i++) {
		if (samples[i].flags)
			continue;
		pages[n] = samples[i].zone_pages;
		blocks[n++] = samples[i].zone_blocks;
	}
	qsort(pages, n, sizeof(*pages), cmp_u32);
	qsort(blocks, n, sizeof(*blocks), cmp_u32);
	result(n && blocks[0] >= 1 && pages[0] >= blocks[0],
	       "buddy_alloc BUDDY order 0 (kernel %d.%d): %u clean samples, "
	       "%u off path; zone blocks per sample min %u median %u max %u, "
	       "pages min %u median %u max %u; pcp batch %d high %d "
	       "[%d, %d] count %d -> %d", kv / 100, kv % 100, n, r.off_path,
	       n ? blocks[0] : 0, n ? blocks[n / 2] : 0, n ? blocks[n - 1] : 0,
	       n ? pages[0] : 0, n ? pages[n / 2] : 0, n ? pages[n - 1] : 0,
	       r.counters.pcp_batch, r.counters.pcp_high,
	       r.counters.pcp_high_min, r.counters.pcp_high_max,
	       r.counters.pcp_count_before, r.counters.pcp_count_after);
	if (kv >= 607)
		result(r.counters.pcp_high_min >= 0 &&
		       r.counters.pcp_high_min <= r.counters.pcp_high_max,
		       "pcp_high_min %d <= pcp_high_max %d (>= 6.7)",
		       r.counters.pcp_high_min, r.counters.pcp_high_max);
	else
		result(r.counters.pcp_high_min == -1 &&
		       r.counters.pcp_high_max == -1,
		       "pcp_high_min/max -1 before 6.7");
	result(r.counters.refill_blocks <= r.counters.buddy_allocs &&
	       r.counters.buddy_allocs_timed <= r.counters.buddy_allocs,
	       "refill blocks %llu <= zone blocks %llu (timed %llu)",
	       (unsigned long long)r.counters.refill_blocks,
	       (unsigned long long)r.counters.buddy_allocs,
	       (unsigned long long)r.counters.buddy_allocs_timed);
}

/*
 * PURGE mode ends each region with vm_unmap_aliases(): with the vmalloc
 * tracepoints (>= 6.4) every recorded sample shows at least one purge of
 * the areas it freed, hot mode none necessarily.
 */
static void check_purge_mode(void)
{
	const char *names[] = { "vfree", "vunmap", "vmalloc" };
	bool vmap = version.kernel_flags & KBENCH_KF_VMAP_COUNTS;
	unsigned int i;
	char what[96];

	result(vmap == (kernel_version() >= 604),
	       "KBENCH_KF_VMAP_COUNTS %s on kernel %d.%d", vmap ? "set" : "clear",
	       kernel_version() / 100, kernel_version() % 100);
	for (i = 0; i < 3; i++) {
		const struct kbench_case_info *ci = case_named(names[i]);
		struct kbench_run r;

		if (!ci || !(ci->modes & (1u << KBENCH_MODE_PURGE))) {
			result(false, "%s has mode purge", names[i]);
			continue;
		}
		r = base_run(ci);
		r.mode = KBENCH_MODE_PURGE;
		r.batch = 4;
		snprintf(what, sizeof(what), "%s purge batch 4", names[i]);
		expect_run(r, what);
		if (ioctl(fd, KBENCH_IOC_RUN, &r))
			continue;
		result(!vmap || (r.counters.vmap_purges >= r.samples_done &&
				 r.counters.vmap_purged_areas >=
				 (__u64)r.samples_done * 4 &&
				 r.counters.vmap_purge_pages > 0),
		       "%s purge: %u samples, %llu purges of %llu areas, "
		       "%llu pages flushed", names[i], r.samples_done,
		       (unsigned long long)r.counters.vmap_purges,
		       (unsigned long long)r.counters.vmap_purged_areas,
		       (unsigned long long)r.counters.vmap_purge_pages);
	}
}

/* tlb_kernel_flush reports the idle vm_unmap_aliases() it subtracted. */
static void check_flush_baseline(void)
{
	const struct kbench_case_info *ci = case_named("tlb_kernel_flush");
	struct kbench_run r;

	if (!ci) {
		result(false, "case tlb_kernel_flush exists");
		return;
	}
	r = base_run(ci);
	if (ioctl(fd, KBENCH_IOC_RUN, &r)) {
		result(false, "tlb_kernel_flush: %s", strerror(errno));
		return;
	}
	result(r.counters.baseline_cycles > 0 && r.counters.flush_pages == 2,
	       "tlb_kernel_flush 4 KiB: idle vm_unmap_aliases %llu cycles "
	       "subtracted, op median %llu cycles, flush_pages %llu, purges "
	       "%llu (%llu pages)",
	       (unsigned long long)r.counters.baseline_cycles,
	       (unsigned long long)samples[r.samples_done / 2].cycles,
	       (unsigned long long)r.counters.flush_pages,
	       (unsigned long long)r.counters.vmap_purges,
	       (unsigned long long)r.counters.vmap_purge_pages);
}

/* APERF/MPERF deltas exactly where the CPU has them. */
static void check_core_clock(void)
{
	struct kbench_run r = base_run(case_named("kmalloc"));
	bool have = version.kernel_flags & KBENCH_KF_APERFMPERF;

	if (ioctl(fd, KBENCH_IOC_RUN, &r)) {
		result(false, "kmalloc: %s", strerror(errno));
		return;
	}
	result(have ? r.counters.mperf > 0 :
		      !r.counters.aperf && !r.counters.mperf,
	       "APERF/MPERF %s: aperf %llu mperf %llu",
	       have ? "present" : "absent",
	       (unsigned long long)r.counters.aperf,
	       (unsigned long long)r.counters.mperf);
}

static int usage(FILE *f, int code)
{
	fprintf(f, "usage: kbench_ioctl_test [--memoryless-node N] "
		"[--device PATH (default %s)]\n", KBENCH_DEVICE);
	return code;
}

int main(int argc, char **argv)
{
	const struct kbench_case_info *ref;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help"))
			return usage(stdout, 0);
		if (!strcmp(argv[i], "--memoryless-node") && i + 1 < argc) {
			char *end;
			long v;

			errno = 0;
			v = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || v < 0 ||
			    v >= MAX_NODES)
				return usage(stderr, 2);
			memoryless_node = v;
		} else if (!strcmp(argv[i], "--device") && i + 1 < argc) {
			device = argv[++i];
		} else {
			return usage(stderr, 2);
		}
	}

	read_topology();
	fd = open(device, O_RDWR);
	if (fd < 0) {
		printf("not ok - open %s: %s\n", device, strerror(errno));
		return 1;
	}
	result(true, "open %s", device);

	check_probes_idle("after load");
	check_version_and_cases();
	ref = case_named("kmalloc");
	if (!ref) {
		result(false, "case kmalloc exists");
		return 1;
	}
	check_header_errors(ref);
	check_count_errors(ref);
	check_param_errors();
	check_placement_errors();
	check_fault_errors(ref);
	check_bad_cmds();
	check_open_without_cap();
	check_offline_cpu();
	read_topology();
	check_valid_runs();
	check_preempt_off_caps();
	check_buddy_refills();
	check_purge_mode();
	check_flush_baseline();
	check_core_clock();
	check_probes_armed();
	check_budget();
	check_interrupt("kmem_cache_alloc");
	check_interrupt("slab_remote_free");
	check_restart_run();
	check_restart_wait(true);
	check_restart_wait(false);
	/* The run mutex is free again and nothing was left behind. */
	expect_run(base_run(case_named("kmem_cache_alloc")),
		   "kmem_cache_alloc after interrupted runs");
	check_probes_idle("after interrupted runs");

	close(fd);
	printf("# %u checks, %u failed\n", nchecks, nfailed);
	return nfailed ? 1 : 0;
}
