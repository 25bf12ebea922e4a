// SPDX-License-Identifier: GPL-2.0
/* The dry run's measured estimate: see estimate.h. */
#include "estimate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/kmode.h"
#include "rundir/csvread.h"
#include "rundir/runload.h"

/* What the earlier run measured of one cell, summed over its reps. */
struct measured {
	char key[160];
	double elapsed_s, samples;	/* counters.csv */
	double cv_sum;			/* results.csv, ok rows */
	unsigned cv_n;
};

struct measurements {
	struct measured *v;
	size_t n, cap;
	size_t last;		/* rows of one cell come together */
};

/* The cell key both files and the plan share: empty fields stay empty. */
static void key_of(char *buf, size_t len, const char *test, const char *cpu,
		   const char *mem, const char *size, const char *order,
		   const char *batch, const char *mode)
{
	snprintf(buf, len, "%s/%s/%s/%s/%s/%s/%s", test, cpu, mem, size, order,
		 batch, mode);
}

static void plan_key(char *buf, size_t len, const struct cell *c)
{
	char cpu[16], mem[16] = "", size[24], order[16] = "", batch[16];

	snprintf(cpu, sizeof(cpu), "%d", c->cpu_node);
	if (c->mem_node >= 0)
		snprintf(mem, sizeof(mem), "%d", c->mem_node);
	snprintf(size, sizeof(size), "%llu", (unsigned long long)c->size_bytes);
	if (c->order >= 0)
		snprintf(order, sizeof(order), "%d", c->order);
	snprintf(batch, sizeof(batch), "%u", c->batch);
	key_of(buf, len, c->kcase->name, cpu, mem, size, order, batch,
	       kbench_mode_name(c->mode));
}

