/*
 * progs: what Debian's programs (scripts/test's programs suites,
 * rootfs/bin/programs-tests) found missing or different on shoal, each
 * reduced to the system calls involved:
 *
 *  - stress-ng's splice and tee stressors splice /dev/zero into a pipe and
 *    the pipe into /dev/null (Linux's ->splice_read and ->splice_write of
 *    the memory devices); shoal refused both with EINVAL.
 *  - stress-ng's timerfd stressor counts a timerfd only when poll()
 *    reports exactly POLLIN (Linux's timerfd_poll sets no POLLRDNORM);
 *    and it arms 1024 periodic timerfds at 1 MHz that it reads now and
 *    then, which Linux re-arms only when they are read.
 *  - `ip route add NET via GW dev lo` with GW on a prefix of lo's (found
 *    in the local table); shoal answered ENETUNREACH. `ip route get`
 *    prints "uid N" and "cache <local>" from RTA_UID and RTCF_LOCAL, and
 *    "src" only when the request named none.
 *  - `ip rule show` reads the rules (RTM_GETRULE); `ss -e`, `-i`, `-m`
 *    read the uid, shutdown, v6only, tcp_info, congestion control and
 *    socket memory attributes of inet_diag; `ss -i` on a listener shows
 *    its cwnd from tcp_info.
 */
#include "usertests.h"
#include "net.h"

#include <fcntl.h>
#include <stdbool.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <net/route.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/fsuid.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/fib_rules.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#ifndef SPLICE_F_MOVE
#define SPLICE_F_MOVE 1
#endif
#ifndef RTCF_LOCAL
#define RTCF_LOCAL 0x80000000
#endif

static long splice_(int in, int out, size_t len)
{
	return syscall(SYS_splice, in, NULL, out, NULL, len, SPLICE_F_MOVE);
}

static long tee_(int in, int out, size_t len)
{
	return syscall(SYS_tee, in, out, len, 0);
}

static int open_dev(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		fail("open %s: %s", path, strerror(errno));
	return fd;
}

/* /dev/zero into a pipe, then the pipe into /dev/null (stress-ng splice) */
static void progs_splice_zero_null(void)
{
	int zero = open_dev("/dev/zero", O_RDONLY), null = open_dev("/dev/null", O_WRONLY);
	int p[2], i;
	char buf[4096];
	long n;

	CHECK_OK(pipe(p));
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(read(p[0], buf, 1) == 1);
	n = splice_(zero, p[1], 10000);
	CHECK(n == 10000);
	CHECK(read(p[0], buf, sizeof(buf)) == sizeof(buf));
	for (i = 0; i < (int)sizeof(buf); i++)
		CHECK(buf[i] == 0);
	CHECK(splice_(p[0], null, 100000) == 10000 - (long)sizeof(buf));
	/* a large request fills what the pipe holds, no more */
	n = splice_(zero, p[1], 1 << 20);
	CHECK(n > 0 && n <= 1 << 20);
	CHECK(splice_(p[0], null, 1 << 20) == n);
	close(p[0]);
	close(p[1]);
	close(zero);
	close(null);
}

/* tee a pipe into another, then consume the first into /dev/null (stress-ng tee) */
static void progs_tee_to_null(void)
{
	int null = open_dev("/dev/null", O_WRONLY);
	int a[2], b[2];
	char buf[64];

	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	CHECK(write(a[1], "abcdef", 6) == 6);
	CHECK(tee_(a[0], b[1], 100) == 6);
	CHECK(splice_(a[0], null, 100) == 6);
	CHECK(read(b[0], buf, sizeof(buf)) == 6);
	CHECK(memcmp(buf, "abcdef", 6) == 0);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	close(null);
}

/*
 * The other memory devices as Linux 6.12 has them: /dev/full reads zeros
 * through splice but takes no splice writes; /dev/null gives no splice
 * reads; /dev/urandom reads.
 */
