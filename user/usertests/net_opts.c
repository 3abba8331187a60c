/*
 * Socket options and ioctls: SO_TYPE/DOMAIN/PROTOCOL/ACCEPTCONN/ERROR,
 * SO_REUSEADDR (rebinding a port held by TIME_WAIT), SO_REUSEPORT,
 * SO_KEEPALIVE, SO_LINGER (an abortive close), SO_SNDBUF/SO_RCVBUF,
 * SO_RCVTIMEO/SO_SNDTIMEO, TCP_NODELAY, TCP_MAXSEG, TCP_CONGESTION,
 * TCP_INFO, IPV6_V6ONLY; FIONREAD/FIONBIO and the SIOCGIF* interface
 * queries for "lo".
 */
#include "net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/time.h>

/* The identity options, and errors for unknown or malformed ones. */
static void net_opt_identity(void)
{
	static const struct { int family, type, proto; } k[] = {
		{ AF_INET, SOCK_STREAM, IPPROTO_TCP },
		{ AF_INET, SOCK_DGRAM, IPPROTO_UDP },
		{ AF_INET6, SOCK_STREAM, IPPROTO_TCP },
		{ AF_INET6, SOCK_DGRAM, IPPROTO_UDP },
		{ AF_UNIX, SOCK_STREAM, 0 },
		{ AF_UNIX, SOCK_DGRAM, 0 },
	};
	char big[64];
	socklen_t len;
	int fd, v;

	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		fd = socket(k[i].family, k[i].type, 0);
		CHECK(fd >= 0);
		CHECK(get_int_opt(fd, SOL_SOCKET, SO_TYPE) == k[i].type);
		CHECK(get_int_opt(fd, SOL_SOCKET, SO_DOMAIN) == k[i].family);
		CHECK(get_int_opt(fd, SOL_SOCKET, SO_PROTOCOL) == k[i].proto);
		CHECK(get_int_opt(fd, SOL_SOCKET, SO_ERROR) == 0);
		CHECK(get_int_opt(fd, SOL_SOCKET, SO_ACCEPTCONN) == 0);
		close(fd);
	}
	struct addr a;
	fd = tcp_listener(LO4, 1, &a);
	CHECK(get_int_opt(fd, SOL_SOCKET, SO_ACCEPTCONN) == 1);
	/* read-only */
	v = 1;
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_TYPE, &v, sizeof(v)),
		  ENOPROTOOPT);
	CHECK_ERR(getsockopt(fd, SOL_SOCKET, 12345, &v,
			     &(socklen_t){ sizeof(v) }), ENOPROTOOPT);
	CHECK_ERR(setsockopt(fd, IPPROTO_TCP, 12345, &v, sizeof(v)),
		  ENOPROTOOPT);
	/* an int option needs an int */
	CHECK_ERR(setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, 2), EINVAL);
	/* a longer buffer is fine, and the length comes back as 4 */
	len = sizeof(big);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_TYPE, big, &len));
	CHECK(len == sizeof(int));
	len = -1;
	CHECK_ERR(getsockopt(fd, SOL_SOCKET, SO_TYPE, big, &len), EINVAL);
	/* not a socket */
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_ERR(getsockopt(p[0], SOL_SOCKET, SO_TYPE, &v,
			     &(socklen_t){ sizeof(v) }), ENOTSOCK);
	CHECK_ERR(setsockopt(p[0], SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v)),
		  ENOTSOCK);
	close(p[0]);
	close(p[1]);
	close(fd);
}

/*
 * SO_REUSEADDR: a server (listening with SO_REUSEADDR) that closes its
 * connection first leaves it in TIME_WAIT on the server's port.  Binding
 * that port again fails with EADDRINUSE without SO_REUSEADDR and works
 * with it.
 */
