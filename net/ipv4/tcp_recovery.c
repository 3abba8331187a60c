// SPDX-License-Identifier: MIT
/*
 * Loss recovery for connections with SACK: RFC 6675 on the scoreboard
 * tcp_sack.c keeps, the undo of a recovery that D-SACKs prove spurious
 * (RFC 2883 6, Linux's undo_marker/undo_retrans), and the tail loss probe
 * of RFC 8985 7. Connections without SACK keep the NewReno recovery of
 * tcp_input.c.
 *
 * RFC 6675 in shoal's terms:
 *   IsLost(seq)   an unSACKed skb with at least DupThresh SACKed segments
 *                 above it (tcp_sack_mark_lost); DupThresh is tp->reordering,
 *                 3 at first and raised by reordering the SACKs reveal.
 *   pipe          tcp_packets_in_flight: packets_out - sacked_out -
 *                 lost_out + retrans_out.
 *   NextSeg       rule 1: the first lost skb not yet retransmitted
 *                 (tcp_xmit_retransmit_queue), rule 2: new data
 *                 (tcp_write_xmit), both while pipe < cwnd. Rules 3 and 4
 *                 (rescue retransmission) are not done: the tail loss
 *                 probe covers the tail.
 *   entry         the head is lost (or a retransmission timeout went).
 *                 ssthresh from the congestion module, cwnd = ssthresh,
 *                 the first lost segment retransmitted at once (5, 4.3).
 *   exit          snd_una reaches high_seq (snd_nxt at entry).
 *
 * And tcp_simple_retransmit: what no longer fits a path MTU that ICMP
 * lowered goes again at once (Documentation/tcp-loss.md, "Path MTU").
 *
 * Locking: the socket lock, as all of TCP (include/net/tcp.h).
 */
#include <shoal/kernel.h>
#include <net/tcp.h>

#define TCP_TIMEOUT_MIN_US      2000U   /* Linux's TCP_TIMEOUT_MIN, 2 ms */

void tcp_set_ca_state(struct sock *sk, u8 state)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (icsk->icsk_ca_ops->set_state)
		icsk->icsk_ca_ops->set_state(sk, state);
	icsk->icsk_ca_state = state;
}

bool tcp_is_cwnd_limited(const struct tcp_sock *tp, u32 prior_in_flight)
{
	if (tp->snd_cwnd < tp->snd_ssthresh)
		return tp->snd_cwnd < 2 * prior_in_flight || tp->is_cwnd_limited;
	return tp->is_cwnd_limited || prior_in_flight >= tp->snd_cwnd;
}

/* ------------------------------------------------------------- undo */

/* A recovery or loss episode begins: remember what to go back to.
 * undo_retrans is -1 until something is retransmitted. */
void tcp_init_undo(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->undo_marker = tp->snd_una ? : 1;
	tp->undo_retrans = tp->retrans_out ? (int)tp->retrans_out : -1;
	tp->prior_cwnd = tp->snd_cwnd;
	tp->prior_ssthresh = max(tp->snd_ssthresh, (tp->snd_cwnd >> 1) + (tp->snd_cwnd >> 2));
}

static void tcp_undo_cwnd_reduction(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tp->snd_cwnd = max(tp->snd_cwnd, tp->prior_cwnd);
	if (tp->prior_ssthresh > tp->snd_ssthresh)
		tp->snd_ssthresh = tp->prior_ssthresh;
	tp->undo_marker = 0;
}

/* Every retransmission of the episode was D-SACKed: the network only
 * reordered or delayed, so the window comes back (Linux's
 * tcp_try_undo_dsack). */
bool tcp_try_undo_dsack(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->undo_marker || tp->undo_retrans)
		return false;
	tcp_undo_cwnd_reduction(sk);
	NET_INC_STATS(inet_csk(sk)->icsk_ca_state == TCP_CA_Loss ? LINUX_MIB_TCPLOSSUNDO :
		      LINUX_MIB_TCPDSACKUNDO);
	return true;
}

