// SPDX-License-Identifier: GPL-2.0
/* The per-cell comparison and its summary: see compare.h. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cmp_metric_name(enum cmp_metric m)
{
	return m == METRIC_P50 ? "p50" : "mean";
}

static const double *sample_of(const struct run_cell *rc, enum cmp_metric m)
{
	return m == METRIC_P50 ? rc->p50_ns : rc->mean_ns;
}

static void tally(struct cmp_summary *s, const struct cmp_cell *cc,
		  const struct stat_diff *d)
{
	if (cc->skipped) {
		s->na++;
		return;
	}
	switch (d->verdict) {
	case STAT_REGRESSION:
		s->regressions++;
		if (!s->worst_key || d->delta_pct > s->worst_pct) {
			s->worst_pct = d->delta_pct;
			s->worst_key = cc->row->key;
			s->worst_k = cc->row->k;
		}
		break;
	case STAT_IMPROVEMENT:
		s->improvements++;
		break;
	case STAT_SAME:
		s->same++;
		break;
	default:
		s->na++;
		return;
	}
	s->compared++;
}

static int build_cell(struct compare *c, struct cmp_cell *cc,
		      const struct join_row *row)
{
	size_t n = c->j.nruns;

	cc->row = row;
	cc->s = calloc(n, sizeof(*cc->s));
	cc->d = calloc(n, sizeof(*cc->d));
	if (!cc->s || !cc->d)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct run_cell *rc = row->cell[i];

		stat_summarize(sample_of(rc, c->metric), rc->nreps, STATS_CONF,
			       &cc->s[i]);
		if (!rc->nreps)
			cc->skipped = 1;
	}
	for (size_t i = 1; i < n; i++) {
		stat_compare(&cc->s[0], &cc->s[i], STATS_CONF, c->threshold_pct,
			     &cc->d[i]);
		tally(&c->sum[i], cc, &cc->d[i]);
	}
	return 0;
}

int compare_build(struct compare *c, const struct run *const *runs,
		  size_t nruns, double threshold_pct, enum cmp_metric metric,
		  char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->threshold_pct = threshold_pct;
	c->metric = metric;
	if (join_runs(&c->j, runs, nruns, err, errlen))
		return -1;
	c->cells = calloc(c->j.ncommon, sizeof(*c->cells));
	c->sum = calloc(nruns, sizeof(*c->sum));
	if (!c->cells || !c->sum)
		goto oom;
	for (size_t r = 0; r < c->j.nrows; r++) {
		if (!c->j.rows[r].common)
			continue;
		if (build_cell(c, &c->cells[c->ncells++], &c->j.rows[r]))
			goto oom;
	}
	for (size_t i = 1; i < nruns; i++) {
		c->sum[i].missing = c->j.missing[i];
		c->sum[i].extra = c->j.extra[i];
	}
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
		free(c->cells[i].d);
	}
	free(c->cells);
	free(c->sum);
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

static char verdict_mark(const struct cmp_cell *cc, size_t i)
{
	if (cc->skipped)
		return '-';
	switch (cc->d[i].verdict) {
	case STAT_REGRESSION: return '!';
	case STAT_IMPROVEMENT: return '+';
	case STAT_NA: return '?';
	default: return ' ';
	}
}

static const char *run_label(const struct run *r)
{
	return r->meta.kernel[0] ? r->meta.kernel : r->dir;
}

static void write_head(FILE *f, const struct compare *c)
{
	const struct run *base = c->j.runs[0];

	fprintf(f, "compare: %s_ns, mean of the repetitions with a 95%% CI (Welch t); significant when the CIs do not overlap and |delta| >= %.1f%%\n",
		cmp_metric_name(c->metric), c->threshold_pct);
	for (size_t i = 0; i < c->j.nruns; i++) {
		const struct run *r = c->j.runs[i];

		fprintf(f, "%s: %s (%s, %s, %u reps, profile %s%s%s%s)\n",
			i ? "new " : "base", r->dir, run_label(r),
			r->meta.executor[0] ? r->meta.executor : "?",
			r->meta.reps, r->meta.profile[0] ? r->meta.profile : "?",
			r->meta.module_params[0] ? ", module params '" : "",
			r->meta.module_params,
			r->meta.module_params[0] ? "'" : "");
	}
	if (base->meta.timing_note[0])
		fprintf(f, "note: %s\n", base->meta.timing_note);
	fputs("marks: ! significant regression, + significant improvement, ? too few reps, - skipped\n\n",
	      f);
}

int compare_write_text(FILE *f, const struct compare *c)
{
	write_head(f, c);
	fprintf(f, "%-58s %16s", "cell", "base ns");
	for (size_t i = 1; i < c->j.nruns; i++)
		fprintf(f, " %16s %8s %19s  ", "new ns", "delta", "95% CI of delta");
	fputc('\n', f);
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_cell *cc = &c->cells[r];
		char base[32];

		snprintf(base, sizeof(base), "%.0f +-%.0f", cc->s[0].mean,
			 isfinite(cc->s[0].half) ? cc->s[0].half : 0.0);
		fprintf(f, "%-58s %16s", cc->row->key, cc->skipped ? "skipped" :
			base);
		for (size_t i = 1; i < c->j.nruns; i++) {
			const struct stat_diff *d = &cc->d[i];
			char nw[32], ci[40];

			if (cc->skipped) {
				fprintf(f, " %16s %8s %19s -", "skipped", "", "");
				continue;
			}
			snprintf(nw, sizeof(nw), "%.0f +-%.0f", cc->s[i].mean,
				 isfinite(cc->s[i].half) ? cc->s[i].half : 0.0);
			if (isnan(d->lo_pct))
				snprintf(ci, sizeof(ci), "n/a");
			else
				snprintf(ci, sizeof(ci), "[%+.1f, %+.1f]%%",
					 d->lo_pct, d->hi_pct);
			fprintf(f, " %16s %+7.1f%% %19s %c", nw,
				isnan(d->delta_pct) ? 0.0 : d->delta_pct, ci,
				verdict_mark(cc, i));
		}
		fputc('\n', f);
	}
	fputc('\n', f);
	return compare_write_summary(f, c);
}

/* The first few cells run i lacks (or adds) against the base, by key. */
static void write_unmatched(FILE *f, const struct compare *c, size_t i,
			    int extra)
{
	const char *keys[5];
	size_t n = join_list(&c->j, i, extra, keys, 5);

	if (!n)
		return;
	fprintf(f, "  %s: %zu cell%s %s, e.g.", run_label(c->j.runs[i]), n,
		n == 1 ? "" : "s", extra ? "not in the base run" :
		"of the base run missing");
	for (size_t k = 0; k < n && k < 5; k++)
		fprintf(f, " %s", keys[k]);
	fputs(n > 5 ? " ...\n" : "\n", f);
}

