// SPDX-License-Identifier: GPL-2.0
/*
 * The data behind the scaling section: see scaling_data.h. A sweep's rows
 * are the ok repetitions with ops_per_s filled; counters.csv is read
 * keyed like results.csv (metrics.h), for those rows only.
 */
#include "scaling_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "rundir/csvread.h"

#define MIXED_SUFFIX "+mixed"

static const char *const metric_names[M_N] = {
	"ops", "buddy_allocs", "lock_contended", "lock_wait_ns",
};

/* ---- which rows are a sweep's ---- */

/* An ok repetition measured on several threads at once: ops_per_s filled. */
static int unit_in_sweep(const struct run_cell *c, size_t i)
{
	return c->unit && c->unit[i].ops_per_s > 0 &&
	       isfinite(c->unit[i].ops_per_s);
}

static int cell_in_any_sweep(const struct run_cell *c)
{
	for (size_t i = 0; i < c->nreps; i++)
		if (unit_in_sweep(c, i))
			return 1;
	return 0;
}

static int is_mixed(const char *test)
{
	size_t n = strlen(test), m = strlen(MIXED_SUFFIX);

	return n > m && !strcmp(test + n - m, MIXED_SUFFIX);
}

/* c's test without "+mixed" into buf. */
static void base_test(char *buf, size_t len, const char *test)
{
	size_t n = strlen(test) - (is_mixed(test) ? strlen(MIXED_SUFFIX) : 0);

	snprintf(buf, len, "%.*s", (int)n, test);
}

static int cell_of_sweep(const struct run_cell *c, const struct sweep *sw)
{
	char base[64];

	base_test(base, sizeof(base), c->k.test);
	return !strcmp(base, sw->k.test) && !strcmp(c->k.suite, sw->k.suite) &&
	       !strcmp(c->k.allocator, sw->k.allocator) &&
	       !strcmp(c->k.policy, sw->k.policy) &&
	       !strcmp(c->k.mode, sw->k.mode) &&
	       c->k.size_bytes == sw->k.size_bytes &&
	       c->k.order == sw->k.order && c->k.batch == sw->k.batch;
}

static void add_threads(struct sweep *sw, unsigned t)
{
	size_t j = 0;

	while (j < sw->nthreads && sw->threads[j] < t)
		j++;
	if ((j < sw->nthreads && sw->threads[j] == t) ||
	    sw->nthreads == SW_MAX_THREADS)
		return;
	memmove(sw->threads + j + 1, sw->threads + j,
		(sw->nthreads - j) * sizeof(*sw->threads));
	sw->threads[j] = t;
	sw->nthreads++;
}

/* The sweeps of r in results.csv order; those of one thread count only
 * show no scaling and are left out. Returns the count. */
size_t sweeps_of(const struct run *r, struct sweep *out, size_t cap)
{
	size_t n = 0, kept = 0;

	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];
		size_t j;

		if (!cell_in_any_sweep(c))
			continue;
		for (j = 0; j < n; j++)
			if (cell_of_sweep(c, &out[j]))
				break;
		if (j == n) {
			if (n == cap)
				continue;
			memset(&out[n], 0, sizeof(out[n]));
			out[n].k = c->k;
			base_test(out[n].k.test, sizeof(out[n].k.test),
				  c->k.test);
			n++;
		}
		add_threads(&out[j], c->k.threads);
	}
	for (size_t j = 0; j < n; j++)
		if (out[j].nthreads >= 2)
			out[kept++] = out[j];
	return kept;
}

/* ---- classes of node pairs ---- */

static void class_of(const struct run *r, const struct run_cell *c,
		     struct sw_class *out)
{
	memset(out, 0, sizeof(*out));
	out->mixed = is_mixed(c->k.test);
	out->dist = -1;
	out->node = -1;
	if (c->k.mem_node < 0) {
		out->kind = K_NO_MEM;
		out->node = c->k.cpu_node;
	} else if (c->k.cpu_node < 0) {
		out->kind = K_NO_CPU;
		out->node = c->k.mem_node;
	} else if (c->k.cpu_node == c->k.mem_node) {
		out->kind = K_LOCAL;
	} else {
		out->kind = K_REMOTE;
		out->dist = run_distance(&r->meta, c->k.cpu_node, c->k.mem_node);
	}
}

