// SPDX-License-Identifier: GPL-2.0
/*
 * A run's cells in memory: the index of keys, building cells (runload.c
 * reading results.csv, report's sets of boots), copying and freeing them.
 */
#include "runload.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- cells and their index ---- */

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int index_insert(struct run *r, size_t cell)
{
	size_t mask, i;

	if ((r->ncells + 1) * 2 > r->index_cap) {
		size_t ncap = r->index_cap ? r->index_cap * 2 : 1024;
		size_t *idx = calloc(ncap, sizeof(*idx));

		if (!idx)
			return -1;
		free(r->index);
		r->index = idx;
		r->index_cap = ncap;
		/* Cells before the new one (cell == r->ncells) move over. */
		for (size_t c = 0; c < cell; c++) {
			i = key_hash(r->cells[c].key) & (ncap - 1);
			while (r->index[i])
				i = (i + 1) & (ncap - 1);
			r->index[i] = c + 1;
		}
	}
	mask = r->index_cap - 1;
	i = key_hash(r->cells[cell].key) & mask;
	while (r->index[i])
		i = (i + 1) & mask;
	r->index[i] = cell + 1;
	return 0;
}

const struct run_cell *run_find(const struct run *r, const char *key)
{
	size_t mask, i;

	if (!r->index_cap)
		return NULL;
	mask = r->index_cap - 1;
	for (i = key_hash(key) & mask; r->index[i]; i = (i + 1) & mask)
		if (!strcmp(r->cells[r->index[i] - 1].key, key))
			return &r->cells[r->index[i] - 1];
	return NULL;
}

/*
 * No part of a key holds '/' (read_key), so the number of parts tells
 * whether the mode is there: keys stay unique without an empty part.
 */
void run_key_format(char *buf, size_t len, const struct cell_key *k)
{
	snprintf(buf, len, "%s/%s/%s/%s/c%d/m%d/s%" PRIu64 "/o%d/b%u%s%s/t%u",
		 k->suite, k->test, k->allocator, k->policy, k->cpu_node,
		 k->mem_node, k->size_bytes, k->order, k->batch,
		 k->mode[0] ? "/" : "", k->mode, k->threads);
}

const char *run_mode_label(const struct cell_key *k)
{
	return !k->mode[0] || !strcmp(k->mode, RUN_MODE_DEFAULT) ? NULL :
		k->mode;
}

void run_count_add(int64_t *sum, int64_t v)
{
	if (v < 0)
		return;
	*sum = (*sum > 0 ? *sum : 0) + v;
}

struct run_cell *run_cell_get(struct run *r, const struct cell_key *k,
			      size_t *cap)
{
	char key[256];
	struct run_cell *c;

	run_key_format(key, sizeof(key), k);
	c = (struct run_cell *)run_find(r, key);
	if (c)
		return c;
	if (r->ncells == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		struct run_cell *cells = realloc(r->cells, ncap * sizeof(*cells));

		if (!cells)
			return NULL;
		r->cells = cells;
		*cap = ncap;
		/* The index holds positions, not pointers: still valid. */
	}
	c = &r->cells[r->ncells];
	memset(c, 0, sizeof(*c));
	c->k = *k;
	memcpy(c->key, key, sizeof(key));
	c->disturbed = c->failed_samples = c->off_path = -1;
	if (index_insert(r, r->ncells))
		return NULL;
	r->ncells++;
	return c;
}

/* Grow *p (of n - 1 elements of size sz) to n: 0, or -1. */
static int grow(void *p, size_t n, size_t sz)
{
	void *m = realloc(*(void **)p, n * sz);

	if (!m)
		return -1;
	*(void **)p = m;
	return 0;
}

int run_cell_add_rep(struct run_cell *c, double mean, double p50, double p99,
		     const struct run_unit *u)
{
	size_t n = c->nreps + 1;
	struct run_unit own = {
		.all_ns = { mean, p50 }, .reps = 1, .rep = -1,
	};

	if (grow(&c->mean_ns, n, sizeof(double)) ||
	    grow(&c->p50_ns, n, sizeof(double)) ||
	    grow(&c->p99_ns, n, sizeof(double)) ||
	    grow(&c->unit, n, sizeof(*c->unit)))
		return -1;
	c->mean_ns[c->nreps] = mean;
	c->p50_ns[c->nreps] = p50;
	c->p99_ns[c->nreps] = p99;
	c->unit[c->nreps] = u ? *u : own;
	c->nreps = n;
	return 0;
}

/* A copy of n elements of size sz at src into *dst (NULL stays NULL). */
static int dup_array(void *dst, const void *src, size_t n, size_t sz)
{
	*(void **)dst = NULL;
	if (!src || !n)
		return 0;
	*(void **)dst = malloc(n * sz);
	if (!*(void **)dst)
		return -1;
	memcpy(*(void **)dst, src, n * sz);
	return 0;
}

int run_clone(struct run *dst, const struct run *src)
{
	memset(dst, 0, sizeof(*dst));
	memcpy(dst->dir, src->dir, sizeof(dst->dir));
	dst->meta = src->meta;
	if (dup_array(&dst->index, src->index, src->index_cap,
		      sizeof(*src->index)) ||
	    dup_array(&dst->cells, src->cells, src->ncells, sizeof(*src->cells)))
		return -1;
	dst->index_cap = src->index_cap;
	for (size_t i = 0; i < src->ncells; i++) {
		struct run_cell *c = &dst->cells[i];
		const struct run_cell *s = &src->cells[i];

		c->mean_ns = c->p50_ns = c->p99_ns = NULL;
		c->unit = NULL;
		c->rep_ids = NULL;
		c->hist = NULL;
		dst->ncells = i + 1;
		if (dup_array(&c->mean_ns, s->mean_ns, s->nreps, sizeof(double)) ||
		    dup_array(&c->p50_ns, s->p50_ns, s->nreps, sizeof(double)) ||
		    dup_array(&c->p99_ns, s->p99_ns, s->nreps, sizeof(double)) ||
		    dup_array(&c->unit, s->unit, s->nreps, sizeof(*s->unit)) ||
		    dup_array(&c->rep_ids, s->rep_ids, s->nrep_ids,
			      sizeof(*s->rep_ids)))
			return -1;
	}
	return 0;
}

void run_free(struct run *r)
{
	for (size_t i = 0; i < r->ncells; i++) {
		free(r->cells[i].mean_ns);
		free(r->cells[i].p50_ns);
		free(r->cells[i].p99_ns);
		free(r->cells[i].unit);
		free(r->cells[i].rep_ids);
		free(r->cells[i].hist);
	}
	free(r->cells);
	free(r->index);
	r->cells = NULL;
	r->index = NULL;
	r->ncells = r->index_cap = 0;
}
