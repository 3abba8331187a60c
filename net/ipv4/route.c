// SPDX-License-Identifier: MIT
/*
 * IPv4 routing: a small FIB of two tables, as Linux's default rules see
 * them:
 *   local  RTN_LOCAL and RTN_BROADCAST routes, one set per interface
 *          address (local a.b.c.d, local 127.0.0.0/8 on lo, broadcast
 *          ...); consulted first.
 *   main   connected networks and gateways (SIOCADDRT); what
 *          /proc/net/route and `route -n` show.
 * Each table is a singly linked list sorted by prefix length (longest
 * first), then metric, so the first match is the best.
 *
 * Lookups are lockless: routes are never freed (a deleted one is unlinked,
 * marked dead and left in memory with its next pointer frozen), so a
 * reader walking the list with READ_ONCE always reaches valid nodes, and
 * nodes are published with a store-release after they are complete.
 * Whatever a lookup returns stays valid memory forever: sockets cache it
 * in sk_dst_cache and skbs borrow it with no reference count.
 *
 * Every table change gives each live route a fresh struct rtable and
 * marks the old one obsolete, so cached routes (sockets, the loopback
 * input shortcut) are looked up again, as Linux's rt_genid bump does;
 * the local table's host routes (our addresses, broadcast addresses)
 * are the exception: nothing can be a better route for their
 * destination, so only their own removal makes their rtable obsolete.
 *
 * Locks: fib_lock (spin, BHs off: taken from devinet's notifier, which may run
 * with BHs off) serialises writers only. Order: devinet_lock -> fib_lock.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <shoal/random.h>
#include <shoal/cred.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/inet_common.h>
#include <net/snmp.h>
#include <net/rtnetlink.h>

/* A route. Fields from dst to from_ifaddr are [const] once it is linked. */
struct fib_route {
	struct fib_route *next;         /* [fib_lock]; read locklessly */
	__be32 dst;
	__be32 mask;
	__be32 gw;                      /* next hop, 0 = on-link */
	__be32 prefsrc;                 /* source address to use, 0 = choose */
	struct net_device *dev;
	int metric;
	u8 prefixlen;
	u8 type;                        /* RTN_* */
	u8 from_ifaddr;                 /* implied by an address (proto kernel) */
	u8 dead;                        /* unlinked [fib_lock]; read locklessly */
	u8 protocol;                    /* RTPROT_*: who added it */
	struct rtable *rt;              /* current rtable [fib_lock]; read locklessly */
};

/* Who asked for a change, for its RTNLGRP_IPV4_ROUTE event (NULL: the kernel). */
struct nl_info {
	const struct nlmsghdr *nlh;
	u32 portid;
	u8 protocol;                    /* RTPROT_* of a new route */
};

static DEFINE_SPINLOCK_RANKED(fib_lock, LOCKRANK_FIB);

static void rtmsg_fib(int event, const struct fib_route *r, const struct nl_info *info);
static struct fib_route *fib_local;     /* [fib_lock] */
static struct fib_route *fib_main;      /* [fib_lock] */

/* For limited broadcasts arriving on any device. */
static struct rtable rt_bcast_input;

static bool rt_is_local_type(int type)
{
	return type == RTN_LOCAL || type == RTN_BROADCAST;
}

/* A new rtable for route r, or NULL (out of memory: the old one stays). */
static struct rtable *rt_make(const struct fib_route *r)
{
	struct rtable *rt = kzalloc(sizeof(*rt), GFP_ATOMIC);

	if (!rt)
		return NULL;
	/* Packets to a local address leave through loopback, as Linux's. */
	rt->dst.dev = r->type == RTN_LOCAL ? loopback_dev : r->dev;
	rt->dst.mtu = min_t(unsigned int, rt->dst.dev->mtu, IPV4_MAX_PMTU);
	rt->dst.input = ip_local_deliver;
	rt->dst.output = ip_output;
	rt->rt_type = r->type;
	rt->rt_gw4 = r->gw;
	rt->rt_spec_dst = r->prefsrc;
	return rt;
}

void rt_init_dev_bcast(struct in_device *in_dev)
{
	struct rtable *rt = &in_dev->bcast_rt;

	rt->dst.dev = in_dev->dev;
	rt->dst.mtu = min_t(unsigned int, in_dev->dev->mtu, IPV4_MAX_PMTU);
	rt->dst.input = ip_local_deliver;
	rt->dst.output = ip_output;
	rt->rt_type = RTN_BROADCAST;
}

/*
 * A host route of the local table (an address of ours, a broadcast
 * address) is consulted before anything else and nothing can be more
 * specific, so no other change can give its destination a better route:
 * its rtable stays valid until the route itself goes (fib_unlink). Not
 * renewing those keeps the memory a change costs (old rtables are never
 * freed) from growing with the number of addresses.
 */
static bool fib_route_cache_stable(const struct fib_route *r)
{
	return rt_is_local_type(r->type) && r->prefixlen == 32;
}

/*
 * Give every live route but fresh a new rtable; the old ones become
 * obsolete. all: the stable host routes too (an MTU change reaches them).
 */
