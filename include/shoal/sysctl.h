/* SPDX-License-Identifier: MIT */
/*
 * sysctls (Linux's linux/sysctl.h, reduced): a subsystem registers a table
 * of its tunables under a /proc/sys path at boot, and procfs shows them
 * without knowing them. Only paths below "net/" are registrable for now
 * (net/ipv4, net/core, net/ipv4/route, ...), "fs" and below it (fs/inotify, fs/mqueue), "vm",
 * "kernel" and below it (kernel/pty; /proc/sys/kernel's
 * hostname/ostype/osrelease fs/proc lists itself, as it lists
 * vm/drop_caches and vm/overcommit_memory).
 *
 * proc_handler is called for each open for reading (write 0: render the
 * value into buf of len bytes, return the length wanted, snprintf rules)
 * and each write (write 1: buf holds the user's len bytes, NUL-terminated;
 * return 0 or -errno). The handler does its own locking of table->data.
 * Registration is for boot only, as proc_create_net_single.
 */
#ifndef _SHOAL_SYSCTL_H
#define _SHOAL_SYSCTL_H

#include <shoal/types.h>

struct ctl_table;
typedef int proc_handler(const struct ctl_table *table, int write, char *buf, size_t len);

struct ctl_table {
	const char *procname;           /* file name */
	void *data;                     /* the handler's */
	int maxlen;                     /* size of *data */
	mode_t mode;                    /* permission bits (0644) */
	proc_handler *proc_handler;
	void *extra1, *extra2;          /* the _minmax handlers' bounds (NULL: none) */
};

/*
 * kernel/sysctl.c: an unsigned long at table->data, written whole as
 * decimal (trailing blanks and a newline allowed), -EINVAL outside
 * [*extra1, *extra2]. Readers and writers use READ_ONCE/WRITE_ONCE: a
 * lone word needs no lock.
 */
int proc_doulongvec_minmax(const struct ctl_table *table, int write, char *buf, size_t len);

int register_sysctl_sz(const char *path, const struct ctl_table *table, size_t n);
#define register_sysctl(path, table) register_sysctl_sz(path, table, ARRAY_SIZE(table))

#endif
