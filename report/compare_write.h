/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A comparison as text (per cell and a summary), CSV and JSON, for people
 * and scripts. Each returns 0, or -1 on a write error.
 */
#ifndef REPORT_COMPARE_WRITE_H
#define REPORT_COMPARE_WRITE_H

#include <stdio.h>

#include "compare.h"

/*
 * Plain text: the runs and the rule, one line per base cell (base and new
 * geometric mean in ns with their units, the ratio and its 95% interval, p,
 * q, a mark: '!' regression, '+' improvement, '?' not tested, '-' n/a, and
 * the reason), then the summary.
 */
int compare_write_text(FILE *f, const struct compare *c);

/* The summary per new run and the verdict line. */
int compare_write_summary(FILE *f, const struct compare *c);

/*
 * One row per base cell and new run, the runs named by run_id (a set of
 * boots by its directory), no number where there is none (empty field).
 */
int compare_write_csv(FILE *f, const struct compare *c);

/* Everything above as one JSON document (jansson). */
int compare_write_json(FILE *f, const struct compare *c);

/* What a side's units are: "3 boots (5 reps each)", or its reps as
 * units (--reps-as-units). */
void compare_units_words(char *buf, size_t len, const struct run *r);

#endif
