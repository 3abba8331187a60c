/* SPDX-License-Identifier: MIT */
/*
 * The hooks epoll needs in the rest of the VFS. There is no epoll yet, so
 * no file is ever on an interest list and the hooks do nothing.
 */
#ifndef _SHOAL_EVENTPOLL_H
#define _SHOAL_EVENTPOLL_H

struct file;

/* The last reference to @file is going: unhook it from every epoll
 * instance that watches it (called by __fput before ->release). */
static inline void eventpoll_release(struct file *file) { }

#endif
