/*
 * Resource exhaustion: what a process sees at the edge of a limit, and
 * that nothing is lost or leaked getting there.
 *
 *  - RLIMIT_NOFILE: every way to make a descriptor fails with EMFILE at
 *    the soft limit; accept() leaves the connection queued; SCM_RIGHTS
 *    beyond the limit truncates (MSG_CTRUNC) and closes what did not fit;
 *    fs.nr_open caps the hard limit; fs.file-nr and fs.file-max; ENFILE
 *    for a task without CAP_SYS_ADMIN past file-max.
 *  - Full buffers: a TCP sender whose peer does not read gets EAGAIN
 *    (non-blocking) or a partial count then EAGAIN (SO_SNDTIMEO); a UDP
 *    receiver whose buffer is full drops and counts (RcvbufErrors, the
 *    drops column of /proc/net/udp); every byte that arrives is intact.
 *  - A full accept queue: SYNs beyond it are dropped and counted
 *    (ListenOverflows, ListenDrops); every client gets in later with the
 *    data it sent before being accepted.
 *  - Many idle TCP connections (epoll on 20,000 descriptors) and memory
 *    coming back when they close; the OOM killer (exhaust_oom_*).
 *
 * Tests that change a system-wide setting (fs.file-max, fs.nr_open)
 * restore it before they return.
 */
#include "net.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

/* ---- helpers ---- */

/* A whole small /proc file as a number (its first). */
static long read_long(const char *path)
{
	char buf[128];

	CHECK(read_text(path, buf, sizeof(buf)) > 0);
	return atol(buf);
}

static void write_text(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	CHECK(fd >= 0);
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		fail("writing \"%s\" to %s: errno %d", s, path, errno);
	close(fd);
}

static void write_long(const char *path, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld\n", v);
	write_text(path, buf);
}

static void set_nofile(rlim_t cur, rlim_t max)
{
	struct rlimit r = { cur, max };

	CHECK_OK(setrlimit(RLIMIT_NOFILE, &r));
}

/*
 * Fill the table up to a soft limit of @extra descriptors above the
 * lowest free one: returns how many were filled (their numbers in fds[]).
 * The last dup() must fail with EMFILE.
 */
static int fill_fds(int *fds, int max, int extra, int *limit)
{
	int nul = open("/dev/null", O_RDONLY), n = 0, fd;
	struct rlimit r;

	CHECK(nul >= 0);
	fds[n++] = nul;
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &r));
	*limit = nul + 1 + extra;
	set_nofile(*limit, r.rlim_max);
	while ((fd = dup(nul)) >= 0) {
		CHECK(n < max);
		fds[n++] = fd;
	}
	CHECK(errno == EMFILE);
	return n;
}

/* The byte at offset i of the stream a test sends: no period a shift hides. */
static unsigned char pattern(uint64_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13 ^ i >> 8);
}

static void fill_pattern(unsigned char *buf, size_t n, uint64_t off)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = pattern(off + i);
}

/* Read exactly n bytes of the pattern from offset 0; fail on any mismatch. */
static void recv_pattern(int fd, uint64_t n)
{
	static unsigned char buf[65536];
	uint64_t off = 0;

	while (off < n) {
		size_t want = n - off < sizeof(buf) ? n - off : sizeof(buf);
		ssize_t r = recv(fd, buf, want, 0);

		if (r <= 0)
			fail("recv at %llu of %llu: %zd errno %d", (unsigned long long)off,
			     (unsigned long long)n, r, errno);
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] != pattern(off + i))
				fail("byte %llu corrupted", (unsigned long long)(off + i));
		off += r;
	}
}

/* ---- RLIMIT_NOFILE ---- */

/* At the soft limit every maker of descriptors says EMFILE; accept()
 * leaves the connection queued, so it is there (with its data) once a
 * descriptor is free again. */
