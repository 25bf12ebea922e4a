// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the topology backends (ubench/topology.c): recorded sysfs
 * trees under $TEST_DATA replay NUMA machines this host is not, and
 * discovery runs on the host itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/topology.h"

#define GiB (1ull << 30)

static char err[512];

static void load_tree(struct topology *t, const char *name)
{
	const char *data = getenv("TEST_DATA");
	char root[PATH_MAX];

	assert_non_null(data);
	snprintf(root, sizeof(root), "%s/%s", data, name);
	if (topology_load_sysfs(t, root, err, sizeof(err)))
		fail_msg("%s: %s", root, err);
}

static void assert_cpus(const struct topo_node *node, const int *cpus, int n)
{
	assert_int_equal(node->ncpus, n);
	if (n)
		assert_memory_equal(node->cpus, cpus, (size_t)n * sizeof(*cpus));
}

static void test_cpulist_parse(void **state)
{
	int out[8];

	(void)state;
	assert_int_equal(cpulist_parse("0-1,3\n", out, 8), 3);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 3);
	assert_int_equal(cpulist_parse("", out, 8), 0);
	assert_int_equal(cpulist_parse("\n", out, 8), 0);
	assert_int_equal(cpulist_parse("5,1-2", out, 8), 3);	/* sorted */
	assert_int_equal(out[0], 1);
	assert_int_equal(out[2], 5);
	assert_int_equal(cpulist_parse("1,1,0-1", out, 8), 2);	/* unique */
	assert_int_equal(out[1], 1);
	assert_int_equal(cpulist_parse("0-7", out, 8), 8);	/* exactly cap */
	assert_int_equal(cpulist_parse("0-8", out, 8), -1);
	assert_int_equal(cpulist_parse("0-3,4-8", out, 8), -1);
}

