// SPDX-License-Identifier: MIT
/*
 * The BSD socket layer: socket files and the socket system calls, as in
 * Linux's net/socket.c.
 *
 * A socket is a struct socket (shoal/net.h) behind an anonymous S_IFSOCK
 * file. The system calls copy addresses and message headers in and out of
 * user space and call the family's proto_ops; they never look inside the
 * protocol. Addresses travel as kernel copies (struct sockaddr_storage),
 * data as an iov_iter over the user's iovecs, so a protocol copies each
 * byte exactly once, straight between user memory and its buffers.
 *
 * Locking: families[] is written at boot only. A socket's state belongs to
 * its family (lock_sock); the file reference keeps the socket alive for
 * the duration of a call, and the last fput() releases it.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/mm.h>
#include <shoal/net.h>
#include <net/sock.h>
#include <shoal/netdevice.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/time.h>
#include <shoal/uaccess.h>
#include <uapi/stat.h>
#include <shoal/syscalls.h>

static const struct net_proto_family *families[AF_MAX];

int sock_register(const struct net_proto_family *fam)
{
	if (fam->family < 0 || fam->family >= AF_MAX)
		return -ENOBUFS;
	if (families[fam->family])
		return -EEXIST;
	families[fam->family] = fam;
	return 0;
}

/* ----------------------------------------------------------- control data */

int put_cmsg(struct msghdr *msg, int level, int type, int len, const void *data)
{
	struct cmsghdr cm;
	size_t cmlen = CMSG_LEN(len), space = CMSG_SPACE(len);
	char __user *p = msg->msg_control;

	if (!p || msg->msg_controllen < sizeof(cm)) {
		msg->msg_flags |= MSG_CTRUNC;
		return 0;
	}
	if (msg->msg_controllen < cmlen) {
		msg->msg_flags |= MSG_CTRUNC;
		cmlen = msg->msg_controllen;
	}
	cm.cmsg_len = cmlen;
	cm.cmsg_level = level;
	cm.cmsg_type = type;
	if (copy_to_user(p, &cm, sizeof(cm)) ||
	    copy_to_user(p + CMSG_ALIGN(sizeof(cm)), data, cmlen - CMSG_ALIGN(sizeof(cm))))
		return -EFAULT;
	space = min(space, msg->msg_controllen);
	msg->msg_control = p + space;
	msg->msg_controllen -= space;
	return 0;
}

/* --------------------------------------------------------- socket objects */

static const struct file_operations socket_file_ops;

struct socket *sock_alloc(void)
{
	struct socket *sock = kzalloc(sizeof(*sock), GFP_KERNEL);

	if (!sock)
		return NULL;
	sock->state = SS_UNCONNECTED;
	init_waitqueue_head(&sock->wq);
	return sock;
}

void sock_release(struct socket *sock)
{
	if (sock->ops && sock->ops->release)
		sock->ops->release(sock);
	sock->ops = NULL;
	kfree(sock);
}

struct socket *sock_from_file(struct file *file)
{
	return file->f_op == &socket_file_ops ? file->private_data : NULL;
}

struct socket *sockfd_lookup(int fd, int *err)
{
	struct file *f = fget(fd);
	struct socket *sock;

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	sock = sock_from_file(f);
	if (!sock) {
		*err = -ENOTSOCK;
		fput(f);
	}
	return sock;
}

static int sock_create_common(int family, int type, int protocol, struct socket **res, int kern)
{
	const struct net_proto_family *pf;
	struct socket *sock;
	int err;

	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	pf = families[family];
	if (!pf)
		return -EAFNOSUPPORT;
	sock = sock_alloc();
	if (!sock)
		return -ENFILE;
	sock->type = type;
	err = pf->create(sock, protocol, kern);
	if (err) {
		sock->ops = NULL;       /* create failed: nothing to release */
		if (sock->sk)
			sk_free(sock->sk);
		kfree(sock);
		return err;
	}
	*res = sock;
	return 0;
}

