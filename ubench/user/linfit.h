/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Least squares of y = a + b x: move_pages' cost per call (a) and per page
 * (b) from the mean call time at each batch size.
 */
#ifndef UBENCH_LINFIT_H
#define UBENCH_LINFIT_H

#include <stddef.h>

/*
 * Fit n points minimising sum w_i (y_i - a - b x_i)^2; w NULL: all 1.
 * 0 with *a, *b; -1 when fewer than two distinct x of positive weight (a
 * line is not determined) or a value is not finite.
 */
int linfit(const double *x, const double *y, const double *w, size_t n,
	   double *a, double *b);

#endif
