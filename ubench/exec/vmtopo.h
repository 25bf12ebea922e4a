/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulated NUMA topology of the VM guest, from --topology SPEC.
 *
 * SPEC is a comma list of per-node items CPUSxMEM[@D0:D1:...]:
 *   CPUS  number of CPUs of the node, 0 .. VMTOPO_MAX_CPUS (0: CPU-less)
 *   MEM   memory with a K/M/G suffix (binary), or 0 (memoryless node)
 *   @D..  optional SLIT row: distance from this node to node 0, 1, ...
 *         (one value per node, 10 to itself, 11..254 elsewhere); either
 *         every item has a row or none has.
 * Default distances: 10 local, 20 between nodes with CPUs, 30 to or from a
 * node without CPUs. The matrix must be symmetric. Node 0 needs CPUs and
 * memory (the guest kernel boots there); the total is bounded by
 * VMTOPO_MAX_NODES, VMTOPO_MAX_CPUS and VMTOPO_MAX_MEM.
 * Example: "2x1G,2x1G,0x1G" (the default), "2x1G,2x0" (a memoryless node).
 */
#ifndef UBENCH_VMTOPO_H
#define UBENCH_VMTOPO_H

#include <stddef.h>
#include <stdint.h>

#define VMTOPO_DEFAULT		"2x1G,2x1G,0x1G"
#define VMTOPO_MAX_NODES	8
#define VMTOPO_MAX_CPUS		16		/* total over all nodes */
#define VMTOPO_MIN_NODE_MEM	(128ull << 20)	/* per node with memory */
#define VMTOPO_MAX_MEM		(16ull << 30)	/* total */

struct vmtopo_node {
	unsigned cpus;
	uint64_t mem_bytes;
	unsigned dist[VMTOPO_MAX_NODES];
};

struct vmtopo {
	unsigned nnodes;
	unsigned total_cpus;
	uint64_t total_mem;
	struct vmtopo_node node[VMTOPO_MAX_NODES];
};

/*
 * Parse SPEC into t. On error returns -1 and writes a one-line message
 * (no newline) naming the problem and the accepted range into err.
 */
int vmtopo_parse(const char *spec, struct vmtopo *t, char *err, size_t errlen);

/* The canonical SPEC of t (with distances) into buf; -1 if too small. */
int vmtopo_format(const struct vmtopo *t, char *buf, size_t len);

#endif
