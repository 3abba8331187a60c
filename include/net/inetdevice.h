/* SPDX-License-Identifier: MIT */
/*
 * IPv4 interface addresses (net/ipv4/devinet.c), as Linux's
 * linux/inetdevice.h: each device with an IPv4 address has a struct
 * in_device (dev->ip_ptr) holding a list of struct in_ifaddr.
 *
 * Locking: devinet_lock (a spinlock taken with BHs off, because ICMP and
 * ARP in softirq context choose source addresses) guards every in_device's
 * ifa_list and the in_ifaddr fields; an in_device itself is never freed
 * once created (devices live forever). Nobody holds devinet_lock across a
 * user copy or a sleep. Order: devinet_lock -> fib_lock (route.c).
 */
#ifndef _NET_INETDEVICE_H
#define _NET_INETDEVICE_H

#include <shoal/netdevice.h>
#include <shoal/spinlock.h>
#include <net/route.h>

struct in_ifaddr {
	struct in_ifaddr *ifa_next;     /* [devinet_lock] */
	struct in_device *ifa_dev;      /* [const] */
	__be32 ifa_local;               /* our address [devinet_lock] */
	__be32 ifa_address;             /* peer (point-to-point) or = ifa_local */
	__be32 ifa_mask;
	__be32 ifa_broadcast;           /* 0 = none */
	unsigned char ifa_prefixlen;
	unsigned char ifa_flags;        /* IFA_F_* */
	unsigned char ifa_scope;        /* RT_SCOPE_*: host for 127/8, as Linux */
	char ifa_label[IFNAMSIZ];       /* "eth0", "eth0:1" */
};
#define IFA_F_SECONDARY 0x01            /* another address of the same subnet came first */

struct in_device {
	struct net_device *dev;         /* [const] */
	struct in_ifaddr *ifa_list;     /* primary addresses first [devinet_lock] */
	struct in_device *next;         /* inet_dev_list, in ifindex order [devinet_lock] */
	struct rtable bcast_rt;         /* 255.255.255.255 out of dev (route.c) [const] */
};

extern spinlock_t devinet_lock;

static inline struct in_device *__in_dev_get(const struct net_device *dev)
{
	return READ_ONCE(dev->ip_ptr);
}

static inline __be32 inet_make_mask(int logmask)
{
	return logmask ? htonl(~((1U << (32 - logmask)) - 1)) : 0;
}
static inline int inet_mask_len(__be32 mask)
{
	u32 hmask = ntohl(mask);

	return hmask ? 32 - __builtin_ctz(hmask) : 0;
}
static inline bool inet_ifa_match(__be32 addr, const struct in_ifaddr *ifa)
{
	return !((addr ^ ifa->ifa_address) & ifa->ifa_mask);
}

/* route.c: the routes an address implies (local, broadcast, connected
 * network), added when the address is set on an up device, removed when
 * it goes away or the device goes down. Called under devinet_lock. */
void fib_add_ifaddr(struct in_ifaddr *ifa);
void fib_del_ifaddr(struct in_ifaddr *ifa);
/* Remove every route through dev (device down). */
void fib_ifdown(struct net_device *dev);
/* Fill a new in_device's bcast_rt. */
void rt_init_dev_bcast(struct in_device *in_dev);
void rt_cache_flush(void);                      /* route.c: after an MTU change */

/* A source address on dev for talking to dst (0: any), 0 if none. */
__be32 inet_dev_select_addr(const struct net_device *dev, __be32 dst);

#endif
