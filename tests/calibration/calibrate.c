// SPDX-License-Identifier: GPL-2.0
/*
 * compare's verdicts calibrated on real runs (tests/data/calibration/):
 * each data set is N runs of one build, each its own guest boot (kernel)
 * or process (user). A trial draws 2k of them at random, k as BASE and k
 * as NEW (sets of boots), edits the NEW ones in memory as the case says,
 * and judges them with compare exactly as `numabench compare` does.
 *   calibrate DATA_DIR [SEED]     (DATA_DIR holds one folder per data set)
 * Cases: A/A; one random cell slower by a factor (flagged as time?); every
 * cell slower (exit 1?); 55 % of cells slower (unchanged cells called
 * improvements?); and the mutations that must never pass silently. Each
 * figure is printed with its Wilson 95 % interval. A target is asserted at
 * the bound a build exactly on target passes for 99 % of seeds (binomial),
 * so a correct build cannot fail it by luck and a build far below it
 * cannot pass by luck. Exit 0 when every assertion holds, 1 otherwise.
 * CALIBRATION_SCALE (default 1) multiplies every case's trials;
 * CALIBRATION_CLEAN_K sets how far a rep may stray (runset.h); and
 * CALIBRATION_METRICS=mean,p50 adds the other metric's table.
 */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include "report/compare.h"
#include "report/runset.h"

#define MAX_RUNS 64

struct dataset {
	char name[64];
	struct run runs[MAX_RUNS];
	size_t n;
};

enum edit {
	E_NONE, E_CELL, E_ALL, E_MOST, E_FAILURES, E_MISPLACED, E_VANISHED,
	E_ZERO, E_OUTLIER_REP, E_FASTER,
};

struct trial_case {
	const char *label;
	enum edit edit;
	double factor;
	size_t boots;
	size_t trials;		/* at CALIBRATION_SCALE 1 */
	/* issue 18's target share of trials (at most, for A/A), 0: none */
	double target;
	/*
	 * The share asserted, kernel then user (0: none): the target where
	 * this build reaches it, else a floor under what it measures, so a
	 * worse build fails while the shortfall is printed.
	 */
	double floor[2];
};

static const struct trial_case cases[] = {
	{ "A/A", E_NONE, 1.0, 3, 1000, 0.05, { 0.05, 0.05 } },
	{ "A/A", E_NONE, 1.0, 5, 300, 0.05, { 0.05, 0.05 } },
	{ "A/A", E_NONE, 1.0, 10, 200, 0.05, { 0.05, 0.05 } },
	{ "one cell", E_CELL, 1.10, 3, 100, 0, { 0, 0 } },
	{ "one cell", E_CELL, 1.20, 3, 200, 0.60, { 0.25, 0 } },
	{ "one cell", E_CELL, 2.00, 3, 100, 0, { 0.65, 0.20 } },
	{ "one cell", E_CELL, 1.10, 5, 100, 0, { 0, 0 } },
	{ "one cell", E_CELL, 1.20, 5, 200, 0.80, { 0.42, 0 } },
	{ "one cell", E_CELL, 1.20, 5, 200, 0.50, { 0, 0.03 } },
	{ "one cell", E_CELL, 2.00, 5, 100, 0, { 0.85, 0.55 } },
	{ "one cell", E_CELL, 1.20, 10, 100, 0, { 0.60, 0.20 } },
	{ "every cell", E_ALL, 1.05, 3, 100, 0, { 0, 0 } },
	{ "every cell", E_ALL, 1.10, 3, 200, 0.95, { 0.95, 0.50 } },
	{ "every cell", E_ALL, 1.20, 3, 100, 0, { 0.95, 0.85 } },
	{ "every cell", E_ALL, 1.05, 5, 100, 0, { 0, 0 } },
	{ "every cell", E_ALL, 1.10, 5, 100, 0, { 0.95, 0.80 } },
	{ "55% of cells", E_MOST, 1.20, 3, 100, 0, { 0, 0 } },
	{ "failures 1 -> 1000", E_FAILURES, 1.0, 3, 100, 1.0, { 1.0, 1.0 } },
	{ "misplaced 1 -> 1000", E_MISPLACED, 1.0, 3, 100, 1.0, { 1.0, 1.0 } },
	{ "in 1 of 3 new boots, x3", E_VANISHED, 3.0, 3, 100, 1.0, { 1.0, 1.0 } },
	{ "mean_ns 0 in a boot", E_ZERO, 1.0, 3, 100, 1.0, { 1.0, 1.0 } },
	{ "one rep x10 a boot", E_OUTLIER_REP, 10.0, 3, 100, 1.0, { 0.70, 0.08 } },
	{ "2000x faster", E_FASTER, 1.0 / 2000.0, 3, 100, 1.0, { 1.0, 0.85 } },
};

