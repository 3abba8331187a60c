// SPDX-License-Identifier: MIT
/*
 * TCP input: the RFC 793 "segment arrives" state machine, ACK processing
 * (RTT samples with Karn's rule, Reno congestion control with NewReno
 * recovery, RFC 6582, for peers without SACK; with SACK the scoreboard is
 * tcp_sack.c's and recovery tcp_recovery.c's), in-order and out-of-order
 * data (noting D-SACKs), FIN handling,
 * delayed ACKs. Runs with the socket owned: bh_lock_sock in NET_RX
 * softirq, or from release_sock's backlog run (include/net/tcp.h).
 *
 * Every function that is handed an skb consumes it unless it says
 * otherwise; tcp_rcv_state_process returns nonzero when the caller must
 * answer with a reset (and then frees the skb itself).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <net/tcp.h>
#include <shoal/time.h>

#define ICSK_ACK_NOW            8       /* icsk_ack.pending: ACK at once */

/* --------------------------------------------------------------- RTT */

static void tcp_rtt_update(struct sock *sk, long rtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (rtt_us < 0)
		return;
	tcp_rtt_sample(&tp->rtt, rtt_us);
	tp->rttvar_us = tp->rtt.mdev4 >> 2;
	if (!tp->min_rtt_us || rtt_us < tp->min_rtt_us)
		tp->min_rtt_us = rtt_us ? rtt_us : 1;
	inet_csk(sk)->icsk_rto = tcp_rto_from_est(&tp->rtt);
}

/* Retransmit timer after an ACK: stopped when nothing is in flight, else
 * pushed to now + RTO (lazily, see inet_csk_reset_xmit_timer). */
void tcp_rearm_rto(struct sock *sk)
{
	if (!tcp_sk(sk)->packets_out)
		inet_csk_clear_xmit_timer(sk);
	else
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tcp_rto_now(sk));
}

/* ------------------------------------------------------ write space */

static int tcp_skb_truesize(unsigned int mss)
{
	return SKB_DATA_ALIGN(MAX_TCP_HEADER + mss) + 512 + sizeof(struct sk_buff);
}

/* Send buffer large enough for twice the congestion window (Linux's
 * tcp_sndbuf_expand), unless the user fixed it. */
static void tcp_sndbuf_expand(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 segs = max_t(u32, tp->snd_cwnd, TCP_INIT_CWND);
	long mem = 2L * segs * tcp_skb_truesize(min_t(u32, tp->mss_cache, TCP_MAX_SKB_PAYLOAD));

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	if (mem > TCP_WMEM_MAX)
		mem = TCP_WMEM_MAX;
	if (mem > sk->sk_sndbuf)
		WRITE_ONCE(sk->sk_sndbuf, mem);
}

/* After ACKs freed write queue space: wake a writer that ran out. */
void tcp_check_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;

	if (!sock || !test_bit(SOCK_NOSPACE, &sock->flags))
		return;
	if (tcp_sk(sk)->is_cwnd_limited)
		tcp_sndbuf_expand(sk);
	sk->sk_write_space(sk);
}

void tcp_init_buffer_space(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	long rmem = 4L * tcp_skb_truesize(min_t(u32, tp->advmss, TCP_MAX_SKB_PAYLOAD));

	tcp_sndbuf_expand(sk);
	if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK) && rmem > sk->sk_rcvbuf)
		WRITE_ONCE(sk->sk_rcvbuf, min_t(long, rmem, TCP_RMEM_MAX));
	tp->rcv_space = 10 * tp->advmss;
	tp->rcv_space_seq = tp->copied_seq;
	tp->rcv_space_us = tcp_clock_us();
}

/* Connection established (either side): congestion state and buffers. */
void tcp_init_transfer(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_cwnd_cnt = 0;
	tp->snd_ssthresh = 0x7fffffff;
	icsk->icsk_ca_state = TCP_CA_Open;
	tcp_init_congestion_control(sk);
	icsk->icsk_ack.rcv_mss = max_t(u32, min_t(u32, min_t(u32, tp->advmss, tp->mss_cache), TCP_MSS_DEFAULT),
				       TCP_MIN_MSS);
	tcp_init_buffer_space(sk);
	tp->lsndtime = tcp_time_stamp_ms();
	tp->rcv_tstamp = tp->lsndtime;
	if (sock_flag(sk, SOCK_KEEPOPEN))
		tcp_reset_keepalive_timer(sk, keepalive_time_ns(tp));
}

/* ---------------------------------------------------------- ACK path */

/*
 * The ACK covers the first segments of a TSO skb but not all of it
 * (Linux's tcp_tso_acked): trim them off; the skb counts fewer segments
 * and the difference is acknowledged.
 */
static int tcp_tso_acked(struct sock *sk, struct sk_buff *skb, u32 *acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 packets = tcp_skb_pcount(skb), len = tp->snd_una - TCP_SKB_CB(skb)->seq;

	if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN)
		return 0;
	tcp_trim_head(sk, skb, len);
	packets -= tcp_skb_pcount(skb);
	*acked += packets;
	return packets ? FLAG_DATA_ACKED : 0;
}

