/*
 * AF_UNIX, second part: descriptor passing (SCM_RIGHTS) and credentials,
 * abstract and automatic names, MSG_PEEK/MSG_WAITALL on streams, the
 * listen backlog and datagram queue limits with their wake-ups, peers that
 * go away, ioctls, /proc/net/unix and a bulk transfer between processes.
 */
#include "net.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <sys/wait.h>

static socklen_t un_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path, sizeof(sun->sun_path), "%s", path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

/* An abstract name: '\0' then name (no terminator counts). */
static socklen_t un_abstract(struct sockaddr_un *sun, const char *name)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path + 1, name, strlen(name));
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

/* A bound, listening stream socket on path. */
static int un_listener(const char *path, int backlog, struct sockaddr_un *sun, socklen_t *len)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	CHECK(fd >= 0);
	*len = un_addr(sun, path);
	CHECK_OK(bind(fd, (struct sockaddr *)sun, *len));
	CHECK_OK(listen(fd, backlog));
	return fd;
}

/* sendmsg with n descriptors (SCM_RIGHTS) and len bytes of data. */
static ssize_t send_fds(int s, const void *data, size_t len, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)];
	struct iovec iov = { (void *)data, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	memset(cbuf, 0, sizeof(cbuf));
	if (n) {
		m.msg_control = cbuf;
		m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	return sendmsg(s, &m, 0);
}

struct rmsg {
	ssize_t ret;
	int flags;
	int nfds, fds[8];
	int have_cred;
	struct ucred cred;
};

/* recvmsg with ctl bytes of control buffer (0: none); decodes the cmsgs. */
static struct rmsg recv_fds(int s, void *buf, size_t len, size_t ctl, int flags)
{
	char cbuf[256];
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl ? cbuf : NULL, .msg_controllen = ctl };
	struct cmsghdr *c;
	struct rmsg r;

	memset(&r, 0, sizeof(r));
	r.ret = recvmsg(s, &m, flags);
	if (r.ret < 0)
		fail("recvmsg: errno %d (%s)", errno, strerrorname(errno));
	r.flags = m.msg_flags;
	for (c = CMSG_FIRSTHDR(&m); ctl && c; c = CMSG_NXTHDR(&m, c)) {
		CHECK(c->cmsg_level == SOL_SOCKET);
		if (c->cmsg_type == SCM_RIGHTS) {
			int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			CHECK(r.nfds + k <= 8);
			memcpy(r.fds + r.nfds, CMSG_DATA(c), k * sizeof(int));
			r.nfds += k;
		} else {
			CHECK(c->cmsg_type == SCM_CREDENTIALS);
			CHECK(c->cmsg_len == CMSG_LEN(sizeof(struct ucred)));
			memcpy(&r.cred, CMSG_DATA(c), sizeof(r.cred));
			r.have_cred = 1;
		}
	}
	return r;
}

/* The fd a new open would get: the lowest free one. */
static int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	CHECK(fd >= 0);
	close(fd);
	return fd;
}

/* A pipe's write end travels over a datagram pair and a stream pair and
 * still writes into the same pipe; MSG_CMSG_CLOEXEC marks it close-on-exec. */
static void net_unix_scm_rights(void)
{
	static const int types[] = { SOCK_DGRAM, SOCK_STREAM, SOCK_SEQPACKET };
	char buf[8];
	int sv[2], p[2];
	struct rmsg r;

	CHECK_OK(pipe(p));
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		CHECK_OK(socketpair(AF_UNIX, types[i], 0, sv));
		CHECK(send_fds(sv[0], "x", 1, &p[1], 1) == 1);
		r = recv_fds(sv[1], buf, sizeof(buf), 256, 0);
		CHECK(r.ret == 1 && r.nfds == 1 && !(r.flags & MSG_CTRUNC));
		CHECK(r.fds[0] != p[1]);
		CHECK(fcntl(r.fds[0], F_GETFD) == 0);
		CHECK(write(r.fds[0], "y", 1) == 1);
		CHECK(read(p[0], buf, 1) == 1 && buf[0] == 'y');
		close(r.fds[0]);
		CHECK(send_fds(sv[1], "z", 1, p, 2) == 1);
		r = recv_fds(sv[0], buf, sizeof(buf), 256, MSG_CMSG_CLOEXEC);
		CHECK(r.ret == 1 && r.nfds == 2);
		CHECK(fcntl(r.fds[0], F_GETFD) == FD_CLOEXEC);
		CHECK(fcntl(r.fds[1], F_GETFD) == FD_CLOEXEC);
		close(r.fds[0]);
		close(r.fds[1]);
		close(sv[0]);
		close(sv[1]);
	}
	close(p[0]);
	close(p[1]);
}

