// SPDX-License-Identifier: MIT
/*
 * The page allocator: a binary buddy system over mem_map, with per-CPU lists
 * of single pages in front of it (as Linux's per_cpu_pages).
 *
 * Locking:
 *   zone_lock (spinlock, taken with IRQs off: pages are allocated and freed
 *   from interrupt and softirq context) guards the buddy free lists, their
 *   counts and the PG_buddy flag / order of free blocks.
 *   A CPU's per_cpu_pages is touched only by that CPU with local IRQs
 *   disabled, and no lock; nr_free_pages() reads the counts racily.
 *   Lock order: kmem_cache->lock (mm/slab.c) -> zone_lock. zone_lock is a
 *   leaf: nothing else is taken under it.
 *
 * Invariants (checked by page_alloc_verify()):
 *   - a free block of order k starts at a pfn that is a multiple of 2^k, has
 *     PG_buddy and page->order == k on its first page only, and sits on
 *     free_list[k];
 *   - pages on a per-CPU list have PG_pcp; free pages have refcount 0;
 *   - an allocated block has refcount >= 1 on its first page, PG_head when
 *     its order is > 0, and page->order = its order (tail pages: refcount 0).
 *
 * Boot: page_alloc_init() runs once on the boot CPU, before any other CPU
 * starts and before slab_init(); this_cpu() must be valid (the per-CPU lists
 * are indexed by smp_processor_id()).
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/smp.h>
#include <shoal/spinlock.h>

#define PCP_BATCH 31            /* pages moved between a per-CPU list and the buddy lists at once */
#define PCP_HIGH  (3 * PCP_BATCH)

struct page *mem_map;
unsigned long min_pfn, max_pfn;

static struct lock_class zone_lock_class = __LOCK_CLASS("zone->lock", 0);
static spinlock_t zone_lock = { .locked = 0, .owner_cpu = -1, .class = &zone_lock_class };

static struct list_head free_list[MAX_ORDER];   /* [zone_lock] */
static unsigned long nr_free_blocks[MAX_ORDER]; /* [zone_lock] */
static unsigned long buddy_free_pages;          /* [zone_lock], read racily */
static unsigned long managed_pages;             /* [const after init] */

/*
 * Per-CPU lists of free blocks, one list per order up to PCP_MAX_ORDER
 * (128 KiB): single pages for page tables and user memory, and the larger
 * blocks that kmalloc hands out for big buffers (a 64 KiB socket buffer is
 * an order-5 block), so that the network fast path never takes zone_lock.
 */
#define PCP_MAX_ORDER   5
struct per_cpu_pages {
	int count;                      /* pages (not blocks) on all lists [owner CPU, IRQs off] */
	int nr[PCP_MAX_ORDER + 1];      /* blocks per list */
	struct list_head lists[PCP_MAX_ORDER + 1];      /* hot blocks at the head */
} __cacheline_aligned;
static struct per_cpu_pages pcp_lists[NR_CPUS];

/* ------------------------------------------------------------ buddy core */

static void add_free_block(struct page *page, unsigned int order)
{
	page->flags = PG_buddy;
	page->order = order;
	list_add(&page->lru, &free_list[order]);
	nr_free_blocks[order]++;
}

static void del_free_block(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	page->flags &= ~PG_buddy;
	nr_free_blocks[order]--;
}

/* Free a block of 2^order pages starting at @pfn, merging with free buddies. Caller holds zone_lock. */
static void __free_one(unsigned long pfn, unsigned int order)
{
	assert_spin_locked(&zone_lock);
	buddy_free_pages += 1UL << order;
	while (order < MAX_ORDER - 1) {
		unsigned long bpfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!pfn_valid(bpfn))
			break;
		buddy = pfn_to_page(bpfn);
		if (!(buddy->flags & PG_buddy) || buddy->order != order)
			break;
		del_free_block(buddy, order);
		pfn &= ~(1UL << order);
		order++;
	}
	add_free_block(pfn_to_page(pfn), order);
}

/* Take a block of 2^order pages, splitting a larger one if needed. Caller holds zone_lock. */
static struct page *__rmqueue(unsigned int order)
{
	unsigned int o = order;
	struct page *page;

	assert_spin_locked(&zone_lock);

	while (o < MAX_ORDER && list_empty(&free_list[o]))
		o++;
	if (o == MAX_ORDER)
		return NULL;
	page = list_first_entry(&free_list[o], struct page, lru);
	del_free_block(page, o);
	while (o > order) {             /* give back the upper halves */
		o--;
		add_free_block(page + (1UL << o), o);
	}
	buddy_free_pages -= 1UL << order;
	return page;
}

