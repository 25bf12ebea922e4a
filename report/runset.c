// SPDX-License-Identifier: GPL-2.0
/* A run or a set of boots as one side of a comparison: see runset.h. */
#include "runset.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stats.h"

#define RUNSET_MAX_BOOTS 64
#define RUNSET_MAX_REPS 1000

static void differ(char *buf, size_t len, int *n, const char *name,
		   const char *a, const char *b)
{
	size_t used = strlen(buf);

	if (!strcmp(a, b))
		return;
	snprintf(buf + used, len - used, "%s%s ('%s' vs '%s')",
		 (*n)++ ? ", " : "", name, a, b);
}

int runset_conditions_differ(const struct run_meta *a,
			     const struct run_meta *b, char *buf, size_t len)
{
	char ua[32], ub[32];
	int n = 0;

	buf[0] = '\0';
	differ(buf, len, &n, "profile", a->profile, b->profile);
	snprintf(ua, sizeof(ua), "%u", a->iterations);
	snprintf(ub, sizeof(ub), "%u", b->iterations);
	differ(buf, len, &n, "iterations", ua, ub);
	snprintf(ua, sizeof(ua), "%u", a->warmup);
	snprintf(ub, sizeof(ub), "%u", b->warmup);
	differ(buf, len, &n, "warmup", ua, ub);
	differ(buf, len, &n, "executor", a->executor, b->executor);
	differ(buf, len, &n, "accelerator", a->vm_accel, b->vm_accel);
	/* A run without the user suite has no user timer: not a difference. */
	if (a->user_timer[0] && b->user_timer[0])
		differ(buf, len, &n, "user timer", a->user_timer, b->user_timer);
	differ(buf, len, &n, "init_on_alloc", a->init_on_alloc,
	       b->init_on_alloc);
	differ(buf, len, &n, "THP", a->thp, b->thp);
	differ(buf, len, &n, "module params", a->module_params,
	       b->module_params);
	return n;
}

/* "2 nodes (2/2 CPUs), SLIT 10/21, 21/10" and a guest's node layout. */
static void topology_key(char *buf, size_t len, const struct run_meta *m)
{
	size_t used;

	if (!m->nnodes) {
		snprintf(buf, len, "%s%s", m->vm_topology[0] ? "guest " : "",
			 m->vm_topology);
		return;
	}
	snprintf(buf, len, "%d node%s (", m->nnodes, m->nnodes > 1 ? "s" : "");
	for (int i = 0; i < m->nnodes; i++) {
		used = strlen(buf);
		snprintf(buf + used, len - used, "%s%d", i ? "/" : "",
			 m->node_ncpus[i]);
	}
	used = strlen(buf);
	snprintf(buf + used, len - used, " CPUs), SLIT");
	for (int i = 0; i < m->nnodes; i++)
		for (int j = 0; j < m->nnodes; j++) {
			used = strlen(buf);
			snprintf(buf + used, len - used, "%s%u",
				 j ? "/" : i ? ", " : " ", m->distance[i][j]);
		}
	if (m->vm_topology[0]) {
		used = strlen(buf);
		snprintf(buf + used, len - used, "; guest %s", m->vm_topology);
	}
}

int runset_identity_differ(const struct run_meta *a, const struct run_meta *b,
			   char *buf, size_t len)
{
	char ta[512], tb[512];
	int n = 0;

	buf[0] = '\0';
	differ(buf, len, &n, "host", a->host, b->host);
	differ(buf, len, &n, "CPU model", a->cpu_model, b->cpu_model);
	topology_key(ta, sizeof(ta), a);
	topology_key(tb, sizeof(tb), b);
	differ(buf, len, &n, "topology", ta, tb);
	differ(buf, len, &n, "kernel", a->kernel, b->kernel);
	return n;
}

