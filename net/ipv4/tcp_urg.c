// SPDX-License-Identifier: MIT
/*
 * TCP urgent data, with Linux's (BSD's) semantics.
 *
 * Sending: send(MSG_OOB) makes the last byte of the call urgent: snd_up
 * points one past it, and every segment sent from before snd_up, while
 * it is unacknowledged, carries URG and the pointer (RFC 6093: the
 * pointer names the byte after the urgent one).
 *
 * Receiving: the first segment whose pointer is new records the byte's
 * sequence number (TCP_URG_NOTYET), sends SIGURG to the socket's owner
 * and SIGIO with POLL_PRI to O_ASYNC owners; the segment carrying the
 * byte stores it (TCP_URG_VALID). Unless SO_OOBINLINE, the byte is not
 * part of the stream: recv(MSG_OOB) returns it once, an ordinary read
 * stops at the mark (SIOCATMARK) and skips the byte. A newer pointer
 * replaces an unread byte.
 *
 * All under the socket lock (input: bh_lock_sock or the owner's backlog).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <shoal/fs.h>
#include <shoal/net.h>
#include <uapi/signal.h>
#include <uapi/socket.h>

/* ---------------------------------------------------------------- send */

/* send(MSG_OOB) queued data ending at write_seq: its last byte is urgent. */
void tcp_mark_urg(struct tcp_sock *tp)
{
	tp->snd_up = tp->write_seq;
	tp->urg_mode = 1;
}

/* The acknowledgment covers the urgent byte: segments stop saying URG. */
void tcp_urg_acked(struct tcp_sock *tp)
{
	if (tp->urg_mode && !before(tp->snd_una, tp->snd_up))
		tp->urg_mode = 0;
}

/* URG and the pointer for a segment starting at @seq (Linux's
 * __tcp_transmit_skb); 0 when the segment needs none. */
u8 tcp_urg_header(struct tcp_sock *tp, u32 seq, __be16 *urg_ptr)
{
	if (!tp->urg_mode || !before(seq, tp->snd_up))
		return 0;
	if (before(tp->snd_up, seq + 0x10000)) {
		*urg_ptr = htons(tp->snd_up - seq);
		return TCPHDR_URG;
	}
	if (after(seq + 0xFFFF, tp->snd_nxt)) {
		*urg_ptr = htons(0xFFFF);       /* the byte is further on */
		return TCPHDR_URG;
	}
	return 0;
}

/* ------------------------------------------------------------- receive */

/* A segment with URG set (Linux's tcp_check_urg). */
static void tcp_check_urg(struct sock *sk, const struct tcphdr *th)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 ptr = ntohs(th->urg_ptr);

	if (ptr)
		ptr--;                  /* BSD: the pointer is one past the byte */
	ptr += ntohl(th->seq);
	if (after(tp->copied_seq, ptr))
		return;                 /* read already */
	if (before(ptr, tp->rcv_nxt))
		return;                 /* an old pointer for data we have */
	if (tp->urg_data && !after(ptr, tp->urg_seq))
		return;                 /* the same, or an older, one */
	sk_send_sigurg(sk);
	/*
	 * The reader sits on an unread urgent byte which the new one
	 * replaces: as Linux, it drops out of the stream.
	 */
	if (tp->urg_seq == tp->copied_seq && tp->urg_data && !sock_flag(sk, SOCK_URGINLINE) &&
	    tp->copied_seq != tp->rcv_nxt) {
		struct sk_buff *skb = skb_peek(&sk->sk_receive_queue);

		tp->copied_seq++;
		if (skb && !before(tp->copied_seq, TCP_SKB_CB(skb)->end_seq)) {
			__skb_unlink(skb, &sk->sk_receive_queue);
			consume_skb(skb);
		}
	}
	tp->urg_data = TCP_URG_NOTYET;
	tp->urg_seq = ptr;
}

/* Every in-window segment, before its data is queued (Linux's tcp_urg):
 * skb->data is at the payload, TCP_SKB_CB(skb)->seq its first byte. */
void tcp_urg(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 off;
	u8 byte;

	if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_URG)
		tcp_check_urg(sk, tcp_hdr(skb));
	if (tp->urg_data != TCP_URG_NOTYET)
		return;
	off = tp->urg_seq - TCP_SKB_CB(skb)->seq - !!(TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN);
	if (off < skb->len && !skb_copy_bits(skb, off, &byte, 1)) {
		tp->urg_data = TCP_URG_VALID | byte;
		if (!sock_flag(sk, SOCK_DEAD))
			sk->sk_data_ready(sk);
	}
}

/* recv(MSG_OOB) (Linux's tcp_recv_urg); socket owned. */
int tcp_recv_urg(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	struct tcp_sock *tp = tcp_sk(sk);
	char c;

	if (sock_flag(sk, SOCK_URGINLINE) || !tp->urg_data || tp->urg_data == TCP_URG_READ)
		return -EINVAL;         /* Linux: "Yes this is right !" */
	if (sk->sk_state == TCP_CLOSE && !sock_flag(sk, SOCK_DONE))
		return -ENOTCONN;
	if (tp->urg_data & TCP_URG_VALID) {
		c = (char)tp->urg_data;
		if (!(flags & MSG_PEEK))
			WRITE_ONCE(tp->urg_data, TCP_URG_READ);
		msg->msg_flags |= MSG_OOB;
		if (len > 0) {
			if (!(flags & MSG_TRUNC) && copy_to_iter(&c, 1, &msg->msg_iter) != 1)
				return -EFAULT;
			return 1;
		}
		msg->msg_flags |= MSG_TRUNC;
		return 0;
	}
	if (sk->sk_state == TCP_CLOSE || (sk->sk_shutdown & RCV_SHUTDOWN))
		return 0;
	return -EAGAIN;                 /* the pointer came, the byte not yet */
}

/*
 * An ordinary read at @seq: how much of @len it may take before the mark.
 * At the mark itself (not inline), *skip is set: the urgent byte is not
 * stream data.
 */
size_t tcp_urg_limit(struct sock *sk, u32 seq, size_t len, bool *skip)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 off = tp->urg_seq - seq;

	*skip = false;
	if (!tp->urg_data || off >= len)
		return len;
	if (off)
		return off;
	if (!sock_flag(sk, SOCK_URGINLINE))
		*skip = true;
	return len;
}

/* The reader moved past the mark: the urgent byte is gone, read or not. */
void tcp_urg_passed(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->urg_data && after(tp->copied_seq, tp->urg_seq))
		WRITE_ONCE(tp->urg_data, 0);
}

/* SIOCATMARK: the reader is at the urgent byte. */
int tcp_at_mark(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	return READ_ONCE(tp->urg_data) && READ_ONCE(tp->urg_seq) == READ_ONCE(tp->copied_seq);
}

/* SIOCINQ: with an urgent byte ahead (not inline), the bytes before the
 * mark (Linux's tcp_ioctl). */
int tcp_urg_inq(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (sock_flag(sk, SOCK_URGINLINE) || !tp->urg_data || before(tp->urg_seq, tp->copied_seq) ||
	    !before(tp->urg_seq, tp->rcv_nxt))
		return tcp_inq(sk);
	return tp->urg_seq - tp->copied_seq;
}
