// SPDX-License-Identifier: MIT
/*
 * IPv6 routes (the local part of Linux's net/ipv6/route.c). The only
 * addresses are the loopback device's (addrconf.c), whose prefix route
 * (::1/128) is the address itself, so a destination is either one of
 * ours, reached through the local route over lo, or unreachable
 * (-ENETUNREACH, as on a Linux host with no IPv6 default route). There
 * is no forwarding, no default route and no neighbour discovery.
 *
 * RTM_GETROUTE shows what Linux's tables hold for lo's address: the
 * local route (local ::1 dev lo table local proto kernel metric 0; Linux
 * adds no prefix route for ::1 to main); one destination is answered
 * with the route output would take, and the path MTU learnt towards it
 * (route_pmtu.c) as Linux shows its cached clone.
 *
 * ip6_local_rt is written under rtnl_lock when lo comes up or changes its
 * MTU, and read without a lock: its fields are words, and a route is
 * never freed, so packets and sockets borrow it without a reference.
 */
#include <shoal/kernel.h>
#include <shoal/netdevice.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <uapi/time.h>
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

/* ------------------------------------------------------------ rtnetlink */

struct rt6_msg {
	const struct in6_addr *dst, *prefsrc;
	u8 dst_len, type, table;
	bool pmtu;                      /* a lookup: show a learnt path MTU */
	u32 metric;
	int oif;
};

/*
 * A learnt path MTU towards dst (route_pmtu.c), as Linux shows its cached
 * clone: RTM_F_CLONED, RTA_METRICS with the MTU, RTA_CACHEINFO with the
 * time left. Nothing without one.
 */
static int rt6_fill_pmtu(struct sk_buff *skb, struct rtmsg *rtm, const struct in6_addr *dst)
{
	struct { struct nlattr nla; u32 v; } m;
	struct rta_cacheinfo ci = { 0 };
	ktime_t expires, left;
	u32 mtu;

	if (!ip6_rt_pmtu_info(dst, &mtu, &expires))
		return 0;
	rtm->rtm_flags |= RTM_F_CLONED;
	m.nla.nla_len = sizeof(m);
	m.nla.nla_type = RTAX_MTU;
	m.v = mtu;
	left = expires - ktime_get();
	ci.rta_expires = left > 0 ? left / (NSEC_PER_SEC / USER_HZ) : 0;
	if (nla_put(skb, RTA_METRICS, sizeof(m), &m) ||
	    nla_put(skb, RTA_CACHEINFO, sizeof(ci), &ci))
		return -EMSGSIZE;
	return 0;
}