/* ---- a small seeded generator: every run of a build draws alike ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t rng_below(size_t n)
{
	return (size_t)(rng_next() % n);
}

/* ---- data ---- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dataset(struct dataset *d, const char *dir)
{
	DIR *dd = opendir(dir);
	struct dirent *e;
	char *names[MAX_RUNS], path[4400], err[512];
	size_t n = 0;

	if (!dd)
		return -1;
	while ((e = readdir(dd)) && n < MAX_RUNS)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(dd);
	qsort(names, n, sizeof(*names), cmp_name);
	d->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path))
			return -1;
		if (run_load(&d->runs[d->n], path, err, sizeof(err))) {
			fprintf(stderr, "calibrate: %s\n", err);
			return -1;
		}
		d->n++;
		free(names[i]);
	}
	return d->n ? 0 : -1;
}

/* ---- edits of the NEW boots (and, for rates, a BASE one) ---- */

static void scale_rep(struct run_cell *c, size_t j, double f)
{
	c->mean_ns[j] *= f;
	c->p50_ns[j] *= f;
	c->p99_ns[j] *= f;
	c->unit[j].all_ns[0] *= f;
	c->unit[j].all_ns[1] *= f;
}

static void scale_cell(struct run_cell *c, double f)
{
	for (size_t j = 0; j < c->nreps; j++)
		scale_rep(c, j, f);
}

static struct run_cell *find(struct run *r, const char *key)
{
	return (struct run_cell *)run_find(r, key);
}

/* A random cell that every one of the k runs measured, as its key. */
static const char *pick_cell(struct run *const *runs, size_t k)
{
	const struct run *r = runs[0];

	for (int tries = 0; tries < 10000; tries++) {
		const struct run_cell *c = &r->cells[rng_below(r->ncells)];
		size_t ok = 0;

		for (size_t b = 0; b < k; b++) {
			const struct run_cell *o = run_find(runs[b], c->key);

			ok += o && o->nreps >= 2;
		}
		if (ok == k)
			return c->key;
	}
	return NULL;
}

static void set_count(struct run_cell *c, size_t j, int misplaced, uint64_t v)
{
	if (misplaced) {
		c->misplaced += v - c->unit[j].misplaced;
		c->unit[j].misplaced = v;
		c->nmisplacing++;
	} else {
		c->failures += v - c->unit[j].failures;
		c->unit[j].failures = v;
		c->nfailing++;
	}
}

/* Apply the case's edit; returns the key of the edited cell, or NULL. */
static const char *apply(const struct trial_case *tc, struct run *base,
			 struct run *nw, size_t k)
{
	struct run *nws[MAX_RUNS];
	const char *key = NULL;
	char *kcopy;

