// SPDX-License-Identifier: MIT
/*
 * /proc/sys/net/core: the socket layer's tunables.
 *
 * somaxconn caps the backlog every listen() asks for, as on Linux (where
 * it is per network namespace; shoal has one). Readers take it with
 * READ_ONCE; a write replaces it whole, so no lock.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/init.h>
#include <shoal/sysctl.h>
#include <net/sock.h>

int sysctl_somaxconn = SOMAXCONN;

static int somaxconn_handler(const struct ctl_table *table, int write, char *buf, size_t len)
{
	char *end;
	long v;

	if (!write)
		return scnprintf(buf, len, "%d\n", READ_ONCE(sysctl_somaxconn));
	v = simple_strtol(buf, &end, 10);
	if (end == buf || v < 0 || v > INT_MAX)
		return -EINVAL;                 /* Linux: 0 .. INT_MAX */
	WRITE_ONCE(sysctl_somaxconn, (int)v);
	return 0;
}

static const struct ctl_table net_core_table[] = {
	{ .procname = "somaxconn", .mode = 0644, .proc_handler = somaxconn_handler },
};

static int sysctl_core_init(void)
{
	return register_sysctl("net/core", net_core_table);
}
subsys_initcall(sysctl_core_init);