static void exhaust_emfile(void)
{
	static int fds[256];
	int l, c, s, n, limit, sv[2], p[2];
	struct addr a;
	char buf[16];

	l = tcp_listener(LO4, 8, &a);
	c = tcp_connect(&a);
	send_all(c, "queued", 6);
	n = fill_fds(fds, 256, 40, &limit);
	CHECK_ERR(socket(AF_INET, SOCK_STREAM, 0), EMFILE);
	CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), EMFILE);
	CHECK_ERR(open("/", O_RDONLY), EMFILE);
	CHECK_ERR(pipe(p), EMFILE);
	CHECK_ERR(dup(fds[0]), EMFILE);
	CHECK_ERR(epoll_create1(0), EMFILE);
	CHECK_ERR(eventfd(0, 0), EMFILE);
	CHECK_ERR(accept(l, NULL, NULL), EMFILE);
	CHECK_ERR(fcntl(fds[0], F_DUPFD, limit), EINVAL);
	CHECK_ERR(dup2(fds[0], limit), EBADF);
	CHECK_OK(dup2(fds[0], limit - 1));      /* replacing below the limit is fine */

	close(fds[--n]);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0 && s < limit);
	CHECK(recv(s, buf, sizeof(buf), 0) == 6 && !memcmp(buf, "queued", 6));
	CHECK_ERR(accept4(l, NULL, NULL, SOCK_NONBLOCK), EMFILE);
	while (n > 0)
		close(fds[--n]);
	close(s);
	close(c);
	close(l);
}

/* Soft up to hard is allowed, past it EINVAL; the hard limit may not
 * pass fs.nr_open (EPERM, even for root). */
static void exhaust_nofile_limits(void)
{
	struct rlimit r, o;
	long nr_open = read_long("/proc/sys/fs/nr_open");
	int fd;

	CHECK(nr_open >= 1024);
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &o));
	set_nofile(o.rlim_max, o.rlim_max);
	r.rlim_cur = o.rlim_max + 1;
	r.rlim_max = o.rlim_max;
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &r), EINVAL);
	r.rlim_cur = r.rlim_max = nr_open + 1;
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &r), EPERM);
	set_nofile(nr_open, nr_open);           /* root may raise the hard limit */
	fd = open("/dev/null", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_DUPFD, 5000) == 5000);        /* the table grows past 4096 */
	close(5000);
	close(fd);

	/* a lower nr_open caps the next raise */
	write_long("/proc/sys/fs/nr_open", 8192);
	r.rlim_cur = r.rlim_max = 8193;
	errno = 0;
	fd = setrlimit(RLIMIT_NOFILE, &r);
	write_long("/proc/sys/fs/nr_open", nr_open);
	CHECK(fd == -1 && errno == EPERM);
	CHECK(read_long("/proc/sys/fs/nr_open") == nr_open);
	set_nofile(o.rlim_cur, o.rlim_max);
}

static void send_fds(int sock, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(8 * sizeof(int))] = { 0 };
	struct iovec iov = { "x", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
	CHECK(sendmsg(sock, &m, 0) == 1);
}

/* SCM_RIGHTS into a full table: the files that fit are installed, the
 * message is MSG_CTRUNC, and the rest are closed (their pipes see EOF). */
