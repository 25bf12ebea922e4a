// SPDX-License-Identifier: GPL-2.0
/* The conditions table: see report_conditions.h. */
#include "report_conditions.h"

#include <stdio.h>
#include <string.h>

#include "report_cells.h"
#include "runset.h"

/*
 * A value longer than this (a command line, a topology) goes on over
 * further rows with an empty label: cells do not wrap in every format,
 * and a column of a two-column paper holds about this much beside a label.
 */
#define LINE_CHARS 44

static const char *or_absent(const char *s)
{
	return s && s[0] ? s : "not recorded";
}

/* The length of v's next line: up to LINE_CHARS, cut after a space or
 * comma when there is one. */
static size_t next_line(const char *v)
{
	size_t n = strlen(v), cut = 0;

	if (n <= LINE_CHARS)
		return n;
	for (size_t i = LINE_CHARS / 2; i < LINE_CHARS; i++)
		if (v[i] == ' ' || v[i] == ',')
			cut = i + 1;
	return cut ? cut : LINE_CHARS;
}

/* The rows v needs. */
static size_t lines_of(const char *v)
{
	size_t n = 0;

	do {
		v += next_line(v);
		n++;
	} while (*v);
	return n;
}

static const char *yes_no(const char *v, const char *yes, const char *no)
{
	if (!v[0])
		return "not recorded";
	return !strcmp(v, "0") ? no : !strcmp(v, "1") ? yes : v;
}

static void topology(char *buf, size_t len, const struct run_meta *m)
{
	size_t used;

	if (!m->nnodes) {
		snprintf(buf, len, "not recorded");
		return;
	}
	snprintf(buf, len, "%d node%s:", m->nnodes, m->nnodes > 1 ? "s" : "");
	for (int i = 0; i < m->nnodes; i++) {
		used = strlen(buf);
		if (m->node_ncpus[i] > 0)
			snprintf(buf + used, len - used, "%s %d (%d CPUs, %.1f GiB)",
				 i ? "," : "", m->node_id[i], m->node_ncpus[i],
				 (double)m->node_mem_bytes[i] / (1 << 30));
		else
			snprintf(buf + used, len - used, "%s %d (%s, %.1f GiB)",
				 i ? "," : "", m->node_id[i], m->node_ncpus[i] ? "CPUs not recorded" : "no CPU",
				 (double)m->node_mem_bytes[i] / (1 << 30));
	}
	used = strlen(buf);
	snprintf(buf + used, len - used, "; SLIT rows");
	for (int i = 0; i < m->nnodes; i++)
		for (int j = 0; j < m->nnodes; j++) {
			used = strlen(buf);
			snprintf(buf + used, len - used, "%s%u",
				 j ? "/" : i ? ", " : " ", m->distance[i][j]);
		}
}

static void executor(char *buf, size_t len, const struct run_meta *m)
{
	if (strcmp(m->executor, "vm")) {
		snprintf(buf, len, "%s", or_absent(m->executor));
		return;
	}
	snprintf(buf, len, "QEMU guest, %s%s%s", m->vm_accel[0] ? m->vm_accel : "accelerator not recorded",
		 m->vm_topology[0] ? ", nodes " : "", m->vm_topology);
}

static void profile(char *buf, size_t len, const struct run *r)
{
	const struct run_meta *m = &r->meta;
	char prec[64] = "no precision target", budget[64] = "";

	if (m->precision_pct > 0)
		snprintf(prec, sizeof(prec), "precision %g %% (95 %%)",
			 m->precision_pct);
	if (m->cell_budget_s > 0)
		snprintf(budget, sizeof(budget), ", budget %g s per cell",
			 m->cell_budget_s);
	snprintf(buf, len, "%s: %u reps, %u iterations, %u warmup, %s%s",
		 or_absent(m->profile), run_reps(r), m->iterations, m->warmup,
		 prec, budget);
}

static void timer(char *buf, size_t len, const struct run_meta *m)
{
	char tsc[48] = "", user[128] = "";

	if (m->tsc_khz)
		snprintf(tsc, sizeof(tsc), "kernel: TSC %.3f GHz",
			 (double)m->tsc_khz / 1e6);
	if (m->user_timer[0])
		snprintf(user, sizeof(user), "%suser: %s, %.3g ns resolution",
			 tsc[0] ? "; " : "", m->user_timer,
			 m->user_resolution_ns);
	snprintf(buf, len, "%s%s", tsc, user);
	if (!buf[0])
		snprintf(buf, len, "not recorded");
}