static void __fib_flush_cache(const struct fib_route *fresh, bool all)
{
	struct fib_route *heads[2] = { fib_local, fib_main }, *r;
	struct rtable *rt, *old;
	int i;

	assert_spin_locked(&fib_lock);
	for (i = 0; i < 2; i++) {
		for (r = heads[i]; r; r = r->next) {
			if (r == fresh || (!all && fib_route_cache_stable(r)))
				continue;
			rt = rt_make(r);
			if (!rt)
				continue;
			old = r->rt;
			smp_store_release(&r->rt, rt);
			WRITE_ONCE(old->dst.obsolete, 1);
		}
	}
}

static void fib_flush_cache(const struct fib_route *fresh)
{
	__fib_flush_cache(fresh, false);
}

/*
 * A device's MTU changed (NETDEV_CHANGEMTU, rtnl held): every route gets a
 * fresh rtable with the new MTU and the old ones become obsolete, so a
 * connected socket looks its route up again and TCP's MSS follows
 * (Linux's rt_cache_flush).
 */
void rt_cache_flush(void)
{
	spin_lock_bh(&fib_lock);
	__fib_flush_cache(NULL, true);
	spin_unlock_bh(&fib_lock);
}

static struct fib_route **fib_table(int type)
{
	return rt_is_local_type(type) ? &fib_local : &fib_main;
}

static bool fib_same(const struct fib_route *r, __be32 dst, __be32 mask, __be32 gw,
		     const struct net_device *dev, int metric)
{
	return r->dst == dst && r->mask == mask && r->gw == gw && r->dev == dev &&
	       r->metric == metric;
}

/* Insert r sorted; -EEXIST if the same route is there. [fib_lock] */
static int fib_insert(struct fib_route *r)
{
	struct fib_route **pp = fib_table(r->type), *p;

	for (p = *pp; p; p = p->next)
		if (fib_same(p, r->dst, r->mask, r->gw, r->dev, r->metric) && p->type == r->type)
			return -EEXIST;
	while ((p = *pp) && (p->prefixlen > r->prefixlen ||
			     (p->prefixlen == r->prefixlen && p->metric <= r->metric)))
		pp = &p->next;
	r->next = p;
	smp_store_release(pp, r);
	return 0;
}

static void fib_unlink(struct fib_route **pp, struct fib_route *r, const struct nl_info *info)
{
	rtmsg_fib(RTM_DELROUTE, r, info);
	WRITE_ONCE(*pp, r->next);
	r->dead = 1;
	WRITE_ONCE(r->rt->dst.obsolete, 1);
	/* r stays allocated: lockless readers may still be on it. */
}

static int __fib_add(__be32 dst, __be32 mask, __be32 gw, __be32 prefsrc, struct net_device *dev,
		     int type, int metric, bool from_ifaddr, const struct nl_info *info)
{
	struct fib_route *r = kzalloc(sizeof(*r), GFP_ATOMIC);
	int err;

	if (!r)
		return -ENOMEM;
	r->dst = dst & mask;
	r->mask = mask;
	r->prefixlen = inet_mask_len(mask);
	r->gw = gw;
	r->prefsrc = prefsrc;
	r->dev = dev;
	r->type = type;
	r->metric = metric;
	r->from_ifaddr = from_ifaddr;
	r->protocol = info ? info->protocol : from_ifaddr ? RTPROT_KERNEL : RTPROT_BOOT;
	r->rt = rt_make(r);
	if (!r->rt) {
		kfree(r);
		return -ENOMEM;
	}
	spin_lock_bh(&fib_lock);
	err = fib_insert(r);
	if (!err) {
		fib_flush_cache(r);
		rtmsg_fib(RTM_NEWROUTE, r, info);
	}
	spin_unlock_bh(&fib_lock);
	if (err) {
		kfree(r->rt);
		kfree(r);
	}
	return err;
}

/* Delete the routes matching (any gw/dev/metric when 0/NULL/-1). Returns the count. */
static int __fib_del(int type, __be32 dst, __be32 mask, __be32 gw, const struct net_device *dev,
		     int metric, bool only_ifaddr, const struct nl_info *info)
{
	struct fib_route **pp, *r;
	int n = 0;

	spin_lock_bh(&fib_lock);
	pp = fib_table(type);
	while ((r = *pp)) {
		if (r->dst == (dst & mask) && r->mask == mask && r->type == type &&
		    (!gw || r->gw == gw) && (!dev || r->dev == dev) &&
		    (metric < 0 || r->metric == metric) && (!only_ifaddr || r->from_ifaddr)) {
			fib_unlink(pp, r, info);
			n++;
			continue;
		}
		pp = &r->next;
	}
	if (n)
		fib_flush_cache(NULL);
	spin_unlock_bh(&fib_lock);
	return n;
}

int ip_route_add(__be32 dst, __be32 mask, __be32 gw, struct net_device *dev, int type, int metric)
{
	if (dst & ~mask)
		return -EINVAL;
	return __fib_add(dst, mask, gw, 0, dev, type, metric, false, NULL);
}

int ip_route_del(__be32 dst, __be32 mask, __be32 gw, struct net_device *dev)
{
	return __fib_del(RTN_UNICAST, dst, mask, gw, dev, -1, false, NULL) ? 0 : -ESRCH;
}

