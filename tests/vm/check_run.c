// SPDX-License-Identifier: GPL-2.0
/*
 * check_run RUN_DIR [CASE_GLOBS]: runs in the guest after `numabench run`, and judges
 * the run against the module's own case table and the guest's topology:
 * every case has rows for every (cpu_node, mem_node) pair; where the pair
 * can run, ok rows with samples > 0, failures = 0 and misplaced = 0; where
 * it cannot (memoryless node, no CPUs to target, local-only API), skipped
 * rows with a reason; meta.json complete. Loads the module from $KBENCH_KO
 * and unloads it again, checking that it goes. TAP-like output.
 */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rundir/csvread.h"
#include "kernel/modclient.h"
#include "tap.h"
#include "host/topology.h"


/* What the pair must show: 1 ok rows, 0 skipped rows. */
static int can_run(const struct kbench_case_info *k, const struct topology *t,
		   int ci, int mi)
{
	const struct topo_node *m;

	if (k->flags & KBENCH_CF_NO_MEM_NODE)
		return 1;
	m = &t->nodes[mi];
	if (k->flags & KBENCH_CF_TARGET_CPUS)
		return m->ncpus > (ci == mi ? 1 : 0);
	if (!m->mem_bytes)
		return 0;
	return !(k->flags & KBENCH_CF_LOCAL_ONLY) || ci == mi;
}

struct cols {
	int test, cpu, mem, samples, failures, misplaced, status, note, p50;
	int mode;
};

static void check_pair(const struct csv_table *csv, const struct cols *c,
		       const struct kbench_case_info *k,
		       const struct topology *t, int ci, int mi)
{
	int cn = t->nodes[ci].id, mn = mi < 0 ? -1 : t->nodes[mi].id;
	int expect_ok = can_run(k, t, ci, mi);
	int rows = 0, ok = 0, bad = 0;
	char mem[16];

	/* schema 8: a key that does not apply is -1, never empty */
	snprintf(mem, sizeof(mem), "%d", mn);
	for (size_t r = 0; r < csv->nrows; r++) {
		char **f = csv->rows[r];

		if (strcmp(f[c->test], k->name) || atoi(f[c->cpu]) != cn ||
		    strcmp(f[c->mem], mem))
			continue;
		rows++;
		if (!strcmp(f[c->status], "ok")) {
			/* mode low holds the node at its low watermark: there
			 * __GFP_THISNODE may fail and the fallback lands
			 * elsewhere, which is what the mode shows */
			int low = !strcmp(f[c->mode], "low");

			ok++;
			bad += atoll(f[c->samples]) <= 0 ||
			       (!low && atoll(f[c->failures]) != 0) ||
			       (!low && atoll(f[c->misplaced]) != 0) ||
			       atof(f[c->p50]) <= 0 || !expect_ok;
		} else if (!strcmp(f[c->status], "skipped")) {
			/* a skip needs a reason; batch caps may skip a few */
			bad += !f[c->note][0] ||
			       (expect_ok && !strstr(f[c->note], "cap"));
		} else {
			bad++;
		}
	}
	check(rows > 0, "%s cpu_node %d mem_node %s: has rows", k->name, cn,
	      mem);
	if (expect_ok)
		check(ok > 0 && !bad, "%s cpu_node %d mem_node %s: %d ok rows, samples > 0, no failures, nothing misplaced (but in mode low)",
		      k->name, cn, mem, ok);
	else
		check(ok == 0 && !bad, "%s cpu_node %d mem_node %s: skipped with a reason",
		      k->name, cn, mem);
}

static int meta_complete(const char *dir)
{
	char path[4096], buf[65536];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, "\"complete\": true") != NULL;
}

int main(int argc, char **argv)
{
	struct kbench_client kc;
	struct csv_table csv;
	struct topology t;
	struct cols c;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: check_run RUN_DIR [CASE_GLOB] (KBENCH_KO in the environment)\n");
		return 2;
	}
	if (load_run("check_run", argv[1], &csv, &t))
		return 1;
	if (kbench_open(&kc, getenv("KBENCH_KO"), NULL)) {
		fprintf(stderr, "check_run: cannot open the module\n");
		return 1;
	}
	c = (struct cols){ csv_col(&csv, "test"), csv_col(&csv, "cpu_node"),
		csv_col(&csv, "mem_node"), csv_col(&csv, "samples"),
		csv_col(&csv, "failures"), csv_col(&csv, "misplaced"),
		csv_col(&csv, "status"), csv_col(&csv, "note"),
		csv_col(&csv, "p50_ns"), csv_col(&csv, "mode") };
	check(meta_complete(argv[1]), "meta.json says complete");
	for (unsigned i = 0; i < kc.version.ncases; i++) {
		const struct kbench_case_info *k = &kc.cases[i];

		if (argc == 3 && fnmatch(argv[2], k->name, 0))
			continue;
		for (int ci = 0; ci < t.nnodes; ci++) {
			if (!t.nodes[ci].ncpus)
				continue;
			if (k->flags & KBENCH_CF_NO_MEM_NODE) {
				check_pair(&csv, &c, k, &t, ci, -1);
				continue;
			}
			for (int mi = 0; mi < t.nnodes; mi++)
				check_pair(&csv, &c, k, &t, ci, mi);
		}
	}
	check(kbench_close(&kc) == 0, "module unloads");
	check(access("/dev/kbench", F_OK) != 0, "/dev/kbench is gone");
	csv_table_free(&csv);
	topology_free(&t);
	return tap_done();
}
