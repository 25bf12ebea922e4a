/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the report builders share: a cell's summary over its repetitions,
 * number and label formatting, a run's conditions (said once, at the top
 * of its section) and the captions that add what is particular, and
 * "paths" (a test of one allocator, policy and mode, at its smallest batch
 * and thread count) with the sizes or orders and nodes they cover.
 *
 * Owner: report (report/report_cells.c).
 */
#ifndef REPORT_CELLS_H
#define REPORT_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "rundir/runload.h"
#include "table.h"

#define PATH_MAX_PARAMS 64
#define PATH_MAX_NODES 64

/*
 * A cell's numbers: the median over its ok repetitions of each repetition's
 * p50 and p99 (repetitions are the sample, DESIGN.md "Statistics"); p99
 * NAN unless every repetition has one. Returns 0, or -1 when the cell has
 * no ok repetition.
 */
int cell_summary(const struct run_cell *c, double *p50, double *p99);

/* How many of c's ok repetitions have a p99 (100 samples or more). */
size_t cell_p99_reps(const struct run_cell *c);

/*
 * The spread over repetitions of a cell's p50: the smallest and the
 * largest repetition's. 0, or -1 when the cell has no ok repetition.
 */
int cell_p50_spread(const struct run_cell *c, double *lo, double *hi);

/* ns with a precision that suits its size: "3.25", "42.5", "1234". */
void format_ns(char *buf, size_t len, double ns);

/*
 * Digits that match precision. The place of a number's last digit: the
 * power of ten at or below u, the larger of its uncertainty (an interval's
 * half-width) and the resolution it was measured with (a histogram bucket
 * is 1/128 of its value; a timer tick), so no digit is noise.
 */
double digit_place(double uncertainty, double resolution);
/*
 * place, made fine enough for v to keep at least @digits significant
 * digits (2 for a value, 1 for an interval's bound, which never rounds to
 * 0 then).
 */
double place_for(double v, double place, int digits);
/* A number to that place: "0.99", "1.1", "105". */
void format_to_place(char *buf, size_t len, double v, double place);
/*
 * A time in ns scaled to ns, us or ms by its size, to that place, with its
 * unit: "52.5 us", "3 ns". unit, when not NULL, gets the unit and scale
 * (ns per unit) used, for an interval printed beside it.
 */
void format_time(char *buf, size_t len, double ns, double place_ns,
		 const char **unit, double *scale);
/*
 * A table cell of a time and its interval over n units: "52 us" and
 * "[51, 54] n=3" to the place of the interval's half-width (never finer
 * than resolution, at least two significant digits), or "n=1, no
 * interval" when n < 2 (lo, hi ignored).
 */
void fill_time_interval(struct table_cell *out, double v, double lo,
			double hi, size_t n, double resolution);

/* The resolution of a cell's times: a bucket (1/128 of ns) or the run's
 * user timer, whichever is coarser. */
double time_resolution(const struct run *r, const struct cell_key *k,
		       double ns);
/* A size class: "8 B", "4 KiB", "2 MiB"; an order: "order 3". */
void format_param(char *buf, size_t len, uint64_t param, int by_order);

/* The distinct reasons of a table's skipped and failed cells, numbered. */
#define NOTE_LIST_MAX 8
struct note_list {
	char text[NOTE_LIST_MAX][256];
	size_t n;
};

/* The number of note in notes, added when new; once full, the last
 * number ("more reasons...") for any new one. 0: notes NULL. */
size_t note_add(struct note_list *notes, const char *note);

/*
 * Fill a table cell from a run cell: "p50" and "(p99)" when with_p99 (the
 * median of the repetitions that have one, "(p99; 2 of 3 reps)" when not
 * all do), each with its unit, to its histogram bucket's precision. A
 * cell without numbers says "skipped" or "failed" and "[n]", n the number
 * of its reason in notes (added when new; notes may be NULL); "n/a" when
 * it has no row (c NULL) or failed only for samples off its path.
 */
void cell_fill(struct table_cell *out, const struct run_cell *c, int with_p99,
	       struct note_list *notes);

/*
 * What a run was measured under, once per run: kernel, machine, native or
 * VM (with the timing note), repetitions, the run id and kbench's
 * parameters.
 */
void run_conditions(char *buf, size_t len, const struct run *r);

/* A table's caption: what is particular to it, then the numbered notes. */
void caption_with_notes(char *buf, size_t len, const char *what,
			const struct note_list *notes);

/* The number of repetitions of the run: meta's, else the largest nreps. */
unsigned run_reps(const struct run *r);

/*
 * A path: one test, allocator, policy and mode at its smallest thread
 * count; at each size or order the cells of the smallest batch that size
 * has (a profile may time 4 KiB in batches of 32 and 2 MiB in pairs).
 */
struct path {
	struct cell_key k;	/* suite, test, allocator, policy, mode, batch, threads */
	int by_order;		/* every cell has an order: parameter is the order */
	uint64_t param[PATH_MAX_PARAMS];
	unsigned batch[PATH_MAX_PARAMS];	/* the batch timed at param[i] */
	size_t nparams;		/* ascending */
	int cpu[PATH_MAX_NODES], mem[PATH_MAX_NODES];
	size_t ncpu, nmem;	/* ascending; -1 (empty column) first */
};

/*
 * The paths of a run in results.csv order; *out is allocated (free()).
 * Returns the count, or -1 on ENOMEM.
 */
long paths_of_run(const struct run *r, struct path **out);

/* Does c belong to path p (same key columns, mode, threads, and the batch
 * p times at c's parameter)? */
int cell_in_path(const struct run_cell *c, const struct path *p);
/* Is c p's test, allocator, policy and mode, at any batch or threads? */
int cell_of_test(const struct run_cell *c, const struct path *p);
/* c's parameter in p: its order when p is by order, else its size. */
uint64_t path_param(const struct path *p, const struct run_cell *c);

/* The cell of path p at (cpu, mem, param), or NULL. */
const struct run_cell *path_cell(const struct run *r, const struct path *p,
				 int cpu, int mem, uint64_t param);

/*
 * A path's name: the test, plus allocator and policy when not kernel/node,
 * plus the mode when not the default (run_mode_label).
 */
void path_name(char *buf, size_t len, const struct path *p);

/* A path at one size or order: "kmalloc 256 B", "buddy_alloc order 3";
 * the name alone for a case without a size (a TLB flush). */
void path_param_name(char *buf, size_t len, const struct path *p,
		     uint64_t param);
/* The id of a path's item at one size or order: "<kind>-kmalloc-s-256",
 * "<kind>-buddy-alloc-o-3", file-name safe. */
void path_param_id(char *buf, size_t len, const char *kind,
		   const struct path *p, uint64_t param);

/* s with every character outside [A-Za-z0-9.-] replaced by '-'. */
void id_sanitize(char *s);

/*
 * The size or order a path is summed up at (summary row, CDF): the middle
 * one of those with a number (a profile may ask for orders a case caps:
 * skipped), else the middle one.
 */
uint64_t path_middle_param(const struct run *r, const struct path *p);

/*
 * The representative parameters of p: all when there are at most three,
 * else the smallest, the middle one and the largest. Returns their count.
 */
size_t representative_params(const struct path *p, uint64_t out[3]);

#endif
