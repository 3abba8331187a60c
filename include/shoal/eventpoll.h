/* SPDX-License-Identifier: MIT */
/*
 * The hooks epoll (fs/eventpoll.c) needs in the rest of the VFS.
 */
#ifndef _SHOAL_EVENTPOLL_H
#define _SHOAL_EVENTPOLL_H

struct file;

/* The last reference to @file is going: unhook it from every epoll
 * instance that watches it (called by __fput before ->release). */
void eventpoll_release(struct file *file);

#endif
