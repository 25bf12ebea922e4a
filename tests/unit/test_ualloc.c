// SPDX-License-Identifier: GPL-2.0
/* ualloc.h: the allocator registry, and skip reasons for missing libraries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <gnu/libc-version.h>

#include "user/ualloc.h"

static void test_registry(void **state)
{
	static const char *const names[] = {
		"glibc", "jemalloc", "jemalloc-numa", "tcmalloc", "mimalloc"
	};

	(void)state;
	assert_int_equal(ualloc_count, 5);
	for (unsigned i = 0; i < 5; i++) {
		const struct ualloc *a = ualloc_by_name(names[i]);

		assert_non_null(a);
		assert_ptr_equal(a, &ualloc_table[i]);
		assert_string_equal(a->name, names[i]);
		assert_non_null(a->package);
		assert_non_null(a->open);
		assert_non_null(a->thread_setup);
		assert_non_null(a->prepare);
		assert_non_null(a->alloc);
		assert_non_null(a->release);
	}
	assert_null(ualloc_table[0].library);	/* glibc: no dlopen */
	assert_string_equal(ualloc_by_name("jemalloc-numa")->library,
			    "libjemalloc.so.2");
	assert_null(ualloc_by_name("hoard"));
	assert_null(ualloc_by_name(""));
}

static void test_glibc(void **state)
{
	const struct ualloc *a = ualloc_by_name("glibc");
	char why[160] = "";
	void *p;

	(void)state;
	assert_int_equal(a->open(a, why, sizeof(why)), 0);
	assert_int_equal(a->thread_setup(0, why, sizeof(why)), 0);
	p = a->alloc(64);
	assert_non_null(p);
	memset(p, 1, 64);
	a->release(p, 64);
}

/* meta.json's allocators: every one, glibc's version from glibc itself. */
static void test_meta(void **state)
{
	const struct meta_alloc *m;
	unsigned n = 0;

	(void)state;
	m = ualloc_meta(&n);
	assert_int_equal(n, ualloc_count);
	for (unsigned i = 0; i < n; i++) {
		assert_string_equal(m[i].name, ualloc_table[i].name);
		assert_string_equal(m[i].package, ualloc_table[i].package);
		assert_string_equal(m[i].free_api, "free");
	}
	assert_non_null(m[0].version);
	assert_string_equal(m[0].version, gnu_get_libc_version());
	assert_non_null(m[0].library);
	assert_non_null(strstr(m[0].library, "libc"));
}

static void test_missing_library(void **state)
{
	static const char *const names[] = { "nothing" };
	void *sym = NULL;
	char why[256] = "";

	(void)state;
	assert_int_equal(ualloc_dlopen("libnumabench-nope.so.9", "libnope9",
				       names, &sym, 1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "libnumabench-nope.so.9: cannot load"));
	assert_non_null(strstr(why, "install libnope9"));
	/* cached: the same answer the second time */
	why[0] = '\0';
	assert_int_equal(ualloc_dlopen("libnumabench-nope.so.9", "libnope9",
				       names, &sym, 1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "install libnope9"));
	/* a library that loads but lacks the symbol */
	assert_int_equal(ualloc_dlopen("libm.so.6", "libc6", names, &sym, 1,
				       why, sizeof(why)), -1);
	assert_non_null(strstr(why, "libm.so.6: no symbol nothing"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_glibc),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_missing_library),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
