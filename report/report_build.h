/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report of loaded runs (a report_doc.h document), then written in each
 * format by report_write.c and html_page.c.
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
 * Owner: report (report/report_build.c; the builders in report_matrix.c
 * and report_alloc.c).
 */
#ifndef REPORT_BUILD_H
#define REPORT_BUILD_H

#include <stddef.h>

#include "report_doc.h"
#include "rundir/runload.h"

/* Build the report of nruns runs. 0, or -1 with err (ENOMEM). */
int report_build(struct report *rep, const struct run *runs, size_t nruns,
		 char *err, size_t errlen);

#endif
