/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Are a THP row's pages really huge? A 2 MiB-aligned address is one huge
 * page when /proc/PID/pagemap maps it and the 4 KiB page 511 after it to
 * PFNs p and p + 511 (p a multiple of 512) that /proc/kpageflags calls a
 * THP head and a THP tail. Reading PFNs needs CAP_SYS_ADMIN (root): without
 * it pagemap shows PFN 0 and the check says so instead of guessing.
 */
#ifndef UBENCH_THP_H
#define UBENCH_THP_H

#include <stddef.h>
#include <stdint.h>

#include "urun.h"

/* What pagemap and kpageflags say about one 2 MiB-aligned address. */
struct thp_probe {
	uint64_t pm_head, pm_last;	/* pagemap entries of 4 KiB pages 0, 511 */
	uint64_t kpf_head, kpf_last;	/* their kpageflags (0 if not present) */
};

/* 1 when the probe shows one order-9 THP, else 0. */
int thp_probe_huge(const struct thp_probe *p);

/* Huge pages counted over a row's rounds. */
struct thp_census {
	uint64_t huge, expected;	/* 2 MiB pages found huge, asked */
	char why[128];		/* non-empty: could not be checked, why */
};

/*
 * Probe npages 2 MiB pages from addr (2 MiB aligned) of process pid (0:
 * this one) into c. 0, or -1 with c->why set (then the count is unknown).
 */
int thp_census_add(struct thp_census *c, int pid, const void *addr,
		   size_t npages);

/* Bytes those pages hold: 2 MiB per huge page, 4 KiB per other. */
uint64_t thp_census_bytes(const struct thp_census *c);

/*
 * Into row r: metrics thp_pages_huge and thp_pages_expected and, when some
 * were not huge, the note "THP fallback: k of n pages not huge"; when the
 * census could not be taken, "THP not verified: why".
 */
void thp_census_row(const struct thp_census *c, struct urow *r);

#endif
