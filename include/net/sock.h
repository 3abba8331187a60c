/* SPDX-License-Identifier: MIT */
/*
 * struct sock: the protocol side of a socket (net/core/sock.c), in the shape
 * of Linux's include/net/sock.h.
 *
 * Locking (Documentation/networking.md):
 *
 *   sk_lock.slock   spinlock taken with BHs off. Protocol input in softirq
 *                   context (bh_lock_sock) and process context
 *                   (lock_sock/release_sock) both take it.
 *   sk_lock.owned   "owned by user": lock_sock() sets it with slock held and
 *                   then drops slock, so a process may sleep while it owns the
 *                   socket. Softirq input that finds the socket owned queues
 *                   the skb on sk_backlog (sk_add_backlog) instead of
 *                   processing it; release_sock() runs the backlog through
 *                   sk->sk_backlog_rcv before giving up ownership.
 *
 *   [sock]   fields guarded by ownership: either lock_sock (process) or
 *            bh_lock_sock while !sock_owned_by_user (softirq).
 *   [rq]     sk_receive_queue.lock (datagram sockets; stream sockets use
 *            [sock] for the queue contents and never the queue lock).
 *   [slock]  sk_lock.slock itself (held briefly, BHs off).
 *   [acceptq] the listener's icsk_accept_queue.lock; read with READ_ONCE.
 *   [atom]   atomic.
 *   [const]  set before the socket is visible.
 *   [hint]   written locklessly with WRITE_ONCE by input; a stale value is
 *            harmless (steering and reporting only).
 *
 * Order: lock_sock(listener) -> lock_sock/bh_lock_sock(child, nested)
 *        -> hash bucket locks -> sk_receive_queue.lock -> wq lock.
 *
 * Sleeping in a protocol: sk_wait_event() releases ownership around the
 * sleep (running the backlog), as Linux does; wake-ups come from the
 * sk_data_ready/sk_write_space/sk_state_change callbacks, which default to
 * waking sk->sk_wq with the matching EPOLL bits as the key.
 */
#ifndef _NET_SOCK_H
#define _NET_SOCK_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/atomic.h>
#include <shoal/spinlock.h>
#include <shoal/wait.h>
#include <shoal/time.h>
#include <shoal/sched.h>
#include <shoal/errno.h>
#include <shoal/skbuff.h>
#include <shoal/net.h>
#include <shoal/byteorder.h>
#include <uapi/in.h>

/* net.core.somaxconn (net/core/sysctl_net_core.c): listen()'s cap on a backlog */
extern unsigned long sysctl_somaxconn;

struct proto;
struct dst_entry;
struct sk_buff;
struct bpf_classic_prog;

typedef struct {
	spinlock_t slock;
	int owned;                      /* [slock] */
	wait_queue_head_t wq;           /* processes waiting to own the socket [its lock] */
} socket_lock_t;

/*
 * The part of a socket that lookups (hash tables, TIME_WAIT minisocks,
 * request socks) need. Addresses and ports in network order except
 * skc_num (local port, host order), as in Linux.
 */
struct sock_common {
	__be32 skc_daddr;               /* foreign IPv4 address [sock + hash] */
	__be32 skc_rcv_saddr;           /* bound local IPv4 address [sock + hash] */
	u32 skc_hash;                   /* ehash/lhash value [sock + hash] */
	__be16 skc_dport;               /* foreign port [sock + hash] */
	u16 skc_num;                    /* local port, host order [sock + hash] */
	unsigned short skc_family;      /* AF_INET, AF_INET6, AF_UNIX [const] */
	volatile unsigned char skc_state;       /* TCP_* state [sock] */
	unsigned char skc_reuse:4;      /* SO_REUSEADDR [sock] */
	unsigned char skc_reuseport:1;  /* SO_REUSEPORT [sock] */
	unsigned char skc_ipv6only:1;   /* IPV6_V6ONLY [sock] */
	int skc_bound_dev_if;           /* SO_BINDTODEVICE ifindex, 0 = any [sock] */
	struct hlist_node skc_node;     /* ehash/lhash/udp chain [hash bucket lock] */
	struct hlist_node skc_bind_node;/* bind hash chain [bind bucket lock] */
	struct proto *skc_prot;         /* [const] */
	atomic_t skc_refcnt;            /* sock_hold/sock_put [atom] */
	struct in6_addr skc_v6_daddr;   /* AF_INET6 sockets: as the user sees them [sock] */
	struct in6_addr skc_v6_rcv_saddr;       /* [sock] */
};

