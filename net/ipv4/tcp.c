// SPDX-License-Identifier: MIT
/*
 * TCP socket calls: sendmsg, recvmsg, poll, ioctl, options, shutdown and
 * close, and the state changes they share with input. Process context,
 * with the socket owned (lock_sock) unless said otherwise; locking rules
 * in include/net/tcp.h.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/random.h>
#include <uapi/poll.h>
#include <net/tcp.h>

/* Receive space left, in window bytes (the rest is skb overhead). */
int tcp_space(const struct sock *sk)
{
	return tcp_win_from_space(READ_ONCE(sk->sk_rcvbuf) - atomic_read(&sk->sk_rmem_alloc));
}

/* proto->init: a new TCP socket (also the defaults a child inherits). */
int tcp_init_sock(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	skb_queue_head_init(&tp->out_of_order_queue);
	tcp_init_xmit_timers(sk);
	icsk->icsk_rto = TCP_TIMEOUT_INIT_US;
	tp->mss_cache = TCP_MSS_DEFAULT;
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = 0x7fffffff;
	tp->reordering = 3;
	tp->tsoffset = get_random_u32();
	sk->sk_state = TCP_CLOSE;
	sk->sk_sndbuf = TCP_WMEM_DEFAULT;
	sk->sk_rcvbuf = TCP_RMEM_DEFAULT;
	sk->sk_write_space = sk_stream_write_space;
	sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;  /* tcp_v4_do_rcv, both families */
	icsk->icsk_af_ops = &ipv4_specific;
	sock_set_flag(sk, SOCK_USE_WRITE_QUEUE);
	icsk->icsk_ca_ops = NULL;
	tcp_init_congestion_control(sk);
	return 0;
}

/* Sockets closed by their user and not yet destroyed ("orphan" in sockstat). */
atomic_t tcp_orphan_count;

int tcp_orphan_count_sum(void)
{
	int n = atomic_read(&tcp_orphan_count);

	return n > 0 ? n : 0;
}

void tcp_set_state(struct sock *sk, int state)
{
	int old = sk->sk_state;

	sock_owned_by_me(sk);

	/* CurrEstab counts ESTABLISHED sockets, as Linux's */
	if (state == TCP_ESTABLISHED && old != TCP_ESTABLISHED)
		TCP_INC_STATS(TCP_MIB_CURRESTAB);
	else if (old == TCP_ESTABLISHED && state != TCP_ESTABLISHED)
		TCP_ADD_STATS(TCP_MIB_CURRESTAB, -1);
	if (old == TCP_SYN_RECV && state != TCP_SYN_RECV)
		tcp_fastopen_child_done(sk);
	if (state == TCP_CLOSE) {
		if (old == TCP_CLOSE_WAIT || old == TCP_ESTABLISHED)
			TCP_INC_STATS(TCP_MIB_ESTABRESETS);
		if (old != TCP_CLOSE)
			sk->sk_prot->unhash(sk);
		if (!hlist_unhashed(&sk->sk_bind_node) && !(sk->sk_userlocks & SOCK_BINDPORT_LOCK)) {
			inet_put_port(sk);
			sk->sk_num = 0;         /* inet_sport stays: a final RST still uses it */
		}
	}
	WRITE_ONCE(sk->sk_state, state);
}

/* The connection is over: CLOSE, timers off, wake or free. Socket owned. */
void tcp_done(struct sock *sk)
{
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))
		TCP_INC_STATS(TCP_MIB_ATTEMPTFAILS);
	tcp_set_state(sk, TCP_CLOSE);
	inet_csk_clear_xmit_timers(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (inet_csk(sk)->icsk_listener && inet_csk(sk)->icsk_queued != ICSK_Q_ACCEPT) {
		/* died in the SYN queue: nobody else will free it */
		inet_csk_unlink_child(sk);
		sock_set_flag(sk, SOCK_DEAD);
		atomic_inc(sk->sk_prot->orphan_count);  /* inet_csk_destroy_sock's decrement */
	}
	/* A child on the accept queue stays there, closed, as in Linux:
	 * accept() hands it out and the error (ECONNRESET) shows on it. */
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_state_change(sk);
	else
		inet_csk_destroy_sock(sk);
}

void tcp_write_queue_purge(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&sk->sk_write_queue))) {
		sk->sk_wmem_queued -= skb->truesize;
		kfree_skb(skb);
	}
	tp->send_head = NULL;
	tp->packets_out = tp->retrans_out = tp->lost_out = tp->sacked_out = 0;
	inet_csk(sk)->icsk_backoff = 0;
}

/* ------------------------------------------------------------ sending */

/*
 * The most payload one linear skb carries: its head (MAX_TCP_HEADER of
 * headroom, the data, the shared info) then fills a 64 KiB block exactly.
 * One byte more and kmalloc would hand out a 128 KiB block, half unused.
 */
#define TCP_MAX_LINEAR  (65536 - MAX_TCP_HEADER - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