int compare_write_summary(FILE *f, const struct compare *c)
{
	const struct run *base = c->j.runs[0];

	fprintf(f, "summary against %s (%s), threshold %.1f%%, metric %s:\n",
		run_label(base), base->dir, c->threshold_pct,
		cmp_metric_name(c->metric));
	fprintf(f, "  %-28s %8s %11s %12s %6s %6s %7s %6s\n", "run", "compared",
		"regressions", "improvements", "same", "n/a", "missing",
		"extra");
	for (size_t i = 1; i < c->j.nruns; i++) {
		const struct cmp_summary *s = &c->sum[i];

		fprintf(f, "  %-28.28s %8zu %11zu %12zu %6zu %6zu %7zu %6zu\n",
			run_label(c->j.runs[i]), s->compared, s->regressions,
			s->improvements, s->same, s->na, s->missing, s->extra);
	}
	for (size_t i = 1; i < c->j.nruns; i++)
		for (int extra = 0; extra < 2; extra++)
			write_unmatched(f, c, i, extra);
	for (size_t i = 1; i < c->j.nruns; i++) {
		const struct cmp_summary *s = &c->sum[i];

		if (s->regressions)
			fprintf(f, "  %s: worst regression %+.1f%% in %s\n",
				run_label(c->j.runs[i]), s->worst_pct,
				s->worst_key);
	}
	fprintf(f, "verdict: %s\n", compare_has_regression(c) ?
		"REGRESSION (significant slowdown beyond the threshold)" :
		"no significant regression");
	return ferror(f) ? -1 : 0;
}

/* A number, or an empty field where there is none (n < 2: no interval). */
static void csv_num(FILE *f, double v, int prec)
{
	if (isfinite(v))
		fprintf(f, "%.*f,", prec, v);
	else
		fputc(',', f);
}

int compare_write_csv(FILE *f, const struct compare *c)
{
	fputs("run,suite,test,allocator,policy,cpu_node,mem_node,size_bytes,order,batch,threads,"
	      "base_n,base_mean_ns,base_ci_ns,new_n,new_mean_ns,new_ci_ns,delta_pct,delta_lo_pct,delta_hi_pct,verdict\n",
	      f);
	for (size_t r = 0; r < c->ncells; r++) {
		const struct cmp_cell *cc = &c->cells[r];
		const struct cell_key *k = cc->row->k;

		for (size_t i = 1; i < c->j.nruns; i++) {
			const struct stat_diff *d = &cc->d[i];

			fprintf(f, "%zu,%s,%s,%s,%s,%d,%d,%llu,%d,%u,%u,%zu,",
				i, k->suite, k->test, k->allocator, k->policy,
				k->cpu_node, k->mem_node,
				(unsigned long long)k->size_bytes, k->order,
				k->batch, k->threads, cc->s[0].n);
			csv_num(f, cc->s[0].n ? cc->s[0].mean : NAN, 1);
			csv_num(f, cc->s[0].half, 1);
			fprintf(f, "%zu,", cc->s[i].n);
			csv_num(f, cc->s[i].n ? cc->s[i].mean : NAN, 1);
			csv_num(f, cc->s[i].half, 1);
			csv_num(f, d->delta_pct, 2);
			csv_num(f, d->lo_pct, 2);
			csv_num(f, d->hi_pct, 2);
			fprintf(f, "%s\n", cc->skipped ? "skipped" :
				stat_verdict_name(d->verdict));
		}
	}
	return ferror(f) ? -1 : 0;
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
