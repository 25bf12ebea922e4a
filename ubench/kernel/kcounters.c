// SPDX-License-Identifier: GPL-2.0
/* counters.csv: see kcounters.h. */
#include "kcounters.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rundir/metrics.h"

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void merge_counters(struct kbench_counters *a,
			   const struct kbench_counters *k)
{
	a->vm_pgalloc += k->vm_pgalloc;
	a->vm_pgfree += k->vm_pgfree;
	a->vm_allocstall += k->vm_allocstall;
	a->vm_compact_stall += k->vm_compact_stall;
	a->vm_compact_fail += k->vm_compact_fail;
	a->buddy_allocs += k->buddy_allocs;
	a->buddy_alloc_pages += k->buddy_alloc_pages;
	a->buddy_allocs_timed += k->buddy_allocs_timed;
	a->refill_blocks += k->refill_blocks;
	a->kswapd_wakeups += k->kswapd_wakeups;
	a->pcp_drain_pages += k->pcp_drain_pages;
	a->pcp_count_after = k->pcp_count_after;
	a->pcp_high = k->pcp_high;
	a->pcp_batch = k->pcp_batch;
	a->pcp_high_min = k->pcp_high_min;
	a->pcp_high_max = k->pcp_high_max;
	a->aperf += k->aperf;
	a->mperf += k->mperf;
	a->vmap_purges += k->vmap_purges;
	a->vmap_purged_areas += k->vmap_purged_areas;
	a->vmap_purge_pages += k->vmap_purge_pages;
	a->baseline_cycles = min_u64(a->baseline_cycles, k->baseline_cycles);
	a->ipi_targets = k->ipi_targets;
	a->ipi_sum += k->ipi_sum;
	a->ipi_min = min_u64(a->ipi_min, k->ipi_min);
	a->ipi_max = a->ipi_max > k->ipi_max ? a->ipi_max : k->ipi_max;
	a->sit_objects += k->sit_objects;
	a->sit_cycles += k->sit_cycles;
	a->flush_pages = k->flush_pages;
	a->lock_contended += k->lock_contended;
	a->lock_contended_zone += k->lock_contended_zone;
	a->lock_wait_ns += k->lock_wait_ns;
}

void kcounters_merge(struct kbench_run *acc, const struct kbench_run *r,
		     int first)
{
	if (first) {
		*acc = *r;
		return;
	}
	acc->iterations += r->iterations;
	acc->done += r->done;
	acc->failed += r->failed;
	acc->misplaced += r->misplaced;
	acc->overhead_cycles = min_u64(acc->overhead_cycles, r->overhead_cycles);
	acc->elapsed_ns += r->elapsed_ns;
	acc->samples_done += r->samples_done;
	acc->clean += r->clean;
	acc->disturbed += r->disturbed;
	acc->failed_samples += r->failed_samples;
	acc->off_path += r->off_path;
	acc->run_seq = r->run_seq;
	acc->window_ns += r->window_ns;
	acc->out_flags |= r->out_flags;
	merge_counters(&acc->counters, &r->counters);
}

