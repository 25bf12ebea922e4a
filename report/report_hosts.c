// SPDX-License-Identifier: GPL-2.0
/* Runs of several hosts side by side: see report_hosts.h. */
#include "report_hosts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_cells.h"
#include "report_conditions.h"
#include "report_summary.h"
#include "runset.h"

#define MAX_DIST SUMMARY_MAX_CLASSES

size_t report_host_count(const struct run *runs, size_t nruns)
{
	size_t n = 0;

	for (size_t i = 0; i < nruns; i++) {
		size_t k = 0;

		if (runs[i].meta.host[0])
			while (k < i && strcmp(runs[k].meta.host,
					       runs[i].meta.host))
				k++;
		else
			k = i;
		n += k == i;
	}
	return n;
}

void report_host_label(char *buf, size_t len, const struct run *runs,
		       size_t nruns, size_t i)
{
	char h[128], o[128];
	int dup = 0;

	runset_host_label(h, sizeof(h), &runs[i]);
	for (size_t j = 0; j < nruns; j++) {
		runset_host_label(o, sizeof(o), &runs[j]);
		dup |= j != i && !strcmp(h, o);
	}
	if (dup)
		snprintf(buf, len, "%.50s (%.50s)", h, runs[i].meta.run_id[0] ?
			 runs[i].meta.run_id : runs[i].dir);
	else
		snprintf(buf, len, "%s", h);
}

/* The same path in another run: test, allocator, policy, mode, threads. */
static int same_path(const struct path *a, const struct path *b)
{
	return !strcmp(a->k.suite, b->k.suite) &&
	       !strcmp(a->k.test, b->k.test) &&
	       !strcmp(a->k.allocator, b->k.allocator) &&
	       !strcmp(a->k.policy, b->k.policy) &&
	       !strcmp(a->k.mode, b->k.mode) &&
	       a->k.threads == b->k.threads && a->by_order == b->by_order;
}

/* Each run's paths, and the union of them in the runs' order. */
struct host_paths {
	struct path **of;	/* per run */
	long *n;		/* per run */
	struct { size_t run; long i; } *all;
	size_t nall;
};

static void host_paths_free(struct host_paths *hp, size_t nruns)
{
	for (size_t r = 0; hp->of && r < nruns; r++)
		free(hp->of[r]);
	free(hp->of);
	free(hp->n);
	free(hp->all);
}

static int host_paths(struct host_paths *hp, const struct run *runs,
		      size_t nruns)
{
	size_t cap = 0;

	memset(hp, 0, sizeof(*hp));
	hp->of = calloc(nruns, sizeof(*hp->of));
	hp->n = calloc(nruns, sizeof(*hp->n));
	if (!hp->of || !hp->n)
		return -1;
	for (size_t r = 0; r < nruns; r++) {
		hp->n[r] = paths_of_run(&runs[r], &hp->of[r]);
		if (hp->n[r] < 0)
			return -1;
		for (long i = 0; i < hp->n[r]; i++) {
			size_t k = 0;

			while (k < hp->nall &&
			       !same_path(&hp->of[hp->all[k].run][hp->all[k].i],
					  &hp->of[r][i]))
				k++;
			if (k < hp->nall)
				continue;
			if (hp->nall == cap) {
				void *na = realloc(hp->all, (cap = cap * 2 + 16) *
						   sizeof(*hp->all));

				if (!na)
					return -1;
				hp->all = na;
			}
			hp->all[hp->nall].run = r;
			hp->all[hp->nall++].i = i;
		}
	}
	return 0;
}

/* Run r's path like p, or NULL. */
static const struct path *path_like(const struct host_paths *hp, size_t r,
				    const struct path *p)
{
	for (long i = 0; i < hp->n[r]; i++)
		if (same_path(&hp->of[r][i], p))
			return &hp->of[r][i];
	return NULL;
}

static int has_param(const struct path *p, uint64_t param)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (p->param[i] == param)
			return 1;
	return 0;
}

/* The union of the runs' remote distances, ascending. */
static size_t all_distances(const struct run *runs, size_t nruns, int *out)
{
	size_t n = 0;

	for (size_t r = 0; r < nruns; r++) {
		int d[MAX_DIST];
		size_t nd = summary_distances(&runs[r], d);

		for (size_t k = 0; k < nd; k++) {
			size_t j = 0;

			while (j < n && out[j] < d[k])
				j++;
			if ((j < n && out[j] == d[k]) || n == MAX_DIST)
				continue;
			memmove(out + j + 1, out + j, (n - j) * sizeof(*out));
			out[j] = d[k];
			n++;
		}
	}
	return n;
}

