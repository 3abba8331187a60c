/*
 * The stack over a 1500-byte MTU: loopback's MTU is set to Ethernet's for
 * the test and restored after it (in a parent that outlives a failing
 * body). TCP's MSS follows the MTU while its skbs stay large (TSO/GSO
 * over lo, Documentation/networking.md); segment counters count wire
 * segments, not skbs; data arrives intact; UDP datagrams that fit the MTU
 * go through.
 */
#include "net.h"

#include <net/if.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#define ETH_MTU		1500
/* MSS for a 1500-byte MTU: 1460, less 12 with TCP timestamps */
#define MSS_MIN		1400
#define MSS_MAX		1460

static int lo_mtu(int fd, int set)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (set) {
		ifr.ifr_mtu = set;
		CHECK_OK(ioctl(fd, SIOCSIFMTU, &ifr));
	}
	CHECK_OK(ioctl(fd, SIOCGIFMTU, &ifr));
	return ifr.ifr_mtu;
}

/* Run body with lo's MTU at mtu; the old MTU comes back whatever body does. */
static void with_lo_mtu(int mtu, void (*body)(void))
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), old, st;
	pid_t pid;

	CHECK(fd >= 0);
	old = lo_mtu(fd, 0);
	CHECK(lo_mtu(fd, mtu) == mtu);
	pid = fork();
	if (pid == 0) {
		body();
		_exit(0);
	}
	st = pid > 0 ? wait_status(pid) : -1;
	CHECK(lo_mtu(fd, old) == old);
	close(fd);
	if (pid < 0)
		fail("fork: errno %d", errno);
	if (st != 0)
		fail("with lo mtu %d: status %#x", mtu, st);
}

/* A new connection's MSS follows the MTU, on both ends. */
static void mss_body(void)
{
	int c, s;

	tcp_pair(LO4, &c, &s);
	struct tcp_info ci = tcp_info_of(c), si = tcp_info_of(s);
	if (ci.tcpi_snd_mss < MSS_MIN || ci.tcpi_snd_mss > MSS_MAX ||
	    si.tcpi_snd_mss < MSS_MIN || si.tcpi_snd_mss > MSS_MAX)
		fail("snd_mss %u/%u at mtu %d", ci.tcpi_snd_mss, si.tcpi_snd_mss, ETH_MTU);
	CHECK(ci.tcpi_pmtu == ETH_MTU);
	int maxseg = get_int_opt(c, IPPROTO_TCP, TCP_MAXSEG);
	if (maxseg < MSS_MIN || maxseg > MSS_MAX)
		fail("TCP_MAXSEG %d at mtu %d", maxseg, ETH_MTU);
	close(c);
	close(s);
}

static void net_gso_lo_mss(void)
{
	with_lo_mtu(ETH_MTU, mss_body);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * 4 MiB of a pseudo-random stream, in odd-sized sends, over TCP at MTU
 * 1500: the receiver checks every byte; both ends count at least one
 * segment per MSS of data (segments, not skbs) and the receiver's idea of
 * the peer's MSS is a wire segment's.
 */
static void transfer_body(void)
{
	enum { TOTAL = 4 << 20, CHUNK = 32 << 10 };
	static unsigned char buf[CHUNK], want[CHUNK];
	uint64_t seed = 0x2545f4914f6cdd1dull, rseed = seed;
	int c, s;
	pid_t pid;

	tcp_pair(LO4, &c, &s);
	pid = fork_or_fail();
	if (pid == 0) {
		size_t piece = 7;
		close(s);
		for (long off = 0; off < TOTAL; off += CHUNK) {
			for (size_t i = 0; i < CHUNK; i += 8) {
				uint64_t w = xorshift(&seed);
				memcpy(buf + i, &w, 8);
			}
			for (size_t done = 0; done < CHUNK; ) {
				piece = piece * 2654435761u % 9973;
				size_t n = 1 + piece;
				if (n > CHUNK - done)
					n = CHUNK - done;
				send_all(c, buf + done, n);
				done += n;
			}
		}
		struct tcp_info ci = tcp_info_of(c);
		if (ci.tcpi_data_segs_out < TOTAL / ci.tcpi_snd_mss)
			fail("sender data_segs_out %u for %d bytes at mss %u",
			     ci.tcpi_data_segs_out, TOTAL, ci.tcpi_snd_mss);
		close(c);
		_exit(0);
	}
	close(c);
	for (long got = 0; got < TOTAL; got += CHUNK) {
		ssize_t r = recv(s, buf, CHUNK, MSG_WAITALL);
		if (r != CHUNK)
			fail("recv(MSG_WAITALL) = %zd errno %d at %ld", r, errno, got);
		for (size_t i = 0; i < CHUNK; i += 8) {
			uint64_t w = xorshift(&rseed);
			memcpy(want + i, &w, 8);
		}
		if (memcmp(buf, want, CHUNK))
			fail("data differs in the chunk at %ld", got);
	}
	CHECK(recv(s, buf, 1, 0) == 0);
	struct tcp_info si = tcp_info_of(s);
	if (si.tcpi_data_segs_in < TOTAL / MSS_MAX)
		fail("receiver data_segs_in %u for %d bytes", si.tcpi_data_segs_in, TOTAL);
	if (si.tcpi_rcv_mss < MSS_MIN || si.tcpi_rcv_mss > MSS_MAX)
		fail("receiver rcv_mss %u at mtu %d", si.tcpi_rcv_mss, ETH_MTU);
	wait_ok(pid);
	close(s);
}

static void net_gso_tcp_4mib(void)
{
	with_lo_mtu(ETH_MTU, transfer_body);
}

/* Packets lo has sent (/proc/net/dev). */
static unsigned long lo_tx_packets(void)
{
	char line[512];
	unsigned long v[10];
	FILE *f = fopen("/proc/net/dev", "r");

	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');
		if (!p || strncmp(line + strspn(line, " "), "lo:", 3))
			continue;
		CHECK(sscanf(p + 1, "%lu %lu %lu %lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1],
			     &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) == 10);
		fclose(f);
		return v[9];
	}
	fclose(f);
	fail("no lo in /proc/net/dev");
}

