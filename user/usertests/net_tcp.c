/*
 * TCP over loopback (127.0.0.1 and ::ffff:127.0.0.1): socket, bind,
 * listen, accept/accept4 and their flags, blocking and non-blocking
 * connect (EINPROGRESS, EALREADY, EISCONN, ECONNREFUSED), connect to
 * the wildcard address (this host), local and peer names, send/recv
 * flags, PSH on the wire, scatter/gather, shutdown, EPIPE/SIGPIPE,
 * resets, the listen backlog, many short connections and a 64 MiB
 * checksummed transfer.
 */
#include "net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <sys/wait.h>

/*
 * connect, accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC, the names on both
 * sides (an ephemeral port appears on connect), data both ways.
 */
static void tcp_basic(enum lo_kind kind)
{
	socklen_t want_len = kind == LO4 ? sizeof(struct sockaddr_in)
					 : sizeof(struct sockaddr_in6);
	struct addr la, peer, before, cn;
	char buf[8];
	int l, c, s;

	/* The mapped case listens dual-stack on [::]. */
	l = tcp_listener(kind == LO_MAPPED ? ANY6 : kind, 4, &la);
	la = lo_addr(kind, addr_port(&la));
	c = socket(lo_family(kind), SOCK_STREAM, 0);
	CHECK(c >= 0);
	before = sock_name(c);
	CHECK(before.len == want_len);
	CHECK(before.sa.sa_family == lo_family(kind));
	CHECK(addr_port(&before) == 0);
	CHECK_OK(connect(c, &la.sa, la.len));
	cn = sock_name(c);
	CHECK(cn.len == want_len);
	CHECK(addr_port(&cn) != 0);
	struct addr want = lo_addr(kind, addr_port(&cn));	/* mapped too */
	CHECK(addr_eq(&cn, &want));
	peer = peer_name(c);
	CHECK(peer.len == want_len && addr_eq(&peer, &la));

	memset(&peer, 0, sizeof(peer));
	peer.len = sizeof(peer.ss);
	s = accept4(l, &peer.sa, &peer.len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	CHECK(s >= 0);
	CHECK(peer.len == want_len && addr_eq(&peer, &cn));
	CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(s, F_GETFD) == FD_CLOEXEC);
	CHECK((fcntl(l, F_GETFL) & O_NONBLOCK) == 0);
	CHECK(fcntl(c, F_GETFD) == 0);
	struct addr sn = sock_name(s), pn = peer_name(s);
	CHECK(addr_eq(&sn, &la) && addr_eq(&pn, &cn));

	CHECK(send(c, "ping", 4, 0) == 4);
	CHECK(poll1(s, POLLIN, 5000) & POLLIN);
	CHECK(recv(s, buf, sizeof(buf), 0) == 4 && memcmp(buf, "ping", 4) == 0);
	CHECK_ERR(recv(s, buf, sizeof(buf), 0), EAGAIN);
	CHECK(write(s, "pong!", 5) == 5);
	CHECK(read(c, buf, sizeof(buf)) == 5 && memcmp(buf, "pong!", 5) == 0);
	CHECK_OK(close(c));
	CHECK(poll1(s, POLLIN, 5000) & POLLIN);
	CHECK(recv(s, buf, sizeof(buf), 0) == 0);
	close(s);
	close(l);
}

static void net_tcp_basic4(void) { tcp_basic(LO4); }
static void net_tcp_mapped(void) { tcp_basic(LO_MAPPED); }

/* socket() arguments: flags in the type, unknown families and types. */
static void net_socket_args(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	close(fd);
	fd = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
	CHECK(fd >= 0);
	CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) == 0);
	close(fd);
	CHECK_ERR(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT);
	CHECK_ERR(socket(AF_INET, 77, 0), EINVAL);
	CHECK_ERR(socket(AF_INET, SOCK_STREAM | 0x10000000, 0), EINVAL);
	CHECK_ERR(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT);
	CHECK_ERR(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
	CHECK_ERR(socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){ 0 }),
		  EOPNOTSUPP);
	/* Socket calls on something that is not a socket. */
	int p[2];
	CHECK_OK(pipe(p));
	struct addr a = lo_addr(LO4, 1);
	CHECK_ERR(bind(p[0], &a.sa, a.len), ENOTSOCK);
	CHECK_ERR(listen(p[0], 1), ENOTSOCK);
	CHECK_ERR(send(p[1], "x", 1, 0), ENOTSOCK);
	CHECK_ERR(connect(12345, &a.sa, a.len), EBADF);
	close(p[0]);
	close(p[1]);
}

/* bind: EADDRINUSE for a taken port, EINVAL to bind twice, bad lengths
 * and families, a foreign address is EADDRNOTAVAIL. */
