// SPDX-License-Identifier: MIT
/*
 * /proc/sys/net/core: the socket layer's tunables.
 *
 * somaxconn caps the backlog every listen() asks for, as on Linux (where
 * it is per network namespace; shoal has one): 0 .. INT_MAX. A lone word,
 * read with READ_ONCE and written whole by proc_doulongvec_minmax: no lock.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <net/sock.h>

unsigned long sysctl_somaxconn = SOMAXCONN;
static unsigned long somaxconn_max = INT_MAX;

static const struct ctl_table net_core_table[] = {
	{ .procname = "somaxconn", .data = &sysctl_somaxconn, .maxlen = sizeof(unsigned long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra2 = &somaxconn_max },
};

static int sysctl_core_init(void)
{
	return register_sysctl("net/core", net_core_table);
}
subsys_initcall(sysctl_core_init);
