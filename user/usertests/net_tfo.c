/*
 * TCP Fast Open over the loopback (Documentation/tcp-fastopen.md): the
 * sysctls, the socket options, a cookie fetched by a first connection
 * and used by the next one to put data in its SYN, TCP_FASTOPEN_CONNECT,
 * the no-cookie modes, and the fallback when the server takes no data.
 *
 * Both ends are ours, so the client's cookie cache and the server's key
 * are both in play: each test writes a fresh tcp_fastopen_key first, so
 * whatever cookie an earlier run left in the cache is stale, and the
 * first connection of a test always ends with a fresh cookie (asked for,
 * or handed out in place of the stale one). Data in a SYN is seen through
 * TcpExt's TCPFastOpen* counters and TCP_INFO's TCPI_OPT_SYN_DATA on both
 * ends. The tests write net.ipv4 sysctls (root on both kernels) and put
 * the old values back.
 */
#include "net.h"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN            0x20000000
#endif
#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT    30
#endif
#ifndef TCP_FASTOPEN_NO_COOKIE
#define TCP_FASTOPEN_NO_COOKIE  34
#endif
#ifndef TCPI_OPT_SYN_DATA
#define TCPI_OPT_SYN_DATA       32
#endif

#define TFO_SYSCTL      "/proc/sys/net/ipv4/tcp_fastopen"
#define TFO_KEY_SYSCTL  "/proc/sys/net/ipv4/tcp_fastopen_key"

static void write_text(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	size_t n = strlen(s);

	if (fd < 0)
		fail("open %s: errno %d (%s)", path, errno, strerrorname(errno));
	CHECK(write(fd, s, n) == (ssize_t)n);
	close(fd);
}

static long tfo_mode(void)
{
	char buf[32];

	CHECK(read_text(TFO_SYSCTL, buf, sizeof(buf)) > 0);
	return atol(buf);
}

static void set_tfo_mode(long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld\n", v);
	write_text(TFO_SYSCTL, buf);
	CHECK(tfo_mode() == v);
}

/* A key no earlier run used, so every cached cookie is stale. */
static void fresh_key(void)
{
	char buf[64];
	unsigned int r[4];
	int fd = open("/dev/urandom", O_RDONLY);

	CHECK(fd >= 0);
	CHECK(read(fd, r, sizeof(r)) == sizeof(r));
	close(fd);
	snprintf(buf, sizeof(buf), "%08x-%08x-%08x-%08x\n", r[0], r[1], r[2], r[3]);
	write_text(TFO_KEY_SYSCTL, buf);
}

struct tfo_counts {
	long active, active_fail, passive, passive_fail, cookie_reqd;
};

static struct tfo_counts tfo_counts(void)
{
	struct tfo_counts c = {
		.active = tcpext("TCPFastOpenActive"),
		.active_fail = tcpext("TCPFastOpenActiveFail"),
		.passive = tcpext("TCPFastOpenPassive"),
		.passive_fail = tcpext("TCPFastOpenPassiveFail"),
		.cookie_reqd = tcpext("TCPFastOpenCookieReqd"),
	};

	return c;
}

static int syn_data(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	CHECK_OK(getsockopt(fd, SOL_TCP, TCP_INFO, &ti, &len));
	return !!(ti.tcpi_options & TCPI_OPT_SYN_DATA);
}

/* A listener on 127.0.0.1 with a Fast Open queue of qlen (0: none). */
static int tfo_listener(int qlen, struct addr *a)
{
	int l = tcp_listener(LO4, 16, a);

	if (qlen)
		set_int_opt(l, SOL_TCP, TCP_FASTOPEN, qlen);
	return l;
}

/* The start of most tests: Fast Open mode set, a key no cached cookie was
 * made with, a listener with a Fast Open queue. The caller restores the
 * mode it read before (tfo_done). */
static int tfo_setup(long mode, struct addr *a)
{
	set_tfo_mode(mode);
	fresh_key();
	return tfo_listener(16, a);
}

/* The end: client, server and listener closed, the mode restored. */
static void tfo_done(int c, int s, int l, long mode)
{
	close(c);
	close(s);
	close(l);
	set_tfo_mode(mode);
}

/* A client socket with the Fast Open option opt on. */
static int tfo_client(int opt)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);

	CHECK(c >= 0);
	set_int_opt(c, SOL_TCP, opt, 1);
	return c;
}

/* The server's end of a connection: accept it and check it read msg. */
static int accept_and_read(int l, const char *msg)
{
	char buf[64];
	size_t n = strlen(msg);
	int s = accept(l, NULL, NULL);

	CHECK(s >= 0);
	memset(buf, 0, sizeof(buf));
	recv_all(s, buf, n);
	CHECK(!memcmp(buf, msg, n));
	return s;
}

/* sendto(MSG_FASTOPEN) of msg to a on a new socket (blocking): all of it
 * is sent, in the SYN or after the handshake. */
