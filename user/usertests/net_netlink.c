/*
 * AF_NETLINK and NETLINK_ROUTE: socket basics and errors, RTM_GETLINK
 * against the interface ioctls, acks and error replies, truncation,
 * malformed messages, address and route changes on lo seen in dumps and
 * by multicast listeners, a dump that needs several recvs, ENOBUFS when
 * the receive queue overflows, and `ip route get`.
 *
 * Addresses and routes the tests add live on lo in places nothing else
 * uses (127.0.1.0/24 secondaries, 10.213.0.0/16 via lo) and are removed
 * before the test returns; a test also removes leftovers of a failed
 * earlier run before it starts.
 */
#include "net.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>
#include <sys/stat.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#define NLBUF	8192

struct nlreq {
	struct nlmsghdr nh;
	union {
		struct ifinfomsg ifi;
		struct ifaddrmsg ifa;
		struct rtmsg rtm;
		struct rtgenmsg gen;
	};
	char attrs[256];
};

static int nl_socket(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	CHECK(fd >= 0);
	return fd;
}

static uint32_t nl_portid(int fd)
{
	struct sockaddr_nl a;
	socklen_t len = sizeof(a);

	CHECK_OK(getsockname(fd, (struct sockaddr *)&a, &len));
	CHECK(len == sizeof(a) && a.nl_family == AF_NETLINK);
	return a.nl_pid;
}

/* A socket bound to a kernel-chosen port and the given group mask. */
static int nl_listener(uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int fd = nl_socket();

	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	return fd;
}

static void nl_init(struct nlreq *r, int type, int flags, size_t hdr)
{
	static uint32_t seq = 100;

	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = NLMSG_LENGTH(hdr);
	r->nh.nlmsg_type = type;
	r->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	r->nh.nlmsg_seq = ++seq;
}

static void nl_attr(struct nlreq *r, int type, const void *data, int len)
{
	struct rtattr *rta = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	CHECK(NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_SPACE(len) <= sizeof(*r));
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_SPACE(len);
}

static void nl_send(int fd, struct nlreq *r)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	CHECK(sendto(fd, r, r->nh.nlmsg_len, 0, (struct sockaddr *)&k, sizeof(k)) ==
	      (ssize_t)r->nh.nlmsg_len);
}

/* One datagram, waiting at most 5 s; its length. */
static int nl_recv(int fd, void *buf, size_t len)
{
	int n;

	CHECK(poll1(fd, POLLIN, 5000) & POLLIN);
	n = recv(fd, buf, len, 0);
	CHECK(n > 0);
	return n;
}

/* Send r and return the error of the NLMSG_ERROR that answers it. */
static int nl_talk(int fd, struct nlreq *r)
{
	char buf[NLBUF];
	struct nlmsghdr *h;
	int n;

	r->nh.nlmsg_flags |= NLM_F_ACK;
	nl_send(fd, r);
	for (;;) {
		n = nl_recv(fd, buf, sizeof(buf));
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != r->nh.nlmsg_seq || h->nlmsg_type != NLMSG_ERROR)
				continue;
			CHECK(h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr)));
			return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
		}
	}
}

static struct rtattr *nl_find_attr(struct nlmsghdr *h, size_t hdr, int type)
{
	struct rtattr *rta = (struct rtattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(hdr));
	int len = h->nlmsg_len - NLMSG_LENGTH(hdr);

	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type == type)
			return rta;
	return NULL;
}

/*
 * Run a dump of type (family) and call fn on each message; checks the
 * framing (NLM_F_MULTI, our seq and port, NLMSG_DONE with error 0).
 * Returns the number of recvs it took.
 */
static int nl_dump(int fd, int type, int family, void (*fn)(struct nlmsghdr *, void *), void *arg)
{
	struct nlreq r;
	char buf[NLBUF];
	struct nlmsghdr *h;
	uint32_t me;
	int n, recvs = 0;

	nl_init(&r, type, NLM_F_DUMP, sizeof(struct rtgenmsg));
	r.gen.rtgen_family = family;
	nl_send(fd, &r);
	me = nl_portid(fd);
	for (;;) {
		n = nl_recv(fd, buf, sizeof(buf));
		CHECK(++recvs < 10000);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			CHECK(h->nlmsg_seq == r.nh.nlmsg_seq);
			CHECK(h->nlmsg_pid == me);
			CHECK(h->nlmsg_flags & NLM_F_MULTI);
			CHECK(h->nlmsg_type != NLMSG_ERROR);
			if (h->nlmsg_type == NLMSG_DONE) {
				CHECK(h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)));
				CHECK(*(int *)NLMSG_DATA(h) == 0);
				return recvs;
			}
			fn(h, arg);
		}
	}
}

/* ------------------------------------------------------------ sockets */

