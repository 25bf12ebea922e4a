/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs of several hosts in one report: host as a dimension. A host is
 * meta.json's host (a fleet fetches a run into RESULTS/<inventory host>/
 * <run dir>: the parent's name labels a run without a host, and is never
 * used to merge). Each run keeps its own sections (report_build.c); with
 * more than one host the report adds a section "Hosts side by side":
 *  - the conditions table with one column per host's run, rows where they
 *    differ marked (report_conditions_hosts);
 *  - per path at its middle size or order, a table with one row per run
 *    (its host): the local p50 with its 95 % interval and the remote/local
 *    ratio per SLIT distance (the union of the hosts' distances), as each
 *    run's summary computes them; a path or size a host lacks says
 *    "absent on <host>", a distance its topology lacks says why;
 *  - per path two bar charts: the local p50 per host with its interval,
 *    and the remote/local ratio per distance, one bar per host.
 * Nothing is merged: one row per run, and every caption names the
 * conditions in which the runs differ.
 *
 * Owner: report (report/report_hosts.c).
 */
#ifndef REPORT_HOSTS_H
#define REPORT_HOSTS_H

#include <stddef.h>

#include "report_doc.h"
#include "rundir/runload.h"

/* The distinct hosts of runs (meta.json host; a run without one is a
 * host of its own). */
size_t report_host_count(const struct run *runs, size_t nruns);

/* Append the section "Hosts side by side". 0, or -1 on ENOMEM. */
int report_hosts(struct report *rep, const struct run *runs, size_t nruns);

#endif
