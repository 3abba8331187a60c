// SPDX-License-Identifier: MIT
/*
 * IPv6's counters (per CPU, summed when read) and /proc/net/snmp6 in
 * Linux's format: one "Name<tab>value" line per counter, names padded to
 * 32 columns. Only the counters shoal keeps are listed.
 */
#include <shoal/kernel.h>
#include <net/inet_common.h>
#include <net/ipv6.h>

DEFINE_PER_CPU(struct ipv6_mibs, ipv6_mibs);

struct snmp6_item {
	const char *name;
	unsigned int offset;            /* in struct ipv6_mibs */
};
#define SNMP6_ITEM(name, table, field) { name, __builtin_offsetof(struct ipv6_mibs, table[field]) }

static const struct snmp6_item snmp6_items[] = {
	SNMP6_ITEM("Ip6InReceives", ip, IPSTATS6_INRECEIVES),
	SNMP6_ITEM("Ip6InHdrErrors", ip, IPSTATS6_INHDRERRORS),
	SNMP6_ITEM("Ip6InTooBigErrors", ip, IPSTATS6_INTOOBIGERRORS),
	SNMP6_ITEM("Ip6InNoRoutes", ip, IPSTATS6_INNOROUTES),
	SNMP6_ITEM("Ip6InAddrErrors", ip, IPSTATS6_INADDRERRORS),
	SNMP6_ITEM("Ip6InUnknownProtos", ip, IPSTATS6_INUNKNOWNPROTOS),
	SNMP6_ITEM("Ip6InTruncatedPkts", ip, IPSTATS6_INTRUNCATEDPKTS),
	SNMP6_ITEM("Ip6InDiscards", ip, IPSTATS6_INDISCARDS),
	SNMP6_ITEM("Ip6InDelivers", ip, IPSTATS6_INDELIVERS),
	SNMP6_ITEM("Ip6OutRequests", ip, IPSTATS6_OUTREQUESTS),
	SNMP6_ITEM("Ip6OutDiscards", ip, IPSTATS6_OUTDISCARDS),
	SNMP6_ITEM("Ip6OutNoRoutes", ip, IPSTATS6_OUTNOROUTES),
	SNMP6_ITEM("Ip6ReasmReqds", ip, IPSTATS6_REASMREQDS),
	SNMP6_ITEM("Ip6ReasmFails", ip, IPSTATS6_REASMFAILS),
	SNMP6_ITEM("Ip6InOctets", ip, IPSTATS6_INOCTETS),
	SNMP6_ITEM("Ip6OutOctets", ip, IPSTATS6_OUTOCTETS),
	SNMP6_ITEM("Icmp6InMsgs", icmp, ICMP6_MIB_INMSGS),
	SNMP6_ITEM("Icmp6InErrors", icmp, ICMP6_MIB_INERRORS),
	SNMP6_ITEM("Icmp6OutMsgs", icmp, ICMP6_MIB_OUTMSGS),
	SNMP6_ITEM("Icmp6OutErrors", icmp, ICMP6_MIB_OUTERRORS),
	SNMP6_ITEM("Icmp6InCsumErrors", icmp, ICMP6_MIB_CSUMERRORS),
	SNMP6_ITEM("Icmp6InDestUnreachs", icmp_in_type, ICMPV6_DEST_UNREACH),
	SNMP6_ITEM("Icmp6InParmProblems", icmp_in_type, ICMPV6_PARAMPROB),
	SNMP6_ITEM("Icmp6InEchos", icmp_in_type, ICMPV6_ECHO_REQUEST),
	SNMP6_ITEM("Icmp6InEchoReplies", icmp_in_type, ICMPV6_ECHO_REPLY),
	SNMP6_ITEM("Icmp6OutDestUnreachs", icmp_out_type, ICMPV6_DEST_UNREACH),
	SNMP6_ITEM("Icmp6OutParmProblems", icmp_out_type, ICMPV6_PARAMPROB),
	SNMP6_ITEM("Icmp6OutEchos", icmp_out_type, ICMPV6_ECHO_REQUEST),
	SNMP6_ITEM("Icmp6OutEchoReplies", icmp_out_type, ICMPV6_ECHO_REPLY),
	SNMP6_ITEM("Udp6InDatagrams", udp, UDP6_MIB_INDATAGRAMS),
	SNMP6_ITEM("Udp6NoPorts", udp, UDP6_MIB_NOPORTS),
	SNMP6_ITEM("Udp6InErrors", udp, UDP6_MIB_INERRORS),
	SNMP6_ITEM("Udp6OutDatagrams", udp, UDP6_MIB_OUTDATAGRAMS),
	SNMP6_ITEM("Udp6RcvbufErrors", udp, UDP6_MIB_RCVBUFERRORS),
	SNMP6_ITEM("Udp6SndbufErrors", udp, UDP6_MIB_SNDBUFERRORS),
	SNMP6_ITEM("Udp6InCsumErrors", udp, UDP6_MIB_CSUMERRORS),
};

static unsigned long snmp6_fold(unsigned int offset)
{
	unsigned long sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(*(unsigned long *)((char *)&per_cpu(ipv6_mibs, cpu) + offset));
	return sum;
}

/* /proc/net/sockstat6: IPv6's sockets in use, Linux's lines. */
int sockstat6_proc_show(char *buf, size_t size)
{
	struct net_seq s = { buf, size, 0 };

	net_seq_printf(&s, "TCP6: inuse %d\n", atomic_read(&tcpv6_prot.inuse));
	net_seq_printf(&s, "UDP6: inuse %d\n", atomic_read(&udpv6_prot.inuse));
	net_seq_printf(&s, "UDPLITE6: inuse 0\n");
	net_seq_printf(&s, "RAW6: inuse %d\n", atomic_read(&rawv6_prot.inuse));
	net_seq_printf(&s, "FRAG6: inuse 0 memory 0\n");
	return s.len;
}

int snmp6_proc_show(char *buf, size_t size)
{
	struct net_seq s = { buf, size, 0 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(snmp6_items); i++)
		net_seq_printf(&s, "%-32s\t%lu\n", snmp6_items[i].name,
			       snmp6_fold(snmp6_items[i].offset));
	return s.len;
}
