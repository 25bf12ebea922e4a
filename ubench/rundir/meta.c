// SPDX-License-Identifier: GPL-2.0
/* meta.json: see meta.h. */
#include "meta.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "jsonput.h"
#include "rundir.h"
#include "plan/kflags.h"
#include "plan/kmode.h"

static void iso_time(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *nodes_json(const struct topology *t, int *err)
{
	json_t *a = json_array();

	for (int i = 0; i < t->nnodes; i++) {
		const struct topo_node *n = &t->nodes[i];
		json_t *o = json_object(), *cpus = json_array(),
		       *dist = json_array();

		for (int c = 0; c < n->ncpus; c++)
			jappend(cpus, json_integer(n->cpus[c]), err);
		for (int j = 0; j < t->nnodes; j++)
			jappend(dist,
			       json_integer(t->distance[i * t->nnodes + j]), err);
		jput(o, "id", json_integer(n->id), err);
		jput(o, "mem_bytes", ju64(n->mem_bytes), err);
		jput(o, "cpus", cpus, err);
		jput(o, "distance", dist, err);
		jappend(a, o, err);
	}
	return a;
}

static json_t *allocs_json(const struct meta *m, int *err)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < m->nallocs; i++) {
		const struct meta_alloc *x = &m->allocs[i];
		json_t *o = json_object();

		jput(o, "name", jstr_or_null(x->name), err);
		jput(o, "package", jstr_or_null(x->package), err);
		jput(o, "library", jstr_or_null(x->library), err);
		jput(o, "version", jstr_or_null(x->version), err);
		jput(o, "free", jstr_or_null(x->free_api), err);
		jappend(a, o, err);
	}
	return a;
}

/*
 * A sysinfo field as JSON: a number when it is one ("0", "1" from /proc),
 * never the string "0"; text otherwise ("always", "unknown").
 */
static json_t *jfield(const char *s)
{
	char *end;
	long long v;

	if (!s[0] || strspn(s, "-0123456789") != strlen(s))
		return json_string(s);
	v = strtoll(s, &end, 10);
	return *end ? json_string(s) : json_integer(v);
}

static void put_sys(json_t *o, const struct sysinfo_snap *s, int *err)
{
	jput(o, "host", json_string(s->host), err);
	jput(o, "kernel", json_string(s->kernel), err);
	jput(o, "kernel_version", json_string(s->kernel_version), err);
	jput(o, "cpu_model", json_string(s->cpu_model), err);
	jput(o, "cmdline", json_string(s->cmdline), err);
	jput(o, "init_on_alloc", jfield(s->init_on_alloc), err);
	jput(o, "thp", json_string(s->thp), err);
	jput(o, "numa_balancing", jfield(s->numa_balancing), err);
	jput(o, "cpufreq_governor", json_string(s->governor), err);
	jput(o, "smt", jfield(s->smt), err);
	jput(o, "preemption", json_string(s->preempt), err);
	jput(o, "clocksource", json_string(s->clocksource), err);
	jput(o, "hypervisor", json_string(s->hypervisor), err);
}

/* What the module found in the kernel: {"init_on_alloc": true, ...}. */
static json_t *kflags_json(uint64_t flags, int *err)
{
	json_t *o = json_object();

	for (size_t f = 0; f < kbench_nkflags; f++)
		jput(o, kbench_kflags[f].name,
		     json_boolean(flags & kbench_kflags[f].bit), err);
	return o;
}

static json_t *u64_array(const uint64_t *v, int n, int *err)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		jappend(a, ju64(v[i]), err);
	return a;
}

/*
 * The profile as the run resolved it: default.ini's values under the
 * profile's, the CLI's over both (plan/profile.h), so a reader needs no
 * policies/ to know what ran.
 */
/* Kernel mode bits as "hot,cold" ("none" for no bit). */
static void kmode_list(char *buf, size_t size, unsigned modes)
{
	size_t len = 0;

	snprintf(buf, size, "none");
	for (unsigned b = 0; b < KBENCH_NR_MODES && len < size; b++)
		if (modes & (1u << b))
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "," : "",
						kbench_mode_name(b));
}

static json_t *profile_json(const struct profile *p, const char *only,
			    int *err)
{
	json_t *o = json_object(), *u;
	char kmodes[128], tcg_skip[128];

	kmode_list(kmodes, sizeof(kmodes), p->kmodes);
	kmode_list(tcg_skip, sizeof(tcg_skip), p->tcg_skip_kmodes);
	jput(o, "name", json_string(p->name), err);
	jput(o, "path", json_string(p->path), err);
	jput(o, "cases", json_string(p->cases), err);
	jput(o, "only", jstr_or_null(only), err);
	jput(o, "reps", json_integer(p->reps), err);
	jput(o, "iterations", json_integer(p->iterations), err);
	jput(o, "warmup", json_integer(p->warmup), err);
	jput(o, "precision_pct", json_real(p->precision_pct), err);
	jput(o, "cell_budget_s", json_real(p->cell_budget_s), err);
	jput(o, "min_samples", json_integer(p->min_samples), err);
	jput(o, "batches", u64_array(p->batches, p->nbatches, err), err);
	jput(o, "orders", p->all_orders ? json_string("all") :
	     u64_array(p->orders, p->norders, err), err);
	jput(o, "sizes", u64_array(p->sizes, p->nsizes, err), err);
	jput(o, "modes", json_string(kmodes), err);
	jput(o, "tcg_skip_modes", json_string(tcg_skip), err);
	u = json_object();
	jput(u, "workloads", json_string(p->user.workloads), err);
	jput(u, "pages", json_integer(p->user.pages), err);
	jput(u, "thp", json_string(p->user.thp ? "on" : "off"), err);
	jput(u, "thp_pages", json_integer(p->user.thp_pages), err);
	jput(u, "rounds", json_integer(p->user.rounds), err);
	jput(u, "move_batches",
	     u64_array(p->user.move_batches, p->user.nmove_batches, err), err);
	jput(u, "shootdown_nodes", json_integer(p->user.shootdown_nodes), err);
	jput(u, "modes", p->user.modes == ~0u ? json_string("all") :
	     json_integer(p->user.modes), err);
	jput(u, "nodes", p->user.nodes == ~0ul ? json_string("all") :
	     ju64(p->user.nodes), err);
	jput(o, "user", u, err);
	return o;
}

