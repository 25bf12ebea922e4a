/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tables written in a format: table_render() (render.c) and the renderers
 * behind it, one file per format, and the cell text they share. Each
 * returns 0, or -1 on a write error.
 */
#ifndef REPORT_RENDER_H
#define REPORT_RENDER_H

#include <stdio.h>

#include "table.h"

/*
 * Render t in one format to f: aligned plain text with marks; GitHub
 * Markdown; LaTeX booktabs (a complete table environment to \input);
 * an HTML <table> fragment (classes reg/imp/skip, colours in the page CSS).
 * Text is escaped for the format. 0, or -1 on a write error.
 */
int table_render(FILE *f, const struct table *t, enum table_format fmt);

int render_text(FILE *f, const struct table *t);	/* render_text.c */
int render_md(FILE *f, const struct table *t);		/* render_md.c */
int render_tex(FILE *f, const struct table *t);	/* render_tex.c */
int render_html(FILE *f, const struct table *t);	/* render_html.c */

/* A cell's mark as the plain-text suffix: " !" regression, " +" improvement. */
const char *render_mark_suffix(enum table_mark m);	/* render_text.c */

/*
 * Write s to f with each character c replaced by esc(c) when that is not
 * NULL. Returns 0 or -1 on a write error.
 */
int render_escaped(FILE *f, const char *s, const char *(*esc)(char c));

/* One character's escape in each format, NULL when it stands as is. */
const char *md_escape(char c);		/* render_md.c */
const char *tex_escape(char c);		/* render_tex.c */
const char *html_escape(char c);	/* render_html.c */
/* \label and file names: letters, digits, '-', '.', ':' kept, others '-'. */
const char *tex_label_escape(char c);	/* render_tex.c */

#endif
