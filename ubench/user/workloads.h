/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace workloads, one list (stress-ng style): X(id) names
 * w_<id>.c's struct uworkload uw_<id>. Adding a workload: its file and one
 * line here.
 */
#ifndef UBENCH_WORKLOADS_H
#define UBENCH_WORKLOADS_H

#include "urun.h"

#define UWORKLOAD_LIST(X) \
	X(mempolicy) \
	X(mbind) \
	X(move_pages) \
	X(migrate_pages) \
	X(shootdown) \
	X(malloc) \
	X(remote_free) \
	X(malloc_threads) \
	X(page_fault)

#define UWORKLOAD_DECLARE(id) extern const struct uworkload uw_##id;
UWORKLOAD_LIST(UWORKLOAD_DECLARE)

/* Every cell of the wanted workloads (only: --only globs or NULL). */
int urun_plan(const struct uctx *c, const char *only, struct ucells *out);

#endif
