/*
 * AF_UNIX: socketpair (stream, datagram, seqpacket), sockets bound to
 * paths in /tmp (listen, connect, accept, names), EOF, datagram
 * boundaries and truncation, ECONNREFUSED/ENOENT when nobody listens.
 * Every path is unlinked before the test ends.
 */
#include "net.h"

#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/un.h>

static socklen_t un_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path, sizeof(sun->sun_path), "%s", path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

/* A socket of type bound to path. */
static int un_bound(int type, const char *path)
{
	struct sockaddr_un sun;
	socklen_t len = un_addr(&sun, path);
	int fd = socket(AF_UNIX, type, 0);

	CHECK(fd >= 0);
	if (bind(fd, (struct sockaddr *)&sun, len) != 0)
		fail("bind(%s): errno %d (%s)", path, errno,
		     strerrorname(errno));
	return fd;
}

/* Stream socketpair: both directions, flags, unnamed addresses, half
 * close, EOF and EPIPE. */
static void net_unix_pair_stream(void)
{
	struct sockaddr_un sun;
	socklen_t len = sizeof(sun);
	char buf[16];
	int sv[2];

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
			    SOCK_NONBLOCK, 0, sv));
	CHECK(fcntl(sv[0], F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(sv[1], F_GETFL) & O_NONBLOCK);
	CHECK_ERR(recv(sv[0], buf, sizeof(buf), 0), EAGAIN);
	set_nonblock(sv[0], 0);
	set_nonblock(sv[1], 0);
	CHECK_OK(getsockname(sv[0], (struct sockaddr *)&sun, &len));
	CHECK(len == sizeof(sa_family_t) && sun.sun_family == AF_UNIX);
	len = sizeof(sun);
	CHECK_OK(getpeername(sv[0], (struct sockaddr *)&sun, &len));
	CHECK(len == sizeof(sa_family_t));
	CHECK(get_int_opt(sv[0], SOL_SOCKET, SO_TYPE) == SOCK_STREAM);
	CHECK(get_int_opt(sv[0], SOL_SOCKET, SO_DOMAIN) == AF_UNIX);

	CHECK(write(sv[0], "hello", 5) == 5);
	CHECK(write(sv[0], " world", 6) == 6);
	/* a stream: the two writes may come back as one read */
	recv_all(sv[1], buf, 11);
	CHECK(memcmp(buf, "hello world", 11) == 0);
	CHECK(send(sv[1], "back", 4, 0) == 4);
	CHECK(recv(sv[0], buf, sizeof(buf), 0) == 4);
	CHECK_OK(shutdown(sv[0], SHUT_WR));
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 0);
	CHECK(send(sv[1], "more", 4, 0) == 4);		/* other way open */
	CHECK(recv(sv[0], buf, sizeof(buf), 0) == 4);
	CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	close(sv[0]);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 0);
	CHECK_ERR(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
	close(sv[1]);
}

/* Datagram and seqpacket pairs keep message boundaries; a short buffer
 * truncates (MSG_TRUNC returns the real length, msg_flags says so). */
static void un_pair_msgs(int type)
{
	char buf[32];
	struct iovec iov = { buf, 3 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	int sv[2];

	CHECK_OK(socketpair(AF_UNIX, type, 0, sv));
	CHECK(get_int_opt(sv[1], SOL_SOCKET, SO_TYPE) == type);
	CHECK(send(sv[0], "first", 5, 0) == 5);
	CHECK(send(sv[0], "second!", 7, 0) == 7);
	CHECK(send(sv[0], "third", 5, 0) == 5);
	CHECK(send(sv[0], "fourth", 6, 0) == 6);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 5);
	CHECK(memcmp(buf, "first", 5) == 0);
	CHECK(recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 7);
	CHECK(recv(sv[1], buf, 3, MSG_TRUNC) == 7);
	CHECK(memcmp(buf, "sec", 3) == 0);
	CHECK(recvmsg(sv[1], &m, 0) == 3);
	CHECK(m.msg_flags & MSG_TRUNC);
	CHECK(memcmp(buf, "thi", 3) == 0);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 6);	/* the rest is gone */
	CHECK(memcmp(buf, "fourth", 6) == 0);
	CHECK_ERR(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(sv[0]);
	close(sv[1]);
}

static void net_unix_pair_dgram(void)
{
	un_pair_msgs(SOCK_DGRAM);
}

/* SOCK_SEQPACKET also reports EOF when the peer closes. */
static void net_unix_pair_seqpacket(void)
{
	char buf[8];
	int sv[2];

	un_pair_msgs(SOCK_SEQPACKET);
	CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	close(sv[0]);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 0);
	close(sv[1]);
}