/* The file for a socket; on failure the socket is released. */
static struct file *sock_alloc_file(struct socket *sock, int flags)
{
	struct file *f = alloc_file_pseudo_mode(&socket_file_ops, sock,
						O_RDWR | (flags & O_NONBLOCK), "socket",
						S_IFSOCK | 0777);

	if (IS_ERR(f)) {
		sock_release(sock);
		return f;
	}
	f->f_mode |= FMODE_NOWAIT;
	sock->file = f;
	return f;
}

/* Install sock in a new descriptor; on failure the socket is released. */
static int sock_map_fd(struct socket *sock, int flags)
{
	int fd = get_unused_fd_flags(flags & O_CLOEXEC);
	struct file *f;

	if (fd < 0) {
		sock_release(sock);
		return fd;
	}
	f = sock_alloc_file(sock, flags);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	return fd;
}

/* ------------------------------------------------------ sending, receiving */

static int sock_sendmsg(struct socket *sock, struct msghdr *msg)
{
	if (file_nowait(sock->file))
		msg->msg_flags |= MSG_DONTWAIT;
	return sock->ops->sendmsg(sock, msg, iov_iter_count(&msg->msg_iter));
}

static int sock_recvmsg(struct socket *sock, struct msghdr *msg, int flags)
{
	if (file_nowait(sock->file))
		flags |= MSG_DONTWAIT;
	return sock->ops->recvmsg(sock, msg, iov_iter_count(&msg->msg_iter), flags);
}

static ssize_t sock_read(struct file *f, char __user *buf, size_t len, loff_t *pos)
{
	struct socket *sock = f->private_data;
	struct iovec iov = { buf, len };
	struct msghdr msg = { 0 };

	if (!len)
		return 0;
	iov_iter_init(&msg.msg_iter, &iov, 1, len);
	return sock_recvmsg(sock, &msg, 0);
}

/*
 * Read or write a socket from kernel memory (splice): one buffer, the
 * file's O_NONBLOCK and the call's PF_NOWAIT as for read/write.
 */
ssize_t sock_kernel_rw(struct file *f, void *buf, size_t len, bool write)
{
	struct socket *sock = sock_from_file(f);
	struct iovec iov = { (void __user *)buf, len };
	struct msghdr msg = { 0 };

	if (!sock)
		return -ENOTSOCK;
	if (!len)
		return 0;
	iov_iter_kvec(&msg.msg_iter, &iov, 1, len);
	return write ? sock_sendmsg(sock, &msg) : sock_recvmsg(sock, &msg, 0);
}

static ssize_t sock_write(struct file *f, const char __user *buf, size_t len, loff_t *pos)
{
	struct socket *sock = f->private_data;
	struct iovec iov = { (void __user *)buf, len };
	struct msghdr msg = { 0 };

	iov_iter_init(&msg.msg_iter, &iov, 1, len);
	return sock_sendmsg(sock, &msg);
}

static unsigned int sock_poll(struct file *f, struct poll_table_struct *wait)
{
	struct socket *sock = f->private_data;

	return sock->ops->poll(f, sock, wait);
}

/* The owner ioctls every socket answers (Linux's sock_ioctl) */
static long sock_ioctl_owner(struct file *f, unsigned int cmd, unsigned long arg)
{
	int pid, err;

	if (cmd == FIOGETOWN || cmd == SIOCGPGRP)
		return put_user(f_getown(f), (int __user *)arg);
	err = get_user(pid, (int __user *)arg);
	return err ? err : f_setown(f, pid);
}

static long sock_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct socket *sock = f->private_data;
	int err;

	if (cmd == FIOSETOWN || cmd == SIOCSPGRP || cmd == FIOGETOWN || cmd == SIOCGPGRP)
		return sock_ioctl_owner(f, cmd, arg);
	err = sock->ops->ioctl(sock, cmd, arg);
	if (err == -ENOIOCTLCMD)
		err = dev_ioctl(cmd, (void __user *)arg);
	if (err == -ENOIOCTLCMD)
		err = -ENOTTY;
	return err;
}