static void exhaust_scm_rights_emfile(void)
{
	static int fds[256];
	int sv[2], p[3][2], w[3], n, limit, got;
	char cbuf[CMSG_SPACE(3 * sizeof(int))], x;
	struct iovec iov = { &x, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;

	CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	for (int i = 0; i < 3; i++) {
		CHECK_OK(pipe2(p[i], O_NONBLOCK));
		w[i] = p[i][1];
	}
	send_fds(sv[0], w, 3);
	for (int i = 0; i < 3; i++)
		close(w[i]);
	n = fill_fds(fds, 256, 30, &limit);
	close(fds[--n]);                        /* room for exactly one */
	CHECK(recvmsg(sv[1], &m, 0) == 1);
	CHECK(m.msg_flags & MSG_CTRUNC);
	cm = CMSG_FIRSTHDR(&m);
	CHECK(cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS);
	CHECK(cm->cmsg_len == CMSG_LEN(sizeof(int)));
	memcpy(&got, CMSG_DATA(cm), sizeof(int));
	CHECK(got >= 0 && got < limit);
	CHECK_ERR(read(p[0][0], &x, 1), EAGAIN);        /* its writer is ours */
	CHECK(read(p[1][0], &x, 1) == 0);               /* closed: EOF */
	CHECK(read(p[2][0], &x, 1) == 0);
	close(got);
	CHECK(read(p[0][0], &x, 1) == 0);
	while (n > 0)
		close(fds[--n]);
	for (int i = 0; i < 3; i++)
		close(p[i][0]);
	close(sv[0]);
	close(sv[1]);
}

/*
 * fs.file-nr is "allocated 0 max" with max fs.file-max. Past file-max a
 * task without CAP_SYS_ADMIN gets ENFILE from every file maker (root is
 * exempt, as on Linux; where setuid() to nobody is refused, as on a
 * kernel without credentials, that half is not run).
 */
static void exhaust_enfile(void)
{
	long nr, zero, max, fmax = read_long("/proc/sys/fs/file-max");
	static int held[600];
	char buf[128];
	pid_t pid;
	int st = 0, fd;

	CHECK(read_text("/proc/sys/fs/file-nr", buf, sizeof(buf)) > 0);
	CHECK(sscanf(buf, "%ld\t%ld\t%ld", &nr, &zero, &max) == 3);
	if (!(nr >= 0 && zero == 0 && max == fmax))     /* Linux's nr is per-CPU approximate */
		fail("file-nr \"%s\", file-max %ld", buf, fmax);
	CHECK(fmax >= 8192);

	/* Linux counts files per CPU and reads the sum only past an
	 * approximate check: open enough (on one CPU) that it moves */
	pin_self(cpus[0]);
	for (int i = 0; i < 600; i++)
		CHECK((held[i] = open("/dev/null", O_RDONLY)) >= 0);
	write_long("/proc/sys/fs/file-max", 1);
	pid = fork();
	if (pid == 0) {
		int p[2];

		if (setuid(65534) != 0)
			_exit(1);
		if (open("/", O_RDONLY) != -1 || errno != ENFILE)
			_exit(2);
		if (pipe(p) != -1 || errno != ENFILE)
			_exit(3);
		if (socket(AF_INET, SOCK_DGRAM, 0) != -1 || errno != ENFILE)
			_exit(4);
		_exit(0);
	}
	fd = open("/", O_RDONLY);               /* root: exempt */
	if (pid > 0)
		waitpid(pid, &st, 0);
	write_long("/proc/sys/fs/file-max", fmax);
	for (int i = 0; i < 600; i++)
		close(held[i]);
	CHECK(pid > 0);
	CHECK(fd >= 0);
	close(fd);
	CHECK(WIFEXITED(st));
	if (WEXITSTATUS(st) != 0)
		fail("unprivileged child: step %d did not give ENFILE", WEXITSTATUS(st));
}


/* ---- full buffers ---- */

/* Send the pattern without blocking until EAGAIN; returns the bytes taken. */
static uint64_t send_until_eagain(int fd)
{
	static unsigned char buf[16384];
	uint64_t off = 0;
	ssize_t r;

	for (;;) {
		fill_pattern(buf, sizeof(buf), off);
		r = send(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_NOSIGNAL);
		if (r < 0)
			break;
		off += r;
		CHECK(off < (64u << 20));       /* a buffer that never fills */
	}
	CHECK(errno == EAGAIN);
	return off;
}

/*
 * The peer does not read: non-blocking sends stop with EAGAIN once the
 * sender's buffer (SO_SNDBUF) and the receiver's (SO_RCVBUF) are full,
 * POLLOUT is clear; then the peer reads everything, in order, intact.
 */
static void exhaust_tcp_sndbuf_full(void)
{
	int l, c, s, sndbuf, rcvbuf;
	struct addr a;
	uint64_t n;

	l = tcp_listener(LO4, 4, &a);
	set_int_opt(l, SOL_SOCKET, SO_RCVBUF, 16384);   /* the accepted socket inherits it */
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0);
	set_int_opt(c, SOL_SOCKET, SO_SNDBUF, 16384);
	CHECK_OK(connect(c, &a.sa, a.len));
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	sndbuf = get_int_opt(c, SOL_SOCKET, SO_SNDBUF);
	rcvbuf = get_int_opt(s, SOL_SOCKET, SO_RCVBUF);
	n = send_until_eagain(c);
	CHECK(n > 0);
	CHECK(n <= (uint64_t)2 * (sndbuf + rcvbuf));
	CHECK(!(poll1(c, POLLOUT, 0) & POLLOUT));
	recv_pattern(s, n);
	CHECK_ERR(recv(s, &sndbuf, 1, MSG_DONTWAIT), EAGAIN);
	close(c);
	close(s);
	close(l);
}