/* ------------------------------------------------------- per-CPU lists */

/* Large blocks travel between CPUs (a socket buffer is allocated by the
 * sender's CPU and freed by the receiver's), so batch them too. */
static inline int pcp_batch(unsigned int order) { return order ? 8 : PCP_BATCH; }
static inline int pcp_high(unsigned int order) { return order ? 24 : PCP_HIGH; }

/* Move up to @n blocks of @order from the buddy lists onto @pcp. IRQs off. */
static void pcp_refill(struct per_cpu_pages *pcp, unsigned int order, int n)
{
	struct page *page;

	spin_lock(&zone_lock);
	while (n-- > 0 && (page = __rmqueue(order))) {
		page->flags = PG_pcp;
		page->order = order;
		list_add_tail(&page->lru, &pcp->lists[order]);
		pcp->nr[order]++;
		pcp->count += 1 << order;
	}
	spin_unlock(&zone_lock);
}

/* Return the @n coldest blocks of @order on @pcp to the buddy lists. IRQs off. */
static void pcp_drain(struct per_cpu_pages *pcp, unsigned int order, int n)
{
	struct page *page;

	spin_lock(&zone_lock);
	while (n-- > 0 && pcp->nr[order]) {
		page = list_last_entry(&pcp->lists[order], struct page, lru);
		list_del(&page->lru);
		pcp->nr[order]--;
		pcp->count -= 1 << order;
		page->flags = 0;
		__free_one(page_to_pfn(page), order);
	}
	spin_unlock(&zone_lock);
}

static struct page *rmqueue_pcp(unsigned int order)
{
	unsigned long flags = local_irq_save();
	struct per_cpu_pages *pcp = &pcp_lists[smp_processor_id()];
	struct page *page = NULL;

	if (!pcp->nr[order])
		pcp_refill(pcp, order, pcp_batch(order));
	if (pcp->nr[order]) {
		page = list_first_entry(&pcp->lists[order], struct page, lru);
		list_del(&page->lru);
		pcp->nr[order]--;
		pcp->count -= 1 << order;
		page->flags = 0;
	}
	local_irq_restore(flags);
	return page;
}

static void free_pcp(struct page *page, unsigned int order)
{
	unsigned long flags = local_irq_save();
	struct per_cpu_pages *pcp = &pcp_lists[smp_processor_id()];

	page->flags = PG_pcp;
	page->order = order;
	list_add(&page->lru, &pcp->lists[order]);
	pcp->count += 1 << order;
	if (++pcp->nr[order] >= pcp_high(order))
		pcp_drain(pcp, order, pcp_batch(order));
	local_irq_restore(flags);
}

void drain_local_pages(void)
{
	unsigned long flags = local_irq_save();
	struct per_cpu_pages *pcp = &pcp_lists[smp_processor_id()];
	unsigned int o;

	for (o = 0; o <= PCP_MAX_ORDER; o++)
		pcp_drain(pcp, o, pcp->nr[o]);
	local_irq_restore(flags);
}

/* ------------------------------------------------------------- the API */

static struct page *rmqueue_buddy(unsigned int order)
{
	unsigned long flags;
	struct page *page;

	spin_lock_irqsave(&zone_lock, flags);
	page = __rmqueue(order);
	spin_unlock_irqrestore(&zone_lock, flags);
	return page;
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	DEBUG_ASSERT(atomic_read(&page->refcount) == 0);
	page->flags = order ? PG_head : 0;
	page->order = order;
	atomic_set(&page->refcount, 1);
	atomic_set(&page->mapcount, 0);
	page->mapping = NULL;
	page->index = 0;
	page->slab_cache = NULL;
	page->freelist = NULL;
	page->inuse = 0;
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (order >= MAX_ORDER)
		return NULL;
	page = order <= PCP_MAX_ORDER ? rmqueue_pcp(order) : rmqueue_buddy(order);
	if (!page && order) {
		/* Single pages parked on this CPU's list may complete a block. */
		drain_local_pages();
		page = rmqueue_buddy(order);
	}
	if (page)
		prep_new_page(page, order, gfp);
	return page;
}

