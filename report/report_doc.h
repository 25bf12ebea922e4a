/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report as a document: a list of sections of items (headings, tables,
 * plots, one-line notes). report_build.c and its builders fill it;
 * report_write.c and html_page.c write it in each format.
 */
#ifndef REPORT_DOC_H
#define REPORT_DOC_H

#include <stddef.h>

#include "plot.h"
#include "table.h"

/* ITEM_CONDITIONS: what a run was measured under, said once per section */
enum report_item_kind {
	ITEM_HEADING, ITEM_TABLE, ITEM_PLOT, ITEM_NOTE, ITEM_CONDITIONS
};

struct report_item {
	enum report_item_kind kind;
	struct table table;
	struct plot plot;
	char note[1024];	/* ITEM_HEADING, ITEM_NOTE, ITEM_CONDITIONS text */
};

/*
 * The main part reads first (conditions, summary, figures); the appendix
 * sections follow it, after a part break in each format (LaTeX \appendix).
 */
struct report_section {
	char title[200];
	char subtitle[200];	/* "" or a second heading level */
	struct report_item *items;
	size_t nitems;
	int appendix;		/* detail behind the main part */
};

/* What the appendix holds, said where it begins in every format. */
extern const char report_appendix_note[];

struct report {
	struct report_section *sections;
	size_t nsections;
	char title[200];
};

/*
 * A figure none of whose cells has a value (every one skipped or failed:
 * e.g. a policy the kernel predates) becomes a note saying so: gnuplot
 * cannot draw an empty plot, and an empty frame would say nothing.
 */
void report_drop_empty_plots(struct report *rep);

/* Free every section and item; rep is left empty. */
void report_free(struct report *rep);

/* Append an empty section or item; NULL on ENOMEM. */
struct report_section *report_add_section(struct report *rep,
					  const char *title);
struct report_item *report_add_item(struct report_section *s,
				    enum report_item_kind kind);
/*
 * Move every item of from at index first or later that keep() accepts (all
 * when keep is NULL) to the end of to, in order; from keeps the others. 0, or -1 on ENOMEM (then
 * nothing moved).
 */
int report_move_items(struct report_section *to, struct report_section *from,
		      size_t first, int (*keep)(const struct report_item *it));
/* Append an item of text (heading, note, conditions). 0, or -1 on ENOMEM. */
int report_add_text(struct report_section *s, enum report_item_kind kind,
		    const char *text);

#endif
