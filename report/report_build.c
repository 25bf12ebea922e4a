// SPDX-License-Identifier: GPL-2.0
/*
 * The report's sections: one per run (conditions, summary, figures), the
 * runs side by side, then the appendix: each run's full matrices and
 * per-size tables. Ids of tables and plots start with the run's kernel.
 */
#include "report_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_alloc.h"
#include "report_batch.h"
#include "report_cdf.h"
#include "report_cells.h"
#include "report_conditions.h"
#include "report_hosts.h"
#include "report_matrix.h"
#include "report_scaling.h"
#include "report_summary.h"
#include "runset.h"

static void run_label(char *buf, size_t len, const struct run *runs,
		      size_t nruns, size_t i)
{
	int dup = 0;

	for (size_t j = 0; j < nruns; j++)
		if (j != i && !strcmp(runs[j].meta.kernel, runs[i].meta.kernel))
			dup = 1;
	if (dup)
		snprintf(buf, len, "%.40s (%.20s)", runs[i].meta.kernel,
			 runs[i].meta.run_id);
	else
		snprintf(buf, len, "%.60s", runs[i].meta.kernel[0] ?
			 runs[i].meta.kernel : runs[i].meta.run_id);
}

/* The lowest node with a local (cpu_node == mem_node) cell in p, or -1. */
static int local_node(const struct path *p)
{
	for (size_t i = 0; i < p->ncpu; i++)
		for (size_t j = 0; j < p->nmem; j++)
			if (p->cpu[i] >= 0 && p->cpu[i] == p->mem[j])
				return p->cpu[i];
	return -1;
}

/* The cell of run r matching path p's key at (node, node, param), or NULL. */
static const struct run_cell *find_like(const struct run *r,
					const struct path *p, int node,
					uint64_t param)
{
	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];

		if (c->k.cpu_node == node && c->k.mem_node == node &&
		    path_param(p, c) == param && cell_in_path(c, p))
			return c;
	}
	return NULL;
}

static void caption_for_runs(char *buf, size_t len,
			     const struct note_list *notes)
{
	caption_with_notes(buf, len,
			   "At the lowest local node pair (CPU node = memory node), the medians over each run's repetitions of each repetition's percentile; one column per run, each measured under the conditions its section gives.",
			   notes);
}

/* One row per path and representative size of runs[0] all runs have. */
static int side_by_side(struct report *rep, const struct run *runs,
			size_t nruns)
{
	struct report_section *s = report_add_section(rep, "Runs side by side");
	struct report_item *it;
	struct path *paths;
	long np = paths_of_run(&runs[0], &paths);
	struct note_list notes = { .n = 0 };
	size_t nrows = 0, cap = 0, row = 0;
	struct { size_t path; uint64_t param; int node; } *rows = NULL;

	if (!s || np < 0 || report_conditions(s, runs, nruns))
		goto fail;
	for (long i = 0; i < np; i++) {
		uint64_t par[3];
		size_t n = representative_params(&paths[i], par);
		int node = local_node(&paths[i]);

		for (size_t j = 0; j < n && node >= 0; j++) {
			size_t r;

			for (r = 0; r < nruns; r++)
				if (!find_like(&runs[r], &paths[i], node, par[j]))
					break;
			if (r < nruns)
				continue;
			if (nrows == cap) {
				void *nr = realloc(rows, (cap = cap * 2 + 16) *
						   sizeof(*rows));

				if (!nr)
					goto fail;
				rows = nr;
			}
			rows[nrows].path = (size_t)i;
			rows[nrows].param = par[j];
			rows[nrows++].node = node;
		}
	}
	if (!nrows) {
		if (report_add_text(s, ITEM_NOTE, "The runs share no local cells, so there is no side-by-side table."))
			goto fail;
		goto out;
	}
	it = report_add_item(s, ITEM_TABLE);
	if (!it || table_init(&it->table, nrows, nruns))
		goto fail;
	snprintf(it->table.id, sizeof(it->table.id), "runs-side-by-side");
	snprintf(it->table.title, sizeof(it->table.title),
		 "Local node latency per run: p50 (p99)");
	snprintf(it->table.corner, sizeof(it->table.corner), "path, size");
	for (size_t c = 0; c < nruns; c++)
		run_label(it->table.col_label[c], sizeof(it->table.col_label[c]),
			  runs, nruns, c);
	for (row = 0; row < nrows; row++) {
		const struct path *p = &paths[rows[row].path];
		char name[96], par[32];

		path_name(name, sizeof(name), p);
		format_param(par, sizeof(par), rows[row].param, p->by_order);
		if (!p->by_order && rows[row].param == 0)
			snprintf(it->table.row_label[row], sizeof(it->table.row_label[row]), "%s", name);
		else
			snprintf(it->table.row_label[row], sizeof(it->table.row_label[row]), "%s %s",
				 name, par);
		for (size_t c = 0; c < nruns; c++)
			cell_fill(table_at(&it->table, row, c),
				  find_like(&runs[c], p, rows[row].node,
					    rows[row].param), 1, &notes);
	}
	caption_for_runs(it->table.caption, sizeof(it->table.caption), &notes);
out:
	free(rows);
	free(paths);
	return 0;
fail:
	free(rows);
	free(paths);
	return -1;
}