static void net_tcp_bind(void)
{
	struct addr a, b;
	int fd = bound_socket(LO4, SOCK_STREAM, &a), fd2;

	CHECK(addr_port(&a) != 0);
	b = lo_addr(LO4, 0);
	CHECK_ERR(bind(fd, &b.sa, b.len), EINVAL);	/* already bound */
	fd2 = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(fd2 >= 0);
	CHECK_ERR(bind(fd2, &a.sa, a.len), EADDRINUSE);
	CHECK_ERR(bind(fd2, &a.sa, a.len - 1), EINVAL);
	b = lo_addr(LO6, 0);
	CHECK_ERR(bind(fd2, &b.sa, sizeof(struct sockaddr_in)), EAFNOSUPPORT);
	b = lo_addr(LO4, 0);
	b.in.sin_addr.s_addr = inet_addr("192.0.2.1");	/* TEST-NET-1 */
	CHECK_ERR(bind(fd2, &b.sa, b.len), EADDRNOTAVAIL);
	/* The same port on another address of the family is also taken
	 * when one side is the wildcard. */
	b = lo_addr(LO4, addr_port(&a));
	b.in.sin_addr.s_addr = htonl(INADDR_ANY);
	CHECK_ERR(bind(fd2, &b.sa, b.len), EADDRINUSE);
	close(fd);
	close(fd2);
}

/* accept and listen errors; listen without bind picks a port; a blocking
 * accept wakes up when a child connects. */
static void net_tcp_accept(void)
{
	struct addr a;
	int l, c, s, u;
	pid_t pid;

	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0);
	CHECK_ERR(accept(c, NULL, NULL), EINVAL);	/* not listening */
	u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(u >= 0);
	CHECK_ERR(listen(u, 1), EOPNOTSUPP);
	close(u);
	/* listen on an unbound socket binds an ephemeral port */
	CHECK_OK(listen(c, 1));
	a = sock_name(c);
	CHECK(addr_port(&a) != 0);
	CHECK(a.in.sin_addr.s_addr == htonl(INADDR_ANY));
	CHECK_OK(listen(c, 8));		/* again: only the backlog changes */
	l = c;
	set_nonblock(l, 1);
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN);
	CHECK_ERR(accept4(l, NULL, NULL, 0x40000000), EINVAL);
	set_nonblock(l, 0);
	a = lo_addr(LO4, addr_port(&a));
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(30000);
		int fd = tcp_connect(&a);
		char ch;
		/* hold the connection until the parent is done with it */
		if (read(fd, &ch, 1) != 0)
			_exit(1);
		_exit(0);
	}
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	CHECK(fcntl(s, F_GETFL) == fcntl(c, F_GETFL));
	CHECK_ERR(listen(s, 1), EINVAL);	/* connected */
	close(s);
	wait_ok(pid);
	close(l);
}

/*
 * Non-blocking connect: EINPROGRESS, then EALREADY while the handshake
 * runs, then 0 once it is done (the first call after completion), then
 * EISCONN.  Loopback completes the handshake quickly; either order of
 * the in-between answers is fine, but they must end in 0 then EISCONN.
 */
static void net_tcp_connect_nonblock(void)
{
	struct addr a;
	int l = tcp_listener(LO4, 4, &a), c, r, e;

	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK(c >= 0);
	CHECK_ERR(connect(c, &a.sa, a.len), EINPROGRESS);
	CHECK(poll1(c, POLLOUT, 5000) & POLLOUT);
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 5000000000ull;
	for (;;) {
		errno = 0;
		r = connect(c, &a.sa, a.len);
		e = errno;
		if (r == 0)
			break;
		if (e != EALREADY)
			fail("second connect: %d errno %d (%s)", r, e,
			     strerrorname(e));
		if (now_ns(CLOCK_MONOTONIC) > end)
			fail("connect still EALREADY after 5 s");
		usleep(1000);
	}
	CHECK_ERR(connect(c, &a.sa, a.len), EISCONN);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == 0);
	/* a blocking socket that is connected: EISCONN too */
	int c2 = tcp_connect(&a);
	CHECK_ERR(connect(c2, &a.sa, a.len), EISCONN);
	/* wrong length or family for this socket */
	int c3 = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(connect(c3, &a.sa, a.len - 1), EINVAL);
	struct addr six = lo_addr(LO6, addr_port(&a));
	CHECK_ERR(connect(c3, &six.sa, sizeof(struct sockaddr_in)),
		  EAFNOSUPPORT);
	close(c);
	close(c2);
	close(c3);
	close(l);
}

/*
 * connect to the wildcard address (0.0.0.0, or ::ffff:0.0.0.0 from an
 * AF_INET6 socket) means this host: Linux routes it to the loopback and
 * the socket's peer becomes 127.0.0.1 (stress-ng's sock stressor connects
 * this way to its INADDR_ANY listener).  Non-blocking with a bounded
 * poll, so a SYN that is never answered fails instead of hanging.
 */
