// SPDX-License-Identifier: GPL-2.0
/*
 * The threaded workloads' pure parts (user/uthreads.h): Jain's index, the
 * window and ops/s arithmetic, [scaling] threads resolved against a
 * node's CPUs ("all", repeats, too many), a team's rounds; and the plans
 * of malloc_threads, page_fault and remote_free's pair sweep on the
 * recorded vm3 topology (nodes 0 and 1 with two CPUs, node 2 CPU-less).
 * No timing is judged.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/profile.h"
#include "user/uthreads.h"
#include "user/workloads.h"

/*
 * The plans open every allocator (dlopen): tcmalloc registers an
 * extension it never frees, which is the library's, not ours.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:MallocExtension::Register\n";
}

static void test_jain(void **state)
{
	uint64_t same[4] = { 5, 5, 5, 5 }, one[4] = { 0, 0, 12, 0 };
	uint64_t two[2] = { 1, 3 }, zero[3] = { 0 };
	double rates[3] = { 2.0, 2.0, 2.0 };

	(void)state;
	assert_float_equal(uthreads_jain(same, 4), 1.0, 1e-12);
	assert_float_equal(uthreads_jain(one, 4), 0.25, 1e-12);	/* 1/n */
	/* (1 + 3)^2 / (2 * (1 + 9)) = 16 / 20 */
	assert_float_equal(uthreads_jain(two, 2), 0.8, 1e-12);
	assert_float_equal(uthreads_jain(same, 1), 1.0, 1e-12);
	/* nothing done, or no thread: 0 (the column stays empty) */
	assert_float_equal(uthreads_jain(zero, 3), 0.0, 0);
	assert_float_equal(uthreads_jain(same, 0), 0.0, 0);
	assert_float_equal(uthreads_jain_f(rates, 3), 1.0, 1e-12);
	rates[1] = 0;
	assert_float_equal(uthreads_jain_f(rates, 3), 16.0 / 24.0, 1e-12);
}

static void test_window(void **state)
{
	uint64_t start[3] = { 100, 90, 120 }, stop[3] = { 300, 250, 400 };

	(void)state;
	/* earliest start to latest stop */
	assert_int_equal(uthreads_window_ns(start, stop, 3), 310);
	assert_int_equal(uthreads_window_ns(start, stop, 1), 200);
	assert_int_equal(uthreads_window_ns(start, stop, 0), 0);
	stop[0] = 50;	/* no stop after the start: empty */
	assert_int_equal(uthreads_window_ns(start, stop, 1), 0);
	/* 3 M ops over 1.5 s; an empty window has no rate */
	assert_float_equal(uthreads_ops_per_s(3000000, 1500000000ull), 2e6, 1e-6);
	assert_float_equal(uthreads_ops_per_s(10, 0), 0.0, 0);
	assert_float_equal(uthreads_ops_per_s(1, 1), 1e9, 1e-3);
}

static void test_counts(void **state)
{
	struct uthreads_count c[8];
	uint64_t all[3] = { 1, 2, 0 }, many[3] = { 1, 8, 0 }, rep[3] = { 2, 2, 2 };
	unsigned n;

	(void)state;
	/* 1,2,all on two CPUs: all is 2, once */
	n = uthreads_counts(all, 3, 2, c, 8);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].threads, 1);
	assert_int_equal(c[1].threads, 2);
	assert_string_equal(c[0].skip, "");
	assert_string_equal(c[1].skip, "");
	/* on four: 1, 2, 4 */
	n = uthreads_counts(all, 3, 4, c, 8);
	assert_int_equal(n, 3);
	assert_int_equal(c[2].threads, 4);
	/* on one: 1, 2 skipped with the reason, all = 1 once */
	n = uthreads_counts(all, 3, 1, c, 8);
	assert_int_equal(n, 2);
	assert_int_equal(c[1].threads, 2);
	assert_string_equal(c[1].skip, "2 threads: the node has 1 online CPUs");
	/* too many: a skipped entry, not a drop */
	n = uthreads_counts(many, 3, 4, c, 8);
	assert_int_equal(n, 3);
	assert_int_equal(c[1].threads, 8);
	assert_non_null(strstr(c[1].skip, "8 threads"));
	assert_int_equal(c[2].threads, 4);
	assert_string_equal(c[2].skip, "");
	/* repeats once; room for fewer: cut */
	assert_int_equal(uthreads_counts(rep, 3, 4, c, 8), 1);
	assert_int_equal(uthreads_counts(many, 3, 4, c, 2), 2);
	/* a node without CPUs: one skipped entry */
	n = uthreads_counts(all, 3, 0, c, 8);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].skip, "the node has no CPUs");
}

/* A team's work: calls counted per round, ops until the deadline. */
struct count {
	unsigned setup[4], rounds[4];
	uint64_t ops[4];
};

static void work(struct uteam *t, unsigned i, void *arg)
{
	struct count *k = arg;

	if (!t->round) {
		k->setup[i]++;
		return;
	}
	k->rounds[i]++;
	uteam_begin(t, i);
	do
		k->ops[i]++;
	while (t->window_ns && !uteam_stopping(t));
	uteam_done(t, i);
}

static void test_team(void **state)
{
	struct count k;
	struct uteam t;
	cpu_set_t set;
	int cpus[3], cpu = 0;

	(void)state;
	memset(&k, 0, sizeof(k));
	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	while (!CPU_ISSET(cpu, &set))
		cpu++;
	cpus[0] = cpus[1] = cpus[2] = cpu;	/* one CPU: all this host may have */
	assert_int_equal(uteam_start(&t, cpus, 3, work, &k), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(k.setup[i], 1);	/* set-up done at start */
		assert_int_equal(k.rounds[i], 0);
	}
	uteam_round(&t, 1000000);	/* a 1 ms window */
	uteam_round(&t, 0);		/* until each returns: one op */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(k.rounds[i], 2);
		assert_true(k.ops[i] >= 2);
		assert_true(t.stop_ns[i] >= t.start_ns[i]);
	}
	uteam_end(&t);
	assert_null(t.tids);
	assert_int_equal(uteam_start(&t, cpus, 0, work, &k), EINVAL);
}

