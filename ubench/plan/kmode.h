/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kbench modes (uapi enum kbench_mode) by name, as profiles, the
 * results.csv mode column and `numabench list` spell them.
 */
#ifndef UBENCH_KMODE_H
#define UBENCH_KMODE_H

#include <stddef.h>

#include "kbench.h"

/* "hot", "cold", ... for an enum kbench_mode; "?" when out of range. */
const char *kbench_mode_name(unsigned mode);
/* The enum kbench_mode called name, or -1. */
int kbench_mode_parse(const char *name);
/* Every mode for a message: "hot, cold, pair, buddy, busy, purge or low". */
void kbench_mode_choices(char *buf, size_t len);

#endif
