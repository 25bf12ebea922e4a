// SPDX-License-Identifier: GPL-2.0
/* The stopping rule of a cell: see stoprule.h. */
#include "stoprule.h"

#include <math.h>

#define MATHLIB_STANDALONE
#include <Rmath.h>

const char *stop_name(enum stop_why why)
{
	switch (why) {
	case STOP_PRECISE: return "precise";
	case STOP_BUDGET: return "budget";
	case STOP_MAX: return "max";
	default: return "";
	}
}

static double t975(uint64_t n)
{
	return qt(0.975, (double)(n - 1), 1, 0);
}

double stop_ci_pct(uint64_t n, double mean, double sd)
{
	if (n < 2 || !(mean > 0) || !isfinite(sd))
		return INFINITY;
	return 100.0 * t975(n) * sd / sqrt((double)n) / mean;
}

enum stop_why stop_check(const struct stoprule *r, uint64_t n, double mean,
			 double sd, double elapsed_s)
{
	if (n >= r->max_samples)
		return r->target_pct > 0 &&
		       stop_ci_pct(n, mean, sd) <= r->target_pct ?
		       STOP_PRECISE : STOP_MAX;
	if (r->target_pct > 0 && n >= r->min_samples &&
	    stop_ci_pct(n, mean, sd) <= r->target_pct)
		return STOP_PRECISE;
	if (r->budget_s > 0 && elapsed_s >= r->budget_s)
		return STOP_BUDGET;
	return STOP_MORE;
}

/* Samples the rest of the budget holds at the cost seen so far. */
static uint64_t fits_budget(const struct stoprule *r, uint64_t n,
			    double elapsed_s)
{
	double per, left;

	if (r->budget_s <= 0 || !n || elapsed_s <= 0)
		return UINT64_MAX;
	per = elapsed_s / (double)n;
	left = r->budget_s - elapsed_s;
	return left > per ? (uint64_t)(left / per) : 1;
}

uint64_t stop_next_chunk(const struct stoprule *r, uint64_t n, double mean,
			 double sd, double elapsed_s)
{
	uint64_t left = r->max_samples > n ? r->max_samples - n : 1, want;

	if (r->target_pct <= 0)
		return left;
	if (r->enforced && n < r->min_samples)
		want = r->min_samples - n;
	else if (n < STOP_FIRST_CHUNK)
		want = STOP_FIRST_CHUNK - n;
	else if (n < r->min_samples)
		want = r->min_samples - n < n ? r->min_samples - n : n;
	else if (!(mean > 0))
		want = n;
	else {
		/* n' = (t sd / (target mean))^2, with t at the current n */
		double need = pow(t975(n) * sd * 100.0 /
				  (r->target_pct * mean), 2);

		want = need > (double)n ? (uint64_t)ceil(need) - n : 1;
		if (want > n)
			want = n;
	}
	if (want > fits_budget(r, n, elapsed_s))
		want = fits_budget(r, n, elapsed_s);
	if (want < 1)
		want = 1;
	return want < left ? want : left;
}
