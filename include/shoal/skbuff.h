/* SPDX-License-Identifier: MIT */
/*
 * Socket buffers (net/core/skbuff.c): the packet as every layer of the
 * network stack sees it, in Linux's shape and with Linux's names.
 *
 * An sk_buff is a small header (from its own cache, below) that describes
 * one packet; the bytes live in a linear "head" buffer from kmalloc plus,
 * optionally, page fragments listed in the skb_shared_info at the end of
 * the head. Geometry of the head buffer:
 *
 *                                 ---------------
 *                                | sk_buff       |
 *                                 ---------------
 *    ,---------------------------  + head
 *   /          ,-----------------  + data
 *  /          /      ,-----------  + tail
 * |          |      |            , + end
 * |          |      |           |
 * v          v      v           v
 *  -----------------------------------------------
 * | headroom | data | tailroom | skb_shared_info |
 *  -----------------------------------------------
 *                                + [page frag]
 *                                + [page frag]
 *                                + [page frag]
 *                                + ...
 *
 * Invariants (checked by the host tests after every operation):
 *   head <= data <= tail <= end
 *   len == (tail - data) + data_len        data_len = bytes in frags
 *   skb_headlen(skb) == tail - data
 *
 * Sharing. Two counts, as in Linux:
 *   skb->users        references to this sk_buff header (skb_get, kfree_skb);
 *   shinfo->dataref   headers that point at this head buffer (skb_clone).
 * A clone gets its own header (its own data/tail/len) but shares the head
 * buffer and the frags; both have skb->cloned set. Anyone who wants to
 * write into a shared head must first make it private: skb_cloned() says
 * whether that is needed, pskb_expand_head() or skb_copy() does it. When
 * dataref drops to 0 the head is kfree'd and each frag's page reference is
 * dropped with put_page().
 *
 * Naming (STYLE.md 4): __skb_put/__skb_push/__skb_pull do no checks;
 * skb_put/skb_push panic on overrun with a message naming the sizes,
 * skb_pull returns NULL when asked for more than the linear part. The
 * queue helpers __skb_queue_tail/__skb_dequeue expect the caller to hold
 * list->lock (or to own the list outright: struct sk_buff_head below);
 * skb_queue_tail/skb_dequeue take it with interrupts disabled, so a queue
 * may be shared with an interrupt handler.
 *
 * Per-CPU header cache. sk_buff headers are allocated and freed on every
 * packet, so each CPU keeps a small array of free headers (skb_cpu_cache,
 * SKB_CACHE_SIZE = 64 entries). alloc_skb/kfree_skb touch only the local array,
 * with interrupts disabled (a NIC interrupt or NET_RX softirq on the same
 * CPU may allocate too); no shared lock is taken on the hot path. An empty
 * array is refilled with SKB_CACHE_BATCH = 16 headers from skbuff_head_cache, a
 * full one flushes SKB_CACHE_BATCH back. A header freed on another CPU than
 * the one that allocated it simply joins that CPU's array.
 * skb_cache_drain_local() empties the calling CPU's array (leak checks).
 *
 * GSO. An skb whose shinfo gso_size is set carries gso_segs segments of
 * gso_size payload bytes behind one set of headers (TCP over a TSO device,
 * or GRO's merge of received segments); the device cuts it, or
 * skb_gso_segment (net/core/gso.c) does in software when the device can't.
 * A TCP GSO skb is always CHECKSUM_PARTIAL on transmit.
 *
 * Not here yet: fclones, head_frag heads, frag_list, skb->csum for
 * CHECKSUM_COMPLETE.
 */
#ifndef _SHOAL_SKBUFF_H
#define _SHOAL_SKBUFF_H

#include <shoal/types.h>
#include <shoal/compiler.h>
#include <shoal/atomic.h>
#include <shoal/spinlock.h>
#include <shoal/checksum.h>

struct page;
struct sock;
struct net_device;
struct dst_entry;

#define MAX_SKB_FRAGS           17
#define SMP_CACHE_BYTES         64
#define SKB_DATA_ALIGN(x)       (((x) + (SMP_CACHE_BYTES - 1)) & ~(unsigned long)(SMP_CACHE_BYTES - 1))

/* skb->pkt_type */
#define PACKET_HOST             0
#define PACKET_BROADCAST        1
#define PACKET_MULTICAST        2
#define PACKET_OTHERHOST        3
#define PACKET_LOOPBACK         5

