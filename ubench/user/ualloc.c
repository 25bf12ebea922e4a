// SPDX-License-Identifier: GPL-2.0
/* Allocator registry: see ualloc.h. */
#include "ualloc.h"

#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jemalloc/jemalloc.h>	/* extent_hooks_t only: calls go through dlsym */

#include "host/mpol.h"
#include "host/topology.h"
#include "util/fileutil.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

struct loaded {
	char library[64];
	void *handle;
	char why[192];
};

int ualloc_dlopen(const char *library, const char *package,
		  const char *const *names, void **syms, unsigned n,
		  char *why, size_t len)
{
	static struct loaded cache[8];
	struct loaded *l = NULL;
	int ret = 0;

	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < 8 && !l; i++)
		if (!strcmp(cache[i].library, library))
			l = &cache[i];
	for (unsigned i = 0; i < 8 && !l; i++)
		if (!cache[i].library[0]) {
			l = &cache[i];
			snprintf(l->library, sizeof(l->library), "%s", library);
			l->handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
			if (!l->handle)
				snprintf(l->why, sizeof(l->why),
					 "%s: cannot load (%s); install %s",
					 library, dlerror(), package);
		}
	if (!l || !l->handle) {
		snprintf(why, len, "%s", l ? l->why : "too many libraries");
		ret = -1;
		goto out;
	}
	for (unsigned i = 0; i < n; i++) {
		syms[i] = dlsym(l->handle, names[i]);
		if (!syms[i]) {
			snprintf(why, len, "%s: no symbol %s", library, names[i]);
			ret = -1;
			goto out;
		}
	}
out:
	pthread_mutex_unlock(&lock);
	return ret;
}

/* glibc */

static int glibc_open(const struct ualloc *a, char *why, size_t len)
{
	(void)a; (void)why; (void)len;
	return 0;
}

static int no_setup(int node, char *why, size_t len)
{
	(void)node; (void)why; (void)len;
	return 0;
}

static int no_prepare(unsigned long nodes, char *why, size_t len)
{
	(void)nodes; (void)why; (void)len;
	return 0;
}

static void *glibc_alloc(size_t size) { return malloc(size); }
static void glibc_release(void *p, size_t size) { (void)size; free(p); }

static int glibc_version(char *buf, size_t len)
{
	snprintf(buf, len, "%s", gnu_get_libc_version());
	return 0;
}

/* jemalloc, plain and NUMA-aware */

/*
 * Every allocator is called through malloc and plain free: jemalloc
 * (sdallocx), tcmalloc (tc_free_sized) and mimalloc (mi_free_size) have a
 * sized free, glibc 2.36 (Debian 12) has no free_sized, and sized free for
 * some only would not compare like with like.
 */
static struct {
	void *(*malloc)(size_t);
	void (*free)(void *);
	int (*mallctl)(const char *, void *, size_t *, void *, size_t);
} je;

static int jemalloc_open(const struct ualloc *a, char *why, size_t len)
{
	static const char *const names[] = { "malloc", "free", "mallctl" };

	return ualloc_dlopen(a->library, a->package, names, (void **)&je, 3,
			     why, len);
}

static void *je_alloc(size_t size) { return je.malloc(size); }
static void je_release(void *p, size_t size) { (void)size; je.free(p); }

static int je_version(char *buf, size_t len)
{
	const char *v = NULL;
	size_t sz = sizeof(v);

	if (!je.mallctl || je.mallctl("version", &v, &sz, NULL, 0) || !v)
		return -1;
	snprintf(buf, len, "%s", v);
	return 0;
}

struct node_hooks {
	extent_hooks_t hooks;	/* first: jemalloc passes &hooks back */
	int node;
	unsigned arena;
};

static extent_hooks_t *default_hooks;
static struct node_hooks node_hooks[TOPO_MAX_NODES];

