// SPDX-License-Identifier: MIT
/*
 * Connection sockets: listen, connect and accept at the socket layer, the
 * listener's SYN and accept queues, and the socket timers' reference
 * rules. Queue design and lock order: include/net/inet_connection_sock.h.
 *
 * Locks here: lock_sock(sk) for the socket calls; the listener's
 * icsk_accept_queue.lock (BHs off) for its lists, taken after a child's
 * socket lock and never held while taking a socket lock.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <uapi/fcntl.h>
#include <net/tcp.h>

/* A pending socket timer holds a reference on the socket. */
void sk_reset_timer(struct sock *sk, struct timer_list *t, ktime_t expires)
{
	if (!timer_arm(t, expires))
		sock_hold(sk);
}

void sk_stop_timer(struct sock *sk, struct timer_list *t)
{
	if (del_timer(t))
		__sock_put(sk);
}

/*
 * Schedule retransmit (or zero-window probe) work when_us from now. The
 * timer is only moved when the work is due earlier than it would fire; a
 * timer that fires early re-arms itself for icsk_timeout (tcp_timer.c), so
 * the per-ACK cost is a compare, not a timer-list insertion.
 */
void inet_csk_reset_xmit_timer(struct sock *sk, int what, u32 when_us)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct timer_list *t = &icsk->icsk_retransmit_timer;
	ktime_t when = ktime_get() + (ktime_t)when_us * NSEC_PER_USEC;

	icsk->icsk_pending = what;
	icsk->icsk_timeout = when;
	if (timer_pending(t) && READ_ONCE(t->expires) <= when)
		return;
	sk_reset_timer(sk, t, when);
}

/* Nothing to retransmit: the timer, if armed, finds icsk_pending 0. */
void inet_csk_clear_xmit_timer(struct sock *sk)
{
	inet_csk(sk)->icsk_pending = 0;
}

void inet_csk_clear_xmit_timers(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);

	icsk->icsk_pending = 0;
	icsk->icsk_ack.pending = 0;
	sk_stop_timer(sk, &icsk->icsk_retransmit_timer);
	sk_stop_timer(sk, &icsk->icsk_delack_timer);
	sk_stop_timer(sk, &sk->sk_timer);
}

void inet_csk_queue_init(struct sock *sk)
{
	struct inet_accept_queue *q = &inet_csk(sk)->icsk_accept_queue;

	spin_lock_init_ranked(&q->lock, "icsk_accept_queue.lock", LOCKRANK_ACCEPTQ);
	INIT_LIST_HEAD(&q->rsk_list);
	INIT_LIST_HEAD(&q->syn_list);
	q->synflood_warned = 0;
	q->synq_overflow_ts = 0;
	INIT_LIST_HEAD(&q->accept_list);
	q->syn_qlen = 0;
	q->fastopen_qlen = 0;
	q->wakeups = q->spurious = q->accepted = 0;
	WRITE_ONCE(q->overflows, 0);
}

/* Counters of listeners that have closed, for listen_stat's total line. */
static DEFINE_SPINLOCK(listen_closed_lock);
static struct {
	unsigned long wakeups, spurious, accepted, overflows;
} listen_closed;                /* [listen_closed_lock] */

void inet_csk_listen_overflow(struct sock *lsk)
{
	struct inet_accept_queue *q = &inet_csk(lsk)->icsk_accept_queue;

	NET_INC_STATS(LINUX_MIB_LISTENOVERFLOWS);
	NET_INC_STATS(LINUX_MIB_LISTENDROPS);
	__atomic_fetch_add(&q->overflows, 1, __ATOMIC_RELAXED);
}

/* Linux's sk_acceptq_is_full: the queue holds backlog + 1. */
bool inet_csk_acceptq_is_full(const struct sock *sk)
{
	return READ_ONCE(sk->sk_ack_backlog) > READ_ONCE(sk->sk_max_ack_backlog);
}

