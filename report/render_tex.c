// SPDX-License-Identifier: GPL-2.0
/*
 * LaTeX booktabs: a complete table float, ready to \input in a two-column
 * paper (needs \usepackage{booktabs}), laid out by tex_fit.c: \footnotesize,
 * an interval or p99 under its value, long labels wrapped, table* when one
 * column is too narrow, column groups stacked when even the page is, and
 * rows split over continued floats so that none exceeds a page. The caption
 * is the title followed by the conditions; the label is tab:<id>. Every
 * special character is escaped; a regression is bold with a "!"
 * superscript, an improvement italic with "+", a skipped cell italic.
 */
#include "render.h"

#include <string.h>

#include "tex_fit.h"

const char *tex_escape(char c)
{
	switch (c) {
	case '\\': return "\\textbackslash{}";
	case '&': return "\\&";
	case '%': return "\\%";
	case '$': return "\\$";
	case '#': return "\\#";
	case '_': return "\\_";
	case '{': return "\\{";
	case '}': return "\\}";
	case '~': return "\\textasciitilde{}";
	case '^': return "\\textasciicircum{}";
	case '<': return "\\textless{}";
	case '>': return "\\textgreater{}";
	case '|': return "\\textbar{}";
	case '\n': return " ";
	}
	return NULL;
}

/* Labels keep only characters that are safe in \label and file names. */
const char *tex_label_escape(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':')
		return NULL;
	return "-";
}

/* A stack of lines in one cell: a nested tabular aligned by col ("l", "r"). */
static void tex_stack_open(FILE *f, const char *pos, const char *col)
{
	fprintf(f, "\\begin{tabular}[%s]{@{}%s@{}}", pos, col);
}

struct wrap_out {
	FILE *f;
	int n;
};

static void wrap_line(void *ctx, const char *s, size_t len)
{
	struct wrap_out *w = ctx;
	char buf[256];

	snprintf(buf, sizeof(buf), "%.*s", (int)len, s);
	if (w->n++)
		fputs("\\\\", w->f);
	render_escaped(w->f, buf, tex_escape);
}

/* s wrapped at width_pt: one line as is, more as a stack. */
static void tex_wrapped(FILE *f, const char *s, double width_pt,
			const char *pos, const char *col)
{
	struct wrap_out w = { f, 0 };

	if (tex_wrap(s, width_pt, NULL, NULL) < 2) {
		render_escaped(f, s, tex_escape);
		return;
	}
	tex_stack_open(f, pos, col);
	tex_wrap(s, width_pt, wrap_line, &w);
	fputs("\\end{tabular}", f);
}

static void tex_cell(FILE *f, const struct table_cell *c, int split_sub)
{
	const char *open = c->mark == MARK_REGRESSION ? "\\textbf{" :
			   c->mark == MARK_NONE ? "" : "\\textit{";
	struct tex_cell_lines l;

	tex_cell_split(c, split_sub, &l);
	if (l.below[0])
		tex_stack_open(f, "t", "r");
	fputs(open, f);
	render_escaped(f, l.main, tex_escape);
	if (open[0])
		fputc('}', f);
	if (c->mark == MARK_REGRESSION)
		fputs("\\textsuperscript{!}", f);
	else if (c->mark == MARK_IMPROVEMENT)
		fputs("\\textsuperscript{+}", f);
	if (l.below[0]) {
		fputs("\\\\\\scriptsize ", f);
		render_escaped(f, l.below, tex_escape);
		fputs("\\end{tabular}", f);
	}
}

/* One tabular: the row labels and columns [c0, c1) of rows [r0, r1). */
static void tex_tabular(FILE *f, const struct table *t,
			const struct tex_plan *p, size_t c0, size_t c1,
			size_t r0, size_t r1)
{
	fputs("\\begin{tabular}{@{}l", f);
	for (size_t c = c0; c < c1; c++)
		fputc(t->text_values ? 'l' : 'r', f);
	fputs("@{}}\n\\toprule\n", f);
	tex_wrapped(f, t->corner, p->label_pt, "b", "l");
	for (size_t c = c0; c < c1; c++) {
		fputs(" & ", f);
		tex_wrapped(f, t->col_label[c], p->col_pt[c], "b",
			    t->text_values ? "l" : "r");
	}
	fputs(" \\\\\n\\midrule\n", f);
	for (size_t r = r0; r < r1; r++) {
		tex_wrapped(f, t->row_label[r], p->label_pt, "t", "l");
		for (size_t c = c0; c < c1; c++) {
			fputs(" & ", f);
			tex_cell(f, &t->cells[r * t->ncols + c], p->split_sub);
		}
		fputs(" \\\\\n", f);
	}
	fputs("\\bottomrule\n\\end{tabular}\n", f);
}

static void tex_label(FILE *f, const struct table *t)
{
	fputs("tab:", f);
	render_escaped(f, t->id, tex_label_escape);
}

/*
 * One float holding rows [r0, r1): the first carries the whole caption and
 * the label, each later one the title marked continued.
 */
static void tex_float(FILE *f, const struct table *t, const struct tex_plan *p,
		      size_t r0, size_t r1)
{
	const char *env = p->wide ? "table*" : "table";

	fprintf(f, "\\begin{%s}[%s]\n\\centering\n\\footnotesize\n"
		"\\setlength{\\tabcolsep}{3pt}\n\\caption", env,
		p->wide ? "tp" : "tbp");
	if (r0 > 0) {
		fputc('{', f);
		render_escaped(f, t->title, tex_escape);
		fprintf(f, " (continued: rows %zu to %zu of %zu; the caption of Table~\\ref{",
			r0 + 1, r1, t->nrows);
		tex_label(f, t);
		fputs("} says what they are)}\n", f);
	} else {
		/* the title alone goes to the list of tables */
		if (t->title[0] && t->caption[0]) {
			fputs("[{", f);
			render_escaped(f, t->title, tex_escape);
			fputs("}]", f);
		}
		fputc('{', f);
		render_escaped(f, t->title, tex_escape);
		if (t->title[0] && t->caption[0])
			fputs(". ", f);
		render_escaped(f, t->caption, tex_escape);
		if (r1 < t->nrows)
			fprintf(f, " Rows 1 to %zu of %zu; continued below.", r1,
				t->nrows);
		fputs("}\n\\label{", f);
		tex_label(f, t);
		fputs("}\n", f);
	}
	for (size_t g = 0; g < p->ngroups; g++) {
		if (g)
			fputs("\\par\\medskip\n", f);
		tex_tabular(f, t, p, g ? p->group_end[g - 1] : 0,
			    p->group_end[g], r0, r1);
	}
	fprintf(f, "\\end{%s}\n", env);
}

int render_tex(FILE *f, const struct table *t)
{
	struct tex_plan p;

	if (tex_plan(t, &p))
		return -1;
	fprintf(f, "%% generated by numabench; needs \\usepackage{booktabs}\n"
		"%% %s, %zu row(s) in %zu float(s)\n",
		p.wide ? "two columns wide (table*)" : "one column wide",
		t->nrows, p.nfloats);
	for (size_t k = 0; k < p.nfloats; k++)
		tex_float(f, t, &p, k ? p.float_end[k - 1] : 0, p.float_end[k]);
	tex_plan_free(&p);
	return ferror(f) ? -1 : 0;
}
