/*
 * Helpers for the socket tests: loopback addresses, listeners and
 * connected pairs on kernel-chosen ports, whole-buffer send/recv.
 */
#include "net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdlib.h>

struct addr lo_addr(enum lo_kind kind, uint16_t port)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	if (kind == LO4) {
		a.in.sin_family = AF_INET;
		a.in.sin_port = htons(port);
		a.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		a.len = sizeof(a.in);
		return a;
	}
	a.in6.sin6_family = AF_INET6;
	a.in6.sin6_port = htons(port);
	/* LO6 and LO_MAPPED reach the loopback through the IPv4-mapped
	 * address (the dual-stack path); LO6_NATIVE is IPv6's own ::1. */
	if (kind == LO6 || kind == LO_MAPPED)
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.in6.sin6_addr);
	else if (kind == LO6_NATIVE)
		a.in6.sin6_addr = in6addr_loopback;
	a.len = sizeof(a.in6);
	return a;
}

int lo_family(enum lo_kind kind)
{
	return kind == LO4 ? AF_INET : AF_INET6;
}

uint16_t addr_port(const struct addr *a)
{
	return ntohs(a->sa.sa_family == AF_INET ? a->in.sin_port
						 : a->in6.sin6_port);
}

struct addr sock_name(int fd)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	a.len = sizeof(a.ss);
	if (getsockname(fd, &a.sa, &a.len) != 0)
		fail("getsockname(%d): errno %d (%s)", fd, errno,
		     strerrorname(errno));
	return a;
}

struct addr peer_name(int fd)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	a.len = sizeof(a.ss);
	if (getpeername(fd, &a.sa, &a.len) != 0)
		fail("getpeername(%d): errno %d (%s)", fd, errno,
		     strerrorname(errno));
	return a;
}

int addr_eq(const struct addr *a, const struct addr *b)
{
	if (a->sa.sa_family != b->sa.sa_family)
		return 0;
	if (a->sa.sa_family == AF_INET)
		return a->in.sin_port == b->in.sin_port &&
			a->in.sin_addr.s_addr == b->in.sin_addr.s_addr;
	return a->in6.sin6_port == b->in6.sin6_port &&
		memcmp(&a->in6.sin6_addr, &b->in6.sin6_addr, 16) == 0;
}

int bound_socket(enum lo_kind kind, int type, struct addr *out)
{
	struct addr a = lo_addr(kind, 0);
	int fd = socket(lo_family(kind), type, 0);

	if (fd < 0)
		fail("socket(%d, %#x): errno %d (%s)", lo_family(kind), type,
		     errno, strerrorname(errno));
	if (bind(fd, &a.sa, a.len) != 0)
		fail("bind: errno %d (%s)", errno, strerrorname(errno));
	if (out) {
		*out = sock_name(fd);
		if (kind == ANY6)	/* where to reach it */
			*out = lo_addr(LO6, addr_port(out));
	}
	return fd;
}

int tcp_listener(enum lo_kind kind, int backlog, struct addr *out)
{
	int fd = bound_socket(kind, SOCK_STREAM, out);

	if (listen(fd, backlog) != 0)
		fail("listen: errno %d (%s)", errno, strerrorname(errno));
	return fd;
}

int tcp_connect(const struct addr *a)
{
	int fd = socket(a->sa.sa_family, SOCK_STREAM, 0);

	if (fd < 0)
		fail("socket: errno %d (%s)", errno, strerrorname(errno));
	if (connect(fd, &a->sa, a->len) != 0)
		fail("connect to port %d: errno %d (%s)", addr_port(a), errno,
		     strerrorname(errno));
	return fd;
}

void tcp_pair(enum lo_kind kind, int *c, int *s)
{
	struct addr a;
	int l = tcp_listener(kind, 1, &a);

	/* The handshake completes in the kernel: connect returns before
	 * accept is called. */
	*c = tcp_connect(&a);
	*s = accept(l, NULL, NULL);
	if (*s < 0)
		fail("accept: errno %d (%s)", errno, strerrorname(errno));
	close(l);
}

struct addr closed_tcp_port(enum lo_kind kind, int *fd)
{
	struct addr a;

	*fd = bound_socket(kind, SOCK_STREAM, &a);
	return a;
}

void set_int_opt(int fd, int level, int opt, int val)
{
	if (setsockopt(fd, level, opt, &val, sizeof(val)) != 0)
		fail("setsockopt(%d, %d, %d): errno %d (%s)", fd, level, opt,
		     errno, strerrorname(errno));
}

int get_int_opt(int fd, int level, int opt)
{
	int val = -12345;
	socklen_t len = sizeof(val);

	if (getsockopt(fd, level, opt, &val, &len) != 0)
		fail("getsockopt(%d, %d, %d): errno %d (%s)", fd, level, opt,
		     errno, strerrorname(errno));
	if (len != sizeof(val))
		fail("getsockopt(%d, %d, %d): len %u", fd, level, opt,
		     (unsigned)len);
	return val;
}

