// SPDX-License-Identifier: MIT
/*
 * Connections at their two ends: the request sock a SYN leaves and the
 * child its valid ACK creates (tcp_check_req, tcp_create_openreq_child;
 * include/net/request_sock.h has their rules), and the
 * TIME_WAIT minisock a closed connection leaves (RFC 793 TIME-WAIT: 60 s
 * here, as Linux). The minisock's fields are read and written without a
 * lock by whichever CPU gets a segment for it: late segments are rare, the
 * values only steer the ACKs we answer with, and the death row (its own
 * lock) decides its lifetime.
 */
#include <shoal/kernel.h>
#include <shoal/random.h>
#include <net/tcp.h>
#include <net/secure_seq.h>

/* What to do with a segment for a TIME_WAIT minisock. */
enum tcp_tw_status tcp_timewait_state_process(struct inet_timewait_sock *tw, struct sk_buff *skb)
{
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	u8 f = tcb->tcp_flags;

	/* An RST at rcv_nxt ends TIME_WAIT early (RFC 793, and Linux with
	 * tcp_rfc1337 = 0): TCP_TW_RST kills tw, and an RST is never
	 * answered. Any other RST is ignored. */
	if (f & TCPHDR_RST)
		return tcb->seq == tw->tw_rcv_nxt ? TCP_TW_RST : TCP_TW_SUCCESS;
	if ((f & TCPHDR_SYN) && !(f & TCPHDR_ACK) && after(tcb->seq, tw->tw_rcv_nxt) &&
	    (!tcb->opts.saw_tstamp || !tw->tw_tstamp_ok || (s32)(tcb->opts.rcv_tsval - tw->tw_ts_recent) > 0))
		return TCP_TW_SYN;      /* RFC 1122 4.2.2.13: a new connection may reuse it */
	/* An ACK-less SYN it cannot take: an old duplicate, or a new
	 * connection whose ISN is not above rcv_nxt. Answer with an ACK, as
	 * Linux does: a live peer in SYN_SENT resets with seq = rcv_nxt,
	 * which ends TIME_WAIT, and its retransmitted SYN reaches the
	 * listener (dropping it silently stalls that connect for all of
	 * TIME_WAIT). */
	if (!(f & TCPHDR_ACK))
		return (f & TCPHDR_SYN) ? TCP_TW_ACK : TCP_TW_SUCCESS;
	if (f & TCPHDR_FIN) {
		/* the peer did not get our ACK of its FIN: ACK again, wait anew */
		inet_twsk_schedule(tw);
		return TCP_TW_ACK;
	}
	if (tcb->end_seq != tcb->seq)
		return TCP_TW_ACK;
	return TCP_TW_SUCCESS;
}

/* Our side is done and only TIME_WAIT is left: hand over to a minisock. */
void tcp_time_wait(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct inet_timewait_sock *tw = inet_twsk_create(sk);

	if (tw) {
		tw->tw_rcv_nxt = tp->rcv_nxt;
		tw->tw_snd_nxt = tp->snd_nxt;
		tw->tw_rcv_wnd = tcp_receive_window(tp) >> tp->rcv_wscale;
		tw->tw_ts_recent = tp->ts_recent;
		tw->tw_ts_offset = tp->tsoffset;
		tw->tw_tstamp_ok = tp->tstamp_ok;
		tw->tw_rcv_wscale = tp->rcv_wscale;
		inet_twsk_hashdance(tw, sk);
		inet_twsk_schedule(tw);
		NET_INC_STATS(LINUX_MIB_TW);
	}
	tcp_done(sk);
}

/* ------------------------------------------------ request socks */

/*
 * A segment for a request sock (Linux's tcp_check_req, RFC 793's
 * SYN-RECEIVED checks): the peer's SYN again means our SYN-ACK was lost;
 * an ACK of anything but our SYN is reset; outside the window nothing
 * happens; an RST or a new SYN inside it ends the request; the valid ACK
 * makes the child.
 */
struct sock *tcp_check_req(struct sock *lsk, struct sk_buff *skb, struct request_sock *req)
{
	struct tcp_request_sock *treq = tcp_rsk(req);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	u8 f = tcb->tcp_flags;

	if ((f & (TCPHDR_SYN | TCPHDR_RST | TCPHDR_ACK)) == TCPHDR_SYN && tcb->seq == treq->rcv_isn) {
		if (!tcp_req_af_ops(req)->send_synack(req))
			req->num_retrans++;
		return NULL;
	}
	if ((f & TCPHDR_ACK) && tcb->ack_seq != treq->snt_isn + 1)
		return ERR_PTR(-ECONNRESET);
	if (before(tcb->end_seq, treq->rcv_isn + 1) ||
	    after(tcb->seq, treq->rcv_isn + 1 + req->rsk_rcv_wnd))
		return NULL;
	if (f & (TCPHDR_RST | TCPHDR_SYN)) {
		inet_csk_reqsk_queue_drop(req);
		return (f & TCPHDR_RST) ? NULL : ERR_PTR(-ECONNRESET);
	}
	if (!(f & TCPHDR_ACK))
		return NULL;
	if (tcb->opts.saw_tstamp && !after(tcb->seq, treq->rcv_isn + 1))
		req->ts_recent = tcb->opts.rcv_tsval;
	return tcp_req_af_ops(req)->syn_recv_sock(lsk, skb, req);
}

/* The options the SYN agreed, as tcp_apply_syn_options takes them. */
static void tcp_req_opts(const struct request_sock *req, struct tcp_opts *o)
{
	const struct inet_request_sock *ireq = inet_rsk(req);

	memset(o, 0, sizeof(*o));
	o->mss = ireq->mss;
	o->saw_tstamp = ireq->tstamp_ok;
	o->wscale_ok = ireq->wscale_ok;
	o->snd_wscale = ireq->snd_wscale;
	o->sack_ok = ireq->sack_ok;
	o->rcv_tsval = req->ts_recent;
}

