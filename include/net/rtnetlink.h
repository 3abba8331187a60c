/* SPDX-License-Identifier: MIT */
/*
 * NETLINK_ROUTE (net/core/rtnetlink.c), as Linux's net/rtnetlink.h.
 *
 * Handlers live beside the data they change: links in rtnetlink.c,
 * IPv4 addresses in net/ipv4/devinet.c, IPv4 routes in net/ipv4/route.c.
 * Each registers a doit (one request, run under rtnl_lock) and/or a
 * dumpit (NLM_F_DUMP, a netlink dump function: it takes rtnl_lock itself
 * around each skb it fills, never across a recv) for a family and a
 * message type.
 */
#ifndef _NET_RTNETLINK_H
#define _NET_RTNETLINK_H

#include <net/netlink.h>
#include <uapi/rtnetlink.h>

typedef int (*rtnl_doit_func)(struct sk_buff *skb, struct nlmsghdr *nlh,
			      struct netlink_ext_ack *extack);
typedef int (*rtnl_dumpit_func)(struct sk_buff *skb, struct netlink_callback *cb);

/* Register at boot; family PF_UNSPEC serves every family without its own. */
void rtnl_register(int family, int msgtype, rtnl_doit_func doit, rtnl_dumpit_func dumpit);

/* Send skb to the requester's port (consumes skb). */
int rtnl_unicast(struct sk_buff *skb, u32 portid);
/*
 * An event for group (consumes skb). When nlh asked for NLM_F_ECHO, the
 * requester (portid) gets its copy by unicast, as Linux's rtnl_notify;
 * nlh may be NULL (a change that no netlink request made).
 */
void rtnl_notify(struct sk_buff *skb, u32 portid, u32 group, const struct nlmsghdr *nlh);
/* The requester's port of a request skb. */
static inline u32 rtnl_portid(const struct sk_buff *skb) { return NETLINK_CB(skb).portid; }

#endif
