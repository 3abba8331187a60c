/* SPDX-License-Identifier: MIT */
/* The system's names (kernel/sys.c), for uname(2) and /proc/sys/kernel. */
#ifndef _SHOAL_UTSNAME_H
#define _SHOAL_UTSNAME_H

#include <shoal/types.h>

/* Copy the uname field @field ("sysname", "nodename", "release", ...) into
 * @buf; returns its length or -EINVAL for an unknown field. */
int get_uts_field(const char *field, char *buf, size_t size);
/* Set the hostname (nodename) from the kernel: 0 or -EINVAL if too long. */
int set_uts_nodename(const char *name);

#endif /* _SHOAL_UTSNAME_H */
