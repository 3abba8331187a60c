// SPDX-License-Identifier: MIT
/*
 * The slab allocator: caches of equal-sized objects carved from blocks of
 * pages, with a per-CPU array of free objects in front of each cache (as
 * Linux's SLAB array_cache), so that kmem_cache_alloc/free on the hot path
 * (skbs, sockets) take no shared lock.
 *
 *   kmem_cache_alloc ─► this CPU's array ─(empty: refill a batch)─► cache lists ─► alloc_pages
 *   kmem_cache_free  ─► this CPU's array ─(full: flush a batch)──► cache lists ─► __free_pages
 *
 * A slab is 2^order pages, naturally aligned (buddy blocks are), so the
 * slab holding an object is found from any of its pages: every page of the
 * slab has PG_slab and page->slab_cache; the first page also keeps the
 * slab's free-object list (linked through each free object's first word)
 * and its count of objects in use.
 *
 * kmalloc: power-of-two caches kmalloc-8 .. kmalloc-4096 (objects naturally
 * aligned to their size); 4097 bytes .. 2 MiB come straight from
 * alloc_pages() (PG_head, order kept in the page).
 *
 * Locking:
 *   a CPU's array_cache: only that CPU, with local IRQs disabled (objects
 *     are allocated and freed in interrupt and softirq context);
 *   kmem_cache->lock: the cache's slab lists, counters and every slab's
 *     freelist/inuse; taken with IRQs already off;
 *   slab_caches_lock (irqsave): the list of caches.
 *   Order: slab_caches_lock -> kmem_cache->lock -> zone_lock (page_alloc.c).
 *   Empty slabs are handed back to the page allocator after the cache lock
 *   is dropped.
 *
 * Boot: slab_init() after page_alloc_init(), on the boot CPU with
 * this_cpu() valid; the per-CPU arrays are indexed by smp_processor_id()
 * and need no other per-CPU set-up, so other CPUs may allocate as soon as
 * their tp points at their struct cpu.
 *
 * CONFIG_DEBUG: freed objects are filled with POISON_FREE and checked when
 * handed out again (a write after free panics), fresh objects are filled
 * with POISON_INUSE, frees check that the object belongs to the cache, and
 * an object freed twice while still in this CPU's array, or found already
 * poisoned, panics.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/smp.h>
#include <shoal/spinlock.h>

#define AC_MAX          54      /* keeps struct kmem_cache within 4 KiB */
#define SLAB_MIN_OBJS   8       /* objects per slab we aim for */
#define SLAB_MAX_ORDER  3
#define SLAB_FREE_RESERVE 1     /* empty slabs a cache keeps */
#define KMALLOC_MIN_SHIFT 3
#define KMALLOC_NR      10      /* 8 .. 4096 */
#define KMALLOC_MAX_SIZE (2UL << 20)
#define POISON_INUSE    0x5a

struct array_cache {
	unsigned int avail;             /* objects in entry[] */
	void *entry[AC_MAX];            /* LIFO: entry[avail - 1] is the hottest */
} __cacheline_aligned;

struct kmem_cache {
	/* [const] after creation */
	const char *name;
	size_t object_size;             /* as asked */
	size_t size;                    /* stride: object_size rounded up to the alignment */
	unsigned int order;             /* a slab is 2^order pages */
	unsigned int objs_per_slab;
	unsigned int limit, batch;      /* per-CPU array size and transfer batch */
	void (*ctor)(void *);
	unsigned long flags;
	struct list_head list;          /* in slab_caches [slab_caches_lock] */

	spinlock_t lock;
	struct list_head slabs_partial; /* [lock] */
	struct list_head slabs_full;    /* [lock] */
	struct list_head slabs_free;    /* [lock] */
	unsigned long nr_slabs;         /* [lock], read racily */
	unsigned long nr_free_slabs;    /* [lock] */
	unsigned long nr_out;           /* objects outside slabs: in use or in arrays [lock] */

	struct array_cache cpu[NR_CPUS];        /* [owner CPU, IRQs off] */
};

