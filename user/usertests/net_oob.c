/*
 * Urgent ("out-of-band") data: TCP's urgent pointer with Linux's
 * one-byte semantics (the last byte of send(MSG_OOB)), SO_OOBINLINE,
 * SIOCATMARK, POLLPRI/EPOLLPRI and select's exception set, SIGURG to the
 * socket's owner.
 */
#include "net.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <netinet/tcp.h>

static int at_mark(int fd)
{
	int v = -1;

	CHECK_OK(ioctl(fd, SIOCATMARK, &v));
	return v;
}

/* Wait (bounded) until @fd reports urgent data. */
static void wait_pri(int fd)
{
	CHECK(poll1(fd, POLLPRI, 10000) & POLLPRI);
}

static int inq(int fd)
{
	int v = -1;

	CHECK_OK(ioctl(fd, FIONREAD, &v));
	return v;
}

static void oob_pair(int *c, int *s)
{
	tcp_pair(LO4, c, s);
	set_int_opt(*c, IPPROTO_TCP, TCP_NODELAY, 1);
}

static void net_oob_tcp_basic(void)
{
	char buf[16], b;
	int c, s;

	oob_pair(&c, &s);
	CHECK(at_mark(s) == 0);
	CHECK_ERR(recv(s, &b, 1, MSG_OOB), EINVAL);
	CHECK(send(c, "abc", 3, MSG_OOB) == 3);
	wait_pri(s);
	CHECK(inq(s) == 2);     /* FIONREAD counts to the mark */
	/* an ordinary read stops at the mark */
	CHECK(recv(s, buf, sizeof(buf), 0) == 2);
	CHECK(memcmp(buf, "ab", 2) == 0);
	CHECK(at_mark(s) == 1);
	/* the urgent byte alone is not POLLIN */
	CHECK((poll1(s, POLLIN | POLLPRI, 0) & (POLLIN | POLLPRI)) == POLLPRI);
	CHECK(recv(s, &b, 1, MSG_OOB | MSG_PEEK) == 1 && b == 'c');
	CHECK(recv(s, &b, 1, MSG_OOB) == 1 && b == 'c');
	CHECK_ERR(recv(s, &b, 1, MSG_OOB), EINVAL);
	CHECK(!(poll1(s, POLLPRI, 0) & POLLPRI));
	CHECK(at_mark(s) == 1);
	/* the next read steps over the urgent byte */
	CHECK(send(c, "de", 2, 0) == 2);
	CHECK(poll1(s, POLLIN, 10000) & POLLIN);
	CHECK(recv(s, buf, sizeof(buf), 0) == 2);
	CHECK(memcmp(buf, "de", 2) == 0);
	CHECK(at_mark(s) == 0);
	close(c);
	close(s);
}

