// SPDX-License-Identifier: GPL-2.0
/* Minimal JSON output helpers: see json.h. */
#include "json.h"

void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void json_kv_str(FILE *f, int first, const char *key, const char *val)
{
	fprintf(f, "%s\"%s\": ", first ? "" : ",\n  ", key);
	json_str(f, val);
}
