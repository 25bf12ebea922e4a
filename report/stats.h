/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics for compare (DESIGN.md "Statistics for compare"). The unit of
 * evidence is what varies independently: a boot when a side is a set of
 * boots, else a repetition. Latency is multiplicative, so each unit's
 * statistic x is taken as ln(x) and an effect is a ratio new/base:
 *  - per side: mean and sample variance of ln(x), the variance floored at
 *    what the timer's resolution (and the histogram's bucket width, for a
 *    percentile) leaves unknown, so identical units never give certainty;
 *  - per cell: Welch's t on the two sides' ln(x) (Welch-Satterthwaite df),
 *    two-sided p, and the ratio of geometric means with its interval;
 *  - per comparison: Benjamini-Hochberg adjusted p (q) over every cell
 *    tested, which bounds the expected share of false verdicts.
 * The t distribution is R's (libRmath: pt, qt), checked against GSL in
 * tests/unit/test_stats.c.
 */
#ifndef REPORT_STATS_H
#define REPORT_STATS_H

#include <stddef.h>

#define STATS_CONF 0.95		/* confidence of every interval */
#define STATS_ALPHA 0.05	/* false discovery rate of a comparison */
#define STATS_THRESHOLD 5.0	/* default smallest slowdown that counts, % */

/* One side of a cell on the log scale. */
struct stat_logsample {
	size_t n;		/* units */
	double mean;		/* mean of ln(x) */
	double var;		/* sample variance of ln(x), floored; 0 if n < 2 */
	double df;		/* its degrees of freedom: n - 1, more if moderated */
	double geo;		/* exp(mean): the geometric mean of x */
};

/*
 * A prior for the variances of many cells measured alike (Smyth 2004, the
 * empirical Bayes step of limma): each cell's variance is shrunk toward
 * s0sq as if d0 more degrees of freedom had been seen. d0 = 0: no prior.
 */
struct stat_prior {
	double d0, s0sq;
};

/* One cell's test of new against base. */
struct stat_test {
	double ratio;		/* geo(new) / geo(base) */
	double lo, hi;		/* its conf interval */
	double t, df, p;	/* Welch on ln(x); two-sided p */
	double se;		/* the standard error of the ln ratio */
	double q;		/* Benjamini-Hochberg adjusted p (stat_bh) */
};

/*
 * Student t with df > 0 degrees of freedom: CDF, and its inverse (0 < p < 1;
 * NAN outside, or when df <= 0).
 */
double stat_t_cdf(double t, double df);
double stat_t_quantile(double p, double df);

/* The median of the finite values of v[0..n) (v is left as it is); NAN
 * when there is none. */
double stat_median(const double *v, size_t n);

/*
 * The variance of ln(x) that a unit's statistic x (ns) cannot resolve:
 * quantisation by the timer's resolution_ns, and by a histogram bucket of
 * relative width bucket_rel (0 for an exact mean), each uniform:
 * ((resolution_ns / x)^2 + bucket_rel^2) / 12.
 */
double stat_floor_var(double resolution_ns, double x, double bucket_rel);

/*
 * The log-scale summary of x[0..n) (each > 0; others are skipped), its
 * variance at least floor_var when n >= 2.
 */
void stat_log_summarize(const double *x, size_t n, double floor_var,
			struct stat_logsample *s);

/* The same from values already on the log scale (y[i] = ln x[i]). */
void stat_summarize_logs(const double *y, size_t n, double floor_var,
			 struct stat_logsample *s);

/*
 * Fit the prior to n cells' variances var[i] with df[i] degrees of freedom
 * (cells with df <= 0 or var <= 0 are left out): d0 and s0sq by the method
 * of moments on ln var (digamma, trigamma). Fewer than 10 cells, or a
 * spread of variances beyond what sampling explains, gives a weak or no
 * prior (d0 small or 0); variances all alike give a strong one.
 */
void stat_fit_prior(const double *var, const double *df, size_t n,
		    struct stat_prior *p);

