// SPDX-License-Identifier: GPL-2.0
/*
 * numabench report RUN...: tables (Markdown, LaTeX booktabs, HTML, text)
 * and gnuplot plots (SVG, PDF) from one or more run directories. The
 * report's content is laid out in report/report_build.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "util/fileutil.h"
#include "report/gnuplot.h"
#include "report/report_build.h"
#include "report/report_write.h"
#include "rundir/runload.h"
#include "report/table.h"

#define REPORT_MAX_RUNS 16

enum { OPT_OUT = 256, OPT_FORMAT };

static const struct cli_opt opts[] = {
	{ "out", OPT_OUT, "DIR", "where to write the report (default: FIRST-RUN/report)" },
	{ "format", OPT_FORMAT, "LIST", "comma-separated subset of md,tex,html,text (default md,tex,html)" },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench report RUN... [--out DIR] [--format md,tex,html]",
	"Turn run directories (results.csv, meta.json, hist.jsonl) into a report:\n"
	"a main part per run - the summary (local p50 and remote/local ratio per\n"
	"SLIT distance, 95 % intervals over repetitions), the quality of its cells\n"
	"(skipped, failed, misplaced, budget-stopped, few clean samples), the\n"
	"conditions from meta.json, per-size curves and kernel-against-userspace\n"
	"allocator charts - then an appendix: node x node matrices with\n"
	"remote/local heatmaps on one log colour scale, per-size tables, per-op\n"
	"cost against batch size, latency CDFs from hist.jsonl. Writes\n"
	"report.md, report.html (plots/*.svg beside it), report.tex, and\n"
	"tables/*.tex and figures/*.tex to \\input in a paper, plots through\n"
	"gnuplot. Several runs get one section each, then their conditions and\n"
	"a side-by-side table with one column per run. Runs of several hosts\n"
	"(meta.json host differs, e.g. a fleet's RESULTS/<host>/<run>) add\n"
	"\"Hosts side by side\": the conditions per host, differing rows marked,\n"
	"and per path one row per host (local p50, remote/local ratio per SLIT\n"
	"distance, \"absent on <host>\") with bar charts; nothing is merged.",
	opts,
};

struct report_opts {
	const char *out;
	unsigned formats;
};

static int on_opt(int val, const char *arg, void *ctx)
{
	struct report_opts *o = ctx;
	char err[200];

	if (val == OPT_OUT) {
		if (!*arg)
			return nb_error(EXIT_USAGE, "report: --out: empty directory name");
		o->out = arg;
		return 0;
	}
	if (table_parse_formats(arg, &o->formats, err, sizeof(err)))
		return nb_error(EXIT_USAGE, "report: %s", err);
	return 0;
}

/* Every plot of the report, rendered by one gnuplot into DIR/plots. */
static int render_plots(const struct report *rep, const char *dir)
{
	const struct plot **plots = NULL;
	char gnuplot[PATH_MAX], pdir[PATH_MAX + 16], err[600];
	size_t n = 0;
	int ret;

	if (plot_find_gnuplot(gnuplot, sizeof(gnuplot)))
		return nb_error(EXIT_MISSING, "report: gnuplot not found on PATH; install gnuplot-nox (or use --format text)");
	snprintf(pdir, sizeof(pdir), "%s/plots", dir);
	if (mkdir_p(pdir))
		return nb_error(EXIT_FAIL, "report: cannot create %s: %s",
				pdir, strerror(errno));
	for (size_t i = 0; i < rep->nsections; i++)
		for (size_t j = 0; j < rep->sections[i].nitems; j++) {
			const struct report_item *it = &rep->sections[i].items[j];
			const struct plot **np;

			if (it->kind != ITEM_PLOT)
				continue;
			np = realloc(plots, (n + 1) * sizeof(*plots));
			if (!np) {
				free(plots);
				return nb_error(EXIT_FAIL, "report: out of memory");
			}
			plots = np;
			plots[n++] = &it->plot;
		}
	ret = n ? plot_render_all(gnuplot, plots, n, pdir, err, sizeof(err)) : 0;
	free(plots);
	if (ret)
		return nb_error(EXIT_FAIL, "report: %s", err);
	return 0;
}

