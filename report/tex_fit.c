// SPDX-License-Identifier: GPL-2.0
/*
 * A LaTeX table's layout planned to fit a two-column paper: see tex_fit.h.
 * Widths are estimates, erring wide: a plan that fits here fits in print
 * (tests/report/test_paper.sh compiles every table and fails on any box
 * over 1 pt).
 */
#include "tex_fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABCOLSEP_PT 3.0	/* set in each table: \setlength{\tabcolsep} */
#define FIT_COLUMN (TEX_COLUMN_PT - 4.0)
#define FIT_TEXT (TEX_TEXT_PT - 6.0)
#define LABEL_MIN_PT 70.0	/* narrower row labels wrap too often */
#define LABEL_GROUPED_PT 110.0
#define LINE_PT 9.5		/* \footnotesize baselineskip */
#define FLOAT_PT (TEX_HEIGHT_PT - 52.0)	/* room for the float's own skips */

/* Glyph widths of Latin Modern 8 pt (lmr8 ~ cmr8), in pt, rounded up. */
static double glyph_pt(char c)
{
	static const char narrow[] = "ijlft.,:;!'|`";
	static const char mid[] = "rsz()[]-";
	static const char wide[] = "mw%=+<>@#&~";

	if (c >= '0' && c <= '9')
		return 4.3;
	if (c == ' ')
		return 3.0;
	if (c && strchr(narrow, c))
		return 2.7;
	if (c && strchr(mid, c))
		return 3.6;
	if (c && strchr(wide, c))
		return 7.3;
	if (c == 'M' || c == 'W')
		return 8.8;
	if (c >= 'A' && c <= 'Z')
		return 6.6;
	return 4.8;	/* other lower case, '_', '/', '\\', '^' */
}

double tex_text_pt(const char *s, int scriptsize)
{
	double w = 0;

	for (; *s; s++)
		w += glyph_pt(*s);
	/* 7 pt is wider than 7/8 of 8 pt (optical sizes) */
	return scriptsize ? w * 0.95 : w;
}

static double span_pt(const char *s, size_t n)
{
	double w = 0;

	for (size_t i = 0; i < n; i++)
		w += glyph_pt(s[i]);
	return w;
}

void tex_cell_split(const struct table_cell *c, int split_sub,
		    struct tex_cell_lines *out)
{
	const char *iv = strstr(c->text, " [");
	char both[336];

	out->below[0] = 0;
	if (iv) {
		/* "105442 [104593, 106299] n=6": the interval under the value */
		snprintf(out->main, sizeof(out->main), "%.*s",
			 (int)(iv - c->text), c->text);
		snprintf(out->below, sizeof(out->below), "%s%s%s", iv + 1,
			 c->sub[0] ? " " : "", c->sub);
		return;
	}
	snprintf(both, sizeof(both), "%s%s%s", c->text, c->sub[0] ? " " : "",
		 c->sub);
	if (!c->sub[0] || !split_sub) {
		snprintf(out->main, sizeof(out->main), "%s", both);
		return;
	}
	snprintf(out->main, sizeof(out->main), "%s", c->text);
	snprintf(out->below, sizeof(out->below), "%s", c->sub);
}

size_t tex_wrap(const char *s, double width_pt,
		void (*line)(void *ctx, const char *start, size_t len),
		void *ctx)
{
	size_t n = 0;

	while (*s) {
		size_t len = strcspn(s, " "), next;

		/* add words while the line stays within width */
		for (;;) {
			next = len + strspn(s + len, " ");
			if (!s[next])
				break;
			next += strcspn(s + next, " ");
			if (span_pt(s, next) > width_pt)
				break;
			len = next;
		}
		if (line)
			line(ctx, s, len);
		n++;
		s += len;
		s += strspn(s, " ");
	}
	return n ? n : 1;
}

static double longest_word_pt(const char *s)
{
	double best = 0;

	while (*s) {
		size_t n = strcspn(s, " ");
		double w = span_pt(s, n);

		if (w > best)
			best = w;
		s += n;
		s += strspn(s, " ");
	}
	return best;
}

static double cell_pt(const struct table_cell *c, int split_sub)
{
	struct tex_cell_lines l;
	double w, b;

	tex_cell_split(c, split_sub, &l);
	w = tex_text_pt(l.main, 0);
	if (c->mark == MARK_REGRESSION)
		w *= 1.15;	/* bold */
	if (c->mark == MARK_REGRESSION || c->mark == MARK_IMPROVEMENT)
		w += 4.0;	/* the superscript mark */
	b = tex_text_pt(l.below, 1);
	return w > b ? w : b;
}

static size_t cell_lines(const struct table_cell *c, int split_sub)
{
	struct tex_cell_lines l;

	tex_cell_split(c, split_sub, &l);
	return l.below[0] ? 2 : 1;
}

void tex_plan_free(struct tex_plan *p)
{
	free(p->col_pt);
	free(p->group_end);
	free(p->float_end);
	memset(p, 0, sizeof(*p));
}