/* O_ASYNC: SIGIO from the socket's wake-ups (sk_wake) */
static int sock_fasync(int fd, struct file *f, int on)
{
	struct socket *sock = f->private_data;
	int err = fasync_helper(fd, f, on, &sock->fasync_list);

	return err < 0 ? err : 0;
}

static int sock_close(struct inode *inode, struct file *f)
{
	sock_release(f->private_data);
	return 0;
}

static const struct file_operations socket_file_ops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.release = sock_close,
	.fasync = sock_fasync,
};

/* --------------------------------------------------------- address copies */

static int move_addr_to_kernel(const void __user *uaddr, int ulen, struct sockaddr_storage *kaddr)
{
	if (ulen < 0 || ulen > (int)sizeof(*kaddr))
		return -EINVAL;
	if (ulen == 0)
		return 0;
	if (copy_from_user(kaddr, uaddr, ulen))
		return -EFAULT;
	return 0;
}

/* Linux's rule: copy min(klen, *ulen) bytes, then store klen in *ulen. */
static int move_addr_to_user(const struct sockaddr_storage *kaddr, int klen,
			     void __user *uaddr, int __user *ulen)
{
	int len;

	if (get_user(len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > klen)
		len = klen;
	if (len && copy_to_user(uaddr, kaddr, len))
		return -EFAULT;
	return put_user(klen, ulen) ? -EFAULT : 0;
}

/* ------------------------------------------------------------ system calls */

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~SOCK_TYPE_MASK;
	struct socket *sock;
	int err;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	err = sock_create_common(family, type & SOCK_TYPE_MASK, protocol, &sock, 0);
	if (err)
		return err;
	return sock_map_fd(sock, flags);
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, int __user *, usockvec)
{
	int flags = type & ~SOCK_TYPE_MASK;
	struct socket *a, *b;
	struct file *fa, *fb;
	int fd[2], err;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK;
	err = sock_create_common(family, type, protocol, &a, 0);
	if (err)
		return err;
	err = sock_create_common(family, type, protocol, &b, 0);
	if (err) {
		sock_release(a);
		return err;
	}
	err = a->ops->socketpair(a, b);
	if (err) {
		sock_release(a);
		sock_release(b);
		return err;
	}
	fd[0] = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd[0] < 0) {
		sock_release(a);
		sock_release(b);
		return fd[0];
	}
	fd[1] = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd[1] < 0) {
		put_unused_fd(fd[0]);
		sock_release(a);
		sock_release(b);
		return fd[1];
	}
	fa = sock_alloc_file(a, flags);
	if (IS_ERR(fa)) {
		sock_release(b);
		err = PTR_ERR(fa);
		goto out_fds;
	}
	fb = sock_alloc_file(b, flags);
	if (IS_ERR(fb)) {
		fput(fa);
		err = PTR_ERR(fb);
		goto out_fds;
	}
	if (copy_to_user(usockvec, fd, sizeof(fd))) {
		fput(fa);
		fput(fb);
		err = -EFAULT;
		goto out_fds;
	}
	fd_install(fd[0], fa);
	fd_install(fd[1], fb);
	return 0;
out_fds:
	put_unused_fd(fd[0]);
	put_unused_fd(fd[1]);
	return err;
}