static void net_opt_reuseaddr(void)
{
	struct addr a;
	int l, c, s, n;
	char ch;

	l = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(get_int_opt(l, SOL_SOCKET, SO_REUSEADDR) == 0);
	set_int_opt(l, SOL_SOCKET, SO_REUSEADDR, 1);
	CHECK(get_int_opt(l, SOL_SOCKET, SO_REUSEADDR) == 1);
	a = lo_addr(LO4, 0);
	CHECK_OK(bind(l, &a.sa, a.len));
	CHECK_OK(listen(l, 1));
	a = sock_name(l);
	c = tcp_connect(&a);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	close(l);
	close(s);			/* the server closes first */
	CHECK(recv(c, &ch, 1, 0) == 0);
	CHECK_OK(shutdown(c, SHUT_WR));
	/* once our FIN is acknowledged, the server's side is in TIME_WAIT */
	WAIT_FOR(tcp_state(c) == TCP_CLOSE, 5);
	n = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(bind(n, &a.sa, a.len), EADDRINUSE);
	set_int_opt(n, SOL_SOCKET, SO_REUSEADDR, 1);
	CHECK_OK(bind(n, &a.sa, a.len));
	CHECK_OK(listen(n, 1));
	/* and it serves */
	close(c);
	c = tcp_connect(&a);
	s = accept(n, NULL, NULL);
	CHECK(s >= 0);
	close(s);
	close(c);
	close(n);
}

/* SO_REUSEPORT: sockets that all set it share a port; one that did not
 * set it is refused. */
static void net_opt_reuseport(void)
{
	struct addr a = lo_addr(LO4, 0);
	int u1, u2, u3, t1, t2;

	u1 = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(get_int_opt(u1, SOL_SOCKET, SO_REUSEPORT) == 0);
	set_int_opt(u1, SOL_SOCKET, SO_REUSEPORT, 1);
	CHECK(get_int_opt(u1, SOL_SOCKET, SO_REUSEPORT) == 1);
	CHECK_OK(bind(u1, &a.sa, a.len));
	a = sock_name(u1);
	u2 = socket(AF_INET, SOCK_DGRAM, 0);
	set_int_opt(u2, SOL_SOCKET, SO_REUSEPORT, 1);
	CHECK_OK(bind(u2, &a.sa, a.len));
	u3 = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_ERR(bind(u3, &a.sa, a.len), EADDRINUSE);
	/* two TCP listeners on one port */
	t1 = socket(AF_INET6, SOCK_STREAM, 0);
	set_int_opt(t1, SOL_SOCKET, SO_REUSEPORT, 1);
	a = lo_addr(LO6, 0);
	CHECK_OK(bind(t1, &a.sa, a.len));
	CHECK_OK(listen(t1, 1));
	a = sock_name(t1);
	t2 = socket(AF_INET6, SOCK_STREAM, 0);
	set_int_opt(t2, SOL_SOCKET, SO_REUSEPORT, 1);
	CHECK_OK(bind(t2, &a.sa, a.len));
	CHECK_OK(listen(t2, 1));
	close(u1);
	close(u2);
	close(u3);
	close(t1);
	close(t2);
}

/* SO_KEEPALIVE and the TCP keepalive knobs read back what was set. */
static void net_opt_keepalive(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	CHECK(get_int_opt(fd, SOL_SOCKET, SO_KEEPALIVE) == 0);
	set_int_opt(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
	CHECK(get_int_opt(fd, SOL_SOCKET, SO_KEEPALIVE) == 1);
	set_int_opt(fd, SOL_SOCKET, SO_KEEPALIVE, 0);
	CHECK(get_int_opt(fd, SOL_SOCKET, SO_KEEPALIVE) == 0);
	set_int_opt(fd, IPPROTO_TCP, TCP_KEEPIDLE, 30);
	CHECK(get_int_opt(fd, IPPROTO_TCP, TCP_KEEPIDLE) == 30);
	set_int_opt(fd, IPPROTO_TCP, TCP_KEEPINTVL, 7);
	CHECK(get_int_opt(fd, IPPROTO_TCP, TCP_KEEPINTVL) == 7);
	set_int_opt(fd, IPPROTO_TCP, TCP_KEEPCNT, 3);
	CHECK(get_int_opt(fd, IPPROTO_TCP, TCP_KEEPCNT) == 3);
	int zero = 0;
	CHECK_ERR(setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &zero,
			     sizeof(zero)), EINVAL);
	close(fd);
}

