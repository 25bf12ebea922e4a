// SPDX-License-Identifier: GPL-2.0
/* Least squares: see linfit.h. */
#include "linfit.h"

#include <math.h>

int linfit(const double *x, const double *y, const double *w, size_t n,
	   double *a, double *b)
{
	double sw = 0, mx = 0, my = 0, sxx = 0, sxy = 0;

	for (size_t i = 0; i < n; i++) {
		double wi = w ? w[i] : 1;

		if (!isfinite(x[i]) || !isfinite(y[i]) || !isfinite(wi) || wi < 0)
			return -1;
		sw += wi;
		mx += wi * x[i];
		my += wi * y[i];
	}
	if (!(sw > 0))
		return -1;
	mx /= sw;
	my /= sw;
	/* centred sums: no cancellation when x is large (4096 pages) */
	for (size_t i = 0; i < n; i++) {
		double wi = w ? w[i] : 1;

		sxx += wi * (x[i] - mx) * (x[i] - mx);
		sxy += wi * (x[i] - mx) * (y[i] - my);
	}
	if (!(sxx > 0))
		return -1;
	*b = sxy / sxx;
	*a = my - *b * mx;
	return 0;
}
