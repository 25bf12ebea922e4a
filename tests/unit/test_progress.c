// SPDX-License-Identifier: GPL-2.0
/* The progress line's formats: durations and the ETA arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "exec/progress.h"

static const char *dur(double s)
{
	static char buf[32];

	duration_format(buf, sizeof(buf), s);
	return buf;
}

static void test_durations(void **state)
{
	(void)state;
	assert_string_equal(dur(0), "0s");
	assert_string_equal(dur(44.6), "45s");
	assert_string_equal(dur(59.4), "59s");
	assert_string_equal(dur(60), "1m00s");
	assert_string_equal(dur(185), "3m05s");
	assert_string_equal(dur(3599), "59m59s");
	assert_string_equal(dur(3600), "1h00m");
	assert_string_equal(dur(7620), "2h07m");
	assert_string_equal(dur(-1), "?");
	assert_string_equal(dur(1e12), "?");
}

static void test_line(void **state)
{
	char buf[256];

	(void)state;
	/* 120 of 904 cells in 65 s: 784 left at 0.54 s each = 425 s */
	progress_format(buf, sizeof(buf), "kernel", 120, 904, 65, "kmalloc rep=0: ok");
	assert_string_equal(buf, "kernel [120/904  13%] 1m05s, ETA 7m05s: kmalloc rep=0: ok");
	/* nothing done yet: no ETA */
	progress_format(buf, sizeof(buf), "user", 0, 10, 3, "x");
	assert_string_equal(buf, "user [0/10   0%] 3s, ETA ?: x");
	/* done: ETA 0 */
	progress_format(buf, sizeof(buf), "user", 10, 10, 30, "x");
	assert_string_equal(buf, "user [10/10 100%] 30s, ETA 0s: x");
	/* an empty suite does not divide by zero */
	progress_format(buf, sizeof(buf), "user", 0, 0, 0, "x");
	assert_string_equal(buf, "user [0/0 100%] 0s, ETA ?: x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
