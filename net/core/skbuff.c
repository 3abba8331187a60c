// SPDX-License-Identifier: MIT
/*
 * Socket buffers: allocation, sharing, geometry, fragments, queues. The
 * layout, the two reference counts and the per-CPU header cache are
 * described in include/shoal/skbuff.h.
 *
 * Locks: only sk_buff_head.lock (unranked; irqsave, because a queue may be
 * fed from a NIC interrupt). The per-CPU header cache is guarded by
 * disabling interrupts on the owning CPU, not by a lock.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/smp.h>
#include <shoal/irqflags.h>
#include <shoal/skbuff.h>

#define SKB_CACHE_SIZE  64
#define SKB_CACHE_BATCH 16

/* Free sk_buff headers of one CPU [owner, irqs off]. */
struct skb_cpu_cache {
	unsigned int count;
	struct sk_buff *skbs[SKB_CACHE_SIZE];
} __cacheline_aligned;

static struct kmem_cache *skbuff_head_cache;
static DEFINE_PER_CPU(struct skb_cpu_cache, skb_cpu_caches);

BUILD_BUG_ON(offsetof(struct sk_buff, next) != offsetof(struct sk_buff_head, next));
BUILD_BUG_ON(offsetof(struct sk_buff, prev) != offsetof(struct sk_buff_head, prev));

void skb_init(void)
{
	int cpu;

	skbuff_head_cache = kmem_cache_create("skbuff_head_cache", sizeof(struct sk_buff),
					      SMP_CACHE_BYTES, 0, NULL);
	BUG_ON(!skbuff_head_cache);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		per_cpu(skb_cpu_caches, cpu).count = 0;
}

/* Move up to SKB_CACHE_BATCH headers from the slab into @c; false if none. */
static bool skb_cache_refill(struct skb_cpu_cache *c)
{
	struct sk_buff *skb;

	while (c->count < SKB_CACHE_BATCH) {
		skb = kmem_cache_alloc(skbuff_head_cache, GFP_ATOMIC);
		if (!skb)
			break;
		c->skbs[c->count++] = skb;
	}
	return c->count;
}

static void skb_cache_flush(struct skb_cpu_cache *c, unsigned int n)
{
	while (n-- && c->count)
		kmem_cache_free(skbuff_head_cache, c->skbs[--c->count]);
}

static struct sk_buff *skb_header_alloc(void)
{
	unsigned long flags = local_irq_save();
	struct skb_cpu_cache *c = this_cpu_ptr(skb_cpu_caches);
	struct sk_buff *skb = NULL;

	if (c->count || skb_cache_refill(c))
		skb = c->skbs[--c->count];
	local_irq_restore(flags);
	return skb;
}

static void skb_header_free(struct sk_buff *skb)
{
	unsigned long flags = local_irq_save();
	struct skb_cpu_cache *c = this_cpu_ptr(skb_cpu_caches);

	if (c->count == SKB_CACHE_SIZE)
		skb_cache_flush(c, SKB_CACHE_BATCH);
	c->skbs[c->count++] = skb;
	local_irq_restore(flags);
}

void skb_cache_drain_local(void)
{
	unsigned long flags = local_irq_save();

	skb_cache_flush(this_cpu_ptr(skb_cpu_caches), SKB_CACHE_SIZE);
	local_irq_restore(flags);
}

/* Point @skb at a fresh head of @data (ksize bytes incl. shared info). */
static void skb_set_head(struct sk_buff *skb, unsigned char *data)
{
	unsigned int size = ksize(data) - SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	struct skb_shared_info *shinfo;

	skb->head = skb->data = skb->tail = data;
	skb->end = data + size;
	shinfo = skb_shinfo(skb);
	memset(shinfo, 0, sizeof(*shinfo));
	atomic_set(&shinfo->dataref, 1);
}

static unsigned char *skb_head_alloc(unsigned int size, gfp_t gfp)
{
	return kmalloc(SKB_DATA_ALIGN(size) + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)),
		       gfp & ~__GFP_ZERO);
}

/**
 * alloc_skb - a linear skb with at least @size bytes of tailroom
 *
 * len 0, no headroom (skb_reserve makes some). NULL when out of memory.
 */
struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp)
{
	struct sk_buff *skb = skb_header_alloc();
	unsigned char *data;

	if (!skb)
		return NULL;
	data = skb_head_alloc(size, gfp);
	if (!data)
		goto err_header;
	memset(skb, 0, sizeof(*skb));
	skb_set_head(skb, data);
	skb->truesize = sizeof(*skb) + ksize(data);
	atomic_set(&skb->users, 1);
	return skb;

err_header:
	skb_header_free(skb);
	return NULL;
}

/* Drop this header's hold on the head buffer; the last one frees it and the frags. */
static void skb_release_data(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	int i;

	if (!atomic_dec_and_test(&shinfo->dataref))
		return;
	for (i = 0; i < shinfo->nr_frags; i++)
		put_page(shinfo->frags[i].page);
	kfree(skb->head);
}

static void __kfree_skb(struct sk_buff *skb)
{
	DEBUG_ASSERT(!skb->next && !skb->prev);
	if (skb->destructor)
		skb->destructor(skb);
	skb_release_data(skb);
	skb_header_free(skb);
}

/* True if the caller held the last reference. */
static bool skb_unref(struct sk_buff *skb)
{
	if (atomic_read(&skb->users) == 1) {
		smp_rmb();      /* nobody else can hold it: see their last writes */
		return true;
	}
	return atomic_dec_and_test(&skb->users);
}

/* Free after an error or a drop. (Linux traces drops here; we have no tracer.) */
void kfree_skb(struct sk_buff *skb)
{
	if (skb && skb_unref(skb))
		__kfree_skb(skb);
}

/* Free after successful delivery. */
void consume_skb(struct sk_buff *skb)
{
	if (skb && skb_unref(skb))
		__kfree_skb(skb);
}

/**
 * skb_clone - a new header for the same data
 *
 * The clone has users 1, no socket, no destructor, and is not queued; both
 * skbs become cloned. The head and frags are shared (dataref++).
 */
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp)
{
	struct sk_buff *n = skb_header_alloc();

	if (!n)
		return NULL;
	*n = *skb;
	n->next = n->prev = NULL;
	n->sk = NULL;
	n->destructor = NULL;
	n->cloned = 1;
	atomic_set(&n->users, 1);
	skb->cloned = 1;
	atomic_inc(&skb_shinfo(skb)->dataref);
	return n;
}

/* Metadata a copy keeps; header offsets stay valid because headroom is kept. */
static void skb_copy_header(struct sk_buff *n, const struct sk_buff *old)
{
	n->dev = old->dev;
	n->_dst = old->_dst;
	n->tstamp = old->tstamp;
	n->hash = old->hash;
	n->queue_mapping = old->queue_mapping;
	n->pkt_type = old->pkt_type;
	n->skb_iif = old->skb_iif;
	n->napi_id = old->napi_id;
	memcpy(n->cb, old->cb, sizeof(n->cb));
	n->protocol = old->protocol;
	n->ip_summed = old->ip_summed;
	n->csum_start = old->csum_start;
	n->csum_offset = old->csum_offset;
	n->network_header = old->network_header;
	n->transport_header = old->transport_header;
	n->mac_header = old->mac_header;
	skb_shinfo(n)->gso_size = skb_shinfo(old)->gso_size;
	skb_shinfo(n)->gso_segs = skb_shinfo(old)->gso_segs;
	skb_shinfo(n)->gso_type = skb_shinfo(old)->gso_type;
}

/**
 * skb_copy - a private, linear copy of the whole packet (frags included)
 *
 * Same headroom as @skb; users 1, no socket.
 */
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp)
{
	unsigned int headroom = skb_headroom(skb);
	struct sk_buff *n = alloc_skb(headroom + skb->len, gfp);

	if (!n)
		return NULL;
	skb_reserve(n, headroom);
	skb_put(n, skb->len);
	BUG_ON(skb_copy_bits(skb, -(int)headroom, n->head, headroom + skb->len));
	skb_copy_header(n, skb);
	return n;
}