bool inet_csk_complete_hashdance(struct sock *child)
{
	struct inet_connection_sock *icsk = inet_csk(child);
	struct sock *lsk = icsk->icsk_listener;
	struct inet_accept_queue *q;

	if (!lsk)
		return false;
	q = &inet_csk(lsk)->icsk_accept_queue;
	spin_lock_bh(&q->lock);
	if (lsk->sk_state != TCP_LISTEN || icsk->icsk_queued != ICSK_Q_SYN) {
		spin_unlock_bh(&q->lock);
		return false;
	}
	if (inet_csk_acceptq_is_full(lsk)) {
		spin_unlock_bh(&q->lock);
		inet_csk_listen_overflow(lsk);
		return false;
	}
	list_move_tail(&icsk->icsk_queue_node, &q->accept_list);
	icsk->icsk_queued = ICSK_Q_ACCEPT;
	q->syn_qlen--;
	WRITE_ONCE(lsk->sk_ack_backlog, lsk->sk_ack_backlog + 1);
	spin_unlock_bh(&q->lock);
	lsk->sk_data_ready(lsk);
	return true;
}

/*
 * A Fast Open child (tcp_fastopen.c) goes to the accept queue at its SYN,
 * before its handshake ends (Linux's inet_csk_reqsk_queue_add); it counts
 * in fastopen_qlen until it leaves SYN_RECV. The caller holds the listener
 * (locked, listening) and checked that the accept queue has room.
 */
void inet_csk_fastopen_queue_add(struct sock *lsk, struct sock *child)
{
	struct inet_accept_queue *q = &inet_csk(lsk)->icsk_accept_queue;
	struct inet_connection_sock *icsk = inet_csk(child);

	spin_lock_bh(&q->lock);
	list_add_tail(&icsk->icsk_queue_node, &q->accept_list);
	icsk->icsk_queued = ICSK_Q_ACCEPT;
	icsk->icsk_listener = lsk;
	sock_hold(lsk);
	q->fastopen_qlen++;
	WRITE_ONCE(lsk->sk_ack_backlog, lsk->sk_ack_backlog + 1);
	spin_unlock_bh(&q->lock);
	lsk->sk_data_ready(lsk);
}

/* ---------------------------------------------------- the SYN queue */

/* Linux's inet_csk_reqsk_queue_is_full: the SYN queue holds the backlog. */
bool inet_csk_reqsk_queue_is_full(const struct sock *sk)
{
	return READ_ONCE(inet_csk(sk)->icsk_accept_queue.syn_qlen) >=
	       (int)READ_ONCE(sk->sk_max_ack_backlog);
}

/* RFC 6298's initial RTO, doubled per expiry, as Linux's reqsk_timer_handler. */
static ktime_t reqsk_timeout(const struct request_sock *req)
{
	return (ktime_t)tcp_rto_backoff(TCP_TIMEOUT_INIT_US, req->num_timeout) * NSEC_PER_USEC;
}

/*
 * The SYN-ACK timer: resend it until net.ipv4.tcp_synack_retries
 * expiries, then give up on the request. The pending timer holds a
 * reference; a request dropped while the handler runs is caught by the
 * second hashed check (whoever's del_timer wins drops that reference).
 */
static void reqsk_timer_handler(struct timer_list *t)
{
	struct request_sock *req = from_timer(req, t, rsk_timer);
	struct sock *lsk = req->rsk_listener;

	if (hlist_unhashed(&req->__req_common.skc_node))
		goto out;
	if (READ_ONCE(lsk->sk_state) != TCP_LISTEN ||
	    req->num_timeout >= READ_ONCE(sysctl_tcp_synack_retries)) {
		inet_csk_reqsk_queue_drop(req);
		goto out;
	}
	if (!tcp_req_af_ops(req)->send_synack(req)) {
		TCP_INC_STATS(TCP_MIB_RETRANSSEGS);
		req->num_retrans++;
	}
	req->num_timeout++;
	timer_arm(t, ktime_get() + reqsk_timeout(req));
	if (!READ_ONCE(req->__req_common.skc_node.pprev) && del_timer(t))
		goto out;
	return;
out:
	reqsk_put(req);
}

