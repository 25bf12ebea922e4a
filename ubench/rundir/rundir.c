// SPDX-License-Identifier: GPL-2.0
/* The run directory: see rundir.h. */
#include "rundir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"
#include "util/fileutil.h"
#include "hist.h"
#include "json.h"

void rundir_new_id(char *buf, size_t len)
{
	char host[64] = "host";
	time_t now = time(NULL);
	struct tm tm;

	gethostname(host, sizeof(host) - 1);
	host[strcspn(host, ".")] = '\0';
	localtime_r(&now, &tm);
	snprintf(buf, len, "%04d%02d%02d-%02d%02d%02d-%s", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 host);
}

int rundir_create(const char *path, char *err, size_t errlen)
{
	char csv[PATH_MAX];

	snprintf(csv, sizeof(csv), "%s/results.csv", path);
	if (access(csv, F_OK) == 0) {
		snprintf(err, errlen, "--out: '%s' already holds a run; choose a new directory",
			 path);
		return -1;
	}
	if (mkdir_p(path)) {
		snprintf(err, errlen, "--out: cannot create '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int rundir_open(struct rundir *r, const char *path, const char *run_id,
		char *err, size_t errlen)
{
	char f[PATH_MAX + 32];

	memset(r, 0, sizeof(*r));
	r->csv_fd = -1;
	snprintf(r->path, sizeof(r->path), "%s", path);
	snprintf(r->run_id, sizeof(r->run_id), "%s", run_id);
	snprintf(f, sizeof(f), "%s/results.csv", path);
	r->csv_fd = open(f, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (r->csv_fd < 0 || csv_write_header(r->csv_fd))
		goto fail;
	snprintf(f, sizeof(f), "%s/hist.jsonl", path);
	r->hist = fopen(f, "ae");
	if (!r->hist)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "cannot write '%s': %s", f, strerror(errno));
	rundir_close(r);
	return -1;
}

void rundir_close(struct rundir *r)
{
	if (r->csv_fd >= 0) {
		fsync(r->csv_fd);
		close(r->csv_fd);
	}
	if (r->hist)
		fclose(r->hist);
	r->csv_fd = -1;
	r->hist = NULL;
}

int rundir_write_atomic(const char *dir, const char *name,
			int (*fill)(FILE *f, const void *arg), const void *arg)
{
	char tmp[PATH_MAX + 64], dst[PATH_MAX + 64];
	FILE *f;
	int ret;

	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	f = fopen(tmp, "we");
	if (!f)
		return -1;
	ret = fill(f, arg);
	if (fflush(f) || fsync(fileno(f)))
		ret = -1;
	if (fclose(f))
		ret = -1;
	if (!ret && rename(tmp, dst))
		ret = -1;
	if (ret)
		unlink(tmp);
	return ret;
}

static void kv_str(FILE *f, const char *key, const char *v)
{
	fprintf(f, ",\"%s\":", key);
	json_str(f, v ? v : "");
}

int rundir_write_hist(FILE *f, const char *run_id, const struct result_row *row,
		      const char *unit, unsigned long long tsc_khz,
		      const struct hist *h)
{
	fputs("{\"run_id\":", f);
	json_str(f, run_id);
	kv_str(f, "suite", row->suite);
	kv_str(f, "test", row->test);
	kv_str(f, "allocator", row->allocator);
	kv_str(f, "policy", row->policy);
	fprintf(f, ",\"cpu_node\":%d,\"mem_node\":%d,\"size_bytes\":%llu,"
		"\"order\":%d,\"batch\":%u,\"threads\":%u,\"rep\":%u",
		row->cpu_node, row->mem_node,
		(unsigned long long)row->size_bytes, row->order, row->batch,
		row->threads, row->rep);
	kv_str(f, "unit", unit);
	fprintf(f, ",\"tsc_khz\":%llu,\"hist\":", tsc_khz);
	if (hist_write_json(f, h))
		return -1;
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}