static void tcp_connect_any(enum lo_kind kind)
{
	struct addr any, cn, want;
	char buf[4];
	int l, c, s;

	if (kind == LO4) {	/* listen unbound: 0.0.0.0 and a free port */
		l = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(l >= 0);
		CHECK_OK(listen(l, 4));
		any = sock_name(l);
		CHECK(any.in.sin_addr.s_addr == htonl(INADDR_ANY));
	} else {		/* dual-stack [::] */
		l = tcp_listener(ANY6, 4, &any);
		inet_pton(AF_INET6, "::ffff:0.0.0.0", &any.in6.sin6_addr);
	}
	c = socket(lo_family(kind), SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK(c >= 0);
	CHECK_ERR(connect(c, &any.sa, any.len), EINPROGRESS);
	CHECK(poll1(c, POLLOUT, 5000) & POLLOUT);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == 0);
	cn = sock_name(c);
	want = lo_addr(kind, addr_port(&cn));
	CHECK(addr_eq(&cn, &want));
	struct addr pn = peer_name(c);
	want = lo_addr(kind, addr_port(&any));
	CHECK(addr_eq(&pn, &want));

	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	struct addr ssn = sock_name(s), spn = peer_name(s);
	CHECK(addr_eq(&ssn, &want) && addr_eq(&spn, &cn));
	set_nonblock(c, 0);
	CHECK(write(c, "ping", 4) == 4);
	CHECK(read(s, buf, 4) == 4 && memcmp(buf, "ping", 4) == 0);
	CHECK(write(s, "pong", 4) == 4);
	CHECK(read(c, buf, 4) == 4 && memcmp(buf, "pong", 4) == 0);
	close(c);
	close(s);
	close(l);
}

static void net_tcp_connect_any4(void) { tcp_connect_any(LO4); }
static void net_tcp_connect_any_mapped(void) { tcp_connect_any(LO_MAPPED); }

/* A blocking connect to a port nobody listens on: ECONNREFUSED, and the
 * socket can connect again afterwards. */
static void net_tcp_refused(void)
{
	int held, c, l;
	struct addr a = closed_tcp_port(LO4, &held), b;

	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0);
	CHECK_ERR(connect(c, &a.sa, a.len), ECONNREFUSED);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == 0);	/* reported */
	CHECK_ERR(getpeername(c, &b.sa, &(socklen_t){ sizeof(b.ss) }),
		  ENOTCONN);
	l = tcp_listener(LO4, 1, &b);
	CHECK_OK(connect(c, &b.sa, b.len));
	close(c);
	/* IPv6 too */
	int held6;
	a = closed_tcp_port(LO6, &held6);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, &a.sa, a.len), ECONNREFUSED);
	close(c);
	close(held);
	close(held6);
	close(l);
}

/*
 * A non-blocking connect to a closed port: EINPROGRESS, then poll says
 * in, out, error and hang-up at once (the reset ended the socket in both
 * directions); SO_ERROR is ECONNREFUSED once, then 0.  A second socket
 * learns it from a second connect() instead.
 */
static void net_tcp_refused_nonblock(void)
{
	int held, c, rev;
	struct addr a = closed_tcp_port(LO4, &held);

	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_ERR(connect(c, &a.sa, a.len), EINPROGRESS);
	rev = poll1(c, POLLIN | POLLOUT | POLLRDHUP, 5000);
	if (rev != (POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDHUP))
		fail("revents %#x", rev);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == ECONNREFUSED);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == 0);
	rev = poll1(c, POLLIN | POLLOUT, 0);
	if (rev != (POLLIN | POLLOUT | POLLHUP))
		fail("revents after SO_ERROR %#x", rev);
	close(c);

	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK_ERR(connect(c, &a.sa, a.len), EINPROGRESS);
	CHECK(poll1(c, POLLOUT, 5000) & POLLERR);
	CHECK_ERR(connect(c, &a.sa, a.len), ECONNREFUSED);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == 0);
	close(c);
	close(held);
}

/* MSG_PEEK leaves the data queued; MSG_DONTWAIT on an empty socket is
 * EAGAIN; MSG_WAITALL waits for the whole length across several sends. */