/* sk_flags bits (sock_flag/sock_set_flag) */
enum sock_flags {
	SOCK_DEAD,                      /* orphaned: no struct socket any more */
	SOCK_DONE,                      /* no more data will arrive (FIN received) */
	SOCK_URGINLINE,
	SOCK_KEEPOPEN,                  /* SO_KEEPALIVE */
	SOCK_LINGER,                    /* SO_LINGER with l_onoff */
	SOCK_DESTROY,
	SOCK_BROADCAST,
	SOCK_TIMESTAMP,
	SOCK_ZAPPED,                    /* not yet bound (inet: autobind on first send) */
	SOCK_USE_WRITE_QUEUE,
	SOCK_RCVTSTAMP,
	SOCK_TSTAMP_NEW,
};

/* sk_shutdown */
#define RCV_SHUTDOWN    1
#define SEND_SHUTDOWN   2
#define SHUTDOWN_MASK   3

/* sk_userlocks */
#define SOCK_SNDBUF_LOCK        1
#define SOCK_RCVBUF_LOCK        2
#define SOCK_BINDADDR_LOCK      4
#define SOCK_BINDPORT_LOCK      8

/* Defaults as Linux's net.core.{r,w}mem_default (bytes). */
#define SK_WMEM_DEFAULT         212992
#define SK_RMEM_DEFAULT         212992
#define SK_WMEM_MAX             (4 << 20)
#define SK_RMEM_MAX             (6 << 20)
#define SOCK_MIN_SNDBUF         4608
#define SOCK_MIN_RCVBUF         2304

struct sock {
	struct sock_common __sk_common;
#define sk_daddr                __sk_common.skc_daddr
#define sk_rcv_saddr            __sk_common.skc_rcv_saddr
#define sk_hash                 __sk_common.skc_hash
#define sk_dport                __sk_common.skc_dport
#define sk_num                  __sk_common.skc_num
#define sk_family               __sk_common.skc_family
#define sk_state                __sk_common.skc_state
#define sk_reuse                __sk_common.skc_reuse
#define sk_reuseport            __sk_common.skc_reuseport
#define sk_ipv6only             __sk_common.skc_ipv6only
#define sk_bound_dev_if         __sk_common.skc_bound_dev_if
#define sk_node                 __sk_common.skc_node
#define sk_bind_node            __sk_common.skc_bind_node
#define sk_prot                 __sk_common.skc_prot
#define sk_refcnt               __sk_common.skc_refcnt
#define sk_v6_daddr             __sk_common.skc_v6_daddr
#define sk_v6_rcv_saddr         __sk_common.skc_v6_rcv_saddr

	socket_lock_t sk_lock;
	struct {                        /* skbs that arrived while owned [slock] */
		struct sk_buff *head;
		struct sk_buff *tail;
		int len;                /* truesize queued */
	} sk_backlog;

	struct sk_buff_head sk_receive_queue;   /* [sock] stream, [rq] datagram */
	struct sk_buff_head sk_write_queue;     /* [sock] */
	struct sk_buff_head sk_error_queue;     /* [its lock]; nothing queues on it yet */

