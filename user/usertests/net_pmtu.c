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
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef IP_PMTUDISC_PROBE
#define IP_PMTUDISC_PROBE 3
#endif
#ifndef IP_PMTUDISC_OMIT
#define IP_PMTUDISC_OMIT 5
#endif

/* A quoted packet: its IP header and the first bytes of its transport header. */
struct quote {
	unsigned char b[60];
	int len;
};

static void pmtu_flush(void)
{
	int fd = open("/proc/sys/net/ipv4/route/flush", O_WRONLY);

	CHECK(fd >= 0);
	CHECK(write(fd, "1\n", 2) == 2);
	close(fd);
}

static uint16_t csum(const void *p, int len)
{
	const unsigned char *b = p;
	uint32_t s = 0;

	for (int i = 0; i + 1 < len; i += 2)
		s += b[i] << 8 | b[i + 1];
	if (len & 1)
		s += b[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons(~s & 0xffff);
}

/* Send ICMP dest-unreachable/frag-needed with next-hop mtu, quoting q, to q's source. */
static void send_frag_needed(const struct quote *q, int mtu)
{
	unsigned char pkt[8 + sizeof(q->b)];
	struct sockaddr_in to = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);

	CHECK(fd >= 0);
	memset(pkt, 0, 8);
	pkt[0] = 3;                     /* ICMP_DEST_UNREACH */
	pkt[1] = 4;                     /* ICMP_FRAG_NEEDED */
	pkt[6] = mtu >> 8;
	pkt[7] = mtu & 0xff;
	memcpy(pkt + 8, q->b, q->len);
	*(uint16_t *)(pkt + 2) = csum(pkt, 8 + q->len);
	memcpy(&to.sin_addr, q->b + 12, 4);     /* the quoted packet's source: us */
	CHECK(sendto(fd, pkt, 8 + q->len, 0, (struct sockaddr *)&to, sizeof(to)) == 8 + q->len);
	close(fd);
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

static struct tcp_info tcp_info_of(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	CHECK_OK(getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len));
	return ti;
}

/* Our quotes carry no IP options: TCP starts at byte 20. */
static struct tcphdr *quote_tcp(struct quote *q)
{
	return (struct tcphdr *)(q->b + 20);
}

static void quote_set_seq(struct quote *q, uint32_t seq)
{
	quote_tcp(q)->th_seq = htonl(seq);
}

/*
 * A fresh segment of c's: drain what the raw TCP socket r holds, let c
 * send a few bytes to s, and take the last segment c sent as r saw it,
 * its sequence number moved to its end (snd_nxt: inside [snd_una,
 * snd_nxt] whether or not it was acknowledged yet). Also whether it had
 * DF.
 */
static struct quote fresh_segment(int r, int c, int s, int *df)
{
	struct addr me = sock_name(c), peer = peer_name(c);
	static unsigned char pkt[70000];
	struct quote q;
	uint32_t seq = 0;
	char b[100];

	memset(&q, 0, sizeof(q));
	ssize_t n;

