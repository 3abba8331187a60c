// SPDX-License-Identifier: MIT
/*
 * TCP output: building and sending segments, the receive window we offer,
 * Nagle, retransmission and probes. Everything here runs with the socket
 * owned (lock_sock, or bh_lock_sock in softirq); see include/net/tcp.h.
 *
 * A segment leaves as a clone of its write-queue skb, so the queue keeps
 * the original for retransmission and the receiver (on loopback) reads the
 * very bytes the sender copied in. A retransmission while an earlier clone
 * is still alive (e.g. unread in the peer's receive queue) sends a private
 * copy instead, since the header would be written into shared headroom.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <net/tcp.h>

/* A fresh skb with room for the headers in front of size data bytes. */
struct sk_buff *tcp_alloc_skb(unsigned int size, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(MAX_TCP_HEADER + size, gfp);

	if (skb)
		skb_reserve(skb, MAX_TCP_HEADER);
	return skb;
}

/* MSS for a path MTU: IP and TCP headers, the peer's MSS or TCP_MAXSEG,
 * and our timestamp option off (Linux's tcp_sync_mss). */
unsigned int tcp_sync_mss(struct sock *sk, unsigned int pmtu)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int mss = pmtu - inet_csk(sk)->icsk_af_ops->net_header_len - sizeof(struct tcphdr);

	if (tp->mss_clamp && mss > tp->mss_clamp)
		mss = tp->mss_clamp;
	if (tp->tstamp_ok)
		mss -= TCPOLEN_TSTAMP_ALIGNED;
	if (mss < TCP_MIN_MSS - 40)
		mss = TCP_MIN_MSS - 40;
	tp->mss_cache = mss;
	inet_csk(sk)->icsk_pmtu_cookie = pmtu;
	return mss;
}

/*
 * Segments skb makes at mss (Linux's tcp_set_skb_tso_segs): one for up to
 * mss bytes (and for a bare SYN or FIN), else len / mss rounded up, sent
 * as one GSO skb whose gso_size is mss.
 */
void tcp_set_skb_tso_segs(struct sk_buff *skb, unsigned int mss)
{
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

	if (skb->len <= mss) {
		tcb->tcp_gso_segs = 1;
		tcb->tcp_gso_size = 0;
	} else {
		tcb->tcp_gso_segs = DIV_ROUND_UP(skb->len, mss);
		tcb->tcp_gso_size = mss;
	}
}

/* Does the route's device take GSO skbs (Linux's sk_can_gso)? With TSO
 * it cuts them itself; with NETIF_F_GSO alone dev_queue_xmit does. */
static bool tcp_can_gso(const struct sock *sk)
{
	const struct dst_entry *dst = READ_ONCE(sk->sk_dst_cache);

	return dst && dst->dev && (READ_ONCE(dst->dev->features) & (NETIF_F_TSO | NETIF_F_GSO));
}

/*
 * Payload bytes per write-queue skb (Linux's tcp_xmit_size_goal): one MSS,
 * or with a TSO/GSO device as many whole MSS as one linear skb and the
 * device's gso_max_size allow, so per-packet work stays as on loopback
 * whatever the MTU.
 */
unsigned int tcp_xmit_size_goal(struct sock *sk, unsigned int mss)
{
	const struct dst_entry *dst = READ_ONCE(sk->sk_dst_cache);
	unsigned int goal;

	if (!tcp_can_gso(sk))
		return mss;
	goal = min_t(unsigned int, dst->dev->gso_max_size, 65536) - MAX_TCP_HEADER;
	goal = min_t(unsigned int, goal, TCP_MAX_SKB_PAYLOAD);
	if (goal <= mss)
		return mss;
	return goal - goal % mss;
}

/* The MSS now: resynced when the path MTU moved (an ICMP lowered it, or
 * its exception expired, route_pmtu.c of either family). */
unsigned int tcp_current_mss(struct sock *sk)
{
	struct dst_entry *dst = sk->sk_dst_cache;
	unsigned int mss = tcp_sk(sk)->mss_cache, mtu;

	if (!dst)
		return mss;
	mtu = inet_csk(sk)->icsk_af_ops->dst_pmtu(sk, dst);
	if (mtu != inet_csk(sk)->icsk_pmtu_cookie)
		mss = tcp_sync_mss(sk, mtu);
	return mss;
}

