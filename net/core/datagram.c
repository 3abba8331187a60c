// SPDX-License-Identifier: MIT
/*
 * Datagram helpers (Linux's net/core/datagram.c): receiving whole skbs from
 * sk_receive_queue, copying skbs to and from user iovecs, and the generic
 * datagram poll.
 *
 * Locking: sk_receive_queue.lock (irqsave) guards the queue; waiting uses
 * sk->sk_wq without the socket lock, so datagram receivers never contend
 * with senders on the socket lock.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <net/sock.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <uapi/poll.h>
#include <net/tcp_states.h>

/*
 * Take (or with MSG_PEEK, reference) the first skb of sk_receive_queue;
 * NULL if none. *last, if asked for, is the queue's tail at that moment, so
 * a caller can sleep until the queue changes (AF_UNIX's exclusive wait).
 */
struct sk_buff *__skb_try_recv_datagram(struct sock *sk, unsigned int flags, struct sk_buff **last)
{
	return __skb_try_recv_datagram_off(sk, flags, NULL, last);
}

/*
 * The same with SO_PEEK_OFF: a peek with *off >= 0 passes over the
 * datagrams that offset covers (Linux's __skb_try_recv_from_queue) and
 * leaves in *off where to start in the one returned; else *off is 0.
 * Each skb counts as its length less @hlen (a header before the data).
 */
static struct sk_buff *try_recv_from_queue(struct sock *sk, unsigned int flags, int *off,
					   int hlen, struct sk_buff **last)
{
	struct sk_buff_head *q = &sk->sk_receive_queue;
	struct sk_buff *skb;
	unsigned long irqflags;
	int o = off ? *off : 0;

	if (!(flags & MSG_PEEK) || o < 0)
		o = 0;
	spin_lock_irqsave(&q->lock, irqflags);
	if (last)
		*last = skb_peek_tail(q);
	skb = skb_peek(q);
	while (skb && o && o >= (int)skb->len - hlen) {
		o -= skb->len - hlen;
		skb = skb->next == (struct sk_buff *)q ? NULL : skb->next;
	}
	if (off)
		*off = o;
	if (skb) {
		if (flags & MSG_PEEK)
			skb_get(skb);
		else
			__skb_unlink(skb, q);
	}
	spin_unlock_irqrestore(&q->lock, irqflags);
	return skb;
}

struct sk_buff *__skb_try_recv_datagram_off(struct sock *sk, unsigned int flags, int *off,
					    struct sk_buff **last)
{
	return try_recv_from_queue(sk, flags, off, 0, last);
}

/* Something new to look at: the queue's tail moved on from @last (a
 * peek past every datagram queued waits for the next one), an error,
 * a shutdown or a signal. */
static bool datagram_wait_done(struct sock *sk, struct sk_buff *last)
{
	return skb_peek_tail(&sk->sk_receive_queue) != last || READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) || signal_pending(current);
}

struct sk_buff *skb_recv_datagram(struct sock *sk, unsigned int flags, int *err)
{
	return __skb_recv_datagram(sk, flags, NULL, 0, err);
}

/* skb_recv_datagram from SO_PEEK_OFF's *@off on (see try_recv_from_queue). */
struct sk_buff *__skb_recv_datagram(struct sock *sk, unsigned int flags, int *off, int hlen,
				    int *err)
{
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	int start = off ? *off : 0;
	struct sk_buff *skb, *last;

	for (;;) {
		if (off)
			*off = start;
		skb = try_recv_from_queue(sk, flags, off, hlen, &last);
		if (skb) {
			*err = 0;
			return skb;
		}
		*err = sock_error(sk);
		if (*err)
			return NULL;
		if (sk->sk_shutdown & RCV_SHUTDOWN) {
			*err = 0;       /* end of file */
			return NULL;
		}
		if (!timeo) {
			*err = -EAGAIN;
			return NULL;
		}
		if (signal_pending(current)) {
			*err = sock_intr_errno(timeo);
			return NULL;
		}
		timeo = wait_event_interruptible_timeout(sk->sk_wq, datagram_wait_done(sk, last), timeo);
		if (timeo < 0) {
			*err = -ERESTARTSYS;
			return NULL;
		}
		if (!timeo && !datagram_wait_done(sk, last)) {
			*err = -EAGAIN;
			return NULL;
		}
		if (!timeo)
			timeo = 1;      /* woke with the condition true at the deadline */
	}
}

