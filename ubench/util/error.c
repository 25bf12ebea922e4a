// SPDX-License-Identifier: GPL-2.0
/* Error lines and exit codes: see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int nb_error(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("numabench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}