static void net_tcp_recv_flags(void)
{
	char buf[400], want[300];
	int c, s, sync[2];
	pid_t pid;

	tcp_pair(LO4, &c, &s);
	CHECK_ERR(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	CHECK(send(c, "abcdef", 6, 0) == 6);
	CHECK(poll1(s, POLLIN, 5000) & POLLIN);
	CHECK(recv(s, buf, 3, MSG_PEEK) == 3 && memcmp(buf, "abc", 3) == 0);
	CHECK(recv(s, buf, sizeof(buf), MSG_PEEK) == 6);
	CHECK(recv(s, buf, 2, 0) == 2 && memcmp(buf, "ab", 2) == 0);
	CHECK(recv(s, buf, sizeof(buf), 0) == 4 && memcmp(buf, "cdef", 4) == 0);
	CHECK_ERR(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);

	/* MSG_WAITALL: the child sends 300 bytes in three pieces, each after
	 * the parent says it is waiting. */
	for (int i = 0; i < 300; i++)
		want[i] = 'A' + i % 26;
	CHECK_OK(pipe(sync));
	pid = fork_or_fail();
	if (pid == 0) {
		char ch;
		for (int i = 0; i < 3; i++) {
			if (i > 0)
				usleep(20000);
			send_all(c, want + i * 100, 100);
		}
		if (read(sync[0], &ch, 1) != 1)
			_exit(1);
		_exit(0);
	}
	CHECK(recv(s, buf, 300, MSG_WAITALL) == 300);
	CHECK(memcmp(buf, want, 300) == 0);
	CHECK(write(sync[1], "x", 1) == 1);
	wait_ok(pid);
	/* MSG_WAITALL stops early at EOF with what it has */
	CHECK(send(c, "xyz", 3, 0) == 3);
	CHECK_OK(shutdown(c, SHUT_WR));
	CHECK(recv(s, buf, 100, MSG_WAITALL) == 3);
	CHECK(recv(s, buf, 100, MSG_WAITALL) == 0);
	close(c);
	close(s);
}

/* sendmsg/writev gather, recvmsg/readv scatter: bytes land in order. */
/*
 * Read the raw socket's copies of TCP segments (IP header first) from
 * sport to dport; return the flags of the data segment whose payload
 * ends at byte end of the stream (counted from the first segment seen),
 * or -1 if there is none.
 */
static int raw_flags_at(int raw, uint16_t sport, uint16_t dport, uint32_t *isn, size_t end)
{
	uint8_t pkt[70000];
	int flags = -1;
	ssize_t n;

	while ((n = recv(raw, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0) {
		size_t ihl = (size_t)(pkt[0] & 15) * 4, doff;
		const uint8_t *th = pkt + ihl;
		uint32_t seq;

		if ((size_t)n < ihl + 20 || (th[0] << 8 | th[1]) != sport || (th[2] << 8 | th[3]) != dport)
			continue;
		seq = (uint32_t)th[4] << 24 | th[5] << 16 | th[6] << 8 | th[7];
		doff = (size_t)(th[12] >> 4) * 4;
		if (th[13] & 0x02)		/* SYN: the stream starts after it */
			*isn = seq + 1;
		else if ((size_t)n > ihl + doff && seq - *isn + (n - ihl - doff) == end)
			flags = th[13];
	}
	CHECK(errno == EAGAIN);
	return flags;
}

/* RFC 1122 4.2.2.2: the last segment of what a send queued carries PSH,
 * also when it is a full one. A raw IPPROTO_TCP socket sees the
 * segments (raw delivery precedes TCP's, so they are queued by the time
 * the receiver has the data). */
static void net_tcp_push(void)
{
	static char buf[4000], got[4000];
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_TCP), l, c, s, mss;
	uint16_t cport, sport;
	uint32_t isn = 0;
	struct addr a, cn;
	int f;

	CHECK(raw >= 0);
	l = tcp_listener(LO4, 1, &a);
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0);
	set_int_opt(c, IPPROTO_TCP, TCP_NODELAY, 1);
	set_int_opt(c, IPPROTO_TCP, TCP_MAXSEG, 1000);
	CHECK_OK(connect(c, &a.sa, a.len));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	cn = sock_name(c);
	cport = addr_port(&cn);
	sport = addr_port(&a);
	send_all(c, "abc", 3);
	recv_all(s, got, 3);
	f = raw_flags_at(raw, cport, sport, &isn, 3);
	CHECK(f >= 0 && (f & 0x08));
	/* a send of exactly two full segments */
	mss = get_int_opt(c, IPPROTO_TCP, TCP_MAXSEG);
	CHECK(mss > 0 && 2 * mss <= (int)sizeof(buf));
	memset(buf, 'p', sizeof(buf));
	send_all(c, buf, 2 * (size_t)mss);
	recv_all(s, got, 2 * (size_t)mss);
	f = raw_flags_at(raw, cport, sport, &isn, 3 + 2 * (size_t)mss);
	CHECK(f >= 0 && (f & 0x08));
	close(c);
	close(s);
	close(l);
	close(raw);
}

static void net_tcp_iov(void)
{
	char a[5] = "01234", b[7] = "abcdefg", d[3] = "XYZ", r1[4], r2[6],
		r3[20], peek[40];
	struct iovec out[3] = { { a, 5 }, { b, 7 }, { d, 3 } };
	struct iovec in[3] = { { r1, 4 }, { r2, 6 }, { r3, 20 } };
	struct msghdr m = { .msg_iov = out, .msg_iovlen = 3 };
	int c, s;

	tcp_pair(LO6, &c, &s);
	CHECK(sendmsg(c, &m, 0) == 15);
	CHECK(writev(c, out, 2) == 12);
	m = (struct msghdr){ .msg_iov = in, .msg_iovlen = 3 };
	/* wait until all 27 bytes are queued, then take them at once */
	WAIT_FOR(recv(s, peek, sizeof(peek), MSG_PEEK | MSG_DONTWAIT) == 27,
		 5);
	CHECK(recvmsg(s, &m, 0) == 27);
	CHECK(memcmp(r1, "0123", 4) == 0);
	CHECK(memcmp(r2, "4abcde", 6) == 0);
	CHECK(memcmp(r3, "fgXYZ01234abcdefg", 17) == 0);
	CHECK(m.msg_flags == 0);
	close(c);
	close(s);
}

/* shutdown(SHUT_WR): the peer reads EOF but can still send back, and our
 * own sends fail with EPIPE.  SHUT_RD: reads return 0 at once. */
static void net_tcp_shutdown(void)
{
	char buf[16];
	int c, s;

	tcp_pair(LO4, &c, &s);
	CHECK(send(c, "last", 4, 0) == 4);
	CHECK_OK(shutdown(c, SHUT_WR));
	recv_all(s, buf, 4);
	CHECK(memcmp(buf, "last", 4) == 0);
	CHECK(recv(s, buf, sizeof(buf), 0) == 0);
	CHECK(recv(s, buf, sizeof(buf), 0) == 0);	/* EOF stays */
	CHECK(send(s, "back", 4, 0) == 4);
	recv_all(c, buf, 4);
	CHECK(memcmp(buf, "back", 4) == 0);
	CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
	CHECK_OK(shutdown(c, SHUT_WR));			/* again: fine */
	CHECK_ERR(shutdown(c, 3), EINVAL);
	close(c);
	close(s);

	tcp_pair(LO4, &c, &s);
	CHECK_ERR(recv(s, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	CHECK_OK(shutdown(s, SHUT_RD));
	CHECK(recv(s, buf, sizeof(buf), MSG_DONTWAIT) == 0);
	CHECK(recv(s, buf, sizeof(buf), 0) == 0);	/* does not block */
	CHECK(send(s, "still", 5, 0) == 5);		/* writing still works */
	recv_all(c, buf, 5);
	close(c);
	close(s);
}

/* Calls that need a connection, on a socket that has none. */
static void net_tcp_notconn(void)
{
	struct addr a;
	char buf[4];
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	CHECK(fd >= 0);
	a.len = sizeof(a.ss);
	CHECK_ERR(getpeername(fd, &a.sa, &a.len), ENOTCONN);
	CHECK_ERR(recv(fd, buf, sizeof(buf), 0), ENOTCONN);
	CHECK_ERR(send(fd, "x", 1, MSG_NOSIGNAL), EPIPE);
	pid_t pid = fork_or_fail();	/* and SIGPIPE, as for a closed peer */
	if (pid == 0) {
		write(fd, "x", 1);
		_exit(0);
	}
	int st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(fd, "x", 1), EPIPE);
	/* (last: Linux marks the socket shut even though it says ENOTCONN,
	 * and later reads then return 0) */
	CHECK_ERR(shutdown(fd, SHUT_RDWR), ENOTCONN);
	/* a listener has no peer either */
	int l = tcp_listener(LO4, 1, &a);
	CHECK_ERR(getpeername(l, &a.sa, &a.len), ENOTCONN);
	CHECK_ERR(recv(l, buf, sizeof(buf), 0), ENOTCONN);
	close(fd);
	close(l);
}

/* getsockname with a short buffer: truncated, but the full length is
 * returned. */
static void net_tcp_names_short(void)
{
	struct addr a;
	unsigned char buf[32];
	socklen_t len = 4;
	int fd = bound_socket(LO4, SOCK_STREAM, &a);

	memset(buf, 0xaa, sizeof(buf));
	CHECK_OK(getsockname(fd, (struct sockaddr *)buf, &len));
	CHECK(len == sizeof(struct sockaddr_in));
	CHECK(buf[0] == AF_INET && buf[1] == 0);	/* little-endian family */
	CHECK(memcmp(buf + 2, &a.in.sin_port, 2) == 0);
	CHECK(buf[4] == 0xaa);
	len = 0;
	CHECK_OK(getsockname(fd, (struct sockaddr *)buf, &len));
	CHECK(len == sizeof(struct sockaddr_in));
	len = -1;
	CHECK_ERR(getsockname(fd, (struct sockaddr *)buf, &len), EINVAL);
	close(fd);
}

/*
 * Writing to a connection whose peer has closed: the first send may still
 * succeed (the peer answers it with a reset); after the reset, a send is
 * EPIPE and raises SIGPIPE unless MSG_NOSIGNAL is given.
 */
static void net_tcp_epipe(void)
{
	char buf[64];
	int c, s;
	pid_t pid;

	tcp_pair(LO4, &c, &s);
	close(s);
	CHECK(poll1(c, POLLIN, 5000) & POLLIN);
	CHECK(recv(c, buf, sizeof(buf), 0) == 0);	/* the FIN */
	memset(buf, 'e', sizeof(buf));
	uint64_t end = now_ns(CLOCK_MONOTONIC) + 5000000000ull;
	while (send(c, buf, sizeof(buf), MSG_NOSIGNAL) > 0) {
		if (now_ns(CLOCK_MONOTONIC) > end)
			fail("sends keep succeeding after the peer closed");
		usleep(1000);
	}
	CHECK(errno == EPIPE);
	CHECK_ERR(send(c, buf, 1, MSG_NOSIGNAL), EPIPE);
	/* without MSG_NOSIGNAL: killed by SIGPIPE */
	pid = fork_or_fail();
	if (pid == 0) {
		write(c, buf, 1);
		_exit(0);
	}
	int st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
	pid = fork_or_fail();
	if (pid == 0) {
		send(c, buf, 1, 0);
		_exit(0);
	}
	st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
	/* ignored: plain EPIPE */
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(c, buf, 1), EPIPE);
	/* a blocked SIGPIPE becomes pending */
	sigset_t set, pending;
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_ERR(send(c, buf, 1, 0), EPIPE);
	CHECK_OK(sigpending(&pending));
	CHECK(sigismember(&pending, SIGPIPE));
	CHECK(sigtimedwait(&set, NULL, &(struct timespec){ 0, 0 }) == SIGPIPE);
	close(c);
}

/*
 * Closing a socket with unread data sends a reset instead of a FIN: the
 * peer's next recv is ECONNRESET (once), then EOF; sends are EPIPE.
 */
static void net_tcp_reset(void)
{
	char buf[16];
	int c, s, rev;

	tcp_pair(LO4, &c, &s);
	CHECK(send(c, "unread", 6, 0) == 6);
	CHECK(poll1(s, POLLIN, 5000) & POLLIN);
	close(s);			/* "unread" is still queued: RST */
	rev = poll1(c, POLLIN | POLLOUT | POLLRDHUP, 5000);
	if (rev != (POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDHUP))
		fail("revents after reset %#x", rev);
	CHECK_ERR(recv(c, buf, sizeof(buf), 0), ECONNRESET);
	CHECK(recv(c, buf, sizeof(buf), 0) == 0);
	CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
	close(c);

	/* the error is also what SO_ERROR says, and it is read once */
	tcp_pair(LO6, &c, &s);
	CHECK(send(c, "unread", 6, 0) == 6);
	CHECK(poll1(s, POLLIN, 5000) & POLLIN);
	close(s);
	CHECK(poll1(c, POLLIN, 5000) & POLLERR);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == ECONNRESET);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == 0);
	CHECK(recv(c, buf, sizeof(buf), 0) == 0);
	close(c);
}

