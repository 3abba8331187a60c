// SPDX-License-Identifier: MIT
/*
 * Connections at their two ends: the child socket a SYN creates, and the
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

/*
 * A child socket for a SYN to listener sk: a clone of the listener (its
 * options and buffer sizes carry over, as in Linux) with fresh connection
 * state, in SYN_RECV, locked (bh_lock_sock). Not yet hashed.
 */
struct sock *tcp_create_openreq_child(struct sock *sk, struct sk_buff *skb)
{
	const struct tcp_sock *ltp = tcp_sk(sk);
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct inet_connection_sock *icsk;
	struct tcp_sock *tp;
	struct rtable *rt;
	struct sock *child;
	unsigned int mtu;

	rt = ip_route_output(iph->saddr, iph->daddr, 0);
	if (IS_ERR(rt))
		return NULL;
	child = sk_clone_lock(sk, GFP_ATOMIC);
	if (!child)
		return NULL;
	icsk = inet_csk(child);
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
	child->sk_daddr = iph->saddr;
	child->sk_rcv_saddr = iph->daddr;
	inet_sk(child)->inet_saddr = iph->daddr;
	child->sk_dport = th->source;
	child->sk_num = ntohs(th->dest);
	inet_sk(child)->inet_sport = th->dest;
	inet_sk(child)->inet_id = get_random_u32();
	if (child->sk_family == AF_INET6) {
		ipv6_addr_set_v4mapped(iph->saddr, &child->sk_v6_daddr);
		ipv6_addr_set_v4mapped(iph->daddr, &child->sk_v6_rcv_saddr);
	}
	child->sk_dst_cache = &rt->dst;
	INIT_HLIST_NODE(&child->sk_bind_node);

	tp->tsoffset = secure_tcp_ts_off(iph->daddr, iph->saddr);
	tp->write_seq = secure_tcp_seq(iph->daddr, iph->saddr, th->dest, th->source);
	tp->snd_una = tp->snd_nxt = tp->snd_sml = tp->pushed_seq = tp->write_seq;
	tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = tcb->seq + 1;
	tp->tstamp_ok = 1;
	tp->wscale_ok = 1;
	tp->sack_ok = !!READ_ONCE(sysctl_tcp_sack);
	tcp_apply_syn_options(child, &tcb->opts);
	tp->snd_wnd = ntohs(th->window);
	tp->max_window = tp->snd_wnd;
	tp->snd_wl1 = tcb->seq;
	mtu = dst_mtu(&rt->dst);
	tp->advmss = min_t(unsigned int, mtu - 40, 65535);
	if (tp->user_mss && tp->user_mss < tp->advmss)
		tp->advmss = tp->user_mss;
	tcp_sync_mss(child, mtu);
	tcp_select_initial_window(child);
	if (!tp->wscale_ok) {
		tp->rcv_wscale = 0;
		tp->window_clamp = min_t(u32, tp->window_clamp, 65535U);
	}
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = 0x7fffffff;
	tp->reordering = 3;
	tcp_init_congestion_control(child);
	return child;
}
