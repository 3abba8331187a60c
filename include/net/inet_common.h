/* SPDX-License-Identifier: MIT */
/*
 * What the files of net/ipv4 share among themselves (as Linux's
 * net/inet_common.h, net/raw.h): the inet proto_ops tables, the socket
 * helpers behind them, raw sockets and a checksum helper.
 */
#ifndef _NET_INET_COMMON_H
#define _NET_INET_COMMON_H

#include <net/sock.h>
#include <shoal/checksum.h>
#include <net/inet_sock.h>

struct rtable;

extern const struct proto_ops inet_stream_ops, inet_dgram_ops, inet_sockraw_ops;

/* Bind sk to an ephemeral port if it has none (takes lock_sock): 0 or -EAGAIN. */
int inet_autobind(struct sock *sk);
/* inet_create for both families (af_inet.c). */
int inet_create_common(struct socket *sock, int family, int protocol, int kern,
		       struct list_head *table);
/* The close of a datagram socket (UDP, ping, raw): destroy, unhash, orphan,
 * drop the caller's reference (Linux's sk_common_release). */
void inet_dgram_release(struct sock *sk);
/* connect(AF_UNSPEC) of UDP, ping and raw sockets: forget the peer, and the
 * source address and port (a raw socket: its place in the protocol's
 * table) unless bind() chose them (Linux's __udp_disconnect). */
int inet_dgram_disconnect(struct sock *sk, int flags);
/* recvmsg's sender address (saddr:sport, in sk's family) into
 * msg->msg_name if the caller wants it; returns its length or 0. */
int inet_recv_name(struct sock *sk, struct msghdr *msg, __be32 saddr, __be16 sport);
/* IP_PKTINFO/IP_RECVTTL/IP_RECVTOS control messages for a received skb
 * whose network header is valid (ip_sockglue.c). */
void ip_cmsg_recv(struct msghdr *msg, struct sock *sk, struct sk_buff *skb);
/* recvmsg of a socket whose skbs are handed out whole from skb->data: raw
 * and ping sockets (raw.c). MSG_TRUNC gives the datagram's real length. */
int inet_recvmsg_whole(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len);
/* The same for either family: recv_info fills in the source and the
 * control messages of a packet copied out (IPv6's: inet6_recvmsg_whole). */
typedef void (*inet_recv_info_t)(struct sock *sk, struct msghdr *msg, struct sk_buff *skb,
				 int *addr_len);
int __inet_recvmsg_whole(struct sock *sk, struct msghdr *msg, size_t len, int flags,
			 int *addr_len, inet_recv_info_t recv_info);

/* Cut skb to len bytes, page frags included (Linux's pskb_trim). */
void inet_skb_trim(struct sk_buff *skb, unsigned int len);

/* dst_entry input/output of IPv4 routes (ip_input.c, ip_output.c). */
int ip_local_deliver(struct sk_buff *skb);
int ip_output(struct sock *sk, struct sk_buff *skb);
/* A route's source for a packet to daddr when the socket has none. */
__be32 rt_src_addr(const struct rtable *rt, __be32 daddr);
void ip_rt_init(void);

/* Raw sockets (raw.c). raw_local_deliver hands a clone of skb (data at the
 * transport header, network header valid) to every raw socket of its
 * protocol; true if any took one. */
extern struct proto raw_prot;
/* A table of raw sockets, a chain per protocol: IPv4's and IPv6's (each
 * raw.c has one). raw_hash_sk and raw_unhash_sk (raw.c) add and remove
 * a socket, counted in its proto's inuse. */
struct raw_hash_bucket {
	spinlock_t lock;
	struct hlist_head chain;        /* [lock] */
} __cacheline_aligned;
int raw_hash_sk(struct raw_hash_bucket *table, struct sock *sk);
void raw_unhash_sk(struct raw_hash_bucket *table, struct sock *sk);
bool raw_local_deliver(struct sk_buff *skb, int protocol);
void raw_init(void);

/*
 * /proc/net text (shoal/proc_fs.h rules: render into buf, return the length
 * wanted). net_seq_printf appends, counting what did not fit;
 * net_seq_pad pads the line begun at offset start to width columns with
 * spaces and ends it, as Linux's seq_setwidth/seq_pad (proc.c).
 */
struct net_seq {
	char *buf;
	size_t size;
	size_t len;                     /* wanted so far (may exceed size) */
};
__printf(2, 3) void net_seq_printf(struct net_seq *s, const char *fmt, ...);
void net_seq_pad(struct net_seq *s, size_t start, int width);
/* The inode number of sk's socket file (0 when orphaned). */
unsigned long sock_i_ino(const struct sock *sk);

#endif
