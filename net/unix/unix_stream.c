// SPDX-License-Identifier: MIT
/*
 * AF_UNIX connection-oriented sockets: listen, connect and accept for
 * SOCK_STREAM and SOCK_SEQPACKET, and the byte stream's send, receive and
 * poll. Locking as in af_unix.c.
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <uapi/poll.h>
#include <net/tcp_states.h>
#include <net/af_unix.h>
#include "af_unix_priv.h"

/* Largest stream skb: data + skb_shared_info fill exactly 64 KiB. */
#define UNIX_SKB_MAX            (65536 - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/* -------------------------------------------------------- connecting */

int unix_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct unix_sock *u = unix_sk(sk);
	int err;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (!smp_load_acquire(&u->addr))
		return -EINVAL;         /* no listening on an unbound socket */
	err = -EINVAL;
	unix_state_lock(sk);
	if (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN)
		goto out;
	if ((unsigned int)backlog > sk->sk_max_ack_backlog)
		wake_up_interruptible_all(&u->peer_wait);
	sk->sk_max_ack_backlog = backlog;
	WRITE_ONCE(sk->sk_state, TCP_LISTEN);
	sk->sk_peer_pid = current->tgid;        /* connectors copy it (SO_PEERCRED) */
	sk->sk_peer_uid = current_euid();
	sk->sk_peer_gid = current_egid();
	err = 0;
out:
	unix_state_unlock(sk);
	return err;
}

/*
 * The listener named n, returned referenced and with its state lock held,
 * once its backlog has room (waiting for that unless out of time); or an
 * ERR_PTR: -ECONNREFUSED, -EAGAIN, a signal, a lookup error.
 */
static struct sock *unix_stream_find_listener(struct sock *sk, struct unix_name *n, long *timeo)
{
	struct sock *other;
	int err;

	for (;;) {
		other = unix_find_other(n, sk->sk_type);
		if (IS_ERR(other))
			return other;
		unix_state_lock(other);
		if (sock_flag(other, SOCK_DEAD)) {      /* raced with its close */
			unix_state_unlock(other);
			sock_put(other);
			continue;
		}
		err = -ECONNREFUSED;
		if (other->sk_state != TCP_LISTEN || (other->sk_shutdown & RCV_SHUTDOWN))
			goto out_unlock;
		if (!unix_recvq_full(other))
			return other;
		err = -EAGAIN;
		if (!*timeo)
			goto out_unlock;
		*timeo = unix_wait_for_peer(other, *timeo);
		sock_put(other);
		if (signal_pending(current))
			return ERR_PTR(sock_intr_errno(*timeo));
	}

out_unlock:
	unix_state_unlock(other);
	sock_put(other);
	return ERR_PTR(err);
}

/*
 * Take sk's state lock (nested in the listener's) if sk is still closed:
 * 0, or -EISCONN/-EINVAL. A listener never connects, and checking before
 * locking keeps the reverse order (connect to self, two listeners
 * connecting) from happening.
 */
static int unix_stream_lock_unconnected(struct sock *sk)
{
	unsigned char st = READ_ONCE(sk->sk_state);

	if (st == TCP_CLOSE) {
		unix_state_lock_nested(sk);
		st = sk->sk_state;
		if (st == TCP_CLOSE)
			return 0;
		unix_state_unlock(sk);
	}
	return st == TCP_ESTABLISHED ? -EISCONN : -EINVAL;
}

/* Make sk and the embryo newsk each other's peer; newsk takes the
 * listener's name. sk's and other's state locks are held, newsk is
 * still private. */
static void unix_stream_pair(struct socket *sock, struct sock *sk, struct sock *newsk,
			     struct sock *other)
{
	struct unix_sock *newu = unix_sk(newsk), *otheru = unix_sk(other);

	sock_hold(sk);
	unix_peer(newsk) = sk;
	newsk->sk_state = TCP_ESTABLISHED;
	newsk->sk_peer_pid = current->tgid;
	newsk->sk_peer_uid = current_euid();
	newsk->sk_peer_gid = current_egid();
	if (otheru->path.dentry) {
		path_get(&otheru->path);
		newu->path = otheru->path;
	}
	atomic_inc(&otheru->addr->refcnt);
	smp_store_release(&newu->addr, otheru->addr);

