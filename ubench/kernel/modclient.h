/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client of the kbench module (/dev/kbench, kbench/uapi/kbench.h): load and
 * unload it, read its version and case table, run one request.
 * Preconditions: root (CAP_SYS_ADMIN, CAP_SYS_MODULE) on a kernel with
 * module support; every function returns 0 or a negative errno and never
 * exits.
 */
#ifndef UBENCH_MODCLIENT_H
#define UBENCH_MODCLIENT_H

#include <stddef.h>
#include <stdint.h>
#include "kbench.h"

struct kbench_client {
	int fd;
	int loaded_by_us;	/* we inserted the module: remove it on close */
	struct kbench_version version;
	struct kbench_case_info *cases;	/* version.ncases entries */
};

/*
 * Open /dev/kbench, inserting ko_path first when the device is missing and
 * ko_path is not NULL, with the module parameters params ("name=value ...",
 * NULL for none; ignored when the module is already loaded); then read the
 * version (API must match) and cases.
 */
int kbench_open(struct kbench_client *c, const char *ko_path,
		const char *params);

/* Close; remove the module if kbench_open inserted it. 0 or -errno. */
int kbench_close(struct kbench_client *c);

/* The case called name, or NULL. */
const struct kbench_case_info *kbench_case(const struct kbench_client *c,
					   const char *name);

/* KBENCH_IOC_RUN; fills req's (out) fields. */
int kbench_run(struct kbench_client *c, struct kbench_run *req);

/* Cycles to ns with the module's tsc_khz. */
double kbench_cycles_to_ns(const struct kbench_client *c, double cycles);

/*
 * 1 when kbench can run natively: root, module support (/proc/modules), and
 * the module loaded or headers for the running kernel to build it.
 */
int kbench_host_can_load(void);

/*
 * Why it cannot ("not root", "no module support: no /proc/modules", "no
 * headers for 6.18.1: no /lib/modules/6.18.1/build/Makefile"), or NULL
 * when it can. The text lives in a static buffer.
 */
const char *kbench_host_load_blocker(void);

#endif
