/* SPDX-License-Identifier: MIT */
/*
 * The BSD socket layer (net/socket.c), as in Linux's linux/net.h.
 *
 * A struct socket is the file side of a socket: it has the file, the
 * family's proto_ops, and the wait queue every sleeper (recv, accept,
 * poll/select, connect) waits on. The protocol side is a struct sock
 * (net/sock.h), reached through sock->sk; sk->sk_wq points back at
 * sock->wq. sock->state is changed only by the family's ops, under the
 * socket lock (lock_sock).
 *
 * Kernel-side message descriptor: struct msghdr carries a copied-in
 * address (msg_name points to kernel memory), an iov_iter over the user's
 * iovecs, and the user's control buffer. Families consume the iterator with
 * copy_from_iter/copy_to_iter; a short copy means a bad user pointer, which
 * they turn into -EFAULT if nothing was transferred.
 */
#ifndef _SHOAL_NET_H
#define _SHOAL_NET_H

#include <shoal/types.h>
#include <shoal/fs.h>
#include <shoal/wait.h>
#include <shoal/uio.h>
#include <uapi/socket.h>

struct sock;
struct socket;
struct poll_table_struct;

typedef enum {
	SS_FREE = 0,
	SS_UNCONNECTED,
	SS_CONNECTING,
	SS_CONNECTED,
	SS_DISCONNECTING
} socket_state;

/* sock->flags */
#define SOCK_NOSPACE            2       /* a writer ran out of buffer: wake it on write space */
#define SOCK_PASSCRED           3

struct msghdr {
	void *msg_name;                 /* kernel copy of the address, or NULL */
	int msg_namelen;                /* in: length given; out: length of the address stored */
	struct iov_iter msg_iter;
	void __user *msg_control;       /* user control buffer */
	size_t msg_controllen;          /* in: its size; out: bytes used */
	unsigned int msg_flags;         /* out: MSG_TRUNC, MSG_CTRUNC, ... (recvmsg) */
	bool msg_control_is_user;
};

/* Append a control message to a recvmsg's user control buffer (scm.c). */
int put_cmsg(struct msghdr *msg, int level, int type, int len, const void *data);

struct proto_ops {
	int family;
	int (*release)(struct socket *sock);
	int (*bind)(struct socket *sock, struct sockaddr *addr, int addrlen);
	int (*connect)(struct socket *sock, struct sockaddr *addr, int addrlen, int flags);
	int (*socketpair)(struct socket *a, struct socket *b);
	/* newsock is allocated by the caller (type, ops copied); flags: O_NONBLOCK of the listener file */
	int (*accept)(struct socket *sock, struct socket *newsock, int flags, bool kern);
	/* Fill *addr; returns the address length, or -errno. peer: 1 = getpeername */
	int (*getname)(struct socket *sock, struct sockaddr *addr, int peer);
	unsigned int (*poll)(struct file *file, struct socket *sock, struct poll_table_struct *wait);
	int (*ioctl)(struct socket *sock, unsigned int cmd, unsigned long arg);
	int (*listen)(struct socket *sock, int backlog);
	int (*shutdown)(struct socket *sock, int how);     /* how: SHUT_* */
	/* optval/optlen are user pointers */
	int (*setsockopt)(struct socket *sock, int level, int optname, char __user *optval, unsigned int optlen);
	int (*getsockopt)(struct socket *sock, int level, int optname, char __user *optval, int __user *optlen);
	/* send flags are in m->msg_flags; recv flags in flags. MSG_DONTWAIT is
	 * added by the socket layer when the file is O_NONBLOCK. */
	int (*sendmsg)(struct socket *sock, struct msghdr *m, size_t total_len);
	int (*recvmsg)(struct socket *sock, struct msghdr *m, size_t total_len, int flags);
	/* SO_PEEK_OFF; NULL: the option is EOPNOTSUPP */
	int (*set_peek_off)(struct sock *sk, int val);
};

struct socket {
	socket_state state;             /* [lock_sock] */
	short type;                     /* SOCK_STREAM, ... [const] */
	unsigned long flags;            /* SOCK_NOSPACE, ... (atomic bit ops) */
	struct file *file;              /* [const] after sock_alloc_file */
	struct sock *sk;                /* [const] once created; NULL after release */
	const struct proto_ops *ops;    /* [const] */
	wait_queue_head_t wq;           /* sleepers and poll/select registrations */
	struct fasync_struct *fasync_list;      /* O_ASYNC files (one: the socket's) [fasync_lock] */
};

struct net_proto_family {
	int family;
	int (*create)(struct socket *sock, int protocol, int kern);
};

int sock_register(const struct net_proto_family *fam);

/* Socket objects (net/socket.c). */
struct socket *sock_alloc(void);
void sock_release(struct socket *sock);
/* The socket behind a file, or NULL (*err = -ENOTSOCK). */
struct socket *sock_from_file(struct file *file);
/* Socket I/O from kernel memory (splice); honours O_NONBLOCK and PF_NOWAIT. */
ssize_t sock_kernel_rw(struct file *f, void *buf, size_t len, bool write);
struct socket *sockfd_lookup(int fd, int *err);         /* holds the file; sockfd_put() */
static inline void sockfd_put(struct socket *sock) { fput(sock->file); }

/* /proc/net/<name>: show fills buf (up to size) and returns the length. */
void proc_net_create(const char *name, int (*show)(char *buf, size_t size));

/* Generic ops for families that lack one (return -EOPNOTSUPP). */
int sock_no_bind(struct socket *, struct sockaddr *, int);
int sock_no_connect(struct socket *, struct sockaddr *, int, int);
int sock_no_socketpair(struct socket *, struct socket *);
int sock_no_accept(struct socket *, struct socket *, int, bool);
int sock_no_getname(struct socket *, struct sockaddr *, int);
int sock_no_ioctl(struct socket *, unsigned int, unsigned long);
int sock_no_listen(struct socket *, int);
int sock_no_shutdown(struct socket *, int);
int sock_no_sendmsg(struct socket *, struct msghdr *, size_t);
int sock_no_recvmsg(struct socket *, struct msghdr *, size_t, int);

#endif
