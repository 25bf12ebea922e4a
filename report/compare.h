/* SPDX-License-Identifier: GPL-2.0 */
/*
 * numabench compare: every cell common to a base run and one or more new
 * runs, each new run's mean against the base mean with delta %, the Welch
 * 95% CI of the difference and a verdict (stats.h), and a summary per new
 * run: cells compared, regressions, improvements, missing and extra cells.
 */
#ifndef REPORT_COMPARE_H
#define REPORT_COMPARE_H

#include <stdio.h>

#include "join.h"
#include "stats.h"

enum cmp_metric { METRIC_MEAN = 0, METRIC_P50 };

struct cmp_cell {
	const struct join_row *row;
	struct stat_sample *s;		/* per run: the cell's sample summary */
	struct stat_diff *d;		/* per run, [0] unused: against base */
	int skipped;			/* no ok repetition in some run */
};

struct cmp_summary {
	size_t compared;		/* common cells with a verdict */
	size_t regressions, improvements, same, na;
	size_t missing, extra;
	double worst_pct;		/* largest delta among regressions */
	const char *worst_key;
	const struct cell_key *worst_k;
};

struct compare {
	struct join j;
	double threshold_pct;
	enum cmp_metric metric;
	struct cmp_cell *cells;		/* one per common join row */
	size_t ncells;
	struct cmp_summary *sum;	/* per run, [0] unused */
};

/* Build the comparison of runs[1..] against runs[0]. 0, or -1 (err). */
int compare_build(struct compare *c, const struct run *const *runs,
		  size_t nruns, double threshold_pct, enum cmp_metric metric,
		  char *err, size_t errlen);
void compare_free(struct compare *c);

/* --threshold (a percentage in 0..1000) and --metric (mean|p50), shared by
 * compare and regress. 0, or -1 with a one-line message in err. */
int compare_parse_threshold(const char *arg, double *pct, char *err,
			    size_t errlen);
int compare_parse_metric(const char *arg, enum cmp_metric *m, char *err,
			 size_t errlen);

/* 1 when some new run has a significant regression, else 0. */
int compare_has_regression(const struct compare *c);

/*
 * Plain text: one line per common cell (base mean +- CI half-width, each
 * new mean, delta %, CI of the delta, a mark: '!' regression,
 * '+' improvement), then the summary. 0 or -1 on a write error.
 */
int compare_write_text(FILE *f, const struct compare *c);
int compare_write_summary(FILE *f, const struct compare *c);

/* Every cell as CSV (key columns, means, CIs, delta, verdict), for scripts. */
int compare_write_csv(FILE *f, const struct compare *c);

const char *cmp_metric_name(enum cmp_metric m);

#endif