/* An ordinary read past an unread urgent byte loses it. */
static void net_oob_tcp_skip(void)
{
	char buf[16], b;
	int c, s;

	oob_pair(&c, &s);
	CHECK(send(c, "xy", 2, MSG_OOB) == 2);
	wait_pri(s);
	CHECK(recv(s, buf, sizeof(buf), 0) == 1 && buf[0] == 'x');
	CHECK(at_mark(s) == 1);
	CHECK_ERR(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	CHECK_ERR(recv(s, &b, 1, MSG_OOB), EINVAL);
	CHECK(at_mark(s) == 0);
	/* a zero-length OOB read reports MSG_TRUNC and uses the byte up */
	CHECK(send(c, "z", 1, MSG_OOB) == 1);
	wait_pri(s);
	struct msghdr m = { 0 };
	CHECK(recvmsg(s, &m, MSG_OOB) == 0);
	CHECK(m.msg_flags & MSG_OOB);
	CHECK(m.msg_flags & MSG_TRUNC);
	CHECK_ERR(recv(s, &b, 1, MSG_OOB), EINVAL);
	close(c);
	close(s);
}

/* A second urgent byte replaces the first, which becomes stream data. */
static void net_oob_tcp_replace(void)
{
	char buf[16], b;
	int c, s;

	oob_pair(&c, &s);
	CHECK(send(c, "ab", 2, MSG_OOB) == 2);
	wait_pri(s);
	CHECK(send(c, "cd", 2, MSG_OOB) == 2);
	WAIT_FOR(recv(s, &b, 1, MSG_OOB | MSG_PEEK | MSG_DONTWAIT) == 1 && b == 'd', 10);
	CHECK(recv(s, &b, 1, MSG_OOB) == 1 && b == 'd');
	CHECK(recv(s, buf, sizeof(buf), 0) == 3);
	CHECK(memcmp(buf, "abc", 3) == 0);
	CHECK(at_mark(s) == 1);
	close(c);
	close(s);
}

static void net_oob_tcp_inline(void)
{
	char buf[16], b;
	int c, s;

	oob_pair(&c, &s);
	set_int_opt(s, SOL_SOCKET, SO_OOBINLINE, 1);
	CHECK(get_int_opt(s, SOL_SOCKET, SO_OOBINLINE) == 1);
	CHECK(send(c, "xyz", 3, MSG_OOB) == 3);
	wait_pri(s);
	CHECK_ERR(recv(s, &b, 1, MSG_OOB), EINVAL);
	/* the read still stops at the mark; the byte is then ordinary data */
	CHECK(recv(s, buf, sizeof(buf), 0) == 2);
	CHECK(memcmp(buf, "xy", 2) == 0);
	CHECK(at_mark(s) == 1);
	CHECK(poll1(s, POLLIN, 0) & POLLIN);
	CHECK(recv(s, buf, sizeof(buf), 0) == 1 && buf[0] == 'z');
	CHECK(at_mark(s) == 0);
	close(c);
	close(s);
}

/* select's exception set and EPOLLPRI see urgent data. */
static void net_oob_tcp_select(void)
{
	struct epoll_event ev = { .events = EPOLLPRI }, out;
	struct timeval tv = { 10, 0 };
	fd_set ex;
	int c, s, ep;
	char b;

	oob_pair(&c, &s);
	ep = epoll_create1(0);
	CHECK_OK(ep);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	CHECK(epoll_wait(ep, &out, 1, 0) == 0);
	CHECK(send(c, "!", 1, MSG_OOB) == 1);
	FD_ZERO(&ex);
	FD_SET(s, &ex);
	CHECK(select(s + 1, NULL, NULL, &ex, &tv) == 1);
	CHECK(FD_ISSET(s, &ex));
	CHECK(epoll_wait(ep, &out, 1, 10000) == 1);
	CHECK(out.events & EPOLLPRI);
	CHECK(recv(s, &b, 1, MSG_OOB) == 1 && b == '!');
	CHECK(epoll_wait(ep, &out, 1, 0) == 0);
	close(ep);
	close(c);
	close(s);
}

/* SIGURG goes to the socket's owner, with or without O_ASYNC. */
static void net_oob_tcp_sigurg(void)
{
	struct timespec ts = { 10, 0 };
	sigset_t set;
	siginfo_t si;
	int c, s;
	char b;

	sigemptyset(&set);
	sigaddset(&set, SIGURG);
	sigaddset(&set, SIGRTMIN + 6);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	oob_pair(&c, &s);
	CHECK_OK(fcntl(s, F_SETOWN, getpid()));
	CHECK(send(c, "u", 1, MSG_OOB) == 1);
	sigdelset(&set, SIGRTMIN + 6);
	CHECK(sigtimedwait(&set, &si, &ts) == SIGURG);
	CHECK(recv(s, &b, 1, MSG_OOB) == 1 && b == 'u');
	/* O_ASYNC with F_SETSIG: SIGURG and the F_SETSIG signal (POLL_PRI) */
	CHECK_OK(fcntl(s, F_SETSIG, SIGRTMIN + 6));
	CHECK_OK(fcntl(s, F_SETFL, O_ASYNC));
	CHECK(send(c, "v", 1, MSG_OOB) == 1);
	CHECK(sigtimedwait(&set, &si, &ts) == SIGURG);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 6);
	/* POLL_IN for the data may come first */
	do {
		CHECK(sigtimedwait(&set, &si, &ts) == SIGRTMIN + 6);
		CHECK(si.si_fd == s);
	} while (si.si_code != POLL_PRI);
	CHECK(si.si_band == (POLLPRI | POLLRDBAND));
	close(c);
	close(s);
}

static void net_oob_errors(void)
{
	struct addr a;
	int l, u;
	char b;

	l = tcp_listener(LO4, 1, &a);
	CHECK_ERR(recv(l, &b, 1, MSG_OOB), ENOTCONN);
	close(l);
	u = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(u);
	CHECK(at_mark(u) == 0);
	close(u);
}


/* ------------------------------------------------ AF_UNIX stream OOB */

static void unix_pair(int *a, int *b)
{
	int sv[2];

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	*a = sv[0];
	*b = sv[1];
}

static void net_oob_unix_basic(void)
{
	char buf[16], b;
	int x, y;

	unix_pair(&x, &y);
	CHECK(at_mark(y) == 0);
	CHECK_ERR(recv(y, &b, 1, MSG_OOB), EINVAL);
	CHECK(send(x, "abc", 3, MSG_OOB) == 3);
	CHECK(poll1(y, POLLPRI, 0) & POLLPRI);
	CHECK(recv(y, buf, sizeof(buf), 0) == 2);
	CHECK(memcmp(buf, "ab", 2) == 0);
	CHECK(at_mark(y) == 1);
	CHECK(recv(y, &b, 1, MSG_OOB | MSG_PEEK) == 1 && b == 'c');
	CHECK(recv(y, &b, 1, MSG_OOB) == 1 && b == 'c');
	CHECK_ERR(recv(y, &b, 1, MSG_OOB), EINVAL);
	CHECK(!(poll1(y, POLLPRI, 0) & POLLPRI));
	CHECK(at_mark(y) == 1);
	CHECK(send(x, "de", 2, 0) == 2);
	CHECK(recv(y, buf, sizeof(buf), 0) == 2);
	CHECK(memcmp(buf, "de", 2) == 0);
	CHECK(at_mark(y) == 0);
	close(x);
	close(y);
}

