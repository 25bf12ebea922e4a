// SPDX-License-Identifier: GPL-2.0
/*
 * HTML: a <table> fragment with the title and conditions in its <caption>.
 * Marked cells carry class reg (significantly worse), imp (better) or skip;
 * the page's CSS gives them their colours (report/html_page.c), and a text
 * mark stays beside the number so the meaning survives without colour.
 */
#include "render.h"

const char *html_escape(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	}
	return NULL;
}

static const char *mark_class(enum table_mark m)
{
	switch (m) {
	case MARK_REGRESSION: return " class=\"reg\"";
	case MARK_IMPROVEMENT: return " class=\"imp\"";
	case MARK_SKIPPED: return " class=\"skip\"";
	default: return "";
	}
}

int render_html(FILE *f, const struct table *t)
{
	fputs("<table class=\"nb\" id=\"", f);
	render_escaped(f, t->id, html_escape);
	fputs("\">\n<caption><b>", f);
	render_escaped(f, t->title, html_escape);
	fputs("</b><br><span class=\"cond\">", f);
	render_escaped(f, t->caption, html_escape);
	fputs("</span></caption>\n<thead><tr><th>", f);
	render_escaped(f, t->corner, html_escape);
	fputs("</th>", f);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs("<th>", f);
		render_escaped(f, t->col_label[c], html_escape);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("<tr><th>", f);
		render_escaped(f, t->row_label[r], html_escape);
		fputs("</th>", f);
		for (size_t c = 0; c < t->ncols; c++) {
			const struct table_cell *cell = &t->cells[r * t->ncols + c];

			fprintf(f, "<td%s%s>", mark_class(cell->mark),
				t->text_values ? " style=\"text-align:left\"" : "");
			render_escaped(f, cell->text, html_escape);
			if (cell->sub[0]) {
				fputs(" <span class=\"sub\">", f);
				render_escaped(f, cell->sub, html_escape);
				fputs("</span>", f);
			}
			render_escaped(f, render_mark_suffix(cell->mark),
				       html_escape);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	return ferror(f) ? -1 : 0;
}