	sk->sk_peer_pid = other->sk_peer_pid;
	sk->sk_peer_uid = other->sk_peer_uid;
	sk->sk_peer_gid = other->sk_peer_gid;
	sock->state = SS_CONNECTED;
	WRITE_ONCE(sk->sk_state, TCP_ESTABLISHED);
	sock_hold(newsk);
	unix_peer(sk) = newsk;
}

int unix_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags)
{
	struct sock *sk = sock->sk, *newsk, *other;
	struct sk_buff *skb;
	struct unix_name n;
	long timeo;
	int err;

	err = unix_get_name(uaddr, addr_len, &n);
	if (!err)
		err = unix_maybe_autobind(sock);
	if (err)
		return err;
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);

	/* the server's end of the connection, and its ticket for accept() */
	newsk = unix_create1(NULL, sk->sk_type);
	if (!newsk)
		return -ENOMEM;
	skb = alloc_skb(1, GFP_KERNEL);
	if (!skb) {
		err = -ENOMEM;
		goto out_free_sk;
	}
	other = unix_stream_find_listener(sk, &n, &timeo);
	if (IS_ERR(other)) {
		err = PTR_ERR(other);
		goto out_free_skb;
	}
	err = unix_stream_lock_unconnected(sk);
	if (err)
		goto out_unlock;
	unix_stream_pair(sock, sk, newsk, other);
	unix_state_unlock(sk);

	skb->sk = newsk;                /* no destructor: the embryo's own reference travels */
	unix_queue_skb(other, skb);
	other->sk_data_ready(other);
	unix_state_unlock(other);
	sock_put(other);
	return 0;

out_unlock:
	unix_state_unlock(other);
	sock_put(other);
out_free_skb:
	kfree_skb(skb);
out_free_sk:
	unix_release_sock(newsk, 0);
	return err;
}

int unix_accept(struct socket *sock, struct socket *newsock, int flags, bool kern)
{
	struct sock *sk = sock->sk, *tsk;
	struct sk_buff *skb;
	int err;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (READ_ONCE(sk->sk_state) != TCP_LISTEN)
		return -EINVAL;
	/* a listener stays a listener, so no lock is needed to dequeue; as
	 * in Linux a non-blocking accept never reports the shutdown */
	if (flags & O_NONBLOCK) {
		skb = __skb_try_recv_datagram(sk, 0, NULL);
		if (!skb)
			return -EAGAIN;
	} else {
		skb = skb_recv_datagram(sk, 0, &err);
		if (!skb)
			return err ? err : -EINVAL;     /* 0: shut down for reading */
	}
	tsk = skb->sk;
	skb->sk = NULL;
	consume_skb(skb);
	wake_up_interruptible(&unix_sk(sk)->peer_wait);        /* a connect() may go on */

	if (test_bit(SOCK_PASSCRED, &sock->flags))
		set_bit(SOCK_PASSCRED, &newsock->flags);
	unix_state_lock(tsk);
	newsock->state = SS_CONNECTED;
	sock_graft(tsk, newsock);
	unix_state_unlock(tsk);
	return 0;
}

/* -------------------------------------------------------------- send */