struct fixture {
	struct topology t;
	struct profile p;
	struct uctx c;
	struct ucells cs;
};

static struct fixture *setup(void)
{
	struct fixture *x = calloc(1, sizeof(*x));
	char path[1024], err[256];

	assert_non_null(x);
	snprintf(path, sizeof(path), "%s/vm3", getenv("TEST_DATA"));
	assert_int_equal(topology_load_sysfs(&x->t, path, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/quick.ini", POLICIES_DIR);
	assert_int_equal(profile_load(&x->p, path, POLICIES_DIR, err, sizeof(err)), 0);
	/* threads = 1,3,all; sizes = 256 */
	x->p.scaling.threads[0] = 1;
	x->p.scaling.threads[1] = 3;
	x->p.scaling.threads[2] = 0;
	x->p.scaling.nthreads = 3;
	x->p.scaling.sizes[0] = 256;
	x->p.scaling.nsizes = 1;
	urun_ctx_init(&x->c, &x->p, &x->t);
	return x;
}

static void teardown(struct fixture *x)
{
	ucells_free(&x->cs);
	topology_free(&x->t);
	free(x);
}

/*
 * Cells of cpu_node 0 (two CPUs) at mem_node 1 with the given size:
 * threads 1 and 2 to run, 3 skipped saying so (as *threads_seen).
 */
static void check_node0(const struct ucells *cs, uint64_t size, int order,
			unsigned mult, const char *alloc)
{
	int seen[4] = { 0 };

	for (size_t i = 0; i < cs->n; i++) {
		const struct ucell *c = &cs->v[i];
		unsigned n;

		if (c->cpu_node != 0 || c->mem_node != 1 ||
		    c->size_bytes != size || c->order != order ||
		    (alloc && strcmp(c->alloc->name, alloc)))
			continue;
		n = c->threads / mult;
		assert_true(n >= 1 && n <= 3);
		seen[n]++;
		if (n == 3)
			assert_non_null(strstr(c->skip, "3 threads: the node has 2 online CPUs"));
		else if (!alloc || !strcmp(alloc, "glibc"))
			assert_string_equal(c->skip, "");
	}
	assert_int_equal(seen[1], 1);
	assert_int_equal(seen[2], 1);	/* "all" is 2, once */
	assert_int_equal(seen[3], 1);
}

static void test_plan_page_fault(void **state)
{
	struct fixture *x = setup();

	(void)state;
	assert_int_equal(uw_page_fault.plan(&x->c, &x->cs), 0);
	check_node0(&x->cs, 4096, CSV_NA, 1, NULL);
	for (size_t i = 0; i < x->cs.n; i++) {
		const struct ucell *c = &x->cs.v[i];

		assert_null(c->alloc);
		if (c->cpu_node == 2)	/* CPU-less: skipped, one count */
			assert_non_null(strstr(c->skip, "no CPUs"));
	}
	teardown(x);
}

static void test_plan_malloc_threads(void **state)
{
	struct fixture *x = setup();

	(void)state;
	assert_int_equal(uw_malloc_threads.plan(&x->c, &x->cs), 0);
	check_node0(&x->cs, 256, CSV_NA, 1, "glibc");
	check_node0(&x->cs, 256, CSV_NA, 1, "mimalloc");
	teardown(x);
}

/* No two cells of a plan share a results.csv key (report refuses twins). */
static void assert_no_twins(const struct ucells *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		for (size_t j = i + 1; j < cs->n; j++) {
			const struct ucell *a = &cs->v[i], *b = &cs->v[j];

			if (a->w == b->w && a->alloc == b->alloc &&
			    a->mode == b->mode && a->variant == b->variant &&
			    a->cpu_node == b->cpu_node &&
			    a->mem_node == b->mem_node &&
			    a->size_bytes == b->size_bytes &&
			    a->order == b->order && a->batch == b->batch &&
			    a->threads == b->threads)
				fail_msg("cells %zu and %zu share a key (cpu_node %d mem_node %d threads %u)",
					 i, j, a->cpu_node, a->mem_node, a->threads);
		}
}

static void test_plan_remote_pairs(void **state)
{
	struct fixture *x = setup();
	size_t pairs2 = 0;

	(void)state;
	assert_int_equal(uw_remote_free.plan(&x->c, &x->cs), 0);
	/* 256 B is a plain size of quick: 1 pair is the plain cell's */
	check_node0(&x->cs, 256, CSV_NA, 2, "glibc");
	for (size_t i = 0; i < x->cs.n; i++) {
		const struct ucell *c = &x->cs.v[i];

		if (c->threads == 4 && !strcmp(c->alloc->name, "glibc") &&
		    c->cpu_node < 2 && c->mem_node < 2) {
			pairs2++;
			assert_string_equal(c->skip, "");
		}
		/* the sweep only at [scaling] sizes */
		if (c->threads > 2)
			assert_int_equal(c->size_bytes, 256);
	}
	assert_int_equal(pairs2, 4);	/* (0|1) x (0|1) */
	/* the CPU-less node 2's one-pair cells were planned twice */
	assert_no_twins(&x->cs);
	teardown(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jain),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_team),
		cmocka_unit_test(test_plan_page_fault),
		cmocka_unit_test(test_plan_malloc_threads),
		cmocka_unit_test(test_plan_remote_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
