// SPDX-License-Identifier: GPL-2.0
/* mpol.h: the mode table, release checks, node masks and skip reasons. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "host/mpol.h"

static void test_mode_table(void **state)
{
	(void)state;
	assert_int_equal(mpol_nmodes, 7);
	for (unsigned i = 0; i < mpol_nmodes; i++)
		assert_int_equal(mpol_modes[i].mode, (int)i);	/* uapi order */
	assert_ptr_equal(mpol_by_name("bind"), &mpol_modes[UMPOL_BIND]);
	assert_ptr_equal(mpol_by_name("MPOL_INTERLEAVE"),
			 &mpol_modes[UMPOL_INTERLEAVE]);
	assert_int_equal(mpol_by_name("weighted_interleave")->since_minor, 9);
	assert_int_equal(mpol_by_name("preferred_many")->since_major, 5);
	assert_null(mpol_by_name("bogus"));
	assert_null(mpol_by_name(""));
}

static void test_release(void **state)
{
	char why[160];
	int a, b;

	(void)state;
	assert_int_equal(mpol_parse_release("6.12.3-amd64", &a, &b), 0);
	assert_int_equal(a, 6);
	assert_int_equal(b, 12);
	assert_int_equal(mpol_parse_release("linux", &a, &b), -1);
	assert_int_equal(mpol_parse_release("6", &a, &b), -1);
	/* 6.1 lacks WEIGHTED_INTERLEAVE (6.9), has PREFERRED_MANY (5.15) */
	assert_int_equal(mpol_supported(mpol_by_name("weighted_interleave"),
					"6.1.0-27-amd64", -1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "6.1 predates MPOL_WEIGHTED_INTERLEAVE (6.9)"));
	assert_int_equal(mpol_supported(mpol_by_name("preferred_many"),
					"6.1.0-27-amd64", -1, why, sizeof(why)), 0);
	assert_int_equal(mpol_supported(mpol_by_name("preferred_many"),
					"5.14.0", -1, why, sizeof(why)), -1);
	assert_int_equal(mpol_supported(mpol_by_name("weighted_interleave"),
					"6.9.0", -1, why, sizeof(why)), 0);
	/* the probe on this machine: node 0 always exists */
	assert_int_equal(mpol_supported(mpol_by_name("bind"), "6.1.0", 0, why,
					sizeof(why)), 0);
}

static void test_nodemask(void **state)
{
	unsigned long m = 0;
	char buf[64], err[160];

	(void)state;
	assert_int_equal(nodemask_parse("--nodes", "0-2,4", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0x17ul);
	assert_int_equal(nodemask_format(buf, sizeof(buf), m), 5);
	assert_string_equal(buf, "0-2,4");
	assert_int_equal(nodemask_parse("--nodes", "", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0);
	assert_int_equal(nodemask_format(buf, sizeof(buf), 0), 0);
	assert_string_equal(buf, "");
	assert_int_equal(nodemask_parse("--nodes", "63", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 1ul << 63);
	assert_int_equal(nodemask_format(buf, sizeof(buf), 1ul << 63 | 1ul), 4);
	assert_string_equal(buf, "0,63");
	assert_int_equal(nodemask_first(0x14ul), 2);
	assert_int_equal(nodemask_first(0), -1);
	assert_int_equal(nodemask_weight(0x17ul), 4);
	/* bad input: each names the flag and says what is wrong */
	assert_int_equal(nodemask_parse("--nodes", "64", &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--nodes: '64' names a node above 63"));
	assert_int_equal(nodemask_parse("--nodes", "3-1", &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "reversed range 3-1"));
	const char *bad[] = { "a", "1,", ",1", "1-", "-1", "1 2", "1,,2", "0x1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = 99;
		assert_int_equal(nodemask_parse("--nodes", bad[i], &m, err,
						sizeof(err)), -1);
		assert_non_null(strstr(err, "is not a node list"));
		assert_int_equal(m, 99);	/* untouched on error */
	}
	assert_int_equal(nodemask_format(buf, 3, 0x17ul), -1);	/* too small */
}

static void test_skip_reason(void **state)
{
	char why[160];

	(void)state;
	assert_int_equal(mpol_skip_reason("mbind", EINVAL, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "mbind: rejected by this kernel"));
	assert_int_equal(mpol_skip_reason("move_pages", ENOSYS, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "not implemented"));
	assert_int_equal(mpol_skip_reason("x", EPERM, why, sizeof(why)), 1);
	assert_int_equal(mpol_skip_reason("x", ENOMEM, why, sizeof(why)), 0);
	assert_int_equal(mpol_skip_reason("x", EFAULT, why, sizeof(why)), 0);
}

/* The raw syscalls refuse bad input with the errno the suite maps. */
static void test_syscalls_bad_input(void **state)
{
	unsigned long m = 1;
	int status;
	void *page = (void *)0x1001;	/* unaligned */

	(void)state;
	assert_int_equal(sys_set_mempolicy(99, &m, 65), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sys_mbind(page, 4096, UMPOL_BIND, &m, 65, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sys_move_pages(0, 1, &page, NULL, &status, 0), 0);
	assert_true(status < 0);	/* not mapped: -EFAULT/-ENOENT */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_table),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_nodemask),
		cmocka_unit_test(test_skip_reason),
		cmocka_unit_test(test_syscalls_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
