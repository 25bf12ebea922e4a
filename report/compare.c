// SPDX-License-Identifier: GPL-2.0
/* The per-cell verdicts and their summary: see compare.h. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runset.h"

const char *cmp_metric_name(enum cmp_metric m)
{
	return m == METRIC_P50 ? "p50" : "mean";
}

const char *cmp_verdict_name(enum cmp_verdict v)
{
	switch (v) {
	case CMP_SAME: return "same";
	case CMP_REGRESSION: return "regression";
	case CMP_IMPROVEMENT: return "improvement";
	default: return "n/a";
	}
}

const char *cmp_kind_name(enum cmp_kind k)
{
	static const char *const names[KIND_COUNT] = {
		"", "missing", "failures", "misplaced", "time", "outliers",
		"global",
	};

	return k < KIND_COUNT ? names[k] : "";
}

const char *cmp_run_name(const struct run *r)
{
	const char *slash;

	if (!r->meta.boots)
		return r->meta.run_id[0] ? r->meta.run_id : r->dir;
	slash = strrchr(r->dir, '/');
	return slash && slash[1] ? slash + 1 : r->dir;
}

const char *cmp_run_label(const struct run *r)
{
	return r->meta.kernel[0] ? r->meta.kernel : cmp_run_name(r);
}

void compare_rule(char *buf, size_t len, const struct compare *c)
{
	snprintf(buf, len, "units: boots (each a robust mean of its reps: those within %.1f robust sds of the boot's median)%s; per cell, the moderated t on ln(%s_ns) of each unit less the unit's level common to all cells, the pooled variance floored at the timer's resolution and moderated toward a prior (sets of boots: each cell's reps inside its boots; else all cells), once; Benjamini-Hochberg q over the cells tested; a regression when q < %.2f and the ratio and the ratio beyond the common level are both >= %.3f; the common level tested on its own (Welch, p < %.2f, ratio >= %.3f: global); slow repetitions tested alike on all reps of each boot (outliers); and new failed ops or misplaced pages beyond twice the base's worst rate, or a cell missing in a new unit",
		 RUNSET_CLEAN_K,
		 c->conf.reps_as_units ? ", or with --reps-as-units the repetitions of single runs" : "",
		 cmp_metric_name(c->conf.metric), c->conf.alpha,
		 cmp_up(c), c->conf.alpha, cmp_up(c));
}

const char *compare_label(const struct compare *c, size_t i)
{
	return c->labels ? c->labels[i] : cmp_run_label(c->j.runs[i]);
}

void cmp_run_identity(char *buf, size_t len, const struct run *r)
{
	char host[128];

	runset_host_label(host, sizeof(host), r);
	snprintf(buf, len, "host %s, kernel %s, run %s", host,
		 r->meta.kernel[0] ? r->meta.kernel : "not recorded",
		 cmp_run_name(r));
}

void compare_unjoined_text(char *buf, size_t len, const struct compare *c,
			   size_t i)
{
	const struct cmp_summary *s = &c->sum[i];
	char hb[128], hn[128];
	size_t used;

	buf[0] = '\0';
	if (!s->unjoined && !s->unjoined_extra && !s->redistanced)
		return;
	runset_host_label(hb, sizeof(hb), c->j.runs[0]);
	runset_host_label(hn, sizeof(hn), c->j.runs[i]);
	if (s->unjoined)
		snprintf(buf, len, "%zu base cell%s not joined (n/a): node %d does not exist on %s", s->unjoined,
			 s->unjoined == 1 ? "" : "s", s->unjoined_node, hn);
	used = strlen(buf);
	if (s->unjoined_extra)
		snprintf(buf + used, len - used, "%s%zu cell%s of %s not joined: node %d does not exist on %s",
			 used ? "; " : "", s->unjoined_extra,
			 s->unjoined_extra == 1 ? "" : "s", hn,
			 s->unjoined_extra_node, hb);
	used = strlen(buf);
	if (s->redistanced)
		snprintf(buf + used, len - used, "%s%zu joined cell%s: its node pair at another SLIT distance on each host (e.g. %s: %d vs %d)",
			 used ? "; " : "", s->redistanced,
			 s->redistanced == 1 ? "" : "s",
			 s->redistanced_key, s->redistanced_d[0],
			 s->redistanced_d[1]);
	used = strlen(buf);
	snprintf(buf + used, len - used, " (cells are joined by node id only where both topologies have the node; across topologies compare the remote/local ratio by SLIT distance class: numabench report)");
}

void compare_common_text(char *buf, size_t len, const struct compare *c,
			 size_t i)
{
	const struct cmp_common *g = &c->common[i];

	if (!g->tested) {
		snprintf(buf, len, "common level of all cells: not taken (%zu cells measured in every unit)",
			 g->cells);
		return;
	}
	snprintf(buf, len, "common level of all cells (%zu in every unit), tested on its own: x%.3f [%.3f, %.3f], p %.2g: %s%s",
		 g->cells, g->t.ratio, g->t.lo, g->t.hi, g->t.p,
		 cmp_verdict_name(g->verdict),
		 g->verdict == CMP_REGRESSION ? " global (every cell slower alike)" :
		 g->verdict == CMP_IMPROVEMENT ? " (every cell faster alike)" : "");
}

const double *cmp_values(const struct compare *c, const struct run_cell *rc)
{
	return c->conf.metric == METRIC_P50 ? rc->p50_ns : rc->mean_ns;
}

double cmp_up(const struct compare *c)
{
	return 1.0 + c->conf.threshold_pct / 100.0;
}

static int build_cell(struct compare *c, struct cmp_cell *cc,
		      const struct join_row *row)
{
	size_t n = c->j.nruns;

	cc->row = row;
	cc->s = calloc(n, sizeof(*cc->s));
	cc->r = calloc(n, sizeof(*cc->r));
	if (!cc->s || !cc->r)
		return -1;
	cc->res = 0.0;
	for (size_t i = 0; i < n; i++) {
		double ri = compare_resolution_ns(c->j.runs[i], row->k->suite);

		if (row->cell[i] && ri > cc->res)
			cc->res = ri;
	}
	/* the cell's own geometric means, for display and the ratio */
	for (size_t i = 0; i < n; i++)
		if (row->cell[i])
			stat_log_summarize(cmp_values(c, row->cell[i]),
					   row->cell[i]->nreps, 0.0, &cc->s[i]);
	return 0;
}

