/*
 * SACK's user-visible side (Documentation/tcp-loss.md): the tcp_sack and
 * tcp_dsack sysctls, SACK negotiated on a loopback connection as TCP_INFO
 * reports it (and not when tcp_sack is 0), and the loss-recovery counters
 * in /proc/net/netstat and /proc/net/snmp, by Linux's names.
 */
#include "net.h"

#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

#ifndef TCPI_OPT_SACK
#define TCPI_OPT_SACK 2
#endif

static int sack_on(int fd)
{
	return !!(tcp_info_of(fd).tcpi_options & TCPI_OPT_SACK);
}

static void net_sack_sysctl(void)
{
	char buf[32];

	CHECK(read_text("/proc/sys/net/ipv4/tcp_sack", buf, sizeof(buf)) >= 0);
	CHECK(!strcmp(buf, "1\n"));
	CHECK(read_text("/proc/sys/net/ipv4/tcp_dsack", buf, sizeof(buf)) >= 0);
	CHECK(!strcmp(buf, "1\n"));
}

/* Both ends offer SACK by default; with tcp_sack 0 neither SYN does. */
static void net_sack_negotiated(void)
{
	int c, s;

	tcp_pair(LO4, &c, &s);
	CHECK(sack_on(c) && sack_on(s));
	close(c);
	close(s);
	write_proc("/proc/sys/net/ipv4/tcp_sack", "0\n");
	tcp_pair(LO4, &c, &s);
	write_proc("/proc/sys/net/ipv4/tcp_sack", "1\n");
	CHECK(!sack_on(c) && !sack_on(s));
	/* data still flows */
	send_all(c, "sack", 4);
	char b[4];
	recv_all(s, b, 4);
	CHECK(!memcmp(b, "sack", 4));
	close(c);
	close(s);
	tcp_pair(LO6, &c, &s);
	CHECK(sack_on(c) && sack_on(s));
	close(c);
	close(s);
}

/* The counters are there, under Linux's names. */
static void net_sack_counters(void)
{
	static const char *const ext[] = {
		" TCPSackRecovery ", " TCPSACKReorder ", " TCPDSACKUndo ", " TCPLossProbes ",
		" TCPLossProbeRecovery ", " TCPDSACKRecv ", " TCPDSACKOldSent ",
		" TCPDSACKOfoSent ", " TCPSACKDiscard ", " TCPDSACKIgnoredOld ",
		" TCPDSACKIgnoredNoUndo ", " TCPFastRetrans ",
	};
	static char buf[16384];

	CHECK(read_text("/proc/net/netstat", buf, sizeof(buf)) >= 0);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		CHECK(strstr(buf, ext[i]) != NULL);
	CHECK(read_text("/proc/net/snmp", buf, sizeof(buf)) >= 0);
	CHECK(strstr(buf, " RetransSegs ") != NULL);
}

const struct test net_sack_tests[] = {
	{ "net_sack_sysctl", net_sack_sysctl },
	{ "net_sack_negotiated", net_sack_negotiated },
	{ "net_sack_counters", net_sack_counters },
	{ NULL, NULL },
};
