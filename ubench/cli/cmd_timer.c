// SPDX-License-Identifier: GPL-2.0
/*
 * numabench timer: the userspace suite's timer and what each source costs
 * here (median of an empty timed region), TSC against clock_gettime.
 */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "outfmt.h"
#include "rundir/jsonput.h"
#include "user/utimer.h"

enum { OPT_FORMAT = 256 };

static const struct cli_opt opts[] = {
	{ "format", OPT_FORMAT, "FMT", OUT_FORMAT_HELP },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench timer [--format text|json]",
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
	(void)val;
	return out_format_parse("timer", arg, ctx);
}

/* What the text prints, measured once, so both formats say the same. */
struct timer_facts {
	int reliable;
	double res_clock, res_tsc, ovh_clock, ovh_tsc, call_clock, call_tsc;
};

static void measure(struct timer_facts *m)
{
	m->reliable = utimer_tsc_reliable();
	m->res_clock = utimer_measure_resolution(0);
	m->ovh_clock = utimer_measure_overhead(0);
	m->call_clock = per_call_ns(0);
	if (utimer.use_tsc) {
		m->res_tsc = utimer_measure_resolution(1);
		m->ovh_tsc = utimer_measure_overhead(1);
		m->call_tsc = per_call_ns(1);
	}
}

static void print_text(const struct timer_facts *m)
{
	printf("source: %s\n", utimer.source);
	printf("constant_tsc+nonstop_tsc: %s\n", m->reliable ? "yes" : "no");
	if (utimer.use_tsc)
		printf("tsc: %.3f ns/tick (%.0f MHz)\n", utimer.ns_per_tick,
		       1e3 / utimer.ns_per_tick);
	printf("resolution_ns clock_gettime(CLOCK_MONOTONIC_RAW): %.1f\n",
	       m->res_clock);
	if (utimer.use_tsc)
		printf("resolution_ns tsc: %.1f (times are whole ns)\n",
		       m->res_tsc);
	printf("overhead_ns clock_gettime(CLOCK_MONOTONIC_RAW): %.1f\n",
	       m->ovh_clock);
	if (utimer.use_tsc)
		printf("overhead_ns tsc: %.1f\n", m->ovh_tsc);
	else
		printf("overhead_ns tsc: not used (TSC not constant and nonstop)\n");
	printf("per call (mean of 1e6) clock_gettime(CLOCK_MONOTONIC_RAW): %.2f ns\n",
	       m->call_clock);
	if (utimer.use_tsc)
		printf("per call (mean of 1e6) lfence+rdtsc: %.2f ns\n",
		       m->call_tsc);
}

/* A TSC figure, null where the TSC is not used (the text's "not used"). */
static json_t *tsc_real(double v)
{
	return utimer.use_tsc ? json_real(v) : json_null();
}

/* The text's fields, one object per measurement with both sources. */
static int print_json(const struct timer_facts *m)
{
	json_t *doc = json_object(), *res = json_object(), *ovh = json_object(),
	       *call = json_object();
	int err = 0;

	jput(doc, "source", json_string(utimer.source), &err);
	jput(doc, "constant_tsc_nonstop_tsc", json_boolean(m->reliable), &err);
	jput(doc, "tsc_ns_per_tick", tsc_real(utimer.ns_per_tick), &err);
	jput(doc, "tsc_MHz", tsc_real(1e3 / utimer.ns_per_tick), &err);
	jput(res, "clock_gettime", json_real(m->res_clock), &err);
	jput(res, "tsc", tsc_real(m->res_tsc), &err);
	jput(ovh, "clock_gettime", json_real(m->ovh_clock), &err);
	jput(ovh, "tsc", tsc_real(m->ovh_tsc), &err);
	jput(call, "clock_gettime", json_real(m->call_clock), &err);
	jput(call, "tsc", tsc_real(m->call_tsc), &err);
	jput(doc, "resolution_ns", res, &err);
	jput(doc, "overhead_ns", ovh, &err);
	jput(doc, "per_call_ns", call, &err);
	return out_json_print("timer", doc, err);
}

int cmd_timer(int argc, char **argv)
{
	enum out_format fmt = OUT_TEXT;
	struct timer_facts m = { 0 };
	int code, ind = cli_parse(argc, argv, &cmd, on_opt, &fmt, &code);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "timer: unexpected argument '%s'; see --help",
				argv[ind]);
	utimer_init(0);
	measure(&m);
	if (fmt == OUT_JSON)
		return print_json(&m);
	print_text(&m);
	return EXIT_OK;
}
