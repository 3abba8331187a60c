/* SPDX-License-Identifier: MIT */
/*
 * IPv6 (net/ipv6/): the AF_INET6 socket family, and native IPv6 over the
 * loopback device (Documentation/networking.md, "IPv6").
 *
 * An AF_INET6 socket is an inet socket. Talking IPv4 through v4-mapped
 * addresses it is the same struct sock as an AF_INET one with IPv4's
 * struct proto; talking IPv6 it keeps its addresses in sk_v6_rcv_saddr
 * and sk_v6_daddr and, as Linux does, LOOPBACK4_IPV6 (127.0.0.6) in the
 * IPv4 fields, so that IPv4 lookups never take it for a wildcard.
 *
 *   addrconf.c    the address list (::1 on lo), /proc/net/if_inet6,
 *                 RTM_GETADDR for AF_INET6
 *   route.c       output and input routes: local addresses only
 *   ip6_input.c   ETH_P_IPV6: header checks, extension headers, inet6_protos
 *   ip6_output.c  the IPv6 header, ip6_output
 *   icmp.c        ICMPv6: echo, errors sent and received
 *   ping.c        ICMPv6 echo sockets
 *   raw.c         raw IPv6 sockets (ICMPv6 with CAP_NET_RAW)
 *   udp.c         UDP over IPv6 (IPv4's table and socket code)
 *   tcp_ipv6.c    TCP over IPv6 (IPv4's state machine and tables, its af ops)
 *   proc.c        /proc/net/snmp6
 */
#ifndef _NET_IPV6_H
#define _NET_IPV6_H

#include <net/sock.h>
#include <uapi/in.h>
#include <shoal/smp.h>
#include <shoal/netdevice.h>
#include <net/route.h>
#include <net/inet_sock.h>

/* inet->cmsg_flags bits of the IPV6_RECV* options, beside IPv4's IP_CMSG_* bits */
#define IPV6_CMSG_PKTINFO       (1 << 16)
#define IPV6_CMSG_TCLASS        (1 << 17)
#define IPV6_CMSG_HOPLIMIT      (1 << 18)

/* Ancillary data and option numbers (RFC 3542, Linux's uapi/linux/in6.h) */
#define IPV6_RECVHOPLIMIT       51
#define IPV6_HOPLIMIT           52
#define IPV6_PKTINFO            50
#define IPV6_RECVTCLASS         66
struct in6_pktinfo {
	struct in6_addr ipi6_addr;
	int ipi6_ifindex;
};

/* ------------------------------------------------------------ packets */

struct ipv6hdr {
	u8 priority:4, version:4;       /* little-endian bit order, as Linux's */
	u8 flow_lbl[3];
	__be16 payload_len;
	u8 nexthdr;
	u8 hop_limit;
	struct in6_addr saddr;
	struct in6_addr daddr;
};

/* Next-header values (RFC 8200) */
#define NEXTHDR_HOP             0
#define NEXTHDR_TCP             6
#define NEXTHDR_UDP             17
#define NEXTHDR_ROUTING         43
#define NEXTHDR_FRAGMENT        44
#define NEXTHDR_ICMP            58
#define NEXTHDR_NONE            59
#define NEXTHDR_DEST            60

/* Hop-by-hop, destination options and routing headers start alike. */
struct ipv6_opt_hdr {
	u8 nexthdr;
	u8 hdrlen;                      /* in 8-byte units, not counting the first 8 */
};
#define ipv6_optlen(p)          (((p)->hdrlen + 1) << 3)

struct frag_hdr {
	u8 nexthdr;
	u8 reserved;
	__be16 frag_off;
	__be32 identification;
};

#define IPV6_MIN_MTU            1280
#define IPV6_DEFAULT_HOPLIMIT   64
#define LOOPBACK4_IPV6          0x7f000006      /* 127.0.0.6, host order */

static inline struct ipv6hdr *ipv6_hdr(const struct sk_buff *skb)
{
	return (struct ipv6hdr *)skb_network_header(skb);
}

/* What IPv6 input keeps in skb->cb (Linux's struct inet6_skb_parm). */
struct inet6_skb_parm {
	int iif;
	u16 nhoff;                      /* offset of the last next-header byte */
};
#define IP6CB(skb) ((struct inet6_skb_parm *)((skb)->cb))

