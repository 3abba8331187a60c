/* SPDX-License-Identifier: MIT */
/*
 * Advisory file locks (fs/locks.c): POSIX record locks, OFD locks and
 * flock, with Linux's names (include/linux/filelock.h).
 *
 * An inode that was ever locked has a file_lock_context (inode->i_flctx,
 * set once, freed with the inode). Its flc_lock guards both lists of
 * granted locks; blocked requests sleep on flc_wait and retry when a lock
 * in the context goes or shrinks. Lock order, in fs/locks.c:
 *
 *   flc_lock -> blocked_lock_lock -> file_lock_list_lock
 *   flc_lock -> wait-queue lock (wake-ups after a change)
 */
#ifndef _SHOAL_FILELOCK_H
#define _SHOAL_FILELOCK_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/spinlock.h>
#include <shoal/wait.h>

struct file;
struct inode;

/* Who owns a lock: current->files (POSIX), the struct file (OFD, flock). */
typedef void *fl_owner_t;

#define FL_POSIX        0x01
#define FL_FLOCK        0x02
#define FL_ACCESS       0x08    /* only test for a conflict, take nothing */
#define FL_SLEEP        0x80    /* a blocking request may wait */
#define FL_OFDLCK       0x400   /* POSIX-style, owned by the open file description */

#define OFFSET_MAX      ((loff_t)0x7fffffffffffffffLL)

/*
 * A granted lock, or a request. Granted locks are on their context's
 * flc_posix or flc_flock list [flc_lock]; a POSIX request that sleeps is
 * on the global blocked list [blocked_lock_lock] for deadlock detection.
 * Each POSIX owner's locks are contiguous on flc_posix, sorted by start,
 * never overlapping one another and never adjacent when of one type.
 */
struct file_lock {
	struct list_head fl_list;       /* flc_posix / flc_flock [flc_lock] */
	struct list_head fl_link;       /* file_lock_list (/proc/locks) or blocked_list */
	fl_owner_t fl_owner;            /* [const once granted] */
	fl_owner_t fl_blocker_owner;    /* a sleeping request: whom it waits for [blocked_lock_lock] */
	struct file_lock_context *fl_ctx; /* a sleeping request: where it waits [blocked_lock_lock] */
	unsigned long fl_wait_seq;      /* a sleeping request: flc_seq when it found its conflict */
	unsigned int fl_flags;          /* FL_* */
	unsigned char fl_type;          /* F_RDLCK, F_WRLCK, F_UNLCK */
	pid_t fl_pid;                   /* tgid of the locker */
	struct file *fl_file;           /* the file it was taken through (not referenced) */
	struct inode *fl_inode;         /* [const] (not referenced: the lock goes first) */
	loff_t fl_start, fl_end;        /* inclusive; fl_end OFFSET_MAX = to EOF [flc_lock] */
};

/* The locks of one inode; allocated on the first lock, freed with the inode. */
struct file_lock_context {
	spinlock_t flc_lock;
	struct list_head flc_flock;     /* granted flock locks [flc_lock] */
	struct list_head flc_posix;     /* granted POSIX and OFD locks [flc_lock] */
	unsigned long flc_seq;          /* bumped when a lock goes or shrinks [flc_lock; READ_ONCE by sleepers] */
	wait_queue_head_t flc_wait;     /* blocked requests of either kind, woken after flc_seq moves */
};

struct flock;

/* fcntl's lock commands (F_GETLK, F_SETLK(W), F_OFD_*): fd for the close race. */
long fcntl_getlk(struct file *filp, unsigned int cmd, struct flock __user *ufl);
long fcntl_setlk(unsigned int fd, struct file *filp, unsigned int cmd,
		 struct flock __user *ufl);

/* Close of a descriptor by @owner: drop its POSIX locks on the file's inode. */
void locks_remove_posix(struct file *filp, fl_owner_t owner);
/* Last fput of @filp: drop its OFD and flock locks. */
void locks_remove_file(struct file *filp);
/* Eviction of an inode: free its (empty) lock context. */
void locks_free_lock_context(struct inode *inode);

/* /proc/locks (snprintf rules) */
int locks_show(char *buf, size_t size);

#endif