	atomic_t sk_rmem_alloc;         /* truesize of skbs charged to receive [atom] */
	atomic_t sk_wmem_alloc;         /* truesize of skbs in flight from us [atom]; starts at 1 */
	int sk_wmem_queued;             /* stream: bytes on the write queue [sock] */
	int sk_rcvbuf;                  /* [sock] */
	int sk_sndbuf;                  /* [sock] */
	int sk_rcvlowat;                /* SO_RCVLOWAT [sock] */
	int sk_peek_off;                /* SO_PEEK_OFF: where MSG_PEEK starts, -1 off [the family's
					 * reader lock: AF_UNIX iolock; inet: sock] */
	unsigned long sk_flags;         /* SOCK_* bits [atom] (set_bit/clear_bit) */
	u8 sk_shutdown;                 /* RCV_SHUTDOWN | SEND_SHUTDOWN [sock] */
	u8 sk_userlocks;                /* SOCK_*_LOCK [sock] */
	u8 sk_kern_sock;                /* made by the kernel: not in sock_inuse [const] */
	u32 sk_uid;                     /* creator's fsuid, or the accepter's (sock_graft): Linux's
					 * sock_i_uid; SO_REUSEPORT peers must share it [const once grafted] */
	u16 sk_type;                    /* SOCK_STREAM... [const] */
	u16 sk_protocol;                /* IPPROTO_* [const] */
	int sk_err;                     /* pending error, reported once (sock_error) [sock] */
	int sk_err_soft;                /* soft error (ICMP), reported if nothing better [sock] */
	unsigned int sk_ack_backlog;    /* listeners: connections on the accept queue [acceptq] */
	unsigned int sk_max_ack_backlog;/* listen()'s backlog [sock]; read with READ_ONCE */
	long sk_rcvtimeo;               /* jiffies; MAX_SCHEDULE_TIMEOUT = forever [sock] */
	long sk_sndtimeo;               /* [sock] */
	unsigned long sk_lingertime;    /* jiffies [sock] */
	u32 sk_priority;                /* SO_PRIORITY [sock] */
	u32 sk_mark;                    /* SO_MARK [sock] */
	int sk_incoming_cpu;            /* CPU that last ran input for it [hint] */
	bool sk_incoming_cpu_set;       /* SO_INCOMING_CPU was set: reuseport prefers it [sock] */
	unsigned int sk_napi_id;        /* NAPI id of the last packet received [hint] */
	struct bpf_classic_prog *sk_reuseport_prog; /* SO_ATTACH_REUSEPORT_CBPF; written under
						 * lock_sock and the port's hash-bucket lock,
						 * read under that bucket lock */
	u32 sk_txhash;                  /* flow hash (TX queue choice, reuseport) [sock] */
	int sk_peer_pid;                /* SO_PEERCRED (AF_UNIX sets it) [sock] */
	u32 sk_peer_uid, sk_peer_gid;   /* SO_PEERCRED: the peer's euid/egid then [sock] */
	u64 sk_cookie;                  /* SO_COOKIE [const] */

	struct socket *sk_socket;       /* NULL when orphaned [sock] */
	wait_queue_head_t *sk_wq;       /* &sk_socket->wq, NULL when orphaned; written
					 * under slock and sk_wq_lock (sock_orphan/
					 * sock_graft), read and woken under either;
					 * AF_UNIX also holds unix_state_lock */
	spinlock_t sk_wq_lock;          /* keeps sk_wq alive across a wake-up from a
					 * context that does not hold slock (UDP input,
					 * skb destructors); no RCU here */
	struct dst_entry *sk_dst_cache; /* cached route [sock] */
	struct timer_list sk_timer;     /* keepalive (TCP) / protocol timer [sock] */
	void *sk_user_data;             /* [sock] */

	/* Callbacks [const after sock_init_data / the protocol's init]: run
	 * from softirq or process context with the socket lock (or
	 * bh_lock_sock) held; they must not sleep. */
	void (*sk_state_change)(struct sock *sk);
	void (*sk_data_ready)(struct sock *sk);
	void (*sk_write_space)(struct sock *sk);
	void (*sk_error_report)(struct sock *sk);
	int (*sk_backlog_rcv)(struct sock *sk, struct sk_buff *skb);
	void (*sk_destruct)(struct sock *sk);
};

/*
 * struct proto: a transport protocol's socket operations (tcp_prot,
 * udp_prot, ping_prot, ...). The af_inet proto_ops call these with the
 * socket locked where Linux does.
 */
struct proto {
	const char *name;
	unsigned int obj_size;          /* size of the protocol's sock (tcp_sock, ...) */
	struct kmem_cache *slab;        /* created by proto_register */

	void (*close)(struct sock *sk, long timeout);
	int (*pre_connect)(struct sock *sk, struct sockaddr *uaddr, int addr_len);
	int (*connect)(struct sock *sk, struct sockaddr *uaddr, int addr_len);
	int (*disconnect)(struct sock *sk, int flags);
	struct sock *(*accept)(struct sock *sk, int flags, int *err, bool kern);
	int (*ioctl)(struct sock *sk, int cmd, int *karg);
	int (*init)(struct sock *sk);
	void (*destroy)(struct sock *sk);
	void (*shutdown)(struct sock *sk, int how);
	void (*keepalive)(struct sock *sk, int valbool);        /* SO_KEEPALIVE changed */
	int (*setsockopt)(struct sock *sk, int level, int optname, char __user *optval, unsigned int optlen);
	int (*getsockopt)(struct sock *sk, int level, int optname, char __user *optval, int __user *option);
	int (*sendmsg)(struct sock *sk, struct msghdr *msg, size_t len);
	int (*recvmsg)(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len);
	int (*bind)(struct sock *sk, struct sockaddr *addr, int addr_len);
	int (*backlog_rcv)(struct sock *sk, struct sk_buff *skb);
	void (*release_cb)(struct sock *sk);    /* deferred work at release_sock */
	int (*hash)(struct sock *sk);
	void (*unhash)(struct sock *sk);
	/* Bind sk to local port snum (0: pick an ephemeral one); 0 or -EADDRINUSE */
	int (*get_port)(struct sock *sk, unsigned short snum);
	void (*put_port)(struct sock *sk);      /* undo get_port (close, failed connect) */