/* SO_LINGER reads back; linger on with a zero timeout makes close()
 * abortive: the peer gets a reset, ECONNRESET. */
static void net_opt_linger(void)
{
	struct linger lg = { 7, 7 };
	socklen_t len = sizeof(lg);
	char buf[4];
	int c, s;

	tcp_pair(LO4, &c, &s);
	CHECK_OK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len));
	CHECK(len == sizeof(lg) && lg.l_onoff == 0 && lg.l_linger == 0);
	lg = (struct linger){ 1, 5 };
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	memset(&lg, 0, sizeof(lg));
	CHECK_OK(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len));
	CHECK(lg.l_onoff == 1 && lg.l_linger == 5);
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, 4), EINVAL);
	lg = (struct linger){ 1, 0 };
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(s);
	CHECK(poll1(c, POLLIN, 5000) & POLLERR);
	CHECK_ERR(recv(c, buf, sizeof(buf), 0), ECONNRESET);
	close(c);
}

/* SO_SNDBUF/SO_RCVBUF: Linux doubles what is set (for its bookkeeping);
 * assert only that at least the value set comes back. */
static void net_opt_bufs(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), u;

	CHECK(get_int_opt(fd, SOL_SOCKET, SO_SNDBUF) > 0);
	CHECK(get_int_opt(fd, SOL_SOCKET, SO_RCVBUF) > 0);
	set_int_opt(fd, SOL_SOCKET, SO_SNDBUF, 65536);
	set_int_opt(fd, SOL_SOCKET, SO_RCVBUF, 98304);
	CHECK(get_int_opt(fd, SOL_SOCKET, SO_SNDBUF) >= 65536);
	CHECK(get_int_opt(fd, SOL_SOCKET, SO_RCVBUF) >= 98304);
	/* tiny values are raised to a minimum, never 0 */
	set_int_opt(fd, SOL_SOCKET, SO_SNDBUF, 1);
	set_int_opt(fd, SOL_SOCKET, SO_RCVBUF, 1);
	CHECK(get_int_opt(fd, SOL_SOCKET, SO_SNDBUF) >= 1024);
	CHECK(get_int_opt(fd, SOL_SOCKET, SO_RCVBUF) >= 256);
	u = socket(AF_INET6, SOCK_DGRAM, 0);
	set_int_opt(u, SOL_SOCKET, SO_RCVBUF, 200000);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_RCVBUF) >= 200000);
	close(fd);
	close(u);
}

/* SO_RCVTIMEO: a blocking recv (or accept) gives up with EAGAIN after
 * about the timeout (at least 4/5 of it: Linux counts in ticks). */
static void net_opt_rcvtimeo(void)
{
	struct timeval tv = { 0, 100000 }, got;
	socklen_t len = sizeof(got);
	struct addr a;
	char buf[4];
	int c, s, l;
	uint64_t t0;

	tcp_pair(LO4, &c, &s);
	CHECK_OK(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &got, &len));
	CHECK(len == sizeof(got) && got.tv_sec == 0 && got.tv_usec == 0);
	CHECK_OK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	len = sizeof(got);
	CHECK_OK(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &got, &len));
	CHECK(got.tv_sec == 0 && got.tv_usec >= 90000 &&
	      got.tv_usec <= 110000);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK_ERR(recv(s, buf, sizeof(buf), 0), EAGAIN);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 80000000ull);
	/* data still arrives normally afterwards */
	CHECK(send(c, "t", 1, 0) == 1);
	CHECK(recv(s, buf, sizeof(buf), 0) == 1);
	/* accept honours it too */
	l = tcp_listener(LO4, 1, &a);
	CHECK_OK(setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK_ERR(accept(l, NULL, NULL), EAGAIN);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 80000000ull);
	/* a bad timeval */
	tv = (struct timeval){ 0, 2000000 };
	CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)),
		  EDOM);
	close(c);
	close(s);
	close(l);
}

