// SPDX-License-Identifier: MIT
/*
 * The SNMP counters and /proc/net/{snmp,netstat,sockstat}, in Linux's
 * formats (net/ipv4/proc.c there).
 *
 * Counters live per CPU (net_mibs) and are bumped with a relaxed atomic
 * add on the local slot, so neither the packet path nor a softirq that
 * interrupts process context on the same CPU needs a lock. Readers sum
 * the slots without a lock: a sum may miss increments racing with it,
 * which is what Linux's readers see too. No locks here.
 */
#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <net/snmp.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/udp.h>
#include <net/ping.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/tcp.h>
#include <shoal/proc_fs.h>
#include <net/inet_common.h>

DEFINE_PER_CPU(struct net_mibs, net_mibs);


unsigned long snmp_fold(unsigned int offset)
{
	unsigned long sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(*(unsigned long *)((char *)&per_cpu(net_mibs, cpu) + offset));
	return sum;
}

void net_seq_printf(struct net_seq *s, const char *fmt, ...)
{
	size_t room = s->len < s->size ? s->size - s->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? s->buf + s->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		s->len += n;
}

void net_seq_pad(struct net_seq *s, size_t start, int width)
{
	int pad = (int)(start + width - s->len);

	if (pad > 0)
		net_seq_printf(s, "%*s", pad, "");
	net_seq_printf(s, "\n");
}

unsigned long sock_i_ino(const struct sock *sk)
{
	struct socket *sock = READ_ONCE(sk->sk_socket);

	if (!sock || !sock->file || !sock->file->f_inode)
		return 0;
	return sock->file->f_inode->i_ino;
}

/* One "Name: a b c" header line and its values line. */
struct mib_item {
	const char *name;
	unsigned int offset;            /* in struct net_mibs */
};
#define MIB(table, field, nm) { nm, offsetof(struct net_mibs, table[field]) }

static const struct mib_item ip_items[] = {
	MIB(ip, IPSTATS_MIB_INRECEIVES, "InReceives"),
	MIB(ip, IPSTATS_MIB_INHDRERRORS, "InHdrErrors"),
	MIB(ip, IPSTATS_MIB_INADDRERRORS, "InAddrErrors"),
	{ "ForwDatagrams", ~0U },
	MIB(ip, IPSTATS_MIB_INUNKNOWNPROTOS, "InUnknownProtos"),
	MIB(ip, IPSTATS_MIB_INDISCARDS, "InDiscards"),
	MIB(ip, IPSTATS_MIB_INDELIVERS, "InDelivers"),
	MIB(ip, IPSTATS_MIB_OUTREQUESTS, "OutRequests"),
	MIB(ip, IPSTATS_MIB_OUTDISCARDS, "OutDiscards"),
	MIB(ip, IPSTATS_MIB_OUTNOROUTES, "OutNoRoutes"),
	{ "ReasmTimeout", ~0U },
	MIB(ip, IPSTATS_MIB_REASMFAILS, "ReasmReqds"),
	{ "ReasmOKs", ~0U },
	MIB(ip, IPSTATS_MIB_REASMFAILS, "ReasmFails"),
	{ "FragOKs", ~0U },
	{ "FragFails", ~0U },
	MIB(ip, IPSTATS_MIB_FRAGCREATES, "FragCreates"),
	MIB(ip, IPSTATS_MIB_OUTREQUESTS, "OutTransmits"),
	{ NULL, 0 },
};

static const struct mib_item udp_items[] = {
	MIB(udp, UDP_MIB_INDATAGRAMS, "InDatagrams"),
	MIB(udp, UDP_MIB_NOPORTS, "NoPorts"),
	MIB(udp, UDP_MIB_INERRORS, "InErrors"),
	MIB(udp, UDP_MIB_OUTDATAGRAMS, "OutDatagrams"),
	MIB(udp, UDP_MIB_RCVBUFERRORS, "RcvbufErrors"),
	MIB(udp, UDP_MIB_SNDBUFERRORS, "SndbufErrors"),
	MIB(udp, UDP_MIB_CSUMERRORS, "InCsumErrors"),
	MIB(udp, UDP_MIB_IGNOREDMULTI, "IgnoredMulti"),
	{ "MemErrors", ~0U },
	{ NULL, 0 },
};

