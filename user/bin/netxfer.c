/*
 * netxfer — the guest side of the NIC tests' data transfers.
 *
 *   netxfer gen BYTES SEED                 the test stream, to stdout
 *   netxfer send HOST PORT BYTES SEED [HOLDDIR]
 *                                          connect, send the stream, close
 *                                          our side, wait for the peer's
 *   netxfer recv PORT                      accept one connection, copy what
 *                                          it carries to stdout until EOF
 *   netxfer ctl HOST PORT WORD...          one command to the host peer
 *                                          (scripts/nic-peer): print its
 *                                          reply; exit 0 iff it starts "OK"
 *   netxfer tcp-msg HOST PORT MSG          send MSG, expect it echoed back
 *   netxfer udp-msg HOST PORT MSG          the same over UDP (5 tries)
 *   netxfer udp-send HOST PORT MSG         one datagram, no answer expected
 *   netxfer tcp-echo PORT                  echo one connection
 *   netxfer udp-echo PORT                  echo one datagram
 *
 * The stream (scripts/niclib.py makes the same bytes): a 1 MiB block
 * of xorshift64 words seeded from SEED, repeated, with the first 16 bytes
 * of every 4 KiB chunk replaced by the chunk's index and SEED (both u64,
 * little-endian), so that a chunk out of place changes the sha256.
 *
 * HOLDDIR (send): after a third and after two thirds of the stream,
 * create HOLDDIR/held1 (held2) and wait until HOLDDIR/go1 (go2) exists,
 * so that a test can change the link while the connection is mid-transfer.
 *
 * Every wait is bounded: connects are retried 200 times 50 ms apart
 * while refused or unreachable, and the whole command ends after
 * $NETXFER_TIMEOUT seconds (default 300) with status 124.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK_SIZE	(1u << 20)
#define CHUNK_SIZE	4096u
#define CONNECT_TRIES	200
#define UDP_TRIES	5

static unsigned char block[BLOCK_SIZE];

static void die(const char *what)
{
	fprintf(stderr, "netxfer: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "netxfer: timed out\n";
	if (write(2, msg, sizeof(msg) - 1) < 0) {
		/* exiting anyway */
	}
	_exit(124);
}

static uint64_t parse_u64(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (*s == '\0' || *end != '\0') {
		fprintf(stderr, "netxfer: not a number: %s\n", s);
		exit(2);
	}
	return v;
}

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

static void make_block(uint64_t seed)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;

	for (unsigned i = 0; i < BLOCK_SIZE; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		put_le64(block + i, x);
	}
}

/* Fill buf with the stream's bytes [off, off + len); off is chunk-aligned. */
static void stream_fill(unsigned char *buf, uint64_t off, size_t len, uint64_t seed)
{
	memcpy(buf, block + off % BLOCK_SIZE, len);
	for (size_t c = 0; c < len; c += CHUNK_SIZE) {
		unsigned char hdr[16];
		size_t n = len - c < 16 ? len - c : 16;

		put_le64(hdr, (off + c) / CHUNK_SIZE);
		put_le64(hdr + 8, seed);
		memcpy(buf + c, hdr, n);
	}
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static void resolve(const char *host, int port, int type, struct sockaddr_in *sa)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = type }, *ai;

	memset(sa, 0, sizeof(*sa));
	if (getaddrinfo(host, NULL, &hints, &ai) != 0) {
		fprintf(stderr, "netxfer: cannot resolve %s\n", host);
		exit(1);
	}
	*sa = *(struct sockaddr_in *)ai->ai_addr;
	sa->sin_port = htons(port);
	freeaddrinfo(ai);
}

/* Connect, retrying while the peer is not listening yet (bounded). */
static int tcp_connect(const char *host, int port)
{
	struct sockaddr_in sa;

	resolve(host, port, SOCK_STREAM, &sa);
	for (int i = 0; i < CONNECT_TRIES; i++) {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			die("socket");
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		if (errno != ECONNREFUSED && errno != ENETUNREACH &&
		    errno != EHOSTUNREACH && errno != ETIMEDOUT)
			die("connect");
		close(fd);
		usleep(50 * 1000);
	}
	fprintf(stderr, "netxfer: %s:%d refused %d connects\n", host, port, CONNECT_TRIES);
	exit(1);
}