/*
 * 1 MiB in 64 KiB writes over lo at MTU 1500 leaves as large GSO skbs,
 * as on Linux's lo: far fewer packets (data and ACKs) than MSS-sized
 * segments would need.
 */
static void big_skbs_body(void)
{
	enum { TOTAL = 1 << 20, CHUNK = 64 << 10 };
	static char buf[CHUNK];
	unsigned long before, sent;
	int c, s;
	pid_t pid;

	tcp_pair(LO4, &c, &s);
	before = lo_tx_packets();
	pid = fork_or_fail();
	if (pid == 0) {
		close(s);
		memset(buf, 'g', sizeof(buf));
		for (int i = 0; i < TOTAL / CHUNK; i++)
			send_all(c, buf, CHUNK);
		close(c);
		_exit(0);
	}
	close(c);
	for (long got = 0; got < TOTAL; got += CHUNK)
		recv_all(s, buf, CHUNK);
	CHECK(recv(s, buf, 1, 0) == 0);
	wait_ok(pid);
	sent = lo_tx_packets() - before;
	if (sent >= TOTAL / MSS_MAX / 2)
		fail("%lu packets on lo for %d bytes at mtu %d", sent, TOTAL, ETH_MTU);
	close(s);
}

static void net_gso_lo_big_skbs(void)
{
	with_lo_mtu(ETH_MTU, big_skbs_body);
}

/* UDP datagrams up to the largest that fits the MTU arrive whole. */
static void udp_body(void)
{
	static const int sizes[] = { 1, 512, 1400, ETH_MTU - 28 };
	static unsigned char out[ETH_MTU], in[ETH_MTU + 1];
	struct addr a, b;
	int s = bound_socket(LO4, SOCK_DGRAM, &a), r = bound_socket(LO4, SOCK_DGRAM, &b);

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (unsigned char)(i * 7 + 3);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		CHECK(sendto(s, out, sizes[i], 0, &b.sa, b.len) == sizes[i]);
		CHECK(poll1(r, POLLIN, 5000) & POLLIN);
		CHECK(recv(r, in, sizeof(in), 0) == sizes[i]);
		CHECK(!memcmp(in, out, sizes[i]));
	}
	close(s);
	close(r);
}

static void net_gso_udp_mtu(void)
{
	with_lo_mtu(ETH_MTU, udp_body);
}

const struct test net_gso_tests[] = {
	{ "net_gso_lo_mss", net_gso_lo_mss },
	{ "net_gso_tcp_4mib", net_gso_tcp_4mib },
	{ "net_gso_lo_big_skbs", net_gso_lo_big_skbs },
	{ "net_gso_udp_mtu", net_gso_udp_mtu },
	{ 0 },
};