/*
 * A blocking send bigger than the buffers with SO_SNDTIMEO: it returns
 * the part it queued (as Linux: a partial count beats the timeout), and
 * the next send, with nothing more fitting, fails with EAGAIN.
 */
static void exhaust_tcp_sndtimeo_partial(void)
{
	static unsigned char buf[1 << 20];
	struct timeval tv = { 0, 200000 };
	int c, s;
	ssize_t n;

	tcp_pair(LO4, &c, &s);
	set_int_opt(c, SOL_SOCKET, SO_SNDBUF, 16384);
	CHECK_OK(setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
	fill_pattern(buf, sizeof(buf), 0);
	n = send(c, buf, sizeof(buf), MSG_NOSIGNAL);
	CHECK(n > 0 && n < (ssize_t)sizeof(buf));
	CHECK_ERR(send(c, buf + n, sizeof(buf) - n, MSG_NOSIGNAL), EAGAIN);
	recv_pattern(s, n);
	close(c);
	close(s);
}

/* The drops column of /proc/net/udp for the socket bound to port. */
static long udp_drops(uint16_t port)
{
	static char buf[65536];
	char want[16], *line, *save;

	CHECK(read_text("/proc/net/udp", buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want), ":%04X ", port);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *local = strchr(line, ':'), *last;

		if (!local || !(local = strchr(local + 1, ':')) || strncmp(local, want, 6))
			continue;
		for (last = line + strlen(line); last > line && last[-1] == ' '; )
			*--last = 0;            /* lines are padded, as Linux's */
		last = strrchr(line, ' ');
		CHECK(last);
		return atol(last + 1);
	}
	fail("no /proc/net/udp line for port %u", port);
}

/*
 * A UDP receiver that does not read: once its SO_RCVBUF is full further
 * datagrams are dropped, each counted in Udp RcvbufErrors and in the
 * socket's drops; what was queued is intact, and received + dropped is
 * what was sent.
 */
static void exhaust_udp_rcvbuf_full(void)
{
	enum { N = 200, SZ = 1000 };
	long err0 = proc_net_mib("/proc/net/snmp", "Udp:", "RcvbufErrors");
	unsigned char buf[SZ];
	struct addr a;
	int r, t, got = 0;
	long drops;

	r = bound_socket(LO4, SOCK_DGRAM, &a);
	set_int_opt(r, SOL_SOCKET, SO_RCVBUF, 8192);
	t = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(t >= 0);
	for (int i = 0; i < N; i++) {
		fill_pattern(buf, SZ, (uint64_t)i * SZ);
		CHECK(sendto(t, buf, SZ, 0, &a.sa, a.len) == SZ);
	}
	drops = udp_drops(addr_port(&a));
	CHECK(drops > 0);
	CHECK(proc_net_mib("/proc/net/snmp", "Udp:", "RcvbufErrors") >= err0 + drops);
	for (int last = -1;; got++) {
		ssize_t n = recv(r, buf, SZ + 1, MSG_DONTWAIT);
		int seq = -1;

		if (n < 0)
			break;
		CHECK(n == SZ);
		for (int i = 0; i < N && seq < 0; i++)
			if (buf[0] == pattern((uint64_t)i * SZ) && buf[1] == pattern((uint64_t)i * SZ + 1) &&
			    buf[2] == pattern((uint64_t)i * SZ + 2) && i > last)
				seq = i;
		CHECK(seq >= 0);
		for (int i = 0; i < SZ; i++)
			if (buf[i] != pattern((uint64_t)seq * SZ + i))
				fail("datagram %d byte %d corrupted", seq, i);
		last = seq;
	}
	CHECK(errno == EAGAIN);
	CHECK(got > 0);
	CHECK(got + drops == N);
	close(t);
	close(r);
}

