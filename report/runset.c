// SPDX-License-Identifier: GPL-2.0
/* A run or a set of boots as one side of a comparison: see runset.h. */
#include "runset.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stats.h"

#define RUNSET_MAX_BOOTS 64

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
	differ(buf, len, &n, "guest topology", a->vm_topology, b->vm_topology);
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

/* The subdirectories of path holding a results.csv, sorted by name. */
static int list_boots(const char *path, char **names, size_t *n, char *err,
		      size_t errlen)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[4400];

	*n = 0;
	if (!d)		/* not a directory we can read: no boots */
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (!has_results(sub))
			continue;
		if (*n == RUNSET_MAX_BOOTS) {
			snprintf(err, errlen, "%s: more than %d boots", path,
				 RUNSET_MAX_BOOTS);
			goto fail;
		}
		names[*n] = strdup(e->d_name);
		if (!names[(*n)++]) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), cmp_str);
	return 0;
fail:
	closedir(d);
	return -1;
}

/* The geometric mean of the positive values of x[0..n), NAN if none. */
static double geo_mean(const double *x, size_t n)
{
	struct stat_logsample s;

	stat_log_summarize(x, n, 0.0, &s);
	return s.geo;
}

/* Pool the spread of c's reps about their own mean into o (>= 2 reps). */
static void add_within(struct run_cell *o, const struct run_cell *c)
{
	struct stat_logsample s[2];

	if (c->nreps < 2)
		return;
	stat_log_summarize(c->mean_ns, c->nreps, 0.0, &s[0]);
	stat_log_summarize(c->p50_ns, c->nreps, 0.0, &s[1]);
	if (s[0].n != c->nreps || s[1].n != c->nreps)
		return;	/* a rep without a time: leave the boot out */
	for (int k = 0; k < 2; k++)
		o->within_ss[k] += s[k].var * s[k].df;
	o->within_df += (double)(c->nreps - 1);
	o->within_reps += c->nreps;
	o->within_boots++;
}

/* Add boot b's cells to out, one unit each. */
static int merge_boot(struct run *out, const struct run *b, size_t *cap)
{
	for (size_t i = 0; i < b->ncells; i++) {
		const struct run_cell *c = &b->cells[i];
		struct run_cell *o = run_cell_get(out, &c->k, cap);

		if (!o)
			return -1;
		o->samples += c->samples;
		run_count_add(&o->disturbed, c->disturbed);
		run_count_add(&o->failed_samples, c->failed_samples);
		o->failures += c->failures;
		o->misplaced += c->misplaced;
		o->nfailing += c->nfailing > 0;
		o->nmisplacing += c->nmisplacing > 0;
		if (!c->nreps) {
			/* a boot without an ok repetition: skipped or failed */
			if (c->nfailed)
				o->nfailed++;
			else
				o->nskipped++;
			if (!o->note[0])
				snprintf(o->note, sizeof(o->note), "%s",
					 c->note);
			continue;
		}
		add_within(o, c);
		if (run_cell_add_rep(o, geo_mean(c->mean_ns, c->nreps),
				     geo_mean(c->p50_ns, c->nreps),
				     geo_mean(c->p99_ns, c->nreps)))
			return -1;
	}
	return 0;
}

/* The n boots names[] of the set in path, merged into out. */
static int load_set(struct run *out, const char *path, char *const *names,
		    size_t n, char *err, size_t errlen)
{
	struct run *boot = calloc(1, sizeof(*boot));
	char sub[4400], diff[512];
	size_t cap = 0;
	int ret = -1;

	if (!boot) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", path, names[i]);
		if (run_load(boot, sub, err, errlen))
			goto out;
		if (!i) {
			out->meta = boot->meta;
			out->meta.complete = 1;
		} else if (strcmp(boot->meta.kernel, out->meta.kernel) ||
			   runset_conditions_differ(&out->meta, &boot->meta,
						    diff, sizeof(diff))) {
			snprintf(err, errlen, "%s: its boots differ: %s and %s: %s",
				 path, names[0], names[i],
				 strcmp(boot->meta.kernel, out->meta.kernel) ?
				 "kernel" : diff);
			run_free(boot);
			goto out;
		}
		out->meta.complete &= boot->meta.complete;
		if (merge_boot(out, boot, &cap)) {
			snprintf(err, errlen, "%s: out of memory", path);
			run_free(boot);
			goto out;
		}
		run_free(boot);
	}
	out->meta.boots = (unsigned)n;
	ret = 0;
out:
	free(boot);
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