/* Room for fewer descriptors than were sent: those that fit arrive, the
 * rest are closed and MSG_CTRUNC says so; with no buffer none arrive. */
static void net_unix_scm_ctrunc(void)
{
	char buf[8];
	int sv[2], p[2], low;
	struct rmsg r;

	CHECK_OK(pipe(p));
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK(send_fds(sv[0], "x", 1, p, 2) == 1);
	r = recv_fds(sv[1], buf, sizeof(buf), CMSG_LEN(sizeof(int)), 0);
	CHECK(r.ret == 1 && r.nfds == 1 && (r.flags & MSG_CTRUNC));
	close(r.fds[0]);
	low = lowest_free_fd();
	CHECK(send_fds(sv[0], "x", 1, p, 2) == 1);
	r = recv_fds(sv[1], buf, sizeof(buf), 0, 0);
	CHECK(r.ret == 1 && r.nfds == 0 && (r.flags & MSG_CTRUNC));
	CHECK(lowest_free_fd() == low);         /* nothing was installed */
	/* the pipe's other ends are really gone: only ours remain */
	close(p[1]);
	CHECK(read(p[0], buf, 1) == 0);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

/* Bad control messages: a closed descriptor, a length past the buffer, an
 * unknown SOL_SOCKET type; other levels are ignored. */
static void net_unix_scm_errors(void)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], buf[4];
	struct iovec iov = { "x", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = (struct cmsghdr *)cbuf;
	int sv[2], bad;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	bad = lowest_free_fd();
	CHECK_ERR(send_fds(sv[0], "x", 1, &bad, 1), EBADF);
	memset(cbuf, 0, sizeof(cbuf));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = sizeof(cbuf) + 8;
	CHECK_ERR(sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_len = CMSG_LEN(sizeof(int));
	c->cmsg_type = 99;
	CHECK_ERR(sendmsg(sv[0], &m, 0), EINVAL);
	c->cmsg_level = SOL_IP + 200;
	CHECK(sendmsg(sv[0], &m, 0) == 1);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 1);
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(sv[0]);
	close(sv[1]);
}

/* On a stream, a write with descriptors ends a read at its last byte;
 * MSG_PEEK hands out copies and leaves the originals queued. */
static void net_unix_scm_stream(void)
{
	char buf[16];
	int sv[2], p[2];
	struct rmsg r;

	CHECK_OK(pipe(p));
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(send_fds(sv[0], "abc", 3, &p[0], 1) == 3);
	CHECK(send_fds(sv[0], "def", 3, &p[0], 1) == 3);
	CHECK(write(sv[0], "ghi", 3) == 3);
	r = recv_fds(sv[1], buf, sizeof(buf), 256, MSG_PEEK);
	CHECK(r.ret == 3 && r.nfds == 1);
	close(r.fds[0]);
	r = recv_fds(sv[1], buf, sizeof(buf), 256, 0);
	CHECK(r.ret == 3 && r.nfds == 1 && !memcmp(buf, "abc", 3));
	close(r.fds[0]);
	r = recv_fds(sv[1], buf, 2, 256, 0);      /* files come with the first byte */
	CHECK(r.ret == 2 && r.nfds == 1 && !memcmp(buf, "de", 2));
	close(r.fds[0]);
	r = recv_fds(sv[1], buf, sizeof(buf), 256, 0);
	CHECK(r.ret == 4 && r.nfds == 0 && !memcmp(buf, "fghi", 4));
	close(sv[0]);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
}