/* ---- a full accept queue ---- */

/* Every client whose connect completed sends its message (once). */
static void send_connected(const int *c, int *sent, int n, unsigned char *msg, int len)
{
	for (int i = 0; i < n; i++) {
		if (sent[i] || !(poll1(c[i], POLLOUT, 0) & POLLOUT))
			continue;
		CHECK(get_int_opt(c[i], SOL_SOCKET, SO_ERROR) == 0);
		fill_pattern(msg, len, (uint64_t)i << 20);
		msg[0] = (unsigned char)i;
		set_nonblock(c[i], 0);
		send_all(c[i], msg, len);
		sent[i] = 1;
	}
}

/*
 * listen(backlog 2) and eight clients: the SYNs that find the queue full
 * are dropped (counted: ListenOverflows, ListenDrops) and those clients
 * are still connecting; as the server accepts, their retransmitted SYNs
 * get in. Every client sends its message once connected, before it is
 * accepted, and every message arrives whole.
 */
static void exhaust_accept_queue_full(void)
{
	enum { N = 8, MSG = 3000 };
	long over0 = proc_net_mib("/proc/net/netstat", "TcpExt:", "ListenOverflows");
	long drops0 = proc_net_mib("/proc/net/netstat", "TcpExt:", "ListenDrops");
	int l, c[N], sent[N] = { 0 }, seen[N] = { 0 }, nacc = 0, pending = 0;
	unsigned char msg[MSG];
	struct addr a;
	uint64_t end;

	l = tcp_listener(LO4, 2, &a);
	for (int i = 0; i < N; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(c[i] >= 0);
		set_nonblock(c[i], 1);
		CHECK(connect(c[i], &a.sa, a.len) == 0 || errno == EINPROGRESS);
	}
	WAIT_FOR(proc_net_mib("/proc/net/netstat", "TcpExt:", "ListenOverflows") > over0, 10);
	CHECK(proc_net_mib("/proc/net/netstat", "TcpExt:", "ListenDrops") > drops0);
	for (int i = 0; i < N; i++)
		if (!(poll1(c[i], POLLOUT, 0) & POLLOUT))
			pending++;
	CHECK(pending > 0);                     /* some are still in SYN-SENT */

	end = now_ns(CLOCK_MONOTONIC) + 90ull * 1000000000ull;
	while (nacc < N) {
		int s, id;

		if (now_ns(CLOCK_MONOTONIC) > end)
			fail("accepted %d of %d", nacc, N);
		send_connected(c, sent, N, msg, MSG);
		if (!(poll1(l, POLLIN, 50) & POLLIN))
			continue;
		s = accept(l, NULL, NULL);
		CHECK(s >= 0);
		send_connected(c, sent, N, msg, MSG);  /* its client is connected by now */
		recv_all(s, msg, MSG);
		id = msg[0];
		CHECK(id < N && !seen[id]);
		seen[id] = 1;
		msg[0] = pattern((uint64_t)id << 20);
		for (int i = 0; i < MSG; i++)
			if (msg[i] != pattern(((uint64_t)id << 20) + i))
				fail("client %d byte %d corrupted", id, i);
		close(s);
		nacc++;
	}
	for (int i = 0; i < N; i++)
		close(c[i]);
	close(l);
}