/* The rows of one condition: as many as its longest value needs. */
static size_t rows_needed(const struct run *runs, size_t nruns,
			  void (*value)(char *, size_t, const struct run *))
{
	char v[512];
	size_t need = 1;

	for (size_t c = 0; c < nruns; c++) {
		value(v, sizeof(v), &runs[c]);
		if (lines_of(v) > need)
			need = lines_of(v);
	}
	return need;
}

/* One condition: its label, then each run's value over as many rows as
 * the longest needs. */
static void row(struct table *t, size_t *row, const char *label,
	       const struct run *runs, size_t nruns,
	       void (*value)(char *, size_t, const struct run *))
{
	char v[512];
	size_t need = rows_needed(runs, nruns, value);

	snprintf(t->row_label[*row], sizeof(t->row_label[0]), "%s", label);
	for (size_t c = 0; c < nruns; c++) {
		const char *p = v;

		value(v, sizeof(v), &runs[c]);
		for (size_t l = 0; *p; l++) {
			size_t n = next_line(p);

			snprintf(table_at(t, *row + l, c)->text,
				 sizeof(t->cells[0].text), "%.*s", (int)n, p);
			p += n;
		}
	}
	*row += need;
}

#define FIELD_ROW(name, expr)						\
static void name(char *b, size_t n, const struct run *r)		\
{									\
	const struct run_meta *m = &r->meta;				\
									\
	snprintf(b, n, "%s", (expr));					\
}
FIELD_ROW(v_kernel, or_absent(m->kernel))
FIELD_ROW(v_build, or_absent(m->kernel_version))
FIELD_ROW(v_cmdline, or_absent(m->cmdline))
FIELD_ROW(v_cpu, or_absent(m->cpu_model))
FIELD_ROW(v_smt, yes_no(m->smt, "on", "off"))
FIELD_ROW(v_init, yes_no(m->init_on_alloc, "on (pages zeroed at allocation)", "off"))
FIELD_ROW(v_thp, or_absent(m->thp))
FIELD_ROW(v_balancing, yes_no(m->numa_balancing, "on", "off"))
FIELD_ROW(v_preempt, or_absent(m->preemption))
FIELD_ROW(v_clock, or_absent(m->clocksource))
FIELD_ROW(v_governor, or_absent(m->cpufreq_governor))
FIELD_ROW(v_module, m->module_params[0] ? m->module_params : "none")
FIELD_ROW(v_run, m->run_id[0] ? m->run_id : r->dir)

static void v_host(char *b, size_t n, const struct run *r)
{
	runset_host_label(b, n, r);
	if (!r->meta.host[0] && n > 40)
		snprintf(b + strlen(b), n - strlen(b), " (directory; not recorded)");
}

static void v_topology(char *b, size_t n, const struct run *r)
{
	topology(b, n, &r->meta);
}

static void v_executor(char *b, size_t n, const struct run *r)
{
	executor(b, n, &r->meta);
}

static void v_profile(char *b, size_t n, const struct run *r)
{
	profile(b, n, r);
}

static void v_timer(char *b, size_t n, const struct run *r)
{
	timer(b, n, &r->meta);
}

/*
 * What the kernel rows' CPU ran at against its base clock (APERF/MPERF):
 * turbo, a governor or a host clocking a guest down move every time.
 */
static void v_core_clock(char *b, size_t n, const struct run *r)
{
	const struct run_meta *m = &r->meta;
	const struct metric_range *c = &m->core_clock;

	if (c->n && c->min == c->max)
		snprintf(b, n, "%.2f x base clock (APERF/MPERF, %zu kernel rows)",
			 c->min, c->n);
	else if (c->n)
		snprintf(b, n, "%.2f to %.2f x base clock (APERF/MPERF over %zu kernel rows)",
			 c->min, c->max, c->n);
	else if (!m->aperfmperf)
		snprintf(b, n, "not readable (no APERF/MPERF)");
	else if (m->aperfmperf > 0)
		snprintf(b, n, "no kernel row measured it");
	else
		snprintf(b, n, "not recorded");
}

