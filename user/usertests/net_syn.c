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

static uint16_t csum_fold32(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint32_t csum_add(uint32_t s, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		s += (uint32_t)b[n - 1] << 8;
	return s;
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

/* One SYN from 127.0.0.1:sport to 127.0.0.1:dport through an IPPROTO_RAW
 * socket (IP_HDRINCL). */
static void raw_syn(int raw, uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint8_t pkt[20 + 24];
	struct iphdr *ip = (struct iphdr *)pkt;
	uint8_t *th = pkt + 20;
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint32_t s;

	memset(pkt, 0, sizeof(pkt));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->tot_len = htons(sizeof(pkt));
	ip->saddr = ip->daddr = htonl(INADDR_LOOPBACK);
	syn_hdr(th, sport, dport, seq);
	s = csum_add(0, &ip->saddr, 8) + IPPROTO_TCP + 24;
	s = csum_add(s, th, 24);
	uint16_t c = csum_fold32(s);
	th[16] = c >> 8;
	th[17] = c;
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(sendto(raw, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) ==
	      (ssize_t)sizeof(pkt));
}

static int raw_socket(void)
{
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);

	if (raw < 0)
		fail("socket(SOCK_RAW, IPPROTO_RAW): errno %d (%s)", errno, strerrorname(errno));
	return raw;
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
	long cookies = sysctl_get("tcp_syncookies");
	int raw = raw_socket(), l, c, s, i;
	struct addr a;
	uint16_t lport;

	sysctl_set("tcp_syncookies", 1);
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

/* A listening TCP socket on [::1] (native IPv6); *out is where it listens. */
static int tcp6_lo_listener(int backlog, struct addr *out)
{
	int l = socket(AF_INET6, SOCK_STREAM, 0);
	struct addr a;

	CHECK(l >= 0);
	memset(&a, 0, sizeof(a));
	a.in6.sin6_family = AF_INET6;
	a.in6.sin6_addr = in6addr_loopback;
	a.len = sizeof(a.in6);
	CHECK_OK(bind(l, &a.sa, a.len));
	CHECK_OK(listen(l, backlog));
	*out = sock_name(l);
	return l;
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
	long cookies = sysctl_get("tcp_syncookies");
	struct addr a;
	int l;

	sysctl_set("tcp_syncookies", 2);
	l = tcp_listener(LO4, 16, &a);
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
	long cookies = sysctl_get("tcp_syncookies");
	struct addr a, peer;
	int l, i;

	sysctl_set("tcp_syncookies", 2);
	l = tcp6_lo_listener(1, &a);
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

/* The bogus ACK from 127.0.0.1 through an IPPROTO_RAW socket. */
static void bogus_ack4(uint16_t lport)
{
	int raw = raw_socket();
	uint8_t pkt[40];
	struct iphdr *ip = (struct iphdr *)pkt;
	uint8_t *th = pkt + 20;
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint16_t ck;

	memset(pkt, 0, sizeof(pkt));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->tot_len = htons(sizeof(pkt));
	ip->saddr = ip->daddr = htonl(INADDR_LOOPBACK);
	bogus_ack_hdr(th, lport);
	ck = csum_fold32(csum_add(csum_add(0, &ip->saddr, 8) + IPPROTO_TCP + 20, th, 20));
	th[16] = ck >> 8;
	th[17] = ck & 0xff;
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(sendto(raw, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) ==
	      (ssize_t)sizeof(pkt));
	close(raw);
}

/* A TCP segment th[len] from ::1 to ::1 through a raw IPv6 socket of
 * protocol TCP (the kernel writes the IPv6 header; the TCP checksum is
 * ours, RFC 8200 8.1). */
static void raw6_send_tcp(uint8_t *th, size_t len)
{
	int raw = socket(AF_INET6, SOCK_RAW, IPPROTO_TCP);
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	uint32_t sum;
	uint16_t ck;

	if (raw < 0)
		fail("socket(AF_INET6, SOCK_RAW, IPPROTO_TCP): errno %d (%s)", errno,
		     strerrorname(errno));
	sum = csum_add(0, &to.sin6_addr, 16);
	sum = csum_add(sum, &to.sin6_addr, 16) + IPPROTO_TCP + (uint32_t)len;
	ck = csum_fold32(csum_add(sum, th, len));
	th[16] = ck >> 8;
	th[17] = ck & 0xff;
	CHECK(sendto(raw, th, len, 0, (struct sockaddr *)&to, sizeof(to)) == (ssize_t)len);
	close(raw);
}

static void bogus_ack6(uint16_t lport)
{
	uint8_t th[20];

	bogus_ack_hdr(th, lport);
	raw6_send_tcp(th, sizeof(th));
}

/* An ACK that no request and no cookie explains is reset, and counted as
 * a failed cookie when cookies were sent recently; the listener at a and
 * its cookie connection go on. */
static void cookie_bogus_ack(int l, const struct addr *a, void (*send_ack)(uint16_t lport))
{
	long cookies = sysctl_get("tcp_syncookies");
	long failed, recvd;
	int c, s;

	sysctl_set("tcp_syncookies", 2);
	c = tcp_connect(a);             /* a cookie was sent: cookies are checked */
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	failed = tcpext("SyncookiesFailed");
	recvd = tcpext("SyncookiesRecv");
	send_ack(addr_port(a));
	WAIT_FOR(tcpext("SyncookiesFailed") > failed, 5);
	/* no connection came of it */
	CHECK(tcpext("SyncookiesRecv") == recvd);
	CHECK(poll1(l, POLLIN, 0) == 0);
	ping_pong(c, s, 1);
	check_new_client(l, a);
	close(c);
	close(s);
	sysctl_set("tcp_syncookies", cookies);
}

static void net_syn_cookie_bogus_ack(void)
{
	struct addr a;
	int l = tcp_listener(LO4, 16, &a);

	cookie_bogus_ack(l, &a, bogus_ack4);
	close(l);
}

static void net6_syn_cookie_bogus_ack(void)
{
	struct addr a;
	int l = tcp6_lo_listener(1, &a);

	cookie_bogus_ack(l, &a, bogus_ack6);
	close(l);
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

/*
 * tcp_syncookies = 1 and an IPv6 listener's SYN queue full (backlog one,
 * live requests): a new client gets a cookie instead of being dropped,
 * and connects. Two SYNs fill the queue whether "full" means as many
 * requests as the backlog (shoal: the second SYN already gets a cookie)
 * or more (Linux 6.12: two live requests).
 */
static void net6_syn_queue_full(void)
{
	long cookies = sysctl_get("tcp_syncookies"), sent, docookies;
	uint16_t lport, tw[2];
	struct addr a;
	uint8_t th[24];
	int l, i;

	sysctl_set("tcp_syncookies", 1);
	l = tcp6_lo_listener(1, &a);
	lport = addr_port(&a);
	for (i = 0; i < 2; i++)
		tw[i] = time_wait_port(l, &a);
	sent = tcpext("SyncookiesSent");
	for (i = 0; i < 2; i++) {
		syn_hdr(th, tw[i], lport, 0x6000000u * (uint32_t)(i + 1));
		raw6_send_tcp(th, sizeof(th));
	}
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

#define TW_CONNS        4

/*
 * Requests that live until their SYN-ACK timer gives up (see the top of
 * the file for why a TIME_WAIT port keeps them alive): /proc/net/tcp shows
 * them in SYN_RECV, tcp_synack_retries = 0 ends them at the first expiry,
 * and their memory goes back.
 */
static void net_syn_request_timeout(void)
{
	long retries = sysctl_get("tcp_synack_retries");
	long slab0 = reqsk_slab_active();
	uint16_t ports[TW_CONNS], lport;
	int raw = raw_socket(), l, i;
	struct addr a;

	sysctl_set("tcp_synack_retries", 0);
	l = tcp_listener(LO4, 16, &a);
	lport = addr_port(&a);
	for (i = 0; i < TW_CONNS; i++)
		ports[i] = time_wait_port(l, &a);
	for (i = 0; i < TW_CONNS; i++)
		raw_syn(raw, ports[i], lport, 0x5000000u * (uint32_t)(i + 1));
	WAIT_FOR(syn_recv_count(lport) == TW_CONNS, 5);
	/* the listener's queue counts only accepted-to-be connections */
	check_new_client(l, &a);
	WAIT_FOR(syn_recv_count(lport) == 0, 15);
	if (slab0 >= 0)
		WAIT_FOR(reqsk_slab_active() <= slab0, 5);
	close(raw);
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
