// SPDX-License-Identifier: GPL-2.0
/*
 * The THP check (user/thp.h): a recorded pagemap/kpageflags sample of
 * huge, 4 KiB and absent 2 MiB pages, made-up near misses, the row it
 * marks, and a live 4 KiB mapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "user/thp.h"

static void test_recorded(void **state)
{
	char path[1024], line[256];
	int n = 0, huge = 0;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/procs/pagemap-kpageflags.txt",
		 getenv("TEST_DATA"));
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a, b, c, d;
		struct thp_probe p;
		int want;

		if (line[0] == '#')
			continue;
		assert_int_equal(sscanf(line, "%llx %llx %llx %llx %d", &a, &b,
					&c, &d, &want), 5);
		p = (struct thp_probe){ a, b, c, d };
		assert_int_equal(thp_probe_huge(&p), want);
		n++;
		huge += want;
	}
	fclose(f);
	assert_int_equal(n, 4);
	assert_int_equal(huge, 2);
}

static void test_near_misses(void **state)
{
	const uint64_t present = 1ull << 63, head = 1ull << 15 | 1ull << 22;
	const uint64_t tail = 1ull << 16 | 1ull << 22;
	struct thp_probe ok = { present | 0x1000, present | 0x11ff, head, tail };
	struct thp_probe p;

	(void)state;
	assert_int_equal(thp_probe_huge(&ok), 1);
	p = ok;		/* a 64 KiB mTHP: its last page is not head + 511 */
	p.pm_last = present | 0x100f;
	assert_int_equal(thp_probe_huge(&p), 0);
	p = ok;		/* PFN not 2 MiB aligned */
	p.pm_head = present | 0x1001;
	p.pm_last = present | 0x1200;
	assert_int_equal(thp_probe_huge(&p), 0);
	p = ok;		/* a compound page that is not a THP (hugetlb, slab) */
	p.kpf_head = 1ull << 15;
	assert_int_equal(thp_probe_huge(&p), 0);
	p = ok;		/* last page not present */
	p.pm_last = 0;
	assert_int_equal(thp_probe_huge(&p), 0);
	p = ok;		/* PFNs hidden (no CAP_SYS_ADMIN) */
	p.pm_head = p.pm_last = present;
	assert_int_equal(thp_probe_huge(&p), 0);
}

static double metric_of(const struct urow *r, const char *name)
{
	for (unsigned i = 0; i < r->nmetrics; i++)
		if (!strcmp(r->metric[i].name, name))
			return r->metric[i].value;
	return -1;
}

static void test_row(void **state)
{
	struct thp_census c = { .huge = 5, .expected = 8 };
	struct urow *r = calloc(1, sizeof(*r));

	(void)state;
	assert_non_null(r);
	thp_census_row(&c, r);
	assert_string_equal(r->note, "THP fallback: 3 of 8 pages not huge");
	assert_true(metric_of(r, "thp_pages_huge") == 5);
	assert_true(metric_of(r, "thp_pages_expected") == 8);
	/* bytes moved: 5 huge pages and 3 of 4 KiB */
	assert_true(thp_census_bytes(&c) == 5ull * (2 << 20) + 3 * 4096);
	memset(r, 0, sizeof(*r));
	c.huge = 8;
	thp_census_row(&c, r);
	assert_string_equal(r->note, "");
	memset(r, 0, sizeof(*r));
	snprintf(c.why, sizeof(c.why), "pagemap hides PFNs (needs CAP_SYS_ADMIN)");
	thp_census_row(&c, r);
	assert_string_equal(r->note, "THP not verified: pagemap hides PFNs (needs CAP_SYS_ADMIN)");
	assert_int_equal(r->nmetrics, 0);
	free(r);
}

/* 4 KiB pages in a 2 MiB-aligned range: none huge (or the reason why not known). */
static void test_live(void **state)
{
	size_t h = 2 << 20, len = 2 * h;
	char *m = mmap(NULL, len + h, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = (char *)(((uintptr_t)m + h - 1) & ~(uintptr_t)(h - 1));
	struct thp_census c = { 0 };

	(void)state;
	assert_true(m != MAP_FAILED);
	madvise(p, len, MADV_NOHUGEPAGE);
	memset(p, 1, len);
	if (thp_census_add(&c, 0, p, 2)) {
		assert_true(c.why[0]);	/* not root: said, not guessed */
		assert_int_equal(geteuid() == 0, 0);
	} else {
		assert_int_equal(c.expected, 2);
		assert_int_equal(c.huge, 0);
	}
	munmap(m, len + h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_row),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