/*
 * The child socket for request req of listener sk: a clone of the
 * listener (its options and buffer sizes carry over, as in Linux) with
 * fresh connection state, in SYN_RECV with our SYN not yet acknowledged,
 * locked (bh_lock_sock). Not yet hashed.
 */
struct sock *tcp_create_openreq_child(struct sock *sk, const struct request_sock *req)
{
	const struct tcp_request_sock *treq = tcp_rsk(req);
	const struct inet_request_sock *ireq = inet_rsk(req);
	const struct inet_connection_sock_af_ops *af = tcp_req_af_ops(req);
	const struct tcp_sock *ltp = tcp_sk(sk);
	struct inet_connection_sock *icsk;
	struct dst_entry *dst;
	struct tcp_opts opts;
	struct tcp_sock *tp;
	struct sock *child;
	unsigned int mtu;

	dst = af->route_req(req);
	if (!dst)
		return NULL;
	child = sk_clone_lock(sk, GFP_ATOMIC);
	if (!child)
		return NULL;            /* routes are not counted (net/route.h) */
	icsk = inet_csk(child);
	icsk->icsk_af_ops = af;
	tp = tcp_sk(child);
	/* connection state starts from zero; user settings carry over */
	memset((char *)tp + sizeof(struct inet_connection_sock), 0,
	       sizeof(*tp) - sizeof(struct inet_connection_sock));
	tp->user_mss = ltp->user_mss;
	tp->nonagle = ltp->nonagle;
	tp->keepalive_time_s = ltp->keepalive_time_s;
	tp->keepalive_intvl_s = ltp->keepalive_intvl_s;
	tp->keepalive_probes = ltp->keepalive_probes;
	tp->linger2 = ltp->linger2;
	skb_queue_head_init(&tp->out_of_order_queue);
	tcp_init_xmit_timers(child);
	inet_csk_queue_init(child);
	icsk->icsk_accept_queue.fastopen_max_qlen = 0;  /* a listener's, not inherited */
	INIT_LIST_HEAD(&icsk->icsk_queue_node);
	icsk->icsk_listener = NULL;
	icsk->icsk_queued = 0;
	icsk->icsk_rto = TCP_TIMEOUT_INIT_US;
	icsk->icsk_retransmits = icsk->icsk_backoff = icsk->icsk_probes_out = 0;
	icsk->icsk_ca_state = TCP_CA_Open;
	memset(&icsk->icsk_ack, 0, sizeof(icsk->icsk_ack));
	memset(icsk->icsk_ca_priv, 0, sizeof(icsk->icsk_ca_priv));

	child->sk_state = TCP_SYN_RECV;
	child->sk_shutdown = 0;
	sock_reset_flag(child, SOCK_DONE);
	sock_reset_flag(child, SOCK_DESTROY);
	child->sk_daddr = req->ir_rmt_addr;
	child->sk_rcv_saddr = req->ir_loc_addr;
	inet_sk(child)->inet_saddr = req->ir_loc_addr;
	child->sk_dport = req->ir_rmt_port;
	child->sk_num = req->ir_num;
	inet_sk(child)->inet_sport = htons(req->ir_num);
	inet_sk(child)->inet_id = get_random_u32();
	if (sk_common_is_ipv6(&req->__req_common)) {
		child->sk_v6_daddr = req->__req_common.skc_v6_daddr;
		child->sk_v6_rcv_saddr = req->__req_common.skc_v6_rcv_saddr;
	} else if (child->sk_family == AF_INET6) {
		ipv6_addr_set_v4mapped(req->ir_rmt_addr, &child->sk_v6_daddr);
		ipv6_addr_set_v4mapped(req->ir_loc_addr, &child->sk_v6_rcv_saddr);
	}
	child->sk_dst_cache = dst;
	INIT_HLIST_NODE(&child->sk_bind_node);

	tp->tsoffset = treq->ts_off;
	/* our SYN counts: the handshake's ACK acknowledges it (tcp_ack) */
	tp->write_seq = treq->snt_isn + 1;
	tp->snd_una = treq->snt_isn;
	tp->snd_nxt = tp->snd_sml = tp->pushed_seq = tp->write_seq;
	tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = treq->rcv_isn + 1;
	tp->tstamp_ok = 1;
	tp->wscale_ok = 1;
	tp->sack_ok = 1;                /* if the request has it (tcp_v4_init_req) */
	tcp_req_opts(req, &opts);
	tcp_apply_syn_options(child, &opts);
	tp->snd_wl1 = treq->rcv_isn;
	mtu = dst_mtu(dst);
	tp->advmss = min_t(unsigned int, mtu - af->net_header_len - sizeof(struct tcphdr), 65535);
	if (tp->user_mss && tp->user_mss < tp->advmss)
		tp->advmss = tp->user_mss;
	tcp_sync_mss(child, mtu);
	tcp_select_initial_window(child);
	if (!tp->wscale_ok) {
		tp->rcv_wscale = 0;
		tp->window_clamp = min_t(u32, tp->window_clamp, 65535U);
	} else if (!req->syncookie && tp->rcv_wscale != ireq->rcv_wscale) {
		/* what the SYN-ACK told the peer binds us */
		tp->rcv_wscale = ireq->rcv_wscale;
		tp->window_clamp = min_t(u32, 65535U << tp->rcv_wscale, TCP_MAX_WINDOW_CLAMP);
	}
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = 0x7fffffff;
	tp->reordering = 3;
	tcp_init_congestion_control(child);
	return child;
}
