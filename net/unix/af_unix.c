// SPDX-License-Identifier: MIT
/*
 * AF_UNIX sockets: SOCK_STREAM, SOCK_DGRAM and SOCK_SEQPACKET, named by a
 * filesystem path, by an abstract name (sun_path[0] == 0) or not at all,
 * as Linux's net/unix/af_unix.c.
 *
 * Data path. A sender allocates an skb charged to its own sk_wmem_alloc
 * (sock_alloc_send_skb waits while that exceeds sk_sndbuf), copies the user
 * data in once, and queues the skb on the peer's sk_receive_queue; the
 * reader copies it out once and frees it, which returns the charge and
 * wakes the writer (unix_write_space). Stream skbs hold up to 64 KiB; a
 * partly read stream skb keeps its read offset in UNIXCB(skb).consumed.
 * Datagram receivers additionally bound their queue at sk_max_ack_backlog
 * (Linux's net.unix.max_dgram_qlen, 10) for senders that are not their own
 * peer; those senders wait on the receiver's peer_wait.
 *
 * Connections. connect() builds the server-side socket ("embryo") at once,
 * links both ends, and queues a one-byte skb whose skb->sk is the embryo on
 * the listener's receive queue; accept() takes it off and grafts the embryo
 * onto the new struct socket. A listener's backlog is that queue's length.
 *
 * Names. Every socket is in unix_table: unbound and path-bound ones in the
 * lower half (hashed by address / inode number), abstract ones in the upper
 * half (hashed by name and type; names are per type, as in Linux).
 * Path-bound sockets are also in bsd_table, keyed by the inode, which is
 * how connect() finds the socket behind a path. The path's dentry stays
 * referenced while the socket lives; the file stays after close (unlink it).
 *
 * Locks and their order:
 *   u->bindlock (mutex)  ->  VFS locks (mknod)  ->  table bucket locks
 *       (two buckets: lower index first)  ->  bsd bucket lock
 *   u->iolock (mutex)    ->  unix_state_lock(sk)
 *   table bucket lock    ->  unix_state_lock (/proc/net/unix)
 *   unix_state_lock(listener) -> unix_state_lock(connecting sk) (nested;
 *       a listener never connects, so the reverse cannot happen)
 *   unix_state_lock(a) -> unix_state_lock(b), lower address first
 *       (unix_state_double_lock: datagram connect and send)
 *   unix_state_lock -> sk_receive_queue.lock -> peer_wait.lock / sk_wq lock
 *   unix_state_lock -> sk_lock.slock (sock_orphan, sock_graft)
 * unix_state_lock is a spinlock and is never held across anything that
 * sleeps. Another socket's callbacks (sk_data_ready, sk_state_change,
 * sk_write_space) run under that socket's state lock: release orphans a
 * socket (sk_wq = NULL) under it before its struct socket and wait queue
 * are freed, and with no RCU here that lock is what keeps sk_wq valid
 * while we wake it. sock->state, which socket.c documents as [lock_sock], is
 * written here under unix_state_lock instead: AF_UNIX never takes
 * lock_sock outside the generic SOL_SOCKET options.
 * sk_receive_queue.lock is taken without disabling interrupts or BHs: no
 * interrupt or softirq touches a unix socket.
 *
 * Not here (Linux has them): MSG_OOB on streams (EOPNOTSUPP), SO_PEEK_OFF,
 * splice, the in-flight file garbage collector (net/unix/scm.c: a cycle of
 * sockets passed over each other and then closed is never freed), the
 * per-user limit on files in flight, and datagrams beyond 2 MiB (skbs are
 * linear: ENOBUFS).
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/random.h>
#include <uapi/poll.h>
#include <net/tcp_states.h>
#include <net/af_unix.h>

#define UNIX_HASH_BITS          8
#define UNIX_HASH_SIZE          (1 << UNIX_HASH_BITS)
#define UNIX_HASH_MOD           (UNIX_HASH_SIZE - 1)

/* Linux's net.unix.max_dgram_qlen default. */
#define UNIX_MAX_DGRAM_QLEN     10

/* Largest stream skb: data + skb_shared_info fill exactly 64 KiB. */
#define UNIX_SKB_MAX            (65536 - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

#define __SO_ACCEPTCON          (1 << 16)       /* /proc/net/unix Flags */

#define EPOLLOUT_ALL            (EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND)

#define swap(a, b)              do { __typeof__(a) _t = (a); (a) = (b); (b) = _t; } while (0)

static struct hlist_head unix_table[2 * UNIX_HASH_SIZE];       /* [unix_table_locks] */
static spinlock_t unix_table_locks[2 * UNIX_HASH_SIZE];
static struct hlist_head bsd_table[UNIX_HASH_SIZE];            /* [bsd_locks] */
static spinlock_t bsd_locks[UNIX_HASH_SIZE];

static const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;
static struct sk_buff *unix_try_recv(struct sock *sk, int flags, struct sk_buff **last);

struct proto unix_proto = {
	.name = "UNIX",
	.obj_size = sizeof(struct unix_sock),
};

/* A name copied out of a sockaddr, NUL-terminated one past the end. */
struct unix_name {
	int len;
	union {
		struct sockaddr_un sun;
		char raw[sizeof(struct sockaddr_un) + 1];
	};
};

/* ------------------------------------------------------------ hash tables */

static unsigned int unix_unbound_hash(struct sock *sk)
{
	unsigned long h = (unsigned long)sk;

	h ^= h >> 16;
	h ^= h >> 8;
	return (h ^ sk->sk_type) & UNIX_HASH_MOD;
}

static unsigned int unix_bsd_hash(struct inode *inode)
{
	return inode->i_ino & UNIX_HASH_MOD;
}

static unsigned int unix_abstract_hash(const struct sockaddr_un *sun, int len, int type)
{
	const unsigned char *p = (const unsigned char *)sun;
	u32 h = 2166136261u;            /* FNV-1a */
	int i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	h ^= h >> 16;
	return UNIX_HASH_SIZE + ((h ^ type) & UNIX_HASH_MOD);
}

static void unix_table_double_lock(unsigned int h1, unsigned int h2)
{
	if (h1 == h2) {
		spin_lock(&unix_table_locks[h1]);
		return;
	}
	if (h1 > h2)
		swap(h1, h2);
	spin_lock(&unix_table_locks[h1]);
	spin_lock_nested(&unix_table_locks[h2]);
}