static struct measured *find(struct measurements *ms, const char *key,
			     int add)
{
	if (ms->last < ms->n && !strcmp(ms->v[ms->last].key, key))
		return &ms->v[ms->last];
	for (size_t i = 0; i < ms->n; i++)
		if (!strcmp(ms->v[i].key, key))
			return &ms->v[ms->last = i];
	if (!add)
		return NULL;
	if (ms->n == ms->cap) {
		size_t cap = ms->cap ? 2 * ms->cap : 256;
		struct measured *v = realloc(ms->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		ms->v = v;
		ms->cap = cap;
	}
	memset(&ms->v[ms->n], 0, sizeof(ms->v[0]));
	snprintf(ms->v[ms->n].key, sizeof(ms->v[0].key), "%s", key);
	ms->last = ms->n;
	return &ms->v[ms->n++];
}

/* A column, found once per file: schema 4 named "metric" counter. */
static int column(const struct csv_table *t, const char *name)
{
	int c = csv_col(t, name);

	return c < 0 && !strcmp(name, "metric") ? csv_col(t, "counter") : c;
}

/*
 * The kernel rows of dir/name, each passed to fn with the fields of the
 * columns want[0..nwant), nwant <= MAX_WANT (looked up once per file).
 */
#define MAX_WANT 3
/* Schema 8's "does not apply" (-1, none) as plan_key writes it: empty. */
static const char *na(const char *v)
{
	return strcmp(v, "-1") && strcmp(v, "none") ? v : "";
}

static int each_kernel_row(const char *dir, const char *name,
			   const char *const *want, int nwant,
			   struct measurements *ms,
			   void (*fn)(struct measured *m, char *const *v))
{
	static const char *const keys[] = {
		"suite", "test", "cpu_node", "mem_node", "size_bytes", "order",
		"batch", "mode",
	};
	int col[8], wc[MAX_WANT];
	struct csv_table t;
	char path[4300], err[512], key[160];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (csv_read(path, &t, err, sizeof(err)))
		return -1;
	for (int i = 0; i < 8 + nwant; i++) {
		int c = i < 8 ? csv_col(&t, keys[i]) : column(&t, want[i - 8]);

		if (c < 0) {
			csv_table_free(&t);
			return -1;
		}
		if (i < 8)
			col[i] = c;
		else
			wc[i - 8] = c;
	}
	for (size_t r = 0; r < t.nrows; r++) {
		char **f = t.rows[r];
		char *v[MAX_WANT];
		struct measured *m;

		if (strcmp(f[col[0]], "kernel"))
			continue;
		key_of(key, sizeof(key), f[col[1]], f[col[2]], na(f[col[3]]),
		       f[col[4]], na(f[col[5]]), f[col[6]], na(f[col[7]]));
		m = find(ms, key, 1);
		for (int i = 0; m && i < nwant; i++)
			v[i] = f[wc[i]];
		if (m)
			fn(m, v);
	}
	csv_table_free(&t);
	return 0;
}

static const char *const counter_cols[] = { "metric", "value" };

static void add_counter(struct measured *m, char *const *v)
{
	double x = atof(v[1]);

	if (!strcmp(v[0], "elapsed_ns"))
		m->elapsed_s += x / 1e9;
	else if (!strcmp(v[0], "samples_recorded"))
		m->samples += x;
}

static const char *const spread_cols[] = { "status", "mean_ns", "stddev_ns" };

static void add_spread(struct measured *m, char *const *v)
{
	double mean = atof(v[1]), sd = atof(v[2]);

	if (strcmp(v[0], "ok") || !(mean > 0))
		return;
	m->cv_sum += sd / mean;
	m->cv_n++;
}

static int same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static int matches(const struct run_meta *r, const struct estimate_match *m)
{
	return r->complete && r->schema_version >= 4 &&
	       same(r->host, m->host) && same(r->kernel, m->kernel) &&
	       same(r->executor, m->executor) &&
	       same(r->vm_topology, m->vm_topology) &&
	       same(r->vm_accel, m->vm_accel);
}

static int newest_first(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* The newest matching run's directory into dir, its id into from. */
static int find_run(const char *root, const struct estimate_match *m,
		    char *dir, size_t len, char *from)
{
	struct dirent **names = NULL;
	int n = scandir(root, &names, NULL, NULL), found = 0;
	char err[512];

	if (n < 0)
		return 0;
	qsort(names, (size_t)n, sizeof(*names), newest_first);
	for (int i = 0; i < n; i++) {
		struct run r;

		if (!found && names[i]->d_name[0] != '.') {
			snprintf(dir, len, "%s/%s", root, names[i]->d_name);
			if (!run_load_meta(&r, dir, err, sizeof(err))) {
				found = matches(&r.meta, m);
				if (found)
					snprintf(from, 128, "%s", r.meta.run_id);
			}
			run_free(&r);
		}
		free(names[i]);
	}
	free(names);
	return found;
}

void estimate_kernel(const char *root, const struct estimate_match *m,
		     const struct plan *pl, const struct profile *p,
		     struct plan_estimate *est, char *from)
{
	struct measurements ms = { 0 };
	char dir[4200], key[160];

	memset(est, 0, sizeof(*est));
	if (!find_run(root, m, dir, sizeof(dir), from) ||
	    each_kernel_row(dir, "counters.csv", counter_cols, 2, &ms,
			    add_counter) ||
	    each_kernel_row(dir, "results.csv", spread_cols, 3, &ms,
			    add_spread))
		goto out;
	est->from = from;
	for (size_t i = 0; i < pl->ncells; i++) {
		const struct cell *c = &pl->cells[i];
		const struct measured *x;
		double cell_s = p->cell_budget_s > 0 ? p->cell_budget_s : 0;

		if (c->skip[0])
			continue;
		plan_key(key, sizeof(key), c);
		x = find(&ms, key, 0);
		if (x && x->samples > 0 && x->cv_n) {
			cell_s = plan_cell_estimate_s(p, x->elapsed_s / x->samples,
						      x->cv_sum / x->cv_n);
			est->matched++;
		}
		est->kernel_s += cell_s * p->reps;
	}
out:
	free(ms.v);
}