static void test_cpulist_parse_rejects(void **state)
{
	static const char *bad[] = {
		"1-", "-1", "a", "1,,2", "1,", ",1", "3-1", "1 2", "1-2-3", "0x1",
		"99999999999", "1-99999999999", "+1", "1:2",
	};
	int out[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (cpulist_parse(bad[i], out, 8) != -1)
			fail_msg("'%s' accepted", bad[i]);
}

static void test_cpulist_format(void **state)
{
	static const int a[] = { 0, 1, 3 }, b[] = { 0, 2, 4 }, c[] = { 5 },
			 d[] = { 0, 1, 2, 3, 8, 10, 11 };
	char buf[64];
	int out[16];

	(void)state;
	assert_int_equal(cpulist_format(buf, sizeof(buf), a, 3), 5);
	assert_string_equal(buf, "0-1,3");
	cpulist_format(buf, sizeof(buf), b, 3);
	assert_string_equal(buf, "0,2,4");
	cpulist_format(buf, sizeof(buf), c, 1);
	assert_string_equal(buf, "5");
	assert_int_equal(cpulist_format(buf, sizeof(buf), NULL, 0), 0);
	assert_string_equal(buf, "");
	cpulist_format(buf, sizeof(buf), d, 7);
	assert_string_equal(buf, "0-3,8,10-11");
	assert_int_equal(cpulist_parse(buf, out, 16), 7);
	assert_memory_equal(out, d, sizeof(d));
	assert_int_equal(cpulist_format(buf, 11, d, 7), -1);
	assert_int_equal(cpulist_format(buf, 12, d, 7), 11);
	assert_int_equal(cpulist_format(buf, 0, d, 7), -1);
}

static void test_sysfs_vm3(void **state)
{
	static const int n0[] = { 0, 1 }, n1[] = { 2, 3 };
	static const int dist[] = { 10, 20, 30, 20, 10, 30, 30, 30, 10 };
	struct topology t;

	(void)state;
	load_tree(&t, "vm3");
	assert_int_equal(t.nnodes, 3);
	assert_int_equal(t.nodes[0].id, 0);
	assert_int_equal(t.nodes[2].id, 2);
	assert_cpus(&t.nodes[0], n0, 2);
	assert_cpus(&t.nodes[1], n1, 2);
	assert_cpus(&t.nodes[2], NULL, 0);	/* CPU-less memory node */
	assert_null(t.nodes[2].cpus);
	assert_int_equal(t.nodes[0].mem_bytes, GiB);
	assert_int_equal(t.nodes[2].mem_bytes, GiB);
	assert_memory_equal(t.distance, dist, sizeof(dist));
	assert_int_equal(topology_index(&t, 2), 2);
	assert_int_equal(topology_index(&t, 3), -1);
	topology_free(&t);
	assert_int_equal(t.nnodes, 0);
	assert_null(t.nodes);
}

static void test_sysfs_memoryless(void **state)
{
	static const int n0[] = { 0, 1 }, n1[] = { 2, 3 };
	static const int dist[] = { 10, 20, 20, 10 };
	struct topology t;

	(void)state;
	load_tree(&t, "memless");
	assert_int_equal(t.nnodes, 2);
	assert_cpus(&t.nodes[0], n0, 2);
	assert_cpus(&t.nodes[1], n1, 2);
	assert_int_equal(t.nodes[0].mem_bytes, 2 * GiB);
	assert_int_equal(t.nodes[1].mem_bytes, 0);
	assert_memory_equal(t.distance, dist, sizeof(dist));
	topology_free(&t);
}

static char *print_of(const struct topology *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	topology_print(f, t);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_print(void **state)
{
	struct topology t;
	char *s;

	(void)state;
	load_tree(&t, "vm3");
	s = print_of(&t);
	assert_string_equal(s,
		" node  cpus                   memory_MiB\n"
		"    0  0-1                          1024\n"
		"    1  2-3                          1024\n"
		"    2  -                            1024\n"
		"\n"
		" dist     0    1    2\n"
		"    0    10   20   30\n"
		"    1    20   10   30\n"
		"    2    30   30   10\n");
	free(s);
	topology_free(&t);
}

/* ---- broken trees, written at run time into a temporary root ---- */

static char tmproot[64];	/* /tmp/test_topology.XXXXXX */

/* mkdir -p of the directories above path. */
static void make_parents(char *path)
{
	char *p;

	for (p = path + strlen(tmproot) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
}

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/devices/system/node/%s", tmproot, rel);
	make_parents(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* A valid one-node tree, then one file replaced by bad. */
static void broken_tree(const char *rel, const char *bad)
{
	snprintf(tmproot, sizeof(tmproot), "/tmp/test_topology.XXXXXX");
	assert_non_null(mkdtemp(tmproot));
	put("online", "0\n");
	put("node0/cpulist", "0-1\n");
	put("node0/meminfo", "Node 0 MemTotal:  1048576 kB\nNode 0 MemFree: 1 kB\n");
	put("node0/distance", "10\n");
	if (bad)
		put(rel, bad);
}

static void remove_tree(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmproot);
	assert_int_equal(system(cmd), 0);
}

static void expect_error(const char *rel, const char *bad, const char *needle)
{
	struct topology t;

	broken_tree(rel, bad);
	if (topology_load_sysfs(&t, tmproot, err, sizeof(err)) != -1)
		fail_msg("%s '%s' accepted", rel, bad);
	if (!strstr(err, needle))
		fail_msg("%s '%s': '%s' lacks '%s'", rel, bad, err, needle);
	assert_int_equal(t.nnodes, 0);	/* freed and cleared */
	assert_null(t.nodes);
	assert_null(t.distance);
	remove_tree();
}

static void test_sysfs_errors(void **state)
{
	struct topology t;

	(void)state;
	broken_tree(NULL, NULL);	/* the baseline loads */
	assert_int_equal(topology_load_sysfs(&t, tmproot, err, sizeof(err)), 0);
	assert_int_equal(t.nodes[0].mem_bytes, GiB);
	topology_free(&t);
	remove_tree();
	expect_error("online", "", "is not a list of 1..64 nodes");
	expect_error("online", "1\n", "node1/cpulist: No such file");
	expect_error("node0/cpulist", "0-\n", "node0/cpulist '0-");
	expect_error("node0/meminfo", "Node 0 MemFree: 1 kB\n", "no 'MemTotal: N kB'");
	expect_error("node0/meminfo", "Node 0 MemTotal: x kB\n", "no 'MemTotal: N kB'");
	expect_error("node0/distance", "10 20\n", "expected 1 distance(s) in 1..255");
	expect_error("node0/distance", "\n", "expected 1 distance(s) in 1..255");
	expect_error("node0/distance", "ten\n", "expected 1 distance(s) in 1..255");
	assert_int_equal(topology_load_sysfs(&t, "/nonexistent", err, sizeof(err)), -1);
	assert_string_equal(err, "topology: cannot read /nonexistent/sys/devices/"
			    "system/node/online: No such file or directory");
}

/*
 * 64 nodes of 16 CPUs, ids up to 1023 (4 digits): shootdown's CPU spread
 * and its note (once an unguarded append into a 256-byte stack buffer).
 */
static void test_spread_many_nodes(void **state)
{
	struct topology t;
	int cpus[TOPO_MAX_NODES];
	char line[128], note[64 + 8];
	int n;

	(void)state;
	broken_tree(NULL, NULL);
	put("online", "0-63\n");
	for (int i = 0; i < 64; i++) {
		char rel[64], dist[64 * 4 + 2] = "";

		snprintf(rel, sizeof(rel), "node%d/cpulist", i);
		snprintf(line, sizeof(line), "%d-%d\n", 16 * i, 16 * i + 15);
		put(rel, line);
		snprintf(rel, sizeof(rel), "node%d/meminfo", i);
		snprintf(line, sizeof(line), "Node %d MemTotal: 1048576 kB\n", i);
		put(rel, line);
		for (int k = 0; k < 64; k++)
			strcat(dist, k == i ? "10 " : "20 ");
		strcat(dist, "\n");
		snprintf(rel, sizeof(rel), "node%d/distance", i);
		put(rel, dist);
	}
	assert_int_equal(topology_load_sysfs(&t, tmproot, err, sizeof(err)), 0);
	assert_int_equal(t.nnodes, 64);
	n = topology_spread_cpus(&t, 62, 64, cpus);
	assert_int_equal(n, 64);
	assert_int_equal(cpus[0], 992);
	assert_int_equal(cpus[1], 1008);
	assert_int_equal(cpus[2], 0);	/* wrapped */
	memset(note, 'X', sizeof(note));
	cpulist_note(note, 64, cpus, n);	/* 64 ids do not fit */
	assert_string_equal(note, "cpus=64 CPUs");
	for (size_t i = 64; i < sizeof(note); i++)
		assert_int_equal(note[i], 'X');	/* nothing past len */
	cpulist_note(note, 64, cpus, 3);
	assert_string_equal(note, "cpus=0,992,1008");
	topology_free(&t);
	remove_tree();
}

static void discover_tree(struct topology *t, const char *synthetic,
			  const char *name)
{
	char root[PATH_MAX];

	snprintf(root, sizeof(root), "%s/%s", getenv("TEST_DATA"), name);
	if (topology_discover_synthetic(t, synthetic, root, err, sizeof(err)))
		fail_msg("%s: %s", synthetic, err);
}

/*
 * The default guest as hwloc sees it: node 2 is CPU-less and hangs from the
 * Machine, so hwloc's cpuset of it is every CPU. The kernel's view wins.
 */
static void test_discover_cpuless(void **state)
{
	static const int n0[] = { 0, 1 }, n1[] = { 2, 3 };
	static const int dist[] = { 10, 20, 30, 20, 10, 30, 30, 30, 10 };
	struct topology t;

	(void)state;
	discover_tree(&t, "[numa(memory=1GiB)] pack:2 [numa(memory=1GiB)] pu:2", "vm3");
	assert_int_equal(t.nnodes, 3);
	assert_cpus(&t.nodes[0], n0, 2);
	assert_cpus(&t.nodes[1], n1, 2);
	assert_cpus(&t.nodes[2], NULL, 0);
	assert_int_equal(t.nodes[2].mem_bytes, GiB);
	assert_memory_equal(t.distance, dist, sizeof(dist));
	topology_free(&t);
}

/*
 * "2x2G,2x0" as hwloc 2 sees it: one NUMA node covering all four CPUs, the
 * memoryless node 1 hidden. Node 1 comes back from sysfs with its CPUs.
 */
static void test_discover_memoryless(void **state)
{
	static const int n0[] = { 0, 1 }, n1[] = { 2, 3 };
	static const int dist[] = { 10, 20, 20, 10 };
	struct topology t;

	(void)state;
	discover_tree(&t, "[numa(memory=2GiB)] pack:2 pu:2", "memless");
	assert_int_equal(t.nnodes, 2);
	assert_int_equal(t.nodes[1].id, 1);
	assert_cpus(&t.nodes[0], n0, 2);
	assert_cpus(&t.nodes[1], n1, 2);
	assert_int_equal(t.nodes[0].mem_bytes, 2 * GiB);
	assert_int_equal(t.nodes[1].mem_bytes, 0);
	assert_memory_equal(t.distance, dist, sizeof(dist));
	topology_free(&t);
	assert_int_equal(topology_discover_synthetic(&t, "bogus:", "/", err,
						     sizeof(err)), -1);
	assert_string_equal(err, "topology: bad synthetic topology 'bogus:'");
	assert_null(t.nodes);
}

static int contains(const struct topo_node *node, int cpu)
{
	int i;

	for (i = 0; i < node->ncpus; i++)
		if (node->cpus[i] == cpu)
			return 1;
	return 0;
}

/* Discovery on this host, cross-checked against the host's own sysfs. */
static void test_discover_host(void **state)
{
	struct topology t, s;
	int i, j, k, have_sysfs;

	(void)state;
	if (topology_discover(&t, err, sizeof(err)))
		fail_msg("topology_discover: %s", err);
	assert_true(t.nnodes >= 1);
	have_sysfs = !topology_load_sysfs(&s, "/", err, sizeof(err));
	for (i = 0; i < t.nnodes; i++) {
		const struct topo_node *node = &t.nodes[i];

		assert_true(i == 0 || node->id > t.nodes[i - 1].id);
		assert_int_equal(t.distance[i * t.nnodes + i], 10);
		for (j = 1; j < node->ncpus; j++)
			assert_true(node->cpus[j] > node->cpus[j - 1]);
		if (!have_sysfs)
			continue;
		k = topology_index(&s, node->id);
		assert_true(k >= 0);
		/* Allowed CPUs are a subset; hwloc may hide huge pages. */
		for (j = 0; j < node->ncpus; j++)
			assert_true(contains(&s.nodes[k], node->cpus[j]));
		assert_true(node->mem_bytes <= s.nodes[k].mem_bytes);
		assert_true(!node->mem_bytes == !s.nodes[k].mem_bytes);
	}
	if (have_sysfs) {
		assert_int_equal(t.nnodes, s.nnodes);
		topology_free(&s);
	}
	topology_print(stdout, &t);
	topology_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpulist_parse),
		cmocka_unit_test(test_spread_many_nodes),
		cmocka_unit_test(test_cpulist_parse_rejects),
		cmocka_unit_test(test_cpulist_format),
		cmocka_unit_test(test_sysfs_vm3),
		cmocka_unit_test(test_sysfs_memoryless),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_sysfs_errors),
		cmocka_unit_test(test_discover_cpuless),
		cmocka_unit_test(test_discover_memoryless),
		cmocka_unit_test(test_discover_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
