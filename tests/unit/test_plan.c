// SPDX-License-Identifier: GPL-2.0
/*
 * The plan on recorded topologies (tests/unit/data): every case gets a cell
 * for every (cpu_node, mem_node) pair, and the pairs that cannot run carry
 * their reason instead of disappearing. Also profile loading and its errors.
 */
#include <setjmp.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "plan/plan.h"
#include "plan/profile.h"
#include "plan/stoprule.h"
#include "plan/summary.h"

#define M(m) (1u << KBENCH_MODE_##m)
#define RUN_CAP KBENCH_MAX_RUN_BYTES

/* A fake case table with one case of each shape. */
static const struct kbench_case_info cases[] = {
	{ .case_id = 0, .param = KBENCH_PARAM_ORDER, .max_order = 10,
	  .modes = M(HOT) | M(PAIR) | M(BUDDY), .max_batch = 1024,
	  .max_region_bytes = RUN_CAP, .name = "buddy_alloc" },
	{ .case_id = 1, .param = KBENCH_PARAM_SIZE, .min_size = 8,
	  .max_size = 16384, .modes = M(HOT), .max_batch = 1024,
	  .max_region_bytes = RUN_CAP, .name = "kmalloc" },
	{ .case_id = 2, .param = KBENCH_PARAM_SIZE, .min_size = 8,
	  .max_size = 8192, .flags = KBENCH_CF_LOCAL_ONLY, .modes = M(HOT),
	  .max_batch = 1024, .max_region_bytes = RUN_CAP,
	  .name = "kmem_cache_alloc_bulk" },
	{ .case_id = 3, .param = KBENCH_PARAM_NONE,
	  .flags = KBENCH_CF_TARGET_CPUS, .modes = M(HOT) | M(BUSY),
	  .max_batch = 4, .max_region_bytes = RUN_CAP,
	  .name = "tlb_ipi_flush_node" },
	{ .case_id = 4, .param = KBENCH_PARAM_NONE,
	  .flags = KBENCH_CF_NO_MEM_NODE, .modes = M(HOT), .max_batch = 1024,
	  .max_region_bytes = RUN_CAP, .name = "tlb_flush_local" },
	{ .case_id = 5, .param = KBENCH_PARAM_SIZE, .min_size = 8,
	  .max_size = 8192, .flags = KBENCH_CF_PEER_CPU, .modes = M(HOT),
	  .max_batch = 1024, .max_region_bytes = RUN_CAP,
	  .name = "slab_remote_free" },
	{ .case_id = 6, .param = KBENCH_PARAM_SIZE, .min_size = 4096,
	  .max_size = 4u << 20, .modes = M(HOT) | M(PAIR) | M(PURGE),
	  .max_batch = 1024, .max_region_bytes = RUN_CAP, .name = "vfree" },
};
#define NCASES (sizeof(cases) / sizeof(*cases))

static void load_topo(struct topology *t, const char *name)
{
	char root[1024], err[256];

	snprintf(root, sizeof(root), "%s/%s", getenv("TEST_DATA"), name);
	assert_int_equal(topology_load_sysfs(t, root, err, sizeof(err)), 0);
}

/* A test profile; without a [scaling] section of its own, no sweep. */
static void write_profile(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	if (!strstr(text, "[scaling]"))
		fputs("\n[scaling]\nkernel_cases = none\n", f);
	fclose(f);
}

static void base_profile(struct profile *p)
{
	char err[256];

	write_profile("/tmp/nb-test-plan.ini",
		      "[run]\nreps = 2\nbatches = 1,8\niterations = 1000\n"
		      "warmup = 100\nmin_samples = 30\nprecision = 0\n"
		      "cell_budget = 0\n"
		      "[kernel]\norders = 0,3\nsizes = 8,4K,64K\nmodes = hot\n");
	assert_int_equal(profile_load(p, "/tmp/nb-test-plan.ini", POLICIES_DIR, err,
				      sizeof(err)), 0);
}

/*
 * The sweep: buddy_alloc order 0 on 1 and 2 CPUs ("all" of vm3's two per
 * node, once), pair mode, the largest batch, local and remote, "+mixed"
 * remote only; 4 threads is more than a node has: skipped with the reason;
 * the one-thread plain cell the matrix has is not planned twice.
 */