static bool tcp_can_append(struct sock *sk, struct sk_buff *skb, int goal)
{
	struct tcp_sock *tp = tcp_sk(sk);

	return skb && tp->send_head && !after(TCP_SKB_CB(tp->send_head)->seq, TCP_SKB_CB(skb)->seq) &&
	       !(TCP_SKB_CB(skb)->tcp_flags & (TCPHDR_FIN | TCPHDR_SYN)) && !skb_cloned(skb) &&
	       (int)skb->len < goal && skb_tailroom(skb) > 0;
}

/* A new skb for up to goal bytes, queued at the write queue's tail
 * (Linux's tcp_stream_alloc_skb and tcp_skb_entail); NULL without memory. */
static struct sk_buff *tcp_stream_alloc_skb(struct sock *sk, int goal, size_t left)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb;

	skb = tcp_alloc_skb(min_t(size_t, min_t(size_t, goal, TCP_MAX_LINEAR),
				  max_t(size_t, left, 2048)), GFP_KERNEL);
	if (!skb)
		return NULL;
	TCP_SKB_CB(skb)->seq = TCP_SKB_CB(skb)->end_seq = tp->write_seq;
	TCP_SKB_CB(skb)->tcp_flags = TCPHDR_ACK;
	TCP_SKB_CB(skb)->sacked = 0;
	tcp_queue_skb(sk, skb);
	return skb;
}

/* The skb to append to and its room in *copy: the unsent tail if it has
 * room, else a new one; NULL when the send buffer is full. */
static struct sk_buff *tcp_send_skb_for(struct sock *sk, int goal, size_t left, int *copy)
{
	struct sk_buff *skb = tcp_write_queue_tail(sk);

	if (tcp_can_append(sk, skb, goal)) {
		*copy = min_t(int, goal - skb->len, skb_tailroom(skb));
		return skb;
	}
	if (sk->sk_wmem_queued >= sk->sk_sndbuf)
		return NULL;
	skb = tcp_stream_alloc_skb(sk, goal, left);
	if (skb)
		*copy = min_t(int, goal, skb_tailroom(skb));
	return skb;
}

/* Append copy bytes of msg to skb; write_seq advances by what arrived,
 * a partial copy included. 0 or -EFAULT. */
static int tcp_send_copy(struct sock *sk, struct sk_buff *skb, struct msghdr *msg, int copy,
			 int *copied)
{
	struct tcp_sock *tp = tcp_sk(sk);
	size_t got = copy_from_iter(skb_put(skb, copy), copy, &msg->msg_iter);

	if (got != (size_t)copy)
		skb_trim(skb, skb->len - (copy - got));
	tp->write_seq += got;
	TCP_SKB_CB(skb)->end_seq += got;
	*copied += got;
	return got == (size_t)copy ? 0 : -EFAULT;
}

/* Out of send buffer: push what is queued, then sleep for room. */
static int tcp_send_wait_space(struct sock *sk, int flags, long *timeo)
{
	if (sk->sk_socket)
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	tcp_push(sk, flags & ~MSG_MORE, tcp_sk(sk)->nonagle);
	return sk_stream_wait_memory(sk, timeo);
}

/* A failed send leaves no empty skb it queued and could not fill. */
static void tcp_remove_empty_skb(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb = tcp_write_queue_tail(sk);

	if (skb && !skb->len && skb == tp->send_head && !TCP_SKB_CB(skb)->tcp_flags) {
		__skb_unlink(skb, &sk->sk_write_queue);
		sk->sk_wmem_queued -= skb->truesize;
		tp->send_head = NULL;
		kfree_skb(skb);
	}
}

/* Push what a sendmsg queued; with MSG_OOB its last byte is urgent. */
static void tcp_push_oob(struct sock *sk, int flags)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (flags & MSG_OOB)
		tcp_mark_urg(tp);
	tcp_push(sk, flags, tp->nonagle);
}

/* sendmsg with the socket owned: bytes queued, or an error if none were. */
static int tcp_sendmsg_locked(struct sock *sk, struct msghdr *msg, size_t size)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int flags = msg->msg_flags, copied = 0, err, goal, copy;
	long timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	struct sk_buff *skb;
	size_t left;

	if ((1 << sk->sk_state) & ~(TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto do_error;
	}
	goal = tcp_xmit_size_goal(sk, tcp_send_mss(sk));
	while ((left = iov_iter_count(&msg->msg_iter))) {
		err = -EPIPE;
		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
			goto do_error;
		skb = tcp_send_skb_for(sk, goal, left, &copy);
		if (!skb) {
			err = tcp_send_wait_space(sk, flags, &timeo);
			if (err)
				goto do_error;
			goal = tcp_xmit_size_goal(sk, tcp_send_mss(sk));
			continue;
		}
		err = tcp_send_copy(sk, skb, msg, min_t(size_t, copy, left), &copied);
		if (err)
			goto do_error;
		/* a full skb goes now; the last one waits for tcp_push, which marks it PSH */
		if ((int)skb->len >= goal && iov_iter_count(&msg->msg_iter))
			__tcp_push_pending_frames(sk, tp->nonagle | TCP_NAGLE_PUSH);
	}
	if (copied)
		tcp_push_oob(sk, flags);
	return copied;

do_error:
	if (copied) {
		tcp_push_oob(sk, flags);
		return copied;
	}
	tcp_remove_empty_skb(sk);
	return sk_stream_error(sk, flags, err);
}

