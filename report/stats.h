/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics for compare (DESIGN.md "Statistics for compare"): the
 * repetitions of a cell are the sample; latency is lower-is-better. Each
 * run's mean gets a 95% Student t confidence interval; the difference of
 * two means a Welch t interval (Welch-Satterthwaite degrees of freedom).
 * A change is significant when the two runs' intervals do not overlap and
 * |delta| >= the threshold. The t distribution is R's (libRmath: pt, qt),
 * checked against GSL in tests/unit/test_stats.c.
 */
#ifndef REPORT_STATS_H
#define REPORT_STATS_H

#include <stddef.h>

#define STATS_CONF 0.95		/* confidence of every interval */
#define STATS_THRESHOLD 5.0	/* default significance threshold, % */

/* A sample's summary; half is the CI half-width (INFINITY when n < 2). */
struct stat_sample {
	size_t n;
	double mean, var, sd, half;
};

enum stat_verdict {
	STAT_SAME = 0,		/* no significant change */
	STAT_REGRESSION,	/* significantly slower */
	STAT_IMPROVEMENT,	/* significantly faster */
	STAT_NA,		/* not comparable: a side has n < 2 or mean <= 0 */
};

/* new against base, in % of the base mean. */
struct stat_diff {
	double delta_pct;	/* (new - base) / base * 100 */
	double lo_pct, hi_pct;	/* Welch CI of the difference, in % of base */
	double df;		/* Welch-Satterthwaite degrees of freedom */
	int overlap;		/* the two runs' CIs overlap */
	enum stat_verdict verdict;
};

/*
 * Student t with df > 0 degrees of freedom: CDF, and its inverse (0 < p < 1;
 * NAN outside, or when df <= 0).
 */
double stat_t_cdf(double t, double df);
double stat_t_quantile(double p, double df);

/* Mean, sample variance and the conf CI of the mean of x[0..n). */
void stat_summarize(const double *x, size_t n, double conf,
		    struct stat_sample *s);

/* Welch-Satterthwaite df of the difference of two means (n >= 2 both). */
double stat_welch_df(const struct stat_sample *a, const struct stat_sample *b);

/* Compare nw against base at threshold_pct (>= 0). */
void stat_compare(const struct stat_sample *base, const struct stat_sample *nw,
		  double conf, double threshold_pct, struct stat_diff *d);

const char *stat_verdict_name(enum stat_verdict v);

#endif
