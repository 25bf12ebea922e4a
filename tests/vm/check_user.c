// SPDX-License-Identifier: GPL-2.0
/*
 * check_user RUN_DIR: judges the userspace suite's rows of a run on the
 * machine it ran on (a guest, or the host natively): rows for every test of
 * every workload; ok rows where the topology allows them, skipped rows with
 * a reason elsewhere (CPU-less cpu_node, memoryless mem_node, a mode the
 * kernel predates); no failed rows; zero misplaced pages for the syscall
 * workloads (BIND and every other policy; allocators' counts are reported,
 * not judged: they reuse memory obtained under other policies); INTERLEAVE
 * pages spread over its nodes within one page of even; move_pages status
 * all on the target node. TAP-like output; exit 1 on a failed check.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "rundir/csvread.h"
#include "host/mpol.h"
#include "tap.h"
#include "host/topology.h"


enum { C_SUITE, C_TEST, C_ALLOC, C_POLICY, C_CPU, C_MEM, C_SAMPLES,
       C_FAILURES, C_MISPLACED, C_STATUS, C_NOTE, C_N };
static const char *const colnames[C_N] = {
	"suite", "test", "allocator", "policy", "cpu_node", "mem_node",
	"samples", "failures", "misplaced", "status", "note"
};
static int col[C_N];

/* test name, and whether it needs two nodes with memory to run */
static const struct { const char *test; int two_nodes; } tests[] = {
	{ "mempolicy_fault", 0 }, { "mbind_call", 0 }, { "mbind_fault", 0 },
	{ "move_pages", 1 }, { "migrate_pages", 1 },
	{ "munmap_shootdown", 0 }, { "mprotect_shootdown", 0 },
	{ "madvise_shootdown", 0 }, { "malloc", 0 }, { "malloc_touch", 0 },
	{ "free", 0 }, { "remote_free", 0 },
};

/*
 * Interleave rows: every page on a node of "nodes=", and spread_max (the
 * most uneven mapping's max - min pages over those nodes) at most 1.
 */
static int interleave_even(const char *note, char *why, size_t len)
{
	const char *ppn = strstr(note, "pages_per_node="), *nodes = strstr(note, "nodes=");
	const char *spread = strstr(note, "spread_max=");
	unsigned long mask = 0;
	char buf[64] = "", err[160];

	if (!ppn || !nodes || !spread) {
		snprintf(why, len, "note lacks nodes=, spread_max= or pages_per_node=");
		return 0;
	}
	sscanf(nodes + 6, "%63[0-9,-]", buf);
	if (nodemask_parse("nodes", buf, &mask, err, sizeof(err))) {
		snprintf(why, len, "%s", err);
		return 0;
	}
	for (const char *p = ppn + 15; *p >= '0' && *p <= '9';) {
		char *end;
		long n = strtol(p, &end, 10);

		if (*end != ':')
			break;
		if (n < 0 || n > MPOL_MAX_NODE || !(mask & (1ul << n))) {
			snprintf(why, len, "node %ld outside nodes=%s", n, buf);
			return 0;
		}
		strtol(end + 1, &end, 10);
		p = *end == ',' ? end + 1 : end;
	}
	snprintf(why, len, "nodes=%s spread_max=%ld", buf, atol(spread + 11));
	return atol(spread + 11) <= 1;
}

static int kernel_at_least(int major, int minor)
{
	struct utsname u;
	int a, b;

	uname(&u);
	if (mpol_parse_release(u.release, &a, &b))
		return 1;
	return a > major || (a == major && b >= minor);
}

static int meta_has_user_timer(const char *dir)
{
	char path[4096], buf[65536];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, "\"user_timer\": {\"source\": ") && strstr(buf, "\"complete\": true");
}