/*
 * SO_SNDTIMEO: with nobody reading, blocking sends fill the buffers and
 * then give up after the timeout: a short count if some bytes went, else
 * EAGAIN.  Eventually EAGAIN.
 */
static void net_opt_sndtimeo(void)
{
	static char buf[1 << 20];
	struct timeval tv = { 0, 50000 };
	int c, s, tries = 0;
	ssize_t r;
	uint64_t t0;

	tcp_pair(LO4, &c, &s);
	set_int_opt(c, SOL_SOCKET, SO_SNDBUF, 65536);
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
	for (;;) {
		if (++tries > 200)
			fail("sends never timed out with EAGAIN");
		t0 = now_ns(CLOCK_MONOTONIC);
		r = send(c, buf, sizeof(buf), 0);
		if (r < 0)
			break;
		CHECK(r > 0 && r < (ssize_t)sizeof(buf));
	}
	CHECK(errno == EAGAIN);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 40000000ull);
	close(c);
	close(s);
}

/* TCP_NODELAY and TCP_MAXSEG; a connection with a small MSS carries data
 * as usual. */
static void net_opt_tcp(void)
{
	struct addr a;
	static char buf[10000], got[10000];
	int l = tcp_listener(LO4, 1, &a), c, s, mss;

	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(get_int_opt(c, IPPROTO_TCP, TCP_NODELAY) == 0);
	set_int_opt(c, IPPROTO_TCP, TCP_NODELAY, 1);
	CHECK(get_int_opt(c, IPPROTO_TCP, TCP_NODELAY) == 1);
	set_int_opt(c, IPPROTO_TCP, TCP_MAXSEG, 1000);
	CHECK_ERR(setsockopt(c, IPPROTO_TCP, TCP_MAXSEG, &(int){ 10 },
			     sizeof(int)), EINVAL);
	CHECK_OK(connect(c, &a.sa, a.len));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	mss = get_int_opt(c, IPPROTO_TCP, TCP_MAXSEG);
	CHECK(mss > 0 && mss <= 1000);
	mss = get_int_opt(s, IPPROTO_TCP, TCP_MAXSEG);
	CHECK(mss > 0 && mss <= 1000);	/* the peer's advertised MSS */
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = i % 251;
	send_all(c, buf, sizeof(buf));
	recv_all(s, got, sizeof(got));
	CHECK(memcmp(buf, got, sizeof(buf)) == 0);
	close(c);
	close(s);
	/* a default connection: the loopback MTU allows a large MSS */
	tcp_pair(LO6, &c, &s);
	mss = get_int_opt(c, IPPROTO_TCP, TCP_MAXSEG);
	CHECK(mss >= 1000 && mss <= 65536 - 60);
	close(c);
	close(s);
	close(l);
}

/* TCP_CONGESTION: the name of some algorithm, NUL-terminated; unknown
 * names are refused. */
static void net_opt_congestion(void)
{
	char name[16];
	socklen_t len = sizeof(name);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(name, 0x7f, sizeof(name));
	CHECK_OK(getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len));
	CHECK(len > 0 && len <= sizeof(name));
	CHECK(memchr(name, 0, len) != NULL && name[0] != 0);
	CHECK_ERR(setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "no-such-cc",
			     10), ENOENT);
	/* setting the current one again is fine */
	char again[16];
	memcpy(again, name, sizeof(again));
	CHECK_OK(setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, again,
			    strlen(again)));
	close(fd);
}

