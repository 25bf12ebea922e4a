/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocator cells in a fresh process. An allocator caches memory: in one
 * process that ran every cell, a cell bound to node 1 was handed what a
 * cell bound to node 0 had freed (issue 19). So the cells of one
 * workload, allocator, node pair and repetition run in a child numabench
 * (the same command line, re-executed) whose memory policy was set to
 * MPOL_BIND on the cell's mem_node before it started, as numactl
 * --membind does: no allocator state in it ever saw another policy. The
 * child runs the cells as the parent would (the same plan, the parent's
 * timer calibration) and sends their rows back through a pipe; the parent
 * emits them. A child that dies fails the rows of the cell it was in, with
 * the reason, and the next cell starts a new child.
 *
 * NUMABENCH_ONE_PROCESS=1 in the environment runs every cell in
 * numabench's own process, one after another, as before: only to show
 * what that does to placement (tests/vm/run_vm_test.sh).
 *
 * Owner: ubench/user/ufresh.c.
 */
#ifndef UBENCH_UFRESH_H
#define UBENCH_UFRESH_H

#include "urun.h"

/* Whether cell runs in a fresh process: an allocator cell that runs. */
int ufresh_wanted(const struct ucell *cell);

/*
 * Parent: urun_cell for a cell ufresh_wanted: its rows from the fresh
 * process of its group (started when the cell is not the next of the
 * running one; rows the child could not give are failed rows with the
 * reason), then written. 0, or -1 when the run directory cannot be
 * written.
 */
int ufresh_cell(struct uctx *c, const struct ucell *cell);

/* Parent: end the running fresh process, if any (after the last cell). */
void ufresh_end(struct uctx *c);

/*
 * Child: whether this process is a fresh process (the environment says),
 * and then the parent's timer calibration into utimer. Call before
 * utimer_init, which it makes a no-op.
 */
int ufresh_is_child(void);

/*
 * Child: the allocator of the group the parent asked for, into buf (its
 * name, as the plan's cells name it); NULL when the environment does not
 * say (then the plan loads every allocator and the key check decides).
 */
const char *ufresh_child_alloc(char *buf, size_t len);

/*
 * Child: run the cells of the group the parent asked for from c's plan and
 * send their rows. Returns the process's exit code: 0, or 2 when the plan
 * is not the parent's, 3 when its thread is no longer bound to the cell's
 * node alone, 1 when the pipe cannot be written.
 */
int ufresh_child_run(struct uctx *c);

#endif
