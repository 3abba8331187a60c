// SPDX-License-Identifier: MIT
/*
 * AF_UNIX datagram sockets (SOCK_DGRAM, and SOCK_SEQPACKET's sends and
 * receives of whole records): connect, the peer-wake relay for a full
 * receiver, send, receive and poll. Locking as in af_unix.c.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <uapi/poll.h>
#include <net/tcp_states.h>
#include <net/af_unix.h>
#include "af_unix_priv.h"

/* --------------------------------------------------------- peer wake */

/*
 * A datagram socket connected to a receiver that is not connected back
 * (say /dev/log) may not queue more once that receiver's queue is full.
 * poll() and non-blocking senders then hook our peer_wake entry onto the
 * receiver's peer_wait; the receiver's next dequeue runs the entry, which
 * unhooks itself and wakes our own wait queue with POLLOUT. A poll_wait on
 * the receiver's queue directly could outlive the receiver; this entry is
 * unhooked whenever the association ends.
 */
int unix_dgram_peer_wake_relay(wait_queue_entry_t *q, unsigned int mode, int flags, void *key)
{
	struct unix_sock *u = container_of(q, struct unix_sock, peer_wake);
	wait_queue_head_t *wq;

	list_del_init(&q->entry);       /* peer_wait.lock is held by __wake_up */
	u->peer_wake.private = NULL;
	wq = READ_ONCE(u->sk.sk_wq);
	if (wq)
		wake_up_interruptible_poll(wq, (unsigned long)key);
	return 0;
}

static bool unix_dgram_peer_wake_connect(struct sock *sk, struct sock *other)
{
	struct unix_sock *u = unix_sk(sk), *uo = unix_sk(other);
	unsigned long flags;
	bool added = false;

	spin_lock_irqsave(&uo->peer_wait.lock, flags);
	if (!u->peer_wake.private) {
		u->peer_wake.private = other;
		list_add_tail(&u->peer_wake.entry, &uo->peer_wait.head);
		added = true;
	}
	spin_unlock_irqrestore(&uo->peer_wait.lock, flags);
	return added;
}

void unix_dgram_peer_wake_disconnect(struct sock *sk, struct sock *other)
{
	struct unix_sock *u = unix_sk(sk), *uo = unix_sk(other);
	unsigned long flags;

	spin_lock_irqsave(&uo->peer_wait.lock, flags);
	if (u->peer_wake.private == other) {
		list_del_init(&u->peer_wake.entry);
		u->peer_wake.private = NULL;
	}
	spin_unlock_irqrestore(&uo->peer_wait.lock, flags);
}

static void unix_dgram_peer_wake_disconnect_wakeup(struct sock *sk, struct sock *other)
{
	wait_queue_head_t *wq = READ_ONCE(sk->sk_wq);

	unix_dgram_peer_wake_disconnect(sk, other);
	if (wq)
		wake_up_interruptible_poll(wq, EPOLLOUT_ALL);
}

/* unix_peer(sk) == other, association stable (state lock of sk held).
 * True if sk must wait: the relay is armed. */
static bool unix_dgram_peer_wake_me(struct sock *sk, struct sock *other)
{
	bool connected = unix_dgram_peer_wake_connect(sk, other);

	/* a dead peer reads as writable so the next send reports it */
	if (unix_recvq_full(other) && !sock_flag(other, SOCK_DEAD))
		return true;
	if (connected)
		unix_dgram_peer_wake_disconnect(sk, other);
	return false;
}

/* -------------------------------------------------------- connecting */

/* A datagram socket left its peer: messages from the old peer go, and a
 * peer that was connected back to us learns it (ECONNRESET). */
static void unix_dgram_disconnected(struct sock *sk, struct sock *other)
{
	if (skb_queue_empty(&sk->sk_receive_queue))
		return;
	skb_queue_purge(&sk->sk_receive_queue);
	wake_up_interruptible_all(&unix_sk(sk)->peer_wait);
	unix_state_lock(other);
	if (!sock_flag(other, SOCK_DEAD) && unix_peer(other) == sk) {
		WRITE_ONCE(other->sk_err, ECONNRESET);
		other->sk_error_report(other);
	}
	unix_state_unlock(other);
}

