// SPDX-License-Identifier: GPL-2.0
/* One kernel cell: see kcell.h. */
#include "kcell.h"

#include <math.h>
#include <string.h>

#include "rundir/rundir.h"

static void fill_identity(struct result_row *row, const struct cell *cell,
			  unsigned rep)
{
	row->suite = "kernel";
	row->test = cell->kcase->name;
	row->allocator = "kernel";
	row->policy = "node";
	row->cpu_node = cell->cpu_node;
	row->mem_node = cell->mem_node;
	row->size_bytes = cell->size_bytes;
	row->order = cell->order;
	row->batch = cell->batch;
	row->mode = kbench_mode_name(cell->mode);
	row->disturbed = CSV_NA;
	row->failed_samples = CSV_NA;
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
}

static void fill_request(struct kbench_run *req, const struct cell *cell,
			 const struct profile *p, struct kbench_sample *samples)
{
	req->case_id = cell->kcase->case_id;
	req->cpu = (__u32)cell->cpu;
	req->mem_node = cell->mem_node < 0 ? 0 : (__u32)cell->mem_node;
	req->peer_cpu = cell->peer_cpu < 0 ? 0 : (__u32)cell->peer_cpu;
	req->size_bytes = cell->kcase->param == KBENCH_PARAM_SIZE ?
		cell->size_bytes : 0;
	req->order = cell->order < 0 ? 0 : (__u32)cell->order;
	req->iterations = p->iterations;
	req->warmup = p->warmup;
	req->batch = cell->batch;
	req->mode = cell->mode;
	req->samples_ptr = (__u64)(uintptr_t)samples;
	req->samples_len = p->iterations;
}

/* Whether the clean samples alone are the statistics (see kcell.h). */
static int clean_only(const struct kbench_run *req)
{
	return req->clean >= KCELL_FEW_CLEAN &&
	       req->clean * 2 >= req->clean + req->disturbed;
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
	if (!clean_only(req))
		k += snprintf(b + k, n - k, "; only %u of %u samples clean: the statistics include %u disturbed ones",
			      req->clean, req->samples_done, req->disturbed);
	if ((req->out_flags & KBENCH_OF_PCP_NOT_EMPTY) && k < n)
		k += snprintf(b + k, n - k, "; per-CPU list not emptied (pcp high %d): not all regions refilled",
			      req->counters.pcp_high);
	if ((req->out_flags & KBENCH_OF_BUDGET) && k < n)
		k += snprintf(b + k, n - k, "; budget spent after %u of %u samples",
			      req->samples_done, req->iterations);
	if ((req->out_flags & KBENCH_OF_PREEMPT_OFF) && k < n)
		snprintf(b + k, n - k, "; preemption off");
}

void kcell_run(struct kbench_client *c, const struct cell *cell,
	       const struct profile *p, unsigned rep,
	       struct kbench_sample *samples, struct kcell_result *out)
{
	struct kbench_run *req = &out->req;
	int ret;

	memset(out, 0, sizeof(*out));
	hist_init(&out->hist);
	fill_identity(&out->row, cell, rep);
	no_stats(&out->row);
	out->row.note = out->note;
	if (cell->skip[0]) {
		out->row.status = "skipped";
		snprintf(out->note, sizeof(out->note), "%s", cell->skip);
		return;
	}
	fill_request(req, cell, p, samples);
	ret = kbench_run(c, req);
	if (ret) {
		out->row.status = "failed";
		snprintf(out->note, sizeof(out->note), "KBENCH_IOC_RUN: %s",
			 strerror(-ret));
		return;
	}
	for (unsigned i = 0; i < req->samples_done; i++) {
		uint32_t f = samples[i].flags;

		if (!f || (!(f & KBENCH_SF_FAILED) && !clean_only(req)))
			hist_add(&out->hist, samples[i].cycles);
	}
	out->row.samples = out->hist.n;
	out->row.disturbed = clean_only(req) ? req->disturbed : 0;
	out->row.failed_samples = req->failed_samples;
	out->row.failures = req->failed;
	out->row.misplaced = req->misplaced;
	write_note(out, cell);
	if (!out->hist.n) {
		out->row.status = "failed";
		snprintf(out->note, sizeof(out->note),
			 "every one of %u samples had a failed op",
			 req->failed_samples);
		return;
	}
	out->row.status = "ok";
	fill_stats(out, c);
}

int kcell_write_hist(FILE *f, const char *run_id,
		     const struct kcell_result *r, uint64_t tsc_khz)
{
	return rundir_write_hist(f, run_id, &r->row, "cycles", tsc_khz,
				 &r->hist);
}