/* One RTM_NEWROUTE; -EMSGSIZE (and nothing added) if it does not fit. */
static int rt6_fill_node(struct sk_buff *skb, const struct rt6_msg *m, u32 portid, u32 seq,
			 unsigned int flags)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nlmsg_put(skb, portid, seq, RTM_NEWROUTE, sizeof(*rtm), flags);
	if (!nlh)
		return -EMSGSIZE;
	rtm = nlmsg_data(nlh);
	memset(rtm, 0, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = m->dst_len;
	rtm->rtm_table = m->table;
	rtm->rtm_protocol = RTPROT_KERNEL;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = m->type;
	if (nla_put_u32(skb, RTA_TABLE, m->table) ||
	    nla_put(skb, RTA_DST, sizeof(*m->dst), m->dst) ||
	    (m->prefsrc && nla_put(skb, RTA_PREFSRC, sizeof(*m->prefsrc), m->prefsrc)) ||
	    nla_put_u32(skb, RTA_OIF, m->oif) ||
	    nla_put_u32(skb, RTA_PRIORITY, m->metric) ||
	    nla_put_u8(skb, RTA_PREF, 0) ||     /* ICMPV6_ROUTER_PREF_MEDIUM */
	    (m->pmtu && rt6_fill_pmtu(skb, rtm, m->dst))) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/* Dump: the local routes of our addresses; the cursor is the address. */
static int inet6_dump_fib(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct in6_addr addr;
	struct rt6_msg m;
	int ifindex;
	u8 plen;

	for (;; cb->args[0]++) {
		if (ipv6_addr_nth(cb->args[0], &addr, &plen, &ifindex))
			break;
		m = (struct rt6_msg){ .dst = &addr, .dst_len = 128, .oif = ifindex,
				      .type = RTN_LOCAL, .table = RT_TABLE_LOCAL };
		if (rt6_fill_node(skb, &m, cb->portid, cb->seq, NLM_F_MULTI))
			break;
	}
	return skb->len;
}

static const struct nla_policy rtm_ipv6_policy[RTA_MAX + 1] = {
	[RTA_DST] = { .len = sizeof(struct in6_addr) },
	[RTA_SRC] = { .len = sizeof(struct in6_addr) },
	[RTA_OIF] = { .type = NLA_U32 },
	[RTA_IIF] = { .type = NLA_U32 },
};

/* One destination: the route output takes (local ones are all there is). */
static int inet6_rtm_getroute(struct sk_buff *in_skb, struct nlmsghdr *nlh,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTA_MAX + 1];
	struct in6_addr dst = { 0 }, src = { 0 };
	struct rt6_info *rt;
	struct sk_buff *skb;
	struct rt6_msg m;
	int err, oif;

	err = nlmsg_parse(nlh, sizeof(struct rtmsg), tb, RTA_MAX, rtm_ipv6_policy, extack);
	if (err)
		return err;
	if (tb[RTA_IIF] && nla_get_u32(tb[RTA_IIF]))
		return -EOPNOTSUPP;     /* no input route lookups */
	if (tb[RTA_DST]) {
		if (nla_len(tb[RTA_DST]) < (int)sizeof(dst))
			return -EINVAL;
		memcpy(&dst, nla_data(tb[RTA_DST]), sizeof(dst));
	}
	if (tb[RTA_SRC]) {
		if (nla_len(tb[RTA_SRC]) < (int)sizeof(src))
			return -EINVAL;
		memcpy(&src, nla_data(tb[RTA_SRC]), sizeof(src));
	}
	oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0;
	rt = ip6_route_output(&dst, &src, oif);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	skb = nlmsg_new(NLMSG_ALIGN(sizeof(struct rtmsg)) + 256, GFP_KERNEL);
	if (!skb)
		return -ENOBUFS;
	m = (struct rt6_msg){ .dst = &dst, .prefsrc = &src, .dst_len = 128, .type = RTN_LOCAL,
			      .table = RT_TABLE_LOCAL, .oif = rt->dst.dev->ifindex, .pmtu = true };
	if (rt6_fill_node(skb, &m, rtnl_portid(in_skb), nlh->nlmsg_seq, 0)) {
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	return rtnl_unicast(skb, rtnl_portid(in_skb));
}

/*
 * RTM_DELROUTE: only a cached route, that is a learnt path MTU
 * (RTM_F_CLONED, as `ip -6 route flush cache` sends); the local routes
 * belong to the addresses (-EOPNOTSUPP).
 */
static int inet6_rtm_delroute(struct sk_buff *in_skb, struct nlmsghdr *nlh,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTA_MAX + 1];
	struct in6_addr dst;
	struct rtmsg *rtm;
	int err;

	(void)in_skb;
	err = nlmsg_parse(nlh, sizeof(struct rtmsg), tb, RTA_MAX, rtm_ipv6_policy, extack);
	if (err)
		return err;
	rtm = nlmsg_data(nlh);
	if (!(rtm->rtm_flags & RTM_F_CLONED))
		return -EOPNOTSUPP;
	if (rtm->rtm_dst_len != 128 || !tb[RTA_DST] || nla_len(tb[RTA_DST]) < (int)sizeof(dst))
		return -ESRCH;
	memcpy(&dst, nla_data(tb[RTA_DST]), sizeof(dst));
	return ip6_rt_del_pmtu(&dst);
}

void ip6_route_init(void)
{
	rtnl_register(PF_INET6, RTM_DELROUTE, inet6_rtm_delroute, NULL);
	rtnl_register(PF_INET6, RTM_GETROUTE, inet6_rtm_getroute, inet6_dump_fib);
}