static void unix_state_double_lock(struct sock *a, struct sock *b)
{
	if (a == b || !b) {
		unix_state_lock(a);
		return;
	}
	if (a > b)
		swap(a, b);
	unix_state_lock(a);
	unix_state_lock_nested(b);
}

static void unix_state_double_unlock(struct sock *a, struct sock *b)
{
	unix_state_unlock(a);
	if (b && a != b)
		unix_state_unlock(b);
}

/* The socket named n, referenced, with its and sk's state locks held; or
 * an ERR_PTR (-EPERM: it is connected to someone else). */
static struct sock *unix_dgram_lock_dest(struct sock *sk, struct unix_name *n)
{
	struct sock *other;

	for (;;) {
		other = unix_find_other(n, sk->sk_type);
		if (IS_ERR(other))
			return other;
		unix_state_double_lock(sk, other);
		if (!sock_flag(other, SOCK_DEAD))
			break;
		unix_state_double_unlock(sk, other);    /* raced with its close */
		sock_put(other);
	}
	if (unix_peer(other) && unix_peer(other) != sk) {
		unix_state_double_unlock(sk, other);
		sock_put(other);
		return ERR_PTR(-EPERM);
	}
	return other;
}

/*
 * Make other (referenced; NULL dissolves the association) sk's peer and
 * let the old peer go: its messages to us are dropped, and it is told if
 * it was connected back. Both state locks are held on entry and dropped.
 */
static void unix_dgram_set_peer(struct sock *sk, struct sock *other)
{
	struct sock *old_peer = unix_peer(sk);

	unix_peer(sk) = other;          /* our reference from the lookup moves here */
	if (!old_peer) {
		unix_state_double_unlock(sk, other);
		return;
	}
	if (!other)
		WRITE_ONCE(sk->sk_state, TCP_CLOSE);
	unix_dgram_peer_wake_disconnect_wakeup(sk, old_peer);
	unix_state_double_unlock(sk, other);
	if (other != old_peer) {
		unix_dgram_disconnected(sk, old_peer);
		unix_state_lock(old_peer);
		if (!unix_peer(old_peer))
			WRITE_ONCE(old_peer->sk_state, TCP_CLOSE);
		unix_state_unlock(old_peer);
	}
	sock_put(old_peer);
}

int unix_dgram_connect(struct socket *sock, struct sockaddr *addr, int alen, int flags)
{
	struct sock *sk = sock->sk, *other = NULL;
	struct unix_name n;
	int err;

	if (alen < (int)sizeof(sa_family_t))
		return -EINVAL;
	if (addr->sa_family != AF_UNSPEC) {
		err = unix_get_name(addr, alen, &n);
		if (!err)
			err = unix_maybe_autobind(sock);
		if (err)
			return err;
		other = unix_dgram_lock_dest(sk, &n);
		if (IS_ERR(other))
			return PTR_ERR(other);
		WRITE_ONCE(sk->sk_state, TCP_ESTABLISHED);
		WRITE_ONCE(other->sk_state, TCP_ESTABLISHED);
	} else {                        /* AF_UNSPEC: dissolve the association */
		unix_state_double_lock(sk, NULL);
	}
	unix_dgram_set_peer(sk, other);
	return 0;
}

/* -------------------------------------------------------------- send */

/* What unix_dgram_send_to tells its caller besides 0 (queued) and -errno. */
enum {
	UNIX_DGRAM_AGAIN = 1,           /* slept for room: try the same receiver */
	UNIX_DGRAM_LOOKUP,              /* the named receiver died: look it up again */
};

/* The datagram's receiver, referenced: the socket named by n, or our peer. */
static struct sock *unix_dgram_find_dest(struct sock *sk, bool named, struct unix_name *n)
{
	struct sock *other;