/* Free the segments the peer has acknowledged; collect an RTT sample
 * from a segment sent only once (Karn). */
static int tcp_clean_rtx_queue(struct sock *sk, u32 *acked, long *rtt_us)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u64 now = tcp_clock_us();
	struct sk_buff *skb;
	int flag = 0;

	*rtt_us = -1;
	while ((skb = tcp_write_queue_head(sk)) && skb != tp->send_head) {
		struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
		u32 pcount = tcp_skb_pcount(skb);

		if (after(tcb->end_seq, tp->snd_una)) {
			/* part of a TSO skb: drop its acknowledged segments */
			if (pcount > 1 && after(tp->snd_una, tcb->seq))
				flag |= tcp_tso_acked(sk, skb, acked);
			break;
		}
		if (tcb->sacked & TCPCB_SACKED_RETRANS)
			tp->retrans_out -= pcount;
		if (tcb->sacked & TCPCB_LOST)
			tp->lost_out -= pcount;
		if (tcb->sacked & TCPCB_SACKED_ACKED)
			tp->sacked_out -= pcount;
		if (tcb->sacked & TCPCB_RETRANS)
			flag |= FLAG_RETRANS_DATA_ACKED;
		else if (*rtt_us < 0)
			*rtt_us = now - tcb->tx_us;
		flag |= (tcb->tcp_flags & TCPHDR_SYN) ? FLAG_SYN_ACKED : FLAG_DATA_ACKED;
		tp->packets_out -= pcount;
		*acked += pcount;
		__skb_unlink(skb, &sk->sk_write_queue);
		sk->sk_wmem_queued -= skb->truesize;
		consume_skb(skb);
	}
	if (!tcp_is_sack(tp) && tp->sacked_out > tp->packets_out)
		tp->sacked_out = tp->packets_out;
	return flag;
}

/* Reno's duplicate-ACK count stays below the segments that can be held. */
static void tcp_add_reno_sack(struct tcp_sock *tp)
{
	u32 holes = max_t(u32, tp->lost_out, 1);

	tp->sacked_out++;
	if (holes > tp->packets_out)
		holes = tp->packets_out;
	if (tp->sacked_out + holes > tp->packets_out)
		tp->sacked_out = tp->packets_out - holes;
}

/* Reno marks one segment lost per episode step: the head, cut to one
 * MSS if it is a TSO skb (Linux's tcp_mark_head_lost with packets = 1). */
static void tcp_mark_head_lost(struct sock *sk)
{
	struct sk_buff *skb = tcp_write_queue_head(sk);
	unsigned int mss = tcp_send_mss(sk);

	if (!skb || skb == tcp_sk(sk)->send_head)
		return;
	if (TCP_SKB_CB(skb)->sacked & (TCPCB_LOST | TCPCB_SACKED_RETRANS))
		return;
	if (tcp_skb_pcount(skb) > 1 && skb->len > mss && tcp_fragment(sk, skb, mss, mss))
		return;
	TCP_SKB_CB(skb)->sacked |= TCPCB_LOST;
	tcp_sk(sk)->lost_out += tcp_skb_pcount(skb);
}

/* RFC 5681 3.2 step 2 / RFC 6582 3.2 step 3: the segment at snd_una goes
 * out at once, whatever the window says. */
static void tcp_retransmit_head(struct sock *sk)
{
	struct sk_buff *skb = tcp_write_queue_head(sk);

	tcp_mark_head_lost(sk);
	if (skb && skb != tcp_sk(sk)->send_head && !(TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_RETRANS) &&
	    !tcp_retransmit_skb(sk, skb))
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tcp_rto_now(sk));
}

/* Three duplicate ACKs: fast retransmit and enter NewReno recovery. */
static void tcp_enter_recovery(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->prior_ssthresh = tp->snd_ssthresh;
	tp->snd_ssthresh = inet_csk(sk)->icsk_ca_ops->ssthresh(sk);
	tp->snd_cwnd = tp->snd_ssthresh;
	tp->snd_cwnd_cnt = 0;
	tp->high_seq = tp->snd_nxt;
	tcp_set_ca_state(sk, TCP_CA_Recovery);
	tcp_retransmit_head(sk);
	NET_INC_STATS(LINUX_MIB_TCPFASTRETRANS);
	NET_INC_STATS(LINUX_MIB_TCPRENORECOVERY);
}

/* RTO: everything in flight is lost; slow start from one segment. */
void tcp_enter_loss(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	if (inet_csk(sk)->icsk_ca_state <= TCP_CA_Disorder || !after(tp->snd_una, tp->high_seq) ||
	    inet_csk(sk)->icsk_ca_state != TCP_CA_Loss) {
		tcp_init_undo(sk);
		tp->snd_ssthresh = inet_csk(sk)->icsk_ca_ops->ssthresh(sk);
	}
	tp->snd_cwnd = 1;
	tp->snd_cwnd_cnt = 0;
	tp->retrans_out = 0;
	tp->lost_out = 0;
	tp->tlp_high_seq = 0;
	if (!tcp_is_sack(tp))
		tp->sacked_out = 0;
	/* with SACK the scoreboard stays: what the peer holds is not resent */
	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		TCP_SKB_CB(skb)->sacked &= ~TCPCB_SACKED_RETRANS;
		if (TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_ACKED)
			continue;
		TCP_SKB_CB(skb)->sacked |= TCPCB_LOST;
		tp->lost_out += tcp_skb_pcount(skb);
	}
	tp->high_seq = tp->snd_nxt;
	tcp_set_ca_state(sk, TCP_CA_Loss);
}

