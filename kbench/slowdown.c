// SPDX-License-Identifier: GPL-2.0
/*
 * kbench synthetic slowdown, for proving that `numabench compare` flags a
 * real regression and nothing else: with slow_case=NAME slow_ns=N at
 * insmod, every op of case NAME takes N ns longer, inside the timed region
 * (kbench_tsc_stop() spins before reading the TSC). Off by default, and
 * read-only once loaded so a run cannot change under its own feet.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "cases.h"
#include "timing.h"

static char *slow_case = "";
module_param(slow_case, charp, 0444);
MODULE_PARM_DESC(slow_case, "case to slow down (testing compare; default none)");

static unsigned int slow_ns;
module_param(slow_ns, uint, 0444);
MODULE_PARM_DESC(slow_ns, "ns added per op of slow_case, inside the timed region (default 0)");

/* At most 100 us per op: a batch of KBENCH_MAX_BATCH stays ~0.1 s. */
#define KBENCH_SLOW_NS_MAX 100000

int kbench_slowdown_check(void)
{
	unsigned int i;

	if (!slow_ns && !*slow_case)
		return 0;
	if (!slow_ns || slow_ns > KBENCH_SLOW_NS_MAX) {
		pr_err("slow_ns=%u: must be 1..%u with slow_case\n", slow_ns,
		       KBENCH_SLOW_NS_MAX);
		return -EINVAL;
	}
	for (i = 0; i < kbench_ncases; i++)
		if (!strcmp(kbench_cases[i].name, slow_case))
			return 0;
	pr_err("slow_case=%s: no such case\n", slow_case);
	return -EINVAL;
}

unsigned int kbench_slow_ns(const struct kbench_case *kcase)
{
	if (!slow_ns || strcmp(kcase->name, slow_case))
		return 0;
	return slow_ns;
}

void kbench_synthetic_delay(const struct kbench_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->batch; i++)
		ndelay(ctx->slow_ns);
}
