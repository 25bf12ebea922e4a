// SPDX-License-Identifier: GPL-2.0
/* Run profiles: see profile.h. */
#include "profile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <fnmatch.h>
#include <ini.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/args.h"
#include "kbench.h"
#include "host/mpol.h"
#include "kmode.h"

struct load_ctx {
	struct profile *p;
	char *err;
	size_t errlen;
};

static int set_list(const char *key, const char *val, uint64_t min,
		    uint64_t max, int is_size, uint64_t *out, int *n,
		    struct load_ctx *c)
{
	int ret = parse_u64_list(key, val, min, max, is_size, out,
				 PROFILE_MAX_LIST, c->err, c->errlen);

	if (ret < 0)
		return -1;
	*n = ret;
	return 0;
}

static int set_uint(const char *key, const char *val, uint64_t min,
		    uint64_t max, unsigned *out, struct load_ctx *c)
{
	uint64_t v;

	if (parse_u64(key, val, min, max, &v, c->err, c->errlen))
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* A mode's bit number by name, or -1. */
typedef int (*mode_parser)(const char *name);

static int mpol_parse(const char *name)
{
	const struct mpol_mode *m = mpol_by_name(name);

	return m ? (int)m->mode : -1;
}

/*
 * "bind,interleave" -> bit per mode, each name checked by parse; what
 * names the kind of mode in the error, expected lists the valid ones.
 */
static int set_modes(const char *val, mode_parser parse, const char *what,
		     const char *expected, unsigned *out, struct load_ctx *c)
{
	char buf[256], *save, *tok;
	unsigned m = 0;

	snprintf(buf, sizeof(buf), "%s", val);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int mode;

		tok += strspn(tok, " ");
		tok[strcspn(tok, " ")] = '\0';
		mode = parse(tok);
		if (mode < 0) {
			snprintf(c->err, c->errlen, "modes: '%s' is not a %s; expected %s",
				 tok, what, expected);
			return -1;
		}
		m |= 1u << mode;
	}
	if (!m) {
		snprintf(c->err, c->errlen, "modes: empty; name at least one mode");
		return -1;
	}
	*out = m;
	return 0;
}

/* [kernel] modes or tcg_skip_modes into *out, checked against the uapi's. */
static int set_kmodes(const char *val, struct load_ctx *c, unsigned *out)
{
	char all[128];

	kbench_mode_choices(all, sizeof(all));
	return set_modes(val, kbench_mode_parse, "kernel mode", all, out, c);
}

/* [user]: 0, -1 with the message in c->err, 1 for an unknown key. */
static int user_key(struct profile *p, const char *key, const char *val,
		    struct load_ctx *c)
{
	if (!strcmp(key, "workloads"))
		return snprintf(p->user.workloads, sizeof(p->user.workloads),
				"%s", val) >= (int)sizeof(p->user.workloads) ?
		       -1 : 0;
	if (!strcmp(key, "pages"))
		return set_uint(key, val, 1, 65536, &p->user.pages, c);
	if (!strcmp(key, "thp")) {
		if (strcmp(val, "on") && strcmp(val, "off")) {
			snprintf(c->err, c->errlen, "thp: '%s' is not on or off", val);
			return -1;
		}
		p->user.thp = !strcmp(val, "on");
		return 0;
	}
	if (!strcmp(key, "thp_pages"))
		return set_uint(key, val, 1, 512, &p->user.thp_pages, c);
	if (!strcmp(key, "rounds"))
		return set_uint(key, val, 1, 100000, &p->user.rounds, c);
	if (!strcmp(key, "shootdown_nodes"))
		return set_uint(key, val, 1, 64, &p->user.shootdown_nodes, c);
	if (!strcmp(key, "modes"))
		return set_modes(val, mpol_parse, "memory policy mode",
				 "default, preferred, bind, interleave, local, preferred_many or weighted_interleave",
				 &p->user.modes, c);
	if (!strcmp(key, "nodes")) {
		if (nodemask_parse("nodes", val, &p->user.nodes, c->err, c->errlen))
			return -1;
		if (!p->user.nodes) {
			snprintf(c->err, c->errlen, "nodes: empty; name at least one node");
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "move_batches"))
		return set_list(key, val, 1, 4096, 0, p->user.move_batches,
				&p->user.nmove_batches, c);
	return 1;
}

static int on_user_key(struct profile *p, const char *key, const char *val,
		       struct load_ctx *c)
{
	int ret = user_key(p, key, val, c);