static const struct {
	const char *label;
	void (*value)(char *, size_t, const struct run *);
} rows[] = {
	{ "run", v_run },
	{ "kernel", v_kernel },
	{ "host", v_host },
	{ "kernel build", v_build },
	{ "command line", v_cmdline },
	{ "CPU", v_cpu },
	{ "SMT", v_smt },
	{ "topology", v_topology },
	{ "executor", v_executor },
	{ "init_on_alloc", v_init },
	{ "transparent hugepages", v_thp },
	{ "NUMA balancing", v_balancing },
	{ "preemption model", v_preempt },
	{ "clocksource", v_clock },
	{ "cpufreq governor", v_governor },
	{ "core clock", v_core_clock },
	{ "timers", v_timer },
	{ "profile", v_profile },
	{ "kbench parameters", v_module },
};

/* Do the runs' values of a condition differ? */
static int values_differ(const struct run *runs, size_t nruns,
			 void (*value)(char *, size_t, const struct run *))
{
	char a[512], b[512];

	value(a, sizeof(a), &runs[0]);
	for (size_t c = 1; c < nruns; c++) {
		value(b, sizeof(b), &runs[c]);
		if (strcmp(a, b))
			return 1;
	}
	return 0;
}

static int conditions_table(struct report_section *s, const struct run *runs,
			    size_t nruns, int by_host)
{
	struct report_item *it = report_add_item(s, ITEM_TABLE);
	size_t n = sizeof(rows) / sizeof(rows[0]), r = 0, total = 0;
	struct table *t;

	for (size_t i = 0; i < n; i++)
		total += rows_needed(runs, nruns, rows[i].value);
	if (!it || table_init(&it->table, total, nruns))
		return -1;
	t = &it->table;
	t->text_values = 1;
	snprintf(t->id, sizeof(t->id), by_host ? "hosts-conditions" : "conditions");
	if (by_host)
		snprintf(t->title, sizeof(t->title), "Conditions per host");
	else
		snprintf(t->title, sizeof(t->title), "Conditions of the run%s",
			 nruns > 1 ? "s" : "");
	snprintf(t->corner, sizeof(t->corner), "condition");
	for (size_t c = 0; c < nruns; c++)
		if (by_host)
			report_host_label(t->col_label[c], sizeof(t->col_label[c]),
					  runs, nruns, c);
		else
			snprintf(t->col_label[c], sizeof(t->col_label[c]), "%s",
				 runs[c].meta.kernel[0] ? runs[c].meta.kernel :
				 runs[c].meta.run_id);
	for (size_t i = 0; i < n; i++) {
		size_t first = r;

		row(t, &r, rows[i].label, runs, nruns, rows[i].value);
		if (by_host && strcmp(rows[i].label, "run") &&
		    values_differ(runs, nruns, rows[i].value))
			snprintf(t->row_label[first], sizeof(t->row_label[0]),
				 "%s *", rows[i].label);
	}
	snprintf(t->caption, sizeof(t->caption),
		 "%sFrom each run's meta.json. init_on_alloc zeroes every allocated page (it dominates large allocations); THP and NUMA balancing move user pages; the preemption model and clocksource change what a timed region can include; core clock: the timed CPU's actual clock over its base (TSC) clock over the recorded samples, from counters.csv's core_clock_ratio (a wide range: rows timed at different clock speeds). Precision: the 95 %% interval half-width each cell's sampling aimed at; budget: the time after which a cell stops short of it (the quality table counts those).",
		 by_host ? "One column per host's run (host: meta.json's host, else the name of the run directory's parent); * a condition in which they differ. " : "");
	return 0;
}

int report_conditions(struct report_section *s, const struct run *runs,
		      size_t nruns)
{
	return conditions_table(s, runs, nruns, 0);
}

int report_conditions_hosts(struct report_section *s, const struct run *runs,
			    size_t nruns)
{
	return conditions_table(s, runs, nruns, 1);
}

size_t report_conditions_differ(char *buf, size_t len, const struct run *runs,
				size_t nruns)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t used = strlen(buf);

		if (!strcmp(rows[i].label, "run") ||
		    !values_differ(runs, nruns, rows[i].value))
			continue;
		snprintf(buf + used, len - used, "%s%s", n++ ? ", " : "",
			 rows[i].label);
	}
	return n;
}