/* Before the SYN or SYN-ACK: our window scale and the first window. */
void tcp_select_initial_window(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int space = tcp_space(sk);

	tp->rcv_wscale = tp->wscale_ok ? tcp_select_wscale(max(TCP_RMEM_MAX, sk->sk_rcvbuf)) : 0;
	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		tp->rcv_wscale = tp->wscale_ok ? tcp_select_wscale(space) : 0;
	tp->window_clamp = tp->wscale_ok ? (65535U << tp->rcv_wscale) : 65535U;
	if (tp->window_clamp > TCP_MAX_WINDOW_CLAMP)
		tp->window_clamp = TCP_MAX_WINDOW_CLAMP;
	tp->rcv_wnd = min_t(u32, space, 65535U);
	tp->rcv_ssthresh = tp->window_clamp;
}

/*
 * The window our free receive space allows (Linux's __tcp_select_window):
 * zero rather than a sliver (receiver-side silly window avoidance), and
 * rounded so the scaled field does not shrink it.
 */
u32 __tcp_select_window(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int mss = icsk->icsk_ack.rcv_mss ? icsk->icsk_ack.rcv_mss : tp->advmss;
	int free_space = tcp_space(sk);
	int full_space = min_t(int, tp->window_clamp, tcp_win_from_space(sk->sk_rcvbuf));
	int window;

	if (mss > full_space) {
		mss = full_space;
		if (mss <= 0)
			return 0;
	}
	if (free_space < full_space / 2) {
		icsk->icsk_ack.quick = 0;
		if (free_space < mss)
			return 0;
	}
	if (free_space > (int)tp->window_clamp)
		free_space = tp->window_clamp;
	if (tp->rcv_wscale) {
		window = free_space;
		window = ((window + (1 << tp->rcv_wscale) - 1) >> tp->rcv_wscale) << tp->rcv_wscale;
		if (window > full_space + (1 << tp->rcv_wscale))
			window = full_space;
		return window;
	}
	window = tp->rcv_wnd;
	if (window <= free_space - mss || window > free_space)
		window = (free_space / mss) * mss;
	else if (mss == full_space && free_space > window + (full_space >> 1))
		window = free_space;
	return window;
}

/* The window field for an outgoing segment; never shrinks the window
 * already offered. Records rcv_wnd/rcv_wup. */
u32 tcp_select_window(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 old_win = tcp_receive_window(tp);
	u32 new_win = __tcp_select_window(sk);
	u32 max_field = 65535U << tp->rcv_wscale;

	if (new_win < old_win)
		new_win = ((old_win + (1 << tp->rcv_wscale) - 1) >> tp->rcv_wscale) << tp->rcv_wscale;
	if (new_win > max_field)
		new_win = max_field;
	tp->rcv_wnd = new_win;
	tp->rcv_wup = tp->rcv_nxt;
	return new_win >> tp->rcv_wscale;
}

/* An ACK went out: nothing owed any more. */
static void tcp_event_ack_sent(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (icsk->icsk_ack.quick)
		icsk->icsk_ack.quick--;
	icsk->icsk_ack.pending = 0;     /* a pending delack timer finds nothing */
	tcp_sk(sk)->last_ack_sent = tcp_time_stamp_ms();
}

/* The options of one segment. SACK blocks go on segments without data
 * only (tcp_sack.c), so a full data segment never outgrows the MSS. */
static void tcp_options_for(struct sock *sk, const struct sk_buff *skb, struct tcp_out_opts *o)
{
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct tcp_sock *tp = tcp_sk(sk);

	o->mss = 0;
	o->ws = 0;
	o->sack_perm = 0;
	o->wscale = 0;
	o->num_sacks = 0;
	o->fo = 0;
	o->ts = tp->tstamp_ok;
	o->tsval = tcp_time_stamp_ms() + tp->tsoffset;
	o->tsecr = tp->ts_recent;
	if (tcb->tcp_flags & TCPHDR_SYN) {
		o->mss = tp->advmss;
		o->ws = tp->wscale_ok;
		o->wscale = tp->rcv_wscale;
		o->sack_perm = tp->sack_ok;
		if (!(tcb->tcp_flags & TCPHDR_ACK))
			tcp_fastopen_syn_options(sk, o);
	} else if (!skb->len && (tcb->tcp_flags & TCPHDR_ACK) && !(tcb->tcp_flags & TCPHDR_RST)) {
		o->num_sacks = tcp_sack_options(sk, o->sacks, o->ts ? TCP_NUM_SACKS - 1 : TCP_NUM_SACKS);
	}
}

