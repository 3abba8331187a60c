// SPDX-License-Identifier: MIT
/*
 * Generic socket state (struct sock): allocation, the socket lock with its
 * backlog, the default wake-up callbacks, memory charging and the
 * SOL_SOCKET options, as in Linux's net/core/sock.c and stream.c.
 *
 * Locks (net/sock.h has the field key):
 *   sk->sk_lock.slock      BH-safe spinlock; with sk_lock.owned it forms
 *                          the socket lock (lock_sock) a process may sleep
 *                          holding; softirq input takes slock alone.
 *   sk->sk_lock.wq         processes waiting for ownership.
 * Order: slock -> sk_lock.wq lock, slock -> sk_wq_lock -> sk_wq's lock
 * (callbacks: sk_wake holds sk_wq_lock across the wake-up).
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <net/sock.h>
#include <net/filter.h>
#include <net/sock_reuseport.h>
#include <shoal/lockrank.h>
#include <shoal/netdevice.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <uapi/poll.h>
#include <net/tcp_states.h>

static LIST_HEAD(proto_list);
static DEFINE_SPINLOCK(proto_list_lock);
static atomic64_t sk_cookie_gen;

int proto_register(struct proto *prot)
{
	prot->slab = kmem_cache_create(prot->name, prot->obj_size, 64, 0, NULL);
	if (!prot->slab)
		return -ENOMEM;
	spin_lock(&proto_list_lock);
	list_add_tail(&prot->node, &proto_list);
	spin_unlock(&proto_list_lock);
	return 0;
}

/* --------------------------------------------------------------- lifetime */

static void sk_init_common(struct sock *sk)
{
	spin_lock_init_ranked(&sk->sk_lock.slock, "sk_lock.slock", LOCKRANK_SK);
	spin_lock_init_ranked(&sk->sk_wq_lock, "sk_wq_lock", LOCKRANK_SK_WQ);
	init_waitqueue_head(&sk->sk_lock.wq);
	skb_queue_head_init(&sk->sk_receive_queue);
	/* Its own ranked class: other queues' locks nest differently. */
	spin_lock_init_ranked(&sk->sk_receive_queue.lock, "sk_receive_queue.lock", LOCKRANK_SK_QUEUE);
	skb_queue_head_init(&sk->sk_write_queue);
	skb_queue_head_init(&sk->sk_error_queue);
}

/* User sockets per CPU, Linux's sock_inuse: changed with IRQs off, since
 * TCP clones sockets in softirq context. [this CPU] */
static DEFINE_PER_CPU(int, sock_inuse);

static void sock_inuse_add(const struct sock *sk, int val)
{
	unsigned long flags;

	if (sk->sk_kern_sock)
		return;
	flags = local_irq_save();
	per_cpu(sock_inuse, smp_processor_id()) += val;
	local_irq_restore(flags);
}

/* The sum may be briefly off while another CPU frees what this one counted. */
int sock_inuse_get(void)
{
	int cpu, sum = 0;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(per_cpu(sock_inuse, cpu));
	return sum > 0 ? sum : 0;
}

struct sock *sk_alloc(int family, gfp_t gfp, struct proto *prot, int kern)
{
	struct sock *sk = kmem_cache_zalloc(prot->slab, gfp);

	if (!sk)
		return NULL;
	sk->sk_family = family;
	sk->sk_prot = prot;
	atomic_set(&sk->sk_refcnt, 1);
	atomic_set(&sk->sk_wmem_alloc, 1);
	sk->sk_cookie = atomic64_add_return(1, &sk_cookie_gen);
	sk->sk_kern_sock = !!kern;
	sk->sk_uid = kern ? 0 : current_fsuid();      /* Linux's sock_i_uid */
	sk_init_common(sk);
	atomic_inc(&prot->sockets_allocated);
	sock_inuse_add(sk, 1);
	return sk;
}

static void __sk_destruct(struct sock *sk)
{
	if (sk->sk_destruct)
		sk->sk_destruct(sk);
	skb_queue_purge(&sk->sk_receive_queue);
	skb_queue_purge(&sk->sk_error_queue);
	skb_queue_purge(&sk->sk_write_queue);
	bpf_prog_free(sk->sk_reuseport_prog);      /* unhashed: no lookup can see it */
	atomic_dec(&sk->sk_prot->sockets_allocated);
	sock_inuse_add(sk, -1);
	kmem_cache_free(sk->sk_prot->slab, sk);
}

