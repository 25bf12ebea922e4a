// SPDX-License-Identifier: GPL-2.0
/* Machine conditions for meta.json: see sysinfo.h. */
#include "sysinfo.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* First line of path into buf, without newline; "unknown" if unreadable. */
static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* Value of "key : value" in /proc/cpuinfo, or of "KEY=value" in a config. */
static int find_kv(const char *path, const char *key, char sep, char *buf,
		   size_t len)
{
	char line[4096];
	size_t klen = strlen(key);
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char *v;

		if (strncmp(line, key, klen))
			continue;
		v = strchr(line + klen, sep);
		if (!v)
			continue;
		v += 1 + strspn(v + 1, " \t");
		v[strcspn(v, "\n")] = '\0';
		snprintf(buf, len, "%s", v);
		found = 1;
	}
	fclose(f);
	return found;
}

static void read_config(const char *rel, const char *key, char *buf,
			size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "/boot/config-%s", rel);
	if (!find_kv(path, key, '=', buf, len))
		snprintf(buf, len, "n");
}

/* init_on_alloc: the config default, overridden by the command line. */
static void read_init_on_alloc(struct sysinfo_snap *s)
{
	char *p = strstr(s->cmdline, "init_on_alloc=");

	if (p) {
		snprintf(s->init_on_alloc, sizeof(s->init_on_alloc), "%c",
			 p[strlen("init_on_alloc=")]);
		return;
	}
	read_config(s->kernel, "CONFIG_INIT_ON_ALLOC_DEFAULT_ON",
		    s->init_on_alloc, sizeof(s->init_on_alloc));
	if (!strcmp(s->init_on_alloc, "y"))
		strcpy(s->init_on_alloc, "1");
	else
		strcpy(s->init_on_alloc, "0");
}

static void read_preempt(struct sysinfo_snap *s)
{
	static const char *const models[] = {
		"CONFIG_PREEMPT_RT", "CONFIG_PREEMPT_DYNAMIC", "CONFIG_PREEMPT",
		"CONFIG_PREEMPT_VOLUNTARY", "CONFIG_PREEMPT_NONE",
	};
	char v[16];

	snprintf(s->preempt, sizeof(s->preempt), "unknown");
	for (size_t i = 0; i < sizeof(models) / sizeof(*models); i++) {
		read_config(s->kernel, models[i], v, sizeof(v));
		if (!strcmp(v, "y")) {
			snprintf(s->preempt, sizeof(s->preempt), "%s",
				 models[i] + strlen("CONFIG_"));
			return;
		}
	}
}

/* "always [madvise] never" -> "madvise" */
static void selected(char *buf)
{
	char *l = strchr(buf, '['), *r = l ? strchr(l, ']') : NULL;

	if (l && r) {
		*r = '\0';
		memmove(buf, l + 1, strlen(l + 1) + 1);
	}
}

static void read_hypervisor(struct sysinfo_snap *s)
{
	char flags[4096];

	snprintf(s->hypervisor, sizeof(s->hypervisor), "unknown");
	if (find_kv("/proc/cpuinfo", "flags", ':', flags, sizeof(flags)))
		snprintf(s->hypervisor, sizeof(s->hypervisor), "%s",
			 strstr(flags, " hypervisor") ? "yes" : "no");
}

void sysinfo_read(struct sysinfo_snap *s)
{
	struct utsname u;

	memset(s, 0, sizeof(*s));
	uname(&u);
	snprintf(s->host, sizeof(s->host), "%s", u.nodename);
	snprintf(s->kernel, sizeof(s->kernel), "%s", u.release);
	snprintf(s->kernel_version, sizeof(s->kernel_version), "%s", u.version);
	if (!find_kv("/proc/cpuinfo", "model name", ':', s->cpu_model,
		     sizeof(s->cpu_model)))
		snprintf(s->cpu_model, sizeof(s->cpu_model), "unknown");
	read_line("/proc/cmdline", s->cmdline, sizeof(s->cmdline));
	read_init_on_alloc(s);
	read_line("/sys/kernel/mm/transparent_hugepage/enabled", s->thp,
		  sizeof(s->thp));
	selected(s->thp);
	read_line("/proc/sys/kernel/numa_balancing", s->numa_balancing,
		  sizeof(s->numa_balancing));
	read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
		  s->governor, sizeof(s->governor));
	read_line("/sys/devices/system/cpu/smt/active", s->smt, sizeof(s->smt));
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  s->clocksource, sizeof(s->clocksource));
	read_preempt(s);
	read_hypervisor(s);
}
