/* SPDX-License-Identifier: MIT */
/*
 * IPv4 routing (net/ipv4/route.c, fib.c).
 *
 * A small table of routes (local addresses, connected networks, gateways),
 * searched longest-prefix first. Each route owns one struct rtable, which
 * is what a lookup returns: packets and sockets borrow it without a
 * reference count because routes are never freed (a deleted route is
 * marked dead, and sockets holding it re-route on their next send, the way
 * Linux's dst_check with obsolete works).
 */
#ifndef _NET_ROUTE_H
#define _NET_ROUTE_H

#include <shoal/skbuff.h>
#include <shoal/netdevice.h>
#include <shoal/byteorder.h>

struct sock;

/* Fields are [const] once the route is in the table, except obsolete,
 * which the table's writer sets (under the FIB lock) and readers test
 * with READ_ONCE. */
struct dst_entry {
	struct net_device *dev;         /* [const] */
	unsigned int mtu;               /* path MTU [const] */
	int obsolete;                   /* route deleted: look up again [FIB lock; READ_ONCE] */
	int (*input)(struct sk_buff *skb);      /* ip_local_deliver, ... [const] */
	int (*output)(struct sock *sk, struct sk_buff *skb);    /* ip_output [const] */
};

enum { RTN_UNSPEC, RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_ANYCAST, RTN_MULTICAST,
       RTN_BLACKHOLE, RTN_UNREACHABLE };

struct rtable {
	struct dst_entry dst;           /* must be first */
	u16 rt_type;                    /* RTN_* [const] */
	__be32 rt_gw4;                  /* next hop, 0 = on-link (the destination itself) [const] */
	__be32 rt_spec_dst;             /* preferred source address [const] */
};

static inline struct rtable *skb_rtable(const struct sk_buff *skb)
{
	return (struct rtable *)skb_dst(skb);
}
static inline unsigned int dst_mtu(const struct dst_entry *dst) { return dst->mtu; }
static inline bool dst_check(const struct dst_entry *dst) { return dst && !READ_ONCE(dst->obsolete); }

/* Output route to daddr (source saddr or 0 = choose, oif 0 = any).
 * ERR_PTR(-ENETUNREACH) if none. */
struct rtable *ip_route_output(__be32 daddr, __be32 saddr, int oif);
/* Input route: sets skb's dst (local delivery, or drop: not forwarding).
 * 0 or -errno (the caller drops the skb). */
int ip_route_input(struct sk_buff *skb, __be32 daddr, __be32 saddr, struct net_device *dev);
/* Is addr one of our addresses (or a local broadcast)? RTN_LOCAL/RTN_BROADCAST/RTN_UNICAST */
int inet_addr_type(__be32 addr);

/* Routes (SIOCADDRT/SIOCDELRT, boot configuration). */
int ip_route_add(__be32 dst, __be32 mask, __be32 gw, struct net_device *dev, int type, int metric);
int ip_route_del(__be32 dst, __be32 mask, __be32 gw, struct net_device *dev);
int ip_rt_ioctl(unsigned int cmd, void __user *arg);
/* /proc/net/route (registered by ipv4_proc_init) */
int route_proc_show(char *buf, size_t size);

#endif
