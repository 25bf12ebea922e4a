// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the --topology SPEC parser (ubench/vmtopo.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "exec/vmtopo.h"

#define GiB (1ull << 30)
#define MiB (1ull << 20)

static struct vmtopo parse_ok(const char *spec)
{
	struct vmtopo t;
	char err[256] = "";

	if (vmtopo_parse(spec, &t, err, sizeof(err)))
		fail_msg("'%s' rejected: %s", spec, err);
	return t;
}

static const char *format(const struct vmtopo *t)
{
	static char buf[512];

	assert_true(vmtopo_format(t, buf, sizeof(buf)) > 0);
	return buf;
}

static void assert_row(const struct vmtopo *t, unsigned i, const unsigned *row)
{
	assert_memory_equal(t->node[i].dist, row, t->nnodes * sizeof(*row));
}

static void test_default(void **state)
{
	static const unsigned r0[] = { 10, 20, 30 }, r1[] = { 20, 10, 30 },
			      r2[] = { 30, 30, 10 };
	struct vmtopo t = parse_ok(VMTOPO_DEFAULT);

	(void)state;
	assert_int_equal(t.nnodes, 3);
	assert_int_equal(t.total_cpus, 4);
	assert_int_equal(t.total_mem, 3 * GiB);
	assert_int_equal(t.node[0].cpus, 2);
	assert_int_equal(t.node[1].cpus, 2);
	assert_int_equal(t.node[2].cpus, 0);
	assert_int_equal(t.node[2].mem_bytes, GiB);
	assert_row(&t, 0, r0);
	assert_row(&t, 1, r1);
	assert_row(&t, 2, r2);
	assert_string_equal(format(&t), "2x1G@10:20:30,2x1G@20:10:30,0x1G@30:30:10");
}

static void test_memoryless(void **state)
{
	static const unsigned r0[] = { 10, 20 }, r1[] = { 20, 10 };
	struct vmtopo t = parse_ok("2x1G,2x0");

	(void)state;
	assert_int_equal(t.nnodes, 2);
	assert_int_equal(t.node[1].cpus, 2);
	assert_int_equal(t.node[1].mem_bytes, 0);
	assert_int_equal(t.total_mem, GiB);
	assert_row(&t, 0, r0);
	assert_row(&t, 1, r1);	/* memoryless but with CPUs: 20, not 30 */
	assert_string_equal(format(&t), "2x1G@10:20,2x0@20:10");
}

static void test_explicit_distances_round_trip(void **state)
{
	static const char *specs[] = {
		"1x1G@10:15:40,1x512M@15:10:40,0x256M@40:40:10",
		"2x1G@10:254,0x1G@254:10",
		"16x16G",
		"2x128M,2x128M,2x128M,2x128M,2x128M,2x128M,2x128M,2x128M",
		"1x1536M,1x131072K,0x1GiB",
	};
	struct vmtopo t, u;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		t = parse_ok(specs[i]);
		u = parse_ok(format(&t));
		assert_memory_equal(&t, &u, sizeof(t));
	}
	t = parse_ok("2x1G@10:15:40,1x512M@15:10:40,0x256M@40:40:10");
	assert_int_equal(t.node[0].dist[1], 15);
	assert_int_equal(t.node[2].dist[0], 40);
	t = parse_ok("1x1536M,1x131072K,0x1GiB");
	assert_string_equal(format(&t), "1x1536M@10:20:30,1x128M@20:10:30,0x1G@30:30:10");
}

static void test_format_too_small(void **state)
{
	struct vmtopo t = parse_ok(VMTOPO_DEFAULT);
	char buf[64];
	int n = vmtopo_format(&t, buf, sizeof(buf)), len;

	(void)state;
	assert_int_equal(n, (int)strlen("2x1G@10:20:30,2x1G@20:10:30,0x1G@30:30:10"));
	for (len = 0; len <= n; len++)
		assert_int_equal(vmtopo_format(&t, buf, (size_t)len), -1);
}

struct bad {
	const char *spec, *msg;
};

