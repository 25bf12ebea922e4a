// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a run directory back: see run.h. results.csv is the source of
 * the cells; hist.jsonl adds each cell's histogram merged over its
 * repetitions; meta.json says what the run was and which schema it uses.
 */
#include "runload.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "csvread.h"
#include "util/fileutil.h"

#define RUN_MAX_FILE (256u << 20)	/* a run's text file; larger is not ours */

/*
 * Any value (one that is not an object fails as such, below), and \u0000
 * in a string, which then ends there.
 */
#define LOAD_FLAGS (JSON_DECODE_ANY | JSON_ALLOW_NUL)

/* ---- JSON members ---- */

/*
 * Typed reads of member key of object o: 0 and *out set, or -1 when o is
 * not an object, or the member is absent, null or of another type (then
 * *out is untouched). Integers must be integers ("5", not "5.0"), in
 * range; u64 refuses negatives. (jansson refuses integers beyond
 * INT64_MAX when it parses.)
 */
/*
 * A string, or an integer as its decimal text: meta.json before schema 8
 * wrote init_on_alloc, numa_balancing and smt as strings ("1"), since
 * then as numbers (1); both read back as "1".
 */
static int get_str(const json_t *o, const char *key, char *out, size_t len)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v)) {
		snprintf(out, len, "%lld", (long long)json_integer_value(v));
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	snprintf(out, len, "%s", json_string_value(v));
	return 0;
}

static int get_u64(const json_t *o, const char *key, uint64_t *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int get_int(const json_t *o, const char *key, int *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < INT_MIN ||
	    json_integer_value(v) > INT_MAX)
		return -1;
	*out = (int)json_integer_value(v);
	return 0;
}

static int get_double(const json_t *o, const char *key, double *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return 0;
}

static int get_bool(const json_t *o, const char *key, int *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_boolean(v))
		return -1;
	*out = json_is_true(v);
	return 0;
}

/* ---- meta.json ---- */

/* meta.json's nodes[].id and .distance; none kept unless all are sane. */
static void load_distances(const json_t *root, struct run_meta *m)
{
	const json_t *nodes = json_object_get(root, "nodes"), *node;
	size_t i, n = json_array_size(nodes);

	m->nnodes = 0;
	if (!n || n > RUN_MAX_NODES)
		return;
	json_array_foreach(nodes, i, node) {
		const json_t *d = json_object_get(node, "distance");

		uint64_t mem = 0;

		if (get_int(node, "id", &m->node_id[i]) ||
		    json_array_size(d) != n)
			return;
		get_u64(node, "mem_bytes", &mem);
		m->node_mem_bytes[i] = mem;
		m->node_ncpus[i] = json_is_array(json_object_get(node, "cpus")) ?
			(int)json_array_size(json_object_get(node, "cpus")) : -1;
		for (size_t j = 0; j < n; j++) {
			const json_t *v = json_array_get(d, j);

			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 65535)
				return;
			m->distance[i][j] = (unsigned short)json_integer_value(v);
		}
	}
	m->nnodes = (int)n;
}

int run_distance(const struct run_meta *m, int a, int b)
{
	int ia = -1, ib = -1;

	for (int i = 0; i < m->nnodes; i++) {
		if (m->node_id[i] == a)
			ia = i;
		if (m->node_id[i] == b)
			ib = i;
	}
	return ia < 0 || ib < 0 ? -1 : m->distance[ia][ib];
}