int unix_stream_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk, *other;
	struct sk_buff *skb = NULL;
	struct scm_cookie scm;
	bool fds_sent = false;
	int err, sent = 0, size;

	err = unix_scm_send(msg, &scm);
	if (err)
		return err;
	err = -EOPNOTSUPP;
	if ((msg->msg_flags & MSG_OOB) && !len--)
		goto out_err;           /* the last byte goes out of band */
	if (msg->msg_namelen) {
		err = READ_ONCE(sk->sk_state) == TCP_ESTABLISHED ? -EISCONN : -EOPNOTSUPP;
		goto out_err;
	}
	/* a stream peer is set once by connect and cleared only by our own
	 * release, which cannot run while we are inside a call */
	other = unix_peer(sk);
	err = -ENOTCONN;
	if (!other)
		goto out_err;
	if (READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN)
		goto out_pipe;

	while ((size_t)sent < len) {
		/* keep at least two skbs in flight so the reader overlaps */
		size = min_t(size_t, len - sent, (READ_ONCE(sk->sk_sndbuf) >> 1) - 64);
		size = min_t(int, size, UNIX_SKB_MAX);
		skb = unix_alloc_send_skb(sk, &size, true, msg->msg_flags & MSG_DONTWAIT, &err);
		if (!skb)
			goto out_err;
		unix_scm_to_skb(&scm, skb, !fds_sent);
		fds_sent = true;
		if (copy_from_iter(skb_put(skb, size), size, &msg->msg_iter) != (size_t)size) {
			err = -EFAULT;
			goto out_free;
		}
		unix_state_lock(other);
		if (sock_flag(other, SOCK_DEAD) || (other->sk_shutdown & RCV_SHUTDOWN))
			goto out_pipe_unlock;
		unix_maybe_add_creds(skb, sk, other);
		unix_queue_skb(other, skb);
		other->sk_data_ready(other);
		unix_state_unlock(other);
		sent += size;
	}
	if (msg->msg_flags & MSG_OOB) {
		err = unix_stream_queue_oob(sk, other, msg, &scm, fds_sent);
		if (err == -EPIPE)
			goto out_pipe;
		if (err)
			goto out_err;
		sent++;
	}
	scm_destroy(&scm);
	return sent;

out_pipe_unlock:
	unix_state_unlock(other);
out_pipe:
	if (!sent && !(msg->msg_flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current, 0);
	err = -EPIPE;
out_free:
	kfree_skb(skb);
out_err:
	scm_destroy(&scm);
	return sent ? sent : err;
}

/* ----------------------------------------------------------- receive */

/* Sleep until the queue's tail is no longer last, EOF, an error or a
 * signal. Returns the time left. */
static long unix_stream_data_wait(struct sock *sk, long timeo, struct sk_buff *last)
{
	DEFINE_WAIT(wait);

	unix_state_lock(sk);
	for (;;) {
		prepare_to_wait(sk->sk_wq, &wait, TASK_INTERRUPTIBLE);
		if (skb_peek_tail(&sk->sk_receive_queue) != last || READ_ONCE(sk->sk_err) ||
		    (sk->sk_shutdown & RCV_SHUTDOWN) || signal_pending(current) || !timeo)
			break;
		unix_state_unlock(sk);
		timeo = schedule_timeout(timeo);
		unix_state_lock(sk);
	}
	finish_wait(sk->sk_wq, &wait);
	unix_state_unlock(sk);
	return timeo;
}

/* One stream read in progress (Linux's unix_stream_read_state); on the
 * reader's stack, guarded by the iolock it holds. */
struct unix_stream_read_state {
	struct msghdr *msg;
	struct scm_cookie scm;          /* credentials and files to deliver */
	size_t size;                    /* bytes still wanted */
	int flags;
	int target;                     /* SO_RCVLOWAT / MSG_WAITALL goal */
	int copied;                     /* bytes copied, or -EFAULT */
	int peeked;                     /* MSG_PEEK: bytes already copied */
	int err;                        /* why the read ended early */
	long timeo;
	bool passcred, check_creds, named;
};

/* What the reader does at an out-of-band mark (unix_oob.c) */
enum unix_mark { MARK_READ, MARK_STOP, MARK_SKIP, MARK_DROP };

/*
 * At @skb, the OOB skb or a consumed one (its byte read with MSG_OOB),
 * as Linux's manage_oob: a read that copied something stops there; a
 * peek passes over it; a read drops it (losing an unread byte) unless
 * SO_OOBINLINE makes the byte ordinary data. Queue and state locks held.
 */
static enum unix_mark unix_stream_mark(struct sock *sk, struct sk_buff *skb, int copied,
				       int flags)
{
	struct unix_sock *u = unix_sk(sk);

	if (copied && (!u->oob_skb || skb == u->oob_skb))
		return MARK_STOP;
	if (skb == u->oob_skb && sock_flag(sk, SOCK_URGINLINE)) {
		if (!(flags & MSG_PEEK))
			WRITE_ONCE(u->oob_skb, NULL);
		return MARK_READ;
	}
	if (flags & MSG_PEEK)
		return MARK_SKIP;
	if (skb == u->oob_skb)
		WRITE_ONCE(u->oob_skb, NULL);
	return MARK_DROP;
}