/* Append sentence to buf when it fits whole (never a cut sentence). */
static void append_sentence(char *buf, size_t len, const char *sentence)
{
	size_t n = strlen(buf);

	if (n + strlen(sentence) + 2 <= len)
		snprintf(buf + n, len - n, "%s%s", n ? " " : "", sentence);
}

/*
 * A table or figure \input alone in a paper has only its caption: each
 * says its statistic and n (the notes under the headings are not there).
 * Added where a builder's caption does not already speak of repetitions.
 */
static void say_statistics(struct report_section *s, unsigned reps)
{
	char line[400];

	for (size_t i = 0; i < s->nitems; i++) {
		struct report_item *it = &s->items[i];

		if (it->kind == ITEM_TABLE &&
		    !strstr(it->table.caption, "repetition")) {
			struct table *t = &it->table;

			if (!strncmp(t->id, "matrix-", 7) ||
			    !strncmp(t->id, "allocators-", 11))
				snprintf(line, sizeof(line), "Each cell: the median over the run's %u repetitions of each repetition's p50, and in parentheses of its p99 (absent where the cell has fewer than the 100 samples a p99 needs), in ns.",
					 reps);
			else if (!strncmp(t->id, "curve-", 6))
				snprintf(line, sizeof(line), "Each cell: the median over the run's %u repetitions of each repetition's p50, in ns; one row per node pair (the timing CPU's node, the memory's node).",
					 reps);
			else
				continue;
			append_sentence(t->caption, sizeof(t->caption), line);
		} else if (it->kind == ITEM_PLOT &&
			   !strstr(it->plot.note, "repetitions")) {
			struct plot *pl = &it->plot;

			if (!strncmp(pl->id, "heat-", 5))
				snprintf(line, sizeof(line), "Medians over the run's %u repetitions.",
					 reps);
			else if (!strncmp(pl->id, "curve-", 6))
				snprintf(line, sizeof(line), "Points: the median over the run's %u repetitions of each repetition's p50, in ns; error bars: the smallest to the largest repetition's p50.",
					 reps);
			else
				continue;
			append_sentence(pl->note, sizeof(pl->note), line);
		} else if (it->kind == ITEM_PLOT &&
			   !strncmp(it->plot.id, "allocators-", 11)) {
			snprintf(line, sizeof(line), "n = %u repetitions.", reps);
			append_sentence(it->plot.note, sizeof(it->plot.note), line);
		}
	}
}