static inline bool ipv6_addr_is_multicast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}
static inline void ipv6_addr_set_loopback(struct in6_addr *a)
{
	a->s6_addr32[0] = a->s6_addr32[1] = a->s6_addr32[2] = 0;
	a->s6_addr32[3] = htonl(1);
}
/* Is sk connected over native IPv6 (not IPv4 through a v4-mapped address)? */
/* An IPv6 address folded for the IPv4-shaped secrets of
 * net/core/secure_seq.c (sequence numbers, timestamp offsets). */
static inline __be32 ipv6_addr_fold32(const struct in6_addr *a)
{
	return a->s6_addr32[0] ^ a->s6_addr32[1] ^ a->s6_addr32[2] ^ a->s6_addr32[3];
}

static inline bool sk_is_ipv6_native(const struct sock *sk)
{
	return sk_common_is_ipv6(&sk->__sk_common);
}

/* The pseudo-header checksum of RFC 8200 8.1, folded. */
__sum16 csum_ipv6_magic(const struct in6_addr *saddr, const struct in6_addr *daddr, u32 len,
			u8 proto, __wsum sum);

/* ------------------------------------------------------------ counters */

enum {
	IPSTATS6_INRECEIVES, IPSTATS6_INHDRERRORS, IPSTATS6_INTOOBIGERRORS,
	IPSTATS6_INNOROUTES, IPSTATS6_INADDRERRORS, IPSTATS6_INUNKNOWNPROTOS,
	IPSTATS6_INTRUNCATEDPKTS, IPSTATS6_INDISCARDS, IPSTATS6_INDELIVERS,
	IPSTATS6_OUTREQUESTS, IPSTATS6_OUTDISCARDS, IPSTATS6_OUTNOROUTES,
	IPSTATS6_REASMREQDS, IPSTATS6_REASMFAILS, IPSTATS6_INOCTETS, IPSTATS6_OUTOCTETS,
	__IPSTATS6_MAX
};
enum {
	ICMP6_MIB_INMSGS, ICMP6_MIB_INERRORS, ICMP6_MIB_OUTMSGS, ICMP6_MIB_OUTERRORS,
	ICMP6_MIB_CSUMERRORS,
	__ICMP6_MIB_MAX
};
enum {
	UDP6_MIB_INDATAGRAMS, UDP6_MIB_NOPORTS, UDP6_MIB_INERRORS, UDP6_MIB_OUTDATAGRAMS,
	UDP6_MIB_RCVBUFERRORS, UDP6_MIB_SNDBUFERRORS, UDP6_MIB_CSUMERRORS,
	__UDP6_MIB_MAX
};

struct ipv6_mibs {
	unsigned long ip[__IPSTATS6_MAX];
	unsigned long icmp[__ICMP6_MIB_MAX];
	unsigned long icmp_in_type[256], icmp_out_type[256];
	unsigned long udp[__UDP6_MIB_MAX];
} __cacheline_aligned;

DECLARE_PER_CPU(struct ipv6_mibs, ipv6_mibs);   /* net/ipv6/proc.c */

#define SNMP6_ADD(table, field, n) \
	__atomic_fetch_add(&per_cpu(ipv6_mibs, smp_processor_id()).table[field], (n), __ATOMIC_RELAXED)
#define IP6_INC_STATS(f)        SNMP6_ADD(ip, f, 1)
#define IP6_ADD_STATS(f, n)     SNMP6_ADD(ip, f, n)
#define ICMP6_INC_STATS(f)      SNMP6_ADD(icmp, f, 1)
#define UDP6_INC_STATS(f)       SNMP6_ADD(udp, f, 1)

/* ------------------------------------------------------------ protocols */

/* inet6_protos[nexthdr]: what IPv6 input calls for an upper protocol. */
struct inet6_protocol {
	/* skb->data at the transport header, network_header set; consumes skb. */
	int (*handler)(struct sk_buff *skb);
	/* ICMPv6 error about a packet we sent: skb->data at the quoted IPv6
	 * header, offset to the quoted transport header. Does not consume skb. */
	void (*err_handler)(struct sk_buff *skb, u8 type, u8 code, int offset, __be32 info);
};
#define MAX_INET6_PROTOS 256
extern const struct inet6_protocol *inet6_protos[MAX_INET6_PROTOS];
int inet6_add_protocol(const struct inet6_protocol *prot, unsigned char num);

/* ------------------------------------------------------------ addresses */

