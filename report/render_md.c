// SPDX-License-Identifier: GPL-2.0
/*
 * GitHub Markdown: a bold title, a pipe table (labels left, numbers right),
 * the caption in italics. Punctuation that Markdown would read (| * _ < >
 * and friends) is backslash-escaped; a regression is bold with "!", an
 * improvement italic with "+", a skipped cell italic.
 */
#include "render.h"

#include <string.h>

const char *md_escape(char c)
{
	static const char special[] = "\\`*_{}[]<>#|&~!";
	static char buf[3] = "\\";

	if (c == '\n')
		return " ";
	if (!strchr(special, c))
		return NULL;
	buf[1] = c;
	return buf;
}

static int md_cell(FILE *f, const struct table_cell *c)
{
	const char *wrap = c->mark == MARK_REGRESSION ? "**" :
			   c->mark == MARK_NONE ? "" : "*";

	fputs(wrap, f);
	render_escaped(f, c->text, md_escape);
	if (c->sub[0]) {
		fputc(' ', f);
		render_escaped(f, c->sub, md_escape);
	}
	fputs(wrap, f);
	if (c->mark == MARK_REGRESSION || c->mark == MARK_IMPROVEMENT)
		render_escaped(f, render_mark_suffix(c->mark), md_escape);
	return 0;
}

int render_md(FILE *f, const struct table *t)
{
	if (t->title[0]) {
		fputs("**", f);
		render_escaped(f, t->title, md_escape);
		fputs("**\n\n", f);
	}
	fputs("| ", f);
	render_escaped(f, t->corner, md_escape);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs(" | ", f);
		render_escaped(f, t->col_label[c], md_escape);
	}
	fputs(" |\n|:---", f);
	for (size_t c = 0; c < t->ncols; c++)
		fputs(t->text_values ? "|:---" : "|---:", f);
	fputs("|\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("| ", f);
		render_escaped(f, t->row_label[r], md_escape);
		for (size_t c = 0; c < t->ncols; c++) {
			fputs(" | ", f);
			md_cell(f, &t->cells[r * t->ncols + c]);
		}
		fputs(" |\n", f);
	}
	if (t->caption[0]) {
		fputs("\n*", f);
		render_escaped(f, t->caption, md_escape);
		fputs("*\n", f);
	}
	return ferror(f) ? -1 : 0;
}
