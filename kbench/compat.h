/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench: the one place for kernel version differences.
 *
 * Supported: Debian 6.1 and 6.12 (and anything in between). Since 6.10,
 * kmalloc_node, vmalloc_node, alloc_pages_node, kmem_cache_alloc_node and
 * kmem_cache_alloc_bulk are macros over *_noprof symbols (memory allocation
 * profiling): kbench calls the macros only, never the symbols.
 */
#ifndef _KBENCH_COMPAT_H
#define _KBENCH_COMPAT_H

#include <linux/version.h>

/* rdtsc, irq_stat, clflush and the TLB flush paths are x86's. */
#ifndef CONFIG_X86_64
#error "kbench supports x86-64 only"
#endif
#include <linux/mmzone.h>
#include <linux/slab.h>

/*
 * Number of buddy orders, orders 0 .. KBENCH_NR_PAGE_ORDERS - 1.
 * 6.1..6.3: MAX_ORDER is exclusive (11). 6.4..6.7: MAX_ORDER is inclusive
 * (10). 6.8+: MAX_PAGE_ORDER (10) and NR_PAGE_ORDERS.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define KBENCH_NR_PAGE_ORDERS	NR_PAGE_ORDERS
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define KBENCH_NR_PAGE_ORDERS	(MAX_ORDER + 1)
#else
#define KBENCH_NR_PAGE_ORDERS	MAX_ORDER
#endif

/*
 * A private cache must stay private: with slab merging (Debian's default)
 * a plain cache becomes an alias of kmalloc-N. 6.5+ has SLAB_NO_MERGE;
 * before that a usercopy region (kbench always sets one, the whole object)
 * makes a cache unmergeable when CONFIG_HARDENED_USERCOPY=y (Debian).
 */
#ifdef SLAB_NO_MERGE
#define KBENCH_SLAB_NO_MERGE	SLAB_NO_MERGE
#else
#define KBENCH_SLAB_NO_MERGE	0
#endif

/* 6.4+: trace/events/vmalloc.h (alloc/purge/free_noflush of vmap areas). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define KBENCH_HAVE_VMAP_TP 1
#endif

/* 6.7+: pcp->high auto-tunes between pcp->high_min and pcp->high_max. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
#define KBENCH_HAVE_PCP_HIGH_RANGE 1
#endif

/*
 * alloc_pages_bulk, array form, one node: 6.1..6.13 call it
 * alloc_pages_bulk_array_node (a macro over *_noprof since 6.10); 6.14
 * renamed it alloc_pages_bulk_node. Unfilled slots must be NULL.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
#define kbench_alloc_pages_bulk_node(gfp, nid, nr, pages) \
	alloc_pages_bulk_node(gfp, nid, nr, pages)
#else
#define kbench_alloc_pages_bulk_node(gfp, nid, nr, pages) \
	alloc_pages_bulk_array_node(gfp, nid, nr, pages)
#endif

/*
 * 6.12+: kvfree_rcu_barrier() waits until every object kvfree_rcu() was
 * given is freed. Before it nothing exported does: rcu_barrier() waits
 * for call_rcu() callbacks only, and kvfree_rcu() batches objects in
 * per-CPU arrays drained by a delayed work (HZ/20 on 6.1) whose grace
 * period then frees them from another work item.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define KBENCH_HAVE_KVFREE_RCU_BARRIER 1
#endif

#endif /* _KBENCH_COMPAT_H */