/* Refuse incomplete runs and other conditions unless the user allows. */
static int check_runs(struct compare *c, const struct run *const *runs,
		      size_t nruns, char *err, size_t errlen)
{
	char diff[512];
	size_t used;

	for (size_t i = 0; i < nruns; i++) {
		if (!runs[i]->meta.boots == !!c->conf.reps_as_units)
			continue;
		if (c->conf.reps_as_units)
			snprintf(err, errlen, "--reps-as-units compares single runs, and %s is a set of boots",
				 runs[i]->dir);
		else
			snprintf(err, errlen, "%s is a single run: its repetitions saw one boot, so they cannot tell a kernel's change from a boot's (same-build pairs of single runs were flagged in 35-39 %% of trials); compare sets of boots (numabench regress, or directories of run directories, one per boot), or pass --reps-as-units to compare repetitions anyway",
				 runs[i]->dir);
		return -1;
	}

	for (size_t i = 0; i < nruns; i++) {
		if (runs[i]->meta.complete)
			continue;
		if (!c->conf.allow_incomplete) {
			snprintf(err, errlen, "%s is incomplete (meta.json complete=false: an interrupted run); pass --allow-incomplete to compare what it has",
				 runs[i]->dir);
			return -1;
		}
		used = strlen(c->accepted);
		snprintf(c->accepted + used, sizeof(c->accepted) - used,
			 "%s%s is incomplete", used ? "; " : "",
			 cmp_run_name(runs[i]));
	}
	/* the machines differ by design: said, never refused */
	c->hosts = 0;
	for (size_t i = 0; i < nruns; i++) {
		size_t k = 0;

		while (k < i && strcmp(runs[k]->meta.host, runs[i]->meta.host))
			k++;
		c->hosts += k == i;
	}
	for (size_t i = 1; i < nruns; i++)
		runset_identity_differ(&runs[0]->meta, &runs[i]->meta,
				       c->machines[i], sizeof(c->machines[i]));
	for (size_t i = 0; i < nruns; i++) {
		char host[128];

		runset_host_label(host, sizeof(host), runs[i]);
		if (c->hosts > 1)
			snprintf(c->labels[i], sizeof(c->labels[i]), "%.60s (%.120s)",
				 host, cmp_run_label(runs[i]));
		else
			snprintf(c->labels[i], sizeof(c->labels[i]), "%.190s",
				 cmp_run_label(runs[i]));
	}
	for (size_t i = 1; i < nruns; i++) {
		if (!runset_conditions_differ(&runs[0]->meta, &runs[i]->meta,
					      diff, sizeof(diff)))
			continue;
		if (!c->conf.allow_mismatch) {
			snprintf(err, errlen, "%s and %s were measured under other conditions: %s; pass --allow-mismatch to compare them anyway",
				 runs[0]->dir, runs[i]->dir, diff);
			return -1;
		}
		used = strlen(c->accepted);
		snprintf(c->accepted + used, sizeof(c->accepted) - used,
			 "%s%s differs from base: %s", used ? "; " : "",
			 cmp_run_name(runs[i]), diff);
	}
	return 0;
}

