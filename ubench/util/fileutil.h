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

/* mkdir -p path (mode 0755). 0, or -1 with errno. */
int mkdir_p(const char *path);

#endif