/* The socket memory is freed once the last in-flight send skb is gone:
 * sk_wmem_alloc holds 1 for the socket itself (Linux's scheme). */
void sk_free(struct sock *sk)
{
	if (atomic_dec_and_test(&sk->sk_wmem_alloc))
		__sk_destruct(sk);
}

void sock_put(struct sock *sk)
{
	if (atomic_dec_and_test(&sk->sk_refcnt))
		sk_free(sk);
}

struct sock *sk_clone_lock(const struct sock *sk, gfp_t gfp)
{
	struct sock *n = kmem_cache_alloc(sk->sk_prot->slab, gfp);

	if (!n)
		return NULL;
	memcpy(n, sk, sk->sk_prot->obj_size);
	INIT_HLIST_NODE(&n->sk_node);
	INIT_HLIST_NODE(&n->sk_bind_node);
	atomic_set(&n->sk_refcnt, 2);
	atomic_set(&n->sk_wmem_alloc, 1);
	atomic_set(&n->sk_rmem_alloc, 0);
	n->sk_wmem_queued = 0;
	n->sk_lock.owned = 0;
	n->sk_backlog.head = n->sk_backlog.tail = NULL;
	n->sk_backlog.len = 0;
	n->sk_err = n->sk_err_soft = 0;
	n->sk_socket = NULL;
	n->sk_wq = NULL;
	n->sk_dst_cache = sk->sk_dst_cache;
	n->sk_ack_backlog = 0;
	n->sk_flags &= ~(1UL << SOCK_DEAD);
	n->sk_cookie = atomic64_add_return(1, &sk_cookie_gen);
	n->sk_reuseport_prog = NULL;    /* the listener's, not the child's */
	sk_init_common(n);
	atomic_inc(&n->sk_prot->sockets_allocated);
	sock_inuse_add(n, 1);
	bh_lock_sock_nested(n);         /* under the listener's lock */
	return n;
}

void sock_init_data(struct socket *sock, struct sock *sk)
{
	sk->sk_rcvbuf = SK_RMEM_DEFAULT;
	sk->sk_sndbuf = SK_WMEM_DEFAULT;
	sk->sk_state = TCP_CLOSE;
	sk->sk_rcvlowat = 1;
	sk->sk_peek_off = -1;
	sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_incoming_cpu = -1;
	sock_set_flag(sk, SOCK_ZAPPED);
	if (sock) {
		sk->sk_type = sock->type;
		sk->sk_socket = sock;
		sk->sk_wq = &sock->wq;
		sock->sk = sk;
	}
	sk->sk_state_change = sock_def_wakeup;
	sk->sk_data_ready = sock_def_readable;
	sk->sk_write_space = sock_def_write_space;
	sk->sk_error_report = sock_def_error_report;
}

/* Set sk_wq under sk_wq_lock (slock held), so that a wake-up in flight
 * from a context without slock finishes before the socket's wait queue can
 * be freed. */
static void sk_set_wq(struct sock *sk, wait_queue_head_t *wq)
{
	unsigned long flags;

	spin_lock_irqsave(&sk->sk_wq_lock, flags);
	WRITE_ONCE(sk->sk_wq, wq);
	spin_unlock_irqrestore(&sk->sk_wq_lock, flags);
}

void sock_orphan(struct sock *sk)
{
	spin_lock_bh(&sk->sk_lock.slock);
	sock_set_flag(sk, SOCK_DEAD);
	sk->sk_socket = NULL;
	sk_set_wq(sk, NULL);
	spin_unlock_bh(&sk->sk_lock.slock);
}

void sock_graft(struct sock *sk, struct socket *parent)
{
	spin_lock_bh(&sk->sk_lock.slock);
	sk_set_wq(sk, &parent->wq);
	parent->sk = sk;
	sk->sk_socket = parent;
	/* an accepted socket belongs to whoever accepted it (Linux's sock_graft) */
	sk->sk_uid = current_fsuid();
	sock_reset_flag(sk, SOCK_DEAD);
	spin_unlock_bh(&sk->sk_lock.slock);
}

/* ---------------------------------------------------------- socket lock */