/*
 * A connection reset while it waits in the accept queue is still handed
 * out by accept (Linux keeps it there); the reset shows on the new socket.
 */
static void net_tcp_reset_before_accept(void)
{
	struct linger lg = { 1, 0 };
	struct addr a;
	char buf[8];
	int l, c, s;

	l = tcp_listener(LO4, 4, &a);
	c = tcp_connect(&a);
	CHECK(poll1(l, POLLIN, 5000) & POLLIN);
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(c);			/* abortive close: RST */
	CHECK(poll1(l, POLLIN, 0) & POLLIN);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	CHECK_ERR(recv(s, buf, sizeof(buf), 0), ECONNRESET);
	CHECK(recv(s, buf, sizeof(buf), 0) == 0);
	close(s);
	close(l);
}

/* Data sent before a close arrives in full before the EOF. */
static void net_tcp_close_flush(void)
{
	enum { N = 200000 };
	char *buf = malloc(N), *got = malloc(N);
	int c, s;
	pid_t pid;

	CHECK(buf && got);
	for (int i = 0; i < N; i++)
		buf[i] = i * 7 + (i >> 9);
	tcp_pair(LO4, &c, &s);
	pid = fork_or_fail();
	if (pid == 0) {
		close(s);
		send_all(c, buf, N);
		close(c);
		_exit(0);
	}
	close(c);
	recv_all(s, got, N);
	CHECK(memcmp(buf, got, N) == 0);
	CHECK(recv(s, got, 1, 0) == 0);
	wait_ok(pid);
	close(s);
	free(buf);
	free(got);
}

