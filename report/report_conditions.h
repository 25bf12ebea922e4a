/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What runs were measured under, from their meta.json, as a table a paper
 * can print: one column per run, one row per condition that moves numbers
 * (kernel and command line, init_on_alloc, THP, NUMA balancing, preemption
 * model, clocksource, SMT, CPU, topology with its SLIT, the kernel rows'
 * core clock over base clock, the profile's precision and budget,
 * executor and accelerator). A condition the run did not record says
 * "not recorded".
 *
 * Owner: report (report/report_conditions.c).
 */
#ifndef REPORT_CONDITIONS_H
#define REPORT_CONDITIONS_H

#include <stddef.h>

#include "report_doc.h"
#include "rundir/runload.h"

/*
 * Append the conditions table of runs[0..nruns) to s; its id is
 * "conditions". 0, or -1 on ENOMEM.
 */
int report_conditions(struct report_section *s, const struct run *runs,
		      size_t nruns);

#endif