static void distance_label(char *buf, size_t len, int d)
{
	if (d == SUMMARY_NO_DISTANCE)
		snprintf(buf, len, "remote/local");
	else
		snprintf(buf, len, "remote/local d=%d", d);
}

/* Does run r's topology have a remote pair at distance d? */
static int has_distance(const struct run *r, int d)
{
	int own[MAX_DIST];
	size_t n = summary_distances(r, own);

	for (size_t k = 0; k < n; k++)
		if (own[k] == d)
			return 1;
	return 0;
}

static void absent(struct table_cell *out, const char *host, const char *sub)
{
	snprintf(out->text, sizeof(out->text), "absent on %.100s", host);
	snprintf(out->sub, sizeof(out->sub), "%s", sub);
	out->mark = MARK_SKIPPED;
}

/* What every cross-host caption says of the runs' conditions. */
static void differ_sentence(char *buf, size_t len, const struct run *runs,
			    size_t nruns)
{
	char diff[600];

	if (report_conditions_differ(diff, sizeof(diff), runs, nruns))
		snprintf(buf, len, " The runs differ in: %s (* in the conditions per host); nothing is merged: one row per run.",
			 diff);
	else
		snprintf(buf, len, " The runs differ in no recorded condition; one row per run.");
}

struct host_row_values {
	struct summary_value local;
	struct summary_value ratio[MAX_DIST];
};

/*
 * A bar's value and error bar: with one repetition there is no interval,
 * and gnuplot's histogram drops a bar whose bounds are missing: both at y.
 */
static void bar(struct plot_series *se, size_t k, const struct summary_value *v)
{
	se->y[k] = v->y;
	se->lo[k] = isfinite(v->lo) ? v->lo : v->y;
	se->hi[k] = isfinite(v->hi) ? v->hi : v->y;
}

/* One row per run: path p (of runs[ref]) at param. */
static int path_table(struct report_section *s, const struct run *runs,
		      size_t nruns, const struct host_paths *hp,
		      const struct path *p, uint64_t param, const int *dist,
		      size_t ndist, const char *differ,
		      struct host_row_values *vals)
{
	struct report_item *it = report_add_item(s, ITEM_TABLE);
	struct note_list notes = { .n = 0 };
	char name[128], what[1200];
	struct table *t;

	if (!it || table_init(&it->table, nruns, 1 + ndist))
		return -1;
	t = &it->table;
	path_param_id(t->id, sizeof(t->id), "hosts", p, param);
	path_param_name(name, sizeof(name), p, param);
	snprintf(t->title, sizeof(t->title),
		 "%.90s across hosts: local p50 and remote/local ratio per distance",
		 name);
	snprintf(t->corner, sizeof(t->corner), "host");
	snprintf(t->col_label[0], sizeof(t->col_label[0]), "local p50");
	for (size_t d = 0; d < ndist; d++)
		distance_label(t->col_label[1 + d], sizeof(t->col_label[0]),
			       dist[d]);
	for (size_t r = 0; r < nruns; r++) {
		const struct path *q = path_like(hp, r, p);
		char host[160];
		struct host_row_values *v = &vals[r];

		report_host_label(host, sizeof(host), runs, nruns, r);
		snprintf(t->row_label[r], sizeof(t->row_label[0]), "%.120s", host);
		v->local.y = NAN;
		for (size_t d = 0; d < ndist; d++)
			v->ratio[d].y = NAN;
		if (!q || !has_param(q, param)) {
			for (size_t c = 0; c <= ndist; c++)
				absent(table_at(t, r, c), host,
				       q ? "(not at this size)" : "");
			continue;
		}
		summary_local(table_at(t, r, 0), &v->local, &runs[r], q, param,
			      &notes);
		for (size_t d = 0; d < ndist; d++) {
			if (!has_distance(&runs[r], dist[d])) {
				struct table_cell *out = table_at(t, r, 1 + d);
				size_t k = note_add(&notes, "no node pair at this SLIT distance in this host's topology");

				snprintf(out->text, sizeof(out->text), "n/a");
				snprintf(out->sub, sizeof(out->sub), "[%zu]", k);
				out->mark = MARK_SKIPPED;
				continue;
			}
			summary_ratio(table_at(t, r, 1 + d), &v->ratio[d],
				      &runs[r], q, param, dist[d], &notes);
		}
	}
	snprintf(what, sizeof(what),
		 "One row per host's run, each as its own summary computes it: local, the geometric mean over repetitions of each repetition's p50 over the local node pairs, with its 95 %% Student t interval and n; remote/local, the same over the remote pairs at that SLIT distance over the local figure, with its 95 %% Welch interval. Distances are each host's own SLIT: the ratio by distance class is what compares across topologies, never a node id.%s",
		 differ);
	caption_with_notes(t->caption, sizeof(t->caption), what, &notes);
	return 0;
}

