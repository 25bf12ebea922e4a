// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA topology: discovered with hwloc and libnuma on the running machine,
 * or read from a recorded sysfs tree (the fake backend of the unit tests).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <hwloc.h>
#include <inttypes.h>
#include <limits.h>
#include <numa.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "topology.h"

#define NODE_DIR	"/sys/devices/system/node"
#define FILE_MAX	16384	/* a cpulist of 1024 CPUs is a few KiB */

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- cpulist ---------------------------------------------------------- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static const char *skip_blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* "A" or "A-B" at *s, with 0 <= A <= B <= INT_MAX; *s moves past it. */
static int scan_span(const char **s, long *a, long *b)
{
	char *end;

	if (!isdigit((unsigned char)**s))
		return -1;
	errno = 0;
	*a = strtol(*s, &end, 10);
	*b = *a;
	if (*end == '-') {
		if (!isdigit((unsigned char)end[1]))
			return -1;
		*b = strtol(end + 1, &end, 10);
	}
	if (errno || *b > INT_MAX || *b < *a)
		return -1;
	*s = end;
	return 0;
}

static int sort_unique(int *v, int n)
{
	int i, m = 0;

	qsort(v, (size_t)n, sizeof(*v), cmp_int);
	for (i = 0; i < n; i++)
		if (m == 0 || v[i] != v[m - 1])
			v[m++] = v[i];
	return m;
}

int cpulist_parse(const char *s, int *out, int cap)
{
	long a, b;
	int n = 0;

	for (s = skip_blank(s); *s; s = skip_blank(s)) {
		if (scan_span(&s, &a, &b) || b - a >= cap - n)
			return -1;
		while (a <= b)
			out[n++] = (int)a++;
		s = skip_blank(s);
		if (*s == ',' && *skip_blank(s + 1))
			s++;
		else if (*s)
			return -1;
	}
	return sort_unique(out, n);
}

int cpulist_format(char *buf, size_t len, const int *ids, int n)
{
	size_t pos = 0;
	int i, j, w;

	if (!len)
		return -1;
	buf[0] = '\0';
	for (i = 0; i < n; i = j + 1) {
		for (j = i; j + 1 < n && ids[j + 1] == ids[j] + 1; j++)
			;
		if (j == i)
			w = snprintf(buf + pos, len - pos, "%s%d", pos ? "," : "", ids[i]);
		else
			w = snprintf(buf + pos, len - pos, "%s%d-%d", pos ? "," : "",
				     ids[i], ids[j]);
		if (w < 0 || (size_t)w >= len - pos)
			return -1;
		pos += (size_t)w;
	}
	return (int)pos;
}

/* ---- common ----------------------------------------------------------- */

static int topology_alloc(struct topology *t, int n)
{
	t->nnodes = n;
	t->nodes = calloc((size_t)n, sizeof(*t->nodes));
	t->distance = calloc((size_t)n * (size_t)n, sizeof(*t->distance));
	return t->nodes && t->distance ? 0 : -1;
}

void topology_free(struct topology *t)
{
	int i;

	for (i = 0; t->nodes && i < t->nnodes; i++)
		free(t->nodes[i].cpus);
	free(t->nodes);
	free(t->distance);
	memset(t, 0, sizeof(*t));
}

int topology_index(const struct topology *t, int node_id)
{
	int i;

	for (i = 0; i < t->nnodes; i++)
		if (t->nodes[i].id == node_id)
			return i;
	return -1;
}

static int node_set_cpus(struct topo_node *node, const int *cpus, int n)
{
	node->ncpus = n;
	if (!n)
		return 0;
	node->cpus = malloc((size_t)n * sizeof(*cpus));
	if (!node->cpus)
		return -1;
	memcpy(node->cpus, cpus, (size_t)n * sizeof(*cpus));
	return 0;
}

/* ---- sysfs replay ----------------------------------------------------- */

