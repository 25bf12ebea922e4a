// SPDX-License-Identifier: GPL-2.0
/* A comparison as text, CSV and JSON: see compare_write.h. */
#include "compare_write.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "rundir/jsonput.h"

void compare_units_words(char *buf, size_t len, const struct run *r)
{
	if (r->meta.boots)
		snprintf(buf, len, "%u boots (%u reps each)", r->meta.boots,
			 r->meta.reps);
	else
		snprintf(buf, len, "%u reps in one boot, as units (--reps-as-units)",
			 r->meta.reps);
}

static void write_head(FILE *f, const struct compare *c)
{
	char rule[600], u[64];
	int single = 0;

	compare_rule(rule, sizeof(rule), c);
	fprintf(f, "compare: %s\n", rule);
	if (c->hosts > 1) {
		char who[400];

		cmp_run_identity(who, sizeof(who), c->j.runs[0]);
		fprintf(f, "hosts: compares %zu hosts: base %s\n", c->hosts, who);
		for (size_t i = 1; i < c->j.nruns; i++) {
			cmp_run_identity(who, sizeof(who), c->j.runs[i]);
			fprintf(f, "hosts: new %s; differs from base in: %s\n", who,
				c->machines[i][0] ? c->machines[i] : "nothing");
		}
	} else {
		for (size_t i = 1; i < c->j.nruns; i++)
			if (c->machines[i][0])
				fprintf(f, "machine: %s differs from base in: %s\n",
					cmp_run_name(c->j.runs[i]), c->machines[i]);
	}
	for (size_t i = 0; i < c->j.nruns; i++) {
		const struct run *r = c->j.runs[i];

		compare_units_words(u, sizeof(u), r);
		fprintf(f, "%s: %s (%s, %s, %s, profile %s%s%s%s)\n",
			i ? "new " : "base", cmp_run_name(r), compare_label(c, i),
			r->meta.executor[0] ? r->meta.executor : "?", u,
			r->meta.profile[0] ? r->meta.profile : "?",
			r->meta.module_params[0] ? ", module params '" : "",
			r->meta.module_params,
			r->meta.module_params[0] ? "'" : "");
		single |= !r->meta.boots;
	}
	if (single)
		fputs("note: the repetitions of one boot do not see boot-to-boot variance: this describes, it does not gate; compare sets of boots (regress --boots) to gate on\n",
		      f);
	if (c->j.runs[0]->meta.timing_note[0])
		fprintf(f, "note: %s\n", c->j.runs[0]->meta.timing_note);
	if (c->accepted[0])
		fprintf(f, "ACCEPTED BY THE USER: %s\n", c->accepted);
	fputs("marks: ! regression, + improvement, ? too few units to test, - not measured on a side\n\n",
	      f);
}

static char mark(const struct cmp_cell *cc, size_t i)
{
	switch (cc->r[i].verdict) {
	case CMP_REGRESSION: return '!';
	case CMP_IMPROVEMENT: return '+';
	case CMP_NA: return cc->s[0].n && cc->s[i].n ? '?' : '-';
	default: return ' ';
	}
}

static void geo_text(char *buf, size_t len, const struct stat_logsample *s)
{
	if (s->n)
		snprintf(buf, len, "%.1f (%zu)", s->geo, s->n);
	else
		snprintf(buf, len, "- (0)");
}

int compare_write_text(FILE *f, const struct compare *c)
{
	write_head(f, c);
	fprintf(f, "%-58s %16s", "cell", "base ns (units)");
	for (size_t i = 1; i < c->j.nruns; i++)
		fprintf(f, " %16s %7s %29s %8s %8s   %s", "new ns (units)",
			"ratio", "beyond common [95% CI]", "p", "q", "verdict");
	fputc('\n', f);
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_cell *cc = &c->cells[r];
		char b[48];

		geo_text(b, sizeof(b), &cc->s[0]);
		fprintf(f, "%-58s %16s", cc->row->key, b);
		for (size_t i = 1; i < c->j.nruns; i++) {
			const struct cmp_result *res = &cc->r[i];
			char n[48], ratio[16] = "", beyond[48] = "", p[16] = "";
			char q[16] = "";

			geo_text(n, sizeof(n), &cc->s[i]);
			if (!isnan(res->t.ratio))
				snprintf(ratio, sizeof(ratio), "x%.3f", res->t.ratio);
			if (res->tested) {
				snprintf(beyond, sizeof(beyond), "x%.3f [%.3f,%.3f]",
					 res->beyond, res->t.lo, res->t.hi);
				snprintf(p, sizeof(p), "%.2g", res->t.p);
				snprintf(q, sizeof(q), "%.2g", res->t.q);
			}
			fprintf(f, " %16s %7s %29s %8s %8s %c %s%s%s", n, ratio,
				beyond, p, q, mark(cc, i),
				cmp_verdict_name(res->verdict), res->kind ? " " : "",
				cmp_kind_name(res->kind));
		}
		fputc('\n', f);
	}
	fputc('\n', f);
	return compare_write_summary(f, c);
}

