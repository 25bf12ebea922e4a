// SPDX-License-Identifier: GPL-2.0
/* The registry of workloads.h as an array, and the user plan from it. */
#include "workloads.h"

#include "plan/profile.h"

#define UWORKLOAD_PTR(id) &uw_##id,
static const struct uworkload *const workloads[] = {
	UWORKLOAD_LIST(UWORKLOAD_PTR)
};

int urun_plan(const struct uctx *c, const char *only, struct ucells *out)
{
	for (size_t i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++) {
		if (!profile_wants_workload(c->p, only, workloads[i]->name))
			continue;
		if (workloads[i]->plan(c, out))
			return -1;
	}
	return 0;
}
