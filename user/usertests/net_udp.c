/*
 * UDP over loopback: datagram boundaries, sendto/recvfrom addresses,
 * truncation (MSG_TRUNC both as a flag and in msg_flags), connected
 * sockets (peer filter, ECONNREFUSED from an ICMP port unreachable),
 * sizes up to the maximum and EMSGSIZE above, sendmmsg/recvmmsg, and
 * ICMP echo ("ping") sockets.
 *
 * Tests that depend on the order in which two datagrams arrive pin
 * themselves to one CPU: loopback delivers in order per CPU.
 */
#include "net.h"

#include <fcntl.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp6.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/uio.h>

/* Three datagrams of different sizes come back one per recv, each with
 * the sender's address. */
static void udp_basic(enum lo_kind kind)
{
	struct addr ra, sa, from;
	char buf[256];
	int r = bound_socket(kind, SOCK_DGRAM, &ra);
	int s = bound_socket(kind, SOCK_DGRAM, &sa);

	pin_self(cpus[0]);
	CHECK(sendto(s, "one", 3, 0, &ra.sa, ra.len) == 3);
	CHECK(sendto(s, "three", 5, 0, &ra.sa, ra.len) == 5);
	CHECK(sendto(s, "", 0, 0, &ra.sa, ra.len) == 0);	/* empty */
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	from.len = sizeof(from.ss);
	CHECK(recvfrom(r, buf, sizeof(buf), 0, &from.sa, &from.len) == 3);
	CHECK(memcmp(buf, "one", 3) == 0);
	CHECK(from.len == sa.len && addr_eq(&from, &sa));
	CHECK(recv(r, buf, sizeof(buf), 0) == 5);
	CHECK(memcmp(buf, "three", 5) == 0);
	CHECK(recv(r, buf, sizeof(buf), 0) == 0);
	CHECK_ERR(recv(r, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* an unconnected socket needs an address */
	CHECK_ERR(send(s, "x", 1, 0), EDESTADDRREQ);
	close(r);
	close(s);
}

static void net_udp_basic4(void) { udp_basic(LO4); }

/* A dual-stack AF_INET6 socket talks to an AF_INET one through
 * ::ffff:127.0.0.1; the IPv4 side sees 127.0.0.1, the IPv6 side the
 * mapped address. */
static void net_udp_mapped(void)
{
	struct addr a4, a6, from;
	char buf[16];
	int s4 = bound_socket(LO4, SOCK_DGRAM, &a4);
	int s6 = bound_socket(ANY6, SOCK_DGRAM, &a6);
	struct addr to4 = lo_addr(LO_MAPPED, addr_port(&a4));
	struct addr to6 = lo_addr(LO4, addr_port(&a6));

	CHECK(sendto(s6, "v6", 2, 0, &to4.sa, to4.len) == 2);
	from.len = sizeof(from.ss);
	CHECK(recvfrom(s4, buf, sizeof(buf), 0, &from.sa, &from.len) == 2);
	CHECK(from.len == sizeof(struct sockaddr_in));
	CHECK(from.sa.sa_family == AF_INET);
	CHECK(from.in.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	CHECK(addr_port(&from) == addr_port(&a6));
	CHECK(sendto(s4, "v4", 2, 0, &to6.sa, to6.len) == 2);
	from.len = sizeof(from.ss);
	CHECK(recvfrom(s6, buf, sizeof(buf), 0, &from.sa, &from.len) == 2);
	struct addr want = lo_addr(LO_MAPPED, addr_port(&a4));
	CHECK(from.len == sizeof(struct sockaddr_in6) && addr_eq(&from, &want));
	close(s4);
	close(s6);
}

/* A datagram larger than the buffer: the rest is discarded; MSG_TRUNC as
 * a recv flag returns the real length; msg_flags says MSG_TRUNC. */
static void net_udp_trunc(void)
{
	struct addr ra;
	char buf[64];
	struct iovec iov = { buf, 4 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	int r = bound_socket(LO4, SOCK_DGRAM, &ra);
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	pin_self(cpus[0]);
	CHECK_OK(connect(s, &ra.sa, ra.len));
	for (int i = 0; i < 4; i++)
		CHECK(send(s, "0123456789", 10, 0) == 10);
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	/* plain: 4 bytes, the rest of the datagram is gone */
	CHECK(recv(r, buf, 4, 0) == 4 && memcmp(buf, "0123", 4) == 0);
	/* MSG_TRUNC: the datagram's length, only 4 bytes copied */
	memset(buf, 0, sizeof(buf));
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	CHECK(recv(r, buf, 4, MSG_TRUNC) == 10);
	CHECK(memcmp(buf, "0123", 4) == 0 && buf[4] == 0);
	/* recvmsg: MSG_TRUNC in msg_flags */
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	CHECK(recvmsg(r, &m, 0) == 4);
	CHECK(m.msg_flags & MSG_TRUNC);
	/* a buffer that fits: no MSG_TRUNC */
	iov.iov_len = sizeof(buf);
	m.msg_flags = -1;
	CHECK(poll1(r, POLLIN, 5000) & POLLIN);
	CHECK(recvmsg(r, &m, 0) == 10);
	CHECK(m.msg_flags == 0);
	/* all four taken */
	CHECK_ERR(recv(r, buf, 4, MSG_TRUNC | MSG_DONTWAIT), EAGAIN);
	close(r);
	close(s);
}

/*
 * connect() on UDP: send() without an address goes to the peer, sendto
 * another address is still allowed, and only the peer's datagrams are
 * received; AF_UNSPEC dissolves the association.
 */
static void net_udp_connect(void)
{
	struct addr a, b, o, peer;
	char buf[16];
	int sa = bound_socket(LO4, SOCK_DGRAM, &a);
	int sb = bound_socket(LO4, SOCK_DGRAM, &b);
	int so = bound_socket(LO4, SOCK_DGRAM, &o);

	pin_self(cpus[0]);
	CHECK_OK(connect(sa, &b.sa, b.len));
	peer = peer_name(sa);
	CHECK(addr_eq(&peer, &b));
	CHECK(send(sa, "to-b", 4, 0) == 4);
	CHECK(recv(sb, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "to-b", 4));
	CHECK(sendto(sa, "to-o", 4, 0, &o.sa, o.len) == 4);
	CHECK(recv(so, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "to-o", 4));
	/* from o (dropped), then from b (kept) */
	CHECK(sendto(so, "drop", 4, 0, &a.sa, a.len) == 4);
	CHECK(sendto(sb, "keep", 4, 0, &a.sa, a.len) == 4);
	CHECK(recv(sa, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "keep", 4));
	CHECK_ERR(recv(sa, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* dissolve: everyone gets through again (Linux also drops the
	 * port that bind(port 0) picked, so ask o to answer wherever we
	 * send from now) */
	struct addr un = { .len = sizeof(struct sockaddr) }, from;
	un.sa.sa_family = AF_UNSPEC;
	CHECK_OK(connect(sa, &un.sa, un.len));
	peer.len = sizeof(peer.ss);
	CHECK_ERR(getpeername(sa, &peer.sa, &peer.len), ENOTCONN);
	CHECK_ERR(send(sa, "x", 1, 0), EDESTADDRREQ);
	CHECK(sendto(sa, "hi-o", 4, 0, &o.sa, o.len) == 4);
	from.len = sizeof(from.ss);
	CHECK(recvfrom(so, buf, sizeof(buf), 0, &from.sa, &from.len) == 4);
	CHECK(sendto(so, "from-o", 6, 0, &from.sa, from.len) == 6);
	CHECK(poll1(sa, POLLIN, 5000) & POLLIN);
	CHECK(recv(sa, buf, sizeof(buf), 0) == 6);
	/* connect to a new peer, then another: the latest wins */
	CHECK_OK(connect(sa, &o.sa, o.len));
	CHECK_OK(connect(sa, &b.sa, b.len));
	peer = peer_name(sa);
	CHECK(addr_eq(&peer, &b));
	close(sa);
	close(sb);
	close(so);
}

/*
 * A connected UDP socket sending to a port nobody has: the ICMP port
 * unreachable that comes back sets a pending ECONNREFUSED, which poll
 * shows as POLLERR and the next recv (or send) returns, once.  An
 * unconnected socket is not told.
 */
static void net_udp_refused(void)
{
	struct addr a;
	char buf[8];
	int tmp = bound_socket(LO4, SOCK_DGRAM, &a), c, u;

	close(tmp);			/* nobody has this port now */
	pin_self(cpus[0]);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(sendto(u, "u", 1, 0, &a.sa, a.len) == 1);
	c = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK_OK(connect(c, &a.sa, a.len));
	CHECK(send(c, "x", 1, 0) == 1);
	CHECK(poll1(c, POLLIN, 5000) == POLLERR);
	CHECK_ERR(recv(c, buf, sizeof(buf), MSG_DONTWAIT), ECONNREFUSED);
	CHECK_ERR(recv(c, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	/* the same through send */
	CHECK(send(c, "x", 1, 0) == 1);
	CHECK(poll1(c, POLLOUT, 5000) == (POLLOUT | POLLERR));
	CHECK_ERR(send(c, "y", 1, 0), ECONNREFUSED);
	/* and through SO_ERROR */
	CHECK(send(c, "x", 1, 0) == 1);
	CHECK(poll1(c, POLLIN, 5000) == POLLERR);
	CHECK(get_int_opt(c, SOL_SOCKET, SO_ERROR) == ECONNREFUSED);
	CHECK(poll1(c, POLLIN | POLLOUT, 0) == POLLOUT);
	/* the unconnected socket's ICMP came first and changed nothing */
	CHECK(poll1(u, POLLIN | POLLOUT, 0) == POLLOUT);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_ERROR) == 0);
	CHECK(sendto(u, "u", 1, 0, &a.sa, a.len) == 1);
	close(c);
	close(u);
}

/* The largest datagrams: 65507 bytes over IPv4 (65535 - 20 - 8) and
 * 65527 over IPv6 (65535 - 8); one byte more is EMSGSIZE. */
static void udp_max(enum lo_kind kind, int max)
{
	struct addr ra;
	char *buf = malloc(1 << 20), *got = malloc(max + 2);
	int r = bound_socket(kind, SOCK_DGRAM, &ra);
	int s = socket(lo_family(kind), SOCK_DGRAM, 0);

	CHECK(buf && got);
	for (int i = 0; i < max + 1; i++)
		buf[i] = i ^ (i >> 8);
	CHECK_OK(connect(s, &ra.sa, ra.len));
	CHECK_ERR(send(s, buf, max + 1, 0), EMSGSIZE);
	CHECK(send(s, buf, max, 0) == max);
	CHECK(recv(r, got, max + 2, 0) == max);
	CHECK(memcmp(buf, got, max) == 0);
	CHECK_ERR(sendto(r, buf, 1 << 20, 0, &ra.sa, ra.len), EMSGSIZE);
	close(r);
	close(s);
	free(buf);
	free(got);
}

static void net_udp_max4(void) { udp_max(LO4, 65507); }

/* sendmmsg sends several datagrams in one call; recvmmsg takes them with
 * their lengths; iovecs gather and scatter. */
static void net_udp_mmsg(void)
{
	struct addr ra;
	char a[] = "alpha", b[] = "be", c1[] = "gam", c2[] = "ma";
	struct iovec out[4] = { { a, 5 }, { b, 2 }, { c1, 3 }, { c2, 2 } };
	struct mmsghdr sm[3] = {
		{ .msg_hdr = { .msg_iov = &out[0], .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_iov = &out[1], .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_iov = &out[2], .msg_iovlen = 2 } },
	};
	char r[2][16], h1[2], h2[16];
	struct iovec in[3] = { { r[0], 16 }, { r[1], 16 }, { h1, 2 } };
	struct iovec in3[2] = { { h1, 2 }, { h2, 16 } };
	struct mmsghdr rm[3] = {
		{ .msg_hdr = { .msg_iov = &in[0], .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_iov = &in[1], .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_iov = in3, .msg_iovlen = 2 } },
	};
	int rfd = bound_socket(LO4, SOCK_DGRAM, &ra);
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	pin_self(cpus[0]);
	CHECK_OK(connect(s, &ra.sa, ra.len));
	CHECK(sendmmsg(s, sm, 3, 0) == 3);
	CHECK(sm[0].msg_len == 5 && sm[1].msg_len == 2 && sm[2].msg_len == 5);
	CHECK(poll1(rfd, POLLIN, 5000) & POLLIN);
	CHECK(recvmmsg(rfd, rm, 3, 0, NULL) == 3);	/* waits for all 3 */
	CHECK(rm[0].msg_len == 5 && memcmp(r[0], "alpha", 5) == 0);
	CHECK(rm[1].msg_len == 2 && memcmp(r[1], "be", 2) == 0);
	CHECK(rm[2].msg_len == 5 && memcmp(h1, "ga", 2) == 0 &&
	      memcmp(h2, "mma", 3) == 0);
	CHECK_ERR(recvmmsg(rfd, rm, 3, MSG_DONTWAIT, NULL), EAGAIN);
	/* sendmsg with an address in the header, recvmsg returning one */
	struct addr from, sn = sock_name(s);
	struct msghdr m = { .msg_name = &ra.sa, .msg_namelen = ra.len,
			    .msg_iov = out, .msg_iovlen = 2 };
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(sendmsg(u, &m, 0) == 7);
	struct addr un = sock_name(u);
	m = (struct msghdr){ .msg_name = &from.ss, .msg_namelen = sizeof(from.ss),
			     .msg_iov = in, .msg_iovlen = 1 };
	CHECK(recvmsg(rfd, &m, 0) == 7);
	CHECK(memcmp(r[0], "alphabe", 7) == 0);
	from.len = m.msg_namelen;
	CHECK(from.len == sizeof(struct sockaddr_in));
	CHECK(addr_port(&from) == addr_port(&un) && addr_port(&un) != 0 &&
	      addr_port(&un) != addr_port(&sn));
	close(rfd);
	close(s);
	close(u);
}

#define PING_GROUPS "/proc/sys/net/ipv4/ping_group_range"

/*
 * Enable ICMP echo sockets for root where Linux guards them
 * (net.ipv4.ping_group_range defaults to "1 0", nobody).  Returns the old
 * setting (empty where the file does not exist) for restore_ping.
 */
static void allow_ping(char *old, size_t len)
{
	int fd = open(PING_GROUPS, O_RDWR);
	ssize_t n;

	old[0] = 0;
	if (fd < 0)
		return;
	n = read(fd, old, len - 1);
	old[n > 0 ? n : 0] = 0;
	CHECK(pwrite(fd, "0 0", 3, 0) == 3);
	close(fd);
}

static void restore_ping(const char *old)
{
	int fd;

	if (!old[0] || (fd = open(PING_GROUPS, O_WRONLY)) < 0)
		return;
	CHECK(write(fd, old, strlen(old)) == (ssize_t)strlen(old));
	close(fd);
}

struct echo {
	uint8_t type, code;
	uint16_t cksum, id, seq;
	char data[24];
};

/* An ICMP echo socket: an echo request to loopback gets a reply with the
 * same sequence number and data (the kernel fills in id and checksum). */
static void ping(int family, int proto, int req_type, int reply_type)
{
	struct echo e = { .type = req_type, .seq = htons(4242) }, r;
	struct addr to = lo_addr(family == AF_INET ? LO4 : LO6, 0), from;
	char old[64];
	int fd;

	allow_ping(old, sizeof(old));
	fd = socket(family, SOCK_DGRAM, proto);
	int err = errno;
	restore_ping(old);	/* an open socket stays usable */
	if (fd < 0)
		fail("socket(ICMP echo): errno %d (%s)", err,
		     strerrorname(err));
	strcpy(e.data, "shoal ping payload");
	CHECK(sendto(fd, &e, sizeof(e), 0, &to.sa, to.len) == sizeof(e));
	CHECK(poll1(fd, POLLIN, 5000) & POLLIN);
	from.len = sizeof(from.ss);
	memset(&r, 0, sizeof(r));
	CHECK(recvfrom(fd, &r, sizeof(r), 0, &from.sa, &from.len) ==
	      sizeof(r));
	CHECK(r.type == reply_type && r.code == 0);
	CHECK(r.seq == htons(4242));
	CHECK(strcmp(r.data, "shoal ping payload") == 0);
	CHECK(from.sa.sa_family == family);
	/* the id is the socket's "port" */
	struct addr me = sock_name(fd);
	CHECK(r.id == htons(addr_port(&me)));
	close(fd);
}

static void net_ping4(void)
{
	ping(AF_INET, IPPROTO_ICMP, ICMP_ECHO, ICMP_ECHOREPLY);
}

/* The ICMP checksum of an echo message (RFC 1071). */
static uint16_t echo_cksum(const struct echo *e)
{
	const uint16_t *w = (const uint16_t *)e;
	uint32_t sum = 0;

	for (size_t i = 0; i < sizeof(*e) / 2; i++)
		sum += w[i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Read raw ICMP packets (IP header first) from fd until the echo message
 * of this type and sequence number; false if none comes. */
static bool raw_wait_echo(int fd, int type, int seq)
{
	unsigned char buf[256];
	struct echo e;

	for (int i = 0; i < 16; i++) {
		if (!(poll1(fd, POLLIN, 5000) & POLLIN))
			return false;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		size_t ihl = (buf[0] & 0xf) * 4;

		if (n < (ssize_t)(ihl + sizeof(e)))
			continue;
		memcpy(&e, buf + ihl, sizeof(e));
		if (e.type == type && e.seq == htons(seq))
			return true;
	}
	return false;
}

/*
 * A raw socket connected to loopback gets loopback's ICMP; connect
 * (AF_UNSPEC) then takes it out of the protocol's table, as Linux's
 * __udp_disconnect does for raw sockets: it gets nothing more. Every raw
 * socket of a protocol is served in one pass, so once the other socket
 * has the echo request, the disconnected one would have it too.
 */
static void net_raw_disconnect(void)
{
	struct addr lo = lo_addr(LO4, 0), un = { .len = sizeof(struct sockaddr) };
	struct echo e = { .type = ICMP_ECHO, .id = htons(77), .seq = htons(1) };
	char buf[256];
	int a = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	int b = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);

	if (a < 0 || b < 0)
		fail("socket(SOCK_RAW, IPPROTO_ICMP): errno %d (%s)", errno,
		     strerrorname(errno));
	CHECK_OK(connect(a, &lo.sa, lo.len));
	e.cksum = echo_cksum(&e);
	CHECK(sendto(b, &e, sizeof(e), 0, &lo.sa, lo.len) == sizeof(e));
	CHECK(raw_wait_echo(a, ICMP_ECHO, 1));
	CHECK(raw_wait_echo(a, ICMP_ECHOREPLY, 1));
	CHECK(raw_wait_echo(b, ICMP_ECHOREPLY, 1));

	un.sa.sa_family = AF_UNSPEC;
	CHECK_OK(connect(a, &un.sa, un.len));
	e.seq = htons(2);
	e.cksum = 0;
	e.cksum = echo_cksum(&e);
	CHECK(sendto(b, &e, sizeof(e), 0, &lo.sa, lo.len) == sizeof(e));
	CHECK(raw_wait_echo(b, ICMP_ECHO, 2));
	CHECK_ERR(recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	close(a);
	close(b);
}

const struct test net_udp_tests[] = {
	{ "net_udp_basic4", net_udp_basic4 },
	{ "net_udp_mapped", net_udp_mapped },
	{ "net_udp_trunc", net_udp_trunc },
	{ "net_udp_connect", net_udp_connect },
	{ "net_udp_refused", net_udp_refused },
	{ "net_udp_max4", net_udp_max4 },
	{ "net_udp_mmsg", net_udp_mmsg },
	{ "net_ping4", net_ping4 },
	{ "net_raw_disconnect", net_raw_disconnect },
	{ NULL, NULL },
};
