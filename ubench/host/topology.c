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
#include "util/error.h"

#define NODE_DIR	"/sys/devices/system/node"
#define FILE_MAX	16384	/* a cpulist of 1024 CPUs is a few KiB */

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

	if (n < 2)
		return n;	/* and qsort never sees a NULL out of cap 0 */
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
	if (pos + 1 == len) {
		errno = EFBIG;
		return -1;
	}
	/* Trailing newline off, so messages quoting the file stay one line. */
	while (pos && isspace((unsigned char)buf[pos - 1]))
		pos--;
	buf[pos] = '\0';
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
		set_err(err, errlen, "topology: node%d/distance '%.64s': expected %d "
			"distance(s) in 1..255, one per online node", node->id, buf,
			t->nnodes);
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

/*
 * hwloc describes the nodes, but two things need the kernel's own view
 * (sysfs, read with the replay code above):
 * - hwloc 2 hides NUMA nodes without memory (open-mpi/hwloc#430, #438), and
 *   the plan needs them: a memoryless node is a CPU side of the matrix;
 * - hwloc gives a NUMA object the cpuset of the object it hangs from, so a
 *   CPU-less node attached to the Machine covers every CPU (checked with a
 *   synthetic topology), and a node attached to a package covers the CPUs of
 *   its memoryless siblings.
 * sysfs rather than libnuma, which a container's seccomp profile can disable
 * (numa_available() < 0) on a NUMA host.
 */
struct discovery {
	hwloc_topology_t topo;
	struct topology kernel;	/* from sysfs; nnodes 0 if unreadable */
	int numa_ok;		/* libnuma usable, for the distances */
};

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

/* hwloc's nodes and the kernel's, ascending; -1 when there are too many. */
static int discover_ids(const struct discovery *d, int *ids)
{
	hwloc_obj_t obj = NULL;
	int n = 0, i;

	while ((obj = hwloc_get_next_obj_by_type(d->topo, HWLOC_OBJ_NUMANODE, obj)))
		if (add_id(ids, &n, (int)obj->os_index))
			return -1;
	for (i = 0; i < d->kernel.nnodes; i++)
		if (add_id(ids, &n, d->kernel.nodes[i].id))
			return -1;
	return n;
}

/*
 * hwloc's cpuset of the node, cut down to the kernel's CPUs of the node
 * (the only source for a node hwloc hides), then to the allowed ones.
 */
static void node_cpuset(const struct discovery *d, hwloc_obj_t obj, int id,
			hwloc_bitmap_t set)
{
	int k = topology_index(&d->kernel, id), i;
	hwloc_bitmap_t kset;

	if (obj && obj->cpuset)
		hwloc_bitmap_copy(set, obj->cpuset);
	if (k >= 0 && (kset = hwloc_bitmap_alloc())) {
		for (i = 0; i < d->kernel.nodes[k].ncpus; i++)
			hwloc_bitmap_set(kset, (unsigned)d->kernel.nodes[k].cpus[i]);
		if (obj)
			hwloc_bitmap_and(set, set, kset);
		else
			hwloc_bitmap_copy(set, kset);
		hwloc_bitmap_free(kset);
	}
	hwloc_bitmap_and(set, set, hwloc_topology_get_allowed_cpuset(d->topo));
}

/* hwloc's size, or the kernel's for a node hwloc hides (0: memoryless). */
static uint64_t node_memory(const struct discovery *d, hwloc_obj_t obj, int id)
{
	int k = topology_index(&d->kernel, id);

	if (obj && obj->attr)
		return obj->attr->numanode.local_memory;
	return k >= 0 ? d->kernel.nodes[k].mem_bytes : 0;
}

static int discover_node(const struct discovery *d, struct topo_node *node)
{
	hwloc_obj_t obj = hwloc_get_numanode_obj_by_os_index(d->topo,
							     (unsigned)node->id);
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	int cpu, n, i = 0;

	if (!set)
		return -1;
	node_cpuset(d, obj, node->id, set);
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
	node->mem_bytes = node_memory(d, obj, node->id);
	return 0;
fail:
	hwloc_bitmap_free(set);
	return -1;
}

