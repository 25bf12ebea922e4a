/* SPDX-License-Identifier: GPL-2.0 */
/* Building the argument vector of a child numabench. */
#ifndef UBENCH_ARGVEC_H
#define UBENCH_ARGVEC_H

/* Append "flag value" to argv at *n when value is set (not NULL). */
static inline void argv_opt(char **argv, int *n, const char *flag,
			    const char *value)
{
	if (!value)
		return;
	argv[(*n)++] = (char *)flag;
	argv[(*n)++] = (char *)value;
}

#endif
