/* SPDX-License-Identifier: MIT */
/*
 * The simulated network of the protocol tests (tests/host/test_net_*.c),
 * built by tests/host/net_shim.c around the real IPv4 stack (sock.c, IP,
 * routes, ICMP, UDP, TCP; see HOST_NET_KSRCS in host.mk):
 *
 *   eth0  10.0.2.15/24, IFF_NOARP: what IP transmits lands on host_tx
 *         (data at the IP header) instead of on a wire
 *   peer  10.0.2.2, a host on eth0 the tests play, building its packets
 *         with host_ip_packet and feeding them to ip_rcv with host_rx
 *
 * Time stands still unless a test moves it (host_advance), which also runs
 * the timers that fell due, in expiry order, as the TIMER softirq would.
 * Include after the host's headers and host_test.h.
 */
#ifndef _HOST_NET_H
#define _HOST_NET_H

#include <shoal/kernel.h>
#include <shoal/checksum.h>
#include <shoal/skbuff.h>
#include <shoal/netdevice.h>
#include <net/ip.h>
#include <net/snmp.h>

#define HOST_OUR_IP     htonl(0x0a00020f)       /* 10.0.2.15 */
#define HOST_PEER_IP    htonl(0x0a000202)       /* 10.0.2.2 */

extern struct net_device host_eth0;
extern struct sk_buff_head host_tx;     /* what left eth0, oldest first */
extern struct sk_buff_head host_rx_up;  /* what netif_receive_skb got (GRO's output) */
extern ktime_t host_now;
extern u32 host_random;                 /* what get_random_u32 returns */

void host_net_setup(void);
/* Runs the clock on 600 s, then checks that no timer is armed and that
 * every page and slab byte allocated since setup is free again. */
void host_net_teardown(void);
/* Move the clock on by ns and run every timer that is due by then. */
void host_advance(ktime_t ns);

/* An IPv4 packet from saddr to daddr carrying payload (header checksum set). */
struct sk_buff *host_ip_packet(__be32 saddr, __be32 daddr, u8 proto, const void *payload,
			       unsigned int len);
/* Hand skb to ip_rcv as eth0 received it. */
void host_rx(struct sk_buff *skb);
/* A TCP segment from the peer's sport to our dport, with raw options opt
 * (olen a multiple of 4) and len bytes of data, window 65535, checksum
 * set, handed to host_rx. */
void host_tcp_rx(u16 sport, u16 dport, u8 flags, u32 seq, u32 ack, const u8 *opt, int olen,
		 const void *data, unsigned int len);
/* The next packet eth0 sent, or NULL; the caller frees it. */
struct sk_buff *host_tx_pop(void);
/* The next packet eth0 sent, a TCP segment, taken apart and freed; false
 * if there is none. host_tcp_opt finds an option of kind in it (the
 * pointer is at its kind byte), or NULL. */
struct host_tcp_seg {
	u32 seq, ack;
	u8 flags;
	u16 dport;
	bool df;                        /* IP_DF set */
	bool csum_ok;                   /* a complete, correct TCP checksum */
	unsigned int len;               /* payload bytes */
	int olen;
	u8 opt[40];                     /* TCP_MAX_OPTION_SPACE */
};
bool host_tcp_tx_pop(struct host_tcp_seg *s);
const u8 *host_tcp_opt(const struct host_tcp_seg *s, u8 kind);

/* AF_INET sockets of type SOCK_STREAM (TCP) or SOCK_DGRAM (UDP), through
 * their proto_ops; every call is non-blocking. */
struct socket *host_socket(int type);
void host_close(struct socket *sock);
int host_bind(struct socket *sock, __be32 addr, u16 port);
int host_connect(struct socket *sock, __be32 addr, u16 port);
/* send (addr 0) or sendto */
int host_sendto(struct socket *sock, const void *buf, size_t len, __be32 addr, u16 port);
int host_recv(struct socket *sock, void *buf, size_t len, int flags);
struct socket *host_accept(struct socket *listener, int *err);

/* A counter summed over CPUs, e.g. HOST_MIB(tcp, TCP_MIB_OUTRSTS). */
#define HOST_MIB(table, field) SNMP_FOLD(table, field)

#endif
