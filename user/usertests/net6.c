/*
 * Native IPv6 over loopback: ::1 on lo (/proc/net/if_inet6, RTM_GETADDR),
 * routes (ENETUNREACH off the host), ICMPv6 echo sockets, UDP over ::1
 * (addresses, connect, ECONNREFUSED from a port unreachable, the
 * IPV6_* options and their control messages, V6ONLY), /proc/net/udp6 and
 * /proc/net/snmp6.
 */
#include "net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/uio.h>

#ifndef IPV6_RECVPKTINFO
#define IPV6_RECVPKTINFO 49
#endif

/* [::1]:port, or [addr]:port */
static struct addr a6(const char *addr, uint16_t port)
{
	struct addr a;

	memset(&a, 0, sizeof(a));
	a.in6.sin6_family = AF_INET6;
	a.in6.sin6_port = htons(port);
	CHECK(inet_pton(AF_INET6, addr, &a.in6.sin6_addr) == 1);
	a.len = sizeof(a.in6);
	return a;
}

/* An AF_INET6 socket of type (protocol proto) bound to [addr]:0. */
static int bound6(const char *addr, int type, int proto, struct addr *out)
{
	int fd = socket(AF_INET6, type, proto);
	struct addr a = a6(addr, 0);

	CHECK(fd >= 0);
	CHECK_OK(bind(fd, &a.sa, a.len));
	*out = sock_name(fd);
	return fd;
}

static int is_lo6(const struct addr *a)
{
	return a->sa.sa_family == AF_INET6 && IN6_IS_ADDR_LOOPBACK(&a->in6.sin6_addr);
}

/* /proc/net/if_inet6 lists ::1/128 on lo: host scope, permanent. */
static void net6_if_inet6(void)
{
	char buf[4096], addr[64], name[32];
	unsigned int idx, plen, scope, flags;
	int found = 0;
	char *line;

	CHECK(read_text("/proc/net/if_inet6", buf, sizeof(buf)) > 0);
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		CHECK(sscanf(line, "%63s %x %x %x %x %31s", addr, &idx, &plen, &scope, &flags,
			     name) == 6);
		CHECK(strlen(addr) == 32);
		if (strcmp(addr, "00000000000000000000000000000001"))
			continue;
		CHECK(strcmp(name, "lo") == 0 && idx == if_nametoindex("lo"));
		CHECK(plen == 0x80 && scope == 0x10 && (flags & 0x80));
		/* Linux's columns: the name right-aligned in 8 */
		CHECK(strstr(line, " 80 10 80       lo") != NULL);
		found++;
	}
	CHECK(found == 1);
}

struct addr_seen {
	int v4_lo, v6_lo, other6;
};

static void count_addr(struct nlmsghdr *h, void *arg)
{
	struct addr_seen *s = arg;
	struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct rtattr *rta = (struct rtattr *)((char *)ifa + NLMSG_ALIGN(sizeof(*ifa)));
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifa));
	struct in6_addr lo6 = IN6ADDR_LOOPBACK_INIT;

	CHECK(h->nlmsg_type == RTM_NEWADDR);
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type != IFA_ADDRESS)
			continue;
		if (ifa->ifa_family == AF_INET && RTA_PAYLOAD(rta) == 4 &&
		    *(uint32_t *)RTA_DATA(rta) == htonl(INADDR_LOOPBACK))
			s->v4_lo++;
		if (ifa->ifa_family == AF_INET6) {
			CHECK(RTA_PAYLOAD(rta) == 16);
			if (!memcmp(RTA_DATA(rta), &lo6, 16)) {
				CHECK(ifa->ifa_prefixlen == 128);
				CHECK(ifa->ifa_scope == RT_SCOPE_HOST);
				CHECK(ifa->ifa_index == if_nametoindex("lo"));
				s->v6_lo++;
			} else {
				s->other6++;
			}
		}
	}
}

/* Send the dump request req on a NETLINK_ROUTE socket; each answer up to
 * NLMSG_DONE goes to seen(h, arg). */