/* SO_PASSCRED: each message carries the sender's pid, uid and gid. */
static void net_unix_passcred(void)
{
	static const int types[] = { SOCK_DGRAM, SOCK_STREAM };
	char buf[8];
	int sv[2];
	struct rmsg r;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		CHECK_OK(socketpair(AF_UNIX, types[i], 0, sv));
		CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PASSCRED) == 0);
		set_int_opt(sv[1], SOL_SOCKET, SO_PASSCRED, 1);
		CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_PASSCRED) == 1);
		CHECK(write(sv[0], "c", 1) == 1);
		r = recv_fds(sv[1], buf, sizeof(buf), 256, 0);
		CHECK(r.ret == 1 && r.have_cred);
		CHECK(r.cred.pid == (pid_t)getpid());
		CHECK(r.cred.uid == getuid() && r.cred.gid == getgid());
		close(sv[0]);
		close(sv[1]);
	}
}

/* SO_PEERCRED: a pair names its creator; a connection names the
 * connecting process to the server and the listening one to the client. */
static void net_unix_peercred(void)
{
	struct sockaddr_un sun;
	char path[64];
	struct ucred cr;
	socklen_t len, crlen = sizeof(cr);
	int sv[2], l, c, s, ready[2];
	pid_t child;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_OK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &crlen));
	CHECK(crlen == sizeof(cr) && cr.pid == getpid() && cr.uid == getuid());
	close(sv[0]);
	close(sv[1]);

	tmp_path(path, sizeof(path), "peercred");
	l = un_listener(path, 4, &sun, &len);
	CHECK_OK(pipe(ready));
	child = fork_or_fail();
	if (child == 0) {
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		CHECK_OK(connect(c, (struct sockaddr *)&sun, len));
		crlen = sizeof(cr);
		CHECK_OK(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &crlen));
		CHECK(cr.pid == getppid());
		CHECK(write(ready[1], "k", 1) == 1);
		CHECK(read(c, path, 1) == 0);   /* until the server closes */
		_exit(0);
	}
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	crlen = sizeof(cr);
	CHECK_OK(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &crlen));
	CHECK(cr.pid == child);
	CHECK(read(ready[0], path, 1) == 1);
	close(s);
	wait_ok(child);
	close(l);
	close(ready[0]);
	close(ready[1]);
	tmp_path(path, sizeof(path), "peercred");
	CHECK_OK(unlink(path));
}

/* Abstract names: no file, exact-length matches, names come back whole. */
static void net_unix_abstract(void)
{
	struct sockaddr_un sun, got;
	socklen_t len, glen;
	char name[32];
	int l, c, s;

	snprintf(name, sizeof(name), "ut-abs-%d", (int)getpid());
	len = un_abstract(&sun, name);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(bind(l, (struct sockaddr *)&sun, len));
	CHECK_OK(listen(l, 4));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(c, (struct sockaddr *)&sun, len), EADDRINUSE);
	/* one byte more is another name */
	CHECK_ERR(connect(c, (struct sockaddr *)&sun, len + 1), ECONNREFUSED);
	CHECK_OK(connect(c, (struct sockaddr *)&sun, len));
	glen = sizeof(got);
	CHECK_OK(getpeername(c, (struct sockaddr *)&got, &glen));
	CHECK(glen == len && !memcmp(&got, &sun, len));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	glen = sizeof(got);
	CHECK_OK(getsockname(s, (struct sockaddr *)&got, &glen));
	CHECK(glen == len && got.sun_path[0] == 0 && !memcmp(got.sun_path + 1, name, strlen(name)));
	close(s);
	close(c);
	close(l);
	/* the name is free again */
	l = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(bind(l, (struct sockaddr *)&sun, len));
	close(l);
}

/* bind with only the family picks "\0" + five hex digits; datagrams from
 * an autobound socket carry that name. */
