/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader for what numabench writes itself (meta.json, one
 * hist.jsonl line): the whole text parsed into a tree of values. Numbers
 * keep their text so that 64-bit counts are read exactly.
 */
#ifndef REPORT_JSONREAD_H
#define REPORT_JSONREAD_H

#include <stddef.h>
#include <stdint.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	int boolean;
	char *text;		/* J_STR: decoded; J_NUM: the literal */
	size_t n;		/* J_ARR, J_OBJ: number of items */
	struct jval *items;	/* n values */
	char **keys;		/* J_OBJ: n keys */
};

/* Parse text (NUL-terminated). 0, or -1 with "offset N: what" in err. */
int json_parse(const char *text, struct jval *out, char *err, size_t errlen);
void json_free(struct jval *v);

/* Member key of an object, or NULL (also when v is not an object). */
const struct jval *json_get(const struct jval *v, const char *key);

/*
 * Typed reads of a member: 0 and *out set, or -1 when absent, null or of
 * another type (then *out is untouched).
 */
int json_get_str(const struct jval *v, const char *key, char *out, size_t len);
int json_get_u64(const struct jval *v, const char *key, uint64_t *out);
int json_get_int(const struct jval *v, const char *key, int *out);
int json_get_double(const struct jval *v, const char *key, double *out);
int json_get_bool(const struct jval *v, const char *key, int *out);

#endif
