// SPDX-License-Identifier: GPL-2.0
/* counters.csv: see metrics.h. */
#include "metrics.h"

#include <inttypes.h>
#include <math.h>
#include <sys/stat.h>

static const char header[] =
	"run_id,suite,test,allocator,policy,cpu_node,mem_node,size_bytes,"
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

/* Text key fields hold names (no comma or quote): written as they are. */
int metrics_put(FILE *f, const struct result_row *w, const char *name,
		double value)
{
	fprintf(f, "%s,%s,%s,%s,%s,", w->run_id, w->suite, w->test,
		w->allocator ? w->allocator : "", w->policy ? w->policy : "");
	if (w->cpu_node >= 0)
		fprintf(f, "%d", w->cpu_node);
	fputc(',', f);
	if (w->mem_node >= 0)
		fprintf(f, "%d", w->mem_node);
	fprintf(f, ",%" PRIu64 ",", w->size_bytes);
	if (w->order >= 0)
		fprintf(f, "%d", w->order);
	fprintf(f, ",%u,%s,%u,%u,%s,", w->batch, w->mode ? w->mode : "",
		w->threads, w->rep, name);
	/* counts exactly; measured quantities to 6 significant digits */
	if (value == floor(value) && fabs(value) < 9e15)
		fprintf(f, "%.0f\n", value);
	else
		fprintf(f, "%.6g\n", value);
	return ferror(f) ? -1 : 0;
}
