// SPDX-License-Identifier: GPL-2.0
/*
 * ktest: the allocation APIs of issue 23 (alloc_pages_bulk, the bulk
 * frees, kvfree_rcu, vm_map_ram / vm_unmap_ram, alloc_percpu, the
 * placement fallback and mode LOW): their table rows and limits, and one
 * row of numbers each ("# row" lines: median cycles and ns per op of the
 * clean samples; TCG numbers are for structure, not for claims).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbench.h"

#include "ktest.h"

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median per-op cycles of the clean samples (of all if none is clean). */
static __u64 median_cycles(const struct kbench_run *r, unsigned int *nclean)
{
	__u64 v[NSAMPLES];
	unsigned int i, n = 0;

	for (i = 0; i < r->samples_done && i < NSAMPLES; i++)
		if (!samples[i].flags)
			v[n++] = samples[i].cycles;
	*nclean = n;
	if (!n)
		for (i = 0; i < r->samples_done && i < NSAMPLES; i++)
			v[n++] = samples[i].cycles;
	if (!n)
		return 0;
	qsort(v, n, sizeof(v[0]), cmp_u64);
	return v[n / 2];
}

static const char *const mode_name[] = {
	"hot", "cold", "pair", "buddy", "busy", "purge", "low",
};

/* Run @r (must succeed), print its row; the outputs back in *r. */
static bool api_row(struct kbench_run *r, const char *label)
{
	const struct kbench_case_info *ci = &cases[r->case_id];
	unsigned int nclean;
	__u64 seq = last_seq, p50;
	char what[128];

	snprintf(what, sizeof(what), "%s %s", ci->name, label);
	expect_run_into(r, what);
	if (r->run_seq == seq)
		return false;
	p50 = median_cycles(r, &nclean);
	printf("# row %-22s %-5s size %-7llu order %u batch %-4u node %u: "
	       "p50 %llu cycles %.0f ns/op (%u clean of %u), done %llu "
	       "failed %llu misplaced %llu kswapd_wakeups %llu\n",
	       ci->name, r->mode < sizeof(mode_name) / sizeof(mode_name[0]) ?
	       mode_name[r->mode] : "?", (unsigned long long)r->size_bytes,
	       r->order, r->batch_used, r->mem_node, (unsigned long long)p50,
	       r->tsc_khz ? p50 * 1e6 / r->tsc_khz : 0.0, nclean,
	       r->samples_done, (unsigned long long)r->done,
	       (unsigned long long)r->failed,
	       (unsigned long long)r->misplaced,
	       (unsigned long long)r->counters.kswapd_wakeups);
	return true;
}

static const struct kbench_case_info *need(const char *name)
{
	const struct kbench_case_info *ci = case_named(name);

	result(ci != NULL, "case %s exists", name);
	return ci;
}

static struct kbench_run sized(const struct kbench_case_info *ci,
			       __u64 size, __u32 batch, __u32 mode)
{
	struct kbench_run r = base_run(ci);

	if (ci->param == KBENCH_PARAM_SIZE)
		r.size_bytes = size;
	r.batch = batch;
	r.mode = mode;
	r.iterations = 32;
	r.warmup = 4;
	return r;
}

/* The table rows: what each new case is and what it refuses. */
static void check_rows(void)
{
	const struct kbench_case_info *ci;
	bool purge = kernel_version() >= 612;
	struct kbench_run r;

	ci = need("alloc_pages_bulk");
	if (ci) {
		result(ci->param == KBENCH_PARAM_NONE && !ci->flags &&
		       ci->modes == 1u << KBENCH_MODE_HOT,
		       "alloc_pages_bulk: no size, mem_node, hot only");
		r = base_run(ci);
		r.order = 1;
		expect_err(r, ERANGE, "alloc_pages_bulk order 1");
		r = base_run(ci);
		r.batch = ci->max_batch + 1;
		expect_err(r, ERANGE, "alloc_pages_bulk batch max+1");
	}
	ci = need("kvfree_rcu");
	if (ci) {
		result(ci->param == KBENCH_PARAM_SIZE && ci->min_size == 16 &&
		       !!(ci->modes & (1u << KBENCH_MODE_PURGE)) == purge,
		       "kvfree_rcu: size >= its rcu_head, purge %s",
		       purge ? "(kvfree_rcu_barrier)" : "refused before 6.12");
		r = base_run(ci);
		r.size_bytes = 8;
		expect_err(r, ERANGE, "kvfree_rcu size 8 (no room for rcu_head)");
		if (!purge) {
			r = base_run(ci);
			r.mode = KBENCH_MODE_PURGE;
			expect_err(r, EINVAL, "kvfree_rcu purge before 6.12");
		}
	}
	ci = need("alloc_percpu");
	if (ci) {
		result(ci->flags == KBENCH_CF_NO_MEM_NODE &&
		       ci->max_size == 8192 && ci->max_region_bytes == 1 << 20,
		       "alloc_percpu: no memory node, 8..8192 bytes, 1 MiB a region");
		r = base_run(ci);
		r.size_bytes = ci->max_size + 1;
		expect_err(r, ERANGE, "alloc_percpu size max+1");
		r = base_run(ci);
		r.size_bytes = ci->max_size;
		r.batch = ci->max_region_bytes / ci->max_size + 1;
		expect_err(r, ERANGE, "alloc_percpu batch x size above 1 MiB");
		r = base_run(ci);
		r.mem_node = MAX_NODES - 1;
		r.iterations = 2;
		expect_run(r, "alloc_percpu ignores mem_node");
	}
	ci = need("buddy_alloc_fallback");
	if (ci)
		result(ci->param == KBENCH_PARAM_ORDER &&
		       (ci->modes & (1u << KBENCH_MODE_LOW)) &&
		       (case_named("buddy_alloc")->modes &
			(1u << KBENCH_MODE_LOW)),
		       "buddy_alloc and buddy_alloc_fallback take mode low");
	ci = case_named("kmalloc");
	r = base_run(ci);
	r.mode = KBENCH_MODE_LOW;
	expect_err(r, EINVAL, "kmalloc mode low (not a buddy case)");
	need("kfree_bulk");
	need("kmem_cache_free_bulk");
	need("vm_map_ram");
	need("vm_unmap_ram");
}

