/* SPDX-License-Identifier: MIT */
/*
 * TCP's socket hash tables (net/ipv4/inet_hashtables.c), as Linux's:
 *
 *   ehash  established, SYN_RECV and TIME_WAIT sockets, keyed by the
 *          4-tuple (local addr, local port, foreign addr, foreign port).
 *          One spinlock per bucket; a chain holds full sockets, TIME_WAIT
 *          minisocks (struct inet_timewait_sock) and request minisocks
 *          (struct request_sock, TCP_NEW_SYN_RECV), told apart by
 *          skc_state.
 *   lhash  listening sockets, keyed by local port only. A lookup scores
 *          every listener on the port (exact address beats INADDR_ANY, an
 *          AF_INET socket beats a dual-stack one, a bound device beats
 *          none); listeners with SO_REUSEPORT and the best score form a
 *          reuseport group, and the connection's 4-tuple hash picks one of
 *          them, so the SYNs of a port spread over the group.
 *   bhash  every socket that owns a local port (bound, listening,
 *          connected, TIME_WAIT), keyed by port; bind conflicts and
 *          ephemeral port choice look here.
 *
 * A hashed socket holds a reference for each table it is on (sock_hold on
 * insert, __sock_put on removal). Lookups return a held socket.
 *
 * Locks: each bucket's lock, taken with BHs off in process context (plain
 * spin_lock in softirq). Order: bhash bucket -> ehash bucket, and at most
 * one bucket of each table at a time. A socket's own lock (bh_lock_sock or
 * ownership) may be held when taking bucket locks, never the reverse.
 */
#ifndef _NET_INET_HASHTABLES_H
#define _NET_INET_HASHTABLES_H

#include <net/sock.h>

struct inet_ehash_bucket {
	spinlock_t lock;
	struct hlist_head chain;        /* socks and tw socks via skc_node [lock] */
};

struct inet_listen_bucket {
	spinlock_t lock;
	struct hlist_head head;         /* listeners via skc_node [lock] */
};

struct inet_bind_bucket {
	spinlock_t lock;
	struct hlist_head owners;       /* port owners via skc_bind_node [lock] */
};

#define INET_EHASH_SIZE         4096
#define INET_LHTABLE_SIZE       64
#define INET_BHTABLE_SIZE       1024

struct inet_hashinfo {
	struct inet_ehash_bucket ehash[INET_EHASH_SIZE];
	struct inet_listen_bucket lhash[INET_LHTABLE_SIZE];
	struct inet_bind_bucket bhash[INET_BHTABLE_SIZE];
};

extern struct inet_hashinfo tcp_hashinfo;

static inline u32 inet_ehashfn(__be32 laddr, u16 lport, __be32 faddr, __be16 fport)
{
	u32 h = (u32)laddr * 0x9e3779b1u ^ (u32)faddr * 0x85ebca6bu;

	h ^= ((u32)lport << 16 | fport) * 0xc2b2ae35u;
	return h ^ (h >> 15);
}

static inline struct inet_ehash_bucket *inet_ehash_bucket(u32 hash)
{
	return &tcp_hashinfo.ehash[hash & (INET_EHASH_SIZE - 1)];
}

static inline struct inet_bind_bucket *inet_bhash_bucket(u16 port)
{
	return &tcp_hashinfo.bhash[port & (INET_BHTABLE_SIZE - 1)];
}

static inline struct inet_listen_bucket *inet_lhash_bucket(u16 port)
{
	return &tcp_hashinfo.lhash[port & (INET_LHTABLE_SIZE - 1)];
}

void inet_hashinfo_init(void);

/* Lookups (softirq or process context). A held socket (or TIME_WAIT
 * minisock, state TCP_TIME_WAIT) or NULL. */
struct sock *inet_lookup_established(__be32 saddr, __be16 sport, __be32 daddr, u16 hnum);
struct sock *inet_lookup_listener(__be32 saddr, __be16 sport, __be32 daddr, u16 hnum, int dif,
				  const struct sk_buff *skb);
/* The same for native IPv6 (net/ipv6/tcp_ipv6.c): entries whose
 * addresses are native IPv6 are hashed on them (inet6_ehashfn), in the
 * same tables, as Linux's inet6_hashtables. */
struct in6_addr;
u32 inet6_ehashfn(const struct in6_addr *laddr, u16 lport, const struct in6_addr *faddr,
		  __be16 fport);
struct sock *inet6_lookup_established(const struct in6_addr *saddr, __be16 sport,
				      const struct in6_addr *daddr, u16 hnum);
struct sock *inet6_lookup_listener(const struct in6_addr *saddr, __be16 sport,
				   const struct in6_addr *daddr, u16 hnum, int dif,
				   const struct sk_buff *skb);

/* ehash insertion: false if the 4-tuple is already there (not inserted). */
bool inet_ehash_insert(struct sock *sk);
/* Request socks (TCP_NEW_SYN_RECV) on ehash: insert as above; remove
 * returns whether this call took it off; swap puts the child in its place
 * (false if it was already gone). */
struct request_sock;
bool inet_ehash_insert_req(struct request_sock *req);
bool inet_ehash_remove_req(struct request_sock *req);
bool inet_ehash_swap_req(struct request_sock *req, struct sock *sk);
void inet_ehash_remove(struct sock *sk);
/* Replace sk by the TIME_WAIT minisock tw in sk's bucket. */
void inet_ehash_replace(struct sock *sk, struct sock_common *tw);

/* lhash (listen start/stop). */
int inet_hash(struct sock *sk);
void inet_unhash(struct sock *sk);

/* Bind hash: proto->get_port, ->put_port. */
int inet_csk_get_port(struct sock *sk, unsigned short snum);
void inet_put_port(struct sock *sk);
/* Put a TIME_WAIT minisock on its port's owner list in sk's place. */
void inet_bind_replace(struct sock *sk, struct sock_common *tw);
void inet_bind_remove_tw(struct sock_common *tw);
/* connect(): give sk (whose daddr/dport/rcv_saddr are set) a local port
 * with a unique 4-tuple and put it on ehash. 0 or -EADDRNOTAVAIL. */
int inet_hash_connect(struct sock *sk);

#endif
