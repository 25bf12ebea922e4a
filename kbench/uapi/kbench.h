/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kbench: the only contract between the kbench module and the numabench
 * driver. Rules (Documentation/process/botching-up-ioctls.rst): fixed-size
 * __u32/__u64 fields, explicit padding, reserved fields must be zero.
 *
 * Errors of KBENCH_IOC_RUN, one errno per kind of bad field (this table is
 * the only one; kbench/validate.c follows it):
 *   EPROTO  a client of another api_version (its RUN ioctl number, or
 *           api_version in the request): rebuild numabench
 *   EINVAL  struct_size wrong, unknown flags, nonzero reserved/pad/pad2,
 *           samples_len < iterations, mode the case does not support,
 *           peer_cpu != 0 without KBENCH_CF_PEER_CPU or on cpu's node,
 *           mem_node != cpu's memory node for KBENCH_CF_LOCAL_ONLY
 *           workers: nworkers != 0 with cpu, mem_node or peer_cpu nonzero,
 *           with workers_ptr 0 (or workers_ptr without nworkers), with a
 *           case of KBENCH_CF_TARGET_CPUS, a worker's pad/reserved
 *           nonzero, two workers (or peers) on one CPU, a worker's
 *           peer_cpu without KBENCH_CF_PEER_CPU or on its cpu's node
 *   ENOENT  case_id >= number of cases
 *   ERANGE  order, size_bytes, iterations, warmup, batch (up to the case's
 *           max_batch), batch x size, or budget_ms out of range; nworkers
 *           above KBENCH_MAX_WORKERS, nworkers x iterations above
 *           KBENCH_MAX_ITERATIONS, nworkers x batch x size above
 *           KBENCH_MAX_RUN_BYTES
 *   ENXIO   cpu, peer_cpu or a worker's cpu not a possible/online CPU;
 *           mem_node (or a worker's) not an online node; or, during the run, cpu, peer_cpu or a busy
 *           target CPU went offline (the run ends at its next sample,
 *           nothing is copied out)
 *   ENODEV  mem_node has no normal memory (allocating cases) or, for cases
 *           with KBENCH_CF_TARGET_CPUS, no online CPU besides @cpu
 *   EFAULT  bad user pointer (the request itself or samples_ptr)
 *   ENOMEM  the module could not preallocate its buffers, or (mode LOW)
 *           could not bring mem_node's zone down to its low watermark
 *   EINTR   interrupted while waiting for a running benchmark
 * open(2) of /dev/kbench without CAP_SYS_ADMIN fails with EPERM.
 */
#ifndef _UAPI_KBENCH_H
#define _UAPI_KBENCH_H

#include <linux/types.h>
#include <linux/ioctl.h>

/*
 * 2: per-sample records, modes, counters, budget, max_batch, modes mask.
 * 3: per-sample zone free-list blocks and pages, KBENCH_SF_OFF_PATH and
 * kbench_run.off_path; run_seq; case_info.max_region_bytes; counters:
 * refill blocks, APERF/MPERF, pcp high_min/high_max, vmap purges,
 * baseline_cycles; KBENCH_MODE_PURGE; cases renamed for what they are
 * (*_nowait, tlb_ipi_flush_node) and GFP_ATOMIC cases added.
 * 4: workers (struct kbench_worker): one request runs the case on up to
 * KBENCH_MAX_WORKERS pinned kthreads at once, started and stopped
 * together, window_ns; lock contention counters (KBENCH_KF_LOCK_COUNTS);
 * the per-CPU counters of a run with workers are summed over them.
 */
#define KBENCH_API_VERSION	4
#define KBENCH_DEVICE		"/dev/kbench"

#define KBENCH_NAME_LEN		32
#define KBENCH_DESC_LEN		112

/* Limits every case shares; a case may narrow size, order and batch. */
#define KBENCH_MAX_ITERATIONS	1000000
#define KBENCH_MAX_WARMUP	100000
#define KBENCH_MAX_BATCH	1024
#define KBENCH_MAX_RUN_BYTES	(64ull << 20)	/* batch x size held at once (ERANGE) */
#define KBENCH_DEFAULT_BUDGET_MS 60000		/* budget_ms 0 means this */
#define KBENCH_MAX_BUDGET_MS	600000		/* one request holds the module at most 10 min */
#define KBENCH_MAX_WORKERS	256		/* kthreads of one request (nworkers) */

/* What the case's size parameter means (struct kbench_case_info.param). */
enum kbench_param {
	KBENCH_PARAM_NONE = 0,	/* order and size_bytes must be 0 */
	KBENCH_PARAM_ORDER = 1,	/* order in [0, max_order], size_bytes 0 */
	KBENCH_PARAM_SIZE = 2,	/* size_bytes in [min_size, max_size], order 0 */
};

/*
 * What a timed region holds (struct kbench_run.mode); a case lists the
 * modes it supports in kbench_case_info.modes (bit 1 << mode).
 */
enum kbench_mode {
	KBENCH_MODE_HOT = 0,	/* batch ops on recycled objects, caches warm: the
				 * LIFO per-CPU lists and freelists hand back what
				 * was just freed, cache-hot here, so hot shows no
				 * NUMA cost by construction */
	KBENCH_MODE_COLD = 1,	/* object-cold: as hot, but the objects' cache lines
				 * and struct pages are flushed (clflush) before the
				 * region; the allocator's metadata (per-CPU lists,
				 * kmem_cache_cpu, zone free lists) stays hot */
	KBENCH_MODE_PAIR = 2,	/* batch alloc+free pairs; per-op = one pair */
	KBENCH_MODE_BUDDY = 3,	/* small orders: cpu's per-CPU list of the order is
				 * emptied (untimed) before the region, so its first
				 * allocation refills from the zone free lists under
				 * zone->lock (counters.buddy_allocs_timed) */
	KBENCH_MODE_BUSY = 4,	/* IPI cases: a kthread spins on every target CPU
				 * (hot is idle targets, paying their C-state exit) */
	KBENCH_MODE_PURGE = 5,	/* lazy vmap frees: the region ends with
				 * vm_unmap_aliases(), so the purge and TLB flush
				 * the ops deferred are part of them */
	KBENCH_MODE_LOW = 6,	/* at the watermarks: mem_node's free pages are
				 * taken and held (untimed, before each region)
				 * until its zone is at its low watermark, never
				 * near min; the region's first allocation misses
				 * the fast path (kswapd_wakeups) */
	KBENCH_NR_MODES
};

/* Case flags (struct kbench_case_info.flags). */
#define KBENCH_CF_NO_MEM_NODE	(1u << 0) /* touches no node's memory: mem_node ignored */
#define KBENCH_CF_LOCAL_ONLY	(1u << 1) /* the API has no node argument: mem_node must be cpu's memory node */
#define KBENCH_CF_TARGET_CPUS	(1u << 2) /* mem_node names the node whose CPUs are targeted */
#define KBENCH_CF_PEER_CPU	(1u << 3) /* a peer on another node's CPU allocates, the timed op runs on cpu */
#define KBENCH_CF_IPIS		(1u << 4) /* sends IPIs: counters.ipi_* are filled */
#define KBENCH_CF_MEMCG		(1u << 5) /* charges the memory cgroup of the process that
					   * asked for the run (__GFP_ACCOUNT); in the root
					   * cgroup nothing is charged: every sample is
					   * KBENCH_SF_OFF_PATH */

/* Request flags (struct kbench_run.flags). */
#define KBENCH_RF_SUBTRACT_OVERHEAD (1u << 0) /* subtract timer overhead from each sample */
#define KBENCH_RF_ALL		KBENCH_RF_SUBTRACT_OVERHEAD

/* Kernel facts (struct kbench_version.kernel_flags). */
#define KBENCH_KF_INIT_ON_ALLOC	(1u << 0) /* init_on_alloc: allocations are zeroed */
#define KBENCH_KF_INIT_ON_FREE	(1u << 1) /* init_on_free: frees are zeroed */
#define KBENCH_KF_PATH_COUNTS	(1u << 2) /* the kmem tracepoints were found: buddy_* counters valid */
#define KBENCH_KF_APERFMPERF	(1u << 3) /* the CPUs have APERF/MPERF: counters.aperf/mperf valid */
#define KBENCH_KF_VMAP_COUNTS	(1u << 4) /* the vmalloc tracepoints were found (>= 6.4): vmap_* valid */
#define KBENCH_KF_LOCK_COUNTS	(1u << 5) /* lock:contention_begin/end were found: lock_* valid */

struct kbench_version {
	__u32 api_version;	/* (out) KBENCH_API_VERSION */
	__u32 ncases;		/* (out) number of cases */
	__u32 max_order;	/* (out) largest buddy order (NR_PAGE_ORDERS - 1) */
	__u32 page_size;	/* (out) PAGE_SIZE */
	__u64 tsc_khz;		/* (out) TSC frequency used for cycles -> ns */
	__u64 kernel_flags;	/* (out) KBENCH_KF_* */
	__u64 reserved[3];	/* (out) zero */
};

struct kbench_case_info {
	__u32 case_id;		/* (in)  0 .. ncases - 1 */
	__u32 param;		/* (out) enum kbench_param */
	__u32 flags;		/* (out) KBENCH_CF_* */
	__u32 max_order;	/* (out) PARAM_ORDER: largest order accepted */
	__u64 min_size;		/* (out) PARAM_SIZE: smallest size_bytes accepted */
	__u64 max_size;		/* (out) PARAM_SIZE: largest size_bytes accepted */
	__u32 modes;		/* (out) supported modes, bit (1 << enum kbench_mode) */
	__u32 max_batch;	/* (out) largest batch accepted */
	__u64 max_region_bytes;	/* (out) batch x bytes per op a timed region may
				 * hold (ERANGE above it; preemption-off cases
				 * hold at most 1 MiB) */
	char name[KBENCH_NAME_LEN];	/* (out) NUL-terminated, e.g. "buddy_alloc" */
	char desc[KBENCH_DESC_LEN];	/* (out) NUL-terminated, what one op is */
	__u64 reserved[4];	/* (in) must be zero */
};

/* One recorded sample (struct kbench_run.samples_ptr). */
struct kbench_sample {
	__u64 cycles;		/* per-op cycles of the timed region */
	__u32 flags;		/* KBENCH_SF_* */
	__u16 irqs;		/* interrupts the CPU took during the region (saturates) */
	__u16 switches;		/* times the kthread was switched out (saturates) */
	__u32 zone_pages;	/* pages of those blocks */
	__u16 zone_blocks;	/* blocks the region took from the zone free lists
				 * on cpu, refills included (KBENCH_KF_PATH_COUNTS;
				 * saturates) */
	__u16 pad;
};

#define KBENCH_SF_FAILED	(1u << 0) /* an op of the sample failed */
#define KBENCH_SF_IRQ		(1u << 1) /* the region was interrupted */
#define KBENCH_SF_SCHED		(1u << 2) /* the kthread was switched out in the region */
#define KBENCH_SF_OFF_PATH	(1u << 3) /* the region did not take the case's named path
					   * (BUDDY: no block from the zone free lists;
					   * KBENCH_CF_MEMCG: nothing to charge) */

/*
 * What a run did beside its timed ops, over the recorded samples (warm-up
 * excluded), untimed. vm_* are system-wide vmstat event deltas; buddy_* and
 * pcp_drain_pages count zone->lock traffic on cpu (kmem tracepoints, valid
 * with KBENCH_KF_PATH_COUNTS); pcp_* describe cpu's per-CPU list of the
 * zone the allocations come from; ipi_* the function-call IPIs each target
 * CPU received (KBENCH_CF_IPIS); sit_* how long objects waited between
 * producer and consumer (KBENCH_CF_PEER_CPU).
 */
struct kbench_counters {
	__u64 vm_pgalloc;	/* pages allocated, all zones */
	__u64 vm_pgfree;	/* pages freed */
	__u64 vm_allocstall;	/* direct reclaim entered */
	__u64 vm_compact_stall;	/* direct compaction entered */
	__u64 vm_compact_fail;	/* direct compaction failed */
	__u64 buddy_allocs;	/* blocks taken from the zone free lists on cpu */
	__u64 buddy_alloc_pages;	/* pages of those blocks */
	__u64 pcp_drain_pages;	/* pages cpu's per-CPU lists gave back to the zone */
	__s32 pcp_count_before;	/* pages on cpu's per-CPU list of the zone */
	__s32 pcp_count_after;
	__s32 pcp_high;		/* its high watermark (at the end) */
	__s32 pcp_batch;	/* its refill/drain chunk */
	__u32 ipi_targets;	/* CPUs the case sent IPIs to */
	__u32 pad;
	__u64 ipi_sum;		/* function-call IPIs they received, summed */
	__u64 ipi_min;		/* ... fewest on one target */
	__u64 ipi_max;		/* ... most on one target */
	__u64 sit_objects;	/* objects handed from producer to consumer */
	__u64 sit_cycles;	/* their total wait (producer put -> consumer free) */
	__u64 flush_pages;	/* TLB flush range of one op, pages (tlb_kernel_flush) */
	__u64 buddy_allocs_timed;	/* of buddy_allocs, those inside timed regions */
	__u64 refill_blocks;	/* of buddy_allocs, those the tracepoint marks percpu_refill */
	__u64 aperf;		/* cpu's APERF delta over the recorded samples (KBENCH_KF_APERFMPERF) */
	__u64 mperf;		/* ... MPERF delta: aperf/mperf is core clock over base clock */
	__s32 pcp_high_min;	/* cpu's per-CPU list: the range pcp_high auto-tunes in */
	__s32 pcp_high_max;	/* (>= 6.7; -1 before) */
	__u64 vmap_purges;	/* lazy vmap purges, system-wide (KBENCH_KF_VMAP_COUNTS) */
	__u64 vmap_purged_areas;	/* areas they freed */
	__u64 vmap_purge_pages;	/* pages of the ranges they flushed from the TLBs */
	__u64 baseline_cycles;	/* tlb_kernel_flush: a vm_unmap_aliases() with nothing
				 * of the run lazy (min of 16), subtracted from each op */
	__u64 kswapd_wakeups;	/* kswapd wakeups allocations on cpu asked for
				 * (KBENCH_KF_PATH_COUNTS); kswapd's work then
				 * shows as disturbed samples */
	__u64 lock_contended;	/* contended lock acquisitions on cpu, any lock
				 * (lock:contention_begin; KBENCH_KF_LOCK_COUNTS) */
	__u64 lock_contended_zone;	/* ... of them on a zone->lock */
	__u64 lock_wait_ns;	/* time from contention_begin to _end, summed */
};

/* struct kbench_run.out_flags */
#define KBENCH_OF_BUDGET	(1u << 0) /* budget spent before all iterations */
#define KBENCH_OF_PREEMPT_OFF	(1u << 1) /* timed regions ran with preemption off */
#define KBENCH_OF_PCP_NOT_EMPTY	(1u << 2) /* BUDDY: a per-CPU list could not be emptied */
#define KBENCH_OF_IRQS_OFF	(1u << 3) /* ... and IRQs off (the *_gfp_atomic cases) */

struct kbench_run {
	__u32 struct_size;	/* (in)  sizeof(struct kbench_run) */
	__u32 api_version;	/* (in)  KBENCH_API_VERSION */
	__u32 case_id;		/* (in)  which case */
	__u32 cpu;		/* (in)  the timed ops run on a kthread pinned here */
	__u32 mem_node;		/* (in)  node the memory comes from (or target node) */
	__u32 peer_cpu;		/* (in)  KBENCH_CF_PEER_CPU: producer CPU on another node, else 0 */
	__u64 size_bytes;	/* (in)  PARAM_SIZE */
	__u32 order;		/* (in)  PARAM_ORDER */
	__u32 iterations;	/* (in)  timed samples, 1 .. KBENCH_MAX_ITERATIONS */
	__u32 warmup;		/* (in)  untimed samples before, 0 .. KBENCH_MAX_WARMUP */
	__u32 batch;		/* (in)  ops per timed sample, 1 .. case max_batch */
	__u32 flags;		/* (in)  KBENCH_RF_* */
	__u32 mode;		/* (in)  enum kbench_mode, one of the case's modes */
	__u32 budget_ms;	/* (in)  wall time of the sampling, from after
				 * arming and setup; 0: default; <=
				 * KBENCH_MAX_BUDGET_MS; spent, it ends the
				 * warm-up and then the run, after at least one
				 * recorded sample */
	__u32 pad;		/* (in)  must be zero */
	__u64 samples_ptr;	/* (in)  user struct kbench_sample[samples_len] */
	__u64 samples_len;	/* (in)  entries at samples_ptr, >= iterations */
	__u64 done;		/* (out) ops that succeeded (recorded samples) */
	__u64 failed;		/* (out) ops that failed (allocation returned NULL...) */
	__u64 misplaced;	/* (out) allocations whose memory is not on mem_node */
	__u64 overhead_cycles;	/* (out) cost of an empty timed region (min of 64) */
	__u64 tsc_khz;		/* (out) TSC frequency */
	__u64 elapsed_ns;	/* (out) wall time of the run, setup to teardown */
	__u32 samples_done;	/* (out) samples recorded (< iterations: see out_flags) */
	__u32 batch_used;	/* (out) ops per timed region */
	__u32 clean;		/* (out) recorded samples neither failed, disturbed nor off path */
	__u32 disturbed;	/* (out) samples with an interrupt or a switch (not failed) */
	__u32 failed_samples;	/* (out) samples with a failed op */
	__u32 out_flags;	/* (out) KBENCH_OF_* */
	__u32 off_path;		/* (out) samples off the named path (KBENCH_SF_OFF_PATH,
				 * not failed), kept out of clean and disturbed */
	__u32 pad2;		/* (in)  must be zero */
	__u64 run_seq;		/* (out) this run's number since the module loaded
				 * (runs are serialised: a larger one ran later) */
	struct kbench_counters counters;	/* (out) with workers: the counts of
						 * each worker's CPU summed; vm_*,
						 * vmap_* and pcp_* as seen by worker 0 */
	__u64 workers_ptr;	/* (in)  user struct kbench_worker[nworkers], or 0 */
	__u32 nworkers;		/* (in)  0: one kthread on cpu for mem_node; else
				 * 1 .. KBENCH_MAX_WORKERS kthreads, one per
				 * worker (cpu, mem_node, peer_cpu then 0) */
	__u32 pad3;		/* (in)  must be zero */
	__u64 window_ns;	/* (out) workers: from the moment all had warmed
				 * up to the last one's end. Each ends at its
				 * next sample once one is done (its iterations
				 * or the budget) */
	__u64 reserved;		/* (in)  must be zero */
};

/*
 * A worker of a run (struct kbench_run.workers_ptr): its samples are
 * samples_ptr[i * iterations ..] (samples_len >= nworkers x iterations);
 * the run's done, failed, misplaced, samples_done, clean, disturbed,
 * failed_samples and off_path are the workers' sums.
 */
struct kbench_worker {
	__u32 cpu;		/* (in)  its kthread's CPU (distinct per worker) */
	__u32 mem_node;		/* (in)  node its memory comes from */
	__u64 done;		/* (out) ops that succeeded */
	__u64 failed;		/* (out) ops that failed */
	__u64 misplaced;	/* (out) allocations not on mem_node */
	__u32 samples_done;	/* (out) samples recorded */
	__u32 clean;		/* (out) */
	__u32 disturbed;	/* (out) */
	__u32 failed_samples;	/* (out) */
	__u32 off_path;		/* (out) */
	__u32 pad;		/* (in)  must be zero */
	__u64 zone_blocks;	/* (out) zone free-list blocks its CPU took */
	__u64 lock_contended;	/* (out) contended acquisitions on its CPU */
	__u64 lock_wait_ns;	/* (out) their wait */
	__u32 peer_cpu;		/* (in)  KBENCH_CF_PEER_CPU: its producer's CPU, on
				 * another node, no other worker's or peer's:
				 * N consumers freeing what N producers allocate
				 * (a remote-free storm); else 0 */
	__u32 pad2;		/* (in)  must be zero */
	__u64 reserved;		/* (in)  must be zero */
};

#define KBENCH_IOC_MAGIC	'K'
#define KBENCH_IOC_VERSION	_IOR(KBENCH_IOC_MAGIC, 0, struct kbench_version)
#define KBENCH_IOC_CASE_INFO	_IOWR(KBENCH_IOC_MAGIC, 5, struct kbench_case_info)
#define KBENCH_IOC_RUN		_IOWR(KBENCH_IOC_MAGIC, 6, struct kbench_run)

/*
 * Numbers api v1 and v2 clients used (their structs were smaller): the
 * module answers them with EPROTO so an old numabench says "rebuild", not
 * ENOTTY.
 */
#define KBENCH_IOC_CASE_INFO_V1	_IOC(_IOC_READ | _IOC_WRITE, KBENCH_IOC_MAGIC, 1, 192)
#define KBENCH_IOC_RUN_V1	_IOC(_IOC_READ | _IOC_WRITE, KBENCH_IOC_MAGIC, 2, 144)
#define KBENCH_IOC_CASE_INFO_V2	_IOC(_IOC_READ | _IOC_WRITE, KBENCH_IOC_MAGIC, 3, 216)
#define KBENCH_IOC_RUN_V2	_IOC(_IOC_READ | _IOC_WRITE, KBENCH_IOC_MAGIC, 4, 352)

#endif /* _UAPI_KBENCH_H */