static int bound_socket(int type, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die("bind");
	return fd;
}

static int tcp_accept_one(int port)
{
	int lfd = bound_socket(SOCK_STREAM, port), fd;

	if (listen(lfd, 1) != 0)
		die("listen");
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept");
	close(lfd);
	return fd;
}

/* Read until EOF, discarding (the peer closes after our shutdown). */
static void drain(int fd)
{
	char buf[4096];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static void hold(const char *dir, int n)
{
	char held[512], go[512];
	struct stat st;
	FILE *f;

	snprintf(held, sizeof(held), "%s/held%d", dir, n);
	snprintf(go, sizeof(go), "%s/go%d", dir, n);
	f = fopen(held, "w");
	if (!f)
		die(held);
	fclose(f);
	while (stat(go, &st) != 0)
		usleep(10 * 1000);   /* bounded by the command's alarm */
}

static int cmd_gen(uint64_t bytes, uint64_t seed)
{
	static unsigned char buf[BLOCK_SIZE];

	make_block(seed);
	for (uint64_t off = 0; off < bytes; off += BLOCK_SIZE) {
		size_t n = bytes - off < BLOCK_SIZE ? bytes - off : BLOCK_SIZE;

		stream_fill(buf, off, n, seed);
		if (write_all(1, buf, n) != 0)
			die("write");
	}
	return 0;
}

static int cmd_send(const char *host, int port, uint64_t bytes, uint64_t seed,
		    const char *holddir)
{
	static unsigned char buf[64 * 1024];
	int fd = tcp_connect(host, port), held = 0;

	make_block(seed);
	for (uint64_t off = 0; off < bytes; off += sizeof(buf)) {
		size_t n = bytes - off < sizeof(buf) ? bytes - off : sizeof(buf);

		if (holddir && held < 2 && off >= bytes / 3 * (held + 1))
			hold(holddir, ++held);
		stream_fill(buf, off, n, seed);
		if (write_all(fd, buf, n) != 0)
			die("send");
	}
	if (shutdown(fd, SHUT_WR) != 0)
		die("shutdown");
	drain(fd);
	close(fd);
	return 0;
}

static int cmd_recv(int port)
{
	static unsigned char buf[64 * 1024];
	int fd = tcp_accept_one(port);
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write_all(1, buf, n) != 0)
			die("write");
	if (n < 0)
		die("recv");
	close(fd);
	return 0;
}

static int cmd_ctl(const char *host, int port, int argc, char **argv)
{
	char line[1024], reply[4096];
	size_t len = 0;
	ssize_t n;
	int fd;

	line[0] = '\0';
	for (int i = 0; i < argc; i++)
		len += snprintf(line + len, sizeof(line) - len, "%s%s",
				i ? " " : "", argv[i]);
	if (len >= sizeof(line) - 1) {
		fprintf(stderr, "netxfer: command too long\n");
		return 2;
	}
	line[len++] = '\n';
	fd = tcp_connect(host, port);
	if (write_all(fd, (unsigned char *)line, len) != 0)
		die("ctl send");
	len = 0;
	while (len < sizeof(reply) - 1 &&
	       (n = read(fd, reply + len, sizeof(reply) - 1 - len)) > 0)
		len += n;
	reply[len] = '\0';
	close(fd);
	fputs(reply, stdout);
	if (len == 0 || reply[len - 1] != '\n')
		putchar('\n');
	return strncmp(reply, "OK", 2) == 0 ? 0 : 1;
}

