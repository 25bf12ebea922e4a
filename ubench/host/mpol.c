// SPDX-License-Identifier: GPL-2.0
/* Memory policies: see mpol.h. */
#include "mpol.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

const struct mpol_mode mpol_modes[] = {
	{ "default", UMPOL_DEFAULT, 2, 6, MPOL_T_NONE },
	{ "preferred", UMPOL_PREFERRED, 2, 6, MPOL_T_ONE },
	{ "bind", UMPOL_BIND, 2, 6, MPOL_T_ONE },
	{ "interleave", UMPOL_INTERLEAVE, 2, 6, MPOL_T_MANY },
	{ "local", UMPOL_LOCAL, 3, 8, MPOL_T_NONE },
	{ "preferred_many", UMPOL_PREFERRED_MANY, 5, 15, MPOL_T_MANY },
	{ "weighted_interleave", UMPOL_WEIGHTED_INTERLEAVE, 6, 9, MPOL_T_MANY },
};
const unsigned mpol_nmodes = sizeof(mpol_modes) / sizeof(mpol_modes[0]);

/* maxnode for the syscalls: the kernel reads maxnode - 1 bits. */
#define MAXNODE	(MPOL_MAX_NODE + 2)

long sys_set_mempolicy(int mode, const unsigned long *mask,
		       unsigned long maxnode)
{
	return syscall(SYS_set_mempolicy, mode, mask, maxnode);
}

long sys_get_mempolicy(int *mode, unsigned long *mask, unsigned long maxnode)
{
	return syscall(SYS_get_mempolicy, mode, mask, maxnode, NULL, 0L);
}

long sys_mbind(void *addr, unsigned long len, int mode,
	       const unsigned long *mask, unsigned long maxnode,
	       unsigned flags)
{
	return syscall(SYS_mbind, addr, len, mode, mask, maxnode, flags);
}

long sys_move_pages(int pid, unsigned long count, void **pages,
		    const int *nodes, int *status, int flags)
{
	return syscall(SYS_move_pages, pid, count, pages, nodes, status, flags);
}

long sys_migrate_pages(int pid, unsigned long maxnode,
		       const unsigned long *old, const unsigned long *new_nodes)
{
	return syscall(SYS_migrate_pages, pid, maxnode, old, new_nodes);
}

const struct mpol_mode *mpol_by_name(const char *name)
{
	if (!strncasecmp(name, "MPOL_", 5))
		name += 5;
	for (unsigned i = 0; i < mpol_nmodes; i++)
		if (!strcasecmp(mpol_modes[i].name, name))
			return &mpol_modes[i];
	return NULL;
}

int mpol_parse_release(const char *release, int *major, int *minor)
{
	char *end;
	long a, b;

	errno = 0;
	a = strtol(release, &end, 10);
	if (end == release || *end != '.' || a < 0 || errno)
		return -1;
	release = end + 1;
	b = strtol(release, &end, 10);
	if (end == release || b < 0 || errno)
		return -1;
	*major = (int)a;
	*minor = (int)b;
	return 0;
}

static void upper(char *dst, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		dst[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	dst[i] = '\0';
}

int mpol_skip_reason(const char *call, int err, char *why, size_t len)
{
	const char *what;

	switch (err) {
	case EPERM: what = "not permitted here"; break;
	case ENOSYS: what = "not implemented by this kernel"; break;
	case EINVAL: what = "rejected by this kernel as invalid"; break;
	case EOPNOTSUPP: what = "not supported by this kernel"; break;
	default: return 0;
	}
	snprintf(why, len, "%s: %s (%s)", call, what, strerror(err));
	return 1;
}

int mpol_supported(const struct mpol_mode *m, const char *release,
		   int probe_node, char *why, size_t len)
{
	unsigned long mask = 0, old_mask[MAXNODE / (8 * sizeof(long)) + 1] = { 0 };
	int major, minor, old_mode = UMPOL_DEFAULT;
	char name[32], call[64];

	upper(name, sizeof(name), m->name);
	if (!mpol_parse_release(release, &major, &minor) &&
	    (major < m->since_major ||
	     (major == m->since_major && minor < m->since_minor))) {
		snprintf(why, len, "kernel %d.%d predates MPOL_%s (%d.%d)",
			 major, minor, name, m->since_major, m->since_minor);
		return -1;
	}
	if (probe_node < 0)
		return 0;
	if (m->targets != MPOL_T_NONE)
		mask = 1ul << probe_node;
	/* the probe leaves the thread's policy as it found it (a fresh
	 * allocator process is bound before it plans: user/ufresh.h) */
	if (sys_get_mempolicy(&old_mode, old_mask, MAXNODE))
		old_mode = UMPOL_DEFAULT;
	if (sys_set_mempolicy(m->mode, mask ? &mask : NULL, MAXNODE)) {
		int e = errno;

		snprintf(call, sizeof(call), "set_mempolicy(MPOL_%s)", name);
		if (!mpol_skip_reason(call, e, why, len))
			snprintf(why, len, "%s: %s", call, strerror(e));
		return -1;
	}
	sys_set_mempolicy(old_mode, old_mode == UMPOL_DEFAULT ? NULL : old_mask,
			  old_mode == UMPOL_DEFAULT ? 0 : MAXNODE);
	return 0;
}

int nodemask_parse(const char *flag, const char *s, unsigned long *mask,
		   char *err, size_t errlen)
{
	const char *p = s;
	unsigned long m = 0;

	while (*p) {
		char *end;
		long a, b;

		if (*p < '0' || *p > '9')
			goto bad;
		a = strtol(p, &end, 10);
		b = a;
		p = end;
		if (*p == '-') {
			p++;
			if (*p < '0' || *p > '9')
				goto bad;
			b = strtol(p, &end, 10);
			p = end;
		}
		if (a > MPOL_MAX_NODE || b > MPOL_MAX_NODE) {
			snprintf(err, errlen, "%s: '%s' names a node above %d",
				 flag, s, MPOL_MAX_NODE);
			return -1;
		}
		if (b < a) {
			snprintf(err, errlen, "%s: '%s' has a reversed range %ld-%ld",
				 flag, s, a, b);
			return -1;
		}
		for (long n = a; n <= b; n++)
			m |= 1ul << n;
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			goto bad;
	}
	*mask = m;
	return 0;
bad:
	snprintf(err, errlen, "%s: '%s' is not a node list; expected e.g. 0-2,4 (nodes 0..%d)",
		 flag, s, MPOL_MAX_NODE);
	return -1;
}

int nodemask_format(char *buf, size_t len, unsigned long mask)
{
	size_t n = 0;
	int first = 1;

	if (len)
		buf[0] = '\0';
	for (int a = 0; a <= MPOL_MAX_NODE; a++) {
		int b = a, w;

		if (!(mask & (1ul << a)))
			continue;
		while (b < MPOL_MAX_NODE && (mask & (1ul << (b + 1))))
			b++;
		if (b == a)
			w = snprintf(buf + n, len - n, "%s%d", first ? "" : ",", a);
		else
			w = snprintf(buf + n, len - n, "%s%d-%d",
				     first ? "" : ",", a, b);
		if (w < 0 || (size_t)w >= len - n)
			return -1;
		n += (size_t)w;
		first = 0;
		a = b;
	}
	return (int)n;
}

int nodemask_first(unsigned long mask)
{
	return mask ? __builtin_ctzl(mask) : -1;
}

int nodemask_weight(unsigned long mask)
{
	return __builtin_popcountl(mask);
}
