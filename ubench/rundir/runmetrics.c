// SPDX-License-Identifier: GPL-2.0
/* counters.csv read back: see runmetrics.h. */
#include "runmetrics.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileutil.h"

#define COUNTERS_MAX (256u << 20)	/* as results.csv: larger is not ours */

/*
 * Whether line (without its newline) is metric's, and its value. The
 * last two fields are metric and value, never quoted (metrics.c), so the
 * key columns before them need no parsing.
 */
static int line_value(char *line, const char *metric, const char **value)
{
	char *v = strrchr(line, ','), *m;

	if (!v)
		return 0;
	*v = '\0';
	m = strrchr(line, ',');
	*v = ',';
	m = m ? m + 1 : line;
	if ((size_t)(v - m) != strlen(metric) || strncmp(m, metric, v - m))
		return 0;
	*value = v + 1;
	return 1;
}

int run_metric_range(const char *dir, const char *metric,
		     struct metric_range *out, char *err, size_t errlen)
{
	char path[4200], *text, *line, *nl;
	size_t len, ln = 0;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path), "%s/counters.csv", dir);
	text = file_read_all(path, COUNTERS_MAX, &len);
	if (!text && errno == ENOENT)
		return 0;
	if (!text) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -1;
	}
	for (line = text; *line; line = nl ? nl + 1 : line + strlen(line)) {
		const char *value;
		char *end;
		double x;

		ln++;
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!line_value(line, metric, &value))
			continue;
		x = strtod(value, &end);
		if (!*value || *end || !isfinite(x)) {
			snprintf(err, errlen, "%s:%zu: %s '%s' is not a number",
				 path, ln, metric, value);
			ret = -1;
			break;
		}
		out->min = out->n && out->min < x ? out->min : x;
		out->max = out->n && out->max > x ? out->max : x;
		out->n++;
	}
	free(text);
	return ret;
}