static int path_plots(struct report_section *s, const struct run *runs,
		      size_t nruns, const struct path *p, uint64_t param,
		      const int *dist, size_t ndist, const char *differ,
		      const struct host_row_values *vals)
{
	struct report_item *it;
	char name[128];
	struct plot *pl;
	int local = 0, ratio = 0;

	/* a chart with no bar at all is left out: the table says why */
	for (size_t r = 0; r < nruns; r++) {
		local |= isfinite(vals[r].local.y);
		for (size_t d = 0; d < ndist; d++)
			ratio |= isfinite(vals[r].ratio[d].y);
	}
	if (!local)
		return 0;
	it = report_add_item(s, ITEM_PLOT);
	if (!it || plot_init(&it->plot, nruns, 1))
		return -1;
	pl = &it->plot;
	path_param_name(name, sizeof(name), p, param);
	pl->kind = PLOT_BARS;
	path_param_id(pl->id, sizeof(pl->id), "hosts-local", p, param);
	snprintf(pl->title, sizeof(pl->title), "%.120s: local p50 per host", name);
	snprintf(pl->note, sizeof(pl->note),
		 "Bars: each host's local p50 (the geometric mean over repetitions of each repetition's p50 over the local node pairs); error bars: its 95 %% Student t interval (none with one repetition); no bar: absent on that host.%s",
		 differ);
	snprintf(pl->xlabel, sizeof(pl->xlabel), "host");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "local p50");
	pl->y_ns = 1;
	snprintf(pl->series[0].name, sizeof(pl->series[0].name), "local p50");
	for (size_t r = 0; r < nruns; r++) {
		char host[160];

		report_host_label(host, sizeof(host), runs, nruns, r);
		pl->x[r] = (double)r;
		snprintf(pl->xtic[r], sizeof(pl->xtic[r]), "%.31s", host);
		bar(&pl->series[0], r, &vals[r].local);
	}
	if (!ratio)
		return 0;
	it = report_add_item(s, ITEM_PLOT);
	if (!it || plot_init(&it->plot, ndist, nruns))
		return -1;
	pl = &it->plot;
	pl->kind = PLOT_BARS;
	path_param_id(pl->id, sizeof(pl->id), "hosts-ratio", p, param);
	snprintf(pl->title, sizeof(pl->title),
		 "%.100s: remote/local ratio per host and distance", name);
	snprintf(pl->note, sizeof(pl->note),
		 "Bars: each host's remote/local ratio at each SLIT distance of its own topology (one bar per host); error bars: its 95 %% Welch interval; no bar: the host has no pair at that distance or lacks the path.%s",
		 differ);
	snprintf(pl->xlabel, sizeof(pl->xlabel), "SLIT distance");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "remote/local");
	for (size_t d = 0; d < ndist; d++) {
		pl->x[d] = (double)d;
		if (dist[d] == SUMMARY_NO_DISTANCE)
			snprintf(pl->xtic[d], sizeof(pl->xtic[d]), "remote");
		else
			snprintf(pl->xtic[d], sizeof(pl->xtic[d]), "d=%d",
				 dist[d]);
	}
	for (size_t r = 0; r < nruns; r++) {
		struct plot_series *se = &pl->series[r];

		report_host_label(se->name, sizeof(se->name), runs, nruns, r);
		for (size_t d = 0; d < ndist; d++)
			bar(se, d, &vals[r].ratio[d]);
	}
	return 0;
}

static void hosts_note(char *buf, size_t len, const struct run *runs,
		       size_t nruns)
{
	snprintf(buf, len, "%zu hosts, %zu runs:", report_host_count(runs, nruns),
		 nruns);
	for (size_t r = 0; r < nruns; r++) {
		char host[160];
		size_t used = strlen(buf);

		report_host_label(host, sizeof(host), runs, nruns, r);
		snprintf(buf + used, len - used, "%s %s (kernel %.60s, run %.60s)",
			 r ? "," : "", host, runs[r].meta.kernel,
			 runs[r].meta.run_id[0] ? runs[r].meta.run_id : runs[r].dir);
	}
	snprintf(buf + strlen(buf), len - strlen(buf),
		 ". Each run keeps its own sections; here one row or bar per run, each path at its middle size or order.");
}