static void test_scaling(void **state)
{
	struct topology t;
	struct profile p;
	struct plan pl;
	char err[256];
	size_t sweep = 0, mixed = 0, toomany = 0, one = 0;

	(void)state;
	load_topo(&t, "vm3");
	write_profile("/tmp/nb-test-scaling.ini",
		      "[run]\nbatches = 1,8\n[kernel]\ncases = buddy_alloc\n"
		      "orders = 0\nmodes = pair\n"
		      "[scaling]\nthreads = 1,2,4,all\nkernel_cases = buddy_alloc,kmem_cache_alloc_bulk\n"
		      "kernel_orders = 0\nkernel_sizes = 256\nkernel_modes = pair\nmixed = on\n");
	assert_int_equal(profile_load(&p, "/tmp/nb-test-scaling.ini",
				      POLICIES_DIR, err, sizeof(err)), 0);
	assert_int_equal(plan_build(&pl, &p, NULL, cases, NCASES, &t, 4096), 0);
	for (size_t i = 0; i < pl.ncells; i++) {
		const struct cell *c = &pl.cells[i];

		if (!c->cpus)
			continue;
		sweep++;
		/* a case without a node argument has no sweep */
		assert_string_equal(c->kcase->name, "buddy_alloc");
		assert_int_equal(c->mode, KBENCH_MODE_PAIR);
		assert_int_equal(c->batch, 8);
		assert_true(c->threads == 1 || c->threads == 2 || c->threads == 4);
		assert_int_equal(c->cpus[0], c->cpu);
		if (c->mixed) {
			mixed++;
			assert_int_not_equal(c->cpu_node, c->mem_node);
			assert_true(c->skip[0] || c->load_cpus);
		}
		if (c->threads == 4) {
			toomany++;
			assert_non_null(strstr(c->skip, "4 threads: node"));
		} else if (c->mixed && c->mem_node == 2) {
			/* node 2 has memory but no CPU to allocate locally */
			assert_non_null(strstr(c->skip, "mixed: node 2 has 0 CPUs"));
		} else {
			assert_string_equal(c->skip, "");
		}
		one += c->threads == 1 && !c->mixed;
	}
	/* 2 cpu nodes x 3 mem nodes x 3 counts, + mixed on the 4 remote pairs x 3 */
	assert_int_equal(mixed, 2 * 2 * 3);
	assert_int_equal(toomany, 2 * 3 + 2 * 2);
	/* one thread, not mixed: the plain cells of the matrix (pair, batch 8) */
	assert_int_equal(one, 0);
	assert_int_equal(sweep, 2 * 3 * 2 + mixed);
	plan_free(&pl);
	topology_free(&t);
}

/* Case globs: a !pattern excludes wherever it stands. */
static void test_case_globs(void **state)
{
	(void)state;
	assert_true(profile_match("*,!buddy_alloc_fallback", "buddy_alloc"));
	assert_false(profile_match("*,!buddy_alloc_fallback", "buddy_alloc_fallback"));
	assert_false(profile_match("!kmalloc*, *", "kmalloc_large"));
	assert_true(profile_match("!kmalloc*, *", "kfree"));
	assert_false(profile_match("kmalloc*", "kfree"));
	assert_false(profile_match("!kfree", "kfree"));
}

/*
 * A remote free sweeps as a storm: each consumer on cpu_node with its own
 * producer on mem_node's CPUs, or on the first other node with CPUs when
 * mem_node is cpu_node's or has none; mode hot (it has neither pair nor
 * buddy); never +mixed.
 */
