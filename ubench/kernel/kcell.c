// SPDX-License-Identifier: GPL-2.0
/* One kernel cell: see kcell.h. */
#include "kcell.h"

#include <math.h>
#include <string.h>

#include "kcounters.h"
#include "plan/stoprule.h"
#include "rundir/rundir.h"
#include "util/monotime.h"

static void fill_identity(struct result_row *row, const struct cell *cell,
			  unsigned rep)
{
	row->suite = "kernel";
	row->test = cell->kcase->name;
	row->allocator = "kernel";
	row->policy = "node";
	row->cpu_node = cell->cpu_node;
	row->mem_node = cell->mem_node;
	row->cpu = cell->cpu;
	row->size_bytes = cell->size_bytes;
	row->order = cell->order;
	row->batch = cell->batch;
	row->mode = kbench_mode_name(cell->mode);
	row->disturbed = CSV_NA;
	row->failed_samples = CSV_NA;
	row->off_path = CSV_NA;
	row->threads = 1;
	row->rep = rep;
}

/* A tail percentile in ns, or NAN (empty) when the samples cannot support it. */
static double tail_ns(const struct kbench_client *c, const struct hist *h,
		      double p)
{
	if (!hist_percentile_supported(h->n, p))
		return NAN;
	return kbench_cycles_to_ns(c, (double)hist_percentile(h, p));
}

static void fill_stats(struct kcell_result *r, const struct kbench_client *c)
{
	const struct hist *h = &r->hist;
	struct result_row *row = &r->row;

	row->min_ns = kbench_cycles_to_ns(c, (double)h->min);
	row->p50_ns = kbench_cycles_to_ns(c, (double)hist_percentile(h, 50));
	row->p90_ns = tail_ns(c, h, 90);
	row->p99_ns = tail_ns(c, h, 99);
	row->p999_ns = tail_ns(c, h, 99.9);
	row->max_ns = kbench_cycles_to_ns(c, (double)h->max);
	row->mean_ns = kbench_cycles_to_ns(c, hist_mean(h));
	row->stddev_ns = kbench_cycles_to_ns(c, hist_stddev(h));
	row->overhead_ns = kbench_cycles_to_ns(c,
					       (double)r->req.overhead_cycles);
}

/* Nothing was measured: the time columns stay empty, never 0. */
static void no_stats(struct result_row *row)
{
	row->min_ns = row->p50_ns = row->p90_ns = row->p99_ns = NAN;
	row->p999_ns = row->max_ns = row->mean_ns = row->stddev_ns = NAN;
	row->overhead_ns = NAN;
	row->ci95_pct = NAN;
}

/* The cell's request for k more samples into samples. */
static void fill_request(struct kbench_run *req, const struct cell *cell,
			 struct kbench_sample *samples, unsigned k,
			 unsigned warmup, unsigned budget_ms)
{
	memset(req, 0, sizeof(*req));
	req->case_id = cell->kcase->case_id;
	req->cpu = (__u32)cell->cpu;
	req->mem_node = cell->mem_node < 0 ? 0 : (__u32)cell->mem_node;
	req->peer_cpu = cell->peer_cpu < 0 ? 0 : (__u32)cell->peer_cpu;
	req->size_bytes = cell->kcase->param == KBENCH_PARAM_SIZE ?
		cell->size_bytes : 0;
	req->order = cell->order < 0 ? 0 : (__u32)cell->order;
	req->iterations = k;
	req->warmup = warmup;
	req->batch = cell->batch;
	req->mode = cell->mode;
	req->budget_ms = budget_ms;
	req->samples_ptr = (__u64)(uintptr_t)samples;
	req->samples_len = k;
}

/* Whether the clean samples alone are the statistics (see kcell.h). */
static int clean_only(uint64_t clean, uint64_t disturbed)
{
	return clean >= KCELL_FEW_CLEAN && clean * 2 >= clean + disturbed;
}

/*
 * Does sample s count in the statistics? Never one with a failed op, nor
 * one whose region did not take the path the case names (it timed
 * another path: disturbed or not, it is no sample of this one).
 */
static int counts(const struct kbench_sample *s, int only_clean)
{
	if (s->flags & (KBENCH_SF_FAILED | KBENCH_SF_OFF_PATH))
		return 0;
	return !s->flags || !only_clean;
}

/*
 * The statistics' samples among the first got (only: the clean ones, as
 * clean_only() decides on the counts so far): their number, mean, sd.
 */