/*
 * Send one segment: skb carries its data and TCP_SKB_CB (seq, flags); the
 * header and options are pushed here. With clone, skb stays on the write
 * queue and a clone (or a copy, see above) goes out.
 */
int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct tcp_out_opts opts;
	struct tcphdr *th;
	int hlen, olen, err;
	u64 now = tcp_clock_us();

	tcb->tx_us = now;
	if (clone) {
		skb = skb_cloned(skb) ? skb_copy(skb, GFP_ATOMIC) : skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return -ENOBUFS;
	}
	tcp_options_for(sk, skb, &opts);
	olen = tcp_opts_size(&opts);
	hlen = sizeof(struct tcphdr) + olen;
	th = __skb_push(skb, hlen);
	skb_reset_transport_header(skb);
	th->source = inet_sk(sk)->inet_sport;
	th->dest = sk->sk_dport;
	th->seq = htonl(tcb->seq);
	th->ack_seq = htonl(tp->rcv_nxt);
	th->urg_ptr = 0;
	((u16 *)th)[6] = htons(((hlen >> 2) << 12) | tcb->tcp_flags |
			       tcp_urg_header(tp, tcb->seq, &th->urg_ptr));
	if (tcb->tcp_flags & TCPHDR_SYN)
		th->window = htons(min_t(u32, tp->rcv_wnd, 65535U));
	else
		th->window = htons(tcp_select_window(sk));
	th->check = 0;
	tcp_write_opts((u8 *)(th + 1), &opts);
	if (tcb->tcp_flags & TCPHDR_ACK)
		tcp_event_ack_sent(sk);
	if (skb->len != (unsigned int)hlen) {
		tp->lsndtime = (u32)(now / 1000);
		tp->data_segs_out += max_t(u32, tcb->tcp_gso_segs, 1);
		tp->bytes_sent += skb->len - hlen;
	}
	tp->segs_out += max_t(u32, tcb->tcp_gso_segs, 1);
	TCP_ADD_STATS(TCP_MIB_OUTSEGS, max_t(u32, tcb->tcp_gso_segs, 1));
	inet_csk(sk)->icsk_af_ops->send_check(sk, skb);
	/* the clone or copy shares nothing with a packet still in flight */
	skb_shinfo(skb)->gso_size = tcb->tcp_gso_segs > 1 ? tcb->tcp_gso_size : 0;
	skb_shinfo(skb)->gso_segs = tcb->tcp_gso_segs > 1 ? tcb->tcp_gso_segs : 0;
	skb_shinfo(skb)->gso_type = tcb->tcp_gso_segs > 1 ? SKB_GSO_TCPV4 : 0;
	skb->sk = NULL;
	skb->destructor = NULL;
	err = inet_csk(sk)->icsk_af_ops->queue_xmit(sk, skb);
	return err > 0 ? 0 : err;
}

/* Queue a new skb at the tail of the write queue (tcp_sendmsg, FIN). */
void tcp_queue_skb(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	sock_owned_by_me(sk);

	TCP_SKB_CB(skb)->tcp_gso_segs = 1;
	TCP_SKB_CB(skb)->tcp_gso_size = 0;
	__skb_queue_tail(&sk->sk_write_queue, skb);
	sk->sk_wmem_queued += skb->truesize;
	if (!tp->send_head)
		tp->send_head = skb;
}

/*
 * An already sent skb now counts as a different number of segments
 * (split or trimmed): the in-flight counters follow (Linux's
 * tcp_adjust_pcount). decr may be negative.
 */
static void tcp_adjust_pcount(struct sock *sk, const struct sk_buff *skb, int decr)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u8 sacked = TCP_SKB_CB(skb)->sacked;

	tp->packets_out -= decr;
	if (sacked & TCPCB_LOST)
		tp->lost_out -= decr;
	if (sacked & TCPCB_SACKED_RETRANS)
		tp->retrans_out -= decr;
	if (sacked & TCPCB_SACKED_ACKED)
		tp->sacked_out -= decr;
}

/* Link n into the write queue after skb. */
static void tcp_insert_write_queue_after(struct sock *sk, struct sk_buff *skb, struct sk_buff *n)
{
	n->next = skb->next;
	n->prev = skb;
	skb->next->prev = n;
	skb->next = n;
	sk->sk_write_queue.qlen++;
	sk->sk_wmem_queued += n->truesize;
}

