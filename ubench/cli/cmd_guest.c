// SPDX-License-Identifier: GPL-2.0
/*
 * numabench guest: run any command in the NUMA guest (the VM executor on
 * its own), e.g. the ioctl validation test or a shell for debugging.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/args.h"
#include "cli.h"
#include "commands.h"
#include "exec/vmjob.h"
#include "util/datadir.h"

enum { OPT_KERNEL = 256, OPT_TOPOLOGY, OPT_JOBDIR, OPT_ACCEL, OPT_TIMEOUT };

static const struct cli_opt opts[] = {
	{ "kernel", OPT_KERNEL, "RELEASE", "guest kernel, an installed release or prefix like 6.1 (default: newest)" },
	{ "topology", OPT_TOPOLOGY, "SPEC", "guest nodes as CPUSxMEM[@D0:D1..],... (default " VMTOPO_DEFAULT ")" },
	{ "jobdir", OPT_JOBDIR, "DIR", "shared read-write directory; guest/console.log and guest/dmesg.txt land there (default build/guest/job)" },
	{ "accel", OPT_ACCEL, "tcg|tcg-mt|kvm", "guest accelerator (default tcg: one host thread takes the vCPUs in turn; tcg-mt: a host thread per vCPU)" },
	{ "timeout", OPT_TIMEOUT, "SEC", "give up when the guest prints nothing for SEC seconds, 10..86400 (default 1800)" },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench guest [OPTIONS] -- COMMAND [ARGS...]",
	"Boot a QEMU guest of an installed kernel with an emulated NUMA topology,\n"
	"the host's / mounted read-only, and run COMMAND there as root in the\n"
	"current directory. Prints the guest console, exits with COMMAND's exit\n"
	"code, or 1 when the guest's dmesg shows WARN, BUG, Oops or leaks. The\n"
	"module for the guest kernel is built first; its path is exported to\n"
	"COMMAND as KBENCH_KO.",
	opts,
};

struct guest_opts {
	struct vmjob j;
	const char *jobdir;
};

static int on_opt(int val, const char *arg, void *ctx)
{
	struct guest_opts *o = ctx;
	char err[256];
	uint64_t t;

	switch (val) {
	case OPT_KERNEL: o->j.kernel_want = arg; break;
	case OPT_TOPOLOGY: o->j.topology = arg; break;
	case OPT_JOBDIR: o->jobdir = arg; break;
	case OPT_ACCEL:
		if (strcmp(arg, "tcg") && strcmp(arg, "tcg-mt") && strcmp(arg, "kvm"))
			return nb_error(EXIT_USAGE, "--accel: '%s' is not an accelerator; expected tcg, tcg-mt or kvm", arg);
		o->j.accel = arg;
		break;
	case OPT_TIMEOUT:
		if (parse_u64("--timeout", arg, 10, 86400, &t, err, sizeof(err)))
			return nb_error(EXIT_USAGE, "%s", err);
		o->j.timeout_s = (unsigned)t;
		break;
	}
	return 0;
}

int cmd_guest(int argc, char **argv)
{
	struct guest_opts o = { .j = { .timeout_s = 1800, .echo = 1 } };
	char dir[PATH_MAX], env[PATH_MAX + 16];
	char **cmdv;
	int code, ind = cli_parse(argc, argv, &cmd, on_opt, &o, &code);

	if (ind < 0)
		return code;
	if (ind >= argc)
		return nb_error(EXIT_USAGE, "guest: no COMMAND given; see --help");
	code = vmjob_prepare(&o.j);
	if (code)
		return code;
	if (o.jobdir && (mkdir(o.jobdir, 0755) && errno != EEXIST))
		return nb_error(EXIT_USAGE, "--jobdir: cannot create '%s': %s",
				o.jobdir, strerror(errno));
	if (o.jobdir && !realpath(o.jobdir, dir))
		return nb_error(EXIT_USAGE, "--jobdir: '%s': %s", o.jobdir,
				strerror(errno));
	if (!o.jobdir)
		snprintf(dir, sizeof(dir), "%s/guest/job", nb_workdir());
	/* env KBENCH_KO=... COMMAND ARGS... */
	cmdv = calloc((size_t)(argc - ind) + 3, sizeof(*cmdv));
	if (!cmdv)
		return nb_error(EXIT_FAIL, "out of memory");
	snprintf(env, sizeof(env), "KBENCH_KO=%s", o.j.module);
	cmdv[0] = "/usr/bin/env";
	cmdv[1] = env;
	memcpy(cmdv + 2, argv + ind, (size_t)(argc - ind) * sizeof(*cmdv));
	code = vmjob_exec(&o.j, dir, NULL, cmdv);
	free(cmdv);
	return code;
}
