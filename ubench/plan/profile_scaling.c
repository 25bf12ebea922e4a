// SPDX-License-Identifier: GPL-2.0
/* [scaling] keys of a run profile: see profile.h. */
#include "profile.h"

#include <stdio.h>
#include <string.h>

#include "util/args.h"

/* "1,2,4,all": counts of threads per node, "all" stored as 0. */
static int set_threads(struct profile *p, const char *val, char *err,
		       size_t errlen)
{
	char buf[256], *save, *tok;
	int n = 0;

	if (snprintf(buf, sizeof(buf), "%s", val) >= (int)sizeof(buf)) {
		snprintf(err, errlen, "threads: value too long");
		return -1;
	}
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		uint64_t v = 0;

		tok += strspn(tok, " ");
		tok[strcspn(tok, " ")] = '\0';
		if (n == PROFILE_MAX_LIST) {
			snprintf(err, errlen, "threads: more than %d values",
				 PROFILE_MAX_LIST);
			return -1;
		}
		if (strcmp(tok, "all") &&
		    parse_u64("threads", tok, 1, PROFILE_MAX_THREADS, &v, err,
			      errlen))
			return -1;
		p->scaling.threads[n++] = v;
	}
	if (!n) {
		snprintf(err, errlen, "threads: empty; name at least one count (or all)");
		return -1;
	}
	p->scaling.nthreads = n;
	return 0;
}

int profile_scaling_key(struct profile *p, const char *key, const char *val,
			char *err, size_t errlen)
{
	int n;

	if (!strcmp(key, "threads"))
		return set_threads(p, val, err, errlen);
	if (!strcmp(key, "kernel_cases")) {
		if (snprintf(p->scaling.kernel_cases,
			     sizeof(p->scaling.kernel_cases), "%s", val) >=
		    (int)sizeof(p->scaling.kernel_cases)) {
			snprintf(err, errlen, "kernel_cases: value too long");
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "kernel_orders")) {
		n = parse_u64_list(key, val, 0, 63, 0, p->scaling.orders,
				   PROFILE_MAX_LIST, err, errlen);
		if (n < 0)
			return -1;
		p->scaling.norders = n;
		return 0;
	}
	if (!strcmp(key, "kernel_sizes")) {
		n = parse_u64_list(key, val, 1, 1ull << 40, 1, p->scaling.sizes,
				   PROFILE_MAX_LIST, err, errlen);
		if (n < 0)
			return -1;
		p->scaling.nsizes = n;
		return 0;
	}
	if (!strcmp(key, "kernel_modes"))
		return profile_parse_kmodes(val, &p->scaling.kmodes, err, errlen);
	if (!strcmp(key, "mixed")) {
		if (strcmp(val, "on") && strcmp(val, "off")) {
			snprintf(err, errlen, "mixed: '%s' is not on or off", val);
			return -1;
		}
		p->scaling.mixed = !strcmp(val, "on");
		return 0;
	}
	snprintf(err, errlen, "unknown key '%s' in [scaling]", key);
	return -1;
}

int profile_wants_scaling_case(const struct profile *p, const char *only,
			       const char *name)
{
	return strcmp(p->scaling.kernel_cases, "none") &&
	       profile_match(p->scaling.kernel_cases, name) &&
	       (!only || profile_match(only, name));
}
