// SPDX-License-Identifier: GPL-2.0
/*
 * kbench: THE case table. One row per case; KBENCH_IOC_CASE_INFO
 * enumerates it, validate.c checks requests against it and run.c runs it.
 * Adding a case: its callbacks in its family's file, their prototypes in
 * cases.h, one row here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "cases.h"
#include "compat.h"

#define KBENCH_M_ALLOC	(KBENCH_M_HOT | KBENCH_M(COLD) | KBENCH_M(PAIR))
#define KBENCH_M_FREE	(KBENCH_M_HOT | KBENCH_M(COLD))
/* Timed regions with preemption off hold at most this many ops. */
#define KBENCH_PREEMPT_OFF_BATCH 64

const struct kbench_case kbench_cases[] = {
	{
		.name = "buddy_alloc",
		.desc = "alloc_pages_node(mem_node, __GFP_THISNODE, order), freed untimed",
		.param = KBENCH_PARAM_ORDER,
		.modes = KBENCH_M_ALLOC | KBENCH_M(BUDDY),
		.max_order = KBENCH_NR_PAGE_ORDERS - 1,
		.setup = kbench_buddy_setup,
		.sample = kbench_buddy_alloc_sample,
		.teardown = kbench_buddy_teardown,
	},
	{
		.name = "buddy_free",
		.desc = "__free_pages(order) of pages allocated untimed on mem_node",
		.param = KBENCH_PARAM_ORDER,
		.modes = KBENCH_M_FREE,
		.max_order = KBENCH_NR_PAGE_ORDERS - 1,
		.sample = kbench_buddy_free_sample,
	},
	{
		.name = "buddy_alloc_comp",
		.desc = "alloc_pages_node(mem_node, __GFP_THISNODE | __GFP_COMP, order): compound pages",
		.param = KBENCH_PARAM_ORDER,
		.modes = KBENCH_M_HOT | KBENCH_M(PAIR),
		.max_order = KBENCH_NR_PAGE_ORDERS - 1,
		.sample = kbench_buddy_comp_sample,
	},
	{
		.name = "buddy_alloc_atomic",
		.desc = "alloc_pages_node(mem_node, GFP_NOWAIT | __GFP_THISNODE, order), preemption off",
		.param = KBENCH_PARAM_ORDER,
		.modes = KBENCH_M_HOT,
		.max_order = KBENCH_NR_PAGE_ORDERS - 1,
		.max_batch = KBENCH_PREEMPT_OFF_BATCH,
		.preempt_off = true,
		.sample = kbench_buddy_atomic_sample,
	},
	{
		.name = "kmalloc",
		.desc = "kmalloc_node(size, GFP_KERNEL, mem_node) within the kmalloc caches, freed untimed",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_ALLOC,
		.min_size = 8,
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.sample = kbench_kmalloc_sample,
	},
	{
		.name = "kmalloc_large",
		.desc = "kmalloc_node(size, GFP_KERNEL, mem_node) above the kmalloc caches: the page allocator",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_ALLOC,
		.min_size = KMALLOC_MAX_CACHE_SIZE + 1,
		.max_size = SZ_4M,
		.sample = kbench_kmalloc_sample,
	},
	{
		.name = "kmalloc_atomic",
		.desc = "kmalloc_node(size, GFP_NOWAIT, mem_node), preemption off, freed untimed",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_HOT,
		.min_size = 8,
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.max_batch = KBENCH_PREEMPT_OFF_BATCH,
		.preempt_off = true,
		.sample = kbench_kmalloc_atomic_sample,
	},
	{
		.name = "kfree",
		.desc = "kfree of objects kmalloc_node'd untimed on mem_node",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_FREE,
		.min_size = 8,
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.sample = kbench_kfree_sample,
	},
	{
		.name = "kmem_cache_alloc",
		.desc = "kmem_cache_alloc_node(private cache of size, mem_node), freed untimed",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_ALLOC,
		.min_size = 8,
		.max_size = 8192,
		.setup = kbench_cache_setup,
		.sample = kbench_cache_alloc_sample,
		.teardown = kbench_cache_teardown,
	},
	{
		.name = "kmem_cache_alloc_bulk",
		.desc = "one kmem_cache_alloc_bulk of batch objects (per-op = call / batch), local node",
		.param = KBENCH_PARAM_SIZE,
		.flags = KBENCH_CF_LOCAL_ONLY,
		.modes = KBENCH_M_HOT,
		.min_size = 8,
		.max_size = 8192,
		.setup = kbench_cache_setup,
		.sample = kbench_cache_bulk_sample,
		.teardown = kbench_cache_teardown,
	},
	{
		.name = "slab_remote_free",
		.desc = "kfree on cpu of objects a producer on peer_cpu (another node) kmalloc_node'd, concurrently",
		.param = KBENCH_PARAM_SIZE,
		.flags = KBENCH_CF_PEER_CPU,
		.modes = KBENCH_M_HOT | KBENCH_M(COLD),
		.min_size = 8,
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.setup = kbench_remote_free_setup,
		.sample = kbench_remote_free_sample,
		.teardown = kbench_remote_free_teardown,
	},
	{
		.name = "vmalloc",
		.desc = "vmalloc_node(size, mem_node), vfree untimed; every page's node checked",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_HOT | KBENCH_M(PAIR),
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.sample = kbench_vmalloc_sample,
	},
	{
		.name = "vfree",
		.desc = "vfree of size bytes vmalloc_node'd untimed on mem_node",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_HOT,
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.sample = kbench_vfree_sample,
	},
	{
		.name = "vmap",
		.desc = "vmap(VM_MAP, PAGE_KERNEL) of size/PAGE_SIZE pages from mem_node",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_HOT,
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.setup = kbench_vmap_setup,
		.sample = kbench_vmap_sample,
		.teardown = kbench_vmap_teardown,
	},
	{
		.name = "vunmap",
		.desc = "vunmap of a vmap of size/PAGE_SIZE pages from mem_node (lazy TLB flush)",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_HOT,
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.setup = kbench_vmap_setup,
		.sample = kbench_vunmap_sample,
		.teardown = kbench_vmap_teardown,
	},
	{
		.name = "tlb_kernel_flush",
		.desc = "vunmap + vm_unmap_aliases of a size-byte vmap: kernel TLB flush of size + guard page, IPIs",
		.param = KBENCH_PARAM_SIZE,
		.flags = KBENCH_CF_NO_MEM_NODE | KBENCH_CF_IPIS,
		.modes = KBENCH_M_HOT,
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.max_batch = KBENCH_PREEMPT_OFF_BATCH,
		.setup = kbench_tlb_kernel_setup,
		.sample = kbench_tlb_kernel_sample,
		.teardown = kbench_tlb_kernel_teardown,
	},
	{
		.name = "tlb_shootdown_node",
		.desc = "smp_call_function_many(__flush_tlb_all) on mem_node's online CPUs, waited, preemption off",
		.param = KBENCH_PARAM_NONE,
		.flags = KBENCH_CF_TARGET_CPUS | KBENCH_CF_IPIS,
		.modes = KBENCH_M_HOT | KBENCH_M(BUSY),
		.max_batch = KBENCH_PREEMPT_OFF_BATCH,
		.preempt_off = true,
		.setup = kbench_shootdown_setup,
		.sample = kbench_shootdown_sample,
		.teardown = kbench_shootdown_teardown,
	},
	{
		.name = "tlb_flush_local",
		.desc = "__flush_tlb_all() on cpu, preemption off",
		.param = KBENCH_PARAM_NONE,
		.flags = KBENCH_CF_NO_MEM_NODE,
		.modes = KBENCH_M_HOT,
		.max_batch = KBENCH_PREEMPT_OFF_BATCH,
		.preempt_off = true,
		.sample = kbench_tlb_local_sample,
	},
};