/* A read that reaches an unread OOB byte with nothing copied drops it;
 * peeks pass over it. */
static void net_oob_unix_skip(void)
{
	char buf[16], b;
	int x, y;

	unix_pair(&x, &y);
	CHECK(send(x, "ab", 2, MSG_OOB) == 2);
	CHECK(send(x, "cd", 2, 0) == 2);
	CHECK(recv(y, buf, sizeof(buf), MSG_PEEK) == 1 && buf[0] == 'a');
	CHECK(recv(y, buf, sizeof(buf), 0) == 1 && buf[0] == 'a');
	CHECK(recv(y, buf, sizeof(buf), MSG_PEEK) == 2 && memcmp(buf, "cd", 2) == 0);
	CHECK(recv(y, &b, 1, MSG_OOB | MSG_PEEK) == 1 && b == 'b');
	CHECK(recv(y, buf, sizeof(buf), 0) == 2 && memcmp(buf, "cd", 2) == 0);
	CHECK_ERR(recv(y, &b, 1, MSG_OOB), EINVAL);
	CHECK_ERR(recv(y, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(x);
	close(y);
}

static void net_oob_unix_inline(void)
{
	char buf[16], b;
	int x, y;

	unix_pair(&x, &y);
	set_int_opt(y, SOL_SOCKET, SO_OOBINLINE, 1);
	CHECK(send(x, "xyz", 3, MSG_OOB) == 3);
	CHECK(poll1(y, POLLPRI, 0) & POLLPRI);
	CHECK_ERR(recv(y, &b, 1, MSG_OOB), EINVAL);
	CHECK(recv(y, buf, sizeof(buf), 0) == 2 && memcmp(buf, "xy", 2) == 0);
	CHECK(at_mark(y) == 1);
	CHECK(recv(y, buf, sizeof(buf), 0) == 1 && buf[0] == 'z');
	CHECK(at_mark(y) == 0);
	close(x);
	close(y);
}

static void net_oob_unix_sigurg(void)
{
	struct timespec ts = { 10, 0 };
	sigset_t set;
	siginfo_t si;
	int x, y;
	char b;

	sigemptyset(&set);
	sigaddset(&set, SIGURG);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	unix_pair(&x, &y);
	CHECK_OK(fcntl(y, F_SETOWN, getpid()));
	CHECK(send(x, "!", 1, MSG_OOB) == 1);
	CHECK(sigtimedwait(&set, &si, &ts) == SIGURG);
	CHECK(recv(y, &b, 1, MSG_OOB) == 1 && b == '!');
	close(x);
	close(y);
}

static void net_oob_unix_errors(void)
{
	int sv[2];
	char b;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK_ERR(send(sv[0], "", 0, MSG_OOB), EOPNOTSUPP);
	close(sv[0]);
	close(sv[1]);
	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	CHECK_ERR(send(sv[0], "a", 1, MSG_OOB), EOPNOTSUPP);
	CHECK(send(sv[0], "a", 1, 0) == 1);
	CHECK_ERR(recv(sv[1], &b, 1, MSG_OOB), EOPNOTSUPP);
	close(sv[0]);
	close(sv[1]);
	CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	CHECK_ERR(send(sv[0], "a", 1, MSG_OOB), EOPNOTSUPP);
	close(sv[0]);
	close(sv[1]);
}

const struct test net_oob_tests[] = {
	{ "net_oob_tcp_basic", net_oob_tcp_basic },
	{ "net_oob_tcp_skip", net_oob_tcp_skip },
	{ "net_oob_tcp_replace", net_oob_tcp_replace },
	{ "net_oob_tcp_inline", net_oob_tcp_inline },
	{ "net_oob_tcp_select", net_oob_tcp_select },
	{ "net_oob_tcp_sigurg", net_oob_tcp_sigurg },
	{ "net_oob_errors", net_oob_errors },
	{ "net_oob_unix_basic", net_oob_unix_basic },
	{ "net_oob_unix_skip", net_oob_unix_skip },
	{ "net_oob_unix_inline", net_oob_unix_inline },
	{ "net_oob_unix_sigurg", net_oob_unix_sigurg },
	{ "net_oob_unix_errors", net_oob_unix_errors },
	{ NULL, NULL },
};