static void rtnl_dump(const struct nlmsghdr *req, void (*seen)(struct nlmsghdr *h, void *arg),
		      void *arg)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	static char buf[32768];
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct nlmsghdr *h;
	int n, rounds;

	CHECK(fd >= 0);
	CHECK(sendto(fd, req, req->nlmsg_len, 0, (struct sockaddr *)&k, sizeof(k)) ==
	      (ssize_t)req->nlmsg_len);
	for (rounds = 0; rounds < 1000; rounds++) {
		CHECK(poll1(fd, POLLIN, 5000) & POLLIN);
		n = recv(fd, buf, sizeof(buf), 0);
		CHECK(n > 0);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			CHECK(h->nlmsg_seq == req->nlmsg_seq && h->nlmsg_type != NLMSG_ERROR);
			if (h->nlmsg_type == NLMSG_DONE) {
				close(fd);
				return;
			}
			seen(h, arg);
		}
	}
	fail("dump never ended");
}

/* Run an RTM_GETADDR dump of family; the addresses seen. */
static struct addr_seen dump_addrs(int family)
{
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg gen;
	} req = { { NLMSG_LENGTH(sizeof(struct rtgenmsg)), RTM_GETADDR,
		    NLM_F_REQUEST | NLM_F_DUMP, 77, 0 }, { family } };
	struct addr_seen s = { 0 };

	rtnl_dump(&req.nh, count_addr, &s);
	return s;
}

/* RTM_GETADDR: AF_INET6 gives ::1 (and no IPv4); AF_UNSPEC both families. */
static void net6_rtm_getaddr(void)
{
	struct addr_seen s = dump_addrs(AF_INET6);

	CHECK(s.v6_lo == 1 && s.v4_lo == 0);
	s = dump_addrs(AF_UNSPEC);
	CHECK(s.v6_lo == 1 && s.v4_lo == 1);
	s = dump_addrs(AF_INET);
	CHECK(s.v6_lo == 0 && s.v4_lo == 1 && s.other6 == 0);
}

struct route_seen {
	int local_lo;
};

static void count_route(struct nlmsghdr *h, void *arg)
{
	struct route_seen *s = arg;
	struct rtmsg *rtm = NLMSG_DATA(h);
	struct rtattr *rta = (struct rtattr *)((char *)rtm + NLMSG_ALIGN(sizeof(*rtm)));
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*rtm));
	struct in6_addr lo6 = IN6ADDR_LOOPBACK_INIT;
	int is_lo = 0, oif = 0;

	CHECK(h->nlmsg_type == RTM_NEWROUTE && rtm->rtm_family == AF_INET6);
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == RTA_DST && RTA_PAYLOAD(rta) == 16)
			is_lo = !memcmp(RTA_DATA(rta), &lo6, 16);
		if (rta->rta_type == RTA_OIF)
			oif = *(int *)RTA_DATA(rta);
	}
	if (!is_lo || rtm->rtm_dst_len != 128 || oif != (int)if_nametoindex("lo"))
		return;
	if (rtm->rtm_type == RTN_LOCAL && rtm->rtm_table == RT_TABLE_LOCAL)
		s->local_lo++;
}

/* RTM_GETROUTE for AF_INET6: ::1's local route in table local; one
 * destination: ::1 is local, off-host unreachable. */
static void net6_rtm_getroute(void)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rtm;
	} req;
	struct rtmsg rtm = { .rtm_family = AF_INET6 };
	struct route_seen seen = { 0 };
	static char buf[4096];
	struct in6_addr dst;
	struct nlmsghdr *h;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 5;
	req.rtm.rtm_family = AF_INET6;
	rtnl_dump(&req.nh, count_route, &seen);
	CHECK(seen.local_lo == 1);
	/* one destination */
	CHECK(inet_pton(AF_INET6, "::1", &dst) == 1);
	h = route_request(RTM_GETROUTE, 0, &rtm, &dst, buf, sizeof(buf));
	CHECK(h->nlmsg_type == RTM_NEWROUTE);
	CHECK(((struct rtmsg *)NLMSG_DATA(h))->rtm_type == RTN_LOCAL);
	CHECK(inet_pton(AF_INET6, "2001:db8::1", &dst) == 1);
	h = route_request(RTM_GETROUTE, 0, &rtm, &dst, buf, sizeof(buf));
	CHECK(h->nlmsg_type == NLMSG_ERROR);
	CHECK(((struct nlmsgerr *)NLMSG_DATA(h))->error == -ENETUNREACH);
}

