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

/*
 * /proc/net/<dir>/<name> (dir NULL: /proc/net/<name>), the directory
 * made on first use; show and write get @data. A write receives at most
 * 127 bytes, NUL-terminated, in process context, and returns the bytes
 * taken or -errno; it may sleep and run long. dir and name must outlive
 * the kernel (literals, a device's name).
 */
typedef int (*proc_data_show_t)(void *data, char *buf, size_t size);
typedef ssize_t (*proc_data_write_t)(void *data, const char *buf, size_t n);
int proc_create_net_data(const char *dir, const char *name, mode_t mode, proc_data_show_t show,
			 proc_data_write_t write, void *data);

#endif
