// SPDX-License-Identifier: GPL-2.0
/* Cell summaries, formatting, captions and paths: see report_cells.h. */
#include "report_cells.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

int cell_summary(const struct run_cell *c, double *p50, double *p99)
{
	if (!c || !c->nreps)
		return -1;
	*p50 = stat_median(c->p50_ns, c->nreps);
	*p99 = stat_median(c->p99_ns, c->nreps);
	/* a median of the reps that have a p99 would be a statistic over
	 * missing values (stat_median skips them): none unless all have it */
	for (size_t i = 0; i < c->nreps; i++)
		if (isnan(c->p99_ns[i]))
			*p99 = NAN;
	return 0;
}

size_t cell_p99_reps(const struct run_cell *c)
{
	size_t n = 0;

	for (size_t i = 0; c && i < c->nreps; i++)
		n += isfinite(c->p99_ns[i]) != 0;
	return n;
}

int cell_p50_spread(const struct run_cell *c, double *lo, double *hi)
{
	if (!c || !c->nreps)
		return -1;
	*lo = *hi = c->p50_ns[0];
	for (size_t i = 1; i < c->nreps; i++) {
		*lo = c->p50_ns[i] < *lo ? c->p50_ns[i] : *lo;
		*hi = c->p50_ns[i] > *hi ? c->p50_ns[i] : *hi;
	}
	return 0;
}

void format_ns(char *buf, size_t len, double ns)
{
	if (ns < 10)
		snprintf(buf, len, "%.2f", ns);
	else if (ns < 100)
		snprintf(buf, len, "%.1f", ns);
	else
		snprintf(buf, len, "%.0f", ns);
}

double digit_place(double uncertainty, double resolution)
{
	double u = uncertainty > resolution ? uncertainty : resolution;

	if (!(u > 0) || !isfinite(u))
		return 1e-2;
	return pow(10, floor(log10(u)));
}

double place_for(double v, double place, int digits)
{
	double most;

	if (!(fabs(v) > 0) || !isfinite(v))
		return place;
	most = pow(10, floor(log10(fabs(v))) - (digits - 1));
	return place > most ? most : place;
}

void format_to_place(char *buf, size_t len, double v, double place)
{
	int dec = place >= 1 ? 0 : (int)lround(-log10(place));

	if (dec > 6)
		dec = 6;
	if (place > 1)
		v = round(v / place) * place;
	snprintf(buf, len, "%.*f", dec, v);
}

void format_time(char *buf, size_t len, double ns, double place_ns,
		 const char **unit, double *scale)
{
	const char *u = "ns";
	double k = 1;
	char num[48];

	if (fabs(ns) >= 1e6) {
		u = "ms";
		k = 1e6;
	} else if (fabs(ns) >= 1e3) {
		u = "us";
		k = 1e3;
	}
	/* at least two significant digits, even under a wide interval */
	format_to_place(num, sizeof(num), ns / k, place_for(ns, place_ns, 2) / k);
	snprintf(buf, len, "%s %s", num, u);
	if (unit)
		*unit = u;
	if (scale)
		*scale = k;
}

void fill_time_interval(struct table_cell *out, double v, double lo,
			double hi, size_t n, double resolution)
{
	double place, scale, h = n >= 2 ? (hi - lo) / 2 : 0;
	const char *unit;
	char a[32], b[32];

	place = place_for(v, digit_place(h, resolution), 2);
	format_time(out->text, sizeof(out->text), v, place, &unit, &scale);
	out->value = v;
	out->has_value = 1;
	if (n < 2) {
		snprintf(out->sub, sizeof(out->sub), "n=%zu, no interval", n);
		return;
	}
	format_to_place(a, sizeof(a), lo / scale,
			place_for(lo, place, 1) / scale);
	format_to_place(b, sizeof(b), hi / scale, place / scale);
	snprintf(out->sub, sizeof(out->sub), "[%s, %s] n=%zu", a, b, n);
}

double time_resolution(const struct run *r, const struct cell_key *k,
		       double ns)
{
	double bucket = ns / 128;
	double tick = !strcmp(k->suite, "kernel") ?
		      (r->meta.tsc_khz ? 1e6 / (double)r->meta.tsc_khz : 0) :
		      r->meta.user_resolution_ns;

	/* values below 128 ticks are exact in the histogram */
	return tick > bucket ? tick : bucket;
}

