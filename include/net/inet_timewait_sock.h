/* SPDX-License-Identifier: MIT */
/*
 * TIME_WAIT minisocks (net/ipv4/inet_timewait_sock.c). A connection that
 * reaches TIME_WAIT gives up its full socket (buffers, timers, tcp_sock)
 * and leaves this small record in its place on ehash and on its port's
 * bind list, so that late segments are answered and the 4-tuple is not
 * reused for 60 s (TCP_TIMEWAIT_LEN, as Linux).
 *
 * It starts with a sock_common so lookups treat it as a socket whose
 * skc_state is TCP_TIME_WAIT. References: ehash, bhash and the death row
 * each hold one while it is on them; lookups take one.
 *
 * The death row: every minisock waits out the same 60 s, so one FIFO list
 * ordered by expiry and one timer serve all of them (arming per minisock
 * would make the per-CPU timer lists long). tw_death_lock guards the list;
 * it is a leaf (taken last, BHs off).
 */
#ifndef _NET_INET_TIMEWAIT_SOCK_H
#define _NET_INET_TIMEWAIT_SOCK_H

#include <net/sock.h>
#include <shoal/time.h>

#define TCP_TIMEWAIT_LEN_NS     (60 * NSEC_PER_SEC)

struct inet_timewait_sock {
	struct sock_common __tw_common;  /* must be first */
#define tw_daddr        __tw_common.skc_daddr
#define tw_rcv_saddr    __tw_common.skc_rcv_saddr
#define tw_dport        __tw_common.skc_dport
#define tw_num          __tw_common.skc_num
#define tw_family       __tw_common.skc_family
#define tw_state        __tw_common.skc_state
#define tw_reuse        __tw_common.skc_reuse
#define tw_refcnt       __tw_common.skc_refcnt
#define tw_node         __tw_common.skc_node
#define tw_bind_node    __tw_common.skc_bind_node
	/* Fixed after creation except where noted [const]. */
	__be16 tw_sport;
	u8 tw_substate;                 /* TCP_TIME_WAIT */
	u8 tw_tstamp_ok:1;
	u8 tw_rcv_wscale;
	u32 tw_rcv_nxt;                 /* [ehash bucket lock] */
	u32 tw_snd_nxt;
	u32 tw_rcv_wnd;
	u32 tw_ts_recent;               /* [ehash bucket lock] */
	u32 tw_ts_offset;
	struct list_head tw_death_node; /* [tw_death_lock] */
	ktime_t tw_expires;             /* [tw_death_lock] */
	bool tw_queued;                 /* on the death row [tw_death_lock] */
};

static inline struct inet_timewait_sock *inet_twsk(const struct sock_common *sk)
{
	return (struct inet_timewait_sock *)sk;
}

struct sock;
/* Turn sk (ESTABLISHED-side state already final) into a minisock: returns
 * it hashed and scheduled, or NULL when out of memory (the caller just
 * closes sk). */
struct inet_timewait_sock *inet_twsk_create(struct sock *sk);
/* Put tw in sk's place on ehash and its port's owner list. */
void inet_twsk_hashdance(struct inet_timewait_sock *tw, struct sock *sk);
/* (Re)start the 60 s wait. */
void inet_twsk_schedule(struct inet_timewait_sock *tw);
/* Take it off every table now (RST, a new SYN reusing the tuple). */
void inet_twsk_deschedule_put(struct inet_timewait_sock *tw);
void inet_twsk_put(struct inet_timewait_sock *tw);
void inet_twsk_init(void);
/* Count for /proc and tests. */
int inet_twsk_count(void);

#endif