/* Loss recovery state machine for one ACK (Linux's tcp_fastretrans_alert,
 * Reno flavour). */
static void tcp_fastretrans_alert(struct sock *sk, int flag, bool dupack, u32 acked, u32 prior_in_flight)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	bool advanced = flag & FLAG_SND_UNA_ADVANCED;

	switch (icsk->icsk_ca_state) {
	case TCP_CA_Recovery:
		if (dupack)
			tcp_add_reno_sack(tp);
		if (!advanced)
			break;
		if (!before(tp->snd_una, tp->high_seq)) {       /* full ACK */
			tp->snd_cwnd = min(tp->snd_cwnd, tp->snd_ssthresh) ? : 1;
			tp->sacked_out = 0;
			tcp_set_ca_state(sk, TCP_CA_Open);
			break;
		}
		/* partial ACK: the next hole is lost too (RFC 6582 3.2 step 3) */
		if (acked > 0)
			tp->sacked_out -= min(acked - 1, tp->sacked_out);
		tcp_retransmit_head(sk);
		break;
	case TCP_CA_Loss:
		if (advanced && !before(tp->snd_una, tp->high_seq)) {
			tcp_set_ca_state(sk, TCP_CA_Open);
			tp->sacked_out = 0;
		} else if (advanced && tcp_is_cwnd_limited(tp, prior_in_flight)) {
			icsk->icsk_ca_ops->cong_avoid(sk, tp->snd_una, acked);
		}
		break;
	default:
		if (dupack) {
			tcp_add_reno_sack(tp);
			if (tp->sacked_out >= 3) {
				tcp_enter_recovery(sk);
				break;
			}
			tcp_set_ca_state(sk, TCP_CA_Disorder);
			break;
		}
		if (advanced) {
			tp->sacked_out = 0;
			if (icsk->icsk_ca_state == TCP_CA_Disorder)
				tcp_set_ca_state(sk, TCP_CA_Open);
			if (tcp_is_cwnd_limited(tp, prior_in_flight))
				icsk->icsk_ca_ops->cong_avoid(sk, tp->snd_una, acked);
		}
		break;
	}
	if (tp->lost_out)
		tcp_xmit_retransmit_queue(sk);
}

/* The ACK of a zero-window probe: stop probing once the window opened. */
static void tcp_ack_probe(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *head = tp->send_head;

	if (!head)
		return;
	if (!after(TCP_SKB_CB(head)->seq + min_t(u32, head->len, tcp_send_mss(sk)),
		   tp->snd_una + tp->snd_wnd)) {
		icsk->icsk_backoff = 0;
		icsk->icsk_probes_out = 0;
		inet_csk_clear_xmit_timer(sk);
	}
}

/*
 * Process the ACK field of skb: window update, freeing acknowledged
 * segments, RTT, congestion control. Returns 1 for an acceptable ACK,
 * 0 for an old one, -1 for one acknowledging what was never sent.
 */
