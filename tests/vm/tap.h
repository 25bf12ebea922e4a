/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP-style checks for the run checkers: "ok - ..." / "not ok - ...",
 * counted in tap_failures for the final PASS/FAIL line.
 */
#ifndef TESTS_VM_TAP_H
#define TESTS_VM_TAP_H

#include <stdarg.h>
#include <stdio.h>

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

/* The closing line and exit code. */
static int tap_done(void)
{
	printf("%s: %d failed checks\n", tap_failures ? "FAIL" : "PASS",
	       tap_failures);
	return tap_failures ? 1 : 0;
}

#endif