int main(int argc, char **argv)
{
	struct csv_table csv;
	struct topology t;
	char why[256];
	int mem_nodes = 0, wi_ok = 0, wi_skip = 0, wi_rows = 0, wi_predates = 0;
	int bad_fail = 0, bad_skip = 0, bad_misplaced = 0, bad_interleave = 0;
	int bad_status = 0, interleave_rows = 0, move_rows = 0;
	long other_misplaced = 0, numa_misplaced = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: check_user RUN_DIR\n");
		return 2;
	}
	if (load_run("check_user", argv[1], &csv, &t))
		return 1;
	for (int i = 0; i < C_N; i++)
		if ((col[i] = csv_col(&csv, colnames[i])) < 0) {
			fprintf(stderr, "check_user: no column %s\n", colnames[i]);
			return 1;
		}
	for (int i = 0; i < t.nnodes; i++)
		mem_nodes += t.nodes[i].mem_bytes > 0;
	check(meta_has_user_timer(argv[1]), "meta.json has user_timer and says complete");

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int rows = 0, ok = 0;

		for (size_t r = 0; r < csv.nrows; r++) {
			char **f = csv.rows[r];

			if (strcmp(f[col[C_SUITE]], "user") ||
			    strcmp(f[col[C_TEST]], tests[i].test))
				continue;
			rows++;
			ok += !strcmp(f[col[C_STATUS]], "ok") &&
			      atoll(f[col[C_SAMPLES]]) > 0;
		}
		check(rows > 0, "%s: %d rows", tests[i].test, rows);
		if (!tests[i].two_nodes || mem_nodes >= 2)
			check(ok > 0, "%s: %d ok rows with samples", tests[i].test, ok);
	}

	for (size_t r = 0; r < csv.nrows; r++) {
		char **f = csv.rows[r];
		const char *test = f[col[C_TEST]], *alloc = f[col[C_ALLOC]];
		const char *policy = f[col[C_POLICY]], *st = f[col[C_STATUS]];
		const char *note = f[col[C_NOTE]];
		int cpu = atoi(f[col[C_CPU]]), ci = topology_index(&t, cpu);
		long misplaced = atol(f[col[C_MISPLACED]]);

		if (strcmp(f[col[C_SUITE]], "user"))
			continue;
		if (!strcmp(policy, "weighted_interleave")) {
			wi_rows++;
			wi_ok += !strcmp(st, "ok");
			wi_skip += !strcmp(st, "skipped");
			wi_predates += !strcmp(st, "skipped") && strstr(note, "predates");
		}
		if (!strcmp(st, "failed")) {
			bad_fail++;
			printf("# failed: %s %s %s cpu %s mem %s: %s\n", test,
			       alloc, policy, f[col[C_CPU]], f[col[C_MEM]], note);
			continue;
		}
		if (!strcmp(st, "skipped")) {
			bad_skip += !note[0];
			/* a CPU-less cpu_node can only be skipped */
			continue;
		}
		if (ci >= 0 && !t.nodes[ci].ncpus) {
			bad_skip++;
			printf("# ok row on CPU-less cpu_node %d: %s\n", cpu, test);
		}
		if (!strcmp(alloc, "kernel")) {
			if (misplaced) {
				bad_misplaced++;
				printf("# misplaced %ld: %s %s %s cpu %s mem %s: %s\n",
				       misplaced, test, alloc, policy,
				       f[col[C_CPU]], f[col[C_MEM]], note);
			}
		} else if (!strcmp(alloc, "jemalloc-numa")) {
			numa_misplaced += misplaced;
			if (misplaced)
				printf("# jemalloc-numa misplaced %ld: %s cpu %s mem %s size %s: %s\n",
				       misplaced, test, f[col[C_CPU]], f[col[C_MEM]],
				       f[col[C_MEM] + 1], note);
		} else {
			other_misplaced += misplaced;
		}
		if (!strcmp(policy, "interleave") && strstr(test, "_fault")) {
			interleave_rows++;
			if (!interleave_even(note, why, sizeof(why))) {
				bad_interleave++;
				printf("# uneven: %s cpu %s: %s (%s)\n", test,
				       f[col[C_CPU]], why, note);
			}
		}
		if (!strcmp(test, "move_pages")) {
			move_rows++;
			if (atol(f[col[C_FAILURES]]) || misplaced) {
				bad_status++;
				printf("# move_pages status off target: %s\n", note);
			}
		}
	}
	check(!bad_fail, "no failed rows (%d)", bad_fail);
	check(!bad_skip, "skipped rows give a reason; CPU-less cpu_nodes only skipped (%d bad)",
	      bad_skip);
	check(!bad_misplaced, "zero misplaced pages under BIND and every policy for the syscall workloads (%d rows off)",
	      bad_misplaced);
	check(interleave_rows > 0 && !bad_interleave,
	      "INTERLEAVE spreads pages within one page of even (%d rows, %d off)",
	      interleave_rows, bad_interleave);
	if (mem_nodes >= 2)
		check(move_rows > 0 && !bad_status,
		      "move_pages status all on the target node (%d rows, %d off)",
		      move_rows, bad_status);
	if (kernel_at_least(6, 9))
		check(wi_ok > 0, "weighted_interleave runs on this kernel (%d ok of %d)",
		      wi_ok, wi_rows);
	else
		check(wi_rows > 0 && wi_skip == wi_rows && wi_predates > 0,
		      "weighted_interleave skipped: %d of %d rows, %d saying the kernel predates it",
		      wi_skip, wi_rows, wi_predates);
	check(!numa_misplaced, "jemalloc-numa puts every object on its node (%ld off)",
	      numa_misplaced);
	printf("# objects not on mem_node (informational): glibc, jemalloc, tcmalloc, mimalloc %ld (memory reused from other policies)\n",
	       other_misplaced);
	csv_table_free(&csv);
	topology_free(&t);
	return tap_done();
}