void format_param(char *buf, size_t len, uint64_t param, int by_order)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;

	if (by_order) {
		snprintf(buf, len, "order %llu", (unsigned long long)param);
		return;
	}
	while (u < 4 && param >= 1024 && param % 1024 == 0) {
		param /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)param, unit[u]);
}

size_t note_add(struct note_list *notes, const char *note)
{
	size_t i;

	if (!notes)
		return 0;
	for (i = 0; i < notes->n; i++)
		if (!strcmp(notes->text[i], note))
			return i + 1;
	/* the last number stands for every further reason, so that no cell
	 * without a number is left without one */
	if (notes->n == NOTE_LIST_MAX - 1)
		note = "more reasons than a caption holds: each cell's own is in its path's tables";
	else if (notes->n == NOTE_LIST_MAX)
		return NOTE_LIST_MAX;
	snprintf(notes->text[notes->n], sizeof(notes->text[0]), "%s", note);
	return ++notes->n;
}

/* Are all of c's p50s whole ns (a timer that counts ns)? */
static int whole_ns(const struct run_cell *c)
{
	for (size_t i = 0; i < c->nreps; i++)
		if (c->p50_ns[i] != floor(c->p50_ns[i]))
			return 0;
	return strcmp(c->k.suite, "kernel") != 0;
}

/*
 * A cell that failed with no failed op: its regions missed the case's
 * path, so nothing of it was measured (n/a), nothing broke.
 */
static int off_path_only(const struct run_cell *c)
{
	return c->off_path > 0 && !c->failures && c->failed_samples <= 0;
}

void cell_fill(struct table_cell *out, const struct run_cell *c, int with_p99,
	       struct note_list *notes)
{
	double p50, p99;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!cell_summary(c, &p50, &p99)) {
		double tick = whole_ns(c) ? 1 : 0;

		/* to the histogram bucket (1/128) or the timer's tick */
		format_time(out->text, sizeof(out->text), p50,
			    digit_place(0, fmax(p50 / 128, tick)), NULL, NULL);
		out->value = p50;
		out->has_value = 1;
		/* the p99 of the repetitions that have one, saying how many
		 * when not all do (too few samples in the others) */
		n = cell_p99_reps(c);
		if (with_p99 && n) {
			char v[48];

			p99 = stat_median(c->p99_ns, c->nreps);
			format_time(v, sizeof(v), p99,
				    digit_place(0, fmax(p99 / 128, tick)),
				    NULL, NULL);
			if (n == c->nreps)
				snprintf(out->sub, sizeof(out->sub), "(%s)", v);
			else
				snprintf(out->sub, sizeof(out->sub),
					 "(%s; %zu of %zu reps)", v, n,
					 c->nreps);
		}
		return;
	}
	out->mark = MARK_SKIPPED;
	if (!c) {
		snprintf(out->text, sizeof(out->text), "n/a");
		n = note_add(notes, "n/a: the run has no row of this cell (its profile did not time it)");
		if (n)
			snprintf(out->sub, sizeof(out->sub), "[%zu]", n);
		return;
	}
	snprintf(out->text, sizeof(out->text), "%s",
		 c->nfailed ? (off_path_only(c) ? "n/a" : "failed") :
		 c->nmisplaced ? "misplaced" : "skipped");
	n = note_add(notes, c->note[0] ? c->note : "no reason recorded");
	if (n)
		snprintf(out->sub, sizeof(out->sub), "[%zu]", n);
}

unsigned run_reps(const struct run *r)
{
	size_t max = 0;

	if (r->meta.reps)
		return r->meta.reps;
	for (size_t i = 0; i < r->ncells; i++) {
		size_t n = r->cells[i].nreps + r->cells[i].nskipped +
			   r->cells[i].nfailed + r->cells[i].nmisplaced;

		if (n > max)
			max = n;
	}
	return (unsigned)max;
}