/* The SLIT from libnuma, else from sysfs, else 10 local and 20 remote. */
static int node_distance(const struct discovery *d, int a, int b)
{
	int ka = topology_index(&d->kernel, a), kb = topology_index(&d->kernel, b);
	int dist = d->numa_ok ? numa_distance(a, b) : 0;

	if (dist <= 0 && ka >= 0 && kb >= 0)
		dist = d->kernel.distance[ka * d->kernel.nnodes + kb];
	if (dist <= 0)
		dist = a == b ? 10 : 20;
	return dist;
}

static int discover_nodes(struct topology *t, const struct discovery *d,
			  char *err, size_t errlen)
{
	int ids[TOPO_MAX_NODES], n, i, j;

	n = discover_ids(d, ids);
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
		if (discover_node(d, &t->nodes[i])) {
			set_err(err, errlen, "topology: cannot list the CPUs of node %d "
				"(out of memory, or more than %d)", ids[i], TOPO_MAX_CPUS);
			return -1;
		}
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			t->distance[i * n + j] = node_distance(d, ids[i], ids[j]);
	return 0;
}

/*
 * hwloc from the machine or from a synthetic description; the kernel's view
 * from root's sysfs; libnuma only on the real machine.
 */
static int discover(struct topology *t, const char *synthetic, const char *root,
		    char *err, size_t errlen)
{
	struct discovery d = { .numa_ok = !synthetic && numa_available() >= 0 };
	int ret = -1;

	memset(t, 0, sizeof(*t));
	if (hwloc_topology_init(&d.topo) < 0) {
		set_err(err, errlen, "topology: hwloc_topology_init: %s", strerror(errno));
		return -1;
	}
	if (synthetic && hwloc_topology_set_synthetic(d.topo, synthetic) < 0)
		set_err(err, errlen, "topology: bad synthetic topology '%s'", synthetic);
	else if (hwloc_topology_load(d.topo) < 0)
		set_err(err, errlen, "topology: hwloc_topology_load: %s", strerror(errno));
	else
		ret = 0;
	if (!ret) {
		/* Without sysfs, hwloc's view alone (kernel.nnodes stays 0). */
		topology_load_sysfs(&d.kernel, root, NULL, 0);
		ret = discover_nodes(t, &d, err, errlen);
		topology_free(&d.kernel);
	}
	hwloc_topology_destroy(d.topo);
	if (ret)
		topology_free(t);
	return ret;
}

int topology_discover(struct topology *t, char *err, size_t errlen)
{
	return discover(t, NULL, "/", err, errlen);
}

int topology_discover_synthetic(struct topology *t, const char *synthetic,
				const char *root, char *err, size_t errlen)
{
	return discover(t, synthetic, root, err, errlen);
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

int topology_spread_cpus(const struct topology *t, int ci, int n, int *cpus)
{
	int got = 0;

	for (int k = 0; k < t->nnodes && got < n; k++) {
		const struct topo_node *nd = &t->nodes[(ci + k) % t->nnodes];

		if (nd->ncpus)
			cpus[got++] = nd->cpus[0];
		else if (!k)
			return 0;	/* the thread's own node has none */
	}
	return got;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

void cpulist_note(char *buf, size_t len, const int *cpus, int n)
{
	int sorted[TOPO_MAX_NODES];
	int w;

	if (n > TOPO_MAX_NODES)
		n = TOPO_MAX_NODES;
	memcpy(sorted, cpus, (size_t)n * sizeof(*sorted));
	qsort(sorted, (size_t)n, sizeof(*sorted), int_cmp);
	w = snprintf(buf, len, "cpus=");
	if (w < 0 || (size_t)w >= len ||
	    cpulist_format(buf + w, len - (size_t)w, sorted, n) < 0)
		snprintf(buf, len, "cpus=%d CPUs", n);
}