static int load_meta(struct run *r, char *err, size_t errlen)
{
	struct run_meta *m = &r->meta;
	char path[4200];
	const json_t *prof, *timer;
	json_error_t jerr;
	json_t *root;
	size_t len;
	int missing;
	char *text;

	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	text = file_read_all(path, RUN_MAX_FILE, &len);
	missing = !text && errno == ENOENT;
	if (!text) {
		snprintf(err, errlen, "%s: %s", path, missing ?
			 "missing (not a numabench run directory?)" :
			 "cannot read");
		return -1;
	}
	root = json_loads(text, LOAD_FLAGS, &jerr);
	free(text);
	if (!root) {
		snprintf(err, errlen, "%s: not valid JSON (line %d, column %d: %s)",
			 path, jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: not a JSON object", path);
		goto fail;
	}
	if (get_int(root, "schema_version", &m->schema_version)) {
		snprintf(err, errlen, "%s: no schema_version (written before numabench recorded one); this build reads schemas %d to %d: re-run it",
			 path, RUN_SCHEMA_OLDEST, CSV_SCHEMA_VERSION);
		goto fail;
	}
	if (m->schema_version < RUN_SCHEMA_OLDEST ||
	    m->schema_version > CSV_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: schema_version %d; this build reads schemas %d to %d only",
			 path, m->schema_version, RUN_SCHEMA_OLDEST,
			 CSV_SCHEMA_VERSION);
		goto fail;
	}
	get_str(root, "run_id", m->run_id, sizeof(m->run_id));
	get_str(root, "host", m->host, sizeof(m->host));
	get_str(root, "kernel", m->kernel, sizeof(m->kernel));
	get_str(root, "cpu_model", m->cpu_model, sizeof(m->cpu_model));
	get_str(root, "executor", m->executor, sizeof(m->executor));
	get_str(root, "vm_topology", m->vm_topology, sizeof(m->vm_topology));
	get_str(root, "vm_accel", m->vm_accel, sizeof(m->vm_accel));
	get_str(root, "timing_note", m->timing_note, sizeof(m->timing_note));
	get_str(root, "module_params", m->module_params,
		sizeof(m->module_params));
	get_str(root, "init_on_alloc", m->init_on_alloc,
		sizeof(m->init_on_alloc));
	get_str(root, "thp", m->thp, sizeof(m->thp));
	get_str(root, "kernel_version", m->kernel_version,
		sizeof(m->kernel_version));
	get_str(root, "cmdline", m->cmdline, sizeof(m->cmdline));
	get_str(root, "numa_balancing", m->numa_balancing,
		sizeof(m->numa_balancing));
	get_str(root, "smt", m->smt, sizeof(m->smt));
	get_str(root, "preemption", m->preemption, sizeof(m->preemption));
	get_str(root, "clocksource", m->clocksource, sizeof(m->clocksource));
	get_str(root, "cpufreq_governor", m->cpufreq_governor,
		sizeof(m->cpufreq_governor));
	get_str(root, "hypervisor", m->hypervisor, sizeof(m->hypervisor));
	get_u64(root, "tsc_khz", &m->tsc_khz);
	m->aperfmperf = -1;
	get_bool(json_object_get(root, "kbench_flags"), "aperfmperf",
		 &m->aperfmperf);
	get_bool(root, "complete", &m->complete);
	load_distances(root, m);
	timer = json_object_get(root, "user_timer");
	if (timer) {
		get_str(timer, "source", m->user_timer, sizeof(m->user_timer));
		get_double(timer, "resolution_ns", &m->user_resolution_ns);
	}
	prof = json_object_get(root, "profile");
	if (prof) {
		uint64_t v = 0;

		get_str(prof, "name", m->profile, sizeof(m->profile));
		if (!get_u64(prof, "reps", &v) && v <= 1000000)
			m->reps = (unsigned)v;
		if (!get_u64(prof, "iterations", &v) && v <= UINT32_MAX)
			m->iterations = (unsigned)v;
		if (!get_u64(prof, "warmup", &v) && v <= UINT32_MAX)
			m->warmup = (unsigned)v;
		if (!get_u64(prof, "min_samples", &v) && v <= UINT32_MAX)
			m->min_samples = (unsigned)v;
		get_double(prof, "precision_pct", &m->precision_pct);
		get_double(prof, "cell_budget_s", &m->cell_budget_s);
	}
	json_decref(root);
	return 0;
fail:
	json_decref(root);
	return -1;
}

/* What a schema 2 row (no mode column) measured: see RUN_MODE_DEFAULT. */
static void schema2_mode(struct cell_key *k)
{
	snprintf(k->mode, sizeof(k->mode), "%s",
		 strcmp(k->suite, "kernel") ? "" : RUN_MODE_DEFAULT);
}

/* ---- results.csv ---- */

