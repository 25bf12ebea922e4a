// SPDX-License-Identifier: GPL-2.0
/* Kernel modes by name: see kmode.h. */
#include "kmode.h"

#include <string.h>

static const char *const mode_names[KBENCH_NR_MODES] = {
	[KBENCH_MODE_HOT] = "hot",
	[KBENCH_MODE_COLD] = "cold",
	[KBENCH_MODE_PAIR] = "pair",
	[KBENCH_MODE_BUDDY] = "buddy",
	[KBENCH_MODE_BUSY] = "busy",
};

const char *kbench_mode_name(unsigned mode)
{
	return mode < KBENCH_NR_MODES ? mode_names[mode] : "?";
}

int kbench_mode_parse(const char *name)
{
	for (int m = 0; m < KBENCH_NR_MODES; m++)
		if (!strcmp(name, mode_names[m]))
			return m;
	return -1;
}
