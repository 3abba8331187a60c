/*
 * Path MTU discovery (Documentation/tcp-loss.md, "Path MTU"): an ICMP
 * fragmentation-needed forged through a raw socket, quoting a real
 * segment of a loopback connection (read from a raw TCP socket), lowers
 * the socket's IP_MTU and TCP's MSS and the transfer still arrives whole;
 * a UDP socket with IP_PMTUDISC_DO gets EMSGSIZE above the learnt MTU;
 * garbage (a sequence number out of the window, a quote too short to
 * name the connection, an MTU below min_pmtu) is counted or clamped as
 * Linux does.
 *
 * Linux keeps path MTU exceptions for local destinations too, so each
 * test uses its own address in 127/8 (127.0.15.x) and flushes the cache
 * (net.ipv4.route.flush) at its end: no other test's 127.0.0.1 sees it.
 */
#include "net.h"

#include <arpa/inet.h>
#include <string.h>

#ifndef IP_PMTUDISC_PROBE
#define IP_PMTUDISC_PROBE 3
#endif
#ifndef IP_PMTUDISC_OMIT
#define IP_PMTUDISC_OMIT 5
#endif

static void pmtu_flush(void)
{
	write_proc("/proc/sys/net/ipv4/route/flush", "1\n");
}

static struct addr pmtu_addr(int host, uint16_t port)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	a.in.sin_family = AF_INET;
	a.in.sin_port = htons(port);
	a.in.sin_addr.s_addr = htonl(0x7f000f00 | host);        /* 127.0.15.host */
	a.len = sizeof(a.in);
	return a;
}

/* A TCP pair to 127.0.15.host: *c connected, *s accepted. */
static void pmtu_tcp_pair(int host, int *c, int *s)
{
	struct addr a = pmtu_addr(host, 0);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	CHECK(l >= 0);
	CHECK_OK(bind(l, &a.sa, a.len));
	CHECK_OK(listen(l, 1));
	a = sock_name(l);
	*c = tcp_connect(&a);
	*s = accept(l, NULL, NULL);
	CHECK(*s >= 0);
	close(l);
}

/* `ip route get` for 127.0.15.host (route_get_mtu). */
static unsigned route_get_mtu4(int host, long *expires)
{
	struct in_addr dst = pmtu_addr(host, 0).in.sin_addr;

	return route_get_mtu(AF_INET, &dst, expires);
}

static int ip_mtu(int fd)
{
	return get_int_opt(fd, IPPROTO_IP, IP_MTU);
}

/* Fragmentation needed for a live connection: IP_MTU, tcpi_pmtu and the
 * MSS fall, DF stays, and 256 KiB more arrive whole. */
static void net_pmtu_tcp(void)
{
	int r = socket(AF_INET, SOCK_RAW, IPPROTO_TCP), c, s, df = 0;
	struct tcp_info ti;
	struct quote q;

	CHECK(r >= 0);
	pmtu_tcp_pair(1, &c, &s);
	CHECK(ip_mtu(c) > 1400);
	transfer(c, s, 64 * 1024, 1);
	q = fresh_segment(r, c, s, &df);
	CHECK(df);                      /* IP_PMTUDISC_WANT: DF on */
	send_too_big(&q, 1400);
	WAIT_FOR(tcp_info_of(c).tcpi_pmtu == 1400, 10);
	CHECK(ip_mtu(c) == 1400);
	ti = tcp_info_of(c);
	/* 1400 - IP - TCP - the timestamp option */
	CHECK(ti.tcpi_snd_mss == 1400 - 20 - 20 - 12);
	transfer(c, s, 256 * 1024, 2);
	CHECK(ip_mtu(c) == 1400);
	CHECK(tcp_info_of(c).tcpi_pmtu == 1400);
	/* the server's path (to 127.0.0.1) did not change */
	CHECK(ip_mtu(s) > 1400);
	/* `ip route get` shows the learnt MTU and its lifetime (600 s) */
	long expires;
	CHECK(route_get_mtu4(1, &expires) == 1400);
	CHECK(expires > 0 && expires <= 600 * 100);
	/* a second, lower report: lower again */
	q = fresh_segment(r, c, s, &df);
	CHECK(df);
	send_too_big(&q, 1280);
	WAIT_FOR(tcp_info_of(c).tcpi_pmtu == 1280, 10);
	transfer(c, s, 64 * 1024, 3);
	close(c);
	close(s);
	close(r);
	pmtu_flush();
	CHECK(route_get_mtu4(1, &expires) == 0);
}

/* Garbage: a quote whose sequence number lies outside the window, one
 * too short to carry the ports and sequence, one for no connection.
 * None changes the path MTU; the first is OutOfWindowIcmps. */
