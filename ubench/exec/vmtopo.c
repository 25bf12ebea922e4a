// SPDX-License-Identifier: GPL-2.0
/*
 * --topology SPEC for the VM guest. Every error is one line that names the
 * item as written and the accepted range, because the user meets it before
 * the guest boots and has nothing else to go on.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/args.h"
#include "vmtopo.h"

#define ITEM_MAX	64	/* "16x16G@254:254:..." is well below */
#define ITEM_FORM	"CPUSxMEM[@D0:D1:...]"
#define MEM_RANGE	"0 or 128M..16G"
_Static_assert(VMTOPO_MIN_NODE_MEM == 128ull << 20 && VMTOPO_MAX_MEM == 16ull << 30,
	       "MEM_RANGE and the messages spell out these limits");
#define DIST_LOCAL	10
#define DIST_MIN	10
#define DIST_MAX	254

/* What the checks after the last item still need to know about each item. */
struct ctx {
	char *err;
	size_t errlen;
	char text[VMTOPO_MAX_NODES][ITEM_MAX];	/* items as written */
	unsigned ndist[VMTOPO_MAX_NODES];
	int has_row[VMTOPO_MAX_NODES];
};

static int __attribute__((format(printf, 2, 3)))
fail(struct ctx *c, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!c->err || !c->errlen)
		return -1;
	n = (size_t)snprintf(c->err, c->errlen, "--topology: ");
	if (n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Item i (0-based) prefix for messages: "item 2 '3xQ': ". */
#define ITEM_ARGS(c, i)	(i) + 1, (c)->text[i]

/* A plain decimal: 0, -1 when s is not one, -2 when it overflows. */
static int scan_uint(const char *s, unsigned long long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (*end)
		return -1;
	return errno == ERANGE ? -2 : 0;
}

static int parse_cpus(struct ctx *c, unsigned i, const char *s,
		      struct vmtopo_node *node)
{
	unsigned long long v;
	int r = scan_uint(s, &v);

	if (r == -1)
		return fail(c, "item %u '%s': CPUs '%s' is not a number; expected 0..%u",
			    ITEM_ARGS(c, i), s, VMTOPO_MAX_CPUS);
	if (r == -2 || v > VMTOPO_MAX_CPUS)
		return fail(c, "item %u '%s': CPUs '%s' is out of range; expected 0..%u",
			    ITEM_ARGS(c, i), s, VMTOPO_MAX_CPUS);
	node->cpus = (unsigned)v;
	return 0;
}

/* A suffix is required: a bare "1024" is more likely a mistake than bytes. */
static int parse_mem(struct ctx *c, unsigned i, const char *s,
		     struct vmtopo_node *node)
{
	uint64_t v = 0;
	size_t len = strlen(s);
	int r = size_scan(s, &v);

	if (r == -1 || (r == 0 && v && isdigit((unsigned char)s[len - 1])))
		return fail(c, "item %u '%s': memory '%s' is not a size; expected 0 or N[K|M|G]",
			    ITEM_ARGS(c, i), s);
	if (r == -2 || v > VMTOPO_MAX_MEM)
		return fail(c, "item %u '%s': memory '%s' is out of range; expected "
			    MEM_RANGE, ITEM_ARGS(c, i), s);
	if (v && v < VMTOPO_MIN_NODE_MEM)
		return fail(c, "item %u '%s': memory '%s' is below the minimum; expected "
			    MEM_RANGE, ITEM_ARGS(c, i), s);
	node->mem_bytes = v;
	return 0;
}

static int parse_dist(struct ctx *c, unsigned i, const char *s, unsigned *d)
{
	unsigned long long v;
	int r = scan_uint(s, &v);

	if (r == -1)
		return fail(c, "item %u '%s': distance '%s' is not a number; expected %u..%u",
			    ITEM_ARGS(c, i), s, DIST_MIN, DIST_MAX);
	if (r == -2 || v < DIST_MIN || v > DIST_MAX)
		return fail(c, "item %u '%s': distance '%s' is out of range; expected %u..%u",
			    ITEM_ARGS(c, i), s, DIST_MIN, DIST_MAX);
	*d = (unsigned)v;
	return 0;
}

/* "D0:D1:..." into node->dist; the row length is checked once n is known. */
static int parse_row(struct ctx *c, unsigned i, char *s,
		     struct vmtopo_node *node)
{
	char *next;
	unsigned n = 0;

	for (; s; s = next, n++) {
		next = strchr(s, ':');
		if (next)
			*next++ = '\0';
		if (n == VMTOPO_MAX_NODES)
			return fail(c, "item %u '%s': more than %u distances; "
				    "expected one per node", ITEM_ARGS(c, i),
				    VMTOPO_MAX_NODES);
		if (parse_dist(c, i, s, &node->dist[n]))
			return -1;
	}
	c->ndist[i] = n;
	c->has_row[i] = 1;
	return 0;
}

static int parse_item(struct ctx *c, unsigned i, const char *s, size_t len,
		      struct vmtopo_node *node)
{
	char buf[ITEM_MAX], *at, *x;

	if (len == 0)
		return fail(c, "item %u is empty; expected " ITEM_FORM, i + 1);
	if (len >= ITEM_MAX)
		return fail(c, "item %u is longer than %d characters; expected " ITEM_FORM,
			    i + 1, ITEM_MAX - 1);
	memcpy(c->text[i], s, len);
	c->text[i][len] = '\0';
	memcpy(buf, c->text[i], len + 1);
	at = strchr(buf, '@');
	if (at)
		*at++ = '\0';
	x = strchr(buf, 'x');
	if (!x)
		return fail(c, "item %u '%s': no 'x' between CPUs and memory; expected "
			    ITEM_FORM ", e.g. 2x1G", ITEM_ARGS(c, i));
	*x++ = '\0';
	if (parse_cpus(c, i, buf, node) || parse_mem(c, i, x, node))
		return -1;
	if (!node->cpus && !node->mem_bytes)
		return fail(c, "item %u '%s': node has neither CPUs nor memory; expected "
			    "CPUs, memory or both", ITEM_ARGS(c, i));
	return at ? parse_row(c, i, at, node) : 0;
}

static int parse_items(struct ctx *c, const char *spec, struct vmtopo *t)
{
	const char *s = spec, *end;
	unsigned i;

	for (i = 0;; i++) {
		end = strchrnul(s, ',');
		if (i == VMTOPO_MAX_NODES)
			return fail(c, "item %u '%.*s': too many nodes; expected 1..%u items",
				    i + 1, (int)(end - s), s, VMTOPO_MAX_NODES);
		if (parse_item(c, i, s, (size_t)(end - s), &t->node[i]))
			return -1;
		t->nnodes++;
		t->total_cpus += t->node[i].cpus;
		t->total_mem += t->node[i].mem_bytes;
		if (!*end)
			return 0;
		s = end + 1;
	}
}

/* The guest kernel boots on node 0: it needs a CPU and memory there. */
static int check_totals(struct ctx *c, const struct vmtopo *t)
{
	char mem[32];

	if (!t->node[0].cpus)
		return fail(c, "item 1 '%s': node 0 has no CPUs; expected 1..%u "
			    "(the guest boots on node 0)", c->text[0], VMTOPO_MAX_CPUS);
	if (!t->node[0].mem_bytes)
		return fail(c, "item 1 '%s': node 0 has no memory; expected 128M..16G "
			    "(the guest boots on node 0)", c->text[0]);
	if (t->total_cpus > VMTOPO_MAX_CPUS)
		return fail(c, "%u CPUs in total; expected 1..%u", t->total_cpus,
			    VMTOPO_MAX_CPUS);
	size_format(mem, sizeof(mem), t->total_mem);
	if (t->total_mem > VMTOPO_MAX_MEM)
		return fail(c, "%s of memory in total; expected 128M..16G", mem);
	return 0;
}

/* Row i of the SLIT; first is an item that has a row, for the message. */
static int check_row(struct ctx *c, const struct vmtopo *t, unsigned i,
		     unsigned first)
{
	unsigned j, d;

	if (!c->has_row[i])
		return fail(c, "item %u '%s' has no distances but item %u has; expected "
			    "a row on every item or on none", ITEM_ARGS(c, i),
			    first + 1);
	if (c->ndist[i] != t->nnodes)
		return fail(c, "item %u '%s': %u distance(s); expected %u, one per node",
			    ITEM_ARGS(c, i), c->ndist[i], t->nnodes);
	for (j = 0; j < t->nnodes; j++) {
		d = t->node[i].dist[j];
		if (j == i && d != DIST_LOCAL)
			return fail(c, "item %u '%s': distance to itself is %u; expected %u",
				    ITEM_ARGS(c, i), d, DIST_LOCAL);
		if (j != i && d == DIST_LOCAL)
			return fail(c, "item %u '%s': distance to node %u is %u; expected "
				    "%u..%u (%u means local)", ITEM_ARGS(c, i), j, d,
				    DIST_LOCAL + 1, DIST_MAX, DIST_LOCAL);
	}
	return 0;
}

static int check_symmetry(struct ctx *c, const struct vmtopo *t)
{
	unsigned i, j, a, b;

	for (i = 0; i < t->nnodes; i++) {
		for (j = i + 1; j < t->nnodes; j++) {
			a = t->node[i].dist[j];
			b = t->node[j].dist[i];
			if (a != b)
				return fail(c, "distance %u->%u is %u but %u->%u is %u; "
					    "expected a symmetric matrix", i, j, a, j, i, b);
		}
	}
	return 0;
}

/* 10 local, 20 between nodes with CPUs, 30 to or from a CPU-less node. */
static void default_distances(struct vmtopo *t)
{
	unsigned i, j;

	for (i = 0; i < t->nnodes; i++)
		for (j = 0; j < t->nnodes; j++)
			t->node[i].dist[j] = i == j ? DIST_LOCAL :
				t->node[i].cpus && t->node[j].cpus ? 20 : 30;
}

static int check_distances(struct ctx *c, struct vmtopo *t)
{
	unsigned i, first;

	for (first = 0; first < t->nnodes && !c->has_row[first]; first++)
		;
	if (first == t->nnodes) {
		default_distances(t);
		return 0;
	}
	for (i = 0; i < t->nnodes; i++)
		if (check_row(c, t, i, first))
			return -1;
	return check_symmetry(c, t);
}

int vmtopo_parse(const char *spec, struct vmtopo *t, char *err, size_t errlen)
{
	struct ctx c = { .err = err, .errlen = errlen };

	memset(t, 0, sizeof(*t));
	if (!spec || !*spec)
		return fail(&c, "the spec is empty; expected " ITEM_FORM " items "
			    "separated by commas, e.g. " VMTOPO_DEFAULT);
	if (parse_items(&c, spec, t) || check_totals(&c, t) ||
	    check_distances(&c, t))
		return -1;
	return 0;
}

static int put_node(char *buf, size_t len, const struct vmtopo *t, unsigned i)
{
	char mem[32];
	size_t pos;
	unsigned j;
	int n;

	size_format(mem, sizeof(mem), t->node[i].mem_bytes);
	n = snprintf(buf, len, "%s%ux%s@", i ? "," : "", t->node[i].cpus, mem);
	for (j = 0; n >= 0 && j < t->nnodes; j++) {
		pos = (size_t)n;
		if (pos >= len)
			return -1;
		n += snprintf(buf + pos, len - pos, "%s%u", j ? ":" : "",
			      t->node[i].dist[j]);
	}
	return n >= 0 && (size_t)n < len ? n : -1;
}

int vmtopo_format(const struct vmtopo *t, char *buf, size_t len)
{
	size_t pos = 0;
	unsigned i;
	int n;

	if (!len)
		return -1;
	buf[0] = '\0';
	for (i = 0; i < t->nnodes; i++) {
		n = put_node(buf + pos, len - pos, t, i);
		if (n < 0)
			return -1;
		pos += (size_t)n;
	}
	return (int)pos;
}