static int tfo_sendto(const struct addr *a, const char *msg)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);

	CHECK(c >= 0);
	CHECK(sendto(c, msg, strlen(msg), MSG_FASTOPEN, &a->sa, a->len) == (ssize_t)strlen(msg));
	return c;
}

/* One connection to take a fresh cookie home; the data went after the
 * handshake (the server asked for it again, or never had it). */
static void tfo_fetch_cookie(int l, const struct addr *a)
{
	struct tfo_counts before = tfo_counts(), after;
	int c = tfo_sendto(a, "first"), s = accept_and_read(l, "first");

	after = tfo_counts();
	CHECK(after.cookie_reqd + after.passive_fail > before.cookie_reqd + before.passive_fail);
	CHECK(after.passive == before.passive);
	CHECK(!syn_data(c));
	CHECK(!syn_data(s));
	close(c);
	close(s);
}

static void net_tfo_sysctl(void)
{
	char key[128], buf[128];
	long mode = tfo_mode();

	CHECK(read_text(TFO_KEY_SYSCTL, key, sizeof(key)) >= 36);
	write_text(TFO_KEY_SYSCTL, "00000001-0000abcd-12345678-ffffffff\n");
	CHECK(read_text(TFO_KEY_SYSCTL, buf, sizeof(buf)) > 0);
	CHECK(!strncmp(buf, "00000001-0000abcd-12345678-ffffffff", 35));
	{
		int fd = open(TFO_KEY_SYSCTL, O_WRONLY);

		CHECK(fd >= 0);
		CHECK_ERR(write(fd, "not-a-key\n", 10), EINVAL);
		close(fd);
	}
	write_text(TFO_KEY_SYSCTL, key);
	set_tfo_mode(3);
	set_tfo_mode(0x603);
	set_tfo_mode(mode);
}

static void net_tfo_sockopt(void)
{
	struct addr a;
	long mode = tfo_mode();
	int l, c, s;

	set_tfo_mode(3);
	l = tcp_listener(LO4, 16, &a);
	CHECK(get_int_opt(l, SOL_TCP, TCP_FASTOPEN) == 0);
	set_int_opt(l, SOL_TCP, TCP_FASTOPEN, 5);
	CHECK(get_int_opt(l, SOL_TCP, TCP_FASTOPEN) == 5);
	{
		int bad = -1;

		CHECK_ERR(setsockopt(l, SOL_TCP, TCP_FASTOPEN, &bad, sizeof(bad)), EINVAL);
	}
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0);
	CHECK(get_int_opt(c, SOL_TCP, TCP_FASTOPEN_CONNECT) == 0);
	set_int_opt(c, SOL_TCP, TCP_FASTOPEN_CONNECT, 1);
	CHECK(get_int_opt(c, SOL_TCP, TCP_FASTOPEN_CONNECT) == 1);
	{
		int two = 2;

		CHECK_ERR(setsockopt(c, SOL_TCP, TCP_FASTOPEN_CONNECT, &two, sizeof(two)), EINVAL);
		CHECK_ERR(setsockopt(c, SOL_TCP, TCP_FASTOPEN_NO_COOKIE, &two, sizeof(two)), EINVAL);
	}
	set_int_opt(c, SOL_TCP, TCP_FASTOPEN_NO_COOKIE, 1);
	CHECK(get_int_opt(c, SOL_TCP, TCP_FASTOPEN_NO_COOKIE) == 1);
	close(c);
	/* on a connection: neither is allowed any more */
	tcp_pair(LO4, &c, &s);
	{
		int one = 1;

		CHECK_ERR(setsockopt(c, SOL_TCP, TCP_FASTOPEN, &one, sizeof(one)), EINVAL);
		CHECK_ERR(setsockopt(c, SOL_TCP, TCP_FASTOPEN_CONNECT, &one, sizeof(one)), EINVAL);
	}
	/* MSG_FASTOPEN on a connected socket: already connected */
	CHECK_ERR(sendto(c, "x", 1, MSG_FASTOPEN, &a.sa, a.len), EISCONN);
	close(c);
	close(s);
	close(l);
	/* client side off: both are refused */
	set_tfo_mode(0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0);
	{
		int one = 1;

		CHECK_ERR(setsockopt(c, SOL_TCP, TCP_FASTOPEN_CONNECT, &one, sizeof(one)), EOPNOTSUPP);
	}
	CHECK_ERR(sendto(c, "x", 1, MSG_FASTOPEN, &a.sa, a.len), EOPNOTSUPP);
	close(c);
	set_tfo_mode(mode);
}

/* The second connection to a server puts its data in the SYN, and the
 * server's accept() hands out a socket that has it. */
