// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc_account charges the memory cgroup of the process that asked for
 * the run: from a child group, 4 MiB held at once raise its memory.peak
 * by at least that (plain kmalloc does not); from the root group nothing
 * is charged and every sample is off its path, never a number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ktest.h"

#define CG	"/sys/fs/cgroup"
#define GROUP	CG "/ktest-memcg"

static long long peak(void)
{
	FILE *f = fopen(GROUP "/memory.peak", "r");
	long long v = -1;

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Move this process into @dir's cgroup.procs. */
static bool enter(const char *dir)
{
	char path[256], pid[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	return write_file(path, pid);
}

/* The run of @name, 4 samples of 1024 x 4 KiB held at once, into *r. */
static int run4m(const char *name, struct kbench_run *r)
{
	const struct kbench_case_info *ci = case_named(name);

	if (!ci)
		return -1;
	*r = base_run(ci);
	r->size_bytes = 4096;
	r->batch = 1024;
	r->iterations = 4;
	r->warmup = 0;
	return ioctl(fd, KBENCH_IOC_RUN, r);
}

void check_memcg_charge(void)
{
	struct kbench_run r;
	long long p0, p1, p2;
	char own[256] = CG;
	FILE *f;

	if (!case_named("kmalloc_account")) {
		result(false, "kmalloc_account: no such case");
		return;
	}
	/* where this process runs now: "0::/path" */
	f = fopen("/proc/self/cgroup", "r");
	if (f) {
		char line[200];

		if (fgets(line, sizeof(line), f) && !strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(own, sizeof(own), CG "%s", line + 3);
		}
		fclose(f);
	}
	if (access(CG "/cgroup.procs", F_OK) || !enter(CG)) {
		skip("kmalloc_account charges", "no cgroup2 at " CG);
		return;
	}
	/* the root group: nothing charged, every sample off its path */
	if (run4m("kmalloc_account", &r))
		result(false, "kmalloc_account from the root cgroup: %s",
		       strerror(errno));
	else
		result(r.off_path == r.samples_done && !r.clean &&
		       r.samples_done == 4,
		       "kmalloc_account from the root cgroup: %u of %u samples off path (nothing charged), clean %u",
		       r.off_path, r.samples_done, r.clean);

	write_file(CG "/cgroup.subtree_control", "+memory");
	if ((mkdir(GROUP, 0755) && errno != EEXIST) || !enter(GROUP) ||
	    peak() < 0) {
		skip("kmalloc_account charges", "cannot make a memory cgroup with memory.peak");
		enter(own);
		rmdir(GROUP);
		return;
	}
	p0 = peak();
	if (run4m("kmalloc", &r))
		result(false, "kmalloc 4 MiB in a child cgroup: %s", strerror(errno));
	p1 = peak();
	if (run4m("kmalloc_account", &r))
		result(false, "kmalloc_account in a child cgroup: %s", strerror(errno));
	p2 = peak();
	result(!r.off_path && r.clean + r.disturbed == r.samples_done &&
	       r.samples_done == 4 && p1 - p0 < (2 << 20) &&
	       p2 - p1 >= (4 << 20),
	       "kmalloc_account in a child cgroup: memory.peak +%lld KiB (plain kmalloc of the same 4 MiB: +%lld KiB), %u clean of %u",
	       (p2 - p1) >> 10, (p1 - p0) >> 10, r.clean, r.samples_done);
	enter(own);
	rmdir(GROUP);
}
