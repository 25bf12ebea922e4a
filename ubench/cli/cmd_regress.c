// SPDX-License-Identifier: GPL-2.0
/*
 * numabench regress --kernels K1,K2,...: the same plan in a guest of each
 * kernel (`numabench run --vm --kernel K`, one after the other) into
 * DIR/<K>/, then the comparison of each against the first into DIR: a
 * kernel-version regression run in one command. Exit codes as compare's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/args.h"
#include "util/argvec.h"
#include "cli.h"
#include "commands.h"
#include "report/compare_out.h"
#include "rundir/rundir.h"
#include "exec/vmjob.h"
#include "exec/vmtopo.h"

#define REGRESS_MAX_KERNELS 8

enum {
	OPT_KERNELS = 256, OPT_TOPOLOGY, OPT_REPS, OPT_PROFILE, OPT_ONLY,
	OPT_OUT, OPT_THRESHOLD, OPT_METRIC, OPT_QUIET, OPT_BOOTS, OPT_MODES,
};

#define REGRESS_BOOTS 3		/* per kernel; the unit of the test */
#define REGRESS_MAX_BOOTS 50

static const struct cli_opt opts[] = {
	{ "kernels", OPT_KERNELS, "K1,K2[,...]", "guest kernels (installed releases or prefixes like 6.1), 2..8; the first is the base (required)" },
	{ "topology", OPT_TOPOLOGY, "SPEC", "guest nodes, as for run (default " VMTOPO_DEFAULT ")" },
	{ "boots", OPT_BOOTS, "N", "guest boots per kernel, alternating between the kernels, 2..50; the boots are the sample (default 3)" },
	{ "reps", OPT_REPS, "N", "repetitions per cell inside each boot, 1..1000 (default: the profile's)" },
	{ "profile", OPT_PROFILE, "NAME|FILE", "profile, as for run (default: default)" },
	{ "only", OPT_ONLY, "PATTERN", "only cases matching these comma-separated globs" },
	{ "modes", OPT_MODES, "LIST", "kernel modes, as for run (default: the profile's)" },
	{ "out", OPT_OUT, "DIR", "where the runs (DIR/<kernel>/) and compare.* go (default results/regress-<time>)" },
	{ "threshold", OPT_THRESHOLD, "PCT", "smallest slowdown that counts as a regression, 0..1000 % (default 5)" },
	{ "metric", OPT_METRIC, "mean|p50", "each boot's statistic compared (default mean)" },
	{ "quiet", OPT_QUIET, NULL, "no progress lines from the runs; summary only" },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench regress --kernels K1,K2[,...] [OPTIONS]",
	"Boot a QEMU guest of each kernel in turn, K1 K2 K1 K2 ..., --boots times\n"
	"each, running the same plan into DIR/<kernel>/boot-N/, then compare\n"
	"every kernel's boots with the first kernel's (as numabench compare on\n"
	"DIR/K1 DIR/K2: the boots are the units, so boot-to-boot and host-load\n"
	"shifts are part of the variance, not charged to a kernel). Writes\n"
	"compare.{txt,csv,md,tex,html,json} into DIR and prints the summary.\n"
	"exit: 0 no regression, 1 a regression, 2 bad input, 3 a missing kernel\n"
	"or tool, else a run's failure.",
	opts,
};

struct regress_opts {
	char kernels_buf[512];
	char *kernels[REGRESS_MAX_KERNELS];
	size_t nkernels;
	const char *topology, *profile, *only, *out, *reps, *modes;
	unsigned boots;
	struct compare_opts cmp;
};