	for (size_t b = 0; b < k; b++)
		nws[b] = &nw[b];
	switch (tc->edit) {
	case E_NONE:
		return NULL;
	case E_ALL:
	case E_MOST:
		for (size_t i = 0; i < nw[0].ncells; i++) {
			int slow = tc->edit == E_ALL || rng_below(100) < 55;

			for (size_t b = 0; slow && b < k; b++) {
				struct run_cell *c = find(&nw[b], nw[0].cells[i].key);

				if (c)
					scale_cell(c, tc->factor);
			}
		}
		return NULL;
	default:
		break;
	}
	key = pick_cell(nws, k);
	if (!key)
		return NULL;
	kcopy = strdup(key);	/* the vanished edit renames the cell */
	for (size_t b = 0; b < k; b++) {
		struct run_cell *c = find(&nw[b], kcopy);

		switch (tc->edit) {
		case E_CELL:
		case E_FASTER:
			scale_cell(c, tc->factor);
			break;
		case E_FAILURES:
		case E_MISPLACED:
			for (size_t j = 0; j < c->nreps; j++)
				set_count(c, j, tc->edit == E_MISPLACED, 1000);
			break;
		case E_VANISHED:
			if (b)	/* gone from every boot but the first */
				snprintf(c->key, sizeof(c->key), "%s/gone", kcopy);
			else
				scale_cell(c, tc->factor);
			break;
		case E_ZERO:
			if (!b)
				for (size_t j = 0; j < c->nreps; j++)
					c->mean_ns[j] = 0.0;
			break;
		case E_OUTLIER_REP:
			scale_rep(c, rng_below(c->nreps), tc->factor);
			break;
		default:
			break;
		}
	}
	if (tc->edit == E_FAILURES || tc->edit == E_MISPLACED) {
		/* the base had one in one rep: not "none in base" */
		struct run_cell *c = find(&base[rng_below(k)], kcopy);

		if (c && c->nreps)
			set_count(c, 0, tc->edit == E_MISPLACED, 1);
	}
	free(kcopy);
	return key;
}

/* ---- one trial ---- */

struct outcome {
	int exit;		/* as compare's: 0, 1, or 2 */
	enum cmp_verdict verdict;	/* of the edited cell */
	enum cmp_kind kind;
	enum cmp_verdict global;
	size_t improvements, regressions;
};

static int merge(struct run *out, const struct run *boots, size_t k,
		 double clean_k, const char *name)
{
	static const char *const names[] = {
		"boot-1", "boot-2", "boot-3", "boot-4", "boot-5", "boot-6",
		"boot-7", "boot-8", "boot-9", "boot-10",
	};
	char err[512];

	memset(out, 0, sizeof(*out));
	snprintf(out->dir, sizeof(out->dir), "%s", name);
	if (runset_merge(out, boots, names, k, clean_k, err, sizeof(err))) {
		fprintf(stderr, "calibrate: %s\n", err);
		return -1;
	}
	return 0;
}

static int trial(const struct dataset *d, const struct trial_case *tc,
		 enum cmp_metric metric, double clean_k, struct outcome *o)
{
	size_t k = tc->boots, pick[MAX_RUNS], n = d->n;
	struct run base[MAX_RUNS], nw[MAX_RUNS], sets[2];
	const struct run *rp[2] = { &sets[0], &sets[1] };
	struct compare_conf conf = {
		.threshold_pct = STATS_THRESHOLD, .alpha = STATS_ALPHA,
		.metric = metric,
	};
	struct compare c;
	const char *key;
	char err[1024];
	int refused, ret = -1;

