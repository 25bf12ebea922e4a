// SPDX-License-Identifier: GPL-2.0
/*
 * kbench: THE case table. One row per case; KBENCH_IOC_CASE_INFO
 * enumerates it, validate.c checks requests against it and run.c runs it.
 * Adding a case: its callbacks in its family's file, their prototypes in
 * cases.h, one row here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "cases.h"
#include "compat.h"

#define KBENCH_M_ALLOC	(KBENCH_M_HOT | KBENCH_M(COLD) | KBENCH_M(PAIR))
#define KBENCH_M_FREE	(KBENCH_M_HOT | KBENCH_M(COLD))
#define KBENCH_M_LAZY	(KBENCH_M_HOT | KBENCH_M(PURGE))
/* kvfree_rcu's deferred frees can be waited for from 6.12 on (compat.h). */
#ifdef KBENCH_HAVE_KVFREE_RCU_BARRIER
#define KBENCH_M_RCU	KBENCH_M_LAZY
#else
#define KBENCH_M_RCU	KBENCH_M_HOT
#endif
/*
 * alloc_percpu sizes: up to a quarter of the smallest unit a per-CPU chunk
 * has (PCPU_MIN_UNIT_SIZE, 32 KiB, also the largest allocation it takes):
 * larger ones leave a chunk one or two allocations, so the region would
 * time chunk creation (a vmalloc of every CPU's unit), not the allocator.
 */
#define KBENCH_PERCPU_MAX_SIZE	(PCPU_MIN_UNIT_SIZE / 4)
/*
 * A timed region with preemption off (.preempt_off) must not hold its CPU
 * for long: on a server that is RCU-stall and soft-lockup territory, and
 * latency for everything else waiting for that CPU. Such a region holds
 * at most KBENCH_PREEMPT_OFF_BATCH ops, orders up to
 * PAGE_ALLOC_COSTLY_ORDER (above it the allocator may compact) and at
 * most KBENCH_PREEMPT_OFF_BYTES, batch x bytes per op (init_on_alloc
 * zeroes all of it inside the region). With IRQs off too (.irqs_off) the
 * caps are tighter, as interrupts of the whole machine's devices routed
 * here wait: KBENCH_IRQS_OFF_BATCH ops, KBENCH_IRQS_OFF_BYTES.
 * kbench_cases_check() enforces it; KBENCH_IOC_CASE_INFO reports the byte
 * budget (max_region_bytes), validate.c answers a request above it ERANGE.
 */
#define KBENCH_PREEMPT_OFF_BATCH 64
#define KBENCH_PREEMPT_OFF_BYTES SZ_1M
#define KBENCH_IRQS_OFF_BATCH	16
#define KBENCH_IRQS_OFF_BYTES	SZ_128K

