// SPDX-License-Identifier: GPL-2.0
/* numabench: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "kbench.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "run", cmd_run, "run a profile, natively or in a NUMA guest, into results/<run-id>/" },
	{ "list", cmd_list, "list the kernel cases and what each measures" },
	{ "topology", cmd_topology, "show nodes, their CPUs and memory, and distances" },
	{ "guest", cmd_guest, "run a command in a QEMU guest with an emulated NUMA topology" },
	{ "report", cmd_report, "tables (Markdown, LaTeX, HTML) and plots from run directories" },
	{ "compare", cmd_compare, "compare runs cell by cell: delta %, 95% CI, significant regressions (exit 1)" },
	{ "regress", cmd_regress, "run the same plan on several guest kernels and compare them with the first" },
	{ "timer", cmd_timer, "the userspace timer and its cost here (TSC vs clock_gettime)" },
};

/* "run, list, ...": the table's names, so the error never drifts from it. */
static const char *command_names(void)
{
	static char names[256];
	size_t len = 0;

	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands) &&
			   len < sizeof(names); i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
					i ? ", " : "", commands[i].name);
	return names;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: numabench COMMAND [OPTIONS]\n\n"
		"Characterises Linux memory allocators on NUMA machines.\n\n"
		"commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'numabench help COMMAND' (or 'numabench COMMAND --help') for a "
		"command's options; --version for the version.\n"
		"exit codes: 0 ok, 1 failed, 2 bad usage or input, 3 missing resource, "
		"130 interrupted by Ctrl-C (SIGINT), 143 stopped by SIGTERM\n");
}

/* `numabench help CMD`: CMD's --help. */
static int help_command(int argc, char **argv)
{
	char *args[] = { argv[0], "--help", NULL };

	if (argc > 1)
		return nb_error(EXIT_USAGE, "help: unexpected argument '%s'; usage: numabench help COMMAND",
				argv[1]);
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].fn(2, args);
	return nb_error(EXIT_USAGE, "help: unknown command '%s'; expected one of %s",
			argv[0], command_names());
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") && argc > 2)
		return help_command(argc - 2, argv + 2);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("numabench %s (kbench API %d)\n", NUMABENCH_VERSION,
		       KBENCH_API_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	return nb_error(EXIT_USAGE, "unknown command '%s'; expected one of %s (see --help)",
			argv[1], command_names());
}
