// SPDX-License-Identifier: GPL-2.0
/* A comparison as Markdown and HTML documents: see compare_doc.h. */
#include "compare_doc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare_table.h"
#include "compare_write.h"
#include "render.h"

static void add(struct compare_lines *h, int warn, const char *fmt, ...)
{
	va_list ap;

	if (h->n == COMPARE_HEAD_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(h->text[h->n], sizeof(h->text[0]), fmt, ap);
	va_end(ap);
	h->warn[h->n++] = warn;
}

void compare_head(struct compare_lines *h, const struct compare *c)
{
	char rule[1000], u[80];
	int single = 0;

	h->n = 0;
	if (c->hosts > 1) {
		char who[400];

		cmp_run_identity(who, sizeof(who), c->j.runs[0]);
		add(h, 0, "Hosts: this compares %zu hosts; base: %s.", c->hosts,
		    who);
		for (size_t i = 1; i < c->j.nruns; i++) {
			cmp_run_identity(who, sizeof(who), c->j.runs[i]);
			add(h, 0, "Against %s: differs in %s (the machine and kernel: compared, not refused).",
			    who, c->machines[i][0] ? c->machines[i] : "nothing");
		}
	} else {
		for (size_t i = 1; i < c->j.nruns; i++)
			if (c->machines[i][0])
				add(h, 0, "Machine and kernel of %s against the base: %s.",
				    cmp_run_name(c->j.runs[i]), c->machines[i]);
	}
	for (size_t i = 0; i < c->j.nruns; i++) {
		const struct run *r = c->j.runs[i];

		compare_units_words(u, sizeof(u), r);
		add(h, 0, "%s: kernel %s, run %s (%s; %s, %s; profile %s%s%s%s)",
		    i ? "New" : "Base", r->meta.kernel[0] ? r->meta.kernel : "?",
		    cmp_run_name(r), r->dir,
		    r->meta.executor[0] ? r->meta.executor : "?", u,
		    r->meta.profile[0] ? r->meta.profile : "?",
		    r->meta.module_params[0] ? ", module params '" : "",
		    r->meta.module_params,
		    r->meta.module_params[0] ? "'" : "");
		single |= !r->meta.boots;
	}
	add(h, 0, "Metric: per cell the geometric mean, in ns, over units of each unit's %s_ns; a unit is %s. Intervals are 95 %%.",
	    cmp_metric_name(c->conf.metric), c->conf.reps_as_units ?
	    "a repetition of one boot" :
	    "a boot (the robust mean of its repetitions)");
	add(h, 0, "Threshold: a slowdown counts from x%.3f (%.1f %%), a speed-up from x%.3f; false discovery rate %.2f (Benjamini-Hochberg q).",
	    cmp_up(c), c->conf.threshold_pct, 1.0 / cmp_up(c), c->conf.alpha);
	if (single)
		add(h, 1, "Single boot: the repetitions of one boot do not see boot-to-boot variance; this describes, it does not gate. Compare sets of boots (regress --boots) to gate on.");
	for (size_t i = 0; i < c->j.nruns; i++) {
		const char *note = c->j.runs[i]->meta.timing_note;
		int seen = 0;

		for (size_t k = 0; k < i; k++)
			seen |= !strcmp(note, c->j.runs[k]->meta.timing_note);
		if (note[0] && !seen)
			add(h, 1, "Timing (%s): %s", cmp_run_name(c->j.runs[i]),
			    note);
	}
	if (c->accepted[0])
		add(h, 1, "ACCEPTED BY THE USER (--allow-mismatch, --allow-incomplete): %s",
		    c->accepted);
	compare_rule(rule, sizeof(rule), c);
	add(h, 0, "Rule: %s.", rule);
}

void compare_run_lines(struct compare_lines *h, const struct compare *c,
		       size_t i)
{
	const struct cmp_summary *s = &c->sum[i];
	char common[900];
	const char *keys[5];
	size_t extra;

	h->n = 0;
	add(h, s->regressions ? 2 : 0, "Verdict: %s: %zu regression%s (global %zu, missing %zu, failures %zu, misplaced %zu, time %zu, outliers %zu), %zu improvement%s, %zu same, %zu n/a, of %zu cells (%zu tested); %zu extra.",
	    s->regressions ? "REGRESSION" : "no regression", s->regressions,
	    s->regressions == 1 ? "" : "s", s->by_kind[KIND_GLOBAL],
	    s->by_kind[KIND_MISSING], s->by_kind[KIND_FAILURES],
	    s->by_kind[KIND_MISPLACED], s->by_kind[KIND_TIME],
	    s->by_kind[KIND_OUTLIERS], s->improvements,
	    s->improvements == 1 ? "" : "s", s->same, s->na, s->cells,
	    s->tested, s->extra);
	compare_common_text(common, sizeof(common), c, i);
	add(h, c->common[i].verdict == CMP_REGRESSION ? 2 : 0, "Common level: %s (Welch on the units' levels; the whole kernel's shift, judged once).",
	    common);
	if (s->tested)
		add(h, 0, "Detectable: one cell x1.20 slower beyond the common level would have been flagged in %zu of %zu tested cells; the median cell needs x%.3f.",
		    s->detects_20, s->tested, s->detectable_median);
	else
		add(h, 1, "Nothing tested: no cell had two units on both sides; that is not \"no regression\".");
	compare_unjoined_text(common, sizeof(common), c, i);
	if (common[0])
		add(h, 1, "Not joined: %s.", common);
	extra = join_list(&c->j, i, 1, keys, 5);
	if (extra)
		add(h, 0, "%zu cell%s not in the base run (extra), not judged.",
		    extra, extra == 1 ? "" : "s");
}

/* ---- Markdown ---- */

static void md_lines(FILE *f, const struct compare_lines *h)
{
	for (size_t k = 0; k < h->n; k++) {
		fputs(h->warn[k] == 1 ? "- **Warning:** " :
		      h->warn[k] ? "- **" : "- ", f);
		render_escaped(f, h->text[k], md_escape);
		fputs(h->warn[k] == 2 ? "**\n" : "\n", f);
	}
	fputc('\n', f);
}

static void md_figure(FILE *f, const struct compare_figures *figs,
		      const struct compare_figure *fg)
{
	fputs("**", f);
	render_escaped(f, fg->title, md_escape);
	fputs("**\n\n", f);
	if (figs->drawn && fg->p.npoints)
		fprintf(f, "![%s](%s.svg) ([PDF](%s.pdf))\n\n", fg->file,
			fg->file, fg->file);
	else {
		fputs("*Figure missing: ", f);
		render_escaped(f, fg->p.npoints ? figs->why :
			       "nothing to draw (the caption says why)", md_escape);
		fputs("*\n\n", f);
	}
	fputc('*', f);
	render_escaped(f, fg->caption, md_escape);
	fputs("*\n\n", f);
}

/* The table of run i's cells and its notes, by the renderer of fmt. */
static int cells_and_notes(FILE *f, const struct compare *c, size_t i,
			   enum table_format fmt)
{
	size_t *idx = malloc((c->ncells + 1) * sizeof(*idx));
	struct cmp_notes notes = { 0 };
	struct table t;
	int ret = -1;

	if (!idx || compare_order(c, i, idx) ||
	    compare_cells_table(&t, c, i, idx, &notes)) {
		free(idx);
		return -1;
	}
	if (!table_render(f, &t, fmt)) {
		if (notes.n)
			fputs(fmt == FMT_HTML ? "<p>Reasons:</p>\n<ol>\n" :
			      "\nReasons:\n\n", f);
		for (size_t k = 0; k < notes.n; k++) {
			if (fmt == FMT_HTML) {
				fputs("<li>", f);
				render_escaped(f, notes.text[k], html_escape);
				fputs("</li>\n", f);
			} else {
				fprintf(f, "%zu. ", k + 1);
				render_escaped(f, notes.text[k], md_escape);
				fputc('\n', f);
			}
		}
		if (notes.n && fmt == FMT_HTML)
			fputs("</ol>\n", f);
		ret = 0;
	}
	table_free(&t);
	cmp_notes_free(&notes);
	free(idx);
	return ret;
}

static int summary(FILE *f, const struct compare *c, enum table_format fmt)
{
	struct table t;
	int ret;

	if (compare_summary_table(&t, c))
		return -1;
	ret = table_render(f, &t, fmt);
	table_free(&t);
	return ret;
}

int compare_write_md(FILE *f, const struct compare *c,
		     const struct compare_figures *figs)
{
	struct compare_lines h;

	fputs("# numabench compare\n\n", f);
	compare_head(&h, c);
	md_lines(f, &h);
	for (size_t i = 1; i < c->j.nruns; i++) {
		fputs("## ", f);
		render_escaped(f, compare_label(c, i), md_escape);
		fputc(' ', f);
		render_escaped(f, cmp_run_name(c->j.runs[i]), md_escape);
		fputs(" against base\n\n", f);
		compare_run_lines(&h, c, i);
		md_lines(f, &h);
		if (figs && i - 1 < figs->n)
			md_figure(f, figs, &figs->fig[i - 1]);
	}
	if (figs && figs->n >= c->j.nruns)
		md_figure(f, figs, &figs->fig[c->j.nruns - 1]);
	if (summary(f, c, FMT_MD))
		return -1;
	for (size_t i = 1; i < c->j.nruns; i++) {
		fputc('\n', f);
		if (cells_and_notes(f, c, i, FMT_MD))
			return -1;
	}
	return ferror(f) ? -1 : 0;
}

/* ---- HTML ---- */

static void html_lines(FILE *f, const struct compare_lines *h)
{
	fputs("<ul>\n", f);
	for (size_t k = 0; k < h->n; k++) {
		fputs(h->warn[k] == 1 ? "<li class=\"warn\"><b>Warning:</b> " :
		      h->warn[k] ? "<li class=\"warn\">" : "<li>", f);
		render_escaped(f, h->text[k], html_escape);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
}

static void html_figure(FILE *f, const struct compare_figures *figs,
			const struct compare_figure *fg)
{
	fputs("<figure>\n", f);
	if (figs->drawn && fg->p.npoints)
		fprintf(f, "<a href=\"%s.pdf\"><img src=\"%s.svg\" alt=\"%s\"></a>\n",
			fg->file, fg->file, fg->file);
	else {
		fputs("<p class=\"warn\">Figure missing: ", f);
		render_escaped(f, fg->p.npoints ? figs->why :
			       "nothing to draw (the caption says why)", html_escape);
		fputs("</p>\n", f);
	}
	fputs("<figcaption><b>", f);
	render_escaped(f, fg->title, html_escape);
	fputs(".</b> ", f);
	render_escaped(f, fg->caption, html_escape);
	fputs("</figcaption>\n</figure>\n", f);
}

int compare_write_html(FILE *f, const struct compare *c,
		       const struct compare_figures *figs)
{
	struct compare_lines h;

	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	      "<title>numabench compare</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:2em}\n"
	      "ul{max-width:80em}\n"
	      "table{border-collapse:collapse;margin-bottom:2em}\n"
	      "caption{text-align:left;max-width:70em}\n"
	      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}\n"
	      "td{white-space:nowrap}\n"
	      "td:first-child,th:first-child{text-align:left;white-space:normal;min-width:16em}\n"
	      ".reg{background:#f8c8c8;color:#900}\n"
	      ".imp{background:#c8f0c8;color:#060}\n"
	      ".skip{color:#888}\n.warn{color:#900}\n"
	      "figure{margin:1em 0}\nfigure img{max-width:100%;width:36em}\n"
	      "figcaption{max-width:60em;font-size:90%}\n"
	      "</style></head><body>\n<h1>numabench compare</h1>\n", f);
	compare_head(&h, c);
	html_lines(f, &h);
	for (size_t i = 1; i < c->j.nruns; i++) {
		fputs("<h2>", f);
		render_escaped(f, compare_label(c, i), html_escape);
		fputc(' ', f);
		render_escaped(f, cmp_run_name(c->j.runs[i]), html_escape);
		fputs(" against base</h2>\n", f);
		compare_run_lines(&h, c, i);
		html_lines(f, &h);
		if (figs && i - 1 < figs->n)
			html_figure(f, figs, &figs->fig[i - 1]);
	}
	if (figs && figs->n >= c->j.nruns)
		html_figure(f, figs, &figs->fig[c->j.nruns - 1]);
	if (summary(f, c, FMT_HTML))
		return -1;
	for (size_t i = 1; i < c->j.nruns; i++)
		if (cells_and_notes(f, c, i, FMT_HTML))
			return -1;
	fputs("</body></html>\n", f);
	return ferror(f) ? -1 : 0;
}
