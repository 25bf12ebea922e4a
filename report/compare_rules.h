/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdicts of a cell that need no test of its time (compare.h), for
 * compare_judge.c: behaviour (missing, failures, misplaced) and the
 * outliers check of sets of boots (slow repetitions that grew).
 */
#ifndef REPORT_COMPARE_RULES_H
#define REPORT_COMPARE_RULES_H

#include "compare.h"

/* r's verdict, kind and reason (printf-style). */
void cmp_set(struct cmp_result *r, enum cmp_verdict v, enum cmp_kind k,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A positive, finite time: a unit's usable value. */
int cmp_usable(double x);

/*
 * Missing, failures and misplacement of new cell n (NULL: absent) against
 * base cell b; eu: the units a full cell has on each side. Sets r's
 * verdict only when it is one of those (or n/a, when the base has no
 * value); leaves r as it is otherwise.
 */
void cmp_judge_behaviour(const struct run_cell *b, const struct run_cell *n,
			 const size_t eu[2], struct cmp_result *r);

/*
 * The outliers check of cell cc, new run i against the base (sets of
 * boots): how far slow reps pull each boot (its mean with all reps over
 * its robust one). Fills r's all_* fields, pulled, units_new and margin.
 */
void cmp_judge_pull(const struct compare *c, const struct cmp_cell *cc,
		    size_t i, struct cmp_result *r);

/* Whether r's slow reps grew: pulled by its margin, slower by up. */
int cmp_slow_reps_grew(const struct cmp_result *r, double up);

/* The reps rc's units set aside as slow, and all their reps. */
void cmp_count_slow(const struct compare *c, const struct run_cell *rc,
		    unsigned *slow, unsigned *reps);

#endif