/* Column groups that each fit avail beside the row labels. */
static void group_columns(const struct table *t, struct tex_plan *p,
			  double avail)
{
	double acc = 0;

	p->ngroups = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		double w = p->col_pt[c] + 2 * TABCOLSEP_PT;

		if (acc > 0 && acc + w > avail) {
			p->group_end[p->ngroups++] = c;
			acc = 0;
		}
		acc += w;
	}
	p->group_end[p->ngroups++] = t->ncols;
}

/*
 * Each column's width into p->col_pt; their sum with the padding. A header
 * wraps at its spaces only when wrap_head (else it sets the width whole).
 */
static double columns_pt(const struct table *t, struct tex_plan *p,
			 int wrap_head)
{
	double sum = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		double w = wrap_head ? longest_word_pt(t->col_label[c]) :
			   tex_text_pt(t->col_label[c], 0);

		for (size_t r = 0; r < t->nrows; r++) {
			double cw = cell_pt(&t->cells[r * t->ncols + c],
					    p->split_sub);

			if (cw > w)
				w = cw;
		}
		p->col_pt[c] = w;
		sum += w + 2 * TABCOLSEP_PT;
	}
	return sum;
}

int tex_plan(const struct table *t, struct tex_plan *p)
{
	double label_nat, label_min, others, sep = 2 * TABCOLSEP_PT;
	double head_pt, cap_pt, cap_more_pt, width, room, used;
	size_t head_lines = 1;

	memset(p, 0, sizeof(*p));
	p->col_pt = calloc(t->ncols ? t->ncols : 1, sizeof(*p->col_pt));
	p->group_end = calloc(t->ncols ? t->ncols : 1, sizeof(*p->group_end));
	p->float_end = calloc(t->nrows ? t->nrows : 1, sizeof(*p->float_end));
	if (!p->col_pt || !p->group_end || !p->float_end) {
		tex_plan_free(p);
		return -1;
	}
	label_nat = tex_text_pt(t->corner, 0);
	label_min = longest_word_pt(t->corner);
	for (size_t r = 0; r < t->nrows; r++) {
		double w = tex_text_pt(t->row_label[r], 0);
		double lw = longest_word_pt(t->row_label[r]);

		if (w > label_nat)
			label_nat = w;
		if (lw > label_min)
			label_min = lw;
	}
	if (label_min < LABEL_MIN_PT)
		label_min = label_nat < LABEL_MIN_PT ? label_nat : LABEL_MIN_PT;
	/*
	 * The first that fits, one column before two: everything on one line,
	 * then headers wrapped, then subs under their values; at each, the
	 * row labels whole, then wrapped. None fits two columns: column groups.
	 */
	for (int wide = 0; wide < 2; wide++) {
		double fit = wide ? FIT_TEXT : FIT_COLUMN;

		for (int v = 0; v < 3; v++) {
			p->split_sub = v == 2;
			others = columns_pt(t, p, v > 0);
			p->wide = wide;
			if (others + label_nat + sep <= fit) {
				p->label_pt = label_nat;
				goto planned;
			}
			if (others + label_min + sep <= fit) {
				p->label_pt = fit - others - sep;
				goto planned;
			}
		}
	}
	/* p is left wide, headers wrapped, subs split */
	p->label_pt = label_min > LABEL_GROUPED_PT ? label_min :
		      label_nat < LABEL_GROUPED_PT ? label_nat : LABEL_GROUPED_PT;
planned:
	group_columns(t, p, (p->wide ? FIT_TEXT : FIT_COLUMN) - p->label_pt - sep);

	/* heights: header lines, caption lines, each row's lines */
	for (size_t c = 0; c < t->ncols; c++) {
		size_t n = tex_wrap(t->col_label[c], p->col_pt[c], NULL, NULL);

		if (n > head_lines)
			head_lines = n;
	}
	head_pt = (double)head_lines * LINE_PT + 14.0;	/* and the rules */
	width = p->wide ? TEX_TEXT_PT : TEX_COLUMN_PT;
	cap_pt = 24.0 + LINE_PT * (1.0 + (tex_text_pt(t->title, 0) +
		 tex_text_pt(t->caption, 0) + 200.0) / (width - 20.0));
	cap_more_pt = 24.0 + LINE_PT * (2.0 + (tex_text_pt(t->title, 0) +
		      300.0) / (width - 20.0));
	room = FLOAT_PT - cap_pt;
	used = (double)p->ngroups * (head_pt + 8.0);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t n = tex_wrap(t->row_label[r], p->label_pt, NULL, NULL);
		double row_pt;

		for (size_t c = 0; c < t->ncols; c++) {
			size_t k = cell_lines(&t->cells[r * t->ncols + c],
					      p->split_sub);

			if (k > n)
				n = k;
		}
		/* every column group repeats the row */
		row_pt = ((double)n * LINE_PT + 1.0) * (double)p->ngroups;
		if (r > 0 && used + row_pt > room) {
			/* this row opens a continued float */
			p->float_end[p->nfloats++] = r;
			room = FLOAT_PT - cap_more_pt;
			used = (double)p->ngroups * (head_pt + 8.0);
		}
		used += row_pt;
	}
	p->float_end[p->nfloats++] = t->nrows;
	return 0;
}
