/* SPDX-License-Identifier: MIT */
/*
 * The two protocol tables of the inet family (net/ipv4/protocol.c,
 * af_inet.c), as in Linux:
 *   inet_protos[IPPROTO_*]  struct net_protocol: what IP input calls for a
 *                           packet of that protocol (tcp_v4_rcv, udp_rcv,
 *                           icmp_rcv) and for ICMP errors about it;
 *   inetsw[SOCK_*]          struct inet_protosw: which struct proto and
 *                           proto_ops socket(AF_INET, type, protocol) gets.
 * Both are filled at boot (inet_init) and read without locks afterwards.
 */
#ifndef _NET_PROTOCOL_H
#define _NET_PROTOCOL_H

#include <net/sock.h>
#include <shoal/netdevice.h>

struct net_protocol {
	/* skb->data at the transport header, network_header set; consumes skb. */
	int (*handler)(struct sk_buff *skb);
	/* ICMP error about a packet we sent: skb->data at the quoted IP header
	 * (at least 8 bytes of its transport header follow). info: ICMP type<<8|code,
	 * or the MTU for FRAG_NEEDED in the high 16 bits. Does not consume skb. */
	int (*err_handler)(struct sk_buff *skb, u32 info);
};

#define MAX_INET_PROTOS 256
extern const struct net_protocol *inet_protos[MAX_INET_PROTOS];
int inet_add_protocol(const struct net_protocol *prot, unsigned char num);

struct inet_protosw {
	struct list_head list;
	unsigned short type;            /* SOCK_STREAM, SOCK_DGRAM, ... */
	unsigned short protocol;        /* IPPROTO_*; IPPROTO_IP = wildcard */
	struct proto *prot;
	const struct proto_ops *ops;    /* AF_INET ops; AF_INET6 has its own table */
	unsigned char flags;
};
#define INET_PROTOSW_REUSE      0x01    /* sk_reuse by default */
#define INET_PROTOSW_PERMANENT  0x02
#define INET_PROTOSW_ICSK       0x04    /* a connection socket (inet_connection_sock) */

void inet_register_protosw(struct inet_protosw *p);     /* AF_INET */

/*
 * inet_offloads[IPPROTO_*]: how GSO and GRO handle a transport protocol
 * under IPv4 (Linux's struct net_offload); inet_gso_segment and
 * inet_gro_receive (af_inet.c, the ETH_P_IP packet_offload) dispatch on
 * it. Filled at boot, read without locks.
 */
struct net_offload {
	struct offload_callbacks callbacks;
};
extern const struct net_offload *inet_offloads[MAX_INET_PROTOS];
int inet_add_offload(const struct net_offload *prot, unsigned char num);
void tcpv4_offload_init(void);          /* tcp_offload.c */
void ipv4_offload_init(void);           /* af_inet.c: the ETH_P_IP offload */

#endif
