/*
 * IPv6 path MTU (Documentation/tcp-loss.md, "Path MTU"; RFC 8201): an
 * ICMPv6 Packet Too Big forged through a raw ICMPv6 socket (the kernel
 * fills in its checksum), quoting a real packet of a loopback socket
 * over ::1, lowers the path MTU towards ::1: TCP's MSS falls and the
 * transfer still arrives whole, a quoted sequence number outside the
 * window is OutOfWindowIcmps, a connected UDP socket learns it (IPV6_MTU,
 * EMSGSIZE above it with IPV6_DONTFRAG, which Linux needs to refuse
 * rather than fragment), and a value below 1280 is ignored.
 *
 * ::1 is the only IPv6 address, so the tests lower its MTU in turn
 * (20000, 9000, 1280) and forget it at the end: net.ipv6.route.flush on
 * shoal, and on Linux (whose flush keeps unexpired exceptions) the
 * RTM_DELROUTE of the cached route that `ip -6 route flush cache` sends.
 */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/icmp6.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#ifndef IPV6_MTU_DISCOVER
#define IPV6_MTU_DISCOVER 23
#endif
#ifndef IPV6_MTU
#define IPV6_MTU 24
#endif
#ifndef IPV6_DONTFRAG
#define IPV6_DONTFRAG 62
#endif
#ifndef IPV6_PMTUDISC_WANT
#define IPV6_PMTUDISC_WANT 1
#endif
#ifndef IPV6_PMTUDISC_OMIT
#define IPV6_PMTUDISC_OMIT 5
#endif

/* A quoted packet: its IPv6 header and the first bytes of its transport header. */
struct quote6 {
	unsigned char b[40 + 20];
	int len;
};

static struct addr lo6(uint16_t port)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	a.in6.sin6_family = AF_INET6;
	a.in6.sin6_port = htons(port);
	a.in6.sin6_addr = in6addr_loopback;
	a.len = sizeof(a.in6);
	return a;
}

/* An IPv6 header from ::1 to ::1 carrying nexthdr, then th (thlen bytes). */
static struct quote6 quote6_make(int nexthdr, const void *th, int thlen)
{
	struct quote6 q;
	struct ip6_hdr *h = (struct ip6_hdr *)q.b;

	memset(&q, 0, sizeof(q));
	h->ip6_flow = htonl(6u << 28);
	h->ip6_plen = htons(thlen);
	h->ip6_nxt = nexthdr;
	h->ip6_hlim = 64;
	h->ip6_src = in6addr_loopback;
	h->ip6_dst = in6addr_loopback;
	memcpy(q.b + 40, th, thlen);
	q.len = 40 + thlen;
	return q;
}

/* Send Packet Too Big with mtu quoting q to ::1; the kernel sums it. */
static void send_ptb(const struct quote6 *q, uint32_t mtu)
{
	unsigned char pkt[8 + sizeof(q->b)];
	struct addr to = lo6(0);
	int fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);

	CHECK(fd >= 0);
	memset(pkt, 0, 8);
	pkt[0] = ICMP6_PACKET_TOO_BIG;
	pkt[4] = mtu >> 24;
	pkt[5] = mtu >> 16;
	pkt[6] = mtu >> 8;
	pkt[7] = mtu;
	memcpy(pkt + 8, q->b, q->len);
	CHECK(sendto(fd, pkt, 8 + q->len, 0, &to.sa, to.len) == 8 + q->len);
	close(fd);
}

/* RTM_DELROUTE of ::1's cached route (`ip -6 route flush cache`): the
 * error of the acknowledgement (0 when it forgot one). */
static int route6_del_cached(void)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rtm;
		struct rtattr rta;
		struct in6_addr dst;
	} req;
	static char buf[4096];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), n;

	CHECK(fd >= 0);
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_DELROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nh.nlmsg_seq = 67;
	req.rtm.rtm_family = AF_INET6;
	req.rtm.rtm_dst_len = 128;
	req.rtm.rtm_table = RT_TABLE_LOCAL;
	req.rtm.rtm_flags = RTM_F_CLONED;
	req.rta.rta_len = RTA_LENGTH(sizeof(req.dst));
	req.rta.rta_type = RTA_DST;
	req.dst = in6addr_loopback;
	CHECK(send(fd, &req, sizeof(req), 0) == sizeof(req));
	n = recv(fd, buf, sizeof(buf), 0);
	CHECK(NLMSG_OK(h, n) && h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq == 67);
	close(fd);
	return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
}

