/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run read back from its directory (results.csv, meta.json, hist.jsonl),
 * its rows grouped into cells: one cell per key over its repetitions.
 * Repetitions are the sample for statistics (DESIGN.md "Statistics").
 *
 * Owner: the run directory (ubench/rundir/runload.c).
 */
#ifndef REPORT_RUN_H
#define REPORT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "runmetrics.h"

#define RUN_MAX_NODES 64

/* What meta.json says about the run (strings "" when absent). */
struct run_meta {
	char run_id[128], host[128], kernel[128], cpu_model[160];
	char executor[16];	/* "native" | "vm" */
	char vm_topology[160], vm_accel[16], timing_note[160];
	char profile[64];
	char module_params[160];	/* e.g. "slow_case=kmalloc slow_ns=500", "" */
	char init_on_alloc[16], thp[64];	/* conditions that move numbers */
	/* more conditions, as meta.json has them ("" when absent) */
	char kernel_version[128], cmdline[512], numa_balancing[16], smt[16];
	char preemption[32], clocksource[32], cpufreq_governor[32];
	char hypervisor[16];
	double precision_pct, cell_budget_s;	/* the profile's; 0: absent */
	unsigned min_samples;
	char user_timer[64];	/* user timer source, "" without a user suite */
	double user_resolution_ns;	/* its resolution (0: not recorded) */
	uint64_t tsc_khz;	/* the kernel timer's: 1 cycle = 1e6 / tsc_khz ns */
	/* meta.json kbench_flags.aperfmperf (schema 7): 1, 0; -1 not recorded */
	int aperfmperf;
	/* with aperfmperf 1: counters.csv's core_clock_ratio (APERF/MPERF,
	 * core clock over base clock) over the kernel rows; n 0 when none */
	struct metric_range core_clock;
	int schema_version;	/* results.csv/meta.json schema (csv.h) */
	int complete;
	unsigned reps, iterations, warmup;
	unsigned boots;		/* 0: one run; else a set of this many boots */
	/* the SLIT of meta.json's nodes: distance[i][j] between node_id[i]
	 * and node_id[j]; nnodes 0 when absent or larger than RUN_MAX_NODES */
	int nnodes;
	int node_id[RUN_MAX_NODES];
	unsigned short distance[RUN_MAX_NODES][RUN_MAX_NODES];
	uint64_t node_mem_bytes[RUN_MAX_NODES];	/* with nnodes */
	int node_ncpus[RUN_MAX_NODES];		/* -1: not recorded */
};

/* The distance between nodes a and b from meta.json, or -1 when unknown. */
int run_distance(const struct run_meta *m, int a, int b);

/* The key columns of a cell, and the canonical key string built from them. */
struct cell_key {
	char suite[16], test[64], allocator[32], policy[32];
	int cpu_node, mem_node;	/* -1: empty column */
	uint64_t size_bytes;
	int order;		/* -1: empty column */
	unsigned batch;
	char mode[16];		/* kernel: hot|cold|pair|buddy|busy|purge; user: "" */
	unsigned threads;
};

/*
 * What compare judges of a unit besides its time: an ok repetition, or in a
 * set of boots (report/runset.c) a boot, beside its mean_ns[] entry.
 */
struct run_unit {
	uint64_t samples, failures, misplaced;	/* summed over its reps */
	/*
	 * mean_ns, p50_ns of all its reps (a boot: their geometric mean, slow
	 * outliers kept; a repetition: its own): mean_ns[] holds the robust one
	 */
	double all_ns[2];
	unsigned reps;		/* a boot's ok reps */
	long rep;		/* a repetition's rep column; -1: a boot */
	unsigned slow[2];	/* of them, set aside as slow (mean_ns, p50_ns) */
	/*
	 * A repetition measured on several threads at once (schema 9): all
	 * threads' ops per second and Jain's fairness index over their op
	 * counts. NaN where results.csv has them empty (not measured, or a
	 * schema before 9); 0 in a unit built without them (a boot, or
	 * run_cell_add_rep with u NULL). Either way: not a sweep's row.
	 */
	double ops_per_s, fairness;
};

