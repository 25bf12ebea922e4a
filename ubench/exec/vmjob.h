/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A command run in the NUMA guest: resolve the kernel, parse the topology,
 * build module and initramfs, write <jobdir>/guest/job.sh, boot, and judge
 * the guest's dmesg. Shared by `run --vm`, `list` and `guest`.
 */
#ifndef UBENCH_VMJOB_H
#define UBENCH_VMJOB_H

#include <limits.h>

#include "vmtopo.h"

struct vmjob {
	/* in */
	const char *kernel_want;	/* --kernel, NULL: default */
	const char *topology;		/* --topology, NULL: VMTOPO_DEFAULT */
	const char *accel;		/* "tcg" (default) or "kvm" */
	unsigned timeout_s;		/* without progress: see vm_boot */
	const char *progress_file;	/* NULL: the console alone */
	int echo;			/* copy the console to stderr */
	/*
	 * Not NULL: the guest was not asked for (no --vm) and this is why the
	 * host cannot load kbench; vmjob_prepare says it boots one, and why,
	 * before it builds or boots anything, --quiet or not. for_what ends
	 * that line (" for the module's case table"), or "".
	 */
	const char *no_module, *for_what;
	/* out of vmjob_prepare */
	char kernel[128];
	char module[PATH_MAX];		/* kbench.ko for the guest kernel */
	struct vmtopo topo;
	char topo_spec[256];		/* canonical */
};

/* Parse and resolve everything; build module and initramfs. 0 or an exit code. */
int vmjob_prepare(struct vmjob *j);

/*
 * Run argv (absolute program path first) in the guest with cwd as working
 * directory, jobdir shared read-write (created if missing). console_log
 * NULL: <jobdir>/guest/console.log. Returns the command's exit code, or
 * EXIT_FAIL when the guest failed or its dmesg has WARN/BUG/Oops/leaks.
 */
int vmjob_exec(const struct vmjob *j, const char *jobdir,
	       const char *console_log, char *const argv[]);

/* Absolute path of this executable. */
const char *vmjob_self(void);

#endif