static uint64_t stat_samples(const struct kbench_sample *s, uint64_t got,
			     int only, double *mean, double *sd)
{
	uint64_t n = 0;
	double m = 0, m2 = 0;

	for (uint64_t i = 0; i < got; i++) {
		double d;

		if (!counts(&s[i], only))
			continue;
		n++;
		d = (double)s[i].cycles - m;
		m += d / (double)n;
		m2 += d * ((double)s[i].cycles - m);
	}
	*mean = m;
	*sd = n > 1 ? sqrt(m2 / (double)(n - 1)) : 0;
	return n;
}


/* What an off-path sample missed (KBENCH_SF_OFF_PATH), for notes. */
static const char *off_path_what(const struct cell *cell)
{
	if (cell->kcase->flags & KBENCH_CF_MEMCG)
		return "nothing charged: numabench runs in the root memory cgroup";
	return cell->mode == KBENCH_MODE_BUDDY ?
	       "no block from the zone free lists in the region" :
	       "the region missed the path its mode names";
}

/* What the row's numbers rest on and what else happened, for the note. */
static void write_note(struct kcell_result *out, const struct cell *cell)
{
	const struct kbench_run *req = &out->req;
	size_t n = sizeof(out->note), k = 0;
	char *b = out->note;

	if (cell->peer_cpu >= 0)
		k += snprintf(b + k, n - k, "freed on cpu %d, allocated on cpu %d",
			      cell->cpu, cell->peer_cpu);
	else
		k += snprintf(b + k, n - k, "cpu %d", cell->cpu);
	if (!clean_only(req->clean, req->disturbed))
		k += snprintf(b + k, n - k, "; only %u of %u samples clean: the statistics include %u disturbed ones",
			      req->clean, req->samples_done, req->disturbed);
	if (req->off_path && k < n)
		k += snprintf(b + k, n - k, "; %u of %u samples off the case's path (%s), kept out",
			      req->off_path, req->samples_done,
			      off_path_what(cell));
	if ((req->out_flags & KBENCH_OF_PCP_NOT_EMPTY) && k < n)
		k += snprintf(b + k, n - k, "; per-CPU list not emptied (pcp high %d): not all regions refilled",
			      req->counters.pcp_high);
	if (out->why == STOP_BUDGET && k < n)
		k += snprintf(b + k, n - k, "; time spent after %u samples, before the precision target",
			      req->samples_done);
	if ((req->out_flags & KBENCH_OF_PREEMPT_OFF) && k < n)
		k += snprintf(b + k, n - k, "; preemption off");
	if ((req->out_flags & KBENCH_OF_IRQS_OFF) && k < n)
		snprintf(b + k, n - k, "; IRQs off");
}

/* Why no recorded sample reached the statistics. */
static void no_sample_note(struct kcell_result *out, const struct cell *cell)
{
	const struct kbench_run *req = &out->req;

	if (!req->samples_done)
		snprintf(out->note, sizeof(out->note), "no sample recorded");
	else if (!req->off_path)
		snprintf(out->note, sizeof(out->note),
			 "every one of %u samples had a failed op",
			 req->failed_samples);
	else if (!req->failed_samples)
		snprintf(out->note, sizeof(out->note),
			 "no clean sample: %s %u off the case's path (%s)",
			 req->samples_done > 1 ? "all" : "the", req->samples_done,
			 off_path_what(cell));
	else
		snprintf(out->note, sizeof(out->note),
			 "no clean sample: %u of %u samples off the case's path (%s), the other %u with a failed op",
			 req->off_path, req->samples_done,
			 off_path_what(cell), req->failed_samples);
}

/*
 * Requests until the stopping rule says enough (plan/stoprule.h): each asks
 * for the samples the rule wants next, within the time left, appending to
 * samples; req holds the merged counts.
 */
static int sample_cell(struct kbench_client *c, const struct cell *cell,
		       const struct profile *p, struct kbench_sample *samples,
		       struct kcell_result *out)
{
	struct stoprule rule = {
		.target_pct = p->precision_pct, .budget_s = p->cell_budget_s,
		.min_samples = p->min_samples, .max_samples = p->iterations,
		.enforced = 1,	/* budget_ms */
	};
	double start = mono_s(), mean = 0, sd = 0;
	uint64_t got = 0, n = 0;
	struct kbench_run chunk;
	unsigned retries = 0;

