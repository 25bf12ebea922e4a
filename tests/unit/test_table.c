// SPDX-License-Identifier: GPL-2.0
/* Tables and their renderers: escaping, marks and captions in every format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "report/render.h"
#include "report/table.h"

/* A 2x2 table with every special character and every mark. */
static void make_table(struct table *t)
{
	assert_int_equal(table_init(t, 2, 2), 0);
	snprintf(t->id, sizeof(t->id), "matrix-kmalloc_node-256");
	snprintf(t->title, sizeof(t->title), "kmalloc_node 256 B: p50 (p99), ns");
	snprintf(t->caption, sizeof(t->caption),
		 "Unit: ns. Kernel: 6.12_x. 100%% of <reps> & more | {x} $ # ~ ^ \\ *y*");
	snprintf(t->corner, sizeof(t->corner), "cpu \\ mem");
	snprintf(t->row_label[0], 64, "node_0");
	snprintf(t->row_label[1], 64, "node 1");
	snprintf(t->col_label[0], 64, "mem|0");
	snprintf(t->col_label[1], 64, "mem<1>");
	snprintf(table_at(t, 0, 0)->text, 64, "1234");
	snprintf(table_at(t, 0, 0)->sub, 64, "(5678)");
	snprintf(table_at(t, 0, 1)->text, 64, "2000");
	snprintf(table_at(t, 0, 1)->sub, 64, "+12.5%%");
	table_at(t, 0, 1)->mark = MARK_REGRESSION;
	snprintf(table_at(t, 1, 0)->text, 64, "900");
	snprintf(table_at(t, 1, 0)->sub, 64, "-8.0%%");
	table_at(t, 1, 0)->mark = MARK_IMPROVEMENT;
	snprintf(table_at(t, 1, 1)->text, 64, "skipped");
	table_at(t, 1, 1)->mark = MARK_SKIPPED;
}

static char *render(const struct table *t, enum table_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(table_render(f, t, fmt), 0);
	fclose(f);
	return buf;
}

static void test_init_and_at(void **state)
{
	struct table t;

	(void)state;
	assert_int_equal(table_init(&t, 3, 4), 0);
	assert_non_null(table_at(&t, 2, 3));
	assert_null(table_at(&t, 3, 0));
	assert_null(table_at(&t, 0, 4));
	assert_string_equal(table_at(&t, 1, 1)->text, "");
	assert_int_equal(table_at(&t, 1, 1)->mark, MARK_NONE);
	table_free(&t);
	assert_int_equal(table_init(&t, 0, 0), 0);
	assert_null(table_at(&t, 0, 0));
	table_free(&t);
}

static void test_text(void **state)
{
	struct table t;
	char *s;

	(void)state;
	make_table(&t);
	s = render(&t, FMT_TEXT);
	assert_non_null(strstr(s, "kmalloc_node 256 B: p50 (p99), ns\n"));
	assert_non_null(strstr(s, "1234 (5678)"));
	assert_non_null(strstr(s, "2000 +12.5% !"));
	assert_non_null(strstr(s, "900 -8.0% +"));
	assert_non_null(strstr(s, "Unit: ns."));
	/* aligned: every grid line as long as the header line */
	{
		char *l1 = strchr(s, '\n') + 1, *l2 = strchr(l1, '\n') + 1;
		char *l3 = strchr(l2, '\n') + 1;

		assert_int_equal(strchr(l1, '\n') - l1, strchr(l2, '\n') - l2);
		assert_int_equal(strchr(l2, '\n') - l2, strchr(l3, '\n') - l3);
	}
	free(s);
	table_free(&t);
}

static void test_md(void **state)
{
	struct table t;
	char *s;

	(void)state;
	make_table(&t);
	s = render(&t, FMT_MD);
	assert_non_null(strstr(s, "| cpu \\\\ mem | mem\\|0 | mem\\<1\\> |\n"));
	assert_non_null(strstr(s, "|:---|---:|---:|\n"));
	assert_non_null(strstr(s, "| node\\_0 | 1234 (5678) | **2000 +12.5%** \\! |\n"));
	assert_non_null(strstr(s, "| node 1 | *900 -8.0%* + | *skipped* |\n"));
	assert_non_null(strstr(s, "\\<reps\\> \\& more \\| \\{x\\}"));
	assert_non_null(strstr(s, "\\*y\\*"));
	/* no raw | outside the table grid: each grid line has ncols+2 bars */
	for (char *l = strstr(s, "| "); l && *l == '|'; l = strchr(l, '\n') + 1) {
		int bars = 0;

		for (char *p = l; *p != '\n'; p++)
			if (*p == '|' && (p == l || p[-1] != '\\'))
				bars++;
		assert_int_equal(bars, 4);
	}
	free(s);
	table_free(&t);
}

