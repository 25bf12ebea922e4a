// SPDX-License-Identifier: GPL-2.0
/* The run directory: see rundir.h. */
#include "rundir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"
#include "util/fileutil.h"
#include "hist.h"
#include "jsonput.h"
#include "metrics.h"

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

int rundir_check(const char *path, char *err, size_t errlen)
{
	char csv[PATH_MAX];
	struct stat st;

	if (!path[0]) {
		snprintf(err, errlen, "--out: empty; name a directory");
		return -1;
	}
	if (!stat(path, &st) && !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--out: '%s' exists and is not a directory; choose a new directory",
			 path);
		return -1;
	}
	snprintf(csv, sizeof(csv), "%s/results.csv", path);
	if (access(csv, F_OK) == 0) {
		snprintf(err, errlen, "--out: '%s' already holds a run; choose a new directory",
			 path);
		return -1;
	}
	return 0;
}

int rundir_create(const char *path, char *err, size_t errlen)
{
	if (rundir_check(path, err, errlen))
		return -1;
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
	snprintf(f, sizeof(f), "%s/counters.csv", path);
	r->metrics = metrics_open(path);
	if (!r->metrics)
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
	if (r->metrics)
		fclose(r->metrics);
	r->csv_fd = -1;
	r->hist = NULL;
	r->metrics = NULL;
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

/* A NULL text column is written "". */
static void put_str(json_t *o, const char *key, const char *v, int *err)
{
	jput(o, key, json_string(v ? v : ""), err);
}

int rundir_write_hist(FILE *f, const char *run_id, const struct result_row *row,
		      const char *unit, unsigned long long tsc_khz,
		      const struct hist *h)
{
	json_t *o = json_object();
	int err = 0;

	jput(o, "run_id", jstr_or_null(run_id), &err);
	put_str(o, "suite", row->suite, &err);
	put_str(o, "test", row->test, &err);
	put_str(o, "allocator", row->allocator, &err);
	put_str(o, "policy", row->policy, &err);
	jput(o, "cpu_node", json_integer(row->cpu_node), &err);
	jput(o, "mem_node", json_integer(row->mem_node), &err);
	jput(o, "size_bytes", ju64(row->size_bytes), &err);
	jput(o, "order", json_integer(row->order), &err);
	jput(o, "batch", json_integer(row->batch), &err);
	put_str(o, "mode", row->mode, &err);
	jput(o, "threads", json_integer(row->threads), &err);
	jput(o, "rep", json_integer(row->rep), &err);
	put_str(o, "unit", unit, &err);
	jput(o, "tsc_khz", ju64(tsc_khz), &err);
	jput(o, "hist", hist_json(h), &err);
	if (!err && (json_dumpf(o, f, JSON_COMPACT) || fputc('\n', f) == EOF))
		err = -1;
	json_decref(o);
	return err || ferror(f) ? -1 : 0;
}
