// SPDX-License-Identifier: GPL-2.0
/*
 * kbench: validation of a KBENCH_IOC_RUN request. Every field is checked,
 * each kind of bad field with its own errno: the table is in
 * uapi/kbench.h, the only copy.
 */
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/topology.h>
#include <linux/uaccess.h>

#include "run.h"

static int kbench_check_header(const struct kbench_run *req)
{
	if (req->api_version != KBENCH_API_VERSION)
		return -EPROTO;
	if (req->struct_size != sizeof(*req))
		return -EINVAL;
	if (req->flags & ~KBENCH_RF_ALL)
		return -EINVAL;
	if (req->pad || req->pad2 || req->pad3 || req->reserved)
		return -EINVAL;
	if (req->budget_ms > KBENCH_MAX_BUDGET_MS)
		return -ERANGE;
	/* A request names its workers, or one CPU and node: not both. */
	if (!req->nworkers != !req->workers_ptr)
		return -EINVAL;
	if (req->nworkers && (req->cpu || req->mem_node || req->peer_cpu))
		return -EINVAL;
	if (req->nworkers > KBENCH_MAX_WORKERS)
		return -ERANGE;
	return 0;
}

static bool kbench_cpu_ok(u32 cpu)
{
	return cpu < nr_cpu_ids && cpu_online(cpu);
}

