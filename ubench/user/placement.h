/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where pages really are: move_pages(2) with nodes = NULL asks the kernel
 * for the node of each page, without moving anything.
 */
#ifndef UBENCH_PLACEMENT_H
#define UBENCH_PLACEMENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "host/topology.h"

struct placement {
	uint64_t per_node[TOPO_MAX_NODES];	/* pages found on node n */
	uint64_t absent;	/* not present or not movable (status < 0) */
	uint64_t misplaced;	/* absent, or on a node outside expected */
};

/*
 * Query npages pages of process pid (0: this one), stride bytes apart from
 * addr (stride: the page size, 2 MiB for THP so one page per huge page is
 * asked), and count them against the node mask expected. addr and stride
 * must be multiples of 4 KiB (else -1 with EINVAL). 0, or -1 with errno
 * from move_pages.
 */
int placement_query(int pid, const void *addr, size_t npages, size_t stride,
		    unsigned long expected, struct placement *out);

/* The same for an arbitrary list of addresses (malloc'ed objects). */
int placement_query_list(void *const *addrs, size_t n, unsigned long expected,
			 struct placement *out);

/* "pages_per_node=0:128,1:128" (nodes with pages only; absent=N if any). */
int placement_format(char *buf, size_t len, const struct placement *p);

/*
 * Pages of process pid on node: the N<node>= counts of /proc/PID/numa_maps
 * summed over its mappings (in 4 KiB pages; a THP counts 512). 0, or -1
 * with errno.
 */
int placement_process_pages(int pid, int node, uint64_t *pages);

/* The same sum over an open numa_maps text (tests replay a recorded one). */
uint64_t placement_numa_maps(FILE *f, int node);

/* max - min of per_node over the nodes of mask (0 for one node). */
uint64_t placement_spread(const struct placement *p, unsigned long mask);

#endif