static void net_netlink_socket(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK }, b;
	socklen_t len = sizeof(b);
	int fd, fd2, fd3, one = 1, v, s;

	CHECK_ERR(socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE), ESOCKTNOSUPPORT);
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, 32), EPROTONOSUPPORT);
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, -1), EPROTONOSUPPORT);
	CHECK_ERR(socket(AF_NETLINK, SOCK_RAW, NETLINK_UNUSED), EPROTONOSUPPORT);
	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK, NETLINK_ROUTE);
	CHECK(fd >= 0);
	close(fd);

	/* Unbound: port 0. Bound with 0: the process's pid first. */
	fd = nl_socket();
	CHECK(nl_portid(fd) == 0);
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a) - 1), EINVAL);
	b = a;
	b.nl_family = AF_INET;
	CHECK_ERR(bind(fd, (struct sockaddr *)&b, sizeof(b)), EINVAL);
	CHECK_OK(bind(fd, (struct sockaddr *)&a, sizeof(a)));
	CHECK(nl_portid(fd) == (uint32_t)getpid());
	/* A second autobound socket gets another, unique port. */
	fd2 = nl_listener(0);
	CHECK(nl_portid(fd2) != 0 && nl_portid(fd2) != nl_portid(fd));
	/* Taking a port in use fails; rebinding to another port fails. */
	fd3 = nl_socket();
	a.nl_pid = getpid();
	CHECK_ERR(bind(fd3, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	a.nl_pid = nl_portid(fd) + 12345;
	CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a)), EINVAL);
	CHECK_OK(bind(fd3, (struct sockaddr *)&a, sizeof(a)));
	CHECK(nl_portid(fd3) == a.nl_pid);
	CHECK_OK(getsockname(fd3, (struct sockaddr *)&b, &len));
	CHECK(b.nl_groups == 0);

	/* Groups: bind's mask and the membership options. */
	CHECK_ERR(setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &(int){ 0 }, sizeof(int)), EINVAL);
	CHECK_ERR(setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &(int){ 100000 }, sizeof(int)), EINVAL);
	CHECK_OK(setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &(int){ RTNLGRP_LINK }, sizeof(int)));
	len = sizeof(b);
	CHECK_OK(getsockname(fd, (struct sockaddr *)&b, &len));
	CHECK(b.nl_groups == 1u << (RTNLGRP_LINK - 1));
	CHECK_OK(setsockopt(fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &(int){ RTNLGRP_LINK }, sizeof(int)));
	len = sizeof(b);
	CHECK_OK(getsockname(fd, (struct sockaddr *)&b, &len));
	CHECK(b.nl_groups == 0);
	CHECK_ERR(setsockopt(fd, SOL_IP, NETLINK_ADD_MEMBERSHIP, &one, sizeof(one)), ENOPROTOOPT);

	/* Options iproute2 and friends set. */
	CHECK_OK(setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)));
	CHECK_OK(setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one)));
	len = sizeof(v);
	CHECK_OK(getsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &v, &len));
	CHECK(v == 1 && len == sizeof(v));
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 32768 }, sizeof(int)));
	len = sizeof(v);
	CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len));
	CHECK(v == 65536);
	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &(int){ 32768 }, sizeof(int)));

	/* Nobody at a user port: ECONNREFUSED. */
	b = (struct sockaddr_nl){ .nl_family = AF_NETLINK, .nl_pid = 0x7ffffff0 };
	CHECK_ERR(sendto(fd, "xxxxxxxxxxxxxxxx", 16, 0, (struct sockaddr *)&b, sizeof(b)), ECONNREFUSED);
	/* Nothing to read yet. */
	CHECK_ERR(recv(fd, &v, sizeof(v), MSG_DONTWAIT), EAGAIN);
	/* Netlink has no stream calls. */
	s = listen(fd, 1);
	CHECK(s == -1);
	close(fd);
	close(fd2);
	close(fd3);
}

/* User to user: unicast by port, with the sender's port as the address. */
static void net_netlink_unicast(void)
{
	int a = nl_listener(0), b = nl_listener(0);
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = nl_portid(b) }, from;
	socklen_t len = sizeof(from);
	char buf[64];

	CHECK(sendto(a, "hello", 5, 0, (struct sockaddr *)&to, sizeof(to)) == 5);
	CHECK(poll1(b, POLLIN, 5000) & POLLIN);
	CHECK(recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	CHECK(len == sizeof(from) && from.nl_family == AF_NETLINK);
	CHECK(from.nl_pid == nl_portid(a) && from.nl_groups == 0);
	close(a);
	close(b);
}

/* ---------------------------------------------------------------- links */

struct link_seen {
	int lo_index;
	int found;
	int count;
};

static void check_lo(struct nlmsghdr *h, void *arg)
{
	struct link_seen *s = arg;
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct ifreq ifr;
	struct rtattr *rta;
	int fd;

	CHECK(h->nlmsg_type == RTM_NEWLINK);
	s->count++;
	if (ifi->ifi_index != s->lo_index)
		return;
	s->found++;
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_IFNAME);
	CHECK(rta && strcmp(RTA_DATA(rta), "lo") == 0);
	CHECK(ifi->ifi_type == 772);	/* ARPHRD_LOOPBACK */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(fd >= 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK_OK(ioctl(fd, SIOCGIFFLAGS, &ifr));
	CHECK((ifi->ifi_flags & 0xffff) == (unsigned short)ifr.ifr_flags);
	CHECK(ifi->ifi_flags & IFF_LOOPBACK);
	CHECK(ifi->ifi_flags & IFF_UP);
	CHECK(ifi->ifi_flags & IFF_LOWER_UP);
	CHECK_OK(ioctl(fd, SIOCGIFMTU, &ifr));
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_MTU);
	CHECK(rta && *(uint32_t *)RTA_DATA(rta) == (uint32_t)ifr.ifr_mtu);
	CHECK_OK(ioctl(fd, SIOCGIFTXQLEN, &ifr));
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_TXQLEN);
	CHECK(rta && *(uint32_t *)RTA_DATA(rta) == (uint32_t)ifr.ifr_qlen);
	close(fd);
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_ADDRESS);
	CHECK(rta && RTA_PAYLOAD(rta) == 6);
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_OPERSTATE);
	CHECK(rta && *(uint8_t *)RTA_DATA(rta) == 0 /* IF_OPER_UNKNOWN */);
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_QDISC);
	CHECK(rta && strcmp(RTA_DATA(rta), "noqueue") == 0);
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_STATS64);
	CHECK(rta && RTA_PAYLOAD(rta) >= 23 * 8);
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_NUM_TX_QUEUES);
	CHECK(rta && *(uint32_t *)RTA_DATA(rta) >= 1);
	rta = nl_find_attr(h, sizeof(*ifi), IFLA_CARRIER);
	CHECK(rta && *(uint8_t *)RTA_DATA(rta) == 1);
}

