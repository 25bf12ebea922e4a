// SPDX-License-Identifier: GPL-2.0
/* Loading, comparing and writing a comparison: see compare_out.h. */
#include "compare_out.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"
#include "compare_doc.h"
#include "compare_plot.h"
#include "compare_tex.h"
#include "compare_write.h"
#include "runset.h"
#include "rundir/rundir.h"

static const char *const format_names[CF_COUNT] = {
	"text", "csv", "md", "tex", "html", "json",
};
static const char *const format_files[CF_COUNT] = {
	"compare.txt", "compare.csv", "compare.md", "compare.tex",
	"compare.html", "compare.json",
};

int compare_parse_formats(const char *list, unsigned *mask, char *err,
			  size_t errlen)
{
	char buf[256], *save = NULL, *item;

	*mask = 0;
	if (strlen(list) >= sizeof(buf) || !*list) {
		snprintf(err, errlen, "--format: '%s' is not a format list; expected items of %s",
			 list, COMPARE_FORMATS);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	for (item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		int f;

		for (f = 0; f < CF_COUNT; f++)
			if (!strcmp(item, format_names[f]))
				break;
		if (f == CF_COUNT) {
			snprintf(err, errlen, "--format: '%s' is not a format; expected a comma list of %s",
				 item, COMPARE_FORMATS);
			return -1;
		}
		*mask |= 1u << f;
	}
	return 0;
}

struct fill_arg {
	const struct compare *c;
	const struct compare_figures *figs;
	int fmt;
};

static int fill(FILE *f, const void *arg)
{
	const struct fill_arg *a = arg;

	switch (a->fmt) {
	case CF_TEXT: return compare_write_text(f, a->c);
	case CF_CSV: return compare_write_csv(f, a->c);
	case CF_MD: return compare_write_md(f, a->c, a->figs);
	case CF_TEX: return compare_write_tex(f, a->c, a->figs);
	case CF_JSON: return compare_write_json(f, a->c);
	default: return compare_write_html(f, a->c, a->figs);
	}
}

static int write_files(const struct compare *c, const struct compare_opts *o)
{
	unsigned mask = o->formats ? o->formats : (1u << CF_COUNT) - 1;
	unsigned docs = (1u << CF_MD) | (1u << CF_TEX) | (1u << CF_HTML);
	struct compare_figures figs;
	int have_figs = 0, ret = 0;

	if (mkdir(o->out, 0755) && errno != EEXIST)
		return nb_error(EXIT_USAGE, "--out: cannot create '%s': %s",
				o->out, strerror(errno));
	/* the documents show the figures, or say why they are missing */
	if (mask & docs) {
		if (compare_figures_build(&figs, c))
			return nb_error(EXIT_FAIL, "out of memory");
		have_figs = 1;
		compare_figures_draw(&figs, o->out);
		if (!figs.drawn)
			fprintf(stderr, "numabench compare: %s\n", figs.why);
	}
	for (int fmt = 0; fmt < CF_COUNT && !ret; fmt++) {
		struct fill_arg a = { c, have_figs ? &figs : NULL, fmt };

		if (!(mask & (1u << fmt)))
			continue;
		if (rundir_write_atomic(o->out, format_files[fmt], fill, &a))
			ret = nb_error(EXIT_FAIL, "cannot write %s/%s: %s",
				       o->out, format_files[fmt],
				       strerror(errno));
	}
	if (have_figs)
		compare_figures_free(&figs);
	return ret;
}

int compare_dirs(const char *const *dirs, size_t n,
		 const struct compare_opts *o)
{
	struct run *runs = calloc(n, sizeof(*runs));
	const struct run **rp = calloc(n, sizeof(*rp));
	struct compare c;
	char err[1024];
	size_t loaded = 0;
	int ret, refused;

	if (!runs || !rp) {
		ret = nb_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	for (; loaded < n; loaded++) {
		if (runset_load(&runs[loaded], dirs[loaded], err,
				sizeof(err))) {
			ret = nb_error(EXIT_USAGE, "compare: %s", err);
			goto out;
		}
		rp[loaded] = &runs[loaded];
	}
	if (compare_build(&c, (const struct run *const *)rp, n, &o->conf, err,
			  sizeof(err), &refused)) {
		ret = nb_error(EXIT_USAGE, "compare: %s%s",
			       refused ? "refused: " : "", err);
		goto out;
	}
	if (o->quiet)
		compare_write_summary(stdout, &c);
	else
		compare_write_text(stdout, &c);
	fflush(stdout);
	ret = o->out ? write_files(&c, o) : 0;
	if (!ret && compare_untestable(&c))
		ret = nb_error(EXIT_USAGE, "compare: nothing testable: no cell had two units on both sides (boots, or with --reps-as-units repetitions); that is not \"no regression\"");
	else if (!ret)
		ret = compare_has_regression(&c) ? EXIT_FAIL : EXIT_OK;
	compare_free(&c);
out:
	for (size_t i = 0; i < loaded; i++)
		run_free(&runs[i]);
	free(runs);
	free(rp);
	return ret;
}