/* A small file into buf, NUL-terminated; -1 with errno on error. */
static int read_small(const char *path, char *buf, size_t len)
{
	size_t pos = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (pos + 1 < len && (n = read(fd, buf + pos, len - 1 - pos)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		pos += (size_t)n;
	}
	close(fd);
	buf[pos] = '\0';
	if (pos + 1 == len) {
		errno = EFBIG;
		return -1;
	}
	return 0;
}

/* NODE_DIR/name (id < 0) or NODE_DIR/nodeID/name under root into buf. */
static int sysfs_read(const char *root, int id, const char *name, char *buf,
		      char *err, size_t errlen)
{
	char path[PATH_MAX];

	if (!strcmp(root, "/"))
		root = "";
	if (id < 0)
		snprintf(path, sizeof(path), "%s" NODE_DIR "/%s", root, name);
	else
		snprintf(path, sizeof(path), "%s" NODE_DIR "/node%d/%s", root, id,
			 name);
	if (!read_small(path, buf, FILE_MAX))
		return 0;
	set_err(err, errlen, "topology: cannot read %s: %s", path, strerror(errno));
	return -1;
}

/* "Node 0 MemTotal:  123456 kB" somewhere in nodeN/meminfo. */
static int parse_memtotal(const char *buf, uint64_t *bytes)
{
	const char *p = strstr(buf, "MemTotal:");
	unsigned long long kb;
	char *end;

	if (!p)
		return -1;
	p = skip_blank(p + strlen("MemTotal:"));
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	kb = strtoull(p, &end, 10);
	if (errno || strncmp(skip_blank(end), "kB", 2) || kb > UINT64_MAX / 1024)
		return -1;
	*bytes = kb * 1024;
	return 0;
}

/* nodeN/distance: one value per online node, in node order. */
static int parse_distance_row(const char *buf, int *row, int n)
{
	const char *p = skip_blank(buf);
	char *end;
	long v;
	int i;

	for (i = 0; *p; i++, p = skip_blank(end)) {
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || errno || v <= 0 || v > 255 || i == n)
			return -1;
		row[i] = (int)v;
	}
	return i == n ? 0 : -1;
}

static int load_node_cpus(struct topology *t, int i, const char *root,
			  char *buf, char *err, size_t errlen)
{
	int *cpus, n, ret = -1;

	if (sysfs_read(root, t->nodes[i].id, "cpulist", buf, err, errlen))
		return -1;
	cpus = malloc(TOPO_MAX_CPUS * sizeof(*cpus));
	if (!cpus) {
		set_err(err, errlen, "topology: out of memory");
		return -1;
	}
	n = cpulist_parse(buf, cpus, TOPO_MAX_CPUS);
	if (n < 0)
		set_err(err, errlen, "topology: node%d/cpulist '%.64s' is not a CPU list "
			"of at most %d CPUs", t->nodes[i].id, buf, TOPO_MAX_CPUS);
	else if (node_set_cpus(&t->nodes[i], cpus, n))
		set_err(err, errlen, "topology: out of memory");
	else
		ret = 0;
	free(cpus);
	return ret;
}

static int load_node(struct topology *t, int i, const char *root, char *buf,
		     char *err, size_t errlen)
{
	struct topo_node *node = &t->nodes[i];

	if (load_node_cpus(t, i, root, buf, err, errlen) ||
	    sysfs_read(root, node->id, "meminfo", buf, err, errlen))
		return -1;
	if (parse_memtotal(buf, &node->mem_bytes)) {
		set_err(err, errlen, "topology: node%d/meminfo has no 'MemTotal: N kB' line",
			node->id);
		return -1;
	}
	if (sysfs_read(root, node->id, "distance", buf, err, errlen))
		return -1;
	if (parse_distance_row(buf, &t->distance[i * t->nnodes], t->nnodes)) {
		set_err(err, errlen, "topology: node%d/distance '%.64s' is not %d "
			"distances in 1..255", node->id, buf, t->nnodes);
		return -1;
	}
	return 0;
}

