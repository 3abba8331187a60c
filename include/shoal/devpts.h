/* SPDX-License-Identifier: MIT */
/*
 * devpts (fs/devpts.c): the /dev/pts file system the pty driver
 * (drivers/tty/pty.c) puts its slave nodes in.
 */
#ifndef _SHOAL_DEVPTS_H
#define _SHOAL_DEVPTS_H

#include <shoal/types.h>

#define TTYAUX_MAJOR            5       /* /dev/tty, /dev/console, /dev/ptmx */
#define UNIX98_PTY_SLAVE_MAJOR  136

struct dentry;

void devpts_init(void);
/* /dev/pts/@index for a new pty, owned by @uid/@gid unless the mount's
 * uid=/gid= say otherwise; referenced, or ERR_PTR. */
struct dentry *devpts_pty_new(int index, uid_t uid, gid_t gid);
/* Remove the node devpts_pty_new made and drop its reference. */
void devpts_pty_kill(struct dentry *d);

#endif
