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
	struct kbench_run req;	/* request and the module's counts */
	char note[256];
};

/*
 * Run cell (or record why it is skipped) as repetition rep, with the
 * profile's iterations and warm-up; samples must hold p->iterations.
 */
void kcell_run(struct kbench_client *c, const struct cell *cell,
	       const struct profile *p, unsigned rep, uint64_t *samples,
	       struct kcell_result *out);

/* {"test":...,"rep":...,"unit":"cycles",...,"hist":{...}} + newline. */
int kcell_write_hist(FILE *f, const char *run_id,
		     const struct kcell_result *r, uint64_t tsc_khz);

#endif