enum col {
	C_SUITE, C_TEST, C_ALLOC, C_POLICY, C_CPU, C_MEM, C_SIZE, C_ORDER,
	C_BATCH, C_MODE, C_THREADS, C_REP, C_SAMPLES, C_DISTURBED, C_FAILED_SAMPLES,
	C_OFF_PATH, C_FAILURES, C_MISPLACED, C_P50, C_P99, C_MEAN, C_STATUS,
	C_NOTE, C_STOP, C_TCPU, C_OPS, C_FAIR, C_NCOLS
};

static const char *const col_names[C_NCOLS] = {
	"suite", "test", "allocator", "policy", "cpu_node", "mem_node",
	"size_bytes", "order", "batch", "mode", "threads", "rep", "samples",
	"disturbed", "failed_samples", "off_path", "failures", "misplaced",
	"p50_ns", "p99_ns", "mean_ns", "status", "note", "stop", "cpu",
	"ops_per_s", "fairness",
};

/* results.csv schema 8's header (no ops_per_s, fairness). */
static const char header_v8[] =
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node,mem_node,cpu,"
	"size_bytes,order,batch,mode,threads,rep,samples,disturbed,"
	"failed_samples,off_path,failures,misplaced,"
	"min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
	"overhead_ns,timer_bound,ci95_pct,stop,status,note\n";

/* results.csv schema 7's header (no cpu; empty key values). */
static const char header_v7[] =
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node,mem_node,"
	"size_bytes,order,batch,mode,threads,rep,samples,disturbed,"
	"failed_samples,off_path,failures,misplaced,"
	"min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
	"overhead_ns,timer_bound,ci95_pct,stop,status,note\n";

/* results.csv schemas 5 and 6's header (no off_path). */
static const char header_v6[] =
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node,mem_node,"
	"size_bytes,order,batch,mode,threads,rep,samples,disturbed,"
	"failed_samples,failures,misplaced,"
	"min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
	"overhead_ns,timer_bound,ci95_pct,stop,status,note\n";

/* results.csv schema 4's header (no timer_bound); early schema 5 runs too. */
static const char header_v4[] =
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node,mem_node,"
	"size_bytes,order,batch,mode,threads,rep,samples,disturbed,"
	"failed_samples,failures,misplaced,"
	"min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
	"overhead_ns,ci95_pct,stop,status,note\n";

/* results.csv schema 3's header (no ci95_pct, stop). */
static const char header_v3[] =
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node,mem_node,"
	"size_bytes,order,batch,mode,threads,rep,samples,disturbed,"
	"failed_samples,failures,misplaced,"
	"min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
	"overhead_ns,status,note\n";

/* results.csv schema 2's header: the runs of that schema still load. */
static const char header_v2[] =
	"run_id,host,kernel,suite,test,allocator,policy,cpu_node,mem_node,"
	"size_bytes,order,batch,threads,rep,samples,failures,misplaced,"
	"min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,stddev_ns,"
	"overhead_ns,status,note\n";

struct row_reader {
	const char *path;
	size_t line;
	char **f;	/* fields by enum col; "" for a column its schema lacks */
	int schema;
	char *err;
	size_t errlen;
};

static int bad(struct row_reader *rr, enum col c, const char *what)
{
	snprintf(rr->err, rr->errlen, "%s:%zu: %s '%s' %s", rr->path, rr->line,
		 col_names[c], rr->f[c], what);
	return -1;
}

static int read_text(struct row_reader *rr, enum col c, char *out, size_t len)
{
	if (strlen(rr->f[c]) >= len)
		return bad(rr, c, "is too long");
	memcpy(out, rr->f[c], strlen(rr->f[c]) + 1);
	return 0;
}

/* An integer column; empty is -1 when allow_empty. */
static int read_int(struct row_reader *rr, enum col c, int allow_empty,
		    long long min, long long max, long long *out)
{
	const char *s = rr->f[c];
	char *end;

	if (!*s && allow_empty) {
		*out = -1;
		return 0;
	}
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (!*s || *end || errno || *out < min || *out > max)
		return bad(rr, c, "is not an integer in range");
	return 0;
}