	if (ret == 1)
		snprintf(c->err, c->errlen, "unknown key '%s' in [user]", key);
	return ret ? -1 : 0;
}

/* inih handler: 1 to go on, 0 to stop with an error in c->err. */
static int on_key(void *user, const char *section, const char *key,
		  const char *val)
{
	struct load_ctx *c = user;
	struct profile *p = c->p;
	int ret;

	if (!strcmp(section, "run") && !strcmp(key, "reps"))
		ret = set_uint(key, val, 1, PROFILE_MAX_REPS, &p->reps, c);
	else if (!strcmp(section, "run") && !strcmp(key, "iterations"))
		ret = set_uint(key, val, 1, KBENCH_MAX_ITERATIONS,
			       &p->iterations, c);
	else if (!strcmp(section, "run") && !strcmp(key, "precision"))
		ret = parse_double(key, val, 0, 100, &p->precision_pct, c->err,
				   c->errlen);
	else if (!strcmp(section, "run") && !strcmp(key, "cell_budget"))
		ret = parse_double(key, val, 0, 86400, &p->cell_budget_s, c->err,
				   c->errlen);
	else if (!strcmp(section, "run") && !strcmp(key, "min_samples"))
		ret = set_uint(key, val, 2, KBENCH_MAX_ITERATIONS,
			       &p->min_samples, c);
	else if (!strcmp(section, "run") && !strcmp(key, "warmup"))
		ret = set_uint(key, val, 0, KBENCH_MAX_WARMUP, &p->warmup, c);
	else if (!strcmp(section, "run") && !strcmp(key, "batches"))
		ret = set_list(key, val, 1, KBENCH_MAX_BATCH, 0, p->batches,
			       &p->nbatches, c);
	else if (!strcmp(section, "kernel") && !strcmp(key, "cases"))
		ret = snprintf(p->cases, sizeof(p->cases), "%s", val) >=
		      (int)sizeof(p->cases) ? -1 : 0;
	else if (!strcmp(section, "kernel") && !strcmp(key, "orders")) {
		p->all_orders = !strcmp(val, "all");
		ret = p->all_orders ? 0 : set_list(key, val, 0, 63, 0,
						   p->orders, &p->norders, c);
	} else if (!strcmp(section, "kernel") && !strcmp(key, "sizes"))
		ret = set_list(key, val, 1, 1ull << 40, 1, p->sizes,
			       &p->nsizes, c);
	else if (!strcmp(section, "kernel") && !strcmp(key, "modes"))
		ret = set_kmodes(val, c, &p->kmodes);
	else if (!strcmp(section, "kernel") && !strcmp(key, "tcg_skip_modes"))
		ret = strcmp(val, "none") ?
		      set_kmodes(val, c, &p->tcg_skip_kmodes) :
		      (int)(p->tcg_skip_kmodes = 0);
	else if (!strcmp(section, "user"))
		ret = on_user_key(p, key, val, c);
	else if (!strcmp(section, "scaling"))
		ret = profile_scaling_key(p, key, val, c->err, c->errlen);
	else {
		snprintf(c->err, c->errlen, "unknown key '%s' in [%s]", key,
			 section);
		return 0;
	}
	if (ret && !c->err[0])
		snprintf(c->err, c->errlen, "%s: value too long", key);
	return ret ? 0 : 1;
}

/*
 * What no profile can leave out: policies/default.ini is the one source of
 * every default (profile_load reads it under every profile), so the only
 * values compiled in are those of the keys it leaves out on purpose:
 * [user] modes and nodes, absent meaning all.
 */
static void set_defaults(struct profile *p)
{
	memset(p, 0, sizeof(*p));
	p->user.modes = ~0u;
	p->user.nodes = ~0ul;
}