void run_conditions(char *buf, size_t len, const struct run *r)
{
	const struct run_meta *m = &r->meta;
	char exec[512];

	if (!strcmp(m->executor, "vm"))
		snprintf(exec, sizeof(exec), "VM (QEMU %s%s%s)%s%s",
			 m->vm_accel[0] ? m->vm_accel : "guest",
			 m->vm_topology[0] ? ", nodes " : "", m->vm_topology,
			 m->timing_note[0] ? "; " : "", m->timing_note);
	else
		snprintf(exec, sizeof(exec), "%s",
			 m->executor[0] ? m->executor : "unknown");
	snprintf(buf, len,
		 "Kernel: %s. Machine: %s (%s). Executor: %s. Repetitions: %u (run %s%s%s%s).",
		 m->kernel[0] ? m->kernel : "unknown",
		 m->host[0] ? m->host : "unknown",
		 m->cpu_model[0] ? m->cpu_model : "CPU unknown", exec,
		 run_reps(r), m->run_id[0] ? m->run_id : r->dir,
		 m->module_params[0] ? ", kbench " : "", m->module_params,
		 m->complete ? "" : ", incomplete: interrupted before its end");
}

void caption_with_notes(char *buf, size_t len, const char *what,
			const struct note_list *notes)
{
	size_t used;

	snprintf(buf, len, "%s", what);
	for (size_t i = 0; notes && i < notes->n; i++) {
		used = strlen(buf);
		if (used + 1 >= len)
			break;
		snprintf(buf + used, len - used, " [%zu] %s.", i + 1,
			 notes->text[i]);
	}
}

uint64_t path_param(const struct path *p, const struct run_cell *c)
{
	return p->by_order ? (uint64_t)c->k.order : c->k.size_bytes;
}

/* A test in another mode measures something else: another path. */
static int same_path(const struct cell_key *a, const struct cell_key *b)
{
	return !strcmp(a->suite, b->suite) && !strcmp(a->test, b->test) &&
	       !strcmp(a->allocator, b->allocator) &&
	       !strcmp(a->policy, b->policy) && !strcmp(a->mode, b->mode);
}

int cell_of_test(const struct run_cell *c, const struct path *p)
{
	return same_path(&c->k, &p->k);
}

/* The index of v in p's parameters, or -1. */
static long param_index(const struct path *p, uint64_t v)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (p->param[i] == v)
			return (long)i;
	return -1;
}

int cell_in_path(const struct run_cell *c, const struct path *p)
{
	long i;

	if (!same_path(&c->k, &p->k) || c->k.threads != p->k.threads ||
	    (p->by_order && c->k.order < 0))
		return 0;
	i = param_index(p, path_param(p, c));
	return i >= 0 && c->k.batch == p->batch[i];
}

/* Insert v into the ascending set s of n (capacity cap) entries. */
#define DEFINE_SET_ADD(name, type)					\
static void name(type *s, size_t *n, size_t cap, type v)		\
{									\
	size_t i = 0;							\
									\
	while (i < *n && s[i] < v)					\
		i++;							\
	if ((i < *n && s[i] == v) || *n == cap)				\
		return;							\
	memmove(s + i + 1, s + i, (*n - i) * sizeof(*s));		\
	s[i] = v;							\
	(*n)++;								\
}
DEFINE_SET_ADD(set_add_int, int)

/* Add c's parameter to p, keeping the smallest batch seen at it. */
static void add_param(struct path *p, const struct run_cell *c)
{
	uint64_t v = path_param(p, c);
	long i = param_index(p, v);
	size_t j = 0;

	if (i >= 0) {
		if (c->k.batch < p->batch[i])
			p->batch[i] = c->k.batch;
		return;
	}
	if (p->nparams == PATH_MAX_PARAMS)
		return;
	while (j < p->nparams && p->param[j] < v)
		j++;
	memmove(p->param + j + 1, p->param + j,
		(p->nparams - j) * sizeof(*p->param));
	memmove(p->batch + j + 1, p->batch + j,
		(p->nparams - j) * sizeof(*p->batch));
	p->param[j] = v;
	p->batch[j] = c->k.batch;
	p->nparams++;
}

