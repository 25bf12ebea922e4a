/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where numabench's data lives (policies/, scripts/, kbench/): found at
 * run time from the binary's own location, so an installed or relocated
 * tree works and no source path is compiled in.
 */
#ifndef UBENCH_UTIL_DATADIR_H
#define UBENCH_UTIL_DATADIR_H

/* Overrides the search (tests, a relocated data tree). */
#define NB_DATADIR_ENV "NUMABENCH_DATADIR"

/*
 * The first of: $NUMABENCH_DATADIR; <exe dir>/NUMABENCH_REL_DATADIR (an
 * install: <prefix>/bin -> <prefix>/share/numabench); <exe dir>/share/numabench
 * (the build tree, whose share/numabench links to the sources' data). A
 * candidate counts when it has a policies/ folder; when none has, the
 * install path, so a message names where the data was expected. Computed
 * once; never NULL.
 */
const char *nb_datadir(void);

/* nb_datadir()/policies: the profiles named by --profile NAME. */
const char *nb_policies_dir(void);

/* Overrides where built modules, initramfs images and guest jobs go. */
#define NB_WORKDIR_ENV "NUMABENCH_WORK_DIR"

/*
 * Where numabench builds modules and initramfs images and keeps guest jobs:
 * $NUMABENCH_WORK_DIR; else the configured one (the build tree, or
 * /var/cache/numabench for a package) when it is writable or can be made;
 * else $XDG_CACHE_HOME/numabench (~/.cache/numabench), so a user who is not
 * root can boot guests from an installed numabench. Computed once.
 */
const char *nb_workdir(void);

#endif
