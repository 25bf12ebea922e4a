// SPDX-License-Identifier: GPL-2.0
/*
 * The report as one self-contained HTML page: inline CSS, the tables as
 * <table> fragments (render_html.c), the SVG plots read back from
 * plots/<id>.svg and inlined; no external resource, so the file can be
 * mailed or archived alone.
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
	"figure{margin:1em 0}figure svg{width:100%;max-width:760px;height:auto}\n"
	"figcaption{font-size:.85em;color:#444}\n"
	".pair{display:flex;flex-wrap:wrap;gap:2em;align-items:center}\n"
	".pair table.nb{min-width:0}.pair figure svg{max-width:520px}\n"
	"p.cond{background:#f4f4f4;padding:.5em .8em;font-size:.9em}\n"
	"nav.toc ul{margin:.2em 0}nav.toc{font-size:.95em}\n";

/* Copy plots/<id>.svg from its <svg element on (the XML prolog cannot sit in HTML). */
static int inline_svg(FILE *f, const char *dir, const char *id)
{
	char path[4200], buf[8192];
	FILE *in;
	size_t n;
	int started = 0;

	snprintf(path, sizeof(path), "%s/plots/%s.svg", dir, id);
	in = fopen(path, "r");
	if (!in)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf) - 1, in)) > 0) {
		char *p = buf;

		buf[n] = 0;
		if (!started) {
			p = strstr(buf, "<svg");
			if (!p)
				continue;	/* prolog longer than a buffer */
			started = 1;
		}
		fwrite(p, 1, n - (size_t)(p - buf), f);
	}
	fclose(in);
	return started ? 0 : -1;
}

/* The sections and their headings, linked to the ids the page gives them. */
static void toc(FILE *f, const struct report *rep)
{
	fprintf(f, "<nav class=\"toc\">\n<h2>Contents</h2>\n<ul>\n");
	for (size_t i = 0; i < rep->nsections; i++) {
		const struct report_section *s = &rep->sections[i];
		int open = 0;

		fprintf(f, "<li><a href=\"#s%zu\">", i + 1);
		render_escaped(f, s->title, html_escape);
		fprintf(f, "</a>");
		for (size_t j = 0; j < s->nitems; j++) {
			if (s->items[j].kind != ITEM_HEADING)
				continue;
			fprintf(f, "%s<li><a href=\"#s%zu-%zu\">",
				open ? "" : "\n<ul>", i + 1, j + 1);
			render_escaped(f, s->items[j].note, html_escape);
			fprintf(f, "</a></li>\n");
			open = 1;
		}
		fprintf(f, "%s</li>\n", open ? "</ul>" : "");
	}
	fprintf(f, "</ul>\n</nav>\n");
}

static void figure(FILE *f, const char *dir, const struct plot *p)
{
	fprintf(f, "<figure id=\"fig-%s\">\n", p->id);
	if (inline_svg(f, dir, p->id))
		fprintf(f, "<p>(plot plots/%s.svg missing)</p>", p->id);
	fprintf(f, "\n<figcaption>");
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
	FILE *f;

	if (out_open(&o, dir, "report.html", err, errlen))
		return -1;
	f = o.f;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	render_escaped(f, rep->title, html_escape);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	render_escaped(f, rep->title, html_escape);
	fprintf(f, "</h1>\n<p>Cells marked <span style=\"color:#888;font-style:italic\">skipped</span> or <i>failed</i> carry a numbered reason in the table's caption; n/a: the run has no such cell.</p>\n");
	toc(f, rep);
	for (size_t i = 0; i < rep->nsections; i++) {
		const struct report_section *s = &rep->sections[i];

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
					figure(f, dir, &s->items[++j].plot);
					fprintf(f, "</div>\n");
				}
				break;
			case ITEM_PLOT:
				figure(f, dir, &it->plot);
				break;
			}
		}
	}
	fprintf(f, "</body>\n</html>\n");
	return out_close(&o, err, errlen);
}