void runset_host_label(char *buf, size_t len, const struct run *r)
{
	char dir[4096];
	char *slash;
	size_t n;

	if (r->meta.host[0]) {
		snprintf(buf, len, "%s", r->meta.host);
		return;
	}
	/* RESULTS/<inventory host>/<run dir>: the parent's name, a label only */
	snprintf(dir, sizeof(dir), "%s", r->dir);
	for (n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = '\0';
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	slash = strrchr(dir, '/');
	snprintf(buf, len, "%s", slash && slash[1] ? slash + 1 :
		 dir[0] && strcmp(dir, r->dir) ? dir : "host not recorded");
}

int runset_node_exists(const struct run_meta *m, int node)
{
	if (node < 0 || !m->nnodes)
		return 1;
	for (int i = 0; i < m->nnodes; i++)
		if (m->node_id[i] == node)
			return 1;
	return 0;
}

static int has_results(const char *dir)
{
	char p[4200];

	if (snprintf(p, sizeof(p), "%s/results.csv", dir) >= (int)sizeof(p))
		return 0;
	return !access(p, F_OK);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The subdirectories of path, sorted by name; each must hold a
 * results.csv when some do: a boot that cannot be read is an error, never
 * a boot fewer.
 */
static int list_boots(const char *path, char **names, size_t *n, char *err,
		      size_t errlen)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[4400], lacking[256] = "";	/* the first boot without a run */
	size_t runs = 0;
	struct stat st;

	*n = 0;
	if (!d)		/* not a directory we can read: no boots */
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (stat(sub, &st) || !S_ISDIR(st.st_mode))
			continue;
		if (*n == RUNSET_MAX_BOOTS) {
			snprintf(err, errlen, "%s: more than %d boots", path,
				 RUNSET_MAX_BOOTS);
			goto fail;
		}
		if (has_results(sub))
			runs++;
		else if (!lacking[0] || strcmp(e->d_name, lacking) < 0)
			snprintf(lacking, sizeof(lacking), "%s", e->d_name);
		names[*n] = strdup(e->d_name);
		if (!names[(*n)++]) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), cmp_str);
	if (!runs) {	/* no run in it: not a set (run_load says what lacks) */
		while (*n)
			free(names[--*n]);
		return 0;
	}
	if (lacking[0]) {
		snprintf(err, errlen, "%s: boot '%s' has no results.csv (a boot that did not run or was cut short); finish or remove it: a set never silently loses a boot",
			 path, lacking);
		return -1;
	}
	return 0;
fail:
	closedir(d);
	return -1;
}

/* How far a rep may stray from its boot's median, in robust sds of the
 * cell's reps about their boots' medians, before it is set aside. */
#define CLEAN_MIN_REL 0.01	/* never closer than 1 % */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ln of c's statistic k (0 mean_ns, 1 p50_ns) of rep j; NAN unless > 0. */
static double rep_log(const struct run_cell *c, int k, size_t j)
{
	double x = k ? c->p50_ns[j] : c->mean_ns[j];

	return x > 0.0 && isfinite(x) ? log(x) : NAN;
}

/* The median of c's ln statistic k over its reps (NAN if one is bad). */
static double boot_median(const struct run_cell *c, int k)
{
	double y[RUNSET_MAX_REPS];
	size_t n = c->nreps < RUNSET_MAX_REPS ? c->nreps : RUNSET_MAX_REPS;

	for (size_t j = 0; j < n; j++) {
		y[j] = rep_log(c, k, j);
		if (isnan(y[j]))
			return NAN;
	}
	return n ? stat_median(y, n) : NAN;
}

/*
 * The cell's robust sd of a rep about its boot's median: the median
 * over the set's boots of each boot's smallest nonzero distance of a rep
 * to the boot's median: with three reps a boot, one slow rep in every boot
 * moves it by nothing (a median of all distances would be half slow ones).
 */
static double clean_sd(const struct run_cell *const *cb, size_t n, int k)
{
	double d[RUNSET_MAX_BOOTS];
	size_t m = 0;

	for (size_t b = 0; b < n && m < RUNSET_MAX_BOOTS; b++) {
		double med = cb[b] ? boot_median(cb[b], k) : NAN, best = INFINITY;

		for (size_t j = 0; !isnan(med) && j < cb[b]->nreps; j++) {
			double r = fabs(rep_log(cb[b], k, j) - med);

			if (r > 0.0)
				best = fmin(best, r);
		}
		if (isfinite(best))
			d[m++] = best;
	}
	qsort(d, m, sizeof(*d), cmp_double);
	return fmax(m ? (m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2) : 0.0,
		    log1p(CLEAN_MIN_REL) / 10.0);
}