/* default.ini must set every key a run needs: the first one it lacks. */
static const char *base_missing(const struct profile *p)
{
	if (!p->reps) return "[run] reps";
	if (!p->iterations) return "[run] iterations";
	if (!p->min_samples) return "[run] min_samples";
	if (!p->nbatches) return "[run] batches";
	if (!p->cases[0]) return "[kernel] cases";
	if (!p->all_orders && !p->norders) return "[kernel] orders";
	if (!p->nsizes) return "[kernel] sizes";
	if (!p->kmodes) return "[kernel] modes";
	if (!p->user.workloads[0]) return "[user] workloads";
	if (!p->user.pages) return "[user] pages";
	if (!p->user.thp_pages) return "[user] thp_pages";
	if (!p->user.rounds) return "[user] rounds";
	if (!p->user.shootdown_nodes) return "[user] shootdown_nodes";
	if (!p->user.nmove_batches) return "[user] move_batches";
	if (!p->scaling.nthreads) return "[scaling] threads";
	if (!p->scaling.kernel_cases[0]) return "[scaling] kernel_cases";
	if (!p->scaling.norders) return "[scaling] kernel_orders";
	if (!p->scaling.nsizes) return "[scaling] kernel_sizes";
	if (!p->scaling.kmodes) return "[scaling] kernel_modes";
	return NULL;
}

/* A profile file that is no directory and can be read: 0, or -1 + err. */
static int check_readable(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--profile: '%s' is a directory, not a profile (an .ini file or a profile name)",
			 path);
		return -1;
	}
	if (access(path, R_OK)) {
		snprintf(err, errlen, "--profile: cannot read '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* One .ini over what p holds: 0, or -1 with the file (and line) in err. */
static int load_ini(struct profile *p, const char *path, char *err,
		    size_t errlen)
{
	struct load_ctx c = { p, err, errlen };
	char msg[256] = "";
	int line;

	if (check_readable(path, err, errlen))
		return -1;
	c.err = msg;
	c.errlen = sizeof(msg);
	line = ini_parse(path, on_key, &c);
	if (line < 0) {
		snprintf(err, errlen, "--profile: cannot read '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	if (line > 0) {
		snprintf(err, errlen, "%s:%d: %s", path, line,
			 msg[0] ? msg : "syntax error");
		return -1;
	}
	return 0;
}

int profile_load(struct profile *p, const char *name_or_path,
		 const char *policies_dir, char *err, size_t errlen)
{
	char base[600], real_base[PATH_MAX], real_path[PATH_MAX];
	const char *stem, *missing;

	set_defaults(p);
	if (strchr(name_or_path, '/') || strstr(name_or_path, ".ini"))
		snprintf(p->path, sizeof(p->path), "%s", name_or_path);
	else
		snprintf(p->path, sizeof(p->path), "%s/%s.ini", policies_dir,
			 name_or_path);
	stem = strrchr(p->path, '/');
	snprintf(p->name, sizeof(p->name), "%.63s", stem ? stem + 1 : p->path);
	p->name[strcspn(p->name, ".")] = '\0';

	/* the profile asked for is named first when it cannot be read */
	if (check_readable(p->path, err, errlen))
		return -1;
	/* every profile inherits the keys it lacks from default.ini */
	snprintf(base, sizeof(base), "%s/%s.ini", policies_dir,
		 PROFILE_DIR_DEFAULT);
	if (load_ini(p, base, err, errlen))
		return -1;
	missing = base_missing(p);
	if (missing) {
		snprintf(err, errlen, "%s: lacks %s, which every profile inherits from it",
			 base, missing);
		return -1;
	}
	if (realpath(base, real_base) && realpath(p->path, real_path) &&
	    !strcmp(real_base, real_path))
		return 0;
	return load_ini(p, p->path, err, errlen);
}

int profile_set_kmodes(struct profile *p, const char *list, char *err,
		       size_t errlen)
{
	struct load_ctx c = { p, err, errlen };

	return set_kmodes(list, &c, &p->kmodes);
}

int profile_parse_kmodes(const char *list, unsigned *out, char *err,
			 size_t errlen)
{
	struct load_ctx c = { NULL, err, errlen };

	return set_kmodes(list, &c, out);
}

int profile_match(const char *patterns, const char *name)
{
	char buf[256], *save, *tok;
	int in = 0;

	snprintf(buf, sizeof(buf), "%s", patterns);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		tok += strspn(tok, " ");
		tok[strcspn(tok, " ")] = '\0';
		if (tok[0] == '!' && !fnmatch(tok + 1, name, 0))
			return 0;	/* an exclusion wins wherever it stands */
		if (tok[0] != '!' && !fnmatch(tok, name, 0))
			in = 1;
	}
	return in;
}

int profile_wants_case(const struct profile *p, const char *only,
		       const char *name)
{
	return profile_match(p->cases, name) && (!only || profile_match(only, name));
}

int profile_wants_workload(const struct profile *p, const char *only,
			   const char *name)
{
	return profile_match(p->user.workloads, name) &&
	       (!only || profile_match(only, name));
}