static void test_scaling_storm(void **state)
{
	struct topology t;
	struct profile p;
	struct plan pl;
	char err[256];
	size_t n = 0;

	(void)state;
	load_topo(&t, "vm3");
	write_profile("/tmp/nb-test-storm.ini",
		      "[run]\nbatches = 1,8\n[kernel]\ncases = buddy_alloc\n"
		      "orders = 0\nmodes = hot\n"
		      "[scaling]\nthreads = 1,2\nkernel_cases = slab_remote_free\n"
		      "kernel_orders = 0\nkernel_sizes = 256\nkernel_modes = pair,buddy\nmixed = on\n");
	assert_int_equal(profile_load(&p, "/tmp/nb-test-storm.ini",
				      POLICIES_DIR, err, sizeof(err)), 0);
	assert_int_equal(plan_build(&pl, &p, NULL, cases, NCASES, &t, 4096), 0);
	for (size_t i = 0; i < pl.ncells; i++) {
		const struct cell *c = &pl.cells[i];

		if (!c->cpus)
			continue;
		n++;
		assert_string_equal(c->kcase->name, "slab_remote_free");
		assert_int_equal(c->mode, KBENCH_MODE_HOT);
		assert_int_equal(c->mixed, 0);
		assert_non_null(c->peer_cpus);
		/* node 0's consumers get node 1's CPUs, node 1's node 0's */
		assert_int_equal(c->peer_cpus[0], c->cpu_node == 0 ? 2 : 0);
		assert_string_equal(c->skip, "");
	}
	/* 2 cpu nodes x 3 memory nodes x 2 counts */
	assert_int_equal(n, 2 * 3 * 2);
	plan_free(&pl);
	topology_free(&t);
}

static const struct cell *find(const struct plan *pl, const char *name,
			       int cpu_node, int mem_node)
{
	for (size_t i = 0; i < pl->ncells; i++) {
		const struct cell *c = &pl->cells[i];

		if (!strcmp(c->kcase->name, name) && c->cpu_node == cpu_node &&
		    c->mem_node == mem_node)
			return c;
	}
	return NULL;
}

static void test_vm3_matrix(void **state)
{
	struct topology t;
	struct profile p;
	struct plan pl;

	(void)state;
	load_topo(&t, "vm3");
	base_profile(&p);
	assert_int_equal(plan_build(&pl, &p, NULL, cases, NCASES, &t, 4096), 0);
	/* buddy: 2 cpu nodes x 3 mem nodes x 2 orders x 2 batches */
	for (int cn = 0; cn < 2; cn++)
		for (int mn = 0; mn < 3; mn++) {
			const struct cell *c = find(&pl, "buddy_alloc", cn, mn);

			assert_non_null(c);
			assert_string_equal(c->skip, "");
			assert_int_equal(c->cpu, cn * 2);
		}
	/* the CPU-less node 2 is never a cpu_node */
	assert_null(find(&pl, "kmalloc", 2, 0));
	/* kmalloc takes 8 and 4K but not 64K (beyond its range) */
	{
		size_t n = 0;

		for (size_t i = 0; i < pl.ncells; i++)
			if (!strcmp(pl.cells[i].kcase->name, "kmalloc"))
				n++;
		assert_int_equal(n, 2 * 3 * 2 * 2);
	}
	/* bulk has no node argument: remote pairs skipped with the reason */
	assert_string_equal(find(&pl, "kmem_cache_alloc_bulk", 0, 0)->skip, "");
	assert_non_null(strstr(find(&pl, "kmem_cache_alloc_bulk", 0, 1)->skip,
			       "no node argument"));
	/* IPIs need CPUs on the target node */
	assert_string_equal(find(&pl, "tlb_ipi_flush_node", 0, 1)->skip, "");
	assert_string_equal(find(&pl, "tlb_ipi_flush_node", 0, 0)->skip, "");
	assert_non_null(strstr(find(&pl, "tlb_ipi_flush_node", 0, 2)->skip,
			       "no CPU"));
	/* no mem node: one cell per cpu node, mem_node -1 */
	assert_non_null(find(&pl, "tlb_flush_local", 1, -1));
	assert_null(find(&pl, "tlb_flush_local", 1, 0));
	/* remote free: a producer on another node than the freeing CPU */
	assert_int_equal(find(&pl, "slab_remote_free", 0, 1)->peer_cpu, 2);
	assert_int_equal(find(&pl, "slab_remote_free", 0, 0)->peer_cpu, 2);
	assert_int_equal(find(&pl, "slab_remote_free", 1, 1)->peer_cpu, 0);
	assert_int_equal(find(&pl, "slab_remote_free", 1, 2)->peer_cpu, 0);
	/* only the profile's modes (default hot) */
	for (size_t i = 0; i < pl.ncells; i++)
		assert_int_equal(pl.cells[i].mode, KBENCH_MODE_HOT);
	assert_int_equal(find(&pl, "kmalloc", 0, 1)->peer_cpu, -1);
	plan_free(&pl);
	topology_free(&t);
}