void lock_sock(struct sock *sk)
{
	spin_lock_bh(&sk->sk_lock.slock);
	while (sk->sk_lock.owned) {
		DEFINE_WAIT(wait);

		prepare_to_wait_exclusive(&sk->sk_lock.wq, &wait, TASK_UNINTERRUPTIBLE);
		spin_unlock_bh(&sk->sk_lock.slock);
		schedule();
		spin_lock_bh(&sk->sk_lock.slock);
		finish_wait(&sk->sk_lock.wq, &wait);
	}
	sk->sk_lock.owned = 1;
	spin_unlock_bh(&sk->sk_lock.slock);
}

/* Run the backlog with slock dropped (we still own the socket, so input
 * keeps queueing behind us). Called and returns with slock held. */
static void __release_sock(struct sock *sk)
{
	struct sk_buff *skb, *next;

	assert_spin_locked(&sk->sk_lock.slock);

	while ((skb = sk->sk_backlog.head) != NULL) {
		sk->sk_backlog.head = sk->sk_backlog.tail = NULL;
		spin_unlock_bh(&sk->sk_lock.slock);
		do {
			next = skb->next;
			skb->next = NULL;
			sk->sk_backlog_rcv(sk, skb);
			skb = next;
		} while (skb);
		spin_lock_bh(&sk->sk_lock.slock);
	}
	sk->sk_backlog.len = 0;
}

void release_sock(struct sock *sk)
{
	spin_lock_bh(&sk->sk_lock.slock);
	if (sk->sk_backlog.tail)
		__release_sock(sk);
	if (sk->sk_prot->release_cb)
		sk->sk_prot->release_cb(sk);
	sk->sk_lock.owned = 0;
	if (waitqueue_active(&sk->sk_lock.wq))
		wake_up(&sk->sk_lock.wq);
	spin_unlock_bh(&sk->sk_lock.slock);
}

int sk_set_peek_off(struct sock *sk, int val)
{
	lock_sock(sk);
	WRITE_ONCE(sk->sk_peek_off, val);
	release_sock(sk);
	return 0;
}

void sk_flush_backlog(struct sock *sk)
{
	spin_lock_bh(&sk->sk_lock.slock);
	if (sk->sk_backlog.tail)
		__release_sock(sk);
	spin_unlock_bh(&sk->sk_lock.slock);
}

int sk_add_backlog(struct sock *sk, struct sk_buff *skb, unsigned int limit)
{
	assert_spin_locked(&sk->sk_lock.slock);
	if ((unsigned int)(sk->sk_backlog.len + atomic_read(&sk->sk_rmem_alloc)) > limit)
		return -ENOBUFS;
	skb->next = NULL;
	if (sk->sk_backlog.tail)
		sk->sk_backlog.tail->next = skb;
	else
		sk->sk_backlog.head = skb;
	sk->sk_backlog.tail = skb;
	sk->sk_backlog.len += skb->truesize;
	return 0;
}

/* -------------------------------------------------------------- waiting */

int sk_wait_data(struct sock *sk, long *timeo, const struct sk_buff *skb)
{
	return sk_wait_event(sk, timeo,
			     skb_peek_tail(&sk->sk_receive_queue) != skb ||
			     (sk->sk_shutdown & RCV_SHUTDOWN) || READ_ONCE(sk->sk_err) ||
			     signal_pending(current));
}

int sk_stream_error(struct sock *sk, int flags, int err)
{
	if (err == -EPIPE)
		err = sock_error(sk) ? : -EPIPE;
	if (err == -EPIPE && !(flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current, 0);
	return err;
}

static bool sk_stream_memory_free(const struct sock *sk)
{
	return READ_ONCE(sk->sk_wmem_queued) < READ_ONCE(sk->sk_sndbuf);
}

int sk_stream_wait_memory(struct sock *sk, long *timeo)
{
	for (;;) {
		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN))
			return -EPIPE;
		if (!*timeo)
			return -EAGAIN;
		if (signal_pending(current))
			return sock_intr_errno(*timeo);
		if (sk_stream_memory_free(sk))
			return 0;
		if (sk->sk_socket)
			set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		sk_wait_event(sk, timeo, sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN) ||
			      sk_stream_memory_free(sk) || signal_pending(current));
	}
}