/* The first few cells run i adds against the base, by key. */
static void write_extra(FILE *f, const struct compare *c, size_t i)
{
	const char *keys[5];
	size_t n = join_list(&c->j, i, 1, keys, 5);

	if (!n)
		return;
	fprintf(f, "  %s: %zu cell%s not in the base run, e.g.", compare_label(c, i),
		n, n == 1 ? "" : "s");
	for (size_t k = 0; k < n && k < 5; k++)
		fprintf(f, " %s", keys[k]);
	fputs(n > 5 ? " ...\n" : "\n", f);
}

/* Every regression of run i that is not about time, with its reason. */
static void write_behaviour(FILE *f, const struct compare *c, size_t i)
{
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_result *res = &c->cells[r].r[i];

		if (res->verdict == CMP_REGRESSION && res->kind != KIND_TIME &&
		    res->kind != KIND_OUTLIERS)
			fprintf(f, "  %s: %s %s: %s\n", compare_label(c, i),
				cmp_kind_name(res->kind), c->cells[r].row->key,
				res->reason);
	}
}

int compare_write_summary(FILE *f, const struct compare *c)
{
	const struct run *base = c->j.runs[0];

	fprintf(f, "summary against %s (%s), threshold %.1f%%, metric %s, FDR %.2f:\n",
		compare_label(c, 0), cmp_run_name(base), c->conf.threshold_pct,
		cmp_metric_name(c->conf.metric), c->conf.alpha);
	fprintf(f, "  %-28s %6s %6s %11s %6s %7s %8s %9s %6s %8s %12s %6s %5s %5s\n",
		"run", "cells", "tested", "regressions", "global", "missing",
		"failures", "misplaced", "time", "outliers", "improvements",
		"same", "n/a", "extra");
	for (size_t i = 1; i < c->j.nruns; i++) {
		const struct cmp_summary *s = &c->sum[i];

		fprintf(f, "  %-28.28s %6zu %6zu %11zu %6zu %7zu %8zu %9zu %6zu %8zu %12zu %6zu %5zu %5zu\n",
			compare_label(c, i), s->cells, s->tested,
			s->regressions, s->by_kind[KIND_GLOBAL],
			s->by_kind[KIND_MISSING], s->by_kind[KIND_FAILURES],
			s->by_kind[KIND_MISPLACED], s->by_kind[KIND_TIME],
			s->by_kind[KIND_OUTLIERS], s->improvements, s->same,
			s->na, s->extra);
	}
	for (size_t i = 1; i < c->j.nruns; i++) {
		char common[900];

		compare_common_text(common, sizeof(common), c, i);
		fprintf(f, "  %s: %s\n", compare_label(c, i), common);
		if (c->sum[i].tested)
			fprintf(f, "  %s: one cell measured x1.20 slower (beyond the common level) would have been flagged in %zu of %zu tested cells; the median cell needs x%.3f\n",
				compare_label(c, i), c->sum[i].detects_20,
				c->sum[i].tested, c->sum[i].detectable_median);
		write_extra(f, c, i);
		compare_unjoined_text(common, sizeof(common), c, i);
		if (common[0])
			fprintf(f, "  %s: %s\n", compare_label(c, i),
				common);
		write_behaviour(f, c, i);
		if (c->sum[i].worst_key)
			fprintf(f, "  %s: worst time regression x%.3f in %s\n",
				compare_label(c, i), c->sum[i].worst_ratio,
				c->sum[i].worst_key);
	}
	if (c->accepted[0])
		fprintf(f, "accepted by the user: %s\n", c->accepted);
	fprintf(f, "verdict: %s\n", compare_has_regression(c) ?
		"REGRESSION (see the kinds above)" : "no regression");
	return ferror(f) ? -1 : 0;
}

/* A number, or an empty field where there is none. */
static void csv_num(FILE *f, double v, const char *fmt)
{
	if (isfinite(v))
		fprintf(f, fmt, v);
	fputc(',', f);
}

/* A key column that may not apply (-1): empty then. */
static void csv_int(FILE *f, int v)
{
	if (v >= 0)
		fprintf(f, "%d", v);
	fputc(',', f);
}

