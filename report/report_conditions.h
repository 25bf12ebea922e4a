/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What runs were measured under, from their meta.json, as a table a paper
 * can print: one column per run, one row per condition that moves numbers
 * (kernel and command line, init_on_alloc, THP, NUMA balancing, preemption
 * model, clocksource, SMT, host, CPU, topology with its SLIT, the kernel rows'
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

/*
 * The same table across hosts (id "hosts-conditions"): one column per
 * run labelled by its host (report_host_label), and a row label ending
 * in " *" where the runs' values differ.
 */
int report_conditions_hosts(struct report_section *s, const struct run *runs,
			    size_t nruns);

/*
 * The conditions (row labels, the run id left out) in which runs differ,
 * as "kernel, host, CPU, topology" into buf; returns how many.
 */
size_t report_conditions_differ(char *buf, size_t len, const struct run *runs,
				size_t nruns);

/*
 * Run i's host in the cross-host tables: its host label
 * (runset_host_label), with its run id when another run given has the
 * same host.
 */
void report_host_label(char *buf, size_t len, const struct run *runs,
		       size_t nruns, size_t i);

#endif