	out->why = STOP_MORE;
	while (out->why == STOP_MORE) {
		double spent = mono_s() - start;
		uint64_t k = stop_next_chunk(&rule, n, mean, sd, spent);
		double left_ms = (rule.budget_s - spent) * 1000;
		unsigned budget_ms = 0;
		int ret;

		if (k > p->iterations - got)
			k = p->iterations - got;
		if (!k)
			k = 1;	/* a retry for a sample on the path (below) */
		if (rule.budget_s > 0)
			budget_ms = left_ms < 1 ? 1 : left_ms > KBENCH_MAX_BUDGET_MS ?
				    KBENCH_MAX_BUDGET_MS : (unsigned)left_ms;
		/* a later request finds the caches and lists warm already */
		fill_request(&chunk, cell, samples + got, (unsigned)k,
			     got ? (p->warmup < 4 ? p->warmup : 4) : p->warmup,
			     budget_ms);
		ret = kbench_run(c, &chunk);
		if (ret)
			return ret;
		kcounters_merge(&out->req, &chunk, !got);
		got += chunk.samples_done;
		n = stat_samples(samples, got,
				 clean_only(out->req.clean, out->req.disturbed),
				 &mean, &sd);
		out->why = stop_check(&rule, n, mean, sd, mono_s() - start);
		if (out->why == STOP_MORE && (chunk.out_flags & KBENCH_OF_BUDGET))
			out->why = STOP_BUDGET;
		if (out->why == STOP_MORE && got >= p->iterations)
			out->why = STOP_MAX;
		/*
		 * A row needs a number: when every sample so far missed the
		 * case's path (BUDDY: a refill the emptying could not
		 * force, e.g. an untraced fallback block on a node's first
		 * use), ask for one more, twice at most, past the budget.
		 */
		if (out->why != STOP_MORE && !n && out->req.off_path &&
		    got < p->iterations && retries < 2) {
			retries++;
			out->why = STOP_MORE;
		}
	}
	return 0;
}

void kcell_start(const struct cell *cell, unsigned rep,
		 struct kcell_result *out)
{
	memset(out, 0, sizeof(*out));
	hist_init(&out->hist);
	fill_identity(&out->row, cell, rep);
	no_stats(&out->row);
	out->row.note = out->note;
}

void kcell_run(struct kbench_client *c, const struct cell *cell,
	       const struct profile *p, unsigned rep,
	       struct kbench_sample *samples, struct kcell_result *out)
{
	int ret;

	kcell_start(cell, rep, out);
	if (cell->skip[0]) {
		out->row.status = "skipped";
		snprintf(out->note, sizeof(out->note), "%s", cell->skip);
		return;
	}
	ret = sample_cell(c, cell, p, samples, out);
	if (ret) {
		out->err = -ret;
		out->row.status = "failed";
		snprintf(out->note, sizeof(out->note), "KBENCH_IOC_RUN: %s",
			 strerror(-ret));
		return;
	}
	kcell_finish(c, cell, p, samples, out);
}

void kcell_finish(const struct kbench_client *c, const struct cell *cell,
		  const struct profile *p, const struct kbench_sample *samples,
		  struct kcell_result *out)
{
	const struct kbench_run *req = &out->req;
	int only = clean_only(req->clean, req->disturbed);

	for (unsigned i = 0; i < req->samples_done; i++)
		if (counts(&samples[i], only))
			hist_add(&out->hist, samples[i].cycles);
	out->row.samples = out->hist.n;
	out->row.disturbed = only ? req->disturbed : 0;
	out->row.failed_samples = req->failed_samples;
	out->row.off_path = req->off_path;
	out->row.failures = req->failed;
	out->row.misplaced = req->misplaced;
	/* a fixed count (no precision target) that ran to its end: no stop */
	out->row.stop = p->precision_pct > 0 || out->why == STOP_BUDGET ?
			stop_name(out->why) : NULL;
	write_note(out, cell);
	if (!out->hist.n) {
		out->row.status = "failed";
		no_sample_note(out, cell);
		return;
	}
	out->row.status = "ok";
	fill_stats(out, c);
	/* ops per second of the sampling's wall time (window) */
	if (req->window_ns)
		out->row.ops_per_s = (double)req->done * 1e9 /
				     (double)req->window_ns;
	out->row.ci95_pct = stop_ci_pct(out->hist.n, hist_mean(&out->hist),
					hist_stddev(&out->hist));
}

int kcell_write_hist(FILE *f, const char *run_id,
		     const struct kcell_result *r, uint64_t tsc_khz)
{
	return rundir_write_hist(f, run_id, &r->row, "cycles", tsc_khz,
				 &r->hist);
}