bool inet_csk_reqsk_queue_hash_add(struct sock *lsk, struct request_sock *req)
{
	struct inet_accept_queue *q = &inet_csk(lsk)->icsk_accept_queue;

	timer_setup(&req->rsk_timer, reqsk_timer_handler, 0);
	if (!inet_ehash_insert_req(req))
		return false;
	spin_lock_bh(&q->lock);
	list_add_tail(&req->rsk_list, &q->rsk_list);
	req->rsk_queued = 1;
	q->syn_qlen++;
	spin_unlock_bh(&q->lock);
	atomic_inc(&req->rsk_refcnt);           /* the timer's */
	timer_arm(&req->rsk_timer, ktime_get() + reqsk_timeout(req));
	return true;
}

void inet_csk_reqsk_queue_forget(struct request_sock *req)
{
	struct inet_accept_queue *q = &inet_csk(req->rsk_listener)->icsk_accept_queue;

	spin_lock_bh(&q->lock);
	if (req->rsk_queued) {
		list_del_init(&req->rsk_list);
		req->rsk_queued = 0;
		q->syn_qlen--;
	}
	spin_unlock_bh(&q->lock);
	if (del_timer(&req->rsk_timer))
		reqsk_put(req);
	reqsk_put(req);                         /* ehash's */
}

bool inet_csk_reqsk_queue_drop(struct request_sock *req)
{
	if (!inet_ehash_remove_req(req))
		return false;
	inet_csk_reqsk_queue_forget(req);
	return true;
}

/* The listener is closing: free its whole SYN queue now. */
static void inet_csk_reqsk_queue_purge(struct sock *sk)
{
	struct inet_accept_queue *q = &inet_csk(sk)->icsk_accept_queue;
	struct request_sock *req, *n;
	LIST_HEAD(reqs);

	spin_lock_bh(&q->lock);
	list_for_each_entry(req, &q->rsk_list, rsk_list) {
		atomic_inc(&req->rsk_refcnt);   /* queued: ehash's is still there */
		req->rsk_queued = 0;
	}
	list_splice_tail_init(&q->rsk_list, &reqs);
	spin_unlock_bh(&q->lock);
	list_for_each_entry_safe(req, n, &reqs, rsk_list) {
		list_del_init(&req->rsk_list);
		inet_csk_reqsk_queue_drop(req);
		reqsk_put(req);
	}
}

/*
 * A child that died in the SYN queue: off the listener's list, dropping
 * the list's reference on it and its reference on the listener. The
 * caller holds its own reference on child.
 */
void inet_csk_unlink_child(struct sock *child)
{
	struct inet_connection_sock *icsk = inet_csk(child);
	struct sock *lsk = icsk->icsk_listener;
	struct inet_accept_queue *q;
	bool was;

	if (!lsk)
		return;
	q = &inet_csk(lsk)->icsk_accept_queue;
	spin_lock_bh(&q->lock);
	was = icsk->icsk_queued != 0;
	if (icsk->icsk_queued == ICSK_Q_SYN)
		q->syn_qlen--;
	else if (icsk->icsk_queued == ICSK_Q_ACCEPT)
		WRITE_ONCE(lsk->sk_ack_backlog, lsk->sk_ack_backlog - 1);
	if (was)
		list_del_init(&icsk->icsk_queue_node);
	icsk->icsk_queued = 0;
	icsk->icsk_listener = NULL;
	spin_unlock_bh(&q->lock);
	if (was) {
		__sock_put(child);
		sock_put(lsk);
	}
}

/* Abort one child of a closing listener (Linux's inet_child_forget). */
static void inet_child_forget(struct sock *lsk, struct sock *child)
{
	local_bh_disable();
	bh_lock_sock(child);
	inet_csk(child)->icsk_listener = NULL;
	inet_csk(child)->icsk_queued = 0;
	tcp_disconnect(child, O_NONBLOCK);
	sock_set_flag(child, SOCK_DEAD);
	atomic_inc(child->sk_prot->orphan_count);
	if (child->sk_state == TCP_CLOSE)
		inet_csk_destroy_sock(child);
	bh_unlock_sock(child);
	local_bh_enable();
	sock_put(child);                /* the list's reference */
	sock_put(lsk);                  /* the child's reference on us */
}

/* The listener is closing (state already CLOSE, off lhash): reset every
 * child it still has. Called with the listener owned. */
