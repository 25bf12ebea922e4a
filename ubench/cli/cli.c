// SPDX-License-Identifier: GPL-2.0
/* Option tables for getopt_long and --help: see cli.h. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

#define CLI_MAX_OPTS 32
#define CLI_HELP 'h'

static const struct cli_opt help_opt = {
	"help", CLI_HELP, NULL, "show this help and exit"
};

void cli_help(FILE *f, const struct cli_cmd *cmd)
{
	fprintf(f, "usage: %s\n\n%s\n\noptions:\n", cmd->usage, cmd->summary);
	for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
		char left[64];

		snprintf(left, sizeof(left), "--%s%s%s", o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-26s %s\n", left, o->help);
	}
	fprintf(f, "  --%-24s %s\n", help_opt.name, help_opt.help);
}

/* "run" from "numabench run [OPTIONS]". */
static void cmd_name(const struct cli_cmd *cmd, char *buf, size_t len)
{
	const char *s = strchr(cmd->usage, ' ');

	s = s ? s + 1 : cmd->usage;
	snprintf(buf, len, "%.*s", (int)strcspn(s, " "), s);
}

/*
 * Which usage error: "unknown option '--frob'" or "option '--reps' needs
 * a value". word is the argv item getopt stopped at (--frob=1 is named
 * --frob; a short option's letter comes in the same word).
 */
static void cli_bad_option(const struct cli_cmd *cmd, int missing,
			   const char *word)
{
	char name[32];

	cmd_name(cmd, name, sizeof(name));
	if (missing)
		nb_error(EXIT_USAGE, "%s: option '%s' needs a value; see numabench help %s",
			 name, word, name);
	else
		nb_error(EXIT_USAGE, "%s: unknown option '%.*s'; see numabench help %s",
			 name, (int)strcspn(word, "="), word, name);
}

int cli_parse(int argc, char **argv, const struct cli_cmd *cmd,
	      int (*on_opt)(int val, const char *arg, void *ctx), void *ctx,
	      int *exit_code)
{
	struct option longs[CLI_MAX_OPTS + 2];
	int n = 0, c;

	for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
		if (n == CLI_MAX_OPTS)
			break;
		longs[n++] = (struct option){ o->name,
			o->arg ? required_argument : no_argument, NULL, o->val };
	}
	longs[n++] = (struct option){ help_opt.name, no_argument, NULL, CLI_HELP };
	longs[n] = (struct option){ 0 };

	optind = 1;
	opterr = 0;
	/* ':' first: a missing value is ':', an unknown option '?' */
	while ((c = getopt_long(argc, argv, "+:h", longs, NULL)) != -1) {
		if (c == CLI_HELP) {
			cli_help(stdout, cmd);
			*exit_code = EXIT_OK;
			return -1;
		}
		if (c == '?' || c == ':') {
			cli_bad_option(cmd, c == ':', argv[optind - 1]);
			*exit_code = EXIT_USAGE;
			return -1;
		}
		if (on_opt(c, optarg, ctx)) {
			*exit_code = EXIT_USAGE;
			return -1;
		}
	}
	return optind;
}
