// SPDX-License-Identifier: GPL-2.0
/*
 * Plain text: the title, an aligned grid (labels left, numbers right),
 * marks as a suffix ("!" significantly worse, "+" better), the caption.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

const char *render_mark_suffix(enum table_mark m)
{
	if (m == MARK_REGRESSION)
		return " !";
	if (m == MARK_IMPROVEMENT)
		return " +";
	return "";
}

int render_escaped(FILE *f, const char *s, const char *(*esc)(char c))
{
	for (; *s; s++) {
		const char *e = esc ? esc(*s) : NULL;

		if (e ? fputs(e, f) < 0 : putc(*s, f) == EOF)
			return -1;
	}
	return 0;
}

static void cell_text(const struct table_cell *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", c->text, c->sub[0] ? " " : "", c->sub,
		 render_mark_suffix(c->mark));
}

int render_text(FILE *f, const struct table *t)
{
	size_t *w = calloc(t->ncols + 1, sizeof(*w));
	char buf[336];	/* a cell: text, sub and mark */
	int ret = 0;

	if (!w)
		return -1;
	/* column 0 holds the row labels */
	w[0] = strlen(t->corner);
	for (size_t r = 0; r < t->nrows; r++)
		if (strlen(t->row_label[r]) > w[0])
			w[0] = strlen(t->row_label[r]);
	for (size_t c = 0; c < t->ncols; c++) {
		w[c + 1] = strlen(t->col_label[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			cell_text(&t->cells[r * t->ncols + c], buf, sizeof(buf));
			if (strlen(buf) > w[c + 1])
				w[c + 1] = strlen(buf);
		}
	}
	if (t->title[0])
		fprintf(f, "%s\n", t->title);
	fprintf(f, "%-*s", (int)w[0], t->corner);
	for (size_t c = 0; c < t->ncols; c++)
		fprintf(f, "  %*s", (int)w[c + 1], t->col_label[c]);
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		fprintf(f, "%-*s", (int)w[0], t->row_label[r]);
		for (size_t c = 0; c < t->ncols; c++) {
			cell_text(&t->cells[r * t->ncols + c], buf, sizeof(buf));
			fprintf(f, "  %*s", (int)w[c + 1], buf);
		}
		fputc('\n', f);
	}
	if (t->caption[0])
		fprintf(f, "%s\n", t->caption);
	if (ferror(f))
		ret = -1;
	free(w);
	return ret;
}
