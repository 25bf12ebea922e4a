// SPDX-License-Identifier: GPL-2.0
/* placement.h and the [user] profile section. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "user/placement.h"
#include "plan/profile.h"
#include "user/utimer.h"

static void test_query(void **state)
{
	size_t n = 8, len = n * 4096;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct placement pl;
	char buf[128], want[64];
	int node = -1;

	(void)state;
	assert_true(p != MAP_FAILED);
	memset(p, 1, len / 2);	/* half touched */
	assert_int_equal(placement_query(0, p, n, 4096, ~0ul, &pl), 0);
	assert_int_equal(pl.absent, 4);
	assert_int_equal(pl.misplaced, 4);	/* absent counts as misplaced */
	for (int i = 0; i < TOPO_MAX_NODES; i++)
		if (pl.per_node[i]) {
			assert_int_equal(pl.per_node[i], 4);
			node = i;
		}
	assert_true(node >= 0);
	assert_true(placement_format(buf, sizeof(buf), &pl) > 0);
	snprintf(want, sizeof(want), "pages_per_node=%d:4 absent=4", node);
	assert_string_equal(buf, want);
	/* expecting another node: everything misplaced */
	memset(p, 1, len);
	assert_int_equal(placement_query(0, p, n, 4096,
					 ~(1ul << node), &pl), 0);
	assert_int_equal(pl.misplaced, 8);
	assert_int_equal(placement_query_list((void *const[]){ p, p + 4096 }, 2,
					      1ul << node, &pl), 0);
	assert_int_equal(pl.misplaced, 0);
	/* unaligned address or stride: refused */
	assert_int_equal(placement_query(0, p + 1, 1, 4096, ~0ul, &pl), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(placement_query(0, p, 2, 100, ~0ul, &pl), -1);
	assert_int_equal(errno, EINVAL);
	munmap(p, len);
}

/* A recorded numa_maps (vm3 guest, interleaved): N<k>= summed per node. */
static void test_numa_maps(void **state)
{
	static const uint64_t want[] = { 655, 501, 504, 0 };
	char path[1024];
	uint64_t pages;

	(void)state;
	snprintf(path, sizeof(path), "%s/procs/numa_maps-interleave",
		 getenv("TEST_DATA"));
	for (int node = 0; node < 4; node++) {
		FILE *f = fopen(path, "r");

		assert_non_null(f);
		assert_int_equal(placement_numa_maps(f, node), want[node]);
		fclose(f);
	}
	/* this process: its pages are somewhere, never on a node it lacks */
	assert_int_equal(placement_process_pages(getpid(), TOPO_MAX_NODES - 1,
						 &pages), 0);
	assert_int_equal(pages, 0);
	assert_int_equal(placement_process_pages(-1, 0, &pages), -1);
}

static void test_spread(void **state)
{
	struct placement pl = { 0 };

	(void)state;
	pl.per_node[0] = 33;
	pl.per_node[1] = 32;
	pl.per_node[3] = 7;
	assert_int_equal(placement_spread(&pl, 0x3), 1);
	assert_int_equal(placement_spread(&pl, 0x7), 33);	/* node 2: 0 */
	assert_int_equal(placement_spread(&pl, 0x1), 0);
}

static void test_timer(void **state)
{
	uint64_t t0, t1;

	(void)state;
	utimer_init(0);
	assert_non_null(utimer.source);
	assert_true(utimer.overhead_ns >= 0 && utimer.overhead_ns < 1e6);
	t0 = utimer_now();
	for (volatile int i = 0; i < 100000; i++)
		;
	t1 = utimer_now();
	assert_true(t1 > t0);
	assert_true(utimer_ns(t1 - t0) > 0);
}

static void test_profile_user(void **state)
{
	char path[] = "/tmp/test_placement_XXXXXX.ini", err[256];
	struct profile p;
	FILE *f;
	int fd = mkstemps(path, 4);

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("[user]\nworkloads = malloc,mbind\npages = 16\nthp = off\n"
	      "move_batches = 1,4096\nrounds = 3\n", f);
	fclose(f);
	assert_int_equal(profile_load(&p, path, POLICIES_DIR, err, sizeof(err)), 0);
	assert_int_equal(p.user.pages, 16);
	assert_int_equal(p.user.thp, 0);
	assert_int_equal(p.user.rounds, 3);
	assert_int_equal(p.user.nmove_batches, 2);
	assert_int_equal(p.user.move_batches[1], 4096);
	assert_true(profile_wants_workload(&p, NULL, "mbind"));
	assert_false(profile_wants_workload(&p, NULL, "shootdown"));
	assert_false(profile_wants_workload(&p, "mb*", "malloc"));
	f = fopen(path, "w");
	fputs("[user]\nmove_batches = 1,4097\n", f);
	fclose(f);
	assert_int_equal(profile_load(&p, path, POLICIES_DIR, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "move_batches"));
	f = fopen(path, "w");
	fputs("[user]\nthp = maybe\n", f);
	fclose(f);
	assert_int_equal(profile_load(&p, path, POLICIES_DIR, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "thp: 'maybe' is not on or off"));
	f = fopen(path, "w");
	fputs("[user]\nmodes = bind, MPOL_INTERLEAVE\nnodes = 0-1,3\n", f);
	fclose(f);
	assert_int_equal(profile_load(&p, path, POLICIES_DIR, err, sizeof(err)), 0);
	assert_int_equal(p.user.modes, 1u << 2 | 1u << 3);
	assert_int_equal(p.user.nodes, 0xbul);
	f = fopen(path, "w");
	fputs("[user]\nmodes = bind,sideways\n", f);
	fclose(f);
	assert_int_equal(profile_load(&p, path, POLICIES_DIR, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "modes: 'sideways' is not a memory policy mode"));
	f = fopen(path, "w");
	fputs("[user]\nnodes = 0-\n", f);
	fclose(f);
	assert_int_equal(profile_load(&p, path, POLICIES_DIR, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nodes: '0-' is not a node list"));
	f = fopen(path, "w");
	fputs("[user]\npagez = 1\n", f);
	fclose(f);
	assert_int_equal(profile_load(&p, path, POLICIES_DIR, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown key 'pagez' in [user]"));
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_numa_maps),
		cmocka_unit_test(test_spread),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_profile_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