int sk_stream_wait_connect(struct sock *sk, long *timeo)
{
	for (;;) {
		int err = sock_error(sk);

		if (err)
			return err;
		if ((1 << sk->sk_state) & ~(TCPF_SYN_SENT | TCPF_SYN_RECV))
			return -EPIPE;
		if (!*timeo)
			return -EAGAIN;
		if (signal_pending(current))
			return sock_intr_errno(*timeo);
		sk_wait_event(sk, timeo, sk->sk_err ||
			      !((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) ||
			      signal_pending(current));
		if (!((1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV)) && !sk->sk_err)
			return 0;
	}
}

/* ------------------------------------------------------ default callbacks */

/*
 * O_ASYNC: SIGIO with POLL_* @band to the owners on the socket's fasync
 * list. Called with sk_wq_lock (or the AF_UNIX state lock) held and sk_wq
 * set, so the struct socket is alive; kill_fasync only records the signal.
 */
void sk_wake_async_locked(struct sock *sk, int band)
{
	wait_queue_head_t *wq = sk->sk_wq;
	struct socket *sock;

	if (!wq)
		return;
	sock = container_of(wq, struct socket, wq);
	/* write space signals only a writer that ran out of room (Linux's
	 * SOCKWQ_ASYNC_NOSPACE): a datagram's skb destructor frees room at
	 * every send */
	if (band == POLL_OUT_IF_NOSPACE) {
		if (!test_and_clear_bit(SOCK_NOSPACE, &sock->flags))
			return;
		band = POLL_OUT;
	}
	kill_fasync(&sock->fasync_list, band == POLL_PRI ? SIGURG : SIGIO, band);
}

/* The same from a context that holds neither: sk_wq_lock keeps sk_wq. */
void sk_wake_async(struct sock *sk, int band)
{
	unsigned long flags;

	if (!READ_ONCE(sk->sk_wq))
		return;
	spin_lock_irqsave(&sk->sk_wq_lock, flags);
	sk_wake_async_locked(sk, band);
	spin_unlock_irqrestore(&sk->sk_wq_lock, flags);
}

/* Urgent data came (TCP, AF_UNIX MSG_OOB): SIGURG to the owner, and with
 * one, F_SETSIG's signal (POLL_PRI) to O_ASYNC owners (Linux). The caller
 * keeps sk_socket (slock, or the AF_UNIX state lock). */
void sk_send_sigurg(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;

	if (sock && sock->file && send_sigurg(sock->file))
		sk_wake_async(sk, POLL_PRI);
}

/* Callers may not hold slock (UDP input, sock_wfree): sk_wq_lock keeps
 * the wait queue from being freed by a concurrent close (sock_orphan).
 * @band (POLL_*, 0 for none) is the SIGIO an O_ASYNC owner gets. */
static inline void sk_wake(struct sock *sk, unsigned int key, int nr, int band)
{
	wait_queue_head_t *wq;
	unsigned long flags;

	if (!READ_ONCE(sk->sk_wq))
		return;                 /* orphaned: nobody to wake */
	spin_lock_irqsave(&sk->sk_wq_lock, flags);
	wq = sk->sk_wq;
	if (wq && wq_has_sleeper(wq)) {
		/*
		 * A byte stream's reader takes whatever has arrived, so its
		 * writer need not give up the CPU for it at every segment: a
		 * sync wake-up lets the writer finish its slice (Linux wakes
		 * with _sync_poll for every socket type, but its scheduler
		 * ignores the hint). A datagram is a message of its own, and
		 * its reader preempts as any wakee.
		 */
		if (nr == 1 && sk->sk_type == SOCK_STREAM)
			__wake_up_sync_key(wq, TASK_INTERRUPTIBLE, (void *)(unsigned long)key);
		else
			__wake_up(wq, TASK_INTERRUPTIBLE, nr, (void *)(unsigned long)key);
	}
	if (band)
		sk_wake_async_locked(sk, band);
	spin_unlock_irqrestore(&sk->sk_wq_lock, flags);
}

void sock_def_readable(struct sock *sk)
{
	sk_wake(sk, EPOLLIN | EPOLLPRI | EPOLLRDNORM | EPOLLRDBAND, 1, POLL_IN);
}

void sock_def_write_space(struct sock *sk)
{
	/* Wake writers only when half the send buffer is free (Linux). */
	if ((atomic_read(&sk->sk_wmem_alloc) << 1) <= READ_ONCE(sk->sk_sndbuf))
		sk_wake(sk, EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND, 1, POLL_OUT_IF_NOSPACE);
}

void sk_stream_write_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;

	if (sk_stream_is_writeable(sk) && sock) {
		bool nospace = test_and_clear_bit(SOCK_NOSPACE, &sock->flags);

		sk_wake(sk, EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND, 1, nospace ? POLL_OUT : 0);
	}
}