static int tcp_ack(struct sock *sk, struct sk_buff *skb, int flag)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	u32 ack = tcb->ack_seq, prior_snd_una = tp->snd_una, nwin, acked = 0;
	u32 prior_packets = tp->packets_out, prior_in_flight = tcp_packets_in_flight(tp);
	bool dupack;
	long rtt_us;

	if (before(ack, prior_snd_una))
		return 0;
	if (after(ack, tp->snd_nxt))
		return -1;
	nwin = (u32)ntohs(tcb->window);
	if (!(tcb->tcp_flags & TCPHDR_SYN))
		nwin <<= tp->snd_wscale;
	if (after(ack, prior_snd_una) || after(tcb->seq, tp->snd_wl1) ||
	    (tcb->seq == tp->snd_wl1 && nwin > tp->snd_wnd)) {
		if (tp->snd_wnd != nwin)
			flag |= FLAG_WIN_UPDATE;
		tp->snd_wnd = nwin;
		tp->snd_wl1 = tcb->seq;
		if (nwin > tp->max_window)
			tp->max_window = nwin;
	}
	if (after(ack, prior_snd_una)) {
		flag |= FLAG_SND_UNA_ADVANCED;
		tp->bytes_acked += ack - prior_snd_una;
		tp->snd_una = ack;
		tcp_urg_acked(tp);
	}
	tp->rcv_tstamp = tcp_time_stamp_ms();
	icsk->icsk_probes_out = 0;
	if (tcp_is_sack(tp) && tcb->opts.sack_off)
		flag |= tcp_sacktag_write_queue(sk, skb, prior_snd_una);
	if (!prior_packets) {
		if (icsk->icsk_pending == ICSK_TIME_PROBE0)
			tcp_ack_probe(sk);
		if (flag & FLAG_DSACKING_ACK)
			tcp_try_undo_dsack(sk);         /* a late D-SACK after the episode */
		/* the D-SACK of a needless probe comes after the ACK that
		 * emptied the queue (Linux's no_queue path does this too) */
		tcp_process_tlp_ack(sk, ack, flag);
		return 1;
	}
	flag |= tcp_clean_rtx_queue(sk, &acked, &rtt_us);
	if (rtt_us < 0 && (flag & FLAG_ACKED) && tcb->opts.saw_tstamp && tcb->opts.rcv_tsecr &&
	    !(flag & FLAG_SYN_ACKED))
		rtt_us = (long)(tcp_time_stamp_ms() - (tcb->opts.rcv_tsecr - tp->tsoffset)) * 1000;
	if (flag & FLAG_ACKED) {
		tcp_rtt_update(sk, rtt_us);
		icsk->icsk_retransmits = 0;
		icsk->icsk_backoff = 0;
		tp->delivered += acked;
		if (!tp->retrans_out)
			tp->retrans_stamp = 0;
		tcp_rearm_rto(sk);
	}
	tcp_process_tlp_ack(sk, ack, flag);
	dupack = !(flag & (FLAG_SND_UNA_ADVANCED | FLAG_WIN_UPDATE | FLAG_DATA)) &&
		 !(tcb->tcp_flags & (TCPHDR_SYN | TCPHDR_FIN)) && prior_packets;
	if (tcp_is_sack(tp))
		tcp_sack_fastretrans_alert(sk, flag, acked, prior_in_flight);
	else
		tcp_fastretrans_alert(sk, flag, dupack, acked, prior_in_flight);
	if (icsk->icsk_pending == ICSK_TIME_RETRANS)
		tcp_schedule_loss_probe(sk);
	if (acked)
		tcp_check_space(sk);
	return 1;
}

/* ------------------------------------------------------- data path */

/* A data segment arrived: an ACK is owed; learn the peer's segment size. */
static void tcp_event_data_recv(struct sock *sk, struct sk_buff *skb)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	/* a GSO or GRO skb tells the peer's segment size (tcp_measure_rcv_mss) */
	u32 len = skb_shinfo(skb)->gso_size ? : skb->len;

	icsk->icsk_ack.pending |= ICSK_ACK_SCHED;
	if (len >= icsk->icsk_ack.rcv_mss) {
		icsk->icsk_ack.rcv_mss = min_t(u32, len, tp->advmss);
	} else if (len) {
		icsk->icsk_ack.pending |= ICSK_ACK_PUSHED;
	}
	if (!icsk->icsk_ack.ato) {
		/* the first data: start with quick ACKs (Linux's tcp_incr_quickack) */
		u32 q = tp->rcv_wnd / (2 * icsk->icsk_ack.rcv_mss);

		icsk->icsk_ack.quick = min_t(u32, q ? q : 2, TCP_QUICKACKS);
		icsk->icsk_ack.ato = TCP_ATO_MIN_US;
	}
	icsk->icsk_ack.lrcvtime = tcp_time_stamp_ms();
}

void tcp_enter_quickack_mode(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	icsk->icsk_ack.quick = TCP_QUICKACKS;
	icsk->icsk_ack.pingpong = 0;
	icsk->icsk_ack.ato = TCP_ATO_MIN_US;
}

static void tcp_queue_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->rcv_nxt = TCP_SKB_CB(skb)->end_seq;
	tp->bytes_received += skb->len;
	if (!skb->len) {
		consume_skb(skb);
		return;
	}
	skb_set_owner_r(skb, sk);
	__skb_queue_tail(&sk->sk_receive_queue, skb);
}