	atomic_t *orphan_count;         /* closed by the user, not yet destroyed (TCP) */
	atomic_t sockets_allocated;
	atomic_t inuse;                 /* hashed sockets (/proc/net/sockstat "inuse") */
	struct list_head node;
};

int proto_register(struct proto *prot);
/* User sockets of every family now allocated (/proc/net/sockstat "sockets: used"). */
int sock_inuse_get(void);

/* Allocation and references. */
struct sock *sk_alloc(int family, gfp_t gfp, struct proto *prot, int kern);
void sk_free(struct sock *sk);                  /* drop the allocation reference */
/* A copy of a listener for a new connection (TCP): refcount 2 (hash + caller),
 * locked with bh_lock_sock, sk_socket/sk_wq NULL. */
struct sock *sk_clone_lock(const struct sock *sk, gfp_t gfp);
static inline void sock_hold(struct sock *sk) { atomic_inc(&sk->sk_refcnt); }
void sock_put(struct sock *sk);                 /* sk_free at zero */
static inline void __sock_put(struct sock *sk) { atomic_dec(&sk->sk_refcnt); }

/* Connect sk to its socket and the socket's wait queue, set the defaults. */
void sock_init_data(struct socket *sock, struct sock *sk);
/* Detach from the socket (close): SOCK_DEAD, sk_socket = sk_wq = NULL. */
void sock_orphan(struct sock *sk);
/* Attach a child (accept) to its new socket. */
void sock_graft(struct sock *sk, struct socket *parent);

static inline bool sock_flag(const struct sock *sk, enum sock_flags f) { return test_bit(f, &sk->sk_flags); }
static inline void sock_set_flag(struct sock *sk, enum sock_flags f) { set_bit(f, &sk->sk_flags); }
static inline void sock_reset_flag(struct sock *sk, enum sock_flags f) { clear_bit(f, &sk->sk_flags); }
static inline void sock_valbool_flag(struct sock *sk, enum sock_flags f, int v)
{
	if (v) sock_set_flag(sk, f); else sock_reset_flag(sk, f);
}

/* Ownership. */
void lock_sock(struct sock *sk);
void release_sock(struct sock *sk);
#define sock_owned_by_user(sk)  ((sk)->sk_lock.owned)
/* Debug check of the [sock] contract: the socket is owned (lock_sock) or
 * this CPU holds its slock (bh_lock_sock). Which task owns it is not
 * recorded, so this catches "nobody holds it", not "someone else does". */
#define sock_owned_by_me(sk) \
	DEBUG_ASSERT(READ_ONCE((sk)->sk_lock.owned) || spin_held_by_me(&(sk)->sk_lock.slock))
#define bh_lock_sock(sk)        spin_lock(&(sk)->sk_lock.slock)
#define bh_lock_sock_nested(sk) spin_lock_nested(&(sk)->sk_lock.slock)
#define bh_unlock_sock(sk)      spin_unlock(&(sk)->sk_lock.slock)
/* Softirq input to an owned socket: queue it for release_sock. -ENOBUFS if
 * the backlog exceeds limit bytes (the caller drops the skb). Called under
 * bh_lock_sock. */
int sk_add_backlog(struct sock *sk, struct sk_buff *skb, unsigned int limit);
/* Process the backlog now (a long sendmsg does this between chunks). */
void sk_flush_backlog(struct sock *sk);