static void net_unix_autobind(void)
{
	struct sockaddr_un sun, got, from;
	socklen_t glen = sizeof(got), flen = sizeof(from), len;
	char path[64], buf[4];
	int a, b, i;

	a = socket(AF_UNIX, SOCK_DGRAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	CHECK_OK(bind(a, (struct sockaddr *)&sun, sizeof(sa_family_t)));
	CHECK_OK(getsockname(a, (struct sockaddr *)&got, &glen));
	CHECK(glen == offsetof(struct sockaddr_un, sun_path) + 6);
	CHECK(got.sun_path[0] == 0);
	for (i = 1; i <= 5; i++)
		CHECK(strchr("0123456789abcdef", got.sun_path[i]) != NULL);
	/* already named: autobind again is a no-op, a real name is EINVAL */
	CHECK_OK(bind(a, (struct sockaddr *)&sun, sizeof(sa_family_t)));
	tmp_path(path, sizeof(path), "autob");
	len = un_addr(&sun, path);
	CHECK_ERR(bind(a, (struct sockaddr *)&sun, len), EINVAL);
	unlink(path);
	b = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(bind(b, (struct sockaddr *)&sun, len));
	CHECK(sendto(a, "hi", 2, 0, (struct sockaddr *)&sun, len) == 2);
	CHECK(recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) == 2);
	CHECK(flen == glen && !memcmp(&from, &got, glen));
	/* and back to it by that name */
	CHECK(sendto(b, "ok", 2, 0, (struct sockaddr *)&from, flen) == 2);
	CHECK(recv(a, buf, sizeof(buf), 0) == 2 && !memcmp(buf, "ok", 2));
	close(a);
	close(b);
	CHECK_OK(unlink(path));
}

static int waitall_fd;

static void *slow_writer(void *arg)
{
	usleep(50000);
	CHECK(write(waitall_fd, "12345", 5) == 5);
	usleep(50000);
	CHECK(write(waitall_fd, "67890", 5) == 5);
	return NULL;
}

/* MSG_PEEK reads across writes without consuming; MSG_WAITALL waits for
 * the whole length; SO_RCVTIMEO ends a wait with EAGAIN. */
static void net_unix_peek_waitall(void)
{
	struct timeval tv = { 0, 100000 };
	pthread_t t;
	char buf[16];
	int sv[2], n;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(write(sv[0], "ab", 2) == 2);
	CHECK(write(sv[0], "cd", 2) == 2);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 4 && !memcmp(buf, "abcd", 4));
	CHECK(recv(sv[1], buf, 3, 0) == 3 && !memcmp(buf, "abc", 3));
	CHECK_OK(ioctl(sv[1], FIONREAD, &n));
	CHECK(n == 1);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 1 && buf[0] == 'd');
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 1 && buf[0] == 'd');

	waitall_fd = sv[0];
	CHECK(pthread_create(&t, NULL, slow_writer, NULL) == 0);
	CHECK(recv(sv[1], buf, 10, MSG_WAITALL) == 10);
	CHECK(!memcmp(buf, "1234567890", 10));
	pthread_join(t, NULL);

	CHECK_OK(setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), 0), EAGAIN);
	close(sv[0]);
	close(sv[1]);
}

struct connector {
	int fd;
	struct sockaddr_un sun;
	socklen_t len;
	volatile int done;
	int ret, err;
};

static void *connect_thread(void *arg)
{
	struct connector *c = arg;

	c->ret = connect(c->fd, (struct sockaddr *)&c->sun, c->len);
	c->err = errno;
	c->done = 1;
	return NULL;
}

/* listen(fd, 0) admits one pending connection: the next connect is
 * EAGAIN without blocking, or waits until accept makes room. */
static void net_unix_backlog(void)
{
	struct connector cn;
	char path[64];
	pthread_t t;
	int l, c1, c2, s;

	tmp_path(path, sizeof(path), "backlog");
	l = un_listener(path, 0, &cn.sun, &cn.len);
	CHECK(poll1(l, POLLIN, 0) == 0);
	c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(connect(c1, (struct sockaddr *)&cn.sun, cn.len));
	CHECK(poll1(l, POLLIN, 0) == POLLIN);
	c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_ERR(connect(c2, (struct sockaddr *)&cn.sun, cn.len), EAGAIN);
	close(c2);
	cn.fd = socket(AF_UNIX, SOCK_STREAM, 0);
	cn.done = 0;
	CHECK(pthread_create(&t, NULL, connect_thread, &cn) == 0);
	usleep(100000);
	CHECK(!cn.done);                        /* still waiting for room */
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	pthread_join(t, NULL);
	CHECK(cn.ret == 0);
	close(s);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	CHECK(write(cn.fd, "x", 1) == 1);
	CHECK(read(s, path, 1) == 1);
	close(s);
	close(cn.fd);
	close(c1);
	close(l);
	tmp_path(path, sizeof(path), "backlog");
	CHECK_OK(unlink(path));
}

