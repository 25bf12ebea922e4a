// SPDX-License-Identifier: GPL-2.0
/*
 * ktest: valid runs of every case and mode, and what v3 runs count
 * (zone refills per sample, vmap purges, the flush baseline, APERF/MPERF).
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

void check_valid_runs(void)
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
void check_buddy_refills(void)
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
	expect_run_into(&r, "buddy_alloc order 0 BUDDY, 32 samples");
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
void check_purge_mode(void)
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
		expect_run_into(&r, what);
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
void check_flush_baseline(void)
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
void check_core_clock(void)
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
