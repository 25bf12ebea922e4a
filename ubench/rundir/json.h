/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal JSON output helpers for meta.json and hist.jsonl. */
#ifndef UBENCH_JSON_H
#define UBENCH_JSON_H

#include <stdio.h>

/* s as a JSON string literal (quotes included); NULL as null. */
void json_str(FILE *f, const char *s);

/* "key": "value" with a leading separator when !first. */
void json_kv_str(FILE *f, int first, const char *key, const char *val);

#endif
