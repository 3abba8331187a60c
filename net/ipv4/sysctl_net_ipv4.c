// SPDX-License-Identifier: MIT
/*
 * /proc/sys/net/ipv4: TCP's handshake tunables, as Linux's (one network
 * namespace here). Each is a lone word written whole by
 * proc_doulongvec_minmax and read with READ_ONCE: no lock.
 *
 *   tcp_syncookies         0 never, 1 when a SYN queue is full, 2 always
 *   tcp_synack_retries     SYN-ACK resends before a request is dropped
 *   tcp_max_syn_backlog    without cookies, the SYN queue size at which
 *                          only its last quarter is kept back
 *   tcp_abort_on_overflow  reset, not drop, a handshake's ACK that finds
 *                          the accept queue full
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <net/tcp.h>

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
};

static int sysctl_ipv4_tcp_init(void)
{
	return register_sysctl("net/ipv4", ipv4_tcp_table);
}
subsys_initcall(sysctl_ipv4_tcp_init);