static int class_cmp(const struct sw_class *a, const struct sw_class *b)
{
	if (a->mixed != b->mixed)
		return a->mixed - b->mixed;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (a->dist != b->dist)
		return a->dist - b->dist;
	return a->node - b->node;
}

static void class_name(struct sw_class *c)
{
	char what[48];

	switch (c->kind) {
	case K_LOCAL:
		snprintf(what, sizeof(what), "local");
		break;
	case K_REMOTE:
		if (c->dist >= 0)
			snprintf(what, sizeof(what), "distance %d", c->dist);
		else
			snprintf(what, sizeof(what), "remote");
		break;
	case K_NO_MEM:
		snprintf(what, sizeof(what), "cpu node %d", c->node);
		break;
	default:
		snprintf(what, sizeof(what), "memory node %d", c->node);
		break;
	}
	snprintf(c->name, sizeof(c->name), "%s%s", c->mixed ? "+mixed, " : "",
		 what);
}

/* The classes of sw's cells, sorted (plain before +mixed, local first),
 * each with its pairs. Returns the count. */
size_t classes_of(const struct run *r, const struct sweep *sw,
			 struct sw_class *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];
		struct sw_class k;
		char pair[24];
		size_t j, len;

		if (!cell_of_sweep(c, sw) || !cell_in_any_sweep(c))
			continue;
		class_of(r, c, &k);
		for (j = 0; j < n && class_cmp(&out[j], &k); j++)
			;
		if (j == n) {
			if (n == cap)
				continue;
			for (j = n; j > 0 && class_cmp(&out[j - 1], &k) > 0; j--)
				out[j] = out[j - 1];
			class_name(&k);
			out[j] = k;
			n++;
		}
		snprintf(pair, sizeof(pair), "%d-%d", c->k.cpu_node,
			 c->k.mem_node);
		if (strstr(out[j].pairs, pair))
			continue;	/* another thread count of that pair */
		len = strlen(out[j].pairs);
		if (len + strlen(pair) + 3 < sizeof(out[j].pairs))
			snprintf(out[j].pairs + len, sizeof(out[j].pairs) - len,
				 "%s%s", len ? ", " : "", pair);
	}
	return n;
}

/* ---- counters.csv ---- */

void counters_free(struct counters *ct)
{
	free(ct->e);
	memset(ct, 0, sizeof(*ct));
}

static int int_col(const char *s, long long *out)
{
	char *end;

	if (!*s) {
		*out = -1;
		return 0;
	}
	*out = strtoll(s, &end, 10);
	return *end ? -1 : 0;
}

/* A key text column as runload.c keeps it: schema 8's "none" is "". */
static void key_text(char *out, size_t len, const char *s)
{
	snprintf(out, len, "%s", strcmp(s, "none") ? s : "");
}

/* The entry of (c, rep), added when new; NULL on ENOMEM. */
static struct ctr_entry *ctr_get(struct counters *ct,
				 const struct run_cell *c, long rep)
{
	struct ctr_entry *e;

	for (size_t i = 0; i < ct->n; i++)
		if (ct->e[i].cell == c && ct->e[i].rep == rep)
			return &ct->e[i];
	e = realloc(ct->e, (ct->n + 1) * sizeof(*e));
	if (!e)
		return NULL;
	ct->e = e;
	e = &ct->e[ct->n++];
	e->cell = c;
	e->rep = rep;
	for (int m = 0; m < M_N; m++)
		e->v[m] = NAN;
	return e;
}

enum ctr_col {
	CC_SUITE, CC_TEST, CC_ALLOC, CC_POLICY, CC_CPU, CC_MEM, CC_SIZE,
	CC_ORDER, CC_BATCH, CC_MODE, CC_THREADS, CC_REP, CC_METRIC, CC_VALUE,
	CC_N
};
static const char *const ctr_cols[CC_N] = {
	"suite", "test", "allocator", "policy", "cpu_node", "mem_node",
	"size_bytes", "order", "batch", "mode", "threads", "rep", "metric",
	"value",
};

