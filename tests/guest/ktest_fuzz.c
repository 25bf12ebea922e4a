// SPDX-License-Identifier: GPL-2.0
/*
 * ktest: fuzz-style requests. A seeded (printed) generator builds run
 * requests over every case with each field in or out of range (cpu,
 * mem_node, peer_cpu, size, order, batch, mode, flags, counts, padding,
 * the samples buffer); the expected answer is computed from the uapi
 * table in validate.c's order (the first bad field decides) and the
 * module must give exactly that errno, or for a valid request 0 (or
 * ENOMEM, which the table allows for any run). Valid requests are tiny
 * (1-3 samples, small batches, budget_ms <= 30) so a few hundred stay
 * bounded; an alarm turns a hang into a failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "kbench.h"

#include "ktest.h"

#define FUZZ_ALARM_S	300

static unsigned long long rng_state;

/* splitmix64: small, seedable, good enough for choosing fields. */
static __u64 rnd(void)
{
	__u64 z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static __u64 between(__u64 lo, __u64 hi)
{
	return hi <= lo ? lo : lo + rnd() % (hi - lo + 1);
}

/* True with probability @pct percent. */
static bool chance(unsigned int pct)
{
	return rnd() % 100 < pct;
}

static int random_online_cpu(void)
{
	int c, n = 0, pick;

	for (c = 0; c < MAX_CPUS; c++)
		n += cpu_online_map[c];
	pick = n ? (int)between(0, n - 1) : 0;
	for (c = 0; c < MAX_CPUS; c++)
		if (cpu_online_map[c] && !pick--)
			return c;
	return 0;
}

static int random_node(const bool *map)
{
	int n, k = 0, pick;

	for (n = 0; n < MAX_NODES; n++)
		k += map[n];
	pick = k ? (int)between(0, k - 1) : 0;
	for (n = 0; n < MAX_NODES; n++)
		if (map[n] && !pick--)
			return n;
	return 0;
}

/* An out-of-range u32 around @edge: just past it, far past it, or max. */
static __u32 past(__u64 edge)
{
	switch (rnd() % 3) {
	case 0:
		return edge + 1 > UINT32_MAX ? UINT32_MAX : (__u32)(edge + 1);
	case 1:
		return (__u32)between(edge + 1 > UINT32_MAX ? UINT32_MAX :
				      edge + 1, UINT32_MAX);
	default:
		return UINT32_MAX;
	}
}

static __u64 op_bytes(const struct kbench_case_info *ci,
		      const struct kbench_run *r)
{
	bool allocates = !(ci->flags & (KBENCH_CF_NO_MEM_NODE |
					KBENCH_CF_TARGET_CPUS));

	switch (ci->param) {
	case KBENCH_PARAM_ORDER:
		/* an order that large is refused before bytes count */
		return r->order >= 32 ? UINT32_MAX :
		       (__u64)version.page_size << r->order;
	case KBENCH_PARAM_SIZE:
		return r->size_bytes;
	default:
		return allocates ? version.page_size : 0;
	}
}

static void gen_param(struct kbench_run *r, const struct kbench_case_info *ci)
{
	if (ci->param == KBENCH_PARAM_SIZE) {
		if (chance(88)) {
			/* log-uniform: small sizes as often as large ones */
			unsigned int b = between(0, 22);
			__u64 s = between(1ull << b, 2ull << b);

			r->size_bytes = s < ci->min_size ? ci->min_size :
					s > ci->max_size ? ci->max_size : s;
		} else {
			r->size_bytes = chance(50) ? ci->max_size + 1 :
					chance(50) ? ci->min_size - 1 : rnd();
		}
	} else if (chance(8)) {
		r->size_bytes = between(1, 1 << 20);
	}
	if (ci->param == KBENCH_PARAM_ORDER)
		r->order = chance(88) ? between(0, ci->max_order) :
				       past(ci->max_order);
	else if (chance(8))
		r->order = between(1, 12);
}

static void gen_placement(struct kbench_run *r,
			  const struct kbench_case_info *ci)
{
	r->cpu = chance(92) ? (__u32)random_online_cpu() :
		 chance(50) ? (__u32)between(0, MAX_CPUS - 1) : past(MAX_CPUS);
	if (chance(90))
		r->mem_node = (__u32)random_node(
			(ci->flags & KBENCH_CF_TARGET_CPUS) ? node_online_map :
							      node_mem_map);
	else
		r->mem_node = chance(50) ? (__u32)between(0, MAX_NODES - 1) :
			      past(MAX_NODES);
	if (ci->flags & KBENCH_CF_LOCAL_ONLY && chance(80))
		r->mem_node = (__u32)node_of_cpu(r->cpu < MAX_CPUS ?
						 (int)r->cpu : 0);
	if (ci->flags & KBENCH_CF_PEER_CPU)
		r->peer_cpu = chance(80) && other_node_cpu() >= 0 ?
			      (__u32)other_node_cpu() :
			      (__u32)random_online_cpu();
	else if (chance(8))
		r->peer_cpu = (__u32)random_online_cpu();
}

static void gen_counts(struct kbench_run *r, const struct kbench_case_info *ci)
{
	__u64 bytes = op_bytes(ci, r);

	r->iterations = chance(92) ? between(1, 3) :
			chance(50) ? 0 : past(KBENCH_MAX_ITERATIONS);
	r->warmup = chance(95) ? between(0, 1) : past(KBENCH_MAX_WARMUP);
	if (chance(80)) {
		__u32 max = ci->max_batch < 8 ? ci->max_batch : 8;

		/* mostly within the byte budget, sometimes past it */
		if (bytes && chance(85)) {
			__u64 fit = ci->max_region_bytes / bytes;

			if (fit < max)
				max = fit ? fit : 1;
		}
		r->batch = between(1, max);
	} else if (chance(50)) {
		r->batch = between(1, ci->max_batch);
	} else {
		r->batch = chance(50) ? 0 : past(ci->max_batch);
	}
	r->budget_ms = chance(95) ? between(1, 30) :
		       past(KBENCH_MAX_BUDGET_MS);
	r->samples_len = chance(95) ? NSAMPLES : r->iterations ?
			 r->iterations - 1 : 0;
	r->samples_ptr = chance(96) ? (uintptr_t)samples :
			 chance(50) ? 0 : 8;
}

static struct kbench_run gen(void)
{
	const struct kbench_case_info *ci;
	struct kbench_run r;
	unsigned int m;

	memset(&r, 0, sizeof(r));
	r.struct_size = chance(98) ? sizeof(r) : between(0, 2 * sizeof(r));
	r.api_version = chance(98) ? KBENCH_API_VERSION : between(0, 9);
	r.case_id = chance(96) ? between(0, ncases - 1) :
		    chance(50) ? ncases : UINT32_MAX;
	ci = &cases[r.case_id < ncases ? r.case_id : 0];
	r.flags = chance(95) ? (chance(50) ? KBENCH_RF_SUBTRACT_OVERHEAD : 0) :
		  1u << between(0, 31);
	if (chance(2))
		r.pad = 1;
	if (chance(2))
		r.pad2 = (__u32)rnd();
	if (chance(2))
		r.pad3 = (__u32)rnd() | 1;
	if (chance(2))
		r.reserved = rnd() | 1;
	gen_param(&r, ci);
	if (chance(88)) {
		do
			m = between(0, KBENCH_NR_MODES - 1);
		while (!(ci->modes & (1u << m)));
		r.mode = m;
	} else {
		r.mode = chance(60) ? between(0, KBENCH_NR_MODES - 1) :
			 past(KBENCH_NR_MODES - 1);
	}
	gen_placement(&r, ci);
	gen_counts(&r, ci);
	return r;
}

static bool cpu_ok(__u32 cpu)
{
	return cpu < MAX_CPUS && cpu_online_map[cpu];
}

/*
 * The answer the uapi table gives @r, in validate.c's order; *either is
 * a second acceptable answer (-1: none) where the test cannot know
 * (cpu_to_mem of a CPU on a memoryless node).
 */
static int expected(const struct kbench_run *r, int *either)
{
	const struct kbench_case_info *ci;
	__u64 bytes;

	*either = -1;
	if (r->api_version != KBENCH_API_VERSION)
		return EPROTO;
	if (r->struct_size != sizeof(*r) || r->flags & ~KBENCH_RF_ALL ||
	    r->pad || r->pad2 || r->pad3 || r->reserved)
		return EINVAL;
	if (r->budget_ms > KBENCH_MAX_BUDGET_MS)
		return ERANGE;
	if (r->case_id >= ncases)
		return ENOENT;
	ci = &cases[r->case_id];

	switch (ci->param) {
	case KBENCH_PARAM_NONE:
		if (r->order || r->size_bytes)
			return ERANGE;
		break;
	case KBENCH_PARAM_ORDER:
		if (r->order > ci->max_order || r->size_bytes)
			return ERANGE;
		if (r->mode == KBENCH_MODE_BUDDY && r->order > 3)
			return EINVAL;
		break;
	default:
		if (r->size_bytes < ci->min_size ||
		    r->size_bytes > ci->max_size || r->order)
			return ERANGE;
	}
	if (r->mode >= KBENCH_NR_MODES || !(ci->modes & (1u << r->mode)))
		return EINVAL;

	if (r->iterations < 1 || r->iterations > KBENCH_MAX_ITERATIONS ||
	    r->warmup > KBENCH_MAX_WARMUP || r->batch < 1 ||
	    r->batch > ci->max_batch)
		return ERANGE;
	bytes = (__u64)r->batch * op_bytes(ci, r);
	if (bytes > ci->max_region_bytes)
		return ERANGE;

	if (!cpu_ok(r->cpu))
		return ENXIO;
	if (ci->flags & KBENCH_CF_PEER_CPU) {
		if (!cpu_ok(r->peer_cpu))
			return ENXIO;
		if (node_of_cpu(r->peer_cpu) == node_of_cpu(r->cpu))
			return EINVAL;
	} else if (r->peer_cpu) {
		return EINVAL;
	}
	if (!(ci->flags & KBENCH_CF_NO_MEM_NODE)) {
		bool allocates = !(ci->flags & KBENCH_CF_TARGET_CPUS);

		if (r->mem_node >= MAX_NODES || !node_online_map[r->mem_node])
			return ENXIO;
		if (allocates && !node_mem_map[r->mem_node])
			return ENODEV;
		if (ci->flags & KBENCH_CF_LOCAL_ONLY) {
			int local = node_of_cpu(r->cpu);

			if (!node_mem_map[local]) {
				*either = EINVAL;	/* cpu_to_mem: unknown here */
			} else if ((int)r->mem_node != local) {
				return EINVAL;
			}
		}
		if ((ci->flags & KBENCH_CF_TARGET_CPUS) &&
		    !node_targets(r->mem_node, r->cpu))
			return ENODEV;
	}
	if (r->samples_len < r->iterations)
		return EINVAL;
	if (!r->samples_ptr || r->samples_ptr == 8)
		return EFAULT;
	/*
	 * Valid: it runs. ENOMEM is in the table for any run, unless an
	 * earlier check left its own alternative (a memoryless CPU's
	 * LOCAL_ONLY node: cpu_to_mem is the kernel's to say, and x86 has
	 * no memoryless-node remapping, so EINVAL there).
	 */
	if (*either < 0)
		*either = ENOMEM;
	return 0;
}

static void describe(char *buf, size_t len, const struct kbench_run *r)
{
	snprintf(buf, len, "case %u (%s) mode %u cpu %u node %u peer %u "
		 "size %llu order %u batch %u it %u wu %u flags %#x budget %u "
		 "len %llu ptr %#llx ss %u v %u pad %u/%u",
		 r->case_id, r->case_id < ncases ? cases[r->case_id].name : "-",
		 r->mode, r->cpu, r->mem_node, r->peer_cpu,
		 (unsigned long long)r->size_bytes, r->order, r->batch,
		 r->iterations, r->warmup, r->flags, r->budget_ms,
		 (unsigned long long)r->samples_len,
		 (unsigned long long)r->samples_ptr, r->struct_size,
		 r->api_version, r->pad, r->pad2);
}

void check_fuzz(unsigned int n, unsigned long seed)
{
	unsigned int i, bad = 0, ran = 0, nomem = 0, by_err[256] = { 0 };
	struct timespec t0, t1;
	char buf[320];

	if (!seed)
		seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
	rng_state = seed;
	printf("# fuzz: %u requests, seed %lu (KTEST_FUZZ_SEED=%lu repeats it)\n",
	       n, seed, seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	alarm(FUZZ_ALARM_S);
	for (i = 0; i < n; i++) {
		struct kbench_run r = gen();
		int either, want = expected(&r, &either);
		int ret = ioctl(fd, KBENCH_IOC_RUN, &r);
		int got = ret ? errno : 0;

		if (got == want || got == either) {
			if (!got)
				ran++;
			else if (got == ENOMEM && !want)
				nomem++;
			if (got < 256)
				by_err[got]++;
			continue;
		}
		bad++;
		describe(buf, sizeof(buf), &r);
		result(false, "fuzz %u: %s -> %s, want %s", i, buf,
		       got ? strerrorname_np(got) : "success",
		       want ? strerrorname_np(want) : "success");
	}
	alarm(0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# fuzz: %u ran, %u ENOMEM, EINVAL %u ERANGE %u ENXIO %u "
	       "ENODEV %u ENOENT %u EPROTO %u EFAULT %u\n", ran, nomem,
	       by_err[EINVAL], by_err[ERANGE], by_err[ENXIO], by_err[ENODEV],
	       by_err[ENOENT], by_err[EPROTO], by_err[EFAULT]);
	result(!bad && ran > 0, "fuzz: %u requests (seed %lu), %u answers "
	       "outside the table's, %u valid runs, %.1f s", n, seed, bad, ran,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
}