SYSCALL_DEFINE3(bind, int, fd, struct sockaddr __user *, umyaddr, int, addrlen)
{
	struct sockaddr_storage addr;
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = move_addr_to_kernel(umyaddr, addrlen, &addr);
	if (!err)
		err = sock->ops->bind(sock, (struct sockaddr *)&addr, addrlen);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	struct socket *sock;
	int err, somaxconn;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	somaxconn = (int)READ_ONCE(sysctl_somaxconn);     /* at most INT_MAX */
	if ((unsigned int)backlog > (unsigned int)somaxconn)
		backlog = somaxconn;            /* also a negative backlog, as Linux */
	err = sock->ops->listen(sock, backlog);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE4(accept4, int, fd, struct sockaddr __user *, upeer,
		int __user *, upeer_len, int, flags)
{
	struct socket *sock, *newsock;
	struct sockaddr_storage addr;
	struct file *newfile;
	int err, newfd, len;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	newsock = sock_alloc();
	err = -ENFILE;
	if (!newsock)
		goto out_put;
	newsock->type = sock->type;
	newsock->ops = sock->ops;
	newfd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (newfd < 0) {
		newsock->ops = NULL;
		kfree(newsock);
		err = newfd;
		goto out_put;
	}
	newfile = sock_alloc_file(newsock, flags);
	if (IS_ERR(newfile)) {
		put_unused_fd(newfd);
		err = PTR_ERR(newfile);
		goto out_put;
	}
	err = sock->ops->accept(sock, newsock, sock->file->f_flags, false);
	if (err < 0)
		goto out_fd;
	if (upeer) {
		len = newsock->ops->getname(newsock, (struct sockaddr *)&addr, 2);
		if (len < 0) {
			err = -ECONNABORTED;
			goto out_fd;
		}
		err = move_addr_to_user(&addr, len, upeer, upeer_len);
		if (err < 0)
			goto out_fd;
	}
	fd_install(newfd, newfile);
	err = newfd;
	goto out_put;
out_fd:
	put_unused_fd(newfd);
	fput(newfile);
out_put:
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE3(accept, int, fd, struct sockaddr __user *, upeer, int __user *, upeer_len)
{
	return __do_sys_accept4(fd, upeer, upeer_len, 0);
}

SYSCALL_DEFINE3(connect, int, fd, struct sockaddr __user *, uservaddr, int, addrlen)
{
	struct sockaddr_storage addr;
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = move_addr_to_kernel(uservaddr, addrlen, &addr);
	if (!err)
		err = sock->ops->connect(sock, (struct sockaddr *)&addr, addrlen,
					 sock->file->f_flags);
	sockfd_put(sock);
	return err;
}

static long do_getname(int fd, struct sockaddr __user *usockaddr, int __user *usockaddr_len, int peer)
{
	struct sockaddr_storage addr;
	struct socket *sock;
	int err, len;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	memset(&addr, 0, sizeof(addr));
	len = sock->ops->getname(sock, (struct sockaddr *)&addr, peer);
	err = len < 0 ? len : move_addr_to_user(&addr, len, usockaddr, usockaddr_len);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE3(getsockname, int, fd, struct sockaddr __user *, usockaddr,
		int __user *, usockaddr_len)
{
	return do_getname(fd, usockaddr, usockaddr_len, 0);
}

SYSCALL_DEFINE3(getpeername, int, fd, struct sockaddr __user *, usockaddr,
		int __user *, usockaddr_len)
{
	return do_getname(fd, usockaddr, usockaddr_len, 1);
}

SYSCALL_DEFINE6(sendto, int, fd, void __user *, buff, size_t, len, unsigned int, flags,
		struct sockaddr __user *, addr, int, addr_len)
{
	struct sockaddr_storage address;
	struct iovec iov = { buff, len };
	struct msghdr msg = { 0 };
	struct socket *sock;
	int err;

	err = import_single_range(buff, len, &iov, &msg.msg_iter);
	if (err)
		return err;
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	if (addr) {
		err = move_addr_to_kernel(addr, addr_len, &address);
		if (err < 0)
			goto out;
		msg.msg_name = &address;
		msg.msg_namelen = addr_len;
	}
	msg.msg_flags = flags;
	err = sock_sendmsg(sock, &msg);
out:
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE6(recvfrom, int, fd, void __user *, ubuf, size_t, size, unsigned int, flags,
		struct sockaddr __user *, addr, int __user *, addr_len)
{
	struct sockaddr_storage address;
	struct iovec iov = { ubuf, size };
	struct msghdr msg = { 0 };
	struct socket *sock;
	int err, err2;

	err = import_single_range(ubuf, size, &iov, &msg.msg_iter);
	if (err)
		return err;
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	msg.msg_name = addr ? &address : NULL;
	msg.msg_namelen = 0;
	err = sock_recvmsg(sock, &msg, flags);
	if (err >= 0 && addr && msg.msg_namelen) {
		err2 = move_addr_to_user(&address, msg.msg_namelen, addr, addr_len);
		if (err2 < 0)
			err = err2;
	} else if (err >= 0 && addr && addr_len) {
		/* no address (connected stream): length 0, as Linux */
		if (put_user(0, addr_len))
			err = -EFAULT;
	}
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, optname, char __user *, optval,
		int, optlen)
{
	struct socket *sock;
	int err;

	if (optlen < 0)
		return -EINVAL;
	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	if (level == SOL_SOCKET)
		err = sock_setsockopt(sock, level, optname, optval, optlen);
	else
		err = sock->ops->setsockopt(sock, level, optname, optval, optlen);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname, char __user *, optval,
		int __user *, optlen)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	if (level == SOL_SOCKET)
		err = sock_getsockopt(sock, level, optname, optval, optlen);
	else
		err = sock->ops->getsockopt(sock, level, optname, optval, optlen);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = sock->ops->shutdown(sock, how);
	sockfd_put(sock);
	return err;
}

/* ------------------------------------------------------ sendmsg / recvmsg */

struct msg_ctx {
	struct msghdr msg;
	struct user_msghdr umsg;
	struct sockaddr_storage addr;
	struct iovec fast[UIO_FASTIOV];
	struct iovec *iov;              /* import_iovec's allocation, or NULL */
};

/* Copy a user msghdr and its iovecs in. */
static int copy_msghdr_from_user(struct msg_ctx *c, struct user_msghdr __user *umsg, bool send)
{
	ssize_t r;

	c->iov = NULL;          /* msg_ctx_free() is safe from here on */
	if (copy_from_user(&c->umsg, umsg, sizeof(c->umsg)))
		return -EFAULT;
	memset(&c->msg, 0, sizeof(c->msg));
	if (c->umsg.msg_name) {
		if (c->umsg.msg_namelen < 0)
			return -EINVAL;
		if (c->umsg.msg_namelen > (int)sizeof(c->addr))
			c->umsg.msg_namelen = sizeof(c->addr);
		if (send) {
			int err = move_addr_to_kernel(c->umsg.msg_name, c->umsg.msg_namelen, &c->addr);
			if (err)
				return err;
		}
		c->msg.msg_name = &c->addr;
		c->msg.msg_namelen = send ? c->umsg.msg_namelen : 0;
	}
	c->msg.msg_control = c->umsg.msg_control;
	c->msg.msg_controllen = c->umsg.msg_controllen;
	c->msg.msg_control_is_user = true;
	if (c->umsg.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	c->iov = c->fast;
	r = import_iovec(c->umsg.msg_iov, c->umsg.msg_iovlen, UIO_FASTIOV, &c->iov,
			 &c->msg.msg_iter);
	return r < 0 ? r : 0;
}

static void msg_ctx_free(struct msg_ctx *c)
{
	kfree(c->iov);
}

static long do_sendmsg(struct socket *sock, struct user_msghdr __user *umsg, unsigned int flags)
{
	struct msg_ctx *c = kmalloc(sizeof(*c), GFP_KERNEL);
	long err;

	if (!c)
		return -ENOMEM;
	err = copy_msghdr_from_user(c, umsg, true);
	if (!err) {
		c->msg.msg_flags = flags;
		err = sock_sendmsg(sock, &c->msg);
	}
	msg_ctx_free(c);
	kfree(c);
	return err;
}

static long do_recvmsg(struct socket *sock, struct user_msghdr __user *umsg, unsigned int flags)
{
	struct msg_ctx *c = kmalloc(sizeof(*c), GFP_KERNEL);
	void __user *uaddr;
	long err, len;

	if (!c)
		return -ENOMEM;
	err = copy_msghdr_from_user(c, umsg, false);
	if (err)
		goto out;
	uaddr = c->umsg.msg_name;
	c->msg.msg_flags = flags & MSG_CMSG_CLOEXEC;
	len = sock_recvmsg(sock, &c->msg, flags);
	if (len < 0) {
		err = len;
		goto out;
	}
	if (uaddr) {
		int n = min(c->msg.msg_namelen, c->umsg.msg_namelen);
		if (n > 0 && copy_to_user(uaddr, &c->addr, n)) {
			err = -EFAULT;
			goto out;
		}
	}
	if (put_user(c->msg.msg_namelen, &umsg->msg_namelen) ||
	    put_user(c->msg.msg_flags, &umsg->msg_flags) ||
	    put_user(c->umsg.msg_controllen - c->msg.msg_controllen, &umsg->msg_controllen)) {
		err = -EFAULT;
		goto out;
	}
	err = len;
out:
	msg_ctx_free(c);
	kfree(c);
	return err;
}

SYSCALL_DEFINE3(sendmsg, int, fd, struct user_msghdr __user *, msg, unsigned int, flags)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = do_sendmsg(sock, msg, flags);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE3(recvmsg, int, fd, struct user_msghdr __user *, msg, unsigned int, flags)
{
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock)
		return err;
	err = do_recvmsg(sock, msg, flags);
	sockfd_put(sock);
	return err;
}

SYSCALL_DEFINE4(sendmmsg, int, fd, struct mmsghdr __user *, mmsg, unsigned int, vlen,
		unsigned int, flags)
{
	struct socket *sock;
	unsigned int i;
	long err = 0;
	int fderr;

	sock = sockfd_lookup(fd, &fderr);
	if (!sock)
		return fderr;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	for (i = 0; i < vlen; i++) {
		err = do_sendmsg(sock, &mmsg[i].msg_hdr, flags);
		if (err < 0)
			break;
		if (put_user((unsigned int)err, &mmsg[i].msg_len)) {
			err = -EFAULT;
			break;
		}
		cond_resched();
	}
	sockfd_put(sock);
	/* Linux: the count if any datagram went, else the error. */
	return i ? (long)i : err;
}

SYSCALL_DEFINE5(recvmmsg, int, fd, struct mmsghdr __user *, mmsg, unsigned int, vlen,
		unsigned int, flags, struct timespec __user *, timeout)
{
	ktime_t deadline = 0, t;
	struct socket *sock;
	unsigned int i;
	long err = 0;
	int fderr;

	if (timeout) {
		if (get_user_timespec_ns(&t, timeout))
			return -EFAULT;
		if (t < 0)
			return -EINVAL;
		deadline = ktime_get() + t;
	}
	sock = sockfd_lookup(fd, &fderr);
	if (!sock)
		return fderr;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	for (i = 0; i < vlen; i++) {
		err = do_recvmsg(sock, &mmsg[i].msg_hdr, flags);
		if (err < 0)
			break;
		if (put_user((unsigned int)err, &mmsg[i].msg_len)) {
			err = -EFAULT;
			break;
		}
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		/* Linux checks the timeout only after each datagram. */
		if (timeout && ktime_get() >= deadline) {
			i++;
			break;
		}
		cond_resched();
	}
	sockfd_put(sock);
	if (i)
		return i;
	return err;
}

/* -------------------------------------------------- ops for unsupported calls */

int sock_no_bind(struct socket *s, struct sockaddr *a, int l) { return -EOPNOTSUPP; }
int sock_no_connect(struct socket *s, struct sockaddr *a, int l, int f) { return -EOPNOTSUPP; }
int sock_no_socketpair(struct socket *a, struct socket *b) { return -EOPNOTSUPP; }
int sock_no_accept(struct socket *s, struct socket *n, int f, bool k) { return -EOPNOTSUPP; }
int sock_no_getname(struct socket *s, struct sockaddr *a, int p) { return -EOPNOTSUPP; }
int sock_no_ioctl(struct socket *s, unsigned int c, unsigned long a) { return -ENOIOCTLCMD; }
int sock_no_listen(struct socket *s, int b) { return -EOPNOTSUPP; }
int sock_no_shutdown(struct socket *s, int h) { return -EOPNOTSUPP; }
int sock_no_sendmsg(struct socket *s, struct msghdr *m, size_t l) { return -EOPNOTSUPP; }
int sock_no_recvmsg(struct socket *s, struct msghdr *m, size_t l, int f) { return -EOPNOTSUPP; }