/* One line of counters.csv: kept when it is a sweep cell's metric. */
static int ctr_line(struct counters *ct, const struct run *r, char **f)
{
	struct cell_key k;
	const struct run_cell *c;
	struct ctr_entry *e;
	long long v[7];
	char key[256], *end;
	double x;
	int m;

	for (m = 0; m < M_N; m++)
		if (!strcmp(f[CC_METRIC], metric_names[m]))
			break;
	if (m == M_N)
		return 0;
	memset(&k, 0, sizeof(k));
	if (int_col(f[CC_CPU], &v[0]) || int_col(f[CC_MEM], &v[1]) ||
	    int_col(f[CC_SIZE], &v[2]) || int_col(f[CC_ORDER], &v[3]) ||
	    int_col(f[CC_BATCH], &v[4]) || int_col(f[CC_THREADS], &v[5]) ||
	    int_col(f[CC_REP], &v[6]))
		return 0;	/* not a key this report knows: not a sweep's */
	snprintf(k.suite, sizeof(k.suite), "%s", f[CC_SUITE]);
	snprintf(k.test, sizeof(k.test), "%s", f[CC_TEST]);
	key_text(k.allocator, sizeof(k.allocator), f[CC_ALLOC]);
	key_text(k.policy, sizeof(k.policy), f[CC_POLICY]);
	key_text(k.mode, sizeof(k.mode), f[CC_MODE]);
	k.cpu_node = (int)v[0];
	k.mem_node = (int)v[1];
	k.size_bytes = (uint64_t)(v[2] < 0 ? 0 : v[2]);
	k.order = (int)v[3];
	k.batch = (unsigned)v[4];
	k.threads = (unsigned)v[5];
	run_key_format(key, sizeof(key), &k);
	c = run_find(r, key);
	if (!c || !cell_in_any_sweep(c))
		return 0;
	x = strtod(f[CC_VALUE], &end);
	if (!*f[CC_VALUE] || *end || !isfinite(x))
		return 0;
	e = ctr_get(ct, c, (long)v[6]);
	if (!e)
		return -1;
	e->v[m] = x;
	return 0;
}

/* See scaling_data.h. */
int counters_load(struct counters *ct, const struct run *r)
{
	char path[4200], err[256];
	struct csv_table t;
	int idx[CC_N], ret = 0;
	FILE *f;

	memset(ct, 0, sizeof(*ct));
	snprintf(path, sizeof(path), "%s/counters.csv", r->dir);
	f = fopen(path, "r");
	if (!f) {
		snprintf(ct->problem, sizeof(ct->problem),
			 "the run has no counters.csv");
		return 0;
	}
	fclose(f);
	if (csv_read(path, &t, err, sizeof(err))) {
		snprintf(ct->problem, sizeof(ct->problem),
			 "counters.csv could not be read (%.150s)", err);
		return 0;
	}
	for (int i = 0; i < CC_N; i++) {
		idx[i] = csv_col(&t, ctr_cols[i]);
		if (idx[i] < 0) {
			snprintf(ct->problem, sizeof(ct->problem),
				 "counters.csv has no %s column", ctr_cols[i]);
			csv_table_free(&t);
			return 0;
		}
	}
	for (size_t i = 0; i < t.nrows && !ret; i++) {
		char *fields[CC_N];

		for (int j = 0; j < CC_N; j++)
			fields[j] = t.rows[i][idx[j]];
		ret = ctr_line(ct, r, fields);
	}
	csv_table_free(&t);
	return ret;
}

static const struct ctr_entry *ctr_find(const struct counters *ct,
					const struct run_cell *c, long rep)
{
	for (size_t i = 0; i < ct->n; i++)
		if (ct->e[i].cell == c && ct->e[i].rep == rep)
			return &ct->e[i];
	return NULL;
}

/* ---- a class's value at a thread count ---- */

/* Per cell: the medians over its sweep repetitions. */
struct cell_med {
	double ops, p50, p99, fair, per_op[M_N];
	double ops_lo, ops_hi, p50_lo, p50_hi;
	size_t nreps;
};

static void minmax(const double *v, size_t n, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		*lo = v[i] < *lo ? v[i] : *lo;
		*hi = v[i] > *hi ? v[i] : *hi;
	}
	if (*lo > *hi)
		*lo = *hi = NAN;
}

static void cell_medians(const struct run_cell *c, const struct counters *ct,
			 struct cell_med *out)
{
	double ops[SW_MAX_REPS], p50[SW_MAX_REPS], p99[SW_MAX_REPS];
	double fair[SW_MAX_REPS], po[M_N][SW_MAX_REPS];
	size_t n = 0;

