// SPDX-License-Identifier: GPL-2.0
/*
 * check_user RUN_DIR: judges the userspace suite's rows of a run on the
 * machine it ran on (a guest, or the host natively): rows for every test of
 * every workload; ok rows where the topology allows them, skipped rows with
 * a reason elsewhere (CPU-less cpu_node, memoryless mem_node, a mode the
 * kernel predates); no failed rows; zero misplaced pages for the syscall
 * workloads (BIND and every other policy) and zero misplaced objects for
 * every allocator under BIND (each runs in a fresh process bound before it
 * starts: user/ufresh.h), no row with status misplaced; INTERLEAVE
 * pages spread over its nodes within one page of even; move_pages status
 * all on the target node. From counters.csv (the page workloads' figures):
 * THP rows huge or marked "THP fallback", every move's pages verified on
 * their source, CPU-less memory nodes among the sources, each ok row's
 * metrics present and no figure left in a note. The rows measured on
 * several threads at once (malloc_threads, page_fault, remote_free's
 * pairs): threads = N (2N for pairs), ok ones within cpu_node's CPUs with
 * ops_per_s > 0 and fairness in [1/N, 1], an ok row with every CPU of each
 * CPU node ([scaling] all); never a timing threshold. TAP-like output;
 * exit 1 on a failed check.
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
       C_FAILURES, C_MISPLACED, C_STATUS, C_NOTE, C_ORDER, C_BATCH,
       C_TIMER_BOUND, C_CI95, C_STOP, C_THREADS, C_OPS, C_FAIR, C_N };
static const char *const colnames[C_N] = {
	"suite", "test", "allocator", "policy", "cpu_node", "mem_node",
	"samples", "failures", "misplaced", "status", "note", "order", "batch",
	"timer_bound", "ci95_pct", "stop", "threads", "ops_per_s", "fairness"
};
static int col[C_N];

/* counters.csv's key columns (as results.csv's), then metric and value */
static const char *const keynames[] = {
	"run_id", "suite", "test", "allocator", "policy", "cpu_node",
	"mem_node", "size_bytes", "order", "batch", "mode", "threads", "rep",
};
#define NKEYS (sizeof(keynames) / sizeof(keynames[0]))
static struct csv_table ctr;
static int rkey[NKEYS], ckey[NKEYS], c_metric, c_value;

/* counters.csv of dir and its columns; 0, or -1 (printed). */
static int load_counters(const char *dir, const struct csv_table *csv)
{
	char path[4096], err[512];

	snprintf(path, sizeof(path), "%s/counters.csv", dir);
	if (csv_read(path, &ctr, err, sizeof(err))) {
		fprintf(stderr, "check_user: %s\n", err);
		return -1;
	}
	c_metric = csv_col(&ctr, "metric");
	c_value = csv_col(&ctr, "value");
	for (size_t k = 0; k < NKEYS; k++) {
		rkey[k] = csv_col(csv, keynames[k]);
		ckey[k] = csv_col(&ctr, keynames[k]);
		if (rkey[k] < 0 || ckey[k] < 0)
			c_metric = -1;
	}
	if (c_metric < 0 || c_value < 0) {
		fprintf(stderr, "check_user: counters.csv or results.csv lacks a key column, metric or value\n");
		return -1;
	}
	return 0;
}

/*
 * Metric name of results row f (prefix: the first whose name starts with
 * name, and *from the counters row to continue after). 1 with *v, or 0.
 */
static int metric_from(char **f, const char *name, int prefix, size_t *from,
		       double *v)
{
	for (size_t r = *from; r < ctr.nrows; r++) {
		char **g = ctr.rows[r];
		size_t k;

		if (prefix ? strncmp(g[c_metric], name, strlen(name)) :
			     strcmp(g[c_metric], name))
			continue;
		for (k = 0; k < NKEYS && !strcmp(f[rkey[k]], g[ckey[k]]); k++)
			;
		if (k < NKEYS)
			continue;
		*v = atof(g[c_value]);
		*from = r + 1;
		return 1;
	}
	return 0;
}