	for (size_t i = 0; i < n; i++)
		pick[i] = i;
	for (size_t i = 0; i < 2 * k; i++) {	/* a partial Fisher-Yates */
		size_t j = i + rng_below(n - i), t = pick[i];

		pick[i] = pick[j];
		pick[j] = t;
	}
	for (size_t b = 0; b < k; b++)
		if (run_clone(&base[b], &d->runs[pick[b]]) ||
		    run_clone(&nw[b], &d->runs[pick[k + b]]))
			return -1;
	key = apply(tc, base, nw, k);
	memset(o, 0, sizeof(*o));
	if (merge(&sets[0], base, k, clean_k, "base") ||
	    merge(&sets[1], nw, k, clean_k, "new"))
		goto out;
	if (compare_build(&c, rp, 2, &conf, err, sizeof(err), &refused)) {
		fprintf(stderr, "calibrate: %s\n", err);
		goto out;
	}
	o->exit = compare_untestable(&c) ? 2 : compare_has_regression(&c);
	o->global = c.common[1].verdict;
	o->improvements = c.sum[1].improvements;
	o->regressions = c.sum[1].regressions;
	o->verdict = CMP_NA;
	for (size_t r = 0; key && r < c.ncells; r++)
		if (!strcmp(c.cells[r].row->key, key)) {
			o->verdict = c.cells[r].r[1].verdict;
			o->kind = c.cells[r].r[1].kind;
			if (getenv("CALIBRATION_DEBUG"))
				fprintf(stderr, "%s: %s\n", key,
					c.cells[r].r[1].reason);
		}
	compare_free(&c);
	ret = 0;
out:
	run_free(&sets[0]);
	run_free(&sets[1]);
	for (size_t b = 0; b < k; b++) {
		run_free(&base[b]);
		run_free(&nw[b]);
	}
	return ret;
}

/* Whether a trial of this case went as it should. */
static int success(const struct trial_case *tc, const struct outcome *o)
{
	switch (tc->edit) {
	case E_NONE:
		return o->exit == 1;	/* a false alarm: counted as "hit" */
	case E_CELL:
		return o->verdict == CMP_REGRESSION && o->kind == KIND_TIME;
	case E_ALL:
	case E_MOST:
		return o->exit == 1;
	case E_FAILURES:
		return o->exit >= 1 && o->kind == KIND_FAILURES;
	case E_MISPLACED:
		return o->exit >= 1 && o->kind == KIND_MISPLACED;
	case E_VANISHED:
	case E_ZERO:
		return o->exit >= 1 && o->kind == KIND_MISSING;
	case E_OUTLIER_REP:
		return o->exit >= 1 && o->verdict == CMP_REGRESSION &&
		       o->kind == KIND_OUTLIERS;
	case E_FASTER:
		return o->verdict == CMP_IMPROVEMENT;
	}
	return 0;
}

/* Wilson's 95 % interval of x in n, in %. */
static void wilson(size_t x, size_t n, double *lo, double *hi)
{
	double z = 1.959964, p = (double)x / (double)n, d = 1 + z * z / n;
	double c = (p + z * z / (2.0 * n)) / d;
	double h = z * sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;

	*lo = 100.0 * fmax(0.0, c - h);
	*hi = 100.0 * fmin(1.0, c + h);
}

/* CALIBRATION_ONLY="DATA:CASE:BOOTS,...": run only the cases named. */
static int selected(const struct trial_case *tc, const char *set)
{
	const char *only = getenv("CALIBRATION_ONLY");
	char want[128];

	if (!only || !*only)
		return 1;
	snprintf(want, sizeof(want), "%.20s:%.60s:%zu", set, tc->label, tc->boots);
	for (const char *p = only; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		size_t n = strcspn(p, ",");

		if (n && !strncmp(want, p, n) && (want[n] == '\0' || n < strlen(want)))
			return 1;
	}
	return 0;
}