/* FNV-1a: a short stable tag for an id too long to keep whole. */
static unsigned long id_hash(const char *s)
{
	unsigned long h = 2166136261ul;

	for (; *s; s++)
		h = ((h ^ (unsigned char)*s) * 16777619ul) & 0xfffffffful;
	return h;
}

/*
 * A run's id prefix from what it measured, not from its place on the
 * command line: the kernel, sanitized for file names and \label
 * ("6.12.117+deb12-amd64" -> "6.12.117-deb12-amd64"), and the run id too
 * when another run given has the same kernel.
 */
static void run_prefix(char *buf, size_t len, const struct run *runs,
		       size_t nruns, size_t i)
{
	const struct run_meta *m = &runs[i].meta;
	char raw[200];
	size_t k = 0;
	int dup = 0;

	for (size_t j = 0; j < nruns; j++)
		if (j != i && !strcmp(runs[j].meta.kernel, m->kernel))
			dup = dup > 1 || !strcmp(runs[j].meta.run_id, m->run_id) ?
			      2 : 1;
	if (dup > 1 && m->host[0])	/* a fleet: same kernel, same run id */
		snprintf(raw, sizeof(raw), "%.80s-%.40s-%.60s", m->kernel,
			 m->host, m->run_id);
	else if (!m->kernel[0])
		snprintf(raw, sizeof(raw), "%.100s", m->run_id[0] ? m->run_id : "run");
	else if (dup && m->run_id[0])
		snprintf(raw, sizeof(raw), "%.90s-%.90s", m->kernel, m->run_id);
	else
		snprintf(raw, sizeof(raw), "%.100s", m->kernel);
	for (const char *c = raw; *c && k + 1 < len; c++) {
		int keep = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			   (*c >= '0' && *c <= '9') || *c == '.';

		if (keep)
			buf[k++] = *c;
		else if (k && buf[k - 1] != '-')
			buf[k++] = '-';
	}
	while (k && (buf[k - 1] == '-' || buf[k - 1] == '.'))
		k--;
	buf[k] = 0;
}

/*
 * "<prefix>-<id>"; one longer than an id holds keeps its head and ends in
 * a hash of the whole, so it stays unique and still depends only on content.
 */
static void prefix_id(char *id, size_t len, const char *prefix)
{
	char full[256];

	snprintf(full, sizeof(full), "%s-%s", prefix, id);
	if (strlen(full) < len)
		snprintf(id, len, "%s", full);
	else
		snprintf(id, len, "%.*s-%08lx", (int)(len - 10), full,
			 id_hash(full));
}

static void prefix_ids(struct report_section *s, const char *prefix)
{
	for (size_t i = 0; i < s->nitems; i++) {
		if (s->items[i].kind == ITEM_TABLE)
			prefix_id(s->items[i].table.id,
				  sizeof(s->items[i].table.id), prefix);
		else if (s->items[i].kind == ITEM_PLOT)
			prefix_id(s->items[i].plot.id,
				  sizeof(s->items[i].plot.id), prefix);
	}
}

/*
 * A curve of three sizes or more shows a shape; one of two (4 KiB and
 * 2 MiB of a mempolicy path) says no more than its table. Variants (other
 * modes, single allocators) are detail: the main part of a default run
 * stays about 20 pages.
 */
static int is_main_curve(const struct report_item *it)
{
	return it->kind == ITEM_PLOT && it->plot.npoints >= 3 &&
	       !it->plot.detail;
}

/*
 * The curves' figures of three sizes or more to the main part, under the
 * builder's heading and note; their tables and the shorter curves stay in
 * the appendix a, from item first on.
 */
static int curves_to_main(struct report_section *s, struct report_section *a,
			  size_t first)
{
	for (size_t i = first; i < a->nitems; i++)
		if ((a->items[i].kind == ITEM_HEADING ||
		     a->items[i].kind == ITEM_NOTE) &&
		    report_add_text(s, a->items[i].kind, a->items[i].note))
			return -1;
	return report_move_items(s, a, first, is_main_curve);
}