static void progs_splice_devices(void)
{
	int full = open_dev("/dev/full", O_RDWR), null = open_dev("/dev/null", O_RDONLY);
	int ur = open_dev("/dev/urandom", O_RDONLY);
	int p[2];
	char buf[16], z[16] = { 0 };

	CHECK_OK(pipe(p));
	CHECK(splice_(full, p[1], sizeof(buf)) == sizeof(buf));
	CHECK(read(p[0], buf, sizeof(buf)) == sizeof(buf));
	CHECK(memcmp(buf, z, sizeof(z)) == 0);
	CHECK(write(p[1], "ab", 2) == 2);
	CHECK_ERR(splice_(p[0], full, 2), EINVAL);
	CHECK_ERR(splice_(null, p[1], 2), EINVAL);
	CHECK(splice_(ur, p[1], 8) == 8);
	CHECK(read(p[0], buf, sizeof(buf)) == 10);
	close(p[0]);
	close(p[1]);
	close(full);
	close(null);
	close(ur);
}

static void arm(int fd, long value_ns, long interval_ns)
{
	struct itimerspec its = {
		.it_value = { value_ns / 1000000000, value_ns % 1000000000 },
		.it_interval = { interval_ns / 1000000000, interval_ns % 1000000000 },
	};

	CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
}

/* a due timerfd polls as POLLIN alone, as Linux's */
static void progs_timerfd_pollin(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLRDNORM | POLLOUT };
	uint64_t ticks;

	CHECK(fd >= 0);
	arm(fd, 1000000, 0);
	CHECK(poll(&pfd, 1, 5000) == 1);
	CHECK(pfd.revents == POLLIN);
	CHECK(read(fd, &ticks, sizeof(ticks)) == sizeof(ticks) && ticks == 1);
	pfd.revents = 0;
	CHECK(poll(&pfd, 1, 0) == 0);
	close(fd);
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * A periodic timerfd left unread counts every period it missed when it
 * is read, stays armed (gettime shows at most one interval left), and
 * fires again after the read. Lower bounds only.
 */
static void progs_timerfd_periodic_unread(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct timespec nap = { 0, 30 * 1000000 };
	struct itimerspec cur;
	long long t0, t1;
	uint64_t ticks;

	CHECK(fd >= 0);
	arm(fd, 1000000, 1000000);
	t0 = mono_ns();
	nanosleep(&nap, NULL);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 1000000);
	CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 1000000);
	t1 = mono_ns();
	CHECK(read(fd, &ticks, sizeof(ticks)) == sizeof(ticks));
	/* settime ran before t0: at least (t1 - t0) / 1 ms periods were due */
	if ((long long)ticks < (t1 - t0) / 1000000)
		fail("%llu ticks after %lld ns", (unsigned long long)ticks, t1 - t0);
	CHECK(read(fd, &ticks, sizeof(ticks)) == sizeof(ticks) && ticks >= 1);
	close(fd);
}

/* many fast periodic timerfds, polled and read as stress-ng does */
static void progs_timerfd_many_fast(void)
{
	enum { N = 64 };
	struct pollfd pfd[N];
	int i, got = 0, rounds;
	uint64_t ticks;

	for (i = 0; i < N; i++) {
		pfd[i].fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
		CHECK(pfd[i].fd >= 0);
		pfd[i].events = POLLIN;
		arm(pfd[i].fd, 1000, 1000);             /* 1 MHz */
	}
	for (rounds = 0; rounds < 100000 && got < 1000; rounds++) {
		if (poll(pfd, N, 0) <= 0)
			continue;
		for (i = 0; i < N; i++) {
			if (pfd[i].revents != POLLIN)
				continue;
			CHECK(read(pfd[i].fd, &ticks, sizeof(ticks)) == sizeof(ticks) && ticks >= 1);
			got++;
		}
	}
	if (got < 1000)
		fail("%d reads in %d rounds", got, rounds);
	for (i = 0; i < N; i++)
		close(pfd[i].fd);
}

static void set_sin(struct sockaddr *sa, const char *ip)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin->sin_addr);
}

static int route_ioctl(int s, unsigned long cmd, const char *dst, const char *mask, const char *gw)
{
	struct rtentry rt;

	memset(&rt, 0, sizeof(rt));
	set_sin(&rt.rt_dst, dst);
	set_sin(&rt.rt_genmask, mask);
	set_sin(&rt.rt_gateway, gw);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	rt.rt_dev = "lo";
	return ioctl(s, cmd, &rt);
}

