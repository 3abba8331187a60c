// SPDX-License-Identifier: MIT
/*
 * IPv6 path MTU exceptions (RFC 8201; Linux keeps them as RTF_CACHE
 * clones in the route's exception table, net/ipv6/route.c
 * rt6_do_update_pmtu): what an ICMPv6 Packet Too Big taught us about one
 * destination.
 *
 *   ip6_rt_update_pmtu   Linux's __ip6_rt_update_pmtu: lower the path MTU
 *                        towards daddr; a value below IPV6_MIN_MTU (1280)
 *                        is ignored (IPv6 links carry 1280 at least, RFC
 *                        8200 5, RFC 8201 4; Linux drops it, older Linux
 *                        raised it to 1280); an entry lives
 *                        net.ipv6.route.mtu_expires seconds (600)
 *   ip6_dst_pmtu         the MTU a sender must respect towards daddr over
 *                        a route: the route's, or the exception's while it
 *                        lives (Linux's ip6_mtu of the cached clone)
 *   ip6_sk_update_pmtu   a Packet Too Big about a datagram socket's packet
 *   ip6_rt_del_pmtu      RTM_DELROUTE with RTM_F_CLONED (`ip -6 route
 *                        flush cache`): forget daddr's
 *   ip6_rt_flush_pmtu    net.ipv6.route.flush: forget every exception
 *                        (Linux's flush only ages out expired ones)
 *
 * The same fixed table as IPv4's (net/ipv4/route_pmtu.c): FNHE6_HASH_SIZE
 * buckets of FNHE6_DEPTH slots keyed by destination; a full bucket reuses
 * the slot that expires first, so forged ICMPv6 cannot grow memory.
 *
 * Locks: rt6_pmtu_lock (spin, BHs off; unranked leaf: taken from softirq
 * ICMPv6 input under a socket's bh lock, and from the sysctl) serialises
 * writers. Readers take nothing: each bucket has a sequence count, odd
 * while a writer changes it; a reader copies its slot and retries if the
 * count moved. Slots are static, never freed.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <shoal/time.h>
#include <shoal/atomic.h>
#include <net/ip.h>
#include <net/ipv6.h>

#define FNHE6_HASH_SHIFT        6
#define FNHE6_HASH_SIZE         (1 << FNHE6_HASH_SHIFT)
#define FNHE6_DEPTH             4

/* Linux's net.ipv6.route.mtu_expires (s) */
unsigned long sysctl_ip6_rt_mtu_expires = 600;

struct rt6_exception {
	struct in6_addr daddr;          /* :: free [rt6_pmtu_lock, bucket seq] */
	u32 pmtu;                       /* [rt6_pmtu_lock, bucket seq] */
	ktime_t expires;                /* [rt6_pmtu_lock, bucket seq] */
};

struct rt6_exception_bucket {
	u32 seq;                        /* odd while a writer is in [rt6_pmtu_lock] */
	struct rt6_exception slot[FNHE6_DEPTH];
};

static DEFINE_SPINLOCK(rt6_pmtu_lock);
static struct rt6_exception_bucket rt6_pmtu_hash[FNHE6_HASH_SIZE];
static int rt6_pmtu_used;               /* [rt6_pmtu_lock]; READ_ONCE */

static struct rt6_exception_bucket *rt6_bucket_of(const struct in6_addr *daddr)
{
	u32 h = ntohl(daddr->s6_addr32[0] ^ daddr->s6_addr32[1] ^ daddr->s6_addr32[2] ^
		      daddr->s6_addr32[3]);

	return &rt6_pmtu_hash[(h * 2654435761u) >> (32 - FNHE6_HASH_SHIFT)];
}

static bool rt6_ex_live(const struct rt6_exception *e, const struct in6_addr *daddr,
			ktime_t now)
{
	return !ipv6_addr_any(&e->daddr) && ipv6_addr_equal(&e->daddr, daddr) &&
	       now < e->expires;
}

/* A copy of daddr's live exception; false if there is none. Lockless. */
static bool rt6_ex_find(const struct in6_addr *daddr, struct rt6_exception *out)
{
	struct rt6_exception_bucket *b = rt6_bucket_of(daddr);
	ktime_t now;
	bool found;
	u32 seq;
	int i;

	if (!READ_ONCE(rt6_pmtu_used) || ipv6_addr_any(daddr))
		return false;
	now = ktime_get();
	do {
		seq = READ_ONCE(b->seq);
		smp_rmb();
		found = false;
		for (i = 0; i < FNHE6_DEPTH && !found; i++) {
			*out = b->slot[i];
			found = rt6_ex_live(out, daddr, now);
		}
		smp_rmb();
	} while ((seq & 1) || READ_ONCE(b->seq) != seq);
	return found;
}

unsigned int ip6_dst_pmtu(const struct dst_entry *dst, const struct in6_addr *daddr)
{
	struct rt6_exception e;
	unsigned int mtu = dst_mtu(dst);

	if (rt6_ex_find(daddr, &e) && e.pmtu < mtu)
		mtu = e.pmtu;
	return mtu;
}

bool ip6_rt_pmtu_info(const struct in6_addr *daddr, u32 *mtu, ktime_t *expires)
{
	struct rt6_exception e;

	if (!rt6_ex_find(daddr, &e))
		return false;
	*mtu = e.pmtu;
	*expires = e.expires;
	return true;
}