/* Off-host destinations have no route: ENETUNREACH, as with no default route. */
static void net6_unreachable(void)
{
	struct addr far = a6("2001:db8::1", 9), me;
	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	int b;

	CHECK(u >= 0);
	CHECK_ERR(connect(u, &far.sa, far.len), ENETUNREACH);
	CHECK_ERR(sendto(u, "x", 1, 0, &far.sa, far.len), ENETUNREACH);
	close(u);
	/* nor may a socket bind to an address the host does not have */
	b = socket(AF_INET6, SOCK_DGRAM, 0);
	CHECK(b >= 0);
	CHECK_ERR(bind(b, &far.sa, far.len), EADDRNOTAVAIL);
	close(b);
	b = bound6("::1", SOCK_DGRAM, 0, &me);
	CHECK(is_lo6(&me) && addr_port(&me) != 0);
	close(b);
}

#define PING_GROUPS "/proc/sys/net/ipv4/ping_group_range"

/* An ICMPv6 echo socket under the same group rule as IPv4's. */
static int ping6_socket(void)
{
	char old[64];
	int fd, err, w;
	ssize_t n;

	w = open(PING_GROUPS, O_RDWR);
	CHECK(w >= 0);
	n = read(w, old, sizeof(old) - 1);
	old[n > 0 ? n : 0] = 0;
	CHECK(pwrite(w, "1 0", 3, 0) == 3);
	CHECK_ERR(socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6), EACCES);
	CHECK(pwrite(w, "0 0", 3, 0) == 3);
	fd = socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6);
	err = errno;
	CHECK(pwrite(w, old, strlen(old), 0) == (ssize_t)strlen(old));
	close(w);
	if (fd < 0)
		fail("socket(ICMPv6 echo): %s", strerrorname(err));
	return fd;
}

struct echo6 {
	uint8_t type, code;
	uint16_t cksum, id, seq;
	char data[24];
};

/* Echo to ::1: the reply has our sequence and data, the socket's id, from ::1. */
static void net6_ping(void)
{
	struct echo6 e = { .type = ICMP6_ECHO_REQUEST, .seq = htons(606) }, r;
	struct addr to = a6("::1", 0), from, me;
	int fd = ping6_socket();

	strcpy(e.data, "shoal ping6 payload");
	CHECK(sendto(fd, &e, sizeof(e), 0, &to.sa, to.len) == sizeof(e));
	CHECK(poll1(fd, POLLIN, 5000) & POLLIN);
	from.len = sizeof(from.ss);
	memset(&r, 0, sizeof(r));
	CHECK(recvfrom(fd, &r, sizeof(r), 0, &from.sa, &from.len) == sizeof(r));
	CHECK(r.type == ICMP6_ECHO_REPLY && r.code == 0 && r.seq == htons(606));
	CHECK(strcmp(r.data, "shoal ping6 payload") == 0);
	CHECK(from.len == sizeof(struct sockaddr_in6) && is_lo6(&from));
	me = sock_name(fd);
	CHECK(r.id == htons(addr_port(&me)));
	/* only echo requests may be sent; v4-mapped destinations are refused */
	e.type = ICMP6_ECHO_REPLY;
	CHECK_ERR(sendto(fd, &e, sizeof(e), 0, &to.sa, to.len), EINVAL);
	e.type = ICMP6_ECHO_REQUEST;
	to = a6("::ffff:127.0.0.1", 0);
	CHECK_ERR(sendto(fd, &e, sizeof(e), 0, &to.sa, to.len), EINVAL);
	to = a6("2001:db8::1", 0);
	CHECK_ERR(sendto(fd, &e, sizeof(e), 0, &to.sa, to.len), ENETUNREACH);
	close(fd);
}

