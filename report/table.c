// SPDX-License-Identifier: GPL-2.0
/* Table storage, the format list, and dispatch to the renderers. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

int table_init(struct table *t, size_t nrows, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->nrows = nrows;
	t->ncols = ncols;
	/* calloc(0) may return NULL: keep at least one element */
	t->row_label = calloc(nrows ? nrows : 1, sizeof(*t->row_label));
	t->col_label = calloc(ncols ? ncols : 1, sizeof(*t->col_label));
	t->cells = calloc(nrows && ncols ? nrows * ncols : 1, sizeof(*t->cells));
	if (!t->row_label || !t->col_label || !t->cells) {
		table_free(t);
		return -1;
	}
	return 0;
}

void table_free(struct table *t)
{
	free(t->row_label);
	free(t->col_label);
	free(t->cells);
	t->row_label = NULL;
	t->col_label = NULL;
	t->cells = NULL;
	t->nrows = t->ncols = 0;
}

struct table_cell *table_at(struct table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	return &t->cells[row * t->ncols + col];
}

static const char *const format_names[] = {
	[FMT_TEXT] = "text", [FMT_MD] = "md", [FMT_TEX] = "tex",
	[FMT_HTML] = "html",
};

const char *table_format_name(enum table_format fmt)
{
	return fmt <= FMT_HTML ? format_names[fmt] : "?";
}

int table_parse_formats(const char *list, unsigned *mask, char *err,
			size_t errlen)
{
	const char *p = list;

	*mask = 0;
	if (!list || !*list) {
		snprintf(err, errlen, "--format: empty list; expected a comma-separated subset of md,tex,html,text");
		return -1;
	}
	for (;;) {
		size_t n = strcspn(p, ",");
		unsigned i;

		for (i = 0; i <= FMT_HTML; i++)
			if (strlen(format_names[i]) == n &&
			    !strncmp(p, format_names[i], n))
				break;
		if (i > FMT_HTML) {
			snprintf(err, errlen, "--format: '%.*s' is not a format; expected a comma-separated subset of md,tex,html,text",
				 (int)(n > 32 ? 32 : n), p);
			return -1;
		}
		*mask |= 1u << i;
		if (!p[n])
			break;
		p += n + 1;
	}
	return 0;
}