/* skb->ip_summed */
#define CHECKSUM_NONE           0       /* not checked (rx) / computed by software (tx) */
#define CHECKSUM_UNNECESSARY    1       /* rx: the device verified it */
#define CHECKSUM_PARTIAL        2       /* tx: device fills in csum at csum_start + csum_offset */

/* shinfo->gso_type */
#define SKB_GSO_TCPV4           (1 << 0)

typedef struct skb_frag {
	struct page *page;
	u32 off;                        /* byte offset into page */
	u32 size;
} skb_frag_t;

/* At skb->end; shared by all clones of a buffer. */
struct skb_shared_info {
	atomic_t dataref;               /* sk_buff headers using this buffer */
	u8 nr_frags;
	u16 gso_size;                   /* payload bytes per segment (TSO/GSO), 0 = none */
	u16 gso_segs;                   /* segments it makes (or GRO merged) */
	u16 gso_type;                   /* SKB_GSO_* */
	skb_frag_t frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	/* Queue links; must be first (struct sk_buff_head starts the same way). */
	struct sk_buff *next;
	struct sk_buff *prev;

	struct sock *sk;                /* owning socket (charged by skb_set_owner_r/w) */
	struct net_device *dev;         /* device arrived on / leaving by */
	struct dst_entry *_dst;         /* route (borrowed: routes are never freed) */
	ktime_t tstamp;                 /* arrival or send time (ns), 0 = unset */
	u32 hash;                       /* flow hash (RX queue, reuseport) */
	u16 queue_mapping;              /* TX/RX queue */
	u8 pkt_type;                    /* PACKET_HOST, ... */
	int skb_iif;                    /* ifindex it arrived on */
	unsigned int napi_id;           /* NAPI instance it came in through, 0: none */
	/* Control buffer: private to the layer that holds the skb (TCP_SKB_CB,
	 * IPCB). Copied by clone and copy. */
	char cb[48] __attribute__((aligned(8)));

	unsigned int len;               /* bytes in linear part + frags */
	unsigned int data_len;          /* bytes in frags */
	unsigned int truesize;          /* memory charged: header + head + frags */

	u16 protocol;                   /* ETH_P_*, network byte order */
	u8 ip_summed;                   /* CHECKSUM_* */
	u8 cloned;                      /* head shared with a clone (maybe) */
	u16 csum_start;                 /* offset from head where checksumming starts */
	u16 csum_offset;                /* from csum_start: where to store the checksum */
	u16 network_header;             /* offsets from head */
	u16 transport_header;
	u16 mac_header;

	atomic_t users;                 /* references to this header */
	void (*destructor)(struct sk_buff *skb);

	unsigned char *head;
	unsigned char *data;
	unsigned char *tail;
	unsigned char *end;
};

/*
 * A queue of sk_buffs: a circular list whose head is this struct itself.
 * [guard] is the queue's own lock or another guard its owner documents
 * (socket ownership for a TCP receive queue, the NET_RX context for
 * process_queue): the unlocked helpers (__skb_queue_tail, __skb_dequeue,
 * ...) assert that the lock, if held, is held by this CPU. The locked
 * helpers (skb_queue_tail, skb_dequeue, skb_queue_purge) take it irqsave,
 * so any queue may be shared with an interrupt handler; code that knows
 * no interrupt or softirq touches its queues (AF_UNIX) takes it plain.
 */
struct sk_buff_head {
	struct sk_buff *next;           /* [guard]; must match sk_buff's first two fields */
	struct sk_buff *prev;           /* [guard]; skb_peek_tail reads it with READ_ONCE */
	u32 qlen;                       /* [guard]; read locklessly with READ_ONCE */
	spinlock_t lock;                /* see above */
};

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)skb->end;
}

void skb_init(void);                    /* create skbuff_head_cache (boot) */
void skb_cache_drain_local(void);       /* return this CPU's free headers */

/* Allocation and references. */
struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp);
void kfree_skb(struct sk_buff *skb);    /* drop a reference: packet dropped */
void consume_skb(struct sk_buff *skb);  /* drop a reference: packet delivered */
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp);
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp);
int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp);

static inline struct sk_buff *skb_get(struct sk_buff *skb)
{
	atomic_inc(&skb->users);
	return skb;
}

static inline bool skb_shared(const struct sk_buff *skb)
{
	return atomic_read(&skb->users) != 1;
}