/*
 * The routes an interface address implies (Linux's fib_add_ifaddr):
 * local addr/32; the explicit broadcast; the prefix (a LOCAL route on
 * loopback, a connected UNICAST route elsewhere) and its broadcast.
 */
void fib_add_ifaddr(struct in_ifaddr *ifa)
{
	struct net_device *dev = ifa->ifa_dev->dev;
	__be32 prefix = ifa->ifa_address & ifa->ifa_mask, addr = ifa->ifa_local;
	__be32 all = htonl(0xffffffff);

	assert_spin_locked(&devinet_lock);

	if (!(dev->flags & IFF_UP))
		return;
	__fib_add(addr, all, 0, addr, dev, RTN_LOCAL, 0, true, NULL);
	if (ifa->ifa_broadcast && ifa->ifa_broadcast != all)
		__fib_add(ifa->ifa_broadcast, all, 0, addr, dev, RTN_BROADCAST, 0, true, NULL);
	if (ipv4_is_zeronet(prefix) || (ifa->ifa_flags & IFA_F_SECONDARY) ||
	    (prefix == addr && ifa->ifa_prefixlen == 32))
		return;
	__fib_add(prefix, ifa->ifa_mask, 0, addr, dev,
		  (dev->flags & IFF_LOOPBACK) ? RTN_LOCAL : RTN_UNICAST, 0, true, NULL);
	if (ifa->ifa_prefixlen < 31)
		__fib_add(prefix | ~ifa->ifa_mask, all, 0, addr, dev, RTN_BROADCAST, 0, true, NULL);
}

void fib_del_ifaddr(struct in_ifaddr *ifa)
{
	struct net_device *dev = ifa->ifa_dev->dev;
	__be32 prefix = ifa->ifa_address & ifa->ifa_mask, all = htonl(0xffffffff);

	assert_spin_locked(&devinet_lock);

	__fib_del(RTN_LOCAL, ifa->ifa_local, all, 0, dev, -1, true, NULL);
	/* A secondary added no prefix route and shares its prefix's
	 * broadcasts with the primary, which still needs them (Linux's
	 * fib_del_ifaddr keeps what another address implies). */
	if (ifa->ifa_flags & IFA_F_SECONDARY)
		return;
	if (ifa->ifa_broadcast)
		__fib_del(RTN_BROADCAST, ifa->ifa_broadcast, all, 0, dev, -1, true, NULL);
	__fib_del((dev->flags & IFF_LOOPBACK) ? RTN_LOCAL : RTN_UNICAST, prefix, ifa->ifa_mask,
		  0, dev, -1, true, NULL);
	if (ifa->ifa_prefixlen < 31)
		__fib_del(RTN_BROADCAST, prefix | ~ifa->ifa_mask, all, 0, dev, -1, true, NULL);
}

void fib_ifdown(struct net_device *dev)
{
	struct fib_route **heads[2] = { &fib_local, &fib_main }, **pp, *r;
	int i, n = 0;

	spin_lock_bh(&fib_lock);
	for (i = 0; i < 2; i++) {
		pp = heads[i];
		while ((r = *pp)) {
			if (r->dev == dev) {
				fib_unlink(pp, r, NULL);
				n++;
				continue;
			}
			pp = &r->next;
		}
	}
	if (n)
		fib_flush_cache(NULL);
	spin_unlock_bh(&fib_lock);
}

/* The best route of a table for daddr, or NULL. Lockless. */
static struct fib_route *fib_lookup(struct fib_route *const *head, __be32 daddr, int oif)
{
	struct fib_route *r;

	for (r = READ_ONCE(*head); r; r = READ_ONCE(r->next)) {
		if ((daddr & r->mask) != r->dst || READ_ONCE(r->dead))
			continue;
		if (oif && r->dev->ifindex != oif && r->type != RTN_LOCAL)
			continue;
		return r;
	}
	return NULL;
}

static struct rtable *fib_rt(struct fib_route *r)
{
	return smp_load_acquire(&r->rt);
}

/*
 * Where gateway @gw is reached (Linux's fib_check_nh_v4_gw): through a
 * route of link scope or narrower - one of our own addresses or prefixes
 * in the local table (so a gateway on an address added to lo is
 * accepted, as Linux accepts it) or a connected network of the main
 * table; of *@devp if given, which is set when it was not. -ENETUNREACH
 * without such a route, -EINVAL for a broadcast address (as Linux for a
 * route of universe scope, what `ip route add` makes; Linux's SIOCADDRT
 * makes link scope for such a gateway and resolves it through the
 * local prefix instead).
 */
static int fib_gw_dev(__be32 gw, struct net_device **devp)
{
	int oif = *devp ? (*devp)->ifindex : 0;
	struct fib_route *r = fib_lookup(&fib_local, gw, oif);

	if (r && r->type != RTN_LOCAL)
		return -EINVAL;
	if (!r)
		r = fib_lookup(&fib_main, gw, oif);
	if (!r || r->gw)
		return -ENETUNREACH;
	if (!*devp)
		*devp = r->dev;
	return 0;
}