static void rows_of(const char *name, const __u64 *sizes, unsigned int n,
		    __u32 batch, __u32 mode)
{
	const struct kbench_case_info *ci = case_named(name);
	unsigned int i;
	char label[64];

	if (!ci)
		return;
	for (i = 0; i < n; i++) {
		struct kbench_run r = sized(ci, sizes[i], batch, mode);

		snprintf(label, sizeof(label), "size %llu batch %u mode %u",
			 (unsigned long long)sizes[i], batch, mode);
		api_row(&r, label);
	}
}

/* Free MiB of @node from its meminfo, or -1. */
static long node_free_mib(int node)
{
	char path[96], line[160];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/meminfo",
		 node);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "MemFree:");

		if (p) {
			kb = strtol(p + 8, NULL, 10);
			break;
		}
	}
	fclose(f);
	return kb < 0 ? -1 : kb / 1024;
}

/* Another node with memory than @node (a fallback target), or -1. */
static int other_mem_node(int node)
{
	int n;

	for (n = 0; n < MAX_NODES; n++)
		if (n != node && node_mem_map[n])
			return n;
	return -1;
}

/*
 * Fallback and LOW: at the low watermark the fallback moves to another
 * node (when there is one) and never fails; everything held is given
 * back (the node's free memory returns).
 */
static void check_fallback_low(void)
{
	const struct kbench_case_info *fb = case_named("buddy_alloc_fallback");
	const struct kbench_case_info *ba = case_named("buddy_alloc");
	int node = mem_node();
	long before, after;
	struct kbench_run r;

	if (!fb || !ba)
		return;
	r = sized(fb, 0, 16, KBENCH_MODE_HOT);
	if (api_row(&r, "hot batch 16"))
		result(!r.misplaced && !r.failed,
		       "buddy_alloc_fallback hot: mem_node has room, nothing moves");

	before = node_free_mib(node);
	r = sized(ba, 0, 16, KBENCH_MODE_LOW);
	api_row(&r, "low batch 16");
	r = sized(fb, 0, 16, KBENCH_MODE_LOW);
	if (api_row(&r, "low batch 16")) {
		result(!r.failed, "buddy_alloc_fallback low: no failures "
		       "(falls back)");
		if (other_mem_node(node) >= 0)
			result(r.misplaced > 0, "buddy_alloc_fallback low: "
			       "%llu of %llu pages from another node",
			       (unsigned long long)r.misplaced,
			       (unsigned long long)r.done);
		else
			skip("fallback to another node", "one memory node");
	}
	r = sized(fb, 0, 4, KBENCH_MODE_LOW);
	r.order = 3;
	api_row(&r, "low order 3 batch 4");
	after = node_free_mib(node);
	result(before > 0 && after >= before - before / 20,
	       "node %d free after LOW runs: %ld MiB (before %ld MiB)", node,
	       after, before);
}

void check_api_cases(void)
{
	static const __u64 small[] = { 64, 1024 };
	static const __u64 rcu[] = { 64, 1024 };
	static const __u64 maps[] = { 4096, 256 << 10, 1 << 20 };
	static const __u64 pcpu[] = { 8, 256, 8192 };
	const struct kbench_case_info *ci;
	struct kbench_run r;

	check_rows();

	ci = case_named("alloc_pages_bulk");
	if (ci) {
		static const __u32 batches[] = { 1, 16, 256 };
		unsigned int i;
		char label[32];

		for (i = 0; i < 3; i++) {
			r = sized(ci, 0, batches[i], KBENCH_MODE_HOT);
			snprintf(label, sizeof(label), "batch %u", batches[i]);
			api_row(&r, label);
		}
	}
	rows_of("kfree", small, 2, 16, KBENCH_MODE_HOT);
	rows_of("kfree_bulk", small, 2, 16, KBENCH_MODE_HOT);
	rows_of("kmem_cache_free_bulk", small, 2, 16, KBENCH_MODE_HOT);
	rows_of("kvfree_rcu", rcu, 2, 16, KBENCH_MODE_HOT);
	ci = case_named("kvfree_rcu");
	if (ci && (ci->modes & (1u << KBENCH_MODE_PURGE))) {
		r = sized(ci, 64, 16, KBENCH_MODE_PURGE);
		r.iterations = 8;
		r.warmup = 1;
		api_row(&r, "purge size 64 batch 16");
	}
	rows_of("vm_map_ram", maps, 3, 4, KBENCH_MODE_HOT);
	rows_of("vm_unmap_ram", maps, 3, 4, KBENCH_MODE_HOT);
	rows_of("vm_unmap_ram", maps, 1, 4, KBENCH_MODE_PURGE);
	rows_of("vmap", maps, 3, 4, KBENCH_MODE_HOT);
	rows_of("alloc_percpu", pcpu, 3, 16, KBENCH_MODE_HOT);
	check_fallback_low();
}
