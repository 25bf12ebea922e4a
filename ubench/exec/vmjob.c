// SPDX-License-Identifier: GPL-2.0
/* A command run in the NUMA guest: see vmjob.h. */
#include "vmjob.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "vm.h"

#define NB_TAIL_LINES 25

const char *vmjob_self(void)
{
	static char self[PATH_MAX];
	ssize_t n;

	if (!self[0]) {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		self[n > 0 ? n : 0] = '\0';
	}
	return self;
}

int vmjob_prepare(struct vmjob *j)
{
	char err[512];
	int ret;

	if (!j->accel)
		j->accel = "tcg";
	if (vmtopo_parse(j->topology ? j->topology : VMTOPO_DEFAULT, &j->topo,
			 err, sizeof(err)))
		return nb_error(EXIT_USAGE, "%s", err);
	vmtopo_format(&j->topo, j->topo_spec, sizeof(j->topo_spec));
	ret = vm_find_kernel(j->kernel_want, j->kernel, sizeof(j->kernel), err,
			     sizeof(err));
	if (!ret && j->no_module)
		fprintf(stderr, "numabench: this host cannot load kbench (%s): booting a %s QEMU guest (%s)%s; --native or --vm to choose\n",
			j->no_module, j->kernel,
			strcmp(j->accel, "kvm") ? "TCG" : "KVM",
			j->for_what ? j->for_what : "");
	if (!ret)
		ret = vm_prepare(j->kernel, err, sizeof(err));
	if (ret)
		return nb_error(ret, "%s", err);
	vm_module_path(j->kernel, j->module, sizeof(j->module));
	return 0;
}

/* Single-quote s for sh. */
static void sh_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	fputc('\'', f);
}

static int write_job(const char *gdir, char *const argv[])
{
	char path[PATH_MAX + 16], cwd[PATH_MAX];
	FILE *f;

	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	snprintf(path, sizeof(path), "%s/job.sh", gdir);
	f = fopen(path, "we");
	if (!f)
		return -1;
	/* TERM=dumb: the kernel gives init TERM=linux, but the console is logged */
	fputs("# written by numabench: runs in the guest, chrooted into the host's /\n"
	      "export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/run/tmp TMPDIR=/run/tmp TERM=dumb\ncd ", f);
	sh_quote(f, cwd);
	fputs(" || exit 1\n", f);
	for (int i = 0; argv[i]; i++) {
		if (i)
			fputc(' ', f);
		sh_quote(f, argv[i]);
	}
	fputs(" 2>&1\n", f);
	return fclose(f);
}

/* A quiet guest job failed: repeat its own error lines from the console. */
static void relay_errors(const char *console_log, int code)
{
	FILE *f = fopen(console_log, "r");
	char line[1024];
	int found = 0;

	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "numabench", 9))
			continue;
		fputs(line, stderr);
		found = 1;
	}
	if (f)
		fclose(f);
	if (!found)
		fprintf(stderr, "numabench: the guest job exited with %d; see %s\n",
			code, console_log);
}

/* Print s without control characters or the firmware's escape sequences. */
static void put_plain(const char *s)
{
	for (; *s; s++) {
		if (*s == '\033' && s[1] == '[') {	/* CSI ... final byte */
			for (s += 2; *s && (*s < '@' || *s > '~'); s++)
				;
			if (!*s)
				break;
		} else if (*s == '\033' && s[1]) {	/* ESC + one byte */
			s++;
		} else if (isprint((unsigned char)*s) || *s == '\t') {
			fputc(*s, stderr);
		}
	}
}

/*
 * The guest died before reporting: show the end of its console, which
 * holds QEMU's own error or the kernel's last words (a log on a CI machine
 * is gone once the run is).
 */
static void console_tail(const char *console_log)
{
	char line[NB_TAIL_LINES][256];
	FILE *f = fopen(console_log, "r");
	int n = 0;

	if (!f)
		return;
	while (fgets(line[n % NB_TAIL_LINES], sizeof(line[0]), f))
		n++;
	fclose(f);
	fprintf(stderr, "numabench: the last lines of %s:\n", console_log);
	for (int i = n > NB_TAIL_LINES ? n - NB_TAIL_LINES : 0; i < n; i++) {
		fputs("  | ", stderr);
		put_plain(line[i % NB_TAIL_LINES]);
		fputc('\n', stderr);
	}
}

int vmjob_exec(const struct vmjob *j, const char *jobdir,
	       const char *console_log, char *const argv[])
{
	char gdir[PATH_MAX], log[PATH_MAX + 32], dmesg[PATH_MAX + 32];
	char err[512];
	struct vm_boot b = {
		.kernel = j->kernel, .topo = &j->topo, .jobdir = jobdir,
		.echo = j->echo, .accel = j->accel, .timeout_s = j->timeout_s,
		.progress_file = j->progress_file,
	};
	int code, bad;

	snprintf(gdir, sizeof(gdir), "%s/guest", jobdir);
	if ((mkdir(jobdir, 0755) && errno != EEXIST) ||
	    (mkdir(gdir, 0755) && errno != EEXIST) || write_job(gdir, argv))
		return nb_error(EXIT_FAIL, "cannot write the guest job in %s: %s",
				gdir, strerror(errno));
	snprintf(log, sizeof(log), "%s/console.log", gdir);
	b.console_log = console_log ? console_log : log;
	code = vm_run(&b, err, sizeof(err));
	if (code < 0) {
		console_tail(b.console_log);
		return nb_error(EXIT_FAIL, "%s (%s)", err, b.console_log);
	}
	snprintf(dmesg, sizeof(dmesg), "%s/dmesg.txt", gdir);
	bad = vm_dmesg_check(dmesg);
	if (bad)
		return nb_error(EXIT_FAIL, bad < 0 ?
				"the guest left no dmesg (%s)" :
				"the guest's dmesg reports problems (%s)", dmesg);
	if (code && !j->echo)
		relay_errors(b.console_log, code);
	return code;
}