static int dgram_fd;

static void *dgram_sender(void *arg)
{
	return (void *)(long)send(dgram_fd, "w", 1, 0);
}

/*
 * A datagram socket connected to a receiver that is not connected back
 * fills the receiver's queue to its limit: then EAGAIN, no POLLOUT, and a
 * blocking sender waits; each read makes room and wakes them.
 */
static void net_unix_dgram_qlen(void)
{
	struct sockaddr_un sun;
	char path[64], buf[4];
	socklen_t len;
	pthread_t t;
	void *ret;
	int srv, c, n, other;

	tmp_path(path, sizeof(path), "qlen");
	len = un_addr(&sun, path);
	srv = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(bind(srv, (struct sockaddr *)&sun, len));
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(connect(c, (struct sockaddr *)&sun, len));
	for (n = 0; n < 100000 && send(c, "q", 1, MSG_DONTWAIT) == 1; n++)
		;
	CHECK(errno == EAGAIN && n > 0 && n < 100000);
	CHECK(poll1(c, POLLOUT, 0) == 0);
	other = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR(sendto(other, "q", 1, MSG_DONTWAIT, (struct sockaddr *)&sun, len), EAGAIN);
	CHECK(recv(srv, buf, sizeof(buf), 0) == 1);
	CHECK(poll1(c, POLLOUT, 1000) == POLLOUT);
	CHECK(send(c, "q", 1, MSG_DONTWAIT) == 1);
	CHECK(poll1(c, POLLOUT, 0) == 0);
	dgram_fd = c;
	CHECK(pthread_create(&t, NULL, dgram_sender, NULL) == 0);
	usleep(100000);
	CHECK(recv(srv, buf, sizeof(buf), 0) == 1);
	pthread_join(t, &ret);
	CHECK((long)ret == 1);
	close(other);
	close(srv);
	CHECK(poll1(c, POLLOUT, 0) == POLLOUT);  /* a dead peer reads as writable */
	CHECK_ERR(send(c, "q", 1, 0), ECONNREFUSED);
	CHECK_ERR(send(c, "q", 1, 0), ENOTCONN);
	close(c);
	CHECK_OK(unlink(path));
}

/* Datagram peers: a closed peer is ECONNREFUSED once, then ENOTCONN; a
 * receiver connected elsewhere refuses others (EPERM). */
static void net_unix_dgram_peers(void)
{
	struct sockaddr_un sa, sb;
	char pa[64], pb[64], buf[4];
	socklen_t la, lb;
	int sv[2], a, b, c;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	close(sv[1]);
	CHECK_ERR(send(sv[0], "x", 1, 0), ECONNREFUSED);
	CHECK_ERR(send(sv[0], "x", 1, 0), ENOTCONN);
	close(sv[0]);

	tmp_path(pa, sizeof(pa), "pa");
	tmp_path(pb, sizeof(pb), "pb");
	la = un_addr(&sa, pa);
	lb = un_addr(&sb, pb);
	a = socket(AF_UNIX, SOCK_DGRAM, 0);
	b = socket(AF_UNIX, SOCK_DGRAM, 0);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(bind(a, (struct sockaddr *)&sa, la));
	CHECK_OK(bind(b, (struct sockaddr *)&sb, lb));
	CHECK_OK(connect(a, (struct sockaddr *)&sb, lb));
	CHECK_ERR(sendto(c, "x", 1, 0, (struct sockaddr *)&sa, la), EPERM);
	CHECK_ERR(connect(c, (struct sockaddr *)&sa, la), EPERM);
	CHECK(sendto(b, "y", 1, 0, (struct sockaddr *)&sa, la) == 1);
	CHECK(recv(a, buf, sizeof(buf), 0) == 1 && buf[0] == 'y');
	/* AF_UNSPEC dissolves the association */
	sa.sun_family = AF_UNSPEC;
	CHECK_OK(connect(a, (struct sockaddr *)&sa, sizeof(sa_family_t)));
	CHECK_ERR(send(a, "x", 1, 0), ENOTCONN);
	sa.sun_family = AF_UNIX;
	CHECK(sendto(c, "z", 1, 0, (struct sockaddr *)&sa, la) == 1);
	CHECK(recv(a, buf, sizeof(buf), 0) == 1 && buf[0] == 'z');
	close(a);
	CHECK_ERR(sendto(c, "z", 1, 0, (struct sockaddr *)&sa, la), ECONNREFUSED);
	close(b);
	close(c);
	CHECK_OK(unlink(pa));
	CHECK_OK(unlink(pb));
}