/* True if the head buffer is shared with a clone: do not write into it. */
static inline bool skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned && atomic_read(&skb_shinfo(skb)->dataref) != 1;
}

/* Geometry. */
static inline bool skb_is_nonlinear(const struct sk_buff *skb) { return skb->data_len; }
static inline unsigned int skb_headlen(const struct sk_buff *skb) { return skb->len - skb->data_len; }
static inline unsigned int skb_headroom(const struct sk_buff *skb) { return skb->data - skb->head; }
static inline unsigned int skb_tailroom(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) ? 0 : skb->end - skb->tail;
}

/* Make room at the front of an empty buffer (before any skb_put). */
static inline void skb_reserve(struct sk_buff *skb, int len)
{
	skb->data += len;
	skb->tail += len;
}

/* Append len bytes to the linear part; returns where they go. */
static inline void *__skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb->tail;

	skb->tail += len;
	skb->len += len;
	return tmp;
}
void *skb_put(struct sk_buff *skb, unsigned int len);    /* panics on overrun */

/* Prepend len bytes (a header); returns the new data. */
static inline void *__skb_push(struct sk_buff *skb, unsigned int len)
{
	skb->data -= len;
	skb->len += len;
	return skb->data;
}
void *skb_push(struct sk_buff *skb, unsigned int len);   /* panics on underrun */

/* Remove len bytes from the front of the linear part; returns the new data. */
static inline void *__skb_pull(struct sk_buff *skb, unsigned int len)
{
	skb->len -= len;
	return skb->data += len;
}
void *skb_pull(struct sk_buff *skb, unsigned int len);   /* NULL if len > skb_headlen */

/* Cut a linear skb to len bytes (no-op if already shorter). */
void skb_trim(struct sk_buff *skb, unsigned int len);

/* Fragments. The caller gives the skb its reference on page. */
void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page, u32 off, u32 size);
void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, u32 off, u32 size,
		     unsigned int truesize);

/* Copy [offset, offset + len) of the packet (linear part and frags) to to:
 * 0, or -EFAULT if the range is outside the packet. A negative offset
 * reaches back into the headroom (skb_copy copies it that way, as Linux). */
int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);
/* recvmsg-style copy into a kernel buffer: copies min(len, skb->len - offset)
 * bytes; returns the count, or -EFAULT if offset is past the end. */
int skb_copy_datagram_to_buf(const struct sk_buff *skb, int offset, void *to, int len);

static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_size;
}

/*
 * Received with a checksum nobody needs to verify (Linux's
 * skb_csum_unnecessary): the device checked it, or the packet never left
 * this machine or its host (CHECKSUM_PARTIAL: a virtio NIC's
 * NEEDS_CSUM, loopback), so the checksum field holds only the pseudo
 * header sum.
 */
static inline bool skb_csum_unnecessary(const struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_UNNECESSARY || skb->ip_summed == CHECKSUM_PARTIAL;
}

/* One's-complement sum of [offset, offset + len) of the packet, linear
 * part and frags, added to sum (Linux's skb_checksum). */
__wsum skb_checksum(const struct sk_buff *skb, int offset, int len, __wsum sum);
/* Finish a CHECKSUM_PARTIAL skb in software: the sum from csum_start to
 * the end, stored at csum_start + csum_offset; CHECKSUM_NONE after.
 * 0 or -ENOMEM (a shared head could not be made private). */
int skb_checksum_help(struct sk_buff *skb);
/*
 * Cut a GSO skb into gso_size pieces (Linux's skb_segment), each a new
 * linear skb with a copy of the headers from the MAC header to skb->data
 * (the protocols pull their headers first and fix each segment's after)
 * and its share of the payload. The list is linked by ->next; data of each
 * segment is at its copy of the MAC header. ERR_PTR(-ENOMEM) or
 * ERR_PTR(-EINVAL) for a malformed skb; skb is left untouched.
 */
struct sk_buff *skb_segment(struct sk_buff *skb);
/* Free a list from skb_segment. */
void kfree_skb_list(struct sk_buff *segs);

