// SPDX-License-Identifier: MIT
/*
 * Path MTU exceptions (RFC 1191; Linux keeps them as fib_nh_exception in
 * net/ipv4/route.c): what an ICMP fragmentation-needed taught us about
 * one destination, kept beside the routing table because shoal's routes
 * are shared by every destination they cover and never freed.
 *
 *   ip_rt_update_pmtu    Linux's __ip_rt_update_pmtu: lower the path MTU
 *                        towards daddr; a value below
 *                        net.ipv4.route.min_pmtu (552) is raised to it and
 *                        locked (DF is then cleared for IP_PMTUDISC_WANT
 *                        sockets); an entry lives
 *                        net.ipv4.route.mtu_expires seconds (600)
 *   ip_dst_pmtu          the MTU a sender must respect towards daddr over
 *                        a route: the route's, or the exception's while it
 *                        lives (Linux's ipv4_mtu)
 *   ipv4_sk_update_pmtu  an ICMP about a datagram socket's packet
 *   ip_rt_flush_pmtu     net.ipv4.route.flush: forget every exception
 *
 * The cache is a fixed table: FNHE_HASH_SIZE buckets of
 * FNHE_RECLAIM_DEPTH slots, keyed by destination address (not by route
 * and destination as Linux: one destination has one output route here
 * unless sockets bind to devices). A full bucket reuses its slot that
 * expires first, as Linux's fnhe_oldest, so forged ICMP can neither grow
 * memory nor evict other buckets.
 *
 * Locks: fnhe_lock (spin, BHs off; unranked leaf: taken from softirq ICMP
 * input under a socket's bh lock, and from the sysctl) serialises writers.
 * Readers take nothing: each bucket has a sequence count, odd while a
 * writer changes it, and a reader copies the slot it wants and retries if
 * the count moved. Slots are static, so a reader never touches freed
 * memory. The sysctl words are read with READ_ONCE.
 */
#include <shoal/kernel.h>
#include <shoal/time.h>
#include <shoal/atomic.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/icmp.h>

#define FNHE_HASH_SHIFT         8
#define FNHE_HASH_SIZE          (1 << FNHE_HASH_SHIFT)
#define FNHE_RECLAIM_DEPTH      4

/* Linux's defaults: net.ipv4.route.min_pmtu, mtu_expires (s), ip_no_pmtu_disc */
unsigned long sysctl_ip_rt_min_pmtu = IP_RT_MIN_PMTU;
unsigned long sysctl_ip_rt_mtu_expires = 600;
unsigned long sysctl_ip_no_pmtu_disc;

struct fib_nh_exception {
	__be32 fnhe_daddr;              /* 0: free [fnhe_lock, bucket seq] */
	u32 fnhe_pmtu;                  /* [fnhe_lock, bucket seq] */
	u8 fnhe_mtu_locked;             /* below min_pmtu: DF off [fnhe_lock, bucket seq] */
	ktime_t fnhe_expires;           /* [fnhe_lock, bucket seq] */
};

struct fnhe_bucket {
	u32 seq;                        /* odd while a writer is in [fnhe_lock] */
	struct fib_nh_exception slot[FNHE_RECLAIM_DEPTH];
};

static DEFINE_SPINLOCK(fnhe_lock);
static struct fnhe_bucket fnhe_hash[FNHE_HASH_SIZE];
/* Any exception recorded since the last flush? Spares senders the lookup. */
static int fnhe_used;                   /* [fnhe_lock]; READ_ONCE */

static struct fnhe_bucket *fnhe_bucket_of(__be32 daddr)
{
	return &fnhe_hash[(ntohl(daddr) * 2654435761u) >> (32 - FNHE_HASH_SHIFT)];
}

static bool fnhe_live(const struct fib_nh_exception *e, __be32 daddr, ktime_t now)
{
	return e->fnhe_daddr && e->fnhe_daddr == daddr && now < e->fnhe_expires;
}

/* A copy of daddr's live exception; false if there is none. Lockless. */
static bool fnhe_find(__be32 daddr, struct fib_nh_exception *out)
{
	struct fnhe_bucket *b = fnhe_bucket_of(daddr);
	ktime_t now;
	bool found;
	u32 seq;
	int i;

	if (!READ_ONCE(fnhe_used) || !daddr)
		return false;
	now = ktime_get();
	do {
		seq = READ_ONCE(b->seq);
		smp_rmb();
		found = false;
		for (i = 0; i < FNHE_RECLAIM_DEPTH && !found; i++) {
			*out = b->slot[i];
			found = fnhe_live(out, daddr, now);
		}
		smp_rmb();
	} while ((seq & 1) || READ_ONCE(b->seq) != seq);
	return found;
}

unsigned int ip_dst_pmtu(const struct dst_entry *dst, __be32 daddr)
{
	struct fib_nh_exception e;
	unsigned int mtu = dst_mtu(dst);

	if (fnhe_find(daddr, &e) && e.fnhe_pmtu < mtu)
		mtu = e.fnhe_pmtu;
	return mtu;
}

