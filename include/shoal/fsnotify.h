/* SPDX-License-Identifier: MIT */
/*
 * File system notification hooks (Linux's linux/fsnotify.h, reduced to
 * what inotify needs). The VFS calls these after an operation succeeded;
 * fs/notify/fsnotify.c hands the event to every watch (mark) on the inode
 * concerned, and to the watches of its parent directory for the events a
 * directory hears about its children (access, modify, attrib, open,
 * close). The event bits are inotify's own (FS_x == IN_x).
 *
 * With no watch anywhere a hook costs one atomic read (fsnotify_nr_marks);
 * otherwise an inode with no watch costs a list_empty() test, and a file
 * event also looks at the parent directory (under dcache_lock).
 *
 * Locking: an inode's list of marks (inode->i_fsnotify_marks) and every
 * mark's mask are guarded by the global fsnotify_mark_lock (a spinlock,
 * process context only); the hooks take it, so callers may hold i_mutex
 * or rename_mutex but no spinlock. See fs/notify/fsnotify.c.
 */
#ifndef _SHOAL_FSNOTIFY_H
#define _SHOAL_FSNOTIFY_H

#include <shoal/fs.h>

#define FS_ACCESS               0x00000001
#define FS_MODIFY               0x00000002
#define FS_ATTRIB               0x00000004
#define FS_CLOSE_WRITE          0x00000008
#define FS_CLOSE_NOWRITE        0x00000010
#define FS_OPEN                 0x00000020
#define FS_MOVED_FROM           0x00000040
#define FS_MOVED_TO             0x00000080
#define FS_CREATE               0x00000100
#define FS_DELETE               0x00000200
#define FS_DELETE_SELF          0x00000400
#define FS_MOVE_SELF            0x00000800
#define FS_UNMOUNT              0x00002000
#define FS_Q_OVERFLOW           0x00004000
#define FS_IGNORED              0x00008000
#define FS_ISDIR                0x40000000

/* What a directory's watch hears about its children (with their name). */
#define FS_EVENTS_POSS_ON_CHILD (FS_ACCESS | FS_MODIFY | FS_ATTRIB | FS_CLOSE_WRITE | \
				 FS_CLOSE_NOWRITE | FS_OPEN)

/* The event of @mask on @dentry's inode, and on its parent's watches with
 * its name. @unlinked: the file is open but no longer named (IN_EXCL_UNLINK). */
void fsnotify_dentry(struct dentry *dentry, u32 mask, bool unlinked);
/* An event on @inode itself (no name, no parent). */
void fsnotify_inode(struct inode *inode, u32 mask);
/* A directory event on @dir about the entry @name of @len bytes (create,
 * delete, moves). */
void fsnotify_name(struct inode *dir, u32 mask, const char *name, size_t len, u32 cookie);
/* The inode has no name left and its last dentry goes: IN_DELETE_SELF, then
 * every watch on it is removed (IN_IGNORED). Idempotent. */
void fsnotify_inoderemove(struct inode *inode);
/* The last mount of @sb goes: IN_UNMOUNT and IN_IGNORED for its watches. */
void fsnotify_sb_delete(struct super_block *sb);
/* A fresh rename cookie (pairs IN_MOVED_FROM with IN_MOVED_TO). */
u32 fsnotify_get_cookie(void);

/* Watches attached anywhere: zero keeps the hooks off every fast path. */
extern atomic_t fsnotify_nr_marks;

static inline bool fsnotify_watched(struct inode *inode)
{
	return !list_empty(&inode->i_fsnotify_marks);
}

static inline u32 fsnotify_isdir(struct inode *inode)
{
	return S_ISDIR(inode->i_mode) ? FS_ISDIR : 0;
}

/* A file event: only files opened by name (not O_PATH) report. */
static inline void fsnotify_file(struct file *f, u32 mask)
{
	if (!atomic_read(&fsnotify_nr_marks) || (f->f_mode & FMODE_PATH))
		return;
	if (f->f_dentry)
		fsnotify_dentry(f->f_dentry, mask, d_unlinked(f->f_dentry));
	else if (f->f_inode)
		fsnotify_inode(f->f_inode, mask);
}

static inline void fsnotify_access(struct file *f) { fsnotify_file(f, FS_ACCESS); }
static inline void fsnotify_modify(struct file *f) { fsnotify_file(f, FS_MODIFY); }
static inline void fsnotify_open(struct file *f) { fsnotify_file(f, FS_OPEN); }
static inline void fsnotify_close(struct file *f)
{
	fsnotify_file(f, (f->f_mode & FMODE_WRITE) ? FS_CLOSE_WRITE : FS_CLOSE_NOWRITE);
}

/* A new name @d in @dir (create, mkdir, mknod, symlink, link). */
static inline void fsnotify_create(struct inode *dir, struct dentry *d)
{
	fsnotify_name(dir, FS_CREATE | fsnotify_isdir(d->d_inode), d->d_name, d->d_len, 0);
}

/* The name @name (@len bytes) of @inode left @dir (unlink, rmdir). */
static inline void fsnotify_delete(struct inode *dir, struct inode *inode, const char *name,
				   size_t len)
{
	fsnotify_name(dir, FS_DELETE | fsnotify_isdir(inode), name, len, 0);
}

/* A link count changed (link, unlink, rename over a file). */
static inline void fsnotify_link_count(struct inode *inode)
{
	fsnotify_inode(inode, FS_ATTRIB);
}

/*
 * A rename: @moved went from @old_name in @odir to @new_name in @ndir;
 * @target was replaced (its link count dropped), or NULL.
 */
void fsnotify_move(struct inode *odir, struct inode *ndir, const char *old_name, size_t old_len,
		   const char *new_name, size_t new_len, struct inode *moved, struct inode *target);

/* notify_change succeeded with @ia_valid (ATTR_*). */
void fsnotify_change(struct dentry *d, unsigned int ia_valid);

#endif