/* daddr's slot: its own, a free or expired one, or the first to expire. [rt6_pmtu_lock] */
static struct rt6_exception *rt6_ex_slot(struct rt6_exception_bucket *b,
					 const struct in6_addr *daddr, ktime_t now)
{
	struct rt6_exception *e, *free = NULL, *oldest = NULL;
	int i;

	for (i = 0; i < FNHE6_DEPTH; i++) {
		e = &b->slot[i];
		if (ipv6_addr_equal(&e->daddr, daddr))
			return e;
		if (ipv6_addr_any(&e->daddr) || now >= e->expires)
			free = e;
		else if (!oldest || e->expires < oldest->expires)
			oldest = e;
	}
	return free ? free : oldest;
}

static void rt6_ex_update(const struct in6_addr *daddr, u32 pmtu, ktime_t expires)
{
	struct rt6_exception_bucket *b = rt6_bucket_of(daddr);
	struct rt6_exception *e;

	spin_lock_bh(&rt6_pmtu_lock);
	e = rt6_ex_slot(b, daddr, ktime_get());
	WRITE_ONCE(b->seq, b->seq + 1);
	smp_wmb();
	e->daddr = *daddr;
	e->pmtu = pmtu;
	e->expires = expires;
	smp_wmb();
	WRITE_ONCE(b->seq, b->seq + 1);
	WRITE_ONCE(rt6_pmtu_used, 1);
	spin_unlock_bh(&rt6_pmtu_lock);
}

void ip6_rt_update_pmtu(const struct dst_entry *dst, const struct in6_addr *daddr, u32 mtu)
{
	u64 life = (u64)READ_ONCE(sysctl_ip6_rt_mtu_expires) * NSEC_PER_SEC;

	if (ipv6_addr_any(daddr))
		return;
	if (mtu < IPV6_MIN_MTU)
		return;                 /* never below what every link carries */
	if (mtu >= ip6_dst_pmtu(dst, daddr))
		return;                 /* only ever lower it, as Linux */
	rt6_ex_update(daddr, mtu, ktime_get() + life);
}

int ip6_rt_del_pmtu(const struct in6_addr *daddr)
{
	struct rt6_exception_bucket *b = rt6_bucket_of(daddr);
	int err = -ESRCH, i;

	spin_lock_bh(&rt6_pmtu_lock);
	for (i = 0; i < FNHE6_DEPTH; i++) {
		if (ipv6_addr_any(daddr) || !ipv6_addr_equal(&b->slot[i].daddr, daddr))
			continue;
		WRITE_ONCE(b->seq, b->seq + 1);
		smp_wmb();
		memset(&b->slot[i], 0, sizeof(b->slot[i]));
		smp_wmb();
		WRITE_ONCE(b->seq, b->seq + 1);
		err = 0;
	}
	spin_unlock_bh(&rt6_pmtu_lock);
	return err;
}

void ip6_rt_flush_pmtu(void)
{
	int i;

	spin_lock_bh(&rt6_pmtu_lock);
	for (i = 0; i < FNHE6_HASH_SIZE; i++) {
		WRITE_ONCE(rt6_pmtu_hash[i].seq, rt6_pmtu_hash[i].seq + 1);
		smp_wmb();
		memset(rt6_pmtu_hash[i].slot, 0, sizeof(rt6_pmtu_hash[i].slot));
		smp_wmb();
		WRITE_ONCE(rt6_pmtu_hash[i].seq, rt6_pmtu_hash[i].seq + 1);
	}
	WRITE_ONCE(rt6_pmtu_used, 0);
	spin_unlock_bh(&rt6_pmtu_lock);
}

bool ip6_sk_accept_pmtu(const struct sock *sk)
{
	u8 d = READ_ONCE(inet_sk(sk)->ipv6_pmtudisc);

	return d != IPV6_PMTUDISC_INTERFACE && d != IPV6_PMTUDISC_OMIT;
}

/*
 * Packet Too Big for a datagram socket's packet (skb->data at the quoted
 * IPv6 header): the route towards the quoted destination learns mtu
 * (Linux's ip6_sk_update_pmtu).
 */
void ip6_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, __be32 mtu)
{
	const struct ipv6hdr *inner = (const struct ipv6hdr *)skb->data;
	struct in6_addr saddr = inner->saddr;
	struct rt6_info *rt;

	if (!ip6_sk_accept_pmtu(sk))
		return;
	rt = ip6_route_output(&inner->daddr, &saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt))
		return;
	ip6_rt_update_pmtu(&rt->dst, &inner->daddr, ntohl(mtu));
}

/* ------------------------------------------------------------ sysctl */

static unsigned long zero, int_max = INT_MAX;

/* route/flush: any write empties the path MTU cache. */
static int rt6_flush_handler(const struct ctl_table *table, int write, char *buf, size_t len)
{
	(void)table;
	(void)buf;
	(void)len;
	if (!write)
		return -EINVAL;
	ip6_rt_flush_pmtu();
	return 0;
}

static const struct ctl_table ipv6_route_table[] = {
	{ .procname = "mtu_expires", .data = &sysctl_ip6_rt_mtu_expires,
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &int_max },
	{ .procname = "flush", .mode = 0200, .proc_handler = rt6_flush_handler },
};

static int sysctl_ipv6_route_init(void)
{
	return register_sysctl("net/ipv6/route", ipv6_route_table);
}
subsys_initcall(sysctl_ipv6_route_init);
