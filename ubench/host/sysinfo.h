/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What disturbs numbers, read from /proc and /sys (DESIGN.md "Timing
 * rules"): recorded in meta.json so runs can be judged and compared.
 * Every field is a string; "unknown" when the source is absent.
 */
#ifndef UBENCH_SYSINFO_H
#define UBENCH_SYSINFO_H

struct sysinfo_snap {
	char host[128];
	char kernel[128];	/* uname -r */
	char kernel_version[256];	/* uname -v */
	char cpu_model[128];
	char cmdline[1024];
	char init_on_alloc[32];	/* "1" or "0" (config default + cmdline) */
	char thp[64];		/* transparent_hugepage/enabled, selected mode */
	char numa_balancing[16];
	char governor[64];
	char smt[16];
	char preempt[64];	/* CONFIG_PREEMPT* model */
	char clocksource[64];
	char hypervisor[16];	/* "yes" when /proc/cpuinfo says hypervisor */
};

void sysinfo_read(struct sysinfo_snap *s);

#endif
