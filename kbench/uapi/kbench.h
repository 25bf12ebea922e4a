/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kbench: the only contract between the kbench module and the numabench
 * driver. Rules (Documentation/process/botching-up-ioctls.rst): fixed-size
 * __u32/__u64 fields, explicit padding, reserved fields must be zero.
 *
 * Errors of KBENCH_IOC_RUN, one errno per kind of bad field:
 *   EINVAL  struct_size or api_version wrong, unknown flags, nonzero
 *           reserved/pad, samples_len < iterations
 *   ENOENT  case_id >= number of cases
 *   ERANGE  order, size_bytes, iterations, warmup or batch out of the
 *           case's range (see struct kbench_case_info)
 *   ENXIO   cpu or peer_cpu not a possible/online CPU; mem_node not an
 *           online node
 *   ENODEV  mem_node has no memory (allocating cases) or, for cases with
 *           KBENCH_CF_TARGET_CPUS, no online CPU besides @cpu
 *   EFAULT  bad user pointer (the request itself or samples_ptr)
 *   ENOMEM  the module could not preallocate its buffers
 *   EINTR   interrupted while waiting for a running benchmark
 * open(2) of /dev/kbench without CAP_SYS_ADMIN fails with EPERM.
 */
#ifndef _UAPI_KBENCH_H
#define _UAPI_KBENCH_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define KBENCH_API_VERSION	1
#define KBENCH_DEVICE		"/dev/kbench"

#define KBENCH_NAME_LEN		32
#define KBENCH_DESC_LEN		96

/* Limits every case shares; a case may narrow size and order. */
#define KBENCH_MAX_ITERATIONS	1000000
#define KBENCH_MAX_WARMUP	100000
#define KBENCH_MAX_BATCH	1024
#define KBENCH_MAX_RUN_BYTES	(64ull << 20)	/* batch x size held at once (ERANGE) */

/* What the case's size parameter means (struct kbench_case_info.param). */
enum kbench_param {
	KBENCH_PARAM_NONE = 0,	/* order and size_bytes must be 0 */
	KBENCH_PARAM_ORDER = 1,	/* order in [0, max_order], size_bytes 0 */
	KBENCH_PARAM_SIZE = 2,	/* size_bytes in [min_size, max_size], order 0 */
};

/* Case flags (struct kbench_case_info.flags). */
#define KBENCH_CF_NO_MEM_NODE	(1u << 0) /* touches no node's memory: mem_node ignored */
#define KBENCH_CF_LOCAL_ONLY	(1u << 1) /* the API has no node argument: mem_node must be cpu's node */
#define KBENCH_CF_TARGET_CPUS	(1u << 2) /* mem_node names the node whose CPUs are targeted */
#define KBENCH_CF_PEER_CPU	(1u << 3) /* objects are allocated on peer_cpu, timed op runs on cpu */

/* Request flags (struct kbench_run.flags). */
#define KBENCH_RF_SUBTRACT_OVERHEAD (1u << 0) /* subtract timer overhead from each sample */
#define KBENCH_RF_ALL		KBENCH_RF_SUBTRACT_OVERHEAD

struct kbench_version {
	__u32 api_version;	/* (out) KBENCH_API_VERSION */
	__u32 ncases;		/* (out) number of cases */
	__u32 max_order;	/* (out) largest buddy order (NR_PAGE_ORDERS - 1) */
	__u32 page_size;	/* (out) PAGE_SIZE */
	__u64 tsc_khz;		/* (out) TSC frequency used for cycles -> ns */
	__u64 reserved[4];	/* (out) zero */
};

struct kbench_case_info {
	__u32 case_id;		/* (in)  0 .. ncases - 1 */
	__u32 param;		/* (out) enum kbench_param */
	__u32 flags;		/* (out) KBENCH_CF_* */
	__u32 max_order;	/* (out) PARAM_ORDER: largest order accepted */
	__u64 min_size;		/* (out) PARAM_SIZE: smallest size_bytes accepted */
	__u64 max_size;		/* (out) PARAM_SIZE: largest size_bytes accepted */
	char name[KBENCH_NAME_LEN];	/* (out) NUL-terminated, e.g. "buddy_alloc" */
	char desc[KBENCH_DESC_LEN];	/* (out) NUL-terminated, what one op is */
	__u64 reserved[4];	/* (in) must be zero */
};

struct kbench_run {
	__u32 struct_size;	/* (in)  sizeof(struct kbench_run) */
	__u32 api_version;	/* (in)  KBENCH_API_VERSION */
	__u32 case_id;		/* (in)  which case */
	__u32 cpu;		/* (in)  the timed ops run on a kthread pinned here */
	__u32 mem_node;		/* (in)  node the memory comes from (or target node) */
	__u32 peer_cpu;		/* (in)  KBENCH_CF_PEER_CPU: allocating CPU, else 0 */
	__u64 size_bytes;	/* (in)  PARAM_SIZE */
	__u32 order;		/* (in)  PARAM_ORDER */
	__u32 iterations;	/* (in)  timed samples, 1 .. KBENCH_MAX_ITERATIONS */
	__u32 warmup;		/* (in)  untimed samples before, 0 .. KBENCH_MAX_WARMUP */
	__u32 batch;		/* (in)  ops per timed sample, 1 .. KBENCH_MAX_BATCH */
	__u32 flags;		/* (in)  KBENCH_RF_* */
	__u32 pad;		/* (in)  must be zero */
	__u64 samples_ptr;	/* (in)  user __u64[samples_len]: per-op cycles of each sample */
	__u64 samples_len;	/* (in)  entries at samples_ptr, >= iterations */
	__u64 done;		/* (out) ops that succeeded (timed ones) */
	__u64 failed;		/* (out) ops that failed (allocation returned NULL...) */
	__u64 misplaced;	/* (out) allocations whose memory is not on mem_node */
	__u64 overhead_cycles;	/* (out) cost of an empty timed region (min of 64) */
	__u64 tsc_khz;		/* (out) TSC frequency */
	__u64 reserved[4];	/* (in) must be zero */
};

#define KBENCH_IOC_MAGIC	'K'
#define KBENCH_IOC_VERSION	_IOR(KBENCH_IOC_MAGIC, 0, struct kbench_version)
#define KBENCH_IOC_CASE_INFO	_IOWR(KBENCH_IOC_MAGIC, 1, struct kbench_case_info)
#define KBENCH_IOC_RUN		_IOWR(KBENCH_IOC_MAGIC, 2, struct kbench_run)

#endif /* _UAPI_KBENCH_H */