/*
 * A cell whose variance the prior cannot explain (above its 99th
 * percentile: var / s0sq beyond F(df, d0)) is not shrunk: a bimodal or
 * heavy-tailed cell keeps its own variance instead of borrowing a small
 * one (robust empirical Bayes, after Phipson et al. 2016).
 */
#define STAT_OUTLIER_P 0.01

/*
 * Shrink s's variance toward the prior: var, df updated (n >= 2 only).
 * A variance the prior cannot explain keeps its own value, larger than
 * the prior expects (so conservative), with the prior's df added: a large
 * change of such a cell can still be seen. Returns 1 when it was shrunk.
 */
int stat_moderate(const struct stat_prior *p, struct stat_logsample *s);

/*
 * The residual variance of two sides (each n >= 2; else out->df is 0):
 * their variances pooled, df a->df + b->df, at least floor_var.
 */
void stat_pool(const struct stat_logsample *a, const struct stat_logsample *b,
	       double floor_var, struct stat_logsample *out);

/*
 * The moderated t (limma, Smyth 2004) of nw against base on the log scale:
 * the difference of their means over pooled's standard deviation (the
 * sides' pooled variance, moderated by stat_moderate: its df counts the
 * prior once) times sqrt(1/nb + 1/nn), df pooled->df. 0, or -1 when a side
 * has fewer than two units (t then holds NANs, its ratio if it can).
 */
int stat_moderated_log(const struct stat_logsample *base,
		       const struct stat_logsample *nw,
		       const struct stat_logsample *pooled, double conf,
		       struct stat_test *t);

/*
 * The prior of cells whose units are boots of r repetitions each: the
 * repetitions inside the boots tell each cell's own scale. A boot's value
 * varies at least as much as the mean of its repetitions, wvar / r
 * (wvar: the pooled variance of one repetition's ln x, wdf its df), and
 * by a factor lambda > 1 when boots differ beyond their repetitions. The
 * fit over cells (method of moments on ln(var / (wvar / r)), both
 * sampling spreads taken out) gives lambda and how far cells stray from
 * it (dh: as prior degrees of freedom).
 */
struct stat_within_fit {
	double lambda, dh;
};

/*
 * Fit it from n cells: var[i], df[i] between boots, wscale[i] = wvar / r
 * and its df wdf[i] (cells with any of them <= 0 are left out). Fewer than
 * 10 usable cells: lambda 0 (no fit).
 */
void stat_fit_within(const double *var, const double *df,
		     const double *wscale, const double *wdf, size_t n,
		     struct stat_within_fit *f);

/*
 * One cell's prior from the fit: s0sq = max(lambda, 1) * wscale, as many
 * degrees of freedom as both its own estimate (wdf) and the fit's spread
 * (dh) allow: 1 / (1 / wdf + 1 / dh).
 */
struct stat_prior stat_within_prior(const struct stat_within_fit *f,
				    double wscale, double wdf);

/*
 * Welch's t of nw against base on the log scale, at conf. 0, or -1 when a
 * side has fewer than two units (t then holds NANs, its ratio if it can).
 */
int stat_welch_log(const struct stat_logsample *base,
		   const struct stat_logsample *nw, double conf,
		   struct stat_test *t);

/*
 * The smallest ratio t's cell would have shown as significant with its
 * standard error and df, had it been the only cell of m tested to move:
 * exp(t quantile(1 - alpha / 2m, df) * se), so at the threshold that
 * Benjamini-Hochberg sets for one discovery. NAN when t was not tested.
 */
double stat_detectable(const struct stat_test *t, double alpha, size_t m);

/*
 * Benjamini-Hochberg: q[i] for the p[i] of n tests (NAN p: not a test, NAN
 * q, and not counted). q[i] <= alpha rejects at false discovery rate alpha.
 * 0, or -1 when out of memory.
 */
int stat_bh(const double *p, size_t n, double *q);

#endif