int inet_addr_type(__be32 addr)
{
	struct fib_route *r;

	if (ipv4_is_zeronet(addr) || ipv4_is_lbcast(addr))
		return RTN_BROADCAST;
	if (ipv4_is_multicast(addr))
		return RTN_MULTICAST;
	r = fib_lookup(&fib_local, addr, 0);
	return r ? r->type : RTN_UNICAST;
}

static struct rtable *rt_lbcast(int oif)
{
	struct net_device *dev = NULL;
	struct fib_route *r;

	if (oif)
		dev = dev_get_by_index(oif);
	else if ((r = fib_lookup(&fib_main, htonl(INADDR_BROADCAST), 0)))
		dev = r->dev;
	if (!dev || !__in_dev_get(dev))
		return ERR_PTR(-ENETUNREACH);
	return &__in_dev_get(dev)->bcast_rt;
}

struct rtable *ip_route_output(__be32 daddr, __be32 saddr, int oif)
{
	struct fib_route *r;

	if (saddr && (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr) ||
		      inet_addr_type(saddr) != RTN_LOCAL))
		return ERR_PTR(-EINVAL);
	if (!daddr)             /* "this host": Linux sends it to loopback */
		daddr = saddr ? saddr : htonl(INADDR_LOOPBACK);
	if (ipv4_is_lbcast(daddr))
		return rt_lbcast(oif);
	if (ipv4_is_multicast(daddr))
		return ERR_PTR(-ENETUNREACH);   /* no multicast routing */
	r = fib_lookup(&fib_local, daddr, oif);
	if (!r)
		r = fib_lookup(&fib_main, daddr, oif);
	if (!r)
		return ERR_PTR(-ENETUNREACH);
	return fib_rt(r);
}

/*
 * Route a received packet: local and broadcast destinations are delivered,
 * everything else is dropped (shoal does not forward), as are martians.
 */
int ip_route_input(struct sk_buff *skb, __be32 daddr, __be32 saddr, struct net_device *dev)
{
	bool lo = dev->flags & IFF_LOOPBACK;
	struct fib_route *r;

	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr) ||
	    (!lo && (ipv4_is_loopback(saddr) || ipv4_is_loopback(daddr))))
		return -EINVAL;
	if (ipv4_is_lbcast(daddr) || (!daddr && !saddr)) {
		skb_dst_set(skb, &rt_bcast_input.dst);
		return 0;
	}
	if (ipv4_is_multicast(daddr) || ipv4_is_zeronet(daddr))
		return -EINVAL;
	r = fib_lookup(&fib_local, daddr, 0);
	if (!r)
		return -EHOSTUNREACH;
	skb_dst_set(skb, &fib_rt(r)->dst);
	return 0;
}

__be32 rt_src_addr(const struct rtable *rt, __be32 daddr)
{
	__be32 src;

	if (rt->rt_spec_dst)
		return rt->rt_spec_dst;
	if (rt->rt_type == RTN_LOCAL)
		return daddr;
	src = inet_dev_select_addr(rt->dst.dev, rt->rt_gw4 ? rt->rt_gw4 : daddr);
	return src ? src : inet_dev_select_addr(NULL, 0);
}

__be32 inet_select_addr(__be32 daddr)
{
	struct rtable *rt = ip_route_output(daddr, 0, 0);

	if (IS_ERR(rt))
		return inet_dev_select_addr(NULL, 0);
	return rt_src_addr(rt, daddr ? daddr : htonl(INADDR_LOOPBACK));
}

/* Connected sockets keep IPv6's view of their addresses in step. */
static void inet_set_v6_addrs(struct sock *sk)
{
	if (sk->sk_family != AF_INET6)
		return;
	ipv6_addr_set_v4mapped(sk->sk_daddr, &sk->sk_v6_daddr);
	if (sk->sk_rcv_saddr)
		ipv6_addr_set_v4mapped(sk->sk_rcv_saddr, &sk->sk_v6_rcv_saddr);
}

/* Called with the socket locked (TCP connect). */
int inet_route_connect(struct sock *sk, __be32 daddr)
{
	struct inet_sock *inet = inet_sk(sk);
	struct rtable *rt;

	sock_owned_by_me(sk);

	sk_dst_reset(sk);
	rt = ip_route_output(daddr, inet->inet_saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		if (PTR_ERR(rt) == -ENETUNREACH)
			IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		return PTR_ERR(rt);
	}
	if (rt->rt_type == RTN_BROADCAST || rt->rt_type == RTN_MULTICAST)
		return -ENETUNREACH;
	if (!inet->inet_saddr)
		inet->inet_saddr = rt_src_addr(rt, daddr);
	if (!inet->inet_rcv_saddr)
		inet->inet_rcv_saddr = inet->inet_saddr;
	WRITE_ONCE(sk->sk_dst_cache, &rt->dst);
	return 0;
}