/**
 * pskb_expand_head - give @skb a private head with @nhead/@ntail more room
 *
 * Copies the headroom and linear data into a new head; the frags move with
 * it (and gain a page reference if the old head stays with a clone). All
 * pointers into the old head are invalid afterwards. @skb must not be
 * shared (users == 1). 0 or -ENOMEM (then @skb is unchanged).
 */
int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp)
{
	unsigned int size = nhead + (skb->end - skb->head) + ntail;
	struct skb_shared_info *old = skb_shinfo(skb);
	bool shared_head = skb_cloned(skb);
	unsigned char *data;
	long off;
	int i;

	BUG_ON(nhead < 0 || ntail < 0 || skb_shared(skb));
	data = skb_head_alloc(size, gfp);
	if (!data)
		return -ENOMEM;
	memcpy(data + nhead, skb->head, skb->tail - skb->head);
	if (shared_head)
		for (i = 0; i < old->nr_frags; i++)
			get_page(old->frags[i].page);
	/* The new shinfo gets the old one's frags and gso fields, dataref 1. */
	memcpy(data + ksize(data) - SKB_DATA_ALIGN(sizeof(*old)), old, sizeof(*old));
	if (shared_head)
		skb_release_data(skb);  /* the clones keep the old head and its page refs */
	else
		kfree(skb->head);       /* the frags' page refs moved with the shinfo */
	off = (data + nhead) - skb->head;
	skb->truesize += ksize(data) - (skb->end - skb->head) -
			 SKB_DATA_ALIGN(sizeof(*old));
	skb->head = data;
	skb->data += off;
	skb->tail += off;
	skb->end = data + ksize(data) - SKB_DATA_ALIGN(sizeof(*old));
	skb->csum_start += nhead;
	skb->network_header += nhead;
	skb->transport_header += nhead;
	skb->mac_header += nhead;
	skb->cloned = 0;
	atomic_set(&skb_shinfo(skb)->dataref, 1);
	return 0;
}

static __noreturn void skb_panic(const struct sk_buff *skb, unsigned int len,
				 const char *what, void *caller)
{
	panic("skbuff: %s: caller %p len:%u put:%u head:%p data:%p tail:%lu end:%lu",
	      what, caller, skb->len, len, skb->head, skb->data,
	      (unsigned long)(skb->tail - skb->head), (unsigned long)(skb->end - skb->head));
}

void *skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tmp;

	DEBUG_ASSERT(!skb_is_nonlinear(skb));
	if (unlikely(len > skb_tailroom(skb)))
		skb_panic(skb, len, "skb_over_panic", __builtin_return_address(0));
	tmp = __skb_put(skb, len);
	return tmp;
}

void *skb_push(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb_headroom(skb)))
		skb_panic(skb, len, "skb_under_panic", __builtin_return_address(0));
	return __skb_push(skb, len);
}

void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb_headlen(skb)))
		return NULL;
	return __skb_pull(skb, len);
}

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (skb->len <= len)
		return;
	if (WARN_ON(skb_is_nonlinear(skb)))
		return;
	skb->len = len;
	skb->tail = skb->data + len;
}

void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page, u32 off, u32 size)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	BUG_ON(i < 0 || i >= MAX_SKB_FRAGS);
	shinfo->frags[i] = (skb_frag_t){ .page = page, .off = off, .size = size };
	shinfo->nr_frags = i + 1;
}

void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, u32 off, u32 size,
		     unsigned int truesize)
{
	skb_fill_page_desc(skb, i, page, off, size);
	skb->len += size;
	skb->data_len += size;
	skb->truesize += truesize;
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned char *dst = to;
	unsigned int start, n;
	int i;

	/* Negative offsets reach into the headroom (skb_copy uses that). */
	if (len < 0 || offset < -(int)skb_headroom(skb) || offset > (int)skb->len - len)
		return -EFAULT;
	start = skb_headlen(skb);
	if (offset < (int)start) {
		n = min_t(unsigned int, start - offset, len);
		memcpy(dst, skb->data + offset, n);
		dst += n;
		offset += n;
		len -= n;
	}
	for (i = 0; len && i < shinfo->nr_frags; i++) {
		const skb_frag_t *f = &shinfo->frags[i];

		if ((unsigned int)offset < start + f->size) {
			unsigned int in = offset - start;

			n = min_t(unsigned int, f->size - in, len);
			memcpy(dst, (unsigned char *)page_address(f->page) + f->off + in, n);
			dst += n;
			offset += n;
			len -= n;
		}
		start += f->size;
	}
	return len ? -EFAULT : 0;
}

