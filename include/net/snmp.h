/* SPDX-License-Identifier: MIT */
/*
 * SNMP counters (/proc/net/snmp), per CPU. Increments use an atomic add on
 * this CPU's slot (amoadd: cheap, and safe against a softirq interrupting
 * process context on the same CPU); readers sum over CPUs.
 */
#ifndef _NET_SNMP_H
#define _NET_SNMP_H

#include <shoal/smp.h>

enum {
	IPSTATS_MIB_INRECEIVES, IPSTATS_MIB_INHDRERRORS, IPSTATS_MIB_INADDRERRORS,
	IPSTATS_MIB_INUNKNOWNPROTOS, IPSTATS_MIB_INDISCARDS, IPSTATS_MIB_INDELIVERS,
	IPSTATS_MIB_OUTREQUESTS, IPSTATS_MIB_OUTDISCARDS, IPSTATS_MIB_OUTNOROUTES,
	IPSTATS_MIB_REASMFAILS, IPSTATS_MIB_FRAGCREATES, IPSTATS_MIB_INTRUNCATEDPKTS,
	IPSTATS_MIB_CSUMERRORS,
	__IPSTATS_MIB_MAX
};
enum {
	ICMP_MIB_INMSGS, ICMP_MIB_INERRORS, ICMP_MIB_INCSUMERRORS,
	ICMP_MIB_INDESTUNREACHS, ICMP_MIB_INECHOS, ICMP_MIB_INECHOREPS,
	ICMP_MIB_OUTMSGS, ICMP_MIB_OUTERRORS, ICMP_MIB_OUTDESTUNREACHS,
	ICMP_MIB_OUTECHOS, ICMP_MIB_OUTECHOREPS,
	__ICMP_MIB_MAX
};
enum {
	TCP_MIB_ACTIVEOPENS, TCP_MIB_PASSIVEOPENS, TCP_MIB_ATTEMPTFAILS,
	TCP_MIB_ESTABRESETS, TCP_MIB_CURRESTAB /* up/down: tcp_set_state */, TCP_MIB_INSEGS,
	TCP_MIB_OUTSEGS, TCP_MIB_RETRANSSEGS, TCP_MIB_INERRS, TCP_MIB_OUTRSTS,
	TCP_MIB_CSUMERRORS,
	__TCP_MIB_MAX
};
enum {
	UDP_MIB_INDATAGRAMS, UDP_MIB_NOPORTS, UDP_MIB_INERRORS, UDP_MIB_OUTDATAGRAMS,
	UDP_MIB_RCVBUFERRORS, UDP_MIB_SNDBUFERRORS, UDP_MIB_CSUMERRORS, UDP_MIB_IGNOREDMULTI,
	__UDP_MIB_MAX
};
/* Linux's TcpExt-style extras shoal reports in /proc/net/netstat */
enum {
	LINUX_MIB_DELAYEDACKS, LINUX_MIB_LISTENOVERFLOWS, LINUX_MIB_LISTENDROPS,
	LINUX_MIB_TCPFASTRETRANS, LINUX_MIB_TCPTIMEOUTS, LINUX_MIB_TCPBACKLOGDROP,
	LINUX_MIB_TCPRCVCOALESCE, LINUX_MIB_TCPZEROWINDOWDROP, LINUX_MIB_TCPKEEPALIVE,
	LINUX_MIB_TW, LINUX_MIB_TCPABORTONDATA, LINUX_MIB_TCPABORTONCLOSE,
	LINUX_MIB_TCPRENORECOVERY, LINUX_MIB_TCPWINPROBE, LINUX_MIB_TCPOFOQUEUE,
	LINUX_MIB_TCPBACKLOGCOALESCE,
	LINUX_MIB_SYNCOOKIESSENT, LINUX_MIB_SYNCOOKIESRECV, LINUX_MIB_SYNCOOKIESFAILED,
	LINUX_MIB_TCPREQQFULLDOCOOKIES, LINUX_MIB_TCPREQQFULLDROP,
	__LINUX_MIB_MAX
};

struct net_mibs {
	unsigned long ip[__IPSTATS_MIB_MAX];
	unsigned long icmp[__ICMP_MIB_MAX];
	unsigned long icmp_in_type[19], icmp_out_type[19];
	unsigned long tcp[__TCP_MIB_MAX];
	unsigned long udp[__UDP_MIB_MAX];
	unsigned long linux_mib[__LINUX_MIB_MAX];
} __cacheline_aligned;

DECLARE_PER_CPU(struct net_mibs, net_mibs);     /* net/ipv4/proc.c */

#define SNMP_ADD(table, field, n) \
	__atomic_fetch_add(&per_cpu(net_mibs, smp_processor_id()).table[field], (n), __ATOMIC_RELAXED)
#define IP_INC_STATS(f)         SNMP_ADD(ip, f, 1)
#define IP_ADD_STATS(f, n)      SNMP_ADD(ip, f, n)
#define ICMP_INC_STATS(f)       SNMP_ADD(icmp, f, 1)
#define TCP_INC_STATS(f)        SNMP_ADD(tcp, f, 1)
#define TCP_ADD_STATS(f, n)     SNMP_ADD(tcp, f, n)
#define UDP_INC_STATS(f)        SNMP_ADD(udp, f, 1)
#define NET_INC_STATS(f)        SNMP_ADD(linux_mib, f, 1)
#define NET_ADD_STATS(f, n)     SNMP_ADD(linux_mib, f, n)
/* Sum one counter over all CPUs. */
unsigned long snmp_fold(unsigned int offset_in_net_mibs);
#define SNMP_FOLD(table, field) snmp_fold(__builtin_offsetof(struct net_mibs, table[field]))

#endif