static void unix_table_double_unlock(unsigned int h1, unsigned int h2)
{
	spin_unlock(&unix_table_locks[h1]);
	if (h1 != h2)
		spin_unlock(&unix_table_locks[h2]);
}

static void unix_insert_unbound(struct sock *sk)
{
	spin_lock(&unix_table_locks[sk->sk_hash]);
	hlist_add_head(&sk->sk_node, &unix_table[sk->sk_hash]);
	spin_unlock(&unix_table_locks[sk->sk_hash]);
}

static void unix_remove_socket(struct sock *sk)
{
	spin_lock(&unix_table_locks[sk->sk_hash]);
	hlist_del_init(&sk->sk_node);
	spin_unlock(&unix_table_locks[sk->sk_hash]);
	if (!hlist_unhashed(&sk->sk_bind_node)) {
		unsigned int h = unix_bsd_hash(unix_sk(sk)->path.dentry->d_inode);

		spin_lock(&bsd_locks[h]);
		hlist_del_init(&sk->sk_bind_node);
		spin_unlock(&bsd_locks[h]);
	}
}

/* Move sk to bucket hash under its new name. Both buckets are locked. */
static void __unix_set_addr_hash(struct sock *sk, struct unix_address *addr, unsigned int hash)
{
	hlist_del_init(&sk->sk_node);
	smp_store_release(&unix_sk(sk)->addr, addr);
	sk->sk_hash = hash;
	hlist_add_head(&sk->sk_node, &unix_table[hash]);
}

/* An abstract name's owner of this type; bucket lock held. */
static struct sock *__unix_find_abstract(const struct sockaddr_un *sun, int len, int type,
					 unsigned int hash)
{
	struct sock *s;

	hlist_for_each_entry(s, &unix_table[hash], sk_node) {
		struct unix_address *a = unix_sk(s)->addr;

		if (s->sk_type == type && a->len == len && !memcmp(&a->name, sun, len))
			return s;
	}
	return NULL;
}

static struct sock *unix_find_socket_byinode(struct inode *inode)
{
	unsigned int h = unix_bsd_hash(inode);
	struct sock *s;

	spin_lock(&bsd_locks[h]);
	hlist_for_each_entry(s, &bsd_table[h], sk_bind_node) {
		if (unix_sk(s)->path.dentry->d_inode == inode) {
			sock_hold(s);
			spin_unlock(&bsd_locks[h]);
			return s;
		}
	}
	spin_unlock(&bsd_locks[h]);
	return NULL;
}

/* --------------------------------------------------------------- addresses */

static struct unix_address *unix_create_addr(const struct sockaddr_un *sun, int len)
{
	struct unix_address *a = kzalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return NULL;
	atomic_set(&a->refcnt, 1);
	a->len = len;
	memcpy(&a->name, sun, len);
	return a;
}

static void unix_release_addr(struct unix_address *a)
{
	if (a && atomic_dec_and_test(&a->refcnt))
		kfree(a);
}

/*
 * Check and copy a user address: longer than the family, at most a
 * sockaddr_un, AF_UNIX. A path name ends at its first NUL (len becomes
 * Linux's: offset + strlen + 1); an abstract one is all len bytes.
 */
static int unix_get_name(const struct sockaddr *addr, int len, struct unix_name *n)
{
	if (len <= (int)offsetof(struct sockaddr_un, sun_path) || len > (int)sizeof(struct sockaddr_un))
		return -EINVAL;
	if (addr->sa_family != AF_UNIX)
		return -EINVAL;
	memset(n->raw, 0, sizeof(n->raw));
	memcpy(&n->sun, addr, len);
	n->len = len;
	if (n->sun.sun_path[0])
		n->len = offsetof(struct sockaddr_un, sun_path) + strlen(n->sun.sun_path) + 1;
	return 0;
}

/* --------------------------------------------------------------- peer wake */

/*
 * A datagram socket connected to a receiver that is not connected back
 * (say /dev/log) may not queue more once that receiver's queue is full.
 * poll() and non-blocking senders then hook our peer_wake entry onto the
 * receiver's peer_wait; the receiver's next dequeue runs the entry, which
 * unhooks itself and wakes our own wait queue with POLLOUT. A poll_wait on
 * the receiver's queue directly could outlive the receiver; this entry is
 * unhooked whenever the association ends.
 */
static int unix_dgram_peer_wake_relay(wait_queue_entry_t *q, unsigned int mode, int flags, void *key)
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

static void unix_dgram_peer_wake_disconnect(struct sock *sk, struct sock *other)
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

