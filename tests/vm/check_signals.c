// SPDX-License-Identifier: GPL-2.0
/*
 * check_signals: runs in the guest and shows that the signals a kernel row
 * carries work, not just exist.
 *
 *   check_signals disturb CPU   a child pinned to CPU sleeps 50 us in a
 *                               loop until killed: timer interrupts and
 *                               context switches on that CPU
 *   check_signals check RUN_DIR ITERATIONS DISTURBED_NODE
 *
 * check judges a run of tests/vm/signals.ini made while CPU 0 (the timed
 * CPU of DISTURBED_NODE's cells) was disturbed:
 *   - every ok row: samples + disturbed + failed_samples + off_path =
 *     ITERATIONS (off_path: regions that missed the case's path), and
 *     its histogram holds exactly the clean samples (the percentiles);
 *   - the disturbed node's rows have more disturbed samples than the rest;
 *   - counters.csv: in buddy mode the timed regions take blocks from the
 *     zone free lists (the median region too), in hot mode (batch 1,
 *     order 0, local node) none; the TLB cases
 *     record their flush range and IPIs on every target; remote free
 *     hands every object over with its wait.
 *   - remote cold samples cost more than hot ones, judged where there is
 *     a cache to miss; under TCG (no cache model) printed with the reason.
 */
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rundir/runload.h"
#include "tap.h"

static int disturb(int cpu)
{
	struct timespec ts = { 0, 50000 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		return 1;
	}
	for (;;)
		nanosleep(&ts, NULL);
}

/* The value of counter name for the row (test, cpu, mem, size, mode, batch). */
static long long counter(const struct csv_table *c, const char *test, int cpu,
			 int mem, const char *size, const char *mode,
			 const char *name)
{
	int ct = csv_col(c, "test"), cc = csv_col(c, "cpu_node");
	int cm = csv_col(c, "mem_node"), cs = csv_col(c, "size_bytes");
	int cmo = csv_col(c, "mode"), cn = csv_col(c, "metric");
	int cv = csv_col(c, "value"), cb = csv_col(c, "batch");

	for (size_t r = 0; r < c->nrows; r++) {
		char **f = c->rows[r];

		if (!strcmp(f[ct], test) && atoi(f[cc]) == cpu &&
		    (mem < 0 ? !f[cm][0] || atoi(f[cm]) < 0 : atoi(f[cm]) == mem) &&
		    !strcmp(f[cs], size) && !strcmp(f[cmo], mode) &&
		    !strcmp(f[cb], "1") && !strcmp(f[cn], name))
			return atoll(f[cv]);
	}
	return -1;
}

static void check_rows(const struct run *run, long iterations, int dnode)
{
	long long dist_in = 0, dist_out = 0, rows_in = 0, rows_out = 0;
	int bad = 0, nok = 0;

	for (size_t i = 0; i < run->ncells; i++) {
		const struct run_cell *c = &run->cells[i];
		long long all = (long long)c->samples + c->disturbed +
				c->failed_samples + c->off_path;

		if (strcmp(c->k.suite, "kernel") || c->nreps != 1)
			continue;
		nok++;
		if (all != iterations || !c->hist || c->hist->n != c->samples) {
			bad++;
			printf("# %s: samples %llu disturbed %lld failed %lld off path %lld hist %llu\n",
			       c->key, (unsigned long long)c->samples,
			       (long long)c->disturbed,
			       (long long)c->failed_samples,
			       (long long)c->off_path,
			       c->hist ? (unsigned long long)c->hist->n : 0ull);
		}
		if (c->k.cpu_node == dnode) {
			dist_in += c->disturbed;
			rows_in++;
		} else {
			dist_out += c->disturbed;
			rows_out++;
		}
	}
	check(nok > 0 && !bad, "%d ok kernel rows: clean + disturbed + failed + off path = %ld samples, histogram = clean samples",
	      nok, iterations);
	check(rows_in && rows_out && dist_in > 0 &&
	      dist_in * rows_out > dist_out * rows_in,
	      "disturbed CPU's rows: %lld disturbed samples in %lld rows; others: %lld in %lld",
	      dist_in, rows_in, dist_out, rows_out);
}

/*
 * Function-call IPIs an idle target must have received for ops calls: the
 * kernel sends none to a CPU polling in its idle loop (it sets
 * need_resched and the CPU runs the call on its way out), so an idle
 * target may count a few less than ops; a busy one (a kthread spinning on
 * it) counts every one.
 */
static long long idle_ipis_at_least(long ops)
{
	return ops * 9 / 10;
}

