/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cost against batch size: for every path of a run measured at several
 * batch sizes (at the path's thread count), a table and a figure of the
 * p50 at the local node pairs (report_pairs.h: geometric mean over the
 * pairs with its 95 % interval over the repetitions) at the path's
 * representative sizes or orders. A kernel path's batch is ops timed as
 * one region, its p50 already per op (kbench divides); a user path's
 * batch is the pages one call handles (move_pages, mbind), its p50 per
 * call.
 *
 * Owner: report (report/report_batch.c).
 */
#ifndef REPORT_BATCH_H
#define REPORT_BATCH_H

#include <stddef.h>

#include "report_cells.h"
#include "report_doc.h"

/*
 * Append a heading, a note and per path with several batch sizes its
 * table "batch-<path>" and figure "batchfig-<path>" (a line saying so
 * when no path has several) to s. 0, or -1 on ENOMEM.
 */
int report_batches(struct report_section *s, const struct run *r,
		   const struct path *paths, size_t npaths);

#endif
