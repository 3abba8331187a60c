/* SPDX-License-Identifier: MIT */
/*
 * NETLINK_SOCK_DIAG (net/core/sock_diag.c), as Linux's linux/sock_diag.h:
 * a family registers the dump that answers SOCK_DIAG_BY_FAMILY for it
 * (net/ipv4/inet_diag.c for AF_INET and AF_INET6).
 */
#ifndef _NET_SOCK_DIAG_H
#define _NET_SOCK_DIAG_H

#include <net/netlink.h>
#include <uapi/inet_diag.h>

struct sock_diag_handler {
	u8 family;
	/* Answer the request nlh in skb (only dumps: the rest is -EOPNOTSUPP). */
	int (*dump)(struct sk_buff *skb, struct nlmsghdr *nlh);
};

int sock_diag_register(const struct sock_diag_handler *h);

#endif