/* Read echo messages from fd until one of this type and sequence; 0 if none. */
static int raw6_wait(int fd, int type, int seq, struct echo6 *out)
{
	struct addr from;

	for (int i = 0; i < 16; i++) {
		if (!(poll1(fd, POLLIN, 5000) & POLLIN))
			return 0;
		from.len = sizeof(from.ss);
		memset(out, 0, sizeof(*out));
		ssize_t n = recvfrom(fd, out, sizeof(*out), 0, &from.sa, &from.len);
		CHECK(n >= 8);
		CHECK(is_lo6(&from));
		if (out->type == type && out->seq == htons(seq))
			return 1;
	}
	return 0;
}

/*
 * A raw ICMPv6 socket (root): the kernel fills in the checksum, the reply
 * comes back from its ICMPv6 header on (no IPv6 header), and ICMP6_FILTER
 * keeps the types it blocks away while an unfiltered socket sees both.
 */
static void net6_raw_icmp(void)
{
	struct echo6 e = { .type = ICMP6_ECHO_REQUEST, .id = htons(0x5a5a), .seq = htons(77) }, r;
	struct addr to = a6("::1", 0);
	struct icmp6_filter f;
	int fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	int all = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);

	CHECK(fd >= 0 && all >= 0);
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
	CHECK_OK(setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)));
	strcpy(e.data, "raw6");
	CHECK(sendto(fd, &e, sizeof(e), 0, &to.sa, to.len) == sizeof(e));
	CHECK(raw6_wait(fd, ICMP6_ECHO_REPLY, 77, &r));
	CHECK(r.id == htons(0x5a5a) && strcmp(r.data, "raw6") == 0);
	/* the filter kept the request away */
	CHECK_ERR(recv(fd, &r, sizeof(r), MSG_DONTWAIT), EAGAIN);
	/* the unfiltered socket saw our request and the reply */
	CHECK(raw6_wait(all, ICMP6_ECHO_REQUEST, 77, &r));
	CHECK(raw6_wait(all, ICMP6_ECHO_REPLY, 77, &r));
	close(fd);
	close(all);
	/* without CAP_NET_RAW: no raw socket; a low port needs its capability too */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		struct addr low = a6("::1", 80);
		int u;

		CHECK_OK(setresgid(65534, 65534, 65534));
		CHECK_OK(setresuid(65534, 65534, 65534));
		CHECK_ERR(socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6), EPERM);
		u = socket(AF_INET6, SOCK_DGRAM, 0);
		CHECK(u >= 0);
		CHECK_ERR(bind(u, &low.sa, low.len), EACCES);
		_exit(0);
	}
	wait_ok(pid);
}

/*
 * Extension headers on input: a datagram behind two destination-options
 * headers (padding options only) reaches the UDP socket. Sent through a
 * raw socket of protocol IPPROTO_DSTOPTS, which writes everything after
 * the IPv6 header.
 */
static void net6_exthdr(void)
{
	struct addr ra;
	struct in6_addr lo6 = IN6ADDR_LOOPBACK_INIT;
	struct addr to = a6("::1", 0);
	uint8_t pkt[8 + 8 + 8 + 5], *udp = pkt + 16;
	char buf[16];
	int r = bound6("::1", SOCK_DGRAM, 0, &ra);
	int raw = socket(AF_INET6, SOCK_RAW, IPPROTO_DSTOPTS);

	CHECK(raw >= 0);
	memset(pkt, 0, sizeof(pkt));
	/* two destination options headers, each a PadN option of 4 bytes */
	pkt[0] = IPPROTO_DSTOPTS;
	pkt[2] = 1;
	pkt[3] = 4;
	pkt[8] = IPPROTO_UDP;
	pkt[10] = 1;
	pkt[11] = 4;
	/* UDP: port 4242 -> the socket's, 8 + 5 bytes, "exthd" */
	udp[0] = 4242 >> 8;
	udp[1] = 4242 & 0xff;
	memcpy(udp + 2, &ra.in6.sin6_port, 2);
	udp[5] = 8 + 5;
	memcpy(udp + 8, "exthd", 5);
	/* the UDP checksum; 0 is sent as 0xffff (RFC 8200 8.1) */
	uint16_t ck = csum_ipv6(&lo6, &lo6, udp, 13, IPPROTO_UDP);
	ck = htons(ck ? ck : 0xffff);
	memcpy(udp + 6, &ck, 2);
	CHECK(sendto(raw, pkt, sizeof(pkt), 0, &to.sa, to.len) == (ssize_t)sizeof(pkt));
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	CHECK(recv(r, buf, sizeof(buf), 0) == 5 && memcmp(buf, "exthd", 5) == 0);
	close(raw);
	close(r);
}

