// SPDX-License-Identifier: GPL-2.0
/* Page placement: see placement.h. */
#include "placement.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/mpol.h"

#define CHUNK	512

static int query_chunk(int pid, void **pages, size_t n, unsigned long expected,
		       struct placement *out)
{
	int status[CHUNK];

	if (sys_move_pages(pid, n, pages, NULL, status, 0))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int s = status[i];

		if (s < 0 || s >= TOPO_MAX_NODES) {
			out->absent++;
			out->misplaced++;
			continue;
		}
		out->per_node[s]++;
		if (!(expected & (1ul << s)))
			out->misplaced++;
	}
	return 0;
}

int placement_query(int pid, const void *addr, size_t npages, size_t stride,
		    unsigned long expected, struct placement *out)
{
	void *pages[CHUNK];

	memset(out, 0, sizeof(*out));
	if ((uintptr_t)addr % 4096 || !stride || stride % 4096) {
		errno = EINVAL;	/* move_pages would round; refuse instead */
		return -1;
	}
	for (size_t done = 0; done < npages;) {
		size_t n = npages - done < CHUNK ? npages - done : CHUNK;

		for (size_t i = 0; i < n; i++)
			pages[i] = (char *)addr + (done + i) * stride;
		if (query_chunk(pid, pages, n, expected, out))
			return -1;
		done += n;
	}
	return 0;
}

int placement_query_list(void *const *addrs, size_t n, unsigned long expected,
			 struct placement *out)
{
	void *pages[CHUNK];

	memset(out, 0, sizeof(*out));
	for (size_t done = 0; done < n;) {
		size_t k = n - done < CHUNK ? n - done : CHUNK;

		memcpy(pages, addrs + done, k * sizeof(*pages));
		if (query_chunk(0, pages, k, expected, out))
			return -1;
		done += k;
	}
	return 0;
}

int placement_format(char *buf, size_t len, const struct placement *p)
{
	int n = snprintf(buf, len, "pages_per_node=");

	for (int i = 0, first = 1; i < TOPO_MAX_NODES && n >= 0 && (size_t)n < len; i++) {
		if (!p->per_node[i])
			continue;
		n += snprintf(buf + n, len - (size_t)n, "%s%d:%llu",
			      first ? "" : ",", i,
			      (unsigned long long)p->per_node[i]);
		first = 0;
	}
	if (p->absent && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " absent=%llu",
			      (unsigned long long)p->absent);
	return n >= 0 && (size_t)n < len ? n : -1;
}

uint64_t placement_numa_maps(FILE *f, int node)
{
	char *line = NULL, key[16], *save;
	size_t cap = 0;
	uint64_t sum = 0;
	int klen = snprintf(key, sizeof(key), "N%d=", node);

	/* "7f.. default anon=3 dirty=3 N0=2 N1=1 kernelpagesize_kB=4" */
	while (getline(&line, &cap, f) > 0)
		for (char *tok = strtok_r(line, " \n", &save); tok;
		     tok = strtok_r(NULL, " \n", &save))
			if (!strncmp(tok, key, (size_t)klen))
				sum += strtoull(tok + klen, NULL, 10);
	free(line);
	return sum;
}

int placement_process_pages(int pid, int node, uint64_t *pages)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/numa_maps", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	*pages = placement_numa_maps(f, node);
	fclose(f);
	return 0;
}

uint64_t placement_spread(const struct placement *p, unsigned long mask)
{
	uint64_t lo = UINT64_MAX, hi = 0;

	for (int i = 0; i < TOPO_MAX_NODES; i++) {
		if (!(mask & (1ul << i)))
			continue;
		if (p->per_node[i] < lo)
			lo = p->per_node[i];
		if (p->per_node[i] > hi)
			hi = p->per_node[i];
	}
	return hi >= lo ? hi - lo : 0;
}