/* The default extent, then bound (and moved, if already touched) to the node. */
static void *numa_extent_alloc(extent_hooks_t *h, void *new_addr, size_t size,
			       size_t alignment, bool *zero, bool *commit,
			       unsigned arena_ind)
{
	struct node_hooks *nh = (struct node_hooks *)h;
	void *p = default_hooks->alloc(default_hooks, new_addr, size, alignment,
				       zero, commit, arena_ind);
	unsigned long mask = 1ul << nh->node;

	if (p && sys_mbind(p, size, UMPOL_BIND, &mask, MPOL_MAX_NODE + 2,
			   UMPOL_MF_MOVE)) {
		default_hooks->dalloc(default_hooks, p, size, *commit,
				      arena_ind);
		return NULL;
	}
	return p;
}

/* Node's arena, created on first use. 0 or -1 with the reason. */
static int numa_arena(int node, unsigned *arena, char *why, size_t len)
{
	struct node_hooks *nh = &node_hooks[node];
	extent_hooks_t *hp = &nh->hooks;
	size_t sz = sizeof(default_hooks);
	int ret = 0, e;

	pthread_mutex_lock(&lock);
	if (nh->arena)
		goto out;
	if (!default_hooks &&
	    (e = je.mallctl("arena.0.extent_hooks", &default_hooks, &sz, NULL, 0))) {
		snprintf(why, len, "jemalloc: arena.0.extent_hooks: %s", strerror(e));
		ret = -1;
		goto out;
	}
	nh->hooks = *default_hooks;
	nh->hooks.alloc = numa_extent_alloc;
	nh->node = node;
	sz = sizeof(nh->arena);
	e = je.mallctl("arenas.create", &nh->arena, &sz, &hp, sizeof(hp));
	if (e) {
		snprintf(why, len, "jemalloc: arenas.create: %s", strerror(e));
		nh->arena = 0;
		ret = -1;
	}
out:
	*arena = nh->arena;
	pthread_mutex_unlock(&lock);
	return ret;
}

static int je_numa_setup(int node, char *why, size_t len)
{
	unsigned arena;
	int e;

	if (node < 0 || node >= TOPO_MAX_NODES) {
		snprintf(why, len, "jemalloc-numa: node %d out of range", node);
		return -1;
	}
	if (numa_arena(node, &arena, why, len))
		return -1;
	e = je.mallctl("thread.arena", NULL, NULL, &arena, sizeof(arena));
	if (e) {
		snprintf(why, len, "jemalloc: thread.arena: %s", strerror(e));
		return -1;
	}
	return 0;
}

static int je_numa_prepare(unsigned long nodes, char *why, size_t len)
{
	unsigned arena;

	for (int n = 0; n < TOPO_MAX_NODES; n++)
		if ((nodes & (1ul << n)) && numa_arena(n, &arena, why, len))
			return -1;
	return 0;
}

/* tcmalloc and mimalloc */

static struct {
	void *(*malloc)(size_t);
	void (*free)(void *);
	const char *(*version)(int *, int *, const char **);
} tc;

static struct {
	void *(*malloc)(size_t);
	void (*free)(void *);
	int (*version)(void);
} mi;

static int tcmalloc_open(const struct ualloc *a, char *why, size_t len)
{
	static const char *const names[] = { "tc_malloc", "tc_free", "tc_version" };

	return ualloc_dlopen(a->library, a->package, names, (void **)&tc, 3,
			     why, len);
}

static int mimalloc_open(const struct ualloc *a, char *why, size_t len)
{
	static const char *const names[] = { "mi_malloc", "mi_free", "mi_version" };

	return ualloc_dlopen(a->library, a->package, names, (void **)&mi, 3,
			     why, len);
}

/* "gperftools 2.10" */
static int tc_version(char *buf, size_t len)
{
	const char *v = tc.version ? tc.version(NULL, NULL, NULL) : NULL;

	if (!v)
		return -1;
	snprintf(buf, len, "%s", v);
	return 0;
}

