/* SPDX-License-Identifier: MIT */
/*
 * ICMP echo ("ping") sockets: socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)
 * (net/ipv4/ping.c), as Linux's: the user writes an ICMP echo request
 * without caring for its id or checksum; the kernel uses the socket's
 * "port" as the echo id and hands back the replies that carry it.
 */
#ifndef _NET_PING_H
#define _NET_PING_H

#include <shoal/skbuff.h>

extern struct proto ping_prot;

/* An ICMP echo reply (transport header set, data past the ICMP header):
 * queue it on the socket whose id it carries. Consumes skb only when it
 * returns true; false if no socket wants it. */
bool ping_rcv(struct sk_buff *skb);
/* An ICMP error quoting one of our echo requests (data at the quoted IP header). */
void ping_err(struct sk_buff *skb, int type, int code, u32 info);
void ping_init(void);

/* Shared with ICMPv6 echo sockets (net/ipv6/ping.c), which live in the
 * same table: ids are shared between the families, as in Linux. */
struct in6_addr;
int ping_get_port(struct sock *sk, unsigned short ident);
void ping_unhash(struct sock *sk);
int ping_init_sock(struct sock *sk);    /* net.ipv4.ping_group_range: -EACCES */
void ping_close(struct sock *sk, long timeout);
/* family's socket with echo id ident bound to laddr (AF_INET) or laddr6
 * (AF_INET6), or to any; referenced, or NULL. Softirq or BHs off. */
struct sock *ping_lookup(int family, u16 ident, __be32 laddr, const struct in6_addr *laddr6,
			 int dif);

/*
 * ping_init registers net.ipv4.ping_group_range
 * (/proc/sys/net/ipv4/ping_group_range): the groups allowed to create
 * ping sockets. The default "1 0" allows nobody, as in Linux (root's ping
 * uses a raw socket). Text in the /proc/sys format ("low\thigh\n").
 */

#endif