static void net_tfo_syn_data(void)
{
	struct tfo_counts before, after;
	struct addr a;
	long mode = tfo_mode();
	int l, c, s;

	l = tfo_setup(3, &a);
	tfo_fetch_cookie(l, &a);

	before = tfo_counts();
	c = tfo_sendto(&a, "in the syn");
	s = accept_and_read(l, "in the syn");
	after = tfo_counts();
	CHECK(after.passive == before.passive + 1);
	CHECK(after.active == before.active + 1);
	CHECK(after.passive_fail == before.passive_fail);
	CHECK(syn_data(c));
	CHECK(syn_data(s));
	CHECK(get_int_opt(s, SOL_TCP, TCP_FASTOPEN) == 0);     /* the listener's only */
	/* and the connection goes on both ways */
	send_all(s, "reply", 5);
	{
		char buf[5];

		recv_all(c, buf, 5);
		CHECK(!memcmp(buf, "reply", 5));
	}
	tfo_done(c, s, l, mode);
}

/* TCP_FASTOPEN_CONNECT with a cookie: connect() returns 0 at once (the
 * socket is writable), and the first write goes in the SYN. */
static void net_tfo_connect_opt(void)
{
	struct tfo_counts before, after;
	struct addr a;
	long mode = tfo_mode();
	int l, c, s;

	l = tfo_setup(3, &a);
	tfo_fetch_cookie(l, &a);

	before = tfo_counts();
	c = tfo_client(TCP_FASTOPEN_CONNECT);
	CHECK_OK(connect(c, &a.sa, a.len));
	CHECK(poll1(c, POLLOUT, 0) & POLLOUT);
	CHECK(write(c, "deferred", 8) == 8);
	s = accept_and_read(l, "deferred");
	after = tfo_counts();
	CHECK(after.passive == before.passive + 1);
	CHECK(after.active == before.active + 1);
	CHECK(syn_data(c));
	tfo_done(c, s, l, mode);
}

/* Without a cookie, TCP_FASTOPEN_CONNECT's connect sends a cookie
 * request and waits for the handshake like any connect. */
static void net_tfo_connect_opt_no_cookie(void)
{
	struct tfo_counts before, after;
	struct addr a;
	long mode = tfo_mode();
	int l, c, s;

	l = tfo_setup(3, &a);
	/* the cached cookie is stale: the first one hands in a stale cookie
	 * or asks for one, and the server answers with a fresh one */
	before = tfo_counts();
	c = tfo_client(TCP_FASTOPEN_CONNECT);
	CHECK_OK(connect(c, &a.sa, a.len));
	CHECK(write(c, "later", 5) == 5);
	s = accept_and_read(l, "later");
	after = tfo_counts();
	CHECK(after.passive == before.passive);
	CHECK(!syn_data(s));
	tfo_done(c, s, l, mode);
}

/* A server that takes no Fast Open (no TCP_FASTOPEN on the listener):
 * the client's SYN data is not acknowledged, and goes again after the
 * handshake (TCPFastOpenActiveFail). */
static void net_tfo_fallback(void)
{
	struct tfo_counts before, after;
	struct addr a, b;
	long mode = tfo_mode();
	int l, l2, c, s;

	l = tfo_setup(3, &a);
	tfo_fetch_cookie(l, &a);        /* a cookie for 127.0.0.1 */
	close(l);
	l2 = tfo_listener(0, &b);

	before = tfo_counts();
	c = tfo_sendto(&b, "not taken");
	s = accept_and_read(l2, "not taken");
	after = tfo_counts();
	CHECK(after.passive == before.passive);
	CHECK(after.active_fail == before.active_fail + 1);
	CHECK(!syn_data(c));
	CHECK(!syn_data(s));
	tfo_done(c, s, l2, mode);
}

/* tcp_fastopen 0x200: the server takes data without a valid cookie, and
 * TCP_FASTOPEN_NO_COOKIE makes the client send it without any. */
static void net_tfo_no_cookie(void)
{
	struct tfo_counts before, after;
	struct addr a;
	long mode = tfo_mode();
	int l, c, s;

	l = tfo_setup(0x203, &a);
	before = tfo_counts();
	c = tfo_client(TCP_FASTOPEN_NO_COOKIE);
	CHECK(sendto(c, "bare", 4, MSG_FASTOPEN, &a.sa, a.len) == 4);
	s = accept_and_read(l, "bare");
	after = tfo_counts();
	CHECK(after.passive == before.passive + 1);
	CHECK(syn_data(c));
	CHECK(syn_data(s));
	tfo_done(c, s, l, mode);
}

const struct test net_tfo_tests[] = {
	{ "net_tfo_sysctl", net_tfo_sysctl },
	{ "net_tfo_sockopt", net_tfo_sockopt },
	{ "net_tfo_syn_data", net_tfo_syn_data },
	{ "net_tfo_connect_opt", net_tfo_connect_opt },
	{ "net_tfo_connect_opt_no_cookie", net_tfo_connect_opt_no_cookie },
	{ "net_tfo_fallback", net_tfo_fallback },
	{ "net_tfo_no_cookie", net_tfo_no_cookie },
	{ NULL, NULL },
};
