// SPDX-License-Identifier: MIT
/*
 * Selective acknowledgements (RFC 2018) and D-SACK (RFC 2883), both ends.
 *
 * Receiver: the SACK blocks of an outgoing ACK are built from the
 * out-of-order queue when the ACK is sent (tcp_sack_options): touching
 * segments merge, the block holding the latest arrival comes first, then
 * the next most recent (RFC 2018 4). A duplicate segment (all or part
 * below rcv_nxt, or already in the out-of-order queue) is reported once as
 * a D-SACK block in front of them (tcp_dsack_set). Blocks ride on segments
 * without data only, so a data segment never outgrows the MSS.
 *
 * Sender: tcp_sacktag_write_queue reads the blocks of an arriving ACK,
 * drops the ones outside the window (TCPSACKDiscard, TCPDSACKIgnored*),
 * and marks TCPCB_SACKED_ACKED on the write-queue skbs they cover. A block
 * that covers part of a TSO skb splits it at an MSS boundary (Linux's
 * tcp_match_skb_to_sack), so the scoreboard is exact to the segment.
 * sacked_out, lost_out and retrans_out follow every mark. The loss
 * recovery that reads the scoreboard is in tcp_recovery.c.
 *
 * Locking: all of it runs with the socket owned (include/net/tcp.h);
 * the two sysctls are lone words read with READ_ONCE.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <net/tcp.h>

unsigned long sysctl_tcp_sack = 1;      /* /proc/sys/net/ipv4/tcp_sack */
unsigned long sysctl_tcp_dsack = 1;     /* /proc/sys/net/ipv4/tcp_dsack */

#define TCP_MAX_REORDERING      300     /* Linux's tcp_max_reordering */

/* ---------------------------------------------------------- receiver */

/* Report [seq, end_seq) as received twice in the next ACK (RFC 2883). */
void tcp_dsack_set(struct sock *sk, u32 seq, u32 end_seq)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!tcp_is_sack(tp) || !READ_ONCE(sysctl_tcp_dsack) || !before(seq, end_seq))
		return;
	tp->duplicate_sack.start_seq = seq;
	tp->duplicate_sack.end_seq = end_seq;
	tp->dsack = 1;
	NET_INC_STATS(before(seq, tp->rcv_nxt) ? LINUX_MIB_TCPDSACKOLDSENT : LINUX_MIB_TCPDSACKOFOSENT);
}

/*
 * The SACK blocks for the ACK being sent, at most max: the D-SACK block
 * first (and then forgotten: it is reported once), then the out-of-order
 * queue's blocks, newest first. Returns how many.
 */
int tcp_sack_options(struct sock *sk, struct tcp_sack_block *sp, int max)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_sack_gen g;
	struct sk_buff *skb;
	int n = 0;

	if (!tcp_is_sack(tp) || max <= 0)
		return 0;
	if (tp->dsack) {
		sp[n++] = tp->duplicate_sack;
		tp->dsack = 0;
	}
	if (skb_queue_empty(&tp->out_of_order_queue))
		return n;
	tcp_sack_gen_init(&g);
	skb_queue_walk(&tp->out_of_order_queue, skb)
		tcp_sack_gen_add(&g, TCP_SKB_CB(skb)->seq, TCP_SKB_CB(skb)->end_seq,
				 (u32)TCP_SKB_CB(skb)->tx_us);
	return n + tcp_sack_gen_finish(&g, sp + n, max - n);
}

/* ------------------------------------------------------------ sender */

/*
 * A D-SACK in front of the blocks? Count it, and a D-SACK for data below
 * the ACK that the current recovery retransmitted takes its segments off
 * undo_retrans (RFC 2883 6, Linux's tcp_check_dsack).
 */
