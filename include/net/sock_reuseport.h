/* SPDX-License-Identifier: MIT */
/*
 * Choosing one member of a SO_REUSEPORT group (net/core/sock_reuseport.c).
 * shoal keeps no group object: a lookup walks its hash bucket, and the
 * members are the reuseport sockets with the best score. The walk meets
 * them newest first (buckets add at the head), so member index i of
 * Linux's socks[] (join order, what a CBPF program returns) is walk
 * position n - 1 - i. The lookup walks twice: once to size the group
 * (reuseport_group_*), once to pick (reuseport_pick_*).
 */
#ifndef _NET_SOCK_REUSEPORT_H
#define _NET_SOCK_REUSEPORT_H

#include <net/sock.h>

struct reuseport_group {
	unsigned int n;                 /* members: best-scoring reuseport sockets */
	unsigned int ncpu_set;          /* of them, with SO_INCOMING_CPU set */
	struct bpf_classic_prog *prog;  /* first attached program met */
};

struct reuseport_pick {
	unsigned int pos;               /* walk position chosen by program or hash */
	unsigned int i;                 /* members visited */
	int cpu;                        /* prefer a member with this incoming CPU, or -1 */
	struct sock *at_pos, *after, *before;
};

void reuseport_group_init(struct reuseport_group *g, struct sock *sk);
void reuseport_group_add(struct reuseport_group *g, struct sock *sk);
void reuseport_pick_init(struct reuseport_pick *p, const struct reuseport_group *g, u32 hash,
			 const struct sk_buff *skb, unsigned int hdr_len);
void reuseport_pick_visit(struct reuseport_pick *p, struct sock *sk);
struct sock *reuseport_pick_result(const struct reuseport_pick *p);

int sk_reuseport_attach_filter(struct sock *sk, const void __user *optval, unsigned int optlen);
int sk_reuseport_detach_filter(struct sock *sk);
spinlock_t *udp_port_lock(u16 port);
spinlock_t *inet_lhash_lock(u16 port);

#endif /* _NET_SOCK_REUSEPORT_H */