/* ------------------------------------------------------ RFC 6675 4 */

/* The last skb sent, or NULL. */
static struct sk_buff *tcp_last_sent(struct sock *sk)
{
	struct sk_buff *head = tcp_send_head(sk);

	if (!head)
		return tcp_write_queue_tail(sk);
	return head == tcp_write_queue_head(sk) ? NULL : head->prev;
}

/*
 * IsLost for the whole scoreboard, from the highest sent skb down: an
 * unSACKed skb with DupThresh SACKed segments above it is lost. Below an
 * skb already marked lost every skb is lost or SACKed already (it had as
 * many SACKed above it), so the walk stops there.
 */
void tcp_sack_mark_lost(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tcp_last_sent(sk);
	u32 cnt = 0;

	if (!tp->sacked_out || !skb)
		return;
	for (; skb != (struct sk_buff *)&sk->sk_write_queue; skb = skb->prev) {
		struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

		if (tcb->sacked & TCPCB_SACKED_ACKED) {
			cnt += tcp_skb_pcount(skb);
			continue;
		}
		if (cnt < tp->reordering)
			continue;
		if (tcb->sacked & TCPCB_LOST)
			break;
		if (tcb->sacked & TCPCB_SACKED_RETRANS)
			continue;       /* a retransmission in flight (RACK would judge it) */
		tcb->sacked |= TCPCB_LOST;
		tp->lost_out += tcp_skb_pcount(skb);
	}
}

/* RFC 6675 5 step 4.3: the first lost segment goes out at once, whatever
 * pipe says (with cwnd just cut, pipe is often above it). */
static void tcp_sack_fast_retransmit(struct sock *sk)
{
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		u8 s = TCP_SKB_CB(skb)->sacked;

		if (skb == tcp_send_head(sk))
			break;
		if (!(s & TCPCB_LOST) || (s & TCPCB_SACKED_RETRANS))
			continue;
		if (!tcp_retransmit_skb(sk, skb) && skb == tcp_write_queue_head(sk))
			inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tcp_rto_now(sk));
		return;
	}
}

/* RFC 6675 5 steps 4.1-4.3: enter recovery and retransmit the first lost
 * segment; the rest follow as pipe allows. */
static void tcp_enter_sack_recovery(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	tcp_init_undo(sk);
	tp->snd_ssthresh = inet_csk(sk)->icsk_ca_ops->ssthresh(sk);
	tp->snd_cwnd = max_t(u32, tp->snd_ssthresh, 1);
	tp->snd_cwnd_cnt = 0;
	tp->high_seq = tp->snd_nxt;
	tp->tlp_high_seq = 0;
	tcp_set_ca_state(sk, TCP_CA_Recovery);
	NET_INC_STATS(LINUX_MIB_TCPSACKRECOVERY);
	NET_INC_STATS(LINUX_MIB_TCPFASTRETRANS);
	tcp_sack_fast_retransmit(sk);
}

/* The loss episode is over: the window is what recovery left (or what an
 * undo restored). */
static void tcp_sack_exit_recovery(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (inet_csk(sk)->icsk_ca_state == TCP_CA_Recovery)
		tp->snd_cwnd = max_t(u32, min(tp->snd_cwnd, tp->snd_ssthresh), 1);
	tcp_set_ca_state(sk, tp->sacked_out ? TCP_CA_Disorder : TCP_CA_Open);
}

/* Open or Disorder: grow the window, or enter recovery when the head is
 * lost. */
static void tcp_sack_open(struct sock *sk, int flag, u32 acked, u32 prior_in_flight)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->lost_out) {
		tcp_enter_sack_recovery(sk);
		return;
	}
	tcp_set_ca_state(sk, tp->sacked_out ? TCP_CA_Disorder : TCP_CA_Open);
	if ((flag & FLAG_SND_UNA_ADVANCED) && tcp_is_cwnd_limited(tp, prior_in_flight))
		icsk->icsk_ca_ops->cong_avoid(sk, tp->snd_una, acked);
}

