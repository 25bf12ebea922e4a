// SPDX-License-Identifier: GPL-2.0
/*
 * nb-migratee NODE PAGES: the process migrate_pages moves. It binds
 * PAGES 4 KiB pages to NODE, touches them, writes their address (a
 * void *, native byte order) to stdout and waits for EOF on stdin. Small
 * and static on purpose: what migrate_pages moves is these pages and a
 * few of its own, not a copy of numabench and its heap.
 * Exit 0; 1 when a system call fails; 2 on bad arguments.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_DEFAULT_	0
#define MPOL_BIND_	2

static long number(const char *what, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "nb-migratee: %s '%s': want %ld..%ld\n", what,
			s, lo, hi);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned long mask;
	long node, pages;
	size_t len;
	char *p, c;

	if (argc != 3) {
		fprintf(stderr, "usage: nb-migratee NODE PAGES\n");
		return 2;
	}
	node = number("NODE", argv[1], 0, (long)sizeof(mask) * CHAR_BIT - 1);
	pages = number("PAGES", argv[2], 1, 1l << 20);
	mask = 1ul << node;
	len = (size_t)pages * 4096;
	if (syscall(SYS_set_mempolicy, MPOL_BIND_, &mask, sizeof(mask) * CHAR_BIT + 1)) {
		perror("nb-migratee: set_mempolicy");
		return 1;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		perror("nb-migratee: mmap");
		return 1;
	}
	madvise(p, len, MADV_NOHUGEPAGE);	/* the pages are 4 KiB */
	memset(p, 1, len);
	syscall(SYS_set_mempolicy, MPOL_DEFAULT_, NULL, 0);
	if (write(1, &p, sizeof(p)) != (ssize_t)sizeof(p))
		return 1;
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
