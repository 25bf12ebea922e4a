/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory policies for the userspace suite: the set_mempolicy/mbind modes
 * with the kernel release that introduced each, probing what the running
 * kernel accepts, node masks ("0-2,4") and the words for a refused call.
 * Node masks are one unsigned long: bit n is node n, nodes 0..63
 * (TOPO_MAX_NODES).
 */
#ifndef UBENCH_MPOL_H
#define UBENCH_MPOL_H

#include <stddef.h>

#define MPOL_MAX_NODE	63

/* Values of the uapi (linux/mempolicy.h), for headers that predate them. */
enum {
	UMPOL_DEFAULT = 0, UMPOL_PREFERRED = 1, UMPOL_BIND = 2,
	UMPOL_INTERLEAVE = 3, UMPOL_LOCAL = 4, UMPOL_PREFERRED_MANY = 5,
	UMPOL_WEIGHTED_INTERLEAVE = 6,
};
#define UMPOL_MF_STRICT	(1 << 0)
#define UMPOL_MF_MOVE	(1 << 1)

enum mpol_targets {
	MPOL_T_NONE,	/* no node mask: DEFAULT, LOCAL */
	MPOL_T_ONE,	/* one node: BIND, PREFERRED (per mem_node) */
	MPOL_T_MANY,	/* every node with memory: INTERLEAVE and friends */
};

struct mpol_mode {
	const char *name;	/* lower case, the CSV policy column */
	int mode;		/* UMPOL_* */
	int since_major, since_minor;	/* first kernel release with it */
	enum mpol_targets targets;
};

/* The table, in uapi order, and its length. */
extern const struct mpol_mode mpol_modes[];
extern const unsigned mpol_nmodes;

/* The entry named name (case-insensitive, "MPOL_" prefix allowed), or NULL. */
const struct mpol_mode *mpol_by_name(const char *name);

/*
 * Whether the running kernel has mode: 0, or -1 with the reason in why
 * ("kernel 6.1 predates MPOL_WEIGHTED_INTERLEAVE (6.9)", or the errno of a
 * refused probe). release is uname -r ("6.1.0-27-amd64"), so tests can
 * pass one; the probe calls set_mempolicy on the calling thread with node
 * probe_node and restores MPOL_DEFAULT. probe_node < 0 skips the probe.
 */
int mpol_supported(const struct mpol_mode *m, const char *release,
		   int probe_node, char *why, size_t len);

/* "6.12.3-amd64" -> 6, 12. 0, or -1 when it does not start with N.N. */
int mpol_parse_release(const char *release, int *major, int *minor);

/*
 * Node masks as in sysfs node lists: "0-2,4"; "" is empty. Parse: 0, or -1
 * with "FLAG: 'S' ..." in err (bad syntax, node > 63, reversed range).
 * Format: the shortest list, its length, or -1 when it does not fit.
 */
int nodemask_parse(const char *flag, const char *s, unsigned long *mask,
		   char *err, size_t errlen);
int nodemask_format(char *buf, size_t len, unsigned long mask);
int nodemask_first(unsigned long mask);	/* -1 when empty */
int nodemask_weight(unsigned long mask);

/*
 * The skip reason for a syscall that failed with err (errno) because the
 * kernel lacks a feature: EPERM, ENOSYS, EINVAL, EOPNOTSUPP. Other errnos
 * are failures, not skips: returns 0 for them, 1 with why filled.
 */
int mpol_skip_reason(const char *call, int err, char *why, size_t len);

/* Raw system calls (no libnuma semantics), returning -1 with errno. */
long sys_set_mempolicy(int mode, const unsigned long *mask,
		       unsigned long maxnode);
/* The calling thread's policy (flags 0); mask holds maxnode bits. */
long sys_get_mempolicy(int *mode, unsigned long *mask, unsigned long maxnode);
long sys_mbind(void *addr, unsigned long len, int mode,
	       const unsigned long *mask, unsigned long maxnode,
	       unsigned flags);
long sys_move_pages(int pid, unsigned long count, void **pages,
		    const int *nodes, int *status, int flags);
long sys_migrate_pages(int pid, unsigned long maxnode,
		       const unsigned long *old, const unsigned long *new_nodes);

#endif
