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

/*
 * Path MTU exceptions (route_pmtu.c, Linux's fib_nh_exception): what ICMP
 * fragmentation-needed said about one destination, for
 * net.ipv4.route.mtu_expires seconds. A route's dst_entry.mtu is its
 * device's; ip_dst_pmtu is what a sender to daddr must respect.
 */
#define IP_RT_MIN_PMTU  552             /* Linux's net.ipv4.route.min_pmtu default */
extern unsigned long sysctl_ip_rt_min_pmtu;     /* net.ipv4.route.min_pmtu */
extern unsigned long sysctl_ip_rt_mtu_expires;  /* net.ipv4.route.mtu_expires, seconds */
extern unsigned long sysctl_ip_no_pmtu_disc;    /* net.ipv4.ip_no_pmtu_disc, 0-3 */
unsigned int ip_dst_pmtu(const struct dst_entry *dst, __be32 daddr);
/* An exception below min_pmtu was raised to it and locked: DF goes off. */
bool ip_dst_mtu_locked(__be32 daddr);
/* Lower the path MTU towards daddr (reached through dst) to mtu. */
void ip_rt_update_pmtu(const struct dst_entry *dst, __be32 daddr, u32 mtu);
/* daddr's live exception, for `ip route get`; false if none. */
bool ip_rt_pmtu_info(__be32 daddr, u32 *mtu, ktime_t *expires, bool *locked);
void ip_rt_flush_pmtu(void);
/* Fragmentation needed about a datagram socket's packet (skb->data at
 * the quoted IP header). */
void ipv4_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, u32 mtu);

#endif