int skb_copy_datagram_to_buf(const struct sk_buff *skb, int offset, void *to, int len)
{
	int n;

	if (offset < 0 || offset > (int)skb->len || len < 0)
		return -EFAULT;
	n = min_t(int, len, skb->len - offset);
	return skb_copy_bits(skb, offset, to, n) ?: n;
}

/*
 * The unlocked queue helpers need the queue serialised by its owner:
 * either its own lock, held by this CPU, or another guard (socket
 * ownership, the per-CPU NET_RX context) under which nobody takes the
 * queue's lock. So if the lock is held at all, it must be ours.
 */
static inline void skb_queue_assert_serialised(struct sk_buff_head *list)
{
	DEBUG_ASSERT(!spin_is_locked(&list->lock) || spin_held_by_me(&list->lock));
}

static void __skb_insert(struct sk_buff *newsk, struct sk_buff *prev, struct sk_buff *next,
			 struct sk_buff_head *list)
{
	newsk->next = next;
	newsk->prev = prev;
	WRITE_ONCE(next->prev, newsk);
	WRITE_ONCE(prev->next, newsk);
	WRITE_ONCE(list->qlen, list->qlen + 1);
}

void __skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk)
{
	skb_queue_assert_serialised(list);
	__skb_insert(newsk, list->prev, (struct sk_buff *)list, list);
}

void __skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk)
{
	skb_queue_assert_serialised(list);
	__skb_insert(newsk, (struct sk_buff *)list, list->next, list);
}

void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk)
{
	unsigned long flags;

	spin_lock_irqsave(&list->lock, flags);
	__skb_queue_tail(list, newsk);
	spin_unlock_irqrestore(&list->lock, flags);
}

void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *list)
{
	struct sk_buff *next = skb->next, *prev = skb->prev;

	skb_queue_assert_serialised(list);
	WRITE_ONCE(list->qlen, list->qlen - 1);
	skb->next = skb->prev = NULL;
	WRITE_ONCE(next->prev, prev);
	WRITE_ONCE(prev->next, next);
}

struct sk_buff *__skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb = skb_peek(list);

	if (skb)
		__skb_unlink(skb, list);
	return skb;
}

struct sk_buff *skb_dequeue(struct sk_buff_head *list)
{
	struct sk_buff *skb;
	unsigned long flags;

	spin_lock_irqsave(&list->lock, flags);
	skb = __skb_dequeue(list);
	spin_unlock_irqrestore(&list->lock, flags);
	return skb;
}

/* Frees outside the lock: a destructor may take other locks. */
void skb_queue_purge(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(list)))
		kfree_skb(skb);
}

/*
 * Make the first @len bytes linear (pskb_may_pull's slow path): copy them
 * out of the frags into the head, growing a private head if needed, and
 * drop what the frags no longer carry. false on allocation failure.
 */
bool __pskb_pull_tail_ok(struct sk_buff *skb, unsigned int len)
{
	struct skb_shared_info *sh;
	unsigned int delta = len - skb_headlen(skb), eat;
	int i, k;

	if (skb_cloned(skb) || (unsigned int)(skb->end - skb->tail) < delta) {
		if (pskb_expand_head(skb, 0, delta + 128, GFP_ATOMIC))
			return false;
	}
	if (skb_copy_bits(skb, skb_headlen(skb), skb->tail, delta))
		return false;
	sh = skb_shinfo(skb);
	eat = delta;
	for (i = 0, k = 0; i < sh->nr_frags; i++) {
		skb_frag_t *f = &sh->frags[i];

		if (eat >= f->size) {
			eat -= f->size;
			put_page(f->page);
			continue;
		}
		sh->frags[k] = *f;
		sh->frags[k].off += eat;
		sh->frags[k].size -= eat;
		eat = 0;
		k++;
	}
	sh->nr_frags = k;
	skb->tail += delta;
	skb->data_len -= delta;
	return true;
}

