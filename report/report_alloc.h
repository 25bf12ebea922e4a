/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's kmalloc/kfree beside the userspace allocators' malloc/free
 * of one run, appended to a report section. 0, or -1 on ENOMEM.
 */
#ifndef REPORT_ALLOC_H
#define REPORT_ALLOC_H

#include "report_doc.h"
#include "rundir/runload.h"

int report_allocators(struct report_section *s, const struct run *r);

#endif
