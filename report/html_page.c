// SPDX-License-Identifier: GPL-2.0
/*
 * The report as one HTML page: inline CSS, the tables as <table> fragments
 * (render_html.c), each plot an <img> of plots/<id>.svg beside the page
 * (each SVG once, not inlined: the page stays small); nothing from outside
 * the report directory. Contents to the path level, the appendix after the
 * main part.
 */
#include "report_write.h"

#include <stdio.h>
#include <string.h>

#include "render.h"

static const char css[] =
	"body{font-family:sans-serif;margin:1.5em auto;max-width:1200px;color:#111;background:#fff}\n"
	"h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;margin-top:2em}\n"
	"h3{font-size:1.1em;margin-top:1.5em}\n"
	"table.nb{border-collapse:collapse;margin:1em 0;font-size:.9em;min-width:40em}\n"
	"table.nb caption{caption-side:top;text-align:left;padding-bottom:.4em}\n"
	"table.nb .cond{font-size:.85em;color:#444}\n"
	"table.nb th,table.nb td{padding:.2em .6em;border-bottom:1px solid #ddd}\n"
	"table.nb thead th{border-bottom:2px solid #333;text-align:right}\n"
	"table.nb tbody th{text-align:left;font-weight:normal}\n"
	"table.nb td{text-align:right;font-variant-numeric:tabular-nums}\n"
	"table.nb td .sub{color:#666}\n"
	"table.nb td.reg{background:#f8d0d0;color:#900;font-weight:bold}\n"
	"table.nb td.imp{background:#d2f0d2;color:#060}\n"
	"table.nb td.skip{color:#888;font-style:italic}\n"
	"figure{margin:1em 0}figure img{width:100%;max-width:760px;height:auto}\n"
	"figcaption{font-size:.85em;color:#444}\n"
	".pair{display:flex;flex-wrap:wrap;gap:2em;align-items:center}\n"
	".pair table.nb{min-width:0}.pair figure{flex:0 1 520px;margin:0}\n"
	"p.cond{background:#f4f4f4;padding:.5em .8em;font-size:.9em}\n"
	"nav.toc ul{margin:.2em 0}nav.toc{font-size:.95em}\n"
	"nav.toc .paths{font-size:.85em;color:#444;margin:.1em 0 .4em}\n";

/* What a table or figure is about: its title up to the colon. */
static void toc_name(FILE *f, const char *title)
{
	char buf[160];

	snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(title, ":"), title);
	render_escaped(f, buf, html_escape);
}

/* One link per table and figure of items [j0, j1), on one line. */
static void toc_items(FILE *f, const struct report_section *s, size_t j0,
		      size_t j1)
{
	int n = 0;

	for (size_t j = j0; j < j1; j++) {
		const struct report_item *it = &s->items[j];

		/* a heatmap beside its table: the table's link leads to both */
		if ((it->kind != ITEM_TABLE && it->kind != ITEM_PLOT) ||
		    (it->kind == ITEM_PLOT && it->plot.beside_table))
			continue;
		fputs(n++ ? " · " : "<div class=\"paths\">", f);
		if (it->kind == ITEM_TABLE) {
			fputs("<a href=\"#", f);
			render_escaped(f, it->table.id, html_escape);
			fputs("\">", f);
			toc_name(f, it->table.title);
		} else {
			fputs("<a href=\"#fig-", f);
			render_escaped(f, it->plot.id, html_escape);
			fputs("\">", f);
			toc_name(f, it->plot.title);
			fputs(" (figure)", f);
		}
		fputs("</a>", f);
	}
	if (n)
		fputs("</div>\n", f);
}

/*
 * The contents to the path level: each section, its headings, and under
 * each heading a link to every table and figure in it.
 */