/* connect() of a datagram socket (UDP, ping, raw): route, fix the source, record the peer. */
int ip4_datagram_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len)
{
	struct inet_sock *inet = inet_sk(sk);
	struct rtable *rt;
	__be32 daddr;
	__be16 dport;
	int err;

	lock_sock(sk);
	err = inet_parse_sockaddr(sk, uaddr, addr_len, &daddr, &dport, false);
	if (err)
		goto out;
	sk_dst_reset(sk);
	if (!daddr)
		daddr = inet->inet_saddr ? inet->inet_saddr : htonl(INADDR_LOOPBACK);
	rt = ip_route_output(daddr, inet->inet_saddr, sk->sk_bound_dev_if);
	if (IS_ERR(rt)) {
		err = PTR_ERR(rt);
		if (err == -ENETUNREACH)
			IP_INC_STATS(IPSTATS_MIB_OUTNOROUTES);
		goto out;
	}
	err = -EACCES;
	if (rt->rt_type == RTN_BROADCAST && !sock_flag(sk, SOCK_BROADCAST))
		goto out;
	if (!inet->inet_saddr)
		inet->inet_saddr = rt_src_addr(rt, daddr);
	if (!inet->inet_rcv_saddr)
		inet->inet_rcv_saddr = inet->inet_saddr;
	inet->inet_daddr = daddr;
	inet->inet_dport = dport;
	inet_set_v6_addrs(sk);
	sk->sk_state = TCP_ESTABLISHED;
	inet->inet_id = get_random_u32();
	WRITE_ONCE(sk->sk_dst_cache, &rt->dst);
	err = 0;
out:
	release_sock(sk);
	return err;
}

/* SIOCADDRT/SIOCDELRT with busybox route's struct rtentry. */
static int rtentry_dev(const struct rtentry *rte, struct net_device **devp)
{
	char name[IFNAMSIZ + 1], *colon;
	long n;

	*devp = NULL;
	if (!rte->rt_dev)
		return 0;
	n = strncpy_from_user(name, rte->rt_dev, sizeof(name));
	if (n < 0)
		return n == -ENAMETOOLONG ? -ENODEV : n;
	colon = strchr(name, ':');
	if (colon)
		*colon = 0;
	*devp = dev_get_by_name(name);
	return *devp ? 0 : -ENODEV;
}

static __be32 sin_addr_of(const struct sockaddr *sa)
{
	return ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
}

int ip_rt_ioctl(unsigned int cmd, void __user *arg)
{
	struct net_device *dev;
	struct rtentry rte;
	__be32 dst, mask, gw = 0;
	int err, metric;

	if (copy_from_user(&rte, arg, sizeof(rte)))
		return -EFAULT;
	if (rte.rt_dst.sa_family != AF_INET)
		return -EAFNOSUPPORT;
	dst = sin_addr_of(&rte.rt_dst);
	if (rte.rt_flags & RTF_HOST)
		mask = htonl(0xffffffff);
	else if (rte.rt_genmask.sa_family == AF_INET || !sin_addr_of(&rte.rt_genmask))
		mask = sin_addr_of(&rte.rt_genmask);
	else
		return -EAFNOSUPPORT;
	if (mask && (ntohl(mask) | (ntohl(mask) - 1)) != 0xffffffff)
		return -EINVAL;         /* not a contiguous mask */
	if (dst & ~mask)
		return -EINVAL;
	err = rtentry_dev(&rte, &dev);
	if (err)
		return err;
	/* Linux takes any AF_INET gateway given, RTF_GATEWAY or not. */
	if (rte.rt_gateway.sa_family == AF_INET)
		gw = sin_addr_of(&rte.rt_gateway);
	else if (rte.rt_flags & RTF_GATEWAY)
		return -EAFNOSUPPORT;
	metric = rte.rt_metric ? rte.rt_metric - 1 : 0;   /* route(8) counts from 1 */
	if (cmd == SIOCDELRT)
		return __fib_del(RTN_UNICAST, dst, mask, gw, dev, rte.rt_metric ? metric : -1,
				 false, NULL) ? 0 : -ESRCH;
	if (gw) {
		err = fib_gw_dev(gw, &dev);
		if (err)
			return err;
	}
	if (!dev)
		return -ENODEV;
	if (!(dev->flags & IFF_UP))
		return -ENETDOWN;
	return __fib_add(dst, mask, gw, 0, dev, RTN_UNICAST, metric, false, NULL);
}

/* /proc/net/route order (Linux walks its trie): destination ascending, then
 * longer prefix, then metric; the address breaks the remaining ties. */
static bool route_before(const struct fib_route *a, const struct fib_route *b)
{
	if (a->dst != b->dst)
		return ntohl(a->dst) < ntohl(b->dst);
	if (a->prefixlen != b->prefixlen)
		return a->prefixlen > b->prefixlen;
	if (a->metric != b->metric)
		return a->metric < b->metric;
	return a < b;
}

/* The first unicast route of the main table after prev in that order. */
static const struct fib_route *route_next(const struct fib_route *prev)
{
	const struct fib_route *r, *best = NULL;

	for (r = READ_ONCE(fib_main); r; r = READ_ONCE(r->next))
		if (r->type == RTN_UNICAST && !r->dead && (!prev || route_before(prev, r)) &&
		    (!best || route_before(r, best)))
			best = r;
	return best;
}