static int kbench_check_param(const struct kbench_run *req,
			      const struct kbench_case *c)
{
	switch (c->param) {
	case KBENCH_PARAM_NONE:
		if (req->order || req->size_bytes)
			return -ERANGE;
		break;
	case KBENCH_PARAM_ORDER:
		if (req->order > c->max_order || req->size_bytes)
			return -ERANGE;
		/* Only small orders have a per-CPU list to outrun. */
		if (req->mode == KBENCH_MODE_BUDDY &&
		    req->order > PAGE_ALLOC_COSTLY_ORDER)
			return -EINVAL;
		break;
	case KBENCH_PARAM_SIZE:
		if (req->size_bytes < c->min_size ||
		    req->size_bytes > c->max_size || req->order)
			return -ERANGE;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static int kbench_check_mode(const struct kbench_run *req,
			     const struct kbench_case *c)
{
	if (req->mode >= KBENCH_NR_MODES || !(c->modes & (1u << req->mode)))
		return -EINVAL;
	return 0;
}

static int kbench_check_counts(const struct kbench_run *req,
			       const struct kbench_case *c)
{
	u32 n = max_t(u32, req->nworkers, 1);
	u64 bytes;

	if (req->iterations < 1 || req->iterations > KBENCH_MAX_ITERATIONS)
		return -ERANGE;
	if (req->warmup > KBENCH_MAX_WARMUP)
		return -ERANGE;
	if (req->batch < 1 || req->batch > kbench_case_max_batch(c))
		return -ERANGE;
	/*
	 * Both factors are bounded above, the product cannot overflow. A
	 * region with preemption off has a much smaller budget (cases.c).
	 */
	bytes = (u64)req->batch *
		kbench_case_op_bytes(c, req->size_bytes, req->order);
	if (bytes > kbench_case_max_region_bytes(c))
		return -ERANGE;
	/* What the workers hold at once, and record, together. */
	if ((u64)n * bytes > KBENCH_MAX_RUN_BYTES ||
	    (u64)n * req->iterations > KBENCH_MAX_ITERATIONS)
		return -ERANGE;
	return 0;
}

/* True when @node has an online CPU other than @cpu. */
static bool kbench_node_has_target(int node, unsigned int cpu)
{
	unsigned int t;

	for_each_cpu_and(t, cpumask_of_node(node), cpu_online_mask)
		if (t != cpu)
			return true;
	return false;
}

/* req's cpu, peer_cpu and mem_node (a worker's cpu and mem_node). */
static int kbench_check_placement(const struct kbench_run *req,
				  const struct kbench_case *c)
{
	if (!kbench_cpu_ok(req->cpu))
		return -ENXIO;

	if (c->flags & KBENCH_CF_PEER_CPU) {
		if (!kbench_cpu_ok(req->peer_cpu))
			return -ENXIO;
		/* A remote free needs a producer on another node. */
		if (cpu_to_node(req->peer_cpu) == cpu_to_node(req->cpu))
			return -EINVAL;
	} else if (req->peer_cpu) {
		return -EINVAL;
	}

	if (c->flags & KBENCH_CF_NO_MEM_NODE)
		return 0;
	if (req->mem_node >= MAX_NUMNODES || !node_online(req->mem_node))
		return -ENXIO;
	/* GFP_KERNEL cannot use a node with movable memory only. */
	if (kbench_case_allocates(c) &&
	    !node_state(req->mem_node, N_NORMAL_MEMORY))
		return -ENODEV;
	/* cpu_to_mem: a memoryless node's CPUs allocate from a nearby node. */
	if ((c->flags & KBENCH_CF_LOCAL_ONLY) &&
	    req->mem_node != cpu_to_mem(req->cpu))
		return -EINVAL;
	if ((c->flags & KBENCH_CF_TARGET_CPUS) &&
	    !kbench_node_has_target(req->mem_node, req->cpu))
		return -ENODEV;
	return 0;
}

/*
 * The samples buffer: nonzero, inside user space, and writable. Clearing
 * it up front turns an unmapped buffer into EFAULT before anything runs
 * (and faults its pages in, so the final copy does not).
 */
static int kbench_check_samples(const struct kbench_run *req)
{
	void __user *p = u64_to_user_ptr(req->samples_ptr);
	u64 n = (u64)max_t(u32, req->nworkers, 1) * req->iterations;
	size_t len = (size_t)n * sizeof(struct kbench_sample);

	if (req->samples_len < n)
		return -EINVAL;
	if (!req->samples_ptr || !access_ok(p, len))
		return -EFAULT;
	if (clear_user(p, len))
		return -EFAULT;
	return 0;
}

/*
 * The workers of a request, copied in: each on its own online CPU, with
 * its node, checked like a one-thread request's cpu and mem_node. Cases
 * with a peer or target CPUs run on one kthread only. Without workers,
 * the request's cpu and mem_node are its one worker.
 */
static struct kbench_worker *kbench_get_workers(const struct kbench_run *req,
						const struct kbench_case *c,
						int *err)
{
	u32 n = max_t(u32, req->nworkers, 1), i, j;
	struct kbench_worker *w;
	struct kbench_run one = *req;
	int ret;

	if (req->nworkers && (c->flags & KBENCH_CF_TARGET_CPUS)) {
		*err = -EINVAL;
		return NULL;
	}
	if (!req->nworkers) {
		w = kzalloc(sizeof(*w), GFP_KERNEL);
		if (!w) {
			*err = -ENOMEM;
			return NULL;
		}
		w->cpu = req->cpu;
		w->mem_node = req->mem_node;
		w->peer_cpu = req->peer_cpu;
		return w;
	}
	w = memdup_user(u64_to_user_ptr(req->workers_ptr),
			array_size(n, sizeof(*w)));
	if (IS_ERR(w)) {
		*err = PTR_ERR(w);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		ret = -EINVAL;
		if (w[i].pad || w[i].pad2 || w[i].reserved)
			goto bad;
		/* every worker and every producer on a CPU of its own */
		for (j = 0; j < i; j++)
			if (w[j].cpu == w[i].cpu ||
			    ((c->flags & KBENCH_CF_PEER_CPU) &&
			     (w[j].peer_cpu == w[i].peer_cpu ||
			      w[j].peer_cpu == w[i].cpu ||
			      w[j].cpu == w[i].peer_cpu)))
				goto bad;
		one.cpu = w[i].cpu;
		one.mem_node = w[i].mem_node;
		one.peer_cpu = w[i].peer_cpu;
		ret = kbench_check_placement(&one, c);
		if (ret)
			goto bad;
	}
	return w;
bad:
	kfree(w);
	*err = ret;
	return NULL;
}

int kbench_validate(const struct kbench_run *req,
		    const struct kbench_case **kcase,
		    struct kbench_worker **workers)
{
	const struct kbench_case *c;
	int ret;

	ret = kbench_check_header(req);
	if (ret)
		return ret;
	c = kbench_case_get(req->case_id);
	if (!c)
		return -ENOENT;
	ret = kbench_check_param(req, c);
	if (ret)
		return ret;
	ret = kbench_check_mode(req, c);
	if (ret)
		return ret;
	ret = kbench_check_counts(req, c);
	if (ret)
		return ret;
	if (!req->nworkers) {
		ret = kbench_check_placement(req, c);
		if (ret)
			return ret;
	}
	ret = kbench_check_samples(req);
	if (ret)
		return ret;
	*workers = kbench_get_workers(req, c, &ret);
	if (!*workers)
		return ret;
	*kcase = c;
	return 0;
}
