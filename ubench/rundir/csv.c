// SPDX-License-Identifier: GPL-2.0
/*
 * results.csv rows. A row is built in memory first so that it reaches the
 * file in one write(2): a run killed between rows leaves a valid CSV.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"

static const char header[] =
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node,mem_node,cpu,"
	"size_bytes,order,batch,mode,threads,rep,samples,disturbed,"
	"failed_samples,off_path,failures,misplaced,"
	"min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
	"overhead_ns,timer_bound,ci95_pct,stop,ops_per_s,fairness,status,note\n";

const char *csv_header(void)
{
	return header;
}

/* An append-only cursor into the caller's buffer; overflow sticks. */
struct out {
	char *buf;
	size_t len, pos;
	int overflow;
};

static void put_char(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos++] = c;
	else
		o->overflow = 1;
}

static void __attribute__((format(printf, 2, 3)))
put_fmt(struct out *o, const char *fmt, ...)
{
	size_t room = o->pos < o->len ? o->len - o->pos : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		o->overflow = 1;
	else
		o->pos += (size_t)n;
}

/* RFC 4180: quote a field holding a separator, a quote or a line break. */
static void put_text(struct out *o, const char *s)
{
	if (!s)
		s = "";
	if (!strpbrk(s, ",\"\r\n")) {
		put_fmt(o, "%s,", s);
		return;
	}
	put_char(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			put_char(o, '"');
		put_char(o, *s);
	}
	put_fmt(o, "\",");
}

static void put_u64(struct out *o, uint64_t v)
{
	put_fmt(o, "%" PRIu64 ",", v);
}

static void put_count(struct out *o, int64_t v)
{
	if (v == CSV_NA)
		put_char(o, ',');
	else
		put_fmt(o, "%" PRId64 ",", v);
}

/* A value that could not be measured (NaN) is NA, never "nan". */
static void put_ns(struct out *o, double v)
{
	if (isfinite(v))
		put_fmt(o, "%.1f,", v);
	else
		put_char(o, ',');
}

/* A key's text: "none" where it does not apply, never empty (schema 8). */
static void put_key_text(struct out *o, const char *s)
{
	put_text(o, s && s[0] ? s : CSV_NONE);
}

/* A key's number: -1 where it does not apply, never empty (schema 8). */
static void put_key_int(struct out *o, int v)
{
	put_fmt(o, "%d,", v < 0 ? CSV_NA : v);
}

/* What names a cell and its repetition: suite .. rep. */
static void put_cell(struct out *o, const struct result_row *r)
{
	put_text(o, r->suite);
	put_text(o, r->test);
	put_key_text(o, r->allocator);
	put_key_text(o, r->policy);
	put_key_int(o, r->cpu_node);
	put_key_int(o, r->mem_node);
	put_key_int(o, r->cpu);
	put_u64(o, r->size_bytes);
	put_key_int(o, r->order);
	put_u64(o, r->batch);
	put_key_text(o, r->mode);
	put_u64(o, r->threads);
	put_u64(o, r->rep);
}

static void put_ids(struct out *o, const struct result_row *r)
{
	put_text(o, r->run_id);
	put_text(o, r->host);
	put_text(o, r->kernel);
	put_cell(o, r);
	put_u64(o, r->samples);
	put_count(o, r->disturbed);
	put_count(o, r->failed_samples);
	put_count(o, r->off_path);
	put_u64(o, r->failures);
	put_u64(o, r->misplaced);
}

/*
 * 1 when the median timed region (p50 per op x ops per region) is under
 * 10 timer overheads: the timer is then over ~10 % of what the row shows.
 */
static void put_timer_bound(struct out *o, const struct result_row *r)
{
	if (!r->region_ops || !isfinite(r->p50_ns) || !isfinite(r->overhead_ns))
		put_char(o, ',');
	else
		put_fmt(o, "%d,", csv_timer_bound(r->p50_ns, r->region_ops,
						  r->overhead_ns));
}

int csv_timer_bound(double p50_ns, unsigned region_ops, double overhead_ns)
{
	return p50_ns * region_ops < 10 * overhead_ns;
}

static void put_times(struct out *o, const struct result_row *r)
{
	put_ns(o, r->min_ns);
	put_ns(o, r->p50_ns);
	put_ns(o, r->p90_ns);
	put_ns(o, r->p99_ns);
	put_ns(o, r->p999_ns);
	put_ns(o, r->max_ns);
	put_ns(o, r->mean_ns);
	put_ns(o, r->stddev_ns);
	put_ns(o, r->overhead_ns);
	put_timer_bound(o, r);
	if (isfinite(r->ci95_pct))
		put_fmt(o, "%.2f,", r->ci95_pct);
	else
		put_char(o, ',');
	put_text(o, r->stop);
}

/* Throughput and fairness of a row's threads; 0 (never measured) -> empty. */
static void put_load(struct out *o, const struct result_row *r)
{
	if (r->ops_per_s > 0 && isfinite(r->ops_per_s))
		put_fmt(o, "%.1f,", r->ops_per_s);
	else
		put_char(o, ',');
	if (r->fairness > 0 && isfinite(r->fairness))
		put_fmt(o, "%.4f,", r->fairness);
	else
		put_char(o, ',');
}

int csv_format_key(char *buf, size_t len, const struct result_row *r)
{
	struct out o = { .buf = buf, .len = len };

	if (!len)
		return -1;
	put_text(&o, r->run_id);
	put_cell(&o, r);
	if (o.overflow)
		return -1;
	buf[o.pos] = '\0';
	return (int)o.pos;
}

int csv_format_row(char *buf, size_t len, const struct result_row *r)
{
	struct out o = { .buf = buf, .len = len };

	if (!len)
		return -1;
	put_ids(&o, r);
	put_times(&o, r);
	put_load(&o, r);
	put_text(&o, r->status);
	put_text(&o, r->note);
	/* Every field ended with ','; the last one becomes the newline. */
	if (o.overflow || o.pos == 0)
		return -1;
	buf[o.pos - 1] = '\n';
	buf[o.pos] = '\0';
	return (int)o.pos;
}

/*
 * One write(2) for the whole line; the loop only resumes after a signal or a
 * short write, which a regular file opened O_APPEND does not produce.
 */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int csv_write_header(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	if (st.st_size > 0)
		return 0;
	return write_all(fd, header, sizeof(header) - 1);
}

/* Rows are short; only a long note needs more than the stack buffer. */
int csv_write_row(int fd, const struct result_row *r)
{
	char small[1024], *buf = small;
	size_t len = sizeof(small);
	int n, ret;

	while ((n = csv_format_row(buf, len, r)) < 0) {
		if (buf != small)
			free(buf);
		len *= 4;
		buf = len <= (64u << 20) ? malloc(len) : NULL;
		if (!buf) {
			errno = ENOMEM;
			return -1;
		}
	}
	ret = write_all(fd, buf, (size_t)n);
	if (buf != small)
		free(buf);
	return ret;
}