static struct lock_class slab_caches_class = __LOCK_CLASS("slab_caches_lock", 0);
static spinlock_t slab_caches_lock = { .locked = 0, .owner_cpu = -1, .class = &slab_caches_class };
static LIST_HEAD(slab_caches);                  /* [slab_caches_lock] */

/*
 * Not list_for_each_entry: that forms a kmem_cache pointer from the list head
 * itself, which UBSan (host tests) rejects for this 64-byte-aligned type.
 */
#define for_each_cache(c)                                                       \
	for (struct list_head *__l = slab_caches.next;                          \
	     __l != &slab_caches && ((c) = list_entry(__l, struct kmem_cache, list)); \
	     __l = __l->next)

static struct kmem_cache kmalloc_caches[KMALLOC_NR];
static const char *const kmalloc_names[KMALLOC_NR] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
};
/* One lock class for every cache's lock: they are never nested. */
static struct lock_class kmem_cache_lock_class = __LOCK_CLASS("kmem_cache->lock", 0);

/* ------------------------------------------------------------ slab pages */

static struct page *slab_head(struct kmem_cache *c, const void *obj)
{
	unsigned long pfn = __pa(obj) >> PAGE_SHIFT;

	return pfn_to_page(pfn & ~((1UL << c->order) - 1));
}

/* Allocate and format a new slab. IRQs off, c->lock held. */
static struct page *slab_grow(struct kmem_cache *c, gfp_t gfp)
{
	struct page *page = alloc_pages(gfp & ~__GFP_ZERO, c->order);
	char *base, *obj;
	unsigned int i;

	if (!page)
		return NULL;
	for (i = 0; i < (1U << c->order); i++) {
		page[i].flags |= PG_slab;
		page[i].slab_cache = c;
	}
	base = page_address(page);
#ifdef CONFIG_DEBUG
	memset(base, POISON_FREE, PAGE_SIZE << c->order);
#endif
	page->freelist = NULL;
	for (i = c->objs_per_slab; i-- > 0;) {  /* lowest address first */
		obj = base + i * c->size;
		*(void **)obj = page->freelist;
		page->freelist = obj;
	}
	page->inuse = 0;
	list_add(&page->lru, &c->slabs_free);
	c->nr_slabs++;
	c->nr_free_slabs++;
	return page;
}

/* Give an empty slab back to the page allocator. No lock needed: it is off every list. */
static void slab_release(struct kmem_cache *c, struct page *page)
{
	unsigned int i;

	for (i = 0; i < (1U << c->order); i++) {
		page[i].flags &= ~PG_slab;
		page[i].slab_cache = NULL;
	}
	page->freelist = NULL;
	__free_pages(page, c->order);
}

static void release_list(struct kmem_cache *c, struct list_head *head)
{
	struct page *page, *n;

	list_for_each_entry_safe(page, n, head, lru) {
		list_del(&page->lru);
		slab_release(c, page);
	}
}

/* ---------------------------------------------- moving objects in batches */

/* Move free objects from slab @page into @ac, up to @want. c->lock held. */
static void take_from_slab(struct kmem_cache *c, struct page *page, struct array_cache *ac, unsigned int want)
{
	void *obj;

	if (page->inuse == 0)
		c->nr_free_slabs--;
	while (ac->avail < want && page->freelist) {
		obj = page->freelist;
		page->freelist = *(void **)obj;
		page->inuse++;
		c->nr_out++;
		ac->entry[ac->avail++] = obj;
	}
	list_move(&page->lru, page->freelist ? &c->slabs_partial : &c->slabs_full);
}

/* Fill @ac with up to one batch. IRQs off. Returns the objects now available. */
static unsigned int cache_refill(struct kmem_cache *c, struct array_cache *ac, gfp_t gfp)
{
	struct page *page;

	spin_lock(&c->lock);
	while (ac->avail < c->batch) {
		if (!list_empty(&c->slabs_partial))
			page = list_first_entry(&c->slabs_partial, struct page, lru);
		else if (!list_empty(&c->slabs_free))
			page = list_first_entry(&c->slabs_free, struct page, lru);
		else if (!(page = slab_grow(c, gfp)))
			break;
		take_from_slab(c, page, ac, c->batch);
	}
	spin_unlock(&c->lock);
	return ac->avail;
}