static void net_netlink_getlink(void)
{
	struct link_seen s = { .lo_index = if_nametoindex("lo") };
	int fd = nl_socket();

	CHECK(s.lo_index > 0);
	nl_dump(fd, RTM_GETLINK, AF_UNSPEC, check_lo, &s);
	CHECK(s.found == 1 && s.count >= 1);
	/* if_nameindex (netlink in musl) agrees. */
	struct if_nameindex *ni = if_nameindex(), *p;
	int n = 0;

	CHECK(ni);
	for (p = ni; p->if_index; p++, n++)
		if (p->if_index == (unsigned)s.lo_index)
			CHECK(strcmp(p->if_name, "lo") == 0);
	CHECK(n == s.count);
	if_freenameindex(ni);
	close(fd);
}

/* One link by index and by name; an unknown one is an NLMSG_ERROR quoting the request. */
static void net_netlink_getlink_one(void)
{
	int fd = nl_socket(), n, lo = if_nametoindex("lo");
	struct link_seen s = { .lo_index = lo };
	struct nlmsgerr *e;
	struct nlmsghdr *h;
	char buf[NLBUF];
	struct nlreq r;

	nl_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = lo;
	nl_send(fd, &r);
	n = nl_recv(fd, buf, sizeof(buf));
	h = (struct nlmsghdr *)buf;
	CHECK(NLMSG_OK(h, n) && h->nlmsg_seq == r.nh.nlmsg_seq && !(h->nlmsg_flags & NLM_F_MULTI));
	check_lo(h, &s);

	nl_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	nl_attr(&r, IFLA_IFNAME, "lo", 3);
	nl_send(fd, &r);
	n = nl_recv(fd, buf, sizeof(buf));
	check_lo((struct nlmsghdr *)buf, &s);
	CHECK(s.found == 2);

	nl_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = 0x7ffffff;
	nl_send(fd, &r);
	n = nl_recv(fd, buf, sizeof(buf));
	h = (struct nlmsghdr *)buf;
	CHECK(NLMSG_OK(h, n) && h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq == r.nh.nlmsg_seq);
	e = NLMSG_DATA(h);
	CHECK(e->error == -ENODEV);
	CHECK(e->msg.nlmsg_seq == r.nh.nlmsg_seq && e->msg.nlmsg_type == RTM_GETLINK);
	/* The whole request is quoted (no NETLINK_CAP_ACK). */
	CHECK(h->nlmsg_len == NLMSG_LENGTH(sizeof(int) + r.nh.nlmsg_len));
	close(fd);
}