static const struct mib_item tcp_items[] = {
	MIB(tcp, TCP_MIB_ACTIVEOPENS, "ActiveOpens"),
	MIB(tcp, TCP_MIB_PASSIVEOPENS, "PassiveOpens"),
	MIB(tcp, TCP_MIB_ATTEMPTFAILS, "AttemptFails"),
	MIB(tcp, TCP_MIB_ESTABRESETS, "EstabResets"),
	{ "CurrEstab", ~1U },           /* computed below */
	MIB(tcp, TCP_MIB_INSEGS, "InSegs"),
	MIB(tcp, TCP_MIB_OUTSEGS, "OutSegs"),
	MIB(tcp, TCP_MIB_RETRANSSEGS, "RetransSegs"),
	MIB(tcp, TCP_MIB_INERRS, "InErrs"),
	MIB(tcp, TCP_MIB_OUTRSTS, "OutRsts"),
	MIB(tcp, TCP_MIB_CSUMERRORS, "InCsumErrors"),
	{ NULL, 0 },
};

/* The TcpExt counters shoal keeps, in Linux's column order. */
static const struct mib_item tcpext_items[] = {
	MIB(linux_mib, LINUX_MIB_SYNCOOKIESSENT, "SyncookiesSent"),
	MIB(linux_mib, LINUX_MIB_SYNCOOKIESRECV, "SyncookiesRecv"),
	MIB(linux_mib, LINUX_MIB_SYNCOOKIESFAILED, "SyncookiesFailed"),
	MIB(linux_mib, LINUX_MIB_OUTOFWINDOWICMPS, "OutOfWindowIcmps"),
	MIB(linux_mib, LINUX_MIB_LOCKDROPPEDICMPS, "LockDroppedIcmps"),
	MIB(linux_mib, LINUX_MIB_TW, "TW"),
	MIB(linux_mib, LINUX_MIB_DELAYEDACKS, "DelayedACKs"),
	MIB(linux_mib, LINUX_MIB_LISTENOVERFLOWS, "ListenOverflows"),
	MIB(linux_mib, LINUX_MIB_LISTENDROPS, "ListenDrops"),
	MIB(linux_mib, LINUX_MIB_TCPRENORECOVERY, "TCPRenoRecovery"),
	MIB(linux_mib, LINUX_MIB_TCPSACKRECOVERY, "TCPSackRecovery"),
	MIB(linux_mib, LINUX_MIB_TCPSACKREORDER, "TCPSACKReorder"),
	MIB(linux_mib, LINUX_MIB_TCPDSACKUNDO, "TCPDSACKUndo"),
	MIB(linux_mib, LINUX_MIB_TCPLOSSUNDO, "TCPLossUndo"),
	MIB(linux_mib, LINUX_MIB_TCPSACKFAILURES, "TCPSackFailures"),
	MIB(linux_mib, LINUX_MIB_TCPFASTRETRANS, "TCPFastRetrans"),
	MIB(linux_mib, LINUX_MIB_TCPTIMEOUTS, "TCPTimeouts"),
	MIB(linux_mib, LINUX_MIB_TCPLOSSPROBES, "TCPLossProbes"),
	MIB(linux_mib, LINUX_MIB_TCPLOSSPROBERECOVERY, "TCPLossProbeRecovery"),
	MIB(linux_mib, LINUX_MIB_TCPBACKLOGCOALESCE, "TCPBacklogCoalesce"),
	MIB(linux_mib, LINUX_MIB_TCPDSACKOLDSENT, "TCPDSACKOldSent"),
	MIB(linux_mib, LINUX_MIB_TCPDSACKOFOSENT, "TCPDSACKOfoSent"),
	MIB(linux_mib, LINUX_MIB_TCPDSACKRECV, "TCPDSACKRecv"),
	MIB(linux_mib, LINUX_MIB_TCPDSACKOFORECV, "TCPDSACKOfoRecv"),
	MIB(linux_mib, LINUX_MIB_TCPABORTONDATA, "TCPAbortOnData"),
	MIB(linux_mib, LINUX_MIB_TCPABORTONCLOSE, "TCPAbortOnClose"),
	MIB(linux_mib, LINUX_MIB_TCPBACKLOGDROP, "TCPBacklogDrop"),
	MIB(linux_mib, LINUX_MIB_TCPREQQFULLDOCOOKIES, "TCPReqQFullDoCookies"),
	MIB(linux_mib, LINUX_MIB_TCPREQQFULLDROP, "TCPReqQFullDrop"),
	MIB(linux_mib, LINUX_MIB_TCPRCVCOALESCE, "TCPRcvCoalesce"),
	MIB(linux_mib, LINUX_MIB_TCPOFOQUEUE, "TCPOFOQueue"),
	MIB(linux_mib, LINUX_MIB_TCPFASTOPENACTIVE, "TCPFastOpenActive"),
	MIB(linux_mib, LINUX_MIB_TCPFASTOPENACTIVEFAIL, "TCPFastOpenActiveFail"),
	MIB(linux_mib, LINUX_MIB_TCPFASTOPENPASSIVE, "TCPFastOpenPassive"),
	MIB(linux_mib, LINUX_MIB_TCPFASTOPENPASSIVEFAIL, "TCPFastOpenPassiveFail"),
	MIB(linux_mib, LINUX_MIB_TCPFASTOPENLISTENOVERFLOW, "TCPFastOpenListenOverflow"),
	MIB(linux_mib, LINUX_MIB_TCPFASTOPENCOOKIEREQD, "TCPFastOpenCookieReqd"),
	MIB(linux_mib, LINUX_MIB_TCPWINPROBE, "TCPWinProbe"),
	MIB(linux_mib, LINUX_MIB_TCPKEEPALIVE, "TCPKeepAlive"),
	MIB(linux_mib, LINUX_MIB_TCPSACKDISCARD, "TCPSACKDiscard"),
	MIB(linux_mib, LINUX_MIB_TCPDSACKIGNOREDOLD, "TCPDSACKIgnoredOld"),
	MIB(linux_mib, LINUX_MIB_TCPDSACKIGNOREDNOUNDO, "TCPDSACKIgnoredNoUndo"),
	MIB(linux_mib, LINUX_MIB_TCPZEROWINDOWDROP, "TCPZeroWindowDrop"),
	{ NULL, 0 },
};

