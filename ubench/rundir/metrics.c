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

void metrics_row_start(struct metrics_row *m, FILE *f,
		       const struct result_row *w)
{
	m->f = f;
	m->bad = csv_format_key(m->key, sizeof(m->key), w) < 0;
}

int metrics_put(struct metrics_row *m, const char *name, double value)
{
	if (m->bad)
		return -1;
	/* counts exactly (as integers: no float formatting); measured
	 * quantities to 6 significant digits */
	if (value == floor(value) && fabs(value) < 9e15)
		fprintf(m->f, "%s%s,%lld\n", m->key, name, (long long)value);
	else
		fprintf(m->f, "%s%s,%.6g\n", m->key, name, value);
	return ferror(m->f) ? -1 : 0;
}
