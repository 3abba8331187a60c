/* SPDX-License-Identifier: MIT */
/* Internet addresses and options (linux/in.h, linux/in6.h). */
#ifndef _UAPI_IN_H
#define _UAPI_IN_H

#include <shoal/byteorder.h>
#include <uapi/socket.h>

enum {
	IPPROTO_IP = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_TCP = 6,
	IPPROTO_UDP = 17,
	IPPROTO_IPV6 = 41,
	IPPROTO_ICMPV6 = 58,
	IPPROTO_RAW = 255,
	IPPROTO_MAX = 256,
};

struct in_addr { __be32 s_addr; };

struct sockaddr_in {
	sa_family_t sin_family;
	__be16 sin_port;
	struct in_addr sin_addr;
	unsigned char __pad[8];
};

struct in6_addr {
	union {
		u8 u6_addr8[16];
		__be16 u6_addr16[8];
		__be32 u6_addr32[4];
	} in6_u;
};
#define s6_addr         in6_u.u6_addr8
#define s6_addr16       in6_u.u6_addr16
#define s6_addr32       in6_u.u6_addr32

struct sockaddr_in6 {
	sa_family_t sin6_family;
	__be16 sin6_port;
	__be32 sin6_flowinfo;
	struct in6_addr sin6_addr;
	u32 sin6_scope_id;
};
#define SIN6_LEN_RFC2133 24

#define INADDR_ANY       ((u32)0x00000000)
#define INADDR_BROADCAST ((u32)0xffffffff)
#define INADDR_NONE      ((u32)0xffffffff)
#define INADDR_LOOPBACK  0x7f000001      /* host order */
#define IN_LOOPBACKNET   127

/* SOL_IP options */
#define IP_TOS          1
#define IP_TTL          2
#define IP_HDRINCL      3
#define IP_OPTIONS      4
#define IP_RECVOPTS     6
#define IP_RETOPTS      7
#define IP_PKTINFO      8
#define IP_MTU_DISCOVER 10
#define IP_RECVERR      11
#define IP_RECVTTL      12
#define IP_RECVTOS      13
#define IP_MTU          14
#define IP_FREEBIND     15
#define IP_MULTICAST_IF   32
#define IP_MULTICAST_TTL  33
#define IP_MULTICAST_LOOP 34
#define IP_ADD_MEMBERSHIP 35
#define IP_PMTUDISC_DONT 0
#define IP_PMTUDISC_WANT 1
#define IP_PMTUDISC_DO   2
#define IP_PMTUDISC_PROBE 3
#define IP_PMTUDISC_INTERFACE 4
#define IP_PMTUDISC_OMIT 5

/* SOL_IPV6 options */
#define IPV6_UNICAST_HOPS 16
#define IPV6_MULTICAST_IF 17
#define IPV6_MULTICAST_HOPS 18
#define IPV6_MULTICAST_LOOP 19
#define IPV6_MTU_DISCOVER 23
#define IPV6_MTU        24
#define IPV6_RECVERR    25
#define IPV6_V6ONLY     26
#define IPV6_RECVPKTINFO 49
#define IPV6_DONTFRAG   62
#define IPV6_TCLASS     67
#define IPV6_PMTUDISC_DONT 0
#define IPV6_PMTUDISC_WANT 1
#define IPV6_PMTUDISC_DO   2
#define IPV6_PMTUDISC_PROBE 3
#define IPV6_PMTUDISC_INTERFACE 4
#define IPV6_PMTUDISC_OMIT 5

#endif
