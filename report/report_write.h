/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing a built report into DIR, one function per format. Plots are
 * expected in DIR/plots/<id>.svg and .pdf (plot_render_all). Files are
 * written as temp + rename. Each returns 0, or -1 with one line in err.
 *
 * Owner: report (report/report_write.c, report/html_page.c).
 */
#ifndef REPORT_WRITE_H
#define REPORT_WRITE_H

#include <stddef.h>

#include "report_doc.h"

/* DIR/report.md: GitHub Markdown, plots as image links. */
int report_write_md(const struct report *rep, const char *dir, char *err,
		    size_t errlen);
/* DIR/report.txt: aligned plain text. */
int report_write_text(const struct report *rep, const char *dir, char *err,
		      size_t errlen);
/*
 * DIR/tables/<id>.tex (one booktabs table each, fitted to a two-column
 * paper) and DIR/figures/<id>.tex (one plot each at \columnwidth), each
 * to \input in a paper, and DIR/report.tex, a two-column document that
 * \inputs them all, the appendix sections after \appendix.
 */
int report_write_tex(const struct report *rep, const char *dir, char *err,
		     size_t errlen);
/* DIR/report.html: one page, each SVG plot an image of plots/ (html_page.c). */
int report_write_html(const struct report *rep, const char *dir, char *err,
		      size_t errlen);

/* Open DIR/NAME.tmp for writing; report_close renames it to DIR/NAME. */
struct out_file {
	char path[4096], tmp[4200];
	void *f;		/* FILE * */
};
int out_open(struct out_file *o, const char *dir, const char *name, char *err,
	     size_t errlen);
int out_close(struct out_file *o, char *err, size_t errlen);

#endif