const unsigned int kbench_ncases = ARRAY_SIZE(kbench_cases);

const struct kbench_case *kbench_case_get(u32 case_id)
{
	if (case_id >= kbench_ncases)
		return NULL;
	return &kbench_cases[case_id];
}

/*
 * Whether a case takes memory from mem_node (which must then have memory).
 * NO_MEM_NODE cases ignore mem_node; TARGET_CPUS cases use it to name CPUs.
 */
bool kbench_case_allocates(const struct kbench_case *c)
{
	return !(c->flags & (KBENCH_CF_NO_MEM_NODE | KBENCH_CF_TARGET_CPUS));
}

/* Bytes one op holds at once, for the KBENCH_MAX_RUN_BYTES cap. */
u64 kbench_case_op_bytes(const struct kbench_case *c, u64 size, u32 order)
{
	switch (c->param) {
	case KBENCH_PARAM_ORDER:
		return (u64)PAGE_SIZE << order;
	case KBENCH_PARAM_SIZE:
		return size;
	default:
		return kbench_case_allocates(c) ? PAGE_SIZE : 0;
	}
}

u32 kbench_case_max_batch(const struct kbench_case *c)
{
	return c->max_batch ? c->max_batch : KBENCH_MAX_BATCH;
}

/* Sanity of the table itself, checked once at module load. */
int kbench_cases_check(void)
{
	unsigned int i;

	for (i = 0; i < kbench_ncases; i++) {
		const struct kbench_case *c = &kbench_cases[i];

		if (!c->name || strlen(c->name) >= KBENCH_NAME_LEN ||
		    !c->desc || strlen(c->desc) >= KBENCH_DESC_LEN ||
		    !c->sample || !(c->modes & KBENCH_M_HOT) ||
		    c->modes >> KBENCH_NR_MODES ||
		    kbench_case_max_batch(c) > KBENCH_MAX_BATCH) {
			pr_err("case %u is malformed\n", i);
			return -EINVAL;
		}
	}
	return 0;
}
