// SPDX-License-Identifier: GPL-2.0
/*
 * Scaling under load (see report_scaling.h): the figures and the table
 * of each sweep, from scaling_data.c's classes and values.
 */
#include "report_scaling.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_cells.h"
#include "scaling_data.h"

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
	int mixed = 0;

	for (size_t i = 0; i < ncls; i++)
		mixed |= cls[i].mixed;
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
		 "Classes (node pairs as cpu node-memory node%s): %s. Per pair the median over its %s measured on all threads at once; a class: the geometric mean over its pairs; error bars: the smallest to the largest repetition of its pairs.%s%s",
		 mixed ? "; +mixed: as many threads of the memory's node allocating locally meanwhile" : "",
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

static int throughput_plot(struct report_section *s, const struct sweep *sw,
			   const struct sweep_data *d, const char *name,
			   const char *id, const char *words)
{
	long ic = ideal_class(sw, d);
	size_t nser = d->ncls + (ic >= 0);
	struct report_item *it = report_add_item(s, ITEM_PLOT);
	const char *unit;
	double div = rate_unit(d->maxops, &unit);
	struct plot *pl;

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

/*
 * Why a contended count may miss contention: the tracepoint sits in the
 * queued spinlock's MCS path; on a CPU with the hypervisor flag and no
 * paravirt spinlocks a spinlock takes a test-and-set loop without it.
 */
static const char lock_words[] =
	"contended lock acquisitions (lock:contention_begin: a spinlock's queued waiters; a lone waiter spinning on it is not counted)";
static const char hypervisor_words[] =
	" This run's CPUs carry the hypervisor flag: a kernel without paravirt spinlocks there takes a test-and-set loop with no tracepoint, so spinlock contention (zone->lock's) reads 0 whatever happened.";

static int sweep_table(struct report_section *a, const struct sweep *sw,
		       const struct sweep_data *d, const struct counters *ct,
		       const char *name, const char *id, const char *words,
		       int hypervisor)
{
	static const char *const labels[T_NCOLS] = {
		"throughput", "speedup", "fairness", "p50 (p99), ns",
		"zone->lock blocks/op", "contended locks/op", "lock wait ns/op",
	};
	struct report_item *it = report_add_item(a, ITEM_TABLE);
	size_t nrows = 0, row = 0, ncols;
	const char *unit;
	double div = rate_unit(d->maxops, &unit);
	struct table *t;
	int ctrs = 0;
	char ctrwords[900];

	for (size_t c = 0; c < d->ncls; c++)
		for (size_t j = 0; j < sw->nthreads; j++) {
			nrows += d->ok[c][j] != 0;
			for (int m = M_ZONE; m < M_N && d->ok[c][j]; m++)
				ctrs |= isfinite(d->val[c][j].per_op[m]);
		}
	/* a path without any counter (a user sweep): no columns of n/a */
	ncols = ctrs || ct->problem[0] ? T_NCOLS : T_ZONE;
	if (!it || table_init(&it->table, nrows, ncols))
		return -1;
	t = &it->table;
	snprintf(t->id, sizeof(t->id), "scalingtab-%.40s", id);
	snprintf(t->title, sizeof(t->title), "%s: scaling under load", name);
	snprintf(t->corner, sizeof(t->corner), "class, threads");
	for (size_t k = 0; k < ncols; k++)
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
			row++;
			if (ncols <= T_ZONE)
				continue;
			put_g(table_at(t, row - 1, T_ZONE), v->per_op[M_ZONE],
			      "%.3g");
			put_g(table_at(t, row - 1, T_CONT), v->per_op[M_CONT],
			      "%.3g");
			put_g(table_at(t, row - 1, T_WAIT), v->per_op[M_WAIT],
			      "%.3g");
		}
	}
	if (ncols > T_ZONE)
		snprintf(ctrwords, sizeof(ctrwords),
			 "Counters per op from counters.csv (the threads' CPUs): zone->lock blocks, %s, time in contention; each over the same repetition's ops, median over repetitions, mean over the pairs; n/a: not recorded%s%.150s.%s",
			 lock_words, ct->problem[0] ? ", " : "", ct->problem,
			 hypervisor ? hypervisor_words : "");
	else
		snprintf(ctrwords, sizeof(ctrwords),
			 "counters.csv has no contention counters for this path (the kernel sweeps record them).");
	snprintf(t->caption, sizeof(t->caption),
		 "Measured on several threads at once. Throughput: all threads' ops per second (in brackets the smallest and largest repetition); speedup: over the class's 1 thread; fairness: Jain's index over the threads' op counts (1: even); p50 (p99): per op over all threads' samples. %.899s %.800s",
		 ctrwords, words);
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
		ret = throughput_plot(s, sw, d, name, id, words) ||
		      latency_plot(s, sw, d, name, id, words) ||
		      sweep_table(a, sw, d, ct, name, id, words,
				  !strcmp(r->meta.hypervisor, "yes")) ? -1 : 0;
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
