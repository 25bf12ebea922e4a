/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Execute one kernel cell (one KBENCH_IOC_RUN) and turn its samples into a
 * results.csv row and a histogram. Samples and histogram are in cycles;
 * the row is in ns (the module's tsc_khz).
 */
#ifndef UBENCH_KCELL_H
#define UBENCH_KCELL_H

#include "rundir/csv.h"
#include "rundir/hist.h"
#include "modclient.h"
#include "plan/plan.h"

struct kcell_result {
	struct result_row row;	/* run_id/host/kernel left to the caller */
	struct hist hist;	/* per-op cycles */
	struct kbench_run req;	/* the module's counts, merged over requests */
	int why;		/* enum stop_why: why sampling ended */
	int err;		/* errno of the request that failed the cell, or 0 */
	char note[256];
	char test[64];		/* a sweep cell's test name (+mixed) */
};

/*
 * Run cell (or record why it is skipped) as repetition rep: requests of
 * the profile's warm-up and the samples its stopping rule wants (precision,
 * cell budget, min_samples, at most iterations); samples must hold
 * p->iterations.
 * Samples with a failed op never reach the statistics (failed_samples),
 * nor samples whose region did not take the case's path (off_path,
 * KBENCH_SF_OFF_PATH: buddy mode without a zone refill), disturbed or not;
 * a row none of whose samples is left fails, its note says why.
 * Clean samples (no interrupt, no switch) are the statistics when they are
 * at least KCELL_FEW_CLEAN and half of the others (disturbed = those kept
 * out); below that, keeping only them would keep the fast ones (a long
 * region is more likely to meet a tick), so the statistics take the
 * disturbed ones too (disturbed = 0) and the note says so.
 */
void kcell_run(struct kbench_client *c, const struct cell *cell,
	       const struct profile *p, unsigned rep,
	       struct kbench_sample *samples, struct kcell_result *out);

#define KCELL_FEW_CLEAN 10

/*
 * kcell_run's two halves around its requests, for tests that fake them:
 * start sets out to the cell's identity with no statistics; finish turns
 * out->req (the merged counts), out->why and the req.samples_done
 * samples into the row and histogram.
 */
void kcell_start(const struct cell *cell, unsigned rep,
		 struct kcell_result *out);
void kcell_finish(const struct kbench_client *c, const struct cell *cell,
		  const struct profile *p, const struct kbench_sample *samples,
		  struct kcell_result *out);

/* {"test":...,"rep":...,"unit":"cycles",...,"hist":{...}} + newline. */
int kcell_write_hist(FILE *f, const char *run_id,
		     const struct kcell_result *r, uint64_t tsc_khz);

#endif