/* One IPv6 address of a device (Linux's struct inet6_ifaddr). [const once listed] */
struct inet6_ifaddr {
	struct in6_addr addr;
	u8 prefix_len;
	u8 scope;                       /* IFA_HOST (0x10) for ::1, as if_inet6 prints */
	u8 flags;                       /* IFA_F_PERMANENT */
	struct net_device *dev;
	struct list_head if_list;       /* [addrconf_lock] */
};
#define IFA_HOST                0x10

/* Is addr one of ours (dev NULL: on any device, else on dev or on lo)? */
bool ipv6_chk_addr(const struct in6_addr *addr, const struct net_device *dev);
int if6_proc_show(char *buf, size_t size);
/* The n-th address of the list (from 0): 0, or -ENOENT past the end. */
int ipv6_addr_nth(long n, struct in6_addr *addr, u8 *plen, int *ifindex);
void addrconf_init(void);

/* ------------------------------------------------------------ routes */

/* A route: dst first, so a dst_entry is a rt6_info; never freed. */
struct rt6_info {
	struct dst_entry dst;
	u16 rt6i_type;                  /* RTN_LOCAL, ... [const] */
};
/* Route to daddr, sets *saddr when it is ::; ERR_PTR(-ENETUNREACH) if none. */
struct rt6_info *ip6_route_output(const struct in6_addr *daddr, struct in6_addr *saddr, int oif);
/* Input route for skb (its dst set); 0, or -EHOSTUNREACH: not ours, drop. */
int ip6_route_input(struct sk_buff *skb);
/* lo came up or changed its MTU (addrconf notifier, rtnl_lock). */
void ip6_route_dev_up(struct net_device *dev);
/* Path MTU exceptions (route_pmtu.c): the MTU towards daddr over dst,
 * lowering it on a Packet Too Big (one below IPV6_MIN_MTU is ignored), a socket's
 * news (ip6_sk_update_pmtu, skb->data at the quoted IPv6 header), the
 * learnt value for RTM_GETROUTE, and net.ipv6.route.flush. */
unsigned int ip6_dst_pmtu(const struct dst_entry *dst, const struct in6_addr *daddr);
void ip6_rt_update_pmtu(const struct dst_entry *dst, const struct in6_addr *daddr, u32 mtu);
bool ip6_rt_pmtu_info(const struct in6_addr *daddr, u32 *mtu, ktime_t *expires);
int ip6_rt_del_pmtu(const struct in6_addr *daddr);     /* 0, or -ESRCH: none */
void ip6_rt_flush_pmtu(void);
bool ip6_sk_accept_pmtu(const struct sock *sk);
void ip6_sk_update_pmtu(struct sk_buff *skb, struct sock *sk, __be32 mtu);
extern unsigned long sysctl_ip6_rt_mtu_expires;
/* RTM_GETROUTE for AF_INET6 (boot, from addrconf_init). */
void ip6_route_init(void);

/* ------------------------------------------------------------ in and out */

int ipv6_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt);
int ip6_input(struct sk_buff *skb);
int ip6_output(struct sock *sk, struct sk_buff *skb);
/* Push the IPv6 header on skb (data at the transport header, dst set) and
 * send it. sk may be NULL. Consumes skb; 0 or -errno. */
int ip6_xmit(const struct sock *sk, struct sk_buff *skb, const struct in6_addr *saddr,
	     const struct in6_addr *daddr, u8 proto, int hlimit, u8 tclass);
/* The hop limit for sk's unicast packets (IPV6_UNICAST_HOPS or 64). */
int ip6_sk_hop_limit(const struct sock *sk);
void ip6_cmsg_recv(struct msghdr *msg, struct sock *sk, struct sk_buff *skb);

/* ------------------------------------------------------------ ICMPv6 */

struct icmp6hdr {
	u8 icmp6_type;
	u8 icmp6_code;
	__sum16 icmp6_cksum;
	union {
		__be32 un_data32[1];
		__be16 un_data16[2];
		struct {
			__be16 identifier;
			__be16 sequence;
		} u_echo;
	} icmp6_dataun;
};
#define icmp6_identifier        icmp6_dataun.u_echo.identifier
#define icmp6_sequence          icmp6_dataun.u_echo.sequence
#define icmp6_mtu               icmp6_dataun.un_data32[0]
#define icmp6_pointer           icmp6_dataun.un_data32[0]