static int metric(char **f, const char *name, double *v)
{
	size_t from = 0;

	return metric_from(f, name, 0, &from, v);
}

/* test name, and whether it needs two nodes with memory to run */
static const struct { const char *test; int two_nodes; } tests[] = {
	{ "mempolicy_fault", 0 }, { "mbind_call", 0 }, { "mbind_fault", 0 },
	{ "move_pages", 1 }, { "migrate_pages", 1 },
	{ "munmap_shootdown", 0 }, { "mprotect_shootdown", 0 },
	{ "madvise_shootdown", 0 }, { "malloc", 0 }, { "malloc_touch", 0 },
	{ "free", 0 }, { "remote_free", 0 }, { "malloc_threads", 0 },
	{ "page_fault", 0 },
};

/*
 * A row measured on several threads at once (malloc_threads, page_fault:
 * threads = N; remote_free: 2N, N consumers): threads within the CPUs of
 * cpu_node when ok (one thread per CPU), else skipped saying why; ok rows
 * with ops_per_s > 0 and fairness in [1/N, 1] (4 decimals in the CSV).
 * 1 for a good row, 0 (why) for a bad one; -1 when the row is not one.
 */
static int threaded_row(char **f, const struct topology *t, char *why,
			size_t len)
{
	const char *test = f[col[C_TEST]], *st = f[col[C_STATUS]];
	int remote = !strcmp(test, "remote_free");
	long threads = atol(f[col[C_THREADS]]), n = remote ? threads / 2 : threads;
	int ci = topology_index(t, atoi(f[col[C_CPU]]));
	double ops, fair;

	if (!remote && strcmp(test, "malloc_threads") && strcmp(test, "page_fault"))
		return -1;
	snprintf(why, len, "%s %s threads %ld cpu_node %s mem_node %s: ", test,
		 f[col[C_ALLOC]], threads, f[col[C_CPU]], f[col[C_MEM]]);
	len -= strlen(why);
	why += strlen(why);
	if (n < 1 || (remote && threads % 2)) {
		snprintf(why, len, "threads not N (or 2N for pairs)");
		return 0;
	}
	if (!strcmp(st, "skipped"))
		return 1;	/* the reason: the general check */
	if (strcmp(st, "ok"))
		return 1;	/* failed/misplaced: their own checks */
	if (ci >= 0 && n > t->nodes[ci].ncpus) {
		snprintf(why, len, "ok with more threads than cpu_node's %d CPUs",
			 t->nodes[ci].ncpus);
		return 0;
	}
	if (!f[col[C_OPS]][0] || !f[col[C_FAIR]][0]) {
		snprintf(why, len, "ops_per_s '%s' fairness '%s'", f[col[C_OPS]],
			 f[col[C_FAIR]]);
		return 0;
	}
	ops = atof(f[col[C_OPS]]);
	fair = atof(f[col[C_FAIR]]);
	snprintf(why, len, "ops_per_s %s fairness %s", f[col[C_OPS]],
		 f[col[C_FAIR]]);
	return ops > 0 && fair >= 1.0 / (double)n - 1e-4 && fair <= 1 + 1e-4;
}

/*
 * Interleave rows: every page on a node of "nodes=" (the note), and
 * spread_max_pages (the most uneven mapping's max - min pages over those
 * nodes) at most 1; pages per node from counters.csv.
 */
static int interleave_even(char **f, char *why, size_t len)
{
	const char *nodes = strstr(f[col[C_NOTE]], "nodes=");
	unsigned long mask = 0;
	char buf[64] = "", err[160];
	size_t from = 0;
	double spread, pages;
	int found = 0;

	if (!nodes || !metric(f, "spread_max_pages", &spread)) {
		snprintf(why, len, "no nodes= in the note or no spread_max_pages metric");
		return 0;
	}
	sscanf(nodes + 6, "%63[0-9,-]", buf);
	if (nodemask_parse("nodes", buf, &mask, err, sizeof(err))) {
		snprintf(why, len, "%s", err);
		return 0;
	}
	while (metric_from(f, "pages_node", 1, &from, &pages)) {
		long n = atol(ctr.rows[from - 1][c_metric] + 10);

		found++;
		if (n < 0 || n > MPOL_MAX_NODE || !(mask & (1ul << n))) {
			snprintf(why, len, "node %ld outside nodes=%s", n, buf);
			return 0;
		}
	}
	snprintf(why, len, "nodes=%s spread_max_pages=%.0f over %d nodes", buf,
		 spread, found);
	return found > 0 && spread <= 1;
}