/*
 * Two sections per run: the main one (conditions, summary, figures) and
 * its appendix (the full node x node matrices and the per-size tables).
 */
static int run_section(struct report *rep, const struct run *runs,
		       size_t nruns, size_t ri)
{
	const struct run *r = &runs[ri];
	const struct run_meta *m = &r->meta;
	char title[200], cond[1024], prefix[64], host[128];
	struct report_section *s, *a;
	struct path *paths;
	size_t si, first;
	long np;
	int ret;

	runset_host_label(host, sizeof(host), r);
	snprintf(title, sizeof(title), "Run %.60s: kernel %.60s on %.40s (%s%s)",
		 m->run_id[0] ? m->run_id : r->dir, m->kernel, host,
		 !strcmp(m->executor, "vm") ? "VM" : "native",
		 m->complete ? "" : ", incomplete");
	if (!report_add_section(rep, title))
		return -1;
	si = rep->nsections - 1;
	snprintf(title, sizeof(title), "Run %.60s: node x node matrices and per-size tables",
		 m->run_id[0] ? m->run_id : r->dir);
	a = report_add_section(rep, title);
	np = paths_of_run(r, &paths);
	if (!a || np < 0)
		return -1;
	a->appendix = 1;
	s = &rep->sections[si];	/* the realloc may have moved it */
	/* the conditions once; every table below was measured under them */
	run_conditions(cond, sizeof(cond), r);
	ret = report_add_text(s, ITEM_CONDITIONS, cond);
	if (!ret)
		ret = report_summary(s, r, paths, (size_t)np);
	if (!ret)
		ret = report_conditions(s, r, 1);
	if (!ret)
		ret = report_matrices(a, r, paths, (size_t)np);
	first = a->nitems;
	if (!ret)
		ret = report_curves(a, r, paths, (size_t)np);
	if (!ret)
		ret = curves_to_main(s, a, first);
	if (!ret)
		ret = report_allocators(s, r);
	/* load sweeps: curves in the main part, their tables in the appendix */
	if (!ret)
		ret = report_scaling(s, a, r);
	/* batch sizes and latency distributions: detail, in the appendix */
	if (!ret)
		ret = report_batches(a, r, paths, (size_t)np);
	if (!ret)
		ret = report_cdfs(a, r, paths, (size_t)np);
	free(paths);
	say_statistics(s, m->reps);
	say_statistics(a, m->reps);
	run_prefix(prefix, sizeof(prefix), runs, nruns, ri);
	prefix_ids(s, prefix);
	prefix_ids(a, prefix);
	return ret;
}

/* The main sections first, the appendix after them, each in run order. */
static void appendix_last(struct report *rep)
{
	struct report_section tmp;

	for (size_t i = 1; i < rep->nsections; i++)
		for (size_t j = i; j > 0 && rep->sections[j - 1].appendix &&
		     !rep->sections[j].appendix; j--) {
			tmp = rep->sections[j - 1];
			rep->sections[j - 1] = rep->sections[j];
			rep->sections[j] = tmp;
		}
}

int report_build(struct report *rep, const struct run *runs, size_t nruns,
		 char *err, size_t errlen)
{
	memset(rep, 0, sizeof(*rep));
	snprintf(rep->title, sizeof(rep->title), "numabench report");
	for (size_t i = 0; i < nruns; i++)
		if (run_section(rep, runs, nruns, i))
			goto nomem;
	if (nruns > 1 && side_by_side(rep, runs, nruns))
		goto nomem;
	/* host as a dimension: one row per run, nothing merged */
	if (report_host_count(runs, nruns) > 1 &&
	    report_hosts(rep, runs, nruns))
		goto nomem;
	report_drop_empty_plots(rep);
	appendix_last(rep);
	return 0;
nomem:
	snprintf(err, errlen, "report: out of memory");
	report_free(rep);
	return -1;
}