/* NLM_F_ACK: a change that changes nothing is acked with error 0 and the header only. */
static void net_netlink_ack(void)
{
	int fd = nl_socket(), n;
	struct nlmsgerr *e;
	struct nlmsghdr *h;
	char buf[NLBUF];
	struct nlreq r;

	nl_init(&r, RTM_SETLINK, NLM_F_ACK, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = if_nametoindex("lo");
	r.ifi.ifi_flags = IFF_UP;
	r.ifi.ifi_change = IFF_UP;
	nl_send(fd, &r);
	n = nl_recv(fd, buf, sizeof(buf));
	h = (struct nlmsghdr *)buf;
	CHECK(NLMSG_OK(h, n) && h->nlmsg_type == NLMSG_ERROR);
	CHECK(h->nlmsg_len == NLMSG_LENGTH(sizeof(struct nlmsgerr)));
	e = NLMSG_DATA(h);
	CHECK(e->error == 0 && e->msg.nlmsg_seq == r.nh.nlmsg_seq);
	CHECK(h->nlmsg_pid == nl_portid(fd));
	/* Without NLM_F_ACK a success says nothing. */
	nl_init(&r, RTM_SETLINK, 0, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = if_nametoindex("lo");
	nl_send(fd, &r);
	CHECK_ERR(recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* An unknown message type is -EOPNOTSUPP. */
	nl_init(&r, RTM_MAX + 1, 0, sizeof(struct rtgenmsg));
	CHECK(nl_talk(fd, &r) == -EOPNOTSUPP);
	close(fd);
}

/* A reply larger than the buffer: MSG_TRUNC in msg_flags; recv(MSG_TRUNC) gives its length. */
static void net_netlink_trunc(void)
{
	int fd = nl_socket(), full, n;
	char buf[NLBUF], small[20];
	struct iovec iov = { small, sizeof(small) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct sockaddr_nl from;
	struct nlreq r;

	nl_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = if_nametoindex("lo");
	nl_send(fd, &r);
	nl_send(fd, &r);
	nl_send(fd, &r);
	CHECK(poll1(fd, POLLIN, 5000) & POLLIN);
	full = recv(fd, buf, sizeof(buf), MSG_PEEK);
	CHECK(full > (int)sizeof(small));
	CHECK(recv(fd, small, sizeof(small), MSG_PEEK | MSG_TRUNC) == full);
	msg.msg_name = &from;
	msg.msg_namelen = sizeof(from);
	n = recvmsg(fd, &msg, 0);
	CHECK(n == sizeof(small));
	CHECK(msg.msg_flags & MSG_TRUNC);
	CHECK(msg.msg_namelen == sizeof(from) && from.nl_family == AF_NETLINK && from.nl_pid == 0);
	CHECK(((struct nlmsghdr *)small)->nlmsg_len == (unsigned)full);
	/* The truncated rest is gone: the next datagram is the second reply. */
	CHECK(recv(fd, small, sizeof(small), MSG_TRUNC) == full);
	CHECK(recv(fd, buf, sizeof(buf), 0) == full);
	CHECK_ERR(recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(fd);
}

/* Malformed lengths: the message (and the rest of the datagram) is ignored, as Linux. */
static void net_netlink_badlen(void)
{
	int fd = nl_socket();
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	char buf[NLBUF];
	struct nlreq r;

	nl_init(&r, RTM_GETLINK, NLM_F_ACK, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = if_nametoindex("lo");
	r.nh.nlmsg_len = 8;			/* shorter than the header */
	CHECK(sendto(fd, &r, NLMSG_LENGTH(sizeof(struct ifinfomsg)), 0,
		     (struct sockaddr *)&k, sizeof(k)) == NLMSG_LENGTH(sizeof(struct ifinfomsg)));
	r.nh.nlmsg_len = 4000;			/* longer than the datagram */
	CHECK(sendto(fd, &r, NLMSG_LENGTH(sizeof(struct ifinfomsg)), 0,
		     (struct sockaddr *)&k, sizeof(k)) == NLMSG_LENGTH(sizeof(struct ifinfomsg)));
	CHECK(sendto(fd, &r, 10, 0, (struct sockaddr *)&k, sizeof(k)) == 10);	/* runt */
	/* Then a good one: its answer is the only thing queued. */
	nl_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	r.ifi.ifi_index = if_nametoindex("lo");
	nl_send(fd, &r);
	CHECK(nl_recv(fd, buf, sizeof(buf)) > 0);
	CHECK(((struct nlmsghdr *)buf)->nlmsg_seq == r.nh.nlmsg_seq);
	CHECK(((struct nlmsghdr *)buf)->nlmsg_type == RTM_NEWLINK);
	CHECK_ERR(recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(fd);
}

/* A full receive queue drops replies; the next recv reports ENOBUFS once. */
static void net_netlink_enobufs(void)
{
	int fd = nl_socket(), i, n, got = 0;
	char buf[NLBUF];
	struct nlreq r;

	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 1024 }, sizeof(int)));
	for (i = 0; i < 64; i++) {
		nl_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
		r.ifi.ifi_index = if_nametoindex("lo");
		nl_send(fd, &r);
	}
	CHECK_ERR(recv(fd, buf, sizeof(buf), MSG_DONTWAIT), ENOBUFS);
	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		got++;
	CHECK(n == -1 && errno == EAGAIN);
	CHECK(got >= 1 && got < 64);
	close(fd);
}

/* ------------------------------------------------------------ addresses */

static int addr_req(int fd, int type, int flags, const char *ip, int plen)
{
	struct in_addr a;
	struct nlreq r;

	CHECK(inet_pton(AF_INET, ip, &a) == 1);
	nl_init(&r, type, flags, sizeof(struct ifaddrmsg));
	r.ifa.ifa_family = AF_INET;
	r.ifa.ifa_prefixlen = plen;
	r.ifa.ifa_scope = RT_SCOPE_HOST;
	r.ifa.ifa_index = if_nametoindex("lo");
	nl_attr(&r, IFA_LOCAL, &a, 4);
	nl_attr(&r, IFA_ADDRESS, &a, 4);
	return nl_talk(fd, &r);
}

struct addr_seen {
	struct in_addr want;
	int found, count;
	uint8_t prefixlen, flags, scope;
	char label[IFNAMSIZ];
};

static void find_addr(struct nlmsghdr *h, void *arg)
{
	struct addr_seen *s = arg;
	struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct rtattr *rta;

	CHECK(h->nlmsg_type == RTM_NEWADDR);
	if (ifa->ifa_family != AF_INET)
		return;
	s->count++;
	rta = nl_find_attr(h, sizeof(*ifa), IFA_LOCAL);
	CHECK(rta && RTA_PAYLOAD(rta) == 4);
	if (memcmp(RTA_DATA(rta), &s->want, 4))
		return;
	s->found++;
	s->prefixlen = ifa->ifa_prefixlen;
	s->flags = ifa->ifa_flags;
	s->scope = ifa->ifa_scope;
	CHECK(ifa->ifa_index == if_nametoindex("lo"));
	rta = nl_find_attr(h, sizeof(*ifa), IFA_LABEL);
	CHECK(rta);
	snprintf(s->label, sizeof(s->label), "%s", (char *)RTA_DATA(rta));
}

static int addr_count(int fd, const char *ip, struct addr_seen *s)
{
	memset(s, 0, sizeof(*s));
	inet_pton(AF_INET, ip, &s->want);
	nl_dump(fd, RTM_GETADDR, AF_INET, find_addr, s);
	return s->found;
}

/* Wait for an event of type about ip on a listener. */
static void wait_addr_event(int fd, int type, const char *ip)
{
	char buf[NLBUF];
	struct nlmsghdr *h;
	struct rtattr *rta;
	struct in_addr a;
	int n;

	inet_pton(AF_INET, ip, &a);
	for (;;) {
		n = nl_recv(fd, buf, sizeof(buf));
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != type)
				continue;
			rta = nl_find_attr(h, sizeof(struct ifaddrmsg), IFA_LOCAL);
			if (rta && !memcmp(RTA_DATA(rta), &a, 4))
				return;
		}
	}
}

static void net_netlink_addr(void)
{
	int fd = nl_socket(), mon = nl_listener(RTMGRP_IPV4_IFADDR);
	struct addr_seen s;

	addr_req(fd, RTM_DELADDR, 0, "127.0.1.5", 8);	/* a failed run's leftover */
	CHECK(addr_count(fd, "127.0.0.1", &s) == 1);
	CHECK(s.prefixlen == 8 && s.scope == RT_SCOPE_HOST && strcmp(s.label, "lo") == 0);
	CHECK(addr_count(fd, "127.0.1.5", &s) == 0);

	CHECK(addr_req(fd, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, "127.0.1.5", 8) == 0);
	wait_addr_event(mon, RTM_NEWADDR, "127.0.1.5");
	CHECK(addr_count(fd, "127.0.1.5", &s) == 1);
	CHECK(s.prefixlen == 8 && (s.flags & IFA_F_SECONDARY) && s.scope == RT_SCOPE_HOST);
	CHECK(addr_req(fd, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, "127.0.1.5", 8) == -EEXIST);
	CHECK(addr_req(fd, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, "127.0.1.5", 8) == 0);
	CHECK(addr_count(fd, "127.0.1.5", &s) == 1);

	CHECK(addr_req(fd, RTM_DELADDR, 0, "127.0.1.5", 8) == 0);
	wait_addr_event(mon, RTM_DELADDR, "127.0.1.5");
	CHECK(addr_count(fd, "127.0.1.5", &s) == 0);
	CHECK(addr_req(fd, RTM_DELADDR, 0, "127.0.1.5", 8) == -EADDRNOTAVAIL);
	CHECK(addr_count(fd, "127.0.0.1", &s) == 1);
	/* Bad requests. */
	CHECK(addr_req(fd, RTM_NEWADDR, NLM_F_CREATE, "127.0.1.5", 33) == -EINVAL);
	close(fd);
	close(mon);
}

#define MANY		64
#define DUMPBUF		4096

/* Count the address messages of a dump read with DUMPBUF-byte recvs. */
static int addr_dump_small(int fd, int *data_recvs)
{
	struct nlreq r;
	char buf[DUMPBUF];
	struct nlmsghdr *h;
	int n, msgs = 0, had, recvs = 0;

	nl_init(&r, RTM_GETADDR, NLM_F_DUMP, sizeof(struct rtgenmsg));
	r.gen.rtgen_family = AF_INET;
	nl_send(fd, &r);
	*data_recvs = 0;
	for (;;) {
		n = nl_recv(fd, buf, sizeof(buf));
		CHECK(++recvs < 1000);
		had = 0;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			CHECK(h->nlmsg_seq == r.nh.nlmsg_seq && (h->nlmsg_flags & NLM_F_MULTI));
			if (h->nlmsg_type == NLMSG_DONE)
				return msgs;
			CHECK(h->nlmsg_type == RTM_NEWADDR);
			msgs++;
			had = 1;
		}
		CHECK(n == 0);	/* nothing truncated */
		*data_recvs += had;
	}
}

/*
 * A dump bigger than one recv buffer continues over several recvs, each
 * holding whole messages: 64 addresses do not fit in 4 KiB. The dump
 * socket only ever reads 4 KiB at a time (the kernel sizes dump skbs by
 * the largest recv it has seen on the socket).
 */
static void net_netlink_dump_many(void)
{
	int fd = nl_socket(), dfd = nl_socket(), i, base, msgs, data_recvs;
	struct addr_seen s;
	char ip[32];

	for (i = 1; i <= MANY; i++) {
		snprintf(ip, sizeof(ip), "127.0.1.%d", i);
		addr_req(fd, RTM_DELADDR, 0, ip, 8);
	}
	base = addr_dump_small(dfd, &data_recvs);
	CHECK(base >= 1);
	for (i = 1; i <= MANY; i++) {
		snprintf(ip, sizeof(ip), "127.0.1.%d", i);
		CHECK(addr_req(fd, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ip, 8) == 0);
	}
	msgs = addr_dump_small(dfd, &data_recvs);
	CHECK(msgs == base + MANY);
	CHECK(data_recvs >= 2);
	CHECK(addr_count(fd, "127.0.1.33", &s) == 1);
	for (i = MANY; i >= 1; i--) {
		snprintf(ip, sizeof(ip), "127.0.1.%d", i);
		CHECK(addr_req(fd, RTM_DELADDR, 0, ip, 8) == 0);
	}
	CHECK(addr_dump_small(dfd, &data_recvs) == base);
	close(dfd);
	close(fd);
}

/* --------------------------------------------------------------- routes */

struct route_seen {
	struct in_addr dst;
	int dst_len, oif, found;
	int local_host_lo;	/* entries that are lo's own local host route */
	uint8_t table, type, scope, protocol;
};

static void find_route(struct nlmsghdr *h, void *arg)
{
	struct route_seen *s = arg;
	struct rtmsg *rtm = NLMSG_DATA(h);
	struct rtattr *rta;

	CHECK(h->nlmsg_type == RTM_NEWROUTE);
	if (rtm->rtm_family != AF_INET || rtm->rtm_dst_len != s->dst_len)
		return;
	rta = nl_find_attr(h, sizeof(*rtm), RTA_DST);
	if (!rta || memcmp(RTA_DATA(rta), &s->dst, 4))
		return;
	s->found++;
	s->table = rtm->rtm_table;
	s->type = rtm->rtm_type;
	s->scope = rtm->rtm_scope;
	s->protocol = rtm->rtm_protocol;
	rta = nl_find_attr(h, sizeof(*rtm), RTA_OIF);
	CHECK(rta);
	s->oif = *(int *)RTA_DATA(rta);
	rta = nl_find_attr(h, sizeof(*rtm), RTA_TABLE);
	CHECK(rta && *(uint32_t *)RTA_DATA(rta) == rtm->rtm_table);
	if (s->table == RT_TABLE_LOCAL && s->type == RTN_LOCAL && s->scope == RT_SCOPE_HOST &&
	    s->protocol == RTPROT_KERNEL && s->oif == (int)if_nametoindex("lo"))
		s->local_host_lo++;
}

static int route_find(int fd, const char *dst, int len, struct route_seen *s)
{
	memset(s, 0, sizeof(*s));
	inet_pton(AF_INET, dst, &s->dst);
	s->dst_len = len;
	nl_dump(fd, RTM_GETROUTE, AF_INET, find_route, s);
	return s->found;
}

static int route_req(int fd, int type, int flags, const char *dst, int len)
{
	int lo = if_nametoindex("lo");
	struct in_addr a;
	struct nlreq r;

	inet_pton(AF_INET, dst, &a);
	nl_init(&r, type, flags, sizeof(struct rtmsg));
	r.rtm.rtm_family = AF_INET;
	r.rtm.rtm_dst_len = len;
	r.rtm.rtm_table = RT_TABLE_MAIN;
	if (type == RTM_NEWROUTE) {
		r.rtm.rtm_protocol = RTPROT_BOOT;
		r.rtm.rtm_scope = RT_SCOPE_LINK;
		r.rtm.rtm_type = RTN_UNICAST;
	} else {
		r.rtm.rtm_scope = RT_SCOPE_NOWHERE;
	}
	nl_attr(&r, RTA_DST, &a, 4);
	nl_attr(&r, RTA_OIF, &lo, 4);
	return nl_talk(fd, &r);
}

static void wait_route_event(int fd, int type, const char *dst)
{
	char buf[NLBUF];
	struct nlmsghdr *h;
	struct rtattr *rta;
	struct in_addr a;
	int n;

	inet_pton(AF_INET, dst, &a);
	for (;;) {
		n = nl_recv(fd, buf, sizeof(buf));
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != type)
				continue;
			rta = nl_find_attr(h, sizeof(struct rtmsg), RTA_DST);
			if (rta && !memcmp(RTA_DATA(rta), &a, 4))
				return;
		}
	}
}