	if (named)
		return unix_find_other(n, sk->sk_type);
	other = unix_peer_get(sk);
	return other ? other : ERR_PTR(-ENOTCONN);
}

/*
 * other is dead; its state lock (and sk's if sk_locked) is held and is
 * dropped here. Forget other if it was our peer (ECONNREFUSED); a named
 * receiver may have been replaced (UNIX_DGRAM_LOOKUP).
 */
static int unix_dgram_dead_dest(struct sock *sk, struct sock *other, bool sk_locked, bool named)
{
	unix_state_unlock(other);
	if (sk->sk_type == SOCK_SEQPACKET) {
		if (sk_locked)
			unix_state_unlock(sk);
		return -EPIPE;
	}
	if (!sk_locked)
		unix_state_lock(sk);
	if (unix_peer(sk) == other) {
		unix_peer(sk) = NULL;
		unix_dgram_peer_wake_disconnect_wakeup(sk, other);
		WRITE_ONCE(sk->sk_state, TCP_CLOSE);
		unix_state_unlock(sk);
		unix_dgram_disconnected(sk, other);
		sock_put(other);        /* the peer's reference */
		return -ECONNREFUSED;
	}
	unix_state_unlock(sk);
	return named ? UNIX_DGRAM_LOOKUP : -ECONNRESET;
}

/*
 * other's queue is full and other is not connected back to us; its state
 * lock is held. Without a timeout: arm our peer_wake relay (EAGAIN) or, if
 * room appeared, return 0 with sk's state lock taken too (*sk_locked).
 */
static int unix_dgram_full_dest(struct sock *sk, struct sock *other, long *timeo, bool *sk_locked)
{
	if (*timeo) {
		*timeo = unix_wait_for_peer(other, *timeo);     /* drops other's lock */
		if (signal_pending(current))
			return sock_intr_errno(*timeo);
		return UNIX_DGRAM_AGAIN;
	}
	if (!*sk_locked) {
		unix_state_unlock(other);
		unix_state_double_lock(sk, other);
		*sk_locked = true;
	}
	if (unix_peer(sk) != other || unix_dgram_peer_wake_me(sk, other)) {
		unix_state_unlock(sk);
		unix_state_unlock(other);
		return -EAGAIN;
	}
	return 0;
}

/*
 * Queue skb on other (referenced by the caller): 0, -errno, or one of the
 * UNIX_DGRAM_* retries. Takes and drops the state locks itself.
 */
static int unix_dgram_send_to(struct sock *sk, struct sock *other, struct sk_buff *skb,
			      long *timeo, bool named)
{
	bool sk_locked = false, was_locked;
	int err;

	unix_state_lock(other);
	for (;;) {
		err = -EPERM;
		if (unix_peer(other) && unix_peer(other) != sk)
			goto out_unlock;
		if (sock_flag(other, SOCK_DEAD))
			return unix_dgram_dead_dest(sk, other, sk_locked, named);
		err = -EPIPE;
		if (other->sk_shutdown & RCV_SHUTDOWN)
			goto out_unlock;
		/* a receiver not connected back to us bounds its queue */
		if (other == sk || unix_peer(other) == sk || !unix_recvq_full(other))
			break;
		was_locked = sk_locked;
		err = unix_dgram_full_dest(sk, other, timeo, &sk_locked);
		if (err)
			return err;
		if (was_locked)
			break;
		/* sk's state lock was just taken: check the receiver again */
	}
	if (sk_locked)
		unix_state_unlock(sk);
	unix_maybe_add_creds(skb, sk, other);
	unix_queue_skb(other, skb);
	other->sk_data_ready(other);
	unix_state_unlock(other);
	return 0;

out_unlock:
	if (sk_locked)
		unix_state_unlock(sk);
	unix_state_unlock(other);
	return err;
}