int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	int ret, copied_syn = 0;

	lock_sock(sk);
	/* Fast Open: the connect, with what fits in the SYN (tcp_fastopen.c) */
	if (unlikely((msg->msg_flags & MSG_FASTOPEN) || inet_sk(sk)->defer_connect)) {
		ret = tcp_sendmsg_fastopen(sk, msg, &copied_syn, size);
		if (ret == -EINPROGRESS && copied_syn > 0)
			ret = 0;
		if (ret)
			goto out;
		if (!iov_iter_count(&msg->msg_iter) || sk->sk_state == TCP_SYN_SENT) {
			ret = copied_syn;
			goto out;
		}
	}
	ret = tcp_sendmsg_locked(sk, msg, size - copied_syn);
	if (copied_syn)
		ret = ret > 0 ? ret + copied_syn : copied_syn;
out:
	release_sock(sk);
	return ret;
}

/* ---------------------------------------------------------- receiving */

/*
 * The reader freed space: ACK now if an ACK is owed for two full segments,
 * or if the window we could offer has doubled (Linux's tcp_cleanup_rbuf).
 * Without this the sender would stall on a closed window.
 */
void tcp_cleanup_rbuf(struct sock *sk, int copied)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	bool ack = false;

	if (inet_csk_ack_scheduled(sk)) {
		if (tp->rcv_nxt - tp->rcv_wup > icsk->icsk_ack.rcv_mss ||
		    (copied > 0 && (icsk->icsk_ack.pending & ICSK_ACK_PUSHED) &&
		     !icsk->icsk_ack.pingpong && !atomic_read(&sk->sk_rmem_alloc)))
			ack = true;
	}
	if (!ack && copied > 0 && !(sk->sk_shutdown & RCV_SHUTDOWN)) {
		u32 now = tcp_receive_window(tp);

		if (2 * now <= tp->window_clamp) {
			u32 nw = __tcp_select_window(sk);

			if (nw && nw >= 2 * now)
				ack = true;
		}
	}
	if (ack && (1 << sk->sk_state) & ~(TCPF_CLOSE | TCPF_LISTEN | TCPF_SYN_SENT))
		tcp_send_ack(sk);
}

/* Receive buffer autotuning: grow rcvbuf to twice what the reader takes
 * per measuring period, so the window never limits a fast reader. */
static void tcp_rcv_space_adjust(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u64 now = tcp_clock_us(), period = max_t(u64, tp->rtt.srtt8 >> 3, 4000);
	u32 copied;

	if (now - tp->rcv_space_us < period)
		return;
	copied = tp->copied_seq - tp->rcv_space_seq;
	if (copied > tp->rcv_space) {
		tp->rcv_space = copied;
		if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK)) {
			long want = 4L * copied;

			if (want > TCP_RMEM_MAX)
				want = TCP_RMEM_MAX;
			if (want > sk->sk_rcvbuf)
				WRITE_ONCE(sk->sk_rcvbuf, want);
		}
	}
	tp->rcv_space_seq = tp->copied_seq;
	tp->rcv_space_us = now;
}

/* The receive-queue skb holding seq, or NULL; *last is where the scan
 * stopped (sk_wait_data sleeps until something follows it). */
static struct sk_buff *tcp_recv_skb(struct sock *sk, u32 seq, struct sk_buff **last)
{
	struct sk_buff *skb;

	*last = NULL;
	skb_queue_walk(&sk->sk_receive_queue, skb) {
		*last = skb;
		if (before(seq, TCP_SKB_CB(skb)->seq))
			break;
		if (seq - TCP_SKB_CB(skb)->seq < skb->len)
			return skb;
	}
	return NULL;
}

/*
 * Copy up to len bytes of skb from *seq on (none with MSG_TRUNC) and
 * advance *seq; unless peeking, free skb once read through. The bytes
 * taken, or -EFAULT.
 */
static int tcp_recv_from_skb(struct sock *sk, struct sk_buff *skb, u32 *seq, struct msghdr *msg,
			     size_t len, int flags)
{
	u32 off = *seq - TCP_SKB_CB(skb)->seq;
	size_t used = min_t(size_t, skb->len - off, len);

	if (!(flags & MSG_TRUNC) && skb_copy_datagram_iter(skb, off, &msg->msg_iter, used))
		return -EFAULT;
	*seq += used;
	if (flags & MSG_PEEK)
		return used;
	if (off + used == skb->len) {
		__skb_unlink(skb, &sk->sk_receive_queue);
		consume_skb(skb);
	}
	tcp_rcv_space_adjust(sk);
	return used;
}

/* The urgent byte at *seq is not stream data (not SO_OOBINLINE): step
 * over it, freeing skb if that was its last byte. */
