/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit codes (DESIGN.md "Conventions") and the one way an error reaches the
 * user: a line "numabench: <msg>" on stderr; set_err() words a message for
 * a caller to print. Used by the CLI, the executors
 * and report/, so it lives here rather than in the CLI.
 */
#ifndef UBENCH_UTIL_ERROR_H
#define UBENCH_UTIL_ERROR_H

#include <stddef.h>

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* run failed, or compare found a regression */
	EXIT_USAGE = 2,		/* bad usage or input */
	EXIT_MISSING = 3,	/* missing resource: module support, headers, qemu */
	EXIT_SIGINT = 130,	/* stopped by Ctrl-C: 128 + SIGINT, as a shell says */
	EXIT_SIGTERM = 143,	/* stopped by SIGTERM: 128 + SIGTERM */
};

/* "numabench: <msg>" to stderr, then returns code. */
int nb_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A message into err[errlen] (nothing when err is NULL or errlen 0). */
void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
