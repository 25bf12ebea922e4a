/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building jansson values for meta.json and hist.jsonl with one error flag:
 * a NULL value (jansson out of memory, a string that is not UTF-8, a number
 * jansson cannot hold) or a NULL container fails the set or append, which
 * frees the value and sets *err to -1. The writer checks *err once, at the
 * end, before dumping.
 */
#ifndef UBENCH_RUNDIR_JSONPUT_H
#define UBENCH_RUNDIR_JSONPUT_H

#include <jansson.h>
#include <stdint.h>

void jput(json_t *o, const char *key, json_t *v, int *err);
void jappend(json_t *a, json_t *v, int *err);

/* jansson integers are signed: above INT64_MAX is NULL (an error), not a wrap. */
json_t *ju64(uint64_t v);

/* s as a string, or null when s is NULL. */
json_t *jstr_or_null(const char *s);

#endif