static void tcp_recv_skip_byte(struct sock *sk, struct sk_buff *skb, u32 *seq, int flags)
{
	*seq += 1;
	if (!(flags & MSG_PEEK) && *seq - TCP_SKB_CB(skb)->seq >= skb->len) {
		__skb_unlink(skb, &sk->sk_receive_queue);
		consume_skb(skb);
	}
	if (!(flags & MSG_PEEK))
		tcp_urg_passed(sk);
}

/*
 * Nothing to read at the reader's sequence: true if the read ends here,
 * with *copied set to the error to report when nothing was read (end of
 * stream, pending error, shutdown, close, no time left, a signal).
 */
static bool tcp_recv_done(struct sock *sk, int *copied, long timeo)
{
	if (*copied)
		return sk->sk_err || sk->sk_state == TCP_CLOSE || (sk->sk_shutdown & RCV_SHUTDOWN) ||
		       !timeo || signal_pending(current);
	if (sock_flag(sk, SOCK_DONE))
		return true;
	if (sk->sk_err) {
		*copied = sock_error(sk);
		return true;
	}
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return true;
	if (sk->sk_state == TCP_CLOSE) {
		*copied = -ENOTCONN;
		return true;
	}
	if (!timeo) {
		*copied = -EAGAIN;
		return true;
	}
	if (signal_pending(current)) {
		*copied = sock_intr_errno(timeo);
		return true;
	}
	return false;
}

/* SO_PEEK_OFF: on by what a peek saw, back by what a read took (Linux 6.10) */
static void tcp_peek_off_update(struct sock *sk, int flags, int used)
{
	if (flags & MSG_PEEK)
		sk_peek_offset_fwd(sk, used);
	else
		sk_peek_offset_bwd(sk, used);
}

/* recvmsg with the socket owned: bytes read, or an error if none were. */
static int tcp_recvmsg_locked(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *skb, *last;
	int copied = 0, target, used;
	u32 peek_seq, *seq;
	long timeo;

	if (sk->sk_state == TCP_LISTEN)
		return -ENOTCONN;
	if (flags & MSG_OOB)
		return tcp_recv_urg(sk, msg, len, flags);
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	seq = &tp->copied_seq;
	if (flags & MSG_PEEK) {         /* from SO_PEEK_OFF on, when set */
		peek_seq = tp->copied_seq + max(sk_peek_offset(sk, flags), 0);
		seq = &peek_seq;
	}
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	do {
		skb = tcp_recv_skb(sk, *seq, &last);
		if (skb) {
			bool skip;
			size_t take = tcp_urg_limit(sk, *seq, len, &skip);

			/* a read stops at the urgent mark, also before it
			 * starts when a signal (SIGURG) is pending (Linux)... */
			if (unlikely(tp->urg_data) && tp->urg_seq == *seq) {
				if (copied)
					break;
				if (signal_pending(current)) {
					copied = timeo ? sock_intr_errno(timeo) : -EAGAIN;
					break;
				}
			}
			/* ...and steps over the byte (unless SO_OOBINLINE) */
			if (skip) {
				tcp_recv_skip_byte(sk, skb, seq, flags);
				continue;
			}
			used = tcp_recv_from_skb(sk, skb, seq, msg, take, flags);
			if (used < 0) {
				if (!copied)
					copied = used;
				break;
			}
			copied += used;
			len -= used;
			tcp_peek_off_update(sk, flags, used);
			tcp_urg_passed(sk);
			continue;
		}
		if (copied >= target && !sk->sk_backlog.tail)
			break;
		if (tcp_recv_done(sk, &copied, timeo))
			break;
		if (copied >= target) {
			sk_flush_backlog(sk);   /* more may be waiting there */
			continue;
		}
		tcp_cleanup_rbuf(sk, copied);
		sk_wait_data(sk, &timeo, last);
	} while (len > 0);
	if (copied > 0 && !(flags & MSG_PEEK))
		tcp_cleanup_rbuf(sk, copied);
	return copied;
}

/*
 * TCP_CM_INQ's value, read after the copy (Linux's tcp_inq_hint): the
 * bytes still queued, and at least 1 after a FIN, so that a reader told 0
 * knows it may block and a reader at end of stream reads on to see it.
 */
static int tcp_inq_hint(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	int inq = tp->rcv_nxt - tp->copied_seq;

	if (inq < 0)
		inq = 0;
	if (inq == 0 && sock_flag(sk, SOCK_DONE))
		inq = 1;
	return inq;
}

int tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	int ret, inq = 0;
	bool want_inq;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;
	lock_sock(sk);
	ret = tcp_recvmsg_locked(sk, msg, len, flags);
	want_inq = tcp_sk(sk)->recvmsg_inq;
	if (want_inq && ret >= 0)
		inq = tcp_inq_hint(sk);
	release_sock(sk);
	if (want_inq && ret >= 0)
		put_cmsg(msg, SOL_TCP, TCP_CM_INQ, sizeof(inq), &inq);
	return ret;
}

/* ------------------------------------------------------------- poll */