/* TCP_INFO: the state, a sane RTT and MSS, bytes acked and received. */
static void net_opt_tcp_info(void)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	struct addr a;
	static char buf[1000];
	int c, s, l;

	tcp_pair(LO4, &c, &s);
	memset(&ti, 0xff, sizeof(ti));
	CHECK_OK(getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK(len > offsetof(struct tcp_info, tcpi_bytes_received) &&
	      len <= sizeof(ti));
	CHECK(ti.tcpi_state == TCP_ESTABLISHED);
	CHECK(ti.tcpi_rtt > 0 && ti.tcpi_rtt < 1000000);	/* us */
	CHECK(ti.tcpi_snd_mss > 0 && ti.tcpi_snd_mss <= 65536);
	CHECK(ti.tcpi_rto > 0);
	send_all(c, buf, sizeof(buf));
	recv_all(s, buf, sizeof(buf));
	WAIT_FOR(getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
		 ti.tcpi_bytes_acked >= sizeof(buf), 5);
	CHECK_OK(getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK(ti.tcpi_bytes_received >= sizeof(buf));
	CHECK(ti.tcpi_state == TCP_ESTABLISHED);
	/* a short buffer gets a prefix */
	len = 8;
	CHECK_OK(getsockopt(c, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK(len == 8 && ti.tcpi_state == TCP_ESTABLISHED);
	close(s);
	/* the peer's FIN: CLOSE_WAIT */
	CHECK(recv(c, buf, 1, 0) == 0);
	CHECK(tcp_state(c) == TCP_CLOSE_WAIT);
	close(c);
	l = tcp_listener(LO4, 1, &a);
	CHECK(tcp_state(l) == TCP_LISTEN);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK(tcp_state(c) == TCP_CLOSE);
	close(c);
	close(l);
}

/*
 * IPV6_V6ONLY: off by default; a v6-only listener on [::] does not take
 * IPv4 clients (ECONNREFUSED) and leaves the IPv4 port free; a dual-stack
 * one does, and names them ::ffff:127.0.0.1.
 */
static void net_opt_v6only(void)
{
	struct addr a, v4, peer;
	int l, c, s, b4;

	l = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK(get_int_opt(l, IPPROTO_IPV6, IPV6_V6ONLY) == 0);
	set_int_opt(l, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	CHECK(get_int_opt(l, IPPROTO_IPV6, IPV6_V6ONLY) == 1);
	a = lo_addr(ANY6, 0);
	CHECK_OK(bind(l, &a.sa, a.len));
	CHECK_ERR(setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &(int){ 0 },
			     sizeof(int)), EINVAL);	/* bound already */
	CHECK_OK(listen(l, 2));
	a = sock_name(l);
	v4 = lo_addr(LO4, addr_port(&a));
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, &v4.sa, v4.len), ECONNREFUSED);
	close(c);
	b4 = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_OK(bind(b4, &v4.sa, v4.len));		/* port free for v4 */
	close(b4);
	close(l);

	/* dual stack */
	l = tcp_listener(ANY6, 2, &a);
	v4 = lo_addr(LO4, addr_port(&a));
	c = tcp_connect(&v4);
	struct addr cn = sock_name(c);
	peer.len = sizeof(peer.ss);
	s = accept(l, &peer.sa, &peer.len);
	CHECK(s >= 0);
	struct addr want = lo_addr(LO_MAPPED, addr_port(&cn));
	CHECK(peer.len == sizeof(struct sockaddr_in6) && addr_eq(&peer, &want));
	peer = peer_name(s);
	CHECK(addr_eq(&peer, &want));
	peer = sock_name(s);
	want = lo_addr(LO_MAPPED, addr_port(&a));
	CHECK(addr_eq(&peer, &want));
	/* the IPv4 side sees plain IPv4 */
	peer = peer_name(c);
	CHECK(peer.len == sizeof(struct sockaddr_in) && addr_eq(&peer, &v4));
	/* not an IPv6 socket: no such option */
	CHECK_ERR(setsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &(int){ 1 },
			     sizeof(int)), ENOPROTOOPT);
	close(c);
	close(s);
	close(l);
}

/* FIONREAD counts queued bytes (a stream) or the next datagram's size;
 * FIONBIO toggles O_NONBLOCK. */
