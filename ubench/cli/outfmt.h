/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --format text|json for the commands that describe this machine
 * (topology, timer, list): the option's row, its parsing, and printing a
 * jansson document built with rundir/jsonput.h's one error flag. JSON is
 * one line on stdout, so a guest's answer survives its console log.
 */
#ifndef UBENCH_CLI_OUTFMT_H
#define UBENCH_CLI_OUTFMT_H

#include <jansson.h>

enum out_format { OUT_TEXT = 0, OUT_JSON };

#define OUT_FORMAT_HELP "text or json, the same fields (default text)"

/* "text" or "json" into *fmt: 0, or EXIT_USAGE after the error line. */
int out_format_parse(const char *cmd, const char *arg, enum out_format *fmt);

/*
 * Print doc to stdout and release it: EXIT_OK, or EXIT_FAIL with an error
 * line when building it failed (doc NULL or build_err set) or writing did.
 */
int out_json_print(const char *cmd, json_t *doc, int build_err);

#endif