static void check_paths(const struct csv_table *k, const struct topology *t,
			long iterations)
{
	for (int i = 0; i < t->nnodes; i++) {
		int n = t->nodes[i].id;
		long long hot, buddy, median;

		if (!t->nodes[i].ncpus || !t->nodes[i].mem_bytes)
			continue;
		hot = counter(k, "buddy_alloc", n, n, "4096", "hot",
			      "buddy_allocs_timed");
		buddy = counter(k, "buddy_alloc", n, n, "4096", "buddy",
				"buddy_allocs_timed");
		/* a sum could come from a few regions: the median region */
		median = counter(k, "buddy_alloc", n, n, "4096", "buddy",
				 "zone_blocks_sample_p50");
		check(hot == 0 && buddy >= iterations && median >= 1,
		      "buddy_alloc order 0 node %d: zone free-list blocks in the timed regions: hot %lld, buddy mode %lld, %lld in its median region, %lld regions off the path (pcp high %lld, batch %lld)",
		      n, hot, buddy, median,
		      counter(k, "buddy_alloc", n, n, "4096", "buddy", "off_path"),
		      counter(k, "buddy_alloc", n, n, "4096", "buddy", "pcp_high"),
		      counter(k, "buddy_alloc", n, n, "4096", "buddy", "pcp_batch"));
	}
	for (int i = 0; i < t->nnodes; i++) {
		int n = t->nodes[i].id, cpus = 0;
		const char *sizes[] = { "4096", "262144" };

		if (!t->nodes[i].ncpus)
			continue;
		for (int j = 0; j < t->nnodes; j++)
			cpus += t->nodes[j].ncpus;
		for (int s = 0; s < 2; s++) {
			long long fp = counter(k, "tlb_kernel_flush", n, -1,
					       sizes[s], "hot", "flush_pages");
			long long tg = counter(k, "tlb_kernel_flush", n, -1,
					       sizes[s], "hot", "ipi_targets");
			long long mn = counter(k, "tlb_kernel_flush", n, -1,
					       sizes[s], "hot", "ipi_min");

			check(fp == atoll(sizes[s]) / 4096 + 1 &&
			      tg == cpus - 1 &&
			      mn >= idle_ipis_at_least(iterations),
			      "tlb_kernel_flush cpu_node %d size %s: flush %lld pages, %lld targets, fewest IPIs %lld (of %ld flushes; targets idle)",
			      n, sizes[s], fp, tg, mn, iterations);
		}
	}
}

static void check_ipis_and_sits(const struct csv_table *k,
				const struct topology *t, long iterations)
{
	const char *modes[] = { "hot", "busy" };
	int c0 = t->nodes[0].id, c1 = -1;

	for (int i = 1; i < t->nnodes; i++)
		if (t->nodes[i].ncpus && c1 < 0)
			c1 = t->nodes[i].id;
	if (c1 < 0) {
		check(1, "IPI flush and remote free # SKIP one CPU node");
		return;
	}
	for (int m = 0; m < 2; m++) {
		long long mn = counter(k, "tlb_ipi_flush_node", c0, c1, "0",
				       modes[m], "ipi_min");

		check(mn >= (m ? iterations : idle_ipis_at_least(iterations)),
		      "tlb_ipi_flush_node %s targets cpu_node %d -> %d: fewest IPIs on a target %lld (of %ld calls)",
		      modes[m], c0, c1, mn, iterations);
	}
	for (int m = 0; m < 2; m++) {
		const char *mode = m ? "cold" : "hot";
		long long n = counter(k, "slab_remote_free", c0, c0, "64", mode,
				      "sit_objects");
		long long ns = counter(k, "slab_remote_free", c0, c0, "64", mode,
				       "sit_ns_mean");

		check(n == iterations && ns > 0,
		      "slab_remote_free %s cpu_node %d: %lld objects handed over, mean wait %lld ns",
		      mode, c0, n, ns);
	}
}

/* TCG models no cache: clflush evicts nothing, a miss costs nothing. */
static int under_tcg(void)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int tcg = 0;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "model name", 10) && strstr(line, "TCG"))
			tcg = 1;
	if (f)
		fclose(f);
	return tcg;
}

/*
 * Cold against hot p50 on remote memory: judged (cold dearer on the
 * geometric mean) where there is a cache to miss, printed under TCG.
 */
static void check_cold(const struct run *run)
{
	double log_sum = 0;
	int n = 0, tcg = under_tcg();

	for (size_t i = 0; i < run->ncells; i++) {
		const struct run_cell *c = &run->cells[i], *h;
		char key[256];
		struct cell_key k;

		if (strcmp(c->k.mode, "cold") || !c->nreps ||
		    c->k.cpu_node == c->k.mem_node)
			continue;
		k = c->k;
		snprintf(k.mode, sizeof(k.mode), "hot");
		run_key_format(key, sizeof(key), &k);
		h = run_find(run, key);
		if (!h || !h->nreps)
			continue;
		printf("# cold/hot p50 %s: %.2f\n", c->key,
		       c->p50_ns[0] / h->p50_ns[0]);
		log_sum += log(c->p50_ns[0] / h->p50_ns[0]);
		n++;
	}
	if (tcg)
		printf("# cold vs hot not judged: TCG models no cache, clflush evicts nothing (geometric mean %.2f over %d remote cells)\n",
		       n ? exp(log_sum / n) : 0, n);
	else
		check(n > 0 && log_sum > 0,
		      "remote cold samples cost more than hot ones: geometric mean %.2f over %d cells",
		      n ? exp(log_sum / n) : 0, n);
}

static int check_run_dir(const char *dir, long iterations, int dnode)
{
	struct csv_table k = { 0 }, csv = { 0 };
	struct run run = { 0 };
	struct topology t;
	char path[4096 + 16], err[512];

	if (load_run("check_signals", dir, &csv, &t))
		return 1;
	snprintf(path, sizeof(path), "%s/counters.csv", dir);
	if (run_load(&run, dir, err, sizeof(err)) ||
	    csv_read(path, &k, err, sizeof(err))) {
		printf("not ok - %s\n", err);
		return 1;
	}
	check_rows(&run, iterations, dnode);
	check_paths(&k, &t, iterations);
	check_ipis_and_sits(&k, &t, iterations);
	check_cold(&run);
	run_free(&run);
	csv_table_free(&k);
	csv_table_free(&csv);
	return tap_done();
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "disturb"))
		return disturb(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "check"))
		return check_run_dir(argv[2], atol(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: check_signals disturb CPU | check RUN_DIR ITERATIONS DISTURBED_NODE\n");
	return 2;
}
