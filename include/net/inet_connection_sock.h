/* SPDX-License-Identifier: MIT */
/*
 * Connection sockets (net/ipv4/inet_connection_sock.c): what a
 * connection-oriented inet socket has beyond inet_sock — the listener's
 * SYN and accept queues, the retransmit and delayed-ACK timers, the
 * congestion-control hook. TCP's tcp_sock starts with it.
 *
 * Listener queues. A SYN to a listener creates a request minisock
 * (include/net/request_sock.h) hashed in ehash and on the listener's
 * rsk_list (the SYN queue); the handshake's valid ACK makes the full child
 * socket (sk_clone_lock) in its place, which goes through the syn list to
 * the accept list at once (inet_csk_complete_hashdance). When the SYN
 * queue is full, SYN cookies stand in for request socks
 * (net/ipv4/syncookies.c). The lists and their counts are guarded by
 * icsk_accept_queue.lock (BHs off); a queued child holds a reference on
 * its listener (icsk_listener) and the listener's child lists hold one on
 * each child; rsk_list holds none (see request_sock.h).
 *
 * Lock order: child's socket lock -> listener's accept_queue.lock. The
 * listener's own socket lock is never taken by the child: a listener that
 * closes detaches both lists under accept_queue.lock, then aborts each
 * child under the child's lock.
 */
#ifndef _NET_INET_CONNECTION_SOCK_H
#define _NET_INET_CONNECTION_SOCK_H

#include <net/inet_sock.h>

struct tcp_congestion_ops;

struct inet_accept_queue {
	spinlock_t lock;
	struct list_head rsk_list;      /* request socks (SYN queue) [lock] */
	struct list_head syn_list;      /* SYN_RECV children, between their ACK and
					 * the hashdance [lock] */
	struct list_head accept_list;   /* established, not yet accepted [lock] */
	int syn_qlen;                   /* request socks + SYN_RECV children [lock] */
	u8 synflood_warned;             /* "possible SYN flooding" logged [sock] */
	unsigned long synq_overflow_ts; /* jiffies of the last SYN cookie sent [hint] */
	/* Listener counters (/proc/net/listen_stat), zeroed by listen(). */
	unsigned long wakeups;          /* blocked accept()ers woken [sock] */
	unsigned long spurious;         /* of them, woken to an empty queue [sock] */
	unsigned long accepted;         /* [lock] */
	unsigned long overflows;        /* connections refused: queue full [atomic] */
	/* TCP Fast Open (tcp_fastopen.c): children made from a SYN's data
	 * that are still in SYN_RECV, and their limit (TCP_FASTOPEN). */
	int fastopen_qlen;              /* [lock] */
	int fastopen_max_qlen;          /* 0: off [sock] */
};

#define ICSK_Q_SYN              1
#define ICSK_Q_ACCEPT           2

/* icsk_pending: what the retransmit timer is armed for */
#define ICSK_TIME_RETRANS       1
#define ICSK_TIME_PROBE0        3
#define ICSK_TIME_LOSS_PROBE    5       /* tail loss probe (tcp_recovery.c) */

/* icsk_ack.pending bits */
#define ICSK_ACK_SCHED          1       /* an ACK is owed */
#define ICSK_ACK_TIMER          2       /* the delayed-ACK timer is meant to run */
#define ICSK_ACK_PUSHED         4

/* Deferred timer work (set by a timer that found the socket owned, run by
 * release_sock's release_cb). Bits of icsk_deferred, atomic. */
#define ICSK_WRITE_TIMER_DEFERRED       0
#define ICSK_DELACK_TIMER_DEFERRED      1
#define ICSK_KEEPALIVE_DEFERRED         2
#define ICSK_MTU_REDUCED_DEFERRED       3       /* tcp_v4_mtu_reduced (ICMP) */

struct request_sock;
struct dst_entry;

/*
 * What a connection socket does differently per network protocol
 * (Linux's struct inet_connection_sock_af_ops): TCP's ipv4_specific
 * (net/ipv4/tcp_ipv4.c) and ipv6_specific (net/ipv6/tcp_ipv6.c). The
 * socket's own is icsk_af_ops; a segment's (reset, connection request)
 * follows its skb->protocol and a request sock's its addresses
 * (tcp_skb_af_ops, tcp_req_af_ops in net/tcp.h). [const]
 */
struct inet_connection_sock_af_ops {
	int (*queue_xmit)(struct sock *sk, struct sk_buff *skb);
	void (*send_check)(struct sock *sk, struct sk_buff *skb);
	void (*send_reset)(const struct sock *sk, struct sk_buff *skb);
	int (*conn_request)(struct sock *sk, struct sk_buff *skb);
	int (*send_synack)(const struct request_sock *req);
	struct sock *(*syn_recv_sock)(struct sock *lsk, struct sk_buff *skb,
				      struct request_sock *req);
	/* the route a request's child will use, or NULL */
	struct dst_entry *(*route_req)(const struct request_sock *req);
	/* the path MTU fell to tp->mtu_info (socket owned) */
	void (*mtu_reduced)(struct sock *sk);
	/* the MTU towards the peer over dst, learnt exceptions included */
	unsigned int (*dst_pmtu)(const struct sock *sk, const struct dst_entry *dst);
	/* the child a SYN cookie in an ACK to listener lsk makes, NULL when
	 * it is none, ERR_PTR(-EAGAIN) to drop the ACK (cookie_v4_check) */
	struct sock *(*cookie_check)(struct sock *lsk, struct sk_buff *skb);
	u16 net_header_len;             /* the network header in front of TCP's */
};

