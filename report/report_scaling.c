// SPDX-License-Identifier: GPL-2.0
/*
 * Scaling under load (see report_scaling.h): the sweeps of a run, their
 * classes of node pairs, each class's value per thread count, and the
 * figures and table built from them. counters.csv's contention counters
 * are read here, keyed like results.csv (metrics.h), for the sweeps'
 * rows only.
 */
#include "report_scaling.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_cells.h"
#include "stats.h"
#include "rundir/csvread.h"

#define SW_MAX_THREADS 32
#define SW_MAX_CLASSES 16
#define SW_MAX_SWEEPS 64
#define SW_MAX_REPS 256
#define MIXED_SUFFIX "+mixed"

/* counters.csv metrics the table divides by ops (the first) */
enum sw_metric { M_OPS, M_ZONE, M_CONT, M_WAIT, M_N };
static const char *const metric_names[M_N] = {
	"ops", "zone_lock_blocks", "lock_contended", "lock_wait_ns",
};

/* One (cell, rep) of a sweep in counters.csv: its metrics, NAN absent. */
struct ctr_entry {
	const struct run_cell *cell;
	long rep;
	double v[M_N];
};

struct counters {
	struct ctr_entry *e;
	size_t n;
	char problem[200];	/* "" or why counters.csv was not read */
};

/* A path at one size or order, over thread counts. */
struct sweep {
	struct cell_key k;	/* test without "+mixed"; nodes, threads unused */
	unsigned threads[SW_MAX_THREADS];
	size_t nthreads;	/* ascending */
};

enum sw_kind { K_LOCAL, K_REMOTE, K_NO_MEM, K_NO_CPU };

struct sw_class {
	int mixed;
	enum sw_kind kind;
	int dist;		/* K_REMOTE: SLIT distance, -1 unknown */
	int node;		/* K_NO_MEM: the CPU node; K_NO_CPU: memory */
	char name[64];		/* "local", "distance 20", "+mixed, distance 20" */
	char pairs[96];		/* "0-0, 1-1" */
};

