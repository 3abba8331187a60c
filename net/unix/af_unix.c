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
 *   unix_state_lock -> sk_wq_lock -> fasync_lock (O_ASYNC and SIGURG
 *       records, fs/fasync.c: the signals are sent later, from a softirq)
 * unix_state_lock is a spinlock and is never held across anything that
 * sleeps. Another socket's callbacks (sk_data_ready, sk_state_change,
 * sk_write_space) run under that socket's state lock: release orphans a
 * socket (sk_wq = NULL) under it before its struct socket and wait queue
 * are freed, and with no RCU here that lock is what keeps sk_wq valid
 * while we wake it. sock->state, which socket.c documents as [lock_sock], is
 * written here under unix_state_lock instead: AF_UNIX never takes
 * lock_sock outside the generic SOL_SOCKET options.
 * sk_receive_queue.lock is taken here without disabling interrupts or BHs:
 * no interrupt or softirq touches a unix socket. (The shared dequeue,
 * __skb_try_recv_datagram, takes it irqsave, which is merely stricter.)
 *
 * Files. af_unix.c has the names, tables, creation and release, the send
 * steps both kinds share, ioctl and the proto_ops; unix_stream.c listen,
 * connect, accept and the byte stream; unix_dgram.c datagrams, seqpacket
 * records and the peer-wake relay; unix_proc.c /proc/net/unix; scm.c the
 * control messages. af_unix_priv.h declares what they share.
 *
 * Not here (Linux has them): splice, the in-flight file garbage collector (net/unix/scm.c: a cycle of
 * sockets passed over each other and then closed is never freed), the
 * per-user limit on files in flight, and datagrams beyond 2 MiB (skbs are
 * linear: ENOBUFS).
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/proc_fs.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/random.h>
#include <uapi/poll.h>
#include <net/tcp_states.h>
#include <net/af_unix.h>
#include "af_unix_priv.h"

/* Linux's net.unix.max_dgram_qlen default. */
#define UNIX_MAX_DGRAM_QLEN     10

struct hlist_head unix_table[2 * UNIX_HASH_SIZE];              /* [unix_table_locks] */
spinlock_t unix_table_locks[2 * UNIX_HASH_SIZE];
static struct hlist_head bsd_table[UNIX_HASH_SIZE];            /* [bsd_locks] */
static spinlock_t bsd_locks[UNIX_HASH_SIZE];

static const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

struct proto unix_proto = {
	.name = "UNIX",
	.obj_size = sizeof(struct unix_sock),
};

/* ------------------------------------------------------- hash tables */

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

/* --------------------------------------------------------- addresses */

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
int unix_get_name(const struct sockaddr *addr, int len, struct unix_name *n)
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

/* -------------------------------------------------- callbacks, state */

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
	sk_wake_async_locked(sk, POLL_OUT_IF_NOSPACE);
	unix_state_unlock(sk);
}

bool unix_passcred(const struct sock *sk)
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

struct sock *unix_peer_get(struct sock *sk)
{
	struct sock *peer;

	unix_state_lock(sk);
	peer = unix_peer(sk);
	if (peer)
		sock_hold(peer);
	unix_state_unlock(sk);
	return peer;
}

/* ------------------------------------------------ create and release */

struct sock *unix_create1(struct socket *sock, int type)
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
void unix_release_sock(struct sock *sk, int embryo)
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

/* ------------------------------------------------------------ naming */

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
struct sock *unix_find_other(struct unix_name *n, int type)
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
void unix_copy_addr(struct msghdr *msg, struct sock *sk)
{
	struct unix_address *addr = smp_load_acquire(&unix_sk(sk)->addr);

	if (addr) {
		msg->msg_namelen = addr->len;
		memcpy(msg->msg_name, &addr->name, addr->len);
	}
}

/* Connecting with SO_PASSCRED set names an unnamed socket first (Linux). */
int unix_maybe_autobind(struct socket *sock)
{
	if (test_bit(SOCK_PASSCRED, &sock->flags) && !smp_load_acquire(&unix_sk(sock->sk)->addr))
		return unix_autobind(sock->sk);
	return 0;
}

/* ------------------------------------------------------- connections */

/* Sleep (exclusively) until other's queue has room; other's state lock is
 * held on entry and dropped. Returns the time left. */
long unix_wait_for_peer(struct sock *other, long timeo)
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

