/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktest: the harness the kbench ioctl test's files share (ktest.c): the
 * module's facts, the guest's topology, TAP-like results, valid requests
 * and what a successful or failed run must look like.
 */
#ifndef KTEST_H
#define KTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "kbench.h"

#define MAX_CPUS	1024
#define MAX_NODES	64
#define MAX_CASES	64
#define NSAMPLES	64
#define SENTINEL	0x5a5a5a5a5a5a5a5aull

extern const char *device;
extern int memoryless_node;
extern int fd;
extern unsigned int nchecks, nfailed;
extern struct kbench_version version;
extern struct kbench_case_info cases[MAX_CASES];
extern unsigned int ncases;
extern struct kbench_sample samples[NSAMPLES];	/* every run's buffer */
extern __u64 last_seq;		/* run_seq of the last expect_run() */

/* "ok - ..." or "not ok - ...", counted; a skip is an ok with a reason. */
void result(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void skip(const char *what, const char *why);

/* Topology, from sysfs (read again after a CPU comes back). */
extern bool cpu_online_map[MAX_CPUS];
extern bool node_online_map[MAX_NODES];
extern bool node_mem_map[MAX_NODES];
extern bool node_cpus[MAX_NODES][MAX_CPUS];
void read_topology(void);
int last_online_cpu(void);
int node_of_cpu(int cpu);
int node_targets(int node, int cpu);
int mem_node(void);
int target_node(void);
int other_node_cpu(void);
/* The running kernel's version as major * 100 + minor (6.12 -> 612). */
int kernel_version(void);
bool write_file(const char *path, const char *s);

const struct kbench_case_info *case_named(const char *name);
/* A valid request for @ci: cpu 0, small, batch 1. */
struct kbench_run base_run(const struct kbench_case_info *ci);
/* Bytes of the case's largest op (0 for cases that allocate nothing). */
__u64 largest_op(const struct kbench_case_info *ci);
/* The run must fail with @err / succeed, every sample accounted for. */
void expect_err(struct kbench_run r, int err, const char *what);
void expect_run(struct kbench_run r, const char *what);
/* ... and the run's outputs back in *r (samples[] holds its samples). */
void expect_run_into(struct kbench_run *r, const char *what);

/* ktest_signals.c: interrupted and waiting runs, probes, the budget. */
void check_probes_idle(const char *when);
void check_probes_armed(void);
void check_budget(void);
void check_interrupt(const char *name);
void check_restart_run(void);
void check_restart_wait(bool restart);

/* ktest_memcg.c: kmalloc_account's charge. */
void check_memcg_charge(void);

/* ktest_gang.c: runs on several workers at once (nworkers). */
void check_gang_errors(void);
void check_gang_runs(void);

/* ktest_caps.c: the preemption- and IRQs-off caps. */
void check_preempt_off_caps(void);

/* ktest_runs.c: valid runs of every case and mode, and what they count. */
void check_valid_runs(void);
void check_buddy_refills(void);
void check_purge_mode(void);
void check_flush_baseline(void);
void check_core_clock(void);

/* ktest_apis.c: the allocation APIs of issue 23, their rows and limits. */
void check_api_cases(void);

/*
 * ktest_fuzz.c: @n random requests over every case, fields in and out of
 * range; each answer must be 0 or the errno the uapi table gives it.
 * @seed 0: from the clock. The seed is printed.
 */
void check_fuzz(unsigned int n, unsigned long seed);

#endif /* KTEST_H */