static int parse_kernels(struct regress_opts *o, const char *arg)
{
	char *save = NULL, *k;

	o->nkernels = 0;
	if (strlen(arg) >= sizeof(o->kernels_buf))
		goto bad;
	snprintf(o->kernels_buf, sizeof(o->kernels_buf), "%s", arg);
	for (k = strtok_r(o->kernels_buf, ",", &save); k;
	     k = strtok_r(NULL, ",", &save)) {
		if (o->nkernels == REGRESS_MAX_KERNELS || !*k || *k == '.' ||
		    strspn(k, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+_-") !=
			    strlen(k))
			goto bad;
		for (size_t i = 0; i < o->nkernels; i++)
			if (!strcmp(o->kernels[i], k))
				return nb_error(EXIT_USAGE, "--kernels: '%s' is listed twice",
						k);
		o->kernels[o->nkernels++] = k;
	}
	if (o->nkernels >= 2 && arg[strlen(arg) - 1] != ',' && arg[0] != ',' &&
	    !strstr(arg, ",,"))
		return 0;
bad:
	return nb_error(EXIT_USAGE, "--kernels: '%s' is not a list of 2..%d kernel releases like 6.1,6.12",
			arg, REGRESS_MAX_KERNELS);
}

static int on_opt(int val, const char *arg, void *ctx)
{
	struct regress_opts *o = ctx;
	char err[256];
	uint64_t v;

	switch (val) {
	case OPT_KERNELS: return parse_kernels(o, arg);
	case OPT_TOPOLOGY: o->topology = arg; break;
	case OPT_PROFILE: o->profile = arg; break;
	case OPT_ONLY: o->only = arg; break;
	case OPT_MODES: o->modes = arg; break;
	case OPT_OUT: o->out = arg; break;
	case OPT_QUIET: o->cmp.quiet = 1; break;
	case OPT_REPS:
		/* The boots are the sample: one repetition each is enough. */
		if (parse_u64("--reps", arg, 1, 1000, &v, err, sizeof(err)))
			return nb_error(EXIT_USAGE, "%s", err);
		o->reps = arg;
		break;
	case OPT_BOOTS:
		/* One boot gives no variance: nothing could be judged. */
		if (parse_u64("--boots", arg, 2, REGRESS_MAX_BOOTS, &v, err,
			      sizeof(err)))
			return nb_error(EXIT_USAGE, "%s", err);
		o->boots = (unsigned)v;
		break;
	case OPT_THRESHOLD:
		if (compare_parse_threshold(arg, &o->cmp.conf.threshold_pct, err,
					    sizeof(err)))
			return nb_error(EXIT_USAGE, "%s", err);
		break;
	case OPT_METRIC:
		if (compare_parse_metric(arg, &o->cmp.conf.metric, err, sizeof(err)))
			return nb_error(EXIT_USAGE, "%s", err);
		break;
	}
	return 0;
}

/* `numabench run --vm --kernel K ...` into dir; its exit code. */
static int run_kernel(const struct regress_opts *o, const char *kernel,
		      const char *dir)
{
	char *argv[24];
	int n = 0, status;
	pid_t pid;

	argv[n++] = (char *)vmjob_self();
	argv[n++] = "run";
	argv[n++] = "--vm";
	argv[n++] = "--kernel";
	argv[n++] = (char *)kernel;
	argv[n++] = "--out";
	argv[n++] = (char *)dir;
	argv_opt(argv, &n, "--topology", o->topology);
	argv_opt(argv, &n, "--profile", o->profile);
	argv_opt(argv, &n, "--only", o->only);
	argv_opt(argv, &n, "--modes", o->modes);
	argv_opt(argv, &n, "--reps", o->reps);
	if (o->cmp.quiet)
		argv[n++] = "--quiet";
	argv[n] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return nb_error(EXIT_FAIL, "regress: fork: %s", strerror(errno));
	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "numabench: regress: cannot run %s: %s\n",
			argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return nb_error(EXIT_FAIL, "regress: waitpid: %s",
					strerror(errno));
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return nb_error(EXIT_FAIL, "regress: the run on %s died of signal %d",
			kernel, WTERMSIG(status));
}

static int make_out(struct regress_opts *o, char *out, size_t len)
{
	char id[128], err[512];

	if (o->out) {
		snprintf(out, len, "%s", o->out);
	} else {
		rundir_new_id(id, sizeof(id));
		snprintf(out, len, "results/regress-%s", id);
	}
	/* rundir_create refuses a directory that already holds a run. */
	if (rundir_create(out, err, sizeof(err)))
		return nb_error(EXIT_USAGE, "%s", err);
	return 0;
}

/* Every boot, alternating kernels; 0 or the failing run's exit code. */
static int run_boots(const struct regress_opts *o, const char *out)
{
	unsigned total = o->boots * (unsigned)o->nkernels, done = 0;
	char dir[PATH_MAX + 160];
	time_t t0 = time(NULL);
	int code;

	fprintf(stderr, "numabench: regress: %zu kernels x %u boots = %u guest runs of profile %s%s%s, alternating kernels; each costs what one `numabench run --vm` of this plan costs, %u of them in all\n",
		o->nkernels, o->boots, total, o->profile ? o->profile : "default",
		o->only ? " --only " : "", o->only ? o->only : "", total);
	for (unsigned b = 1; b <= o->boots; b++) {
		for (size_t i = 0; i < o->nkernels; i++) {
			time_t t = time(NULL);
			long spent;

			snprintf(dir, sizeof(dir), "%s/%s/boot-%u", out,
				 o->kernels[i], b);
			fprintf(stderr, "numabench: regress: boot %u of %u: kernel %s, boot %u, into %s\n",
				done + 1, total, o->kernels[i], b, dir);
			code = run_kernel(o, o->kernels[i], dir);
			if (code)
				return code == 1 ? nb_error(EXIT_FAIL, "regress: the run on kernel %s failed; see %s/run.log",
							    o->kernels[i], dir) :
							    code;
			done++;
			spent = (long)(time(NULL) - t0);
			fprintf(stderr, "numabench: regress: boot %u of %u done in %ld s; about %ld s to go\n",
				done, total, (long)(time(NULL) - t),
				spent * (long)(total - done) / (long)done);
		}
	}
	return 0;
}

int cmd_regress(int argc, char **argv)
{
	struct regress_opts o = {
		.boots = REGRESS_BOOTS,
		.cmp.conf = { .threshold_pct = STATS_THRESHOLD,
			      .alpha = STATS_ALPHA },
	};
	char out[PATH_MAX], dirs[REGRESS_MAX_KERNELS][PATH_MAX + 128];
	const char *dirp[REGRESS_MAX_KERNELS];
	int code, ind = cli_parse(argc, argv, &cmd, on_opt, &o, &code);
	time_t t0 = time(NULL);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "regress: unexpected argument '%s'; see --help",
				argv[ind]);
	if (!o.nkernels)
		return nb_error(EXIT_USAGE, "regress: --kernels K1,K2 is required; see --help");
	code = make_out(&o, out, sizeof(out));
	if (code)
		return code;
	code = run_boots(&o, out);
	if (code)
		return code;
	for (size_t i = 0; i < o.nkernels; i++) {
		snprintf(dirs[i], sizeof(dirs[i]), "%s/%s", out, o.kernels[i]);
		dirp[i] = dirs[i];
	}
	o.cmp.out = out;
	code = compare_dirs(dirp, o.nkernels, &o.cmp);
	fprintf(stderr, "numabench: regress: %zu kernels x %u boots in %ld s; comparison in %s/compare.{txt,csv,md,tex,html,json}\n",
		o.nkernels, o.boots, (long)(time(NULL) - t0), out);
	return code;
}