/* The peer's FIN is in order (RFC 793 "eighth, check the FIN bit"). */
static void tcp_fin(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	sk->sk_shutdown |= RCV_SHUTDOWN;
	sock_set_flag(sk, SOCK_DONE);
	inet_csk(sk)->icsk_ack.pending |= ICSK_ACK_SCHED | ICSK_ACK_NOW;
	switch (sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		tcp_set_state(sk, TCP_CLOSE_WAIT);
		break;
	case TCP_FIN_WAIT1:
		/* simultaneous close */
		tcp_send_ack(sk);
		tcp_set_state(sk, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT2:
		tcp_send_ack(sk);
		tcp_time_wait(sk);
		break;
	default:
		break;
	}
	skb_queue_purge(&tp->out_of_order_queue);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/* Move segments that the new rcv_nxt made in-order to the receive queue. */
static bool tcp_ofo_queue(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	bool fin = false;

	while ((skb = skb_peek(&tp->out_of_order_queue))) {
		struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

		if (after(tcb->seq, tp->rcv_nxt))
			break;
		__skb_unlink(skb, &tp->out_of_order_queue);
		if (!after(tcb->end_seq, tp->rcv_nxt)) {
			kfree_skb(skb);
			continue;
		}
		if (before(tcb->seq, tp->rcv_nxt)) {
			if (!pskb_may_pull(skb, tp->rcv_nxt - tcb->seq)) {
				kfree_skb(skb);         /* no memory: the peer sends it again */
				continue;
			}
			__skb_pull(skb, tp->rcv_nxt - tcb->seq);
			tcb->seq = tp->rcv_nxt;
		}
		fin = tcb->tcp_flags & TCPHDR_FIN;
		/* still charged from the ofo queue; requeue without recharging */
		tp->rcv_nxt = tcb->end_seq;
		tp->bytes_received += skb->len;
		__skb_queue_tail(&sk->sk_receive_queue, skb);
		if (fin)
			break;
	}
	return fin;
}

/* Out of order: keep it (sorted, without full duplicates) and ACK at once. */
static void tcp_data_queue_ofo(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct sk_buff *p;

	NET_INC_STATS(LINUX_MIB_TCPOFOQUEUE);
	inet_csk(sk)->icsk_ack.pending |= ICSK_ACK_SCHED | ICSK_ACK_NOW;
	if ((unsigned int)atomic_read(&sk->sk_rmem_alloc) > (unsigned int)sk->sk_rcvbuf) {
		kfree_skb(skb);
		return;
	}
	skb_queue_walk(&tp->out_of_order_queue, p) {
		struct tcp_skb_cb *pcb = TCP_SKB_CB(p);

		if (!before(tcb->seq, pcb->seq) && !after(tcb->end_seq, pcb->end_seq)) {
			tcp_dsack_set(sk, tcb->seq, tcb->end_seq);
			kfree_skb(skb);         /* all of it is already here */
			return;
		}
		if (before(tcb->seq, pcb->seq))
			break;
	}
	skb_set_owner_r(skb, sk);
	tcb->tx_us = ++tp->ofo_stamp;   /* SACK blocks list the newest first */
	/* insert before p (or at the tail when p is the queue head) */
	skb->next = p;
	skb->prev = p->prev;
	p->prev->next = skb;
	p->prev = skb;
	tp->out_of_order_queue.qlen++;
}

static void tcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	bool fin;

	if (tcb->seq == tcb->end_seq) {
		consume_skb(skb);
		return;
	}
	tp->data_segs_in += max_t(u32, skb_shinfo(skb)->gso_segs, 1);
	if (tcb->seq == tp->rcv_nxt || (before(tcb->seq, tp->rcv_nxt) && after(tcb->end_seq, tp->rcv_nxt))) {
		if (!tcp_receive_window(tp) && skb->len) {
			NET_INC_STATS(LINUX_MIB_TCPZEROWINDOWDROP);
			goto out_of_window;
		}
		if (before(tcb->seq, tp->rcv_nxt)) {
			u32 trim = tp->rcv_nxt - tcb->seq;

			tcp_dsack_set(sk, tcb->seq, tp->rcv_nxt);
			if (!pskb_may_pull(skb, trim))
				goto drop;
			__skb_pull(skb, trim);
			tcb->seq = tp->rcv_nxt;
		}
		fin = tcb->tcp_flags & TCPHDR_FIN;
		tcp_event_data_recv(sk, skb);
		tcp_queue_rcv(sk, skb);
		if (!skb_queue_empty(&tp->out_of_order_queue)) {
			fin |= tcp_ofo_queue(sk);
			inet_csk(sk)->icsk_ack.pending |= ICSK_ACK_NOW;
		}
		if (fin)
			tcp_fin(sk);
		if (!sock_flag(sk, SOCK_DEAD) && tcp_inq(sk) > 0)
			sk->sk_data_ready(sk);
		return;
	}
	if (!after(tcb->end_seq, tp->rcv_nxt)) {
		/* a retransmission of what we have: ACK it again at once */
		tcp_dsack_set(sk, tcb->seq, tcb->end_seq);
		tcp_enter_quickack_mode(sk);
		goto out_of_window;
	}
	if (!before(tcb->seq, tp->rcv_nxt + tcp_receive_window(tp)))
		goto out_of_window;
	tcp_data_queue_ofo(sk, skb);
	return;

out_of_window:
	inet_csk(sk)->icsk_ack.pending |= ICSK_ACK_SCHED | ICSK_ACK_NOW;
drop:
	kfree_skb(skb);
}

/* ACK now or later (Linux's __tcp_ack_snd_check): at once for every second
 * full segment (when the window is not shrinking), in quick-ACK mode, and
 * for out-of-order or duplicate data; otherwise within the delayed-ACK time. */
static void tcp_ack_snd_check(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	if (!inet_csk_ack_scheduled(sk) || sk->sk_state == TCP_CLOSE)
		return;
	if ((icsk->icsk_ack.pending & ICSK_ACK_NOW) ||
	    (tp->rcv_nxt - tp->rcv_wup > icsk->icsk_ack.rcv_mss && __tcp_select_window(sk) >= tp->rcv_wnd) ||
	    (icsk->icsk_ack.quick && !icsk->icsk_ack.pingpong) ||
	    !skb_queue_empty(&tp->out_of_order_queue))
		tcp_send_ack(sk);
	else
		tcp_send_delayed_ack(sk);
}

static void tcp_data_snd_check(struct sock *sk)
{
	__tcp_push_pending_frames(sk, tcp_sk(sk)->nonagle);
}

/* ------------------------------------------------------ connection */

/* A valid RST: the error the user sees depends on the state (Linux). */
void tcp_reset(struct sock *sk)
{
	int err;

	switch (sk->sk_state) {
	case TCP_SYN_SENT:
		err = ECONNREFUSED;
		break;
	case TCP_CLOSE_WAIT:
		err = EPIPE;
		break;
	case TCP_CLOSE:
		return;
	default:
		err = ECONNRESET;
	}
	WRITE_ONCE(sk->sk_err, err);
	smp_wmb();
	tcp_write_queue_purge(sk);
	tcp_done(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_error_report(sk);
}

/* Options from a SYN or SYN-ACK decide what the connection uses. */
void tcp_apply_syn_options(struct sock *sk, const struct tcp_opts *o)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u16 mss = o->mss ? o->mss : TCP_MSS_DEFAULT;

	tp->tstamp_ok = tp->tstamp_ok && o->saw_tstamp;
	tp->wscale_ok = tp->wscale_ok && o->wscale_ok;
	tp->sack_ok = tp->sack_ok && o->sack_ok;
	if (tp->wscale_ok) {
		tp->snd_wscale = o->snd_wscale;
	} else {
		tp->snd_wscale = 0;
		tp->rcv_wscale = 0;
		if (tp->window_clamp > 65535)
			tp->window_clamp = 65535;
	}
	if (tp->user_mss && tp->user_mss < mss)
		mss = tp->user_mss;
	tp->mss_clamp = mss;
	if (o->saw_tstamp) {
		tp->ts_recent = o->rcv_tsval;
		tp->ts_recent_stamp = tcp_time_stamp_ms() / 1000;
	}
}

void tcp_set_mss_reported(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 cutoff = tp->max_window > 1220 ? tp->max_window >> 1 : tp->max_window;

	tp->mss_reported = cutoff && tp->mss_cache > cutoff ? cutoff : tp->mss_cache;
}

static void tcp_finish_connect(struct sock *sk)
{
	tcp_set_mss_reported(sk);
	tcp_set_state(sk, TCP_ESTABLISHED);
	tcp_init_transfer(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
}

/* SYN_SENT (RFC 793 "If the state is SYN-SENT"). Consumes skb, or
 * returns 1 for a reset. */
static int tcp_rcv_synsent_state_process(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	u8 f = tcb->tcp_flags;

	if (f & TCPHDR_ACK) {
		if (!after(tcb->ack_seq, tp->snd_una) || after(tcb->ack_seq, tp->snd_nxt)) {
			if (f & TCPHDR_RST)
				goto discard;
			return 1;
		}
		if (f & TCPHDR_RST) {
			tcp_reset(sk);
			goto discard;
		}
		if (!(f & TCPHDR_SYN))
			goto discard;
		tcp_apply_syn_options(sk, &tcb->opts);
		tp->rcv_nxt = tp->rcv_wup = tp->copied_seq = tcb->seq + 1;
		tp->snd_wl1 = tcb->seq;
		tcp_ack(sk, skb, 0);
		tcp_sync_mss(sk, inet_csk(sk)->icsk_pmtu_cookie);
		tcp_finish_connect(sk);
		tcp_send_ack(sk);
		tcp_fastopen_synack(sk, skb);
		tcp_data_snd_check(sk);
		goto discard;
	}
	/* RST without ACK, or a SYN without ACK (simultaneous open, not
	 * supported): drop. */
discard:
	kfree_skb(skb);
	return 0;
}

/*
 * An ACK in answer to an invalid segment (out of window, failed PAWS, a
 * challenge ACK), at most one per TCP_OOW_ACK_INTERVAL per socket as
 * Linux's tcp_invalid_ratelimit: two endpoints that each find the other's
 * segments invalid (a connection to itself, a spoofed peer) would
 * otherwise ACK each other forever.
 */
#define TCP_OOW_ACK_INTERVAL    (HZ / 2)

static void tcp_send_oow_ack(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	unsigned long now = jiffies;

	if (tp->last_oow_ack && (long)(now - tp->last_oow_ack) < TCP_OOW_ACK_INTERVAL)
		return;
	tp->last_oow_ack = now ? now : 1;
	tcp_send_ack(sk);
}

/*
 * A segment outside the window (Linux's tcp_send_dupack): old data is
 * ACKed at once, with a D-SACK for it, and not rate limited (the peer
 * retransmitted, and only our ACK stops it); anything else gets the rate
 * limited ACK.
 */
static void tcp_send_dupack(struct sock *sk, const struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

	if (tcb->seq == tcb->end_seq || (tcb->tcp_flags & TCPHDR_SYN) || !before(tcb->seq, tp->rcv_nxt)) {
		tcp_send_oow_ack(sk);
		return;
	}
	tcp_enter_quickack_mode(sk);
	tcp_dsack_set(sk, tcb->seq, after(tcb->end_seq, tp->rcv_nxt) ? tp->rcv_nxt : tcb->end_seq);
	tcp_send_ack(sk);
}

/* RFC 7323 PAWS, the sequence window, RST and SYN checks for synchronized
 * states. False when skb was dealt with (freed). */
static bool tcp_validate_incoming(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	u8 f = tcb->tcp_flags;

	if (tcb->opts.saw_tstamp && tp->tstamp_ok && tp->ts_recent_stamp &&
	    (s32)(tcb->opts.rcv_tsval - tp->ts_recent) < 0 && !(f & TCPHDR_RST)) {
		tcp_send_oow_ack(sk);
		goto discard;
	}
	if (sk->sk_state == TCP_SYN_RECV && tcp_fastopen_synack_again(sk, skb))
		goto discard;
	if (before(tcb->end_seq, tp->rcv_wup) ||
	    after(tcb->seq, tp->rcv_nxt + tcp_receive_window(tp))) {
		/* only the peer's own SYN again means our SYN-ACK was lost */
		if ((f & TCPHDR_SYN) && sk->sk_state == TCP_SYN_RECV && tcb->seq + 1 == tp->rcv_nxt)
			goto synack_again;
		if (!(f & TCPHDR_RST))
			tcp_send_dupack(sk, skb);
		goto discard;
	}
	if (f & TCPHDR_RST) {
		if (tcb->seq == tp->rcv_nxt)
			tcp_reset(sk);
		else
			tcp_send_oow_ack(sk);   /* RFC 5961 challenge ACK */
		goto discard;
	}
	if (tcb->opts.saw_tstamp && !after(tcb->seq, tp->rcv_wup)) {
		tp->ts_recent = tcb->opts.rcv_tsval;
		tp->ts_recent_stamp = tcp_time_stamp_ms() / 1000 ? : 1;
	}
	if (f & TCPHDR_SYN) {
		if (sk->sk_state == TCP_SYN_RECV && tcb->seq + 1 == tp->rcv_nxt)
			goto synack_again;
		tcp_send_oow_ack(sk);           /* RFC 5961 4.2 */
		goto discard;
	}
	return true;

synack_again:
	/* the peer lost our SYN-ACK: send it again, no faster than the
	 * invalid-segment ACKs (a SYN-ACK sent to ourselves comes back as
	 * "the peer's SYN" again) */
	if (tcp_write_queue_head(sk) &&
	    !(tp->last_oow_ack && (long)(jiffies - tp->last_oow_ack) < TCP_OOW_ACK_INTERVAL)) {
		tp->last_oow_ack = jiffies ? jiffies : 1;
		tcp_retransmit_skb(sk, tcp_write_queue_head(sk));
	}
discard:
	kfree_skb(skb);
	return false;
}

/* SYN_RECV child: the handshake's ACK. false: drop it (accept queue full)
 * or reset (bad ACK) — *reset says which. */
static bool tcp_synrecv_ack(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	bool fastopen = tp->fastopen_rsk;       /* queued for accept() at its SYN */

	tcp_set_state(sk, TCP_ESTABLISHED);
	tp->snd_wnd = (u32)ntohs(tcb->window) << tp->snd_wscale;
	tp->max_window = max(tp->max_window, tp->snd_wnd);
	tp->snd_wl1 = tcb->seq;
	tcp_set_mss_reported(sk);
	tcp_init_transfer(sk);
	if (fastopen) {
		if (!sock_flag(sk, SOCK_DEAD))
			sk->sk_state_change(sk);
		return true;
	}
	if (!inet_csk_complete_hashdance(sk)) {
		tcp_send_active_reset(sk);
		tcp_done(sk);
		return false;
	}
	return true;
}

/*
 * The steps of tcp_rcv_state_process return TCP_RCV_GO_ON to pass the
 * segment to the next step, or the final result with skb dealt with: 0
 * (consumed) or 1 (left for the caller to answer with a reset).
 */
#define TCP_RCV_GO_ON   (-1)

/* CLOSE, LISTEN and SYN_SENT, and SYN_RECV's drop of the handshake's last
 * ACK while the accept queue is full (as Linux does). */
static int tcp_rcv_unsynced(struct sock *sk, struct sk_buff *skb)
{
	u8 f = TCP_SKB_CB(skb)->tcp_flags;

	switch (sk->sk_state) {
	case TCP_CLOSE:
		goto discard;
	case TCP_LISTEN:
		if (f & TCPHDR_ACK)
			return 1;
		if ((f & TCPHDR_RST) || !(f & TCPHDR_SYN) || (f & TCPHDR_FIN))
			goto discard;
		tcp_skb_af_ops(skb)->conn_request(sk, skb);
		goto discard;
	case TCP_SYN_SENT:
		return tcp_rcv_synsent_state_process(sk, skb);
	case TCP_SYN_RECV:
		/* (a Fast Open child is on the accept queue already) */
		if ((f & TCPHDR_ACK) && !(f & TCPHDR_RST) && inet_csk(sk)->icsk_listener &&
		    !tcp_sk(sk)->fastopen_rsk &&
		    inet_csk_acceptq_is_full(inet_csk(sk)->icsk_listener)) {
			inet_csk_listen_overflow(inet_csk(sk)->icsk_listener);
			goto discard;
		}
		break;
	}
	return TCP_RCV_GO_ON;

discard:
	kfree_skb(skb);
	return 0;
}

/* A validated segment's ACK; in SYN_RECV an acceptable one completes the
 * handshake. Segments without ACK, or acking what we never sent, go. */
static int tcp_rcv_state_ack(struct sock *sk, struct sk_buff *skb)
{
	int acceptable;

	if (!(TCP_SKB_CB(skb)->tcp_flags & TCPHDR_ACK))
		goto discard;
	acceptable = tcp_ack(sk, skb, skb->len ? FLAG_DATA : 0);
	if (sk->sk_state == TCP_SYN_RECV) {
		if (acceptable <= 0)
			return 1;
		if (!tcp_synrecv_ack(sk, skb))
			goto discard;
	} else if (acceptable < 0) {
		tcp_send_oow_ack(sk);   /* it acknowledged what we never sent */
		goto discard;
	}
	return TCP_RCV_GO_ON;

discard:
	kfree_skb(skb);
	return 0;
}

/* FIN_WAIT1 with our FIN acknowledged: FIN_WAIT2, and for an orphan the
 * FIN_WAIT2 timeout (or, with TCP_LINGER2 < 0, the end). */
static int tcp_rcv_fin_wait1_acked(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_set_state(sk, TCP_FIN_WAIT2);
	sk->sk_shutdown |= SEND_SHUTDOWN;
	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_state_change(sk);
		return TCP_RCV_GO_ON;
	}
	if (tp->linger2 < 0) {
		tcp_done(sk);
		NET_INC_STATS(LINUX_MIB_TCPABORTONDATA);
		return 1;
	}
	/* orphaned: give the peer TCP_LINGER2 (60 s) to send its FIN */
	tcp_reset_keepalive_timer(sk, tp->linger2 ? (ktime_t)tp->linger2 * NSEC_PER_SEC :
				  TCP_FIN_TIMEOUT_NS);
	return TCP_RCV_GO_ON;
}

/* Our FIN acknowledged: FIN_WAIT1 -> FIN_WAIT2, CLOSING -> TIME_WAIT,
 * LAST_ACK -> CLOSE. */
static int tcp_rcv_fin_acked(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->snd_una != tp->write_seq)
		return TCP_RCV_GO_ON;
	switch (sk->sk_state) {
	case TCP_FIN_WAIT1:
		return tcp_rcv_fin_wait1_acked(sk);
	case TCP_CLOSING:
		tcp_time_wait(sk);
		break;
	case TCP_LAST_ACK:
		tcp_done(sk);
		break;
	default:
		return TCP_RCV_GO_ON;
	}
	kfree_skb(skb);
	return 0;
}