int unix_dgram_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk, *other;
	bool named = msg->msg_namelen;
	struct scm_cookie scm;
	struct sk_buff *skb;
	struct unix_name n;
	int err, size;
	long timeo;

	err = unix_scm_send(msg, &scm);
	if (err)
		return err;
	err = -EOPNOTSUPP;
	if (msg->msg_flags & MSG_OOB)
		goto out;
	if (named) {
		err = unix_get_name(msg->msg_name, msg->msg_namelen, &n);
		if (err)
			goto out;
	}
	err = unix_maybe_autobind(sock);
	if (err)
		goto out;
	err = -EMSGSIZE;
	if (len > (size_t)READ_ONCE(sk->sk_sndbuf) - 32)
		goto out;
	size = len;
	skb = unix_alloc_send_skb(sk, &size, false, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		goto out;
	unix_scm_to_skb(&scm, skb, true);
	if (copy_from_iter(skb_put(skb, len), len, &msg->msg_iter) != len) {
		err = -EFAULT;
		goto out_free;
	}
	timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);
	do {
		other = unix_dgram_find_dest(sk, named, &n);
		if (IS_ERR(other)) {
			err = PTR_ERR(other);
			goto out_free;
		}
		do
			err = unix_dgram_send_to(sk, other, skb, &timeo, named);
		while (err == UNIX_DGRAM_AGAIN);
		sock_put(other);
	} while (err == UNIX_DGRAM_LOOKUP);
	if (err)
		goto out_free;
	scm_destroy(&scm);
	return len;

out_free:
	kfree_skb(skb);
out:
	scm_destroy(&scm);
	return err;
}

int unix_seqpacket_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	int err = sock_error(sk);

	if (err)
		return err;
	if (READ_ONCE(sk->sk_state) != TCP_ESTABLISHED)
		return -ENOTCONN;
	msg->msg_namelen = 0;           /* connected: any address is ignored */
	return unix_dgram_sendmsg(sock, msg, len);
}

/* ----------------------------------------------------------- receive */

/*
 * Wait for the queue to change from last (exclusively: one datagram wakes
 * one reader). 0: look again; 1: end of file; <0: error, *timeo updated.
 */
static int unix_wait_for_more(struct sock *sk, long *timeo, struct sk_buff *last)
{
	int err;
	DEFINE_WAIT(wait);

	prepare_to_wait_exclusive(sk->sk_wq, &wait, TASK_INTERRUPTIBLE);
	err = sock_error(sk);
	if (err)
		goto out;
	if (skb_peek_tail(&sk->sk_receive_queue) != last)
		goto out;
	err = 1;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		goto out;
	err = -ENOTCONN;
	if (sk->sk_type == SOCK_SEQPACKET && sk->sk_state != TCP_ESTABLISHED &&
	    sk->sk_state != TCP_LISTEN)
		goto out;
	err = 0;
	if (signal_pending(current))
		err = sock_intr_errno(*timeo);
	else
		*timeo = schedule_timeout(*timeo);
out:
	finish_wait(sk->sk_wq, &wait);
	return err;
}

/* The credentials and files of skb for the receiver (files are moved out
 * unless peeking, which duplicates them as Linux does). */
static void unix_skb_to_scm(struct sk_buff *skb, struct scm_cookie *scm, int flags)
{
	scm->pid = UNIXCB(skb).pid;
	scm->creds = UNIXCB(skb).creds;
	scm->uid = UNIXCB(skb).uid;
	scm->gid = UNIXCB(skb).gid;
	if (!UNIXCB(skb).fp)
		return;
	if (flags & MSG_PEEK) {
		scm->fp = scm_fp_dup(UNIXCB(skb).fp);
	} else {
		scm->fp = UNIXCB(skb).fp;
		UNIXCB(skb).fp = NULL;
	}
}

/*
 * The next datagram (referenced only, with MSG_PEEK), returned with the
 * iolock held; or NULL with *err set, 0 meaning end of file. Waits
 * exclusively for one unless out of time. A peek starts SO_PEEK_OFF bytes
 * in: *skip is where in the datagram.
 */