/* Counts are exact in a double up to 2^53. */
static void put(struct metrics_row *m, const char *name, int64_t value)
{
	metrics_put(m, name, (double)value);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * The zone free-list blocks and pages each recorded region took: their
 * median (nearest rank) and extremes. A sum over the run would hide a
 * mode whose regions refill only now and then.
 */
static int put_zone_samples(struct metrics_row *m,
			    const struct kbench_sample *s, uint32_t n)
{
	uint32_t *v = malloc(n * sizeof(*v));

	if (!v) {
		errno = ENOMEM;
		return -1;
	}
	for (uint32_t i = 0; i < n; i++)
		v[i] = s[i].zone_blocks;
	qsort(v, n, sizeof(*v), cmp_u32);
	put(m, "zone_blocks_sample_p50", v[(n - 1) / 2]);
	put(m, "zone_blocks_sample_max", v[n - 1]);
	for (uint32_t i = 0; i < n; i++)
		v[i] = s[i].zone_pages;
	qsort(v, n, sizeof(*v), cmp_u32);
	put(m, "zone_pages_sample_min", v[0]);
	put(m, "zone_pages_sample_p50", v[(n - 1) / 2]);
	put(m, "zone_pages_sample_max", v[n - 1]);
	free(v);
	return 0;
}

static double cycles_ns(uint64_t cycles, uint64_t tsc_khz)
{
	return (double)cycles * 1e6 / (double)tsc_khz;
}

int kcounters_write(FILE *f, const struct result_row *w,
		    const struct kbench_run *q,
		    const struct kbench_sample *samples, uint64_t kernel_flags,
		    uint64_t tsc_khz)
{
	const struct kbench_counters *k = &q->counters;
	struct metrics_row m;

	if (!q->struct_size || !q->samples_done)
		return 0;
	metrics_row_start(&m, f, w);
	put(&m, "samples_recorded", q->samples_done);
	put(&m, "batch_used", q->batch_used);
	put(&m, "elapsed_ns", (int64_t)q->elapsed_ns);
	put(&m, "vm_pgalloc", (int64_t)k->vm_pgalloc);
	put(&m, "vm_pgfree", (int64_t)k->vm_pgfree);
	put(&m, "vm_allocstall", (int64_t)k->vm_allocstall);
	put(&m, "vm_compact_stall", (int64_t)k->vm_compact_stall);
	put(&m, "vm_compact_fail", (int64_t)k->vm_compact_fail);
	if (kernel_flags & KBENCH_KF_PATH_COUNTS) {
		put(&m, "buddy_allocs", (int64_t)k->buddy_allocs);
		put(&m, "buddy_allocs_timed", (int64_t)k->buddy_allocs_timed);
		put(&m, "buddy_alloc_pages", (int64_t)k->buddy_alloc_pages);
		put(&m, "pcp_drain_pages", (int64_t)k->pcp_drain_pages);
		put(&m, "refill_blocks", (int64_t)k->refill_blocks);
		put(&m, "kswapd_wakeups", (int64_t)k->kswapd_wakeups);
		if (put_zone_samples(&m, samples, q->samples_done))
			return -1;
	}
	put(&m, "off_path", q->off_path);
	/* every worker's ops: a count per op divides by it */
	put(&m, "ops", (int64_t)q->done);
	if (kernel_flags & KBENCH_KF_LOCK_COUNTS) {
		put(&m, "lock_contended", (int64_t)k->lock_contended);
		put(&m, "lock_contended_zone", (int64_t)k->lock_contended_zone);
		put(&m, "lock_wait_ns", (int64_t)k->lock_wait_ns);
	}
	if (k->pcp_high >= 0 && k->pcp_batch > 0) {
		put(&m, "pcp_count_before", k->pcp_count_before);
		put(&m, "pcp_count_after", k->pcp_count_after);
		put(&m, "pcp_high", k->pcp_high);
		put(&m, "pcp_batch", k->pcp_batch);
	}
	if (k->pcp_high_min >= 0 && k->pcp_high_max >= 0) {
		put(&m, "pcp_high_min", k->pcp_high_min);
		put(&m, "pcp_high_max", k->pcp_high_max);
	}
	if ((kernel_flags & KBENCH_KF_APERFMPERF) && k->mperf) {
		put(&m, "aperf", (int64_t)k->aperf);
		put(&m, "mperf", (int64_t)k->mperf);
		metrics_put(&m, "core_clock_ratio",
			    (double)k->aperf / (double)k->mperf);
	}
	if (kernel_flags & KBENCH_KF_VMAP_COUNTS) {
		put(&m, "vmap_purges", (int64_t)k->vmap_purges);
		put(&m, "vmap_purged_areas", (int64_t)k->vmap_purged_areas);
		put(&m, "vmap_purge_pages", (int64_t)k->vmap_purge_pages);
	}
	if (k->baseline_cycles && tsc_khz)
		metrics_put(&m, "baseline_ns",
			    cycles_ns(k->baseline_cycles, tsc_khz));
	if (k->ipi_targets) {
		put(&m, "ipi_targets", k->ipi_targets);
		put(&m, "ipi_sum", (int64_t)k->ipi_sum);
		put(&m, "ipi_min", (int64_t)k->ipi_min);
		put(&m, "ipi_max", (int64_t)k->ipi_max);
	}
	if (k->sit_objects && tsc_khz) {
		put(&m, "sit_objects", (int64_t)k->sit_objects);
		put(&m, "sit_ns_mean", (int64_t)(cycles_ns(k->sit_cycles, tsc_khz) /
					(double)k->sit_objects));
	}
	if (k->flush_pages)
		put(&m, "flush_pages", (int64_t)k->flush_pages);
	return ferror(f) ? -1 : 0;
}
