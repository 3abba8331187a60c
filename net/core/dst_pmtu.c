// SPDX-License-Identifier: MIT
/*
 * Path MTU exception tables, the writers (include/net/dst_pmtu.h has the
 * tables, the lockless reader and the locking rules): dst_pmtu_update is
 * Linux's update_or_create_fnhe for the MTU only. Each takes the table's
 * lock, BHs off.
 */
#include <shoal/kernel.h>
#include <net/dst_pmtu.h>

/* A writer's change to b is made between these. [t->lock] */
static void bucket_write_begin(struct dst_pmtu_bucket *b)
{
	WRITE_ONCE(b->seq, b->seq + 1);
	smp_wmb();
}

static void bucket_write_end(struct dst_pmtu_bucket *b)
{
	smp_wmb();
	WRITE_ONCE(b->seq, b->seq + 1);
}

/* The slot for key: its own, a free or expired one, or the one that
 * expires first (Linux's fnhe_oldest). [t->lock] */
static struct dst_pmtu_entry *dst_pmtu_slot(struct dst_pmtu_bucket *b, const __be32 *key,
					    unsigned int words, ktime_t now)
{
	struct dst_pmtu_entry *e, *free = NULL, *oldest = NULL;
	int i;

	for (i = 0; i < DST_PMTU_DEPTH; i++) {
		e = &b->slot[i];
		if (dst_pmtu_key_eq(e->daddr, key, words))
			return e;
		if (dst_pmtu_key_zero(e->daddr, words) || now >= e->expires)
			free = e;
		else if (!oldest || e->expires < oldest->expires)
			oldest = e;
	}
	return free ? free : oldest;
}

void dst_pmtu_update(struct dst_pmtu_table *t, const __be32 *key, unsigned int words, u32 pmtu,
		     bool locked, ktime_t expires)
{
	struct dst_pmtu_bucket *b = dst_pmtu_bucket_of(t, key, words);
	struct dst_pmtu_entry *e;

	spin_lock_bh(&t->lock);
	e = dst_pmtu_slot(b, key, words, ktime_get());
	bucket_write_begin(b);
	memcpy(e->daddr, key, words * sizeof(*key));
	e->pmtu = pmtu;
	e->mtu_locked = locked;
	e->expires = expires;
	bucket_write_end(b);
	WRITE_ONCE(t->used, 1);
	spin_unlock_bh(&t->lock);
}

int dst_pmtu_del(struct dst_pmtu_table *t, const __be32 *key, unsigned int words)
{
	struct dst_pmtu_bucket *b = dst_pmtu_bucket_of(t, key, words);
	int err = -ESRCH, i;

	if (dst_pmtu_key_zero(key, words))
		return err;
	spin_lock_bh(&t->lock);
	for (i = 0; i < DST_PMTU_DEPTH; i++) {
		if (!dst_pmtu_key_eq(b->slot[i].daddr, key, words))
			continue;
		bucket_write_begin(b);
		memset(&b->slot[i], 0, sizeof(b->slot[i]));
		bucket_write_end(b);
		err = 0;
	}
	spin_unlock_bh(&t->lock);
	return err;
}

void dst_pmtu_flush(struct dst_pmtu_table *t)
{
	struct dst_pmtu_bucket *b;
	int i;

	spin_lock_bh(&t->lock);
	for (i = 0; i < 1 << t->hash_shift; i++) {
		b = &t->hash[i];
		bucket_write_begin(b);
		memset(b->slot, 0, sizeof(b->slot));
		bucket_write_end(b);
	}
	WRITE_ONCE(t->used, 0);
	spin_unlock_bh(&t->lock);
}
