// SPDX-License-Identifier: GPL-2.0
/* Progress lines: see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/monotime.h"

void duration_format(char *buf, size_t len, double s)
{
	long t = (long)(s + 0.5);

	if (!(s >= 0) || s > 1e8)
		snprintf(buf, len, "?");
	else if (t < 60)
		snprintf(buf, len, "%lds", t);
	else if (t < 3600)
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(buf, len, "%ldh%02ldm", t / 3600, t / 60 % 60);
}

int progress_format(char *buf, size_t len, const char *suite, size_t done,
		    size_t total, double elapsed_s, const char *what)
{
	char el[16], eta[16] = "?";

	duration_format(el, sizeof(el), elapsed_s);
	if (done)
		duration_format(eta, sizeof(eta),
				elapsed_s / (double)done * (double)(total - done));
	return snprintf(buf, len, "%s [%zu/%zu %3zu%%] %s, ETA %s: %s", suite,
			done, total, total ? done * 100 / total : 100, el, eta,
			what);
}

void progress_init(struct progress *p, const char *suite, size_t total,
		   int quiet)
{
	*p = (struct progress){
		.suite = suite, .total = total, .quiet = quiet,
		.step = total / 50 ? total / 50 : 1, .start = mono_s(),
		/* a guest's console is a tty the host only logs: no TERM */
		.tty = isatty(2) && getenv("TERM") && strcmp(getenv("TERM"), "dumb"),
	};
}

void progress_step(struct progress *p, const char *what)
{
	char line[512];

	p->done++;
	if (p->quiet)
		return;
	progress_format(line, sizeof(line), p->suite, p->done, p->total,
			mono_s() - p->start, what);
	if (p->tty) {
		/* \r and erase to the end: the line is redrawn in place */
		fprintf(stderr, "\r%.*s\033[K", 200, line);
		p->dirty = 1;
	} else if (!(p->done % p->step) || p->done == p->total) {
		fprintf(stderr, "%s\n", line);
	}
}

void progress_end(struct progress *p)
{
	if (p->dirty)
		fputc('\n', stderr);
	p->dirty = 0;
}
