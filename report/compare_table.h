/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A comparison as tables (table.h) for the Markdown and HTML files, and
 * what the LaTeX and the figures share with them: a cell's readable name,
 * the order cells are shown in (regressions first), each side's interval
 * and the notes that carry the reasons a cell column cannot hold.
 */
#ifndef REPORT_COMPARE_TABLE_H
#define REPORT_COMPARE_TABLE_H

#include "compare.h"
#include "report_cells.h"
#include "table.h"

/*
 * A cell's name for readers: "kmalloc 256 B, CPU node 0 → mem node 1,
 * batch 32 (cold)" (UTF-8 arrow): the path (path_name's wording), the size or order,
 * the nodes the key has, batch and threads when not 1, the mode when not
 * the default. Key columns that do not apply are left out.
 */
/* A key's size ("256 B") or order ("order 3"); "" when it has neither. */
void compare_key_param(char *buf, size_t len, const struct cell_key *k);
/* A key's test, and its allocator and policy unless kernel/node:
 * snprintf's return. */
int compare_key_test(char *buf, size_t len, const struct cell_key *k);
void compare_cell_label(char *buf, size_t len, const struct cell_key *k);

/* "what: kernel run-id": a run named by kernel and run id (or set
 * directory), for column heads and figure legends. */
void compare_run_head(char *buf, size_t len, const char *what,
		      const struct run *r);

/*
 * The cells of c in the order new run i is shown: regressions (largest
 * ratio first), improvements (smallest first), then the rest by ratio,
 * largest first, cells without a ratio last. idx gets c->ncells indices.
 * 0, or -1 (ENOMEM).
 */
int compare_order(const struct compare *c, size_t i, size_t *idx);

/*
 * A side's 95 % interval of its geometric mean over its units (Student t
 * on ln x): 0, or -1 when it has fewer than two units.
 */
int compare_side_interval(const struct stat_logsample *s, double *lo,
			  double *hi);

/*
 * The interval of a cell's ratio new/base: the test's interval beyond the
 * common level, times the common level (as the time verdict reads it).
 * 0, or -1 when the cell was not tested.
 */
int compare_ratio_interval(const struct cmp_result *r, double *lo,
			   double *hi);

/* A ratio with three decimals below 10, then fewer: "1.052", "20487". */
void compare_format_ratio(char *buf, size_t len, double v);

/* A cell's verdict as a column shows it: "regression: time", "same". */
void compare_verdict_text(char *buf, size_t len, const struct cmp_result *r);

/*
 * Does a cell's reason say more than its numbers (a regression not of
 * time, a cell not tested)? Such reasons go into numbered notes.
 */
int compare_reason_noted(const struct cmp_result *r);

/* Distinct reasons, numbered from 1 in the order first added. */
struct cmp_notes {
	char **text;
	size_t n, cap;
};

/* The number of reason s in notes, added when new; 0 when out of memory. */
size_t cmp_note(struct cmp_notes *notes, const char *s);
void cmp_notes_free(struct cmp_notes *notes);

/*
 * The cells of new run i against the base in the order idx
 * (compare_order), one column per number: base and new ns with their
 * interval and units, the ratio and its interval, the ratio beyond the
 * common level, q, the smallest ratio detectable, the verdict; the
 * reasons compare_reason_noted keeps as numbered notes. 0, or -1 (ENOMEM).
 */
int compare_cells_table(struct table *t, const struct compare *c, size_t i,
			const size_t *idx, struct cmp_notes *notes);
int compare_summary_table(struct table *t, const struct compare *c);

#endif