static int read_u64(struct row_reader *rr, enum col c, uint64_t *out)
{
	const char *s = rr->f[c];
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	if (!*s || *s == '-' || *end || errno)
		return bad(rr, c, "is not an unsigned integer");
	return 0;
}

/* A time column: empty (not measured) is NaN. */
static int read_ns(struct row_reader *rr, enum col c, double *out)
{
	const char *s = rr->f[c];
	char *end;

	if (!*s) {
		*out = NAN;
		return 0;
	}
	*out = strtod(s, &end);
	if (*end || !isfinite(*out) || *out < 0)
		return bad(rr, c, "is not a time in ns");
	return 0;
}

/*
 * A rate or index measured on several threads (schema 9: ops_per_s,
 * fairness): empty (not measured, or a schema without the column) is NaN.
 */
static int read_rate(struct row_reader *rr, enum col c, double *out)
{
	const char *s = rr->f[c];
	char *end;

	if (!*s) {
		*out = NAN;
		return 0;
	}
	*out = strtod(s, &end);
	if (*end || !isfinite(*out) || *out < 0)
		return bad(rr, c, "is not a finite number >= 0");
	return 0;
}

/* Schema 8 writes "none" for a key text that does not apply: "" here. */
static void key_none(const struct row_reader *rr, char *s)
{
	if (rr->schema >= 8 && !strcmp(s, CSV_NONE))
		s[0] = '\0';
}

static int read_key(struct row_reader *rr, struct cell_key *k)
{
	long long v[6];
	uint64_t size;

	if (read_text(rr, C_SUITE, k->suite, sizeof(k->suite)) ||
	    read_text(rr, C_TEST, k->test, sizeof(k->test)) ||
	    read_text(rr, C_ALLOC, k->allocator, sizeof(k->allocator)) ||
	    read_text(rr, C_POLICY, k->policy, sizeof(k->policy)) ||
	    read_int(rr, C_CPU, 1, -1, 65535, &v[0]) ||
	    read_int(rr, C_MEM, 1, -1, 65535, &v[1]) ||
	    read_u64(rr, C_SIZE, &size) ||
	    read_int(rr, C_ORDER, 1, -1, 63, &v[2]) ||
	    read_int(rr, C_BATCH, 0, 0, UINT32_MAX, &v[3]) ||
	    read_text(rr, C_MODE, k->mode, sizeof(k->mode)) ||
	    read_int(rr, C_THREADS, 0, 0, UINT32_MAX, &v[4]) ||
	    /* the timing CPU (schema 8): checked, not part of the key */
	    read_int(rr, C_TCPU, 1, -1, INT32_MAX, &v[5]))
		return -1;
	key_none(rr, k->allocator);
	key_none(rr, k->policy);
	key_none(rr, k->mode);
	if (strchr(k->test, '/') || strchr(k->suite, '/') ||
	    strchr(k->allocator, '/') || strchr(k->policy, '/'))
		return bad(rr, C_TEST, "(or suite, allocator, policy) holds '/'");
	if (strchr(k->mode, '/'))
		return bad(rr, C_MODE, "holds '/'");
	if (rr->schema == 2)
		schema2_mode(k);
	k->cpu_node = (int)v[0];
	k->mem_node = (int)v[1];
	k->size_bytes = size;
	k->order = (int)v[2];
	k->batch = (unsigned)v[3];
	k->threads = (unsigned)v[4];
	return 0;
}

/* The rep column of a row of c: a second row of one (cell, rep) is refused. */
static int add_rep_id(struct run_cell *c, struct row_reader *rr)
{
	long long rep;
	long *ids;

	if (read_int(rr, C_REP, 0, 0, INT32_MAX, &rep))
		return -1;
	for (size_t i = 0; i < c->nrep_ids; i++)
		if (c->rep_ids[i] == rep) {
			snprintf(rr->err, rr->errlen, "%s:%zu: a second row of cell %s, rep %lld (duplicated rows: results.csv was written twice or edited)",
				 rr->path, rr->line, c->key, rep);
			return -1;
		}
	ids = realloc(c->rep_ids, (c->nrep_ids + 1) * sizeof(*ids));
	if (!ids) {
		snprintf(rr->err, rr->errlen, "%s: out of memory", rr->path);
		return -1;
	}
	c->rep_ids = ids;
	c->rep_ids[c->nrep_ids++] = (long)rep;
	return 0;
}