/*
 * The summary figure: per path of the first run (at its middle size),
 * each other run's local p50 over the first run's, with its interval.
 */
static int summary_plot(struct report_section *s, const struct run *runs,
			size_t nruns, const struct host_paths *hp,
			const char *differ)
{
	struct report_item *it;
	struct plot *pl;
	char ref[160];
	size_t n = (size_t)hp->n[0], any = 0;

	if (!n || nruns < 2)
		return 0;
	it = report_add_item(s, ITEM_PLOT);
	if (!it || plot_init(&it->plot, n, nruns - 1))
		return -1;
	pl = &it->plot;
	report_host_label(ref, sizeof(ref), runs, nruns, 0);
	pl->kind = PLOT_BARS;
	snprintf(pl->id, sizeof(pl->id), "hosts-summary");
	snprintf(pl->title, sizeof(pl->title),
		 "Local p50 per host relative to %.100s", ref);
	snprintf(pl->xlabel, sizeof(pl->xlabel), "path");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "local p50 / %.40s", ref);
	for (size_t k = 0; k < n; k++) {
		const struct path *p = &hp->of[0][k];

		pl->x[k] = (double)k;
		path_param_name(pl->xtic[k], sizeof(pl->xtic[k]), p,
				path_middle_param(&runs[0], p));
	}
	for (size_t r = 1; r < nruns; r++) {
		struct plot_series *se = &pl->series[r - 1];

		report_host_label(se->name, sizeof(se->name), runs, nruns, r);
		for (size_t k = 0; k < n; k++) {
			const struct path *p = &hp->of[0][k];
			const struct path *q = path_like(hp, r, p);
			uint64_t param = path_middle_param(&runs[0], p);
			struct summary_value v;

			if (!q || !has_param(q, param))
				continue;
			summary_local_ratio(&v, &runs[0], p, &runs[r], q, param);
			bar(se, k, &v);
			any += isfinite(v.y);
		}
	}
	snprintf(pl->note, sizeof(pl->note),
		 "Per path of %.60s at its middle size or order: each other host's local p50 (the geometric mean over repetitions of each repetition's p50 over the local node pairs) over %.60s's, 1 the same; error bars: its 95 %% Welch interval on the log scale; no bar: the path is absent on that host, or has no local value (the path's table says which).%.500s",
		 ref, ref, differ);
	if (!any) {	/* nothing in common: say so, the tables say why */
		plot_free(pl);
		memset(it, 0, sizeof(*it));
		it->kind = ITEM_NOTE;
		snprintf(it->note, sizeof(it->note),
			 "No path of %s has a local value on another host at the same size: no figure of the hosts against it (the tables below say what each host lacks).",
			 ref);
	}
	return 0;
}

int report_hosts(struct report *rep, const struct run *runs, size_t nruns)
{
	struct report_section *s = report_add_section(rep, "Hosts side by side");
	struct host_row_values *vals = calloc(nruns, sizeof(*vals));
	struct host_paths hp;
	int dist[MAX_DIST];
	size_t ndist = all_distances(runs, nruns, dist);
	char note[1024], differ[700];
	int ret = -1;

	if (host_paths(&hp, runs, nruns) || !s || !vals)
		goto out;
	differ_sentence(differ, sizeof(differ), runs, nruns);
	hosts_note(note, sizeof(note), runs, nruns);
	if (report_add_text(s, ITEM_NOTE, note) ||
	    report_add_text(s, ITEM_HEADING, "Conditions per host") ||
	    report_conditions_hosts(s, runs, nruns))
		goto out;
	if (report_add_text(s, ITEM_HEADING, "Local latency per host") ||
	    summary_plot(s, runs, nruns, &hp, differ))
		goto out;
	for (size_t k = 0; k < hp.nall; k++) {
		const struct run *ref = &runs[hp.all[k].run];
		const struct path *p = &hp.of[hp.all[k].run][hp.all[k].i];
		uint64_t param = path_middle_param(ref, p);
		char name[128];

		path_name(name, sizeof(name), p);
		if (report_add_text(s, ITEM_HEADING, name) ||
		    path_table(s, runs, nruns, &hp, p, param, dist, ndist,
			       differ, vals) ||
		    path_plots(s, runs, nruns, p, param, dist, ndist, differ,
			       vals))
			goto out;
	}
	ret = 0;
out:
	host_paths_free(&hp, nruns);
	free(vals);
	return ret;
}
