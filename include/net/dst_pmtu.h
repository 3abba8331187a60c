/* SPDX-License-Identifier: MIT */
/*
 * Path MTU exception tables: what an ICMP fragmentation-needed or an
 * ICMPv6 Packet Too Big taught us about one destination. Each family owns
 * one, keyed by destination address, and passes the key by pointer with
 * its length in words (a constant: one for IPv4, four for IPv6, so the
 * inline reader's loops fold away): fnhe_table in net/ipv4/route_pmtu.c,
 * rt6_pmtu_table in net/ipv6/route_pmtu.c. The family decides which news
 * to take (min_pmtu, the locked flag); the table stores, finds, replaces,
 * ages and forgets.
 *
 * A table is fixed: 1 << hash_shift buckets of DST_PMTU_DEPTH slots. A
 * full bucket reuses its slot that expires first, as Linux's fnhe_oldest,
 * so forged ICMP can neither grow memory nor evict other buckets.
 *
 * Locks: each table has its own lock (spin, BHs off; unranked leaf: taken
 * from softirq ICMP input under a socket's bh lock, from the sysctls and
 * from netlink; two tables' locks are never held together), taken only by
 * the writers in net/core/dst_pmtu.c. Readers take nothing: each bucket
 * has a sequence count, odd while a writer changes it; a reader copies the
 * slot whose key matches and retries if the count moved. Slots are
 * static, never freed.
 */
#ifndef _NET_DST_PMTU_H
#define _NET_DST_PMTU_H

#include <shoal/types.h>
#include <shoal/compiler.h>
#include <shoal/spinlock.h>
#include <shoal/atomic.h>
#include <shoal/time.h>
#include <shoal/byteorder.h>

#define DST_PMTU_DEPTH          4       /* slots a bucket (Linux's FNHE_RECLAIM_DEPTH) */
#define DST_PMTU_KEY_WORDS      4       /* room for an IPv6 address */

/* One learnt path MTU. Every field [table lock, bucket seq]. */
struct dst_pmtu_entry {
	__be32 daddr[DST_PMTU_KEY_WORDS];       /* the key, then 0s; all 0: free */
	u32 pmtu;
	u8 mtu_locked;                  /* IPv4: raised to min_pmtu, DF goes off */
	ktime_t expires;
};

struct dst_pmtu_bucket {
	u32 seq;                        /* odd while a writer is in [table lock] */
	struct dst_pmtu_entry slot[DST_PMTU_DEPTH];
};

/* One family's table. */
struct dst_pmtu_table {
	spinlock_t lock;                /* writers; class fnhe_lock or rt6_pmtu_lock */
	/* Any entry since the last flush? Spares senders the lookup. [lock]; READ_ONCE */
	int used;
	unsigned int hash_shift;        /* [const] */
	struct dst_pmtu_bucket *hash;   /* 1 << hash_shift buckets [const pointer] */
	const unsigned long *mtu_expires;       /* its mtu_expires sysctl, seconds [const
						 * pointer; the word READ_ONCE] */
};

/* A family's table, its buckets and its lock (class lockname). */
#define DEFINE_DST_PMTU_TABLE(name, lockname, shift, expires)               \
	static struct dst_pmtu_bucket name##_hash[1 << (shift)];            \
	static struct dst_pmtu_table name = {                               \
		.lock = __SPIN_LOCK_UNLOCKED(lockname),                     \
		.hash_shift = (shift), .hash = name##_hash,                 \
		.mtu_expires = (expires),                                   \
	}

static inline bool dst_pmtu_key_eq(const __be32 *a, const __be32 *b, unsigned int words)
{
	unsigned int i;

	for (i = 0; i < words; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* The all-zero address (0.0.0.0, ::) marks a free slot: never a key. */
static inline bool dst_pmtu_key_zero(const __be32 *key, unsigned int words)
{
	__be32 any = 0;
	unsigned int i;

	for (i = 0; i < words; i++)
		any |= key[i];
	return !any;
}

/* The key's words folded, then a multiplicative hash. */
static inline struct dst_pmtu_bucket *dst_pmtu_bucket_of(const struct dst_pmtu_table *t,
							 const __be32 *key, unsigned int words)
{
	__be32 h = 0;
	unsigned int i;

	for (i = 0; i < words; i++)
		h ^= key[i];
	return &t->hash[(ntohl(h) * 2654435761u) >> (32 - t->hash_shift)];
}

/* A copy of key's live entry; false if there is none. Lockless. */
static inline bool dst_pmtu_find(const struct dst_pmtu_table *t, const __be32 *key,
				 unsigned int words, struct dst_pmtu_entry *out)
{
	struct dst_pmtu_bucket *b;
	ktime_t now;
	bool found;
	u32 seq;
	int i;

	if (!READ_ONCE(t->used) || dst_pmtu_key_zero(key, words))
		return false;
	b = dst_pmtu_bucket_of(t, key, words);
	now = ktime_get();
	do {
		seq = READ_ONCE(b->seq);
		smp_rmb();
		found = false;
		for (i = 0; i < DST_PMTU_DEPTH && !found; i++) {
			if (!dst_pmtu_key_eq(b->slot[i].daddr, key, words))
				continue;
			*out = b->slot[i];
			found = now < out->expires;
		}
		smp_rmb();
	} while ((seq & 1) || READ_ONCE(b->seq) != seq);
	return found;
}

/* An entry's lifetime now, in ns. */
static inline u64 dst_pmtu_life(const struct dst_pmtu_table *t)
{
	return (u64)READ_ONCE(*t->mtu_expires) * NSEC_PER_SEC;
}

/* Record (or replace) key's entry; key is not zero. */
void dst_pmtu_update(struct dst_pmtu_table *t, const __be32 *key, unsigned int words, u32 pmtu,
		     bool locked, ktime_t expires);
/* Forget key's entry: 0, or -ESRCH if it has none (live or expired). */
int dst_pmtu_del(struct dst_pmtu_table *t, const __be32 *key, unsigned int words);
/* Forget every entry. */
void dst_pmtu_flush(struct dst_pmtu_table *t);

#endif