/* ------------------------------------------------ checksums and GSO */

__wsum skb_checksum(const struct sk_buff *skb, int offset, int len, __wsum sum)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	int start = skb_headlen(skb), pos = 0, i, n;
	__wsum part;

	if (offset < start) {
		n = min(start - offset, len);
		sum = csum_add(sum, csum_partial(skb->data + offset, n, 0));
		offset += n;
		len -= n;
		pos = n;
	}
	for (i = 0; len > 0 && i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];
		int end = start + f->size;

		if (offset < end) {
			n = min(end - offset, len);
			part = csum_partial((const u8 *)page_address(f->page) + f->off +
					    (offset - start), n, 0);
			/* a block at an odd position adds its bytes swapped */
			if (pos & 1)
				part = (part >> 8) | (part << 24);
			sum = csum_add(sum, part);
			offset += n;
			len -= n;
			pos += n;
		}
		start = end;
	}
	return sum;
}

int skb_checksum_help(struct sk_buff *skb)
{
	int offset;
	__sum16 sum;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	if (skb_cloned(skb) && pskb_expand_head(skb, 0, 0, GFP_ATOMIC))
		return -ENOMEM;
	offset = skb->csum_start - skb_headroom(skb);
	if (offset < 0 || offset + skb->csum_offset + 2 > (int)skb_headlen(skb))
		return -EINVAL;
	sum = csum_fold(skb_checksum(skb, offset, skb->len - offset, 0));
	/* 0 would mean "no checksum" to UDP: send its complement (RFC 768) */
	*(__sum16 *)(skb->data + offset + skb->csum_offset) = sum ? sum : 0xffff;
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

void kfree_skb_list(struct sk_buff *segs)
{
	while (segs) {
		struct sk_buff *next = segs->next;

		segs->next = NULL;
		kfree_skb(segs);
		segs = next;
	}
}

/* Room in front of each segment for a device that wants to push more. */
#define SKB_SEGMENT_HEADROOM    64

/* One segment: headers copied from skb's MAC header, then len payload
 * bytes from payload offset off (relative to skb->data). */
static struct sk_buff *skb_segment_one(const struct sk_buff *skb, unsigned int doffset,
				       unsigned int off, unsigned int len)
{
	/* the network header 16-byte aligned, after a 14-byte Ethernet one too */
	unsigned int headroom = SKB_SEGMENT_HEADROOM + (-(skb->network_header - skb->mac_header) & 15);
	struct sk_buff *n = alloc_skb(headroom + doffset + len, GFP_ATOMIC);
	int shift;

	if (!n)
		return NULL;
	skb_reserve(n, headroom);
	memcpy(skb_put(n, doffset), skb_mac_header(skb), doffset);
	if (skb_copy_bits(skb, off, skb_put(n, len), len)) {
		kfree_skb(n);
		return NULL;
	}
	skb_copy_header(n, skb);
	/* header offsets: same distance from the MAC header as in skb */
	shift = (int)(n->data - n->head) - (int)skb->mac_header;
	n->mac_header += shift;
	n->network_header += shift;
	n->transport_header += shift;
	n->csum_start += shift;
	skb_shinfo(n)->gso_size = 0;
	skb_shinfo(n)->gso_segs = 0;
	skb_shinfo(n)->gso_type = 0;
	return n;
}

struct sk_buff *skb_segment(struct sk_buff *skb)
{
	unsigned int mss = skb_shinfo(skb)->gso_size, off, len;
	struct sk_buff *segs = NULL, **tail = &segs, *n;
	unsigned int doffset;

	if (!mss || skb->data < skb_mac_header(skb))
		return ERR_PTR(-EINVAL);
	doffset = skb->data - skb_mac_header(skb);
	for (off = 0; off < skb->len; off += len) {
		len = min(mss, skb->len - off);
		n = skb_segment_one(skb, doffset, off, len);
		if (!n) {
			kfree_skb_list(segs);
			return ERR_PTR(-ENOMEM);
		}
		*tail = n;
		tail = &n->next;
	}
	return segs;
}
