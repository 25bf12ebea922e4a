/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a LaTeX table is laid out so that it fits a paper: its cells split
 * into lines, the width each column sets in (estimated from the glyph
 * widths of Latin Modern, wider than the Times of most paper classes), and
 * the decision what it becomes: a one-column float, a two-column float
 * (table*), columns split into stacked groups, rows split into continued
 * floats so that no float exceeds a page. render_tex.c writes the plan.
 *
 * Owner: report renderers (report/tex_fit.c).
 */
#ifndef REPORT_TEX_FIT_H
#define REPORT_TEX_FIT_H

#include <stddef.h>

#include "table.h"

/* The page a table must fit: IEEEtran and ACM two-column, 10 pt. */
#define TEX_COLUMN_PT 252.0	/* \columnwidth */
#define TEX_TEXT_PT 516.0	/* \textwidth */
#define TEX_HEIGHT_PT 672.0	/* \textheight */

/* A cell split for print: the value, and its interval or p99 below it. */
struct tex_cell_lines {
	char main[336];	/* text, sub: a table_cell's */
	char below[336];	/* "" or set in \scriptsize under main */
};

/*
 * Where a cell's text breaks: an interval ("105442 [104593, 106299] n=6")
 * always under its value; the sub (p99, change) beside it unless split_sub.
 */
void tex_cell_split(const struct table_cell *c, int split_sub,
		    struct tex_cell_lines *out);

/* Width in pt of s as set at \footnotesize (scriptsize: below a value). */
double tex_text_pt(const char *s, int scriptsize);

struct tex_plan {
	int wide;		/* table* at \textwidth */
	int split_sub;		/* subs under their values: see tex_cell_split */
	double label_pt;	/* the row labels wrap at this width */
	double *col_pt;		/* ncols: each column's content width */
	size_t *group_end;	/* column groups: group g ends before group_end[g] */
	size_t ngroups;
	size_t *float_end;	/* floats: float k ends before row float_end[k] */
	size_t nfloats;		/* the first has the caption, the others continue */
};

/* Plan t's layout. 0, or -1 on ENOMEM. */
int tex_plan(const struct table *t, struct tex_plan *p);
void tex_plan_free(struct tex_plan *p);

/*
 * Break s into lines no wider than width_pt at \footnotesize, at spaces
 * (a single word wider stays whole). Calls line(ctx, start, len) in order.
 * Returns the number of lines.
 */
size_t tex_wrap(const char *s, double width_pt,
		void (*line)(void *ctx, const char *start, size_t len),
		void *ctx);

#endif