static bool tcp_check_dsack(struct sock *sk, const struct tcp_sack_block *sp, int n, u32 ack,
			    u32 prior_snd_una)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 mss = tp->mss_cache ? tp->mss_cache : 1, segs;

	if (!tcp_sack_is_dsack(sp, n, ack))
		return false;
	NET_INC_STATS(before(sp[0].start_seq, ack) ? LINUX_MIB_TCPDSACKRECV : LINUX_MIB_TCPDSACKOFORECV);
	if (!before(sp[0].start_seq, sp[0].end_seq))
		return true;
	segs = DIV_ROUND_UP(sp[0].end_seq - sp[0].start_seq, mss);
	if (tp->undo_marker && tp->undo_retrans > 0 && !after(sp[0].end_seq, prior_snd_una) &&
	    after(sp[0].end_seq, tp->undo_marker))
		tp->undo_retrans = segs >= (u32)tp->undo_retrans ? 0 : tp->undo_retrans - segs;
	return true;
}

/* A block we do not believe: counted as Linux counts it. */
static void tcp_sack_discard(struct tcp_sock *tp, bool dup, const struct tcp_sack_block *b, u32 ack)
{
	if (dup)
		NET_INC_STATS(tp->undo_marker ? LINUX_MIB_TCPDSACKIGNOREDOLD : LINUX_MIB_TCPDSACKIGNOREDNOUNDO);
	else if (ack == tp->snd_una || after(b->end_seq, tp->snd_una))
		NET_INC_STATS(LINUX_MIB_TCPSACKDISCARD);        /* not just an old, reordered ACK */
}

/* The blocks worth tagging with, sorted by start. Returns how many. */
static int tcp_sack_select(struct sock *sk, struct tcp_sack_block *sp, int n, bool dsack, u32 ack,
			   u32 prior_snd_una)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int i, j, used = 0;

	for (i = 0; i < n; i++) {
		struct tcp_sack_block b = sp[i];
		bool dup = dsack && i == 0;

		if (!tcp_is_sackblock_valid(dup, b.start_seq, b.end_seq, tp->snd_una, tp->snd_nxt,
					    tp->undo_marker, tp->max_window)) {
			tcp_sack_discard(tp, dup, &b, ack);
			continue;
		}
		if (!after(b.end_seq, prior_snd_una))
			continue;               /* old news (a D-SACK below the ACK) */
		for (j = used; j > 0 && after(sp[j - 1].start_seq, b.start_seq); j--)
			sp[j] = sp[j - 1];
		sp[j] = b;
		used++;
	}
	return used;
}

/* A SACK for a segment never retransmitted, below the highest SACKed one:
 * the network reordered it. DupThresh grows to the distance seen. */
static void tcp_sack_reordering(struct sock *sk, const struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 mss = tp->mss_cache ? tp->mss_cache : 1;
	u32 dist = DIV_ROUND_UP(tp->highest_sack - TCP_SKB_CB(skb)->seq, mss);

	if (dist > tp->reordering)
		tp->reordering = min_t(u32, dist, TCP_MAX_REORDERING);
}

/* Mark one skb SACKed. Returns FLAG_DATA_SACKED if it was news. */
static int tcp_sacktag_one(struct sock *sk, struct sk_buff *skb, bool dup, bool *reord)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	u32 pcount = tcp_skb_pcount(skb);

	if (dup && (tcb->sacked & TCPCB_RETRANS) && tp->undo_marker && tp->undo_retrans > 0 &&
	    after(tcb->end_seq, tp->undo_marker))
		tp->undo_retrans--;             /* the retransmission was not needed */
	if (tcb->sacked & TCPCB_SACKED_ACKED)
		return 0;
	if (!(tcb->sacked & TCPCB_RETRANS) && tp->sacked_out && before(tcb->end_seq, tp->highest_sack)) {
		tcp_sack_reordering(sk, skb);
		*reord = true;
	}
	if (tcb->sacked & TCPCB_SACKED_RETRANS) {
		tcb->sacked &= ~TCPCB_SACKED_RETRANS;
		tp->retrans_out -= pcount;
	}
	if (tcb->sacked & TCPCB_LOST) {
		tcb->sacked &= ~TCPCB_LOST;
		tp->lost_out -= pcount;
	}
	tcb->sacked |= TCPCB_SACKED_ACKED;
	if (!tp->sacked_out || after(tcb->end_seq, tp->highest_sack))
		tp->highest_sack = tcb->end_seq;
	tp->sacked_out += pcount;
	return FLAG_DATA_SACKED;
}

