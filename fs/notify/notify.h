/* SPDX-License-Identifier: MIT */
/*
 * Marks and groups shared by fs/notify/fsnotify.c (the VFS side: which
 * watches hear an event) and fs/notify/inotify.c (the user side: the
 * queue behind an inotify descriptor, its system calls).
 *
 * A group is one inotify instance; a mark is one watch of a group on one
 * inode, found from both ends: the inode's i_fsnotify_marks list and the
 * group's marks list. A mark holds a reference on its inode, so a watched
 * inode lives until its last name and last dentry are gone
 * (fsnotify_inoderemove) or the watch is removed.
 *
 * Locking key:
 *   [mark]   fsnotify_mark_lock (global spinlock, process context only);
 *            fsnotify_nr_marks counts the attached marks (atomic, changed under it)
 *   [both]   fsnotify_mark_lock and the group's lock, both held to change
 *   [group]  group->lock (spinlock): the event queue and its counters
 *   [mutex]  group->mark_mutex (sleeping): add and remove of the group's watches
 * Order: group->mark_mutex -> fsnotify_mark_lock -> group->lock ->
 * group->wq.lock (wake-ups). A mark is attached (on both lists) or
 * detached (on neither); whoever detaches it under both locks frees it
 * after dropping them (iput may free the inode).
 */
#ifndef _FS_NOTIFY_H
#define _FS_NOTIFY_H

#include <shoal/kernel.h>
#include <shoal/fs.h>
#include <shoal/mm.h>
#include <shoal/fsnotify.h>
#include <shoal/user_namespace.h>
#include <uapi/inotify.h>

struct fsnotify_group;

struct fsnotify_mark {
	struct list_head i_list;        /* on inode->i_fsnotify_marks [mark]; a private list once detached */
	struct list_head g_list;        /* on group->marks [both] */
	struct list_head all_list;      /* on fsnotify_marks, for umount [mark] */
	struct inode *inode;            /* referenced [const] */
	struct fsnotify_group *group;   /* [const] */
	u32 mask;                       /* IN_* events, IN_ONESHOT, IN_EXCL_UNLINK [mark] */
	int wd;                         /* watch descriptor [const] */
	struct ucounts *ucounts;        /* the watch is charged here (the instance's owner) [const] */
};

/* One queued event; @len is the name's padded length as user space sees it. */
struct fsnotify_event {
	struct list_head list;          /* [group] */
	int wd;
	u32 mask;
	u32 cookie;
	u32 len;                        /* 0 or a multiple of sizeof(struct inotify_event) */
	char name[];                    /* NUL-padded to len */
};

struct fsnotify_group {
	spinlock_t lock;
	wait_queue_head_t wq;           /* readers and pollers */
	struct list_head events;        /* oldest first [group] */
	unsigned int q_len;             /* events queued, the overflow event included [group] */
	size_t q_bytes;                 /* their size as read() returns them (FIONREAD) [group] */
	unsigned int max_events;        /* max_queued_events when created [const] */
	struct fsnotify_event *overflow;        /* queued at most once; on events when queued [group] */
	struct list_head marks;         /* [both] */
	struct mutex mark_mutex;
	int last_wd;                    /* watch descriptors are handed out cyclically [mutex] */
	struct ucounts *ucounts;        /* its creator's euid, charged one instance [const] */
};

extern spinlock_t fsnotify_mark_lock;
extern struct list_head fsnotify_marks;         /* every attached mark [mark] */

/* inotify.c: queue @mask for @mark (fsnotify_mark_lock held). */
void inotify_handle_event(struct fsnotify_mark *mark, u32 mask, const char *name, size_t len,
			  u32 cookie);
/* inotify.c: a detached mark's last rites: its watch leaves its user's count
 * (the mark's own ucounts: the group may be gone by then). */
void inotify_freeing_mark(struct fsnotify_mark *mark);

/* Detach @mark from its inode and group, queueing IN_IGNORED if @ignored.
 * Caller holds fsnotify_mark_lock; the mark goes on @dead for fsnotify_free_marks. */
void fsnotify_detach_mark(struct fsnotify_mark *mark, bool ignored, struct list_head *dead);
/* Free the marks on @dead (no lock held). */
void fsnotify_free_marks(struct list_head *dead);

#endif
