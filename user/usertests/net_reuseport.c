/*
 * Connection locality: SO_INCOMING_CPU (read, set, and a reuseport group
 * of listeners preferring the one whose CPU received the SYN),
 * SO_ATTACH_REUSEPORT_CBPF (a classic-BPF program picks the member by a
 * word of the payload or by the receiving CPU; invalid programs are
 * EINVAL) and SO_DETACH_REUSEPORT_BPF; the listener counters
 * (ListenOverflows in /proc/net/netstat, shoal's /proc/net/listen_stat),
 * /proc/lock_stat's reset and shoal's /proc/sched_ctxt. On loopback a
 * packet is received on the CPU that sent it (Linux and shoal), which is
 * what makes the CPU steering checkable from one pinned thread.
 */
#include "net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef SO_INCOMING_CPU
#define SO_INCOMING_CPU 49
#endif
#ifndef SO_ATTACH_REUSEPORT_CBPF
#define SO_ATTACH_REUSEPORT_CBPF 51
#endif
#ifndef SO_DETACH_REUSEPORT_BPF
#define SO_DETACH_REUSEPORT_BPF 68
#endif

#define MAX_GROUP 16

static int attach_cbpf(int fd, struct sock_filter *f, unsigned short len)
{
	struct sock_fprog prog = { .len = len, .filter = f };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof(prog));
}

static int detach_bpf(int fd)
{
	int zero = 0;

	return setsockopt(fd, SOL_SOCKET, SO_DETACH_REUSEPORT_BPF, &zero, sizeof(zero));
}

/* n UDP sockets with SO_REUSEPORT on one 127.0.0.1 port, bound in order
 * (the order is the group's member index). */
static struct addr udp_group(int *fd, int n)
{
	struct addr a = lo_addr(LO4, 0);

	for (int i = 0; i < n; i++) {
		fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		CHECK(fd[i] >= 0);
		set_int_opt(fd[i], SOL_SOCKET, SO_REUSEPORT, 1);
		CHECK_OK(bind(fd[i], &a.sa, a.len));
		if (i == 0)
			a = sock_name(fd[0]);
	}
	return a;
}

static void send_word(int c, const struct addr *a, uint32_t word)
{
	uint32_t w = htonl(word);

	CHECK(sendto(c, &w, sizeof(w), 0, &a->sa, a->len) == sizeof(w));
}

/* The one member of fd[0..n) that received a datagram; *word is its payload. */
static int who_got(const int *fd, int n, uint32_t *word)
{
	struct pollfd p[MAX_GROUP];
	int got = -1;
	uint32_t w;

	for (int i = 0; i < n; i++)
		p[i] = (struct pollfd){ .fd = fd[i], .events = POLLIN };
	CHECK(poll(p, n, 5000) > 0);
	for (int i = 0; i < n; i++) {
		if (recv(fd[i], &w, sizeof(w), MSG_DONTWAIT) != sizeof(w))
			continue;
		if (got >= 0)
			fail("a datagram reached members %d and %d", got, i);
		got = i;
		*word = ntohl(w);
	}
	CHECK(got >= 0);
	return got;
}

static void close_all(int *fd, int n)
{
	for (int i = 0; i < n; i++)
		close(fd[i]);
}

/* SO_INCOMING_CPU: -1 on a new socket, settable; a connected UDP socket
 * learns the CPU that received its datagram, an unconnected one does not. */
static void net_incoming_cpu_opt(void)
{
	int t = socket(AF_INET, SOCK_STREAM, 0), u;
	struct addr a;
	char b;

	CHECK(get_int_opt(t, SOL_SOCKET, SO_INCOMING_CPU) == -1);
	set_int_opt(t, SOL_SOCKET, SO_INCOMING_CPU, 1);
	CHECK(get_int_opt(t, SOL_SOCKET, SO_INCOMING_CPU) == 1);
	set_int_opt(t, SOL_SOCKET, SO_INCOMING_CPU, -1);
	CHECK(get_int_opt(t, SOL_SOCKET, SO_INCOMING_CPU) == -1);
	close(t);

	pin_self(cpus[ncpus - 1]);
	u = bound_socket(LO4, SOCK_DGRAM, &a);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_INCOMING_CPU) == -1);
	CHECK(sendto(u, "x", 1, 0, &a.sa, a.len) == 1);
	CHECK(recv(u, &b, 1, 0) == 1);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_INCOMING_CPU) == -1);
	CHECK_OK(connect(u, &a.sa, a.len));
	CHECK(send(u, "x", 1, 0) == 1);
	CHECK(recv(u, &b, 1, 0) == 1);
	CHECK(get_int_opt(u, SOL_SOCKET, SO_INCOMING_CPU) == cpus[ncpus - 1]);
	close(u);
}

/* One listener per CPU, each with SO_INCOMING_CPU set to its CPU, plus
 * one without: every connection made from a CPU lands on that CPU's
 * listener, never on the others (the hash alone would spread them). */
