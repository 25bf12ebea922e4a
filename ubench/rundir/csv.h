/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.csv: one row per cell and repetition, units in the column names
 * (DESIGN.md "Outputs"). Each row is formatted in memory and written with a
 * single write(2), so an interrupted run leaves only complete rows.
 */
#ifndef UBENCH_CSV_H
#define UBENCH_CSV_H

#include <stddef.h>
#include <stdint.h>

/*
 * 2: p90/p99/p999 are empty where the samples cannot support them;
 * meta.json's user_timer has resolution_ns.
 * 3: kernel rows: mode (hot|cold|pair|buddy, after batch); samples counts
 * only the clean samples the statistics use, disturbed and failed_samples
 * (after samples) those kept out of them; counters.csv beside results.csv.
 * 4: ci95_pct (the 95 % interval's half-width of the mean, % of the mean)
 * and stop (precise|budget|max: why sampling ended; empty: a fixed count)
 * after overhead_ns.
 * 5: counters.csv holds user rows' metrics too (metrics.h), keyed exactly
 * like results.csv (allocator and policy added), its name column is
 * "metric" and values may be decimal; timer_bound after overhead_ns (runs
 * of schema 5 written before it have schema 4's header, and still load).
 * 6: status misplaced: a bound allocator row whose objects were off its
 * mem_node beyond a tolerance (user/urun.h urow_misplaced); its times are
 * kept, but it is not ok and no figure uses it.
 * 7: off_path after failed_samples (kernel rows: samples whose region did
 * not take the case's named path, kept out of samples and disturbed; user
 * rows: empty); mode purge; meta.json's kbench_flags.
 * 8: cpu after mem_node (the timing CPU: the kernel cell's kthread, the
 * CPU a user cell's measuring thread was pinned to; -1: none), and no key
 * column is ever empty, so a pandas groupby (dropna) keeps every row:
 * cpu_node, mem_node, cpu, order write -1 where they do not apply,
 * allocator, policy and mode "none" (counters.csv's keys alike); other
 * columns keep empty for "not measured". meta.json: numabench_version,
 * git_commit, null where a value does not apply, numbers as numbers.
 * 9: ops_per_s and fairness after stop: a row measured on several threads
 * at once (threads > 1, or a kernel row of the scaling sweep) has their
 * aggregate throughput (ops of all its threads over the common window,
 * per second) and Jain's fairness index over the threads' op counts
 * (1: every thread did as many ops; 1/threads: one did them all); empty
 * where not measured. A scaling row's test may end in "+mixed": the
 * same number of threads on mem_node's CPUs allocated locally meanwhile.
 */
#define CSV_SCHEMA_VERSION 9
#define CSV_NA (-1)	/* an int column that does not apply: -1 in a key column, else empty */
#define CSV_NONE "none"	/* a key text column that does not apply */

struct result_row {
	const char *run_id, *host, *kernel;
	const char *suite;	/* "kernel" | "user" */
	const char *test, *allocator, *policy;
	int cpu_node, mem_node;	/* CSV_NA -> -1 */
	int cpu;		/* the timing CPU; CSV_NA (-1): none */
	uint64_t size_bytes;
	int order;		/* CSV_NA -> -1 */
	unsigned batch;
	const char *mode;	/* kernel: hot|cold|pair|buddy|busy|purge; user: NULL -> "none" */
	unsigned threads, rep;
	uint64_t samples;	/* clean samples: the statistics are theirs */
	int64_t disturbed;	/* samples with an interrupt or a switch; CSV_NA -> empty */
	int64_t failed_samples;	/* samples with a failed op; CSV_NA -> empty */
	int64_t off_path;	/* samples off the case's named path; CSV_NA -> empty */
	uint64_t failures, misplaced;
	double min_ns, p50_ns, p90_ns, p99_ns, p999_ns, max_ns;
	double mean_ns, stddev_ns, overhead_ns;
	double ci95_pct;	/* NAN -> empty */
	/*
	 * Ops per timed region, for timer_bound: 1 when p50_ns * region_ops
	 * (the median region) is under 10 * overhead_ns, else 0; 0 -> empty.
	 */
	unsigned region_ops;
	const char *stop;	/* NULL -> empty */
	double ops_per_s;	/* all threads' ops per second; 0 -> empty */
	double fairness;	/* Jain's index over the threads' ops; 0 -> empty */
	const char *status;	/* "ok" | "skipped" | "failed" | "misplaced" */
	const char *note;	/* free text, quoted as needed; may be NULL */
};

/* timer_bound: 1 when p50_ns * region_ops < 10 * overhead_ns. */
int csv_timer_bound(double p50_ns, unsigned region_ops, double overhead_ns);

/* The header line, with newline. */
const char *csv_header(void);

/*
 * Format r as one CSV line (RFC 4180 quoting of text fields, numbers with
 * fixed precision, newline at the end) into buf. Returns the length, or -1
 * if it does not fit.
 */
int csv_format_row(char *buf, size_t len, const struct result_row *r);

/*
 * The columns that key a row's cell and repetition, as results.csv writes
 * them (run_id, then suite .. rep), each followed by a comma, for files
 * keyed like it (counters.csv). Returns the length, or -1 if it does not
 * fit.
 */
int csv_format_key(char *buf, size_t len, const struct result_row *r);

/* Write the header (if the file is empty) or a row with one write(2). */
int csv_write_header(int fd);
int csv_write_row(int fd, const struct result_row *r);

#endif