static const struct mib_item ipext_items[] = {
	{ "InNoRoutes", ~0U },
	MIB(ip, IPSTATS_MIB_INTRUNCATEDPKTS, "InTruncatedPkts"),
	MIB(ip, IPSTATS_MIB_CSUMERRORS, "InCsumErrors"),
	{ NULL, 0 },
};

/* Established TCP connections: the up/down counter TCP_MIB_CURRESTAB that
 * tcp_set_state keeps, summed over the CPUs as a signed value. */
static unsigned long tcp_currestab(void)
{
	long v;

	v = (long)SNMP_FOLD(tcp, TCP_MIB_CURRESTAB);
	return v > 0 ? v : 0;
}

static unsigned long mib_value(const struct mib_item *it)
{
	if (it->offset == ~0U)
		return 0;               /* a column shoal does not count */
	if (it->offset == ~1U)
		return tcp_currestab();
	return snmp_fold(it->offset);
}

/* "Name: cols...\nName: lead vals...\n"; lead is printed before the values. */
static void mib_lines(struct net_seq *s, const char *name, const char *lead_cols,
		      const char *lead_vals, const struct mib_item *items)
{
	const struct mib_item *it;

	net_seq_printf(s, "%s:%s", name, lead_cols);
	for (it = items; it->name; it++)
		net_seq_printf(s, " %s", it->name);
	net_seq_printf(s, "\n%s:%s", name, lead_vals);
	for (it = items; it->name; it++)
		net_seq_printf(s, " %lu", mib_value(it));
	net_seq_printf(s, "\n");
}

/* The Icmp line: totals, then the per-type columns Linux derives from
 * its per-type (IcmpMsg) counters. */
static const u8 icmp_cols[] = {
	ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, ICMP_PARAMETERPROB, ICMP_SOURCE_QUENCH,
	ICMP_REDIRECT, ICMP_ECHO, ICMP_ECHOREPLY, ICMP_TIMESTAMP, ICMP_TIMESTAMPREPLY,
	ICMP_ADDRESS, ICMP_ADDRESSREPLY,
};
static const char *const icmp_col_names[] = {
	"DestUnreachs", "TimeExcds", "ParmProbs", "SrcQuenchs", "Redirects", "Echos",
	"EchoReps", "Timestamps", "TimestampReps", "AddrMasks", "AddrMaskReps",
};

static unsigned long icmp_type_count(bool out, int type)
{
	if (out)
		return SNMP_FOLD(icmp_out_type, type);
	return SNMP_FOLD(icmp_in_type, type);
}

static void icmp_lines(struct net_seq *s)
{
	unsigned int i;

	net_seq_printf(s, "Icmp: InMsgs InErrors InCsumErrors");
	for (i = 0; i < ARRAY_SIZE(icmp_cols); i++)
		net_seq_printf(s, " In%s", icmp_col_names[i]);
	net_seq_printf(s, " OutMsgs OutErrors OutRateLimitGlobal OutRateLimitHost");
	for (i = 0; i < ARRAY_SIZE(icmp_cols); i++)
		net_seq_printf(s, " Out%s", icmp_col_names[i]);
	net_seq_printf(s, "\nIcmp: %lu %lu %lu", SNMP_FOLD(icmp, ICMP_MIB_INMSGS),
		       SNMP_FOLD(icmp, ICMP_MIB_INERRORS), SNMP_FOLD(icmp, ICMP_MIB_INCSUMERRORS));
	for (i = 0; i < ARRAY_SIZE(icmp_cols); i++)
		net_seq_printf(s, " %lu", icmp_type_count(false, icmp_cols[i]));
	net_seq_printf(s, " %lu %lu 0 0", SNMP_FOLD(icmp, ICMP_MIB_OUTMSGS),
		       SNMP_FOLD(icmp, ICMP_MIB_OUTERRORS));
	for (i = 0; i < ARRAY_SIZE(icmp_cols); i++)
		net_seq_printf(s, " %lu", icmp_type_count(true, icmp_cols[i]));
	net_seq_printf(s, "\n");
}