int compare_build(struct compare *c, const struct run *const *runs,
		  size_t nruns, const struct compare_conf *conf, char *err,
		  size_t errlen, int *refused)
{
	memset(c, 0, sizeof(*c));
	c->conf = *conf;
	*refused = 0;
	c->machines = calloc(nruns, sizeof(*c->machines));
	c->labels = calloc(nruns, sizeof(*c->labels));
	if (!c->machines || !c->labels) {
		free(c->machines);
		free(c->labels);
		snprintf(err, errlen, "compare: out of memory");
		return -1;
	}
	if (check_runs(c, runs, nruns, err, errlen)) {
		free(c->machines);
		free(c->labels);
		c->machines = NULL;
		c->labels = NULL;
		*refused = 1;
		return -1;
	}
	if (join_runs(&c->j, runs, nruns, err, errlen)) {
		free(c->machines);
		free(c->labels);
		c->machines = NULL;
		c->labels = NULL;
		return -1;
	}
	c->cells = calloc(c->j.nrows ? c->j.nrows : 1, sizeof(*c->cells));
	c->sum = calloc(nruns, sizeof(*c->sum));
	c->common = calloc(nruns, sizeof(*c->common));
	if (!c->cells || !c->sum || !c->common)
		goto oom;
	for (size_t r = 0; r < c->j.nrows; r++) {
		if (!c->j.rows[r].cell[0])
			continue;	/* extra in some new run: counted there */
		if (build_cell(c, &c->cells[c->ncells++], &c->j.rows[r]))
			goto oom;
	}
	for (size_t i = 1; i < nruns; i++)
		if (compare_judge_run(c, i))
			goto oom;
	return 0;
oom:
	snprintf(err, errlen, "compare: out of memory");
	compare_free(c);
	return -1;
}

void compare_free(struct compare *c)
{
	for (size_t i = 0; i < c->ncells; i++) {
		free(c->cells[i].s);
		free(c->cells[i].r);
	}
	free(c->cells);
	free(c->sum);
	free(c->common);
	free(c->machines);
	free(c->labels);
	join_free(&c->j);
	memset(c, 0, sizeof(*c));
}

int compare_has_regression(const struct compare *c)
{
	for (size_t i = 1; i < c->j.nruns; i++)
		if (c->sum[i].regressions)
			return 1;
	return 0;
}

int compare_untestable(const struct compare *c)
{
	for (size_t i = 1; i < c->j.nruns; i++)
		if (c->sum[i].tested || c->common[i].tested)
			return 0;
	return !compare_has_regression(c);
}

int compare_parse_threshold(const char *arg, double *pct, char *err,
			    size_t errlen)
{
	char *end;

	errno = 0;
	*pct = strtod(arg, &end);
	if (!*arg || *end || errno || !(*pct >= 0.0) || *pct > 1000.0) {
		snprintf(err, errlen, "--threshold: '%s' is not a percentage; expected a number in 0..1000",
			 arg);
		return -1;
	}
	return 0;
}

int compare_parse_metric(const char *arg, enum cmp_metric *m, char *err,
			 size_t errlen)
{
	if (!strcmp(arg, "mean"))
		*m = METRIC_MEAN;
	else if (!strcmp(arg, "p50"))
		*m = METRIC_P50;
	else {
		snprintf(err, errlen, "--metric: '%s' is not a metric; expected mean or p50",
			 arg);
		return -1;
	}
	return 0;
}
