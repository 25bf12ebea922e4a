// SPDX-License-Identifier: GPL-2.0
/* A small JSON reader: see jsonread.h. Recursive descent, depth-limited. */
#include "jsonread.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

struct parser {
	const char *s, *p;
	char *err;
	size_t errlen;
	int failed;
};

static int fail(struct parser *ps, const char *what)
{
	if (!ps->failed)
		snprintf(ps->err, ps->errlen, "offset %td: %s", ps->p - ps->s,
			 what);
	ps->failed = 1;
	return -1;
}

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	       *ps->p == '\r')
		ps->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* UTF-8 of a code point below 0x10000 (surrogates kept as they come). */
static char *put_utf8(char *w, unsigned cp)
{
	if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xc0 | (cp >> 6));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*w++ = (char)(0xe0 | (cp >> 12));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	}
	return w;
}

/* A string at ps->p (on the opening quote), decoded into a new buffer. */
static char *parse_string(struct parser *ps)
{
	const char *start = ++ps->p;
	char *buf, *w;
	size_t len = 0;

	while (ps->p[len] && ps->p[len] != '"')
		len += ps->p[len] == '\\' && ps->p[len + 1] ? 2 : 1;
	if (ps->p[len] != '"') {
		fail(ps, "unterminated string");
		return NULL;
	}
	buf = malloc(len + 1);
	if (!buf) {
		fail(ps, "out of memory");
		return NULL;
	}
	for (w = buf; ps->p < start + len; ps->p++) {
		unsigned cp;

		if ((unsigned char)*ps->p < 0x20) {
			free(buf);
			fail(ps, "control character in string");
			return NULL;
		}
		if (*ps->p != '\\') {
			*w++ = *ps->p;
			continue;
		}
		switch (*++ps->p) {
		case '"': case '\\': case '/': *w++ = *ps->p; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u':
			if (ps->p + 4 >= start + len ||
			    hex4(ps->p + 1, &cp)) {
				free(buf);
				fail(ps, "bad \\u escape");
				return NULL;
			}
			w = put_utf8(w, cp);
			ps->p += 4;
			break;
		default:
			free(buf);
			fail(ps, "bad escape in string");
			return NULL;
		}
	}
	*w = '\0';
	ps->p++;	/* the closing quote */
	return buf;
}

static int parse_value(struct parser *ps, struct jval *v, int depth);

static int grow(struct jval *v, size_t *cap, int with_keys)
{
	size_t ncap;
	struct jval *items;

	if (v->n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	items = realloc(v->items, ncap * sizeof(*items));
	if (!items)
		return -1;
	v->items = items;
	if (with_keys) {
		char **keys = realloc(v->keys, ncap * sizeof(*keys));

		if (!keys)
			return -1;
		v->keys = keys;
	}
	*cap = ncap;
	return 0;
}

/* An array or object at ps->p (on '[' or '{'). */
static int parse_container(struct parser *ps, struct jval *v, int depth)
{
	int is_obj = *ps->p == '{';
	char close = is_obj ? '}' : ']';
	size_t cap = 0;

	v->type = is_obj ? J_OBJ : J_ARR;
	ps->p++;
	skip_ws(ps);
	if (*ps->p == close) {
		ps->p++;
		return 0;
	}
	for (;;) {
		char *key = NULL;

		skip_ws(ps);
		if (is_obj) {
			if (*ps->p != '"')
				return fail(ps, "expected a key string");
			key = parse_string(ps);
			if (!key)
				return -1;
			skip_ws(ps);
			if (*ps->p != ':') {
				free(key);
				return fail(ps, "expected ':'");
			}
			ps->p++;
		}
		if (grow(v, &cap, is_obj)) {
			free(key);
			return fail(ps, "out of memory");
		}
		memset(&v->items[v->n], 0, sizeof(v->items[0]));
		if (is_obj)
			v->keys[v->n] = key;
		v->n++;
		if (parse_value(ps, &v->items[v->n - 1], depth + 1))
			return -1;
		skip_ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == close) {
			ps->p++;
			return 0;
		}
		return fail(ps, is_obj ? "expected ',' or '}'" :
					 "expected ',' or ']'");
	}
}

