/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Node x node matrices and per-size / per-order curves of one run's paths,
 * appended to a report section. Each returns 0, or -1 on ENOMEM.
 */
#ifndef REPORT_MATRIX_H
#define REPORT_MATRIX_H

#include <stddef.h>

#include "report_cells.h"
#include "report_doc.h"

int report_matrices(struct report_section *s, const struct run *r,
		    const struct path *paths, size_t npaths);
int report_curves(struct report_section *s, const struct run *r,
		  const struct path *paths, size_t npaths);

#endif
