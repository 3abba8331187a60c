/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX sockets (net/unix/), in the shape of Linux's include/net/af_unix.h.
 *
 * A unix_sock is a struct sock (first member) plus the name it is bound to,
 * its peer and the locks below. Data moves as skbs queued straight onto the
 * receiver's sk_receive_queue; each skb is charged to the sender's
 * sk_wmem_alloc (skb_set_owner_w), so a writer is throttled by what its peer
 * has not read yet, and freeing the skb (the reader consumed it) wakes the
 * writer through sk_write_space.
 *
 * Locking key for struct unix_sock (net/unix/af_unix.c states the order):
 *   [state]  unix_state_lock(sk) = u->lock, a spinlock never held while
 *            sleeping: peer, sk_state, sk_shutdown, sock->state.
 *   [bind]   u->bindlock (mutex) to set; once set, addr and path never
 *            change until the socket is destroyed, so readers load addr
 *            with smp_load_acquire and need no lock.
 *   [io]     u->iolock (mutex): one reader at a time (stream offsets,
 *            MSG_PEEK walks, fd detaching stay consistent).
 *   [tbl]    the hash bucket lock of the table the node is in.
 *   [pw]     the peer_wait.lock of the socket this entry is queued on.
 */
#ifndef _NET_AF_UNIX_H
#define _NET_AF_UNIX_H

#include <shoal/types.h>
#include <net/sock.h>
#include <shoal/fs.h>
#include <shoal/mutex.h>
#include <uapi/socket.h>

#define UNIX_PATH_MAX   108

struct sockaddr_un {
	sa_family_t sun_family;         /* AF_UNIX */
	char sun_path[UNIX_PATH_MAX];   /* path, or '\0' + abstract name */
};

/* A bound name, shared (refcounted) by a listener and the sockets it
 * accepts: getsockname on an accepted socket names the listener. */
struct unix_address {
	atomic_t refcnt;
	int len;                        /* bytes of name that count (getsockname length) */
	struct sockaddr_un name;
};

/* Files in flight (SCM_RIGHTS): referenced until received or dropped. */
#define SCM_MAX_FD      253
struct scm_fp_list {
	int count;
	struct file *fp[SCM_MAX_FD];
};

/* skb->cb while an skb sits on a unix receive queue. */
struct unix_skb_parms {
	struct scm_fp_list *fp;         /* SCM_RIGHTS files, or NULL */
	pid_t pid;                      /* sender's tgid when credentials ride along */
	bool creds;                     /* pid/uid/gid recorded (SO_PASSCRED at send) */
	u32 uid, gid;                   /* sender's (or what it proved with SCM_CREDENTIALS) */
	u32 consumed;                   /* stream: bytes already read [io] */
};
#define UNIXCB(skb)     (*(struct unix_skb_parms *)&((skb)->cb))

struct unix_sock {
	struct sock sk;                 /* must be first */
	struct unix_address *addr;      /* [bind], NULL while unnamed */
	struct path path;               /* filesystem node bound to [bind] */
	struct mutex iolock;
	struct mutex bindlock;
	spinlock_t lock;                /* unix_state_lock */
	struct sock *peer;              /* referenced [state] */
	/* Writers waiting for room on this socket's receive queue (dgram
	 * senders, connect() on a full backlog). */
	wait_queue_head_t peer_wait;
	/* Our relay entry on a full peer's peer_wait (dgram poll/EAGAIN);
	 * .private = that peer while queued [pw]. */
	wait_queue_entry_t peer_wake;
	/* Stream: the one-byte skb of the last send(MSG_OOB), still on the
	 * receive queue and not yet read with MSG_OOB, or NULL [state] */
	struct sk_buff *oob_skb;
};

static inline struct unix_sock *unix_sk(const struct sock *sk)
{
	return (struct unix_sock *)sk;
}
#define unix_peer(sk)   (unix_sk(sk)->peer)

#define unix_state_lock(sk)             spin_lock(&unix_sk(sk)->lock)
#define unix_state_lock_nested(sk)      spin_lock_nested(&unix_sk(sk)->lock)
#define unix_state_unlock(sk)           spin_unlock(&unix_sk(sk)->lock)

extern struct proto unix_proto;

int unix_proc_show(char *buf, size_t size);      /* /proc/net/unix */

/* net/unix/scm.c: control messages (SCM_RIGHTS, SCM_CREDENTIALS). */
struct scm_cookie {
	struct scm_fp_list *fp;         /* files to pass, referenced */
	pid_t pid;                      /* SCM_CREDENTIALS to send or received */
	u32 uid, gid;
	bool creds;                     /* the sender gave SCM_CREDENTIALS */
};
/* Parse msg's user control buffer: 0 or -errno (scm_destroy on success). */
int unix_scm_send(struct msghdr *msg, struct scm_cookie *scm);
void scm_destroy(struct scm_cookie *scm);
void scm_fp_free(struct scm_fp_list *fpl);      /* fput each, free */
struct scm_fp_list *scm_fp_dup(struct scm_fp_list *fpl);
/* Deliver credentials (if passcred) and files into msg's control buffer;
 * consumes scm->fp. */
void unix_scm_recv(struct msghdr *msg, struct scm_cookie *scm, bool passcred, int flags);

#endif