/* /proc/net/route: the main table, Linux's fixed-width lines. */
int route_proc_show(char *buf, size_t size)
{
	struct net_seq s = { buf, size, 0 };
	const struct fib_route *r = NULL;
	unsigned int flags;
	size_t start;

	net_seq_printf(&s, "%-127s\n", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\t"
		       "Metric\tMask\t\tMTU\tWindow\tIRTT");
	spin_lock_bh(&fib_lock);        /* a stable list for the ordered walk */
	while ((r = route_next(r))) {
		flags = RTF_UP;
		if (r->gw)
			flags |= RTF_GATEWAY;
		if (r->mask == htonl(0xffffffff))
			flags |= RTF_HOST;
		start = s.len;
		net_seq_printf(&s, "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u",
			       r->dev->name, r->dst, r->gw, flags, 0, 0, r->metric, r->mask, 0, 0, 0);
		net_seq_pad(&s, start, 127);
	}
	spin_unlock_bh(&fib_lock);
	return s.len;
}

/* ------------------------------------------------------------ rtnetlink */

static u8 fib_route_scope(const struct fib_route *r)
{
	if (r->type == RTN_LOCAL)
		return RT_SCOPE_HOST;
	if (r->type == RTN_BROADCAST || !r->gw)
		return RT_SCOPE_LINK;
	return RT_SCOPE_UNIVERSE;
}

static size_t fib_nlmsg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct rtmsg)) + nla_total_size(4) * 7;
}

/* One route message; -EMSGSIZE (and nothing added) if it does not fit. */
static int fib_fill_route(struct sk_buff *skb, const struct fib_route *r, int event,
			  u32 portid, u32 seq, unsigned int flags)
{
	u32 table = rt_is_local_type(r->type) ? RT_TABLE_LOCAL : RT_TABLE_MAIN;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nlmsg_put(skb, portid, seq, event, sizeof(*rtm), flags);
	if (!nlh)
		return -EMSGSIZE;
	rtm = nlmsg_data(nlh);
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = r->prefixlen;
	rtm->rtm_table = table;
	rtm->rtm_protocol = r->protocol;
	rtm->rtm_scope = fib_route_scope(r);
	rtm->rtm_type = r->type;
	if (nla_put_u32(skb, RTA_TABLE, table) ||
	    (r->prefixlen && nla_put_in_addr(skb, RTA_DST, r->dst)) ||
	    (r->metric && nla_put_u32(skb, RTA_PRIORITY, r->metric)) ||
	    (r->prefsrc && nla_put_in_addr(skb, RTA_PREFSRC, r->prefsrc)) ||
	    (r->gw && nla_put_in_addr(skb, RTA_GATEWAY, r->gw)) ||
	    nla_put_u32(skb, RTA_OIF, r->dev->ifindex)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/* RTNLGRP_IPV4_ROUTE event (and the NLM_F_ECHO copy); under fib_lock, so atomic. */
static void rtmsg_fib(int event, const struct fib_route *r, const struct nl_info *info)
{
	const struct nlmsghdr *nlh = info ? info->nlh : NULL;
	u32 portid = info ? info->portid : 0;
	struct sk_buff *skb;

	if (!(nlh && (nlh->nlmsg_flags & NLM_F_ECHO)) &&
	    !netlink_has_listeners(NETLINK_ROUTE, RTNLGRP_IPV4_ROUTE))
		return;
	skb = nlmsg_new(fib_nlmsg_size(), GFP_ATOMIC);
	if (!skb)
		return;
	if (fib_fill_route(skb, r, event, portid, nlh ? nlh->nlmsg_seq : 0, 0)) {
		kfree_skb(skb);
		return;
	}
	rtnl_notify(skb, portid, RTNLGRP_IPV4_ROUTE, nlh);
}

/* The first live route of a table after prev in /proc/net/route order. [fib_lock] */
static const struct fib_route *fib_next_sorted(const struct fib_route *head,
					       const struct fib_route *prev)
{
	const struct fib_route *r, *best = NULL;

	for (r = head; r; r = r->next)
		if (!r->dead && (!prev || route_before(prev, r)) && (!best || route_before(r, best)))
			best = r;
	return best;
}

/*
 * Route dump: the main table, then the local one, as Linux's table hash
 * walks them; each in address order. Cursor: (table, routes sent from it).
 */
static int inet_dump_fib(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct fib_route *r;
	long t, n;

	spin_lock_bh(&fib_lock);
	for (t = cb->args[0]; t < 2; t++, cb->args[1] = 0) {
		n = 0;
		r = NULL;
		while ((r = fib_next_sorted(t ? fib_local : fib_main, r))) {
			if (n++ < cb->args[1])
				continue;
			if (fib_fill_route(skb, r, RTM_NEWROUTE, cb->portid, cb->seq, NLM_F_MULTI)) {
				cb->args[1] = n - 1;
				goto out;
			}
		}
	}
out:
	cb->args[0] = t;
	spin_unlock_bh(&fib_lock);
	return skb->len;
}

static const struct nla_policy rtm_ipv4_policy[RTA_MAX + 1] = {
	[RTA_DST] = { .type = NLA_U32 },
	[RTA_SRC] = { .type = NLA_U32 },
	[RTA_IIF] = { .type = NLA_U32 },
	[RTA_OIF] = { .type = NLA_U32 },
	[RTA_GATEWAY] = { .type = NLA_U32 },
	[RTA_PRIORITY] = { .type = NLA_U32 },
	[RTA_PREFSRC] = { .type = NLA_U32 },
	[RTA_TABLE] = { .type = NLA_U32 },
	[RTA_MARK] = { .type = NLA_U32 },
	[RTA_UID] = { .type = NLA_U32 },
};

/* A route request, parsed (Linux's fib_config). */
struct fib_config {
	__be32 dst, mask, gw, prefsrc;
	struct net_device *dev;         /* RTA_OIF, or NULL */
	int metric;                     /* RTA_PRIORITY, -1 if not given */
	u32 table;
	u8 type, protocol, dst_len;
};

static int rtm_to_fib_config(struct nlmsghdr *nlh, struct fib_config *cfg, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTA_MAX + 1];
	struct rtmsg *rtm;
	int err;

	err = nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, rtm_ipv4_policy, extack);
	if (err)
		return err;
	rtm = nlmsg_data(nlh);
	if (rtm->rtm_dst_len > 32)
		return -EINVAL;
	memset(cfg, 0, sizeof(*cfg));
	cfg->dst_len = rtm->rtm_dst_len;
	cfg->mask = inet_make_mask(rtm->rtm_dst_len);
	cfg->dst = tb[RTA_DST] ? nla_get_in_addr(tb[RTA_DST]) : 0;
	if (cfg->dst & ~cfg->mask) {
		NL_SET_ERR_MSG(extack, "invalid prefix for the prefix length");
		return -EINVAL;
	}
	cfg->gw = tb[RTA_GATEWAY] ? nla_get_in_addr(tb[RTA_GATEWAY]) : 0;
	cfg->prefsrc = tb[RTA_PREFSRC] ? nla_get_in_addr(tb[RTA_PREFSRC]) : 0;
	cfg->metric = tb[RTA_PRIORITY] ? (int)nla_get_u32(tb[RTA_PRIORITY]) : -1;
	cfg->table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	cfg->type = rtm->rtm_type;
	cfg->protocol = rtm->rtm_protocol;
	if (tb[RTA_OIF] && nla_get_u32(tb[RTA_OIF])) {
		cfg->dev = dev_get_by_index(nla_get_u32(tb[RTA_OIF]));
		if (!cfg->dev)
			return -ENODEV;
	}
	return 0;
}

