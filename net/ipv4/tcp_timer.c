// SPDX-License-Identifier: MIT
/*
 * TCP timers: retransmission and zero-window probes (one timer, what it
 * is for in icsk_pending), delayed ACKs, and keepalive / FIN_WAIT2
 * timeout (sk->sk_timer). Callbacks run in TIMER softirq; they take
 * bh_lock_sock and, when a process owns the socket, leave the work to
 * tcp_release_cb (retransmit, delayed ACK) or retry shortly (keepalive).
 *
 * A pending timer holds a socket reference (sk_reset_timer). The
 * retransmit and delayed-ACK timers are armed lazily: their expiry may be
 * earlier than the work's due time (icsk_timeout, icsk_ack.timeout), and a
 * callback that fires early just re-arms for the due time.
 */
#include <shoal/kernel.h>
#include <net/tcp.h>

u64 keepalive_time_ns(const struct tcp_sock *tp)
{
	return tp->keepalive_time_s ? (u64)tp->keepalive_time_s * NSEC_PER_SEC : TCP_KEEPALIVE_TIME;
}

u64 keepalive_intvl_ns(const struct tcp_sock *tp)
{
	return tp->keepalive_intvl_s ? (u64)tp->keepalive_intvl_s * NSEC_PER_SEC : TCP_KEEPALIVE_INTVL;
}

int keepalive_probes(const struct tcp_sock *tp)
{
	return tp->keepalive_probes ? tp->keepalive_probes : TCP_KEEPALIVE_PROBES;
}

/* Give up on the connection: ETIMEDOUT (or the last ICMP error). */
static void tcp_write_err(struct sock *sk)
{
	WRITE_ONCE(sk->sk_err, sk->sk_err_soft ? : ETIMEDOUT);
	tcp_write_queue_purge(sk);
	tcp_done(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_error_report(sk);
	NET_INC_STATS(LINUX_MIB_TCPABORTONCLOSE);
}

/* Too many retransmissions (or TCP_USER_TIMEOUT passed)? Then abort. */
static bool tcp_write_timeout(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int limit;

	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV))
		limit = icsk->icsk_syn_retries ? :
			(sk->sk_state == TCP_SYN_SENT ? TCP_SYN_RETRIES : TCP_SYNACK_RETRIES);
	else
		limit = sock_flag(sk, SOCK_DEAD) ? TCP_ORPHAN_RETRIES : TCP_RETRIES2;
	if (icsk->icsk_user_timeout && tp->retrans_stamp &&
	    tcp_time_stamp_ms() - tp->retrans_stamp >= icsk->icsk_user_timeout) {
		tcp_write_err(sk);
		return true;
	}
	if (icsk->icsk_retransmits >= limit) {
		tcp_write_err(sk);
		return true;
	}
	return false;
}

/* A passive Fast Open child's SYN-ACK was not answered: send it again
 * from its request, backing off, up to tcp_synack_retries (Linux's
 * tcp_fastopen_synack_timer). */
static void tcp_fastopen_synack_timer(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct request_sock *req = tcp_sk(sk)->fastopen_rsk;

	if (icsk->icsk_retransmits >= READ_ONCE(sysctl_tcp_synack_retries)) {
		tcp_write_err(sk);
		return;
	}
	if (!tcp_v4_send_synack(req)) {
		req->num_retrans++;
		TCP_INC_STATS(TCP_MIB_RETRANSSEGS);
	}
	icsk->icsk_retransmits++;
	if (icsk->icsk_backoff < 16)
		icsk->icsk_backoff++;
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS,
				  tcp_rto_backoff(TCP_TIMEOUT_INIT_US, icsk->icsk_backoff));
}