static void net_pmtu_tcp_garbage(void)
{
	int r = socket(AF_INET, SOCK_RAW, IPPROTO_TCP), c, s, df, pmtu;
	long oow, unreach;
	struct quote q, bad;

	CHECK(r >= 0);
	pmtu_tcp_pair(2, &c, &s);
	transfer(c, s, 16 * 1024, 4);
	pmtu = tcp_info_of(c).tcpi_pmtu;
	CHECK(pmtu > 1400);

	oow = tcpext("OutOfWindowIcmps");
	q = fresh_segment(r, c, s, &df);
	bad = q;
	quote_set_seq(&bad, quote_seq(&q) + 100000);
	send_too_big(&bad, 1300);
	WAIT_FOR(tcpext("OutOfWindowIcmps") > oow, 10);

	unreach = proc_net_mib("/proc/net/snmp", "Icmp:", "InDestUnreachs");
	bad = q;
	bad.len = 20 + 4;               /* the ports, not the sequence number */
	send_too_big(&bad, 1300);
	WAIT_FOR(proc_net_mib("/proc/net/snmp", "Icmp:", "InDestUnreachs") > unreach, 10);

	bad = q;
	bad.b[20] ^= 0x55;              /* another source port: no such connection */
	unreach = proc_net_mib("/proc/net/snmp", "Icmp:", "InDestUnreachs");
	send_too_big(&bad, 1300);
	WAIT_FOR(proc_net_mib("/proc/net/snmp", "Icmp:", "InDestUnreachs") > unreach, 10);

	CHECK(tcp_info_of(c).tcpi_pmtu == pmtu);
	CHECK(ip_mtu(c) == pmtu);
	transfer(c, s, 16 * 1024, 5);
	close(c);
	close(s);
	close(r);
	pmtu_flush();
}

/* An MTU below net.ipv4.route.min_pmtu (552) is raised to it and locked:
 * TCP stops setting DF (IP_PMTUDISC_WANT), and data still flows. */
static void net_pmtu_tcp_min(void)
{
	int r = socket(AF_INET, SOCK_RAW, IPPROTO_TCP), c, s, df = 0;
	struct quote q;

	CHECK(r >= 0);
	pmtu_tcp_pair(3, &c, &s);
	transfer(c, s, 16 * 1024, 6);
	q = fresh_segment(r, c, s, &df);
	CHECK(df);
	send_too_big(&q, 100);
	WAIT_FOR(tcp_info_of(c).tcpi_pmtu == 552, 10);
	CHECK(ip_mtu(c) == 552);
	CHECK(tcp_info_of(c).tcpi_snd_mss == 552 - 40 - 12);
	transfer(c, s, 64 * 1024, 7);
	q = fresh_segment(r, c, s, &df);
	CHECK(!df);
	close(c);
	close(s);
	close(r);
	pmtu_flush();
}

/* A UDP datagram quoted: IP header (us -> to) and the UDP header. */
static struct quote udp_quote(int fd)
{
	struct addr me = sock_name(fd), to = peer_name(fd);
	struct quote q;
	uint16_t ck;

	memset(&q, 0, sizeof(q));
	q.b[0] = 0x45;
	q.b[2] = 0x05;                  /* total length 1500 */
	q.b[3] = 0xdc;
	q.b[6] = 0x40;                  /* DF */
	q.b[8] = 64;
	q.b[9] = IPPROTO_UDP;
	memcpy(q.b + 12, &me.in.sin_addr, 4);
	memcpy(q.b + 16, &to.in.sin_addr, 4);
	ck = htons(inet_csum_fold(inet_csum_add(0, q.b, 20)));
	memcpy(q.b + 10, &ck, 2);
	memcpy(q.b + 20, &me.in.sin_port, 2);
	memcpy(q.b + 22, &to.in.sin_port, 2);
	q.b[24] = 0x05;                 /* UDP length 1480 */
	q.b[25] = 0xc8;
	q.len = 28;
	return q;
}

static char udp_buf[4000];

/* IP_MTU's -1/ENOTCONN on an unconnected socket. */
static int ip_mtu_raw(int fd)
{
	int v;
	socklen_t len = sizeof(v);

	return getsockopt(fd, IPPROTO_IP, IP_MTU, &v, &len);
}

/* The pending error (SO_ERROR, which clears it). */
static int so_error(int fd)
{
	int err;
	socklen_t len = sizeof(err);

	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len));
	return err;
}

/* IP_PMTUDISC_DO: datagrams above the learnt path MTU get EMSGSIZE, and
 * the connected socket hears of the ICMP once; PROBE sends them anyway
 * (up to the device's MTU). */