static void net_ioctl_fionread(void)
{
	struct addr a;
	int c, s, n = -1, on = 1, off = 0, u, l, sv[2];
	char buf[16];

	tcp_pair(LO4, &c, &s);
	CHECK_OK(ioctl(s, FIONREAD, &n));
	CHECK(n == 0);
	CHECK(send(c, "12345", 5, 0) == 5);
	CHECK(send(c, "678", 3, 0) == 3);
	WAIT_FOR(ioctl(s, FIONREAD, &n) == 0 && n == 8, 5);
	CHECK(recv(s, buf, 2, 0) == 2);
	CHECK_OK(ioctl(s, FIONREAD, &n));
	CHECK(n == 6);
	CHECK_OK(ioctl(s, FIONBIO, &on));
	CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
	CHECK(recv(s, buf, sizeof(buf), 0) == 6);
	CHECK_ERR(recv(s, buf, sizeof(buf), 0), EAGAIN);
	CHECK_OK(ioctl(s, FIONBIO, &off));
	CHECK((fcntl(s, F_GETFL) & O_NONBLOCK) == 0);
	close(c);
	close(s);
	/* a listener has no byte count */
	l = tcp_listener(LO4, 1, &a);
	CHECK_ERR(ioctl(l, FIONREAD, &n), EINVAL);
	close(l);
	/* UDP: the size of the first datagram */
	u = bound_socket(LO4, SOCK_DGRAM, &a);
	pin_self(cpus[0]);
	CHECK(sendto(u, "abc", 3, 0, &a.sa, a.len) == 3);
	CHECK(sendto(u, "defgh", 5, 0, &a.sa, a.len) == 5);
	CHECK(poll1(u, POLLIN, 5000) & POLLIN);
	CHECK_OK(ioctl(u, FIONREAD, &n));
	CHECK(n == 3);
	close(u);
	/* AF_UNIX stream */
	CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	CHECK(write(sv[0], "xyz", 3) == 3);
	CHECK_OK(ioctl(sv[1], FIONREAD, &n));
	CHECK(n == 3);
	close(sv[0]);
	close(sv[1]);
}

static void ifreq_name(struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
}

/* The loopback interface through the classic ioctls: flags, address,
 * netmask, MTU, index (and back to its name), and SIOCGIFCONF. */
static void net_ioctl_ifreq(void)
{
	struct ifreq ifr, reqs[16];
	struct ifconf ifc;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), found = 0, idx;
	short need = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;

	CHECK(fd >= 0);
	ifreq_name(&ifr, "lo");
	CHECK_OK(ioctl(fd, SIOCGIFFLAGS, &ifr));
	if ((ifr.ifr_flags & need) != need)
		fail("lo flags %#x", ifr.ifr_flags);
	ifreq_name(&ifr, "lo");
	CHECK_OK(ioctl(fd, SIOCGIFADDR, &ifr));
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	CHECK(sin->sin_family == AF_INET);
	CHECK(sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	ifreq_name(&ifr, "lo");
	CHECK_OK(ioctl(fd, SIOCGIFNETMASK, &ifr));
	sin = (struct sockaddr_in *)&ifr.ifr_netmask;
	CHECK(sin->sin_addr.s_addr == htonl(0xff000000));
	ifreq_name(&ifr, "lo");
	CHECK_OK(ioctl(fd, SIOCGIFMTU, &ifr));
	CHECK(ifr.ifr_mtu == 65536);
	ifreq_name(&ifr, "lo");
	CHECK_OK(ioctl(fd, SIOCGIFINDEX, &ifr));
	idx = ifr.ifr_ifindex;
	CHECK(idx > 0);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = idx;
	CHECK_OK(ioctl(fd, SIOCGIFNAME, &ifr));
	CHECK(strcmp(ifr.ifr_name, "lo") == 0);
	CHECK(if_nametoindex("lo") == (unsigned)idx);
	ifreq_name(&ifr, "nosuch0");
	CHECK_ERR(ioctl(fd, SIOCGIFFLAGS, &ifr), ENODEV);

	/* SIOCGIFCONF: every interface with an IPv4 address; lo is one */
	memset(reqs, 0, sizeof(reqs));
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_req = reqs;
	CHECK_OK(ioctl(fd, SIOCGIFCONF, &ifc));
	CHECK(ifc.ifc_len > 0 && ifc.ifc_len % sizeof(struct ifreq) == 0);
	for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++) {
		sin = (struct sockaddr_in *)&reqs[i].ifr_addr;
		if (strcmp(reqs[i].ifr_name, "lo") == 0 &&
		    sin->sin_family == AF_INET &&
		    sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK))
			found = 1;
	}
	CHECK(found);
	/* a NULL buffer asks for the length needed */
	int full = ifc.ifc_len;
	ifc.ifc_len = 0;
	ifc.ifc_req = NULL;
	CHECK_OK(ioctl(fd, SIOCGIFCONF, &ifc));
	CHECK(ifc.ifc_len == full);
	/* the same list from a socket of a family without addresses */
	int ufd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(ufd >= 0);
	ifc.ifc_len = 0;
	CHECK_OK(ioctl(ufd, SIOCGIFCONF, &ifc));
	CHECK(ifc.ifc_len == full);
	close(ufd);
	close(fd);
}

