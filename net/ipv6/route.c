// SPDX-License-Identifier: MIT
/*
 * IPv6 routes (the local part of Linux's net/ipv6/route.c). The only
 * addresses are the loopback device's (addrconf.c), whose prefix route
 * (::1/128) is the address itself, so a destination is either one of
 * ours, reached through the local route over lo, or unreachable
 * (-ENETUNREACH, as on a Linux host with no IPv6 default route). There
 * is no forwarding, no default route and no neighbour discovery.
 *
 * ip6_local_rt is written under rtnl_lock when lo comes up or changes its
 * MTU, and read without a lock: its fields are words, and a route is
 * never freed, so packets and sockets borrow it without a reference.
 */
#include <shoal/kernel.h>
#include <shoal/netdevice.h>
#include <net/ipv6.h>

static struct rt6_info ip6_local_rt = {
	.dst = { .input = ip6_input, .output = ip6_output },
	.rt6i_type = RTN_LOCAL,
};

/* lo is up (or changed its MTU): the local route goes over it. [rtnl_lock] */
void ip6_route_dev_up(struct net_device *dev)
{
	ASSERT_RTNL();
	WRITE_ONCE(ip6_local_rt.dst.mtu, dev->mtu);
	WRITE_ONCE(ip6_local_rt.dst.dev, dev);
}

struct rt6_info *ip6_route_output(const struct in6_addr *daddr, struct in6_addr *saddr, int oif)
{
	struct net_device *dev = READ_ONCE(ip6_local_rt.dst.dev);

	if (!dev || !ipv6_chk_addr(daddr, NULL))
		return ERR_PTR(-ENETUNREACH);
	if (oif && oif != dev->ifindex)
		return ERR_PTR(-ENETUNREACH);   /* bound elsewhere: no route there */
	if (saddr && ipv6_addr_any(saddr))
		*saddr = *daddr;                /* a local destination answers itself */
	return &ip6_local_rt;
}

int ip6_route_input(struct sk_buff *skb)
{
	const struct ipv6hdr *hdr = ipv6_hdr(skb);

	if (!ipv6_chk_addr(&hdr->daddr, skb->dev))
		return -EHOSTUNREACH;           /* not ours, and no forwarding */
	skb_dst_set(skb, &ip6_local_rt.dst);
	return 0;
}
