// SPDX-License-Identifier: GPL-2.0
/*
 * Checked value parsing for the CLI and the profiles. strtoull alone accepts
 * leading blanks, a sign ("-1" wraps to 2^64 - 1) and an empty string, so a
 * value must start with a digit and end where the number (and suffix) ends.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "error.h"

#define LIST_HINT "values or ranges A-B separated by commas"

/* Digits at s: 0, -1 when there are none, -2 on overflow; *end after them. */
static int scan_digits(const char *s, uint64_t *v, const char **end)
{
	char *e;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &e, 10);
	*end = e;
	return errno == ERANGE ? -2 : 0;
}

int parse_u64(const char *flag, const char *s, uint64_t min, uint64_t max,
	      uint64_t *out, char *err, size_t errlen)
{
	const char *end;
	uint64_t v;
	int r = scan_digits(s, &v, &end);

	if (r == -1 || (r == 0 && *end)) {
		set_err(err, errlen, "%s: '%s' is not a number; expected an integer in %"
			PRIu64 "..%" PRIu64, flag, s ? s : "", min, max);
		return -1;
	}
	if (r == -2 || v < min || v > max) {
		set_err(err, errlen, "%s: '%s' is out of range; expected an integer in %"
			PRIu64 "..%" PRIu64, flag, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int parse_double(const char *flag, const char *s, double min, double max,
		 double *out, char *err, size_t errlen)
{
	char *end;
	double v;

	errno = 0;
	v = s ? strtod(s, &end) : 0;
	if (!s || !*s || *end || errno || !(v >= min && v <= max)) {
		set_err(err, errlen, "%s: '%s' is not a number in %g..%g", flag,
			s ? s : "", min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static const struct {
	const char *name;
	unsigned shift;
} suffixes[] = {
	{ "", 0 },
	{ "K", 10 }, { "KiB", 10 },
	{ "M", 20 }, { "MiB", 20 },
	{ "G", 30 }, { "GiB", 30 },
};

static int suffix_shift(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (!strcasecmp(s, suffixes[i].name))
			return (int)suffixes[i].shift;
	return -1;
}

int size_scan(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int r = scan_digits(s, &v, &end), shift;

	if (r == -1)
		return -1;
	shift = suffix_shift(end);
	if (shift < 0)
		return -1;
	if (r == -2 || v > (UINT64_MAX >> shift))
		return -2;
	*out = v << shift;
	return 0;
}

int size_format(char *buf, size_t len, uint64_t v)
{
	static const char letters[] = "GMK";
	unsigned i, shift;
	int n = -1;

	for (i = 0; i < 3 && v; i++) {
		shift = 30 - 10 * i;
		if (v % (1ull << shift) == 0) {
			n = snprintf(buf, len, "%" PRIu64 "%c", v >> shift, letters[i]);
			break;
		}
	}
	if (n < 0)
		n = snprintf(buf, len, "%" PRIu64, v);
	return (size_t)n < len ? n : -1;
}

int parse_size(const char *flag, const char *s, uint64_t min, uint64_t max,
	       uint64_t *out, char *err, size_t errlen)
{
	char lo[32], hi[32];
	uint64_t v;
	int r = size_scan(s, &v);

	size_format(lo, sizeof(lo), min);
	size_format(hi, sizeof(hi), max);
	if (r == -1) {
		set_err(err, errlen, "%s: '%s' is not a size; expected N[K|M|G] in %s..%s",
			flag, s ? s : "", lo, hi);
		return -1;
	}
	if (r == -2 || v < min || v > max) {
		set_err(err, errlen, "%s: '%s' is out of range; expected a size in %s..%s",
			flag, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

/* Both ends of "A-B" must parse alone, then A <= B. */
static int parse_range(const char *flag, char *item, uint64_t min, uint64_t max,
		       uint64_t *a, uint64_t *b, char *err, size_t errlen)
{
	char *dash = strchr(item, '-');

	if (!dash || dash == item) {
		if (parse_u64(flag, item, min, max, a, err, errlen))
			return -1;
		*b = *a;
		return 0;
	}
	*dash = '\0';
	if (parse_u64(flag, item, min, max, a, err, errlen) ||
	    parse_u64(flag, dash + 1, min, max, b, err, errlen))
		return -1;
	*dash = '-';
	if (*a > *b) {
		set_err(err, errlen, "%s: '%s' is not a range; expected A-B with A <= B",
			flag, item);
		return -1;
	}
	return 0;
}

/* Append a..b to out[*n..], refusing before it would pass cap. */
static int append_range(const char *flag, const char *s, uint64_t a, uint64_t b,
			uint64_t *out, size_t *n, size_t cap, char *err,
			size_t errlen)
{
	if (*n >= cap || b - a >= cap - *n) {
		set_err(err, errlen, "%s: '%s' has more than %zu values; expected at most %zu",
			flag, s, cap, cap);
		return -1;
	}
	for (;;) {
		out[(*n)++] = a;
		if (a++ == b)
			return 0;
	}
}

static int parse_item(const char *flag, const char *s, char *item, uint64_t min,
		      uint64_t max, int is_size, uint64_t *out, size_t *n,
		      size_t cap, char *err, size_t errlen)
{
	uint64_t a, b;

	if (!*item) {
		set_err(err, errlen, "%s: '%s' has an empty item; expected " LIST_HINT,
			flag, s);
		return -1;
	}
	/* A size range would mean every byte count in it: not offered. */
	if (is_size) {
		if (parse_size(flag, item, min, max, &a, err, errlen))
			return -1;
		b = a;
	} else if (parse_range(flag, item, min, max, &a, &b, err, errlen)) {
		return -1;
	}
	return append_range(flag, s, a, b, out, n, cap, err, errlen);
}

int parse_u64_list(const char *flag, const char *s, uint64_t min, uint64_t max,
		   int is_size, uint64_t *out, size_t cap, char *err,
		   size_t errlen)
{
	char *copy, *item, *next;
	size_t n = 0;
	int ret = 0;

	if (!s || !*s) {
		set_err(err, errlen, "%s: '' is empty; expected " LIST_HINT, flag);
		return -1;
	}
	copy = strdup(s);
	if (!copy) {
		set_err(err, errlen, "%s: out of memory", flag);
		return -1;
	}
	for (item = copy; item && !ret; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		ret = parse_item(flag, s, item, min, max, is_size, out, &n, cap,
				 err, errlen);
	}
	free(copy);
	return ret ? -1 : (int)n;
}
