/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A report as a list of sections of items (tables, plots, one-line notes),
 * built from loaded runs and then written in each format
 * (report_write.c, html_page.c).
 *
 * Layout: one section per run (its nodes, tests and sizes may differ from
 * another run's, and each caption names one kernel and machine):
 *  - MLC-style matrices per path at representative sizes or orders (the
 *    smallest, middle and largest): cpu_node rows x mem_node columns,
 *    "p50 (p99)" in ns;
 *  - per-size and per-order curves: a table (node pair x size or order,
 *    p50) and its plot;
 *  - kernel kmalloc_node against the userspace allocators per size class
 *    and node pair, when the run has suite=user test=malloc rows;
 * then, with several runs, one section with one column per run: every
 * path's local (cpu_node == mem_node, lowest node) p50 (p99) at its
 * representative sizes, for the cells all runs share.
 *
 * Owner: report (report/report_build.c, report_matrix.c, report_alloc.c).
 */
#ifndef REPORT_BUILD_H
#define REPORT_BUILD_H

#include <stddef.h>

#include "plot.h"
#include "report_cells.h"
#include "rundir/runload.h"
#include "table.h"

enum report_item_kind { ITEM_HEADING, ITEM_TABLE, ITEM_PLOT, ITEM_NOTE };

struct report_item {
	enum report_item_kind kind;
	struct table table;
	struct plot plot;
	char note[512];		/* ITEM_HEADING and ITEM_NOTE text */
};

struct report_section {
	char title[200];
	char subtitle[200];	/* "" or a second heading level */
	struct report_item *items;
	size_t nitems;
};

struct report {
	struct report_section *sections;
	size_t nsections;
	char title[200];
};

/* Build the report of nruns runs. 0, or -1 with err (ENOMEM). */
int report_build(struct report *rep, const struct run *runs, size_t nruns,
		 char *err, size_t errlen);
void report_free(struct report *rep);

/* Append an empty section or item; NULL on ENOMEM. */
struct report_section *report_add_section(struct report *rep,
					  const char *title);
struct report_item *report_add_item(struct report_section *s,
				    enum report_item_kind kind);

/* The builders, each appending to section s (report_matrix.c, report_alloc.c). */
int report_matrices(struct report_section *s, const struct run *r,
		    const struct path *paths, size_t npaths);
int report_curves(struct report_section *s, const struct run *r,
		  const struct path *paths, size_t npaths);
int report_allocators(struct report_section *s, const struct run *r);

/*
 * The representative parameters of p: all when there are at most three,
 * else the smallest, the middle one and the largest. Returns their count.
 */
size_t representative_params(const struct path *p, uint64_t out[3]);

#endif
