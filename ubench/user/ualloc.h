/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace allocators measured by the malloc workload, one registry
 * (UALLOC_LIST): glibc directly; jemalloc, tcmalloc and mimalloc through
 * dlopen(RTLD_LOCAL), so they never replace numabench's own malloc. A
 * library that is not installed makes the allocator's rows skipped, with
 * the Debian package to install in the reason.
 *
 * jemalloc-numa is the same jemalloc with one arena per node (arenas.create)
 * whose extent hooks call the default hooks and then mbind(MPOL_BIND) each
 * new extent to the arena's node; a thread picks its node's arena with
 * thread.arena.
 */
#ifndef UBENCH_UALLOC_H
#define UBENCH_UALLOC_H

#include <stddef.h>

#include "rundir/meta.h"

/* X(id, name, library, package) */
#define UALLOC_LIST(X) \
	X(glibc, "glibc", NULL, "libc6") \
	X(jemalloc, "jemalloc", "libjemalloc.so.2", "libjemalloc2") \
	X(jemalloc_numa, "jemalloc-numa", "libjemalloc.so.2", "libjemalloc2") \
	X(tcmalloc, "tcmalloc", "libtcmalloc_minimal.so.4", "libtcmalloc-minimal4") \
	X(mimalloc, "mimalloc", "libmimalloc.so.2", "libmimalloc2.0")

struct ualloc {
	const char *name;	/* the CSV allocator column */
	const char *library;	/* soname to dlopen, NULL for glibc */
	const char *package;	/* Debian package that ships it */
	/* Load the library and resolve symbols: 0 or -1 with the reason. */
	int (*open)(const struct ualloc *a, char *why, size_t len);
	/*
	 * Prepare the calling thread to allocate memory on node (called after
	 * its memory policy is set): 0 or -1 with the reason.
	 */
	int (*thread_setup)(int node, char *why, size_t len);
	/*
	 * Set up per-node state for every node of mask before any cell runs
	 * (jemalloc-numa: its arenas), from the main thread: 0 or -1.
	 */
	int (*prepare)(unsigned long nodes, char *why, size_t len);
	/* malloc and plain free, for every allocator (ualloc.c says why) */
	void *(*alloc)(size_t size);
	void (*release)(void *p, size_t size);
	/* The library's version from its own API: 0, or -1 before open. */
	int (*version)(char *buf, size_t len);
};

extern const struct ualloc ualloc_table[];
extern const unsigned ualloc_count;

/* The allocator called name, or NULL. */
const struct ualloc *ualloc_by_name(const char *name);

/*
 * Every allocator for meta.json (*n of them): name, Debian package, the
 * file it was loaded from and its version as the library reports it
 * (glibc gnu_get_libc_version, jemalloc mallctl "version", tcmalloc
 * tc_version, mimalloc mi_version); library and version NULL for one not
 * opened (not installed, or no malloc workload in the run). Static
 * storage, valid for the process.
 */
const struct meta_alloc *ualloc_meta(unsigned *n);

/*
 * dlopen(library, RTLD_NOW | RTLD_LOCAL) once (later calls return the
 * cached result) and resolve the symbols names[0..n) into syms. 0, or -1
 * with "LIBRARY: cannot load (...); install PACKAGE" or the missing symbol
 * in why. Exposed for the unit tests' missing-library case.
 */
int ualloc_dlopen(const char *library, const char *package,
		  const char *const *names, void **syms, unsigned n,
		  char *why, size_t len);

/*
 * Debian's jemalloc (and mimalloc) use initial-exec TLS, which a dlopen'ed
 * library can only get from the static TLS surplus glibc reserves at
 * startup (glibc.rtld.optional_static_tls, 512 bytes by default). Once per
 * process, re-exec /proc/self/exe with the same arguments and a larger
 * surplus in GLIBC_TUNABLES; returns only when already done or when the
 * exec fails (then those allocators' rows say why they are skipped).
 */
void ualloc_reexec_with_tls(void);

#endif
