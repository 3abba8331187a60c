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
 * The exceptions live in fnhe_table, a path MTU exception table
 * (include/net/dst_pmtu.h, net/core/dst_pmtu.c) of 256 buckets of 4
 * slots keyed by destination address (not by route and destination as
 * Linux: one destination has one output route here unless sockets bind
 * to devices). IPv6 has its own (net/ipv6/route_pmtu.c).
 *
 * Locks: fnhe_lock (fnhe_table.lock; spin, BHs off; unranked leaf: taken
 * from softirq ICMP input under a socket's bh lock, and from the sysctl)
 * serialises writers; readers take nothing (per-bucket sequence counts,
 * static slots; see dst_pmtu.h). The sysctl words are read with READ_ONCE.
 */
#include <shoal/kernel.h>
#include <shoal/time.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/icmp.h>
#include <net/dst_pmtu.h>

#define FNHE_HASH_SHIFT         8       /* 256 buckets */
#define FNHE_KEY_WORDS          1       /* the destination, a __be32 */

/* Linux's defaults: net.ipv4.route.min_pmtu, mtu_expires (s), ip_no_pmtu_disc */
unsigned long sysctl_ip_rt_min_pmtu = IP_RT_MIN_PMTU;
unsigned long sysctl_ip_rt_mtu_expires = 600;
unsigned long sysctl_ip_no_pmtu_disc;

DEFINE_DST_PMTU_TABLE(fnhe_table, fnhe_lock, FNHE_HASH_SHIFT, &sysctl_ip_rt_mtu_expires);

unsigned int ip_dst_pmtu(const struct dst_entry *dst, __be32 daddr)
{
	struct dst_pmtu_entry e;
	unsigned int mtu = dst_mtu(dst);

	if (dst_pmtu_find(&fnhe_table, &daddr, FNHE_KEY_WORDS, &e) && e.pmtu < mtu)
		mtu = e.pmtu;
	return mtu;
}

bool ip_dst_mtu_locked(__be32 daddr)
{
	struct dst_pmtu_entry e;

	return dst_pmtu_find(&fnhe_table, &daddr, FNHE_KEY_WORDS, &e) && e.mtu_locked;
}

bool ip_rt_pmtu_info(__be32 daddr, u32 *mtu, ktime_t *expires, bool *locked)
{
	struct dst_pmtu_entry e;

	if (!dst_pmtu_find(&fnhe_table, &daddr, FNHE_KEY_WORDS, &e))
		return false;
	*mtu = e.pmtu;
	*expires = e.expires;
	*locked = e.mtu_locked;
	return true;
}

void ip_rt_update_pmtu(const struct dst_entry *dst, __be32 daddr, u32 mtu)
{
	u64 life = dst_pmtu_life(&fnhe_table);
	u32 min_pmtu = READ_ONCE(sysctl_ip_rt_min_pmtu), old_mtu;
	struct dst_pmtu_entry e;
	bool lock = false, have;
	ktime_t now;

	if (!daddr)
		return;
	have = dst_pmtu_find(&fnhe_table, &daddr, FNHE_KEY_WORDS, &e);
	if (have && e.mtu_locked)
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
	if (have && e.pmtu == mtu && !lock && now < e.expires - (ktime_t)(life / 2))
		return;
	dst_pmtu_update(&fnhe_table, &daddr, FNHE_KEY_WORDS, mtu, lock, now + life);
}

/* net.ipv4.route.flush (Linux's rt_cache_flush with fnhe_genid_bump). */
void ip_rt_flush_pmtu(void)
{
	dst_pmtu_flush(&fnhe_table);
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