/* Errors and timeouts. */
static inline int sock_error(struct sock *sk)
{
	int err;

	if (!READ_ONCE(sk->sk_err))
		return 0;
	err = __atomic_exchange_n(&sk->sk_err, 0, __ATOMIC_SEQ_CST);
	return -err;
}
static inline long sock_rcvtimeo(const struct sock *sk, bool noblock) { return noblock ? 0 : sk->sk_rcvtimeo; }
static inline long sock_sndtimeo(const struct sock *sk, bool noblock) { return noblock ? 0 : sk->sk_sndtimeo; }
/* Error for an interrupted wait: -ERESTARTSYS without timeout, else -EINTR (Linux). */
static inline int sock_intr_errno(long timeo)
{
	return timeo == MAX_SCHEDULE_TIMEOUT ? -ERESTARTSYS : -EINTR;
}
/* sk_rcvlowat vs the length requested (MSG_WAITALL). */
static inline int sock_rcvlowat(const struct sock *sk, int waitall, int len)
{
	int v = waitall ? len : min(sk->sk_rcvlowat, len);
	return v ? v : 1;
}
/* Send SIGPIPE to current (unless MSG_NOSIGNAL) and return -EPIPE. */
int sk_stream_error(struct sock *sk, int flags, int err);

/*
 * Sleep with ownership released until cond holds, a signal, or *timeo
 * jiffies pass (updated). Returns cond's value at wake-up. Call with the
 * socket owned; it is owned again on return. Uses sk->sk_wq.
 */
#define sk_wait_event(sk, timeo, cond)                                       \
({                                                                           \
	int __rc;                                                            \
	DEFINE_WAIT(__wait);                                                 \
	prepare_to_wait((sk)->sk_wq, &__wait, TASK_INTERRUPTIBLE);           \
	release_sock(sk);                                                    \
	__rc = (cond);                                                       \
	if (!__rc)                                                           \
		*(timeo) = schedule_timeout(*(timeo));                       \
	lock_sock(sk);                                                       \
	finish_wait((sk)->sk_wq, &__wait);                                   \
	__rc = (cond);                                                       \
	__rc;                                                                \
})
/* Wait for data on the receive queue (stream). */
int sk_wait_data(struct sock *sk, long *timeo, const struct sk_buff *skb);
/* Stream send: wait for sk_wmem_queued < sk_sndbuf; 0, -EAGAIN, -EPIPE, -EINTR/-ERESTARTSYS. */
int sk_stream_wait_memory(struct sock *sk, long *timeo);
/* Stream connect: wait until not SYN_SENT/SYN_RECV; 0 or -errno. */
int sk_stream_wait_connect(struct sock *sk, long *timeo);
static inline int sk_stream_wspace(const struct sock *sk) { return READ_ONCE(sk->sk_sndbuf) - READ_ONCE(sk->sk_wmem_queued); }
static inline int sk_stream_min_wspace(const struct sock *sk) { return READ_ONCE(sk->sk_wmem_queued) >> 1; }
static inline bool sk_stream_is_writeable(const struct sock *sk) { return sk_stream_wspace(sk) >= sk_stream_min_wspace(sk); }
static inline bool sock_writeable(const struct sock *sk) { return atomic_read(&sk->sk_wmem_alloc) < (READ_ONCE(sk->sk_sndbuf) >> 1); }
static inline int sock_wspace(const struct sock *sk) { return READ_ONCE(sk->sk_sndbuf) - atomic_read(&sk->sk_wmem_alloc); }

/* Default callbacks (wake sk_wq with EPOLL keys). */
void sock_def_readable(struct sock *sk);
/* O_ASYNC SIGIO (POLL_* band) to the socket's owners; _locked: sk_wq_lock
 * or the AF_UNIX state lock held */
void sk_wake_async(struct sock *sk, int band);
void sk_wake_async_locked(struct sock *sk, int band);
void sk_send_sigurg(struct sock *sk);

/* SO_INCOMING_NAPI_ID: remember the NAPI instance of @skb (Linux's sk_mark_napi_id) */
static inline void sk_mark_napi_id(struct sock *sk, const struct sk_buff *skb)
{
	if (READ_ONCE(sk->sk_napi_id) != skb->napi_id)
		WRITE_ONCE(sk->sk_napi_id, skb->napi_id);
}

/* SO_PEEK_OFF (Linux's sk_peek_offset and friends): where a read with
 * @flags starts, and moving the offset after a peek (fwd) or a read (bwd). */
static inline int sk_peek_offset(const struct sock *sk, int flags)
{
	return (flags & MSG_PEEK) ? READ_ONCE(sk->sk_peek_off) : 0;
}

static inline void sk_peek_offset_fwd(struct sock *sk, int val)
{
	int off = READ_ONCE(sk->sk_peek_off);

	if (off >= 0)
		WRITE_ONCE(sk->sk_peek_off, off + val);
}

/* inet sockets' SO_PEEK_OFF: set under the socket lock their readers
 * take to move it (Linux's sk_set_peek_off) */