/* A class at one thread count. */
struct sw_value {
	double ops, ops_lo, ops_hi;	/* ops/s */
	double p50, p50_lo, p50_hi, p99;	/* ns */
	double fair;
	double per_op[M_N];	/* [M_ZONE..M_WAIT]; NAN: not recorded */
	size_t minreps, maxreps, npairs;
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
static size_t sweeps_of(const struct run *r, struct sweep *out, size_t cap)
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
static size_t classes_of(const struct run *r, const struct sweep *sw,
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

static void counters_free(struct counters *ct)
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

/*
 * The sweeps' counters of r's counters.csv. A missing or unreadable file
 * leaves none, and ct->problem says why when it is not just missing.
 * 0, or -1 on ENOMEM.
 */
static int counters_load(struct counters *ct, const struct run *r)
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
static int class_value(const struct run *r, const struct sweep *sw,
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

/* ---- the document ---- */

int run_is_tcg(const struct run *r)
{
	return !strcmp(r->meta.executor, "vm") &&
	       !strcasecmp(r->meta.vm_accel, "tcg");
}

static const char tcg_warning[] =
	"Under TCG (this run) the guest's vCPUs take turns on the host's threads: the throughput and latency curves are emulation artefacts, and only the counters per op are evidence.";

/* The unit of a throughput whose largest value is max: the divisor. */
static double rate_unit(double max, const char **unit)
{
	*unit = max >= 1e9 ? "Gops/s" : max >= 1e6 ? "Mops/s" :
		max >= 1e3 ? "kops/s" : "ops/s";
	return max >= 1e9 ? 1e9 : max >= 1e6 ? 1e6 : max >= 1e3 ? 1e3 : 1;
}

/* sw as a path, for the names and ids report_cells.c gives paths. */
static void sweep_path(const struct sweep *sw, struct path *p, uint64_t *param)
{
	memset(p, 0, sizeof(*p));
	p->k = sw->k;
	p->by_order = sw->k.order >= 0;
	*param = p->by_order ? (uint64_t)sw->k.order : sw->k.size_bytes;
}

/* What the figures' and table's values are, and the classes' pairs. */
static void sweep_words(char *buf, size_t len, const struct run *r,
			const struct sw_class *cls, size_t ncls,
			size_t minreps, size_t maxreps)
{
	char reps[64], pairs[400] = "";
	size_t used = 0;

	for (size_t i = 0; i < ncls; i++)
		if (used + strlen(cls[i].name) + strlen(cls[i].pairs) + 8 <
		    sizeof(pairs))
			used += (size_t)snprintf(pairs + used,
						 sizeof(pairs) - used,
						 "%s%s: %s", i ? "; " : "",
						 cls[i].name, cls[i].pairs);
	if (minreps == maxreps)
		snprintf(reps, sizeof(reps), "n = %zu repetition%s", minreps,
			 minreps == 1 ? "" : "s");
	else
		snprintf(reps, sizeof(reps), "n = %zu to %zu repetitions",
			 minreps, maxreps);
	snprintf(buf, len,
		 "Classes (node pairs as cpu node-memory node; +mixed: as many threads of the memory's node allocating locally meanwhile): %s. Per pair the median over its %s measured on all threads at once; a class: the geometric mean over its pairs; error bars: the smallest to the largest repetition of its pairs.%s%s",
		 pairs, reps, run_is_tcg(r) ? " " : "",
		 run_is_tcg(r) ? tcg_warning : "");
}

struct sweep_data {
	struct sw_class cls[SW_MAX_CLASSES];
	size_t ncls;
	/* val[class][thread index], ok[...] when it has a value */
	struct sw_value val[SW_MAX_CLASSES][SW_MAX_THREADS];
	int ok[SW_MAX_CLASSES][SW_MAX_THREADS];
	size_t minreps, maxreps;
	double maxops;
};

static void sweep_collect(const struct run *r, const struct sweep *sw,
			  const struct counters *ct, struct sweep_data *d)
{
	memset(d, 0, sizeof(*d));
	d->minreps = (size_t)-1;
	d->ncls = classes_of(r, sw, d->cls, SW_MAX_CLASSES);
	for (size_t c = 0; c < d->ncls; c++)
		for (size_t j = 0; j < sw->nthreads; j++) {
			struct sw_value *v = &d->val[c][j];

			if (class_value(r, sw, &d->cls[c], sw->threads[j], ct, v))
				continue;
			d->ok[c][j] = 1;
			d->minreps = v->minreps < d->minreps ? v->minreps :
				     d->minreps;
			d->maxreps = v->maxreps > d->maxreps ? v->maxreps :
				     d->maxreps;
			d->maxops = fmax(d->maxops, fmax(v->ops, v->ops_hi));
		}
	if (d->minreps == (size_t)-1)
		d->minreps = 0;
}

/* The 1-thread value of class c, or NULL when the sweep has none. */
static const struct sw_value *one_thread(const struct sweep *sw,
					 const struct sweep_data *d, size_t c)
{
	return sw->threads[0] == 1 && d->ok[c][0] ? &d->val[c][0] : NULL;
}

/* The class whose 1-thread throughput the ideal line scales: the first
 * with one (local sorts first); -1 none. */
static long ideal_class(const struct sweep *sw, const struct sweep_data *d)
{
	for (size_t c = 0; c < d->ncls; c++)
		if (one_thread(sw, d, c))
			return (long)c;
	return -1;
}

static void set_xaxis(struct plot *pl, const struct sweep *sw)
{
	snprintf(pl->xlabel, sizeof(pl->xlabel), "threads (log2 scale)");
	pl->xlog2 = 1;
	for (size_t j = 0; j < sw->nthreads; j++) {
		pl->x[j] = sw->threads[j];
		snprintf(pl->xtic[j], sizeof(pl->xtic[j]), "%u",
			 sw->threads[j]);
	}
}

static int throughput_plot(struct report_section *s, const struct run *r,
			   const struct sweep *sw, const struct sweep_data *d,
			   const char *name, const char *id, const char *words)
{
	long ic = ideal_class(sw, d);
	size_t nser = d->ncls + (ic >= 0);
	struct report_item *it = report_add_item(s, ITEM_PLOT);
	const char *unit;
	double div = rate_unit(d->maxops, &unit);
	struct plot *pl;

	(void)r;
	if (!it || plot_init(&it->plot, sw->nthreads, nser))
		return -1;
	pl = &it->plot;
	snprintf(pl->id, sizeof(pl->id), "scaling-%.40s", id);
	snprintf(pl->title, sizeof(pl->title), "%s: throughput by threads",
		 name);
	snprintf(pl->ylabel, sizeof(pl->ylabel), "throughput (%s)", unit);
	set_xaxis(pl, sw);
	for (size_t c = 0; c < d->ncls; c++) {
		struct plot_series *se = &pl->series[c];

		snprintf(se->name, sizeof(se->name), "%s", d->cls[c].name);
		for (size_t j = 0; j < sw->nthreads; j++) {
			const struct sw_value *v = &d->val[c][j];

			if (!d->ok[c][j])
				continue;
			se->y[j] = v->ops / div;
			se->lo[j] = v->ops_lo / div;
			se->hi[j] = v->ops_hi / div;
		}
	}
	if (ic >= 0) {
		struct plot_series *se = &pl->series[d->ncls];
		double one = d->val[ic][0].ops;

		se->ideal = 1;
		snprintf(se->name, sizeof(se->name),
			 "ideal: threads x %s at 1 thread", d->cls[ic].name);
		for (size_t j = 0; j < sw->nthreads; j++)
			se->y[j] = se->lo[j] = se->hi[j] =
				sw->threads[j] * one / div;
	}
	snprintf(pl->note, sizeof(pl->note),
		 "%.80s: all threads' ops per second (ops of every thread over their common window) against the threads measured at once. %.850s%s",
		 name, words, ic >= 0 ? " Dashed: ideal scaling, the thread count times the first class's 1-thread throughput." : "");
	return 0;
}

static int latency_plot(struct report_section *s, const struct sweep *sw,
			const struct sweep_data *d, const char *name,
			const char *id, const char *words)
{
	struct report_item *it = report_add_item(s, ITEM_PLOT);
	struct plot *pl;

	if (!it || plot_init(&it->plot, sw->nthreads, d->ncls))
		return -1;
	pl = &it->plot;
	snprintf(pl->id, sizeof(pl->id), "scalinglat-%.40s", id);
	snprintf(pl->title, sizeof(pl->title), "%s: per-op time by threads",
		 name);
	snprintf(pl->ylabel, sizeof(pl->ylabel), "p50 per op");
	snprintf(pl->y2label, sizeof(pl->y2label), "p99 per op");
	pl->y_ns = 1;
	set_xaxis(pl, sw);
	for (size_t c = 0; c < d->ncls; c++) {
		struct plot_series *se = &pl->series[c];

		snprintf(se->name, sizeof(se->name), "%s", d->cls[c].name);
		for (size_t j = 0; j < sw->nthreads; j++) {
			const struct sw_value *v = &d->val[c][j];

			if (!d->ok[c][j])
				continue;
			se->y[j] = v->p50;
			se->lo[j] = isnan(v->p50_lo) ? v->p50 : v->p50_lo;
			se->hi[j] = isnan(v->p50_hi) ? v->p50 : v->p50_hi;
			se->y2[j] = v->p99;
		}
	}
	snprintf(pl->note, sizeof(pl->note),
		 "%.80s: the per-op p50 over all threads' samples (top) and p99 (bottom, dashed) against the threads measured at once. %.850s",
		 name, words);
	return 0;
}

/* "%.3g" of v, or "n/a". */
static void put_g(struct table_cell *c, double v, const char *fmt)
{
	if (!isfinite(v)) {
		snprintf(c->text, sizeof(c->text), "n/a");
		c->mark = MARK_SKIPPED;
		return;
	}
	snprintf(c->text, sizeof(c->text), fmt, v);
	c->has_value = 1;
	c->value = v;
}

/*
 * A throughput to three significant digits, the smallest and largest
 * repetition beside it to the same place: "1.20" "[1.16, 1.23]".
 */
static void put_rate(struct table_cell *c, const struct sw_value *v,
		     double div)
{
	double place = place_for(v->ops / div * (1 + 1e-9), HUGE_VAL, 3);
	char lo[32], hi[32];

	if (!isfinite(v->ops)) {
		put_g(c, NAN, "");
		return;
	}
	format_to_place(c->text, sizeof(c->text), v->ops / div, place);
	c->has_value = 1;
	c->value = v->ops / div;
	if (v->maxreps < 2 || !isfinite(v->ops_lo))
		return;
	format_to_place(lo, sizeof(lo), v->ops_lo / div, place);
	format_to_place(hi, sizeof(hi), v->ops_hi / div, place);
	snprintf(c->sub, sizeof(c->sub), "[%s, %s]", lo, hi);
}

enum { T_OPS, T_SPEEDUP, T_FAIR, T_P50, T_ZONE, T_CONT, T_WAIT, T_NCOLS };

static int sweep_table(struct report_section *a, const struct run *r,
		       const struct sweep *sw, const struct sweep_data *d,
		       const struct counters *ct, const char *name,
		       const char *id, const char *words)
{
	static const char *const labels[T_NCOLS] = {
		"throughput", "speedup", "fairness", "p50 (p99), ns",
		"zone lock blocks/op", "contended locks/op", "lock wait ns/op",
	};
	struct report_item *it = report_add_item(a, ITEM_TABLE);
	size_t nrows = 0, row = 0;
	const char *unit;
	double div = rate_unit(d->maxops, &unit);
	struct table *t;

	for (size_t c = 0; c < d->ncls; c++)
		for (size_t j = 0; j < sw->nthreads; j++)
			nrows += d->ok[c][j] != 0;
	if (!it || table_init(&it->table, nrows, T_NCOLS))
		return -1;
	t = &it->table;
	snprintf(t->id, sizeof(t->id), "scalingtab-%.40s", id);
	snprintf(t->title, sizeof(t->title), "%s: scaling under load", name);
	snprintf(t->corner, sizeof(t->corner), "class, threads");
	for (int k = 0; k < T_NCOLS; k++)
		snprintf(t->col_label[k], sizeof(t->col_label[k]), "%s",
			 labels[k]);
	snprintf(t->col_label[T_OPS], sizeof(t->col_label[T_OPS]),
		 "throughput, %s", unit);
	for (size_t c = 0; c < d->ncls; c++) {
		const struct sw_value *one = one_thread(sw, d, c);

		for (size_t j = 0; j < sw->nthreads; j++) {
			const struct sw_value *v = &d->val[c][j];
			struct table_cell *tc;
			char a50[32], a99[32];

			if (!d->ok[c][j])
				continue;
			snprintf(t->row_label[row], sizeof(t->row_label[row]),
				 "%s, %u thread%s", d->cls[c].name,
				 sw->threads[j], sw->threads[j] == 1 ? "" : "s");
			tc = table_at(t, row, T_OPS);
			put_rate(tc, v, div);
			put_g(table_at(t, row, T_SPEEDUP),
			      one ? v->ops / one->ops : NAN, "%.2f");
			put_g(table_at(t, row, T_FAIR), v->fair, "%.3f");
			tc = table_at(t, row, T_P50);
			if (isfinite(v->p50)) {
				format_ns(a50, sizeof(a50), v->p50);
				snprintf(tc->text, sizeof(tc->text), "%s", a50);
				tc->has_value = 1;
				tc->value = v->p50;
				if (isfinite(v->p99)) {
					format_ns(a99, sizeof(a99), v->p99);
					snprintf(tc->sub, sizeof(tc->sub),
						 "(%s)", a99);
				}
			} else
				put_g(tc, NAN, "");
			put_g(table_at(t, row, T_ZONE), v->per_op[M_ZONE],
			      "%.3g");
			put_g(table_at(t, row, T_CONT), v->per_op[M_CONT],
			      "%.3g");
			put_g(table_at(t, row, T_WAIT), v->per_op[M_WAIT],
			      "%.3g");
			row++;
		}
	}
	snprintf(t->caption, sizeof(t->caption),
		 "Measured on several threads at once. Throughput: all threads' ops per second (in brackets the smallest and largest repetition); speedup: over the class's 1 thread; fairness: Jain's index over the threads' op counts (1: even); p50 (p99): per op over all threads' samples. Counters per op from counters.csv (the threads' CPUs): zone->lock blocks, contended lock acquisitions (lock:contention_begin), time in contention; each over the same repetition's ops, median over repetitions, mean over the pairs; n/a: not recorded%s%s. %s",
		 ct->problem[0] ? ", " : "", ct->problem, words);
	(void)r;
	return 0;
}

static int one_sweep(struct report_section *s, struct report_section *a,
		     const struct run *r, const struct sweep *sw,
		     const struct counters *ct)
{
	struct sweep_data *d = malloc(sizeof(*d));
	char name[128], id[96], words[900];
	struct path p;
	uint64_t param;
	int ret = 0;

	if (!d)
		return -1;
	sweep_path(sw, &p, &param);
	path_param_name(name, sizeof(name), &p, param);
	path_param_id(id, sizeof(id), "x", &p, param);
	sweep_collect(r, sw, ct, d);
	/* ids "scaling-<path>", without path_param_id's "x-" */
	memmove(id, id + 2, strlen(id + 2) + 1);
	if (d->ncls) {
		sweep_words(words, sizeof(words), r, d->cls, d->ncls,
			    d->minreps, d->maxreps);
		ret = throughput_plot(s, r, sw, d, name, id, words) ||
		      latency_plot(s, sw, d, name, id, words) ||
		      sweep_table(a, r, sw, d, ct, name, id, words) ? -1 : 0;
	}
	free(d);
	return ret;
}

int report_scaling(struct report_section *s, struct report_section *a,
		   const struct run *r)
{
	struct sweep *sw = malloc(SW_MAX_SWEEPS * sizeof(*sw));
	struct counters ct;
	size_t n;
	int ret = 0;

	if (!sw)
		return -1;
	n = sweeps_of(r, sw, SW_MAX_SWEEPS);
	if (!n || counters_load(&ct, r)) {
		free(sw);
		return n ? -1 : 0;
	}
	if (report_add_text(s, ITEM_HEADING, "Scaling under load") ||
	    report_add_text(s, ITEM_NOTE, run_is_tcg(r) ?
			    "Paths measured on 1 to N threads at once (the profile's [scaling] sweep): throughput against threads with the ideal-scaling line, and the per-op p50 and p99; the appendix has each sweep's table with the contention counters per op. Under TCG the vCPUs take turns on the host's threads: the curves are emulation artefacts, the counters per op are the evidence." :
			    "Paths measured on 1 to N threads at once (the profile's [scaling] sweep): throughput against threads with the ideal-scaling line, and the per-op p50 and p99; the appendix has each sweep's table with the contention counters per op.") ||
	    report_add_text(a, ITEM_HEADING, "Scaling under load: tables")) {
		counters_free(&ct);
		free(sw);
		return -1;
	}
	for (size_t i = 0; i < n && !ret; i++)
		ret = one_sweep(s, a, r, &sw[i], &ct);
	counters_free(&ct);
	free(sw);
	return ret;
}
