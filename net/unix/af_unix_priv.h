/* SPDX-License-Identifier: MIT */
/*
 * What the parts of net/unix share and nobody else needs: af_unix.c (names,
 * tables, create/release, the common send steps, ioctl, the proto_ops),
 * unix_stream.c (listen/connect/accept, the byte stream), unix_dgram.c
 * (datagrams and seqpacket records, the peer-wake relay) and unix_proc.c
 * (/proc/net/unix). The lock order is stated once, at the top of af_unix.c.
 */
#ifndef _NET_UNIX_AF_UNIX_PRIV_H
#define _NET_UNIX_AF_UNIX_PRIV_H

#include <net/sock.h>
#include <uapi/poll.h>
#include <net/tcp_states.h>
#include <net/af_unix.h>

#define UNIX_HASH_BITS          8
#define UNIX_HASH_SIZE          (1 << UNIX_HASH_BITS)
#define UNIX_HASH_MOD           (UNIX_HASH_SIZE - 1)

#define EPOLLOUT_ALL            (EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND)

#define swap(a, b)              do { __typeof__(a) _t = (a); (a) = (b); (b) = _t; } while (0)

/* Every socket: unbound and path-bound ones in the lower half, abstract
 * ones in the upper half (af_unix.c). */
extern struct hlist_head unix_table[2 * UNIX_HASH_SIZE];       /* [unix_table_locks] */
extern spinlock_t unix_table_locks[2 * UNIX_HASH_SIZE];

/* A name copied out of a sockaddr, NUL-terminated one past the end. */
struct unix_name {
	int len;
	union {
		struct sockaddr_un sun;
		char raw[sizeof(struct sockaddr_un) + 1];
	};
};

/* A receiver's queue is full for senders that are not its peer. */
static inline bool unix_recvq_full(const struct sock *sk)
{
	return skb_queue_len(&sk->sk_receive_queue) > READ_ONCE(sk->sk_max_ack_backlog);
}

static inline bool unix_writable(const struct sock *sk, unsigned char state)
{
	return state != TCP_LISTEN &&
	       (atomic_read(&sk->sk_wmem_alloc) << 2) <= READ_ONCE(sk->sk_sndbuf);
}

/* The unread bytes of a stream skb. */
static inline unsigned int unix_skb_len(const struct sk_buff *skb)
{
	return skb->len - UNIXCB(skb).consumed;
}

/* af_unix.c: names and lookup. */
/* Check and copy a user address (Linux's length rules); 0 or -EINVAL. */
int unix_get_name(const struct sockaddr *addr, int len, struct unix_name *n);
/* The socket named n (referenced), or ERR_PTR(-ECONNREFUSED/-EPROTOTYPE/...). */
struct sock *unix_find_other(struct unix_name *n, int type);
/* Connecting with SO_PASSCRED set names an unnamed socket first. */
int unix_maybe_autobind(struct socket *sock);
/* The sender's name into msg->msg_name (left empty for an unnamed one). */
void unix_copy_addr(struct msghdr *msg, struct sock *sk);

/* af_unix.c: sockets. */
struct sock *unix_create1(struct socket *sock, int type);
void unix_release_sock(struct sock *sk, int embryo);
/* sk's peer, referenced, or NULL; takes sk's state lock. */
struct sock *unix_peer_get(struct sock *sk);
bool unix_passcred(const struct sock *sk);
/* Sleep (exclusively) until other's queue has room; other's state lock is
 * held on entry and dropped. Returns the time left. */
long unix_wait_for_peer(struct sock *other, long timeo);

/* af_unix.c: the send steps streams and datagrams share. */
void unix_scm_to_skb(struct scm_cookie *scm, struct sk_buff *skb, bool send_fds);
/* other's state lock held. */
void unix_maybe_add_creds(struct sk_buff *skb, struct sock *sk, struct sock *other);
struct sk_buff *unix_alloc_send_skb(struct sock *sk, int *size, bool may_shrink,
				    int noblock, int *err);
/* other's state lock held, SOCK_DEAD checked. */
void unix_queue_skb(struct sock *other, struct sk_buff *skb);

/* unix_stream.c: SOCK_STREAM and SOCK_SEQPACKET connections, streams. */
int unix_listen(struct socket *sock, int backlog);
int unix_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags);
int unix_accept(struct socket *sock, struct socket *newsock, int flags, bool kern);
int unix_stream_sendmsg(struct socket *sock, struct msghdr *msg, size_t len);
int unix_stream_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags);
unsigned int unix_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);

/* unix_oob.c: stream MSG_OOB */
int unix_stream_queue_oob(struct sock *sk, struct sock *other, struct msghdr *msg,
			  struct scm_cookie *scm, bool fds_sent);
int unix_stream_recv_urg(struct sock *sk, struct msghdr *msg, int flags);
int unix_stream_at_mark(struct sock *sk);

/* unix_dgram.c: datagrams and seqpacket records. */
/* The wait-queue function of unix_sock.peer_wake (unix_create1 installs it). */
int unix_dgram_peer_wake_relay(wait_queue_entry_t *q, unsigned int mode, int flags, void *key);
/* Unhook sk's relay from other's peer_wait, if it is there. */
void unix_dgram_peer_wake_disconnect(struct sock *sk, struct sock *other);
int unix_dgram_connect(struct socket *sock, struct sockaddr *addr, int alen, int flags);
int unix_dgram_sendmsg(struct socket *sock, struct msghdr *msg, size_t len);
int unix_seqpacket_sendmsg(struct socket *sock, struct msghdr *msg, size_t len);
int unix_dgram_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags);
int unix_seqpacket_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags);
unsigned int unix_dgram_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);

#endif