static void test_memoryless_skips(void **state)
{
	struct topology t;
	struct profile p;
	struct plan pl;

	(void)state;
	load_topo(&t, "memless");
	base_profile(&p);
	assert_int_equal(plan_build(&pl, &p, NULL, cases, NCASES, &t, 4096), 0);
	assert_non_null(strstr(find(&pl, "kmalloc", 0, 1)->skip,
			       "node 1 has no memory"));
	assert_non_null(strstr(find(&pl, "buddy_alloc", 1, 1)->skip,
			       "no memory"));
	/* a memoryless node is still a cpu_node */
	assert_string_equal(find(&pl, "kmalloc", 1, 0)->skip, "");
	/* and its CPUs can still be IPI targets */
	assert_string_equal(find(&pl, "tlb_ipi_flush_node", 0, 1)->skip, "");
	plan_free(&pl);
	topology_free(&t);
}

/* Modes: the profile's among the case's; buddy only at orders 0..3. */
static void test_modes(void **state)
{
	size_t hot = 0, pair = 0, buddy = 0, busy = 0, purge = 0, capped = 0;
	struct topology t;
	struct profile p;
	struct plan pl;
	char err[256];

	(void)state;
	load_topo(&t, "vm3");
	write_profile("/tmp/nb-test-modes.ini",
		      "[run]\nbatches = 1,8\n[kernel]\norders = 0,3,9\n"
		      "sizes = 4K\ncases = buddy_alloc,tlb_ipi_flush_node,vfree\n"
		      "modes = hot, buddy,busy,purge\n");
	assert_int_equal(profile_load(&p, "/tmp/nb-test-modes.ini", POLICIES_DIR, err,
				      sizeof(err)), 0);
	assert_int_equal(plan_build(&pl, &p, NULL, cases, NCASES, &t, 4096), 0);
	for (size_t i = 0; i < pl.ncells; i++) {
		const struct cell *c = &pl.cells[i];

		hot += c->mode == KBENCH_MODE_HOT;
		pair += c->mode == KBENCH_MODE_PAIR;
		buddy += c->mode == KBENCH_MODE_BUDDY;
		busy += c->mode == KBENCH_MODE_BUSY;
		purge += c->mode == KBENCH_MODE_PURGE;
		if (c->mode == KBENCH_MODE_BUDDY)
			assert_true(c->order <= 3);
		if (c->mode == KBENCH_MODE_BUSY)
			assert_string_equal(c->kcase->name, "tlb_ipi_flush_node");
		if (c->mode == KBENCH_MODE_PURGE)
			assert_string_equal(c->kcase->name, "vfree");
		/* shootdown's max_batch is 4: batch 8 is skipped, said why */
		if (!strcmp(c->kcase->name, "tlb_ipi_flush_node") &&
		    c->batch == 8 && c->mem_node != 2) {
			assert_non_null(strstr(c->skip, "cap of 4"));
			capped++;
		}
	}
	/* buddy_alloc: 2x3 pairs x 3 orders x 2 batches; shootdown and
	 * vfree 2x3 x 2 */
	assert_int_equal(hot, 2 * 3 * 3 * 2 + 2 * 3 * 2 + 2 * 3 * 2);
	assert_int_equal(buddy, 2 * 3 * 2 * 2);
	assert_int_equal(busy, 2 * 3 * 2);
	assert_int_equal(purge, 2 * 3 * 2);
	assert_int_equal(pair, 0);
	assert_int_equal(capped, 2 * 2 * 2);	/* node 2 has no CPU: own reason */
	assert_string_equal(kbench_mode_name(KBENCH_MODE_BUDDY), "buddy");
	assert_int_equal(kbench_mode_parse("cold"), KBENCH_MODE_COLD);
	assert_int_equal(kbench_mode_parse("warm"), -1);
	assert_int_equal(kbench_mode_parse("purge"), KBENCH_MODE_PURGE);
	/* every uapi mode has a name, and the error messages list them all */
	for (unsigned m = 0; m < KBENCH_NR_MODES; m++)
		assert_string_not_equal(kbench_mode_name(m), "?");
	kbench_mode_choices(err, sizeof(err));
	assert_string_equal(err, "hot, cold, pair, buddy, busy, purge or low");
	plan_free(&pl);
	topology_free(&t);
}

