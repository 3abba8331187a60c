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
 * The exceptions live in rt6_pmtu_table, a path MTU exception table
 * (include/net/dst_pmtu.h, net/core/dst_pmtu.c) of 64 buckets of 4 slots
 * keyed by destination, as IPv4's fnhe_table but its own.
 *
 * Locks: rt6_pmtu_lock (rt6_pmtu_table.lock; spin, BHs off; unranked
 * leaf: taken from softirq ICMPv6 input under a socket's bh lock, from
 * the sysctl and from RTM_DELROUTE) serialises writers; readers take
 * nothing (per-bucket sequence counts, static slots; see dst_pmtu.h).
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <shoal/time.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/dst_pmtu.h>

#define RT6_PMTU_HASH_SHIFT     6       /* 64 buckets */
#define RT6_PMTU_KEY_WORDS      4       /* the destination, s6_addr32 */

/* Linux's net.ipv6.route.mtu_expires (s) */
unsigned long sysctl_ip6_rt_mtu_expires = 600;

DEFINE_DST_PMTU_TABLE(rt6_pmtu_table, rt6_pmtu_lock, RT6_PMTU_HASH_SHIFT,
		      &sysctl_ip6_rt_mtu_expires);

unsigned int ip6_dst_pmtu(const struct dst_entry *dst, const struct in6_addr *daddr)
{
	struct dst_pmtu_entry e;
	unsigned int mtu = dst_mtu(dst);

	if (dst_pmtu_find(&rt6_pmtu_table, daddr->s6_addr32, RT6_PMTU_KEY_WORDS, &e) &&
	    e.pmtu < mtu)
		mtu = e.pmtu;
	return mtu;
}

bool ip6_rt_pmtu_info(const struct in6_addr *daddr, u32 *mtu, ktime_t *expires)
{
	struct dst_pmtu_entry e;

	if (!dst_pmtu_find(&rt6_pmtu_table, daddr->s6_addr32, RT6_PMTU_KEY_WORDS, &e))
		return false;
	*mtu = e.pmtu;
	*expires = e.expires;
	return true;
}

void ip6_rt_update_pmtu(const struct dst_entry *dst, const struct in6_addr *daddr, u32 mtu)
{
	u64 life = dst_pmtu_life(&rt6_pmtu_table);

	if (ipv6_addr_any(daddr))
		return;
	if (mtu < IPV6_MIN_MTU)
		return;                 /* never below what every link carries */
	if (mtu >= ip6_dst_pmtu(dst, daddr))
		return;                 /* only ever lower it, as Linux */
	dst_pmtu_update(&rt6_pmtu_table, daddr->s6_addr32, RT6_PMTU_KEY_WORDS, mtu, false,
			ktime_get() + life);
}

/* RTM_DELROUTE of a cached route. */
int ip6_rt_del_pmtu(const struct in6_addr *daddr)
{
	return dst_pmtu_del(&rt6_pmtu_table, daddr->s6_addr32, RT6_PMTU_KEY_WORDS);
}

/* net.ipv6.route.flush */
void ip6_rt_flush_pmtu(void)
{
	dst_pmtu_flush(&rt6_pmtu_table);
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
