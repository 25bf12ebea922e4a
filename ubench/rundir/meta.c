// SPDX-License-Identifier: GPL-2.0
/* meta.json: see meta.h. */
#include "meta.h"

#include <stdio.h>

#include "csv.h"
#include "json.h"
#include "rundir.h"

static void iso_time(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void write_nodes(FILE *f, const struct topology *t)
{
	fputs(",\n  \"nodes\": [", f);
	for (int i = 0; i < t->nnodes; i++) {
		const struct topo_node *n = &t->nodes[i];

		fprintf(f, "%s\n    {\"id\": %d, \"mem_bytes\": %llu, \"cpus\": [",
			i ? "," : "", n->id, (unsigned long long)n->mem_bytes);
		for (int c = 0; c < n->ncpus; c++)
			fprintf(f, "%s%d", c ? ", " : "", n->cpus[c]);
		fputs("], \"distance\": [", f);
		for (int j = 0; j < t->nnodes; j++)
			fprintf(f, "%s%d", j ? ", " : "",
				t->distance[i * t->nnodes + j]);
		fputs("]}", f);
	}
	fputs("\n  ]", f);
}

static void write_sys(FILE *f, const struct sysinfo_snap *s)
{
	json_kv_str(f, 0, "host", s->host);
	json_kv_str(f, 0, "kernel", s->kernel);
	json_kv_str(f, 0, "kernel_version", s->kernel_version);
	json_kv_str(f, 0, "cpu_model", s->cpu_model);
	json_kv_str(f, 0, "cmdline", s->cmdline);
	json_kv_str(f, 0, "init_on_alloc", s->init_on_alloc);
	json_kv_str(f, 0, "thp", s->thp);
	json_kv_str(f, 0, "numa_balancing", s->numa_balancing);
	json_kv_str(f, 0, "cpufreq_governor", s->governor);
	json_kv_str(f, 0, "smt", s->smt);
	json_kv_str(f, 0, "preemption", s->preempt);
	json_kv_str(f, 0, "clocksource", s->clocksource);
	json_kv_str(f, 0, "hypervisor", s->hypervisor);
}

static void write_profile(FILE *f, const struct profile *p, const char *only)
{
	fputs(",\n  \"profile\": {", f);
	json_kv_str(f, 1, "name", p->name);
	json_kv_str(f, 0, "path", p->path);
	json_kv_str(f, 0, "cases", p->cases);
	json_kv_str(f, 0, "only", only);
	fprintf(f, ",\n  \"reps\": %u, \"iterations\": %u, \"warmup\": %u}",
		p->reps, p->iterations, p->warmup);
}

static int fill(FILE *f, const void *arg)
{
	const struct meta *m = arg;
	char start[32], end[32] = "";

	iso_time(start, sizeof(start), m->start);
	if (m->end)
		iso_time(end, sizeof(end), m->end);
	fputs("{\n  ", f);
	json_kv_str(f, 1, "harness", "numabench " NUMABENCH_VERSION);
	fprintf(f, ",\n  \"schema_version\": %d", CSV_SCHEMA_VERSION);
	json_kv_str(f, 0, "run_id", m->run_id);
	json_kv_str(f, 0, "executor", m->executor);
	json_kv_str(f, 0, "vm_topology", m->vm_topology);
	json_kv_str(f, 0, "vm_accel", m->vm_accel);
	if (m->vm_accel && m->vm_accel[0] == 't')
		json_kv_str(f, 0, "timing_note",
			    "TCG emulation: times are emulation artefacts; compare ratios within one run only");
	json_kv_str(f, 0, "module_params", m->module_params);
	write_sys(f, m->sys);
	fprintf(f, ",\n  \"kbench_api\": %u, \"tsc_khz\": %llu", m->api_version,
		(unsigned long long)m->tsc_khz);
	fprintf(f, ",\n  \"timer_overhead_cycles\": {\"min\": %llu, \"max\": %llu}",
		(unsigned long long)m->overhead_cycles_min,
		(unsigned long long)m->overhead_cycles_max);
	if (m->user_timer_source)
		fprintf(f, ",\n  \"user_timer\": {\"source\": \"%s\", \"overhead_ns\": %.1f}",
			m->user_timer_source, m->user_timer_overhead_ns);
	write_nodes(f, m->topo);
	write_profile(f, m->prof, m->only);
	json_kv_str(f, 0, "start", start);
	json_kv_str(f, 0, "end", m->end ? end : NULL);
	fprintf(f, ",\n  \"cells\": %lu, \"rows\": %lu, \"rows_skipped\": %lu, \"rows_failed\": %lu",
		m->cells, m->rows, m->rows_skipped, m->rows_failed);
	fprintf(f, ",\n  \"complete\": %s\n}\n", m->complete ? "true" : "false");
	return ferror(f) ? -1 : 0;
}

int meta_write(const char *dir, const struct meta *m)
{
	return rundir_write_atomic(dir, "meta.json", fill, m);
}
