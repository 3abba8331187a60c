/* SPDX-License-Identifier: MIT */
/*
 * Request minisocks (net/core/request_sock.c, net/ipv4/inet_connection_
 * sock.c), in the shape of Linux's include/net/request_sock.h: what a SYN
 * to a listener leaves behind until the handshake's last ACK. A few dozen
 * bytes instead of a full tcp_sock, so a SYN flood costs little memory;
 * the child socket is made only when the ACK is valid (tcp_check_req).
 *
 * Layers, as Linux: request_sock (lookup part, listener, timer) inside
 * inet_request_sock (options agreed in the SYN) inside tcp_request_sock
 * (sequence numbers, timestamp offset). All from one slab cache.
 *
 * A request sock is hashed in ehash (state TCP_NEW_SYN_RECV, as Linux 4.4+),
 * so the ACK finds it with the lookup established sockets use, and sits on
 * its listener's rsk_list (so close() of the listener frees them at once).
 *
 * References (rsk_refcnt, the sock_common's): ehash holds one while it is
 * hashed, the SYN-ACK timer one while pending, lookups one each; the
 * listener's list holds none (whoever unhashes the request also takes it
 * off the list). The request holds a reference on its listener.
 *
 * Locks: the ehash bucket lock for the chain, the listener's
 * icsk_accept_queue.lock for rsk_list, rsk_queued and the queue length;
 * neither is held while taking the other. The timer's fields (num_timeout,
 * num_retrans) belong to the timer handler and the listener's socket lock
 * in turn; a stale read only changes when a SYN-ACK is resent.
 */
#ifndef _NET_REQUEST_SOCK_H
#define _NET_REQUEST_SOCK_H

#include <net/sock.h>
#include <shoal/time.h>

struct request_sock {
	struct sock_common __req_common;        /* must be first; skc_state TCP_NEW_SYN_RECV */
#define rsk_refcnt      __req_common.skc_refcnt
#define ir_loc_addr     __req_common.skc_rcv_saddr
#define ir_rmt_addr     __req_common.skc_daddr
#define ir_num          __req_common.skc_num
#define ir_rmt_port     __req_common.skc_dport
	struct sock *rsk_listener;              /* held [const] */
	struct list_head rsk_list;              /* on the listener's rsk_list [acceptq lock] */
	struct timer_list rsk_timer;            /* SYN-ACK retransmission */
	u8 num_retrans;                         /* SYN-ACKs resent [timer] */
	u8 num_timeout;                         /* timer expiries [timer] */
	u8 rsk_queued;                          /* on rsk_list [acceptq lock] */
	u8 syncookie;                           /* rebuilt from a cookie, on the stack,
						 * never hashed [const] */
	u32 rsk_rcv_wnd;                        /* window offered in the SYN-ACK [const] */
	u32 ts_recent;                          /* peer's TSval [listener lock] */
};

struct inet_request_sock {
	struct request_sock req;
	u16 mss;                                /* the peer's MSS (or the cookie's) [const] */
	u16 advmss;                             /* ours, sent in the SYN-ACK [const] */
	u8 snd_wscale:4, rcv_wscale:4;          /* [const] */
	u8 tstamp_ok:1, sack_ok:1, wscale_ok:1, ecn_ok:1;       /* [const] */
	int ir_iif;                             /* arrival interface [const] */
};

struct tcp_request_sock {
	struct inet_request_sock req;
	u32 rcv_isn;                            /* the peer's ISN [const] */
	u32 snt_isn;                            /* ours [const] */
	u32 ts_off;                             /* added to our clock in TSval [const] */
	u32 snt_synack;                         /* ms of the first SYN-ACK [const] */
	u32 rcv_nxt;                            /* what the SYN-ACK acknowledges: rcv_isn + 1,
						 * past the SYN's data with Fast Open [const] */
	s8 tfo_cookie_len;                      /* Fast Open cookie for the SYN-ACK, -1 none [const] */
	u8 tfo_cookie[16];
};

static inline struct inet_request_sock *inet_rsk(const struct request_sock *req)
{
	return (struct inet_request_sock *)req;
}

static inline struct tcp_request_sock *tcp_rsk(const struct request_sock *req)
{
	return (struct tcp_request_sock *)req;
}

static inline struct request_sock *inet_reqsk(const struct sock_common *c)
{
	return (struct request_sock *)c;
}

/* net/core/request_sock.c: the slab cache ("request_sock_TCP"). The new
 * request holds a reference on lsk and one for the caller. */
void reqsk_cache_init(void);
struct request_sock *reqsk_alloc(struct sock *lsk);
void reqsk_free(struct request_sock *req);
static inline void reqsk_put(struct request_sock *req)
{
	if (atomic_dec_and_test(&req->rsk_refcnt))
		reqsk_free(req);
}
/* Live request socks, for leak checks (/proc/net/sockstat's "TCP: ... req"). */
int reqsk_count(void);

#endif