static bool unix_recvq_full(const struct sock *sk)
{
	return skb_queue_len(&sk->sk_receive_queue) > READ_ONCE(sk->sk_max_ack_backlog);
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

/* ------------------------------------------------------- callbacks, state */

static bool unix_writable(const struct sock *sk, unsigned char state)
{
	return state != TCP_LISTEN &&
	       (atomic_read(&sk->sk_wmem_alloc) << 2) <= READ_ONCE(sk->sk_sndbuf);
}

/* sock_wfree calls this as the reader consumes our skbs, possibly while
 * we are being closed: the state lock keeps sk_wq valid (see the top). */
static void unix_write_space(struct sock *sk)
{
	wait_queue_head_t *wq;

	if (!unix_writable(sk, READ_ONCE(sk->sk_state)))
		return;
	unix_state_lock(sk);
	wq = sk->sk_wq;
	if (wq && wq_has_sleeper(wq))
		wake_up_interruptible_poll(wq, EPOLLOUT_ALL);
	unix_state_unlock(sk);
}

static bool unix_passcred(const struct sock *sk)
{
	struct socket *sock = READ_ONCE(sk->sk_socket);

	return sock && test_bit(SOCK_PASSCRED, &sock->flags);
}

static void unix_sock_destructor(struct sock *sk)
{
	skb_queue_purge(&sk->sk_receive_queue);
	unix_release_addr(unix_sk(sk)->addr);
	unix_sk(sk)->addr = NULL;
}

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

static struct sock *unix_peer_get(struct sock *sk)
{
	struct sock *peer;

	unix_state_lock(sk);
	peer = unix_peer(sk);
	if (peer)
		sock_hold(peer);
	unix_state_unlock(sk);
	return peer;
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

/* ----------------------------------------------------- create and release */

static struct sock *unix_create1(struct socket *sock, int type)
{
	struct sock *sk = sk_alloc(AF_UNIX, GFP_KERNEL, &unix_proto, 0);
	struct unix_sock *u;

	if (!sk)
		return NULL;
	sock_init_data(sock, sk);
	sk->sk_type = type;
	sk->sk_write_space = unix_write_space;
	sk->sk_destruct = unix_sock_destructor;
	sk->sk_max_ack_backlog = UNIX_MAX_DGRAM_QLEN;
	sk->sk_hash = unix_unbound_hash(sk);
	u = unix_sk(sk);
	spin_lock_init_ranked(&u->lock, "unix_state_lock", LOCKRANK_UNIX_STATE);
	mutex_init(&u->iolock);
	mutex_init(&u->bindlock);
	init_waitqueue_head(&u->peer_wait);
	init_waitqueue_func_entry(&u->peer_wake, unix_dgram_peer_wake_relay);
	unix_insert_unbound(sk);
	return sk;
}

static int unix_create(struct socket *sock, int protocol, int kern)
{
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	switch (sock->type) {
	case SOCK_STREAM:
		sock->ops = &unix_stream_ops;
		break;
	case SOCK_RAW:                  /* BSD has it; Linux maps it to datagrams */
		sock->type = SOCK_DGRAM;
		/* fall through */
	case SOCK_DGRAM:
		sock->ops = &unix_dgram_ops;
		break;
	case SOCK_SEQPACKET:
		sock->ops = &unix_seqpacket_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	sock->state = SS_UNCONNECTED;
	return unix_create1(sock, sock->type) ? 0 : -ENOMEM;
}

/*
 * Tear sk down: unhash it, cut it from its peer (a stream peer sees EOF,
 * and ECONNRESET if we leave unread data or were never accepted), free
 * what is queued (a listener's embryos are released in turn) and drop the
 * socket's reference. The memory goes when the last skb charged to it does.
 */
static void unix_release_sock(struct sock *sk, int embryo)
{
	struct unix_sock *u = unix_sk(sk);
	struct sock *skpair;
	struct sk_buff *skb;
	struct path path;
	int state;

	unix_remove_socket(sk);

	unix_state_lock(sk);
	sock_orphan(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	path = u->path;
	u->path.dentry = NULL;
	u->path.mnt = NULL;
	state = sk->sk_state;
	WRITE_ONCE(sk->sk_state, TCP_CLOSE);
	skpair = unix_peer(sk);
	unix_peer(sk) = NULL;
	unix_state_unlock(sk);

	wake_up_interruptible_all(&u->peer_wait);

	if (skpair) {
		if (sk->sk_type == SOCK_STREAM || sk->sk_type == SOCK_SEQPACKET) {
			bool unread = !skb_queue_empty(&sk->sk_receive_queue);

			unix_state_lock(skpair);
			WRITE_ONCE(skpair->sk_shutdown, SHUTDOWN_MASK);
			if (unread || embryo)
				WRITE_ONCE(skpair->sk_err, ECONNRESET);
			skpair->sk_state_change(skpair);
			unix_state_unlock(skpair);
		}
		unix_dgram_peer_wake_disconnect(sk, skpair);
		sock_put(skpair);
	}

	while ((skb = skb_dequeue(&sk->sk_receive_queue)) != NULL) {
		if (state == TCP_LISTEN)
			unix_release_sock(skb->sk, 1);
		kfree_skb(skb);         /* passed files are dropped by the destructor */
	}
	if (path.dentry)
		path_put(&path);
	sock_put(sk);
}

static int unix_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	unix_release_sock(sk, 0);
	sock->sk = NULL;
	return 0;
}

/* ----------------------------------------------------------------- naming */

static int unix_autobind(struct sock *sk)
{
	struct unix_sock *u = unix_sk(sk);
	unsigned int old_hash, new_hash;
	struct unix_address *addr;
	u32 ordernum, lastnum;
	int err;

	err = mutex_lock_interruptible(&u->bindlock);
	if (err)
		return err;
	if (u->addr)
		goto out;
	err = -ENOMEM;
	addr = kzalloc(sizeof(*addr), GFP_KERNEL);
	if (!addr)
		goto out;
	atomic_set(&addr->refcnt, 1);
	addr->len = offsetof(struct sockaddr_un, sun_path) + 6;
	addr->name.sun_family = AF_UNIX;
	ordernum = get_random_u32() & 0xFFFFF;
	lastnum = ordernum;
	for (;;) {
		ordernum = (ordernum + 1) & 0xFFFFF;
		snprintf(addr->name.sun_path + 1, 6, "%05x", ordernum);
		old_hash = sk->sk_hash;
		new_hash = unix_abstract_hash(&addr->name, addr->len, sk->sk_type);
		unix_table_double_lock(old_hash, new_hash);
		if (!__unix_find_abstract(&addr->name, addr->len, sk->sk_type, new_hash))
			break;
		unix_table_double_unlock(old_hash, new_hash);
		if (ordernum == lastnum) {      /* every name is taken */
			unix_release_addr(addr);
			err = -ENOSPC;
			goto out;
		}
		cond_resched();
	}
	__unix_set_addr_hash(sk, addr, new_hash);
	unix_table_double_unlock(old_hash, new_hash);
	err = 0;
out:
	mutex_unlock(&u->bindlock);
	return err;
}

static int unix_bind_bsd(struct sock *sk, struct unix_name *n)
{
	struct unix_sock *u = unix_sk(sk);
	unsigned int old_hash, new_hash, h;
	struct unix_address *addr;
	struct path path;
	int err;

	addr = unix_create_addr(&n->sun, n->len);
	if (!addr)
		return -ENOMEM;
	/* the node first (an existing name is EADDRINUSE even for a bound
	 * socket, as Linux); it gets 0777 less the umask */
	err = vfs_mknod_path(AT_FDCWD, n->sun.sun_path, S_IFSOCK | 0777, 0, &path);
	if (err) {
		if (err == -EEXIST)
			err = -EADDRINUSE;
		goto out;
	}
	err = mutex_lock_interruptible(&u->bindlock);
	if (err)
		goto out_unlink;
	err = -EINVAL;
	if (u->addr)
		goto out_unlock;
	old_hash = sk->sk_hash;
	new_hash = unix_bsd_hash(path.dentry->d_inode);
	unix_table_double_lock(old_hash, new_hash);
	u->path = path;
	__unix_set_addr_hash(sk, addr, new_hash);
	unix_table_double_unlock(old_hash, new_hash);
	h = new_hash;
	spin_lock(&bsd_locks[h]);
	hlist_add_head(&sk->sk_bind_node, &bsd_table[h]);
	spin_unlock(&bsd_locks[h]);
	mutex_unlock(&u->bindlock);
	return 0;

out_unlock:
	mutex_unlock(&u->bindlock);
out_unlink:
	path_put(&path);
	do_unlinkat(AT_FDCWD, n->sun.sun_path, 0);     /* undo our mknod */
out:
	unix_release_addr(addr);
	return err;
}

static int unix_bind_abstract(struct sock *sk, struct unix_name *n)
{
	struct unix_sock *u = unix_sk(sk);
	unsigned int old_hash, new_hash;
	struct unix_address *addr;
	int err;

	addr = unix_create_addr(&n->sun, n->len);
	if (!addr)
		return -ENOMEM;
	err = mutex_lock_interruptible(&u->bindlock);
	if (err)
		goto out;
	err = -EINVAL;
	if (u->addr)
		goto out_unlock;
	old_hash = sk->sk_hash;
	new_hash = unix_abstract_hash(&addr->name, addr->len, sk->sk_type);
	unix_table_double_lock(old_hash, new_hash);
	if (__unix_find_abstract(&addr->name, addr->len, sk->sk_type, new_hash)) {
		unix_table_double_unlock(old_hash, new_hash);
		err = -EADDRINUSE;
		goto out_unlock;
	}
	__unix_set_addr_hash(sk, addr, new_hash);
	unix_table_double_unlock(old_hash, new_hash);
	mutex_unlock(&u->bindlock);
	return 0;

out_unlock:
	mutex_unlock(&u->bindlock);
out:
	unix_release_addr(addr);
	return err;
}

static int unix_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct unix_name n;
	int err;

	if (addr_len == offsetof(struct sockaddr_un, sun_path) && uaddr->sa_family == AF_UNIX)
		return unix_autobind(sock->sk);
	err = unix_get_name(uaddr, addr_len, &n);
	if (err)
		return err;
	if (n.sun.sun_path[0])
		return unix_bind_bsd(sock->sk, &n);
	return unix_bind_abstract(sock->sk, &n);
}

/* The socket named n (referenced), or ERR_PTR: -ENOENT and other path
 * errors, -ECONNREFUSED (nobody bound there), -EPROTOTYPE (wrong type). */
static struct sock *unix_find_other(struct unix_name *n, int type)
{
	struct inode *inode;
	struct path path;
	struct sock *sk;
	unsigned int h;
	int err;

	if (!n->sun.sun_path[0]) {
		h = unix_abstract_hash(&n->sun, n->len, type);
		spin_lock(&unix_table_locks[h]);
		sk = __unix_find_abstract(&n->sun, n->len, type, h);
		if (sk)
			sock_hold(sk);
		spin_unlock(&unix_table_locks[h]);
		return sk ? sk : ERR_PTR(-ECONNREFUSED);
	}
	err = kern_path(n->sun.sun_path, LOOKUP_FOLLOW, &path);
	if (err)
		return ERR_PTR(err);
	inode = path.dentry->d_inode;
	sk = S_ISSOCK(inode->i_mode) ? unix_find_socket_byinode(inode) : NULL;
	path_put(&path);
	if (!sk)
		return ERR_PTR(-ECONNREFUSED);
	if (sk->sk_type != type) {
		sock_put(sk);
		return ERR_PTR(-EPROTOTYPE);
	}
	return sk;
}

static int unix_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)uaddr;
	struct sock *sk = sock->sk;
	struct unix_address *addr;
	int len;

	if (peer) {
		sk = unix_peer_get(sk);
		if (!sk)
			return -ENOTCONN;
	} else {
		sock_hold(sk);
	}
	addr = smp_load_acquire(&unix_sk(sk)->addr);
	if (!addr) {
		sun->sun_family = AF_UNIX;
		sun->sun_path[0] = 0;
		len = offsetof(struct sockaddr_un, sun_path);
	} else {
		len = addr->len;
		memcpy(sun, &addr->name, len);
	}
	sock_put(sk);
	return len;
}

