// SPDX-License-Identifier: GPL-2.0
/* Kernel facts by name: see kflags.h. */
#include "kflags.h"

#include "kbench.h"

const struct kbench_kflag kbench_kflags[] = {
	{ KBENCH_KF_INIT_ON_ALLOC, "init_on_alloc", "init_on_alloc" },
	{ KBENCH_KF_INIT_ON_FREE, "init_on_free", "init_on_free" },
	{ KBENCH_KF_PATH_COUNTS, "zone_lock_counts",
	  "zone->lock counts (kmem tracepoints)" },
	{ KBENCH_KF_APERFMPERF, "aperfmperf", "core clock (APERF/MPERF)" },
	{ KBENCH_KF_VMAP_COUNTS, "vmap_counts",
	  "vmap purge counts (vmalloc tracepoints)" },
};
const size_t kbench_nkflags = sizeof(kbench_kflags) / sizeof(*kbench_kflags);