static int cmd_tcp_msg(const char *host, int port, const char *msg)
{
	char buf[4096];
	size_t len = strlen(msg), got = 0;
	ssize_t n;
	int fd = tcp_connect(host, port);

	if (write_all(fd, (const unsigned char *)msg, len) != 0 || shutdown(fd, SHUT_WR) != 0)
		die("send");
	while (got < sizeof(buf) && (n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += n;
	close(fd);
	if (got != len || memcmp(buf, msg, len) != 0) {
		fprintf(stderr, "netxfer: echo of %zu bytes came back as %zu different bytes\n",
			len, got);
		return 1;
	}
	return 0;
}

static int cmd_udp_msg(const char *host, int port, const char *msg)
{
	struct sockaddr_in sa;
	char buf[2048];
	size_t len = strlen(msg);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket");
	resolve(host, port, SOCK_DGRAM, &sa);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die("connect");
	for (int i = 0; i < UDP_TRIES; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (send(fd, msg, len, 0) < 0 && errno != ECONNREFUSED)
			die("send");
		if (poll(&p, 1, 1000) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			continue;  /* ECONNREFUSED: nobody bound yet; try again */
		close(fd);
		if ((size_t)n != len || memcmp(buf, msg, len) != 0) {
			fprintf(stderr, "netxfer: UDP echo differs (%zd bytes, want %zu)\n", n, len);
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "netxfer: no UDP echo from %s:%d after %d tries\n", host, port, UDP_TRIES);
	return 1;
}

static int cmd_udp_send(const char *host, int port, const char *msg)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket");
	resolve(host, port, SOCK_DGRAM, &sa);
	if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("sendto");
	close(fd);
	return 0;
}

static int cmd_tcp_echo(int port)
{
	char buf[4096];
	int fd = tcp_accept_one(port);
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write_all(fd, (unsigned char *)buf, n) != 0)
			die("echo");
	close(fd);
	return n < 0;
}

static int cmd_udp_echo(int port)
{
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	char buf[2048];
	int fd = bound_socket(SOCK_DGRAM, port);
	ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

	if (n < 0)
		die("recvfrom");
	if (sendto(fd, buf, n, 0, (struct sockaddr *)&from, fl) != n)
		die("sendto");
	close(fd);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: netxfer gen BYTES SEED | send HOST PORT BYTES SEED [HOLDDIR] |\n"
		"       recv PORT | ctl HOST PORT WORD... | tcp-msg HOST PORT MSG |\n"
		"       udp-msg HOST PORT MSG | udp-send HOST PORT MSG | tcp-echo PORT |\n"
		"       udp-echo PORT\n");
	exit(2);
}

static int port_arg(const char *s)
{
	uint64_t p = parse_u64(s);

	if (p == 0 || p > 65535) {
		fprintf(stderr, "netxfer: bad port %s\n", s);
		exit(2);
	}
	return p;
}

int main(int argc, char **argv)
{
	const char *t = getenv("NETXFER_TIMEOUT");
	const char *c;

	if (argc < 3)
		usage();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	alarm(t ? atoi(t) : 300);
	c = argv[1];
	if (!strcmp(c, "gen") && argc == 4)
		return cmd_gen(parse_u64(argv[2]), parse_u64(argv[3]));
	if (!strcmp(c, "send") && (argc == 6 || argc == 7))
		return cmd_send(argv[2], port_arg(argv[3]), parse_u64(argv[4]),
				parse_u64(argv[5]), argc == 7 ? argv[6] : NULL);
	if (!strcmp(c, "recv") && argc == 3)
		return cmd_recv(port_arg(argv[2]));
	if (!strcmp(c, "ctl") && argc >= 5)
		return cmd_ctl(argv[2], port_arg(argv[3]), argc - 4, argv + 4);
	if (!strcmp(c, "tcp-msg") && argc == 5)
		return cmd_tcp_msg(argv[2], port_arg(argv[3]), argv[4]);
	if (!strcmp(c, "udp-msg") && argc == 5)
		return cmd_udp_msg(argv[2], port_arg(argv[3]), argv[4]);
	if (!strcmp(c, "udp-send") && argc == 5)
		return cmd_udp_send(argv[2], port_arg(argv[3]), argv[4]);
	if (!strcmp(c, "tcp-echo") && argc == 3)
		return cmd_tcp_echo(port_arg(argv[2]));
	if (!strcmp(c, "udp-echo") && argc == 3)
		return cmd_udp_echo(port_arg(argv[2]));
	usage();
	return 2;
}