/* The sender's name into msg->msg_name (left empty for an unnamed one). */
static void unix_copy_addr(struct msghdr *msg, struct sock *sk)
{
	struct unix_address *addr = smp_load_acquire(&unix_sk(sk)->addr);

	if (addr) {
		msg->msg_namelen = addr->len;
		memcpy(msg->msg_name, &addr->name, addr->len);
	}
}

/* ------------------------------------------------------------- connecting */

static int unix_listen(struct socket *sock, int backlog)
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
	err = 0;
out:
	unix_state_unlock(sk);
	return err;
}

/* Sleep (exclusively) until other's queue has room; other's state lock is
 * held on entry and dropped. Returns the time left. */
static long unix_wait_for_peer(struct sock *other, long timeo)
{
	struct unix_sock *u = unix_sk(other);
	bool sched;
	DEFINE_WAIT(wait);

	prepare_to_wait_exclusive(&u->peer_wait, &wait, TASK_INTERRUPTIBLE);
	sched = !sock_flag(other, SOCK_DEAD) && !(other->sk_shutdown & RCV_SHUTDOWN) &&
		unix_recvq_full(other);
	unix_state_unlock(other);
	if (sched)
		timeo = schedule_timeout(timeo);
	finish_wait(&u->peer_wait, &wait);
	return timeo;
}

/* Connecting with SO_PASSCRED set names an unnamed socket first (Linux). */
static int unix_maybe_autobind(struct socket *sock)
{
	if (test_bit(SOCK_PASSCRED, &sock->flags) && !smp_load_acquire(&unix_sk(sock->sk)->addr))
		return unix_autobind(sock->sk);
	return 0;
}