	for (size_t i = 0; i < c->nreps && n < SW_MAX_REPS; i++) {
		const struct ctr_entry *e;

		if (!unit_in_sweep(c, i))
			continue;
		ops[n] = c->unit[i].ops_per_s;
		fair[n] = c->unit[i].fairness > 0 ? c->unit[i].fairness : NAN;
		p50[n] = c->p50_ns ? c->p50_ns[i] : NAN;
		p99[n] = c->p99_ns ? c->p99_ns[i] : NAN;
		e = ctr_find(ct, c, c->unit[i].rep);
		for (int m = M_ZONE; m < M_N; m++)
			po[m][n] = e && e->v[M_OPS] > 0 ?
				   e->v[m] / e->v[M_OPS] : NAN;
		n++;
	}
	out->nreps = n;
	out->ops = stat_median(ops, n);
	out->p50 = stat_median(p50, n);
	out->p99 = stat_median(p99, n);
	out->fair = stat_median(fair, n);
	for (int m = M_ZONE; m < M_N; m++)
		out->per_op[m] = stat_median(po[m], n);
	minmax(ops, n, &out->ops_lo, &out->ops_hi);
	minmax(p50, n, &out->p50_lo, &out->p50_hi);
}

/* Geometric (geo) or arithmetic mean of the finite values of v: NAN none. */
static double mean_of(const double *v, size_t n, int geo)
{
	double s = 0, last = NAN;
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]) || (geo && !(v[i] > 0)))
			continue;
		s += geo ? log(v[i]) : v[i];
		last = v[i];
		k++;
	}
	/* one value: itself, not exp(log(v)) a rounding off */
	return k <= 1 ? last : geo ? exp(s / (double)k) : s / (double)k;
}

/* Class cls of sweep sw at t threads: 0, or -1 when no pair has a value. */
int class_value(const struct run *r, const struct sweep *sw,
		       const struct sw_class *cls, unsigned t,
		       const struct counters *ct, struct sw_value *out)
{
	double ops[SW_MAX_CLASSES * 8], p50[SW_MAX_CLASSES * 8];
	double p99[SW_MAX_CLASSES * 8], fair[SW_MAX_CLASSES * 8];
	double po[M_N][SW_MAX_CLASSES * 8];
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	out->minreps = (size_t)-1;
	out->ops_lo = out->p50_lo = INFINITY;
	out->ops_hi = out->p50_hi = -INFINITY;
	for (size_t i = 0; i < r->ncells && n < SW_MAX_CLASSES * 8; i++) {
		const struct run_cell *c = &r->cells[i];
		struct sw_class k;
		struct cell_med m;

		if (c->k.threads != t || !cell_of_sweep(c, sw))
			continue;
		class_of(r, c, &k);
		if (class_cmp(&k, cls))
			continue;
		cell_medians(c, ct, &m);
		if (!m.nreps)
			continue;
		ops[n] = m.ops;
		p50[n] = m.p50;
		p99[n] = m.p99;
		fair[n] = m.fair;
		for (int j = M_ZONE; j < M_N; j++)
			po[j][n] = m.per_op[j];
		n++;
		out->minreps = m.nreps < out->minreps ? m.nreps : out->minreps;
		out->maxreps = m.nreps > out->maxreps ? m.nreps : out->maxreps;
		out->ops_lo = fmin(out->ops_lo, m.ops_lo);
		out->ops_hi = fmax(out->ops_hi, m.ops_hi);
		out->p50_lo = fmin(out->p50_lo, m.p50_lo);
		out->p50_hi = fmax(out->p50_hi, m.p50_hi);
	}
	if (!n)
		return -1;
	out->npairs = n;
	out->ops = mean_of(ops, n, 1);
	out->p50 = mean_of(p50, n, 1);
	out->p99 = mean_of(p99, n, 1);
	out->fair = mean_of(fair, n, 0);
	for (int j = M_ZONE; j < M_N; j++)
		out->per_op[j] = mean_of(po[j], n, 0);
	if (!isfinite(out->p50_lo))
		out->p50_lo = out->p50_hi = NAN;
	return 0;
}