/* Return @obj to its slab; an empty slab beyond the reserve goes on @release. c->lock held. */
static void free_to_slab(struct kmem_cache *c, void *obj, struct list_head *release)
{
	struct page *page = slab_head(c, obj);
	bool was_full = !page->freelist;

	*(void **)obj = page->freelist;
	page->freelist = obj;
	page->inuse--;
	c->nr_out--;
	if (page->inuse == 0) {
		if (c->nr_free_slabs >= SLAB_FREE_RESERVE) {
			list_move(&page->lru, release);
			c->nr_slabs--;
		} else {
			list_move(&page->lru, &c->slabs_free);
			c->nr_free_slabs++;
		}
	} else if (was_full) {
		list_move(&page->lru, &c->slabs_partial);
	}
}

/* Return the @n oldest objects of @ac to their slabs. IRQs off. */
static void cache_flush(struct kmem_cache *c, struct array_cache *ac, unsigned int n)
{
	LIST_HEAD(release);
	unsigned int i;

	spin_lock(&c->lock);
	for (i = 0; i < n; i++)
		free_to_slab(c, ac->entry[i], &release);
	spin_unlock(&c->lock);
	ac->avail -= n;
	memmove(ac->entry, ac->entry + n, ac->avail * sizeof(void *));
	release_list(c, &release);
}

/* ---------------------------------------------------------------- debug */

#ifdef CONFIG_DEBUG
/* A freed object holds POISON_FREE except its first word (the freelist link). */
static void debug_check_alloc(struct kmem_cache *c, void *obj)
{
	const u8 *p = obj;
	size_t i;

	for (i = sizeof(void *); i < c->size; i++)
		if (p[i] != POISON_FREE)
			panic("slab: %s object %p modified after free (offset %lu: %#x)",
			      c->name, obj, (unsigned long)i, p[i]);
	memset(obj, POISON_INUSE, c->size);
}

static void debug_check_free(struct kmem_cache *c, void *obj)
{
	struct page *page = virt_to_page(obj);
	const u8 *p = obj;
	size_t i;

	if (!pfn_valid(__pa(obj) >> PAGE_SHIFT) || !(page->flags & PG_slab) || page->slab_cache != c ||
	    ((char *)obj - (char *)page_address(slab_head(c, obj))) % c->size)
		panic("slab: freeing %p, not an object of %s", obj, c->name);
	for (i = sizeof(void *); i < c->size && p[i] == POISON_FREE; i++)
		;
	if (c->size > 2 * sizeof(void *) && i == c->size)
		panic("slab: double free of %s object %p (already poisoned)", c->name, obj);
	memset(obj, POISON_FREE, c->size);
}

static void debug_check_array(struct kmem_cache *c, struct array_cache *ac, void *obj)
{
	unsigned int i;

	for (i = 0; i < ac->avail; i++)
		if (ac->entry[i] == obj)
			panic("slab: double free of %s object %p", c->name, obj);
}
#else
static inline void debug_check_alloc(struct kmem_cache *c, void *obj) { }
static inline void debug_check_free(struct kmem_cache *c, void *obj) { }
static inline void debug_check_array(struct kmem_cache *c, struct array_cache *ac, void *obj) { }
#endif

/* ------------------------------------------------------------ the cache API */

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	unsigned long flags = local_irq_save();
	struct array_cache *ac = &c->cpu[smp_processor_id()];
	void *obj;

	if (unlikely(!ac->avail) && !cache_refill(c, ac, gfp)) {
		local_irq_restore(flags);
		return NULL;
	}
	obj = ac->entry[--ac->avail];
	local_irq_restore(flags);
	debug_check_alloc(c, obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->object_size);
	if (c->ctor)
		c->ctor(obj);
	return obj;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	unsigned long flags;
	struct array_cache *ac;

	if (!obj)
		return;
	debug_check_free(c, obj);
	flags = local_irq_save();
	ac = &c->cpu[smp_processor_id()];
	debug_check_array(c, ac, obj);
	if (unlikely(ac->avail >= c->limit))
		cache_flush(c, ac, c->batch);
	ac->entry[ac->avail++] = obj;
	local_irq_restore(flags);
}

