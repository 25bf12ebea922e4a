// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel against userspace allocators: kmalloc_node (suite=kernel
 * test=kmalloc) beside malloc through each userspace allocator (suite=user
 * test=malloc; glibc, jemalloc, jemalloc-numa, tcmalloc, mimalloc, under
 * policy bind when the run has it) per size class and node pair, and a
 * grouped bar chart at the lowest local node pair (one cluster per size
 * class, one bar per allocator); the same for kfree and free.
 */
#include "report_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_cells.h"

#define MAX_COLS 16

/* A kernel test and the userspace test it stands beside. */
struct alloc_pair {
	const char *ktest, *utest;	/* results.csv test names */
	const char *klabel;		/* the kernel column's header */
	const char *id;			/* table id; plots add -node<N> */
	const char *what;		/* caption: what one op is */
};

static const struct alloc_pair pairs[] = {
	{ "kmalloc", "malloc", "kmalloc_node", "allocators-malloc",
	  "kmalloc_node from the kernel module, malloc through each userspace allocator" },
	{ "kfree", "free", "kfree", "allocators-free",
	  "kfree from the kernel module, free through each userspace allocator" },
};

static const char *const known_order[] = {
	"glibc", "jemalloc", "jemalloc-numa", "tcmalloc", "mimalloc",
};

static int rank_of(const char *alloc)
{
	for (size_t i = 0; i < sizeof(known_order) / sizeof(*known_order); i++)
		if (!strcmp(alloc, known_order[i]))
			return (int)i;
	return 100;
}

/* The columns: kmalloc first, then the user allocators in known order. */
static size_t pick_columns(const struct path *paths, size_t np,
			   const struct alloc_pair *ap, const struct path **cols)
{
	size_t n = 0, nuser;

	/* malloc has no mode: the kernel's default mode stands beside it */
	for (size_t i = 0; i < np; i++)
		if (!strcmp(paths[i].k.suite, "kernel") &&
		    !strcmp(paths[i].k.test, ap->ktest) && !paths[i].by_order &&
		    (!n || !run_mode_label(&paths[i].k))) {
			cols[0] = &paths[i];
			n = 1;
			if (!run_mode_label(&paths[i].k))
				break;
		}
	nuser = n;
	for (size_t i = 0; i < np && n < MAX_COLS; i++) {
		const struct path *p = &paths[i];
		size_t j;

		if (strcmp(p->k.suite, "user") || strcmp(p->k.test, ap->utest))
			continue;
		for (j = nuser; j < n; j++)
			if (!strcmp(cols[j]->k.allocator, p->k.allocator))
				break;
		if (j < n) {
			/* one path per allocator: bind wins */
			if (!strcmp(p->k.policy, "bind"))
				cols[j] = p;
			continue;
		}
		/* insert by rank, stable for unknown allocators */
		for (j = n; j > nuser && rank_of(cols[j - 1]->k.allocator) >
			    rank_of(p->k.allocator); j--)
			cols[j] = cols[j - 1];
		cols[j] = p;
		n++;
	}
	return n;
}

struct arow {
	uint64_t size;
	int cpu, mem;
};

static int cmp_arow(const void *a, const void *b)
{
	const struct arow *x = a, *y = b;

	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	if (x->cpu != y->cpu)
		return x->cpu - y->cpu;
	return x->mem - y->mem;
}

static long collect_rows(const struct run *r, const struct path **cols,
			 size_t ncols, struct arow **out)
{
	struct arow *rows = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < r->ncells; i++) {
		const struct run_cell *c = &r->cells[i];
		struct arow a = { c->k.size_bytes, c->k.cpu_node, c->k.mem_node };
		size_t j, k;

		for (j = 0; j < ncols; j++)
			if (cell_in_path(c, cols[j]))
				break;
		if (j == ncols)
			continue;
		for (k = 0; k < n; k++)
			if (!cmp_arow(&rows[k], &a))
				break;
		if (k < n)
			continue;
		if (n == cap) {
			void *nr = realloc(rows, (cap = cap * 2 + 32) * sizeof(*rows));

			if (!nr) {
				free(rows);
				return -1;
			}
			rows = nr;
		}
		rows[n++] = a;
	}
	if (n)
		qsort(rows, n, sizeof(*rows), cmp_arow);
	*out = rows;
	return (long)n;
}

static void col_label(char *buf, size_t len, const struct path *p,
		      const struct alloc_pair *ap)
{
	const char *mode = run_mode_label(&p->k);

	if (!strcmp(p->k.suite, "kernel"))
		snprintf(buf, len, "%s%s%s", ap->klabel, mode ? " " : "",
			 mode ? mode : "");
	else
		snprintf(buf, len, "%s", p->k.allocator);
}