/* Closing with unread data resets the peer (ECONNRESET, then EOF); a
 * connection the listener never accepted is reset when it closes. */
static void net_unix_reset(void)
{
	struct sockaddr_un sun;
	char path[64], buf[4];
	socklen_t len;
	int sv[2], l, c;

	signal(SIGPIPE, SIG_IGN);
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(write(sv[1], "abc", 3) == 3);
	close(sv[0]);
	CHECK(poll1(sv[1], POLLIN, 0) == (POLLIN | POLLHUP | POLLERR));
	CHECK_ERR(read(sv[1], buf, sizeof(buf)), ECONNRESET);
	CHECK(read(sv[1], buf, sizeof(buf)) == 0);
	CHECK_ERR(write(sv[1], "x", 1), EPIPE);
	close(sv[1]);

	tmp_path(path, sizeof(path), "reset");
	l = un_listener(path, 4, &sun, &len);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_OK(connect(c, (struct sockaddr *)&sun, len));
	CHECK(write(c, "hi", 2) == 2);
	close(l);
	CHECK_ERR(read(c, buf, sizeof(buf)), ECONNRESET);
	CHECK(read(c, buf, sizeof(buf)) == 0);
	CHECK_ERR(write(c, "x", 1), EPIPE);
	close(c);
	CHECK_OK(unlink(path));
}

/* FIONREAD: all unread stream bytes, the next datagram's length; EINVAL on
 * a listener. SIOCOUTQ: nonzero while the peer has not read. */
static void net_unix_ioctl(void)
{
	struct sockaddr_un sun;
	char path[64], buf[8];
	socklen_t len;
	int sv[2], n, l;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(write(sv[0], "abc", 3) == 3);
	CHECK(write(sv[0], "de", 2) == 2);
	CHECK_OK(ioctl(sv[1], FIONREAD, &n));
	CHECK(n == 5);
	CHECK_OK(ioctl(sv[0], TIOCOUTQ, &n));
	CHECK(n > 0);
	CHECK(read(sv[1], buf, sizeof(buf)) == 5);
	CHECK_OK(ioctl(sv[0], TIOCOUTQ, &n));
	CHECK(n == 0);
	close(sv[0]);
	close(sv[1]);
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK(send(sv[0], "abc", 3, 0) == 3);
	CHECK(send(sv[0], "de", 2, 0) == 2);
	CHECK_OK(ioctl(sv[1], FIONREAD, &n));
	CHECK(n == 3);
	close(sv[0]);
	close(sv[1]);
	tmp_path(path, sizeof(path), "ioctl");
	l = un_listener(path, 1, &sun, &len);
	CHECK_ERR(ioctl(l, FIONREAD, &n), EINVAL);
	close(l);
	CHECK_OK(unlink(path));
}

/* The error cases of the calls on the wrong kind of socket. */
static void net_unix_errors(void)
{
	struct sockaddr_un sun;
	char path[64], buf[4];
	socklen_t len;
	int d, s, sv[2];

	tmp_path(path, sizeof(path), "errs");
	len = un_addr(&sun, path);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK(bind(d, (struct sockaddr *)&sun, len));
	CHECK_ERR(listen(d, 1), EOPNOTSUPP);
	CHECK_ERR(accept(d, NULL, NULL), EOPNOTSUPP);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(connect(s, (struct sockaddr *)&sun, len), EPROTOTYPE);
	CHECK_ERR(bind(s, (struct sockaddr *)&sun, len), EADDRINUSE);
	CHECK_ERR(listen(s, 1), EINVAL);        /* unbound */
	CHECK_ERR(accept(s, NULL, NULL), EINVAL);
	CHECK_ERR(send(s, "x", 1, 0), ENOTCONN);
	CHECK_ERR(recv(s, buf, 1, 0), EINVAL);
	CHECK_ERR(shutdown(s, 5), EINVAL);
	CHECK_ERR(bind(s, (struct sockaddr *)&sun, 1), EINVAL);
	CHECK_ERR(bind(s, (struct sockaddr *)&sun, sizeof(sun) + 1), EINVAL);
	strcpy(sun.sun_path, "/nonexistent-dir/x");
	CHECK_ERR(bind(s, (struct sockaddr *)&sun, sizeof(sun)), ENOENT);
	CHECK_ERR(connect(s, (struct sockaddr *)&sun, sizeof(sun)), ENOENT);
	close(s);
	close(d);
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_ERR(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&sun, sizeof(sun)), EISCONN);
	close(sv[0]);
	close(sv[1]);
	CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 2), EPROTONOSUPPORT);
	CHECK_ERR(socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT);
	CHECK_OK(unlink(path));
}