static void net_pmtu_udp(void)
{
	struct addr ra = pmtu_addr(4, 0);
	int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0), tx2;
	struct quote q;

	CHECK(rx >= 0 && tx >= 0);
	CHECK_OK(bind(rx, &ra.sa, ra.len));
	ra = sock_name(rx);
	CHECK_ERR(ip_mtu_raw(tx), ENOTCONN);
	set_int_opt(tx, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO);
	CHECK_OK(connect(tx, &ra.sa, ra.len));
	CHECK(ip_mtu(tx) > 3000);
	CHECK(send(tx, udp_buf, 3000, 0) == 3000);
	CHECK(recv(rx, udp_buf, sizeof(udp_buf), 0) == 3000);

	q = udp_quote(tx);
	send_too_big(&q, 1280);
	WAIT_FOR(so_error(tx) == EMSGSIZE, 10);
	CHECK(ip_mtu(tx) == 1280);
	CHECK_ERR(send(tx, udp_buf, 3000, 0), EMSGSIZE);
	CHECK_ERR(send(tx, udp_buf, 1280 - 28 + 1, 0), EMSGSIZE);
	CHECK(send(tx, udp_buf, 1280 - 28, 0) == 1280 - 28);
	CHECK(recv(rx, udp_buf, sizeof(udp_buf), 0) == 1280 - 28);

	/* another socket's sendto meets the same path */
	tx2 = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(tx2 >= 0);
	set_int_opt(tx2, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO);
	CHECK_ERR(sendto(tx2, udp_buf, 3000, 0, &ra.sa, ra.len), EMSGSIZE);
	/* PROBE: the device's MTU, not the path's */
	set_int_opt(tx2, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE);
	CHECK(sendto(tx2, udp_buf, 3000, 0, &ra.sa, ra.len) == 3000);
	CHECK(recv(rx, udp_buf, sizeof(udp_buf), 0) == 3000);
	set_int_opt(tx, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE);
	CHECK(send(tx, udp_buf, 3000, 0) == 3000);
	CHECK(recv(rx, udp_buf, sizeof(udp_buf), 0) == 3000);
	CHECK(ip_mtu(tx) == 1280);
	close(tx2);
	close(rx);
	close(tx);
	pmtu_flush();
}

/* IP_MTU_DISCOVER takes Linux's six modes; IP_MTU needs a connection. */
static void net_pmtu_opts(void)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0), t = socket(AF_INET, SOCK_STREAM, 0);

	CHECK(u >= 0 && t >= 0);
	CHECK(get_int_opt(u, IPPROTO_IP, IP_MTU_DISCOVER) == IP_PMTUDISC_WANT);
	CHECK(get_int_opt(t, IPPROTO_IP, IP_MTU_DISCOVER) == IP_PMTUDISC_WANT);
	for (int v = IP_PMTUDISC_DONT; v <= IP_PMTUDISC_OMIT; v++) {
		set_int_opt(u, IPPROTO_IP, IP_MTU_DISCOVER, v);
		CHECK(get_int_opt(u, IPPROTO_IP, IP_MTU_DISCOVER) == v);
		set_int_opt(t, IPPROTO_IP, IP_MTU_DISCOVER, v);
		CHECK(get_int_opt(t, IPPROTO_IP, IP_MTU_DISCOVER) == v);
	}
	int bad = IP_PMTUDISC_OMIT + 1;
	CHECK_ERR(setsockopt(u, IPPROTO_IP, IP_MTU_DISCOVER, &bad, sizeof(bad)), EINVAL);
	bad = -1;
	CHECK_ERR(setsockopt(t, IPPROTO_IP, IP_MTU_DISCOVER, &bad, sizeof(bad)), EINVAL);
	CHECK_ERR(ip_mtu_raw(u), ENOTCONN);
	CHECK_ERR(ip_mtu_raw(t), ENOTCONN);
	close(u);
	close(t);
}

/* The sysctls, with Linux's defaults; ip_no_pmtu_disc 1 makes new
 * sockets IP_PMTUDISC_DONT. */
static void net_pmtu_sysctl(void)
{
	char buf[32];
	int u;

	CHECK(read_text("/proc/sys/net/ipv4/route/min_pmtu", buf, sizeof(buf)) > 0);
	CHECK(!strcmp(buf, "552\n"));
	CHECK(read_text("/proc/sys/net/ipv4/route/mtu_expires", buf, sizeof(buf)) > 0);
	CHECK(!strcmp(buf, "600\n"));
	CHECK(read_text("/proc/sys/net/ipv4/ip_no_pmtu_disc", buf, sizeof(buf)) > 0);
	CHECK(!strcmp(buf, "0\n"));
	write_proc("/proc/sys/net/ipv4/ip_no_pmtu_disc", "1\n");
	u = socket(AF_INET, SOCK_DGRAM, 0);
	write_proc("/proc/sys/net/ipv4/ip_no_pmtu_disc", "0\n");
	CHECK(u >= 0);
	CHECK(get_int_opt(u, IPPROTO_IP, IP_MTU_DISCOVER) == IP_PMTUDISC_DONT);
	close(u);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(get_int_opt(u, IPPROTO_IP, IP_MTU_DISCOVER) == IP_PMTUDISC_WANT);
	close(u);
	pmtu_flush();
	CHECK(tcpext("OutOfWindowIcmps") >= 0);
}

const struct test net_pmtu_tests[] = {
	{ "net_pmtu_sysctl", net_pmtu_sysctl },
	{ "net_pmtu_opts", net_pmtu_opts },
	{ "net_pmtu_tcp", net_pmtu_tcp },
	{ "net_pmtu_tcp_garbage", net_pmtu_tcp_garbage },
	{ "net_pmtu_tcp_min", net_pmtu_tcp_min },
	{ "net_pmtu_udp", net_pmtu_udp },
	{ NULL, NULL },
};