#define T "--topology: "
static const struct bad bad[] = {
	/* empty spec and items */
	{ "", T "the spec is empty; expected CPUSxMEM[@D0:D1:...] items separated "
	  "by commas, e.g. 2x1G,2x1G,0x1G" },
	{ NULL, T "the spec is empty; expected CPUSxMEM[@D0:D1:...] items separated "
	  "by commas, e.g. 2x1G,2x1G,0x1G" },
	{ "2x1G,", T "item 2 is empty; expected CPUSxMEM[@D0:D1:...]" },
	{ ",2x1G", T "item 1 is empty; expected CPUSxMEM[@D0:D1:...]" },
	{ "2x1G,,2x1G", T "item 2 is empty; expected CPUSxMEM[@D0:D1:...]" },
	{ "2x1G,2", T "item 2 '2': no 'x' between CPUs and memory; expected "
	  "CPUSxMEM[@D0:D1:...], e.g. 2x1G" },
	{ "2x1G,1x1G@100:100:100:100:100:100:100:100:100:100:100:100:100:100:100",
	  T "item 2 is longer than 63 characters; expected CPUSxMEM[@D0:D1:...]" },
	/* CPUs */
	{ "ax1G", T "item 1 'ax1G': CPUs 'a' is not a number; expected 0..16" },
	{ "x1G", T "item 1 'x1G': CPUs '' is not a number; expected 0..16" },
	{ "-1x1G", T "item 1 '-1x1G': CPUs '-1' is not a number; expected 0..16" },
	{ "+1x1G", T "item 1 '+1x1G': CPUs '+1' is not a number; expected 0..16" },
	{ "17x1G", T "item 1 '17x1G': CPUs '17' is out of range; expected 0..16" },
	{ "99999999999999999999x1G", T "item 1 '99999999999999999999x1G': CPUs "
	  "'99999999999999999999' is out of range; expected 0..16" },
	/* memory */
	{ "2x1G,3xQ", T "item 2 '3xQ': memory 'Q' is not a size; expected 0 or N[K|M|G]" },
	{ "2x", T "item 1 '2x': memory '' is not a size; expected 0 or N[K|M|G]" },
	{ "2x1024", T "item 1 '2x1024': memory '1024' is not a size; expected 0 or "
	  "N[K|M|G]" },
	{ "2x1T", T "item 1 '2x1T': memory '1T' is not a size; expected 0 or N[K|M|G]" },
	{ "2x1.5G", T "item 1 '2x1.5G': memory '1.5G' is not a size; expected 0 or "
	  "N[K|M|G]" },
	{ "2x-1G", T "item 1 '2x-1G': memory '-1G' is not a size; expected 0 or N[K|M|G]" },
	{ "2x17G", T "item 1 '2x17G': memory '17G' is out of range; expected 0 or "
	  "128M..16G" },
	{ "2x18014398509481984K", T "item 1 '2x18014398509481984K': memory "
	  "'18014398509481984K' is out of range; expected 0 or 128M..16G" },
	{ "2x99999999999999999999G", T "item 1 '2x99999999999999999999G': memory "
	  "'99999999999999999999G' is out of range; expected 0 or 128M..16G" },
	{ "2x127M", T "item 1 '2x127M': memory '127M' is below the minimum; expected "
	  "0 or 128M..16G" },
	{ "2x1G,0x0", T "item 2 '0x0': node has neither CPUs nor memory; expected "
	  "CPUs, memory or both" },
	/* node 0 and totals */
	{ "0x1G,2x1G", T "item 1 '0x1G': node 0 has no CPUs; expected 1..16 (the "
	  "guest boots on node 0)" },
	{ "2x0,2x1G", T "item 1 '2x0': node 0 has no memory; expected 128M..16G (the "
	  "guest boots on node 0)" },
	{ "9x1G,8x1G", T "17 CPUs in total; expected 1..16" },
	{ "1x8G,1x8G,0x1G", T "17G of memory in total; expected 128M..16G" },
	{ "1x8G,1x8193M", T "16385M of memory in total; expected 128M..16G" },
	{ "1x128M,1x128M,1x128M,1x128M,1x128M,1x128M,1x128M,1x128M,1x128M",
	  T "item 9 '1x128M': too many nodes; expected 1..8 items" },
	/* distances */
	{ "2x1G@", T "item 1 '2x1G@': distance '' is not a number; expected 10..254" },
	{ "2x1G@10:x", T "item 1 '2x1G@10:x': distance 'x' is not a number; expected "
	  "10..254" },
	{ "2x1G@10::20", T "item 1 '2x1G@10::20': distance '' is not a number; "
	  "expected 10..254" },
	{ "2x1G@10:9", T "item 1 '2x1G@10:9': distance '9' is out of range; expected "
	  "10..254" },
	{ "2x1G@10:255", T "item 1 '2x1G@10:255': distance '255' is out of range; "
	  "expected 10..254" },
	{ "2x1G@10:-20", T "item 1 '2x1G@10:-20': distance '-20' is not a number; "
	  "expected 10..254" },
	{ "1x1G@10:20:20:20:20:20:20:20:20", T "item 1 '1x1G@10:20:20:20:20:20:20:"
	  "20:20': more than 8 distances; expected one per node" },
	{ "2x1G@10:20,2x1G", T "item 2 '2x1G' has no distances but item 1 has; "
	  "expected a row on every item or on none" },
	{ "2x1G,2x1G@20:10", T "item 1 '2x1G' has no distances but item 2 has; "
	  "expected a row on every item or on none" },
	{ "2x1G@10,2x1G@20:10", T "item 1 '2x1G@10': 1 distance(s); expected 2, one "
	  "per node" },
	{ "2x1G@10:20:30,2x1G@20:10", T "item 1 '2x1G@10:20:30': 3 distance(s); "
	  "expected 2, one per node" },
	{ "2x1G@20:20,2x1G@20:10", T "item 1 '2x1G@20:20': distance to itself is 20; "
	  "expected 10" },
	{ "2x1G@10:10,2x1G@10:10", T "item 1 '2x1G@10:10': distance to node 1 is 10; "
	  "expected 11..254 (10 means local)" },
	{ "2x1G@10:20,2x1G@30:10", T "distance 0->1 is 20 but 1->0 is 30; expected a "
	  "symmetric matrix" },
	{ "1x1G@10:20:30,1x1G@20:10:30,0x1G@30:40:10", T "distance 1->2 is 30 but "
	  "2->1 is 40; expected a symmetric matrix" },
};

