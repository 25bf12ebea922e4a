// SPDX-License-Identifier: GPL-2.0
/*
 * numabench compare BASE NEW...: each new run's cells against the base run
 * or set of boots (report/compare.h); exit 1 when a regression of any kind
 * is found, so regression runs can gate on it.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "report/compare.h"
#include "report/compare_out.h"

enum {
	OPT_THRESHOLD = 256, OPT_FORMAT, OPT_OUT, OPT_METRIC, OPT_QUIET,
	OPT_ALLOW_MISMATCH, OPT_ALLOW_INCOMPLETE, OPT_REPS_AS_UNITS,
};

static const struct cli_opt opts[] = {
	{ "threshold", OPT_THRESHOLD, "PCT", "smallest slowdown that counts as a regression, 0..1000 % (default 5)" },
	{ "metric", OPT_METRIC, "mean|p50", "each unit's statistic compared (default mean)" },
	{ "format", OPT_FORMAT, "LIST", "files written into --out: " COMPARE_FORMATS " (default: all)" },
	{ "out", OPT_OUT, "DIR", "write compare.<format> files there (default: text to stdout only)" },
	{ "quiet", OPT_QUIET, NULL, "print only the summary" },
	{ "allow-mismatch", OPT_ALLOW_MISMATCH, NULL, "compare runs measured under other conditions (profile, executor, accelerator, timer, init_on_alloc, THP, module params; not needed for other hosts, CPUs, topologies or kernels); every output says so" },
	{ "allow-incomplete", OPT_ALLOW_INCOMPLETE, NULL, "compare interrupted runs (complete=false); every output says so" },
	{ "reps-as-units", OPT_REPS_AS_UNITS, NULL, "compare single runs, their repetitions as units (they saw one boot each: describes, does not gate); every output says so" },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench compare BASE NEW... [OPTIONS]",
	"Join the cells of sets of boots by key and judge each NEW against BASE.\n"
	"A set is a directory of run directories, one per boot (regress's\n"
	"DIR/<kernel>/); its boots are the units, each a robust mean of its\n"
	"repetitions. Single runs are refused unless --reps-as-units.\n"
	"The level common to all cells is tested on its own (global: every cell\n"
	"slower alike). Per cell: the moderated t on ln(each unit's mean_ns)\n"
	"less the unit's common level, q after Benjamini-Hochberg over the cells;\n"
	"a regression when q < 0.05 and the ratio (and the ratio beyond the\n"
	"common level) is at least 1 + threshold; slow repetitions that grew\n"
	"(outliers), failed ops or misplaced pages beyond twice the base's worst\n"
	"rate, and a cell missing or without a value in a NEW unit are\n"
	"regressions too. Incomplete runs and runs under other conditions are\n"
	"refused unless allowed. Runs of other hosts are compared: host, CPU\n"
	"model, topology and kernel differences are listed, not refused, and\n"
	"cells on a node one topology lacks are reported as not joined.\n"
	"exit: 0 no regression, 1 a regression, 2 bad input, refused, or\n"
	"nothing testable.",
	opts,
};

static int on_opt(int val, const char *arg, void *ctx)
{
	struct compare_opts *o = ctx;
	char err[256];

	switch (val) {
	case OPT_THRESHOLD:
		if (compare_parse_threshold(arg, &o->conf.threshold_pct, err, sizeof(err)))
			return nb_error(EXIT_USAGE, "%s", err);
		break;
	case OPT_METRIC:
		if (compare_parse_metric(arg, &o->conf.metric, err, sizeof(err)))
			return nb_error(EXIT_USAGE, "%s", err);
		break;
	case OPT_FORMAT:
		if (compare_parse_formats(arg, &o->formats, err, sizeof(err)))
			return nb_error(EXIT_USAGE, "%s", err);
		break;
	case OPT_OUT: o->out = arg; break;
	case OPT_QUIET: o->quiet = 1; break;
	case OPT_ALLOW_MISMATCH: o->conf.allow_mismatch = 1; break;
	case OPT_ALLOW_INCOMPLETE: o->conf.allow_incomplete = 1; break;
	case OPT_REPS_AS_UNITS: o->conf.reps_as_units = 1; break;
	}
	return 0;
}

/* Does --name (without "=value") take the next argument as its value? */
static int takes_value(const char *a)
{
	for (const struct cli_opt *op = opts; op->name; op++)
		if (op->arg && !strcmp(a + 2, op->name))
			return 1;
	return 0;
}

/*
 * Options may follow the run directories (compare A B --out D): move the
 * options first, so that cli_parse's getopt stops at the directories.
 */
static int order_args(int argc, char **argv, char **out)
{
	int n = 1, npos = 0;
	char **pos = out + argc + 1;	/* scratch after the result */

	out[0] = argv[0];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (++i < argc)
				pos[npos++] = argv[i];
			break;
		}
		if (argv[i][0] != '-' || !argv[i][1]) {
			pos[npos++] = argv[i];
			continue;
		}
		out[n++] = argv[i];
		if (!strncmp(argv[i], "--", 2) && takes_value(argv[i]) &&
		    i + 1 < argc)
			out[n++] = argv[++i];
	}
	out[n++] = "--";
	for (int i = 0; i < npos; i++)
		out[n++] = pos[i];
	out[n] = NULL;
	return n;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_opts o = {
		.conf = { .threshold_pct = STATS_THRESHOLD, .alpha = STATS_ALPHA },
	};
	char **args = calloc(2 * (size_t)argc + 4, sizeof(char *));
	int code, ind, nargs;

	if (!args)
		return nb_error(EXIT_FAIL, "out of memory");
	nargs = order_args(argc, argv, args);
	ind = cli_parse(nargs, args, &cmd, on_opt, &o, &code);
	if (ind < 0)
		;	/* --help or a bad option: code is set */
	else if (nargs - ind < 2)
		code = nb_error(EXIT_USAGE, "compare: needs BASE and at least one NEW run directory; see --help");
	else if (o.formats && !o.out)
		code = nb_error(EXIT_USAGE, "--format: needs --out DIR to write the files into");
	else
		code = compare_dirs((const char *const *)args + ind,
				    (size_t)(nargs - ind), &o);
	free(args);
	return code;
}