const struct kbench_case kbench_cases[] = {
	{
		.name = "buddy_alloc",
		.desc = "alloc_pages_node(mem_node, __GFP_THISNODE, order), freed untimed",
		.param = KBENCH_PARAM_ORDER,
		.modes = KBENCH_M_ALLOC | KBENCH_M(BUDDY) | KBENCH_M(LOW),
		.max_order = KBENCH_NR_PAGE_ORDERS - 1,
		.setup = kbench_buddy_setup,
		.sample = kbench_buddy_alloc_sample,
		.teardown = kbench_buddy_teardown,
	},
	{
		.name = "buddy_alloc_fallback",
		.desc = "alloc_pages_node(mem_node, GFP_KERNEL, order) without __GFP_THISNODE: off-node pages are misplaced",
		.param = KBENCH_PARAM_ORDER,
		.modes = KBENCH_M_HOT | KBENCH_M(PAIR) | KBENCH_M(LOW),
		.max_order = KBENCH_NR_PAGE_ORDERS - 1,
		.setup = kbench_buddy_setup,
		.sample = kbench_buddy_fallback_sample,
		.teardown = kbench_buddy_teardown,
	},
	{
		.name = "alloc_pages_bulk",
		.desc = "one alloc_pages_bulk_array_node(mem_node) of batch pages (per-op = call / batch), freed untimed",
		.param = KBENCH_PARAM_NONE,
		.modes = KBENCH_M_HOT,
		.sample = kbench_pages_bulk_sample,
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
		.name = "buddy_alloc_nowait",
		.desc = "alloc_pages_node(mem_node, GFP_NOWAIT | __GFP_THISNODE, order), preemption off",
		.param = KBENCH_PARAM_ORDER,
		.modes = KBENCH_M_HOT,
		.max_order = PAGE_ALLOC_COSTLY_ORDER,
		.max_batch = KBENCH_PREEMPT_OFF_BYTES /
			     (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER),
		.preempt_off = true,
		.max_region_bytes = KBENCH_PREEMPT_OFF_BYTES,
		.sample = kbench_buddy_nowait_sample,
	},
	{
		.name = "buddy_alloc_gfp_atomic",
		.desc = "alloc_pages_node(mem_node, GFP_ATOMIC | __GFP_THISNODE, order), IRQs off",
		.param = KBENCH_PARAM_ORDER,
		.modes = KBENCH_M_HOT,
		.max_order = PAGE_ALLOC_COSTLY_ORDER,
		.max_batch = KBENCH_IRQS_OFF_BATCH,
		.preempt_off = true,
		.irqs_off = true,
		.max_region_bytes = KBENCH_IRQS_OFF_BYTES,
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
		.name = "kmalloc_nowait",
		.desc = "kmalloc_node(size, GFP_NOWAIT, mem_node), preemption off, freed untimed",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_HOT,
		.min_size = 8,
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.max_batch = KBENCH_PREEMPT_OFF_BATCH,
		.preempt_off = true,
		.max_region_bytes = KBENCH_PREEMPT_OFF_BYTES,
		.sample = kbench_kmalloc_nowait_sample,
	},
	{
		.name = "kmalloc_gfp_atomic",
		.desc = "kmalloc_node(size, GFP_ATOMIC, mem_node), IRQs off, freed untimed",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_HOT,
		.min_size = 8,
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.max_batch = KBENCH_IRQS_OFF_BATCH,
		.preempt_off = true,
		.irqs_off = true,
		.max_region_bytes = KBENCH_IRQS_OFF_BYTES,
		.sample = kbench_kmalloc_atomic_sample,
	},
	{
		.name = "kmalloc_account",
		.desc = "kmalloc_node(size, GFP_KERNEL_ACCOUNT, mem_node): charged to the caller's memcg, freed untimed",
		.param = KBENCH_PARAM_SIZE,
		.flags = KBENCH_CF_MEMCG,
		.modes = KBENCH_M_ALLOC,
		.min_size = 8,
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.sample = kbench_kmalloc_account_sample,
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
		.name = "kfree_bulk",
		.desc = "one kfree_bulk of batch objects kmalloc_node'd untimed on mem_node (per-op = call / batch)",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_FREE,
		.min_size = 8,
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.sample = kbench_kfree_bulk_sample,
	},
	{
		.name = "kvfree_rcu",
		.desc = "kvfree_rcu(obj, rcu) of kmalloc_node'd objects; purge (6.12+): + kvfree_rcu_barrier(), the frees",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_RCU,
		.min_size = sizeof(struct rcu_head),
		.max_size = KMALLOC_MAX_CACHE_SIZE,
		.setup = kbench_kvfree_rcu_setup,
		.sample = kbench_kvfree_rcu_sample,
		.teardown = kbench_kvfree_rcu_teardown,
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
		.name = "kmem_cache_free_bulk",
		.desc = "one kmem_cache_free_bulk of batch objects of a private cache, allocated untimed on mem_node",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_FREE,
		.min_size = 8,
		.max_size = 8192,
		.setup = kbench_cache_setup,
		.sample = kbench_cache_free_bulk_sample,
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
		.modes = KBENCH_M_HOT | KBENCH_M(PAIR) | KBENCH_M(PURGE),
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.sample = kbench_vmalloc_sample,
	},
	{
		.name = "vfree",
		.desc = "vfree of size bytes vmalloc_node'd untimed on mem_node",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_LAZY,
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
		.modes = KBENCH_M_LAZY,
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.setup = kbench_vmap_setup,
		.sample = kbench_vunmap_sample,
		.teardown = kbench_vmap_teardown,
	},
	{
		.name = "vm_map_ram",
		.desc = "vm_map_ram(pages, size/PAGE_SIZE, mem_node) of pages from mem_node, vm_unmap_ram untimed",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_HOT,
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.setup = kbench_vmap_setup,
		.sample = kbench_vm_map_ram_sample,
		.teardown = kbench_vmap_teardown,
	},
	{
		.name = "vm_unmap_ram",
		.desc = "vm_unmap_ram of a vm_map_ram of size/PAGE_SIZE pages from mem_node (lazy TLB flush)",
		.param = KBENCH_PARAM_SIZE,
		.modes = KBENCH_M_LAZY,
		.min_size = SZ_4K,
		.max_size = SZ_4M,
		.setup = kbench_vmap_setup,
		.sample = kbench_vm_unmap_ram_sample,
		.teardown = kbench_vmap_teardown,
	},
	{
		.name = "alloc_percpu",
		.desc = "__alloc_percpu(size, 8): size bytes in every CPU's unit, each on its CPU's node; free_percpu untimed",
		.param = KBENCH_PARAM_SIZE,
		.flags = KBENCH_CF_NO_MEM_NODE,
		.modes = KBENCH_M_HOT,
		.min_size = 8,
		.max_size = KBENCH_PERCPU_MAX_SIZE,
		.max_region_bytes = SZ_1M,
		.setup = kbench_percpu_setup,
		.sample = kbench_percpu_sample,
		.teardown = kbench_percpu_teardown,
	},
	{
		.name = "tlb_kernel_flush",
		.desc = "vunmap + vm_unmap_aliases of a size-byte vmap, minus an idle vm_unmap_aliases: kernel TLB flush, IPIs",
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
		.name = "tlb_ipi_flush_node",
		.desc = "IPI round trip: smp_call_function_many(__flush_tlb_all) on mem_node's online CPUs, preemption off",
		.param = KBENCH_PARAM_NONE,
		.flags = KBENCH_CF_TARGET_CPUS | KBENCH_CF_IPIS,
		.modes = KBENCH_M_HOT | KBENCH_M(BUSY),
		.max_batch = KBENCH_PREEMPT_OFF_BATCH,
		.preempt_off = true,
		.max_region_bytes = KBENCH_PREEMPT_OFF_BYTES,
		.setup = kbench_ipi_flush_setup,
		.sample = kbench_ipi_flush_sample,
		.teardown = kbench_ipi_flush_teardown,
	},
	{
		.name = "tlb_flush_local",
		.desc = "__flush_tlb_all() on cpu, preemption off",
		.param = KBENCH_PARAM_NONE,
		.flags = KBENCH_CF_NO_MEM_NODE,
		.modes = KBENCH_M_HOT,
		.max_batch = KBENCH_PREEMPT_OFF_BATCH,
		.preempt_off = true,
		.max_region_bytes = KBENCH_PREEMPT_OFF_BYTES,
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

/* Bytes one timed region may hold: batch x kbench_case_op_bytes(). */
u64 kbench_case_max_region_bytes(const struct kbench_case *c)
{
	return c->max_region_bytes ? c->max_region_bytes :
				     KBENCH_MAX_RUN_BYTES;
}

/*
 * A preemption-off case within its caps (see KBENCH_PREEMPT_OFF_BYTES):
 * order, batch and byte budget; an IRQs-off case within the tighter ones.
 * One op of the largest size must fit the budget (batch 1 of every order
 * or size the case accepts is runnable).
 */
static bool kbench_case_preempt_ok(const struct kbench_case *c)
{
	u64 largest = kbench_case_op_bytes(c, c->max_size, c->max_order);
	u64 bytes = c->irqs_off ? KBENCH_IRQS_OFF_BYTES : KBENCH_PREEMPT_OFF_BYTES;
	u32 batch = c->irqs_off ? KBENCH_IRQS_OFF_BATCH : KBENCH_PREEMPT_OFF_BATCH;

	if (c->irqs_off && !c->preempt_off)
		return false;
	if (!c->preempt_off)
		return true;
	if (!c->max_region_bytes || c->max_region_bytes > bytes ||
	    kbench_case_max_batch(c) > batch)
		return false;
	if (c->param == KBENCH_PARAM_ORDER &&
	    c->max_order > PAGE_ALLOC_COSTLY_ORDER)
		return false;
	return largest <= c->max_region_bytes;
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
		    kbench_case_max_batch(c) > KBENCH_MAX_BATCH ||
		    kbench_case_max_region_bytes(c) > KBENCH_MAX_RUN_BYTES ||
		    !kbench_case_preempt_ok(c)) {
			pr_err("case %u is malformed\n", i);
			return -EINVAL;
		}
	}
	return 0;
}
