// SPDX-License-Identifier: GPL-2.0
/* Kernel modes by name: see kmode.h. */
#include "kmode.h"

#include <stdio.h>
#include <string.h>

static const char *const mode_names[KBENCH_NR_MODES] = {
	[KBENCH_MODE_HOT] = "hot",
	[KBENCH_MODE_COLD] = "cold",
	[KBENCH_MODE_PAIR] = "pair",
	[KBENCH_MODE_BUDDY] = "buddy",
	[KBENCH_MODE_BUSY] = "busy",
	[KBENCH_MODE_PURGE] = "purge",
	[KBENCH_MODE_LOW] = "low",
};

const char *kbench_mode_name(unsigned mode)
{
	/* a mode the uapi added before this table named it: "?", no crash */
	return mode < KBENCH_NR_MODES && mode_names[mode] ? mode_names[mode] :
							     "?";
}

int kbench_mode_parse(const char *name)
{
	for (int m = 0; m < KBENCH_NR_MODES; m++)
		if (mode_names[m] && !strcmp(name, mode_names[m]))
			return m;
	return -1;
}

void kbench_mode_choices(char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (int m = 0; m < KBENCH_NR_MODES && k < len; m++)
		k += snprintf(buf + k, len - k, "%s%s",
			      !m ? "" : m + 1 < KBENCH_NR_MODES ? ", " : " or ",
			      kbench_mode_name((unsigned)m));
}
