// SPDX-License-Identifier: GPL-2.0
/* Batch timing: see ubatch.h. */
#include "ubatch.h"

#include <math.h>

#include "utimer.h"

unsigned ubatch_size(double overhead_ns, double op_ns, double share,
		     unsigned max)
{
	double n;

	if (!max)
		max = 1;
	if (overhead_ns <= 0)
		return 1;
	if (op_ns <= 0)
		return max;
	/* overhead <= share * (n * op + overhead) <=> n >= overhead (1 - share) / (share op) */
	n = ceil(overhead_ns * (1 - share) / (share * op_ns) - 1e-9);
	if (n < 1)
		return 1;
	return n >= max ? max : (unsigned)n;
}

double ubatch_timer_share(double overhead_ns, double op_ns, unsigned n)
{
	double region = n * op_ns + overhead_ns;

	return region > 0 ? overhead_ns / region : 1;
}

void ubatch_flush(struct ubatch *b, struct hist *h)
{
	for (unsigned i = 0; i < b->n; i++)
		hist_add(h, (uint64_t)llround(utimer_ns_f(b->ticks[i]) /
					      b->ops[i]));
	b->n = 0;
}

void ubatch_keep(struct ubatch *b, struct hist *h, uint64_t ticks,
		 size_t ops, unsigned n)
{
	if (!h || ops < n)
		return;
	if (ubatch_full(b))
		ubatch_flush(b, h);
	ubatch_put(b, ticks, (unsigned)ops);
}