/*
 * overhead_ns in tenths of a ns, as before jansson. jansson prints reals
 * with "%.17g" (12.300000000000001); 15 significant digits print a value
 * rounded to tenths without the float noise (12.3; 20 becomes "20.0").
 */
#define META_REAL_PRECISION JSON_REAL_PRECISION(15)

static double tenths(double x)
{
	return round(x * 10.0) / 10.0;
}

/*
 * One member a line, its value as jansson writes it without indent
 * ({"min": 1, "max": 21}), and the items of an array one a line. Not
 * JSON_INDENT(2): it puts every nested member on a line of its own, and
 * tests/vm look for '"user_timer": {"source": ' (check_user.c) and
 * '"timer_overhead_cycles": {[^}]*}' (run_vm_test.sh) on one line.
 */
static int dump(FILE *f, json_t *root, size_t flags)
{
	const char *sep = "{\n", *key;
	json_t *v, *item;
	size_t i;

	flags |= JSON_ENCODE_ANY;
	json_object_foreach(root, key, v) {
		/* our keys are plain ASCII: no escaping */
		fprintf(f, "%s  \"%s\": ", sep, key);
		sep = ",\n";
		if (!json_is_array(v) || !json_array_size(v)) {
			if (json_dumpf(v, f, flags))
				return -1;
			continue;
		}
		json_array_foreach(v, i, item) {
			fputs(i ? ",\n    " : "[\n    ", f);
			if (json_dumpf(item, f, flags))
				return -1;
		}
		fputs("\n  ]", f);
	}
	fputs("\n}\n", f);
	return ferror(f) ? -1 : 0;
}

static int fill(FILE *f, const void *arg)
{
	const struct meta *m = arg;
	char start[32], end[32] = "";
	json_t *root = json_object(), *t;
	int err = 0;

	iso_time(start, sizeof(start), m->start);
	if (m->end)
		iso_time(end, sizeof(end), m->end);
	jput(root, "harness", json_string("numabench " NUMABENCH_VERSION), &err);
	jput(root, "numabench_version", json_string(NUMABENCH_VERSION), &err);
	jput(root, "git_commit", NUMABENCH_GIT_COMMIT[0] ?
	     json_string(NUMABENCH_GIT_COMMIT) : json_null(), &err);
	jput(root, "schema_version", json_integer(CSV_SCHEMA_VERSION), &err);
	jput(root, "run_id", jstr_or_null(m->run_id), &err);
	jput(root, "executor", jstr_or_null(m->executor), &err);
	jput(root, "vm_topology", jstr_or_null(m->vm_topology), &err);
	jput(root, "vm_accel", jstr_or_null(m->vm_accel), &err);
	if (m->vm_accel && m->vm_accel[0] == 't')
		jput(root, "timing_note",
		    json_string("TCG emulation: times are emulation artefacts; compare ratios within one run only"),
		    &err);
	jput(root, "module_params", jstr_or_null(m->module_params), &err);
	put_sys(root, m->sys, &err);
	/* null where no module was opened (a user-only run) */
	jput(root, "kbench_api", m->api_version ?
	     json_integer(m->api_version) : json_null(), &err);
	jput(root, "kbench_flags", m->api_version ?
	     kflags_json(m->kernel_flags, &err) : json_null(), &err);
	jput(root, "tsc_khz", m->api_version && m->tsc_khz ?
	     ju64(m->tsc_khz) : json_null(), &err);
	if (m->api_version) {
		t = json_object();
		jput(t, "min", ju64(m->overhead_cycles_min), &err);
		jput(t, "max", ju64(m->overhead_cycles_max), &err);
	} else {
		t = json_null();
	}
	jput(root, "timer_overhead_cycles", t, &err);
	if (m->user_timer_source) {
		t = json_object();
		jput(t, "source", json_string(m->user_timer_source), &err);
		jput(t, "overhead_ns",
		    json_real(tenths(m->user_timer_overhead_ns)),
		    &err);
		jput(t, "resolution_ns",
		    json_real(tenths(m->user_timer_resolution_ns)), &err);
		jput(root, "user_timer", t, &err);
	}
	if (m->nallocs)
		jput(root, "allocators", allocs_json(m, &err), &err);
	jput(root, "nodes", nodes_json(m->topo, &err), &err);
	jput(root, "profile", profile_json(m->prof, m->only, &err), &err);
	jput(root, "start", json_string(start), &err);
	jput(root, "end", jstr_or_null(m->end ? end : NULL), &err);
	jput(root, "cells", ju64(m->cells), &err);
	jput(root, "rows", ju64(m->rows), &err);
	jput(root, "rows_skipped", ju64(m->rows_skipped), &err);
	jput(root, "rows_failed", ju64(m->rows_failed), &err);
	jput(root, "rows_misplaced", ju64(m->rows_misplaced), &err);
	jput(root, "complete", json_boolean(m->complete), &err);
	if (!err)
		err = dump(f, root, META_REAL_PRECISION);
	json_decref(root);
	return err;
}

int meta_write(const char *dir, const struct meta *m)
{
	return rundir_write_atomic(dir, "meta.json", fill, m);
}
