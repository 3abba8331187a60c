/*
 * The passive open under pressure (Documentation/syncookies.md): request
 * socks, SYN cookies and a SYN flood from a raw socket on the loopback.
 *
 * A SYN from a raw socket gets our SYN-ACK back on the loopback, where no
 * socket owns its port, so the kernel answers it with a reset that ends
 * the request at once; a flood therefore tests survival, not queue
 * filling. To see a request live until its timer gives up, the SYN comes
 * from the port of a TIME_WAIT connection to the same listener: the
 * TIME_WAIT answers the SYN-ACK with an ACK, the listener resets that
 * ACK (it does not acknowledge our SYN), the reset ends the TIME_WAIT,
 * and the request is left alone until tcp_synack_retries runs out.
 *
 * The net6_syn tests do the same for native IPv6 on ::1: the cookies
 * and their counters are both families' (net.ipv4.tcp_syncookies too).
 *
 * The tests write net.ipv4 sysctls (root on both kernels) and put the old
 * values back.
 */
#include "net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#define SYSCTL_DIR      "/proc/sys/net/ipv4/"

static long sysctl_get(const char *name)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), SYSCTL_DIR "%s", name);
	if (read_text(path, buf, sizeof(buf)) <= 0)
		fail("read %s: errno %d (%s)", path, errno, strerrorname(errno));
	return atol(buf);
}

static void sysctl_set(const char *name, long v)
{
	char path[128], buf[32];
	int fd, n;

	snprintf(path, sizeof(path), SYSCTL_DIR "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		fail("open %s: errno %d (%s)", path, errno, strerrorname(errno));
	n = snprintf(buf, sizeof(buf), "%ld\n", v);
	CHECK(write(fd, buf, n) == n);
	close(fd);
	CHECK(sysctl_get(name) == v);
}

/* sysctl_set(name, v); returns the value it had, for the test to put back. */
static long sysctl_swap(const char *name, long v)
{
	long old = sysctl_get(name);

	sysctl_set(name, v);
	return old;
}

/* Lines of /proc/net/tcp (or path) in SYN_RECV (03) with local port lport. */
static int syn_recv_count_in(const char *path, uint16_t lport)
{
	static char buf[256 * 1024];
	char want[16], *line, *save;
	unsigned int st;
	int n = 0;

	CHECK(read_text(path, buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want), ":%04X ", lport);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *loc = strchr(line, ':');

		/* "sl: local rem st": local is the first "addr:port" */
		if (!loc || !(loc = strchr(loc + 1, ':')))
			continue;
		if (strncmp(loc, want, strlen(want)))
			continue;
		/* "sl local rem st" */
		if (sscanf(line, "%*s %*s %*s %x", &st) == 1 && st == 3)
			n++;
	}
	return n;
}

static int syn_recv_count(uint16_t lport)
{
	return syn_recv_count_in("/proc/net/tcp", lport);
}

/* Live request socks by slab (shoal's request_sock_TCP), -1 if the kernel
 * shows no such cache (Linux may merge it into another). */
static long reqsk_slab_active(void)
{
	static char buf[64 * 1024];
	char *p;

	if (read_text("/proc/slabinfo", buf, sizeof(buf)) <= 0)
		return -1;
	p = strstr(buf, "\nrequest_sock_TCP ");
	return p ? atol(p + strlen("\nrequest_sock_TCP ")) : -1;
}

/* A SYN's 24-byte TCP header from sport to dport, with an MSS option;
 * the checksum is the caller's. */
static void syn_hdr(uint8_t *th, uint16_t sport, uint16_t dport, uint32_t seq)
{
	memset(th, 0, 24);
	th[0] = sport >> 8;
	th[1] = sport;
	th[2] = dport >> 8;
	th[3] = dport;
	th[4] = seq >> 24;
	th[5] = seq >> 16;
	th[6] = seq >> 8;
	th[7] = seq;
	th[12] = 6 << 4;                /* 24 bytes: the MSS option */
	th[13] = 0x02;                  /* SYN */
	th[14] = 0xff;                  /* window 65535 */
	th[15] = 0xff;
	th[20] = 2;                     /* MSS 1460 */
	th[21] = 4;
	th[22] = 1460 >> 8;
	th[23] = 1460 & 0xff;
}

/* A raw socket that sends TCP segments of family: IPPROTO_RAW for IPv4
 * (IP_HDRINCL: the IP header is ours), IPPROTO_TCP for IPv6 (the kernel
 * writes the IPv6 header). */
static int raw_socket(int family)
{
	int raw = socket(family, SOCK_RAW, family == AF_INET ? IPPROTO_RAW : IPPROTO_TCP);

	if (raw < 0)
		fail("socket(%d, SOCK_RAW): errno %d (%s)", family, errno, strerrorname(errno));
	return raw;
}

