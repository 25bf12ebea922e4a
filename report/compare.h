/* SPDX-License-Identifier: GPL-2.0 */
/*
 * numabench compare: every cell of a base set of boots (runset.h), or with
 * reps_as_units a base run, against one or more new ones, with a verdict a
 * kernel engineer can gate on. Per new run (compare_judge.c):
 *  - global: the units' common level (struct cmp_common), tested on its
 *    own, outside the cells' family: every cell slower (or faster) alike
 *    by at least the threshold is a regression (improvement) by itself;
 *  - per cell, in this order of precedence:
 *    - missing: the base measured the cell; the new side lacks it, skipped
 *      it, or has a unit without a usable value (absent in a boot, zero)
 *      more often than the base;
 *    - failures / misplaced: failed ops (misplaced pages or objects) in
 *      most new units at more than twice the base's worst unit's rate;
 *    - time: the moderated t (limma) on ln(each unit's robust mean_ns or
 *      p50_ns, runset.h) less the unit's common level, q after
 *      Benjamini-Hochberg over the cells tested; a regression when q <
 *      alpha and both the cell's ratio and its ratio beyond the common
 *      level are at least 1 + threshold (an improvement: both at most
 *      1 / (1 + threshold));
 *    - outliers: slow reps pull most new boots (three in four) beyond
 *      every base boot by at least the threshold, and the cell's ratio
 *      with all reps is at least 1 + threshold, while the robust statistic
 *      is not a regression: slow repetitions that grew are not hidden.
 * A regression of any kind makes compare exit 1; nothing testable is
 * exit 2, never "no regression".
 */
#ifndef REPORT_COMPARE_H
#define REPORT_COMPARE_H

#include <stdio.h>

#include "join.h"
#include "stats.h"

enum cmp_metric { METRIC_MEAN = 0, METRIC_P50 };

#define CMP_MAX_UNITS 1000	/* repetitions or boots a side compare reads */

enum cmp_verdict { CMP_SAME = 0, CMP_REGRESSION, CMP_IMPROVEMENT, CMP_NA };

/* Why a regression is one; the order is the order of precedence. */
enum cmp_kind { KIND_NONE = 0, KIND_MISSING, KIND_FAILURES, KIND_MISPLACED,
		KIND_TIME, KIND_OUTLIERS, KIND_GLOBAL, KIND_COUNT };

struct cmp_result {
	struct stat_test t;	/* ratio: the cell's new/base; lo, hi, p, q: of beyond */
	double beyond;		/* the ratio beyond the common level: the one tested */
	/* the smallest slowdown it would flag (stat_detectable), at least the
	 * threshold's ratio; NAN untested */
	double detectable;
	int tested;		/* both sides had >= 2 units */
	/*
	 * The outliers check (sets of boots; all_tested 0 when not made):
	 * all_ratio, the cell's ratio with all reps (slow ones kept);
	 * all_beyond, how much more slow reps pull the most-pulled new boots
	 * than any base boot (compare_judge.c); pulled of units_new new boots
	 * pulled beyond every base boot.
	 */
	double all_ratio, all_beyond;
	int all_tested;
	size_t pulled, units_new;
	double margin;		/* the pull it takes for this cell */
	unsigned slow[2], reps[2];	/* base, new: reps set aside as slow, of */
	enum cmp_verdict verdict;
	enum cmp_kind kind;	/* of a regression */
	char reason[200];
};

struct cmp_cell {
	const struct join_row *row;
	double res;			/* the timer's resolution for it, ns */
	struct stat_logsample *s;	/* per run: its own units (NULL cell: n = 0) */
	struct cmp_result *r;		/* per run, [0] unused */
};

/*
 * What every cell shares in a unit (a boot or a repetition): its level, the
 * median over the cells measured in every unit of ln(x) less the cell's
 * mean over all units of both sides. Each cell is tested on ln(x) less its
 * unit's level, so a shift common to all cells of a boot (host load, a
 * slower boot) is taken out of the cells' variance and out of their
 * differences; the shift between the two sides is judged once, here, with
 * the units' levels as the sample.
 */
struct cmp_common {
	size_t cells;		/* cells measured in every unit; 0: no levels */
	struct stat_test t;	/* exp(mean level new - base), Welch on levels */
	int tested;
	enum cmp_verdict verdict;
	/* the variances' prior: one over all cells (prior), or each cell's
	 * from the reps inside its boots (within, lambda 0 when not fitted) */
	struct stat_prior prior;
	struct stat_within_fit within;
	size_t outliers;	/* cells whose variance was not shrunk */
};