/*
 * Does block b cover all of skb? A TSO skb it covers in part is split
 * first at a segment boundary (rounded so only whole segments, or the
 * short last one, count as SACKed), as Linux's tcp_match_skb_to_sack.
 */
static bool tcp_match_skb_to_sack(struct sock *sk, struct sk_buff *skb, const struct tcp_sack_block *b)
{
	struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);
	u32 mss = tcb->tcp_gso_size, len;
	bool in_sack = !after(b->start_seq, tcb->seq);

	if (in_sack && !before(b->end_seq, tcb->end_seq))
		return true;
	if (tcp_skb_pcount(skb) <= 1 || !mss || (tcb->tcp_flags & TCPHDR_SYN))
		return false;
	if (!in_sack) {
		len = DIV_ROUND_UP(b->start_seq - tcb->seq, mss) * mss;    /* the part before the block */
	} else {
		len = b->end_seq - tcb->seq;                    /* the part inside it */
		if (len < mss)
			return false;
		len -= len % mss;
	}
	if (len >= skb->len || tcp_fragment(sk, skb, len, mss))
		return false;
	return in_sack && !after(tcb->end_seq, b->end_seq);
}

/* Tag the sent skbs the sorted blocks cover. */
static int tcp_sacktag_walk(struct sock *sk, const struct tcp_sack_block *sp, int used, bool dsack,
			    const struct tcp_sack_block *dblk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;
	bool reord = false;
	int i = 0, flag = 0;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		struct tcp_skb_cb *tcb = TCP_SKB_CB(skb);

		if (skb == tp->send_head)
			break;
		while (i < used && !after(sp[i].end_seq, tcb->seq))
			i++;
		if (i == used)
			break;
		if (!after(tcb->end_seq, sp[i].start_seq))
			continue;
		if (tcp_match_skb_to_sack(sk, skb, &sp[i]))
			flag |= tcp_sacktag_one(sk, skb, dsack && !before(tcb->seq, dblk->start_seq) &&
						!after(tcb->end_seq, dblk->end_seq), &reord);
	}
	if (reord)
		NET_INC_STATS(LINUX_MIB_TCPSACKREORDER);
	return flag;
}

/*
 * The SACK option of ack_skb (already checked for its length by
 * tcp_parse_opts): validate, count and tag. Called by tcp_ack after
 * snd_una moved and before the acknowledged skbs are freed. Returns
 * FLAG_DATA_SACKED and FLAG_DSACKING_ACK as they apply.
 */
int tcp_sacktag_write_queue(struct sock *sk, const struct sk_buff *ack_skb, u32 prior_snd_una)
{
	const struct tcp_skb_cb *acb = TCP_SKB_CB(ack_skb);
	const u8 *opt = (const u8 *)(tcp_hdr(ack_skb) + 1) + acb->opts.sack_off - 1;
	struct tcp_sack_block sp[TCP_NUM_SACKS], dblk = { 0, 0 };
	int n = tcp_sack_read_blocks(opt, sp), used, flag = 0;
	bool dsack = tcp_check_dsack(sk, sp, n, acb->ack_seq, prior_snd_una);

	if (dsack) {
		flag |= FLAG_DSACKING_ACK;
		dblk = sp[0];
	}
	used = tcp_sack_select(sk, sp, n, dsack, acb->ack_seq, prior_snd_una);
	if (!used || !tcp_sk(sk)->packets_out)
		return flag;
	return flag | tcp_sacktag_walk(sk, sp, used, dsack, &dblk);
}
