/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Progress of a run on stderr: on a terminal one line that updates in
 * place (cells done/total, elapsed, ETA, the cell); elsewhere a plain line
 * every 2 % and at the end; nothing with --quiet.
 */
#ifndef UBENCH_PROGRESS_H
#define UBENCH_PROGRESS_H

#include <stddef.h>

struct progress {
	const char *suite;
	size_t done, total, step;
	double start;
	int tty, quiet, dirty;	/* dirty: an unfinished line on the tty */
};

void progress_init(struct progress *p, const char *suite, size_t total,
		   int quiet);
/* One more cell done; what describes it. */
void progress_step(struct progress *p, const char *what);
/* Ends the updating line. */
void progress_end(struct progress *p);

/* "45s", "3m05s", "2h07m"; "?" for a negative or absurd value. */
void duration_format(char *buf, size_t len, double s);
/*
 * "kernel [120/904 13%] 1m05s, ETA 7m10s: what": the ETA from the mean
 * time per cell so far (none before the first cell). Returns the length.
 */
int progress_format(char *buf, size_t len, const char *suite, size_t done,
		    size_t total, double elapsed_s, const char *what);

#endif
