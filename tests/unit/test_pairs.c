// SPDX-License-Identifier: GPL-2.0
/*
 * The move workloads' plan (user/pairs.h) on recorded topologies: every
 * node with memory is a source, CPU-less ones included, with the thread
 * on a CPU node; pairs without memory are skipped with the reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/profile.h"
#include "user/pairs.h"
#include "user/workloads.h"

struct fixture {
	struct topology t;
	struct profile p;
	struct uctx c;
	struct ucells cs;
};

static void setup(struct fixture *x, const char *topo)
{
	char path[1024], err[256];

	memset(x, 0, sizeof(*x));
	snprintf(path, sizeof(path), "%s/%s", getenv("TEST_DATA"), topo);
	assert_int_equal(topology_load_sysfs(&x->t, path, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/quick.ini", POLICIES_DIR);
	assert_int_equal(profile_load(&x->p, path, POLICIES_DIR, err, sizeof(err)), 0);
	urun_ctx_init(&x->c, &x->p, &x->t);
}

static void teardown(struct fixture *x)
{
	ucells_free(&x->cs);
	topology_free(&x->t);
}

static const struct ucell *find(const struct ucells *cs, int from, int to,
				int order)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->v[i].from_node == from && cs->v[i].mem_node == to &&
		    cs->v[i].order == order)
			return &cs->v[i];
	return NULL;
}

static void test_cxl4(void **state)
{
	struct fixture *x = malloc(sizeof(*x));
	const struct ucell *c;

	(void)state;
	assert_non_null(x);
	setup(x, "cxl4");
	assert_int_equal(uw_move_pages.plan(&x->c, &x->cs), 0);
	/* 12 ordered pairs x (4 KiB, THP) */
	assert_int_equal(x->cs.n, 24);
	for (size_t i = 0; i < x->cs.n; i++) {
		c = &x->cs.v[i];
		if (c->order == 9 && !x->c.thp)
			continue;	/* a host without THP: skipped THP cells */
		assert_string_equal(c->skip, "");
		assert_true(c->cpu >= 0);
	}
	c = find(&x->cs, 0, 2, CSV_NA);	/* push: from a CPU node */
	assert_int_equal(c->cpu_node, 0);
	c = find(&x->cs, 2, 1, CSV_NA);	/* pull: CPU-less source, its target */
	assert_int_equal(c->cpu_node, 1);
	c = find(&x->cs, 2, 3, 9);	/* neither: nearest CPU node to from */
	assert_int_equal(c->cpu_node, 0);
	c = find(&x->cs, 3, 2, CSV_NA);
	assert_int_equal(c->cpu_node, 1);
	assert_int_equal(c->cpu, 2);
	ucells_free(&x->cs);
	assert_int_equal(uw_migrate_pages.plan(&x->c, &x->cs), 0);
	assert_int_equal(x->cs.n, 12);
	c = find(&x->cs, 3, 0, CSV_NA);
	assert_int_equal(c->cpu_node, 0);
	assert_int_equal(c->batch, x->p.user.pages);
	teardown(x);
	free(x);
}

static void test_memless(void **state)
{
	struct fixture *x = malloc(sizeof(*x));
	const struct ucell *c;

	(void)state;
	assert_non_null(x);
	setup(x, "memless");
	assert_int_equal(uw_move_pages.plan(&x->c, &x->cs), 0);
	c = find(&x->cs, 1, 0, CSV_NA);
	assert_string_equal(c->skip, "from_node 1 has no memory");
	c = find(&x->cs, 0, 1, CSV_NA);
	assert_string_equal(c->skip, "mem_node 1 has no memory");
	teardown(x);
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cxl4),
		cmocka_unit_test(test_memless),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
