// SPDX-License-Identifier: GPL-2.0
/*
 * A cell of the scaling sweep (plan_scaling.c): one request whose workers
 * are the cell's threads CPUs of cpu_node allocating on mem_node (the
 * group), and with mixed as many of mem_node's CPUs allocating locally
 * (the load). The row's statistics are the group's samples, per op; its
 * ops_per_s the group's ops over the common window, its fairness Jain's
 * index over the group's op counts. The counters (counters.csv) are the
 * whole run's: every worker's CPU, with "ops" all workers' ops, so a
 * count per op divides by it. Each worker records iterations / workers
 * samples (the caller's buffer holds iterations).
 */
#include "kgang.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double kgang_fairness(const uint64_t *ops, unsigned n)
{
	double sum = 0, sq = 0;

	for (unsigned i = 0; i < n; i++) {
		sum += (double)ops[i];
		sq += (double)ops[i] * (double)ops[i];
	}
	return sq > 0 ? sum * sum / ((double)n * sq) : NAN;
}

/* The group's samples to the front of samples, their counts into req. */
static void keep_group(struct kbench_run *req, struct kbench_sample *samples,
		       const struct kbench_worker *w, unsigned group,
		       unsigned per_worker, uint64_t *ops)
{
	uint32_t k = 0;

	req->clean = req->disturbed = req->failed_samples = req->off_path = 0;
	for (unsigned i = 0; i < group; i++) {
		memmove(samples + k, samples + (size_t)i * per_worker,
			w[i].samples_done * sizeof(*samples));
		k += w[i].samples_done;
		req->clean += w[i].clean;
		req->disturbed += w[i].disturbed;
		req->failed_samples += w[i].failed_samples;
		req->off_path += w[i].off_path;
		ops[i] = w[i].done;
	}
	req->samples_done = k;
}

static void gang_note(struct kcell_result *out, const struct cell *cell,
		      const struct kbench_worker *w, unsigned n)
{
	size_t len = strlen(out->note), room = sizeof(out->note);
	uint64_t load = 0;

	for (unsigned i = cell->threads; i < n; i++)
		load += w[i].done;
	len += snprintf(out->note + len, room - len,
			"; %u threads, cpus %d-%d (first %u of node %d)",
			cell->threads, cell->cpus[0],
			cell->cpus[cell->threads - 1], cell->threads,
			cell->cpu_node);
	if (cell->peer_cpus && len < room)
		len += snprintf(out->note + len, room - len,
				"; each freeing what a producer allocates, on cpus %d-%d",
				cell->peer_cpus[0],
				cell->peer_cpus[cell->threads - 1]);
	if (cell->mixed && len < room && out->req.window_ns)
		snprintf(out->note + len, room - len,
			 "; meanwhile %u threads on node %d's cpus %d-%d allocated locally, %.0f ops/s",
			 cell->threads, cell->mem_node, cell->load_cpus[0],
			 cell->load_cpus[cell->threads - 1],
			 (double)load * 1e9 / (double)out->req.window_ns);
}

static void gang_run(struct kbench_client *c, const struct cell *cell,
		     const struct profile *p, struct kbench_sample *samples,
		     struct kcell_result *out)
{
	unsigned n = cell->threads * (cell->mixed ? 2 : 1);
	unsigned per = p->iterations / n;
	struct kbench_worker *w = calloc(n, sizeof(*w));
	uint64_t *ops = calloc(cell->threads, sizeof(*ops));
	struct kbench_run *req = &out->req;
	int ret;

	if (!w || !ops || !per) {
		out->row.status = "failed";
		snprintf(out->note, sizeof(out->note), !per ?
			 "%u workers: more than the profile's %u iterations, none left per worker" :
			 "out of memory", n, p->iterations);
		goto out;
	}
	for (unsigned i = 0; i < n; i++) {
		w[i].cpu = (__u32)(i < cell->threads ? cell->cpus[i] :
				   cell->load_cpus[i - cell->threads]);
		w[i].mem_node = (__u32)cell->mem_node;
		if (cell->peer_cpus && i < cell->threads)
			w[i].peer_cpu = (__u32)cell->peer_cpus[i];
	}
	memset(req, 0, sizeof(*req));
	req->case_id = cell->kcase->case_id;
	req->nworkers = n;
	req->workers_ptr = (__u64)(uintptr_t)w;
	req->size_bytes = cell->kcase->param == KBENCH_PARAM_SIZE ?
			  cell->size_bytes : 0;
	req->order = cell->order < 0 ? 0 : (__u32)cell->order;
	req->iterations = per;
	req->warmup = p->warmup;
	req->batch = cell->batch;
	req->mode = cell->mode;
	req->budget_ms = p->cell_budget_s > 0 ?
			 (unsigned)(p->cell_budget_s * 1000 + 1) : 0;
	req->samples_ptr = (__u64)(uintptr_t)samples;
	req->samples_len = (__u64)n * per;
	ret = kbench_run(c, req);
	if (ret) {
		out->err = -ret;
		out->row.status = "failed";
		snprintf(out->note, sizeof(out->note), "KBENCH_IOC_RUN: %s",
			 strerror(-ret));
		goto out;
	}
	out->why = (req->out_flags & KBENCH_OF_BUDGET) ? STOP_BUDGET : STOP_MAX;
	keep_group(req, samples, w, cell->threads, per, ops);
	kcell_finish(c, cell, p, samples, out);
	gang_note(out, cell, w, n);
	if (req->window_ns) {
		uint64_t sum = 0;

		for (unsigned i = 0; i < cell->threads; i++)
			sum += ops[i];
		out->row.ops_per_s = (double)sum * 1e9 / (double)req->window_ns;
	}
	if (cell->threads > 1)
		out->row.fairness = kgang_fairness(ops, cell->threads);
out:
	free(ops);
	free(w);
}

void kgang_run(struct kbench_client *c, const struct cell *cell,
	       const struct profile *p, unsigned rep,
	       struct kbench_sample *samples, struct kcell_result *out)
{
	kcell_start(cell, rep, out);
	out->row.threads = cell->threads;
	snprintf(out->test, sizeof(out->test), "%s%s", cell->kcase->name,
		 cell->mixed ? "+mixed" : "");
	out->row.test = out->test;
	if (cell->skip[0]) {
		out->row.status = "skipped";
		snprintf(out->note, sizeof(out->note), "%s", cell->skip);
		return;
	}
	gang_run(c, cell, p, samples, out);
}
