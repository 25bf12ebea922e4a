// SPDX-License-Identifier: GPL-2.0
/* The quality of a run's cells: see report_quality.h. */
#include "report_quality.h"

#include <stdio.h>
#include <string.h>

void cell_counts_add(struct cell_counts *k, const struct run_cell *c)
{
	int failed = c->nfailed > 0 || c->nfailing > 0;
	int misplaced = c->nmisplacing > 0 || c->nmisplaced > 0;

	k->cells++;
	k->skipped += c->nskipped > 0;
	k->failed += failed;
	k->misplaced += misplaced;
	k->budget += c->nbudget > 0;
	k->fewclean += c->nfewclean > 0;
	k->offpath += c->off_path > 0;
	k->offpath_samples += c->off_path > 0 ? (uint64_t)c->off_path : 0;
	k->flagged += c->nskipped > 0 || failed || misplaced ||
		      c->nbudget > 0 || c->nfewclean > 0;
}

struct cell_counts path_counts(const struct run *r, const struct path *p)
{
	struct cell_counts k;

	memset(&k, 0, sizeof(k));
	for (size_t i = 0; i < r->ncells; i++)
		if (!p || cell_of_test(&r->cells[i], p))
			cell_counts_add(&k, &r->cells[i]);
	return k;
}

struct cell_counts param_counts(const struct run *r, const struct path *p,
				uint64_t param)
{
	struct cell_counts k;

	memset(&k, 0, sizeof(k));
	for (size_t i = 0; i < r->ncells; i++)
		if (cell_in_path(&r->cells[i], p) &&
		    path_param(p, &r->cells[i]) == param)
			cell_counts_add(&k, &r->cells[i]);
	return k;
}

static int pct(size_t part, size_t whole)
{
	return whole ? (int)((200 * part + whole) / (2 * whole)) : 0;
}

void quality_sentence(char *buf, size_t len, const struct cell_counts *k)
{
	char part[3][112] = { "", "", "" };
	size_t n = 0, used;

	if (k->budget)
		snprintf(part[n++], sizeof(part[0]), "%zu (%d %%) stopped on their time budget before their precision target",
			 k->budget, pct(k->budget, k->cells));
	if (k->fewclean)
		snprintf(part[n++], sizeof(part[0]), "%zu (%d %%) had only some samples clean",
			 k->fewclean, pct(k->fewclean, k->cells));
	if (k->offpath)
		snprintf(part[n++], sizeof(part[0]), "%zu (%d %%) had samples off their path, kept out",
			 k->offpath, pct(k->offpath, k->cells));
	buf[0] = 0;
	if (!n)
		return;
	snprintf(buf, len, "Of the %zu cells, ", k->cells);
	for (size_t i = 0; i < n; i++) {
		used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s",
			 !i ? "" : i + 1 < n ? ", " : " and ", part[i]);
	}
	used = strlen(buf);
	snprintf(buf + used, len - used, ".");
}

static void put_count(struct table_cell *out, size_t v, size_t cells)
{
	snprintf(out->text, sizeof(out->text), "%zu", v);
	if (v && cells)
		snprintf(out->sub, sizeof(out->sub), "(%d %%)", pct(v, cells));
}

static const char what[] =
	"Per path, its cells (every size, order, batch and thread count) with at least one repetition: skipped (not measurable here, the reason in the path's tables); failed (the repetition failed or had failed ops); off path (samples whose timed region did not take the path the case and mode name, e.g. buddy mode without a zone refill: kept out of the statistics like disturbed and failed ones, in brackets how many; a repetition with no other sample failed, its cell n/a in the tables); misplaced (pages or objects found off their node); budget (sampling stopped on the cell's time budget before its precision target, so its interval is wider than the profile asked); few clean (only some samples undisturbed by preemption or interrupts: the statistics rest on fewer samples).";

int report_quality(struct report_section *s, const struct path *paths,
		   const struct cell_counts *k, size_t npaths,
		   const struct cell_counts *all)
{
	static const char *const cols[] = {
		"cells", "skipped", "failed", "off path", "misplaced", "budget",
		"few clean",
	};
	enum { NCOLS = sizeof(cols) / sizeof(*cols) };
	struct report_item *it = report_add_item(s, ITEM_TABLE);
	char line[400], off[48] = "";
	struct table *t;

	if (!it || table_init(&it->table, npaths, NCOLS))
		return -1;
	t = &it->table;
	snprintf(t->id, sizeof(t->id), "quality");
	snprintf(t->title, sizeof(t->title),
		 "Quality: cells per path that were skipped, failed, off path, misplaced, budget-stopped or not clean");
	snprintf(t->corner, sizeof(t->corner), "path");
	for (size_t j = 0; j < NCOLS; j++)
		snprintf(t->col_label[j], sizeof(t->col_label[j]), "%s",
			 cols[j]);
	for (size_t i = 0; i < npaths; i++) {
		size_t v[NCOLS] = { k[i].cells, k[i].skipped, k[i].failed,
				    k[i].offpath, k[i].misplaced, k[i].budget,
				    k[i].fewclean };

		path_name(t->row_label[i], sizeof(t->row_label[i]), &paths[i]);
		for (size_t j = 0; j < NCOLS; j++)
			put_count(table_at(t, i, j), v[j], j ? k[i].cells : 0);
		if (k[i].offpath)
			snprintf(table_at(t, i, 3)->sub,
				 sizeof(t->cells[0].sub), "(%llu sample%s)",
				 (unsigned long long)k[i].offpath_samples,
				 k[i].offpath_samples > 1 ? "s" : "");
	}
	snprintf(t->caption, sizeof(t->caption), "%s", what);
	if (all->offpath)
		snprintf(off, sizeof(off), " (%llu sample%s)",
			 (unsigned long long)all->offpath_samples,
			 all->offpath_samples > 1 ? "s" : "");
	snprintf(line, sizeof(line),
		 "All %zu cells of the run: %zu skipped, %zu failed, %zu with samples off their path%s, %zu misplaced, %zu stopped on their time budget, %zu with few clean samples.",
		 all->cells, all->skipped, all->failed, all->offpath, off,
		 all->misplaced, all->budget, all->fewclean);
	return report_add_text(s, ITEM_NOTE, line);
}
