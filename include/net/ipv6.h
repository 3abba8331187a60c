/* SPDX-License-Identifier: MIT */
/*
 * The AF_INET6 socket family (net/ipv6/), dual-stack only: an AF_INET6
 * TCP or UDP socket is an inet socket with IPv4's struct proto that
 * speaks IPv4 through v4-mapped addresses (Documentation/networking.md).
 * What net/ipv6 adds is its own socket operations, its protocol switch
 * table and the SOL_IPV6 options.
 */
#ifndef _NET_IPV6_H
#define _NET_IPV6_H

#include <net/sock.h>
#include <uapi/in.h>

/* inet->cmsg_flags bit of IPV6_RECVPKTINFO, beside IPv4's IP_CMSG_* bits */
#define IPV6_CMSG_PKTINFO       (1 << 16)

/* IPV6_PKTINFO control message (RFC 3542) */
#define IPV6_PKTINFO            50
struct in6_pktinfo {
	struct in6_addr ipi6_addr;
	int ipi6_ifindex;
};

struct inet_protosw;

extern const struct proto_ops inet6_stream_ops, inet6_dgram_ops;
void inet6_register_protosw(struct inet_protosw *p);

/* SOL_IPV6 options of an AF_INET6 socket (ipv6_sockglue.c; take lock_sock);
 * -ENOPROTOOPT for another level. */
int ipv6_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
		    unsigned int optlen);
int ipv6_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		    int __user *optlen);

#endif