/* Forget what ::1 learnt (see the top). */
static void pmtu6_flush(void)
{
	int fd = open("/proc/sys/net/ipv6/route/flush", O_WRONLY);

	CHECK(fd >= 0);
	CHECK(write(fd, "1\n", 2) == 2);
	close(fd);
	route6_del_cached();
}

/* `ip -6 route get ::1`: the RTAX_MTU of RTA_METRICS (0 if none), RTA_CACHEINFO's expiry. */
static unsigned route6_get_mtu(long *expires)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rtm;
		struct rtattr rta;
		struct in6_addr dst;
	} req;
	static char buf[8192];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct rtattr *rta, *m;
	unsigned mtu = 0;
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), n, len, ml;

	CHECK(fd >= 0);
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = 66;
	req.rtm.rtm_family = AF_INET6;
	req.rtm.rtm_dst_len = 128;
	req.rta.rta_len = RTA_LENGTH(sizeof(req.dst));
	req.rta.rta_type = RTA_DST;
	req.dst = in6addr_loopback;
	CHECK(send(fd, &req, sizeof(req), 0) == sizeof(req));
	n = recv(fd, buf, sizeof(buf), 0);
	CHECK(NLMSG_OK(h, n) && h->nlmsg_type == RTM_NEWROUTE && h->nlmsg_seq == 66);
	*expires = -1;
	len = RTM_PAYLOAD(h);
	for (rta = RTM_RTA(NLMSG_DATA(h)); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == RTA_CACHEINFO)
			*expires = ((struct rta_cacheinfo *)RTA_DATA(rta))->rta_expires;
		if (rta->rta_type != RTA_METRICS)
			continue;
		ml = RTA_PAYLOAD(rta);
		for (m = RTA_DATA(rta); RTA_OK(m, ml); m = RTA_NEXT(m, ml))
			if (m->rta_type == RTAX_MTU)
				mtu = *(unsigned *)RTA_DATA(m);
	}
	close(fd);
	return mtu;
}

static int ipv6_mtu(int fd)
{
	return get_int_opt(fd, IPPROTO_IPV6, IPV6_MTU);
}

static struct tcp_info tcp_info6(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	CHECK_OK(getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len));
	return ti;
}

/* A TCP pair over ::1: *c connected, *s accepted. */
static void tcp6_pair(int *c, int *s)
{
	struct addr a = lo6(0);
	int l = socket(AF_INET6, SOCK_STREAM, 0);

	CHECK(l >= 0);
	CHECK_OK(bind(l, &a.sa, a.len));
	CHECK_OK(listen(l, 1));
	a = sock_name(l);
	*c = tcp_connect(&a);
	*s = accept(l, NULL, NULL);
	CHECK(*s >= 0);
	close(l);
}

/*
 * A fresh segment of c's: drain the raw TCP socket r, let c send a few
 * bytes to s, and quote the last segment c sent as r saw it (IPv6 raw
 * sockets get no IP header: the quote's is made up) with its sequence
 * number moved to its end (snd_nxt: in the window, acknowledged or not).
 */
static struct quote6 fresh_segment6(int r, int c, int s)
{
	struct addr me = sock_name(c), peer = peer_name(c);
	static unsigned char pkt[70000];
	struct tcphdr th;
	uint32_t seq = 0;
	int found = 0;
	char b[100];
	ssize_t n;