/* /proc/net/unix lists a listener with its path and the ACCEPTCON flag. */
static void net_unix_proc(void)
{
	struct sockaddr_un sun;
	char path[64], line[256];
	socklen_t len;
	int l, found = 0;
	FILE *f;

	tmp_path(path, sizeof(path), "proc");
	l = un_listener(path, 1, &sun, &len);
	f = fopen("/proc/net/unix", "r");
	CHECK(f != NULL);
	CHECK(fgets(line, sizeof(line), f) != NULL);
	CHECK(!strncmp(line, "Num       RefCount Protocol Flags    Type St Inode Path", 55));
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ' ');

		if (p && strstr(line, path)) {
			unsigned int ref, proto, flags, type, st;

			CHECK(sscanf(p, "%x %x %x %x %x", &ref, &proto, &flags, &type, &st) == 5);
			CHECK(flags == 0x10000 && type == SOCK_STREAM && st == 1);
			found++;
		}
	}
	fclose(f);
	CHECK(found == 1);
	close(l);
	CHECK_OK(unlink(path));
}

/* 16 MiB through a stream pair between two processes, verified. */
static void net_unix_bulk(void)
{
	enum { TOTAL = 16 << 20, CHUNK = 100000 };
	static unsigned char buf[CHUNK];
	unsigned long sum = 0, want = 0;
	size_t got = 0;
	int sv[2];
	pid_t child;
	ssize_t n;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	child = fork_or_fail();
	if (child == 0) {
		close(sv[1]);
		for (size_t off = 0; off < TOTAL; off += CHUNK) {
			size_t k = TOTAL - off < CHUNK ? TOTAL - off : CHUNK;

			for (size_t i = 0; i < k; i++)
				buf[i] = (unsigned char)((off + i) * 7 + 3);
			send_all(sv[0], buf, k);
		}
		_exit(0);
	}
	close(sv[0]);
	while ((n = read(sv[1], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			sum += buf[i];
			want += (unsigned char)((got + i) * 7 + 3);
		}
		got += n;
	}
	CHECK(n == 0 && got == TOTAL && sum == want);
	wait_ok(child);
	close(sv[1]);
}

const struct test net_unix2_tests[] = {
	{ "net_unix_scm_rights", net_unix_scm_rights },
	{ "net_unix_scm_ctrunc", net_unix_scm_ctrunc },
	{ "net_unix_scm_errors", net_unix_scm_errors },
	{ "net_unix_scm_stream", net_unix_scm_stream },
	{ "net_unix_passcred", net_unix_passcred },
	{ "net_unix_peercred", net_unix_peercred },
	{ "net_unix_abstract", net_unix_abstract },
	{ "net_unix_autobind", net_unix_autobind },
	{ "net_unix_peek_waitall", net_unix_peek_waitall },
	{ "net_unix_backlog", net_unix_backlog },
	{ "net_unix_dgram_qlen", net_unix_dgram_qlen },
	{ "net_unix_dgram_peers", net_unix_dgram_peers },
	{ "net_unix_reset", net_unix_reset },
	{ "net_unix_ioctl", net_unix_ioctl },
	{ "net_unix_errors", net_unix_errors },
	{ "net_unix_proc", net_unix_proc },
	{ "net_unix_bulk", net_unix_bulk },
	{ NULL, NULL },
};