static void test_errors(void **state)
{
	struct vmtopo t;
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(err, "unset");
		if (vmtopo_parse(bad[i].spec, &t, err, sizeof(err)) != -1)
			fail_msg("'%s' accepted", bad[i].spec);
		if (strcmp(err, bad[i].msg))
			fail_msg("'%s':\n got    %s\n wanted %s", bad[i].spec, err,
				 bad[i].msg);
		assert_null(strchr(err, '\n'));
	}
}

/* A short buffer truncates the message; a NULL one is allowed. */
static void test_error_buffer(void **state)
{
	struct vmtopo t;
	char err[8];

	(void)state;
	assert_int_equal(vmtopo_parse("2x1G,3xQ", &t, err, sizeof(err)), -1);
	assert_string_equal(err, "--topol");
	assert_int_equal(vmtopo_parse("2x1G,3xQ", &t, NULL, 0), -1);
}

static void test_limits_accepted(void **state)
{
	struct vmtopo t;

	(void)state;
	t = parse_ok("16x16G");
	assert_int_equal(t.total_cpus, 16);
	assert_int_equal(t.total_mem, 16 * GiB);
	t = parse_ok("1x128M");
	assert_int_equal(t.node[0].mem_bytes, 128 * MiB);
	assert_int_equal(t.node[0].dist[0], 10);
	t = parse_ok("8x8G,8x8G");
	assert_int_equal(t.total_cpus, 16);
	t = parse_ok("1x1G,0x1G,1x0");
	assert_int_equal(t.node[1].dist[2], 30);
	assert_int_equal(t.node[0].dist[2], 20);
	t = parse_ok("1x1G@10:11,1x1G@11:10");
	assert_int_equal(t.node[0].dist[1], 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_memoryless),
		cmocka_unit_test(test_explicit_distances_round_trip),
		cmocka_unit_test(test_format_too_small),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_limits_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