struct inet_connection_sock {
	struct inet_sock icsk_inet;     /* must be first */
	const struct inet_connection_sock_af_ops *icsk_af_ops;  /* [sock] */

	/* listener [accept_queue.lock] */
	struct inet_accept_queue icsk_accept_queue;
	/* child while queued: its listener (held) and its node on one of the
	 * listener's lists [listener's accept_queue.lock] */
	struct sock *icsk_listener;
	struct list_head icsk_queue_node;

	/* [sock] */
	struct timer_list icsk_retransmit_timer;
	struct timer_list icsk_delack_timer;
	ktime_t icsk_timeout;           /* when retransmit/probe work is due (the timer
					 * may be armed earlier and re-arms itself) */
	u32 icsk_rto;                   /* current RTO, us (before backoff) */
	u8 icsk_pending;                /* ICSK_TIME_* or 0 */
	u8 icsk_ca_state;               /* TCP_CA_* */
	u8 icsk_retransmits;            /* expiries without progress */
	u8 icsk_backoff;
	u8 icsk_probes_out;             /* zero-window / keepalive probes unanswered */
	u8 icsk_syn_retries;            /* TCP_SYNCNT, 0 = default */
	u32 icsk_user_timeout;          /* TCP_USER_TIMEOUT, ms */
	unsigned long icsk_deferred;    /* ICSK_*_DEFERRED [atomic bits] */
	struct {
		u8 pending;             /* ICSK_ACK_* */
		u8 quick;               /* quick ACKs left */
		u8 pingpong;            /* interactive: delay ACKs to piggyback */
		u32 ato;                /* delayed ACK timeout, us */
		ktime_t timeout;        /* when the delayed ACK is due */
		u32 rcv_mss;            /* largest segment the peer sent */
		u32 lrcvtime;           /* last data received, ms */
	} icsk_ack;
	const struct tcp_congestion_ops *icsk_ca_ops;
	u64 icsk_ca_priv[8];            /* the congestion algorithm's state */
	u32 icsk_pmtu_cookie;           /* path MTU the MSS was computed from */
	u8 icsk_queued;                 /* child: 0, ICSK_Q_SYN or ICSK_Q_ACCEPT [listener queue lock] */
};

static inline struct inet_connection_sock *inet_csk(const struct sock *sk)
{
	return (struct inet_connection_sock *)sk;
}

static inline void *inet_csk_ca(const struct sock *sk)
{
	return (void *)inet_csk(sk)->icsk_ca_priv;
}

static inline bool inet_csk_ack_scheduled(const struct sock *sk)
{
	return inet_csk(sk)->icsk_ack.pending & ICSK_ACK_SCHED;
}

/* Timers: a pending timer holds a reference on the socket (released by
 * the handler or by the stop). Arming the retransmit timer only moves it
 * earlier; a timer that fires before icsk_timeout re-arms itself. */
void inet_csk_reset_xmit_timer(struct sock *sk, int what, u32 when_us);
void inet_csk_clear_xmit_timer(struct sock *sk);
void inet_csk_clear_xmit_timers(struct sock *sk);
void sk_reset_timer(struct sock *sk, struct timer_list *t, ktime_t expires);
void sk_stop_timer(struct sock *sk, struct timer_list *t);

/* Listener queues. */
void inet_csk_queue_init(struct sock *sk);
/* Child's handshake done: move it to the accept list. False if the accept
 * queue is full or the listener is gone (the caller drops the ACK). */
bool inet_csk_complete_hashdance(struct sock *child);
void inet_csk_fastopen_queue_add(struct sock *lsk, struct sock *child);
/* The SYN queue (request socks). hash_add: on ehash, the listener's list
 * and the SYN-ACK timer; false if the 4-tuple is taken. drop: take req off
 * all three (the caller holds a reference); false if someone else did.
 * forget: the same after inet_ehash_swap_req took it off ehash. */
struct request_sock;
bool inet_csk_reqsk_queue_is_full(const struct sock *sk);
bool inet_csk_reqsk_queue_hash_add(struct sock *lsk, struct request_sock *req);
bool inet_csk_reqsk_queue_drop(struct request_sock *req);
void inet_csk_reqsk_queue_forget(struct request_sock *req);
/* Child aborted before accept: take it off the listener's lists. */
void inet_csk_unlink_child(struct sock *child);
void inet_csk_listen_stop(struct sock *sk);
struct sock *inet_csk_accept(struct sock *sk, int flags, int *err, bool kern);
bool inet_csk_acceptq_is_full(const struct sock *sk);
/* A SYN or handshake ACK dropped because lsk's accept queue is full. */
void inet_csk_listen_overflow(struct sock *lsk);
int listen_stat_proc_show(char *buf, size_t size);

/* Free a dead (orphaned, CLOSE) socket's protocol state and drop the
 * alive reference. */
void inet_csk_destroy_sock(struct sock *sk);
/* Tell sk's route that the path MTU fell to mtu; the route, or NULL. */
struct dst_entry *inet_csk_update_pmtu(struct sock *sk, u32 mtu);

#endif