static int unix_stream_connect(struct socket *sock, struct sockaddr *uaddr, int addr_len, int flags)
{
	struct sock *sk = sock->sk, *newsk, *other;
	struct unix_sock *newu, *otheru;
	struct sk_buff *skb;
	struct unix_name n;
	unsigned char st;
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
restart:
	other = unix_find_other(&n, sk->sk_type);
	if (IS_ERR(other)) {
		err = PTR_ERR(other);
		goto out_free_skb;
	}
	unix_state_lock(other);
	if (sock_flag(other, SOCK_DEAD)) {      /* raced with its close */
		unix_state_unlock(other);
		sock_put(other);
		goto restart;
	}
	err = -ECONNREFUSED;
	if (other->sk_state != TCP_LISTEN || (other->sk_shutdown & RCV_SHUTDOWN))
		goto out_unlock;
	if (unix_recvq_full(other)) {
		err = -EAGAIN;
		if (!timeo)
			goto out_unlock;
		timeo = unix_wait_for_peer(other, timeo);
		sock_put(other);
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			goto out_free_skb;
		goto restart;
	}
	/* a listener never connects: checking before locking sk avoids the
	 * reverse order (connect to self, two listeners connecting) */
	st = READ_ONCE(sk->sk_state);
	if (st != TCP_CLOSE) {
		err = st == TCP_ESTABLISHED ? -EISCONN : -EINVAL;
		goto out_unlock;
	}
	unix_state_lock_nested(sk);
	if (sk->sk_state != TCP_CLOSE) {
		err = sk->sk_state == TCP_ESTABLISHED ? -EISCONN : -EINVAL;
		unix_state_unlock(sk);
		goto out_unlock;
	}

	/* newsk is private until queued: no lock needed for it */
	sock_hold(sk);
	unix_peer(newsk) = sk;
	newsk->sk_state = TCP_ESTABLISHED;
	newsk->sk_peer_pid = current->tgid;
	newu = unix_sk(newsk);
	otheru = unix_sk(other);
	if (otheru->path.dentry) {
		path_get(&otheru->path);
		newu->path = otheru->path;
	}
	atomic_inc(&otheru->addr->refcnt);
	smp_store_release(&newu->addr, otheru->addr);

	sk->sk_peer_pid = other->sk_peer_pid;
	sock->state = SS_CONNECTED;
	WRITE_ONCE(sk->sk_state, TCP_ESTABLISHED);
	sock_hold(newsk);
	unix_peer(sk) = newsk;
	unix_state_unlock(sk);

	skb->sk = newsk;                /* no destructor: the embryo's own reference travels */
	spin_lock(&other->sk_receive_queue.lock);
	__skb_queue_tail(&other->sk_receive_queue, skb);
	spin_unlock(&other->sk_receive_queue.lock);
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

static int unix_dgram_connect(struct socket *sock, struct sockaddr *addr, int alen, int flags)
{
	struct sock *sk = sock->sk, *other, *old_peer;
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
restart:
		other = unix_find_other(&n, sock->type);
		if (IS_ERR(other))
			return PTR_ERR(other);
		unix_state_double_lock(sk, other);
		if (sock_flag(other, SOCK_DEAD)) {
			unix_state_double_unlock(sk, other);
			sock_put(other);
			goto restart;
		}
		if (unix_peer(other) && unix_peer(other) != sk) {
			unix_state_double_unlock(sk, other);
			sock_put(other);
			return -EPERM;
		}
		WRITE_ONCE(sk->sk_state, TCP_ESTABLISHED);
		WRITE_ONCE(other->sk_state, TCP_ESTABLISHED);
	} else {                        /* AF_UNSPEC: dissolve the association */
		other = NULL;
		unix_state_double_lock(sk, other);
	}

	old_peer = unix_peer(sk);
	unix_peer(sk) = other;          /* our reference from the lookup moves here */
	if (!old_peer) {
		unix_state_double_unlock(sk, other);
		return 0;
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
	return 0;
}

static int unix_socketpair(struct socket *socka, struct socket *sockb)
{
	struct sock *ska = socka->sk, *skb = sockb->sk;

	/* neither socket is visible to anyone else yet */
	sock_hold(ska);
	sock_hold(skb);
	unix_peer(ska) = skb;
	unix_peer(skb) = ska;
	ska->sk_peer_pid = skb->sk_peer_pid = current->tgid;
	ska->sk_state = TCP_ESTABLISHED;
	skb->sk_state = TCP_ESTABLISHED;
	socka->state = SS_CONNECTED;
	sockb->state = SS_CONNECTED;
	return 0;
}

static int unix_accept(struct socket *sock, struct socket *newsock, int flags, bool kern)
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
		struct sk_buff *last;

		skb = unix_try_recv(sk, 0, &last);
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

static int unix_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk, *other;
	int mode, peer_mode = 0;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mode = how + 1;                 /* SHUT_RD -> RCV_SHUTDOWN, ... */
	unix_state_lock(sk);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | mode);
	other = unix_peer(sk);
	if (other)
		sock_hold(other);
	unix_state_unlock(sk);
	sk->sk_state_change(sk);        /* our own socket: held by the caller */

	if (other && (sk->sk_type == SOCK_STREAM || sk->sk_type == SOCK_SEQPACKET)) {
		if (mode & RCV_SHUTDOWN)
			peer_mode |= SEND_SHUTDOWN;
		if (mode & SEND_SHUTDOWN)
			peer_mode |= RCV_SHUTDOWN;
		unix_state_lock(other);
		WRITE_ONCE(other->sk_shutdown, other->sk_shutdown | peer_mode);
		other->sk_state_change(other);
		unix_state_unlock(other);
	}
	if (other)
		sock_put(other);
	return 0;
}

/* -------------------------------------------------------- send: common */

/* Files and credentials onto skb (files only on the first skb of a send). */
static void unix_scm_to_skb(struct scm_cookie *scm, struct sk_buff *skb, bool send_fds)
{
	UNIXCB(skb).fp = NULL;
	UNIXCB(skb).consumed = 0;
	UNIXCB(skb).creds = scm->creds;
	UNIXCB(skb).pid = scm->creds ? scm->pid : 0;
	if (send_fds) {
		UNIXCB(skb).fp = scm->fp;
		scm->fp = NULL;
	}
}

/* Credentials ride along when either end asked for them (SO_PASSCRED) or
 * the receiver is not accepted yet. other's state lock is held, so its
 * struct socket cannot go away under unix_passcred. */