/*
 * The listen backlog: Linux's accept queue holds backlog + 1 finished
 * connections; a SYN that arrives while it is full is dropped, so that
 * connect stays in progress (the client retries the SYN about a second
 * later).  Once accept makes room, the retried connect completes.
 */
static void net_tcp_backlog(void)
{
	enum { BACKLOG = 1, EXTRA = 1, N = BACKLOG + 1 + EXTRA };
	struct addr a;
	int l = tcp_listener(LO4, BACKLOG, &a), c[N], s;

	for (int i = 0; i < N; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		CHECK(c[i] >= 0);
		CHECK_ERR(connect(c[i], &a.sa, a.len), EINPROGRESS);
		if (i <= BACKLOG)
			CHECK(poll1(c[i], POLLOUT, 5000) == POLLOUT);
	}
	/* The extra ones are not connected (a retry is ~1 s away). */
	for (int i = BACKLOG + 1; i < N; i++)
		CHECK(poll1(c[i], POLLOUT, 200) == 0);
	/* Each accept makes room for one more. */
	for (int i = 0; i < N; i++) {
		s = accept(l, NULL, NULL);
		CHECK(s >= 0);
		close(s);
		if (i + BACKLOG + 1 < N)
			CHECK(poll1(c[i + BACKLOG + 1], POLLOUT, 10000) &
			      POLLOUT);
	}
	for (int i = 0; i < N; i++) {
		CHECK(get_int_opt(c[i], SOL_SOCKET, SO_ERROR) == 0);
		close(c[i]);
	}
	close(l);
}