void inet_csk_listen_stop(struct sock *sk)
{
	struct inet_accept_queue *q = &inet_csk(sk)->icsk_accept_queue;
	struct inet_connection_sock *icsk, *n;
	LIST_HEAD(children);

	sock_owned_by_me(sk);

	inet_csk_reqsk_queue_purge(sk);
	spin_lock_bh(&q->lock);
	list_splice_tail_init(&q->syn_list, &children);
	list_splice_tail_init(&q->accept_list, &children);
	q->syn_qlen = 0;
	WRITE_ONCE(sk->sk_ack_backlog, 0);
	list_for_each_entry(icsk, &children, icsk_queue_node)
		icsk->icsk_queued = 0;
	spin_unlock_bh(&q->lock);
	spin_lock(&listen_closed_lock);
	listen_closed.wakeups += q->wakeups;
	listen_closed.spurious += q->spurious;
	listen_closed.accepted += q->accepted;
	listen_closed.overflows += READ_ONCE(q->overflows);
	spin_unlock(&listen_closed_lock);
	list_for_each_entry_safe(icsk, n, &children, icsk_queue_node) {
		list_del_init(&icsk->icsk_queue_node);
		inet_child_forget(sk, (struct sock *)icsk);
	}
}

static int inet_csk_listen_start(struct sock *sk)
{
	inet_csk_queue_init(sk);
	WRITE_ONCE(sk->sk_ack_backlog, 0);
	tcp_set_state(sk, TCP_LISTEN);
	if (sk->sk_prot->get_port(sk, sk->sk_num)) {
		tcp_set_state(sk, TCP_CLOSE);
		return -EADDRINUSE;
	}
	inet_sk(sk)->inet_sport = htons(sk->sk_num);
	sk_dst_reset(sk);
	return sk->sk_prot->hash(sk);
}

int inet_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	int old, err = -EINVAL;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED || sock->type != SOCK_STREAM)
		goto out;
	old = sk->sk_state;
	if (!((1 << old) & (TCPF_CLOSE | TCPF_LISTEN)))
		goto out;
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	err = 0;
	if (old != TCP_LISTEN)
		err = inet_csk_listen_start(sk);
	if (!err)
		tcp_fastopen_listen(sk, backlog);
out:
	release_sock(sk);
	return err;
}

/* Sleep (exclusively: one connection wakes one acceptor) until the accept
 * queue has a child. 0 or -errno. */
static int inet_csk_wait_for_connect(struct sock *sk, long timeo)
{
	struct inet_accept_queue *q = &inet_csk(sk)->icsk_accept_queue;
	DEFINE_WAIT(wait);
	bool woken;
	int err;

	for (;;) {
		prepare_to_wait_exclusive(sk->sk_wq, &wait, TASK_INTERRUPTIBLE);
		release_sock(sk);
		woken = list_empty(&q->accept_list);
		if (woken)
			timeo = schedule_timeout(timeo);
		lock_sock(sk);
		err = 0;
		if (woken)
			WRITE_ONCE(q->wakeups, q->wakeups + 1);
		if (!list_empty(&q->accept_list))
			break;
		if (woken)      /* another acceptor got there first, or a signal */
			WRITE_ONCE(q->spurious, q->spurious + 1);
		err = -EINVAL;
		if (sk->sk_state != TCP_LISTEN)
			break;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		err = -EAGAIN;
		if (!timeo)
			break;
	}
	finish_wait(sk->sk_wq, &wait);
	return err;
}

struct sock *inet_csk_accept(struct sock *sk, int flags, int *err, bool kern)
{
	struct inet_accept_queue *q = &inet_csk(sk)->icsk_accept_queue;
	struct inet_connection_sock *icsk;
	struct sock *child = NULL;
	int error;

	lock_sock(sk);
	error = -EINVAL;
	if (sk->sk_state != TCP_LISTEN)
		goto out;
	if (list_empty(&q->accept_list)) {
		long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);