static int read_row(struct run *r, struct row_reader *rr, size_t *cap)
{
	struct cell_key k;
	struct run_cell *c;
	uint64_t samples, failures, misplaced;
	long long disturbed, failed_samples, off_path;	/* -1: empty */
	double p50, p99, mean, ops, fair;
	const char *st = rr->f[C_STATUS];

	memset(&k, 0, sizeof(k));
	if (read_key(rr, &k) || read_u64(rr, C_SAMPLES, &samples) ||
	    read_int(rr, C_DISTURBED, 1, 0, INT64_MAX, &disturbed) ||
	    read_int(rr, C_FAILED_SAMPLES, 1, 0, INT64_MAX, &failed_samples) ||
	    read_int(rr, C_OFF_PATH, 1, 0, INT64_MAX, &off_path) ||
	    read_u64(rr, C_FAILURES, &failures) ||
	    read_u64(rr, C_MISPLACED, &misplaced) ||
	    read_ns(rr, C_P50, &p50) || read_ns(rr, C_P99, &p99) ||
	    read_ns(rr, C_MEAN, &mean) || read_rate(rr, C_OPS, &ops) ||
	    read_rate(rr, C_FAIR, &fair))
		return -1;
	if (strcmp(st, "ok") && strcmp(st, "skipped") && strcmp(st, "failed") &&
	    (strcmp(st, "misplaced") || rr->schema < 6))
		return bad(rr, C_STATUS, "is not ok, skipped, failed or misplaced");
	/* p99 may be empty: too few samples to support it (schema 2). */
	if (!strcmp(st, "ok") && (isnan(mean) || isnan(p50)))
		return bad(rr, C_MEAN, "is empty in a row with status ok");
	c = run_cell_get(r, &k, cap);
	if (!c) {
		snprintf(rr->err, rr->errlen, "%s: out of memory", rr->path);
		return -1;
	}
	if (add_rep_id(c, rr))
		return -1;
	c->samples += samples;
	run_count_add(&c->disturbed, disturbed);
	run_count_add(&c->failed_samples, failed_samples);
	run_count_add(&c->off_path, off_path);
	c->failures += failures;
	c->misplaced += misplaced;
	c->nfailing += failures || !strcmp(st, "failed");
	c->nmisplacing += misplaced > 0;
	if (!strcmp(st, "ok")) {
		struct run_unit u = {
			.samples = samples, .failures = failures,
			.misplaced = misplaced, .all_ns = { mean, p50 },
			.reps = 1, .rep = c->rep_ids[c->nrep_ids - 1],
			.ops_per_s = ops, .fairness = fair,
		};

		c->nbudget += !strcmp(rr->f[C_STOP], "budget");
		c->nfewclean += strstr(rr->f[C_NOTE], "samples clean") != NULL;

		return run_cell_add_rep(c, mean, p50, p99, &u) ?
			bad(rr, C_MEAN, "(out of memory)") : 0;
	}
	if (st[0] == 's')
		c->nskipped++;
	else if (st[0] == 'm')
		c->nmisplaced++;	/* times kept in the file, not a rep */
	else
		c->nfailed++;
	if (!c->note[0])
		snprintf(c->note, sizeof(c->note), "%s", rr->f[C_NOTE]);
	return 0;
}

/*
 * The header must be exactly its schema's, as this build knows it, so every
 * column means the same.
 */
static int header_is(const struct csv_table *t, const char *p)
{
	for (size_t i = 0; i < t->ncols; i++) {
		size_t n = strlen(t->header[i]);

		if (strncmp(p, t->header[i], n) || (p[n] != ',' && p[n] != '\n'))
			return 0;
		p += n + 1;
	}
	return !*p;
}