static void net_incoming_cpu_listeners(void)
{
	int n = ncpus < MAX_GROUP - 1 ? ncpus : MAX_GROUP - 1;
	int l[MAX_GROUP], c[4], s;
	struct addr a = lo_addr(LO4, 0);

	for (int i = 0; i <= n; i++) {
		l[i] = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(l[i] >= 0);
		set_int_opt(l[i], SOL_SOCKET, SO_REUSEPORT, 1);
		if (i < n)
			set_int_opt(l[i], SOL_SOCKET, SO_INCOMING_CPU, cpus[i]);
		CHECK_OK(bind(l[i], &a.sa, a.len));
		if (i == 0)
			a = sock_name(l[0]);
		CHECK_OK(listen(l[i], 16));
		set_nonblock(l[i], 1);
	}
	for (int i = 0; i < n; i++) {
		pin_self(cpus[i]);
		for (int k = 0; k < 4; k++)
			c[k] = tcp_connect(&a);
		for (int k = 0; k < 4; k++) {
			CHECK(poll1(l[i], POLLIN, 5000) & POLLIN);
			s = accept(l[i], NULL, NULL);
			CHECK(s >= 0);
			close(s);
		}
		for (int j = 0; j <= n; j++)
			CHECK_ERR(accept(l[j], NULL, NULL), EAGAIN);
		for (int k = 0; k < 4; k++)
			close(c[k]);
	}
	close_all(l, n + 1);
}

/* A program returning the payload's first word steers each datagram to
 * that member; past the group (or a load past the payload) the hash or
 * index 0 decides; detaching goes back to the hash. */
static void net_reuseport_cbpf_payload(void)
{
	struct sock_filter word[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	static const uint32_t order[] = { 2, 0, 3, 1, 1, 2, 0, 3 };
	int fd[4], c = socket(AF_INET, SOCK_DGRAM, 0);
	struct addr a = udp_group(fd, 4);
	uint32_t got;

	CHECK_OK(attach_cbpf(fd[0], word, 2));
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		send_word(c, &a, order[i]);
		CHECK(who_got(fd, 4, &got) == (int)order[i] && got == order[i]);
	}
	send_word(c, &a, 100);          /* no such member: the hash picks one */
	who_got(fd, 4, &got);
	CHECK(got == 100);
	CHECK(sendto(c, "ab", 2, 0, &a.sa, a.len) == 2);  /* the load fails: 0 */
	CHECK(poll1(fd[0], POLLIN, 5000) & POLLIN);
	CHECK(recv(fd[0], &got, sizeof(got), MSG_DONTWAIT) == 2);

	CHECK_OK(detach_bpf(fd[0]));
	CHECK_ERR(detach_bpf(fd[0]), ENOENT);
	send_word(c, &a, 3);
	who_got(fd, 4, &got);
	CHECK(got == 3);
	close(c);
	close_all(fd, 4);
}

/* SKF_AD_CPU: member i gets what CPU i received (on one CPU: member 0). */
static void net_reuseport_cbpf_cpu(void)
{
	struct sock_filter cpu[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_CPU),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	int n = cpus[ncpus - 1] + 1, fd[MAX_GROUP], c = socket(AF_INET, SOCK_DGRAM, 0);
	struct addr a;
	uint32_t got;

	if (n > MAX_GROUP)
		n = MAX_GROUP;
	a = udp_group(fd, n);
	CHECK_OK(attach_cbpf(fd[n - 1], cpu, 2));       /* any member sets the group's */
	for (int i = 0; i < ncpus && cpus[i] < n; i++) {
		pin_self(cpus[i]);
		for (int k = 0; k < 3; k++) {
			send_word(c, &a, k);
			CHECK(who_got(fd, n, &got) == cpus[i] && got == (uint32_t)k);
		}
	}
	close(c);
	close_all(fd, n);
}