static int parse_number(struct parser *ps, struct jval *v)
{
	const char *start = ps->p;
	char *end;

	errno = 0;
	(void)strtod(start, &end);
	if (end == start || errno == EINVAL)
		return fail(ps, "bad value");
	v->type = J_NUM;
	v->text = strndup(start, (size_t)(end - start));
	if (!v->text)
		return fail(ps, "out of memory");
	ps->p = end;
	return 0;
}

static int parse_value(struct parser *ps, struct jval *v, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return fail(ps, "nested too deeply");
	skip_ws(ps);
	switch (*ps->p) {
	case '{':
	case '[':
		return parse_container(ps, v, depth);
	case '"':
		v->type = J_STR;
		v->text = parse_string(ps);
		return v->text ? 0 : -1;
	case 't':
	case 'f':
	case 'n':
		if (!strncmp(ps->p, "true", 4)) {
			*v = (struct jval){ .type = J_BOOL, .boolean = 1 };
			ps->p += 4;
		} else if (!strncmp(ps->p, "false", 5)) {
			*v = (struct jval){ .type = J_BOOL };
			ps->p += 5;
		} else if (!strncmp(ps->p, "null", 4)) {
			*v = (struct jval){ .type = J_NULL };
			ps->p += 4;
		} else {
			return fail(ps, "bad value");
		}
		return 0;
	case '\0':
		return fail(ps, "unexpected end (truncated?)");
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps, v);
		return fail(ps, "bad value");
	}
}

int json_parse(const char *text, struct jval *out, char *err, size_t errlen)
{
	struct parser ps = { text, text, err, errlen, 0 };

	memset(out, 0, sizeof(*out));
	if (parse_value(&ps, out, 0) == 0) {
		skip_ws(&ps);
		if (!*ps.p)
			return 0;
		fail(&ps, "trailing characters");
	}
	json_free(out);
	return -1;
}

void json_free(struct jval *v)
{
	for (size_t i = 0; i < v->n; i++) {
		json_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->text);
	memset(v, 0, sizeof(*v));
}

const struct jval *json_get(const struct jval *v, const char *key)
{
	if (!v || v->type != J_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return &v->items[i];
	return NULL;
}

int json_get_str(const struct jval *v, const char *key, char *out, size_t len)
{
	const struct jval *m = json_get(v, key);

	if (!m || m->type != J_STR)
		return -1;
	snprintf(out, len, "%s", m->text);
	return 0;
}

int json_get_u64(const struct jval *v, const char *key, uint64_t *out)
{
	const struct jval *m = json_get(v, key);
	unsigned long long x;
	char *end;

	if (!m || m->type != J_NUM || m->text[0] == '-')
		return -1;
	errno = 0;
	x = strtoull(m->text, &end, 10);
	if (errno || *end)
		return -1;
	*out = x;
	return 0;
}

int json_get_int(const struct jval *v, const char *key, int *out)
{
	const struct jval *m = json_get(v, key);
	long x;
	char *end;

	if (!m || m->type != J_NUM)
		return -1;
	errno = 0;
	x = strtol(m->text, &end, 10);
	if (errno || *end || x < INT_MIN || x > INT_MAX)
		return -1;
	*out = (int)x;
	return 0;
}

int json_get_double(const struct jval *v, const char *key, double *out)
{
	const struct jval *m = json_get(v, key);

	if (!m || m->type != J_NUM)
		return -1;
	*out = strtod(m->text, NULL);
	return 0;
}

int json_get_bool(const struct jval *v, const char *key, int *out)
{
	const struct jval *m = json_get(v, key);

	if (!m || m->type != J_BOOL)
		return -1;
	*out = m->boolean;
	return 0;
}