static void net_netlink_route(void)
{
	int fd = nl_socket(), mon = nl_listener(RTMGRP_IPV4_ROUTE);
	struct route_seen s;

	route_req(fd, RTM_DELROUTE, 0, "10.213.0.0", 16);	/* a failed run's leftover */
	/* The local table has lo's address. */
	/* (Linux may list it more than once after other tests: look for this one.) */
	CHECK(route_find(fd, "127.0.0.1", 32, &s) >= 1);
	CHECK(s.local_host_lo >= 1);

	CHECK(route_req(fd, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "10.213.0.0", 16) == 0);
	wait_route_event(mon, RTM_NEWROUTE, "10.213.0.0");
	CHECK(route_find(fd, "10.213.0.0", 16, &s) == 1);
	CHECK(s.table == RT_TABLE_MAIN && s.type == RTN_UNICAST && s.scope == RT_SCOPE_LINK);
	CHECK(s.protocol == RTPROT_BOOT && s.oif == (int)if_nametoindex("lo"));
	CHECK(route_req(fd, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "10.213.0.0", 16) == -EEXIST);
	CHECK(route_req(fd, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, "10.213.0.0", 16) == 0);
	CHECK(route_find(fd, "10.213.0.0", 16, &s) == 1);
	/* Not there and no NLM_F_CREATE: -ENOENT. */
	CHECK(route_req(fd, RTM_NEWROUTE, NLM_F_REPLACE, "10.214.0.0", 16) == -ENOENT);
	/* A prefix with host bits set. */
	CHECK(route_req(fd, RTM_NEWROUTE, NLM_F_CREATE, "10.213.0.1", 16) == -EINVAL);

	CHECK(route_req(fd, RTM_DELROUTE, 0, "10.213.0.0", 16) == 0);
	wait_route_event(mon, RTM_DELROUTE, "10.213.0.0");
	CHECK(route_find(fd, "10.213.0.0", 16, &s) == 0);
	CHECK(route_req(fd, RTM_DELROUTE, 0, "10.213.0.0", 16) == -ESRCH);
	close(fd);
	close(mon);
}