/* The page workloads' figures each ok row must have in counters.csv. */
static const struct { const char *test; const char *const m[7]; } wants[] = {
	{ "mempolicy_fault", { "spread_max_pages", "pages_node" } },
	{ "mbind_call", { "spread_max_pages", "pages_node" } },
	{ "mbind_fault", { "spread_max_pages", "pages_node" } },
	{ "move_pages", { "from_node", "source_pages_verified", "ns_per_page",
			  "pages_per_s", "gib_per_s", "pages_node" } },
	{ "migrate_pages", { "from_node", "pages_moved", "pages_per_s",
			     "gib_per_s", "pages_node" } },
};

/* Figures the notes used to carry: they live in counters.csv now. */
static const char *const old_figures[] = {
	"pages_per_node=", "spread_max=", "ns_per_page=", "pages_per_s=",
	"gb_per_s=", "from_node=", "to_node=",
};

/* A page row's (wants) metrics, and no old figure left in its note. */
static int has_metrics(char **f, char *why, size_t len)
{
	const char *test = f[col[C_TEST]], *note = f[col[C_NOTE]];
	size_t i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
		if (!strcmp(wants[i].test, test))
			break;
	if (i == sizeof(wants) / sizeof(wants[0]))
		return 1;	/* not a page workload */
	for (size_t k = 0; k < sizeof(old_figures) / sizeof(old_figures[0]); k++)
		if (strstr(note, old_figures[k])) {
			snprintf(why, len, "a figure in the note: %s", old_figures[k]);
			return 0;
		}
	for (const char *const *m = wants[i].m; *m; m++) {
		size_t from = 0;
		double v;

		/* pages_node<N>: any node */
		if (!metric_from(f, *m, !strcmp(*m, "pages_node"), &from, &v)) {
			snprintf(why, len, "no metric %s", *m);
			return 0;
		}
	}
	return 1;
}

/*
 * A THP row (order 9, ok): thp_pages_huge == thp_pages_expected, or fewer
 * and the note says "THP fallback: k of n pages not huge". 1 huge, 2
 * marked, 0 neither (why says).
 */
static int thp_verdict(char **f, char *why, size_t len)
{
	double huge, want;
	char mark[96];

	if (!metric(f, "thp_pages_huge", &huge) ||
	    !metric(f, "thp_pages_expected", &want) || want < 1) {
		snprintf(why, len, "no thp_pages_huge/thp_pages_expected");
		return 0;
	}
	if (huge == want)
		return 1;
	snprintf(mark, sizeof(mark), "THP fallback: %.0f of %.0f pages not huge",
		 want - huge, want);
	snprintf(why, len, "%.0f of %.0f huge, note lacks \"%s\"", huge, want, mark);
	return strstr(f[col[C_NOTE]], mark) ? 2 : 0;
}

/*
 * A move_pages row: source_pages_verified == batch x samples (every
 * round's pages seen on from_node before its move). 1, or 0 (why).
 */
