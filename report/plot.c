// SPDX-License-Identifier: GPL-2.0
/* A plot's storage (see plot.h); gnuplot.c draws it. */
#include "plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


static double *nan_array(size_t n)
{
	double *v = malloc((n + 1) * sizeof(*v));

	for (size_t i = 0; v && i < n; i++)
		v[i] = NAN;
	return v;
}

static void series_free(struct plot_series *s)
{
	free(s->y);
	free(s->lo);
	free(s->hi);
	free(s->y2);
	free(s->text);
	free(s->sub);
	memset(s, 0, sizeof(*s));
}

int plot_init(struct plot *p, size_t npoints, size_t nseries)
{
	memset(p, 0, sizeof(*p));
	p->npoints = npoints;
	p->nseries = nseries;
	p->x = calloc(npoints + 1, sizeof(*p->x));
	p->xtic = calloc(npoints + 1, sizeof(*p->xtic));
	p->series = calloc(nseries + 1, sizeof(*p->series));
	if (!p->x || !p->xtic || !p->series)
		goto fail;
	for (size_t s = 0; s < nseries; s++) {
		struct plot_series *se = &p->series[s];

		se->y = nan_array(npoints);
		se->lo = nan_array(npoints);
		se->hi = nan_array(npoints);
		se->y2 = nan_array(npoints);
		se->text = calloc(npoints + 1, sizeof(*se->text));
		se->sub = calloc(npoints + 1, sizeof(*se->sub));
		if (!se->y || !se->lo || !se->hi || !se->y2 || !se->text ||
		    !se->sub)
			goto fail;
	}
	return 0;
fail:
	plot_free(p);
	return -1;
}

void plot_truncate(struct plot *p, size_t n)
{
	for (size_t s = n; s < p->nseries; s++)
		series_free(&p->series[s]);
	if (n < p->nseries)
		p->nseries = n;
}

void plot_free(struct plot *p)
{
	for (size_t s = 0; p->series && s < p->nseries; s++)
		series_free(&p->series[s]);
	free(p->series);
	free(p->x);
	free(p->xtic);
	memset(p, 0, sizeof(*p));
}