/* Run one case; returns 1 when its assertion fails. */
static int run_case(const struct dataset *d, const struct trial_case *tc,
		    enum cmp_metric metric, double clean_k, size_t scale,
		    int assert)
{
	size_t n = tc->trials * scale, hit = 0, bad = 0, impr = 0, glob = 0;
	size_t extra = 0;
	double lo, hi, floor;
	struct outcome o;
	char label[64];
	int fail = 0;

	if (2 * tc->boots > d->n || !selected(tc, d->name))
		return 0;
	for (size_t t = 0; t < n; t++) {
		if (trial(d, tc, metric, clean_k, &o)) {
			bad++;
			continue;
		}
		hit += success(tc, &o);
		if (getenv("CALIBRATION_DEBUG"))
			fprintf(stderr, "trial %zu: exit %d verdict %s kind %s global %s\n",
				t, o.exit, cmp_verdict_name(o.verdict),
				cmp_kind_name(o.kind),
				cmp_verdict_name(o.global));
		glob += o.global == CMP_REGRESSION;
		impr += o.improvements;
		extra += o.regressions - (tc->edit == E_CELL &&
					  o.verdict == CMP_REGRESSION);
	}
	wilson(hit, n, &lo, &hi);
	snprintf(label, sizeof(label), "%s%s%.2f", tc->label,
		 tc->edit == E_NONE || tc->edit >= E_FAILURES ? "" : " x",
		 tc->factor);
	if (tc->edit == E_NONE || tc->edit >= E_FAILURES)
		snprintf(label, sizeof(label), "%s", tc->label);
	printf("%-7s %-5s %5zu  %-26s %6zu %6zu %6.1f%% [%5.1f, %5.1f]  %6zu %8.2f %8.2f",
	       d->name, cmp_metric_name(metric), tc->boots, label, n, hit,
	       100.0 * hit / n, lo, hi, glob, (double)impr / n,
	       (double)extra / n);
	if (bad)
		printf("  (%zu trials failed to run)", bad);
	floor = tc->floor[strcmp(d->name, "kernel") != 0];
	if (tc->target > 0.0 && floor > 0.0 && (tc->edit == E_NONE ?
				 hit > tc->target * (double)n :
				 hit < tc->target * (double)n))
		printf("  misses issue 18's target (%.0f%%)", 100 * tc->target);
	if (assert && floor > 0.0) {
		/* the bound a build exactly at floor passes 99 % of the time */
		double bound;

		if (tc->edit == E_NONE) {
			bound = qbinom(0.99, (double)n, floor, 1, 0);
			fail = (double)hit > bound || bad;
			printf("  %s: <= %.0f", fail ? "NOT OK" : "ok", bound);
		} else {
			bound = floor >= 1.0 ? (double)n :
				qbinom(0.01, (double)n, floor, 1, 0);
			fail = (double)hit < bound || bad;
			printf("  %s: >= %.0f", fail ? "NOT OK" : "ok", bound);
		}
	}
	putchar('\n');
	fflush(stdout);
	return fail;
}

/*
 * The oracle: the power no per-cell test can beat. Every run of a data set
 * merged as one set of boots (each boot's value as compare takes it, reps
 * set aside beyond clean_k), less each boot's level common to all cells;
 * each cell's spread between boots taken as known (sd, or robust: 1.4826
 * MAD), a z test at the threshold Benjamini-Hochberg sets for one slowed
 * cell among m. Averaged over cells, for a slowdown by factor at k boots.
 */
