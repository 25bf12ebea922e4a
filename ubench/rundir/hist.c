// SPDX-License-Identifier: GPL-2.0
/*
 * Log-linear histogram, the layout of fio's clat buckets (stat.c
 * plat_val_to_idx): values below 128 have a bucket each; from 128 on, the
 * bits below the top HIST_BITS + 1 are dropped, so every power of two is
 * split into 64 buckets of equal width.
 */
#include <math.h>
#include <string.h>

#include "hist.h"
#include "jsonput.h"

#define HIST_EXACT	(1u << (HIST_BITS + 1))	/* 128: below, exact */
#define HIST_SUB	(1u << HIST_BITS)	/* buckets per power of two */

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
}

/*
 * Values of 2^63 and above would need a 59th group; they are clamped into
 * the last bucket (fio clamps the same way). min, max and the moments stay
 * exact, and percentiles are clamped into [min, max], so nothing is lost
 * that a latency in nanoseconds (2^63 ns is 292 years) could need.
 */
unsigned hist_bucket(uint64_t v)
{
	unsigned msb, shift, idx;

	if (v < HIST_EXACT)
		return (unsigned)v;
	msb = 63 - (unsigned)__builtin_clzll(v);
	shift = msb - HIST_BITS;
	idx = ((shift + 1) << HIST_BITS) + (unsigned)((v >> shift) & (HIST_SUB - 1));
	return idx < HIST_NBUCKETS ? idx : HIST_NBUCKETS - 1;
}

/*
 * The midpoint, rounded down: for a bucket [lo, lo + w) with lo >= 64 w it
 * is less than w/2 from every value in it, so within 1/128 (0.78125%).
 */
uint64_t hist_bucket_value(unsigned idx)
{
	unsigned shift;
	uint64_t lo, width;

	if (idx < HIST_EXACT)
		return idx;
	if (idx >= HIST_NBUCKETS)
		idx = HIST_NBUCKETS - 1;
	shift = (idx >> HIST_BITS) - 1;
	lo = (uint64_t)(HIST_SUB + (idx & (HIST_SUB - 1))) << shift;
	width = 1ull << shift;
	return lo + (width - 1) / 2;
}

void hist_add(struct hist *h, uint64_t v)
{
	double d = (double)v;

	if (h->n == 0 || v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->counts[hist_bucket(v)]++;
	h->n++;
	h->sum += d;
	h->sumsq += d * d;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	unsigned i;

	if (src->n == 0)
		return;
	if (dst->n == 0 || src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	for (i = 0; i < HIST_NBUCKETS; i++)
		dst->counts[i] += src->counts[i];
	dst->n += src->n;
	dst->sum += src->sum;
	dst->sumsq += src->sumsq;
}

/*
 * Nearest rank: the smallest rank r with r >= p/100 * n, at least 1. The
 * product is rounded before the ceiling so that 99.9% of 1000 is rank 999,
 * not 1000 because 99.9 has no exact binary form.
 */
static uint64_t nearest_rank(double p, uint64_t n)
{
	double r = p / 100.0 * (double)n;
	uint64_t rank;

	if (!(r > 1.0))		/* also p < 0 and NaN */
		return 1;
	if (r >= (double)n)
		return n;
	rank = (uint64_t)r;
	if ((double)rank < r - 1e-12 * r)
		rank++;
	return rank;
}

uint64_t hist_percentile(const struct hist *h, double p)
{
	uint64_t rank, seen = 0, v;
	unsigned i;

	if (h->n == 0)
		return 0;
	rank = nearest_rank(p, h->n);
	/* The first and last ranks are min and max, which are kept exact. */
	if (rank == 1)
		return h->min;
	if (rank == h->n)
		return h->max;
	for (i = 0; i < HIST_NBUCKETS; i++) {
		seen += h->counts[i];
		if (seen >= rank)
			break;
	}
	/* The bucket midpoint may lie outside the values seen: clamp. */
	v = hist_bucket_value(i);
	if (v < h->min)
		return h->min;
	return v > h->max ? h->max : v;
}

int hist_percentile_supported(uint64_t n, double p)
{
	return (double)n * (100.0 - p) >= 100.0 - 1e-9;
}

double hist_mean(const struct hist *h)
{
	return h->n ? h->sum / (double)h->n : 0.0;
}

double hist_stddev(const struct hist *h)
{
	double n = (double)h->n, var;

	/*
	 * sumsq - sum^2 / n is exact while n * max^2 < 2^53 (a million samples
	 * below 95 us); above, it can cancel badly for a spread much smaller
	 * than the mean, so at least equal values give exactly 0.
	 */
	if (h->n < 2 || h->min == h->max)
		return 0.0;
	var = (h->sumsq - h->sum * h->sum / n) / (n - 1.0);
	/* Cancellation can leave a tiny negative variance for equal values. */
	return var > 0.0 ? sqrt(var) : 0.0;
}

/*
 * sum as "%.17g" wrote it before jansson: a sum of integers is integral,
 * and below 1e17 that printed all its digits, an integer. From 1e17 on it
 * printed an exponent: a real (jansson writes 1e17 where printf wrote
 * 1e+17).
 */
static json_t *sum_json(double sum)
{
	if (sum == floor(sum) && fabs(sum) < 1e17)
		return json_integer((json_int_t)sum);
	return json_real(sum);
}

static json_t *buckets_json(const struct hist *h, int *err)
{
	json_t *b = json_array();
	unsigned i;

	for (i = 0; i < HIST_NBUCKETS; i++) {
		json_t *p;

		if (!h->counts[i])
			continue;
		p = json_array();
		jappend(p, json_integer(i), err);
		jappend(p, ju64(h->counts[i]), err);
		jappend(b, p, err);
	}
	return b;
}

json_t *hist_json(const struct hist *h)
{
	json_t *o = json_object();
	int err = 0;

	jput(o, "bits", json_integer(HIST_BITS), &err);
	jput(o, "n", ju64(h->n), &err);
	jput(o, "min", ju64(h->min), &err);
	jput(o, "max", ju64(h->max), &err);
	jput(o, "sum", sum_json(h->sum), &err);
	jput(o, "buckets", buckets_json(h, &err), &err);
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int hist_write_json(FILE *f, const struct hist *h)
{
	json_t *o = hist_json(h);
	int err = !o || json_dumpf(o, f, JSON_COMPACT);

	json_decref(o);
	return err || ferror(f) ? -1 : 0;
}