void sock_def_wakeup(struct sock *sk)
{
	sk_wake(sk, EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM | EPOLLHUP | EPOLLERR |
		EPOLLRDHUP, 0, 0);
}

void sock_def_error_report(struct sock *sk)
{
	sk_wake(sk, EPOLLERR, 0, POLL_ERR);
}

/* ------------------------------------------------------- memory charging */

void sock_rfree(struct sk_buff *skb)
{
	atomic_sub(skb->truesize, &skb->sk->sk_rmem_alloc);
}

void skb_set_owner_r(struct sk_buff *skb, struct sock *sk)
{
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_rfree;
	atomic_add(skb->truesize, &sk->sk_rmem_alloc);
}

void sock_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;
	int len = skb->truesize;

	if (!sock_flag(sk, SOCK_USE_WRITE_QUEUE)) {
		/* Keep one unit of sk_wmem_alloc across the callback, so a
		 * concurrent close cannot free the socket under it (Linux). */
		atomic_sub(len - 1, &sk->sk_wmem_alloc);
		sk->sk_write_space(sk);
		len = 1;
	}
	if (atomic_add_return(-len, &sk->sk_wmem_alloc) == 0)
		__sk_destruct(sk);      /* the socket was closed meanwhile */
}

void skb_set_owner_w(struct sk_buff *skb, struct sock *sk)
{
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_wfree;
	atomic_add(skb->truesize, &sk->sk_wmem_alloc);
}

int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	unsigned long flags;

	if (atomic_read(&sk->sk_rmem_alloc) >= READ_ONCE(sk->sk_rcvbuf))
		return -ENOMEM;
	skb_set_owner_r(skb, sk);
	skb_dst_set(skb, NULL);
	spin_lock_irqsave(&sk->sk_receive_queue.lock, flags);
	__skb_queue_tail(&sk->sk_receive_queue, skb);
	spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return 0;
}

struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned long size, int noblock, int *err)
{
	long timeo = sock_sndtimeo(sk, noblock);
	struct sk_buff *skb;

	for (;;) {
		*err = sock_error(sk);
		if (*err)
			return NULL;
		if (sk->sk_shutdown & SEND_SHUTDOWN) {
			*err = -EPIPE;
			return NULL;
		}
		if (atomic_read(&sk->sk_wmem_alloc) < READ_ONCE(sk->sk_sndbuf))
			break;
		if (sk->sk_socket)
			set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		if (!timeo) {
			*err = -EAGAIN;
			return NULL;
		}
		if (signal_pending(current)) {
			*err = sock_intr_errno(timeo);
			return NULL;
		}
		timeo = wait_event_interruptible_timeout(sk->sk_wq,
			atomic_read(&sk->sk_wmem_alloc) < READ_ONCE(sk->sk_sndbuf) ||
			sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN), timeo);
		if (timeo < 0) {
			*err = -ERESTARTSYS;
			return NULL;
		}
	}
	skb = alloc_skb(size, GFP_KERNEL);
	if (!skb) {
		*err = -ENOBUFS;
		return NULL;
	}
	skb_set_owner_w(skb, sk);
	return skb;
}

void sk_dst_reset(struct sock *sk)
{
	sk->sk_dst_cache = NULL;
}

/* ---------------------------------------------------------- SOL_SOCKET */

/* Socket timeouts travel as struct timeval (64-bit fields on riscv64). */
struct sock_timeval { long tv_sec; long tv_usec; };