/* The recovery state machine for one ACK on a SACK connection (Linux's
 * tcp_fastretrans_alert); the scoreboard is already tagged. */
void tcp_sack_fastretrans_alert(struct sock *sk, int flag, u32 acked, u32 prior_in_flight)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	bool full = !before(tp->snd_una, tp->high_seq);

	if (flag & FLAG_DSACKING_ACK)
		tcp_try_undo_dsack(sk);
	tcp_sack_mark_lost(sk);
	switch (icsk->icsk_ca_state) {
	case TCP_CA_Recovery:
		if (full)
			tcp_sack_exit_recovery(sk);
		break;
	case TCP_CA_Loss:
		if (full)
			tcp_sack_exit_recovery(sk);
		else if ((flag & FLAG_SND_UNA_ADVANCED) && tcp_is_cwnd_limited(tp, prior_in_flight))
			icsk->icsk_ca_ops->cong_avoid(sk, tp->snd_una, acked);
		break;
	default:
		tcp_sack_open(sk, flag, acked, prior_in_flight);
		break;
	}
	if (tp->lost_out)
		tcp_xmit_retransmit_queue(sk);
}

/* ------------------------------------------------ path MTU (RFC 1191) */

/* Bytes skb puts in one segment (Linux's tcp_skb_seglen). */
static u32 tcp_skb_seglen(const struct sk_buff *skb)
{
	return tcp_skb_pcount(skb) == 1 ? skb->len : TCP_SKB_CB(skb)->tcp_gso_size;
}

/* Linux's tcp_mark_skb_lost, as far as shoal's scoreboard goes. */
static void tcp_mark_skb_lost(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	struct tcp_sock *tp = tcp_sk(sk);

	if (tcb->sacked & TCPCB_SACKED_ACKED)
		return;
	if (tcb->sacked & TCPCB_LOST) {
		if (tcb->sacked & TCPCB_SACKED_RETRANS) {       /* lost again */
			tcb->sacked &= ~TCPCB_SACKED_RETRANS;
			tp->retrans_out -= tcp_skb_pcount(skb);
		}
		return;
	}
	tcb->sacked |= TCPCB_LOST;
	tp->lost_out += tcp_skb_pcount(skb);
}

/*
 * The MSS just shrank (tcp_v4_mtu_reduced): every sent segment larger
 * than it was dropped on the path, so mark it lost and resend it now, cut
 * to the new size by tcp_retransmit_skb (Linux's tcp_simple_retransmit).
 * The congestion window is left alone: no more data is in the network,
 * only smaller units; the Loss state keeps recovery from undoing it.
 */
void tcp_simple_retransmit(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u32 mss = tcp_current_mss(sk);
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		if (skb == tp->send_head)
			break;
		if (tcp_skb_seglen(skb) > mss)
			tcp_mark_skb_lost(sk, skb);
	}
	if (!tp->lost_out)
		return;
	if (!tcp_is_sack(tp) && tp->sacked_out + tp->lost_out > tp->packets_out)
		tp->sacked_out = tp->packets_out - tp->lost_out;        /* tcp_limit_reno_sacked */
	if (icsk->icsk_ca_state != TCP_CA_Loss) {
		tp->high_seq = tp->snd_nxt;
		tp->snd_ssthresh = max(tp->snd_ssthresh, (tp->snd_cwnd >> 1) + (tp->snd_cwnd >> 2));
		tp->prior_ssthresh = 0;
		tp->undo_marker = 0;
		tcp_set_ca_state(sk, TCP_CA_Loss);
	}
	tcp_xmit_retransmit_queue(sk);
}

/* ------------------------------------------ tail loss probe (RFC 8985) */