/* "sockets: used", "TCP: inuse" and its orphans from /proc/net/sockstat. */
static void read_sockstat(int *used, int *tcp_inuse, int *orphan)
{
	char line[256];
	FILE *f = fopen("/proc/net/sockstat", "r");
	int got = 0;

	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "sockets: used %d", used) == 1)
			got |= 1;
		if (sscanf(line, "TCP: inuse %d orphan %d", tcp_inuse, orphan) == 2)
			got |= 2;
	}
	fclose(f);
	if (got != 3)
		fail("sockstat lacks sockets/TCP lines");
}

static void close_rst(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(fd);
}

/*
 * /proc/net/sockstat counts sockets: a TCP listener and a connected pair
 * are 3 more TCP sockets in use, and with an AF_UNIX pair 5 more sockets
 * of any kind; closing them (with resets, so nothing lingers) brings both
 * figures back, and leaves no orphan behind. Deltas, not absolute values; the sockets of earlier tests
 * may still be going away, which only lowers the figures, so an attempt
 * that sees them fall meanwhile is repeated.
 */
static void net_proc_sockstat(void)
{
	int used0, inuse0, orphan0, used, inuse, orphan, attempt, c, s, l, sv[2];
	struct addr a;

	for (attempt = 0;; attempt++) {
		read_sockstat(&used0, &inuse0, &orphan0);
		l = tcp_listener(LO4, 4, &a);
		c = tcp_connect(&a);
		s = accept(l, NULL, NULL);
		CHECK(s >= 0);
		CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
		read_sockstat(&used, &inuse, &orphan);
		close(sv[0]);
		close(sv[1]);
		close_rst(c);
		close_rst(s);
		close(l);
		if (used >= used0 + 5 && inuse >= inuse0 + 3)
			break;
		if (attempt == 3)
			fail("sockstat: used %d -> %d, TCP inuse %d -> %d", used0, used, inuse0, inuse);
	}
	WAIT_FOR((read_sockstat(&used, &inuse, &orphan),
		  used <= used0 && inuse <= inuse0 && orphan <= orphan0), 10);
}

const struct test net_opts_tests[] = {
	{ "net_opt_identity", net_opt_identity },
	{ "net_opt_reuseaddr", net_opt_reuseaddr },
	{ "net_opt_reuseport", net_opt_reuseport },
	{ "net_opt_keepalive", net_opt_keepalive },
	{ "net_opt_linger", net_opt_linger },
	{ "net_opt_bufs", net_opt_bufs },
	{ "net_opt_rcvtimeo", net_opt_rcvtimeo },
	{ "net_opt_sndtimeo", net_opt_sndtimeo },
	{ "net_opt_tcp", net_opt_tcp },
	{ "net_opt_congestion", net_opt_congestion },
	{ "net_opt_tcp_info", net_opt_tcp_info },
	{ "net_opt_v6only", net_opt_v6only },
	{ "net_ioctl_fionread", net_ioctl_fionread },
	{ "net_ioctl_ifreq", net_ioctl_ifreq },
	{ "net_proc_sockstat", net_proc_sockstat },
	{ NULL, NULL },
};
