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
 *       -o kbench_ioctl_test tests/guest/kbench_ioctl_test.c \
 *       tests/guest/ktest*.c
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

#include "ktest.h"

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
	r.api_version = 3;
	expect_err(r, EPROTO, "api_version 3 (a v3 client)");
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
	r = base_run(ci);
	r.pad3 = 1;
	expect_err(r, EINVAL, "nonzero pad3");
	r = base_run(ci);
	r.reserved = 1ull << 63;
	expect_err(r, EINVAL, "nonzero reserved");
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

/* KTEST_FUZZ_N (default 300) requests, seed KTEST_FUZZ_SEED (0: clock). */
static unsigned long env_ul(const char *name, unsigned long dflt,
			    unsigned long max)
{
	const char *s = getenv(name);
	unsigned long v;
	char *end;

	if (!s || !*s)
		return dflt;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max) {
		printf("# %s=%s ignored (0..%lu)\n", name, s, max);
		return dflt;
	}
	return v;
}

static unsigned int fuzz_requests(void)
{
	return env_ul("KTEST_FUZZ_N", 300, 100000);
}

static unsigned long fuzz_seed(void)
{
	return env_ul("KTEST_FUZZ_SEED", 0, ULONG_MAX);
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
	check_api_cases();
	check_fuzz(fuzz_requests(), fuzz_seed());
	check_probes_armed();
	check_memcg_charge();
	check_gang_errors();
	check_gang_runs();
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