static int source_verified(char **f, char *why, size_t len)
{
	double v, want = atof(f[col[C_BATCH]]) * atof(f[col[C_SAMPLES]]);

	if (!metric(f, "source_pages_verified", &v)) {
		snprintf(why, len, "no source_pages_verified");
		return 0;
	}
	snprintf(why, len, "%.0f of %.0f pages verified on the source", v, want);
	return v == want;
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
	int thp_rows = 0, thp_huge = 0, thp_marked = 0, bad_thp = 0;
	int bad_source = 0, bad_metrics = 0, bad_fit = 0, fits = 0;
	int bad_columns = 0, threaded = 0, bad_threaded = 0;
	int all_pf = 0, all_mt = 0, cpu_nodes = 0;
	int cpuless_sources = 0, cpuless_mem = -1;
	long alloc_misplaced = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: check_user RUN_DIR\n");
		return 2;
	}
	if (load_run("check_user", argv[1], &csv, &t) ||
	    load_counters(argv[1], &csv))
		return 1;
	for (int i = 0; i < C_N; i++)
		if ((col[i] = csv_col(&csv, colnames[i])) < 0) {
			fprintf(stderr, "check_user: no column %s\n", colnames[i]);
			return 1;
		}
	for (int i = 0; i < t.nnodes; i++) {
		mem_nodes += t.nodes[i].mem_bytes > 0;
		cpu_nodes += t.nodes[i].ncpus > 0;
		if (t.nodes[i].mem_bytes && !t.nodes[i].ncpus && cpuless_mem < 0)
			cpuless_mem = t.nodes[i].id;
	}
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
		{
			int v = threaded_row(f, &t, why, sizeof(why));

			threaded += v >= 0;
			if (!v) {
				bad_threaded++;
				printf("# %s\n", why);
			}
			/* "all" ([scaling] threads of quick and default): every CPU */
			if (v == 1 && !strcmp(st, "ok") && ci >= 0 &&
			    atoi(f[col[C_THREADS]]) == t.nodes[ci].ncpus) {
				all_pf += !strcmp(test, "page_fault") &&
					  !strcmp(f[col[C_ORDER]], "-1");
				all_mt += !strcmp(test, "malloc_threads") &&
					  !strcmp(alloc, "glibc");
			}
		}
				if (!strcmp(policy, "weighted_interleave")) {
			wi_rows++;
			wi_ok += !strcmp(st, "ok");
			wi_skip += !strcmp(st, "skipped");
			wi_predates += !strcmp(st, "skipped") && strstr(note, "predates");
		}
		if (!strcmp(st, "misplaced")) {
			bad_misplaced++;
			printf("# status misplaced: %s %s %s cpu %s mem %s: %s\n",
			       test, alloc, policy, f[col[C_CPU]], f[col[C_MEM]],
			       note);
			continue;
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
		} else if (misplaced) {
			alloc_misplaced += misplaced;
			printf("# %s misplaced %ld: %s cpu %s mem %s size %s: %s\n",
			       alloc, misplaced, test, f[col[C_CPU]], f[col[C_MEM]],
			       f[col[C_MEM] + 1], note);
		}
		/* every ok user row: timer_bound 0|1, its precision and why it stopped */
		if ((strcmp(f[col[C_TIMER_BOUND]], "0") &&
		     strcmp(f[col[C_TIMER_BOUND]], "1")) ||
		    (atoll(f[col[C_SAMPLES]]) > 1 && !f[col[C_CI95]][0]) ||
		    !f[col[C_STOP]][0]) {
			bad_columns++;
			printf("# %s %s cpu %s mem %s: timer_bound '%s' ci95_pct '%s' stop '%s'\n",
			       test, policy, f[col[C_CPU]], f[col[C_MEM]],
			       f[col[C_TIMER_BOUND]], f[col[C_CI95]], f[col[C_STOP]]);
		}
		if (!has_metrics(f, why, sizeof(why))) {
			bad_metrics++;
			printf("# %s %s cpu %s mem %s batch %s: %s\n", test, policy,
			       f[col[C_CPU]], f[col[C_MEM]], f[col[C_BATCH]], why);
		}
		if (!strcmp(f[col[C_ORDER]], "9") && !strcmp(alloc, "kernel") &&
		    (strstr(test, "mempolicy") || strstr(test, "mbind") ||
		     !strcmp(test, "move_pages"))) {
			int v = thp_verdict(f, why, sizeof(why));

			thp_rows++;
			thp_huge += v == 1;
			thp_marked += v == 2;
			if (!v) {
				bad_thp++;
				printf("# THP row unverified: %s %s cpu %s mem %s: %s\n",
				       test, policy, f[col[C_CPU]], f[col[C_MEM]], why);
			}
		}
		if (!strcmp(policy, "interleave") && strstr(test, "_fault")) {
			interleave_rows++;
			if (!interleave_even(f, why, sizeof(why))) {
				bad_interleave++;
				printf("# uneven: %s cpu %s: %s (%s)\n", test,
				       f[col[C_CPU]], why, note);
			}
		}
		if (!strcmp(test, "move_pages") || !strcmp(test, "migrate_pages")) {
			double from;

			if (metric(f, "from_node", &from) && from == cpuless_mem)
				cpuless_sources++;
		}
		if (!strcmp(test, "move_pages")) {
			double a, b;

			move_rows++;
			if (!source_verified(f, why, sizeof(why))) {
				bad_source++;
				printf("# move_pages %s cpu %s mem %s batch %s: %s\n",
				       policy, f[col[C_CPU]], f[col[C_MEM]],
				       f[col[C_BATCH]], why);
			}
			if (metric(f, "call_ns", &a) && metric(f, "page_ns", &b))
				fits++;
			else if (!strstr(note, "no per-call/per-page fit"))
				bad_fit++;
			if (atol(f[col[C_FAILURES]]) || misplaced) {
				bad_status++;
				printf("# move_pages status off target: %s\n", note);
			}
		}
	}
	check(!bad_fail, "no failed rows (%d)", bad_fail);
	check(!bad_skip, "skipped rows give a reason; CPU-less cpu_nodes only skipped (%d bad)",
	      bad_skip);
	check(!bad_misplaced, "zero misplaced pages under BIND and every policy for the syscall workloads, no row misplaced (%d rows off)",
	      bad_misplaced);
	check(interleave_rows > 0 && !bad_interleave,
	      "INTERLEAVE spreads pages within one page of even (%d rows, %d off)",
	      interleave_rows, bad_interleave);
	if (mem_nodes >= 2) {
		check(move_rows > 0 && !bad_status,
		      "move_pages status all on the target node (%d rows, %d off)",
		      move_rows, bad_status);
		check(!bad_source,
		      "move_pages pages verified on from_node before every move (%d rows off)",
		      bad_source);
		check(fits > 0 && !bad_fit,
		      "move_pages call_ns and page_ns fitted (%d rows; %d neither fitted nor saying why)",
		      fits, bad_fit);
	}
	if (mem_nodes >= 2 && cpuless_mem >= 0)
		check(cpuless_sources > 0,
		      "CPU-less node %d is a source of move_pages/migrate_pages (%d ok rows)",
		      cpuless_mem, cpuless_sources);
	check(!bad_thp, "THP rows huge or marked THP fallback (%d rows: %d huge, %d marked, %d neither)",
	      thp_rows, thp_huge, thp_marked, bad_thp);
	check(!bad_metrics,
	      "page workloads' ok rows have their metrics in counters.csv and no figure in the note (%d rows off)",
	      bad_metrics);
	check(!bad_columns,
	      "ok rows have timer_bound (0|1), ci95_pct and stop filled (%d rows off)",
	      bad_columns);
	check(threaded > 0 && !bad_threaded,
	      "threaded rows: threads = N (2N pairs), ok ones within cpu_node's CPUs with ops_per_s > 0 and fairness in [1/N, 1] (%d rows, %d off)",
	      threaded, bad_threaded);
	check(all_pf >= cpu_nodes * mem_nodes && all_mt >= cpu_nodes * mem_nodes,
	      "page_fault (4 KiB) and glibc malloc_threads ran on every CPU of each CPU node ([scaling] all) for every mem_node (%d and %d ok rows, %d wanted)",
	      all_pf, all_mt, cpu_nodes * mem_nodes);
	if (kernel_at_least(6, 9))
		check(wi_ok > 0, "weighted_interleave runs on this kernel (%d ok of %d)",
		      wi_ok, wi_rows);
	else
		check(wi_rows > 0 && wi_skip == wi_rows && wi_predates > 0,
		      "weighted_interleave skipped: %d of %d rows, %d saying the kernel predates it",
		      wi_skip, wi_rows, wi_predates);
	check(!alloc_misplaced, "every allocator under BIND puts every object on its node (%ld off)",
	      alloc_misplaced);
	csv_table_free(&csv);
	csv_table_free(&ctr);
	topology_free(&t);
	return tap_done();
}
