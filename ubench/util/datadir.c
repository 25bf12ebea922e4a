// SPDX-License-Identifier: GPL-2.0
/* The data directory from the binary's location: see datadir.h. */
#include "datadir.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* bin -> data, relative (GNUInstallDirs; set by ubench/CMakeLists.txt). */
#ifndef NUMABENCH_REL_DATADIR
#define NUMABENCH_REL_DATADIR "../share/numabench"
#endif
#define BUILD_TREE_DATADIR "share/numabench"

static char datadir[PATH_MAX];
static char policies[PATH_MAX + 16];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int has_policies(const char *dir)
{
	char p[PATH_MAX + 16];

	snprintf(p, sizeof(p), "%s/policies", dir);
	return access(p, X_OK) == 0;
}

/*
 * dir/rel with rel's leading "../" taken off dir (dir is /proc/self/exe's
 * folder, already without links), so a message names a plain path even
 * where it does not exist.
 */
static void join(char *out, const char *dir, const char *rel)
{
	char base[PATH_MAX];
	char *slash;
	size_t n;

	snprintf(base, sizeof(base), "%s", dir);
	while (!strncmp(rel, "../", 3) && (slash = strrchr(base, '/'))) {
		slash[slash == base] = '\0';	/* keep the root's "/" */
		rel += 3;
	}
	n = strlen(base);
	snprintf(out, PATH_MAX, "%.*s%s%s", PATH_MAX / 2, base,
		 n && base[n - 1] == '/' ? "" : "/", rel);
}

static void find(void)
{
	const char *env = getenv(NB_DATADIR_ENV);
	char exe[PATH_MAX], build[PATH_MAX];
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(datadir, sizeof(datadir), "%s", env);
		goto out;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		slash[slash == exe] = '\0';
	else
		snprintf(exe, sizeof(exe), ".");
	join(datadir, exe, NUMABENCH_REL_DATADIR);
	if (has_policies(datadir))
		goto out;
	join(build, exe, BUILD_TREE_DATADIR);
	if (has_policies(build))
		snprintf(datadir, sizeof(datadir), "%s", build);
out:
	snprintf(policies, sizeof(policies), "%s/policies", datadir);
}

const char *nb_datadir(void)
{
	pthread_once(&once, find);
	return datadir;
}

const char *nb_policies_dir(void)
{
	pthread_once(&once, find);
	return policies;
}

/* The configured work directory (set by ubench/CMakeLists.txt). */
#ifndef NUMABENCH_BUILD_DIR
#define NUMABENCH_BUILD_DIR "/var/cache/numabench"
#endif

static char workdir[PATH_MAX];
static pthread_once_t work_once = PTHREAD_ONCE_INIT;

/* @dir exists and is writable, or can be made (its parent is writable). */
static int usable(const char *dir)
{
	if (!mkdir(dir, 0755) || errno == EEXIST)
		return access(dir, W_OK | X_OK) == 0;
	return 0;
}

static void find_work(void)
{
	const char *env = getenv(NB_WORKDIR_ENV);
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (env && *env)
		snprintf(workdir, sizeof(workdir), "%s", env);
	else if (usable(NUMABENCH_BUILD_DIR))
		snprintf(workdir, sizeof(workdir), "%s", NUMABENCH_BUILD_DIR);
	else if (xdg && *xdg)
		snprintf(workdir, sizeof(workdir), "%.*s/numabench",
			 PATH_MAX - 16, xdg);
	else
		snprintf(workdir, sizeof(workdir), "%.*s/.cache/numabench",
			 PATH_MAX - 32, home && *home ? home : "/tmp");
}

const char *nb_workdir(void)
{
	pthread_once(&work_once, find_work);
	return workdir;
}