		error = -EAGAIN;
		if (!timeo)
			goto out;
		error = inet_csk_wait_for_connect(sk, timeo);
		if (error)
			goto out;
	}
	spin_lock_bh(&q->lock);
	icsk = list_first_entry(&q->accept_list, struct inet_connection_sock, icsk_queue_node);
	list_del_init(&icsk->icsk_queue_node);
	icsk->icsk_queued = 0;
	icsk->icsk_listener = NULL;
	WRITE_ONCE(sk->sk_ack_backlog, sk->sk_ack_backlog - 1);
	WRITE_ONCE(q->accepted, q->accepted + 1);
	spin_unlock_bh(&q->lock);
	child = (struct sock *)icsk;
	__sock_put(sk);                 /* the child's reference on us */
	__sock_put(child);              /* the list's; the alive one stays */
	error = 0;
out:
	release_sock(sk);
	*err = error;
	return child;
}

int inet_accept(struct socket *sock, struct socket *newsock, int flags, bool kern)
{
	struct sock *sk1 = sock->sk, *sk2;
	int err = -EINVAL;

	sk2 = sk1->sk_prot->accept(sk1, flags, &err, kern);
	if (!sk2)
		return err;
	lock_sock(sk2);
	sock_graft(sk2, newsock);
	newsock->state = SS_CONNECTED;
	release_sock(sk2);
	return 0;
}

/* Wait for a connect in progress to finish; false on timeout or signal. */
static long inet_wait_for_connect(struct sock *sk, long timeo)
{
	DEFINE_WAIT(wait);

	prepare_to_wait(sk->sk_wq, &wait, TASK_INTERRUPTIBLE);
	while ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		release_sock(sk);
		timeo = schedule_timeout(timeo);
		lock_sock(sk);
		if (signal_pending(current) || !timeo)
			break;
		prepare_to_wait(sk->sk_wq, &wait, TASK_INTERRUPTIBLE);
	}
	finish_wait(sk->sk_wq, &wait);
	return timeo;
}

int __inet_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags,
			  int is_sendmsg)
{
	struct sock *sk = sock->sk;
	long timeo;
	int err;

	/* a Fast Open sendmsg after a deferred connect has no address */
	if (uaddr || !is_sendmsg) {
		if (addr_len < (int)sizeof(uaddr->sa_family))
			return -EINVAL;
		if (uaddr->sa_family == AF_UNSPEC) {
			err = sk->sk_prot->disconnect(sk, flags);
			sock->state = err ? SS_DISCONNECTING : SS_UNCONNECTED;
			return err;
		}
	}
	switch (sock->state) {
	default:
		return -EINVAL;
	case SS_CONNECTED:
		return -EISCONN;
	case SS_CONNECTING:
		if (inet_sk(sk)->defer_connect)
			err = is_sendmsg ? -EINPROGRESS : -EISCONN;
		else
			err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		if (sk->sk_state != TCP_CLOSE)
			return -EISCONN;
		err = sk->sk_prot->connect(sk, uaddr, addr_len);
		if (err < 0)
			return err;
		sock->state = SS_CONNECTING;
		/* TCP_FASTOPEN_CONNECT with a cookie: the first write sends the SYN */
		if (inet_sk(sk)->defer_connect)
			return 0;
		err = -EINPROGRESS;
		break;
	}
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
		if (!timeo)
			return err;
		timeo = inet_wait_for_connect(sk, timeo);
		if ((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) {
			if (signal_pending(current))
				return sock_intr_errno(timeo);
			return -EINPROGRESS;    /* SO_SNDTIMEO ran out */
		}
	}
	if (sk->sk_state == TCP_CLOSE)
		goto sock_error;
	sock->state = SS_CONNECTED;
	return 0;

sock_error:
	err = sock_error(sk) ? : -ECONNABORTED;
	sock->state = SS_UNCONNECTED;
	if (sk->sk_prot->disconnect(sk, flags))
		sock->state = SS_DISCONNECTING;
	return err;
}

int inet_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags)
{
	int err;

	lock_sock(sock->sk);
	err = __inet_stream_connect(sock, uaddr, addr_len, flags, 0);
	release_sock(sock->sk);
	return err;
}