/* Linux's tcp_poll readiness rules, bit for bit. */
unsigned int tcp_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait)
{
	struct sock *sk = sock->sk;
	unsigned int mask = 0;
	int state;

	sock_poll_wait(file, sock, wait);
	state = READ_ONCE(sk->sk_state);
	if (state == TCP_LISTEN)
		return READ_ONCE(sk->sk_ack_backlog) ? EPOLLIN | EPOLLRDNORM : 0;
	if (sk->sk_shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	/* a passive Fast Open child reads in SYN_RECV; a deferred Fast
	 * Open connect is writable, so that the first write sends the SYN */
	if (state != TCP_SYN_SENT && (state != TCP_SYN_RECV || READ_ONCE(tcp_sk(sk)->fastopen_rsk))) {
		int target = sock_rcvlowat(sk, 0, INT_MAX);
		u16 urg_data = READ_ONCE(tcp_sk(sk)->urg_data);

		/* an urgent byte at the mark is not readable data (Linux) */
		if (urg_data && tcp_at_mark(sk) && !sock_flag(sk, SOCK_URGINLINE))
			target++;
		if (tcp_inq(sk) >= target)
			mask |= EPOLLIN | EPOLLRDNORM;
		if (urg_data & TCP_URG_VALID)
			mask |= EPOLLPRI;
		if (!(sk->sk_shutdown & SEND_SHUTDOWN)) {
			if (sk_stream_is_writeable(sk)) {
				mask |= EPOLLOUT | EPOLLWRNORM;
			} else {
				set_bit(SOCK_NOSPACE, &sock->flags);
				smp_mb();       /* paired with the ACK path's check of SOCK_NOSPACE */
				if (sk_stream_is_writeable(sk))
					mask |= EPOLLOUT | EPOLLWRNORM;
			}
		} else {
			mask |= EPOLLOUT | EPOLLWRNORM;
		}
	}
	else if (state == TCP_SYN_SENT && inet_sk(sk)->defer_connect)
		mask |= EPOLLOUT | EPOLLWRNORM;
	smp_rmb();
	if (READ_ONCE(sk->sk_err) || !skb_queue_empty(&sk->sk_error_queue))
		mask |= EPOLLERR;
	return mask;
}

int tcp_ioctl(struct sock *sk, int cmd, int *karg)
{
	struct tcp_sock *tp = tcp_sk(sk);

	switch (cmd) {
	case SIOCINQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		lock_sock(sk);
		*karg = tcp_urg_inq(sk);
		release_sock(sk);
		return 0;
	case SIOCATMARK:
		*karg = tcp_at_mark(sk);
		return 0;
	case SIOCOUTQ:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		*karg = (1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV) ? 0 :
			READ_ONCE(tp->write_seq) - READ_ONCE(tp->snd_una);
		return 0;
	case SIOCOUTQNSD:
		if (sk->sk_state == TCP_LISTEN)
			return -EINVAL;
		*karg = (1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV) ? 0 :
			READ_ONCE(tp->write_seq) - READ_ONCE(tp->snd_nxt);
		return 0;
	}
	return -ENOIOCTLCMD;
}

/* -------------------------------------------------- shutdown, close */

/* The state after our FIN (RFC 793); true when a FIN must be sent. */
static bool tcp_close_state(struct sock *sk)
{
	switch (sk->sk_state) {
	case TCP_ESTABLISHED:
	case TCP_SYN_RECV:
		tcp_set_state(sk, TCP_FIN_WAIT1);
		return true;
	case TCP_CLOSE_WAIT:
		tcp_set_state(sk, TCP_LAST_ACK);
		return true;
	case TCP_SYN_SENT:
	case TCP_LISTEN:
		tcp_set_state(sk, TCP_CLOSE);
		return false;
	default:
		return false;
	}
}

/* proto->shutdown: how is RCV_SHUTDOWN|SEND_SHUTDOWN bits. */
void tcp_shutdown(struct sock *sk, int how)
{
	if (!(how & SEND_SHUTDOWN))
		return;
	if ((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_SYN_SENT | TCPF_SYN_RECV | TCPF_CLOSE_WAIT)) {
		if (tcp_close_state(sk))
			tcp_send_fin(sk);
	}
}

static bool tcp_need_reset(int state)
{
	return (1 << state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 |
			       TCPF_FIN_WAIT2 | TCPF_SYN_RECV);
}

/* Abort to CLOSE (RST if connected) and reset the socket for reuse. */
int tcp_disconnect(struct sock *sk, int flags)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int old = sk->sk_state;

	if (old == TCP_LISTEN) {
		tcp_set_state(sk, TCP_CLOSE);
		inet_csk_listen_stop(sk);
	} else if (tcp_need_reset(old) ||
		   (tp->snd_nxt != tp->write_seq && ((1 << old) & (TCPF_CLOSING | TCPF_LAST_ACK)))) {
		tcp_send_active_reset(sk);
		WRITE_ONCE(sk->sk_err, ECONNRESET);
	} else if (old == TCP_SYN_SENT) {
		WRITE_ONCE(sk->sk_err, ECONNRESET);
	}
	if (old != TCP_CLOSE)
		tcp_set_state(sk, TCP_CLOSE);
	inet_csk_clear_xmit_timers(sk);
	skb_queue_purge(&sk->sk_receive_queue);
	skb_queue_purge(&tp->out_of_order_queue);
	tcp_write_queue_purge(sk);
	sk->sk_shutdown = 0;
	sock_reset_flag(sk, SOCK_DONE);
	tp->urg_data = 0;
	tp->urg_mode = 0;
	tp->write_seq += tp->max_window + 2;
	if (!tp->write_seq)
		tp->write_seq = 1;
	tp->snd_cwnd = TCP_INIT_CWND;
	tp->snd_ssthresh = 0x7fffffff;
	tp->undo_marker = 0;
	tp->tlp_high_seq = 0;
	tp->dsack = 0;
	tp->reordering = 3;
	tp->snd_wnd = 0;
	tp->rtt.srtt8 = tp->rtt.mdev4 = 0;
	icsk->icsk_rto = TCP_TIMEOUT_INIT_US;
	icsk->icsk_backoff = 0;
	icsk->icsk_retransmits = 0;
	icsk->icsk_probes_out = 0;
	icsk->icsk_ca_state = TCP_CA_Open;
	icsk->icsk_ack.ato = 0;
	icsk->icsk_ack.rcv_mss = 0;
	tp->fin_sent = 0;
	tp->syn_fastopen = tp->syn_data = tp->syn_data_acked = 0;
	tp->fastopen_client_fail = 0;
	inet_sk(sk)->defer_connect = 0;
	sk_dst_reset(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_error_report(sk);
	return 0;
}

/* SO_LINGER with a time: wait for our FIN to be acknowledged. */
static void tcp_wait_close(struct sock *sk, long timeout)
{
	while (timeout && ((1 << sk->sk_state) & (TCPF_FIN_WAIT1 | TCPF_CLOSING | TCPF_LAST_ACK)) &&
	       !signal_pending(current))
		sk_wait_event(sk, &timeout, !((1 << sk->sk_state) &
					       (TCPF_FIN_WAIT1 | TCPF_CLOSING | TCPF_LAST_ACK)));
}

/* proto->close: the user's last reference is gone. */
void tcp_close(struct sock *sk, long timeout)
{
	struct sk_buff *skb;
	u32 unread = 0;
	int state;

	lock_sock(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	if (sk->sk_state == TCP_LISTEN) {
		tcp_set_state(sk, TCP_CLOSE);
		inet_csk_listen_stop(sk);
		goto adjudge_to_death;
	}
	while ((skb = __skb_dequeue(&sk->sk_receive_queue))) {
		unread += skb->len;
		kfree_skb(skb);
	}
	if (sk->sk_state == TCP_CLOSE)
		goto adjudge_to_death;
	if (unread) {
		/* RFC 2525 2.17: unread data means the application lost it */
		NET_INC_STATS(LINUX_MIB_TCPABORTONCLOSE);
		tcp_set_state(sk, TCP_CLOSE);
		tcp_send_active_reset(sk);
	} else if (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime) {
		sk->sk_prot->disconnect(sk, 0);
		NET_INC_STATS(LINUX_MIB_TCPABORTONDATA);
	} else if (tcp_close_state(sk)) {
		tcp_send_fin(sk);
	}
	if (timeout)
		tcp_wait_close(sk, timeout);

adjudge_to_death:
	state = sk->sk_state;
	sock_hold(sk);
	sock_orphan(sk);
	atomic_inc(sk->sk_prot->orphan_count);  /* before input can destroy it */
	release_sock(sk);

	local_bh_disable();
	bh_lock_sock(sk);
	if (state != TCP_CLOSE && sk->sk_state == TCP_CLOSE)
		goto out;               /* input closed it meanwhile (and freed it) */
	if (sk->sk_state == TCP_FIN_WAIT2) {
		struct tcp_sock *tp = tcp_sk(sk);

		if (tp->linger2 < 0) {
			tcp_set_state(sk, TCP_CLOSE);
			tcp_send_active_reset(sk);
		} else {
			tcp_reset_keepalive_timer(sk, tp->linger2 ? (ktime_t)tp->linger2 * NSEC_PER_SEC :
						  TCP_FIN_TIMEOUT_NS);
		}
	}
	if (sk->sk_state == TCP_CLOSE)
		inet_csk_destroy_sock(sk);
out:
	bh_unlock_sock(sk);
	local_bh_enable();
	sock_put(sk);
}

/* ----------------------------------------------------------- options */

static int tcp_push_now(struct sock *sk)
{
	__tcp_push_pending_frames(sk, tcp_sk(sk)->nonagle | TCP_NAGLE_PUSH);
	return 0;
}

static int do_tcp_setsockopt(struct sock *sk, int optname, int val)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	switch (optname) {
	case TCP_NODELAY:
		if (val) {
			tp->nonagle |= TCP_NAGLE_OFF;
			return tcp_push_now(sk);
		}
		tp->nonagle &= ~TCP_NAGLE_OFF;
		return 0;
	case TCP_CORK:
		if (val) {
			tp->nonagle |= TCP_NAGLE_CORK;
			return 0;
		}
		tp->nonagle &= ~TCP_NAGLE_CORK;
		return tcp_push_now(sk);
	case TCP_MAXSEG:
		if (val && (val < TCP_MIN_MSS || val > 65535))
			return -EINVAL;
		tp->user_mss = val;
		return 0;
	case TCP_KEEPIDLE:
		if (val < 1 || val > 32767)
			return -EINVAL;
		tp->keepalive_time_s = val;
		if (sock_flag(sk, SOCK_KEEPOPEN) && !((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			tcp_reset_keepalive_timer(sk, keepalive_time_ns(tp));
		return 0;
	case TCP_KEEPINTVL:
		if (val < 1 || val > 32767)
			return -EINVAL;
		tp->keepalive_intvl_s = val;
		return 0;
	case TCP_KEEPCNT:
		if (val < 1 || val > 127)
			return -EINVAL;
		tp->keepalive_probes = val;
		return 0;
	case TCP_SYNCNT:
		if (val < 1 || val > 127)
			return -EINVAL;
		icsk->icsk_syn_retries = val;
		return 0;
	case TCP_LINGER2:
		tp->linger2 = val < 0 ? -1 : min(val, 120);
		return 0;
	case TCP_QUICKACK:
		if (val) {
			tcp_enter_quickack_mode(sk);
			if (inet_csk_ack_scheduled(sk) && sk->sk_state != TCP_CLOSE)
				tcp_send_ack(sk);
		} else {
			icsk->icsk_ack.pingpong = 1;
		}
		return 0;
	case TCP_USER_TIMEOUT:
		if (val < 0)
			return -EINVAL;
		icsk->icsk_user_timeout = val;
		return 0;
	case TCP_INQ:
		if (val > 1 || val < 0)
			return -EINVAL;
		tp->recvmsg_inq = val;
		return 0;
	case TCP_FASTOPEN:
	case TCP_FASTOPEN_CONNECT:
	case TCP_FASTOPEN_NO_COOKIE:
		return tcp_fastopen_setsockopt(sk, optname, val);
	}
	return -ENOPROTOOPT;
}

int tcp_setsockopt(struct sock *sk, int level, int optname, char __user *optval, unsigned int optlen)
{
	int val, err;

	if (level != SOL_TCP)
		return ip_setsockopt(sk, level, optname, optval, optlen);
	if (optname == TCP_CONGESTION) {
		char name[TCP_CA_NAME_MAX];
		unsigned int n = min_t(unsigned int, optlen, TCP_CA_NAME_MAX - 1);

		if (copy_from_user(name, optval, n))
			return -EFAULT;
		name[n] = 0;
		lock_sock(sk);
		err = tcp_set_congestion_control(sk, name);
		release_sock(sk);
		return err;
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	if (get_user(val, (int __user *)optval))
		return -EFAULT;
	lock_sock(sk);
	err = do_tcp_setsockopt(sk, optname, val);
	release_sock(sk);
	return err;
}

void tcp_get_info(struct sock *sk, struct tcp_info *info)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);
	const struct tcp_sock *tp = tcp_sk(sk);
	u32 now = tcp_time_stamp_ms();

	memset(info, 0, sizeof(*info));
	info->tcpi_state = sk->sk_state;
	/* as Linux, these two for every state, listeners too */
	info->tcpi_reordering = tp->reordering;
	info->tcpi_snd_cwnd = tp->snd_cwnd;
	if (sk->sk_state == TCP_LISTEN) {
		info->tcpi_unacked = READ_ONCE(sk->sk_ack_backlog);
		info->tcpi_sacked = READ_ONCE(sk->sk_max_ack_backlog);
		return;
	}
	info->tcpi_ca_state = icsk->icsk_ca_state;
	info->tcpi_retransmits = icsk->icsk_retransmits;
	info->tcpi_probes = icsk->icsk_probes_out;
	info->tcpi_backoff = icsk->icsk_backoff;
	if (tp->tstamp_ok)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (tcp_is_sack(tp))
		info->tcpi_options |= TCPI_OPT_SACK;
	if (tp->syn_data_acked)
		info->tcpi_options |= TCPI_OPT_SYN_DATA;
	info->tcpi_fastopen_client_fail = tp->fastopen_client_fail;
	if (tp->wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = tp->snd_wscale;
		info->tcpi_rcv_wscale = tp->rcv_wscale;
	}
	info->tcpi_rto = tcp_rto_now(sk);
	info->tcpi_ato = icsk->icsk_ack.ato;
	info->tcpi_snd_mss = tp->mss_cache;
	info->tcpi_rcv_mss = icsk->icsk_ack.rcv_mss;
	info->tcpi_unacked = tp->packets_out;
	info->tcpi_sacked = tp->sacked_out;
	info->tcpi_lost = tp->lost_out;
	info->tcpi_retrans = tp->retrans_out;
	info->tcpi_last_data_sent = now - tp->lsndtime;
	info->tcpi_last_data_recv = now - icsk->icsk_ack.lrcvtime;
	info->tcpi_last_ack_recv = now - tp->rcv_tstamp;
	info->tcpi_pmtu = icsk->icsk_pmtu_cookie;
	info->tcpi_rcv_ssthresh = tp->rcv_ssthresh;
	info->tcpi_rtt = tp->rtt.srtt8 >> 3;
	info->tcpi_rttvar = tp->rttvar_us;
	info->tcpi_snd_ssthresh = tp->snd_ssthresh;
	info->tcpi_snd_cwnd = tp->snd_cwnd;
	info->tcpi_advmss = tp->advmss;
	info->tcpi_reordering = tp->reordering;
	info->tcpi_rcv_space = tp->rcv_space;
	info->tcpi_total_retrans = tp->total_retrans;
	info->tcpi_bytes_acked = tp->bytes_acked;
	info->tcpi_bytes_received = tp->bytes_received;
	info->tcpi_segs_out = tp->segs_out;
	info->tcpi_segs_in = tp->segs_in;
	info->tcpi_notsent_bytes = tp->write_seq - tp->snd_nxt;
	info->tcpi_min_rtt = tp->min_rtt_us;
	info->tcpi_data_segs_in = tp->data_segs_in;
	info->tcpi_data_segs_out = tp->data_segs_out;
	info->tcpi_delivered = tp->delivered;
	info->tcpi_bytes_sent = tp->bytes_sent;
	info->tcpi_snd_wnd = tp->snd_wnd;
	info->tcpi_rcv_wnd = tp->rcv_wnd;
	if (tp->rtt.srtt8)
		info->tcpi_delivery_rate = (u64)tp->snd_cwnd * tp->mss_cache * 1000000ULL /
					   max_t(u32, tp->rtt.srtt8 >> 3, 1);
}

static int tcp_getsockopt_int(struct sock *sk, int optname, int *val)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	switch (optname) {
	case TCP_NODELAY:
		*val = !!(tp->nonagle & TCP_NAGLE_OFF);
		return 0;
	case TCP_CORK:
		*val = !!(tp->nonagle & TCP_NAGLE_CORK);
		return 0;
	case TCP_MAXSEG:
		*val = tp->mss_reported ? : tp->mss_cache;
		if (tp->user_mss && ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)))
			*val = tp->user_mss;
		return 0;
	case TCP_KEEPIDLE:
		*val = keepalive_time_ns(tp) / NSEC_PER_SEC;
		return 0;
	case TCP_KEEPINTVL:
		*val = keepalive_intvl_ns(tp) / NSEC_PER_SEC;
		return 0;
	case TCP_KEEPCNT:
		*val = keepalive_probes(tp);
		return 0;
	case TCP_SYNCNT:
		*val = icsk->icsk_syn_retries ? : TCP_SYN_RETRIES;
		return 0;
	case TCP_LINGER2:
		*val = tp->linger2 ? tp->linger2 : TCP_FIN_TIMEOUT_NS / NSEC_PER_SEC;
		if (tp->linger2 < 0)
			*val = -1;
		return 0;
	case TCP_QUICKACK:
		*val = !icsk->icsk_ack.pingpong;
		return 0;
	case TCP_USER_TIMEOUT:
		*val = icsk->icsk_user_timeout;
		return 0;
	case TCP_INQ:
		*val = tp->recvmsg_inq;
		return 0;
	case TCP_FASTOPEN:
		*val = icsk->icsk_accept_queue.fastopen_max_qlen;
		return 0;
	case TCP_FASTOPEN_CONNECT:
		*val = tp->fastopen_connect;
		return 0;
	case TCP_FASTOPEN_NO_COOKIE:
		*val = tp->fastopen_no_cookie;
		return 0;
	}
	return -ENOPROTOOPT;
}

int tcp_getsockopt(struct sock *sk, int level, int optname, char __user *optval, int __user *optlen)
{
	int len, val, err;

	if (level != SOL_TCP)
		return ip_getsockopt(sk, level, optname, optval, optlen);
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (optname == TCP_INFO) {
		struct tcp_info info;

		lock_sock(sk);
		tcp_get_info(sk, &info);
		release_sock(sk);
		return sockopt_put(optval, optlen, len, &info, sizeof(info));
	}
	if (optname == TCP_CONGESTION) {
		char name[TCP_CA_NAME_MAX];

		memset(name, 0, sizeof(name));
		strlcpy(name, inet_csk(sk)->icsk_ca_ops->name, sizeof(name));
		return sockopt_put(optval, optlen, len, name, TCP_CA_NAME_MAX);
	}
	lock_sock(sk);
	err = tcp_getsockopt_int(sk, optname, &val);
	release_sock(sk);
	if (err)
		return err;
	return sockopt_put_int(optval, optlen, len, val);
}

void tcp_init(void)
{
	inet_hashinfo_init();
	inet_twsk_init();
	reqsk_cache_init();
	tcp_cong_init();
}