/* Two native sockets on ::1: datagrams and the sender's address both ways. */
static void net6_udp_basic(void)
{
	struct addr ra, sa, from;
	char buf[64];
	int r = bound6("::1", SOCK_DGRAM, 0, &ra);
	int s = bound6("::1", SOCK_DGRAM, 0, &sa);

	CHECK(is_lo6(&ra) && ra.len == sizeof(struct sockaddr_in6));
	CHECK(sendto(s, "hello6", 6, 0, &ra.sa, ra.len) == 6);
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	from.len = sizeof(from.ss);
	CHECK(recvfrom(r, buf, sizeof(buf), 0, &from.sa, &from.len) == 6);
	CHECK(memcmp(buf, "hello6", 6) == 0);
	CHECK(from.len == sa.len && addr_eq(&from, &sa));
	/* the answer, through a connected socket */
	CHECK_OK(connect(r, &sa.sa, sa.len));
	from = peer_name(r);
	CHECK(addr_eq(&from, &sa));
	CHECK(send(r, "back", 4, 0) == 4);
	CHECK(poll1(s, POLLIN, 5000) & POLLIN);
	CHECK(recv(s, buf, sizeof(buf), 0) == 4 && memcmp(buf, "back", 4) == 0);
	close(r);
	close(s);
}

/* A socket on [::] gets native datagrams from ::1 and (dual-stack) IPv4
 * ones; an unbound socket sending to ::1 gets ::1 as its source. */
static void net6_udp_any(void)
{
	struct addr ra, from, mine;
	char buf[16];
	int r = bound6("::", SOCK_DGRAM, 0, &ra);
	int s = socket(AF_INET6, SOCK_DGRAM, 0), s4 = socket(AF_INET, SOCK_DGRAM, 0);
	struct addr to6 = a6("::1", addr_port(&ra)), to4 = lo_addr(LO4, addr_port(&ra));

	CHECK(s >= 0 && s4 >= 0);
	CHECK(sendto(s, "n6", 2, 0, &to6.sa, to6.len) == 2);
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	from.len = sizeof(from.ss);
	CHECK(recvfrom(r, buf, sizeof(buf), 0, &from.sa, &from.len) == 2);
	CHECK(is_lo6(&from));
	mine = sock_name(s);
	CHECK(addr_port(&from) == addr_port(&mine));
	CHECK(sendto(s4, "v4", 2, 0, &to4.sa, to4.len) == 2);
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	from.len = sizeof(from.ss);
	CHECK(recvfrom(r, buf, sizeof(buf), 0, &from.sa, &from.len) == 2);
	CHECK(from.sa.sa_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&from.in6.sin6_addr));
	close(r);
	close(s);
	close(s4);
}

/* V6ONLY on [::]: native traffic still arrives, IPv4 does not; and [::1]
 * and 127.0.0.1 on the same port do not conflict. */
