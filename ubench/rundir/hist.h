/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log-linear latency histogram (fio style): values below 2^HIST_BITS+1 = 128
 * are exact; above, each power of two is split into 2^HIST_BITS = 64 buckets,
 * so a bucket's midpoint is within 1/128 = 0.78% of any value in it.
 * Histograms of the same layout merge by adding counts.
 */
#ifndef UBENCH_HIST_H
#define UBENCH_HIST_H

#include <stdint.h>
#include <stdio.h>

#define HIST_BITS	6
#define HIST_GROUPS	(64 - HIST_BITS)	/* covers all of uint64_t */
#define HIST_NBUCKETS	(HIST_GROUPS << HIST_BITS)

struct hist {
	uint64_t counts[HIST_NBUCKETS];
	uint64_t n;		/* values added */
	uint64_t min, max;	/* exact */
	double sum, sumsq;	/* exact moments, for mean and stddev */
};

void hist_init(struct hist *h);
void hist_add(struct hist *h, uint64_t v);
void hist_merge(struct hist *dst, const struct hist *src);

/* Bucket of v, and the representative value of a bucket (its midpoint). */
unsigned hist_bucket(uint64_t v);
uint64_t hist_bucket_value(unsigned idx);

/*
 * Whether n samples support percentile p: at least one sample lies above it
 * (n * (1 - p / 100) >= 1; p99 needs 100 samples, p99.9 needs 1000). Below
 * that the percentile would only repeat the maximum, so it is left empty.
 */
int hist_percentile_supported(uint64_t n, double p);

/* Percentile p in [0, 100] (nearest rank over buckets); 0 when empty. */
uint64_t hist_percentile(const struct hist *h, double p);
double hist_mean(const struct hist *h);
double hist_stddev(const struct hist *h);	/* sample stddev, 0 if n < 2 */

/*
 * One JSON object on one line, no trailing newline:
 * {"bits":6,"n":N,"min":..,"max":..,"sum":..,"buckets":[[idx,count],...]}
 * Only nonzero buckets are listed. Returns 0 or -1 on a write error.
 */
int hist_write_json(FILE *f, const struct hist *h);

/* The same object as a jansson value (NULL when out of memory). */
struct json_t *hist_json(const struct hist *h);

#endif