/* Programs Linux's verifier refuses, and attaching without SO_REUSEPORT. */
static void net_reuseport_cbpf_invalid(void)
{
	static struct {
		struct sock_filter f[3];
		unsigned short len;
	} bad[] = {
		{ { BPF_STMT(BPF_RET | BPF_K, 0) }, 0 },                             /* empty */
		{ { BPF_STMT(BPF_LD | BPF_IMM, 0) }, 1 },                            /* no RET */
		{ { BPF_STMT(BPF_JMP | BPF_JA, 1), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },   /* past end */
		{ { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 5), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },
		{ { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), BPF_STMT(BPF_RET | BPF_A, 0) }, 2 },
		{ { BPF_STMT(BPF_ST, 16), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },      /* M[16] */
		{ { BPF_STMT(BPF_LD | BPF_MEM, 3), BPF_STMT(BPF_RET | BPF_A, 0) }, 2 },  /* unset M[3] */
		{ { BPF_STMT(0xffff, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },       /* opcode */
		{ { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_MAX),
		    BPF_STMT(BPF_RET | BPF_K, 0) }, 2 },                             /* ancillary */
	};
	struct sock_filter ok[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_filter *big = calloc(BPF_MAXINSNS + 1, sizeof(*big));
	int fd[1], plain = socket(AF_INET, SOCK_DGRAM, 0), t = socket(AF_INET, SOCK_STREAM, 0);

	udp_group(fd, 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (attach_cbpf(fd[0], bad[i].f, bad[i].len) != -1 || errno != EINVAL)
			fail("bad program %zu: not EINVAL (errno %d)", i, errno);
	CHECK(big);
	for (int i = 0; i <= BPF_MAXINSNS; i++)
		big[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	CHECK_ERR(attach_cbpf(fd[0], big, BPF_MAXINSNS + 1), EINVAL);
	free(big);
	CHECK_ERR(detach_bpf(fd[0]), ENOENT);           /* nothing attached */
	CHECK_ERR(attach_cbpf(plain, ok, 1), EINVAL);   /* not SO_REUSEPORT */
	CHECK_ERR(detach_bpf(plain), EINVAL);
	set_int_opt(t, SOL_SOCKET, SO_REUSEPORT, 1);    /* TCP, before bind: fine */
	CHECK_OK(attach_cbpf(t, ok, 1));
	CHECK_OK(detach_bpf(t));
	close(t);
	close(plain);
	close(fd[0]);
}

/* listen_stat's columns for port (shoal only); false if no such line. */
static int listen_stat(uint16_t port, unsigned long *v)
{
	char line[256], want[16];
	FILE *f = fopen("/proc/net/listen_stat", "r");
	int found = 0;

	CHECK(f);
	snprintf(want, sizeof(want), "%u", port);
	while (fgets(line, sizeof(line), f)) {
		char addr[64], p[16];

		if (sscanf(line, "%63s %15s %lu %lu %lu %lu", addr, p, &v[0], &v[1], &v[2], &v[3]) == 6 &&
		    !strcmp(p, want)) {
			found = 1;
			break;
		}
	}
	fclose(f);
	return found;
}

/* A backlog-1 listener offered more connections than it can queue:
 * ListenOverflows (and ListenDrops) rise; listen_stat counts them on the
 * listener and counts what accept() took. */
static void net_listen_overflows(void)
{
	long over0 = tcpext("ListenOverflows"), drops0 = tcpext("ListenDrops");
	int l, c[6], s;
	unsigned long v[4];
	struct addr a;

	l = tcp_listener(LO4, 1, &a);
	for (int i = 0; i < 6; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(c[i] >= 0);
		set_nonblock(c[i], 1);
		CHECK(connect(c[i], &a.sa, a.len) == 0 || errno == EINPROGRESS);
	}
	WAIT_FOR(tcpext("ListenOverflows") > over0, 10);
	CHECK(tcpext("ListenDrops") > drops0);
	s = accept(l, NULL, NULL);
	CHECK(s >= 0);
	if (access("/proc/net/listen_stat", R_OK) == 0) {
		CHECK(listen_stat(addr_port(&a), v));
		CHECK(v[2] == 1);       /* accepted */
		CHECK(v[3] >= 1);       /* overflows */
		CHECK(v[1] <= v[0]);    /* spurious wake-ups are wake-ups */
	}
	close(s);
	for (int i = 0; i < 6; i++)
		close(c[i]);
	close(l);
}

/* /proc/lock_stat (when the kernel has it) is cleared by writing 0;
 * shoal's /proc/sched_ctxt has a line per CPU that grows when the CPU
 * switches tasks. */
static void net_sched_lock_files(void)
{
	unsigned long before = 0, after = 0;
	char line[128];
	FILE *f;
	int fd, cpu;

	fd = open("/proc/lock_stat", O_WRONLY);
	if (fd >= 0) {
		CHECK(write(fd, "0\n", 2) == 2);
		close(fd);
	}
	if (access("/proc/sched_ctxt", R_OK) != 0)
		return;
	pin_self(cpus[0]);
	for (int pass = 0; pass < 2; pass++) {
		unsigned long v, *dst = pass ? &after : &before;
		int lines = 0;

		f = fopen("/proc/sched_ctxt", "r");
		CHECK(f);
		while (fgets(line, sizeof(line), f)) {
			CHECK(sscanf(line, "cpu%d %lu", &cpu, &v) == 2);
			if (cpu == cpus[0])
				*dst = v;
			lines++;
		}
		fclose(f);
		CHECK(lines >= ncpus);
		if (!pass)
			usleep(2000);   /* blocks: this CPU switches away and back */
	}
	CHECK(after >= before + 2);
}

const struct test net_reuseport_tests[] = {
	{ "net_incoming_cpu_opt", net_incoming_cpu_opt },
	{ "net_incoming_cpu_listeners", net_incoming_cpu_listeners },
	{ "net_reuseport_cbpf_payload", net_reuseport_cbpf_payload },
	{ "net_reuseport_cbpf_cpu", net_reuseport_cbpf_cpu },
	{ "net_reuseport_cbpf_invalid", net_reuseport_cbpf_invalid },
	{ "net_listen_overflows", net_listen_overflows },
	{ "net_sched_lock_files", net_sched_lock_files },
	{ NULL, NULL },
};