/*
 * 500 short connections in a row to one listener: connect, one byte,
 * echo, close.  The server answers the client's FIN with an abortive
 * close (SO_LINGER 0), so no connection is left in TIME_WAIT: 500 of
 * those would hold memory for a minute and fill a good part of Linux's
 * TIME_WAIT table (2048 here), which other tests rely on.
 */
static void net_tcp_500_conns(void)
{
	enum { N = 500 };
	struct linger abort = { 1, 0 };
	struct addr a;
	int l = tcp_listener(LO4, 16, &a), ok = 0;
	pid_t pid;

	pid = fork_or_fail();
	if (pid == 0) {
		for (int i = 0; i < N; i++) {
			char ch;
			int s = accept(l, NULL, NULL);
			if (s < 0 || recv(s, &ch, 1, 0) != 1 ||
			    send(s, &ch, 1, MSG_NOSIGNAL) != 1 ||
			    recv(s, &ch, 1, 0) != 0 ||
			    setsockopt(s, SOL_SOCKET, SO_LINGER, &abort,
				       sizeof(abort)) != 0)
				_exit(1);
			close(s);
		}
		_exit(0);
	}
	close(l);
	for (int i = 0; i < N; i++) {
		char ch = i, back = 0;
		int c = tcp_connect(&a);
		if (send(c, &ch, 1, 0) == 1 && recv(c, &back, 1, 0) == 1 &&
		    back == ch)
			ok++;
		close(c);
	}
	CHECK(ok == N);
	wait_ok(pid);
}

static uint64_t xorshift64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

#define FNV_PRIME	0x100000001b3ull
#define FNV_OFFSET	0xcbf29ce484222325ull

/* The stream's next CHUNK bytes. */
static void fill_chunk(uint64_t *w, size_t words, uint64_t *seed)
{
	for (size_t i = 0; i < words; i++)
		w[i] = xorshift64(seed);
}

static uint64_t hash_words(uint64_t h, const uint64_t *w, size_t words)
{
	for (size_t i = 0; i < words; i++)
		h = (h ^ w[i]) * FNV_PRIME;
	return h;
}

/*
 * 64 MiB of a pseudo-random stream from a child, in writes of varying
 * size, to the parent: both sides hash it (FNV over 64-bit words), the
 * child sends its hash through a pipe, and both equal the hash of the
 * stream computed locally.
 */
