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
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
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

/* RTM_DELROUTE of ::1's cached route (`ip -6 route flush cache`): the
 * error of the acknowledgement (0 when it forgot one). */
static int route6_del_cached(void)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_table = RT_TABLE_LOCAL,
			     .rtm_flags = RTM_F_CLONED };
	static char buf[4096];
	struct nlmsghdr *h = route_request(RTM_DELROUTE, NLM_F_ACK, &rtm, &in6addr_loopback,
					   buf, sizeof(buf));

	CHECK(h->nlmsg_type == NLMSG_ERROR);
	return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
}

/* Forget what ::1 learnt (see the top). */
static void pmtu6_flush(void)
{
	write_proc("/proc/sys/net/ipv6/route/flush", "1\n");
	route6_del_cached();
}

/* `ip -6 route get ::1` (route_get_mtu). */
static unsigned route6_get_mtu(long *expires)
{
	return route_get_mtu(AF_INET6, &in6addr_loopback, expires);
}

static int ipv6_mtu(int fd)
{
	return get_int_opt(fd, IPPROTO_IPV6, IPV6_MTU);
}

/* A UDP socket *srv on ::1 (at *sa), another, *u, connected to it, and
 * the quote of a datagram of 100 bytes from *u. */
static struct quote udp6_pair(int *srv, int *u, struct addr *sa)
{
	struct addr ua;
	struct {
		uint16_t source, dest, len, check;
	} uh;

	*srv = bound_socket(LO6_NATIVE, SOCK_DGRAM, sa);
	*u = socket(AF_INET6, SOCK_DGRAM, 0);
	CHECK(*u >= 0);
	CHECK_OK(connect(*u, &sa->sa, sa->len));
	ua = sock_name(*u);
	uh.source = ua.in6.sin6_port;
	uh.dest = sa->in6.sin6_port;
	uh.len = htons(8 + 100);
	uh.check = 0;
	return quote6_make(IPPROTO_UDP, &uh, sizeof(uh));
}

/* The options before anything is learnt: IPV6_MTU_DISCOVER is WANT and
 * takes 0..5; IPV6_MTU needs a peer and is then lo's MTU. */
static void net6_pmtu_opts(void)
{
	int u = socket(AF_INET6, SOCK_DGRAM, 0), v;
	struct addr a = lo_addr(LO6_NATIVE, 9);
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
	struct quote q;
	long expires;

	CHECK(r >= 0);
	tcp_pair(LO6_NATIVE, &c, &s);
	CHECK(ipv6_mtu(c) == 65536);
	transfer(c, s, 64 * 1024, 1);
	q = fresh_segment(r, c, s, NULL);
	send_too_big(&q, 20000);
	WAIT_FOR(tcp_info_of(c).tcpi_pmtu == 20000, 10);
	CHECK(ipv6_mtu(c) == 20000);
	ti = tcp_info_of(c);
	CHECK(ti.tcpi_snd_mss == 20000 - 40 - 20 - 12);        /* IPv6, TCP, timestamps */
	transfer(c, s, 256 * 1024, 2);
	CHECK(tcp_info_of(c).tcpi_pmtu == 20000);
	CHECK(route6_get_mtu(&expires) == 20000);
	CHECK(expires > 0 && expires <= 600 * 100);
	/* a few bytes lower still lowers the MSS (the timestamp counted) */
	q = fresh_segment(r, c, s, NULL);
	send_too_big(&q, 19995);
	WAIT_FOR(tcp_info_of(c).tcpi_pmtu == 19995, 10);
	CHECK(tcp_info_of(c).tcpi_snd_mss == 19995 - 40 - 20 - 12);
	transfer(c, s, 64 * 1024, 5);
	close(c);
	close(s);
	close(r);
}

/* A quoted sequence number outside [snd_una, snd_nxt] is
 * OutOfWindowIcmps and changes nothing. */
static void net6_pmtu_tcp_window(void)
{
	int r = socket(AF_INET6, SOCK_RAW, IPPROTO_TCP), c, s, pmtu;
	struct quote q;
	long oow;

	CHECK(r >= 0);
	tcp_pair(LO6_NATIVE, &c, &s);
	transfer(c, s, 16 * 1024, 3);
	pmtu = tcp_info_of(c).tcpi_pmtu;
	oow = tcpext("OutOfWindowIcmps");
	q = fresh_segment(r, c, s, NULL);
	quote_set_seq(&q, quote_seq(&q) + 100000);
	send_too_big(&q, 15000);
	WAIT_FOR(tcpext("OutOfWindowIcmps") > oow, 10);
	CHECK(tcp_info_of(c).tcpi_pmtu == (unsigned)pmtu);
	transfer(c, s, 16 * 1024, 4);
	close(c);
	close(s);
	close(r);
}

/* A connected UDP socket: Packet Too Big quoting its datagram is a hard
 * error (EMSGSIZE, once), IPV6_MTU falls, and with IPV6_DONTFRAG a
 * datagram above it is EMSGSIZE, one that fits still goes. */
static void net6_pmtu_udp(void)
{
	static char big[9000];
	struct addr sa;
	int srv, u;
	struct quote q = udp6_pair(&srv, &u, &sa);

	set_int_opt(u, IPPROTO_IPV6, IPV6_DONTFRAG, 1);
	send_too_big(&q, 9000);
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
	struct addr sa;
	int srv, u;
	struct quote q = udp6_pair(&srv, &u, &sa);
	long expires;

	send_too_big(&q, 1000);
	send_too_big(&q, 1300);
	WAIT_FOR(ipv6_mtu(u) == 1300, 10);
	send_too_big(&q, 1280);
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