void set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK
				       : fl & ~O_NONBLOCK) != 0)
		fail("fcntl(%d, O_NONBLOCK): errno %d", fd, errno);
}

void send_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t r = send(fd, p, n, MSG_NOSIGNAL);
		if (r <= 0)
			fail("send: %zd errno %d (%s)", r, errno,
			     strerrorname(errno));
		p += r;
		n -= r;
	}
}

void recv_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n > 0) {
		ssize_t r = recv(fd, p, n, 0);
		if (r <= 0)
			fail("recv: %zd errno %d (%s), %zu bytes short", r,
			     errno, strerrorname(errno), n);
		p += r;
		n -= r;
	}
}

int poll1(int fd, int events, int ms)
{
	struct pollfd pfd = { fd, events, 0 };
	int r = poll(&pfd, 1, ms);

	if (r < 0)
		fail("poll: errno %d", errno);
	return r ? pfd.revents : 0;
}

long proc_net_mib(const char *path, const char *tag, const char *name)
{
	static char buf[16384];
	char *hdr, *val, *hs, *vs, *h, *v;
	size_t tl = strlen(tag);

	CHECK(read_text(path, buf, sizeof(buf)) > 0);
	for (hdr = buf; hdr && strncmp(hdr, tag, tl); hdr = strchr(hdr, '\n'), hdr = hdr ? hdr + 1 : NULL)
		;
	CHECK(hdr != NULL);
	val = strchr(hdr, '\n');
	CHECK(val && !strncmp(val + 1, tag, tl));
	*val++ = 0;
	CHECK(strchr(val, '\n') != NULL);
	*strchr(val, '\n') = 0;
	h = strtok_r(hdr, " ", &hs);
	v = strtok_r(val, " ", &vs);
	while ((h = strtok_r(NULL, " ", &hs)) && (v = strtok_r(NULL, " ", &vs)))
		if (!strcmp(h, name))
			return atol(v);
	fail("%s: no %s %s", path, tag, name);
}

long tcpext(const char *name)
{
	return proc_net_mib("/proc/net/netstat", "TcpExt:", name);
}

struct tcp_info tcp_info_of(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0)
		fail("TCP_INFO: errno %d", errno);
	return ti;
}

int tcp_state(int fd)
{
	return tcp_info_of(fd).tcpi_state;
}