/* The segment's data, in the states that still take it. 1: data after
 * our close (the caller resets). */
static int tcp_rcv_state_data(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

	switch (sk->sk_state) {
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
		if ((sk->sk_shutdown & RCV_SHUTDOWN) && tcb->end_seq != tcb->seq &&
		    after(tcb->end_seq - !!(tcb->tcp_flags & TCPHDR_FIN), tcp_sk(sk)->rcv_nxt)) {
			NET_INC_STATS(LINUX_MIB_TCPABORTONDATA);
			tcp_reset(sk);
			return 1;
		}
		/* fall through */
	case TCP_ESTABLISHED:
		tcp_urg(sk, skb);
		tcp_data_queue(sk, skb);
		break;
	default:
		/* CLOSE_WAIT, CLOSING, LAST_ACK: the peer's FIN came, nothing
		 * more is data */
		kfree_skb(skb);
	}
	return 0;
}

/*
 * Every state but ESTABLISHED's data fast path goes through here too:
 * one path for all synchronized states keeps the code small.
 */
int tcp_rcv_state_process(struct sock *sk, struct sk_buff *skb)
{
	int ret;

	ret = tcp_rcv_unsynced(sk, skb);
	if (ret != TCP_RCV_GO_ON)
		return ret;
	if (!tcp_validate_incoming(sk, skb))
		return 0;
	ret = tcp_rcv_state_ack(sk, skb);
	if (ret != TCP_RCV_GO_ON)
		return ret;
	ret = tcp_rcv_fin_acked(sk, skb);
	if (ret != TCP_RCV_GO_ON)
		return ret;
	if (tcp_rcv_state_data(sk, skb))
		return 1;
	if (sk->sk_state != TCP_CLOSE) {
		tcp_data_snd_check(sk);
		tcp_ack_snd_check(sk);
	}
	return 0;
}

void tcp_rcv_established(struct sock *sk, struct sk_buff *skb)
{
	if (tcp_rcv_state_process(sk, skb))
		tcp_skb_af_ops(skb)->send_reset(sk, skb);
}