void skb_free_datagram(struct sock *sk, struct sk_buff *skb)
{
	consume_skb(skb);
}

int skb_copy_datagram_iter(const struct sk_buff *skb, int offset, struct iov_iter *to, int len)
{
	int start = skb_headlen(skb), i;

	if (offset < start) {
		int n = min(start - offset, len);

		if (copy_to_iter(skb->data + offset, n, to) != (size_t)n)
			return -EFAULT;
		len -= n;
		offset += n;
	}
	for (i = 0; len > 0 && i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];
		int end = start + f->size;

		if (offset < end) {
			int n = min(end - offset, len);
			char *p = (char *)page_address(f->page) + f->off + (offset - start);

			if (copy_to_iter(p, n, to) != (size_t)n)
				return -EFAULT;
			len -= n;
			offset += n;
		}
		start = end;
	}
	return len > 0 ? -EFAULT : 0;
}

int skb_copy_datagram_from_iter(struct sk_buff *skb, int offset, struct iov_iter *from, int len)
{
	if (offset + len > (int)skb_headlen(skb))
		return -EFAULT;
	if (copy_from_iter(skb->data + offset, len, from) != (size_t)len)
		return -EFAULT;
	return 0;
}

/*
 * Append len bytes from the iterator to skb as page fragments (order-0
 * pages from the per-CPU lists), after its linear part. For large
 * datagrams: their memory charge (truesize) then grows by pages, not by
 * the next power of two of a linear buffer. *added is the truesize added,
 * also on failure: the caller charges it to the owning socket before it
 * sends or frees the skb. 0 or -EFAULT/-ENOBUFS/-EMSGSIZE.
 */
int skb_append_pages_from_iter(struct sk_buff *skb, struct iov_iter *from, int len, int *added)
{
	struct skb_shared_info *sh = skb_shinfo(skb);

	*added = 0;
	while (len > 0) {
		int n = min_t(int, len, PAGE_SIZE);
		struct page *page;

		if (sh->nr_frags >= MAX_SKB_FRAGS)
			return -EMSGSIZE;
		page = alloc_page(GFP_KERNEL);
		if (!page)
			return -ENOBUFS;
		skb_add_rx_frag(skb, sh->nr_frags, page, 0, n, PAGE_SIZE);
		*added += PAGE_SIZE;
		if (copy_from_iter(page_address(page), n, from) != (size_t)n)
			return -EFAULT;
		len -= n;
	}
	return 0;
}

/* SIOCINQ: bytes of the next datagram past its first hdrlen bytes (the
 * transport header a recvmsg strips); SIOCOUTQ: bytes sent but not yet
 * freed. -ENOIOCTLCMD for anything else. */
int sk_dgram_ioctl(struct sock *sk, int cmd, int *karg, unsigned int hdrlen)
{
	struct sk_buff *skb;
	unsigned long flags;

	switch (cmd) {
	case SIOCOUTQ:
		*karg = atomic_read(&sk->sk_wmem_alloc) - 1;
		return 0;
	case SIOCINQ:
		spin_lock_irqsave(&sk->sk_receive_queue.lock, flags);
		skb = skb_peek(&sk->sk_receive_queue);
		*karg = skb ? skb->len - hdrlen : 0;
		spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
		return 0;
	}
	return -ENOIOCTLCMD;
}

unsigned int datagram_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait)
{
	struct sock *sk = sock->sk;
	unsigned int mask = 0;

	sock_poll_wait(file, sock, wait);
	if (READ_ONCE(sk->sk_err) || !skb_queue_empty(&sk->sk_error_queue))
		mask |= EPOLLERR;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (sk->sk_shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (!skb_queue_empty(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (sk->sk_type == SOCK_STREAM || sk->sk_type == SOCK_SEQPACKET) {
		if (sk->sk_state == TCP_CLOSE)
			mask |= EPOLLHUP;
		if (sk->sk_state == TCP_SYN_SENT)
			return mask;
	}
	if (sock_writeable(sk))
		mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	else
		set_bit(SOCK_NOSPACE, &sock->flags);
	return mask;
}
