/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checked parsing of CLI and profile values: strtoull-family with range
 * checks, never atoi. On error each returns -1 and writes a one-line message
 * "FLAG: 'TEXT' is not ...; expected ..." into err.
 */
#ifndef UBENCH_ARGS_H
#define UBENCH_ARGS_H

#include <stddef.h>
#include <stdint.h>

/* Decimal unsigned integer in [min, max]. */
int parse_u64(const char *flag, const char *s, uint64_t min, uint64_t max,
	      uint64_t *out, char *err, size_t errlen);

/* Decimal number (fractions allowed, no exponent needed) in [min, max]. */
int parse_double(const char *flag, const char *s, double min, double max,
		 double *out, char *err, size_t errlen);

/* Size with optional binary suffix K, M, G (also KiB, MiB, GiB), in [min, max]. */
int parse_size(const char *flag, const char *s, uint64_t min, uint64_t max,
	       uint64_t *out, char *err, size_t errlen);

/*
 * Comma list of unsigned values or ranges ("1,64" or "0-3,8"), each in
 * [min, max], at most cap entries, sizes allowed suffixes when is_size.
 * Returns the number of entries or -1.
 */
int parse_u64_list(const char *flag, const char *s, uint64_t min, uint64_t max,
		   int is_size, uint64_t *out, size_t cap, char *err,
		   size_t errlen);

/*
 * The building blocks, without range check or message, for parsers that word
 * their own errors (vmtopo names the item). size_scan: 0, -1 when s is not
 * N[K|M|G|KiB|MiB|GiB] (suffix case-insensitive), -2 when it overflows.
 * size_format: v with the largest binary suffix dividing it ("1G", "1536M",
 * "100"); returns the length, or -1 when it does not fit.
 */
int size_scan(const char *s, uint64_t *out);
int size_format(char *buf, size_t len, uint64_t v);

#endif