/* Header pointers from the offsets. */
static inline unsigned char *skb_network_header(const struct sk_buff *skb) { return skb->head + skb->network_header; }
static inline unsigned char *skb_transport_header(const struct sk_buff *skb) { return skb->head + skb->transport_header; }
static inline unsigned char *skb_mac_header(const struct sk_buff *skb) { return skb->head + skb->mac_header; }
static inline void skb_reset_network_header(struct sk_buff *skb) { skb->network_header = skb->data - skb->head; }
static inline void skb_reset_transport_header(struct sk_buff *skb) { skb->transport_header = skb->data - skb->head; }
static inline void skb_reset_mac_header(struct sk_buff *skb) { skb->mac_header = skb->data - skb->head; }
static inline void skb_set_network_header(struct sk_buff *skb, int off) { skb->network_header = skb->data - skb->head + off; }
static inline void skb_set_transport_header(struct sk_buff *skb, int off) { skb->transport_header = skb->data - skb->head + off; }
static inline int skb_network_offset(const struct sk_buff *skb) { return skb_network_header(skb) - skb->data; }
static inline int skb_transport_offset(const struct sk_buff *skb) { return skb_transport_header(skb) - skb->data; }
static inline struct dst_entry *skb_dst(const struct sk_buff *skb) { return skb->_dst; }
static inline void skb_dst_set(struct sk_buff *skb, struct dst_entry *dst) { skb->_dst = dst; }
bool __pskb_pull_tail_ok(struct sk_buff *skb, unsigned int len);      /* skbuff.c */
/* Make the first len bytes linear (headers split across frags); false if the packet is shorter. */
static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	if (len <= skb_headlen(skb))
		return true;
	if (len > skb->len)
		return false;
	return __pskb_pull_tail_ok(skb, len);
}

/* Queues. */
static inline void skb_queue_head_init(struct sk_buff_head *list)
{
	spin_lock_init_named(&list->lock, "sk_buff_head.lock");
	list->next = list->prev = (struct sk_buff *)list;
	list->qlen = 0;
}

static inline u32 skb_queue_len(const struct sk_buff_head *list) { return READ_ONCE(list->qlen); }
static inline bool skb_queue_empty(const struct sk_buff_head *list)
{
	return READ_ONCE(list->next) == (const struct sk_buff *)list;
}

/* First skb on the queue or NULL; it stays queued. Caller holds the lock. */
static inline struct sk_buff *skb_peek(const struct sk_buff_head *list)
{
	struct sk_buff *skb = list->next;

	return skb == (const struct sk_buff *)list ? NULL : skb;
}

/* Last skb on the queue or NULL. */
static inline struct sk_buff *skb_peek_tail(const struct sk_buff_head *list)
{
	struct sk_buff *skb = READ_ONCE(list->prev);

	return skb == (const struct sk_buff *)list ? NULL : skb;
}
/* The skb after skb on list, or NULL. */
static inline struct sk_buff *skb_queue_next_or_null(const struct sk_buff_head *list, const struct sk_buff *skb)
{
	return skb->next == (const struct sk_buff *)list ? NULL : skb->next;
}
#define skb_queue_walk(queue, skb) \
	for (skb = (queue)->next; skb != (struct sk_buff *)(queue); skb = skb->next)
#define skb_queue_walk_safe(queue, skb, tmp) \
	for (skb = (queue)->next, tmp = skb->next; skb != (struct sk_buff *)(queue); skb = tmp, tmp = skb->next)

void __skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk);
void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk);
void __skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk);
void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *list);
struct sk_buff *__skb_dequeue(struct sk_buff_head *list);
struct sk_buff *skb_dequeue(struct sk_buff_head *list);
void skb_queue_purge(struct sk_buff_head *list);         /* kfree_skb each */

/*
 * Move every skb of list to the tail of head in O(1) and leave list empty.
 * Unlocked, like the __ helpers despite its name (Linux's): the caller holds
 * each queue's lock or owns that queue outright.
 */
static inline void skb_queue_splice_tail_init(struct sk_buff_head *list, struct sk_buff_head *head)
{
	struct sk_buff *first = list->next, *last = list->prev, *prev = head->prev;

	if (skb_queue_empty(list))
		return;
	first->prev = prev;
	WRITE_ONCE(prev->next, first);
	last->next = (struct sk_buff *)head;
	WRITE_ONCE(head->prev, last);
	WRITE_ONCE(head->qlen, head->qlen + list->qlen);
	WRITE_ONCE(list->next, (struct sk_buff *)list);
	list->prev = (struct sk_buff *)list;
	WRITE_ONCE(list->qlen, 0);
}

#endif
