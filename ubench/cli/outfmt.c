// SPDX-License-Identifier: GPL-2.0
/* --format text|json: see outfmt.h. */
#include "outfmt.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

int out_format_parse(const char *cmd, const char *arg, enum out_format *fmt)
{
	if (!strcmp(arg, "text"))
		*fmt = OUT_TEXT;
	else if (!strcmp(arg, "json"))
		*fmt = OUT_JSON;
	else
		return nb_error(EXIT_USAGE,
				"%s: --format: '%s' is not a format; expected text or json",
				cmd, arg);
	return 0;
}

int out_json_print(const char *cmd, json_t *doc, int build_err)
{
	int bad = !doc || build_err;

	if (!bad) {
		bad = json_dumpf(doc, stdout, JSON_COMPACT | JSON_ENSURE_ASCII);
		bad |= putchar('\n') == EOF || fflush(stdout);
	}
	json_decref(doc);
	if (bad)
		return nb_error(EXIT_FAIL, "%s: cannot write the JSON document",
				cmd);
	return EXIT_OK;
}