static int unix_socketpair(struct socket *socka, struct socket *sockb)
{
	struct sock *ska = socka->sk, *skb = sockb->sk;

	/* neither socket is visible to anyone else yet */
	sock_hold(ska);
	sock_hold(skb);
	unix_peer(ska) = skb;
	unix_peer(skb) = ska;
	ska->sk_peer_pid = skb->sk_peer_pid = current->tgid;
	ska->sk_peer_uid = skb->sk_peer_uid = current_euid();
	ska->sk_peer_gid = skb->sk_peer_gid = current_egid();
	ska->sk_state = TCP_ESTABLISHED;
	skb->sk_state = TCP_ESTABLISHED;
	socka->state = SS_CONNECTED;
	sockb->state = SS_CONNECTED;
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

/* ------------------------------------------------------ send: common */

/* Files and credentials onto skb (files only on the first skb of a send). */
void unix_scm_to_skb(struct scm_cookie *scm, struct sk_buff *skb, bool send_fds)
{
	UNIXCB(skb).fp = NULL;
	UNIXCB(skb).consumed = 0;
	UNIXCB(skb).creds = scm->creds;
	UNIXCB(skb).pid = scm->creds ? scm->pid : 0;
	UNIXCB(skb).uid = scm->uid;
	UNIXCB(skb).gid = scm->gid;
	if (send_fds) {
		UNIXCB(skb).fp = scm->fp;
		scm->fp = NULL;
	}
}

/* Credentials ride along when either end asked for them (SO_PASSCRED) or
 * the receiver is not accepted yet. other's state lock is held, so its
 * struct socket cannot go away under unix_passcred. */
void unix_maybe_add_creds(struct sk_buff *skb, struct sock *sk, struct sock *other)
{
	if (UNIXCB(skb).creds)
		return;
	if (unix_passcred(sk) || unix_passcred(other) || !other->sk_socket) {
		UNIXCB(skb).pid = current->tgid;
		UNIXCB(skb).uid = current_uid();
		UNIXCB(skb).gid = current_gid();
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
struct sk_buff *unix_alloc_send_skb(struct sock *sk, int *size, bool may_shrink,
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
void unix_queue_skb(struct sock *other, struct sk_buff *skb)
{
	spin_lock(&other->sk_receive_queue.lock);
	__skb_queue_tail(&other->sk_receive_queue, skb);
	spin_unlock(&other->sk_receive_queue.lock);
}

/* ------------------------------------------------------- ioctl, opts */

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
	case SIOCATMARK:
		if (sk->sk_type != SOCK_STREAM)
			return -ENOIOCTLCMD;
		return put_user(unix_stream_at_mark(sk), (int __user *)arg);
	default:
		return -ENOIOCTLCMD;
	}
}

/* SO_PEEK_OFF: set under the iolock, which readers hold (Linux) */
static int unix_set_peek_off(struct sock *sk, int val)
{
	struct unix_sock *u = unix_sk(sk);

	if (mutex_lock_interruptible(&u->iolock))
		return -EINTR;
	WRITE_ONCE(sk->sk_peek_off, val);
	mutex_unlock(&u->iolock);
	return 0;
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
	.set_peek_off = unix_set_peek_off,
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
	.set_peek_off = unix_set_peek_off,
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
	.set_peek_off = unix_set_peek_off,
};

/* -------------------------------------------------------------- init */

static const struct net_proto_family unix_family_ops = {
	.family = PF_UNIX,
	.create = unix_create,
};

static int unix_init(void)
{
	int i;

	BUILD_BUG_ON(sizeof(struct unix_skb_parms) > sizeof(((struct sk_buff *)0)->cb));
	for (i = 0; i < 2 * UNIX_HASH_SIZE; i++)
		spin_lock_init_ranked(&unix_table_locks[i], "unix_table_lock", LOCKRANK_UNIX_TABLE);
	for (i = 0; i < UNIX_HASH_SIZE; i++)
		spin_lock_init_ranked(&bsd_locks[i], "unix_bsd_lock", LOCKRANK_UNIX_BSD);
	if (proto_register(&unix_proto))
		panic("unix_init: no memory for the unix_sock cache");
	proc_create_net_single("unix", 0444, unix_proc_show);
	return sock_register(&unix_family_ops);
}
fs_initcall(unix_init);
