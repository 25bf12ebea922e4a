/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine's NUMA topology as the plan needs it: every online node with
 * its online CPUs, its memory (0 for a memoryless node) and the distance
 * matrix. Discovered with hwloc (nodes, CPUs, memory) and libnuma
 * (distances); HWLOC_FSROOT/sysfs replays work through topology_load_sysfs.
 */
#ifndef UBENCH_TOPOLOGY_H
#define UBENCH_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TOPO_MAX_NODES	64
#define TOPO_MAX_CPUS	1024

struct topo_node {
	int id;			/* OS node number */
	uint64_t mem_bytes;	/* total memory, 0 if memoryless */
	int ncpus;
	int *cpus;		/* online CPUs of the node, ascending */
};

struct topology {
	int nnodes;
	struct topo_node *nodes;	/* ascending id */
	int *distance;			/* nnodes x nnodes, row-major, by index */
};

/* Discover the running machine. 0 or -1 with a message in err. */
int topology_discover(struct topology *t, char *err, size_t errlen);

/*
 * The same merge of hwloc's view with the kernel's, on a machine described
 * to hwloc as a synthetic topology (hwloc_topology_set_synthetic, e.g.
 * "[numa(memory=1GB)] pack:2 [numa(memory=1GB)] pu:2") and a sysfs tree
 * under root; distances from that tree. For tests: memoryless and CPU-less
 * nodes, which hwloc hides or mis-attaches, without a NUMA machine.
 */
int topology_discover_synthetic(struct topology *t, const char *synthetic,
				const char *root, char *err, size_t errlen);

/*
 * Read a sysfs tree under root (root/sys/devices/system/node/nodeN/{cpulist,
 * meminfo,distance} and root/sys/devices/system/node/online): the fake
 * topology backend for unit tests, and a cross-check of discover.
 */
int topology_load_sysfs(struct topology *t, const char *root, char *err,
			size_t errlen);

void topology_free(struct topology *t);

/* Index into t->nodes of node id, or -1. */
int topology_index(const struct topology *t, int node_id);

/* Human-readable table: nodes, CPUs, memory (MiB), distance matrix. */
void topology_print(FILE *f, const struct topology *t);

/*
 * The kernel's cpulist format ("0-3,8,10-11", as in sysfs cpulist and
 * node/online); blanks and a final newline are ignored, "" is the empty
 * list. cpulist_parse stores at most cap values, ascending and without
 * duplicates, and returns their number, or -1 if s is malformed or holds
 * more than cap. cpulist_format writes the shortest such list of ids[0..n)
 * (ascending) and returns its length, or -1 if it does not fit.
 */
int cpulist_parse(const char *s, int *out, int cap);
int cpulist_format(char *buf, size_t len, const int *ids, int n);

/*
 * CPUs for threads spread over nodes: the first CPU of node index ci, then
 * the first CPU of each next node that has CPUs, in index order, wrapping;
 * at most n (and one per node). Returns how many were put in cpus.
 */
int topology_spread_cpus(const struct topology *t, int ci, int n, int *cpus);

/*
 * "cpus=<list>" of cpus[0..n) (any order) for a note, or "cpus=<n> CPUs"
 * when the list does not fit len; never longer than len.
 */
void cpulist_note(char *buf, size_t len, const int *cpus, int n);

#endif