/* A stream listener on a path: connect, accept, names, data, EOF. */
static void net_unix_stream_path(void)
{
	struct sockaddr_un sun, got;
	char path[64], buf[16];
	socklen_t len, glen;
	struct stat st;
	int l, c, s;

	tmp_path(path, sizeof(path), "sock");
	len = un_addr(&sun, path);
	l = un_bound(SOCK_STREAM, path);
	CHECK_OK(stat(path, &st));
	CHECK(S_ISSOCK(st.st_mode));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(bind(c, (struct sockaddr *)&sun, len), EADDRINUSE);
	CHECK_OK(listen(l, 4));
	glen = sizeof(got);
	CHECK_OK(getsockname(l, (struct sockaddr *)&got, &glen));
	CHECK(glen == len && strcmp(got.sun_path, path) == 0);
	CHECK_OK(connect(c, (struct sockaddr *)&sun, len));
	glen = sizeof(got);
	CHECK_OK(getpeername(c, (struct sockaddr *)&got, &glen));
	CHECK(glen == len && strcmp(got.sun_path, path) == 0);
	glen = sizeof(got);
	CHECK_OK(getsockname(c, (struct sockaddr *)&got, &glen));
	CHECK(glen == sizeof(sa_family_t));		/* unnamed */
	glen = sizeof(got);
	s = accept4(l, (struct sockaddr *)&got, &glen, SOCK_CLOEXEC);
	CHECK(s >= 0);
	CHECK(glen == sizeof(sa_family_t) && got.sun_family == AF_UNIX);
	CHECK(fcntl(s, F_GETFD) == FD_CLOEXEC);
	glen = sizeof(got);
	CHECK_OK(getsockname(s, (struct sockaddr *)&got, &glen));
	CHECK(glen == len && strcmp(got.sun_path, path) == 0);
	CHECK(send(c, "over", 4, 0) == 4);
	CHECK(recv(s, buf, sizeof(buf), 0) == 4);
	CHECK(send(s, "back", 4, 0) == 4);
	CHECK(recv(c, buf, sizeof(buf), 0) == 4);
	close(c);
	CHECK(recv(s, buf, sizeof(buf), 0) == 0);
	close(s);
	close(l);
	CHECK_OK(unlink(path));
}

/*
 * Nobody listening: a missing path is ENOENT; a socket file whose socket
 * is bound but not listening, or already closed, is ECONNREFUSED, as is
 * a regular file.  The same for datagrams.
 */
static void net_unix_refused(void)
{
	struct sockaddr_un sun;
	char path[64], file[64];
	socklen_t len;
	int b, c, fd;

	tmp_path(path, sizeof(path), "nolisten");
	tmp_path(file, sizeof(file), "plain");
	len = un_addr(&sun, path);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, (struct sockaddr *)&sun, len), ENOENT);
	b = un_bound(SOCK_STREAM, path);
	CHECK_ERR(connect(c, (struct sockaddr *)&sun, len), ECONNREFUSED);
	close(b);
	CHECK_ERR(connect(c, (struct sockaddr *)&sun, len), ECONNREFUSED);
	fd = open(file, O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	close(fd);
	len = un_addr(&sun, file);
	CHECK_ERR(connect(c, (struct sockaddr *)&sun, len), ECONNREFUSED);
	close(c);
	/* datagrams to a dead socket's path */
	len = un_addr(&sun, path);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR(sendto(c, "x", 1, 0, (struct sockaddr *)&sun, len),
		  ECONNREFUSED);
	close(c);
	CHECK_OK(unlink(path));
	CHECK_OK(unlink(file));
}

/* Datagram sockets on paths: recvfrom names the sender; connect makes a
 * default destination. */
static void net_unix_dgram_path(void)
{
	struct sockaddr_un sa, sb, from;
	char pa[64], pb[64], buf[16];
	socklen_t la, lb, flen = sizeof(from);
	int a, b;

	tmp_path(pa, sizeof(pa), "dga");
	tmp_path(pb, sizeof(pb), "dgb");
	la = un_addr(&sa, pa);
	lb = un_addr(&sb, pb);
	a = un_bound(SOCK_DGRAM, pa);
	b = un_bound(SOCK_DGRAM, pb);
	CHECK(sendto(a, "to-b", 4, 0, (struct sockaddr *)&sb, lb) == 4);
	CHECK(recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		       &flen) == 4);
	CHECK(flen == la && strcmp(from.sun_path, pa) == 0);
	CHECK_ERR(send(a, "x", 1, 0), ENOTCONN);
	CHECK_OK(connect(a, (struct sockaddr *)&sb, lb));
	CHECK(send(a, "one", 3, 0) == 3);
	CHECK(send(a, "two", 3, 0) == 3);
	CHECK(recv(b, buf, sizeof(buf), 0) == 3 && !memcmp(buf, "one", 3));
	CHECK(recv(b, buf, sizeof(buf), 0) == 3 && !memcmp(buf, "two", 3));
	close(a);
	close(b);
	CHECK_OK(unlink(pa));
	CHECK_OK(unlink(pb));
}

const struct test net_unix_tests[] = {
	{ "net_unix_pair_stream", net_unix_pair_stream },
	{ "net_unix_pair_dgram", net_unix_pair_dgram },
	{ "net_unix_pair_seqpacket", net_unix_pair_seqpacket },
	{ "net_unix_stream_path", net_unix_stream_path },
	{ "net_unix_refused", net_unix_refused },
	{ "net_unix_dgram_path", net_unix_dgram_path },
	{ NULL, NULL },
};