/*
 * A gateway that is one of our own addresses (a local-table route) is
 * accepted, one with no route to it is ENETUNREACH, as Linux's
 * fib_check_nh_v4_gw. (A broadcast gateway is EINVAL there only for
 * routes of universe scope, which SIOCADDRT does not make for it.) The
 * gateway is 127.0.0.1, lo's own address, whose host route no other
 * test's address changes can take away. Root (CAP_NET_ADMIN).
 */
static void progs_route_gw_local(void)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	CHECK(s >= 0);
	CHECK_OK(route_ioctl(s, SIOCADDRT, "10.77.0.0", "255.255.0.0", "127.0.0.1"));
	CHECK_OK(route_ioctl(s, SIOCDELRT, "10.77.0.0", "255.255.0.0", "127.0.0.1"));
	CHECK_ERR(route_ioctl(s, SIOCADDRT, "10.77.0.0", "255.255.0.0", "10.78.0.1"), ENETUNREACH);
	close(s);
}

/* RTM_GETROUTE for 127.0.0.1: RTA_UID is the caller's, RTCF_LOCAL is set */
static void progs_route_get_local(void)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg r;
		char attrs[64];
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[4096];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct rtattr *a;
	struct rtmsg *rtm;
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), len, uid = -1;
	in_addr_t dst = htonl(INADDR_LOOPBACK);

	CHECK(s >= 0);
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = RTM_GETROUTE;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.h.nlmsg_seq = 1;
	req.r.rtm_family = AF_INET;
	req.r.rtm_dst_len = 32;
	a = (struct rtattr *)req.attrs;
	a->rta_type = RTA_DST;
	a->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(a), &dst, 4);
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg)) + RTA_ALIGN(a->rta_len);
	CHECK(sendto(s, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) ==
	      (ssize_t)req.h.nlmsg_len);
	len = recv(s, buf, sizeof(buf), 0);
	CHECK(len > 0 && NLMSG_OK(h, (unsigned int)len));
	CHECK(h->nlmsg_type == RTM_NEWROUTE);
	rtm = NLMSG_DATA(h);
	CHECK(rtm->rtm_type == RTN_LOCAL);
	CHECK(rtm->rtm_flags & RTM_F_CLONED);
	CHECK(rtm->rtm_flags & RTCF_LOCAL);
	len = RTM_PAYLOAD(h);
	for (a = RTM_RTA(rtm); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == RTA_UID)
			uid = *(int *)RTA_DATA(a);
	CHECK(uid == (int)getuid());
	close(s);
}

/*
 * Send the @len-byte request @req on a new NETLINK_@proto socket and call
 * @fn for each message of the answer (a dump's up to NLMSG_DONE); the
 * number of messages, or fails on an error answer.
 */
static int nl_ask(int proto, void *req, size_t len, void (*fn)(struct nlmsghdr *, void *), void *arg)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	static char buf[32768];
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto), n = 0, rounds;

	CHECK(s >= 0);
	CHECK(sendto(s, req, len, 0, (struct sockaddr *)&sa, sizeof(sa)) == (ssize_t)len);
	for (rounds = 0; rounds < 100; rounds++) {
		int got = recv(s, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		CHECK(got > 0);
		for (; NLMSG_OK(h, (unsigned int)got); h = NLMSG_NEXT(h, got)) {
			if (h->nlmsg_type == NLMSG_DONE)
				goto out;
			if (h->nlmsg_type == NLMSG_ERROR)
				fail("netlink error %d", ((struct nlmsgerr *)NLMSG_DATA(h))->error);
			fn(h, arg);
			n++;
			if (!(h->nlmsg_flags & NLM_F_MULTI))
				goto out;
		}
	}
	fail("no end to the dump");
out:
	close(s);
	return n;
}

