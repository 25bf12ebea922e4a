// SPDX-License-Identifier: GPL-2.0
/* The THP check: see thp.h. */
#include "thp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PM_PRESENT	(1ull << 63)
#define PM_PFN		((1ull << 55) - 1)
#define KPF_HEAD	(1ull << 15)	/* KPF_COMPOUND_HEAD */
#define KPF_TAIL	(1ull << 16)	/* KPF_COMPOUND_TAIL */
#define KPF_THP_BIT	(1ull << 22)	/* KPF_THP */
#define HPAGE_NR	512u

int thp_probe_huge(const struct thp_probe *p)
{
	uint64_t head = p->pm_head & PM_PFN, last = p->pm_last & PM_PFN;

	if (!(p->pm_head & PM_PRESENT) || !(p->pm_last & PM_PRESENT))
		return 0;
	if (!head || head % HPAGE_NR || last != head + HPAGE_NR - 1)
		return 0;	/* not one naturally aligned 2 MiB frame */
	return (p->kpf_head & (KPF_THP_BIT | KPF_HEAD)) == (KPF_THP_BIT | KPF_HEAD) &&
	       (p->kpf_last & (KPF_THP_BIT | KPF_TAIL)) == (KPF_THP_BIT | KPF_TAIL);
}

static int read_u64(int fd, uint64_t index, uint64_t *v)
{
	return pread(fd, v, sizeof(*v), (off_t)(index * sizeof(*v))) ==
	       (ssize_t)sizeof(*v) ? 0 : -1;
}

/* kpageflags of a present pagemap entry, else 0. */
static int flags_of(int kpf, uint64_t pm, uint64_t *flags)
{
	*flags = 0;
	return pm & PM_PRESENT ? read_u64(kpf, pm & PM_PFN, flags) : 0;
}

int thp_census_add(struct thp_census *c, int pid, const void *addr,
		   size_t npages)
{
	uintptr_t a = (uintptr_t)addr;
	char path[64];
	int pm, kpf = -1, ret = -1;

	if (c->why[0])
		return -1;	/* already unknown: stays unknown */
	snprintf(path, sizeof(path), "/proc/%s/pagemap", "self");
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	pm = open(path, O_RDONLY | O_CLOEXEC);
	if (pm >= 0)
		kpf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (pm < 0 || kpf < 0) {
		snprintf(c->why, sizeof(c->why), "cannot open %s: %s",
			 pm < 0 ? path : "/proc/kpageflags", strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < npages; i++) {
		uint64_t page = (a >> 12) + i * HPAGE_NR;
		struct thp_probe p;

		if (read_u64(pm, page, &p.pm_head) ||
		    read_u64(pm, page + HPAGE_NR - 1, &p.pm_last) ||
		    flags_of(kpf, p.pm_head, &p.kpf_head) ||
		    flags_of(kpf, p.pm_last, &p.kpf_last)) {
			snprintf(c->why, sizeof(c->why),
				 "reading pagemap/kpageflags: %s", strerror(errno));
			goto out;
		}
		if ((p.pm_head & PM_PRESENT) && !(p.pm_head & PM_PFN)) {
			snprintf(c->why, sizeof(c->why),
				 "pagemap hides PFNs (needs CAP_SYS_ADMIN)");
			goto out;
		}
		c->huge += (uint64_t)thp_probe_huge(&p);
	}
	c->expected += npages;
	ret = 0;
out:
	if (pm >= 0)
		close(pm);
	if (kpf >= 0)
		close(kpf);
	return ret;
}

uint64_t thp_census_bytes(const struct thp_census *c)
{
	return c->huge * (2ull << 20) + (c->expected - c->huge) * 4096;
}

void thp_census_row(const struct thp_census *c, struct urow *r)
{
	if (c->why[0]) {
		urow_note(r, "THP not verified: %s", c->why);
		return;
	}
	urow_metric(r, "thp_pages_huge", (double)c->huge);
	urow_metric(r, "thp_pages_expected", (double)c->expected);
	if (c->huge < c->expected)
		urow_note(r, "THP fallback: %llu of %llu pages not huge",
			  (unsigned long long)(c->expected - c->huge),
			  (unsigned long long)c->expected);
}