void tcp_retransmit_timer(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	struct sk_buff *head = tcp_write_queue_head(sk);

	if (sk->sk_state == TCP_SYN_RECV && tp->fastopen_rsk) {
		tcp_fastopen_synack_timer(sk);
		return;
	}
	if (!tp->packets_out || !head || head == tp->send_head)
		return;
	if (tcp_write_timeout(sk))
		return;
	if (!icsk->icsk_retransmits) {
		NET_INC_STATS(LINUX_MIB_TCPTIMEOUTS);
		/* SACK recovery did not save it (Linux's TCPSackFailures) */
		if (tcp_is_sack(tp) && (icsk->icsk_ca_state == TCP_CA_Recovery ||
					icsk->icsk_ca_state == TCP_CA_Disorder || tp->sacked_out))
			NET_INC_STATS(LINUX_MIB_TCPSACKFAILURES);
	}
	tcp_enter_loss(sk);
	if (tcp_retransmit_skb(sk, head) < 0) {
		/* out of memory: try again soon, without backing off */
		inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, TCP_RTO_MIN_US);
		return;
	}
	if (icsk->icsk_backoff < 16)
		icsk->icsk_backoff++;
	icsk->icsk_retransmits++;
	inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, tcp_rto_now(sk));
}

static void tcp_probe_timer(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	int max_probes = sock_flag(sk, SOCK_DEAD) ? TCP_ORPHAN_RETRIES : TCP_RETRIES2;

	if (tp->packets_out || !tp->send_head) {
		icsk->icsk_probes_out = 0;
		return;
	}
	if (icsk->icsk_probes_out >= max_probes) {
		tcp_write_err(sk);
		return;
	}
	tcp_send_probe0(sk);
}

/* Called with the socket owned (or bh-locked and not owned). */
void tcp_write_timer_handler(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	int event = icsk->icsk_pending;

	sock_owned_by_me(sk);

	if (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)) || !event)
		return;
	if (ktime_get() < icsk->icsk_timeout) {
		sk_reset_timer(sk, &icsk->icsk_retransmit_timer, icsk->icsk_timeout);
		return;
	}
	icsk->icsk_pending = 0;
	if (event == ICSK_TIME_RETRANS)
		tcp_retransmit_timer(sk);
	else if (event == ICSK_TIME_LOSS_PROBE)
		tcp_send_loss_probe(sk);
	else if (event == ICSK_TIME_PROBE0)
		tcp_probe_timer(sk);
}

static void tcp_defer(struct sock *sk, int bit)
{
	if (!test_and_set_bit(bit, &inet_csk(sk)->icsk_deferred))
		sock_hold(sk);
}

static void tcp_write_timer(struct timer_list *t)
{
	struct inet_connection_sock *icsk = from_timer(icsk, t, icsk_retransmit_timer);
	struct sock *sk = (struct sock *)icsk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk))
		tcp_write_timer_handler(sk);
	else
		tcp_defer(sk, ICSK_WRITE_TIMER_DEFERRED);
	bh_unlock_sock(sk);
	sock_put(sk);
}

void tcp_delack_timer_handler(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	if (((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN)) || !(icsk->icsk_ack.pending & ICSK_ACK_TIMER))
		return;
	if (ktime_get() < icsk->icsk_ack.timeout) {
		sk_reset_timer(sk, &icsk->icsk_delack_timer, icsk->icsk_ack.timeout);
		return;
	}
	icsk->icsk_ack.pending &= ~ICSK_ACK_TIMER;
	if (!inet_csk_ack_scheduled(sk))
		return;
	if (icsk->icsk_ack.pingpong) {
		icsk->icsk_ack.pingpong = 0;
		icsk->icsk_ack.ato = TCP_ATO_MIN_US;
	} else {
		icsk->icsk_ack.ato = min_t(u32, icsk->icsk_ack.ato << 1, TCP_DELACK_MAX_US);
	}
	tcp_send_ack(sk);
	NET_INC_STATS(LINUX_MIB_DELAYEDACKS);
}

static void tcp_delack_timer(struct timer_list *t)
{
	struct inet_connection_sock *icsk = from_timer(icsk, t, icsk_delack_timer);
	struct sock *sk = (struct sock *)icsk;

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk))
		tcp_delack_timer_handler(sk);
	else
		tcp_defer(sk, ICSK_DELACK_TIMER_DEFERRED);
	bh_unlock_sock(sk);
	sock_put(sk);
}

