/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run profiles (policies/NAME.ini) and the CLI overrides on top of them:
 * which cases, sizes, orders and batches, how many repetitions and samples.
 *
 *   [run]    reps, iterations (samples per cell: the cap), warmup,
 *            batches (list), precision (% half-width of the mean's 95 %
 *            interval that stops a cell; 0: take iterations samples),
 *            cell_budget (seconds per cell), min_samples
 *   [kernel] cases (comma list of glob patterns, !pattern excludes), orders ("all" or list),
 *            sizes (list with K/M suffixes; each case takes those in its range),
 *            modes (hot, cold, pair, buddy, busy, purge; each case runs those it
 *            supports; default hot)
 *   [user]   workloads (comma list of globs over the userspace workloads),
 *            pages (4 KiB pages per mapping), thp (on|off), thp_pages (huge
 *            pages per mapping), rounds (mappings or calls per cell),
 *            move_batches (pages per move_pages call, 1..4096),
 *            shootdown_nodes (most nodes the shootdown threads spread over),
 *            modes (mempolicy/mbind modes by name, default all), nodes
 *            (node list the policies may target, default all);
 *            malloc sizes are the [kernel] sizes from 8 B to 1 MiB, so
 *            malloc rows line up with kmalloc_node.
 *   [scaling] threads (counts of threads per node, "all": every CPU of
 *            the node; the scaling sweeps of both suites), kernel_cases
 *            (globs over kbench cases run on that many kthreads at once;
 *            "none": no kernel sweep), kernel_orders and kernel_sizes
 *            (each case takes those in its range), kernel_modes (each
 *            case runs those it has; buddy at orders 0-3), mixed (on|off: also
 *            the mix, the same number of threads on mem_node's CPUs
 *            allocating locally meanwhile).
 */
#ifndef UBENCH_PROFILE_H
#define UBENCH_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#define PROFILE_MAX_LIST	64
#define PROFILE_MAX_REPS	1000
#define PROFILE_DIR_DEFAULT	"default"
#define PROFILE_MAX_THREADS	1024	/* threads per node in a sweep */

struct profile {
	char name[64];		/* file stem, for meta.json */
	char path[512];
	unsigned reps;
	unsigned iterations;	/* samples per cell: the most (precision > 0) or exactly */
	unsigned warmup;
	double precision_pct;	/* stop at this 95 % CI half-width of the mean; 0: off */
	double cell_budget_s;	/* wall time per cell and repetition; 0: none */
	unsigned min_samples;	/* before the precision may stop a cell */
	uint64_t batches[PROFILE_MAX_LIST];
	int nbatches;
	char cases[256];	/* comma list of glob patterns */
	int all_orders;		/* orders = all */
	uint64_t orders[PROFILE_MAX_LIST];
	int norders;
	uint64_t sizes[PROFILE_MAX_LIST];
	int nsizes;
	unsigned kmodes;	/* bit (1 << enum kbench_mode): mode wanted */
	unsigned tcg_skip_kmodes;	/* modes skipped in a TCG guest (same bits) */
	struct {
		char workloads[256];	/* comma list of glob patterns */
		unsigned pages, thp, thp_pages, rounds, shootdown_nodes;
		unsigned modes;		/* bit UMPOL_* set: mode wanted */
		unsigned long nodes;	/* target node mask; ~0ul: all */
		uint64_t move_batches[PROFILE_MAX_LIST];
		int nmove_batches;
	} user;
	struct {
		uint64_t threads[PROFILE_MAX_LIST];	/* 0: every CPU of the node */
		int nthreads;
		char kernel_cases[256];	/* comma list of globs; "none" */
		uint64_t orders[PROFILE_MAX_LIST];
		int norders;
		uint64_t sizes[PROFILE_MAX_LIST];
		int nsizes;
		unsigned kmodes;	/* bit (1 << enum kbench_mode) */
		unsigned mixed;
	} scaling;
};

/*
 * Load NAME_OR_PATH: a path to an .ini file, or a profile name looked up as
 * <policies_dir>/<name>.ini, over <policies_dir>/default.ini: a key the
 * profile lacks has default.ini's value (default.ini must set every key
 * but [user] modes and nodes, which mean all when absent; nothing else is
 * compiled in). 0, or -1 with a one-line message in err naming the file,
 * line and key ("is a directory" for a directory).
 */
int profile_load(struct profile *p, const char *name_or_path,
		 const char *policies_dir, char *err, size_t errlen);

/* The [kernel] modes from a list like "hot,pair" (--modes); 0 or -1 + err. */
int profile_set_kmodes(struct profile *p, const char *list, char *err,
		       size_t errlen);

/* Kernel modes by name ("pair,buddy") to bits (1 << mode); 0 or -1 + err. */
int profile_parse_kmodes(const char *list, unsigned *out, char *err,
			 size_t errlen);

/*
 * 1 when name matches one of the comma-separated glob patterns and none
 * of those written !pattern (an exclusion, wherever it stands).
 */
int profile_match(const char *patterns, const char *name);

/* profile_scaling.c: a [scaling] key; 0, or -1 with the message in err. */
int profile_scaling_key(struct profile *p, const char *key, const char *val,
			char *err, size_t errlen);
/* 1 when kbench case name is in the kernel scaling sweep (and --only). */
int profile_wants_scaling_case(const struct profile *p, const char *only,
			       const char *name);

/* 1 when case name matches the profile's patterns and the --only pattern
 * (NULL matches everything). */
int profile_wants_case(const struct profile *p, const char *only,
		       const char *name);

/* The same for a userspace workload name against [user] workloads. */
int profile_wants_workload(const struct profile *p, const char *only,
			   const char *name);

#endif
