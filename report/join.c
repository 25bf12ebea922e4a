// SPDX-License-Identifier: GPL-2.0
/* Joining runs by cell key: see join.h. */
#include "join.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_row(struct join *j, size_t *cap, const struct run_cell *c)
{
	struct join_row *row;

	if (j->nrows == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		struct join_row *rows = realloc(j->rows, ncap * sizeof(*rows));

		if (!rows)
			return -1;
		j->rows = rows;
		*cap = ncap;
	}
	row = &j->rows[j->nrows];
	row->cell = calloc(j->nruns, sizeof(*row->cell));
	if (!row->cell)
		return -1;
	row->key = c->key;
	row->k = &c->k;
	row->common = 1;
	for (size_t i = 0; i < j->nruns; i++) {
		row->cell[i] = run_find(j->runs[i], c->key);
		if (!row->cell[i])
			row->common = 0;
	}
	j->nrows++;
	j->ncommon += (size_t)row->common;
	return 0;
}

/* Run i's key is new when no run before it has it. */
static int seen_before(const struct join *j, size_t i, const char *key)
{
	for (size_t p = 0; p < i; p++)
		if (run_find(j->runs[p], key))
			return 1;
	return 0;
}

int join_runs(struct join *j, const struct run *const *runs, size_t nruns,
	      char *err, size_t errlen)
{
	size_t cap = 0;

	memset(j, 0, sizeof(*j));
	j->runs = runs;
	j->nruns = nruns;
	j->missing = calloc(nruns, sizeof(size_t));
	j->extra = calloc(nruns, sizeof(size_t));
	if (nruns < 2 || !j->missing || !j->extra)
		goto oom;
	for (size_t i = 0; i < nruns; i++) {
		for (size_t c = 0; c < runs[i]->ncells; c++) {
			const char *key = runs[i]->cells[c].key;

			if (i && !run_find(runs[0], key))
				j->extra[i]++;
			if (i && seen_before(j, i, key))
				continue;
			if (add_row(j, &cap, &runs[i]->cells[c]))
				goto oom;
		}
		if (i)
			j->missing[i] = runs[0]->ncells -
					(runs[i]->ncells - j->extra[i]);
	}
	if (!j->ncommon) {
		snprintf(err, errlen, "no cell is common to all %zu runs (%s has %zu cells, %s %zu): different profiles or --only?",
			 nruns, runs[0]->dir, runs[0]->ncells, runs[1]->dir,
			 runs[1]->ncells);
		join_free(j);
		return -1;
	}
	return 0;
oom:
	snprintf(err, errlen, nruns < 2 ? "join: needs two runs or more" :
					  "join: out of memory");
	join_free(j);
	return -1;
}

void join_free(struct join *j)
{
	for (size_t r = 0; r < j->nrows; r++)
		free(j->rows[r].cell);
	free(j->rows);
	free(j->missing);
	free(j->extra);
	memset(j, 0, sizeof(*j));
}

size_t join_list(const struct join *j, size_t i, int extra,
		 const char **keys, size_t max)
{
	size_t n = 0;

	if (i == 0 || i >= j->nruns)
		return 0;
	for (size_t r = 0; r < j->nrows; r++) {
		const struct join_row *row = &j->rows[r];
		int hit = extra ? row->cell[i] && !row->cell[0] :
				  row->cell[0] && !row->cell[i];

		if (!hit)
			continue;
		if (n < max)
			keys[n] = row->key;
		n++;
	}
	return n;
}
