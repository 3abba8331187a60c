// SPDX-License-Identifier: MIT
/*
 * /proc/sys/net/ipv4/ip_local_port_range: the ephemeral ports TCP and UDP
 * pick from ("low\thigh", as Linux; 1 <= low <= high <= 65535, -EINVAL
 * otherwise). Both ends live in one word (low << 16 | high), written whole
 * and read with READ_ONCE, so a reader never sees half of a change: no
 * lock (Linux uses a seqlock for the pair). The word and its reader,
 * inet_get_local_port_range(), are inet_hashtables.c's.
 *
 * And TCP's handshake tunables, as Linux's (one network
 * namespace here). Each is a lone word written whole by
 * proc_doulongvec_minmax and read with READ_ONCE: no lock.
 *
 *   tcp_syncookies         0 never, 1 when a SYN queue is full, 2 always
 *   tcp_synack_retries     SYN-ACK resends before a request is dropped
 *   tcp_max_syn_backlog    without cookies, the SYN queue size at which
 *                          only its last quarter is kept back
 *   tcp_abort_on_overflow  reset, not drop, a handshake's ACK that finds
 *                          the accept queue full
 *   tcp_sack, tcp_dsack    (0 or 1, default 1) offer SACK-permitted on
 *                          new connections' SYNs and SYN-ACKs, and report
 *                          duplicate segments as D-SACK blocks
 *                          (net/ipv4/tcp_sack.c); a change applies to
 *                          connections opened after it
 *
 * And path MTU discovery's, as Linux's (net/ipv4/route_pmtu.c owns the
 * words; lone words again, READ_ONCE):
 *
 *   ip_no_pmtu_disc        0 use fragmentation-needed; 1 new sockets do
 *                          not set DF and the message pins the path at
 *                          min_pmtu; 2 and 3 ignore the message
 *   route/min_pmtu         the least path MTU ICMP may set (552; smaller
 *                          news is raised to it and DF goes off)
 *   route/mtu_expires      seconds a learnt path MTU lives (600)
 *   route/flush            write-only: forget every learnt path MTU
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <net/ip.h>
#include <net/tcp.h>

static int local_port_range_handler(const struct ctl_table *table, int write, char *buf,
				    size_t len)
{
	unsigned long lo, hi;
	char *end;

	if (!write) {
		u32 l, h;

		inet_get_local_port_range(&l, &h);
		return snprintf(buf, len, "%u\t%u\n", l, h);
	}
	lo = simple_strtoul(buf, &end, 10);
	if (end == buf || (*end != ' ' && *end != '\t'))
		return -EINVAL;
	for (buf = end; *buf == ' ' || *buf == '\t'; buf++)
		;
	hi = simple_strtoul(buf, &end, 10);
	if (end == buf || (*end && *end != '\n' && *end != ' ' && *end != '\t'))
		return -EINVAL;
	if (end - buf > 5 || lo < 1 || hi > 65535 || lo > hi)   /* 5 digits: no wrap */
		return -EINVAL;
	WRITE_ONCE(sysctl_local_ports, (lo << 16) | hi);
	return 0;
}

static const struct ctl_table ipv4_port_table[] = {
	{ .procname = "ip_local_port_range", .mode = 0644,
	  .proc_handler = local_port_range_handler },
};

static int sysctl_ipv4_init(void)
{
	return register_sysctl("net/ipv4", ipv4_port_table);
}
subsys_initcall(sysctl_ipv4_init);

static unsigned long zero, one = 1, two = 2, u8_max = 255, int_max = INT_MAX;

static const struct ctl_table ipv4_tcp_table[] = {
	{ .procname = "tcp_syncookies", .data = &sysctl_tcp_syncookies, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &zero, .extra2 = &two },
	{ .procname = "tcp_synack_retries", .data = &sysctl_tcp_synack_retries,
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &u8_max },
	{ .procname = "tcp_max_syn_backlog", .data = &sysctl_tcp_max_syn_backlog,
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &int_max },
	{ .procname = "tcp_abort_on_overflow", .data = &sysctl_tcp_abort_on_overflow,
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &one },
	{ .procname = "tcp_sack", .data = &sysctl_tcp_sack, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &zero, .extra2 = &one },
	{ .procname = "tcp_dsack", .data = &sysctl_tcp_dsack, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &zero, .extra2 = &one },
};

static unsigned long three = 3, min_pmtu_floor = IPV4_MIN_MTU, ip_max_mtu = 65535;

static const struct ctl_table ipv4_pmtu_table[] = {
	{ .procname = "ip_no_pmtu_disc", .data = &sysctl_ip_no_pmtu_disc,
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &three },
};

/* route/flush: any write empties the path MTU cache; there is nothing to read. */
static int rt_flush_handler(const struct ctl_table *table, int write, char *buf, size_t len)
{
	(void)table;
	(void)buf;
	(void)len;
	if (!write)
		return -EINVAL;
	ip_rt_flush_pmtu();
	return 0;
}

static const struct ctl_table ipv4_route_table[] = {
	{ .procname = "min_pmtu", .data = &sysctl_ip_rt_min_pmtu, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &min_pmtu_floor,
	  .extra2 = &ip_max_mtu },
	{ .procname = "mtu_expires", .data = &sysctl_ip_rt_mtu_expires,
	  .maxlen = sizeof(unsigned long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero, .extra2 = &int_max },
	{ .procname = "flush", .mode = 0200, .proc_handler = rt_flush_handler },
};

static int sysctl_ipv4_pmtu_init(void)
{
	int err = register_sysctl("net/ipv4", ipv4_pmtu_table);

	return err ? err : register_sysctl("net/ipv4/route", ipv4_route_table);
}
subsys_initcall(sysctl_ipv4_pmtu_init);

static int sysctl_ipv4_tcp_init(void)
{
	return register_sysctl("net/ipv4", ipv4_tcp_table);
}
subsys_initcall(sysctl_ipv4_tcp_init);
