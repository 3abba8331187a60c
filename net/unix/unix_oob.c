// SPDX-License-Identifier: MIT
/*
 * AF_UNIX stream out-of-band data, as Linux 5.15+ (CONFIG_AF_UNIX_OOB).
 *
 * send(MSG_OOB) sends all but the last byte as usual and the last byte
 * as an skb of its own, which the receiver's oob_skb names: SIGURG goes
 * to the receiver's owner and poll reports POLLPRI. recv(MSG_OOB) reads
 * that byte (it stays queued, consumed, as the mark); an ordinary read
 * stops at the mark and, unless SO_OOBINLINE, passes over the byte, which
 * a later OOB send replaces. unix_stream.c's reader handles the mark.
 *
 * oob_skb is set and cleared under the receiver's state lock; the byte is
 * copied under its iolock (readers are the only ones to unlink skbs).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/uaccess.h>
#include <net/tcp_states.h>
#include <net/af_unix.h>
#include "af_unix_priv.h"

/* Queue the last byte of a send(MSG_OOB) on @other (Linux's queue_oob). */
int unix_stream_queue_oob(struct sock *sk, struct sock *other, struct msghdr *msg,
			  struct scm_cookie *scm, bool fds_sent)
{
	struct sk_buff *skb;
	int err, size = 1;

	skb = unix_alloc_send_skb(sk, &size, false, msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	unix_scm_to_skb(scm, skb, !fds_sent);
	if (copy_from_iter(skb_put(skb, 1), 1, &msg->msg_iter) != 1) {
		kfree_skb(skb);
		return -EFAULT;
	}
	unix_state_lock(other);
	if (sock_flag(other, SOCK_DEAD) || (other->sk_shutdown & RCV_SHUTDOWN)) {
		unix_state_unlock(other);
		kfree_skb(skb);
		return -EPIPE;
	}
	unix_maybe_add_creds(skb, sk, other);
	unix_queue_skb(other, skb);
	WRITE_ONCE(unix_sk(other)->oob_skb, skb);
	sk_send_sigurg(other);
	other->sk_data_ready(other);
	unix_state_unlock(other);
	return 0;
}

/* recv(MSG_OOB) on a stream (Linux's unix_stream_recv_urg). */
int unix_stream_recv_urg(struct sock *sk, struct msghdr *msg, int flags)
{
	struct unix_sock *u = unix_sk(sk);
	struct sk_buff *oob;
	int err = 0;

	if (sock_flag(sk, SOCK_URGINLINE))
		return -EINVAL;
	mutex_lock(&u->iolock);
	unix_state_lock(sk);
	oob = u->oob_skb;
	if (!oob || sock_flag(sk, SOCK_URGINLINE)) {
		unix_state_unlock(sk);
		mutex_unlock(&u->iolock);
		return -EINVAL;
	}
	if (!(flags & MSG_PEEK))
		WRITE_ONCE(u->oob_skb, NULL);
	unix_state_unlock(sk);
	/* still queued: only readers, who need the iolock, unlink it */
	if (skb_copy_datagram_iter(oob, UNIXCB(oob).consumed, &msg->msg_iter, 1))
		err = -EFAULT;
	else if (!(flags & MSG_PEEK))
		WRITE_ONCE(UNIXCB(oob).consumed, UNIXCB(oob).consumed + 1);
	mutex_unlock(&u->iolock);
	if (err)
		return err;
	msg->msg_flags |= MSG_OOB;
	return 1;
}

/* SIOCATMARK: the next byte to read is the mark (Linux's unix_ioctl). */
int unix_stream_at_mark(struct sock *sk)
{
	struct unix_sock *u = unix_sk(sk);
	struct sk_buff_head *q = &sk->sk_receive_queue;
	struct sk_buff *skb, *next, *oob;
	int answ = 0;

	mutex_lock(&u->iolock);
	unix_state_lock(sk);
	spin_lock(&q->lock);
	skb = skb_peek(q);
	if (skb) {
		oob = u->oob_skb;
		next = skb->next == (struct sk_buff *)q ? NULL : skb->next;
		answ = skb == oob || (!unix_skb_len(skb) && (!oob || next == oob));
	}
	spin_unlock(&q->lock);
	unix_state_unlock(sk);
	mutex_unlock(&u->iolock);
	return answ;
}