	while (recv(r, pkt, sizeof(pkt), MSG_DONTWAIT) > 0)
		;
	memset(b, 'q', sizeof(b));
	send_all(c, b, sizeof(b));
	recv_all(s, b, sizeof(b));
	while ((n = recv(r, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0) {
		struct tcphdr *t = (struct tcphdr *)pkt;

		if (n < 20 || t->th_sport != me.in6.sin6_port || t->th_dport != peer.in6.sin6_port)
			continue;
		memcpy(&th, t, sizeof(th));
		seq = ntohl(t->th_seq) + (n - t->th_off * 4) + !!(t->th_flags & (TH_SYN | TH_FIN));
		found = 1;
	}
	CHECK(found);
	th.th_seq = htonl(seq);
	return quote6_make(IPPROTO_TCP, &th, sizeof(th));
}

static void fill(char *buf, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(i * 7 + seed + (i >> 10));
}

/* c sends n patterned bytes, s gets them all, the same. */
static void transfer6(int c, int s, size_t n, unsigned seed)
{
	char *out = malloc(n), *in = malloc(n);
	pid_t pid;

	CHECK(out && in);
	fill(out, n, seed);
	pid = fork_or_fail();
	if (pid == 0) {
		send_all(c, out, n);
		_exit(0);
	}
	recv_all(s, in, n);
	wait_ok(pid);
	CHECK(!memcmp(in, out, n));
	free(out);
	free(in);
}

/* The options before anything is learnt: IPV6_MTU_DISCOVER is WANT and
 * takes 0..5; IPV6_MTU needs a peer and is then lo's MTU. */
static void net6_pmtu_opts(void)
{
	int u = socket(AF_INET6, SOCK_DGRAM, 0), v;
	struct addr a = lo6(9);
	socklen_t len = sizeof(v);
	long expires;

	CHECK(u >= 0);
	pmtu6_flush();
	CHECK(get_int_opt(u, IPPROTO_IPV6, IPV6_MTU_DISCOVER) == IPV6_PMTUDISC_WANT);
	set_int_opt(u, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_OMIT);
	CHECK(get_int_opt(u, IPPROTO_IPV6, IPV6_MTU_DISCOVER) == IPV6_PMTUDISC_OMIT);
	v = 6;
	CHECK_ERR(setsockopt(u, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &v, sizeof(v)), EINVAL);
	CHECK_ERR(getsockopt(u, IPPROTO_IPV6, IPV6_MTU, &v, &len), ENOTCONN);
	CHECK_OK(connect(u, &a.sa, a.len));
	CHECK(ipv6_mtu(u) == 65536);
	set_int_opt(u, IPPROTO_IPV6, IPV6_DONTFRAG, 1);
	CHECK(get_int_opt(u, IPPROTO_IPV6, IPV6_DONTFRAG) == 1);
	CHECK(route6_get_mtu(&expires) == 0);
	close(u);
}

/* Packet Too Big for a live connection: IPV6_MTU, tcpi_pmtu and the MSS
 * fall, `ip -6 route get` shows it, and 256 KiB more arrive whole. */
static void net6_pmtu_tcp(void)
{
	int r = socket(AF_INET6, SOCK_RAW, IPPROTO_TCP), c, s;
	struct tcp_info ti;
	struct quote6 q;
	long expires;

	CHECK(r >= 0);
	tcp6_pair(&c, &s);
	CHECK(ipv6_mtu(c) == 65536);
	transfer6(c, s, 64 * 1024, 1);
	q = fresh_segment6(r, c, s);
	send_ptb(&q, 20000);
	WAIT_FOR(tcp_info6(c).tcpi_pmtu == 20000, 10);
	CHECK(ipv6_mtu(c) == 20000);
	ti = tcp_info6(c);
	CHECK(ti.tcpi_snd_mss == 20000 - 40 - 20 - 12);        /* IPv6, TCP, timestamps */
	transfer6(c, s, 256 * 1024, 2);
	CHECK(tcp_info6(c).tcpi_pmtu == 20000);
	CHECK(route6_get_mtu(&expires) == 20000);
	CHECK(expires > 0 && expires <= 600 * 100);
	/* a few bytes lower still lowers the MSS (the timestamp counted) */
	q = fresh_segment6(r, c, s);
	send_ptb(&q, 19995);
	WAIT_FOR(tcp_info6(c).tcpi_pmtu == 19995, 10);
	CHECK(tcp_info6(c).tcpi_snd_mss == 19995 - 40 - 20 - 12);
	transfer6(c, s, 64 * 1024, 5);
	close(c);
	close(s);
	close(r);
}

/* A quoted sequence number outside [snd_una, snd_nxt] is
 * OutOfWindowIcmps and changes nothing. */
static void net6_pmtu_tcp_window(void)
{
	int r = socket(AF_INET6, SOCK_RAW, IPPROTO_TCP), c, s, pmtu;
	struct quote6 q;
	struct tcphdr *th;
	long oow;

	CHECK(r >= 0);
	tcp6_pair(&c, &s);
	transfer6(c, s, 16 * 1024, 3);
	pmtu = tcp_info6(c).tcpi_pmtu;
	oow = tcpext("OutOfWindowIcmps");
	q = fresh_segment6(r, c, s);
	th = (struct tcphdr *)(q.b + 40);
	th->th_seq = htonl(ntohl(th->th_seq) + 100000);
	send_ptb(&q, 15000);
	WAIT_FOR(tcpext("OutOfWindowIcmps") > oow, 10);
	CHECK(tcp_info6(c).tcpi_pmtu == (unsigned)pmtu);
	transfer6(c, s, 16 * 1024, 4);
	close(c);
	close(s);
	close(r);
}

/* A connected UDP socket: Packet Too Big quoting its datagram is a hard
 * error (EMSGSIZE, once), IPV6_MTU falls, and with IPV6_DONTFRAG a
 * datagram above it is EMSGSIZE, one that fits still goes. */
static void net6_pmtu_udp(void)
{
	int srv = socket(AF_INET6, SOCK_DGRAM, 0), u = socket(AF_INET6, SOCK_DGRAM, 0);
	struct addr sa = lo6(0), ua;
	static char big[9000];
	struct udphdr_ {
		uint16_t source, dest, len, check;
	} uh;
	struct quote6 q;

	CHECK(srv >= 0 && u >= 0);
	CHECK_OK(bind(srv, &sa.sa, sa.len));
	sa = sock_name(srv);
	CHECK_OK(connect(u, &sa.sa, sa.len));
	set_int_opt(u, IPPROTO_IPV6, IPV6_DONTFRAG, 1);
	ua = sock_name(u);
	uh.source = ua.in6.sin6_port;
	uh.dest = sa.in6.sin6_port;
	uh.len = htons(8 + 100);
	uh.check = 0;
	q = quote6_make(IPPROTO_UDP, &uh, sizeof(uh));
	send_ptb(&q, 9000);
	WAIT_FOR(ipv6_mtu(u) == 9000, 10);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_ERROR) == EMSGSIZE);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_ERROR) == 0);
	CHECK_ERR(send(u, big, 9000 - 40 - 8 + 1, 0), EMSGSIZE);
	CHECK(send(u, big, 9000 - 40 - 8, 0) == 9000 - 40 - 8);
	CHECK(recv(srv, big, sizeof(big), 0) == 9000 - 40 - 8);
	close(u);
	close(srv);
}

