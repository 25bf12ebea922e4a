/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One option table per subcommand drives both getopt_long and --help, so
 * the help text cannot drift from the options.
 */
#ifndef UBENCH_CLI_H
#define UBENCH_CLI_H

#include <stdio.h>

#include "util/error.h"

struct cli_opt {
	const char *name;	/* long name; NULL ends the table */
	int val;		/* short option char or a code >= 256 */
	const char *arg;	/* argument name, NULL for a flag */
	const char *help;	/* one line; says the default */
};

struct cli_cmd {
	const char *usage;	/* "numabench run [OPTIONS]" */
	const char *summary;	/* one paragraph */
	const struct cli_opt *opts;
};

void cli_help(FILE *f, const struct cli_cmd *cmd);

/*
 * getopt_long over cmd->opts; on_opt(val, optarg, ctx) returns 0 or
 * EXIT_USAGE (having printed the message). --help prints help and returns
 * -1 with *exit_code = 0; errors return -1 with *exit_code = EXIT_USAGE.
 * On success returns optind.
 */
int cli_parse(int argc, char **argv, const struct cli_cmd *cmd,
	      int (*on_opt)(int val, const char *arg, void *ctx), void *ctx,
	      int *exit_code);

#endif
