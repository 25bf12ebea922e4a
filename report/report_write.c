// SPDX-License-Identifier: GPL-2.0
/* The Markdown, text and LaTeX files of a report: see report_write.h. */
#include "report_write.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render.h"

int out_open(struct out_file *o, const char *dir, const char *name, char *err,
	     size_t errlen)
{
	snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp", o->path);
	o->f = fopen(o->tmp, "w");
	if (!o->f) {
		snprintf(err, errlen, "cannot write %s: %s", o->tmp,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int out_close(struct out_file *o, char *err, size_t errlen)
{
	FILE *f = o->f;
	int bad = ferror(f);

	if (fclose(f) || bad || rename(o->tmp, o->path)) {
		snprintf(err, errlen, "cannot write %s: %s", o->path,
			 strerror(errno ? errno : EIO));
		remove(o->tmp);
		return -1;
	}
	return 0;
}

/*
 * GitHub's anchors of a page's headings, in page order: lower case, only
 * letters, digits, '-' and '_' kept, spaces as '-', and "-N" after the Nth
 * repeat of an anchor already given.
 */
struct md_anchors {
	char (*seen)[200];
	size_t n;
};

static void md_anchor(struct md_anchors *a, const char *heading, char *out,
		      size_t len)
{
	char base[200];
	size_t k = 0, repeats = 0;

	for (const char *c = heading; *c && k + 1 < sizeof(base); c++) {
		if (isalnum((unsigned char)*c) || *c == '-' || *c == '_')
			base[k++] = (char)tolower((unsigned char)*c);
		else if (*c == ' ')
			base[k++] = '-';
	}
	base[k] = 0;
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->seen[i], base))
			repeats++;
	if (repeats)
		snprintf(out, len, "%.150s-%zu", base, repeats);
	else
		snprintf(out, len, "%s", base);
	/* remember the base; a failed realloc only risks a duplicate anchor */
	void *ns = realloc(a->seen, (a->n + 1) * sizeof(*a->seen));

	if (ns) {
		a->seen = ns;
		snprintf(a->seen[a->n++], sizeof(a->seen[0]), "%s", base);
	}
}

/* The contents: every section and its headings, linked by their anchors. */
static void md_toc(FILE *f, const struct report *rep)
{
	struct md_anchors a = { NULL, 0 };
	char anchor[200];

	md_anchor(&a, rep->title, anchor, sizeof(anchor));
	md_anchor(&a, "Contents", anchor, sizeof(anchor));
	fprintf(f, "\n## Contents\n\n");
	for (size_t i = 0; i < rep->nsections; i++) {
		const struct report_section *s = &rep->sections[i];
		/* the appendix's sections listed under it */
		const char *in = s->appendix ? "  " : "";

		if (s->appendix && (!i || !rep->sections[i - 1].appendix)) {
			md_anchor(&a, "Appendix", anchor, sizeof(anchor));
			fprintf(f, "- [Appendix](#%s)\n", anchor);
		}
		md_anchor(&a, s->title, anchor, sizeof(anchor));
		fprintf(f, "%s- [", in);
		render_escaped(f, s->title, md_escape);
		fprintf(f, "](#%s)\n", anchor);
		for (size_t j = 0; j < s->nitems; j++) {
			if (s->items[j].kind != ITEM_HEADING)
				continue;
			md_anchor(&a, s->items[j].note, anchor, sizeof(anchor));
			fprintf(f, "%s  - [", in);
			render_escaped(f, s->items[j].note, md_escape);
			fprintf(f, "](#%s)\n", anchor);
		}
	}
	free(a.seen);
}

int report_write_md(const struct report *rep, const char *dir, char *err,
		    size_t errlen)
{
	struct out_file o;
	FILE *f;

	if (out_open(&o, dir, "report.md", err, errlen))
		return -1;
	f = o.f;
	fprintf(f, "# ");
	render_escaped(f, rep->title, md_escape);
	fprintf(f, "\n");
	md_toc(f, rep);
	for (size_t i = 0; i < rep->nsections; i++) {
		const struct report_section *s = &rep->sections[i];

		if (s->appendix && (!i || !rep->sections[i - 1].appendix))
			fprintf(f, "\n# Appendix\n\n%s\n", report_appendix_note);
		fprintf(f, "\n## ");
		render_escaped(f, s->title, md_escape);
		fprintf(f, "\n");
		for (size_t j = 0; j < s->nitems; j++) {
			const struct report_item *it = &s->items[j];

			fputc('\n', f);
			switch (it->kind) {
			case ITEM_HEADING:
				fprintf(f, "### ");
				render_escaped(f, it->note, md_escape);
				fputc('\n', f);
				break;
			case ITEM_NOTE:
				render_escaped(f, it->note, md_escape);
				fputc('\n', f);
				break;
			case ITEM_CONDITIONS:
				fprintf(f, "**Conditions.** ");
				render_escaped(f, it->note, md_escape);
				fputc('\n', f);
				break;
			case ITEM_TABLE:
				table_render(f, &it->table, FMT_MD);
				break;
			case ITEM_PLOT:
				fprintf(f, "![");
				render_escaped(f, it->plot.title, md_escape);
				fprintf(f, "](plots/%s.svg)\n", it->plot.id);
				if (it->plot.note[0]) {
					fputs("\n*", f);
					render_escaped(f, it->plot.note, md_escape);
					fputs("*\n", f);
				}
				break;
			}
		}
	}
	return out_close(&o, err, errlen);
}

int report_write_text(const struct report *rep, const char *dir, char *err,
		      size_t errlen)
{
	struct out_file o;
	FILE *f;

	if (out_open(&o, dir, "report.txt", err, errlen))
		return -1;
	f = o.f;
	fprintf(f, "%s\n", rep->title);
	for (size_t i = 0; i < rep->nsections; i++) {
		const struct report_section *s = &rep->sections[i];

		if (s->appendix && (!i || !rep->sections[i - 1].appendix))
			fprintf(f, "\n==== Appendix ====\n\n%s\n", report_appendix_note);
		fprintf(f, "\n== %s ==\n", s->title);
		for (size_t j = 0; j < s->nitems; j++) {
			const struct report_item *it = &s->items[j];

			fputc('\n', f);
			if (it->kind == ITEM_HEADING)
				fprintf(f, "-- %s --\n", it->note);
			else if (it->kind == ITEM_NOTE)
				fprintf(f, "%s\n", it->note);
			else if (it->kind == ITEM_CONDITIONS)
				fprintf(f, "Conditions: %s\n", it->note);
			else if (it->kind == ITEM_TABLE)
				table_render(f, &it->table, FMT_TEXT);
			else
				fprintf(f, "[plot: plots/%s.svg, %s]\n",
					it->plot.id, it->plot.title);
		}
	}
	return out_close(&o, err, errlen);
}

static int mkdir_in(const char *dir, const char *name, char *path,
		    size_t len, char *err, size_t errlen)
{
	snprintf(path, len, "%s/%s", dir, name);
	if (mkdir(path, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static int write_table_file(const struct table *t, const char *dir, char *err,
			    size_t errlen)
{
	struct out_file o;
	char name[128];

	snprintf(name, sizeof(name), "%s.tex", t->id);
	if (out_open(&o, dir, name, err, errlen))
		return -1;
	table_render(o.f, t, FMT_TEX);
	return out_close(&o, err, errlen);
}

/*
 * figures/<id>.tex: the plot's float at column width, its caption the
 * title and what the marks and error bars mean (plot.note).
 */
static int write_figure_file(const struct plot *pl, const char *dir,
			     char *err, size_t errlen)
{
	struct out_file o;
	char name[128];
	FILE *f;

	snprintf(name, sizeof(name), "%s.tex", pl->id);
	if (out_open(&o, dir, name, err, errlen))
		return -1;
	f = o.f;
	fprintf(f, "%% generated by numabench; needs \\usepackage{graphicx}. The path is\n"
		"%% relative to the report directory: a paper elsewhere sets\n"
		"%% \\graphicspath{{path/to/report/}}.\n"
		"\\begin{figure}[tbp]\n\\centering\n"
		"\\includegraphics[width=\\columnwidth]{plots/%s.pdf}\n"
		"\\caption[{", pl->id);
	render_escaped(f, pl->title, tex_escape);
	fputs("}]{", f);
	render_escaped(f, pl->title, tex_escape);
	if (pl->note[0]) {
		fputs(". ", f);
		render_escaped(f, pl->note, tex_escape);
	}
	fprintf(f, "}\n\\label{fig:");
	render_escaped(f, pl->id, tex_label_escape);
	fprintf(f, "}\n\\end{figure}\n");
	return out_close(&o, err, errlen);
}

/* The preamble: the page of a two-column paper (IEEEtran's widths and
 * height), so every table and figure sets here as it will there. */
static const char tex_preamble[] =
	"%% generated by numabench report. Each table is tables/<id>.tex and each\n"
	"%% figure figures/<id>.tex, a float to \\input in a paper (README.md of\n"
	"%% the report/ sources says how); this document \\inputs them all.\n"
	"\\documentclass[10pt,twocolumn]{article}\n\\usepackage[T1]{fontenc}\n"
	"\\usepackage{lmodern}\n"
	"\\usepackage[a4paper,textwidth=516pt,textheight=672pt,columnsep=12pt]{geometry}\n"
	"\\usepackage{booktabs}\n\\usepackage{graphicx}\n"
	"%% many floats: room for them, and pages that hold several\n"
	"\\extrafloats{200}\n\\maxdeadcycles=1000\n\\setcounter{topnumber}{4}\n"
	"\\setcounter{dbltopnumber}{3}\n\\setcounter{totalnumber}{6}\n"
	"\\renewcommand{\\topfraction}{.9}\\renewcommand{\\dbltopfraction}{.9}\n"
	"\\renewcommand{\\textfraction}{.05}\n"
	"\\renewcommand{\\floatpagefraction}{.7}\\renewcommand{\\dblfloatpagefraction}{.7}\n"
	"\\setcounter{tocdepth}{1}\n";

int report_write_tex(const struct report *rep, const char *dir, char *err,
		     size_t errlen)
{
	char tables[4200], figures[4200];
	struct out_file o;
	int in_appendix = 0;
	size_t floats = 0;
	FILE *f;

	if (mkdir_in(dir, "tables", tables, sizeof(tables), err, errlen) ||
	    mkdir_in(dir, "figures", figures, sizeof(figures), err, errlen))
		return -1;
	if (out_open(&o, dir, "report.tex", err, errlen))
		return -1;
	f = o.f;
	fprintf(f, "%s\\title{", tex_preamble);
	render_escaped(f, rep->title, tex_escape);
	/* the contents on a page of their own: the pages after it do not move
	 * when the second pass fills it, so two passes settle every label */
	fprintf(f, "}\n\\date{}\n\\begin{document}\n\\maketitle\n"
		"\\tableofcontents\n\\clearpage\n");
	for (size_t i = 0; i < rep->nsections; i++) {
		const struct report_section *s = &rep->sections[i];

		if (s->appendix && !in_appendix) {
			fprintf(f, "\n\\appendix\n");
			in_appendix = 1;
		}
		fprintf(f, "\n\\section{");
		render_escaped(f, s->title, tex_escape);
		fprintf(f, "}\n");
		for (size_t j = 0; j < s->nitems; j++) {
			const struct report_item *it = &s->items[j];

			/* placed floats let the ones after them place too */
			if ((it->kind == ITEM_TABLE || it->kind == ITEM_PLOT) &&
			    ++floats % 24 == 0)
				fprintf(f, "\\clearpage\n");
			switch (it->kind) {
			case ITEM_HEADING:
				fprintf(f, "\n\\subsection{");
				render_escaped(f, it->note, tex_escape);
				fprintf(f, "}\n");
				break;
			case ITEM_NOTE:
				fputc('\n', f);
				render_escaped(f, it->note, tex_escape);
				fputc('\n', f);
				break;
			case ITEM_CONDITIONS:
				fprintf(f, "\n\\paragraph{Conditions.} ");
				render_escaped(f, it->note, tex_escape);
				fprintf(f, "\n\n");
				break;
			case ITEM_TABLE:
				if (write_table_file(&it->table, tables, err,
						     errlen))
					goto fail;
				fprintf(f, "\\input{tables/%s.tex}\n", it->table.id);
				break;
			case ITEM_PLOT:
				if (write_figure_file(&it->plot, figures, err,
						      errlen))
					goto fail;
				fprintf(f, "\\input{figures/%s.tex}\n", it->plot.id);
				break;
			}
		}
		fprintf(f, "\\clearpage\n");
	}
	fprintf(f, "\\end{document}\n");
	return out_close(&o, err, errlen);
fail:
	fclose(f);
	remove(o.tmp);
	return -1;
}