/*
 * Split skb (not yet sent, or being retransmitted) so that it carries len
 * bytes; the rest moves to a new skb after it, and both are counted again
 * in segments of mss. Copies the tail bytes: a rare path (small peer
 * windows, the congestion window cutting a TSO skb, retransmitting one
 * MSS of it).
 */
int tcp_fragment(struct sock *sk, struct sk_buff *skb, u32 len, unsigned int mss)
{
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb), *ncb;
	int old_factor = tcp_skb_pcount(skb);
	u32 nlen = skb->len - len;
	struct sk_buff *n;

	if (len >= skb->len || skb_is_nonlinear(skb))
		return 0;
	n = tcp_alloc_skb(nlen, GFP_ATOMIC);
	if (!n)
		return -ENOMEM;
	skb_put(n, nlen);
	if (skb_copy_bits(skb, len, n->data, nlen)) {
		kfree_skb(n);
		return -EFAULT;
	}
	ncb = TCP_SKB_CB(n);
	*ncb = *tcb;
	ncb->seq = tcb->seq + len;
	ncb->tcp_flags = tcb->tcp_flags & ~TCPHDR_SYN;
	tcb->tcp_flags &= ~(TCPHDR_FIN | TCPHDR_PSH);
	tcb->end_seq = ncb->seq;
	skb->len = len;
	skb->tail = skb->data + len;
	tcp_set_skb_tso_segs(skb, mss);
	tcp_set_skb_tso_segs(n, mss);
	tcp_insert_write_queue_after(sk, skb, n);
	/* already sent (a retransmission, or the MSS shrank) */
	if (before(tcb->seq, tcp_sk(sk)->snd_nxt))
		tcp_adjust_pcount(sk, skb, old_factor - tcp_skb_pcount(skb) - tcp_skb_pcount(n));
	return 0;
}

/* Nagle (RFC 896) with Minshall's variant, as Linux's tcp_nagle_test. */
static bool tcp_nagle_test(const struct tcp_sock *tp, const struct sk_buff *skb,
			   unsigned int mss, int nonagle)
{
	if (nonagle & TCP_NAGLE_PUSH)
		return true;
	if ((TCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN) || skb->len >= mss)
		return true;
	if (nonagle & TCP_NAGLE_CORK)
		return false;
	if (nonagle & TCP_NAGLE_OFF)
		return true;
	return !(tp->packets_out && after(tp->snd_sml, tp->snd_una) && !after(tp->snd_sml, tp->snd_nxt));
}

void tcp_event_new_data_sent(struct sock *sk, struct sk_buff *skb, unsigned int mss)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 prior = tp->packets_out;

	tcp_advance_send_head(sk, skb);
	tp->snd_nxt = TCP_SKB_CB(skb)->end_seq;
	tp->packets_out += tcp_skb_pcount(skb);
	/* Minshall: a short last segment, of a TSO skb too (tcp_minshall_update) */
	if (skb->len < tcp_skb_pcount(skb) * mss)
		tp->snd_sml = TCP_SKB_CB(skb)->end_seq;
	if (!prior || inet_csk(sk)->icsk_pending != ICSK_TIME_RETRANS)
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tcp_rto_now(sk));
}

/*
 * Send what the congestion window, the peer's window and Nagle allow.
 * Returns true when data is waiting but nothing is in flight (the caller
 * arms the zero-window probe).
 */