struct run_cell {
	struct cell_key k;
	/*
	 * canonical: "suite/test/alloc/policy/c0/m1/s256/o-1/b1/hot/t1"; a
	 * cell of mode "" has no mode part (".../b1/t1")
	 */
	char key[256];
	size_t nreps;		/* rows with status ok */
	double *mean_ns;	/* per ok repetition: the sample */
	double *p50_ns, *p99_ns;	/* per ok repetition */
	struct run_unit *unit;	/* per ok repetition */
	uint64_t samples, failures, misplaced;	/* summed over reps */
	/* samples kept out of the statistics, summed; -1: not recorded
	 * (off_path before schema 7) */
	int64_t disturbed, failed_samples, off_path;
	size_t nskipped, nfailed;	/* rows with those statuses */
	size_t nmisplaced;	/* rows with status misplaced (schema 6) */
	size_t nfailing, nmisplacing;	/* rows with failed ops, misplaced pages */
	/* ok rows whose sampling stopped on the cell's time budget, and
	 * whose note says only some samples were clean (undisturbed) */
	size_t nbudget, nfewclean;
	char note[256];		/* first skipped/failed/misplaced row's note */
	long *rep_ids;		/* the rep column of its rows, to refuse duplicates */
	size_t nrep_ids;
	/*
	 * A set of boots (report/runset.c) has one unit per boot, its reps'
	 * robust mean (outlying reps set aside); the kept reps' spread inside
	 * the boots, pooled, per statistic (mean_ns, p50_ns): the sum of
	 * squares of ln x about each boot's mean, its df, and the kept reps of
	 * the boots that gave it. 0 for a plain run.
	 */
	double within_ss[2], within_df[2];
	size_t within_reps[2], within_boots;
	/* a set: boots without a row of it; the first boot without a usable
	 * value and why ("boot-2: absent"), "" when every boot has one */
	size_t nabsent;
	char gap[160];
	struct hist *hist;	/* merged over reps from hist.jsonl; NULL if absent */
	double hist_ns_per_unit;	/* ns per histogram value (cycles -> ns) */
};

struct run {
	char dir[4096];
	struct run_meta meta;
	struct run_cell *cells;	/* in results.csv order of first appearance */
	size_t ncells;
	size_t *index, index_cap;	/* private: hash of keys -> cells + 1 */
};

/*
 * The oldest results.csv schema read (the newest is CSV_SCHEMA_VERSION).
 * Schema 2 had no mode: its kernel rows are RUN_MODE_DEFAULT, its user rows
 * "", and disturbed, failed_samples are -1; off_path is -1 before
 * schema 7.
 */
#define RUN_SCHEMA_OLDEST 2
#define RUN_MODE_DEFAULT "hot"

/*
 * Load the run in dir. Errors (-1, one line in err naming the file and
 * what is wrong): missing results.csv or meta.json, an empty or truncated
 * CSV, a header that is not its schema's, a schema_version this build does
 * not read.
 */
int run_load(struct run *r, const char *dir, char *err, size_t errlen);
void run_free(struct run *r);

/* Only its meta.json (r->meta, r->dir); run_free() after it all the same. */
int run_load_meta(struct run *r, const char *dir, char *err, size_t errlen);

/* The canonical key of k into buf (at least 256 bytes). */
void run_key_format(char *buf, size_t len, const struct cell_key *k);

/* k's mode as labels show it: NULL for "" and RUN_MODE_DEFAULT. */
const char *run_mode_label(const struct cell_key *k);

/* Add count v (-1: not recorded) into *sum (-1 until a count is added). */
void run_count_add(int64_t *sum, int64_t v);

/*
 * Building a run (runload.c, and report/'s sets of boots): the cell of key
 * k, added when new (cap: the capacity of r->cells, 0 at first; NULL when
 * out of memory); one ok repetition's statistics added to a cell (0, -1;
 * u NULL: a repetition of its own, no failures or misplacement).
 */
struct run_cell *run_cell_get(struct run *r, const struct cell_key *k,
			      size_t *cap);
int run_cell_add_rep(struct run_cell *c, double mean, double p50, double p99,
		     const struct run_unit *u);

/*
 * A deep copy of src into dst (histograms left out), for tools that edit
 * runs in memory (tests/calibration). 0, or -1 when out of memory (dst
 * then needs run_free).
 */
int run_clone(struct run *dst, const struct run *src);

/* The cell with this canonical key, or NULL. */
const struct run_cell *run_find(const struct run *r, const char *key);

#endif