static void net6_udp_v6only(void)
{
	struct addr ra, a4, from;
	char buf[16];
	int r = socket(AF_INET6, SOCK_DGRAM, 0), s = socket(AF_INET6, SOCK_DGRAM, 0);
	int s4 = socket(AF_INET, SOCK_DGRAM, 0), b4, b6;
	struct addr any = a6("::", 0), to6, to4;

	CHECK(r >= 0 && s >= 0 && s4 >= 0);
	set_int_opt(r, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	CHECK_OK(bind(r, &any.sa, any.len));
	ra = sock_name(r);
	to6 = a6("::1", addr_port(&ra));
	to4 = lo_addr(LO4, addr_port(&ra));
	CHECK(sendto(s4, "v4", 2, 0, &to4.sa, to4.len) == 2);
	CHECK(sendto(s, "v6", 2, 0, &to6.sa, to6.len) == 2);
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	from.len = sizeof(from.ss);
	CHECK(recvfrom(r, buf, sizeof(buf), 0, &from.sa, &from.len) == 2);
	CHECK(memcmp(buf, "v6", 2) == 0 && is_lo6(&from));
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(r);
	b6 = bound6("::1", SOCK_DGRAM, 0, &ra);
	b4 = socket(AF_INET, SOCK_DGRAM, 0);
	a4 = lo_addr(LO4, addr_port(&ra));
	CHECK_OK(bind(b4, &a4.sa, a4.len));
	/* a second [::1] on the port is refused */
	r = socket(AF_INET6, SOCK_DGRAM, 0);
	CHECK_ERR(bind(r, &ra.sa, ra.len), EADDRINUSE);
	close(r);
	close(b4);
	close(b6);
	close(s);
	close(s4);
}

/* A connected socket learns of a closed port from ICMPv6 port unreachable. */
static void net6_udp_refused(void)
{
	struct addr ca, closed;
	char buf[4];
	int held = bound6("::1", SOCK_DGRAM, 0, &closed);
	int c = bound6("::1", SOCK_DGRAM, 0, &ca);

	close(held);		/* the port is now closed */
	CHECK_OK(connect(c, &closed.sa, closed.len));
	CHECK(send(c, "x", 1, 0) == 1);
	CHECK(poll1(c, POLLIN, 5000) & POLLERR);
	CHECK_ERR(recv(c, buf, sizeof(buf), MSG_DONTWAIT), ECONNREFUSED);
	close(c);
}

/* IPV6_RECVPKTINFO, IPV6_RECVTCLASS and IPV6_RECVHOPLIMIT on a native
 * datagram: ::1 on lo, the sender's IPV6_TCLASS and IPV6_UNICAST_HOPS. */
static void net6_udp_cmsg(void)
{
	struct addr ra, sa;
	int r = bound6("::1", SOCK_DGRAM, 0, &ra);
	int s = bound6("::1", SOCK_DGRAM, 0, &sa);
	char data[8], ctl[256];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;
	int got = 0;

	set_int_opt(r, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
	set_int_opt(r, IPPROTO_IPV6, IPV6_RECVTCLASS, 1);
	set_int_opt(r, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
	set_int_opt(s, IPPROTO_IPV6, IPV6_TCLASS, 0x28);
	set_int_opt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 7);
	CHECK(get_int_opt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS) == 7);
	CHECK(sendto(s, "cm", 2, 0, &ra.sa, ra.len) == 2);
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	CHECK(recvmsg(r, &m, 0) == 2);
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		if (c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			CHECK(IN6_IS_ADDR_LOOPBACK(&pi.ipi6_addr));
			CHECK(pi.ipi6_ifindex == (int)if_nametoindex("lo"));
			got |= 1;
		} else if (c->cmsg_type == IPV6_TCLASS) {
			CHECK(*(int *)CMSG_DATA(c) == 0x28);
			got |= 2;
		} else if (c->cmsg_type == IPV6_HOPLIMIT) {
			CHECK(*(int *)CMSG_DATA(c) == 7);
			got |= 4;
		}
	}
	CHECK(got == 7);
	close(r);
	close(s);
}

/* /proc/net/udp6 lists a socket on [::1] with its port. */
static void net6_proc_udp6(void)
{
	static char buf[65536];
	struct addr a;
	char want[64];
	int fd = bound6("::1", SOCK_DGRAM, 0, &a);

	snprintf(want, sizeof(want), "00000000000000000000000001000000:%04X",
		 addr_port(&a));
	CHECK(read_text("/proc/net/udp6", buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, want) != NULL);
	close(fd);
}

