/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP-style checks for the run checkers: "ok - ..." / "not ok - ...",
 * counted in tap_failures for the final PASS/FAIL line.
 */
#ifndef TESTS_VM_TAP_H
#define TESTS_VM_TAP_H

#include <stdarg.h>
#include <stdio.h>

#include "rundir/csvread.h"
#include "host/topology.h"

static int tap_failures;

static void check(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	if (!ok)
		tap_failures++;
	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* results.csv of run dir and this machine's topology; 0, or -1 (printed). */
static int load_run(const char *prog, const char *dir, struct csv_table *csv,
		    struct topology *t)
{
	char path[4096], err[512];

	snprintf(path, sizeof(path), "%s/results.csv", dir);
	if (csv_read(path, csv, err, sizeof(err)) ||
	    topology_discover(t, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return -1;
	}
	return 0;
}

/* The closing line and exit code. */
static int tap_done(void)
{
	printf("%s: %d failed checks\n", tap_failures ? "FAIL" : "PASS",
	       tap_failures);
	return tap_failures ? 1 : 0;
}

#endif