/* The skb at byte offset *skip of the queue (MSG_PEEK continues past what
 * it already copied); *skip becomes the offset inside it. NULL with *stop
 * set: the read ends at the OOB mark; with *drop set: free that skb (a
 * passed mark, unlinked) and look again. State lock held. */
static struct sk_buff *unix_stream_peek_at(struct sock *sk, int *skip, struct sk_buff **last,
					   const struct unix_stream_read_state *st,
					   bool *stop, struct sk_buff **drop)
{
	struct sk_buff_head *q = &sk->sk_receive_queue;
	struct sk_buff *skb, *next;

	spin_lock(&q->lock);
	*last = skb_peek_tail(q);
	skb = skb_peek(q);
	while (skb) {
		next = skb->next == (struct sk_buff *)q ? NULL : skb->next;
		if (unlikely(skb == unix_sk(sk)->oob_skb || !unix_skb_len(skb))) {
			enum unix_mark m = unix_stream_mark(sk, skb, st->copied, st->flags);

			if (m == MARK_STOP || m == MARK_DROP) {
				if (m == MARK_DROP) {
					__skb_unlink(skb, q);
					*drop = skb;
				}
				*stop = m == MARK_STOP;
				skb = NULL;
				break;
			}
			if (m == MARK_SKIP) {
				skb = next;
				continue;
			}
		}
		if (*skip < (int)unix_skb_len(skb))
			break;
		*skip -= unix_skb_len(skb);
		skb = next;
	}
	spin_unlock(&q->lock);
	return skb;
}


/*
 * The skb to read next, *skip bytes into it, waiting for data as needed.
 * NULL ends the read (st->err says why, after any data); an ERR_PTR is a
 * signal that came while waiting, and the iolock is then no longer held.
 */
static struct sk_buff *unix_stream_next_skb(struct sock *sk, struct unix_stream_read_state *st,
					    int *skip)
{
	struct sk_buff *skb, *last;

	for (;;) {
		struct sk_buff *drop = NULL;
		bool stop = false;

		*skip = st->peeked;
		unix_state_lock(sk);
		skb = unix_stream_peek_at(sk, skip, &last, st, &stop, &drop);
		if (drop || stop) {
			unix_state_unlock(sk);
			if (!drop)
				return NULL;    /* a read stops at the mark */
			kfree_skb(drop);        /* uncharges: not under our state lock */
			continue;
		}
		/* POSIX 1003.1g order: data, then error, then EOF */
		if (skb || st->copied >= st->target)
			break;
		st->err = sock_error(sk);
		if (st->err || (sk->sk_shutdown & RCV_SHUTDOWN))
			break;
		unix_state_unlock(sk);
		if (!st->timeo) {
			st->err = -EAGAIN;
			return NULL;
		}
		mutex_unlock(&unix_sk(sk)->iolock);
		st->timeo = unix_stream_data_wait(sk, st->timeo, last);
		if (signal_pending(current))
			return ERR_PTR(sock_intr_errno(st->timeo));
		mutex_lock(&unix_sk(sk)->iolock);
	}
	unix_state_unlock(sk);
	return skb;
}

/* Record the first skb's credentials; false if skb is another writer's
 * (never glue messages from different writers). */
static bool unix_stream_read_creds(const struct sk_buff *skb, struct unix_stream_read_state *st)
{
	if (st->check_creds)
		return UNIXCB(skb).pid == st->scm.pid && UNIXCB(skb).creds == st->scm.creds &&
		       UNIXCB(skb).uid == st->scm.uid && UNIXCB(skb).gid == st->scm.gid;
	if (st->passcred) {
		st->scm.pid = UNIXCB(skb).pid;
		st->scm.creds = UNIXCB(skb).creds;
		st->scm.uid = UNIXCB(skb).uid;
		st->scm.gid = UNIXCB(skb).gid;
		st->check_creds = true;
	}
	return true;
}