static void test_tex(void **state)
{
	struct table t;
	char *s;

	(void)state;
	make_table(&t);
	s = render(&t, FMT_TEX);
	assert_non_null(strstr(s, "\\begin{table}"));
	assert_non_null(strstr(s, "\\end{table}\n"));
	assert_non_null(strstr(s, "\\toprule"));
	assert_non_null(strstr(s, "\\midrule"));
	assert_non_null(strstr(s, "\\bottomrule"));
	assert_non_null(strstr(s, "\\begin{tabular}{@{}lrr@{}}"));
	assert_non_null(strstr(s, "% one column wide, 2 row(s) in 1 float(s)"));
	assert_non_null(strstr(s, "\\footnotesize"));
	assert_null(strstr(s, "table*"));
	assert_non_null(strstr(s, "\\label{tab:matrix-kmalloc-node-256}"));
	assert_non_null(strstr(s, "\\caption[{kmalloc\\_node 256 B: p50 (p99), ns}]{kmalloc\\_node 256 B: p50 (p99), ns. Unit: ns. Kernel: 6.12\\_x. 100\\% of \\textless{}reps\\textgreater{} \\& more \\textbar{} \\{x\\} \\$ \\# \\textasciitilde{} \\textasciicircum{} \\textbackslash{} *y*}"));
	assert_non_null(strstr(s, "cpu \\textbackslash{} mem & mem\\textbar{}0 & mem\\textless{}1\\textgreater{} \\\\\n"));
	assert_non_null(strstr(s, "node\\_0 & 1234 (5678) & \\textbf{2000 +12.5\\%}\\textsuperscript{!} \\\\\n"));
	assert_non_null(strstr(s, "node 1 & \\textit{900 -8.0\\%}\\textsuperscript{+} & \\textit{skipped} \\\\\n"));
	free(s);
	table_free(&t);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* A table of nrows x ncols, every cell text. */
static void make_grid(struct table *t, size_t nrows, size_t ncols,
		      const char *text)
{
	assert_int_equal(table_init(t, nrows, ncols), 0);
	snprintf(t->id, sizeof(t->id), "6.12-summary");
	snprintf(t->title, sizeof(t->title), "Summary: local p50, ns");
	snprintf(t->caption, sizeof(t->caption), "Geometric mean, 95 %% interval, n repetitions.");
	snprintf(t->corner, sizeof(t->corner), "path");
	for (size_t r = 0; r < nrows; r++)
		snprintf(t->row_label[r], 128, "malloc_touch jemalloc_numa bind %zu KiB", r);
	for (size_t c = 0; c < ncols; c++)
		snprintf(t->col_label[c], 128, "remote/local d=%zu", c + 11);
	for (size_t i = 0; i < nrows * ncols; i++)
		snprintf(t->cells[i].text, 64, "%s", text);
}

/* Layout for a two-column paper: intervals under their values, table*
 * when a column is too narrow, column groups, rows over continued floats. */
static void test_tex_fit(void **state)
{
	struct table t;
	char *s;

	(void)state;
	/* narrow: one column, the interval in \scriptsize under the value */
	make_grid(&t, 2, 1, "105442 [104593, 106299] n=6");
	s = render(&t, FMT_TEX);
	assert_non_null(strstr(s, "\\begin{table}[tbp]"));
	assert_non_null(strstr(s, "& \\begin{tabular}[t]{@{}r@{}}105442\\\\\\scriptsize [104593, 106299] n=6\\end{tabular} \\\\\n"));
	assert_int_equal(count(s, "\\label{tab:6.12-summary}"), 1);
	free(s);
	table_free(&t);

	/* five such columns cannot fit 252 pt: table* at the text width */
	make_grid(&t, 2, 5, "105442 [104593, 106299] n=6");
	s = render(&t, FMT_TEX);
	assert_non_null(strstr(s, "\\begin{table*}[tp]"));
	assert_non_null(strstr(s, "\\end{table*}"));
	assert_int_equal(count(s, "\\begin{tabular}{"), 1);
	free(s);
	table_free(&t);

	/* thirty cannot fit 516 pt: groups of columns stacked, one label */
	make_grid(&t, 2, 30, "105442 [104593, 106299] n=6");
	s = render(&t, FMT_TEX);
	assert_true(count(s, "\\begin{tabular}{@{}l") > 2);
	assert_int_equal(count(s, "\\begin{table*}"), 1);
	assert_true(count(s, "\\par\\medskip") >= 2);
	assert_int_equal(count(s, "\\label{"), 1);
	assert_non_null(strstr(s, "remote/local d=40"));	/* the last column */
	free(s);
	table_free(&t);

	/* 300 rows exceed a page: continued floats, each under the page */
	make_grid(&t, 300, 2, "1234");
	s = render(&t, FMT_TEX);
	assert_true(count(s, "\\begin{table}") > 4);
	assert_int_equal(count(s, "\\begin{table}"), count(s, "\\end{table}"));
	assert_int_equal(count(s, "\\label{"), 1);
	assert_int_equal(count(s, "\\caption["), 1);
	assert_non_null(strstr(s, " (continued: rows "));
	assert_non_null(strstr(s, "Table~\\ref{tab:6.12-summary}"));
	assert_non_null(strstr(s, "of 300; the caption"));
	/* every row once: 300 row labels, wrapped to fit the column */
	assert_int_equal(count(s, "malloc\\_touch"), 300);
	assert_int_equal(count(s, "\\begin{tabular}[t]{@{}l@{}}malloc"), 300);
	free(s);
	table_free(&t);
}

static void test_html(void **state)
{
	struct table t;
	char *s;

	(void)state;
	make_table(&t);
	s = render(&t, FMT_HTML);
	assert_non_null(strstr(s, "<table class=\"nb\" id=\"matrix-kmalloc_node-256\">"));
	assert_non_null(strstr(s, "<caption><b>kmalloc_node 256 B: p50 (p99), ns</b>"));
	assert_non_null(strstr(s, "100% of &lt;reps&gt; &amp; more | {x}"));
	assert_non_null(strstr(s, "<th>mem&lt;1&gt;</th>"));
	assert_non_null(strstr(s, "<td class=\"reg\">2000 <span class=\"sub\">+12.5%</span> !</td>"));
	assert_non_null(strstr(s, "<td class=\"imp\">900 <span class=\"sub\">-8.0%</span> +</td>"));
	assert_non_null(strstr(s, "<td class=\"skip\">skipped</td>"));
	assert_non_null(strstr(s, "<td>1234 <span class=\"sub\">(5678)</span></td>"));
	assert_null(strstr(s, "<reps>"));
	assert_non_null(strstr(s, "</table>\n"));
	free(s);
	table_free(&t);
}

static void test_formats(void **state)
{
	unsigned m;
	char err[200];

	(void)state;
	assert_int_equal(table_parse_formats("md,tex,html", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 1u << FMT_MD | 1u << FMT_TEX | 1u << FMT_HTML);
	assert_int_equal(table_parse_formats("text", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 1u << FMT_TEXT);
	assert_int_equal(table_parse_formats("html,html", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 1u << FMT_HTML);
	assert_int_equal(table_parse_formats("md,pdf", &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--format: 'pdf' is not a format"));
	assert_int_equal(table_parse_formats("", &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--format: empty"));
	assert_int_equal(table_parse_formats("md,", &m, err, sizeof(err)), -1);
	assert_int_equal(table_parse_formats(",md", &m, err, sizeof(err)), -1);
	assert_int_equal(table_parse_formats("md,,tex", &m, err, sizeof(err)), -1);
	assert_int_equal(table_parse_formats("MD", &m, err, sizeof(err)), -1);
	assert_int_equal(table_parse_formats("mdx", &m, err, sizeof(err)), -1);
	assert_string_equal(table_format_name(FMT_TEX), "tex");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_at),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_tex),
		cmocka_unit_test(test_tex_fit),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
