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
 * input shortcut) are looked up again, as Linux's rt_genid bump does.
 *
 * Locks: fib_lock (spin, BHs off: taken from devinet's notifier, which may run
 * with BHs off) serialises writers only. Order: devinet_lock -> fib_lock.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/uaccess.h>
#include <shoal/random.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/inet_common.h>
#include <net/snmp.h>

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
	struct rtable *rt;              /* current rtable [fib_lock]; read locklessly */
};

static DEFINE_SPINLOCK_RANKED(fib_lock, LOCKRANK_FIB);
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

/* Give every live route but fresh a new rtable; the old ones become obsolete. */
static void fib_flush_cache(const struct fib_route *fresh)
{
	struct fib_route *heads[2] = { fib_local, fib_main }, *r;
	struct rtable *rt, *old;
	int i;

	assert_spin_locked(&fib_lock);
	for (i = 0; i < 2; i++) {
		for (r = heads[i]; r; r = r->next) {
			if (r == fresh)
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

/*
 * A device's MTU changed (NETDEV_CHANGEMTU, rtnl held): every route gets a
 * fresh rtable with the new MTU and the old ones become obsolete, so a
 * connected socket looks its route up again and TCP's MSS follows
 * (Linux's rt_cache_flush).
 */
void rt_cache_flush(void)
{
	spin_lock_bh(&fib_lock);
	fib_flush_cache(NULL);
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

static void fib_unlink(struct fib_route **pp, struct fib_route *r)
{
	WRITE_ONCE(*pp, r->next);
	r->dead = 1;
	WRITE_ONCE(r->rt->dst.obsolete, 1);
	/* r stays allocated: lockless readers may still be on it. */
}

static int __fib_add(__be32 dst, __be32 mask, __be32 gw, __be32 prefsrc, struct net_device *dev,
		     int type, int metric, bool from_ifaddr)
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
	r->rt = rt_make(r);
	if (!r->rt) {
		kfree(r);
		return -ENOMEM;
	}
	spin_lock_bh(&fib_lock);
	err = fib_insert(r);
	if (!err)
		fib_flush_cache(r);
	spin_unlock_bh(&fib_lock);
	if (err) {
		kfree(r->rt);
		kfree(r);
	}
	return err;
}

/* Delete the routes matching (any gw/dev/metric when 0/NULL/-1). Returns the count. */
static int __fib_del(int type, __be32 dst, __be32 mask, __be32 gw, const struct net_device *dev,
		     int metric, bool only_ifaddr)
{
	struct fib_route **pp, *r;
	int n = 0;

	spin_lock_bh(&fib_lock);
	pp = fib_table(type);
	while ((r = *pp)) {
		if (r->dst == (dst & mask) && r->mask == mask && r->type == type &&
		    (!gw || r->gw == gw) && (!dev || r->dev == dev) &&
		    (metric < 0 || r->metric == metric) && (!only_ifaddr || r->from_ifaddr)) {
			fib_unlink(pp, r);
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
	return __fib_add(dst, mask, gw, 0, dev, type, metric, false);
}

int ip_route_del(__be32 dst, __be32 mask, __be32 gw, struct net_device *dev)
{
	return __fib_del(RTN_UNICAST, dst, mask, gw, dev, -1, false) ? 0 : -ESRCH;
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
	__fib_add(addr, all, 0, addr, dev, RTN_LOCAL, 0, true);
	if (ifa->ifa_broadcast && ifa->ifa_broadcast != all)
		__fib_add(ifa->ifa_broadcast, all, 0, addr, dev, RTN_BROADCAST, 0, true);
	if (ipv4_is_zeronet(prefix) || (ifa->ifa_flags & IFA_F_SECONDARY) ||
	    (prefix == addr && ifa->ifa_prefixlen == 32))
		return;
	__fib_add(prefix, ifa->ifa_mask, 0, addr, dev,
		  (dev->flags & IFF_LOOPBACK) ? RTN_LOCAL : RTN_UNICAST, 0, true);
	if (ifa->ifa_prefixlen < 31)
		__fib_add(prefix | ~ifa->ifa_mask, all, 0, addr, dev, RTN_BROADCAST, 0, true);
}

void fib_del_ifaddr(struct in_ifaddr *ifa)
{
	struct net_device *dev = ifa->ifa_dev->dev;
	__be32 prefix = ifa->ifa_address & ifa->ifa_mask, all = htonl(0xffffffff);

	assert_spin_locked(&devinet_lock);

	__fib_del(RTN_LOCAL, ifa->ifa_local, all, 0, dev, -1, true);
	if (ifa->ifa_broadcast)
		__fib_del(RTN_BROADCAST, ifa->ifa_broadcast, all, 0, dev, -1, true);
	__fib_del((dev->flags & IFF_LOOPBACK) ? RTN_LOCAL : RTN_UNICAST, prefix, ifa->ifa_mask,
		  0, dev, -1, true);
	if (ifa->ifa_prefixlen < 31)
		__fib_del(RTN_BROADCAST, prefix | ~ifa->ifa_mask, all, 0, dev, -1, true);
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
				fib_unlink(pp, r);
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
	struct fib_route *r;
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
				 false) ? 0 : -ESRCH;
	if (gw) {
		/* The gateway must be on a connected network (of dev, if given). */
		r = fib_lookup(&fib_main, gw, dev ? dev->ifindex : 0);
		if (!r || r->gw)
			return -ENETUNREACH;
		dev = r->dev;
	}
	if (!dev)
		return -ENODEV;
	if (!(dev->flags & IFF_UP))
		return -ENETDOWN;
	return __fib_add(dst, mask, gw, 0, dev, RTN_UNICAST, metric, false);
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

void ip_rt_init(void)
{
	rt_bcast_input.dst.dev = loopback_dev;
	rt_bcast_input.dst.mtu = IPV4_MAX_PMTU;
	rt_bcast_input.dst.input = ip_local_deliver;
	rt_bcast_input.dst.output = ip_output;
	rt_bcast_input.rt_type = RTN_BROADCAST;
}