/* A listening TCP socket on [addr]:0 (V6ONLY if asked); *out is [::1]:port. */
static int tcp6_listener(const char *addr, int v6only, struct addr *out)
{
	int l = socket(AF_INET6, SOCK_STREAM, 0);
	struct addr a = a6(addr, 0);

	CHECK(l >= 0);
	if (v6only)
		set_int_opt(l, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	CHECK_OK(bind(l, &a.sa, a.len));
	CHECK_OK(listen(l, 8));
	a = sock_name(l);
	*out = a6("::1", addr_port(&a));
	return l;
}

/* A connection over ::1: addresses on both ends, data both ways (a
 * megabyte, so full-size segments and window updates), then EOF. */
static void net6_tcp_basic(void)
{
	struct addr la, me, peer;
	int l = tcp6_listener("::1", 0, &la), c, s;
	char buf[8];

	c = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK(c >= 0);
	CHECK_OK(connect(c, &la.sa, la.len));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	me = sock_name(c);
	peer = peer_name(s);
	CHECK(is_lo6(&me) && is_lo6(&peer) && addr_eq(&me, &peer));
	peer = peer_name(c);
	CHECK(addr_eq(&peer, &la));
	me = sock_name(s);
	CHECK(addr_eq(&me, &la));
	send_all(c, "ping", 4);
	recv_all(s, buf, 4);
	CHECK(memcmp(buf, "ping", 4) == 0);
	transfer(s, c, 1 << 20, 0);
	close(s);
	CHECK(recv(c, buf, sizeof(buf), 0) == 0);
	close(c);
	close(l);
}

/* A dual-stack listener on [::] takes ::1 natively and 127.0.0.1 as
 * ::ffff:127.0.0.1; with IPV6_V6ONLY IPv4 is refused. */
static void net6_tcp_any(void)
{
	struct addr la, from, to4;
	int l = tcp6_listener("::", 0, &la), c6, c4, s;

	c6 = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_OK(connect(c6, &la.sa, la.len));
	from.len = sizeof(from.ss);
	s = accept(l, &from.sa, &from.len);
	CHECK(s >= 0 && is_lo6(&from));
	close(s);
	c4 = socket(AF_INET, SOCK_STREAM, 0);
	to4 = lo_addr(LO4, addr_port(&la));
	CHECK_OK(connect(c4, &to4.sa, to4.len));
	from.len = sizeof(from.ss);
	s = accept(l, &from.sa, &from.len);
	CHECK(s >= 0 && from.sa.sa_family == AF_INET6 &&
	      IN6_IS_ADDR_V4MAPPED(&from.in6.sin6_addr));
	close(s);
	close(c4);
	close(c6);
	close(l);
	/* v6-only: an AF_INET client is refused, a native one gets in */
	l = tcp6_listener("::", 1, &la);
	c4 = socket(AF_INET, SOCK_STREAM, 0);
	to4 = lo_addr(LO4, addr_port(&la));
	CHECK_ERR(connect(c4, &to4.sa, to4.len), ECONNREFUSED);
	close(c4);
	c6 = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_OK(connect(c6, &la.sa, la.len));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	close(s);
	close(c6);
	close(l);
}

/* A closed port on ::1 answers with a reset; [::1] and 127.0.0.1 listen
 * on one port side by side; a second [::1] on it is refused. */
static void net6_tcp_refused(void)
{
	struct addr la, a4;
	int l = tcp6_listener("::1", 0, &la), c, l4, l6;

	close(l);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, &la.sa, la.len), ECONNREFUSED);
	close(c);
	l = tcp6_listener("::1", 0, &la);
	l4 = socket(AF_INET, SOCK_STREAM, 0);
	a4 = lo_addr(LO4, addr_port(&la));
	CHECK_OK(bind(l4, &a4.sa, a4.len));
	l6 = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_ERR(bind(l6, &la.sa, la.len), EADDRINUSE);
	close(l6);
	close(l4);
	close(l);
	/* an unreachable destination */
	la = a6("2001:db8::1", 80);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_ERR(connect(c, &la.sa, la.len), ENETUNREACH);
	close(c);
}