/* The dry run's arithmetic: runnable cells x reps x cell budget. */
static void test_summary(void **state)
{
	struct topology t;
	struct profile p;
	struct plan pl;
	size_t runnable = 0;
	char buf[8192];
	FILE *f;

	(void)state;
	load_topo(&t, "vm3");
	base_profile(&p);
	assert_int_equal(plan_build(&pl, &p, NULL, cases, NCASES, &t, 4096), 0);
	for (size_t i = 0; i < pl.ncells; i++)
		runnable += !pl.cells[i].skip[0];
	assert_true(runnable < pl.ncells);	/* some pairs cannot run */
	assert_true(plan_bound_s(&pl, &p) < 0);	/* no budget: no bound */
	p.cell_budget_s = 0.25;
	p.reps = 2;
	assert_float_equal(plan_bound_s(&pl, &p), runnable * 2 * 0.25, 1e-9);
	f = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(f);
	plan_summary(f, &pl, &p, 7, NULL);
	fclose(f);
	assert_non_null(strstr(buf, "buddy_alloc              hot        24        0"));
	assert_non_null(strstr(buf, "user: 7 cells x 2 reps"));
	assert_non_null(strstr(buf, "at most"));
	assert_non_null(strstr(buf, "no earlier complete run"));
	f = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(f);
	plan_summary(f, &pl, &p, 7, &(struct plan_estimate){
		.from = "20261130-000000-vm", .matched = 3, .kernel_s = 12.4 });
	fclose(f);
	assert_non_null(strstr(buf, "about 12 s estimated from run 20261130-000000-vm (3 of"));
	plan_free(&pl);
	topology_free(&t);
}

/*
 * A cell's estimate from what an earlier run measured: the samples its
 * spread needs for the precision, between min_samples and iterations,
 * capped by the budget.
 */
static void test_cell_estimate(void **state)
{
	struct profile p;
	double per = 1e-3, n;

	(void)state;
	base_profile(&p);
	p.iterations = 1000;
	p.min_samples = 10;
	p.precision_pct = 0;	/* a fixed count */
	assert_float_equal(plan_cell_estimate_s(&p, per, 0.5), 1000 * per, 1e-9);
	p.precision_pct = 5;
	assert_float_equal(plan_cell_estimate_s(&p, per, 0), 10 * per, 1e-9);
	assert_float_equal(plan_cell_estimate_s(&p, per, 10), 1000 * per, 1e-9);
	/* cv 0.1 at 5 %: the fewest n with t(n-1) * 0.1 / sqrt(n) <= 5 % */
	n = plan_cell_estimate_s(&p, per, 0.1) / per;
	assert_true(n > 10 && n < 1000);
	assert_true(stop_ci_pct((uint64_t)(n + 0.5), 1, 0.1) <= 5);
	assert_true(stop_ci_pct((uint64_t)(n - 0.5), 1, 0.1) > 5);
	p.cell_budget_s = 0.2;	/* 1000 samples would take 1 s */
	assert_float_equal(plan_cell_estimate_s(&p, per, 10), 0.2 + per / 2, 1e-9);
	/* a sample longer than the budget is taken all the same */
	assert_float_equal(plan_cell_estimate_s(&p, 0.5, 10), 0.5, 1e-9);
}

static void test_batch_cap(void **state)
{
	struct topology t;
	struct profile p;
	struct plan pl;
	char err[256];

	(void)state;
	load_topo(&t, "vm3");
	write_profile("/tmp/nb-test-cap.ini",
		      "[run]\nbatches = 1,64\n[kernel]\ncases = buddy_*\norders = 10\n");
	assert_int_equal(profile_load(&p, "/tmp/nb-test-cap.ini", POLICIES_DIR, err,
				      sizeof(err)), 0);
	assert_int_equal(plan_build(&pl, &p, NULL, cases, NCASES, &t, 4096), 0);
	for (size_t i = 0; i < pl.ncells; i++) {
		const struct cell *c = &pl.cells[i];

		assert_int_equal(c->size_bytes, 4096u << 10);
		if (c->batch == 64)
			assert_non_null(strstr(c->skip, "cap"));
		else
			assert_string_equal(c->skip, "");
	}
	plan_free(&pl);
	topology_free(&t);
}

/*
 * Preemption-off cases as the module declares them (max_order 3, at most
 * 64 ops and 1 MiB a region: max_region_bytes): the shipped profiles never
 * ask the module for a cell beyond the caps; such cells are skipped with
 * the reason, and the orders above the cap are rows, not a silent gap.
 * The region cap is the case's own: order 3 x 64 fits max_batch but not
 * 1 MiB.
 */