static struct sk_buff *unix_dgram_recv_skb(struct sock *sk, int flags, long *timeo, int *err,
					   int *skip)
{
	struct unix_sock *u = unix_sk(sk);
	struct sk_buff *skb, *last = NULL;

	for (;;) {
		mutex_lock(&u->iolock);
		*err = sock_error(sk);
		if (!*err) {
			*skip = sk_peek_offset(sk, flags);
			skb = __skb_try_recv_datagram_off(sk, flags, skip, &last);
			if (skb)
				return skb;
			*err = -EAGAIN;
		}
		mutex_unlock(&u->iolock);
		if (*err != -EAGAIN)
			return NULL;
		if (!*timeo) {
			/* a non-blocking seqpacket read past the peer's close is EOF */
			if (sk->sk_type == SOCK_SEQPACKET && (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN))
				*err = 0;
			return NULL;
		}
		*err = unix_wait_for_more(sk, timeo, last);
		if (*err) {
			*err = min(*err, 0);
			return NULL;
		}
	}
}

int unix_dgram_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct unix_sock *u = unix_sk(sk);
	struct scm_cookie scm = { 0 };
	struct sk_buff *skb;
	long timeo;
	int err, skip;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	skb = unix_dgram_recv_skb(sk, flags, &timeo, &err, &skip);
	if (!skb)
		return err;

	if (wq_has_sleeper(&u->peer_wait))
		wake_up_interruptible_poll(&u->peer_wait, EPOLLOUT_ALL);
	if (msg->msg_name)
		unix_copy_addr(msg, skb->sk);
	if (size > skb->len - skip)
		size = skb->len - skip;
	else if (size < skb->len - skip)
		msg->msg_flags |= MSG_TRUNC;
	err = skb_copy_datagram_iter(skb, skip, &msg->msg_iter, size);
	if (!err) {
		unix_skb_to_scm(skb, &scm, flags);
		/* SO_PEEK_OFF moves on by what a peek saw, back by what a read took */
		if (flags & MSG_PEEK)
			sk_peek_offset_fwd(sk, size);
		else
			sk_peek_offset_bwd(sk, skb->len);
		err = flags & MSG_TRUNC ? (int)(skb->len - skip) : (int)size;
		unix_scm_recv(msg, &scm, unix_passcred(sk), flags);
	}
	consume_skb(skb);
	mutex_unlock(&u->iolock);
	return err;
}

int unix_seqpacket_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	if (READ_ONCE(sock->sk->sk_state) != TCP_ESTABLISHED)
		return -ENOTCONN;
	return unix_dgram_recvmsg(sock, msg, size, flags);
}

/* -------------------------------------------------------------- poll */

static unsigned int poll_requested_events(const struct poll_table_struct *p)
{
	return p ? p->_key : ~0u;
}

unsigned int unix_dgram_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait)
{
	struct sock *sk = sock->sk, *other;
	unsigned char state, shutdown;
	unsigned int mask = 0;
	bool writable;

	sock_poll_wait(file, sock, wait);
	shutdown = READ_ONCE(sk->sk_shutdown);
	state = READ_ONCE(sk->sk_state);
	if (READ_ONCE(sk->sk_err) || !skb_queue_empty(&sk->sk_error_queue))
		mask |= EPOLLERR;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (sk->sk_type == SOCK_SEQPACKET && state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (!(poll_requested_events(wait) & EPOLLOUT_ALL))
		return mask;            /* skip the costly writability test */

	writable = unix_writable(sk, state);
	if (writable) {
		unix_state_lock(sk);
		other = unix_peer(sk);
		if (other && unix_peer(other) != sk && unix_recvq_full(other) &&
		    unix_dgram_peer_wake_me(sk, other))
			writable = false;
		unix_state_unlock(sk);
	}
	if (writable)
		mask |= EPOLLOUT_ALL;
	return mask;
}
