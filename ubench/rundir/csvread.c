// SPDX-License-Identifier: GPL-2.0
/* Reading results.csv: see csvread.h. */
#include "csvread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileutil.h"

/*
 * Split one record in place starting at *p: fields are unquoted into the
 * same buffer. Returns the field count (up to cap), -1 on a bad quote;
 * *p moves past the record's newline.
 */
static int split_record(char **p, char **fields, size_t cap)
{
	char *r = *p, *w = *p;
	size_t n = 0;

	for (;;) {
		char *start = w;

		if (*r == '"') {
			for (r++;; r++) {
				if (!*r)
					return -1;
				if (*r == '"' && r[1] == '"')
					*w++ = *r++;
				else if (*r == '"')
					break;
				else
					*w++ = *r;
			}
			r++;
		} else {
			while (*r && *r != ',' && *r != '\n' && *r != '\r')
				*w++ = *r++;
		}
		if (n < cap)
			fields[n] = start;
		n++;
		if (*r == ',') {
			*w++ = '\0';
			r++;
			continue;
		}
		if (*r && *r != '\n' && *r != '\r')
			return -1;
		if (*r == '\r')
			r++;
		if (*r == '\n')
			r++;
		*w = '\0';	/* w <= the old r: written after r moved on */
		*p = r;
		return (int)n;
	}
}

int csv_read(const char *path, struct csv_table *t, char *err, size_t errlen)
{
	char *fields[256], *p;
	size_t len, cap = 0, line = 1;
	int n;

	memset(t, 0, sizeof(*t));
	t->buf = file_read_all(path, (size_t)1 << 30, &len);
	if (!t->buf) {
		snprintf(err, errlen, "cannot read '%s'", path);
		return -1;
	}
	p = t->buf;
	n = *p ? split_record(&p, fields, 256) : 0;
	if (n <= 0 || n > 256) {
		snprintf(err, errlen, "%s: no header line", path);
		goto fail;
	}
	t->ncols = (size_t)n;
	t->header = malloc(t->ncols * sizeof(char *));
	if (!t->header)
		goto oom;
	memcpy(t->header, fields, t->ncols * sizeof(char *));
	while (*p) {
		line++;
		n = split_record(&p, fields, 256);
		if (n < 0 || (size_t)n != t->ncols) {
			snprintf(err, errlen, "%s:%zu: %d fields, expected %zu (truncated or malformed row)",
				 path, line, n, t->ncols);
			goto fail;
		}
		if (t->nrows == cap) {
			char ***rows;

			cap = cap ? cap * 2 : 256;
			rows = realloc(t->rows, cap * sizeof(*rows));
			if (!rows)
				goto oom;
			t->rows = rows;
		}
		t->rows[t->nrows] = malloc(t->ncols * sizeof(char *));
		if (!t->rows[t->nrows])
			goto oom;
		memcpy(t->rows[t->nrows++], fields, t->ncols * sizeof(char *));
	}
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory", path);
fail:
	csv_table_free(t);
	return -1;
}

void csv_table_free(struct csv_table *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i]);
	free(t->rows);
	free(t->header);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

int csv_col(const struct csv_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->header[i], name))
			return (int)i;
	return -1;
}