#define ICMPV6_DEST_UNREACH     1
#define ICMPV6_PKT_TOOBIG       2
#define ICMPV6_TIME_EXCEED      3
#define ICMPV6_PARAMPROB        4
#define ICMPV6_ECHO_REQUEST     128
#define ICMPV6_ECHO_REPLY       129

#define ICMPV6_NOROUTE          0
#define ICMPV6_ADM_PROHIBITED   1
#define ICMPV6_NOT_NEIGHBOUR    2
#define ICMPV6_ADDR_UNREACH     3
#define ICMPV6_PORT_UNREACH     4
#define ICMPV6_HDR_FIELD        0
#define ICMPV6_UNK_NEXTHDR      1

static inline struct icmp6hdr *icmp6_hdr(const struct sk_buff *skb)
{
	return (struct icmp6hdr *)skb_transport_header(skb);
}

/* Send an ICMPv6 error about skb (network header set; not consumed). */
void icmpv6_send(struct sk_buff *skb, u8 type, u8 code, __be32 info);
/* The errno for an ICMPv6 error; *fatal as Linux's icmpv6_err_convert. */
int icmpv6_err_convert(u8 type, u8 code, int *err);
void icmpv6_init(void);

/* ICMPv6 echo sockets (ping.c) */
extern struct proto pingv6_prot;
bool pingv6_rcv(struct sk_buff *skb);
void pingv6_err(struct sk_buff *skb, u8 type, u8 code, int offset, __be32 info);

/* Raw IPv6 sockets (raw.c): a clone of skb (data at the upper header) to
 * each raw socket of nexthdr that matches; true if one matched. */
extern struct proto rawv6_prot;
bool raw6_local_deliver(struct sk_buff *skb, int nexthdr);
void rawv6_init(void);

/* ------------------------------------------------------------ sockets */

struct inet_protosw;

extern const struct proto_ops inet6_stream_ops, inet6_dgram_ops;
void inet6_register_protosw(struct inet_protosw *p);
/* Parse a native (not v4-mapped) sockaddr_in6: -EINVAL short, -EAFNOSUPPORT. */
int inet6_parse_native(const struct sockaddr *uaddr, int addr_len, struct in6_addr *addr,
		       __be16 *port);
/* Fill a sockaddr_in6 for a native address; returns its length. */
int inet6_fill_sockaddr(struct sockaddr *uaddr, const struct in6_addr *addr, __be16 port,
			int ifindex);
/* Is a sockaddr a native IPv6 address (not v4-mapped), for AF_INET6 sockets? */
bool inet6_sockaddr_is_native(const struct sock *sk, const struct sockaddr *uaddr, int addr_len);

/* connect() of a datagram socket to a native address (datagram.c; takes lock_sock). */
int ip6_datagram_connect_native(struct sock *sk, const struct in6_addr *daddr, __be16 dport);
/* Shared by raw and ICMPv6 echo sockets (datagram.c): connect() that
 * refuses v4-mapped peers; a send's destination (mapped_err for a
 * v4-mapped one); its route and skb (payload room len, data at the
 * transport header; NULL with *errp); recvmsg of whole packets. */
int ip6_datagram_connect_v6_only(struct sock *sk, struct sockaddr *uaddr, int addr_len);
int ip6_datagram_send_dest(struct sock *sk, struct msghdr *msg, struct in6_addr *daddr,
			   int mapped_err);
struct sk_buff *ip6_dgram_alloc_skb(struct sock *sk, const struct in6_addr *daddr,
				    struct in6_addr *saddr, size_t len, int flags,
				    struct rt6_info **rtp, int *errp);
int inet6_recvmsg_whole(struct sock *sk, struct msghdr *msg, size_t len, int flags,
			int *addr_len);

/* TCP over IPv6 (tcp_ipv6.c) */
extern struct proto tcpv6_prot;
void tcpv6_init(void);

/* UDP over IPv6 (udp.c) */
extern struct proto udpv6_prot;
void udpv6_init(void);

/* SOL_IPV6 options of an AF_INET6 socket (ipv6_sockglue.c; take lock_sock);
 * -ENOPROTOOPT for another level. */
int ipv6_setsockopt(struct sock *sk, int level, int optname, char __user *optval,
		    unsigned int optlen);
int ipv6_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		    int __user *optlen);

int snmp6_proc_show(char *buf, size_t size);
int sockstat6_proc_show(char *buf, size_t size);

#endif