/* A Packet Too Big below 1280 is ignored (every IPv6 link carries that
 * much, RFC 8201 4: never below it), one of 1280 is taken; then the
 * cache is forgotten. The two are handled in order: the first would
 * have left 1280, which the second cannot raise. */
static void net6_pmtu_min(void)
{
	int srv = socket(AF_INET6, SOCK_DGRAM, 0), u = socket(AF_INET6, SOCK_DGRAM, 0);
	struct addr sa = lo6(0), ua;
	struct {
		uint16_t source, dest, len, check;
	} uh;
	struct quote6 q;
	long expires;

	CHECK(srv >= 0 && u >= 0);
	CHECK_OK(bind(srv, &sa.sa, sa.len));
	sa = sock_name(srv);
	CHECK_OK(connect(u, &sa.sa, sa.len));
	ua = sock_name(u);
	uh.source = ua.in6.sin6_port;
	uh.dest = sa.in6.sin6_port;
	uh.len = htons(8 + 100);
	uh.check = 0;
	q = quote6_make(IPPROTO_UDP, &uh, sizeof(uh));
	send_ptb(&q, 1000);
	send_ptb(&q, 1300);
	WAIT_FOR(ipv6_mtu(u) == 1300, 10);
	send_ptb(&q, 1280);
	WAIT_FOR(ipv6_mtu(u) == 1280, 10);
	CHECK(route6_get_mtu(&expires) == 1280);
	close(u);
	close(srv);
	CHECK(route6_del_cached() == 0);
	CHECK(route6_get_mtu(&expires) == 0);
	pmtu6_flush();
	u = socket(AF_INET6, SOCK_DGRAM, 0);
	CHECK_OK(connect(u, &sa.sa, sa.len));
	CHECK(ipv6_mtu(u) == 65536);
	close(u);
}

const struct test net6_pmtu_tests[] = {
	{ "net6_pmtu_opts", net6_pmtu_opts },
	{ "net6_pmtu_tcp", net6_pmtu_tcp },
	{ "net6_pmtu_tcp_window", net6_pmtu_tcp_window },
	{ "net6_pmtu_udp", net6_pmtu_udp },
	{ "net6_pmtu_min", net6_pmtu_min },
	{ NULL, NULL },
};