static void oracle(const struct dataset *d, double clean_k, int robust)
{
	static const char *const names[MAX_RUNS];
	struct run set;
	char err[512];
	size_t n = d->n, m = 0, full = 0;
	double *dev, *lev, *sd, z;

	memset(&set, 0, sizeof(set));
	snprintf(set.dir, sizeof(set.dir), "all");
	if (runset_merge(&set, d->runs, (const char *const *)names, n, clean_k,
			 err, sizeof(err)))
		return;
	dev = calloc(set.ncells * n + 1, sizeof(double));
	lev = calloc(n, sizeof(double));
	sd = calloc(set.ncells + 1, sizeof(double));
	for (size_t c = 0; c < set.ncells; c++) {
		const struct run_cell *rc = &set.cells[c];
		double mean = 0.0;

		if (rc->nreps != n)
			continue;
		for (size_t b = 0; b < n; b++)
			mean += log(rc->mean_ns[b]) / (double)n;
		for (size_t b = 0; b < n; b++)
			dev[b * set.ncells + full] = log(rc->mean_ns[b]) - mean;
		full++;
	}
	for (size_t b = 0; b < n; b++)
		lev[b] = stat_median(&dev[b * set.ncells], full);
	for (size_t c = 0; c < full; c++) {
		double y[MAX_RUNS], ss = 0.0, med;

		for (size_t b = 0; b < n; b++)
			y[b] = dev[b * set.ncells + c] - lev[b];
		if (robust) {
			med = stat_median(y, n);
			for (size_t b = 0; b < n; b++)
				y[b] = fabs(y[b] - med);
			sd[m++] = 1.4826 * stat_median(y, n);
			continue;
		}
		med = 0.0;
		for (size_t b = 0; b < n; b++)
			med += y[b] / (double)n;
		for (size_t b = 0; b < n; b++)
			ss += (y[b] - med) * (y[b] - med);
		sd[m++] = sqrt(ss / (double)(n - 1));
	}
	z = qnorm(1.0 - STATS_ALPHA / (2.0 * (double)m), 0, 1, 1, 0);
	printf("oracle  %-5s clean_k %-4g %-6s sd (median %.3f):", d->name,
	       clean_k, robust ? "robust" : "plain", stat_median(sd, m));
	for (size_t k = 3; k <= 10; k += k == 3 ? 2 : 5) {
		double pw = 0.0;

		for (size_t c = 0; c < m; c++)
			pw += pnorm(log(1.2) / (fmax(sd[c], 1e-9) *
						 sqrt(2.0 / (double)k)) - z,
				    0, 1, 1, 0) / (double)m;
		printf("  x1.20 at %zu boots %.0f%%", k, 100.0 * pw);
	}
	putchar('\n');
	free(dev);
	free(lev);
	free(sd);
	run_free(&set);
}

int main(int argc, char **argv)
{
	static struct dataset sets[4];
	const char *env_scale = getenv("CALIBRATION_SCALE");
	const char *env_k = getenv("CALIBRATION_CLEAN_K");
	const char *env_m = getenv("CALIBRATION_METRICS");
	size_t nsets = 0, scale = env_scale ? strtoul(env_scale, NULL, 10) : 1;
	double clean_k = env_k ? strtod(env_k, NULL) : RUNSET_CLEAN_K;
	int fails = 0, p50 = env_m && strstr(env_m, "p50");
	char path[4400];
	DIR *d;
	struct dirent *e;

	if (argc < 2) {
		fprintf(stderr, "usage: calibrate DATA_DIR [SEED]\n");
		return 2;
	}
	rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	if (!scale)
		scale = 1;
	d = opendir(argv[1]);
	if (!d) {
		fprintf(stderr, "calibrate: cannot open %s\n", argv[1]);
		return 2;
	}
	while ((e = readdir(d)) && nsets < 4) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		snprintf(sets[nsets].name, sizeof(sets[nsets].name), "%.60s",
			 e->d_name);
		if (load_dataset(&sets[nsets], path))
			return 2;
		nsets++;
	}
	closedir(d);
	printf("seed %llu, clean_k %g, threshold %.0f%%, FDR %.2f; hit: A/A exit 1, one cell flagged as time, every cell exit 1, mutations their verdict\n",
	       (unsigned long long)rng_state, clean_k, STATS_THRESHOLD,
	       STATS_ALPHA);
	printf("%-7s %-5s %5s  %-26s %6s %6s %21s  %6s %8s %8s\n", "data",
	       "metric", "boots", "case", "trials", "hit", "rate [95% CI]",
	       "global", "impr/t", "other/t");
	for (size_t s = 0; s < nsets; s++)
		for (int robust = 0; robust < 2; robust++) {
			oracle(&sets[s], INFINITY, robust);
			oracle(&sets[s], clean_k, robust);
			oracle(&sets[s], 0.0, robust);
		}
	for (int m = 0; m <= p50; m++)
		for (size_t s = 0; s < nsets; s++)
			for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++)
				fails += run_case(&sets[s], &cases[c],
						  m ? METRIC_P50 : METRIC_MEAN,
						  clean_k, scale, !m);
	printf("%s: %d assertion%s failed\n", fails ? "FAIL" : "PASS", fails,
	       fails == 1 ? "" : "s");
	return fails ? 1 : 0;
}