	while (recv(r, pkt, sizeof(pkt), MSG_DONTWAIT) > 0)
		;
	memset(b, 'q', sizeof(b));
	send_all(c, b, sizeof(b));
	recv_all(s, b, sizeof(b));
	while ((n = recv(r, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0) {
		struct ip *ip = (struct ip *)pkt;
		struct tcphdr *th = (struct tcphdr *)(pkt + ip->ip_hl * 4);
		int plen = ntohs(ip->ip_len) - ip->ip_hl * 4 - th->th_off * 4;

		if (n < 40 || ip->ip_hl != 5 || th->th_sport != me.in.sin_port ||
		    th->th_dport != peer.in.sin_port || ip->ip_src.s_addr != me.in.sin_addr.s_addr)
			continue;
		q.len = 40;
		memcpy(q.b, pkt, q.len);
		seq = ntohl(th->th_seq) + plen + !!(th->th_flags & (TH_SYN | TH_FIN));
		*df = !!(ntohs(ip->ip_off) & IP_DF);
	}
	CHECK(q.len > 0);
	quote_set_seq(&q, seq);
	return q;
}

/*
 * `ip route get` for 127.0.15.host over NETLINK_ROUTE: the RTAX_MTU of
 * the answer's RTA_METRICS (0 if none) and RTA_CACHEINFO's expiry, ticks.
 */
static unsigned route_get_mtu_addr(struct in_addr dst, long *expires);

static unsigned route_get_mtu(int host, long *expires)
{
	return route_get_mtu_addr(pmtu_addr(host, 0).in.sin_addr, expires);
}

static unsigned route_get_mtu_addr(struct in_addr dst, long *expires)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rtm;
		struct rtattr rta;
		struct in_addr dst;
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
	req.nh.nlmsg_seq = 77;
	req.rtm.rtm_family = AF_INET;
	req.rtm.rtm_dst_len = 32;
	req.rta.rta_len = RTA_LENGTH(4);
	req.rta.rta_type = RTA_DST;
	req.dst = dst;
	CHECK(send(fd, &req, sizeof(req), 0) == sizeof(req));
	n = recv(fd, buf, sizeof(buf), 0);
	CHECK(NLMSG_OK(h, n) && h->nlmsg_type == RTM_NEWROUTE && h->nlmsg_seq == 77);
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

static void fill(char *buf, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(i * 7 + seed + (i >> 10));
}

/* c sends n patterned bytes, s gets them all, the same. */
static void transfer(int c, int s, size_t n, unsigned seed)
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
	send_frag_needed(&q, 1400);
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
	CHECK(route_get_mtu(1, &expires) == 1400);
	CHECK(expires > 0 && expires <= 600 * 100);
	/* a second, lower report: lower again */
	q = fresh_segment(r, c, s, &df);
	CHECK(df);
	send_frag_needed(&q, 1280);
	WAIT_FOR(tcp_info_of(c).tcpi_pmtu == 1280, 10);
	transfer(c, s, 64 * 1024, 3);
	close(c);
	close(s);
	close(r);
	pmtu_flush();
	CHECK(route_get_mtu(1, &expires) == 0);
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

	oow = proc_net_mib("/proc/net/netstat", "TcpExt:", "OutOfWindowIcmps");
	q = fresh_segment(r, c, s, &df);
	bad = q;
	quote_set_seq(&bad, ntohl(quote_tcp(&q)->th_seq) + 100000);
	send_frag_needed(&bad, 1300);
	WAIT_FOR(proc_net_mib("/proc/net/netstat", "TcpExt:", "OutOfWindowIcmps") > oow, 10);

	unreach = proc_net_mib("/proc/net/snmp", "Icmp:", "InDestUnreachs");
	bad = q;
	bad.len = 20 + 4;               /* the ports, not the sequence number */
	send_frag_needed(&bad, 1300);
	WAIT_FOR(proc_net_mib("/proc/net/snmp", "Icmp:", "InDestUnreachs") > unreach, 10);

	bad = q;
	bad.b[20] ^= 0x55;              /* another source port: no such connection */
	unreach = proc_net_mib("/proc/net/snmp", "Icmp:", "InDestUnreachs");
	send_frag_needed(&bad, 1300);
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
	send_frag_needed(&q, 100);
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

	memset(&q, 0, sizeof(q));
	q.b[0] = 0x45;
	q.b[2] = 0x05;                  /* total length 1500 */
	q.b[3] = 0xdc;
	q.b[6] = 0x40;                  /* DF */
	q.b[8] = 64;
	q.b[9] = IPPROTO_UDP;
	memcpy(q.b + 12, &me.in.sin_addr, 4);
	memcpy(q.b + 16, &to.in.sin_addr, 4);
	*(uint16_t *)(q.b + 10) = csum(q.b, 20);
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
	send_frag_needed(&q, 1280);
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

static void write_sysctl(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	CHECK(fd >= 0);
	CHECK(write(fd, val, strlen(val)) == (ssize_t)strlen(val));
	close(fd);
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
	write_sysctl("/proc/sys/net/ipv4/ip_no_pmtu_disc", "1\n");
	u = socket(AF_INET, SOCK_DGRAM, 0);
	write_sysctl("/proc/sys/net/ipv4/ip_no_pmtu_disc", "0\n");
	CHECK(u >= 0);
	CHECK(get_int_opt(u, IPPROTO_IP, IP_MTU_DISCOVER) == IP_PMTUDISC_DONT);
	close(u);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(get_int_opt(u, IPPROTO_IP, IP_MTU_DISCOVER) == IP_PMTUDISC_WANT);
	close(u);
	pmtu_flush();
	CHECK(proc_net_mib("/proc/net/netstat", "TcpExt:", "OutOfWindowIcmps") >= 0);
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
