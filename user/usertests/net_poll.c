/*
 * Readiness of sockets through poll, ppoll, select and pselect6: a
 * listener with a pending connection, data arriving, EOF and POLLRDHUP
 * after the peer's shutdown(SHUT_WR), POLLHUP once both directions are
 * shut, a non-blocking connect becoming writable, a failed one readable
 * and writable with POLLERR, UDP and AF_UNIX sockets.
 *
 * As in poll.c, a child that makes a socket ready first sleeps a little
 * so that the parent is usually asleep in the call; the tests hold
 * whichever way that race goes.
 */
#include "net.h"

#include <poll.h>
#include <sys/select.h>
#include <sys/un.h>

/* Readable and writable per select(2), with a timeout of ms. */
static int select1(int fd, int *rd, int *wr, int *ex, int ms)
{
	struct timeval tv = { ms / 1000, ms % 1000 * 1000 };
	fd_set r, w, e;
	int n;

	FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&e);
	FD_SET(fd, &r); FD_SET(fd, &w); FD_SET(fd, &e);
	n = select(fd + 1, rd ? &r : NULL, wr ? &w : NULL, ex ? &e : NULL,
		   &tv);
	if (n < 0)
		fail("select: errno %d", errno);
	if (rd)
		*rd = FD_ISSET(fd, &r);
	if (wr)
		*wr = FD_ISSET(fd, &w);
	if (ex)
		*ex = FD_ISSET(fd, &e);
	return n;
}

static int ppoll1(int fd, int events, int ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
	struct pollfd pfd = { fd, events, 0 };
	sigset_t none;

	sigemptyset(&none);
	int r = ppoll(&pfd, 1, &ts, &none);
	if (r < 0)
		fail("ppoll: errno %d", errno);
	return r ? pfd.revents : 0;
}

static int pselect_rd(int fd, int ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
	fd_set r;

	FD_ZERO(&r);
	FD_SET(fd, &r);
	int n = pselect(fd + 1, &r, NULL, NULL, &ts, NULL);
	if (n < 0)
		fail("pselect: errno %d", errno);
	return n == 1 && FD_ISSET(fd, &r);
}

/* A child that sleeps ms and then connects to a, holding the connection
 * until the parent's end is closed. */
static pid_t connect_later(const struct addr *a, int ms)
{
	pid_t pid = fork_or_fail();

	if (pid == 0) {
		char ch;
		usleep(ms * 1000);
		int fd = tcp_connect(a);
		if (recv(fd, &ch, 1, 0) != 0)
			_exit(1);
		_exit(0);
	}
	return pid;
}

/* A listener is readable while a connection waits in its queue. */
static void net_poll_listen(void)
{
	struct addr a;
	int l = tcp_listener(LO4, 4, &a), rd, wr, s;
	pid_t pid;

	CHECK(poll1(l, POLLIN | POLLOUT, 0) == 0);	/* never writable */
	CHECK(select1(l, &rd, &wr, NULL, 0) == 0);
	pid = connect_later(&a, 30);
	CHECK(poll1(l, POLLIN | POLLOUT, 5000) == POLLIN);
	CHECK(select1(l, &rd, &wr, NULL, 0) == 1 && rd && !wr);
	CHECK(ppoll1(l, POLLIN | POLLRDNORM, 0) == (POLLIN | POLLRDNORM));
	CHECK(pselect_rd(l, 0));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	CHECK(poll1(l, POLLIN, 0) == 0);
	close(s);
	wait_ok(pid);
	/* the same woken in ppoll and pselect */
	pid = connect_later(&a, 30);
	CHECK(ppoll1(l, POLLIN, 5000) == POLLIN);
	s = accept(l, NULL, NULL);
	close(s);
	wait_ok(pid);
	pid = connect_later(&a, 30);
	CHECK(pselect_rd(l, 5000));
	s = accept(l, NULL, NULL);
	close(s);
	wait_ok(pid);
	close(l);
}

/* Connected sockets are writable; readable when data arrives, in all
 * four calls. */