/*
 * Boot c's unit for statistic k: the geometric mean of its reps within cut
 * of their median (the median reps always), into *robust, of all of them
 * into *all; the kept reps' spread pooled into o. Returns the reps set aside above the
 * median (slow).
 */
static unsigned boot_unit(struct run_cell *o, const struct run_cell *c,
			  int k, double cut, double *robust, double *all)
{
	double med = boot_median(c, k), sum = 0.0, sumall = 0.0, ss = 0.0;
	double y, best = INFINITY;
	size_t kept = 0, j;
	unsigned slow = 0;

	*robust = *all = 0.0;	/* a rep without a time: the boot has none */
	if (isnan(med))
		return 0;
	for (j = 0; j < c->nreps; j++)
		best = fmin(best, fabs(rep_log(c, k, j) - med));
	cut = fmax(cut, best);
	for (j = 0; j < c->nreps; j++) {
		y = rep_log(c, k, j);
		sumall += y;
		if (fabs(y - med) <= cut) {
			sum += y;
			kept++;
		} else {
			slow += y > med;
		}
	}
	*robust = exp(sum / (double)kept);
	*all = exp(sumall / (double)c->nreps);
	for (j = 0; j < c->nreps; j++) {
		y = rep_log(c, k, j);
		if (fabs(y - med) <= cut)
			ss += (y - log(*robust)) * (y - log(*robust));
	}
	if (kept >= 2) {
		o->within_ss[k] += ss;
		o->within_df[k] += (double)(kept - 1);
		o->within_reps[k] += kept;
	}
	return slow;
}

/* The geometric mean of the positive values of x[0..n), NAN if none. */
static double geo_mean(const double *x, size_t n)
{
	struct stat_logsample s;

	stat_log_summarize(x, n, 0.0, &s);
	return s.geo;
}

/* Record the first boot without a usable value of o, and why. */
static void note_gap(struct run_cell *o, const char *boot, const char *why)
{
	if (!o->gap[0])
		snprintf(o->gap, sizeof(o->gap), "%s: %s", boot, why);
}

/* Cell o of the set from its cells cb[0..n) in the boots (NULL: absent). */
static int merge_cell(struct run_cell *o, const struct run_cell *const *cb,
		      const char *const *names, size_t n, double clean_k)
{
	double sd[2] = { clean_sd(cb, n, 0), clean_sd(cb, n, 1) }, cut[2];

	for (int k = 0; k < 2; k++) {
		cut[k] = isinf(clean_k) ? INFINITY :
			 fmax(clean_k * sd[k], log1p(CLEAN_MIN_REL));
	}

	for (size_t b = 0; b < n; b++) {
		const struct run_cell *c = cb[b];
		struct run_unit u = { 0 };
		double robust[2];

		if (!c) {
			o->nabsent++;
			note_gap(o, names[b], "absent");
			continue;
		}
		o->samples += c->samples;
		run_count_add(&o->disturbed, c->disturbed);
		run_count_add(&o->failed_samples, c->failed_samples);
		run_count_add(&o->off_path, c->off_path);
		o->failures += c->failures;
		o->misplaced += c->misplaced;
		o->nfailing += c->nfailing > 0;
		o->nmisplacing += c->nmisplacing > 0;
		if (!c->nreps) {
			/* a boot without an ok repetition: why not */
			const char *why = c->nfailed ? "failed" :
					  c->nmisplaced ? "misplaced" : "skipped";

			if (c->nfailed)
				o->nfailed++;
			else if (c->nmisplaced)
				o->nmisplaced++;
			else
				o->nskipped++;
			if (!o->note[0])
				snprintf(o->note, sizeof(o->note), "%s",
					 c->note);
			note_gap(o, names[b], why);
			continue;
		}
		for (size_t j = 0; j < c->nreps; j++) {
			u.samples += c->unit[j].samples;
			u.failures += c->unit[j].failures;
			u.misplaced += c->unit[j].misplaced;
		}
		u.reps = (unsigned)c->nreps;
		u.rep = -1;
		for (int k = 0; k < 2; k++)
			u.slow[k] = boot_unit(o, c, k, cut[k], &robust[k],
					      &u.all_ns[k]);
		if (!(robust[0] > 0.0) || !(robust[1] > 0.0))
			note_gap(o, names[b], "a repetition with a zero time");
		o->within_boots++;
		if (run_cell_add_rep(o, robust[0], robust[1],
				     geo_mean(c->p99_ns, c->nreps), &u))
			return -1;
	}
	return 0;
}

