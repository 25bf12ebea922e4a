// SPDX-License-Identifier: GPL-2.0
/* A comparison as LaTeX: see compare_tex.h. */
#include "compare_tex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare_doc.h"
#include "compare_table.h"
#include "render.h"

/*
 * The columns: a zero-width one that holds each cell's name line, which
 * may wrap but never widens a column (so a longtable's widths settle in
 * two passes and a long name cannot push the table past the margin);
 * then base, new, ratio, its CI, beyond, q, detectable, verdict. The
 * table starts at the left margin, so the name's \linewidth fits.
 */
#define COLSPEC "@{}l@{}rrrrrrrl@{}"
#define NAME_OPEN "\\rlap{\\parbox[t]{\\linewidth}{\\raggedright\\strut "
#define NAME_CLOSE "\\strut}}"

static void esc(FILE *f, const char *s)
{
	render_escaped(f, s, tex_escape);
}

/* Text with paths and arrows: a line may break after '/', "->" and "→"
 * are $\to$. */
static void esc_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		const char *e = tex_escape(*s);

		if (s[0] == '-' && s[1] == '>') {
			fputs("$\\to$", f);
			s++;
		} else if (!strncmp(s, "\u2192", 3)) {
			fputs("$\\to$", f);	/* no UTF-8 in a paper's input */
			s += 2;
		} else if (*s == '/')
			fputs("\\slash{}", f);
		else if (e)
			fputs(e, f);
		else
			fputc(*s, f);
	}
}

