// SPDX-License-Identifier: GPL-2.0
/* counters.csv: see metrics.h. */
#include "metrics.h"

#include <math.h>
#include <sys/stat.h>

static const char header[] =
	"run_id,suite,test,allocator,policy,cpu_node,mem_node,cpu,size_bytes,"
	"order,batch,mode,threads,rep,metric,value\n";

FILE *metrics_open(const char *dir)
{
	char path[4096];
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/counters.csv", dir);
	f = fopen(path, "ae");
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && st.st_size == 0)
		fputs(header, f);
	return f;
}

int metrics_put(FILE *f, const struct result_row *w, const char *name,
		double value)
{
	char key[1024];

	if (csv_format_key(key, sizeof(key), w) < 0)
		return -1;
	/* counts exactly; measured quantities to 6 significant digits */
	if (value == floor(value) && fabs(value) < 9e15)
		fprintf(f, "%s%s,%.0f\n", key, name, value);
	else
		fprintf(f, "%s%s,%.6g\n", key, name, value);
	return ferror(f) ? -1 : 0;
}