/* IcmpMsg: the non-zero per-type counters, In types then Out types, at
 * most 16 to a pair of lines (Linux's icmpmsg_put). */
#define ICMPMSG_PERLINE 16
static void icmpmsg_line(struct net_seq *s, const u16 *type, const unsigned long *val, int n)
{
	int i;

	if (!n)
		return;
	net_seq_printf(s, "IcmpMsg:");
	for (i = 0; i < n; i++)
		net_seq_printf(s, " %sType%u", type[i] & 0x100 ? "Out" : "In", type[i] & 0xff);
	net_seq_printf(s, "\nIcmpMsg:");
	for (i = 0; i < n; i++)
		net_seq_printf(s, " %lu", val[i]);
	net_seq_printf(s, "\n");
}

static void icmpmsg_lines(struct net_seq *s)
{
	u16 type[ICMPMSG_PERLINE];
	unsigned long val[ICMPMSG_PERLINE], v;
	int n = 0, i;

	for (i = 0; i < 2 * (NR_ICMP_TYPES + 1); i++) {
		bool out = i > NR_ICMP_TYPES;
		int t = out ? i - NR_ICMP_TYPES - 1 : i;

		v = icmp_type_count(out, t);
		if (v) {
			type[n] = (out ? 0x100 : 0) | t;
			val[n++] = v;
		}
		if (n == ICMPMSG_PERLINE) {
			icmpmsg_line(s, type, val, n);
			n = 0;
		}
	}
	icmpmsg_line(s, type, val, n);
}

static int snmp_proc_show(char *buf, size_t size)
{
	struct net_seq s = { buf, size, 0 };
	char ip_lead[32];

	/* Forwarding 2 = not a router (Linux's "ip_forward = 0") */
	snprintf(ip_lead, sizeof(ip_lead), " 2 %d", IPDEFTTL);
	mib_lines(&s, "Ip", " Forwarding DefaultTTL", ip_lead, ip_items);
	icmp_lines(&s);
	icmpmsg_lines(&s);
	mib_lines(&s, "Tcp", " RtoAlgorithm RtoMin RtoMax MaxConn", " 1 200 120000 -1", tcp_items);
	mib_lines(&s, "Udp", "", "", udp_items);
	net_seq_printf(&s, "UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors "
		       "SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
		       "UdpLite: 0 0 0 0 0 0 0 0 0\n");
	return s.len;
}

static int netstat_proc_show(char *buf, size_t size)
{
	struct net_seq s = { buf, size, 0 };

	mib_lines(&s, "TcpExt", "", "", tcpext_items);
	mib_lines(&s, "IpExt", "", "", ipext_items);
	return s.len;
}

static int proto_inuse(const struct proto *p)
{
	return atomic_read(&p->inuse);
}

static int sockstat_proc_show(char *buf, size_t size)
{
	struct net_seq s = { buf, size, 0 };

	net_seq_printf(&s, "sockets: used %d\n", sock_inuse_get());
	net_seq_printf(&s, "TCP: inuse %d orphan %d tw %d alloc %d mem 0\n", proto_inuse(&tcp_prot),
		       tcp_orphan_count_sum(), inet_twsk_count(),
		       atomic_read(&tcp_prot.sockets_allocated));
	net_seq_printf(&s, "UDP: inuse %d mem 0\n", proto_inuse(&udp_prot));
	net_seq_printf(&s, "UDPLITE: inuse 0\n");
	net_seq_printf(&s, "RAW: inuse %d\n", proto_inuse(&raw_prot));
	net_seq_printf(&s, "FRAG: inuse 0 memory 0\n");
	return s.len;
}

/* IPv4's files in /proc/net, Linux's ipv4_proc_init. */
void ipv4_proc_init(void)
{
	static const struct {
		const char *name;
		proc_single_show_t show;
	} files[] = {
		{ "arp", arp_proc_show },
		{ "listen_stat", listen_stat_proc_show },
		{ "netstat", netstat_proc_show },
		{ "route", route_proc_show },
		{ "snmp", snmp_proc_show },
		{ "sockstat", sockstat_proc_show },
		{ "tcp", tcp4_proc_show },
		{ "udp", udp4_proc_show },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(files); i++)
		if (proc_create_net_single(files[i].name, 0444, files[i].show))
			printk("ipv4: cannot register /proc/net/%s\n", files[i].name);
}