static void free_pages_ok(struct page *page, unsigned int order)
{
	unsigned long flags;

	if (page->flags & (PG_reserved | PG_buddy | PG_pcp | PG_slab))
		panic("page_alloc: freeing pfn %#lx with flags %#lx", page_to_pfn(page), page->flags);
#ifdef CONFIG_DEBUG
	if ((page->flags & PG_head) && page->order != order)
		panic("page_alloc: pfn %#lx allocated with order %u, freed with order %u",
		      page_to_pfn(page), page->order, order);
	memset(page_address(page), POISON_FREE, PAGE_SIZE << order);
#endif
	if (order <= PCP_MAX_ORDER) {
		free_pcp(page, order);
		return;
	}
	page->flags = 0;
	spin_lock_irqsave(&zone_lock, flags);
	__free_one(page_to_pfn(page), order);
	spin_unlock_irqrestore(&zone_lock, flags);
}

/* Drops a reference; the block goes back when the count reaches 0 (as Linux). */
void __free_pages(struct page *page, unsigned int order)
{
	int c = atomic_dec_return(&page->refcount);

	if (likely(c > 0))
		return;
	if (unlikely(c < 0))
		panic("page_alloc: double free of pfn %#lx (order %u)", page_to_pfn(page), order);
	free_pages_ok(page, order);
}

void put_page(struct page *page)
{
	__free_pages(page, (page->flags & PG_head) ? page->order : 0);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

unsigned long nr_free_pages(void)
{
	unsigned long n = READ_ONCE(buddy_free_pages);
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		n += READ_ONCE(pcp_lists[cpu].count);
	return n;
}

unsigned long nr_total_pages(void)
{
	return managed_pages;
}

/* /proc/buddyinfo: free blocks per order. */
int buddyinfo_show(char *buf, size_t size)
{
	int n = scnprintf(buf, size, "Node 0, zone   Normal");
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++)
		n += scnprintf(buf + n, size - n, " %6lu", READ_ONCE(nr_free_blocks[o]));
	return n + scnprintf(buf + n, size - n, "\n");
}

/* ------------------------------------------------------------- checking */

static int verify_order(unsigned int o, unsigned long *pages)
{
	struct page *page;
	unsigned long n = 0, pfn;

	list_for_each_entry(page, &free_list[o], lru) {
		pfn = page_to_pfn(page);
		if (!(page->flags & PG_buddy) || page->order != o || (pfn & ((1UL << o) - 1)) ||
		    !pfn_valid(pfn + (1UL << o) - 1) || atomic_read(&page->refcount))
			return -EINVAL;
		n++;
	}
	*pages += n << o;
	return n == nr_free_blocks[o] ? 0 : -EINVAL;
}

/* Checks the invariants at the top of this file for the buddy lists and
 * this CPU's list. Returns 0 or -EINVAL. For tests and debugging. */
int page_alloc_verify(void)
{
	unsigned long flags, pages = 0;
	struct per_cpu_pages *pcp;
	struct page *page;
	unsigned int o;
	int err = 0, n = 0;

	flags = local_irq_save();
	spin_lock(&zone_lock);
	for (o = 0; o < MAX_ORDER && !err; o++)
		err = verify_order(o, &pages);
	if (!err && pages != buddy_free_pages)
		err = -EINVAL;
	spin_unlock(&zone_lock);
	pcp = &pcp_lists[smp_processor_id()];
	for (o = 0; o <= PCP_MAX_ORDER; o++) {
		int blocks = 0;

		list_for_each_entry(page, &pcp->lists[o], lru) {
			blocks++;
			n += 1 << o;
			if (!(page->flags & PG_pcp) || page->order != o || atomic_read(&page->refcount))
				err = -EINVAL;
		}
		if (blocks != pcp->nr[o])
			err = -EINVAL;
	}
	if (n != pcp->count)
		err = -EINVAL;
	local_irq_restore(flags);
	return err;
}

/* ----------------------------------------------------------------- boot */

static phys_addr_t range_start(const struct mem_region *r) { return r->base & PAGE_MASK; }
static phys_addr_t range_end(const struct mem_region *r) { return PAGE_ALIGN(r->base + r->size); }

/* First address >= @from where @size bytes miss every reserved range, or 0. */
static phys_addr_t find_gap(phys_addr_t from, phys_addr_t ram_end, phys_addr_t size,
			    const struct mem_region *res, int nres)
{
	int i;

again:
	for (i = 0; i < nres; i++) {
		if (from < range_end(&res[i]) && range_start(&res[i]) < from + size) {
			from = range_end(&res[i]);
			goto again;
		}
	}
	return from + size <= ram_end ? from : 0;
}

/*
 * Where mem_map goes: after the lowest reserved range (normally the
 * firmware or the kernel image at the bottom of RAM), in the first gap big
 * enough; so RAM below the kernel that the caller forgot to reserve (OpenSBI
 * lives there, behind PMP) is never written. Falls back to any gap.
 */