static void rule_seen(struct nlmsghdr *h, void *arg)
{
	struct fib_rule_hdr *frh = NLMSG_DATA(h);
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*frh)), *seen = arg, pref = 0, table = -1;
	struct rtattr *a;

	CHECK(h->nlmsg_type == RTM_NEWRULE && frh->family == AF_INET);
	CHECK(frh->action == FR_ACT_TO_TBL);
	for (a = (struct rtattr *)((char *)frh + NLMSG_ALIGN(sizeof(*frh))); RTA_OK(a, len);
	     a = RTA_NEXT(a, len)) {
		if (a->rta_type == FRA_PRIORITY)
			pref = *(int *)RTA_DATA(a);
		if (a->rta_type == FRA_TABLE)
			table = *(int *)RTA_DATA(a);
	}
	if ((pref == 0 && table == RT_TABLE_LOCAL) || (pref == 32766 && table == RT_TABLE_MAIN) ||
	    (pref == 32767 && table == RT_TABLE_DEFAULT))
		(*seen)++;
	else
		fail("rule %d: table %d", pref, table);
}

/* `ip rule show`: Linux's three default IPv4 rules */
static void progs_rule_dump(void)
{
	struct {
		struct nlmsghdr h;
		struct fib_rule_hdr r;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETRULE,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.r = { .family = AF_INET },
	};
	int seen = 0;

	CHECK(nl_ask(NETLINK_ROUTE, &req, sizeof(req), rule_seen, &seen) == 3);
	CHECK(seen == 3);
}

struct route_get_seen {
	int prefsrc;
};

static void route_get_seen(struct nlmsghdr *h, void *arg)
{
	struct rtmsg *rtm = NLMSG_DATA(h);
	int len = RTM_PAYLOAD(h);
	struct route_get_seen *r = arg;
	struct rtattr *a;

	for (a = RTM_RTA(rtm); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == RTA_PREFSRC)
			r->prefsrc = 1;
}

/* `ip route get A from A`: no RTA_PREFSRC when the request gave the source */
static void progs_route_get_from(void)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg r;
		struct rtattr a1;
		in_addr_t dst;
		struct rtattr a2;
		in_addr_t src;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETROUTE,
		       .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1 },
		.r = { .rtm_family = AF_INET, .rtm_dst_len = 32, .rtm_src_len = 32 },
		.a1 = { RTA_LENGTH(4), RTA_DST }, .dst = htonl(INADDR_LOOPBACK),
		.a2 = { RTA_LENGTH(4), RTA_SRC }, .src = htonl(INADDR_LOOPBACK),
	};
	struct route_get_seen r = { 0 };

	CHECK(nl_ask(NETLINK_ROUTE, &req, sizeof(req), route_get_seen, &r) == 1);
	CHECK(!r.prefsrc);
	req.h.nlmsg_len -= sizeof(req.a2) + sizeof(req.src);
	req.r.rtm_src_len = 0;
	CHECK(nl_ask(NETLINK_ROUTE, &req, req.h.nlmsg_len, route_get_seen, &r) == 1);
	CHECK(r.prefsrc);
}

struct diag_seen {
	int port;               /* the listener's, host order */
	int found;              /* sockets of ours seen */
	int uid_server, uid_client, shut_client, v6only, cong, meminfo;
	int info_state;         /* tcp_info's state is the message's */
};

static void diag_seen(struct nlmsghdr *h, void *arg)
{
	struct inet_diag_msg *m = NLMSG_DATA(h);
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*m));
	struct diag_seen *d = arg;
	bool server = ntohs(m->id.idiag_sport) == d->port, client = ntohs(m->id.idiag_dport) == d->port;
	struct rtattr *a;

	if (!server && !client)
		return;
	d->found++;
	if (m->idiag_state != TCP_LISTEN && server)
		d->uid_server = m->idiag_uid;
	if (client)
		d->uid_client = m->idiag_uid;
	for (a = (struct rtattr *)((char *)m + NLMSG_ALIGN(sizeof(*m))); RTA_OK(a, len);
	     a = RTA_NEXT(a, len)) {
		if (a->rta_type == INET_DIAG_SHUTDOWN && client)
			d->shut_client = *(unsigned char *)RTA_DATA(a);
		if (a->rta_type == INET_DIAG_SKV6ONLY && m->idiag_state == TCP_LISTEN)
			d->v6only = 1 + *(unsigned char *)RTA_DATA(a);
		if (a->rta_type == INET_DIAG_CONG && client)
			d->cong = strlen(RTA_DATA(a)) > 0;
		if (a->rta_type == INET_DIAG_INFO && client)
			d->info_state = ((struct tcp_info *)RTA_DATA(a))->tcpi_state == m->idiag_state;
		if (a->rta_type == INET_DIAG_SKMEMINFO && client)
			d->meminfo = RTA_PAYLOAD(a) >= SK_MEMINFO_VARS * sizeof(uint32_t);
	}
}

