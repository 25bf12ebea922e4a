// SPDX-License-Identifier: GPL-2.0
/*
 * ktest: regions with preemption (and IRQs) off stay within their caps.
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

void check_preempt_off_caps(void)
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