static void unix_maybe_add_creds(struct sk_buff *skb, struct sock *sk, struct sock *other)
{
	if (UNIXCB(skb).creds)
		return;
	if (unix_passcred(sk) || unix_passcred(other) || !other->sk_socket) {
		UNIXCB(skb).pid = current->tgid;
		UNIXCB(skb).creds = true;
	}
}

/* The skb destructor: drop passed files, then uncharge the sender. */
static void unix_destruct_scm(struct sk_buff *skb)
{
	scm_fp_free(UNIXCB(skb).fp);
	UNIXCB(skb).fp = NULL;
	sock_wfree(skb);
}

/* A send skb with room for *size bytes (shrunk if memory is tight and
 * may_shrink), charged to sk; waits for send buffer space unless noblock. */
static struct sk_buff *unix_alloc_send_skb(struct sock *sk, int *size, bool may_shrink,
					   int noblock, int *err)
{
	struct sk_buff *skb;

	for (;;) {
		skb = sock_alloc_send_skb(sk, *size, noblock, err);
		if (skb || *err != -ENOBUFS || !may_shrink || *size <= (int)PAGE_SIZE)
			break;
		*size /= 2;
	}
	if (skb)
		skb->destructor = unix_destruct_scm;
	return skb;
}

/* Queue skb on other; other's state lock is held (it checked SOCK_DEAD). */
static void unix_queue_skb(struct sock *other, struct sk_buff *skb)
{
	spin_lock(&other->sk_receive_queue.lock);
	__skb_queue_tail(&other->sk_receive_queue, skb);
	spin_unlock(&other->sk_receive_queue.lock);
}

/* ----------------------------------------------------------- send: stream */

static int unix_stream_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
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
	if (msg->msg_flags & MSG_OOB)
		goto out_err;
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

/* --------------------------------------------------------- send: datagram */

static int unix_dgram_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk, *other = NULL;
	struct scm_cookie scm;
	struct sk_buff *skb;
	struct unix_name n;
	bool sk_locked;
	int err, size;
	long timeo;

	err = unix_scm_send(msg, &scm);
	if (err)
		return err;
	err = -EOPNOTSUPP;
	if (msg->msg_flags & MSG_OOB)
		goto out;
	if (msg->msg_namelen) {
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

	if (msg->msg_namelen) {
lookup:
		other = unix_find_other(&n, sk->sk_type);
		if (IS_ERR(other)) {
			err = PTR_ERR(other);
			goto out_free;
		}
	} else {
		other = unix_peer_get(sk);
		err = -ENOTCONN;
		if (!other)
			goto out_free;
	}

restart:
	sk_locked = false;
	unix_state_lock(other);
restart_locked:
	err = -EPERM;
	if (unix_peer(other) && unix_peer(other) != sk)
		goto out_unlock;
	if (sock_flag(other, SOCK_DEAD)) {
		/* the receiver is gone: forget it if it was our peer */
		unix_state_unlock(other);
		if (sk->sk_type == SOCK_SEQPACKET) {
			err = -EPIPE;
			goto out_put;
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
			err = -ECONNREFUSED;
			goto out_put;
		}
		unix_state_unlock(sk);
		err = -ECONNRESET;
		if (!msg->msg_namelen)
			goto out_put;
		sock_put(other);
		goto lookup;
	}
	err = -EPIPE;
	if (other->sk_shutdown & RCV_SHUTDOWN)
		goto out_unlock;
	/* a receiver not connected back to us bounds its queue */
	if (other != sk && unix_peer(other) != sk && unix_recvq_full(other)) {
		if (timeo) {
			timeo = unix_wait_for_peer(other, timeo);
			err = sock_intr_errno(timeo);
			if (signal_pending(current))
				goto out_put;
			goto restart;
		}
		if (!sk_locked) {
			unix_state_unlock(other);
			unix_state_double_lock(sk, other);
		}
		if (unix_peer(sk) != other || unix_dgram_peer_wake_me(sk, other)) {
			err = -EAGAIN;
			sk_locked = true;
			goto out_unlock;
		}
		if (!sk_locked) {
			sk_locked = true;
			goto restart_locked;
		}
	}
	if (sk_locked)
		unix_state_unlock(sk);
	unix_maybe_add_creds(skb, sk, other);
	unix_queue_skb(other, skb);
	other->sk_data_ready(other);
	unix_state_unlock(other);
	sock_put(other);
	scm_destroy(&scm);
	return len;

out_unlock:
	if (sk_locked)
		unix_state_unlock(sk);
	unix_state_unlock(other);
out_put:
	sock_put(other);
out_free:
	kfree_skb(skb);
out:
	scm_destroy(&scm);
	return err;
}

static int unix_seqpacket_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
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

/* ------------------------------------------------------ receive: datagram */

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

/* Take (or with MSG_PEEK reference) the first skb; *last = the queue's tail. */
static struct sk_buff *unix_try_recv(struct sock *sk, int flags, struct sk_buff **last)
{
	struct sk_buff_head *q = &sk->sk_receive_queue;
	struct sk_buff *skb;

	spin_lock(&q->lock);
	*last = skb_peek_tail(q);
	skb = skb_peek(q);
	if (skb) {
		if (flags & MSG_PEEK)
			skb_get(skb);
		else
			__skb_unlink(skb, q);
	}
	spin_unlock(&q->lock);
	return skb;
}

/* The credentials and files of skb for the receiver (files are moved out
 * unless peeking, which duplicates them as Linux does). */
static void unix_skb_to_scm(struct sk_buff *skb, struct scm_cookie *scm, int flags)
{
	scm->pid = UNIXCB(skb).pid;
	scm->creds = UNIXCB(skb).creds;
	scm->uid = scm->gid = 0;
	if (!UNIXCB(skb).fp)
		return;
	if (flags & MSG_PEEK) {
		scm->fp = scm_fp_dup(UNIXCB(skb).fp);
	} else {
		scm->fp = UNIXCB(skb).fp;
		UNIXCB(skb).fp = NULL;
	}
}