static const struct kbench_case_info nowait_cases[] = {
	{ .case_id = 0, .param = KBENCH_PARAM_ORDER, .max_order = 10,
	  .modes = M(HOT), .max_batch = 1024, .max_region_bytes = RUN_CAP,
	  .name = "buddy_alloc" },
	{ .case_id = 1, .param = KBENCH_PARAM_ORDER, .max_order = 3,
	  .modes = M(HOT), .max_batch = 64, .max_region_bytes = 1u << 20,
	  .name = "buddy_alloc_nowait" },
	{ .case_id = 2, .param = KBENCH_PARAM_ORDER, .max_order = 3,
	  .modes = M(HOT), .max_batch = 64, .max_region_bytes = 1u << 20,
	  .name = "buddy_alloc_gfp_atomic" },
	{ .case_id = 3, .param = KBENCH_PARAM_SIZE, .min_size = 8,
	  .max_size = 8192, .modes = M(HOT), .max_batch = 64,
	  .max_region_bytes = 1u << 20, .name = "kmalloc_nowait" },
	{ .case_id = 4, .param = KBENCH_PARAM_SIZE, .min_size = 8,
	  .max_size = 8192, .modes = M(HOT), .max_batch = 64,
	  .max_region_bytes = 1u << 20, .name = "kmalloc_gfp_atomic" },
};
#define NNOWAIT (sizeof(nowait_cases) / sizeof(*nowait_cases))

static void test_preempt_off_caps(void **state)
{
	static const char *const names[] = { "quick", "default", "paper" };
	struct topology t;

	(void)state;
	load_topo(&t, "vm3");
	for (size_t n = 0; n < 3; n++) {
		size_t ran = 0, capped = 0, high = 0, region = 0;
		struct profile p;
		struct plan pl;
		char err[256];

		if (profile_load(&p, names[n], POLICIES_DIR, err, sizeof(err)))
			fail_msg("%s: %s", names[n], err);
		assert_int_equal(plan_build(&pl, &p, NULL, nowait_cases,
					    NNOWAIT, &t, 4096), 0);
		for (size_t i = 0; i < pl.ncells; i++) {
			const struct cell *c = &pl.cells[i];

			if (c->kcase->max_region_bytes == RUN_CAP)
				continue;
			high += c->order > 3;
			if (strstr(c->skip, "'s cap of")) {
				capped++;
				region += strstr(c->skip, "cap of 1 MiB per timed region") != NULL;
				continue;
			}
			if (c->skip[0])	/* a placement reason */
				continue;
			ran++;
			assert_true(c->order <= 3);
			assert_true(c->batch <= c->kcase->max_batch);
			assert_true(c->size_bytes * c->batch <= 1u << 20);
		}
		assert_true(ran > 0);
		/* default and paper ask for every order: 4..10 are rows */
		if (p.all_orders)
			assert_true(high > 0 && capped >= high);
		/* paper's batch 64: order 3 x 64 = 2 MiB, within max_batch */
		if (!strcmp(names[n], "paper"))
			assert_true(capped > high && region > 0);
		plan_free(&pl);
	}
	topology_free(&t);
}

/*
 * The region cap is the case's max_region_bytes: order 3 x 64 fits
 * max_batch but not 1 MiB, and the reason names both sides.
 */
static void test_region_cap(void **state)
{
	struct topology t;
	struct profile p;
	struct plan pl;
	char err[256];
	size_t fit = 0, over = 0;

	(void)state;
	load_topo(&t, "vm3");
	write_profile("/tmp/nb-test-region.ini",
		      "[run]\nbatches = 32,64\n[kernel]\n"
		      "cases = buddy_alloc_nowait\norders = 3\n");
	assert_int_equal(profile_load(&p, "/tmp/nb-test-region.ini", POLICIES_DIR, err,
				      sizeof(err)), 0);
	assert_int_equal(plan_build(&pl, &p, NULL, nowait_cases, NNOWAIT, &t,
				    4096), 0);
	for (size_t i = 0; i < pl.ncells; i++) {
		const struct cell *c = &pl.cells[i];

		if (c->batch == 32) {	/* 32 x 32 KiB = 1 MiB: fits */
			assert_string_equal(c->skip, "");
			fit++;
			continue;
		}
		assert_string_equal(c->skip,
				    "batch 64 x 32768 B = 2 MiB above buddy_alloc_nowait's cap of 1 MiB per timed region");
		over++;
	}
	assert_int_equal(fit, 2 * 3);
	assert_int_equal(over, 2 * 3);
	plan_free(&pl);
	topology_free(&t);
}

