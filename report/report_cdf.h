/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Latency distributions from hist.jsonl: for each kernel path at its
 * representative sizes or orders, a CDF figure (x the latency per op on a
 * log axis, y the cumulative fraction of samples), one line per class of
 * node pairs (report_pairs.h: local, each remote distance), its pairs'
 * histograms merged over the repetitions (runload.h's run_cell hist).
 *
 * Owner: report (report/report_cdf.c).
 */
#ifndef REPORT_CDF_H
#define REPORT_CDF_H

#include <stddef.h>

#include "report_cells.h"
#include "report_doc.h"

/*
 * Append a heading, a note and the figures "cdf-<path>-<s|o>-<param>" to
 * s; nothing at all when no cell of r has a histogram (no hist.jsonl).
 * 0, or -1 on ENOMEM.
 */
int report_cdfs(struct report_section *s, const struct run *r,
		const struct path *paths, size_t npaths);

#endif