int runset_merge(struct run *out, const struct run *boots,
		 const char *const *names, size_t n, double clean_k,
		 char *err, size_t errlen)
{
	const struct run_cell **cb = calloc(n ? n : 1, sizeof(*cb));
	char diff[512];
	size_t cap = 0;
	int ret = -1;

	if (!cb)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		if (!i) {
			out->meta = boots[0].meta;
			out->meta.complete = 1;
		} else if (strcmp(boots[i].meta.kernel, out->meta.kernel) ||
			   runset_identity_differ(&out->meta, &boots[i].meta,
						  diff, sizeof(diff)) ||
			   runset_conditions_differ(&out->meta, &boots[i].meta,
						    diff, sizeof(diff))) {
			/* one set is one machine and kernel: never merged across */
			snprintf(err, errlen, "%s: its boots differ: %s and %s: %s",
				 out->dir, names[0], names[i],
				 strcmp(boots[i].meta.kernel, out->meta.kernel) ?
				 "kernel" : diff);
			goto out;
		}
		out->meta.complete &= boots[i].meta.complete;
	}
	/* every key of any boot, in the order the boots first show them */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < boots[i].ncells; k++)
			if (!run_cell_get(out, &boots[i].cells[k].k, &cap))
				goto oom;
	for (size_t k = 0; k < out->ncells; k++) {
		for (size_t i = 0; i < n; i++)
			cb[i] = run_find(&boots[i], out->cells[k].key);
		if (merge_cell(&out->cells[k], cb, names, n, clean_k))
			goto oom;
	}
	out->meta.boots = (unsigned)n;
	ret = 0;
	goto out;
oom:
	snprintf(err, errlen, "%s: out of memory", out->dir);
out:
	free(cb);
	return ret;
}

/* The n boots names[] of the set in path, merged into out. */
static int load_set(struct run *out, const char *path, char *const *names,
		    size_t n, char *err, size_t errlen)
{
	struct run *boots = calloc(n, sizeof(*boots));
	char sub[4400];
	size_t loaded = 0;
	int ret = -1;

	if (!boots) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	for (; loaded < n; loaded++) {
		snprintf(sub, sizeof(sub), "%s/%s", path, names[loaded]);
		if (run_load(&boots[loaded], sub, err, errlen))
			goto out;
	}
	ret = runset_merge(out, boots, (const char *const *)names, n,
			   RUNSET_CLEAN_K, err, errlen);
out:
	for (size_t i = 0; i < loaded; i++)
		run_free(&boots[i]);
	free(boots);
	return ret;
}

int runset_load(struct run *out, const char *path, char *err, size_t errlen)
{
	char *names[RUNSET_MAX_BOOTS];
	size_t n = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	if (has_results(path))
		return run_load(out, path, err, errlen);
	ret = list_boots(path, names, &n, err, errlen);
	if (!ret && !n)	/* neither a run nor boots: run_load says what lacks */
		return run_load(out, path, err, errlen);
	snprintf(out->dir, sizeof(out->dir), "%s", path);
	if (!ret)
		ret = load_set(out, path, names, n, err, errlen);
	if (ret)
		run_free(out);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return ret;
}