static int load_nodes(struct topology *t, const char *root, char *buf,
		      char *err, size_t errlen)
{
	int ids[TOPO_MAX_NODES], n, i;

	if (sysfs_read(root, -1, "online", buf, err, errlen))
		return -1;
	n = cpulist_parse(buf, ids, TOPO_MAX_NODES);
	if (n <= 0) {
		set_err(err, errlen, "topology: node/online '%.64s' is not a list of 1..%d "
			"nodes", buf, TOPO_MAX_NODES);
		return -1;
	}
	if (topology_alloc(t, n)) {
		set_err(err, errlen, "topology: out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		t->nodes[i].id = ids[i];
	for (i = 0; i < n; i++)
		if (load_node(t, i, root, buf, err, errlen))
			return -1;
	return 0;
}

int topology_load_sysfs(struct topology *t, const char *root, char *err,
			size_t errlen)
{
	char *buf = malloc(FILE_MAX);
	int ret;

	memset(t, 0, sizeof(*t));
	if (!buf) {
		set_err(err, errlen, "topology: out of memory");
		return -1;
	}
	ret = load_nodes(t, root, buf, err, errlen);
	free(buf);
	if (ret)
		topology_free(t);
	return ret;
}

/* ---- discovery -------------------------------------------------------- */

/* Insert id into the ascending set ids[0..*n); -1 when it is full. */
static int add_id(int *ids, int *n, int id)
{
	int i = *n;

	if (bsearch(&id, ids, (size_t)*n, sizeof(*ids), cmp_int))
		return 0;
	if (*n == TOPO_MAX_NODES)
		return -1;
	for (; i > 0 && ids[i - 1] > id; i--)
		ids[i] = ids[i - 1];
	ids[i] = id;
	(*n)++;
	return 0;
}

/*
 * hwloc 2 hides NUMA nodes without memory (open-mpi/hwloc#430, #438), but the
 * plan needs them: a memoryless node is a CPU side of the matrix. libnuma's
 * numa_nodes_ptr has every node the kernel exposes, so take the union.
 */
static int discover_ids(hwloc_topology_t topo, int numa_ok, int *ids)
{
	hwloc_obj_t obj = NULL;
	int n = 0, id;

	while ((obj = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, obj)))
		if (add_id(ids, &n, (int)obj->os_index))
			return -1;
	for (id = 0; numa_ok && id <= numa_max_node(); id++)
		if (numa_bitmask_isbitset(numa_nodes_ptr, (unsigned)id) &&
		    add_id(ids, &n, id))
			return -1;
	return n;
}

static void numa_cpus(int id, hwloc_bitmap_t set)
{
	struct bitmask *mask = numa_allocate_cpumask();
	unsigned cpu;

	if (mask && numa_node_to_cpus(id, mask) == 0)
		for (cpu = 0; cpu < mask->size; cpu++)
			if (numa_bitmask_isbitset(mask, cpu))
				hwloc_bitmap_set(set, cpu);
	if (mask)
		numa_free_cpumask(mask);
}

/*
 * The CPUs of node id: hwloc's cpuset of the node (CPUs of a hidden
 * memoryless node from libnuma), restricted to the allowed CPUs, and to
 * those the kernel puts on this node: a NUMA object attached to a package
 * covers the whole package, memoryless siblings' CPUs included.
 */
static void node_cpuset(hwloc_topology_t topo, int numa_ok, int id,
			hwloc_bitmap_t set)
{
	hwloc_obj_t obj = hwloc_get_numanode_obj_by_os_index(topo, (unsigned)id);
	int cpu;

	if (obj && obj->cpuset)
		hwloc_bitmap_copy(set, obj->cpuset);
	else if (numa_ok)
		numa_cpus(id, set);
	hwloc_bitmap_and(set, set, hwloc_topology_get_allowed_cpuset(topo));
	if (!numa_ok)
		return;
	hwloc_bitmap_foreach_begin(cpu, set)
		if (numa_node_of_cpu(cpu) != id)
			hwloc_bitmap_clr(set, (unsigned)cpu);
	hwloc_bitmap_foreach_end();
}

/* hwloc's size, or libnuma's for a node hwloc hides (0 when memoryless). */
static uint64_t node_memory(hwloc_topology_t topo, int numa_ok, int id)
{
	hwloc_obj_t obj = hwloc_get_numanode_obj_by_os_index(topo, (unsigned)id);
	long long size;

	if (obj && obj->attr)
		return obj->attr->numanode.local_memory;
	size = numa_ok ? numa_node_size64(id, NULL) : 0;
	return size > 0 ? (uint64_t)size : 0;
}

static int discover_node(hwloc_topology_t topo, int numa_ok,
			 struct topo_node *node)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	int cpu, n, i = 0;

	if (!set)
		return -1;
	node_cpuset(topo, numa_ok, node->id, set);
	n = hwloc_bitmap_weight(set);
	if (n < 0 || n > TOPO_MAX_CPUS)
		goto fail;
	if (n && !(node->cpus = calloc((size_t)n, sizeof(*node->cpus))))
		goto fail;
	node->ncpus = n;
	hwloc_bitmap_foreach_begin(cpu, set)
		node->cpus[i++] = cpu;
	hwloc_bitmap_foreach_end();
	hwloc_bitmap_free(set);
	node->mem_bytes = node_memory(topo, numa_ok, node->id);
	return 0;
fail:
	hwloc_bitmap_free(set);
	return -1;
}

