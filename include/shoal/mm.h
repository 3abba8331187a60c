/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: pages, the buddy allocator (mm/page_alloc.c) and the slab
 * allocator (mm/slab.c).
 *
 * Layout (Sv39): the kernel lives in the upper half of every address space.
 * All RAM is direct-mapped at PAGE_OFFSET + physical address with 1 GiB
 * pages, so __va()/__pa() are additions; the kernel image is linked inside
 * that map (at PAGE_OFFSET + 0x80200000). User space is [0, TASK_SIZE).
 */
#ifndef _SHOAL_MM_H
#define _SHOAL_MM_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/atomic.h>

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)
#define PAGE_MASK       (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)   (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define MAX_ORDER       11              /* orders 0..10: up to 4 MiB blocks */

#define PAGE_OFFSET     0xffffffc000000000UL
#define TASK_SIZE       0x0000004000000000UL   /* 256 GiB user space (Sv39 lower half) */

#ifdef __riscv
#define __va(pa)        ((void *)((unsigned long)(pa) + PAGE_OFFSET))
#define __pa(va)        ((unsigned long)(va) - PAGE_OFFSET)
#else   /* host unit tests map "physical" memory 1:1 */
#define __va(pa)        ((void *)(unsigned long)(pa))
#define __pa(va)        ((unsigned long)(va))
#endif

/* struct page flags */
#define PG_reserved     0x01    /* never handed out (kernel image, firmware) */
#define PG_buddy        0x02    /* free, head of a buddy block of order page->order */
#define PG_slab         0x04    /* owned by the slab allocator */
#define PG_pcp          0x08    /* free, on a per-CPU list */
#define PG_head         0x10    /* first page of a multi-page allocation (order kept) */

/*
 * One per physical page of RAM. Which fields are valid depends on the owner:
 * buddy (order, lru), per-CPU list (lru), slab (slab_*), page cache or anon
 * user page (mapping, index, refcount).
 */
struct page {
	unsigned long flags;
	atomic_t refcount;              /* users; the page is freed when it drops to 0 */
	unsigned int order;             /* buddy block / allocation order */
	struct list_head lru;           /* buddy free list, per-CPU list or slab list */
	/* slab */
	struct kmem_cache *slab_cache;
	void *freelist;                 /* first free object in this slab page */
	unsigned int inuse;             /* objects allocated from this slab page */
	/* page cache / user pages */
	void *mapping;                  /* owning inode (page cache) or NULL (anonymous) */
	pgoff_t index;                  /* page offset within mapping */
	atomic_t mapcount;              /* number of PTEs mapping this page */
};

extern struct page *mem_map;            /* one entry per page of RAM */
extern unsigned long min_pfn, max_pfn;  /* RAM spans [min_pfn, max_pfn) */

static inline struct page *pfn_to_page(unsigned long pfn) { return mem_map + (pfn - min_pfn); }
static inline unsigned long page_to_pfn(const struct page *p) { return (unsigned long)(p - mem_map) + min_pfn; }
static inline phys_addr_t page_to_phys(const struct page *p) { return page_to_pfn(p) << PAGE_SHIFT; }
static inline void *page_address(const struct page *p) { return __va(page_to_phys(p)); }
static inline struct page *virt_to_page(const void *v) { return pfn_to_page(__pa(v) >> PAGE_SHIFT); }
static inline struct page *phys_to_page(phys_addr_t pa) { return pfn_to_page(pa >> PAGE_SHIFT); }
static inline bool pfn_valid(unsigned long pfn) { return pfn >= min_pfn && pfn < max_pfn; }

/* gfp flags */
#define GFP_KERNEL      0x0             /* may sleep (today: never does) */
#define GFP_ATOMIC      0x1             /* from interrupt/softirq context */
#define __GFP_ZERO      0x100           /* zero the memory */
#define GFP_USER        GFP_KERNEL

/*
 * Boot: RAM [base, end) minus the reserved ranges (kernel image, device tree,
 * initramfs, firmware) goes to the buddy allocator.
 */
struct mem_region { phys_addr_t base; phys_addr_t size; };
void page_alloc_init(phys_addr_t ram_base, phys_addr_t ram_end,
		     const struct mem_region *reserved, int nr_reserved);

/* Returns NULL when out of memory. Order > 0 blocks are physically contiguous. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
static inline struct page *alloc_page(gfp_t gfp) { return alloc_pages(gfp, 0); }
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);   /* kernel VA or 0 */
static inline unsigned long __get_free_page(gfp_t gfp) { return __get_free_pages(gfp, 0); }
static inline unsigned long get_zeroed_page(gfp_t gfp) { return __get_free_pages(gfp | __GFP_ZERO, 0); }
void free_pages(unsigned long addr, unsigned int order);
static inline void free_page(unsigned long addr) { free_pages(addr, 0); }

/* Reference counting: alloc_pages() returns refcount 1; put_page() frees at 0
 * (an order > 0 block allocated with alloc_pages is freed whole). */
static inline void get_page(struct page *p) { atomic_inc(&p->refcount); }
void put_page(struct page *p);
static inline int page_count(struct page *p) { return atomic_read(&p->refcount); }

/* Free pages, including those on per-CPU lists. */
unsigned long nr_free_pages(void);
unsigned long nr_total_pages(void);
/* Return every per-CPU list of the calling CPU to the buddy lists. */
void drain_local_pages(void);
/* /proc/buddyinfo: free blocks per order; returns the length. */
int buddyinfo_show(char *buf, size_t size);
/* Check the buddy invariants and this CPU's list: 0 or -EINVAL (tests, debugging). */
int page_alloc_verify(void);

/* Slab allocator with per-CPU object caches (mm/slab.c). */
struct kmem_cache;
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned long flags, void (*ctor)(void *));
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp);
static inline void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp) { return kmem_cache_alloc(c, gfp | __GFP_ZERO); }
void kmem_cache_free(struct kmem_cache *c, void *obj);
void *kmalloc(size_t size, gfp_t gfp);  /* sizes up to 2 MiB; larger: NULL */
static inline void *kzalloc(size_t size, gfp_t gfp) { return kmalloc(size, gfp | __GFP_ZERO); }
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void *krealloc(void *p, size_t size, gfp_t gfp);
void kfree(const void *p);
size_t ksize(const void *p);
char *kstrdup(const char *s, gfp_t gfp);
void kmem_cache_destroy(struct kmem_cache *c);        /* all objects freed, no more users */
/* Flush this CPU's per-CPU object arrays and free every empty slab (leak
 * checks, memory pressure); run on each CPU to get everything back. */
void slab_drain_local(void);
void slab_init(void);                   /* after page_alloc_init(), boot CPU */
/* Bytes held by slabs (for /proc/meminfo Slab:) */
unsigned long slab_total_bytes(void);
/* Show per-cache statistics into buf (for /proc/slabinfo); returns length. */
int slabinfo_show(char *buf, size_t size);

#ifdef CONFIG_DEBUG
#define POISON_FREE 0x6b        /* freed memory is filled with this in debug builds */
#endif

#endif