/* ---- many idle connections ---- */

/* A line of /proc/meminfo, in kB. */
static long meminfo(const char *key)
{
	static char buf[4096];
	char *p;

	CHECK(read_text("/proc/meminfo", buf, sizeof(buf)) > 0);
	p = strstr(buf, key);
	CHECK(p);
	return atol(p + strlen(key) + 1);
}

/* A field of /proc/net/sockstat's TCP line ("inuse", "tw", ...). */
static long sockstat_tcp(const char *field)
{
	char buf[1024], want[32], *p;

	CHECK(read_text("/proc/net/sockstat", buf, sizeof(buf)) > 0);
	p = strstr(buf, "TCP:");
	CHECK(p);
	snprintf(want, sizeof(want), " %s ", field);
	p = strstr(p, want);
	CHECK(p);
	return atol(p + strlen(want));
}

/* Give back what caches hold (both kernels), then read MemAvailable. */
static long settled_available(void)
{
	write_text("/proc/sys/vm/drop_caches", "3\n");
	return meminfo("MemAvailable:");
}

static void close_abortive(int fd)
{
	struct linger lg = { 1, 0 };

	CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(fd);
}

enum { NCONN = 10000, BATCH = 100 };
static int conn_c[NCONN], conn_s[NCONN];

/* Connect and accept NCONN connections over loopback, all in epoll. */
static void open_idle_connections(int l, const struct addr *a, int ep)
{
	struct epoll_event ev = { .events = EPOLLIN };

	for (int i = 0; i < NCONN; i += BATCH) {
		for (int j = i; j < i + BATCH; j++) {
			conn_c[j] = socket(AF_INET, SOCK_STREAM, 0);
			if (conn_c[j] < 0)
				fail("socket %d: errno %d", j, errno);
			if (connect(conn_c[j], &a->sa, a->len))
				fail("connect %d: errno %d (%s)", j, errno, strerrorname(errno));
		}
		for (int j = i; j < i + BATCH; j++) {
			conn_s[j] = accept(l, NULL, NULL);
			if (conn_s[j] < 0)
				fail("accept %d: errno %d", j, errno);
			ev.data.u32 = j;
			CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, conn_s[j], &ev));
			ev.data.u32 = NCONN + j;
			CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, conn_c[j], &ev));
		}
	}
}