void tcp_reset_keepalive_timer(struct sock *sk, ktime_t delay_ns)
{
	sk_reset_timer(sk, &sk->sk_timer, ktime_get() + delay_ns);
}

void tcp_delete_keepalive_timer(struct sock *sk)
{
	sk_stop_timer(sk, &sk->sk_timer);
}

void tcp_set_keepalive(struct sock *sk, int val)
{
	if ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))
		return;
	if (val && !sock_flag(sk, SOCK_KEEPOPEN))
		tcp_reset_keepalive_timer(sk, keepalive_time_ns(tcp_sk(sk)));
	else if (!val)
		tcp_delete_keepalive_timer(sk);
}

/* Keepalive probes on an idle connection; the orphaned FIN_WAIT2 timeout. */
void tcp_keepalive_handler(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);
	u64 elapsed, idle = keepalive_time_ns(tp);
	u32 now = tcp_time_stamp_ms(), last;

	if (sk->sk_state == TCP_LISTEN)
		return;
	if (sk->sk_state == TCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD)) {
		tcp_done(sk);
		return;
	}
	if (!sock_flag(sk, SOCK_KEEPOPEN) || ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_SYN_SENT)))
		return;
	if (tp->packets_out || tp->send_head) {
		tcp_reset_keepalive_timer(sk, idle);
		return;
	}
	last = max_t(u32, tp->rcv_tstamp, icsk->icsk_ack.lrcvtime);
	elapsed = (u64)(u32)(now - last) * NSEC_PER_MSEC;
	if (elapsed >= idle) {
		if (icsk->icsk_probes_out >= keepalive_probes(tp) ||
		    (icsk->icsk_user_timeout && elapsed >= (u64)icsk->icsk_user_timeout * NSEC_PER_MSEC &&
		     icsk->icsk_probes_out)) {
			tcp_write_err(sk);
			return;
		}
		if (tcp_write_wakeup(sk) <= 1) {
			icsk->icsk_probes_out++;
			NET_INC_STATS(LINUX_MIB_TCPKEEPALIVE);
		}
		tcp_reset_keepalive_timer(sk, keepalive_intvl_ns(tp));
		return;
	}
	tcp_reset_keepalive_timer(sk, idle - elapsed);
}

static void tcp_keepalive_timer(struct timer_list *t)
{
	struct sock *sk = from_timer(sk, t, sk_timer);

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk))
		tcp_reset_keepalive_timer(sk, 50 * NSEC_PER_MSEC);
	else
		tcp_keepalive_handler(sk);
	bh_unlock_sock(sk);
	sock_put(sk);
}

void tcp_init_xmit_timers(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	timer_setup(&icsk->icsk_retransmit_timer, tcp_write_timer, 0);
	timer_setup(&icsk->icsk_delack_timer, tcp_delack_timer, 0);
	timer_setup(&sk->sk_timer, tcp_keepalive_timer, 0);
	icsk->icsk_pending = 0;
	icsk->icsk_ack.pending = 0;
	icsk->icsk_deferred = 0;
}

/* release_sock: run the timer (and ICMP) work that found the socket owned. */
void tcp_release_cb(struct sock *sk)
{
	unsigned long *d = &inet_csk(sk)->icsk_deferred;

	if (!READ_ONCE(*d))
		return;
	if (test_and_clear_bit(ICSK_WRITE_TIMER_DEFERRED, d)) {
		tcp_write_timer_handler(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(ICSK_DELACK_TIMER_DEFERRED, d)) {
		tcp_delack_timer_handler(sk);
		__sock_put(sk);
	}
	if (test_and_clear_bit(ICSK_MTU_REDUCED_DEFERRED, d)) {
		inet_csk(sk)->icsk_af_ops->mtu_reduced(sk);
		__sock_put(sk);
	}
}