static int unix_dgram_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct unix_sock *u = unix_sk(sk);
	struct scm_cookie scm = { 0 };
	struct sk_buff *skb, *last = NULL;
	long timeo;
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	for (;;) {
		mutex_lock(&u->iolock);
		err = sock_error(sk);
		if (!err) {
			skb = unix_try_recv(sk, flags, &last);
			if (skb)
				break;
			err = -EAGAIN;
		}
		mutex_unlock(&u->iolock);
		if (err != -EAGAIN)
			return err;
		if (!timeo) {
			/* a non-blocking seqpacket read past the peer's close is EOF */
			if (sk->sk_type == SOCK_SEQPACKET && (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN))
				return 0;
			return -EAGAIN;
		}
		err = unix_wait_for_more(sk, &timeo, last);
		if (err)
			return err > 0 ? 0 : err;
	}

	if (wq_has_sleeper(&u->peer_wait))
		wake_up_interruptible_poll(&u->peer_wait, EPOLLOUT_ALL);
	if (msg->msg_name)
		unix_copy_addr(msg, skb->sk);
	if (size > skb->len)
		size = skb->len;
	else if (size < skb->len)
		msg->msg_flags |= MSG_TRUNC;
	err = skb_copy_datagram_iter(skb, 0, &msg->msg_iter, size);
	if (!err) {
		unix_skb_to_scm(skb, &scm, flags);
		err = flags & MSG_TRUNC ? (int)skb->len : (int)size;
		unix_scm_recv(msg, &scm, unix_passcred(sk), flags);
	}
	consume_skb(skb);
	mutex_unlock(&u->iolock);
	return err;
}

static int unix_seqpacket_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	if (READ_ONCE(sock->sk->sk_state) != TCP_ESTABLISHED)
		return -ENOTCONN;
	return unix_dgram_recvmsg(sock, msg, size, flags);
}

/* -------------------------------------------------------- receive: stream */

static inline unsigned int unix_skb_len(const struct sk_buff *skb)
{
	return skb->len - UNIXCB(skb).consumed;
}

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

/* The skb at byte offset *skip of the queue (MSG_PEEK continues past what
 * it already copied); *skip becomes the offset inside it. State lock held. */
static struct sk_buff *unix_stream_peek_at(struct sock *sk, int *skip, struct sk_buff **last)
{
	struct sk_buff_head *q = &sk->sk_receive_queue;
	struct sk_buff *skb;

	spin_lock(&q->lock);
	*last = skb_peek_tail(q);
	skb = skb_peek(q);
	while (skb && *skip >= (int)unix_skb_len(skb)) {
		*skip -= unix_skb_len(skb);
		skb = skb->next == (struct sk_buff *)q ? NULL : skb->next;
	}
	spin_unlock(&q->lock);
	return skb;
}

static int unix_stream_recvmsg(struct socket *sock, struct msghdr *msg, size_t size, int flags)
{
	struct sock *sk = sock->sk;
	struct unix_sock *u = unix_sk(sk);
	bool passcred = unix_passcred(sk), check_creds = false, named = false;
	struct scm_cookie scm = { 0 };
	int copied = 0, err = 0, target, peeked = 0;
	long timeo;

	if (READ_ONCE(sk->sk_state) != TCP_ESTABLISHED)
		return -EINVAL;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, size);
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);

	mutex_lock(&u->iolock);
	while (size) {
		struct sk_buff *skb, *last;
		int skip = peeked, chunk;

		unix_state_lock(sk);
		skb = unix_stream_peek_at(sk, &skip, &last);
		if (!skb) {
			/* POSIX 1003.1g order: data, then error, then EOF */
			if (copied >= target)
				goto unlock;
			err = sock_error(sk);
			if (err || (sk->sk_shutdown & RCV_SHUTDOWN))
				goto unlock;
			unix_state_unlock(sk);
			if (!timeo) {
				err = -EAGAIN;
				break;
			}
			mutex_unlock(&u->iolock);
			timeo = unix_stream_data_wait(sk, timeo, last);
			if (signal_pending(current)) {
				err = sock_intr_errno(timeo);
				goto out;
			}
			mutex_lock(&u->iolock);
			continue;
unlock:
			unix_state_unlock(sk);
			break;
		}
		unix_state_unlock(sk);

		if (check_creds) {
			/* never glue messages from different writers */
			if (UNIXCB(skb).pid != scm.pid || UNIXCB(skb).creds != scm.creds)
				break;
		} else if (passcred) {
			scm.pid = UNIXCB(skb).pid;
			scm.creds = UNIXCB(skb).creds;
			check_creds = true;
		}
		if (msg->msg_name && !named) {
			unix_copy_addr(msg, skb->sk);
			named = true;
		}
		chunk = min_t(size_t, unix_skb_len(skb) - skip, size);
		if (skb_copy_datagram_iter(skb, UNIXCB(skb).consumed + skip, &msg->msg_iter, chunk)) {
			if (!copied)
				copied = -EFAULT;
			break;
		}
		copied += chunk;
		size -= chunk;

		if (flags & MSG_PEEK) {
			if (UNIXCB(skb).fp) {
				scm.fp = scm_fp_dup(UNIXCB(skb).fp);
				break;
			}
			peeked += chunk;
			continue;
		}
		WRITE_ONCE(UNIXCB(skb).consumed, UNIXCB(skb).consumed + chunk);
		if (UNIXCB(skb).fp) {
			scm.fp = UNIXCB(skb).fp;
			UNIXCB(skb).fp = NULL;
		}
		if (unix_skb_len(skb))
			break;          /* the user's buffer is full */
		spin_lock(&sk->sk_receive_queue.lock);
		__skb_unlink(skb, &sk->sk_receive_queue);
		spin_unlock(&sk->sk_receive_queue.lock);
		consume_skb(skb);       /* uncharges and wakes the writer */
		if (scm.fp)
			break;          /* files end a read */
	}
	mutex_unlock(&u->iolock);
	if (copied > 0 || (!copied && !err))
		unix_scm_recv(msg, &scm, passcred, flags);
	else
		scm_destroy(&scm);
out:
	return copied ? copied : err;
}

/* ------------------------------------------------------------------- poll */

static unsigned int poll_requested_events(const struct poll_table_struct *p)
{
	return p ? p->_key : ~0u;
}

static unsigned int unix_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait)
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
	if (state == TCP_CLOSE)         /* connection-based: not (or no longer) connected */
		mask |= EPOLLHUP;
	/* writable also after the peer shut down, so writers see EPIPE */
	if (unix_writable(sk, state))
		mask |= EPOLLOUT_ALL;
	return mask;
}

