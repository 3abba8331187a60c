/* SPDX-License-Identifier: MIT */
/*
 * Files a subsystem adds to /proc (Linux's linux/proc_fs.h, reduced to what
 * the network stack needs). procfs keeps no list of the network's files:
 * each protocol registers its own at boot, from its initcall.
 *
 * A show function renders the whole text into buf (snprintf rules: it
 * returns the length it wanted; procfs retries with a bigger buffer when
 * the text did not fit). Registration is for boot only (initcalls, one
 * CPU, before user space): the tables are read without a lock afterwards.
 */
#ifndef _SHOAL_PROC_FS_H
#define _SHOAL_PROC_FS_H

#include <shoal/types.h>

typedef int (*proc_single_show_t)(char *buf, size_t size);

/* /proc/net/<name>; 0, -EEXIST or -ENOSPC. */
int proc_create_net_single(const char *name, mode_t mode, proc_single_show_t show);

#endif