static void net_tcp_64mib(void)
{
	enum { TOTAL = 64 << 20, CHUNK = 64 << 10 };
	static uint64_t buf[CHUNK / 8];
	uint64_t seed = 0x9e3779b97f4a7c15ull, h = FNV_OFFSET, want, sent_h;
	int c, s, p[2];
	pid_t pid;

	tcp_pair(LO4, &c, &s);
	CHECK_OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		uint64_t sh = FNV_OFFSET, piece = 1;
		close(s);
		for (long off = 0; off < TOTAL; off += CHUNK) {
			fill_chunk(buf, CHUNK / 8, &seed);
			sh = hash_words(sh, buf, CHUNK / 8);
			/* odd-sized sends: 1 byte up to ~48 KiB */
			for (size_t done = 0; done < CHUNK; ) {
				piece = piece * 2654435761u % 49157;
				size_t n = 1 + piece;
				if (n > CHUNK - done)
					n = CHUNK - done;
				send_all(c, (char *)buf + done, n);
				done += n;
			}
		}
		if (write(p[1], &sh, 8) != 8)
			_exit(2);
		close(c);
		_exit(0);
	}
	close(c);
	close(p[1]);
	long got = 0;
	for (;;) {
		ssize_t r = recv(s, buf, CHUNK, MSG_WAITALL);
		if (r == 0)
			break;
		if (r != CHUNK)
			fail("recv(MSG_WAITALL) = %zd errno %d at %ld", r,
			     errno, got);
		h = hash_words(h, buf, CHUNK / 8);
		got += r;
	}
	CHECK(got == TOTAL);
	CHECK(read(p[0], &sent_h, 8) == 8);
	wait_ok(pid);
	want = FNV_OFFSET;
	seed = 0x9e3779b97f4a7c15ull;
	for (long off = 0; off < TOTAL; off += CHUNK) {
		fill_chunk(buf, CHUNK / 8, &seed);
		want = hash_words(want, buf, CHUNK / 8);
	}
	if (h != want || sent_h != want)
		fail("hash received %#llx, sent %#llx, stream %#llx",
		     (unsigned long long)h, (unsigned long long)sent_h,
		     (unsigned long long)want);
	close(s);
	close(p[0]);
}

#ifndef TCP_INQ
#define TCP_INQ 36
#define TCP_CM_INQ TCP_INQ
#endif

/* recvmsg of n bytes; the TCP_CM_INQ value it carried, or -1 if none. */
static int recv_inq(int fd, char *buf, size_t n, ssize_t *got)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { buf, n };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int inq = -1;

	*got = recvmsg(fd, &m, 0);
	CHECK(*got >= 0);
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_TCP && c->cmsg_type == TCP_CM_INQ)
			memcpy(&inq, CMSG_DATA(c), sizeof(inq));
	return inq;
}

/* TCP_INQ: each recvmsg says how many bytes are still queued (1 after a FIN). */
static void net_tcp_inq(void)
{
	char buf[100];
	int c, s, one = 1, v = 0;
	socklen_t len = sizeof(v);
	struct pollfd p;
	ssize_t got;

	tcp_pair(LO4, &c, &s);
	CHECK_ERR(setsockopt(s, SOL_TCP, TCP_INQ, &(int){ 2 }, sizeof(int)), EINVAL);
	CHECK_OK(setsockopt(s, SOL_TCP, TCP_INQ, &one, sizeof(one)));
	CHECK_OK(getsockopt(s, SOL_TCP, TCP_INQ, &v, &len));
	CHECK(v == 1);
	memset(buf, 'q', sizeof(buf));
	CHECK(write(c, buf, 100) == 100);
	CHECK(recv(s, buf, 100, MSG_PEEK | MSG_WAITALL) == 100);    /* all arrived */
	CHECK(recv_inq(s, buf, 40, &got) == 60 && got == 40);
	CHECK(recv_inq(s, buf, 100, &got) == 0 && got == 60);
	CHECK_OK(shutdown(c, SHUT_WR));
	p = (struct pollfd){ .fd = s, .events = POLLRDHUP };
	CHECK(poll(&p, 1, 10000) == 1);
	CHECK(recv_inq(s, buf, 100, &got) == 1 && got == 0);
	close(c);
	close(s);
}

const struct test net_tcp_tests[] = {
	{ "net_tcp_inq", net_tcp_inq },
	{ "net_socket_args", net_socket_args },
	{ "net_tcp_basic4", net_tcp_basic4 },
	{ "net_tcp_mapped", net_tcp_mapped },
	{ "net_tcp_bind", net_tcp_bind },
	{ "net_tcp_accept", net_tcp_accept },
	{ "net_tcp_connect_nonblock", net_tcp_connect_nonblock },
	{ "net_tcp_connect_any4", net_tcp_connect_any4 },
	{ "net_tcp_connect_any_mapped", net_tcp_connect_any_mapped },
	{ "net_tcp_refused", net_tcp_refused },
	{ "net_tcp_refused_nonblock", net_tcp_refused_nonblock },
	{ "net_tcp_recv_flags", net_tcp_recv_flags },
	{ "net_tcp_push", net_tcp_push },
	{ "net_tcp_iov", net_tcp_iov },
	{ "net_tcp_shutdown", net_tcp_shutdown },
	{ "net_tcp_notconn", net_tcp_notconn },
	{ "net_tcp_names_short", net_tcp_names_short },
	{ "net_tcp_epipe", net_tcp_epipe },
	{ "net_tcp_reset", net_tcp_reset },
	{ "net_tcp_reset_before_accept", net_tcp_reset_before_accept },
	{ "net_tcp_close_flush", net_tcp_close_flush },
	{ "net_tcp_backlog", net_tcp_backlog },
	{ "net_tcp_500_conns", net_tcp_500_conns },
	{ "net_tcp_64mib", net_tcp_64mib },
	{ NULL, NULL },
};