static void net_poll_data(void)
{
	char buf[8];
	int c, s, rd, wr;
	pid_t pid;

	tcp_pair(LO4, &c, &s);
	CHECK(poll1(s, POLLIN | POLLOUT, 0) == POLLOUT);
	CHECK(select1(s, &rd, &wr, NULL, 0) == 1 && !rd && wr);
	for (int round = 0; round < 4; round++) {
		pid = fork_or_fail();
		if (pid == 0) {
			usleep(30000);
			send_all(c, "d", 1);
			_exit(0);
		}
		switch (round) {
		case 0: CHECK(poll1(s, POLLIN, 5000) == POLLIN); break;
		case 1: CHECK(ppoll1(s, POLLIN, 5000) == POLLIN); break;
		case 2: CHECK(select1(s, &rd, NULL, NULL, 5000) == 1 && rd);
			break;
		default: CHECK(pselect_rd(s, 5000)); break;
		}
		CHECK(recv(s, buf, sizeof(buf), 0) == 1);
		wait_ok(pid);
	}
	CHECK(poll1(s, POLLIN, 0) == 0);
	close(c);
	close(s);
}

/*
 * The peer's shutdown(SHUT_WR): readable (EOF) with POLLRDHUP, still
 * writable.  Our own shutdown(SHUT_WR) as well: POLLHUP.
 */
static void net_poll_rdhup(void)
{
	int c, s, rev, rd, wr, ex;
	pid_t pid;

	tcp_pair(LO4, &c, &s);
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(30000);
		shutdown(c, SHUT_WR);
		_exit(0);
	}
	rev = poll1(s, POLLIN | POLLRDHUP, 5000);
	CHECK(rev == (POLLIN | POLLRDHUP));
	wait_ok(pid);
	rev = poll1(s, POLLIN | POLLOUT | POLLRDHUP, 0);
	if (rev != (POLLIN | POLLOUT | POLLRDHUP))
		fail("after the peer's SHUT_WR: revents %#x", rev);
	CHECK(poll1(s, POLLOUT, 0) == POLLOUT);	/* RDHUP only if asked */
	CHECK(select1(s, &rd, &wr, &ex, 0) == 2 && rd && wr && !ex);
	/* the writer's side sees nothing new */
	CHECK(poll1(c, POLLIN | POLLOUT | POLLRDHUP, 0) == POLLOUT);
	CHECK_OK(shutdown(s, SHUT_WR));
	rev = poll1(s, POLLIN | POLLOUT | POLLRDHUP, 0);
	if (rev != (POLLIN | POLLOUT | POLLRDHUP | POLLHUP))
		fail("both directions shut: revents %#x", rev);
	CHECK(poll1(s, 0, 0) == POLLHUP);		/* HUP always */
	rev = poll1(c, POLLIN | POLLOUT | POLLRDHUP, 5000);
	if (rev != (POLLIN | POLLOUT | POLLRDHUP | POLLHUP))
		fail("the other end: revents %#x", rev);
	close(c);
	close(s);
}

/* A peer that closes: EOF readable, POLLRDHUP. */
static void net_poll_close(void)
{
	int c, s, rev;

	tcp_pair(LO6, &c, &s);
	close(c);
	rev = poll1(s, POLLIN | POLLRDHUP, 5000);
	CHECK(rev == (POLLIN | POLLRDHUP));
	close(s);
}

/* A non-blocking connect: writable once it completes (and not readable),
 * in poll, select and pselect. */
static void net_poll_connect(void)
{
	struct addr a;
	int l = tcp_listener(LO4, 8, &a), c, rd, wr, ex;

	for (int round = 0; round < 3; round++) {
		c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		CHECK_ERR(connect(c, &a.sa, a.len), EINPROGRESS);
		switch (round) {
		case 0:
			CHECK(poll1(c, POLLOUT, 5000) == POLLOUT);
			break;
		case 1:
			CHECK(select1(c, NULL, &wr, NULL, 5000) == 1 && wr);
			break;
		default: {
			struct timespec ts = { 5, 0 };
			fd_set w;
			FD_ZERO(&w);
			FD_SET(c, &w);
			CHECK(pselect(c + 1, NULL, &w, NULL, &ts, NULL) == 1);
			break;
		}
		}
		CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == 0);
		CHECK(poll1(c, POLLIN | POLLOUT, 0) == POLLOUT);
		CHECK(select1(c, &rd, &wr, &ex, 0) == 1 && !rd && wr && !ex);
		close(c);
	}
	close(l);
}

