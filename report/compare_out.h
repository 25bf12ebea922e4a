/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What compare and regress share: load the run directories, compare, print
 * the result and write it into a directory in several formats, and map the
 * outcome to the exit code (0 none, 1 significant regression, 2 bad input).
 */
#ifndef REPORT_COMPARE_OUT_H
#define REPORT_COMPARE_OUT_H

#include <stddef.h>

#include "compare.h"

#define COMPARE_FORMATS "text,csv,md,tex,html,json"

struct compare_opts {
	struct compare_conf conf;	/* threshold, metric, allow flags */
	unsigned formats;	/* bit mask of enum compare_format; 0: all */
	const char *out;	/* directory for the files, or NULL */
	int quiet;		/* summary only on stdout */
};

enum compare_format { CF_TEXT, CF_CSV, CF_MD, CF_TEX, CF_HTML, CF_JSON,
		      CF_COUNT };

/* "text,md" into a mask; 0, or -1 naming the bad item in err. */
int compare_parse_formats(const char *list, unsigned *mask, char *err,
			  size_t errlen);

/* Load dirs[0..n), compare, print, write files: the command's exit code. */
int compare_dirs(const char *const *dirs, size_t n,
		 const struct compare_opts *o);

#endif