static int sock_set_timeout(long *timeo, char __user *optval, unsigned int optlen)
{
	struct sock_timeval tv;

	if (optlen < sizeof(tv))
		return -EINVAL;
	if (copy_from_user(&tv, optval, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) {
		*timeo = 0;
		return 0;
	}
	*timeo = MAX_SCHEDULE_TIMEOUT;
	if (tv.tv_sec == 0 && tv.tv_usec == 0)
		return 0;
	if (tv.tv_sec < (MAX_SCHEDULE_TIMEOUT / HZ - 1))
		*timeo = tv.tv_sec * HZ + (tv.tv_usec + (1000000 / HZ - 1)) / (1000000 / HZ);
	return 0;
}

static struct sock_timeval sock_get_timeout(long timeo)
{
	struct sock_timeval tv = { 0, 0 };

	if (timeo != MAX_SCHEDULE_TIMEOUT) {
		tv.tv_sec = timeo / HZ;
		tv.tv_usec = (timeo % HZ) * (1000000 / HZ);
	}
	return tv;
}

static int sock_bindtodevice(struct sock *sk, char __user *optval, unsigned int optlen)
{
	char name[IFNAMSIZ];
	struct net_device *dev;

	if (!capable(CAP_NET_RAW))
		return -EPERM;          /* Linux's sock_bindtoindex */
	if (optlen > IFNAMSIZ - 1)
		optlen = IFNAMSIZ - 1;
	memset(name, 0, sizeof(name));
	if (copy_from_user(name, optval, optlen))
		return -EFAULT;
	if (!name[0]) {
		sk->sk_bound_dev_if = 0;
		return 0;
	}
	dev = dev_get_by_name(name);
	if (!dev)
		return -ENODEV;
	sk->sk_bound_dev_if = dev->ifindex;
	sk_dst_reset(sk);
	return 0;
}

static int sock_set_linger(struct sock *sk, char __user *optval, unsigned int optlen)
{
	struct linger ling;

	if (optlen < sizeof(ling))
		return -EINVAL;
	if (copy_from_user(&ling, optval, sizeof(ling)))
		return -EFAULT;
	if (!ling.l_onoff) {
		sock_reset_flag(sk, SOCK_LINGER);
		return 0;
	}
	if ((unsigned int)ling.l_linger >= MAX_SCHEDULE_TIMEOUT / HZ)
		sk->sk_lingertime = MAX_SCHEDULE_TIMEOUT;
	else
		sk->sk_lingertime = (unsigned int)ling.l_linger * HZ;
	sock_set_flag(sk, SOCK_LINGER);
	return 0;
}

/* SO_SNDBUF/SO_RCVBUF: Linux stores twice what was asked (room for the
 * bookkeeping overhead), clamped to the sysctl maximum (not for the
 * *FORCE variants) and to a minimum. */
static int sock_buf_size(int val, int max, int min)
{
	val = min_t(u32, val, max);
	val = min_t(u32, val, INT_MAX / 2);
	return max_t(int, val * 2, min);
}

int sock_setsockopt(struct socket *sock, int level, int op, char __user *optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	int val = 0, err = 0;

	switch (op) {
	case SO_RCVTIMEO_OLD: case SO_RCVTIMEO_NEW:
	case SO_SNDTIMEO_OLD: case SO_SNDTIMEO_NEW:
	case SO_LINGER: case SO_BINDTODEVICE:
		break;
	default:
		if (optlen < sizeof(int))
			return -EINVAL;
		if (get_user(val, (int __user *)optval))
			return -EFAULT;
	}
	/* the *FORCE sizes go past the sysctl maximum: CAP_NET_ADMIN only */
	if ((op == SO_SNDBUFFORCE || op == SO_RCVBUFFORCE) && !capable(CAP_NET_ADMIN))
		return -EPERM;
	/* outside lock_sock: the family takes its reader lock (Linux) */
	if (op == SO_PEEK_OFF)
		return sock->ops->set_peek_off ? sock->ops->set_peek_off(sk, val) : -EOPNOTSUPP;
	lock_sock(sk);
	switch (op) {
	case SO_DEBUG:
	case SO_DONTROUTE:
	case SO_NO_CHECK:
	case SO_BSDCOMPAT:
	case SO_BUSY_POLL:
		break;                  /* accepted; no effect here (as Linux for most) */
	case SO_REUSEADDR:
		sk->sk_reuse = val ? 1 : 0;
		break;
	case SO_REUSEPORT:
		sk->sk_reuseport = val ? 1 : 0;
		break;
	case SO_INCOMING_CPU:
		/* a reuseport group prefers this member for packets this CPU receives */
		WRITE_ONCE(sk->sk_incoming_cpu, val);
		WRITE_ONCE(sk->sk_incoming_cpu_set, val >= 0);
		break;
	case SO_ATTACH_REUSEPORT_CBPF:
		err = sk_reuseport_attach_filter(sk, optval, optlen);
		break;
	case SO_DETACH_REUSEPORT_BPF:
		err = sk_reuseport_detach_filter(sk);
		break;
	case SO_BROADCAST:
		sock_valbool_flag(sk, SOCK_BROADCAST, val);
		break;
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
		sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
		WRITE_ONCE(sk->sk_sndbuf, sock_buf_size(val, op == SO_SNDBUF ? SK_WMEM_MAX : INT_MAX,
							SOCK_MIN_SNDBUF));
		sk->sk_write_space(sk);
		break;
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
		sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
		WRITE_ONCE(sk->sk_rcvbuf, sock_buf_size(val, op == SO_RCVBUF ? SK_RMEM_MAX : INT_MAX,
							SOCK_MIN_RCVBUF));
		break;
	case SO_KEEPALIVE:
		if (sk->sk_prot->keepalive)
			sk->sk_prot->keepalive(sk, val);
		sock_valbool_flag(sk, SOCK_KEEPOPEN, val);
		break;
	case SO_OOBINLINE:
		sock_valbool_flag(sk, SOCK_URGINLINE, val);
		break;
	case SO_PRIORITY:
		/* beyond 0..6 (TC_PRIO_INTERACTIVE) needs CAP_NET_RAW or CAP_NET_ADMIN */
		if ((val >= 0 && val <= 6) || capable(CAP_NET_RAW) || capable(CAP_NET_ADMIN))
			sk->sk_priority = val;
		else
			err = -EPERM;
		break;
	case SO_LINGER:
		err = sock_set_linger(sk, optval, optlen);
		break;
	case SO_PASSCRED:
		if (val)
			set_bit(SOCK_PASSCRED, &sock->flags);
		else
			clear_bit(SOCK_PASSCRED, &sock->flags);
		break;
	case SO_TIMESTAMP_OLD:
		sock_valbool_flag(sk, SOCK_RCVTSTAMP, val);
		break;
	case SO_RCVLOWAT:
		if (val < 0)
			val = INT_MAX;
		WRITE_ONCE(sk->sk_rcvlowat, val ? : 1);
		break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		err = sock_set_timeout(&sk->sk_rcvtimeo, optval, optlen);
		break;
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		err = sock_set_timeout(&sk->sk_sndtimeo, optval, optlen);
		break;
	case SO_BINDTODEVICE:
		err = sock_bindtodevice(sk, optval, optlen);
		break;
	case SO_MARK:
		if (capable(CAP_NET_RAW) || capable(CAP_NET_ADMIN))
			sk->sk_mark = val;
		else
			err = -EPERM;
		break;
	default:
		err = -ENOPROTOOPT;
	}
	release_sock(sk);
	return err;
}

int sock_getsockopt(struct socket *sock, int level, int op, char __user *optval, int __user *optlen)
{
	struct sock *sk = sock->sk;
	union {
		int val;
		u64 val64;
		struct linger ling;
		struct sock_timeval tm;
		struct ucred cred;
		char name[IFNAMSIZ];
	} v;
	int len, lv = sizeof(int);

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	memset(&v, 0, sizeof(v));
	switch (op) {
	case SO_DEBUG:
	case SO_DONTROUTE:
	case SO_NO_CHECK:
	case SO_BSDCOMPAT:
	case SO_BUSY_POLL:
		v.val = 0;
		break;
	case SO_BROADCAST:
		v.val = sock_flag(sk, SOCK_BROADCAST);
		break;
	case SO_SNDBUF:
		v.val = READ_ONCE(sk->sk_sndbuf);
		break;
	case SO_RCVBUF:
		v.val = READ_ONCE(sk->sk_rcvbuf);
		break;
	case SO_REUSEADDR:
		v.val = sk->sk_reuse;
		break;
	case SO_REUSEPORT:
		v.val = sk->sk_reuseport;
		break;
	case SO_KEEPALIVE:
		v.val = sock_flag(sk, SOCK_KEEPOPEN);
		break;
	case SO_TYPE:
		v.val = sk->sk_type;
		break;
	case SO_PROTOCOL:
		v.val = sk->sk_protocol;
		break;
	case SO_DOMAIN:
		v.val = sk->sk_family;
		break;
	case SO_ERROR:
		v.val = -sock_error(sk);
		if (!v.val)
			v.val = __atomic_exchange_n(&sk->sk_err_soft, 0, __ATOMIC_SEQ_CST);
		break;
	case SO_PEEK_OFF:
		if (!sock->ops->set_peek_off)
			return -EOPNOTSUPP;
		v.val = READ_ONCE(sk->sk_peek_off);
		break;
	case SO_OOBINLINE:
		v.val = sock_flag(sk, SOCK_URGINLINE);
		break;
	case SO_PRIORITY:
		v.val = sk->sk_priority;
		break;
	case SO_LINGER:
		lv = sizeof(v.ling);
		v.ling.l_onoff = sock_flag(sk, SOCK_LINGER);
		v.ling.l_linger = sk->sk_lingertime / HZ;
		break;
	case SO_TIMESTAMP_OLD:
		v.val = sock_flag(sk, SOCK_RCVTSTAMP);
		break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		lv = sizeof(v.tm);
		v.tm = sock_get_timeout(sk->sk_rcvtimeo);
		break;
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		lv = sizeof(v.tm);
		v.tm = sock_get_timeout(sk->sk_sndtimeo);
		break;
	case SO_RCVLOWAT:
		v.val = READ_ONCE(sk->sk_rcvlowat);
		break;
	case SO_SNDLOWAT:
		v.val = 1;
		break;
	case SO_PASSCRED:
		v.val = test_bit(SOCK_PASSCRED, &sock->flags);
		break;
	case SO_PEERCRED:
		lv = sizeof(v.cred);
		v.cred.pid = sk->sk_peer_pid;
		v.cred.uid = sk->sk_peer_pid ? sk->sk_peer_uid : (u32)-1;
		v.cred.gid = sk->sk_peer_pid ? sk->sk_peer_gid : (u32)-1;
		break;
	case SO_ACCEPTCONN:
		v.val = sk->sk_state == TCP_LISTEN;
		break;
	case SO_INCOMING_CPU:
		v.val = READ_ONCE(sk->sk_incoming_cpu);
		break;
	case SO_INCOMING_NAPI_ID:
		/* ids below MIN_NAPI_ID (none: loopback, the backlog) read 0 */
		v.val = READ_ONCE(sk->sk_napi_id);
		if (v.val < MIN_NAPI_ID)
			v.val = 0;
		break;
	case SO_COOKIE:
		lv = sizeof(u64);
		if (len < lv)
			return -EINVAL;
		v.val64 = sk->sk_cookie;
		break;
	case SO_MARK:
		v.val = sk->sk_mark;
		break;
	case SO_BINDTODEVICE: {
		struct net_device *dev = sk->sk_bound_dev_if ? dev_get_by_index(sk->sk_bound_dev_if) : NULL;

		if (!dev) {
			len = 0;
			goto lenout;
		}
		memcpy(v.name, dev->name, IFNAMSIZ);
		lv = strlen(v.name) + 1;
		if (len < lv)
			return -EINVAL;
		break;
	}
	default:
		return -ENOPROTOOPT;
	}
	return sockopt_put(optval, optlen, len, &v, lv);
lenout:
	if (put_user(len, optlen))
		return -EFAULT;
	return 0;
}

/* Every getsockopt's reply: at most @size bytes of @kval, and the length
 * written back to *optlen; @len is the caller's buffer size, already >= 0. */
int sockopt_put(char __user *optval, int __user *optlen, int len, const void *kval, unsigned int size)
{
	len = min_t(int, len, (int)size);
	if (put_user(len, optlen) || copy_to_user(optval, kval, len))
		return -EFAULT;
	return 0;
}

/* The int-valued option: Linux replies with up to sizeof(int) bytes. */
int sockopt_put_int(char __user *optval, int __user *optlen, int len, int val)
{
	return sockopt_put(optval, optlen, len, &val, sizeof(val));
}
