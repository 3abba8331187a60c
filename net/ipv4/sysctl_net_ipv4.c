// SPDX-License-Identifier: MIT
/*
 * /proc/sys/net/ipv4: TCP's tunables (Linux's sysctl_net_ipv4.c).
 *
 * tcp_sack and tcp_dsack (0 or 1, default 1): offer SACK-permitted on new
 * connections' SYNs and SYN-ACKs, and report duplicate segments as D-SACK
 * blocks (net/ipv4/tcp_sack.c). Lone words, read with READ_ONCE and
 * written whole by proc_doulongvec_minmax: no lock. A change applies to
 * connections opened after it.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <net/tcp.h>

static unsigned long zero, one = 1;

static const struct ctl_table ipv4_tcp_table[] = {
	{ .procname = "tcp_sack", .data = &sysctl_tcp_sack, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &zero, .extra2 = &one },
	{ .procname = "tcp_dsack", .data = &sysctl_tcp_dsack, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &zero, .extra2 = &one },
};

static int sysctl_ipv4_init(void)
{
	return register_sysctl("net/ipv4", ipv4_tcp_table);
}
subsys_initcall(sysctl_ipv4_init);
