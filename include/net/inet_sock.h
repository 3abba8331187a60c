/* SPDX-License-Identifier: MIT */
/*
 * struct inet_sock: an IPv4/IPv6 (dual-stack) socket's addressing state, the
 * first member of tcp_sock, udp_sock and ping sockets.
 *
 * An AF_INET6 socket talking IPv4 through IPv4-mapped addresses
 * (::ffff:a.b.c.d) keeps its IPv4 addresses in the same sock_common
 * fields as an AF_INET socket's; sk_v6_daddr and sk_v6_rcv_saddr hold
 * the addresses as the user gave or sees them (::ffff:a.b.c.d, or :: for
 * "any"). Talking native IPv6 (include/net/ipv6.h) it keeps them in
 * sk_v6_* and LOOPBACK4_IPV6 in the IPv4 fields, as Linux does.
 */
#ifndef _NET_INET_SOCK_H
#define _NET_INET_SOCK_H

#include <net/sock.h>
#include <net/tcp_states.h>

struct inet_sock {
	struct sock sk;                 /* must be first */
#define inet_daddr              sk.__sk_common.skc_daddr
#define inet_rcv_saddr          sk.__sk_common.skc_rcv_saddr
#define inet_dport              sk.__sk_common.skc_dport
#define inet_num                sk.__sk_common.skc_num
	__be32 inet_saddr;              /* source address of what we send [sock] */
	__be16 inet_sport;              /* local port, network order [sock] */
	u16 inet_id;                    /* IP ID counter [sock] */
	s16 uc_ttl;                     /* IP_TTL, -1 = default [sock] */
	u8 tos;                         /* IP_TOS [sock] */
	u8 pmtudisc;                    /* IP_MTU_DISCOVER [sock] */
	u8 recverr:1, is_icsk:1, freebind:1, hdrincl:1, mc_loop:1, bind_address_no_port:1,
	   defer_connect:1;     /* TCP_FASTOPEN_CONNECT: connected, the SYN waits for data [sock] */
	u32 cmsg_flags;                 /* IP_PKTINFO, IP_RECVTTL, ... [sock] */
	int uc_index;                   /* IP_UNICAST_IF */
	int mc_ttl;
	__be32 mc_addr;                 /* IP_MULTICAST_IF [sock] */
	s16 ipv6_hop_limit;             /* IPV6_UNICAST_HOPS, -1 = default [sock] */
	u8 ipv6_tclass;                 /* IPV6_TCLASS [sock] */
	u8 ipv6_pmtudisc;               /* IPV6_MTU_DISCOVER [sock]; READ_ONCE from ICMPv6 */
	u8 ipv6_dontfrag:1;             /* IPV6_DONTFRAG (never fragmenting anyway) [sock] */
};

static inline struct inet_sock *inet_sk(const struct sock *sk)
{
	return (struct inet_sock *)sk;
}

/* IPv4-mapped IPv6 addresses. */
static inline bool ipv6_addr_v4mapped(const struct in6_addr *a)
{
	return a->s6_addr32[0] == 0 && a->s6_addr32[1] == 0 && a->s6_addr32[2] == htonl(0x0000ffff);
}
static inline bool ipv6_addr_any(const struct in6_addr *a)
{
	return !(a->s6_addr32[0] | a->s6_addr32[1] | a->s6_addr32[2] | a->s6_addr32[3]);
}
static inline bool ipv6_addr_loopback(const struct in6_addr *a)
{
	return !(a->s6_addr32[0] | a->s6_addr32[1] | a->s6_addr32[2]) && a->s6_addr32[3] == htonl(1);
}
static inline bool ipv6_addr_equal(const struct in6_addr *a, const struct in6_addr *b)
{
	return !((a->s6_addr32[0] ^ b->s6_addr32[0]) | (a->s6_addr32[1] ^ b->s6_addr32[1]) |
		 (a->s6_addr32[2] ^ b->s6_addr32[2]) | (a->s6_addr32[3] ^ b->s6_addr32[3]));
}

/* Does c (a socket, request or TIME_WAIT minisock) talk native IPv6? */
static inline bool sk_common_is_ipv6(const struct sock_common *c)
{
	return c->skc_family == AF_INET6 && !ipv6_addr_any(&c->skc_v6_daddr) &&
	       !ipv6_addr_v4mapped(&c->skc_v6_daddr);
}

/*
 * Do a and b's bound addresses overlap, wildcards matching (Linux's
 * inet_rcv_saddr_equal, the bind-conflict rule of TCP and UDP)? An
 * AF_INET6 a compares IPv6 addresses (an AF_INET b counts as v4-mapped),
 * two v4-mapped ones compare as IPv4; a v6-only socket never overlaps
 * IPv4 addresses. As in Linux the rule is not symmetric.
 */
static inline bool inet_rcv_saddr_equal(const struct sock_common *a, const struct sock_common *b)
{
	const struct in6_addr *a6 = &a->skc_v6_rcv_saddr, *b6 = &b->skc_v6_rcv_saddr;
	__be32 a4 = a->skc_rcv_saddr, b4 = b->skc_rcv_saddr;
	bool mapped1, mapped2, any1, any2;

	if (a->skc_family != AF_INET6) {
		if (b->skc_family == AF_INET6 && b->skc_ipv6only)
			return false;
		return a4 == b4 || !a4 || !b4;
	}
	mapped1 = ipv6_addr_v4mapped(a6);
	mapped2 = b->skc_family != AF_INET6 || ipv6_addr_v4mapped(b6);
	if (mapped1 && mapped2)
		return !(b->skc_family == AF_INET6 && b->skc_ipv6only) && (a4 == b4 || !a4 || !b4);
	any1 = ipv6_addr_any(a6);
	any2 = b->skc_family == AF_INET6 && ipv6_addr_any(b6);
	if (any1 && any2)
		return true;
	if (any2 && !(b->skc_ipv6only && mapped1))
		return true;
	if (any1 && !(a->skc_ipv6only && mapped2))
		return true;
	return b->skc_family == AF_INET6 && ipv6_addr_equal(a6, b6);
}

static inline void ipv6_addr_set_v4mapped(__be32 addr, struct in6_addr *v6)
{
	v6->s6_addr32[0] = 0;
	v6->s6_addr32[1] = 0;
	v6->s6_addr32[2] = htonl(0x0000ffff);
	v6->s6_addr32[3] = addr;
}

/*
 * Fill a sockaddr for sk's family (AF_INET: sockaddr_in; AF_INET6: the
 * v4-mapped sockaddr_in6, or :: when addr is INADDR_ANY and the v6 address
 * is unspecified). Returns the length. net/ipv4/af_inet.c.
 */
int inet_fill_sockaddr(const struct sock *sk, struct sockaddr *uaddr, __be32 addr, __be16 port);
/*
 * Parse a user address for sk's family into an IPv4 address and port:
 * AF_INET sockaddr_in, or AF_INET6 with a v4-mapped address (:: -> ANY).
 * -EINVAL short address, -EAFNOSUPPORT wrong family, -ENETUNREACH native
 * IPv6 (for connect/sendto), -EADDRNOTAVAIL native IPv6 bind (other than ::).
 * for_bind selects the bind rules. net/ipv4/af_inet.c.
 */
int inet_parse_sockaddr(const struct sock *sk, const struct sockaddr *uaddr, int addr_len,
			__be32 *addr, __be16 *port, bool for_bind);

#endif