static phys_addr_t place_mem_map(phys_addr_t base, phys_addr_t end, phys_addr_t size,
				 const struct mem_region *res, int nres)
{
	phys_addr_t from = base, pa;
	int i, low = -1;

	for (i = 0; i < nres; i++)
		if (range_end(&res[i]) > base && range_start(&res[i]) < end &&
		    (low < 0 || res[i].base < res[low].base))
			low = i;
	if (low >= 0 && range_end(&res[low]) > from)
		from = range_end(&res[low]);
	pa = find_gap(from, end, size, res, nres);
	if (!pa)
		pa = find_gap(base, end, size, res, nres);
	if (!pa)
		panic("page_alloc: no room for mem_map (%lu bytes)", (unsigned long)size);
	return pa;
}

static bool pfn_reserved(unsigned long pfn, const struct mem_region *res, int nres)
{
	phys_addr_t pa = pfn << PAGE_SHIFT;
	int i;

	for (i = 0; i < nres; i++)
		if (pa >= range_start(&res[i]) && pa < range_end(&res[i]))
			return true;
	return false;
}

/* Hand [start, end) to the buddy lists in the largest aligned blocks. */
static void free_range(unsigned long start, unsigned long end)
{
	unsigned int order;

	spin_lock(&zone_lock);          /* boot: uncontended, but __free_one's contract */
	while (start < end) {
		order = MAX_ORDER - 1;
		while ((start & ((1UL << order) - 1)) || start + (1UL << order) > end)
			order--;
		__free_one(start, order);
		managed_pages += 1UL << order;
		start += 1UL << order;
	}
	spin_unlock(&zone_lock);
}

/* Frees every page not covered by @res (which includes mem_map itself). */
static void free_unreserved(const struct mem_region *res, int nres)
{
	unsigned long pfn = min_pfn, run;

	while (pfn < max_pfn) {
		if (pfn_reserved(pfn, res, nres)) {
			pfn++;
			continue;
		}
		for (run = pfn; run < max_pfn && !pfn_reserved(run, res, nres); run++) {
			mem_map[run - min_pfn].flags = 0;
			atomic_set(&mem_map[run - min_pfn].refcount, 0);
		}
		free_range(pfn, run);
		pfn = run;
	}
}

#define MAX_BOOT_RESERVED 32

void page_alloc_init(phys_addr_t ram_base, phys_addr_t ram_end,
		     const struct mem_region *reserved, int nr_reserved)
{
	struct mem_region res[MAX_BOOT_RESERVED + 1];
	unsigned long npages, i;
	phys_addr_t mm_size;
	int o;

	BUG_ON(nr_reserved < 0 || nr_reserved > MAX_BOOT_RESERVED);
	ram_base = PAGE_ALIGN(ram_base);
	ram_end &= PAGE_MASK;
	BUG_ON(ram_end <= ram_base);
	min_pfn = ram_base >> PAGE_SHIFT;
	max_pfn = ram_end >> PAGE_SHIFT;
	npages = max_pfn - min_pfn;
	mm_size = PAGE_ALIGN(npages * sizeof(struct page));

	memcpy(res, reserved, nr_reserved * sizeof(*res));
	res[nr_reserved].base = place_mem_map(ram_base, ram_end, mm_size, res, nr_reserved);
	res[nr_reserved].size = mm_size;
	mem_map = __va(res[nr_reserved].base);
	memset(mem_map, 0, npages * sizeof(struct page));
	for (i = 0; i < npages; i++) {
		mem_map[i].flags = PG_reserved;
		atomic_set(&mem_map[i].refcount, 1);
		INIT_LIST_HEAD(&mem_map[i].lru);
	}
	for (o = 0; o < MAX_ORDER; o++)
		INIT_LIST_HEAD(&free_list[o]);
	for (o = 0; o < NR_CPUS; o++)
		for (i = 0; i <= PCP_MAX_ORDER; i++)
			INIT_LIST_HEAD(&pcp_lists[o].lists[i]);
	free_unreserved(res, nr_reserved + 1);
	pr_info("page_alloc: %lu MiB RAM at %#lx, %lu pages free, mem_map at %#lx (%lu KiB)\n",
		(unsigned long)((ram_end - ram_base) >> 20), (unsigned long)ram_base, managed_pages,
		(unsigned long)res[nr_reserved].base, (unsigned long)(mm_size >> 10));
}