struct cmp_summary {
	size_t cells;			/* base cells looked at */
	size_t tested;			/* with a time test */
	size_t regressions, by_kind[KIND_COUNT];
	size_t improvements, same, na, extra;
	size_t units[2];		/* base, new: units a full cell has */
	size_t detects_20;		/* tested cells that would flag x1.20 */
	double detectable_median;	/* over tested cells */
	double worst_ratio;		/* largest ratio among time regressions */
	const char *worst_key;
	/*
	 * Cells that could not be joined across machines: base cells on a
	 * node the new run's topology lacks (n/a, not missing), and new
	 * cells on a node the base lacks; the first such node of each, -1.
	 */
	size_t unjoined, unjoined_extra;
	int unjoined_node, unjoined_extra_node;
	/*
	 * Joined cells of a node pair at another SLIT distance on each side
	 * (other topologies): the first one's key and distances.
	 */
	size_t redistanced;
	const char *redistanced_key;
	int redistanced_d[2];
};

struct compare_conf {
	double threshold_pct;		/* smallest slowdown that counts */
	double alpha;			/* false discovery rate */
	enum cmp_metric metric;
	int allow_mismatch;		/* the user accepts different conditions */
	int allow_incomplete;		/* the user accepts interrupted runs */
	int reps_as_units;		/* the user compares single runs' reps */
};

struct compare {
	struct join j;
	struct compare_conf conf;
	struct cmp_cell *cells;		/* one per row of the base run */
	size_t ncells;
	struct cmp_summary *sum;	/* per run, [0] unused */
	struct cmp_common *common;	/* per run, [0] unused */
	char accepted[1024];		/* what the allow flags let through, "" */
	/*
	 * Per new run, [0] unused: the machine and kernel it differs from
	 * the base in (runset_identity_differ), "" when none; hosts: the
	 * distinct hosts among the runs (meta.json host; 1 when all agree).
	 */
	char (*machines)[1024];
	size_t hosts;
	/* per run: its label in outputs (compare_label) */
	char (*labels)[200];
};

/*
 * Build the comparison of runs[1..] against runs[0]. 0, or -1 with err
 * and *refused set when the runs may not be compared (incomplete, other
 * conditions; the message names the flag that allows it) or cleared on
 * other errors (no common cell, out of memory). Runs of other hosts, CPU
 * models, topologies or kernels are compared (that is what the comparison
 * is about; c->machines lists what differs); a base cell on a node the
 * new run's topology does not have is n/a ("not joinable"), never a
 * missing cell, and is never joined to another node id.
 */
int compare_build(struct compare *c, const struct run *const *runs,
		  size_t nruns, const struct compare_conf *conf, char *err,
		  size_t errlen, int *refused);
void compare_free(struct compare *c);

/* --threshold (a percentage in 0..1000) and --metric (mean|p50), shared by
 * compare and regress. 0, or -1 with a one-line message in err. */
int compare_parse_threshold(const char *arg, double *pct, char *err,
			    size_t errlen);
int compare_parse_metric(const char *arg, enum cmp_metric *m, char *err,
			 size_t errlen);

/* Each unit's value of rc that c compares: its robust mean_ns or p50_ns. */
const double *cmp_values(const struct compare *c, const struct run_cell *rc);

/* 1 + threshold: the smallest ratio that counts as slower. */
double cmp_up(const struct compare *c);

/* 1 when some new run has a regression of any kind, else 0. */
int compare_has_regression(const struct compare *c);

/* 1 when no new run had a cell tested for time and none regressed. */
int compare_untestable(const struct compare *c);

/* Judge new run i against the base (compare_judge.c). 0, or -1 (OOM). */
int compare_judge_run(struct compare *c, size_t i);

/* The smallest step of a unit's statistic, ns, for a cell of suite. */
double compare_resolution_ns(const struct run *r, const char *suite);

const char *cmp_metric_name(enum cmp_metric m);
const char *cmp_verdict_name(enum cmp_verdict v);
const char *cmp_kind_name(enum cmp_kind k);

/* A run's name in outputs: its run_id, or the set's directory name. */
const char *cmp_run_name(const struct run *r);

/* "host H, kernel K, run R": who a run is, in heads. */
void cmp_run_identity(char *buf, size_t len, const struct run *r);

/* The cells run i could not join to the base (other topologies), one
 * line into buf; "" when none. */
void compare_unjoined_text(char *buf, size_t len, const struct compare *c,
			   size_t i);

/* The common level of new run i against base, one line, into buf. */
void compare_common_text(char *buf, size_t len, const struct compare *c,
			 size_t i);

/* A run's label in tables and summaries: its kernel, else its name. */
const char *cmp_run_label(const struct run *r);

/*
 * Run i's label in c's tables and summaries: cmp_run_label, or between
 * hosts "host (kernel)" so that runs of one kernel on two hosts differ.
 */
const char *compare_label(const struct compare *c, size_t i);

/* The rule that decided, one sentence, into buf. */
void compare_rule(char *buf, size_t len, const struct compare *c);

#endif