static unsigned int unix_dgram_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait)
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

/* ------------------------------------------------------------ ioctl, opts */

/* Bytes a read would see: all queued stream/seqpacket data, or the next
 * datagram's length. */
static long unix_inq_len(struct sock *sk)
{
	struct sk_buff_head *q = &sk->sk_receive_queue;
	struct sk_buff *skb;
	long amount = 0;

	if (READ_ONCE(sk->sk_state) == TCP_LISTEN)
		return -EINVAL;
	spin_lock(&q->lock);
	if (sk->sk_type == SOCK_DGRAM) {
		skb = skb_peek(q);
		if (skb)
			amount = skb->len;
	} else {
		for (skb = q->next; skb != (struct sk_buff *)q; skb = skb->next)
			amount += unix_skb_len(skb);
	}
	spin_unlock(&q->lock);
	return amount;
}

static int unix_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	long amount;

	switch (cmd) {
	case SIOCOUTQ:
		amount = atomic_read(&sk->sk_wmem_alloc) - 1;
		return put_user((int)amount, (int __user *)arg);
	case SIOCINQ:
		amount = unix_inq_len(sk);
		if (amount < 0)
			return amount;
		return put_user((int)amount, (int __user *)arg);
	default:
		return -ENOIOCTLCMD;
	}
}

static int unix_setsockopt(struct socket *sock, int level, int optname, char __user *optval,
			   unsigned int optlen)
{
	return -EOPNOTSUPP;             /* SOL_SOCKET is handled by socket.c */
}

static int unix_getsockopt(struct socket *sock, int level, int optname, char __user *optval,
			   int __user *optlen)
{
	return -EOPNOTSUPP;
}

static const struct proto_ops unix_stream_ops = {
	.family = PF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_stream_connect,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getname = unix_getname,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.setsockopt = unix_setsockopt,
	.getsockopt = unix_getsockopt,
	.sendmsg = unix_stream_sendmsg,
	.recvmsg = unix_stream_recvmsg,
};

static const struct proto_ops unix_dgram_ops = {
	.family = PF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_dgram_connect,
	.socketpair = unix_socketpair,
	.accept = sock_no_accept,
	.getname = unix_getname,
	.poll = unix_dgram_poll,
	.ioctl = unix_ioctl,
	.listen = sock_no_listen,
	.shutdown = unix_shutdown,
	.setsockopt = unix_setsockopt,
	.getsockopt = unix_getsockopt,
	.sendmsg = unix_dgram_sendmsg,
	.recvmsg = unix_dgram_recvmsg,
};

static const struct proto_ops unix_seqpacket_ops = {
	.family = PF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_stream_connect,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getname = unix_getname,
	.poll = unix_dgram_poll,
	.ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.setsockopt = unix_setsockopt,
	.getsockopt = unix_getsockopt,
	.sendmsg = unix_seqpacket_sendmsg,
	.recvmsg = unix_seqpacket_recvmsg,
};

/* ------------------------------------------------------- /proc/net/unix */

static void unix_show_sock(struct sock *s, char *buf, size_t size, int *len)
{
	struct unix_address *addr;
	struct socket *sock;
	unsigned long ino = 0;
	int st, i, n;

	unix_state_lock(s);
	sock = s->sk_socket;
	if (sock && sock->file)
		ino = sock->file->f_inode->i_ino;
	if (sock)
		st = s->sk_state == TCP_ESTABLISHED ? SS_CONNECTED : SS_UNCONNECTED;
	else
		st = s->sk_state == TCP_ESTABLISHED ? SS_CONNECTING : SS_DISCONNECTING;
	*len += snprintf(buf + min((size_t)*len, size), size - min((size_t)*len, size),
			 "%016lx: %08X %08X %08X %04X %02X %5lu", (unsigned long)s,
			 atomic_read(&s->sk_refcnt) + 1,        /* Linux's hash table holds one */
			 0,
			 s->sk_state == TCP_LISTEN ? __SO_ACCEPTCON : 0,
			 s->sk_type, st, ino);
	addr = unix_sk(s)->addr;
	if (addr) {
		char path[UNIX_PATH_MAX + 2];

		n = addr->len - offsetof(struct sockaddr_un, sun_path);
		i = 0;
		path[0] = ' ';
		if (addr->name.sun_path[0]) {
			n--;            /* without the terminating NUL */
		} else {
			path[1] = '@';
			i = 1;
		}
		for (; i < n; i++)
			path[i + 1] = addr->name.sun_path[i] ? addr->name.sun_path[i] : '@';
		path[n + 1] = 0;
		*len += snprintf(buf + min((size_t)*len, size), size - min((size_t)*len, size),
				 "%s", path);
	}
	unix_state_unlock(s);
	*len += snprintf(buf + min((size_t)*len, size), size - min((size_t)*len, size), "\n");
}

int unix_proc_show(char *buf, size_t size)
{
	int len, b;
	struct sock *s;

	len = snprintf(buf, size, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	for (b = 0; b < 2 * UNIX_HASH_SIZE; b++) {
		spin_lock(&unix_table_locks[b]);
		hlist_for_each_entry(s, &unix_table[b], sk_node)
			unix_show_sock(s, buf, size, &len);
		spin_unlock(&unix_table_locks[b]);
	}
	return len;
}

/* ------------------------------------------------------------------- init */

static const struct net_proto_family unix_family_ops = {
	.family = PF_UNIX,
	.create = unix_create,
};

void unix_init(void)
{
	int i;

	BUILD_BUG_ON(sizeof(struct unix_skb_parms) > sizeof(((struct sk_buff *)0)->cb));
	for (i = 0; i < 2 * UNIX_HASH_SIZE; i++)
		spin_lock_init_ranked(&unix_table_locks[i], "unix_table_lock", LOCKRANK_UNIX_TABLE);
	for (i = 0; i < UNIX_HASH_SIZE; i++)
		spin_lock_init_ranked(&bsd_locks[i], "unix_bsd_lock", LOCKRANK_UNIX_BSD);
	if (proto_register(&unix_proto))
		panic("unix_init: no memory for the unix_sock cache");
	sock_register(&unix_family_ops);
}
