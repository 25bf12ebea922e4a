// SPDX-License-Identifier: GPL-2.0
/* The report's sections: one per run, then the runs side by side. */
#include "report_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_alloc.h"
#include "report_cells.h"
#include "report_conditions.h"
#include "report_matrix.h"
#include "report_summary.h"

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

/* Several runs: "r2-matrix-..." keeps file names and ids apart. */
static void prefix_ids(struct report_section *s, size_t n)
{
	char tmp[64];

	for (size_t i = 0; i < s->nitems; i++) {
		char *id = s->items[i].kind == ITEM_TABLE ? s->items[i].table.id :
			   s->items[i].kind == ITEM_PLOT ? s->items[i].plot.id :
			   NULL;

		if (!id)
			continue;
		snprintf(tmp, sizeof(tmp), "r%u-%.50s", (unsigned)n, id);
		memcpy(id, tmp, sizeof(tmp));
	}
}

static int run_section(struct report *rep, const struct run *r)
{
	const struct run_meta *m = &r->meta;
	char title[200], cond[1024];
	struct report_section *s;
	struct path *paths;
	long np;
	int ret;

	snprintf(title, sizeof(title), "Run %.60s: kernel %.60s on %.40s (%s%s)",
		 m->run_id[0] ? m->run_id : r->dir, m->kernel, m->host,
		 !strcmp(m->executor, "vm") ? "VM" : "native",
		 m->complete ? "" : ", incomplete");
	s = report_add_section(rep, title);
	np = paths_of_run(r, &paths);
	if (!s || np < 0)
		return -1;
	/* the conditions once; every table below was measured under them */
	run_conditions(cond, sizeof(cond), r);
	ret = report_add_text(s, ITEM_CONDITIONS, cond);
	if (!ret)
		ret = report_summary(s, r, paths, (size_t)np);
	if (!ret)
		ret = report_conditions(s, r, 1);
	if (!ret)
		ret = report_matrices(s, r, paths, (size_t)np);
	if (!ret)
		ret = report_curves(s, r, paths, (size_t)np);
	if (!ret)
		ret = report_allocators(s, r);
	free(paths);
	return ret;
}

int report_build(struct report *rep, const struct run *runs, size_t nruns,
		 char *err, size_t errlen)
{
	memset(rep, 0, sizeof(*rep));
	snprintf(rep->title, sizeof(rep->title), "numabench report");
	for (size_t i = 0; i < nruns; i++) {
		if (run_section(rep, &runs[i]))
			goto nomem;
		if (nruns > 1)
			prefix_ids(&rep->sections[rep->nsections - 1], i + 1);
	}
	if (nruns > 1 && side_by_side(rep, runs, nruns))
		goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, "report: out of memory");
	report_free(rep);
	return -1;
}