static int check_header(const struct csv_table *t, const char *path,
			int schema, char *err, size_t errlen)
{
	const char *p = schema == 2 ? header_v2 : schema == 3 ? header_v3 :
			schema == 4 ? header_v4 : schema <= 6 ? header_v6 :
			schema == 7 ? header_v7 : schema == 8 ? header_v8 :
			csv_header();

	/* schema 5 gained timer_bound after its first runs */
	if (header_is(t, p) || (schema == 5 && header_is(t, header_v4)))
		return 0;
	snprintf(err, errlen, "%s: header is not results.csv schema %d (%zu columns, first '%s'); written by another numabench version?",
		 path, schema, t->ncols,
		 t->ncols ? t->header[0] : "");
	return -1;
}

/* Rows end with a newline: a file that does not was cut short. */
static int check_complete(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	int last = EOF;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, errno == ENOENT ?
			 "missing (not a numabench run directory?)" :
			 strerror(errno));
		return -1;
	}
	if (fseek(f, -1, SEEK_END) == 0)
		last = fgetc(f);
	fclose(f);
	if (last == EOF) {
		snprintf(err, errlen, "%s: empty file", path);
		return -1;
	}
	if (last != '\n') {
		snprintf(err, errlen, "%s: truncated (the last row has no newline)",
			 path);
		return -1;
	}
	return 0;
}

static int load_csv(struct run *r, char *err, size_t errlen)
{
	static char none[] = "";
	char path[4200], *fields[C_NCOLS];
	struct csv_table t;
	int idx[C_NCOLS];
	size_t cap = 0;
	struct row_reader rr = { path, 1, fields, r->meta.schema_version,
				 err, errlen };

	snprintf(path, sizeof(path), "%s/results.csv", r->dir);
	if (check_complete(path, err, errlen) ||
	    csv_read(path, &t, err, errlen))
		return -1;
	if (check_header(&t, path, rr.schema, err, errlen))
		goto fail;
	if (!t.nrows) {
		snprintf(err, errlen, "%s: no rows (the run recorded nothing)",
			 path);
		goto fail;
	}
	for (int c = 0; c < C_NCOLS; c++)
		idx[c] = csv_col(&t, col_names[c]);
	for (size_t i = 0; i < t.nrows; i++) {
		rr.line = i + 2;
		for (int c = 0; c < C_NCOLS; c++)
			fields[c] = idx[c] < 0 ? none : t.rows[i][idx[c]];
		if (read_row(r, &rr, &cap))
			goto fail;
	}
	csv_table_free(&t);
	return 0;
fail:
	csv_table_free(&t);
	return -1;
}

/* ---- hist.jsonl ---- */

static int hist_from_json(const json_t *j, struct hist *h)
{
	const json_t *b = json_object_get(j, "buckets"), *p;
	size_t i;
	int bits;

	hist_init(h);
	if (get_int(j, "bits", &bits) || bits != HIST_BITS ||
	    !json_is_array(b) || get_u64(j, "n", &h->n) ||
	    get_u64(j, "min", &h->min) || get_u64(j, "max", &h->max) ||
	    get_double(j, "sum", &h->sum))
		return -1;
	json_array_foreach(b, i, p) {
		const json_t *ji = json_array_get(p, 0);
		const json_t *jc = json_array_get(p, 1);
		json_int_t idx, cnt;

		if (json_array_size(p) != 2 || !json_is_integer(ji) ||
		    !json_is_integer(jc))
			return -1;
		idx = json_integer_value(ji);
		cnt = json_integer_value(jc);
		if (idx < 0 || idx >= HIST_NBUCKETS || cnt < 0)
			return -1;
		h->counts[idx] += (uint64_t)cnt;
	}
	/* sumsq is not stored: stddev comes from results.csv, not from here. */
	return 0;
}

static int hist_key(const json_t *j, struct cell_key *k)
{
	uint64_t size, batch, threads;

	memset(k, 0, sizeof(*k));
	if (get_str(j, "suite", k->suite, sizeof(k->suite)) ||
	    get_str(j, "test", k->test, sizeof(k->test)) ||
	    get_str(j, "allocator", k->allocator, sizeof(k->allocator)) ||
	    get_str(j, "policy", k->policy, sizeof(k->policy)) ||
	    get_int(j, "cpu_node", &k->cpu_node) ||
	    get_int(j, "mem_node", &k->mem_node) ||
	    get_u64(j, "size_bytes", &size) ||
	    get_int(j, "order", &k->order) ||
	    get_u64(j, "batch", &batch) ||
	    get_u64(j, "threads", &threads))
		return -1;
	/* a line without mode is schema 2's */
	if (get_str(j, "mode", k->mode, sizeof(k->mode)))
		schema2_mode(k);
	k->size_bytes = size;
	k->batch = (unsigned)batch;
	k->threads = (unsigned)threads;
	return 0;
}

