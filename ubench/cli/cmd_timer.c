// SPDX-License-Identifier: GPL-2.0
/*
 * numabench timer: the userspace suite's timer and what each source costs
 * here (median of an empty timed region), TSC against clock_gettime.
 */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "user/utimer.h"

static const struct cli_opt opts[] = { { 0 } };

static const struct cli_cmd cmd = {
	"numabench timer",
	"Print the timer the userspace suite uses on this machine and the cost\n"
	"of an empty timed region with the TSC (rdtsc after lfence) and with\n"
	"clock_gettime(CLOCK_MONOTONIC_RAW), median of 2001 back-to-back pairs,\n"
	"and the mean cost per call over a million calls.",
	opts,
};

/* Mean ns per call over 1e6 back-to-back reads: finer than one region. */
static double per_call_ns(int use_tsc)
{
	enum { N = 1000000 };
	int saved = utimer.use_tsc;
	volatile uint64_t sink = 0;
	uint64_t t0, t1;

	utimer.use_tsc = use_tsc;
	t0 = utimer_clock_ns();
	for (int i = 0; i < N; i++)
		sink += utimer_now();
	t1 = utimer_clock_ns();
	utimer.use_tsc = saved;
	(void)sink;
	return (double)(t1 - t0) / N;
}

static int on_opt(int val, const char *arg, void *ctx)
{
	(void)val; (void)arg; (void)ctx;
	return 0;
}

int cmd_timer(int argc, char **argv)
{
	int code, ind = cli_parse(argc, argv, &cmd, on_opt, NULL, &code);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "timer: unexpected argument '%s'; see --help",
				argv[ind]);
	utimer_init(0);
	printf("source: %s\n", utimer.source);
	printf("constant_tsc+nonstop_tsc: %s\n",
	       utimer_tsc_reliable() ? "yes" : "no");
	if (utimer.use_tsc)
		printf("tsc: %.3f ns/tick (%.0f MHz)\n", utimer.ns_per_tick,
		       1e3 / utimer.ns_per_tick);
	printf("resolution_ns clock_gettime(CLOCK_MONOTONIC_RAW): %.1f\n",
	       utimer_measure_resolution(0));
	if (utimer.use_tsc)
		printf("resolution_ns tsc: %.1f (times are whole ns)\n",
		       utimer_measure_resolution(1));
	printf("overhead_ns clock_gettime(CLOCK_MONOTONIC_RAW): %.1f\n",
	       utimer_measure_overhead(0));
	if (utimer.use_tsc)
		printf("overhead_ns tsc: %.1f\n", utimer_measure_overhead(1));
	else
		printf("overhead_ns tsc: not used (TSC not constant and nonstop)\n");
	printf("per call (mean of 1e6) clock_gettime(CLOCK_MONOTONIC_RAW): %.2f ns\n",
	       per_call_ns(0));
	if (utimer.use_tsc)
		printf("per call (mean of 1e6) lfence+rdtsc: %.2f ns\n",
		       per_call_ns(1));
	return EXIT_OK;
}