static int write_all(const struct report *rep, const char *dir,
		     unsigned formats)
{
	static const struct {
		enum table_format fmt;
		const char *file;
		int (*write)(const struct report *, const char *, char *, size_t);
	} writers[] = {
		{ FMT_MD, "report.md", report_write_md },
		{ FMT_TEX, "report.tex", report_write_tex },
		{ FMT_HTML, "report.html", report_write_html },
		{ FMT_TEXT, "report.txt", report_write_text },
	};
	char err[600];
	int ret;

	if (mkdir_p(dir))
		return nb_error(EXIT_FAIL, "report: cannot create %s: %s", dir,
				strerror(errno));
	if (formats & ~(1u << FMT_TEXT)) {
		ret = render_plots(rep, dir);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < sizeof(writers) / sizeof(*writers); i++) {
		if (!(formats & 1u << writers[i].fmt))
			continue;
		if (writers[i].write(rep, dir, err, sizeof(err)))
			return nb_error(EXIT_FAIL, "report: %s", err);
		printf("report: wrote %s/%s\n", dir, writers[i].file);
	}
	if (formats & 1u << FMT_TEX)
		printf("report: tables and figures to \\input in %s/tables/ and %s/figures/\n",
		       dir, dir);
	if (formats & ~(1u << FMT_TEXT))
		printf("report: plots (SVG, PDF, gnuplot script) in %s/plots/\n",
		       dir);
	return EXIT_OK;
}

/*
 * The usage puts options after the runs, and cli_parse stops at the first
 * operand: move the options (with the value of --out or --format) in front.
 */
static int options_first(int argc, char **argv, char **sorted)
{
	int n = 1, nops = 0, i;
	char **ops = sorted + argc;	/* scratch after the sorted half */

	sorted[0] = argv[0];
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			for (i++; i < argc; i++)
				ops[nops++] = argv[i];
			break;
		}
		if (argv[i][0] != '-' || !argv[i][1]) {
			ops[nops++] = argv[i];
			continue;
		}
		sorted[n++] = argv[i];
		if (strcmp(argv[i], "--out") && strcmp(argv[i], "--format"))
			continue;
		if (i + 1 == argc)
			return nb_error(EXIT_USAGE, "report: %s needs a value; see --help",
					argv[i]);
		sorted[n++] = argv[++i];
	}
	sorted[n++] = "--";
	memmove(sorted + n, ops, (size_t)nops * sizeof(*ops));
	sorted[n + nops] = NULL;
	return 0;
}

static int report_main(int nargs, char **args, const struct report_opts *o)
{
	struct run *runs;
	struct report rep;
	char err[600], out[PATH_MAX];
	size_t nruns = 0;
	int code = EXIT_OK;

	if (!nargs)
		return nb_error(EXIT_USAGE, "report: no RUN directory given; see --help");
	if (nargs > REPORT_MAX_RUNS)
		return nb_error(EXIT_USAGE, "report: %d runs given; at most %d",
				nargs, REPORT_MAX_RUNS);
	runs = calloc((size_t)nargs, sizeof(*runs));
	if (!runs)
		return nb_error(EXIT_FAIL, "report: out of memory");
	for (int i = 0; i < nargs; i++) {
		if (run_load(&runs[nruns], args[i], err, sizeof(err))) {
			code = nb_error(EXIT_USAGE, "report: %s", err);
			goto out;
		}
		nruns++;
	}
	if (report_build(&rep, runs, nruns, err, sizeof(err))) {
		code = nb_error(EXIT_FAIL, "%s", err);
		goto out;
	}
	if (o->out)
		snprintf(out, sizeof(out), "%s", o->out);
	else
		snprintf(out, sizeof(out), "%s/report", args[0]);
	code = write_all(&rep, out, o->formats);
	report_free(&rep);
out:
	while (nruns)
		run_free(&runs[--nruns]);
	free(runs);
	return code;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { .formats = 1u << FMT_MD | 1u << FMT_TEX |
					    1u << FMT_HTML };
	char **sorted = calloc(2 * (size_t)argc + 2, sizeof(*sorted));
	int code, ind;

	if (!sorted)
		return nb_error(EXIT_FAIL, "report: out of memory");
	if (options_first(argc, argv, sorted)) {
		free(sorted);
		return EXIT_USAGE;
	}
	ind = cli_parse(argc + 1, sorted, &cmd, on_opt, &o, &code);
	if (ind >= 0)
		code = report_main(argc + 1 - ind, sorted + ind, &o);
	free(sorted);
	return code;
}