/* The TCP segment th[len] from the loopback to itself (127.0.0.1 or ::1)
 * through raw, a raw_socket(family); the TCP checksum is ours (over the
 * pseudo-header, RFC 793 and RFC 8200 8.1). */
static void raw_send_tcp(int raw, int family, uint8_t *th, size_t len)
{
	uint8_t pkt[20 + 24];
	struct iphdr *ip = (struct iphdr *)pkt;
	struct addr to = lo_addr(family == AF_INET ? LO4 : LO6_NATIVE, 0);
	uint16_t ck;

	CHECK(len <= sizeof(pkt) - 20);
	if (family == AF_INET6) {
		ck = csum_ipv6(&to.in6.sin6_addr, &to.in6.sin6_addr, th, len, IPPROTO_TCP);
		th[16] = ck >> 8;
		th[17] = ck;
		CHECK(sendto(raw, th, len, 0, &to.sa, to.len) == (ssize_t)len);
		return;
	}
	memset(pkt, 0, 20);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->tot_len = htons(20 + len);
	ip->saddr = ip->daddr = htonl(INADDR_LOOPBACK);
	ck = inet_csum_fold(inet_csum_add(inet_csum_add(0, &ip->saddr, 8) + IPPROTO_TCP + len,
					  th, len));
	th[16] = ck >> 8;
	th[17] = ck;
	memcpy(pkt + 20, th, len);
	CHECK(sendto(raw, pkt, 20 + len, 0, &to.sa, to.len) == (ssize_t)(20 + len));
}

/* One SYN from 127.0.0.1:sport to 127.0.0.1:dport through raw, a
 * raw_socket(AF_INET). */
static void raw_syn(int raw, uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint8_t th[24];

	syn_hdr(th, sport, dport, seq);
	raw_send_tcp(raw, AF_INET, th, sizeof(th));
}

/* A connection to the listener at a and data both ways on it. */
static void check_new_client(int l, const struct addr *a)
{
	char buf[16];
	int c = tcp_connect(a), s = accept(l, NULL, NULL);

	CHECK(s >= 0);
	send_all(c, "hello", 5);
	recv_all(s, buf, 5);
	CHECK(!memcmp(buf, "hello", 5));
	send_all(s, "world", 5);
	recv_all(c, buf, 5);
	CHECK(!memcmp(buf, "world", 5));
	close(c);
	close(s);
}

static void ping_pong(int c, int s, int round)
{
	char out[8], in[8];

	snprintf(out, sizeof(out), "r%06d", round);
	send_all(c, out, 8);
	recv_all(s, in, 8);
	CHECK(!memcmp(in, out, 8));
	send_all(s, in, 8);
	recv_all(c, out, 8);
	CHECK(!memcmp(in, out, 8));
}

/*
 * A SYN flood (2000 SYNs from as many ports, never completed) at a
 * listener with a small backlog, while an established connection keeps
 * exchanging data; then a new client still connects and no request is
 * left behind.
 */
static void net_syn_flood(void)
{
	long cookies = sysctl_swap("tcp_syncookies", 1);
	int raw = raw_socket(AF_INET), l, c, s, i;
	struct addr a;
	uint16_t lport;

	l = tcp_listener(LO4, 4, &a);
	lport = addr_port(&a);
	c = tcp_connect(&a);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	for (i = 0; i < 2000; i++) {
		raw_syn(raw, 20000 + i, lport, 0x1000000u * (uint32_t)i + 7);
		if (i % 100 == 0)
			ping_pong(c, s, i);
	}
	ping_pong(c, s, i);
	check_new_client(l, &a);
	/* every flood request ended (reset by the loopback's answer) */
	WAIT_FOR(syn_recv_count(lport) == 0, 10);
	close(raw);
	close(c);
	close(s);
	close(l);
	sysctl_set("tcp_syncookies", cookies);
}

/* With tcp_syncookies = 2, a connection to l (at a) goes through a
 * cookie and works: data both ways, the cookie counters grow. Returns
 * the accepted socket's peer address. */
static struct addr cookie_connection(int l, const struct addr *a)
{
	long sent = tcpext("SyncookiesSent"), recvd = tcpext("SyncookiesRecv");
	char buf[4096];
	struct addr peer;
	int c, s;