/* Labels keep what is safe in \label: letters, digits, '-', ':'. */
static void put_label(FILE *f, const char *kind, const char *id)
{
	fprintf(f, "\\label{%s-", kind);
	for (; *id; id++)
		fputc((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z') ||
		      (*id >= '0' && *id <= '9') || *id == '-' ? *id : '-', f);
	fputs("}", f);
}

static void tex_lines(FILE *f, const struct compare_lines *h)
{
	fputs("\\begin{itemize}\\setlength{\\itemsep}{0pt}\n", f);
	for (size_t k = 0; k < h->n; k++) {
		fputs(h->warn[k] == 1 ? "\\item \\textbf{Warning:} " :
		      h->warn[k] ? "\\item \\textbf{" : "\\item ", f);
		esc_text(f, h->text[k]);
		if (h->warn[k] == 2)
			fputc('}', f);
		fputc('\n', f);
	}
	fputs("\\end{itemize}\n", f);
}

static void tex_figure(FILE *f, const struct compare_figures *figs,
		       const struct compare_figure *fg)
{
	if (!figs->drawn || !fg->p.npoints) {
		fputs("\\noindent\\textbf{Figure missing:} ", f);
		esc(f, fg->p.npoints ? figs->why : "nothing to draw (the caption says why)");
		fputs(" (", f);
		esc(f, fg->title);
		fputs(")\\par\n", f);
		return;
	}
	/*
	 * At most its drawn size (wider, its 7 pt fonts would grow) and 0.65
	 * of the text height, so that its caption fits on the page too (a
	 * 40-row forest in a one-column article).
	 */
	fprintf(f, "\\begin{figure}[tbp]\n\\centering\n\\includegraphics[width=\\columnwidth,height=\\ifdim %.2fin>0.65\\textheight 0.65\\textheight\\else %.2fin\\fi,keepaspectratio]{%s.pdf}\n\\caption[{",
		fg->p.height_in, fg->p.height_in, fg->file);
	esc(f, fg->title);
	fputs("}]{", f);
	esc(f, fg->title);
	fputs(". ", f);
	esc(f, fg->caption);
	fputs("}\n", f);
	put_label(f, "fig:compare", fg->file + strlen("compare-"));
	fputs("\n\\end{figure}\n", f);
}

/* "53874 ±2.1": the value and the half-width of its 95 % interval on the
 * log scale, in percent (the units go to the name line: room). */
static void side(FILE *f, const struct stat_logsample *s)
{
	char v[24];
	double lo, hi;

	if (!s->n) {
		fputs("--", f);
		return;
	}
	format_ns(v, sizeof(v), s->geo);
	fputs(v, f);
	if (!compare_side_interval(s, &lo, &hi))
	{
		double pct = (sqrt(hi / lo) - 1) * 100;

		/* beyond a doubling a factor says more than a percentage */
		if (pct < 10)
			fprintf(f, " $\\pm$%.2g", pct);
		else if (pct < 100)
			fprintf(f, " $\\pm$%.0f", pct);
		else
			fprintf(f, " $\\times/\\div$%.3g", sqrt(hi / lo));
	}
}

static void cell_rows(FILE *f, const struct compare *c, size_t i,
		      const struct cmp_cell *cc, struct cmp_notes *notes)
{
	const struct cmp_result *res = &cc->r[i];
	char name[160], verdict[64];
	int bold = res->verdict == CMP_REGRESSION;
	double lo, hi;

	compare_cell_label(name, sizeof(name), cc->row->k);
	fputs(NAME_OPEN, f);
	if (bold)
		fputs("\\textbf{", f);
	esc_text(f, name);
	fprintf(f, "%s; units %zu, %zu", bold ? "}" : "", cc->s[0].n,
		cc->s[i].n);
	if (res->kind)
		fprintf(f, "; %s", cmp_kind_name(res->kind));
	if (notes && compare_reason_noted(res))
		fprintf(f, " [%zu]", cmp_note(notes, res->reason));
	fputs(NAME_CLOSE " \\\\*\n& ", f);
	side(f, &cc->s[0]);
	fputs(" & ", f);
	side(f, &cc->s[i]);
	fputs(" & ", f);
	if (isfinite(res->t.ratio))
		fprintf(f, "%.3f", res->t.ratio);
	fputs(" & ", f);
	if (!compare_ratio_interval(res, &lo, &hi))
		fprintf(f, "%.3f--%.3f", lo, hi);
	fputs(" & ", f);
	if (res->tested) {
		char det[32];

		compare_format_ratio(det, sizeof(det), res->detectable);
		fprintf(f, "%.3f & %.2g & %s", res->beyond, res->t.q, det);
	} else
		fputs(" & & ", f);
	/* the kind is on the name line: room */
	snprintf(verdict, sizeof(verdict), "%s", cmp_verdict_name(res->verdict));
	fprintf(f, " & %s", bold ? "\\textbf{" : "");
	esc(f, verdict);
	fprintf(f, "%s \\\\\n", bold ? "}" : "");
	(void)c;
}

static void run_heads(FILE *f, const struct compare *c, size_t i)
{
	for (size_t k = 0; k < 2; k++) {
		const struct run *r = c->j.runs[k ? i : 0];

		fprintf(f, NAME_OPEN "%s: ", k ? "new" : "base");
		esc(f, compare_label(c, k ? i : 0));
		if (strcmp(compare_label(c, k ? i : 0), cmp_run_name(r))) {
			fputs(", run ", f);
			esc(f, cmp_run_name(r));
		}
		fputs(NAME_CLOSE " \\\\\n", f);
	}
	fputs("& base ns $\\pm$\\% & new ns $\\pm$\\% & ratio & 95\\,\\% CI & beyond & $q$ & detect. & verdict \\\\\n", f);
}

static void caption_text(FILE *f, const struct compare *c, size_t i,
			 const char *which)
{
	fputs("{", f);
	esc(f, compare_label(c, i));
	fputs(" against ", f);
	esc(f, compare_label(c, 0));
	fprintf(f, ": %s. Per cell (its name above its numbers, regressions first, then improvements, then by ratio): base and new ns, the geometric mean over units (%s) of %s\\_ns, $\\pm$ its 95\\,\\%% interval in percent ($\\times/\\div$ on the log scale), the units per side on the name line with the kind of a regression; ratio new/base and its 95\\,\\%% interval (beyond's interval times the common level); beyond: the ratio less the common level, the one tested; $q$: Benjamini-Hochberg; detect.: the smallest ratio beyond the common level it would flag; [k]: the k-th reason below.}",
		which, c->conf.reps_as_units ? "repetitions of one boot" :
		"boots", cmp_metric_name(c->conf.metric));
}

static void notes_list(FILE *f, const struct cmp_notes *notes)
{
	if (!notes->n)
		return;
	fputs("\\begingroup\\footnotesize\\noindent Reasons:\n\\begin{enumerate}\\setlength{\\itemsep}{0pt}\n", f);
	for (size_t k = 0; k < notes->n; k++) {
		fputs("\\item ", f);
		esc(f, notes->text[k]);
		fputc('\n', f);
	}
	fputs("\\end{enumerate}\\endgroup\n", f);
}

/* The regressions and improvements, the first few, as a page-wide float. */
static int marked_float(FILE *f, const struct compare *c, size_t i,
			const size_t *idx, struct cmp_notes *notes)
{
	size_t n = 0, shown;

	while (n < c->ncells && (c->cells[idx[n]].r[i].verdict == CMP_REGRESSION ||
				 c->cells[idx[n]].r[i].verdict == CMP_IMPROVEMENT))
		n++;
	if (!n)
		return 0;
	shown = n < COMPARE_TEX_FLOAT_CELLS ? n : COMPARE_TEX_FLOAT_CELLS;
	fputs("\\begin{table*}[tbp]\n\\scriptsize\\setlength{\\tabcolsep}{2pt}\n\\caption", f);
	fprintf(f, "[Regressions and improvements]");
	{
		char which[160];

		snprintf(which, sizeof(which),
			 "the regressions and improvements, %zu of %zu%s", shown, n,
			 shown < n ? " (the rest in the full list)" : "");
		caption_text(f, c, i, which);
	}
	fputc('\n', f);
	/* labels by the run's name, not its place on the command line */
	put_label(f, "tab:compare-marked", cmp_run_name(c->j.runs[i]));
	fputc('\n', f);
	fputs("\\begin{tabular}{" COLSPEC "}\n\\toprule\n", f);
	run_heads(f, c, i);
	fputs("\\midrule\n", f);
	for (size_t r = 0; r < shown; r++)
		cell_rows(f, c, i, &c->cells[idx[r]], notes);
	fputs("\\bottomrule\n\\end{tabular}\n\\end{table*}\n", f);
	return 0;
}

static void full_list(FILE *f, const struct compare *c, size_t i,
		      const size_t *idx, struct cmp_notes *notes)
{
	/* \if@twocolumn needs @ as a letter when the line is read */
	fputs("\\makeatletter\n\\if@twocolumn\\onecolumn\\def\\nbcmpback{\\twocolumn}\\else\\let\\nbcmpback\\relax\\fi\n\\makeatother\n", f);
	fputs("\\begingroup\\scriptsize\\setlength{\\tabcolsep}{2pt}\n"
	      "\\setlength{\\LTleft}{0pt}\\setlength{\\LTright}{\\fill}\n"
	      "\\begin{longtable}{" COLSPEC "}\n\\caption", f);
	fputs("[All cells]", f);
	{
		char which[96];

		snprintf(which, sizeof(which), "all %zu cells", c->ncells);
		caption_text(f, c, i, which);
	}
	put_label(f, "tab:compare-cells", cmp_run_name(c->j.runs[i]));
	fputs("\\\\\n\\toprule\n", f);
	run_heads(f, c, i);
	fputs("\\midrule\n\\endfirsthead\n", f);
	fputs(NAME_OPEN "(continued)" NAME_CLOSE " \\\\\n", f);
	run_heads(f, c, i);
	fputs("\\midrule\n\\endhead\n\\bottomrule\n\\endlastfoot\n", f);
	for (size_t r = 0; r < c->ncells; r++)
		cell_rows(f, c, i, &c->cells[idx[r]], notes);
	fputs("\\end{longtable}\n\\endgroup\n", f);
	notes_list(f, notes);
	fputs("\\nbcmpback\n", f);
}

/* One column per new run; rows: the counts, the common level. */
static void summary(FILE *f, const struct compare *c)
{
	static const char *const rows[] = {
		"cells", "tested", "regressions", "\\quad global",
		"\\quad missing", "\\quad failures", "\\quad misplaced",
		"\\quad time", "\\quad outliers", "improvements", "same",
		"n/a", "extra",
	};
	size_t nnew = c->j.nruns - 1;

	fputs("\\begin{table}[tbp]\n\\centering\\footnotesize\n\\caption[{Comparison summary}]{Comparison summary: the base's cells by verdict against each new run; common level: the whole kernel's ratio new/base with its 95\\,\\% Welch interval; detectable: the median tested cell's smallest flagged ratio beyond it. Base: ", f);
	esc(f, compare_label(c, 0));
	fputs(", run ", f);
	esc(f, cmp_run_name(c->j.runs[0]));
	fputs(".}\n\\label{tab:compare-summary}\n\\begin{tabular}{@{}l", f);
	for (size_t i = 0; i < nnew; i++)
		fputc('r', f);
	fputs("@{}}\n\\toprule\nnew run", f);
	for (size_t i = 1; i <= nnew; i++) {
		fputs(" & \\begin{tabular}[b]{@{}r@{}}", f);
		esc(f, compare_label(c, i));
		fputs("\\\\ ", f);
		esc(f, cmp_run_name(c->j.runs[i]));
		fputs("\\end{tabular}", f);
	}
	fputs(" \\\\\n\\midrule\n", f);
	for (size_t k = 0; k < sizeof(rows) / sizeof(*rows); k++) {
		fputs(rows[k], f);
		for (size_t i = 1; i <= nnew; i++) {
			const struct cmp_summary *s = &c->sum[i];
			size_t v[] = { s->cells, s->tested, s->regressions,
				       s->by_kind[KIND_GLOBAL],
				       s->by_kind[KIND_MISSING],
				       s->by_kind[KIND_FAILURES],
				       s->by_kind[KIND_MISPLACED],
				       s->by_kind[KIND_TIME],
				       s->by_kind[KIND_OUTLIERS],
				       s->improvements, s->same, s->na,
				       s->extra };

			fprintf(f, " & %s%zu%s", k == 2 && v[k] ? "\\textbf{" : "",
				v[k], k == 2 && v[k] ? "}" : "");
		}
		fputs(" \\\\\n", f);
	}
	fputs("\\midrule\ncommon level", f);
	for (size_t i = 1; i <= nnew; i++) {
		const struct cmp_common *g = &c->common[i];

		if (g->tested)
			fprintf(f, " & %.3f", g->t.ratio);
		else
			fputs(" & not taken", f);
	}
	fputs(" \\\\\n\\quad 95\\,\\% CI", f);
	for (size_t i = 1; i <= nnew; i++) {
		const struct cmp_common *g = &c->common[i];

		if (g->tested)
			fprintf(f, " & %.3f--%.3f", g->t.lo, g->t.hi);
		else
			fputs(" & ", f);
	}
	fputs(" \\\\\n\\quad verdict", f);
	for (size_t i = 1; i <= nnew; i++)
		fprintf(f, " & %s", cmp_verdict_name(c->common[i].verdict));
	fputs(" \\\\\ndetectable (median)", f);
	for (size_t i = 1; i <= nnew; i++) {
		if (c->sum[i].tested)
			fprintf(f, " & %.3f", c->sum[i].detectable_median);
		else
			fputs(" & ", f);
	}
	fputs(" \\\\\n\\bottomrule\n\\end{tabular}\n\\end{table}\n", f);
}

int compare_write_tex(FILE *f, const struct compare *c,
		      const struct compare_figures *figs)
{
	size_t *idx = malloc((c->ncells + 1) * sizeof(*idx));
	struct compare_lines h;

	if (!idx)
		return -1;
	fputs("% generated by numabench compare; \\input it in a paper with\n"
	      "% \\usepackage{booktabs,longtable,graphicx}. The full list of cells\n"
	      "% is a longtable: in a two-column document it is set in one column\n"
	      "% (\\onecolumn, then \\twocolumn again), as a longtable cannot break\n"
	      "% across columns; the figures are compare-*.pdf beside this file.\n", f);
	compare_head(&h, c);
	fputs("\\begingroup\\small\\sloppy\n\\paragraph{numabench compare}\n", f);
	tex_lines(f, &h);
	for (size_t i = 1; i < c->j.nruns; i++) {
		fputs("\\paragraph{", f);
		esc(f, compare_label(c, i));
		fputs(", run ", f);
		esc(f, cmp_run_name(c->j.runs[i]));
		fputs(", against the base}\n", f);
		compare_run_lines(&h, c, i);
		tex_lines(f, &h);
	}
	fputs("\\endgroup\n", f);
	summary(f, c);
	for (size_t i = 0; figs && i < figs->n; i++)
		tex_figure(f, figs, &figs->fig[i]);
	for (size_t i = 1; i < c->j.nruns; i++) {
		struct cmp_notes notes = { 0 };

		compare_order(c, i, idx);
		marked_float(f, c, i, idx, &notes);
		full_list(f, c, i, idx, &notes);
		cmp_notes_free(&notes);
	}
	free(idx);
	return ferror(f) ? -1 : 0;
}
