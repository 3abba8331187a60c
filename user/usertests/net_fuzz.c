/*
 * Malformed packets from the wire: a raw socket (IPPROTO_RAW, so the test
 * writes the IP header) sends thousands of pseudo-random IPv4 packets to
 * 127.0.0.1 — TCP with odd flag combinations, data offsets and options,
 * UDP with lying length fields, ICMP errors quoting truncated headers,
 * unknown protocols, fragments — aimed at a listener, an established
 * connection and a UDP socket, with correct checksums most of the time so
 * that the packets get past the checksum and into the parsers. The kernel
 * must drop or answer them and keep working: afterwards a new TCP
 * connection, a UDP datagram and the old sockets' close all behave.
 * The seed is fixed, so a failure repeats. net_tcp_churn is the
 * concurrent counterpart: connections opened and torn down from several
 * threads at once.
 */
#include "net.h"

#include <netinet/ip.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>

#define FUZZ_PACKETS    10000

static uint64_t rng = 0x5eed5eed12345678ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint16_t csum_add(uint32_t sum, const void *p, size_t len)
{
	const uint8_t *b = p;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Internet checksum over a pseudo-header (when proto != 0) and data. */
static uint16_t l4_csum(int proto, const uint8_t *data, size_t len)
{
	uint8_t ph[12] = { 127, 0, 0, 1, 127, 0, 0, 1, 0, (uint8_t)proto,
			   (uint8_t)(len >> 8), (uint8_t)len };
	uint32_t sum = proto ? csum_add(0, ph, sizeof(ph)) : 0;

	return htons((uint16_t)~csum_add(sum, data, len));
}

static void fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

static uint16_t pick_port(const uint16_t *ports, int n)
{
	return rnd() % 4 ? ports[rnd() % n] : (uint16_t)rnd();
}

/* A TCP segment at p; returns its length. */
static size_t make_tcp(uint8_t *p, const uint16_t *ports, int nports)
{
	size_t doff = rnd() % 4 ? 20 + 4 * (rnd() % 11) : 4 * (rnd() % 16);
	size_t len = (doff < 20 ? 20 : doff) + (rnd() % 3 ? rnd() % 300 : 0);

	fill(p, len);
	*(uint16_t *)(p + 0) = htons(pick_port(ports, nports));
	*(uint16_t *)(p + 2) = htons(pick_port(ports, nports));
	p[12] = (uint8_t)((doff / 4) << 4);
	if (rnd() % 2)          /* mostly-plausible options: MSS, WS, TS, SACK */
		for (size_t o = 20; o + 10 <= doff; o += 10) {
			static const uint8_t kinds[] = { 2, 3, 4, 5, 8, 0, 1, 30 };
			p[o] = kinds[rnd() % sizeof(kinds)];
			p[o + 1] = (uint8_t)(rnd() % 12);
		}
	p[16] = p[17] = 0;
	if (rnd() % 5)
		*(uint16_t *)(p + 16) = l4_csum(IPPROTO_TCP, p, len);
	return len;
}

static size_t make_udp(uint8_t *p, const uint16_t *ports, int nports)
{
	size_t len = 8 + rnd() % 200;

	fill(p, len);
	*(uint16_t *)(p + 0) = htons(pick_port(ports, nports));
	*(uint16_t *)(p + 2) = htons(pick_port(ports, nports));
	*(uint16_t *)(p + 4) = htons(rnd() % 3 ? (uint16_t)len : (uint16_t)rnd());
	p[6] = p[7] = 0;
	if (rnd() % 5)
		*(uint16_t *)(p + 6) = l4_csum(IPPROTO_UDP, p, len);
	return len;
}

/* An ICMP message; errors quote an IP header aimed at our ports. */
static size_t make_icmp(uint8_t *p, const uint16_t *ports, int nports)
{
	static const uint8_t types[] = { 0, 3, 3, 3, 4, 5, 8, 11, 12, 13, 14, 17, 40 };
	size_t len = 8 + rnd() % 120;

	fill(p, len);
	p[0] = rnd() % 8 ? types[rnd() % sizeof(types)] : (uint8_t)rnd();
	p[1] = (uint8_t)(rnd() % 20);
	if (len >= 8 + 20 && rnd() % 4) {
		struct iphdr *in = (struct iphdr *)(p + 8);

		in->version = rnd() % 8 ? 4 : (rnd() & 15);
		in->ihl = rnd() % 4 ? 5 : (rnd() & 15);
		in->protocol = rnd() % 2 ? IPPROTO_TCP : (rnd() % 2 ? IPPROTO_UDP : IPPROTO_ICMP);
		in->saddr = in->daddr = htonl(INADDR_LOOPBACK);
		if (len >= 8 + 20 + 4) {
			*(uint16_t *)(p + 28) = htons(pick_port(ports, nports));
			*(uint16_t *)(p + 30) = htons(pick_port(ports, nports));
		}
	}
	p[2] = p[3] = 0;
	if (rnd() % 5)
		*(uint16_t *)(p + 2) = l4_csum(0, p, len);
	return len;
}

static void send_fuzz(int raw, const uint16_t *ports, int nports)
{
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	uint8_t pkt[1024];

	for (int i = 0; i < FUZZ_PACKETS; i++) {
		struct iphdr *ip = (struct iphdr *)pkt;
		size_t hl = rnd() % 8 ? 20 : 20 + 4 * (rnd() % 10), len;
		uint32_t kind = rnd() % 10;

		memset(pkt, 0, sizeof(pkt));
		ip->version = 4;
		ip->ihl = hl / 4;
		if (hl > 20)
			fill(pkt + 20, hl - 20);        /* garbage IP options */
		ip->ttl = 1 + rnd() % 255;
		ip->id = (uint16_t)rnd();
		ip->frag_off = rnd() % 10 ? htons(IP_DF) : htons((uint16_t)rnd());
		ip->saddr = ip->daddr = htonl(INADDR_LOOPBACK);
		if (kind < 5) {
			ip->protocol = IPPROTO_TCP;
			len = make_tcp(pkt + hl, ports, nports);
		} else if (kind < 7) {
			ip->protocol = IPPROTO_UDP;
			len = make_udp(pkt + hl, ports, nports);
		} else if (kind < 9) {
			ip->protocol = IPPROTO_ICMP;
			len = make_icmp(pkt + hl, ports, nports);
		} else {
			ip->protocol = (uint8_t)rnd();
			len = rnd() % 100;
			fill(pkt + hl, len);
		}
		ip->tot_len = htons((uint16_t)(hl + len));
		/* errors (a kernel refusing a header) are fine: only survival counts */
		sendto(raw, pkt, hl + len, 0, (struct sockaddr *)&to, sizeof(to));
	}
}

/* Accept and close whatever the fuzz managed to connect. */
static void drain_listener(int l)
{
	int s;

	set_nonblock(l, 1);
	while ((s = accept(l, NULL, NULL)) >= 0)
		close(s);
}

static void net_wire_fuzz(void)
{
	struct addr la, ua;
	int l, c, s, u, raw, c2, s2;
	char buf[64];
	uint16_t ports[4];

	raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (raw < 0)
		fail("socket(SOCK_RAW, IPPROTO_RAW): errno %d (%s)", errno,
		     strerrorname(errno));
	l = tcp_listener(LO4, 16, &la);
	tcp_pair(LO4, &c, &s);
	u = bound_socket(LO4, SOCK_DGRAM, &ua);
	/* Fuzzed fragmentation-needed errors quote this socket: with
	 * IP_PMTUDISC_OMIT it takes no path MTU news, or 127.0.0.1 would
	 * learn one (24730 with this seed, on Linux as on shoal) and later
	 * tests would run under it for ten minutes. */
	set_int_opt(u, IPPROTO_IP, IP_MTU_DISCOVER, 5 /* IP_PMTUDISC_OMIT */);
	ports[0] = addr_port(&la);
	ports[1] = addr_port(&ua);
	struct addr cn = sock_name(c), sn = sock_name(s);
	ports[2] = addr_port(&cn);
	ports[3] = addr_port(&sn);

	send_fuzz(raw, ports, 4);
	close(raw);

	/* the stack still works: a new connection carries data both ways */
	set_nonblock(u, 1);
	while (recv(u, buf, sizeof(buf), 0) >= 0)
		;
	drain_listener(l);
	set_nonblock(l, 0);
	c2 = tcp_connect(&la);
	s2 = accept(l, NULL, NULL);
	CHECK(s2 >= 0);
	send_all(c2, "after fuzz", 10);
	recv_all(s2, buf, 10);
	CHECK(memcmp(buf, "after fuzz", 10) == 0);
	send_all(s2, "reply", 5);
	recv_all(c2, buf, 5);
	CHECK(memcmp(buf, "reply", 5) == 0);

	/* and UDP delivers a datagram to the fuzzed socket */
	int v = bound_socket(LO4, SOCK_DGRAM, NULL);
	CHECK(sendto(v, "dgram", 5, 0, &ua.sa, ua.len) == 5);
	set_nonblock(u, 0);
	CHECK(poll1(u, POLLIN, 5000) & POLLIN);
	CHECK(recv(u, buf, sizeof(buf), 0) == 5);

	close(v);
	close(c2);
	close(s2);
	close(c);
	close(s);
	close(u);
	close(l);
}

/*
 * Connection churn on every CPU: client threads connect, send a little and
 * close (half of them abortively, SO_LINGER 0) while a server thread
 * accepts and reads each connection to its end and another thread polls
 * the listener. Then shutdown() of the listener must wake an accept()
 * blocked in a third thread with EINVAL. Every connection must be
 * accounted for: data or a reset, never a hang.
 */
#define CHURN_CLIENTS   4
#define CHURN_CONNS     150

struct churn {
	struct addr la;
	int l;
	int accepted, served_bytes, resets;
	volatile int stop;
};

static void *churn_client(void *arg)
{
	struct churn *ch = arg;
	char buf[512];

	memset(buf, 'c', sizeof(buf));
	for (int i = 0; i < CHURN_CONNS; i++) {
		int c = tcp_connect(&ch->la);
		int n = 1 + (i * 37) % (int)sizeof(buf);

		send_all(c, buf, n);
		if (i & 1) {
			struct linger lg = { 1, 0 };
			CHECK_OK(setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
		}
		close(c);
	}
	return NULL;
}

static void *churn_server(void *arg)
{
	struct churn *ch = arg;
	char buf[1024];

	for (int i = 0; i < CHURN_CLIENTS * CHURN_CONNS; i++) {
		int s = accept(ch->l, NULL, NULL);
		ssize_t r;

		if (s < 0)
			fail("accept %d: errno %d (%s)", i, errno, strerrorname(errno));
		__atomic_fetch_add(&ch->accepted, 1, __ATOMIC_RELAXED);
		while ((r = recv(s, buf, sizeof(buf), 0)) > 0)
			__atomic_fetch_add(&ch->served_bytes, (int)r, __ATOMIC_RELAXED);
		if (r < 0) {
			if (errno != ECONNRESET)
				fail("recv: errno %d (%s)", errno, strerrorname(errno));
			__atomic_fetch_add(&ch->resets, 1, __ATOMIC_RELAXED);
		}
		close(s);
	}
	return NULL;
}

static void *churn_poller(void *arg)
{
	struct churn *ch = arg;

	while (!ch->stop)
		poll1(ch->l, POLLIN, 10);
	return NULL;
}

static void *blocked_accept(void *arg)
{
	struct churn *ch = arg;
	long r = accept(ch->l, NULL, NULL);

	return (void *)(r < 0 ? (long)errno : 0L);
}

static void net_tcp_churn(void)
{
	pthread_t cl[CHURN_CLIENTS], srv, pol, acc;
	struct churn ch = { 0 };
	void *ret;

	/* A backlog above the total: with a smaller one, a handshake can
	 * complete on the client while the full accept queue drops its last
	 * ACK, and a client that then resets loses the connection for good
	 * (Linux too): accept would wait for it forever. */
	ch.l = tcp_listener(LO4, 1024, &ch.la);
	CHECK(pthread_create(&srv, NULL, churn_server, &ch) == 0);
	CHECK(pthread_create(&pol, NULL, churn_poller, &ch) == 0);
	for (int i = 0; i < CHURN_CLIENTS; i++)
		CHECK(pthread_create(&cl[i], NULL, churn_client, &ch) == 0);
	for (int i = 0; i < CHURN_CLIENTS; i++)
		pthread_join(cl[i], NULL);
	pthread_join(srv, NULL);
	ch.stop = 1;
	pthread_join(pol, NULL);
	CHECK(ch.accepted == CHURN_CLIENTS * CHURN_CONNS);
	/* graceful closes deliver all their bytes; aborted ones may lose them */
	CHECK(ch.served_bytes > 0);

	/* shutdown() of a listener wakes a blocked accept with EINVAL */
	CHECK(pthread_create(&acc, NULL, blocked_accept, &ch) == 0);
	usleep(100000);         /* let it block (either order passes the test) */
	CHECK_OK(shutdown(ch.l, SHUT_RDWR));
	pthread_join(acc, &ret);
	if ((long)ret != EINVAL)
		fail("accept after shutdown: errno %ld, want EINVAL", (long)ret);
	close(ch.l);
}

const struct test net_fuzz_tests[] = {
	{ "net_wire_fuzz", net_wire_fuzz, 120 },
	{ "net_tcp_churn", net_tcp_churn, 120 },
	{ NULL, NULL },
};