static int alloc_plot(struct report_section *s, const struct run *r,
		      const struct alloc_pair *ap, const struct path **cols,
		      size_t ncols, const struct arow *rows, size_t nrows,
		      int node)
{
	uint64_t sizes[PATH_MAX_PARAMS];
	size_t nsizes = 0;
	struct report_item *it;
	struct plot *pl;

	for (size_t i = 0; i < nrows; i++)
		if (rows[i].cpu == node && rows[i].mem == node &&
		    nsizes < PATH_MAX_PARAMS)
			sizes[nsizes++] = rows[i].size;	/* rows are sorted */
	if (nsizes < 2)
		return 0;
	it = report_add_item(s, ITEM_PLOT);
	if (!it || plot_init(&it->plot, nsizes, ncols))
		return -1;
	pl = &it->plot;
	pl->kind = PLOT_BARS;
	snprintf(pl->id, sizeof(pl->id), "%s-node%d", ap->id, node);
	snprintf(pl->title, sizeof(pl->title),
		 "%s against %s, cpu node %d, memory node %d: p50 by size class",
		 ap->klabel, ap->utest, node, node);
	snprintf(pl->note, sizeof(pl->note),
		 "Bars: p50, the median over the run's %u repetitions of each repetition's p50; error bars from the smallest to the largest repetition's p50 (the spread, not an interval).",
		 run_reps(r));
	snprintf(pl->xlabel, sizeof(pl->xlabel), "size class");
	snprintf(pl->ylabel, sizeof(pl->ylabel), "p50");
	pl->y_ns = 1;	/* ns, us or ms, the unit in the label */
	for (size_t k = 0; k < nsizes; k++) {
		pl->x[k] = (double)sizes[k];
		format_param(pl->xtic[k], sizeof(pl->xtic[k]), sizes[k], 0);
	}
	for (size_t j = 0; j < ncols; j++) {
		col_label(pl->series[j].name, sizeof(pl->series[j].name),
			  cols[j], ap);
		for (size_t k = 0; k < nsizes; k++) {
			struct plot_series *se = &pl->series[j];
			const struct run_cell *c = path_cell(r, cols[j], node,
							     node, sizes[k]);
			double p50, p99;

			if (!cell_summary(c, &p50, &p99) &&
			    !cell_p50_spread(c, &se->lo[k], &se->hi[k]))
				se->y[k] = p50;
		}
	}
	return 0;
}

/* One table (and plot) for one pair; 1 when made, 0 when the run lacks rows. */
static int alloc_table(struct report_section *s, const struct run *r,
		       const struct path *paths, size_t np,
		       const struct alloc_pair *ap)
{
	const struct path *cols[MAX_COLS];
	struct note_list notes = { .n = 0 };
	struct report_item *it;
	struct arow *rows = NULL;
	char what[400];
	size_t ncols = pick_columns(paths, np, ap, cols);
	long nrows;
	int ret = -1, node = -1;

	if (ncols < 2 || strcmp(cols[0]->k.suite, "kernel"))
		return 0;
	nrows = collect_rows(r, cols, ncols, &rows);
	it = report_add_item(s, ITEM_TABLE);
	if (nrows < 0 || !it || table_init(&it->table, (size_t)nrows, ncols))
		goto out;
	snprintf(it->table.id, sizeof(it->table.id), "%s", ap->id);
	snprintf(it->table.title, sizeof(it->table.title),
		 "%s against userspace %s: p50 (p99)", ap->klabel,
		 ap->utest);
	snprintf(it->table.corner, sizeof(it->table.corner),
		 "size, cpu node, mem node");
	for (size_t j = 0; j < ncols; j++)
		col_label(it->table.col_label[j], sizeof(it->table.col_label[j]),
			  cols[j], ap);
	for (long i = 0; i < nrows; i++) {
		char sz[32];

		format_param(sz, sizeof(sz), rows[i].size, 0);
		snprintf(it->table.row_label[i], sizeof(it->table.row_label[i]),
			 "%s, cpu %d, mem %d", sz, rows[i].cpu, rows[i].mem);
		for (size_t j = 0; j < ncols; j++)
			cell_fill(table_at(&it->table, (size_t)i, j),
				  path_cell(r, cols[j], rows[i].cpu,
					    rows[i].mem, rows[i].size),
				  1, &notes);
		if (rows[i].cpu == rows[i].mem && rows[i].cpu >= 0 &&
		    (node < 0 || rows[i].cpu < node))
			node = rows[i].cpu;
	}
	snprintf(what, sizeof(what),
		 "%s; from a thread on the CPU node, the memory bound to the memory node.",
		 ap->what);
	caption_with_notes(it->table.caption, sizeof(it->table.caption), what,
			   &notes);
	ret = node >= 0 ? alloc_plot(s, r, ap, cols, ncols, rows,
				     (size_t)nrows, node) : 0;
	if (!ret)
		ret = 1;
out:
	free(rows);
	return ret;
}

int report_allocators(struct report_section *s, const struct run *r)
{
	struct path *paths;
	long np = paths_of_run(r, &paths);
	int made = 0, ret = -1;

	if (np < 0)
		return -1;
	if (report_add_text(s, ITEM_HEADING, "Kernel against userspace allocators"))
		goto out;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++) {
		int n = alloc_table(s, r, paths, (size_t)np, &pairs[i]);

		if (n < 0)
			goto out;
		made += n;
	}
	if (!made && report_add_text(s, ITEM_NOTE, "No kernel-against-userspace table: this run lacks the rows it needs (suite=kernel test=kmalloc or kfree, and suite=user test=malloc or free)."))
		goto out;
	ret = 0;
out:
	free(paths);
	return ret;
}
