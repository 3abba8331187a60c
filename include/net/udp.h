/* SPDX-License-Identifier: MIT */
/*
 * UDP (net/ipv4/udp.c), dual-stack: AF_INET and AF_INET6 sockets share one
 * table and one struct proto; v6 sockets see IPv4 peers as ::ffff:a.b.c.d.
 */
#ifndef _NET_UDP_H
#define _NET_UDP_H

#include <shoal/skbuff.h>
#include <shoal/byteorder.h>
#include <net/inet_sock.h>
#include <net/inet_common.h>

struct udphdr {
	__be16 source;
	__be16 dest;
	__be16 len;
	__sum16 check;
};

static inline struct udphdr *udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_transport_header(skb);
}

/* Largest payload of one IPv4 datagram: 65535 - 20 (IP) - 8 (UDP). */
#define UDP_MAX_PAYLOAD         (0xffff - 20 - (int)sizeof(struct udphdr))

/* SOL_UDP options */
#define UDP_CORK                1
#define UDP_ENCAP               100
#define UDP_NO_CHECK6_TX        101
#define UDP_NO_CHECK6_RX        102
#define UDP_SEGMENT             103
#define UDP_GRO                 104

/* A UDP socket. Locking: see net/ipv4/udp.c. */
struct udp_sock {
	struct inet_sock inet;          /* must be first */
	int corkflag;                   /* UDP_CORK (stored; datagrams are never corked) [sock] */
	atomic_t drops;                 /* datagrams dropped for want of rcvbuf [atomic] */
};

/* The UDP header of an arriving datagram of either family (data at it),
 * the skb trimmed to the header's length; NULL if the datagram is short
 * or its length field lies (the caller counts InErrors). */
static inline struct udphdr *udp_pull_hdr(struct sk_buff *skb)
{
	struct udphdr *uh;
	unsigned int ulen;

	if (!pskb_may_pull(skb, sizeof(*uh)))
		return NULL;
	uh = udp_hdr(skb);
	ulen = ntohs(uh->len);
	if (ulen > skb->len || ulen < sizeof(*uh))
		return NULL;
	if (ulen < skb->len)
		inet_skb_trim(skb, ulen);
	return uh;
}

static inline struct udp_sock *udp_sk(const struct sock *sk)
{
	return (struct udp_sock *)sk;
}

extern struct proto udp_prot;

int udp_rcv(struct sk_buff *skb);
int udp_err(struct sk_buff *skb, u32 info);
unsigned int udp_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);
void udp_init(void);
/* Queue a datagram on sk (counting a drop when its buffer is full); consumes skb. */
void udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);

/* How a family finishes a UDP read: the sender's address and control
 * messages (returns the address length), and the MIB for one datagram
 * read or one failed copy. */
struct udp_recv_ops {
	int (*recv_name)(struct sock *sk, struct msghdr *msg, struct sk_buff *skb);
	void (*count)(const struct sk_buff *skb, bool error);
};
int __udp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len,
		  const struct udp_recv_ops *ops);
/* For IPv6's input (net/ipv6/udp.c): the socket for a native datagram
 * saddr:sport -> daddr:dport, referenced, or NULL. Softirq (or BHs off). */
struct sock *udp6_lib_lookup(const struct in6_addr *saddr, __be16 sport,
			     const struct in6_addr *daddr, __be16 dport, int dif);
/* Socket dumps (inet_diag): call fn on each UDP socket from the cursor
 * (slot, index in slot) on, under the slot's lock; fn returning nonzero
 * stops the walk with the cursor on that socket. Returns fn's value, or 0
 * at the end of the table. */
int udp_diag_walk(long *slot, long *idx, int (*fn)(struct sock *sk, void *arg), void *arg);
/* /proc/net/udp and udp6 (registered by ipv4_proc_init and inet6_init) */
int udp4_proc_show(char *buf, size_t size);
int udp6_proc_show(char *buf, size_t size);

#endif