/* The SLIT from libnuma; 10 local, 20 remote where it has none. */
static void discover_distances(struct topology *t, int numa_ok)
{
	int i, j, d, n = t->nnodes;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			d = numa_ok ? numa_distance(t->nodes[i].id, t->nodes[j].id) : 0;
			t->distance[i * n + j] = d > 0 ? d : i == j ? 10 : 20;
		}
	}
}

static int discover_loaded(struct topology *t, hwloc_topology_t topo,
			   char *err, size_t errlen)
{
	int numa_ok = numa_available() >= 0;
	int ids[TOPO_MAX_NODES], n, i;

	n = discover_ids(topo, numa_ok, ids);
	if (n <= 0) {
		set_err(err, errlen, n ? "topology: more than %d NUMA nodes" :
			"topology: hwloc found no NUMA node", TOPO_MAX_NODES);
		return -1;
	}
	if (topology_alloc(t, n)) {
		set_err(err, errlen, "topology: out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		t->nodes[i].id = ids[i];
		if (discover_node(topo, numa_ok, &t->nodes[i])) {
			set_err(err, errlen, "topology: cannot list the CPUs of node %d "
				"(out of memory, or more than %d)", ids[i], TOPO_MAX_CPUS);
			return -1;
		}
	}
	discover_distances(t, numa_ok);
	return 0;
}

int topology_discover(struct topology *t, char *err, size_t errlen)
{
	hwloc_topology_t topo;
	int ret = -1;

	memset(t, 0, sizeof(*t));
	if (hwloc_topology_init(&topo) < 0) {
		set_err(err, errlen, "topology: hwloc_topology_init: %s", strerror(errno));
		return -1;
	}
	if (hwloc_topology_load(topo) < 0)
		set_err(err, errlen, "topology: hwloc_topology_load: %s", strerror(errno));
	else
		ret = discover_loaded(t, topo, err, errlen);
	hwloc_topology_destroy(topo);
	if (ret)
		topology_free(t);
	return ret;
}

/* ---- printing --------------------------------------------------------- */

static void print_nodes(FILE *f, const struct topology *t)
{
	char cpus[4096];
	int i;

	fprintf(f, "%5s  %-20s %12s\n", "node", "cpus", "memory_MiB");
	for (i = 0; i < t->nnodes; i++) {
		const struct topo_node *node = &t->nodes[i];

		if (cpulist_format(cpus, sizeof(cpus), node->cpus, node->ncpus) < 0)
			snprintf(cpus, sizeof(cpus), "(%d CPUs)", node->ncpus);
		fprintf(f, "%5d  %-20s %12" PRIu64 "\n", node->id,
			node->ncpus ? cpus : "-", node->mem_bytes >> 20);
	}
}

static void print_distances(FILE *f, const struct topology *t)
{
	int i, j;

	fprintf(f, "%5s ", "dist");
	for (j = 0; j < t->nnodes; j++)
		fprintf(f, " %4d", t->nodes[j].id);
	fputc('\n', f);
	for (i = 0; i < t->nnodes; i++) {
		fprintf(f, "%5d ", t->nodes[i].id);
		for (j = 0; j < t->nnodes; j++)
			fprintf(f, " %4d", t->distance[i * t->nnodes + j]);
		fputc('\n', f);
	}
}

void topology_print(FILE *f, const struct topology *t)
{
	print_nodes(f, t);
	fputc('\n', f);
	print_distances(f, t);
}