static void toc(FILE *f, const struct report *rep)
{
	int appendix = 0;

	fprintf(f, "<nav class=\"toc\">\n<h2>Contents</h2>\n<ul>\n");
	for (size_t i = 0; i < rep->nsections; i++) {
		const struct report_section *s = &rep->sections[i];
		size_t j0 = 0;
		int open = 0;

		if (s->appendix && !appendix) {
			fprintf(f, "<li><a href=\"#appendix\">Appendix</a>\n<ul>\n");
			appendix = 1;
		}
		fprintf(f, "<li><a href=\"#s%zu\">", i + 1);
		render_escaped(f, s->title, html_escape);
		fprintf(f, "</a>\n");
		for (size_t j = 0; j <= s->nitems; j++) {
			if (j < s->nitems && s->items[j].kind != ITEM_HEADING)
				continue;
			if (open)
				toc_items(f, s, j0, j);
			if (open)
				fprintf(f, "</li>\n");
			if (j == s->nitems)
				break;
			fprintf(f, "%s<li><a href=\"#s%zu-%zu\">",
				open ? "" : "<ul>\n", i + 1, j + 1);
			render_escaped(f, s->items[j].note, html_escape);
			fprintf(f, "</a>\n");
			open = 1;
			j0 = j + 1;
		}
		fprintf(f, "%s</li>\n", open ? "</ul>" : "");
	}
	fprintf(f, "%s</ul>\n</nav>\n", appendix ? "</ul></li>\n" : "");
}

/* The plot by reference: each SVG once, in plots/ beside the page. */
static void figure(FILE *f, const struct plot *p)
{
	fputs("<figure id=\"fig-", f);
	render_escaped(f, p->id, html_escape);
	fputs("\">\n<img src=\"plots/", f);
	render_escaped(f, p->id, html_escape);
	fputs(".svg\" alt=\"", f);
	render_escaped(f, p->title, html_escape);
	fprintf(f, "\">\n<figcaption>");
	render_escaped(f, p->title, html_escape);
	if (p->note[0]) {
		fputs(". ", f);
		render_escaped(f, p->note, html_escape);
	}
	fprintf(f, "</figcaption>\n</figure>\n");
}

int report_write_html(const struct report *rep, const char *dir, char *err,
		      size_t errlen)
{
	struct out_file o;
	int in_appendix = 0;
	FILE *f;

	if (out_open(&o, dir, "report.html", err, errlen))
		return -1;
	f = o.f;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	render_escaped(f, rep->title, html_escape);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	render_escaped(f, rep->title, html_escape);
	fprintf(f, "</h1>\n<p>Cells without a number (<span style=\"color:#888;font-style:italic\">skipped</span>, <i>failed</i>, <i>misplaced</i>, <i>n/a</i>) carry a numbered reason in their table's caption.</p>\n");
	toc(f, rep);
	for (size_t i = 0; i < rep->nsections; i++) {
		const struct report_section *s = &rep->sections[i];

		if (s->appendix && !in_appendix) {
			fprintf(f, "<h1 id=\"appendix\">Appendix</h1>\n<p>");
			render_escaped(f, report_appendix_note, html_escape);
			fprintf(f, "</p>\n");
			in_appendix = 1;
		}
		fprintf(f, "<h2 id=\"s%zu\">", i + 1);
		render_escaped(f, s->title, html_escape);
		fprintf(f, "</h2>\n");
		for (size_t j = 0; j < s->nitems; j++) {
			const struct report_item *it = &s->items[j];
			/* a table and the plot drawn from it, side by side */
			int pair = it->kind == ITEM_TABLE && j + 1 < s->nitems &&
				   s->items[j + 1].kind == ITEM_PLOT &&
				   s->items[j + 1].plot.beside_table;

			switch (it->kind) {
			case ITEM_HEADING:
				fprintf(f, "<h3 id=\"s%zu-%zu\">", i + 1, j + 1);
				render_escaped(f, it->note, html_escape);
				fprintf(f, "</h3>\n");
				break;
			case ITEM_NOTE:
				fprintf(f, "<p>");
				render_escaped(f, it->note, html_escape);
				fprintf(f, "</p>\n");
				break;
			case ITEM_CONDITIONS:
				fprintf(f, "<p class=\"cond\"><b>Conditions.</b> ");
				render_escaped(f, it->note, html_escape);
				fprintf(f, "</p>\n");
				break;
			case ITEM_TABLE:
				if (pair)
					fprintf(f, "<div class=\"pair\">\n");
				table_render(f, &it->table, FMT_HTML);
				if (pair) {
					figure(f, &s->items[++j].plot);
					fprintf(f, "</div>\n");
				}
				break;
			case ITEM_PLOT:
				figure(f, &it->plot);
				break;
			}
		}
	}
	fprintf(f, "</body>\n</html>\n");
	return out_close(&o, err, errlen);
}