/* Nothing is ready; a byte on three connections makes exactly those ready. */
static void check_idle_then_three(int ep)
{
	static struct epoll_event evs[64];
	int want[3] = { 0, NCONN / 2, NCONN - 1 }, got = 0, n;

	CHECK(epoll_wait(ep, evs, 64, 0) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(send(conn_c[want[i]], "x", 1, 0) == 1);
	while (got < 3) {
		n = epoll_wait(ep, evs, 64, 10000);
		CHECK(n > 0);
		for (int i = 0; i < n; i++) {
			uint32_t id = evs[i].data.u32;
			char x;

			CHECK(id == (uint32_t)want[0] || id == (uint32_t)want[1] ||
			      id == (uint32_t)want[2]);
			CHECK(recv(conn_s[id], &x, 1, 0) == 1 && x == 'x');
			got++;
		}
	}
	CHECK(epoll_wait(ep, evs, 64, 0) == 0);
}

/*
 * 10,000 idle TCP connections over loopback in one process (20,000
 * descriptors in one epoll set), then all closed with RST (SO_LINGER 0:
 * no TIME_WAIT to wait out). The kernel memory they took is reported
 * per connection (both ends), and comes back once they are gone.
 */
static void exhaust_10k_connections(void)
{
	long inuse0, avail0, avail1, avail2, used, left;
	struct addr a;
	int l, ep, big = 2 * NCONN + 64;

	set_nofile(big + 8, big + 8);
	CHECK(fcntl(0, F_DUPFD, big) == big);  /* grow the table first: it stays */
	close(big);
	l = tcp_listener(LO4, BATCH, &a);
	ep = epoll_create1(0);
	CHECK(ep >= 0);
	inuse0 = sockstat_tcp("inuse");
	avail0 = settled_available();

	open_idle_connections(l, &a, ep);
	CHECK(sockstat_tcp("inuse") >= inuse0 + 2 * NCONN);
	check_idle_then_three(ep);
	avail1 = settled_available();
	used = avail0 - avail1;
	printf("exhaust: %d connections took %ld kB: %ld bytes each (both ends)\n",
	       NCONN, used, used * 1024 / NCONN);

	for (int i = 0; i < NCONN; i++) {
		close_abortive(conn_c[i]);
		close_abortive(conn_s[i]);
	}
	close(ep);
	close(l);
	WAIT_FOR(sockstat_tcp("inuse") <= inuse0 && sockstat_tcp("tw") == 0, 60);
	avail2 = settled_available();
	left = avail0 - avail2;
	printf("exhaust: after closing, %ld kB not back (of %ld kB)\n", left, used);
	CHECK(used > 0);
	if (left > 2048 && left > used / 10)
		fail("%ld kB of %ld kB still used after closing", left, used);
}

/* ---- the ephemeral port range ---- */

/* Connect until the range runs out; the child of exhaust_port_range. */
static void connect_until_eaddrnotavail(const struct addr *a, int nports)
{
	struct sockaddr_in any = { .sin_family = AF_INET };
	int c[64], n = 0, b;

	for (;;) {
		CHECK(n < 64);
		c[n] = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(c[n] >= 0);
		if (connect(c[n], &a->sa, a->len))
			break;
		n++;
	}
	if (errno != EADDRNOTAVAIL)
		fail("connect %d: errno %d (%s), want EADDRNOTAVAIL", n, errno, strerrorname(errno));
	CHECK(n == nports);
	b = socket(AF_INET, SOCK_STREAM, 0);
	CHECK_ERR(bind(b, (struct sockaddr *)&any, sizeof(any)), EADDRINUSE);
	close_abortive(c[0]);                   /* a port comes free: it is reused */
	CHECK_OK(connect(c[n], &a->sa, a->len));
	for (int i = 1; i <= n; i++)
		close_abortive(c[i]);
	close(b);
}

/*
 * net.ipv4.ip_local_port_range narrowed to 8 ports: eight connections
 * to one server fit, the ninth connect() is EADDRNOTAVAIL and bind() to
 * port 0 is EADDRINUSE; a closed connection's port is taken again.
 * Bad ranges are EINVAL. The range is restored whatever happens.
 */
static void exhaust_port_range(void)
{
	const char *path = "/proc/sys/net/ipv4/ip_local_port_range";
	char old[64], now[64], want[64];
	int l, st, fd;
	unsigned lo;
	struct addr a;
	pid_t pid;

	CHECK(read_text(path, old, sizeof(old)) > 0);
	l = tcp_listener(LO4, 64, &a);
	lo = addr_port(&a) < 50000 ? 55000 : 40000;     /* the listener's port is outside */
	fd = open(path, O_WRONLY);
	CHECK(fd >= 0);
	CHECK_ERR(write(fd, "40000 39999", 11), EINVAL);
	CHECK_ERR(write(fd, "0 10", 4), EINVAL);
	CHECK_ERR(write(fd, "1 65536", 7), EINVAL);
	close(fd);
	snprintf(want, sizeof(want), "%u\t%u\n", lo, lo + 7);
	write_text(path, want);
	CHECK(read_text(path, now, sizeof(now)) > 0);
	pid = fork();
	if (pid == 0) {
		connect_until_eaddrnotavail(&a, 8);
		_exit(0);
	}
	st = -1;
	if (pid > 0)
		waitpid(pid, &st, 0);
	write_text(path, old);
	CHECK(!strcmp(now, want));
	CHECK(pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(read_text(path, now, sizeof(now)) > 0 && !strcmp(now, old));
	close(l);
}

/* ---- the OOM killer ---- */

/* A line of /proc/vmstat, by name. */
static long vmstat(const char *name)
{
	static char buf[16384];
	char want[64], *p;

	CHECK(read_text("/proc/vmstat", buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want), "\n%s ", name);
	if (!strncmp(buf, want + 1, strlen(want + 1)))
		return atol(buf + strlen(want + 1));
	p = strstr(buf, want);
	if (!p)
		fail("no %s in /proc/vmstat", name);
	return atol(p + strlen(want));
}

static void set_oom_score_adj(pid_t pid, int v)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", pid);
	write_long(path, v);
	CHECK(read_long(path) == v);
}

/* Map and touch memory until killed; never returns. */
static void __attribute__((noreturn)) memory_hog(long limit_kb)
{
	const size_t chunk = 16u << 20;
	long total_kb = 0;

	set_oom_score_adj(getpid(), 1000);      /* the first choice */
	for (;;) {
		char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (p == MAP_FAILED)
			_exit(4);
		for (size_t i = 0; i < chunk; i += 4096)
			p[i] = (char)i;
		total_kb += chunk >> 10;
		if (total_kb > limit_kb)
			_exit(3);                       /* more than there is: not killed */
	}
}

/*
 * A child touches memory until there is none: the OOM killer chooses it
 * (oom_score_adj 1000; this test and its runner are -1000, never chosen),
 * it dies of SIGKILL, oom_kill in /proc/vmstat counts it, and the system
 * goes on working (fork, allocate, touch).
 */
static void exhaust_oom_kill(void)
{
	long kills0 = vmstat("oom_kill"), total = meminfo("MemTotal:");
	int fd, st, old_parent_adj;
	char path[64];
	pid_t pid;

	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", getppid());
	old_parent_adj = (int)read_long(path);
	fd = open("/proc/self/oom_score_adj", O_WRONLY);
	CHECK(fd >= 0);
	CHECK_ERR(write(fd, "1001", 4), EINVAL);
	CHECK_ERR(write(fd, "-1001", 5), EINVAL);
	close(fd);
	set_oom_score_adj(getppid(), -1000);
	set_oom_score_adj(getpid(), -1000);
	CHECK(read_long("/proc/self/oom_score") == 0);

	pid = fork();
	if (pid == 0)
		memory_hog(2 * total);
	st = 0;
	if (pid > 0)
		waitpid(pid, &st, 0);
	set_oom_score_adj(getppid(), old_parent_adj);
	CHECK(pid > 0);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		fail("hog: status %#x, want SIGKILL", st);
	CHECK(vmstat("oom_kill") > kills0);

	/* and everything still works */
	pid = fork();
	if (pid == 0) {
		char *p = malloc(8 << 20);

		if (!p)
			_exit(1);
		memset(p, 1, 8 << 20);
		_exit(0);
	}
	CHECK(pid > 0);
	wait_ok(pid);
}

const struct test exhaust_tests[] = {
	{ "exhaust_emfile", exhaust_emfile },
	{ "exhaust_nofile_limits", exhaust_nofile_limits },
	{ "exhaust_scm_rights_emfile", exhaust_scm_rights_emfile },
	{ "exhaust_enfile", exhaust_enfile },
	{ "exhaust_tcp_sndbuf_full", exhaust_tcp_sndbuf_full },
	{ "exhaust_tcp_sndtimeo_partial", exhaust_tcp_sndtimeo_partial },
	{ "exhaust_udp_rcvbuf_full", exhaust_udp_rcvbuf_full },
	{ "exhaust_accept_queue_full", exhaust_accept_queue_full, 120 },
	{ "exhaust_10k_connections", exhaust_10k_connections, 600 },
	{ "exhaust_port_range", exhaust_port_range },
	{ "exhaust_oom_kill", exhaust_oom_kill, 300 },
	{ NULL, NULL },
};
