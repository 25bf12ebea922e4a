/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VM executor (DESIGN.md "VM executor"): a QEMU guest of an installed
 * Debian kernel with an emulated NUMA topology, the host's / read-only over
 * 9p and a job directory shared read-write at its host path. The guest runs
 * <jobdir>/guest/job.sh chrooted into the host tree; its exit code and
 * dmesg land in <jobdir>/guest/.
 */
#ifndef UBENCH_VM_H
#define UBENCH_VM_H

#include <stddef.h>

#include "vmtopo.h"

struct vm_boot {
	const char *kernel;		/* release, e.g. "6.12.117+deb12-amd64" */
	const struct vmtopo *topo;
	const char *jobdir;		/* absolute */
	const char *console_log;	/* guest console copy; NULL: none */
	int echo;			/* also copy the console to stderr */
	const char *accel;		/* "tcg", "tcg-mt" or "kvm" */
	/*
	 * A hung guest: give up after timeout_s with no console output and no
	 * change to progress_file (a run's results.csv; NULL: none).
	 */
	unsigned timeout_s;
	const char *progress_file;
};

/*
 * Resolve want (NULL: the running kernel if installed, else the newest
 * installed; a prefix like "6.1" picks the newest 6.1.x) to an installed
 * release with image, modules and headers. Returns 0, or EXIT_MISSING with
 * the package to install in err.
 */
int vm_find_kernel(const char *want, char *rel, size_t len, char *err,
		   size_t errlen);

/*
 * Build kbench.ko for rel into <build>/kbench/<rel>/ and the initramfs, and
 * check qemu is there. 0, or EXIT_MISSING / EXIT_FAIL with err set.
 */
int vm_prepare(const char *rel, char *err, size_t errlen);

/* Path of the module built for rel. */
void vm_module_path(const char *rel, char *buf, size_t len);

/*
 * Boot, wait for power-off (or timeout_s without progress), return the job's exit code
 * (0..255), or -1 with err set when the guest did not report one.
 */
int vm_run(const struct vm_boot *b, char *err, size_t errlen);

/*
 * Scan a guest dmesg for WARN, BUG, Oops, lockups, stalls and leak reports;
 * print each offending line to stderr. Returns their count (-1: unreadable).
 */
int vm_dmesg_check(const char *path);

#endif