void transfer(int c, int s, size_t n, unsigned seed)
{
	char *out = malloc(n), *in = malloc(n);
	pid_t pid;

	CHECK(out && in);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(i * 7 + seed + (i >> 10));
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

void write_proc(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	CHECK(fd >= 0);
	CHECK(write(fd, val, strlen(val)) == (ssize_t)strlen(val));
	close(fd);
}

uint32_t inet_csum_add(uint32_t sum, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

uint16_t inet_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t csum_ipv6(const struct in6_addr *src, const struct in6_addr *dst,
		   const void *l4, size_t len, int proto)
{
	uint32_t sum = inet_csum_add(inet_csum_add(0, src, 16), dst, 16);

	return inet_csum_fold(inet_csum_add(sum + (uint32_t)len + proto, l4, len));
}

static int quote_is_v6(const struct quote *q)
{
	return q->b[0] >> 4 == 6;
}

/* Where q's transport header starts. Its bytes are written with memcpy:
 * a store through a struct tcphdr pointer into the byte array breaks
 * strict aliasing, and -O2 may drop it from the copy that is returned. */
static int quote_l4(const struct quote *q)
{
	return quote_is_v6(q) ? 40 : 20;
}

uint32_t quote_seq(const struct quote *q)
{
	uint32_t seq;

	memcpy(&seq, q->b + quote_l4(q) + 4, 4);
	return ntohl(seq);
}

void quote_set_seq(struct quote *q, uint32_t seq)
{
	seq = htonl(seq);
	memcpy(q->b + quote_l4(q) + 4, &seq, 4);
}

struct quote quote6_make(int nexthdr, const void *th, int thlen)
{
	struct quote q;
	struct ip6_hdr h;

	CHECK(thlen <= (int)sizeof(q.b) - 40);
	memset(&q, 0, sizeof(q));
	memset(&h, 0, sizeof(h));
	h.ip6_flow = htonl(6u << 28);
	h.ip6_plen = htons(thlen);
	h.ip6_nxt = nexthdr;
	h.ip6_hlim = 64;
	h.ip6_src = in6addr_loopback;
	h.ip6_dst = in6addr_loopback;
	memcpy(q.b, &h, 40);
	memcpy(q.b + 40, th, thlen);
	q.len = 40 + thlen;
	return q;
}

/*
 * IPv4's raw sockets give the IP header (the quote is the segment's own
 * first 40 bytes), IPv6's do not (the quote's is made up). The sequence
 * number moves to the segment's end (snd_nxt), which is inside [snd_una,
 * snd_nxt] whether or not the segment was acknowledged yet.
 */
struct quote fresh_segment(int r, int c, int s, int *df)
{
	struct addr me = sock_name(c), peer = peer_name(c);
	int v4 = me.sa.sa_family == AF_INET, iphl = v4 ? 20 : 0;
	static unsigned char pkt[70000];
	struct quote q;
	uint32_t seq = 0;
	char b[100];
	ssize_t n;

	memset(&q, 0, sizeof(q));
	while (recv(r, pkt, sizeof(pkt), MSG_DONTWAIT) > 0)
		;
	memset(b, 'q', sizeof(b));
	send_all(c, b, sizeof(b));
	recv_all(s, b, sizeof(b));
	while ((n = recv(r, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0) {
		struct ip *ip = (struct ip *)pkt;
		struct tcphdr *th = (struct tcphdr *)(pkt + iphl);
		int plen = (v4 ? ntohs(ip->ip_len) - iphl : n) - th->th_off * 4;

		if (n < iphl + 20 || th->th_sport != htons(addr_port(&me)) ||
		    th->th_dport != htons(addr_port(&peer)))
			continue;
		if (v4 && (ip->ip_hl != 5 || ip->ip_src.s_addr != me.in.sin_addr.s_addr))
			continue;
		if (v4) {
			q.len = iphl + 20;
			memcpy(q.b, pkt, q.len);
			if (df)
				*df = !!(ntohs(ip->ip_off) & IP_DF);
		} else {
			q = quote6_make(IPPROTO_TCP, th, 20);
		}
		seq = ntohl(th->th_seq) + plen + !!(th->th_flags & (TH_SYN | TH_FIN));
	}
	CHECK(q.len > 0);
	quote_set_seq(&q, seq);
	return q;
}

/* ICMPv6's raw socket sums the message itself; ICMP's is ours. */
void send_too_big(const struct quote *q, uint32_t mtu)
{
	unsigned char pkt[8 + sizeof(q->b)];
	struct addr to;
	int v6 = quote_is_v6(q);
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);

	CHECK(fd >= 0);
	memset(pkt, 0, 8);
	memset(&to, 0, sizeof(to));
	if (v6) {
		pkt[0] = ICMP6_PACKET_TOO_BIG;
		pkt[4] = mtu >> 24;
		pkt[5] = mtu >> 16;
		to.in6.sin6_family = AF_INET6;
		memcpy(&to.in6.sin6_addr, q->b + 8, 16);
		to.len = sizeof(to.in6);
	} else {
		pkt[0] = ICMP_UNREACH;
		pkt[1] = ICMP_UNREACH_NEEDFRAG;
		to.in.sin_family = AF_INET;
		memcpy(&to.in.sin_addr, q->b + 12, 4);
		to.len = sizeof(to.in);
	}
	pkt[6] = mtu >> 8;
	pkt[7] = mtu;
	memcpy(pkt + 8, q->b, q->len);
	if (!v6) {
		uint16_t ck = htons(inet_csum_fold(inet_csum_add(0, pkt, 8 + q->len)));

		memcpy(pkt + 2, &ck, 2);
	}
	CHECK(sendto(fd, pkt, 8 + q->len, 0, &to.sa, to.len) == 8 + q->len);
	close(fd);
}

struct nlmsghdr *route_request(int type, int flags, const struct rtmsg *rtm,
			       const void *dst, void *buf, size_t size)
{
	static uint32_t seq = 6600;
	struct {
		struct nlmsghdr nh;
		struct rtmsg rtm;
		struct rtattr rta;
		unsigned char dst[16];
	} req;
	size_t alen = rtm->rtm_family == AF_INET ? 4 : 16;
	struct nlmsghdr *h = buf;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ssize_t n;

	CHECK(fd >= 0);
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.rtm)) + RTA_LENGTH(alen);
	req.nh.nlmsg_type = type;
	req.nh.nlmsg_flags = NLM_F_REQUEST | flags;
	req.nh.nlmsg_seq = ++seq;
	req.rtm = *rtm;
	req.rtm.rtm_dst_len = alen * 8;
	req.rta.rta_len = RTA_LENGTH(alen);
	req.rta.rta_type = RTA_DST;
	memcpy(req.dst, dst, alen);
	CHECK(send(fd, &req, req.nh.nlmsg_len, 0) == (ssize_t)req.nh.nlmsg_len);
	CHECK(poll1(fd, POLLIN, 5000) & POLLIN);
	n = recv(fd, buf, size, 0);
	CHECK(n > 0 && NLMSG_OK(h, n) && h->nlmsg_seq == seq);
	close(fd);
	return h;
}

unsigned route_get_mtu(int family, const void *dst, long *expires)
{
	struct rtmsg rtm = { .rtm_family = family };
	static char buf[8192];
	struct nlmsghdr *h = route_request(RTM_GETROUTE, 0, &rtm, dst, buf, sizeof(buf));
	struct rtattr *rta, *m;
	unsigned mtu = 0;
	int len, ml;

	CHECK(h->nlmsg_type == RTM_NEWROUTE);
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
	return mtu;
}
