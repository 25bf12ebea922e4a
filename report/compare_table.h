/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A comparison as tables (table.h) for the Markdown, LaTeX and HTML files:
 * the cells (base mean, then each new mean with its delta %, significant
 * cells marked) and the summary per new run.
 */
#ifndef REPORT_COMPARE_TABLE_H
#define REPORT_COMPARE_TABLE_H

#include "compare.h"
#include "table.h"

/* A short row label for a cell: "kmalloc c0 m1 s256 b1". */
void compare_cell_label(char *buf, size_t len, const struct cell_key *k);

int compare_cells_table(struct table *t, const struct compare *c);
int compare_summary_table(struct table *t, const struct compare *c);

#endif