/* mi_version() is MI_MALLOC_VERSION: 209 for 2.0.9 */
static int mi_version(char *buf, size_t len)
{
	int v;

	if (!mi.version)
		return -1;
	v = mi.version();
	snprintf(buf, len, "%d.%d.%d", v / 100, v / 10 % 10, v % 10);
	return 0;
}

static void *tc_alloc(size_t size) { return tc.malloc(size); }
static void tc_release(void *p, size_t size) { (void)size; tc.free(p); }
static void *mi_alloc(size_t size) { return mi.malloc(size); }
static void mi_release(void *p, size_t size) { (void)size; mi.free(p); }

#define glibc_ops glibc_open, no_setup, no_prepare, glibc_alloc, \
	glibc_release, glibc_version
#define jemalloc_ops jemalloc_open, no_setup, no_prepare, je_alloc, \
	je_release, je_version
#define jemalloc_numa_ops jemalloc_open, je_numa_setup, je_numa_prepare, \
	je_alloc, je_release, je_version
#define tcmalloc_ops tcmalloc_open, no_setup, no_prepare, tc_alloc, \
	tc_release, tc_version
#define mimalloc_ops mimalloc_open, no_setup, no_prepare, mi_alloc, \
	mi_release, mi_version

#define UALLOC_ENTRY(id, name, lib, pkg) { name, lib, pkg, id##_ops },
const struct ualloc ualloc_table[] = { UALLOC_LIST(UALLOC_ENTRY) };
const unsigned ualloc_count = sizeof(ualloc_table) / sizeof(ualloc_table[0]);

const struct ualloc *ualloc_by_name(const char *name)
{
	for (unsigned i = 0; i < ualloc_count; i++)
		if (!strcmp(ualloc_table[i].name, name))
			return &ualloc_table[i];
	return NULL;
}

/* The file library was loaded from (glibc: libc's), or "" when not loaded. */
static void loaded_path(const char *library, char *buf, size_t len)
{
	struct link_map *lm = NULL;
	void *h;
	Dl_info info;

	buf[0] = '\0';
	if (!library) {
		if (dladdr((void *)gnu_get_libc_version, &info) && info.dli_fname)
			snprintf(buf, len, "%s", info.dli_fname);
		return;
	}
	/* already loaded by open: this only takes a reference */
	h = dlopen(library, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
	if (!h)
		return;
	if (!dlinfo(h, RTLD_DI_LINKMAP, &lm) && lm && lm->l_name)
		snprintf(buf, len, "%s", lm->l_name);
	dlclose(h);
}

const struct meta_alloc *ualloc_meta(unsigned *n)
{
	enum { N = sizeof(ualloc_table) / sizeof(ualloc_table[0]) };
	static struct meta_alloc m[N];
	static char version[N][96], path[N][256];

	for (unsigned i = 0; i < ualloc_count; i++) {
		const struct ualloc *a = &ualloc_table[i];

		m[i] = (struct meta_alloc){ .name = a->name,
					    .package = a->package,
					    .free_api = "free" };
		/* only what the run opened (its malloc workloads' plan) */
		if (!a->version(version[i], sizeof(version[i])))
			m[i].version = version[i];
		loaded_path(a->library, path[i], sizeof(path[i]));
		if (path[i][0])
			m[i].library = path[i];
	}
	*n = ualloc_count;
	return m;
}

#define TLS_TUNABLE	"glibc.rtld.optional_static_tls=65536"
#define TLS_MARK	"NUMABENCH_STATIC_TLS"

void ualloc_reexec_with_tls(void)
{
	static char buf[65536];
	char *argv[256], tun[1024];
	const char *old = getenv("GLIBC_TUNABLES");

	if (getenv(TLS_MARK) || self_argv(buf, sizeof(buf), argv, 256) < 1)
		return;
	snprintf(tun, sizeof(tun), "%s%s%s", old ? old : "", old ? ":" : "",
		 TLS_TUNABLE);
	setenv("GLIBC_TUNABLES", tun, 1);
	setenv(TLS_MARK, "1", 1);
	execv("/proc/self/exe", argv);
}