/* A failed non-blocking connect: select says readable and writable,
 * not exceptional; poll adds POLLERR and POLLHUP even unasked. */
static void net_poll_connect_fail(void)
{
	int held, c, rd, wr, ex, rev;
	struct addr a = closed_tcp_port(LO6, &held);

	c = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_ERR(connect(c, &a.sa, a.len), EINPROGRESS);
	CHECK(select1(c, NULL, &wr, NULL, 5000) == 1 && wr);
	CHECK(select1(c, &rd, &wr, &ex, 0) == 2 && rd && wr && !ex);
	rev = poll1(c, 0, 0);
	if (rev != (POLLERR | POLLHUP))
		fail("revents (nothing asked) %#x", rev);
	rev = ppoll1(c, POLLOUT, 0);
	if (rev != (POLLOUT | POLLERR | POLLHUP))
		fail("revents (POLLOUT asked) %#x", rev);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == ECONNREFUSED);
	close(c);
	close(held);
}

/* UDP: always writable, readable while a datagram is queued. */
static void net_poll_udp(void)
{
	struct addr a;
	char buf[4];
	int r = bound_socket(LO4, SOCK_DGRAM, &a), s, rd, wr;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(poll1(s, POLLIN | POLLOUT, 0) == POLLOUT);
	CHECK(poll1(r, POLLIN | POLLOUT | POLLWRNORM, 0) ==
	      (POLLOUT | POLLWRNORM));
	CHECK(sendto(s, "u", 1, 0, &a.sa, a.len) == 1);
	CHECK(poll1(r, POLLIN | POLLRDNORM, 5000) == (POLLIN | POLLRDNORM));
	CHECK(select1(r, &rd, &wr, NULL, 0) == 2 && rd && wr);
	CHECK(recv(r, buf, sizeof(buf), 0) == 1);
	CHECK(poll1(r, POLLIN, 0) == 0);
	close(r);
	close(s);
}

/* AF_UNIX stream pair: readable with data; the peer's close gives EOF
 * with POLLHUP and POLLRDHUP. */
static void net_poll_unix(void)
{
	char buf[4];
	int sv[2], rev;

	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(poll1(sv[0], POLLIN | POLLOUT, 0) == POLLOUT);
	CHECK(write(sv[1], "x", 1) == 1);
	CHECK(poll1(sv[0], POLLIN, 0) == POLLIN);
	CHECK(read(sv[0], buf, sizeof(buf)) == 1);
	CHECK_OK(shutdown(sv[1], SHUT_WR));
	rev = poll1(sv[0], POLLIN | POLLRDHUP, 0);
	if (rev != (POLLIN | POLLRDHUP))
		fail("after the peer's SHUT_WR: revents %#x", rev);
	close(sv[1]);
	rev = poll1(sv[0], POLLIN | POLLRDHUP, 0);
	if (rev != (POLLIN | POLLRDHUP | POLLHUP))
		fail("after the peer's close: revents %#x", rev);
	close(sv[0]);
}

const struct test net_poll_tests[] = {
	{ "net_poll_listen", net_poll_listen },
	{ "net_poll_data", net_poll_data },
	{ "net_poll_rdhup", net_poll_rdhup },
	{ "net_poll_close", net_poll_close },
	{ "net_poll_connect", net_poll_connect },
	{ "net_poll_connect_fail", net_poll_connect_fail },
	{ "net_poll_udp", net_poll_udp },
	{ "net_poll_unix", net_poll_unix },
	{ NULL, NULL },
};