/* Is there a main-table route to the same prefix with the same metric? */
static bool fib_route_exists(const struct fib_config *cfg, int metric)
{
	const struct fib_route *r;
	bool found = false;

	spin_lock_bh(&fib_lock);
	for (r = fib_main; r; r = r->next)
		if (r->dst == cfg->dst && r->mask == cfg->mask && r->metric == metric) {
			found = true;
			break;
		}
	spin_unlock_bh(&fib_lock);
	return found;
}

static int inet_rtm_newroute(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nl_info info = { .nlh = nlh, .portid = rtnl_portid(skb) };
	struct fib_config cfg;
	int err, metric;
	bool exists;

	err = rtm_to_fib_config(nlh, &cfg, extack);
	if (err)
		return err;
	if (cfg.table != RT_TABLE_UNSPEC && cfg.table != RT_TABLE_MAIN) {
		NL_SET_ERR_MSG(extack, "only the main table takes routes");
		return -EOPNOTSUPP;
	}
	if (cfg.type != RTN_UNICAST) {
		NL_SET_ERR_MSG(extack, "only unicast routes");
		return -EOPNOTSUPP;
	}
	info.protocol = cfg.protocol;
	metric = cfg.metric < 0 ? 0 : cfg.metric;
	if (cfg.gw) {
		err = fib_gw_dev(cfg.gw, &cfg.dev);
		if (err)
			return err;
	}
	if (!cfg.dev)
		return -ENODEV;
	if (!(cfg.dev->flags & IFF_UP))
		return -ENETDOWN;
	if (cfg.prefsrc && inet_addr_type(cfg.prefsrc) != RTN_LOCAL)
		return -EINVAL;
	exists = fib_route_exists(&cfg, metric);
	if (exists && (nlh->nlmsg_flags & NLM_F_EXCL))
		return -EEXIST;
	if (!exists && !(nlh->nlmsg_flags & NLM_F_CREATE))
		return -ENOENT;
	if (exists && (nlh->nlmsg_flags & NLM_F_REPLACE))
		__fib_del(RTN_UNICAST, cfg.dst, cfg.mask, 0, NULL, metric, false, &info);
	return __fib_add(cfg.dst, cfg.mask, cfg.gw, cfg.prefsrc, cfg.dev, RTN_UNICAST, metric,
			 false, &info);
}

static int inet_rtm_delroute(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nl_info info = { .nlh = nlh, .portid = rtnl_portid(skb) };
	struct fib_config cfg;
	int err;

	err = rtm_to_fib_config(nlh, &cfg, extack);
	if (err)
		return err;
	if (cfg.table != RT_TABLE_UNSPEC && cfg.table != RT_TABLE_MAIN)
		return -ESRCH;
	if (cfg.type != RTN_UNSPEC && cfg.type != RTN_UNICAST)
		return -ESRCH;
	return __fib_del(RTN_UNICAST, cfg.dst, cfg.mask, cfg.gw, cfg.dev, cfg.metric, false,
			 &info) ? 0 : -ESRCH;
}

#define USER_HZ 100