/* One line: its histogram merged into its cell. */
static int hist_line(struct run *r, char *line, const char *path, size_t ln,
		     struct hist *h, char *err, size_t errlen)
{
	json_t *j;
	struct cell_key k;
	struct run_cell *c;
	char key[256], unit[16] = "";
	json_error_t jerr;
	uint64_t khz = 0;

	j = json_loads(line, LOAD_FLAGS, &jerr);
	if (!j) {
		snprintf(err, errlen, "%s:%zu: not valid JSON (offset %d: %s)",
			 path, ln, jerr.position, jerr.text);
		return -1;
	}
	if (hist_key(j, &k) || hist_from_json(json_object_get(j, "hist"), h) ||
	    get_str(j, "unit", unit, sizeof(unit))) {
		snprintf(err, errlen, "%s:%zu: missing or bad key columns, unit or hist",
			 path, ln);
		goto fail;
	}
	get_u64(j, "tsc_khz", &khz);
	run_key_format(key, sizeof(key), &k);
	c = (struct run_cell *)run_find(r, key);
	if (!c) {
		snprintf(err, errlen, "%s:%zu: cell %s has no row in results.csv",
			 path, ln, key);
		goto fail;
	}
	if (!c->hist) {
		c->hist = malloc(sizeof(*c->hist));
		if (!c->hist) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto fail;
		}
		hist_init(c->hist);
		c->hist_ns_per_unit = !strcmp(unit, "cycles") && khz ?
			1e6 / (double)khz : 1.0;
	}
	hist_merge(c->hist, h);
	json_decref(j);
	return 0;
fail:
	json_decref(j);
	return -1;
}

/*
 * hist.jsonl is optional (a run may predate it); a bad one is an error. An
 * interrupted run (complete=false) may end in the line it was writing when
 * killed: that partial line is dropped, its cell keeps the CSV's numbers.
 */
static int load_hist(struct run *r, char *err, size_t errlen)
{
	char path[4200], *text, *line, *nl;
	struct hist *h;
	size_t len, ln = 0;
	int missing, ret = 0;

	snprintf(path, sizeof(path), "%s/hist.jsonl", r->dir);
	text = file_read_all(path, RUN_MAX_FILE, &len);
	missing = !text && errno == ENOENT;
	if (!text && missing)
		return 0;
	h = malloc(sizeof(*h));
	if (!text || !h) {
		snprintf(err, errlen, "%s: cannot read", path);
		free(text);
		free(h);
		return -1;
	}
	for (line = text; *line && !ret; line = nl + 1) {
		ln++;
		nl = strchr(line, '\n');
		if (!nl && !r->meta.complete)
			break;
		if (!nl) {
			snprintf(err, errlen, "%s:%zu: truncated (no newline)",
				 path, ln);
			ret = -1;
			break;
		}
		*nl = '\0';
		ret = hist_line(r, line, path, ln, h, err, errlen);
	}
	free(h);
	free(text);
	return ret;
}

int run_load(struct run *r, const char *dir, char *err, size_t errlen)
{
	if (run_load_meta(r, dir, err, errlen) || load_csv(r, err, errlen) ||
	    load_hist(r, err, errlen) ||
	    (r->meta.aperfmperf == 1 &&
	     run_metric_range(r->dir, "core_clock_ratio",
			      &r->meta.core_clock, err, errlen))) {
		run_free(r);
		return -1;
	}
	return 0;
}

int run_load_meta(struct run *r, const char *dir, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	if (strlen(dir) >= sizeof(r->dir)) {
		snprintf(err, errlen, "run directory name too long");
		return -1;
	}
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	return load_meta(r, err, errlen);
}
