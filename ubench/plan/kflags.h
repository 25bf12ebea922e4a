/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's kernel facts (uapi KBENCH_KF_*, struct
 * kbench_version.kernel_flags) by name, as meta.json's kbench_flags and
 * `numabench list` spell them.
 */
#ifndef UBENCH_KFLAGS_H
#define UBENCH_KFLAGS_H

#include <stddef.h>
#include <stdint.h>

struct kbench_kflag {
	uint64_t bit;		/* KBENCH_KF_* */
	const char *name;	/* e.g. "aperfmperf" */
	const char *what;	/* for text: "APERF/MPERF readable" */
};

extern const struct kbench_kflag kbench_kflags[];
extern const size_t kbench_nkflags;

#endif