bool tcp_write_xmit(struct sock *sk, int nonagle)
{
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int mss = tcp_send_mss(sk);
	u32 prior_nxt = tp->snd_nxt;
	struct sk_buff *skb;

	sock_owned_by_me(sk);

	tp->is_cwnd_limited = 0;
	while ((skb = tp->send_head)) {
		struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
		u32 wnd_end = tp->snd_una + tp->snd_wnd;
		u32 in_flight = tcp_packets_in_flight(tp), quota, goal;
		int nl;

		if (in_flight >= tp->snd_cwnd) {
			tp->is_cwnd_limited = 1;
			break;
		}
		quota = tp->snd_cwnd - in_flight;
		tcp_set_skb_tso_segs(skb, mss);
		/* a TSO skb takes what the congestion window has room for
		 * (Linux's tcp_mss_split_point); without TSO skbs are one MSS */
		if (skb->len > mss * quota && tcp_fragment(sk, skb, mss * quota, mss))
			break;
		goal = tcp_xmit_size_goal(sk, mss);
		if (skb->len > goal && tcp_fragment(sk, skb, goal, mss))
			break;      /* queued before the MSS or the route changed */
		if (after(tcb->end_seq - !!(tcb->tcp_flags & TCPHDR_FIN), wnd_end)) {
			u32 room = after(wnd_end, tcb->seq) ? wnd_end - tcb->seq : 0;

			/* sender-side SWS avoidance: only a sizeable piece */
			if (!room || (room < mss && room < tp->max_window / 2 && tp->packets_out))
				break;
			if (room > mss)
				room -= room % mss;     /* whole segments, as Linux */
			if (tcp_fragment(sk, skb, room, mss))
				break;
		}
		nl = skb_queue_next_or_null(&sk->sk_write_queue, skb) ? TCP_NAGLE_PUSH : nonagle;
		if (!tcp_nagle_test(tp, skb, mss, nl))
			break;
		if (tcp_transmit_skb(sk, skb, true))
			break;
		tcp_event_new_data_sent(sk, skb, mss);
	}
	if (tp->snd_nxt != prior_nxt)
		tcp_schedule_loss_probe(sk);
	return !tp->packets_out && tp->send_head;
}

void tcp_check_probe_timer(struct sock *sk)
{
	if (!tcp_sk(sk)->packets_out && !inet_csk(sk)->icsk_pending)
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_PROBE0, tcp_rto_now(sk));
}

void __tcp_push_pending_frames(struct sock *sk, int nonagle)
{
	sock_owned_by_me(sk);
	if (sk->sk_state == TCP_CLOSE || !tcp_send_head(sk))
		return;
	if (tcp_write_xmit(sk, nonagle))
		tcp_check_probe_timer(sk);
}

void tcp_push(struct sock *sk, int flags, int nonagle)
{
	if (!tcp_send_head(sk))
		return;
	if (flags & MSG_MORE)
		nonagle |= TCP_NAGLE_CORK;
	else    /* RFC 1122 4.2.2.2: PSH on the last segment of a send (Linux's tcp_mark_push) */
		TCP_SKB_CB(tcp_write_queue_tail(sk))->tcp_flags |= TCPHDR_PSH;
	__tcp_push_pending_frames(sk, nonagle);
}

/* A bare segment (ACK, RST, probe) with sequence number seq. */
static void tcp_send_bare(struct sock *sk, u32 seq, u8 flags)
{
	struct sk_buff *skb = tcp_alloc_skb(0, GFP_ATOMIC);

	if (!skb) {
		if (!(flags & TCPHDR_RST))
			tcp_send_delayed_ack(sk);
		return;
	}
	TCP_SKB_CB(skb)->seq = TCP_SKB_CB(skb)->end_seq = seq;
	TCP_SKB_CB(skb)->tcp_flags = flags;
	TCP_SKB_CB(skb)->sacked = 0;
	tcp_transmit_skb(sk, skb, false);
}

void tcp_send_ack(struct sock *sk)
{
	sock_owned_by_me(sk);
	if (sk->sk_state == TCP_CLOSE)
		return;
	tcp_send_bare(sk, tcp_sk(sk)->snd_nxt, TCPHDR_ACK);
}

/* Owe an ACK: send it within ato (never later than one already due). */
void tcp_send_delayed_ack(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct timer_list *t = &icsk->icsk_delack_timer;
	u32 ato = icsk->icsk_ack.ato ? icsk->icsk_ack.ato : TCP_DELACK_MIN_US;
	ktime_t now = ktime_get(), timeout = now + (ktime_t)ato * NSEC_PER_USEC;

	if (icsk->icsk_ack.pending & ICSK_ACK_TIMER) {
		if (icsk->icsk_ack.timeout <= now + (ktime_t)(ato >> 2) * NSEC_PER_USEC) {
			tcp_send_ack(sk);
			return;
		}
		if (timeout > icsk->icsk_ack.timeout)
			timeout = icsk->icsk_ack.timeout;
	}
	icsk->icsk_ack.pending |= ICSK_ACK_SCHED | ICSK_ACK_TIMER;
	icsk->icsk_ack.timeout = timeout;
	if (timer_pending(t) && READ_ONCE(t->expires) <= timeout)
		return;
	sk_reset_timer(sk, t, timeout);
}