int compare_write_csv(FILE *f, const struct compare *c)
{
	fputs("base_run,run,suite,test,allocator,policy,cpu_node,mem_node,size_bytes,order,batch,mode,threads,"
	      "metric,units,base_units,base_ns,new_units,new_ns,ratio,beyond,beyond_lo,beyond_hi,p,q,detectable,"
	      "base_slow_reps,base_reps,new_slow_reps,new_reps,all_ratio,all_beyond,verdict,kind,reason\n",
	      f);
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_cell *cc = &c->cells[r];
		const struct cell_key *k = cc->row->k;

		for (size_t i = 1; i < c->j.nruns; i++) {
			const struct cmp_result *res = &cc->r[i];

			fprintf(f, "%s,%s,%s,%s,%s,%s,",
				cmp_run_name(c->j.runs[0]),
				cmp_run_name(c->j.runs[i]), k->suite, k->test,
				k->allocator, k->policy);
			csv_int(f, k->cpu_node);
			csv_int(f, k->mem_node);
			fprintf(f, "%" PRIu64 ",", k->size_bytes);
			csv_int(f, k->order);
			fprintf(f, "%u,%s,%u,%s,%s,%zu,", k->batch, k->mode,
				k->threads, cmp_metric_name(c->conf.metric),
				c->conf.reps_as_units ? "reps" : "boots",
				cc->s[0].n);
			csv_num(f, cc->s[0].geo, "%.2f");
			fprintf(f, "%zu,", cc->s[i].n);
			csv_num(f, cc->s[i].geo, "%.2f");
			csv_num(f, res->t.ratio, "%.4f");
			csv_num(f, res->tested ? res->beyond : NAN, "%.4f");
			csv_num(f, res->t.lo, "%.4f");
			csv_num(f, res->t.hi, "%.4f");
			csv_num(f, res->t.p, "%.3g");
			csv_num(f, res->t.q, "%.3g");
			csv_num(f, res->detectable, "%.4f");
			fprintf(f, "%u,%u,%u,%u,", res->slow[0], res->reps[0],
				res->slow[1], res->reps[1]);
			csv_num(f, res->all_tested ? res->all_ratio : NAN, "%.4f");
			csv_num(f, res->all_tested ? res->all_beyond : NAN, "%.4f");
			fprintf(f, "%s,%s,\"", cmp_verdict_name(res->verdict),
				cmp_kind_name(res->kind));
			for (const char *s = res->reason; *s; s++) {
				if (*s == '"')
					fputc('"', f);	/* RFC 4180: doubled */
				fputc(*s, f);
			}
			fputs("\"\n", f);
		}
	}
	return ferror(f) ? -1 : 0;
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *int_or_null(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static json_t *run_json(const struct run *r, int *err)
{
	json_t *o = json_object();

	jput(o, "name", json_string(cmp_run_name(r)), err);
	jput(o, "dir", json_string(r->dir), err);
	jput(o, "host", json_string(r->meta.host), err);
	jput(o, "cpu_model", json_string(r->meta.cpu_model), err);
	jput(o, "kernel", json_string(r->meta.kernel), err);
	jput(o, "executor", json_string(r->meta.executor), err);
	jput(o, "boots", json_integer(r->meta.boots), err);
	jput(o, "reps", json_integer(r->meta.reps), err);
	jput(o, "complete", json_boolean(r->meta.complete), err);
	return o;
}

static json_t *cell_json(const struct compare *c, const struct cmp_cell *cc,
			 size_t i, int *err)
{
	const struct cell_key *k = cc->row->k;
	const struct cmp_result *res = &cc->r[i];
	json_t *o = json_object();

	jput(o, "key", json_string(cc->row->key), err);
	jput(o, "suite", json_string(k->suite), err);
	jput(o, "test", json_string(k->test), err);
	jput(o, "allocator", json_string(k->allocator), err);
	jput(o, "policy", json_string(k->policy), err);
	jput(o, "cpu_node", int_or_null(k->cpu_node), err);
	jput(o, "mem_node", int_or_null(k->mem_node), err);
	jput(o, "size_bytes", ju64(k->size_bytes), err);
	jput(o, "order", int_or_null(k->order), err);
	jput(o, "batch", json_integer(k->batch), err);
	jput(o, "mode", json_string(k->mode), err);
	jput(o, "threads", json_integer(k->threads), err);
	jput(o, "base_units", json_integer((json_int_t)cc->s[0].n), err);
	jput(o, "base_ns", num_or_null(cc->s[0].geo), err);
	jput(o, "new_units", json_integer((json_int_t)cc->s[i].n), err);
	jput(o, "new_ns", num_or_null(cc->s[i].geo), err);
	jput(o, "ratio", num_or_null(res->t.ratio), err);
	jput(o, "beyond", num_or_null(res->tested ? res->beyond : NAN), err);
	jput(o, "beyond_lo", num_or_null(res->t.lo), err);
	jput(o, "beyond_hi", num_or_null(res->t.hi), err);
	jput(o, "p", num_or_null(res->t.p), err);
	jput(o, "q", num_or_null(res->t.q), err);
	jput(o, "detectable", num_or_null(res->detectable), err);
	jput(o, "slow_reps", json_pack("[ii]", res->slow[0], res->slow[1]), err);
	jput(o, "reps", json_pack("[ii]", res->reps[0], res->reps[1]), err);
	jput(o, "all_ratio", num_or_null(res->all_tested ? res->all_ratio : NAN), err);
	jput(o, "all_beyond", num_or_null(res->all_tested ? res->all_beyond : NAN), err);
	jput(o, "verdict", json_string(cmp_verdict_name(res->verdict)), err);
	jput(o, "kind", res->kind ? json_string(cmp_kind_name(res->kind)) :
		 json_null(), err);
	jput(o, "reason", json_string(res->reason), err);
	(void)c;
	return o;
}

static json_t *common_json(const struct cmp_common *g, int *err)
{
	json_t *o = json_object();

	jput(o, "cells", json_integer((json_int_t)g->cells), err);
	jput(o, "ratio", g->tested ? json_real(g->t.ratio) : json_null(), err);
	jput(o, "ratio_lo", g->tested ? json_real(g->t.lo) : json_null(), err);
	jput(o, "ratio_hi", g->tested ? json_real(g->t.hi) : json_null(), err);
	jput(o, "p", g->tested ? json_real(g->t.p) : json_null(), err);
	jput(o, "verdict", json_string(cmp_verdict_name(g->verdict)), err);
	jput(o, "prior_df", json_real(g->prior.d0), err);
	jput(o, "within_lambda", json_real(g->within.lambda), err);
	jput(o, "within_df", json_real(g->within.dh), err);
	jput(o, "unshrunk_variances", json_integer((json_int_t)g->outliers),
	     err);
	return o;
}

static json_t *summary_json(const struct cmp_summary *s, int *err)
{
	json_t *o = json_object();

	jput(o, "cells", json_integer((json_int_t)s->cells), err);
	jput(o, "tested", json_integer((json_int_t)s->tested), err);
	jput(o, "regressions", json_integer((json_int_t)s->regressions), err);
	for (int k = KIND_MISSING; k < KIND_COUNT; k++)
		jput(o, cmp_kind_name(k),
		     json_integer((json_int_t)s->by_kind[k]), err);
	jput(o, "improvements", json_integer((json_int_t)s->improvements), err);
	jput(o, "same", json_integer((json_int_t)s->same), err);
	jput(o, "detects_x1.20", json_integer((json_int_t)s->detects_20), err);
	jput(o, "detectable_median", num_or_null(s->tested ?
						 s->detectable_median : NAN), err);
	jput(o, "na", json_integer((json_int_t)s->na), err);
	jput(o, "extra", json_integer((json_int_t)s->extra), err);
	jput(o, "unjoined", json_integer((json_int_t)s->unjoined), err);
	jput(o, "unjoined_extra", json_integer((json_int_t)s->unjoined_extra), err);
	jput(o, "other_distance", json_integer((json_int_t)s->redistanced), err);
	jput(o, "worst_time_ratio", s->worst_key ? json_real(s->worst_ratio) :
		 json_null(), err);
	jput(o, "worst_time_cell", jstr_or_null(s->worst_key), err);
	return o;
}

int compare_write_json(FILE *f, const struct compare *c)
{
	json_t *root = json_object(), *runs = json_array();
	char rule[600];
	int err = 0;

	compare_rule(rule, sizeof(rule), c);
	jput(root, "rule", json_string(rule), &err);
	jput(root, "metric", json_string(cmp_metric_name(c->conf.metric)), &err);
	jput(root, "threshold_pct", json_real(c->conf.threshold_pct), &err);
	jput(root, "units", json_string(c->conf.reps_as_units ? "reps" : "boots"), &err);
	jput(root, "fdr", json_real(c->conf.alpha), &err);
	jput(root, "accepted", c->accepted[0] ? json_string(c->accepted) :
		 json_null(), &err);
	jput(root, "base", run_json(c->j.runs[0], &err), &err);
	for (size_t i = 1; i < c->j.nruns; i++) {
		json_t *o = run_json(c->j.runs[i], &err), *cells = json_array();

		jput(o, "summary", summary_json(&c->sum[i], &err), &err);
		jput(o, "machine_differs", json_string(c->machines[i]), &err);
		jput(o, "common_level", common_json(&c->common[i], &err), &err);
		for (size_t r = 0; r < c->ncells; r++)
			jappend(cells, cell_json(c, &c->cells[r], i, &err),
				&err);
		jput(o, "cells", cells, &err);
		jappend(runs, o, &err);
	}
	jput(root, "runs", runs, &err);
	jput(root, "regression", json_boolean(compare_has_regression(c)), &err);
	if (!err && (json_dumpf(root, f, JSON_INDENT(1) | JSON_REAL_PRECISION(8)) || fputc('\n', f) == EOF))
		err = -1;
	json_decref(root);
	return err || ferror(f) ? -1 : 0;
}