static void test_only_filters(void **state)
{
	struct topology t;
	struct profile p;
	struct plan pl;

	(void)state;
	load_topo(&t, "vm3");
	base_profile(&p);
	assert_int_equal(plan_build(&pl, &p, "tlb_*", cases, NCASES, &t, 4096), 0);
	for (size_t i = 0; i < pl.ncells; i++)
		assert_non_null(strstr(pl.cells[i].kcase->name, "tlb_"));
	assert_true(pl.ncells > 0);
	plan_free(&pl);
	topology_free(&t);
}

static void expect_profile_error(const char *text, const char *needle)
{
	struct profile p;
	char err[256] = "";

	write_profile("/tmp/nb-test-bad.ini", text);
	assert_int_equal(profile_load(&p, "/tmp/nb-test-bad.ini", POLICIES_DIR, err,
				      sizeof(err)), -1);
	if (!strstr(err, needle))
		fail_msg("error '%s' lacks '%s'", err, needle);
}

static void test_profile_errors(void **state)
{
	struct profile p;
	char err[256];

	(void)state;
	expect_profile_error("[run]\nreps = 0\n", "reps");
	expect_profile_error("[run]\nreps = many\n", "reps");
	expect_profile_error("[run]\nbatches = 1,2000\n", "batches");
	expect_profile_error("[kernel]\nsizes = 8,12Q\n", "sizes");
	expect_profile_error("[kernel]\ncolour = blue\n", "unknown key");
	expect_profile_error("[kernel]\nmodes = hot,warm\n", "not a kernel mode");
	expect_profile_error("[kernel]\nmodes = ,\n", "modes: empty");
	expect_profile_error("[run\nreps = 1\n", ":1:");
	assert_int_equal(profile_load(&p, "nonexistent", POLICIES_DIR, err,
				      sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent.ini"));
	/* without the defaults every profile inherits, nothing loads */
	assert_int_equal(profile_load(&p, POLICIES_DIR "/quick.ini", "/nowhere", err,
				      sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot read '/nowhere/default.ini'"));
	/* a directory is no profile */
	assert_int_equal(profile_load(&p, "/tmp", POLICIES_DIR, err,
				      sizeof(err)), -1);
	assert_non_null(strstr(err, "'/tmp' is a directory"));
}

/*
 * A partial profile inherits every key it lacks from policies/default.ini,
 * not from values compiled in; a default.ini lacking a key is refused.
 */
static void test_profile_inherits_default(void **state)
{
	struct profile p, d;
	char err[512];
	FILE *f;

	(void)state;
	write_profile("/tmp/nb-test-partial.ini", "[run]\nreps = 2\n[user]\npages = 16\n");
	assert_int_equal(profile_load(&d, "default", POLICIES_DIR, err,
				      sizeof(err)), 0);
	assert_int_equal(profile_load(&p, "/tmp/nb-test-partial.ini",
				      POLICIES_DIR, err, sizeof(err)), 0);
	assert_int_equal(p.reps, 2);
	assert_int_equal(p.user.pages, 16);
	assert_string_equal(p.name, "nb-test-partial");
	assert_int_equal(p.iterations, d.iterations);
	assert_int_equal(p.warmup, d.warmup);
	assert_true(p.precision_pct == d.precision_pct && p.precision_pct > 0);
	assert_true(p.cell_budget_s == d.cell_budget_s);
	assert_int_equal(p.min_samples, d.min_samples);
	assert_int_equal(p.nsizes, d.nsizes);
	assert_int_equal(p.nbatches, d.nbatches);
	assert_int_equal(p.kmodes, d.kmodes);
	assert_int_equal(p.all_orders, d.all_orders);
	assert_int_equal(p.user.rounds, d.user.rounds);
	assert_int_equal(p.user.nmove_batches, d.user.nmove_batches);
	remove("/tmp/nb-test-partial.ini");
	/* a base without [run] reps: named */
	assert_int_equal(mkdir("/tmp/nb-test-policies", 0755) == 0 || errno == EEXIST, 1);
	f = fopen("/tmp/nb-test-policies/default.ini", "w");
	assert_non_null(f);
	fputs("[run]\niterations = 5\n", f);
	fclose(f);
	assert_int_equal(profile_load(&p, "default", "/tmp/nb-test-policies",
				      err, sizeof(err)), -1);
	assert_non_null(strstr(err, "default.ini: lacks [run] reps"));
	remove("/tmp/nb-test-policies/default.ini");
	rmdir("/tmp/nb-test-policies");
}

/*
 * tcg_skip_modes: default's cold cells become skipped rows with the reason
 * in a TCG guest (plan_skip_tcg_modes), never dropped; a cell skipped for
 * its own reason keeps it; quick runs cold (none); bad values refused.
 */
static void test_tcg_skip_modes(void **state)
{
	static const struct kbench_case_info kmalloc_cold = {
		.param = KBENCH_PARAM_SIZE, .min_size = 8, .max_size = 16384,
		.modes = M(HOT) | M(COLD), .max_batch = 1024,
		.max_region_bytes = RUN_CAP, .name = "kmalloc" };
	size_t cold = 0, tcg = 0, hot_skipped = 0;
	struct topology t;
	struct profile p;
	struct plan pl;
	char err[256];

	(void)state;
	load_topo(&t, "vm3");
	assert_int_equal(profile_load(&p, "quick", POLICIES_DIR, err,
				      sizeof(err)), 0);
	assert_int_equal(p.tcg_skip_kmodes, 0);
	assert_int_equal(profile_load(&p, "default", POLICIES_DIR, err,
				      sizeof(err)), 0);
	assert_int_equal(p.tcg_skip_kmodes, 1u << KBENCH_MODE_COLD);
	assert_int_equal(plan_build(&pl, &p, NULL, &kmalloc_cold, 1, &t, 4096),
			 0);
	plan_skip_tcg_modes(&pl, p.tcg_skip_kmodes);
	for (size_t i = 0; i < pl.ncells; i++) {
		const struct cell *c = &pl.cells[i];

		if (c->mode != KBENCH_MODE_COLD) {
			hot_skipped += c->skip[0] && c->mem_node != 2;
			continue;
		}
		cold++;
		if (strstr(c->skip, "models no cache"))
			tcg++;
		else	/* node 2 has no memory in vm3: its own reason */
			assert_non_null(strstr(c->skip, "no memory"));
	}
	assert_true(cold > 0 && tcg > 0);
	assert_int_equal(hot_skipped, 0);
	plan_free(&pl);
	expect_profile_error("[kernel]\ntcg_skip_modes = lukewarm\n",
			     "not a kernel mode");
	write_profile("/tmp/nb-test-tcg.ini",
		      "[kernel]\ntcg_skip_modes = purge, cold\n");
	assert_int_equal(profile_load(&p, "/tmp/nb-test-tcg.ini", POLICIES_DIR,
				      err, sizeof(err)), 0);
	assert_int_equal(p.tcg_skip_kmodes, (1u << KBENCH_MODE_COLD) |
					    (1u << KBENCH_MODE_PURGE));
	remove("/tmp/nb-test-tcg.ini");
	topology_free(&t);
}

static void test_shipped_profiles_load(void **state)
{
	static const char *const names[] = { "quick", "default", "paper" };
	struct profile p;
	char err[256];

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		if (profile_load(&p, names[i], POLICIES_DIR, err, sizeof(err)))
			fail_msg("%s: %s", names[i], err);
		assert_string_equal(p.name, names[i]);
		assert_true(p.reps >= 1 && p.iterations >= 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vm3_matrix),
		cmocka_unit_test(test_scaling),
		cmocka_unit_test(test_scaling_storm),
		cmocka_unit_test(test_case_globs),
		cmocka_unit_test(test_memoryless_skips),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_tcg_skip_modes),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_cell_estimate),
		cmocka_unit_test(test_batch_cap),
		cmocka_unit_test(test_preempt_off_caps),
		cmocka_unit_test(test_region_cap),
		cmocka_unit_test(test_only_filters),
		cmocka_unit_test(test_profile_errors),
		cmocka_unit_test(test_shipped_profiles_load),
		cmocka_unit_test(test_profile_inherits_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