bool ip_dst_mtu_locked(__be32 daddr)
{
	struct fib_nh_exception e;

	return fnhe_find(daddr, &e) && e.fnhe_mtu_locked;
}

bool ip_rt_pmtu_info(__be32 daddr, u32 *mtu, ktime_t *expires, bool *locked)
{
	struct fib_nh_exception e;

	if (!fnhe_find(daddr, &e))
		return false;
	*mtu = e.fnhe_pmtu;
	*expires = e.fnhe_expires;
	*locked = e.fnhe_mtu_locked;
	return true;
}

/* The slot for daddr: its own, a free or expired one, or the one that
 * expires first (Linux's fnhe_oldest). [fnhe_lock] */
static struct fib_nh_exception *fnhe_slot(struct fnhe_bucket *b, __be32 daddr, ktime_t now)
{
	struct fib_nh_exception *e, *free = NULL, *oldest = NULL;
	int i;

	for (i = 0; i < FNHE_RECLAIM_DEPTH; i++) {
		e = &b->slot[i];
		if (e->fnhe_daddr == daddr)
			return e;
		if (!e->fnhe_daddr || now >= e->fnhe_expires)
			free = e;
		else if (!oldest || e->fnhe_expires < oldest->fnhe_expires)
			oldest = e;
	}
	return free ? free : oldest;
}

/* Linux's update_or_create_fnhe, for the MTU only. */
static void fnhe_update(__be32 daddr, u32 pmtu, bool lock, ktime_t expires)
{
	struct fnhe_bucket *b = fnhe_bucket_of(daddr);
	struct fib_nh_exception *e;

	spin_lock_bh(&fnhe_lock);
	e = fnhe_slot(b, daddr, ktime_get());
	WRITE_ONCE(b->seq, b->seq + 1);
	smp_wmb();
	e->fnhe_daddr = daddr;
	e->fnhe_pmtu = pmtu;
	e->fnhe_mtu_locked = lock;
	e->fnhe_expires = expires;
	smp_wmb();
	WRITE_ONCE(b->seq, b->seq + 1);
	WRITE_ONCE(fnhe_used, 1);
	spin_unlock_bh(&fnhe_lock);
}

void ip_rt_update_pmtu(const struct dst_entry *dst, __be32 daddr, u32 mtu)
{
	u64 life = (u64)READ_ONCE(sysctl_ip_rt_mtu_expires) * NSEC_PER_SEC;
	u32 min_pmtu = READ_ONCE(sysctl_ip_rt_min_pmtu), old_mtu;
	struct fib_nh_exception e;
	bool lock = false, have;
	ktime_t now;

	if (!daddr)
		return;
	have = fnhe_find(daddr, &e);
	if (have && e.fnhe_mtu_locked)
		return;                 /* Linux's ip_mtu_locked */
	old_mtu = ip_dst_pmtu(dst, daddr);
	if (old_mtu < mtu)
		return;
	if (mtu < min_pmtu) {
		lock = true;
		mtu = min(old_mtu, min_pmtu);
	}
	now = ktime_get();
	/* the same news again: refresh only past half the lifetime */
	if (have && e.fnhe_pmtu == mtu && !lock && now < e.fnhe_expires - (ktime_t)(life / 2))
		return;
	fnhe_update(daddr, mtu, lock, now + life);
}

/* net.ipv4.route.flush (Linux's rt_cache_flush with fnhe_genid_bump). */
void ip_rt_flush_pmtu(void)
{
	int i;

	spin_lock_bh(&fnhe_lock);
	for (i = 0; i < FNHE_HASH_SIZE; i++) {
		WRITE_ONCE(fnhe_hash[i].seq, fnhe_hash[i].seq + 1);
		smp_wmb();
		memset(fnhe_hash[i].slot, 0, sizeof(fnhe_hash[i].slot));
		smp_wmb();
		WRITE_ONCE(fnhe_hash[i].seq, fnhe_hash[i].seq + 1);
	}
	WRITE_ONCE(fnhe_used, 0);
	spin_unlock_bh(&fnhe_lock);
}

/*
 * Fragmentation needed for a datagram socket's packet (udp_err, ping_err;
 * skb->data at the quoted IP header): the route towards the quoted
 * destination learns mtu, unless the socket refuses path MTU news
 * (IP_PMTUDISC_INTERFACE, _OMIT). Linux's ipv4_sk_update_pmtu.
 */
void ipv4_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, u32 mtu)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct rtable *rt;

	if (!ip_sk_accept_pmtu(sk))
		return;
	rt = ip_route_output(iph->daddr, 0, sk->sk_bound_dev_if);
	if (IS_ERR(rt))
		return;
	ip_rt_update_pmtu(&rt->dst, iph->daddr, mtu);
}