static void cache_setup(struct kmem_cache *c, const char *name, size_t size, size_t align,
			unsigned long flags, void (*ctor)(void *))
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->object_size = size;
	if (align < sizeof(void *))
		align = sizeof(void *);
	c->size = ALIGN(size < sizeof(void *) ? sizeof(void *) : size, align);
	while ((PAGE_SIZE << c->order) < c->size ||
	       ((PAGE_SIZE << c->order) / c->size < SLAB_MIN_OBJS && c->order < SLAB_MAX_ORDER))
		c->order++;
	c->objs_per_slab = (PAGE_SIZE << c->order) / c->size;
	c->limit = c->size <= 256 ? AC_MAX : c->size <= 1024 ? 32 : c->size <= PAGE_SIZE ? 16 : 8;
	c->batch = (c->limit + 1) / 2;
	c->ctor = ctor;
	c->flags = flags;
	__spin_lock_init(&c->lock, &kmem_cache_lock_class);
	INIT_LIST_HEAD(&c->slabs_partial);
	INIT_LIST_HEAD(&c->slabs_full);
	INIT_LIST_HEAD(&c->slabs_free);
}

static void cache_register(struct kmem_cache *c)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_add_tail(&c->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

/*
 * @align: 0 or a power of two; objects are at least pointer aligned.
 * @ctor runs on every allocation (after __GFP_ZERO), not once per slab as in
 * Linux. @name must stay valid for the cache's lifetime. NULL if out of memory.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned long flags, void (*ctor)(void *))
{
	struct kmem_cache *c;

	if (!size || size > (PAGE_SIZE << SLAB_MAX_ORDER) || (align & (align - 1)))
		return NULL;
	BUILD_BUG_ON(sizeof(struct kmem_cache) > PAGE_SIZE);
	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	cache_setup(c, name, size, align, flags, ctor);
	cache_register(c);
	return c;
}

/* Return this CPU's array and every empty slab of @c to the page allocator. */
static void cache_drain_local(struct kmem_cache *c)
{
	unsigned long flags = local_irq_save();
	struct array_cache *ac = &c->cpu[smp_processor_id()];
	LIST_HEAD(release);

	cache_flush(c, ac, ac->avail);
	spin_lock(&c->lock);
	list_splice_tail_init(&c->slabs_free, &release);
	c->nr_slabs -= c->nr_free_slabs;
	c->nr_free_slabs = 0;
	spin_unlock(&c->lock);
	release_list(c, &release);
	local_irq_restore(flags);
}

/*
 * Destroy a cache whose objects have all been freed. The caller guarantees
 * no CPU uses it any more; objects still in other CPUs' arrays are taken
 * back here too. Panics if objects are still allocated.
 */
void kmem_cache_destroy(struct kmem_cache *c)
{
	unsigned long flags;
	int cpu;

	if (!c)
		return;
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&c->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	flags = local_irq_save();
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		cache_flush(c, &c->cpu[cpu], c->cpu[cpu].avail);
	local_irq_restore(flags);
	cache_drain_local(c);
	if (c->nr_out || c->nr_slabs)
		panic("slab: destroying %s with %lu objects in use", c->name, c->nr_out);
	kfree(c);
}

/*
 * Flush this CPU's arrays of every cache and free all empty slabs (no
 * reserve kept). For leak checks and memory pressure; run it on every CPU
 * (e.g. through smp_call_function_many) to get everything back.
 */
void slab_drain_local(void)
{
	unsigned long flags;
	struct kmem_cache *c;

	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_cache(c)
		cache_drain_local(c);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

/* ------------------------------------------------------------------ kmalloc */

/* Smallest class holding @size (<= PAGE_SIZE); a loop: without Zbb, clz is a libgcc call. */
static unsigned int kmalloc_index(size_t size)
{
	unsigned int i = 0;

	while ((1UL << (i + KMALLOC_MIN_SHIFT)) < size)
		i++;
	return i;
}

static unsigned int size_to_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct page *page;

	if (size <= PAGE_SIZE)
		return kmem_cache_alloc(&kmalloc_caches[kmalloc_index(size)], gfp);
	if (size > KMALLOC_MAX_SIZE)
		return NULL;
	page = alloc_pages(gfp, size_to_order(size));
	return page ? page_address(page) : NULL;
}

void kfree(const void *p)
{
	struct page *page;

	if (!p)
		return;
	if (unlikely(!pfn_valid(__pa(p) >> PAGE_SHIFT)))
		panic("kfree: %p is not in RAM", p);
	page = virt_to_page(p);
	if (page->flags & PG_slab) {
		kmem_cache_free(page->slab_cache, (void *)p);
		return;
	}
	if (!(page->flags & PG_head))
		panic("kfree: %p was not allocated by kmalloc", p);
	__free_pages(page, page->order);
}

size_t ksize(const void *p)
{
	struct page *page;

	if (!p)
		return 0;
	page = virt_to_page(p);
	if (page->flags & PG_slab)
		return page->slab_cache->size;
	return PAGE_SIZE << page->order;
}

/* Grow or shrink; the contents up to the smaller size are kept. size 0 frees. */
void *krealloc(void *p, size_t size, gfp_t gfp)
{
	size_t old = ksize(p);
	void *n;

	if (!size) {
		kfree(p);
		return NULL;
	}
	if (p && size <= old)
		return p;
	n = kmalloc(size, gfp & ~__GFP_ZERO);
	if (!n)
		return NULL;
	if (p)
		memcpy(n, p, old);
	if (gfp & __GFP_ZERO)
		memset((char *)n + old, 0, ksize(n) - old);
	kfree(p);
	return n;
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kmalloc(n * size, gfp | __GFP_ZERO);
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *d;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	d = kmalloc(len, gfp);
	if (d)
		memcpy(d, s, len);
	return d;
}

void slab_init(void)
{
	unsigned int i;

	for (i = 0; i < KMALLOC_NR; i++) {
		cache_setup(&kmalloc_caches[i], kmalloc_names[i], 1UL << (i + KMALLOC_MIN_SHIFT),
			    1UL << (i + KMALLOC_MIN_SHIFT), 0, NULL);
		cache_register(&kmalloc_caches[i]);
	}
}

/* -------------------------------------------------------------- statistics */

unsigned long slab_total_bytes(void)
{
	unsigned long flags, bytes = 0;
	struct kmem_cache *c;

	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_cache(c)
		bytes += READ_ONCE(c->nr_slabs) * (PAGE_SIZE << c->order);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return bytes;
}

static int cache_show(char *buf, size_t size, struct kmem_cache *c)
{
	unsigned long cached = 0, active, total = c->nr_slabs * c->objs_per_slab;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		cached += READ_ONCE(c->cpu[cpu].avail);
	active = c->nr_out > cached ? c->nr_out - cached : 0;
	return scnprintf(buf, size, "%-18s %6lu %6lu %6lu %4u %4u : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
			 c->name, active, total, (unsigned long)c->size, c->objs_per_slab, 1U << c->order,
			 c->limit, c->batch, 0, c->nr_slabs - c->nr_free_slabs, c->nr_slabs, 0);
}

/* Linux's /proc/slabinfo (version 2.1 columns); counts read racily. */
int slabinfo_show(char *buf, size_t size)
{
	unsigned long flags;
	struct kmem_cache *c;
	int n;

	n = scnprintf(buf, size, "slabinfo - version: 2.1\n"
		      "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		      " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_cache(c)
		n += cache_show(buf + n, size - n, c);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return n;
}