/* `ip route get`: a lookup answered as one RTM_NEWROUTE. */
static void net_netlink_route_get(void)
{
	int fd = nl_socket(), n, lo = if_nametoindex("lo");
	struct in_addr a;
	struct nlmsghdr *h;
	struct rtattr *rta;
	struct rtmsg *rtm;
	char buf[NLBUF];
	struct nlreq r;

	inet_pton(AF_INET, "127.0.0.1", &a);
	nl_init(&r, RTM_GETROUTE, 0, sizeof(struct rtmsg));
	r.rtm.rtm_family = AF_INET;
	r.rtm.rtm_dst_len = 32;
	nl_attr(&r, RTA_DST, &a, 4);
	nl_send(fd, &r);
	n = nl_recv(fd, buf, sizeof(buf));
	h = (struct nlmsghdr *)buf;
	CHECK(NLMSG_OK(h, n) && h->nlmsg_type == RTM_NEWROUTE && h->nlmsg_seq == r.nh.nlmsg_seq);
	rtm = NLMSG_DATA(h);
	/* Linux looks up its merged main/local trie: the answer names main. */
	if (rtm->rtm_type != RTN_LOCAL || rtm->rtm_table != RT_TABLE_MAIN)
		fail("route get 127.0.0.1: type %d table %d", rtm->rtm_type, rtm->rtm_table);
	CHECK(rtm->rtm_dst_len == 32 && (rtm->rtm_flags & RTM_F_CLONED));
	rta = nl_find_attr(h, sizeof(*rtm), RTA_OIF);
	CHECK(rta && *(int *)RTA_DATA(rta) == lo);
	rta = nl_find_attr(h, sizeof(*rtm), RTA_PREFSRC);
	CHECK(rta && memcmp(RTA_DATA(rta), &a, 4) == 0);
	rta = nl_find_attr(h, sizeof(*rtm), RTA_DST);
	CHECK(rta && memcmp(RTA_DATA(rta), &a, 4) == 0);
	close(fd);
}

