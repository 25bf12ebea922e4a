/* SPDX-License-Identifier: GPL-2.0 */
/* Small file helpers shared by the run directory, report and readers. */
#ifndef UBENCH_FILEUTIL_H
#define UBENCH_FILEUTIL_H

#include <stddef.h>

/*
 * The whole of path, NUL-terminated, its length in *len; NULL with errno
 * (ENOENT: missing, EFBIG: larger than max bytes, ENOMEM, EIO...).
 * The caller frees it.
 */
char *file_read_all(const char *path, size_t max, size_t *len);

/*
 * This process's own command line (/proc/self/cmdline) as argv[0..max-1]
 * (NULL-terminated) pointing into buf: for re-executing itself. Returns
 * argc, or -1 when it cannot be read.
 */
int self_argv(char *buf, size_t len, char **argv, int max);

/* mkdir -p path (mode 0755). 0, or -1 with errno. */
int mkdir_p(const char *path);

#endif
