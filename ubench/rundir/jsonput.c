// SPDX-License-Identifier: GPL-2.0
/* jansson building with one error flag: see jsonput.h. */
#include "jsonput.h"

void jput(json_t *o, const char *key, json_t *v, int *err)
{
	if (json_object_set_new(o, key, v))
		*err = -1;
}

void jappend(json_t *a, json_t *v, int *err)
{
	if (json_array_append_new(a, v))
		*err = -1;
}

json_t *ju64(uint64_t v)
{
	return v <= INT64_MAX ? json_integer((json_int_t)v) : NULL;
}

json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}
