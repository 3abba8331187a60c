/*
 * Helpers for the socket tests: loopback addresses, listeners and
 * connected pairs on kernel-chosen ports, whole-buffer send/recv.
 */
#include "net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
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
	/* AF_INET6 reaches the loopback through the IPv4-mapped address:
	 * shoal's AF_INET6 is dual-stack only (no native IPv6, so no ::1). */
	if (kind == LO6 || kind == LO_MAPPED)
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.in6.sin6_addr);
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

int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0)
		fail("TCP_INFO: errno %d", errno);
	return ti.tcpi_state;
}