/* ---------------------------------------------------------- SIOCETHTOOL */

static int ethtool_ioctl(int fd, const char *dev, void *data)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = data;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

/* lo as Linux's: a link, no driver information, no rings or channels. */
static void net_ethtool_lo(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct ethtool_value v = { .cmd = ETHTOOL_GLINK };
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ethtool_ringparam ring = { .cmd = ETHTOOL_GRINGPARAM };
	struct {
		struct ethtool_sset_info hdr;
		uint32_t data[8];
	} ss = { .hdr = { .cmd = ETHTOOL_GSSET_INFO, .sset_mask = 1ULL << ETH_SS_STATS } };
	uint32_t unknown = 0x7fff;

	CHECK(fd >= 0);
	CHECK_OK(ethtool_ioctl(fd, "lo", &v));
	CHECK(v.data == 1);
	CHECK_ERR(ethtool_ioctl(fd, "lo", &di), EOPNOTSUPP);
	CHECK_ERR(ethtool_ioctl(fd, "lo", &ch), EOPNOTSUPP);
	ch.cmd = ETHTOOL_SCHANNELS;
	CHECK_ERR(ethtool_ioctl(fd, "lo", &ch), EOPNOTSUPP);
	CHECK_ERR(ethtool_ioctl(fd, "lo", &ring), EOPNOTSUPP);
	CHECK_OK(ethtool_ioctl(fd, "lo", &ss));
	CHECK(ss.hdr.sset_mask == 0);
	CHECK_ERR(ethtool_ioctl(fd, "lo", &unknown), EOPNOTSUPP);
	CHECK_ERR(ethtool_ioctl(fd, "nosuchdev0", &v), ENODEV);
	CHECK_ERR(ethtool_ioctl(fd, "lo", (void *)16), EFAULT);
	close(fd);
	/* Any socket will do: a netlink one too. */
	fd = nl_socket();
	v.data = 0;
	CHECK_OK(ethtool_ioctl(fd, "lo", &v));
	CHECK(v.data == 1);
	close(fd);
}

/* ------------------------------------------------------------ sock_diag */

struct diag_found {
	uint16_t port;		/* local port to look for (host order) */
	int peer;		/* 1: match the remote port instead */
	int found;
	struct inet_diag_msg m;
};

/* Dump family/protocol sockets in every state; call back on each message. */
static void diag_dump(int family, int protocol, struct diag_found *f)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG), n, recvs = 0;
	struct {
		struct nlmsghdr nh;
		struct inet_diag_req_v2 r;
	} req;
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct inet_diag_msg *m;
	struct nlmsghdr *h;
	char buf[NLBUF];

	CHECK(fd >= 0);
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 7;
	req.r.sdiag_family = family;
	req.r.sdiag_protocol = protocol;
	req.r.idiag_states = ~0u;
	CHECK(sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&k, sizeof(k)) == sizeof(req));
	for (;;) {
		n = nl_recv(fd, buf, sizeof(buf));
		CHECK(++recvs < 10000);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			CHECK(h->nlmsg_seq == 7 && h->nlmsg_type != NLMSG_ERROR);
			if (h->nlmsg_type == NLMSG_DONE) {
				close(fd);
				return;
			}
			CHECK(h->nlmsg_type == SOCK_DIAG_BY_FAMILY);
			m = NLMSG_DATA(h);
			CHECK(m->idiag_family == family);
			if (ntohs(f->peer ? m->id.idiag_dport : m->id.idiag_sport) != f->port)
				continue;
			f->found++;
			f->m = *m;
		}
	}
}

static unsigned long fd_ino(int fd)
{
	struct stat st;

	CHECK_OK(fstat(fd, &st));
	return st.st_ino;
}

/* net.core.somaxconn, written as text; -1 if it cannot be. */
static int set_somaxconn(const char *v)
{
	int fd = open("/proc/sys/net/core/somaxconn", O_WRONLY | O_CLOEXEC);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, v, strlen(v)) == (ssize_t)strlen(v);
	close(fd);
	return ok ? 0 : -1;
}