/*
 * A path MTU exception for dst (route_pmtu.c), as Linux's rt_fill_info
 * shows it: RTA_METRICS with the MTU (and RTAX_LOCK when locked below
 * min_pmtu) and RTA_CACHEINFO with the time left. Nothing without one.
 */
static int fib_fill_pmtu(struct sk_buff *skb, __be32 dst)
{
	struct { struct nlattr nla; u32 v; } m[2];
	struct rta_cacheinfo ci = { 0 };
	ktime_t expires, left;
	bool locked;
	u32 mtu;
	int n = 0;

	if (!ip_rt_pmtu_info(dst, &mtu, &expires, &locked))
		return 0;
	if (locked) {
		m[n].nla.nla_len = sizeof(m[n]);
		m[n].nla.nla_type = RTAX_LOCK;
		m[n++].v = 1 << RTAX_MTU;
	}
	m[n].nla.nla_len = sizeof(m[n]);
	m[n].nla.nla_type = RTAX_MTU;
	m[n++].v = mtu;
	left = expires - ktime_get();
	ci.rta_expires = left > 0 ? left / (NSEC_PER_SEC / USER_HZ) : 0;
	if (nla_put(skb, RTA_METRICS, n * sizeof(m[0]), m) ||
	    nla_put(skb, RTA_CACHEINFO, sizeof(ci), &ci))
		return -EMSGSIZE;
	return 0;
}

/*
 * Whether Linux would name rt's gateway in a lookup's answer: not when the
 * gateway is one of our own addresses or prefixes (a next hop of host
 * scope, which its rt_set_nexthop does not send through; the gateway
 * still picks the source address).
 */
static bool rt_uses_gateway(const struct rtable *rt)
{
	return rt->rt_gw4 && !fib_lookup(&fib_local, rt->rt_gw4, 0);
}

/* `ip route get`: the output route lookup for RTA_DST, as a cloned route. */
static int inet_rtm_getroute(struct sk_buff *in_skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTA_MAX + 1];
	__be32 dst, src;
	struct rtable *rt;
	struct sk_buff *skb;
	struct nlmsghdr *rep;
	struct rtmsg *rtm;
	int err, oif;

	err = nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, rtm_ipv4_policy, extack);
	if (err)
		return err;
	if (tb[RTA_IIF] && nla_get_u32(tb[RTA_IIF])) {
		NL_SET_ERR_MSG(extack, "input route lookups are not implemented");
		return -EOPNOTSUPP;
	}
	dst = tb[RTA_DST] ? nla_get_in_addr(tb[RTA_DST]) : 0;
	src = tb[RTA_SRC] ? nla_get_in_addr(tb[RTA_SRC]) : 0;
	oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0;
	rt = ip_route_output(dst, src, oif);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	skb = nlmsg_new(fib_nlmsg_size() + nla_total_size(2 * nla_total_size(4)) +
			nla_total_size(sizeof(struct rta_cacheinfo)), GFP_KERNEL);
	if (!skb)
		return -ENOBUFS;
	rep = nlmsg_put(skb, rtnl_portid(in_skb), nlh->nlmsg_seq, RTM_NEWROUTE, sizeof(*rtm), 0);
	rtm = nlmsg_data(rep);
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	rtm->rtm_src_len = src ? 32 : 0;
	/* Linux looks up main and local merged in one trie: its answer names main. */
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = rt->rt_type;
	rtm->rtm_flags = RTM_F_CLONED;
	/* Linux flags every route out through loopback (`cache <local>`) */
	if (rt->dst.dev->flags & IFF_LOOPBACK)
		rtm->rtm_flags |= RTCF_LOCAL;
	if (nla_put_u32(skb, RTA_TABLE, rtm->rtm_table) ||
	    nla_put_u32(skb, RTA_UID, current_uid()) ||
	    nla_put_in_addr(skb, RTA_DST, dst) ||
	    (src && nla_put_in_addr(skb, RTA_SRC, src)) ||
	    nla_put_u32(skb, RTA_OIF, rt->dst.dev->ifindex) ||
	    (rt_uses_gateway(rt) && nla_put_in_addr(skb, RTA_GATEWAY, rt->rt_gw4)) ||
	    /* the source only when we chose it, as Linux's rt_fill_info */
	    (!src && nla_put_in_addr(skb, RTA_PREFSRC, rt_src_addr(rt, dst))) ||
	    fib_fill_pmtu(skb, dst)) {
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, rep);
	return rtnl_unicast(skb, rtnl_portid(in_skb));
}

void ip_rt_init(void)
{
	rt_bcast_input.dst.dev = loopback_dev;
	rt_bcast_input.dst.mtu = IPV4_MAX_PMTU;
	rt_bcast_input.dst.input = ip_local_deliver;
	rt_bcast_input.dst.output = ip_output;
	rt_bcast_input.rt_type = RTN_BROADCAST;
	rtnl_register(PF_INET, RTM_NEWROUTE, inet_rtm_newroute, NULL);
	rtnl_register(PF_INET, RTM_DELROUTE, inet_rtm_delroute, NULL);
	rtnl_register(PF_INET, RTM_GETROUTE, inet_rtm_getroute, inet_dump_fib);
}