long paths_of_run(const struct run *r, struct path **out)
{
	struct path *p = NULL;
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < r->ncells; i++) {
		const struct cell_key *k = &r->cells[i].k;
		size_t j;

		/* a mix is a point of a scaling sweep only (report_scaling.c) */
		if (strstr(k->test, "+mixed"))
			continue;
		for (j = 0; j < n; j++)
			if (same_path(&p[j].k, k))
				break;
		if (j == n) {
			struct path *np = realloc(p, (n + 1) * sizeof(*p));

			if (!np) {
				free(p);
				return -1;
			}
			p = np;
			memset(&p[n], 0, sizeof(p[n]));
			p[n].k = *k;
			p[n].by_order = k->order >= 0;
			n++;
			continue;
		}
		/* by order only when every cell has one (else by size) */
		p[j].by_order &= k->order >= 0;
		if (k->batch < p[j].k.batch)
			p[j].k.batch = k->batch;
		if (k->threads < p[j].k.threads)
			p[j].k.threads = k->threads;
	}
	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];

		for (size_t j = 0; j < n; j++)
			if (same_path(&c->k, &p[j].k) &&
			    c->k.threads == p[j].k.threads)
				add_param(&p[j], c);
	}
	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];

		for (size_t j = 0; j < n; j++) {
			if (!cell_in_path(c, &p[j]))
				continue;
			set_add_int(p[j].cpu, &p[j].ncpu, PATH_MAX_NODES,
				    c->k.cpu_node);
			set_add_int(p[j].mem, &p[j].nmem, PATH_MAX_NODES,
				    c->k.mem_node);
		}
	}
	*out = p;
	return (long)n;
}

const struct run_cell *path_cell(const struct run *r, const struct path *p,
				 int cpu, int mem, uint64_t param)
{
	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];

		if (c->k.cpu_node == cpu && c->k.mem_node == mem &&
		    path_param(p, c) == param && cell_in_path(c, p))
			return c;
	}
	return NULL;
}

void path_name(char *buf, size_t len, const struct path *p)
{
	const char *mode = run_mode_label(&p->k);

	int kernel = !strcmp(p->k.allocator, "kernel") &&
		     !strcmp(p->k.policy, "node");
	const char *alloc = kernel ? "" : p->k.allocator;
	const char *policy = kernel ? "" : p->k.policy;

	/* empty parts (a test without a policy) leave no double space */
	snprintf(buf, len, "%s%s%s%s%s%s%s", p->k.test, alloc[0] ? " " : "",
		 alloc, policy[0] ? " " : "", policy, mode ? " " : "",
		 mode ? mode : "");
}

void path_param_name(char *buf, size_t len, const struct path *p,
		     uint64_t param)
{
	char name[96], par[32];

	path_name(name, sizeof(name), p);
	format_param(par, sizeof(par), param, p->by_order);
	if (!p->by_order && !param)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%s %s", name, par);
}

void path_param_id(char *buf, size_t len, const char *kind,
		   const struct path *p, uint64_t param)
{
	char name[96];

	path_name(name, sizeof(name), p);
	snprintf(buf, len, "%s-%.40s-%s-%llu", kind, name,
		 p->by_order ? "o" : "s", (unsigned long long)param);
	id_sanitize(buf);
}

void id_sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-'))
			*s = '-';
}

/* See report_cells.h. */
uint64_t path_middle_param(const struct run *r, const struct path *p)
{
	uint64_t have[PATH_MAX_PARAMS];
	size_t n = 0;

	for (size_t j = 0; j < p->nparams; j++)
		for (size_t i = 0; i < r->ncells; i++)
			if (r->cells[i].nreps && cell_in_path(&r->cells[i], p) &&
			    path_param(p, &r->cells[i]) == p->param[j]) {
				have[n++] = p->param[j];
				break;
			}
	return n ? have[n / 2] : p->param[p->nparams / 2];
}

size_t representative_params(const struct path *p, uint64_t out[3])
{
	if (p->nparams <= 3) {
		memcpy(out, p->param, p->nparams * sizeof(*out));
		return p->nparams;
	}
	out[0] = p->param[0];
	out[1] = p->param[p->nparams / 2];
	out[2] = p->param[p->nparams - 1];
	return 3;
}

/* A run's column label: kernel, plus the run id when kernels repeat. */