/*
 * What `ss -e -i -m` reads for a dual-stack listener's connection
 * accepted under fsuid 65534: the accepter's uid on the accepted socket,
 * the client's shutdown bits, v6only on the listener, tcp_info, the
 * congestion control's name and the memory counters.
 */
static void progs_diag_attrs(void)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a6);
	struct {
		struct nlmsghdr h;
		struct inet_diag_req_v2 r;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.r = { .sdiag_family = AF_INET6, .sdiag_protocol = IPPROTO_TCP,
		       .idiag_states = ~0U,    /* the shut-down pair is past ESTABLISHED */
		       .idiag_ext = 1 << (INET_DIAG_INFO - 1) | 1 << (INET_DIAG_CONG - 1) |
				    1 << (INET_DIAG_SKMEMINFO - 1) },
	};
	struct diag_seen d = { 0 };
	int l = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), c, s;

	CHECK(l >= 0);
	CHECK_OK(bind(l, (struct sockaddr *)&a6, sizeof(a6)));
	CHECK_OK(listen(l, 4));
	CHECK_OK(getsockname(l, (struct sockaddr *)&a6, &alen));
	d.port = ntohs(a6.sin6_port);
	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	a.sin_port = a6.sin6_port;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK_OK(connect(c, (struct sockaddr *)&a, sizeof(a)));
	setfsuid(65534);
	s = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	setfsuid(0);
	CHECK(s >= 0);
	CHECK_OK(shutdown(c, SHUT_WR));
	/* The ACK of the FIN moves c from FIN_WAIT1 on; the dump reads the
	 * state twice (message and tcp_info), so wait until it stays put. */
	WAIT_FOR(tcp_state(c) == TCP_FIN_WAIT2, 5);
	nl_ask(NETLINK_SOCK_DIAG, &req, sizeof(req), diag_seen, &d);
	if (d.found != 2)                       /* the listener and the accepted socket */
		fail("found %d", d.found);
	CHECK(d.uid_server == 65534);
	CHECK(d.v6only == 1);
	req.r.sdiag_family = AF_INET;
	nl_ask(NETLINK_SOCK_DIAG, &req, sizeof(req), diag_seen, &d);
	CHECK(d.found == 3);
	CHECK(d.uid_client == 0);
	CHECK(d.shut_client == 2);              /* SEND_SHUTDOWN */
	CHECK(d.cong && d.meminfo);
	CHECK(d.info_state);
	close(s);
	close(c);
	close(l);
}

/* TCP_INFO of a listener gives its cwnd and reordering, as Linux 6.12 */
static void progs_tcp_info_listener(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	CHECK(l >= 0);
	CHECK_OK(bind(l, (struct sockaddr *)&a, sizeof(a)));
	CHECK_OK(listen(l, 4));
	CHECK_OK(getsockopt(l, IPPROTO_TCP, TCP_INFO, &ti, &len));
	CHECK(ti.tcpi_state == TCP_LISTEN);
	CHECK(ti.tcpi_snd_cwnd == 10);
	CHECK(ti.tcpi_reordering == 3);
	close(l);
}

const struct test progs_tests[] = {
	{ "progs_splice_zero_null", progs_splice_zero_null },
	{ "progs_tee_to_null", progs_tee_to_null },
	{ "progs_splice_devices", progs_splice_devices },
	{ "progs_timerfd_pollin", progs_timerfd_pollin },
	{ "progs_timerfd_periodic_unread", progs_timerfd_periodic_unread },
	{ "progs_timerfd_many_fast", progs_timerfd_many_fast },
	{ "progs_route_gw_local", progs_route_gw_local },
	{ "progs_route_get_local", progs_route_get_local },
	{ "progs_route_get_from", progs_route_get_from },
	{ "progs_rule_dump", progs_rule_dump },
	{ "progs_diag_attrs", progs_diag_attrs },
	{ "progs_tcp_info_listener", progs_tcp_info_listener },
	{ NULL, NULL },
};
