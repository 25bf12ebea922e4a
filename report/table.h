/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A rendered table: what report and compare print, in every format. Cells
 * are text already formatted by the caller (numbers with their precision);
 * a cell's mark says how a renderer flags it (text mark, LaTeX bold, HTML
 * class). The caption carries what every table must say: unit, kernel,
 * machine, native or VM, repetitions.
 *
 * Owner: report renderers (report/table.c, report/render_*.c).
 */
#ifndef REPORT_TABLE_H
#define REPORT_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum table_mark {
	MARK_NONE = 0,
	MARK_REGRESSION,	/* significantly worse: text "!", HTML red */
	MARK_IMPROVEMENT,	/* significantly better: text "+", HTML green */
	MARK_SKIPPED,		/* no number: the text says why ("skipped", "n/a") */
};

struct table_cell {
	char text[128];		/* main value, e.g. "1234" */
	char sub[192];		/* beside it, e.g. p99 "(5678)" or "+3.2%"; may be "" */
	enum table_mark mark;
	int has_value;		/* text shows value (ns), for plots of the table */
	double value;
};

struct table {
	char id[64];		/* file-name-safe identifier, e.g. "matrix-kmalloc-256" */
	char title[160];	/* e.g. "kmalloc_node 256 B: p50 (p99), ns" */
	char caption[2048];	/* unit, kernel, machine, executor, reps, notes */
	char corner[64];	/* top-left header, e.g. "cpu \\ mem" */
	size_t nrows, ncols;
	char (*row_label)[128];	/* nrows: the full label, never cut */
	char (*col_label)[128];	/* ncols */
	struct table_cell *cells;	/* nrows * ncols, row-major */
	int text_values;	/* values are words, not numbers: left-aligned */
};

/* Allocate an empty table (all cells "", MARK_NONE). 0 or -1 (ENOMEM). */
int table_init(struct table *t, size_t nrows, size_t ncols);
void table_free(struct table *t);
struct table_cell *table_at(struct table *t, size_t row, size_t col);

enum table_format { FMT_TEXT = 0, FMT_MD, FMT_TEX, FMT_HTML };

/* Parse "md,tex,html" (and "text") into a bit mask of 1 << enum table_format.
 * 0, or -1 naming the bad item in err. */
int table_parse_formats(const char *list, unsigned *mask, char *err,
			size_t errlen);

/* "text", "md", "tex", "html": the name table_parse_formats accepts. */
const char *table_format_name(enum table_format fmt);

#endif