	c = tcp_connect(a);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	memset(buf, 'k', sizeof(buf));
	send_all(c, buf, sizeof(buf));
	recv_all(s, buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK(buf[i] == 'k');
	send_all(s, "ok", 2);
	recv_all(c, buf, 2);
	CHECK(!memcmp(buf, "ok", 2));
	CHECK(tcpext("SyncookiesSent") > sent);
	CHECK(tcpext("SyncookiesRecv") > recvd);
	peer = peer_name(s);
	close(c);
	close(s);
	return peer;
}

/* tcp_syncookies = 2: every connection goes through a cookie, and works. */
static void net_syn_cookies_always(void)
{
	long cookies = sysctl_swap("tcp_syncookies", 2);
	struct addr a;
	int l = tcp_listener(LO4, 16, &a);

	cookie_connection(l, &a);
	close(l);
	/* a listener on IPv6 (dual stack) takes a cookie too */
	l = tcp_listener(LO6, 16, &a);
	check_new_client(l, &a);
	close(l);
	sysctl_set("tcp_syncookies", cookies);
}

/* The same for native IPv6 on ::1, to a listener with a backlog of one:
 * the child is an IPv6 socket, and cookie after cookie connects. */
static void net6_syn_cookies_always(void)
{
	long cookies = sysctl_swap("tcp_syncookies", 2);
	struct addr a, peer;
	int l = tcp_listener(LO6_NATIVE, 1, &a), i;

	for (i = 0; i < 3; i++) {
		peer = cookie_connection(l, &a);
		CHECK(peer.sa.sa_family == AF_INET6);
		CHECK(IN6_IS_ADDR_LOOPBACK(&peer.in6.sin6_addr));
	}
	close(l);
	sysctl_set("tcp_syncookies", cookies);
}

/* A bare ACK from port 33333 to lport, acking 0x12345678 (no cookie of
 * anyone's); th is its 20-byte TCP header, checksum left to the caller. */
static void bogus_ack_hdr(uint8_t *th, uint16_t lport)
{
	uint16_t sport = 33333;

	memset(th, 0, 20);
	th[0] = sport >> 8;
	th[1] = sport & 0xff;
	th[2] = lport >> 8;
	th[3] = lport & 0xff;
	th[7] = 1;                      /* seq 1 */
	th[8] = 0x12;                   /* ack 0x12345678 */
	th[9] = 0x34;
	th[10] = 0x56;
	th[11] = 0x78;
	th[12] = 5 << 4;
	th[13] = 0x10;                  /* ACK */
	th[14] = 0x10;
}

/* The bogus ACK to lport on the loopback of family. */
static void bogus_ack(int family, uint16_t lport)
{
	int raw = raw_socket(family);
	uint8_t th[20];

	bogus_ack_hdr(th, lport);
	raw_send_tcp(raw, family, th, sizeof(th));
	close(raw);
}

/* An ACK that no request and no cookie explains is reset, and counted as
 * a failed cookie when cookies were sent recently; the listener (on kind,
 * with backlog) and its cookie connection go on. */
static void cookie_bogus_ack(enum lo_kind kind, int backlog)
{
	long cookies = sysctl_swap("tcp_syncookies", 2);
	long failed, recvd;
	struct addr a;
	int l = tcp_listener(kind, backlog, &a), c, s;

	c = tcp_connect(&a);            /* a cookie was sent: cookies are checked */
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	failed = tcpext("SyncookiesFailed");
	recvd = tcpext("SyncookiesRecv");
	bogus_ack(a.sa.sa_family, addr_port(&a));
	WAIT_FOR(tcpext("SyncookiesFailed") > failed, 5);
	/* no connection came of it */
	CHECK(tcpext("SyncookiesRecv") == recvd);
	CHECK(poll1(l, POLLIN, 0) == 0);
	ping_pong(c, s, 1);
	check_new_client(l, &a);
	close(c);
	close(s);
	close(l);
	sysctl_set("tcp_syncookies", cookies);
}

static void net_syn_cookie_bogus_ack(void)
{
	cookie_bogus_ack(LO4, 16);
}

static void net6_syn_cookie_bogus_ack(void)
{
	cookie_bogus_ack(LO6_NATIVE, 1);
}

/* The port of a connection to a that ends in TIME_WAIT on our side (see
 * the top of the file): a SYN from it leaves a request that lives. */
static uint16_t time_wait_port(int l, const struct addr *a)
{
	int c = tcp_connect(a), s = accept(l, NULL, NULL);
	struct addr cn = sock_name(c);
	char buf[4];

	CHECK(s >= 0);
	close(c);                       /* the client side ends in TIME_WAIT */
	CHECK(read(s, buf, sizeof(buf)) == 0);
	close(s);
	return addr_port(&cn);
}

#define TW_CONNS        4

/* n (at most TW_CONNS) requests that live at the listener l (at a): a SYN
 * from the port of each of n connections to it that ended in TIME_WAIT,
 * the i-th with sequence number seq * (i + 1). */
static void live_requests(int l, const struct addr *a, int n, uint32_t seq)
{
	int family = a->sa.sa_family, raw = raw_socket(family), i;
	uint16_t tw[TW_CONNS];
	uint8_t th[24];

	CHECK(n <= TW_CONNS);
	for (i = 0; i < n; i++)
		tw[i] = time_wait_port(l, a);
	for (i = 0; i < n; i++) {
		syn_hdr(th, tw[i], addr_port(a), seq * (uint32_t)(i + 1));
		raw_send_tcp(raw, family, th, sizeof(th));
	}
	close(raw);
}

/*
 * tcp_syncookies = 1 and an IPv6 listener's SYN queue full (backlog one,
 * live requests): a new client gets a cookie instead of being dropped,
 * and connects. Two SYNs fill the queue whether "full" means as many
 * requests as the backlog (shoal: the second SYN already gets a cookie)
 * or more (Linux 6.12: two live requests).
 */
static void net6_syn_queue_full(void)
{
	long cookies = sysctl_swap("tcp_syncookies", 1), sent, docookies;
	struct addr a;
	int l = tcp_listener(LO6_NATIVE, 1, &a);
	uint16_t lport = addr_port(&a);

	sent = tcpext("SyncookiesSent");
	live_requests(l, &a, 2, 0x6000000u);
	WAIT_FOR(syn_recv_count_in("/proc/net/tcp6", lport) == 2 ||
		 (syn_recv_count_in("/proc/net/tcp6", lport) == 1 && tcpext("SyncookiesSent") > sent), 5);
	sent = tcpext("SyncookiesSent");
	docookies = tcpext("TCPReqQFullDoCookies");
	check_new_client(l, &a);
	CHECK(tcpext("SyncookiesSent") > sent);
	CHECK(tcpext("TCPReqQFullDoCookies") > docookies);
	close(l);
	sysctl_set("tcp_syncookies", cookies);
}

/*
 * Requests that live until their SYN-ACK timer gives up (see the top of
 * the file for why a TIME_WAIT port keeps them alive): /proc/net/tcp shows
 * them in SYN_RECV, tcp_synack_retries = 0 ends them at the first expiry,
 * and their memory goes back.
 */
static void net_syn_request_timeout(void)
{
	long retries = sysctl_swap("tcp_synack_retries", 0);
	long slab0 = reqsk_slab_active();
	struct addr a;
	int l = tcp_listener(LO4, 16, &a);
	uint16_t lport = addr_port(&a);

	live_requests(l, &a, TW_CONNS, 0x5000000u);
	WAIT_FOR(syn_recv_count(lport) == TW_CONNS, 5);
	/* the listener's queue counts only accepted-to-be connections */
	check_new_client(l, &a);
	WAIT_FOR(syn_recv_count(lport) == 0, 15);
	if (slab0 >= 0)
		WAIT_FOR(reqsk_slab_active() <= slab0, 5);
	close(l);
	sysctl_set("tcp_synack_retries", retries);
}

/* The accept queue full: the SYN is dropped (ListenOverflows), not reset;
 * the client's retransmitted SYN gets in once accept() makes room. */
static void net_syn_accept_overflow(void)
{
	long over = tcpext("ListenOverflows");
	struct addr a;
	int l, c1, c2, s1, s2;

	l = tcp_listener(LO4, 0, &a);   /* room for one connection */
	c1 = tcp_connect(&a);
	WAIT_FOR(poll1(l, POLLIN, 0) & POLLIN, 5);
	c2 = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c2 >= 0);
	set_nonblock(c2, 1);
	CHECK_ERR(connect(c2, &a.sa, a.len), EINPROGRESS);
	WAIT_FOR(tcpext("ListenOverflows") > over, 5);
	CHECK(!(poll1(c2, POLLERR | POLLHUP, 0) & (POLLERR | POLLHUP)));
	s1 = accept(l, NULL, NULL);
	CHECK(s1 >= 0);
	CHECK(poll1(c2, POLLOUT, 10000) & POLLOUT);
	CHECK(get_int_opt(c2, SOL_SOCKET, SO_ERROR) == 0);
	s2 = accept(l, NULL, NULL);
	CHECK(s2 >= 0);
	send_all(c2, "x", 1);
	set_nonblock(c2, 0);
	{
		char b;

		recv_all(s2, &b, 1);
		CHECK(b == 'x');
	}
	close(c1);
	close(c2);
	close(s1);
	close(s2);
	close(l);
}

const struct test net_syn_tests[] = {
	{ "net_syn_flood", net_syn_flood },
	{ "net_syn_cookies_always", net_syn_cookies_always },
	{ "net_syn_cookie_bogus_ack", net_syn_cookie_bogus_ack },
	{ "net_syn_request_timeout", net_syn_request_timeout },
	{ "net_syn_accept_overflow", net_syn_accept_overflow },
	{ "net6_syn_cookies_always", net6_syn_cookies_always },
	{ "net6_syn_cookie_bogus_ack", net6_syn_cookie_bogus_ack },
	{ "net6_syn_queue_full", net6_syn_queue_full },
	{ NULL, NULL },
};