void tcp_send_fin(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tcp_write_queue_tail(sk);

	sock_owned_by_me(sk);

	if (skb && tp->send_head && !after(TCP_SKB_CB(tp->send_head)->seq, TCP_SKB_CB(skb)->seq)) {
		/* unsent tail: the FIN rides on it */
		TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_FIN;
		TCP_SKB_CB(skb)->end_seq++;
	} else {
		skb = tcp_alloc_skb(0, GFP_ATOMIC);
		if (!skb)
			return;         /* TODO: retry; Linux allocates with __GFP_NOFAIL */
		TCP_SKB_CB(skb)->seq = tp->write_seq;
		TCP_SKB_CB(skb)->end_seq = tp->write_seq + 1;
		TCP_SKB_CB(skb)->tcp_flags = TCPHDR_FIN | TCPHDR_ACK;
		TCP_SKB_CB(skb)->sacked = 0;
		tcp_queue_skb(sk, skb);
	}
	tp->write_seq++;
	tp->fin_sent = 1;
	__tcp_push_pending_frames(sk, TCP_NAGLE_OFF);
}

/* Abort: RST with the sequence number the peer expects. */
void tcp_send_active_reset(struct sock *sk)
{
	TCP_INC_STATS(TCP_MIB_OUTRSTS);
	tcp_send_bare(sk, tcp_sk(sk)->snd_nxt, TCPHDR_RST | TCPHDR_ACK);
}

/* Put the SYN (or SYN-ACK) on the write queue and send it. */
static int tcp_send_syn(struct sock *sk, u8 flags)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tcp_alloc_skb(0, GFP_ATOMIC);

	if (!skb)
		return -ENOBUFS;
	TCP_SKB_CB(skb)->seq = tp->write_seq;
	TCP_SKB_CB(skb)->end_seq = tp->write_seq + 1;
	TCP_SKB_CB(skb)->tcp_flags = flags;
	TCP_SKB_CB(skb)->sacked = 0;
	tp->write_seq++;
	tcp_queue_skb(sk, skb);
	if (flags == TCPHDR_SYN && tp->fastopen_req)
		return tcp_send_syn_data(sk, skb);
	tcp_transmit_skb(sk, skb, true);
	tcp_event_new_data_sent(sk, skb, tp->mss_cache);
	return 0;
}

int tcp_send_synack(struct sock *sk)
{
	sock_owned_by_me(sk);
	return tcp_send_syn(sk, TCPHDR_SYN | TCPHDR_ACK);
}

/* Active open: sequence state, MSS and window, then the SYN. */
int tcp_connect(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned int mtu = sk->sk_dst_cache ? dst_mtu(sk->sk_dst_cache) : 576;

	sock_owned_by_me(sk);

	tp->tstamp_ok = 1;
	tp->wscale_ok = 1;
	tp->sack_ok = !!READ_ONCE(sysctl_tcp_sack);
	tp->advmss = min_t(unsigned int, mtu - inet_csk(sk)->icsk_af_ops->net_header_len -
			   sizeof(struct tcphdr), 65535);
	if (tp->user_mss && tp->user_mss < tp->advmss)
		tp->advmss = tp->user_mss;
	tp->mss_clamp = tp->user_mss ? tp->user_mss : 0;
	tcp_sync_mss(sk, mtu);
	tcp_select_initial_window(sk);
	tp->snd_una = tp->snd_nxt = tp->snd_sml = tp->write_seq;
	tp->pushed_seq = tp->write_seq;
	tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = 0;
	tp->snd_wnd = 0;
	tp->ts_recent = 0;
	inet_csk(sk)->icsk_retransmits = 0;
	inet_csk(sk)->icsk_backoff = 0;
	TCP_INC_STATS(TCP_MIB_ACTIVEOPENS);
	return tcp_send_syn(sk, TCPHDR_SYN);
}

/* Drop the first len bytes of a partly acknowledged skb, which now
 * counts fewer segments. */
void tcp_trim_head(struct sock *sk, struct sk_buff *skb, u32 len)
{
	int old_factor = tcp_skb_pcount(skb);

	__skb_pull(skb, len);
	TCP_SKB_CB(skb)->seq += len;
	if (TCP_SKB_CB(skb)->tcp_gso_size)
		tcp_set_skb_tso_segs(skb, TCP_SKB_CB(skb)->tcp_gso_size);
	if (old_factor != (int)tcp_skb_pcount(skb))
		tcp_adjust_pcount(sk, skb, old_factor - tcp_skb_pcount(skb));
}

int tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	unsigned int mss = tcp_send_mss(sk);
	int err, old_factor;

	sock_owned_by_me(sk);

	if (before(tcb->seq, tp->snd_una)) {
		if (!before(tp->snd_una, tcb->end_seq))
			return 0;
		if (tcb->tcp_flags & TCPHDR_SYN)
			tcb->tcp_flags &= ~TCPHDR_SYN;
		else
			tcp_trim_head(sk, skb, tp->snd_una - tcb->seq);
		tcb->seq = tp->snd_una;
	}
	if (!before(tcb->seq, tp->snd_una + tp->snd_wnd) && tcb->seq != tp->snd_una)
		return -EAGAIN;
	/* one MSS at a time (a lost part of a TSO skb goes alone) */
	if (skb->len > mss && tcp_fragment(sk, skb, mss, mss))
		return -ENOMEM;
	old_factor = tcp_skb_pcount(skb);
	tcp_set_skb_tso_segs(skb, mss);         /* the MSS may have grown since */
	if (old_factor != (int)tcp_skb_pcount(skb))
		tcp_adjust_pcount(sk, skb, old_factor - tcp_skb_pcount(skb));
	err = tcp_transmit_skb(sk, skb, true);
	if (err)
		return err;
	if (!(tcb->sacked & TCPCB_SACKED_RETRANS))
		tp->retrans_out += tcp_skb_pcount(skb);
	tcb->sacked |= TCPCB_RETRANS | TCPCB_SACKED_RETRANS;
	tp->total_retrans++;
	if (tp->undo_retrans < 0)
		tp->undo_retrans = 0;
	tp->undo_retrans += tcp_skb_pcount(skb);     /* each one must be D-SACKed to undo */
	TCP_INC_STATS(TCP_MIB_RETRANSSEGS);
	if (!tp->retrans_stamp)
		tp->retrans_stamp = tcp_time_stamp_ms() ? : 1;
	return 0;
}

/* Retransmit segments marked lost, as the congestion window allows. */
void tcp_xmit_retransmit_queue(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	sock_owned_by_me(sk);

	if (!tp->lost_out)
		return;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		u8 s = TCP_SKB_CB(skb)->sacked;

		if (skb == tp->send_head)
			break;
		if (!(s & TCPCB_LOST) || (s & TCPCB_SACKED_RETRANS))
			continue;
		if (tcp_packets_in_flight(tp) >= tp->snd_cwnd)
			break;
		if (tcp_retransmit_skb(sk, skb))
			break;
		if (skb == tcp_write_queue_head(sk))
			inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tcp_rto_now(sk));
	}
}

/*
 * Zero-window probe or window-opening send (Linux's tcp_write_wakeup): a
 * piece of new data if the window has room for it, else an ACK with an
 * old sequence number that makes the peer answer with its window.
 */
int tcp_write_wakeup(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tp->send_head;
	u32 wnd_end = tp->snd_una + tp->snd_wnd;

	if (sk->sk_state == TCP_CLOSE)
		return -1;
	if (skb && before(TCP_SKB_CB(skb)->seq, wnd_end)) {
		u32 room = min_t(u32, wnd_end - TCP_SKB_CB(skb)->seq, tcp_send_mss(sk));
		int err;

		if (skb->len > room && tcp_fragment(sk, skb, room, tcp_send_mss(sk)))
			return -1;
		tcp_set_skb_tso_segs(skb, tcp_send_mss(sk));
		err = tcp_transmit_skb(sk, skb, true);
		if (!err)
			tcp_event_new_data_sent(sk, skb, tcp_send_mss(sk));
		return err;
	}
	tcp_send_bare(sk, tp->snd_una - 1, TCPHDR_ACK);
	NET_INC_STATS(LINUX_MIB_TCPWINPROBE);
	return 1;
}

void tcp_send_probe0(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_write_wakeup(sk);
	if (tp->packets_out || !tp->send_head) {
		icsk->icsk_probes_out = 0;
		icsk->icsk_backoff = 0;
		return;
	}
	icsk->icsk_probes_out++;
	if (icsk->icsk_backoff < 16)
		icsk->icsk_backoff++;
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_PROBE0, tcp_rto_now(sk));
}