/*
 * Arm the probe timeout instead of the RTO when the last segments of a
 * flight may be lost with nothing behind them to make SACKs (RFC 8985
 * 7.2): PTO = 2 * SRTT, plus the peer's delayed-ACK time when one
 * segment is out, never later than the RTO would fire.
 */
void tcp_schedule_loss_probe(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u64 pto, now = (u64)ktime_get(), rto_at = (u64)icsk->icsk_timeout;

	if (!tcp_is_sack(tp) || !tp->packets_out || icsk->icsk_ca_state != TCP_CA_Open ||
	    !tp->rtt.srtt8 || icsk->icsk_pending != ICSK_TIME_RETRANS ||
	    sk->sk_state != TCP_ESTABLISHED)
		return;
	pto = tp->rtt.srtt8 >> 2;
	pto += tp->packets_out == 1 ? TCP_RTO_MIN_US : TCP_TIMEOUT_MIN_US;
	if (now + pto * NSEC_PER_USEC >= rto_at)
		return;
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_LOSS_PROBE, pto);
}

/* The probe retransmits the last segment sent (one MSS of it). */
static int tcp_retransmit_last(struct sock *sk)
{
	struct sk_buff *skb = tcp_last_sent(sk);
	unsigned int mss = tcp_send_mss(sk);
	int pcount;

	if (!skb || (TCP_SKB_CB(skb)->sacked & TCPCB_SACKED_ACKED))
		return -1;
	pcount = tcp_skb_pcount(skb);
	if (pcount > 1) {
		u32 end = TCP_SKB_CB(skb)->end_seq;

		if (!tcp_fragment(sk, skb, (pcount - 1) * mss, mss) && TCP_SKB_CB(skb)->end_seq != end)
			skb = skb->next;
	}
	return tcp_retransmit_skb(sk, skb);
}

/* The probe timeout fired (RFC 8985 7.3): send one new segment if the
 * peer's window allows, else the last one again; then the RTO. */
void tcp_send_loss_probe(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *head = tcp_send_head(sk);
	u32 prior = tp->packets_out;

	if (!tp->packets_out)
		return;
	if (tp->tlp_high_seq)
		goto rearm;             /* one probe at a time (RFC 8985 7.3) */
	if (head && before(TCP_SKB_CB(head)->seq, tp->snd_una + tp->snd_wnd))
		tcp_write_wakeup(sk);
	tp->tlp_retrans = 0;
	if (tp->packets_out == prior) {
		if (tcp_retransmit_last(sk))
			goto rearm;
		tp->tlp_retrans = 1;
	}
	tp->tlp_high_seq = tp->snd_nxt;
	NET_INC_STATS(LINUX_MIB_TCPLOSSPROBES);
rearm:
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tcp_rto_now(sk));
}

/*
 * An ACK at or past the probe (RFC 8985 7.4): a retransmitted probe
 * that was D-SACKed found no loss; one whose ACK went past it repaired a
 * loss, which costs a window reduction like any other.
 */
void tcp_process_tlp_ack(struct sock *sk, u32 ack, int flag)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tp->tlp_high_seq || before(ack, tp->tlp_high_seq))
		return;
	if (!tp->tlp_retrans || (flag & FLAG_DSACKING_ACK)) {
		tp->tlp_high_seq = 0;
	} else if (after(ack, tp->tlp_high_seq)) {
		tp->tlp_high_seq = 0;
		tp->snd_ssthresh = inet_csk(sk)->icsk_ca_ops->ssthresh(sk);
		tp->snd_cwnd = max_t(u32, min(tp->snd_cwnd, tp->snd_ssthresh), 1);
		NET_INC_STATS(LINUX_MIB_TCPLOSSPROBERECOVERY);
	} else if (!(flag & (FLAG_SND_UNA_ADVANCED | FLAG_DATA_SACKED | FLAG_DATA | FLAG_WIN_UPDATE))) {
		tp->tlp_high_seq = 0;
	}
}
