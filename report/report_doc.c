// SPDX-License-Identifier: GPL-2.0
/* The report document: see report_doc.h. */
#include "report_doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char report_appendix_note[] =
	"The detail behind the main part: each run's full node x node matrices and its per-size tables.";

struct report_section *report_add_section(struct report *rep,
					  const char *title)
{
	struct report_section *s = realloc(rep->sections,
		(rep->nsections + 1) * sizeof(*s));

	if (!s)
		return NULL;
	rep->sections = s;
	s = &rep->sections[rep->nsections++];
	memset(s, 0, sizeof(*s));
	snprintf(s->title, sizeof(s->title), "%s", title);
	return s;
}

struct report_item *report_add_item(struct report_section *s,
				    enum report_item_kind kind)
{
	struct report_item *it = realloc(s->items, (s->nitems + 1) * sizeof(*it));

	if (!it)
		return NULL;
	s->items = it;
	it = &s->items[s->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	return it;
}

int report_move_items(struct report_section *to, struct report_section *from,
		      size_t first, int (*keep)(const struct report_item *it))
{
	size_t n = 0, left = first;
	struct report_item *it;

	for (size_t i = first; i < from->nitems; i++)
		n += !keep || keep(&from->items[i]);
	if (!n)
		return 0;
	it = realloc(to->items, (to->nitems + n) * sizeof(*it));
	if (!it)
		return -1;
	to->items = it;
	/* the tables and plots move with their pointers: no copy to free */
	for (size_t i = first; i < from->nitems; i++) {
		if (!keep || keep(&from->items[i]))
			to->items[to->nitems++] = from->items[i];
		else
			from->items[left++] = from->items[i];
	}
	from->nitems = left;
	return 0;
}

int report_add_text(struct report_section *s, enum report_item_kind kind,
		    const char *text)
{
	struct report_item *it = report_add_item(s, kind);

	if (!it)
		return -1;
	snprintf(it->note, sizeof(it->note), "%s", text);
	return 0;
}

void report_free(struct report *rep)
{
	for (size_t i = 0; i < rep->nsections; i++) {
		struct report_section *s = &rep->sections[i];

		for (size_t j = 0; j < s->nitems; j++) {
			if (s->items[j].kind == ITEM_TABLE)
				table_free(&s->items[j].table);
			else if (s->items[j].kind == ITEM_PLOT)
				plot_free(&s->items[j].plot);
		}
		free(s->items);
	}
	free(rep->sections);
	memset(rep, 0, sizeof(*rep));
}

/* Whether any series of p has a value (a figure with none has nothing to draw). */
static int plot_has_data(const struct plot *p)
{
	for (size_t i = 0; i < p->nseries; i++)
		for (size_t k = 0; k < p->npoints; k++)
			if (isfinite(p->series[i].y[k]))
				return 1;
	return 0;
}

void report_drop_empty_plots(struct report *rep)
{
	for (size_t i = 0; i < rep->nsections; i++) {
		struct report_section *s = &rep->sections[i];

		for (size_t j = 0; j < s->nitems; j++) {
			struct report_item *it = &s->items[j];
			char title[sizeof(it->plot.title)];

			if (it->kind != ITEM_PLOT || plot_has_data(&it->plot))
				continue;
			snprintf(title, sizeof(title), "%s", it->plot.title);
			plot_free(&it->plot);
			it->kind = ITEM_NOTE;
			snprintf(it->note, sizeof(it->note),
				 "%s: no figure: none of its cells has a value (the tables say why).",
				 title);
		}
	}
}