int sk_set_peek_off(struct sock *sk, int val);

static inline void sk_peek_offset_bwd(struct sock *sk, int val)
{
	int off = READ_ONCE(sk->sk_peek_off);

	if (off >= 0)
		WRITE_ONCE(sk->sk_peek_off, max_t(int, off - val, 0));
}
/* band for write space: POLL_OUT only if a writer ran out of room */
#define POLL_OUT_IF_NOSPACE     (-2)
void sock_def_write_space(struct sock *sk);     /* datagram: wmem below half */
void sk_stream_write_space(struct sock *sk);    /* stream: wspace above min */
void sock_def_wakeup(struct sock *sk);          /* state change: wake all */
void sock_def_error_report(struct sock *sk);

/* Memory charging. skb_set_owner_r charges the receive side (freed by
 * sock_rfree when the skb is freed); skb_set_owner_w the send side. */
void skb_set_owner_r(struct sk_buff *skb, struct sock *sk);
void skb_set_owner_w(struct sk_buff *skb, struct sock *sk);
void sock_rfree(struct sk_buff *skb);
void sock_wfree(struct sk_buff *skb);
static inline void skb_orphan(struct sk_buff *skb)
{
	if (skb->destructor) {
		skb->destructor(skb);
		skb->destructor = NULL;
		skb->sk = NULL;
	}
}
/* Datagram receive: charge, queue on sk_receive_queue, sk_data_ready.
 * -ENOMEM (rcvbuf full) leaves the skb with the caller. */
int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);
/* Datagram send buffer: waits for wmem (unless noblock); *err set on NULL. */
struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned long size, int noblock, int *err);

/* Datagram helpers (net/core/datagram.c). */
struct sk_buff *skb_recv_datagram(struct sock *sk, unsigned int flags, int *err);
/* The same from SO_PEEK_OFF's *@off on, skbs counted less an @hlen header;
 * *@off is left where to start in the skb returned. */
struct sk_buff *__skb_recv_datagram(struct sock *sk, unsigned int flags, int *off, int hlen,
				    int *err);
/* The first skb (referenced with MSG_PEEK), or NULL; never sleeps. */
struct sk_buff *__skb_try_recv_datagram(struct sock *sk, unsigned int flags, struct sk_buff **last);
struct sk_buff *__skb_try_recv_datagram_off(struct sock *sk, unsigned int flags, int *off,
					    struct sk_buff **last);
void skb_free_datagram(struct sock *sk, struct sk_buff *skb);
/* Copy len bytes of skb from offset to the iterator; 0 or -EFAULT. */
int skb_copy_datagram_iter(const struct sk_buff *skb, int offset, struct iov_iter *to, int len);
/* Fill skb's tail (and page frags) from the iterator; 0 or -EFAULT. */
int skb_copy_datagram_from_iter(struct sk_buff *skb, int offset, struct iov_iter *from, int len);
/* Append len bytes as page fragments; *added is the truesize added (to be
 * charged to the owner, even on failure). 0 or -errno. net/core/datagram.c. */
int skb_append_pages_from_iter(struct sk_buff *skb, struct iov_iter *from, int len, int *added);
unsigned int datagram_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);
/* SIOCINQ/SIOCOUTQ of a datagram socket; hdrlen: header recvmsg strips. */
int sk_dgram_ioctl(struct sock *sk, int cmd, int *karg, unsigned int hdrlen);

/* SOL_SOCKET options (net/core/sock.c). */
int sock_setsockopt(struct socket *sock, int level, int op, char __user *optval, unsigned int optlen);
int sock_getsockopt(struct socket *sock, int level, int op, char __user *optval, int __user *optlen);
/* getsockopt's reply: up to len bytes of the value, and the length
 * written back to *optlen; 0 or -EFAULT. */
int sockopt_put(char __user *optval, int __user *optlen, int len, const void *kval, unsigned int size);
int sockopt_put_int(char __user *optval, int __user *optlen, int len, int val);
/* Linux's rule: setsockopt(SO_RCVBUF/SO_SNDBUF, v) stores 2*v clamped. */

/* poll helpers */
static inline void sock_poll_wait(struct file *filp, struct socket *sock, struct poll_table_struct *p)
{
	poll_wait(filp, &sock->wq, p);
}

/* Route cache on the socket (net/ipv4/route.c defines dst_release). */
void sk_dst_reset(struct sock *sk);

#endif