/* /proc/net/tcp6 lists a listener on [::1] (state 0A) and an
 * established pair (01) with real IPv6 addresses. */
static void net6_proc_tcp6(void)
{
	static char buf[1 << 16];
	struct addr la, me;
	char want[96];
	int l = tcp6_listener("::1", 0, &la), c, s;

	c = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK_OK(connect(c, &la.sa, la.len));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	me = sock_name(c);
	CHECK(read_text("/proc/net/tcp6", buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want),
		 "00000000000000000000000001000000:%04X 00000000000000000000000000000000:0000 0A",
		 addr_port(&la));
	CHECK(strstr(buf, want) != NULL);
	snprintf(want, sizeof(want),
		 "00000000000000000000000001000000:%04X 00000000000000000000000001000000:%04X 01",
		 addr_port(&me), addr_port(&la));
	CHECK(strstr(buf, want) != NULL);
	close(s);
	close(c);
	close(l);
}

/* One counter of /proc/net/snmp6. */
static unsigned long snmp6(const char *name)
{
	static char buf[16384];
	char *p;

	CHECK(read_text("/proc/net/snmp6", buf, sizeof(buf)) > 0);
	p = strstr(buf, name);
	if (!p || p[strlen(name)] != ' ')
		fail("no %s in /proc/net/snmp6", name);
	return strtoul(p + strlen(name), NULL, 10);
}

/* A ping counts in the IPv6 and ICMPv6 counters. */
static void net6_snmp6(void)
{
	unsigned long in = snmp6("Ip6InReceives"), out = snmp6("Ip6OutRequests");
	unsigned long echos = snmp6("Icmp6InEchos"), replies = snmp6("Icmp6InEchoReplies");
	unsigned long noports = snmp6("Udp6NoPorts");
	struct echo6 e = { .type = ICMP6_ECHO_REQUEST, .seq = htons(1) };
	struct addr to = a6("::1", 0);
	int fd = ping6_socket();
	char buf[64];

	CHECK(sendto(fd, &e, sizeof(e), 0, &to.sa, to.len) == sizeof(e));
	CHECK(poll1(fd, POLLIN, 5000) & POLLIN);
	CHECK(recv(fd, buf, sizeof(buf), 0) == sizeof(e));
	close(fd);
	CHECK(snmp6("Ip6InReceives") >= in + 2);
	CHECK(snmp6("Ip6OutRequests") >= out + 2);
	CHECK(snmp6("Icmp6InEchos") >= echos + 1);
	CHECK(snmp6("Icmp6InEchoReplies") >= replies + 1);
	CHECK(snmp6("Ip6InDelivers") > 0);
	CHECK(snmp6("Udp6NoPorts") >= noports);
}

const struct test net6_tests[] = {
	{ "net6_if_inet6", net6_if_inet6 },
	{ "net6_rtm_getaddr", net6_rtm_getaddr },
	{ "net6_rtm_getroute", net6_rtm_getroute },
	{ "net6_unreachable", net6_unreachable },
	{ "net6_ping", net6_ping },
	{ "net6_raw_icmp", net6_raw_icmp },
	{ "net6_exthdr", net6_exthdr },
	{ "net6_udp_basic", net6_udp_basic },
	{ "net6_udp_any", net6_udp_any },
	{ "net6_udp_v6only", net6_udp_v6only },
	{ "net6_udp_refused", net6_udp_refused },
	{ "net6_udp_cmsg", net6_udp_cmsg },
	{ "net6_proc_udp6", net6_proc_udp6 },
	{ "net6_tcp_basic", net6_tcp_basic },
	{ "net6_tcp_any", net6_tcp_any },
	{ "net6_tcp_refused", net6_tcp_refused },
	{ "net6_proc_tcp6", net6_proc_tcp6 },
	{ "net6_snmp6", net6_snmp6 },
	{ NULL, NULL },
};