/*
 * The socket is dead (orphaned, counted in *orphan_count by whoever made
 * it so) and CLOSE: free its protocol state and drop the reference it
 * held on itself since sk_alloc. Idempotent.
 */
void inet_csk_destroy_sock(struct sock *sk)
{
	int orphans;

	if (sock_flag(sk, SOCK_DESTROY))
		return;
	sock_set_flag(sk, SOCK_DESTROY);
	orphans = atomic_dec_return(sk->sk_prot->orphan_count);
	DEBUG_ASSERT(orphans >= 0);     /* every way here counted the orphan first */
	sk->sk_prot->destroy(sk);
	sock_put(sk);
}

/*
 * ICMP said the path to sk's peer takes at most mtu (Linux's
 * inet_csk_update_pmtu): the route, looked up again if it went stale,
 * learns it (route_pmtu.c). The socket is owned.
 */
struct dst_entry *inet_csk_update_pmtu(struct sock *sk, u32 mtu)
{
	struct inet_sock *inet = inet_sk(sk);
	struct dst_entry *dst = READ_ONCE(sk->sk_dst_cache);
	struct rtable *rt;

	if (!dst_check(dst)) {
		rt = ip_route_output(inet->inet_daddr, inet->inet_saddr, sk->sk_bound_dev_if);
		if (IS_ERR(rt))
			return NULL;
		dst = &rt->dst;
		WRITE_ONCE(sk->sk_dst_cache, dst);
	}
	ip_rt_update_pmtu(dst, inet->inet_daddr, mtu);
	return dst;
}

/* ---------------------------------------------------- /proc/net/listen_stat */

#define LISTEN_STAT_FMT "%-15s %5s %10lu %10lu %10lu %10lu\n"

static int listen_stat_sock(char *buf, size_t size, struct sock *sk, unsigned long *sum)
{
	const struct inet_accept_queue *q = &inet_csk(sk)->icsk_accept_queue;
	unsigned long v[4] = { READ_ONCE(q->wakeups), READ_ONCE(q->spurious),
			       READ_ONCE(q->accepted), READ_ONCE(q->overflows) };
	const u8 *a = (const u8 *)&sk->sk_rcv_saddr;
	char addr[16], port[8];
	int i;

	if (sk->sk_family == AF_INET6 && ipv6_addr_any(&sk->sk_v6_rcv_saddr))
		scnprintf(addr, sizeof(addr), "::");
	else if (sk->sk_family == AF_INET6)
		scnprintf(addr, sizeof(addr), "(ipv6)");
	else
		scnprintf(addr, sizeof(addr), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	scnprintf(port, sizeof(port), "%u", sk->sk_num);
	for (i = 0; i < 4; i++)
		sum[i] += v[i];
	return scnprintf(buf, size, LISTEN_STAT_FMT, addr, port, v[0], v[1], v[2], v[3]);
}

/*
 * shoal's own file: one line per TCP listener (address, port, blocked
 * accept() wake-ups, spurious ones, connections accepted, connections
 * refused because the accept queue was full), then "total", which adds the
 * listeners that have closed. Counters start at listen().
 */
int listen_stat_proc_show(char *buf, size_t size)
{
	unsigned long sum[4] = { 0 };
	struct sock_common *c;
	int i, n;

	n = scnprintf(buf, size, "address          port    wakeups   spurious   accepted  overflows\n");
	for (i = 0; i < INET_LHTABLE_SIZE; i++) {
		struct inet_listen_bucket *b = &tcp_hashinfo.lhash[i];

		spin_lock_bh(&b->lock);
		hlist_for_each_entry(c, &b->head, skc_node)
			n += listen_stat_sock(buf + n, size - n, (struct sock *)c, sum);
		spin_unlock_bh(&b->lock);
	}
	spin_lock(&listen_closed_lock);
	sum[0] += listen_closed.wakeups;
	sum[1] += listen_closed.spurious;
	sum[2] += listen_closed.accepted;
	sum[3] += listen_closed.overflows;
	spin_unlock(&listen_closed_lock);
	n += scnprintf(buf + n, size - n, LISTEN_STAT_FMT, "total", "-", sum[0], sum[1], sum[2], sum[3]);
	return n;
}