/* The listener's backlog as ss shows it (idiag_wqueue of a listener). */
static unsigned int listen_backlog(const struct addr *la)
{
	struct diag_found f;

	memset(&f, 0, sizeof(f));
	f.port = addr_port(la);
	diag_dump(AF_INET, IPPROTO_TCP, &f);
	CHECK(f.found == 1);
	return f.m.idiag_wqueue;
}

/* listen() caps its backlog at net.core.somaxconn, read at each call. */
static void net_somaxconn_caps_backlog(void)
{
	struct addr la = lo_addr(LO4, 0);
	unsigned int capped, again, under;
	char old[32];
	int l, n;

	n = read_text("/proc/sys/net/core/somaxconn", old, sizeof(old));
	CHECK(n > 0 && atoi(old) > 0);
	CHECK(set_somaxconn("5\n") == 0);
	l = tcp_listener(LO4, 100, &la);
	capped = listen_backlog(&la);
	again = listen(l, 3) == 0 ? listen_backlog(&la) : 0;
	CHECK(set_somaxconn(old) == 0);         /* before any check can end the test */
	under = listen(l, 100) == 0 ? listen_backlog(&la) : 0;
	CHECK(capped == 5);
	CHECK(again == 3);
	CHECK(under == 100);
	CHECK(set_somaxconn("-1\n") == -1 && errno == EINVAL);
	close(l);
}

/* ss -t -a: a listener, both ends of a connection with unread bytes. */
static void net_sock_diag_tcp(void)
{
	struct addr la = lo_addr(LO4, 0);
	struct diag_found f;
	int l, c, s;
	char b[5] = "hello";

	l = tcp_listener(LO4, 7, &la);
	c = tcp_connect(&la);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	CHECK(write(c, b, 5) == 5);

	memset(&f, 0, sizeof(f));
	f.port = addr_port(&la);
	/* The listener and the accepted socket share the local port. */
	diag_dump(AF_INET, IPPROTO_TCP, &f);
	CHECK(f.found == 2);
	memset(&f, 0, sizeof(f));
	f.port = addr_port(&la);
	f.peer = 1;
	diag_dump(AF_INET, IPPROTO_TCP, &f);
	CHECK(f.found == 1);
	CHECK(f.m.idiag_state == 1);		/* TCP_ESTABLISHED: the client */
	CHECK(f.m.idiag_inode == fd_ino(c));
	CHECK(f.m.id.idiag_src[0] == htonl(INADDR_LOOPBACK));
	CHECK(f.m.id.idiag_dst[0] == htonl(INADDR_LOOPBACK));

	/* The accepted end: 5 unread bytes once they arrived. */
	CHECK(poll1(s, POLLIN, 5000) & POLLIN);
	memset(&f, 0, sizeof(f));
	f.port = ntohs(sock_name(c).in.sin_port);
	f.peer = 1;
	diag_dump(AF_INET, IPPROTO_TCP, &f);
	CHECK(f.found == 1);
	CHECK(f.m.idiag_state == 1 && f.m.idiag_rqueue == 5);
	CHECK(f.m.idiag_inode == fd_ino(s));
	close(c);
	close(s);
	close(l);
}

/* ss -u -a: an unconnected and a connected UDP socket. */
static void net_sock_diag_udp(void)
{
	struct addr ra, sa;
	struct diag_found f;
	int r = bound_socket(LO4, SOCK_DGRAM, &ra);
	int s = bound_socket(LO4, SOCK_DGRAM, &sa);

	CHECK_OK(connect(s, &ra.sa, ra.len));
	CHECK(send(s, "x", 1, 0) == 1);
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	memset(&f, 0, sizeof(f));
	f.port = addr_port(&ra);
	diag_dump(AF_INET, IPPROTO_UDP, &f);
	CHECK(f.found == 1);
	CHECK(f.m.idiag_state == 7);		/* TCP_CLOSE: "UNCONN" */
	CHECK(f.m.idiag_rqueue > 0);
	CHECK(f.m.idiag_inode == fd_ino(r));
	memset(&f, 0, sizeof(f));
	f.port = addr_port(&sa);
	diag_dump(AF_INET, IPPROTO_UDP, &f);
	CHECK(f.found == 1);
	CHECK(f.m.idiag_state == 1 && ntohs(f.m.id.idiag_dport) == addr_port(&ra));
	close(r);
	close(s);
}

const struct test net_netlink_tests[] = {
	{ "net_netlink_socket", net_netlink_socket },
	{ "net_netlink_unicast", net_netlink_unicast },
	{ "net_netlink_getlink", net_netlink_getlink },
	{ "net_netlink_getlink_one", net_netlink_getlink_one },
	{ "net_netlink_ack", net_netlink_ack },
	{ "net_netlink_trunc", net_netlink_trunc },
	{ "net_netlink_badlen", net_netlink_badlen },
	{ "net_netlink_enobufs", net_netlink_enobufs },
	{ "net_netlink_addr", net_netlink_addr },
	{ "net_netlink_dump_many", net_netlink_dump_many },
	{ "net_netlink_route", net_netlink_route },
	{ "net_netlink_route_get", net_netlink_route_get },
	{ "net_ethtool_lo", net_ethtool_lo },
	{ "net_sock_diag_tcp", net_sock_diag_tcp },
	{ "net_somaxconn_caps_backlog", net_somaxconn_caps_backlog },
	{ "net_sock_diag_udp", net_sock_diag_udp },
	{ NULL, NULL },
};
