/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading results.csv back (RFC 4180: quoted fields with doubled quotes,
 * commas and newlines inside quotes), for tests, report and compare.
 */
#ifndef UBENCH_CSVREAD_H
#define UBENCH_CSVREAD_H

#include <stddef.h>

struct csv_table {
	size_t ncols;
	char **header;		/* ncols names */
	size_t nrows;
	char ***rows;		/* nrows x ncols fields, never NULL */
	char *buf;		/* storage behind every field */
};

/*
 * Read path. Every row must have as many fields as the header. 0, or -1
 * with a message naming the file and line in err.
 */
int csv_read(const char *path, struct csv_table *t, char *err, size_t errlen);
void csv_table_free(struct csv_table *t);

/* Index of column name, or -1. */
int csv_col(const struct csv_table *t, const char *name);

#endif