/*
 * Copy what is wanted of skb from skip on. MSG_PEEK leaves it queued;
 * else it is consumed, and freed once read through. False ends the read
 * (buffer full, files received, a fault).
 */
static bool unix_stream_read_skb(struct sock *sk, struct sk_buff *skb, int skip,
				 struct unix_stream_read_state *st)
{
	int chunk = min_t(size_t, unix_skb_len(skb) - skip, st->size);

	if (st->msg->msg_name && !st->named) {
		unix_copy_addr(st->msg, skb->sk);
		st->named = true;
	}
	if (skb_copy_datagram_iter(skb, UNIXCB(skb).consumed + skip, &st->msg->msg_iter, chunk)) {
		if (!st->copied)
			st->copied = -EFAULT;
		return false;
	}
	st->copied += chunk;
	st->size -= chunk;
	/* SO_PEEK_OFF moves on by what a peek saw, back by what a read took */
	if (st->flags & MSG_PEEK)
		sk_peek_offset_fwd(sk, chunk);
	else
		sk_peek_offset_bwd(sk, chunk);
	if (st->flags & MSG_PEEK) {
		if (UNIXCB(skb).fp) {
			st->scm.fp = scm_fp_dup(UNIXCB(skb).fp);
			return false;
		}
		st->peeked += chunk;
		return true;
	}
	WRITE_ONCE(UNIXCB(skb).consumed, UNIXCB(skb).consumed + chunk);
	if (UNIXCB(skb).fp) {
		st->scm.fp = UNIXCB(skb).fp;
		UNIXCB(skb).fp = NULL;
	}
	if (unix_skb_len(skb))
		return false;           /* the user's buffer is full */
	spin_lock(&sk->sk_receive_queue.lock);
	__skb_unlink(skb, &sk->sk_receive_queue);
	spin_unlock(&sk->sk_receive_queue.lock);
	consume_skb(skb);               /* uncharges and wakes the writer */
	return !st->scm.fp;             /* files end a read */
}

int unix_stream_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct unix_stream_read_state st = {
		.msg = msg, .size = size, .flags = flags, .passcred = unix_passcred(sk),
	};
	struct sk_buff *skb;
	int skip;

	if (READ_ONCE(sk->sk_state) != TCP_ESTABLISHED)
		return -EINVAL;
	if (flags & MSG_OOB)
		return unix_stream_recv_urg(sk, msg, flags);
	st.target = sock_rcvlowat(sk, flags & MSG_WAITALL, size);
	st.timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);

	mutex_lock(&unix_sk(sk)->iolock);
	/* SO_PEEK_OFF: a peek starts that far in (read under the iolock) */
	st.peeked = max(sk_peek_offset(sk, flags), 0);
	while (st.size) {
		skb = unix_stream_next_skb(sk, &st, &skip);
		if (IS_ERR(skb))
			return st.copied ? st.copied : PTR_ERR(skb);
		if (!skb || !unix_stream_read_creds(skb, &st) ||
		    !unix_stream_read_skb(sk, skb, skip, &st))
			break;
	}
	mutex_unlock(&unix_sk(sk)->iolock);
	if (st.copied > 0 || (!st.copied && !st.err))
		unix_scm_recv(msg, &st.scm, st.passcred, flags);
	else
		scm_destroy(&st.scm);
	return st.copied ? st.copied : st.err;
}

/* -------------------------------------------------------------- poll */

unsigned int unix_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait)
{
	struct sock *sk = sock->sk;
	unsigned char state, shutdown;
	unsigned int mask = 0;

	sock_poll_wait(file, sock, wait);
	shutdown = READ_ONCE(sk->sk_shutdown);
	state = READ_ONCE(sk->sk_state);
	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	if (shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(unix_sk(sk)->oob_skb))
		mask |= EPOLLPRI;
	if (state == TCP_CLOSE)         /* connection-based: not (or no longer) connected */
		mask |= EPOLLHUP;
	/* writable also after the peer shut down, so writers see EPIPE */
	if (unix_writable(sk, state))
		mask |= EPOLLOUT_ALL;
	return mask;
}
