// SPDX-License-Identifier: MIT
/*
 * The VFS side of file notification (Linux's fs/notify/fsnotify.c and
 * mark.c, for inotify alone): the hooks of include/shoal/fsnotify.h find
 * the watches (marks) interested in an event and hand it to their group
 * (fs/notify/inotify.c), which queues it.
 *
 * Events on a child reach a watch on its parent directory with the
 * child's name, then the child's own watches without a name, as Linux
 * reports them. IN_EXCL_UNLINK watches do not hear about the I/O of files
 * that were unlinked while open. An IN_ONESHOT watch goes after its first
 * event (IN_IGNORED follows it).
 *
 * Locking (fs/notify/notify.h): fsnotify_mark_lock -> group->lock ->
 * group->wq.lock. The hooks run in process context with at most i_mutex
 * and rename_mutex held, and never sleep: events are allocated
 * GFP_ATOMIC (a failure becomes IN_Q_OVERFLOW). Marks removed under the
 * lock are freed after it is dropped, since iput may free the inode.
 */
#include "notify.h"
#include <shoal/atomic.h>

DEFINE_SPINLOCK(fsnotify_mark_lock);
LIST_HEAD(fsnotify_marks);
atomic_t fsnotify_nr_marks = ATOMIC_INIT(0);
static atomic_t fsnotify_sync_cookie = ATOMIC_INIT(0);

u32 fsnotify_get_cookie(void)
{
	return (u32)atomic_inc_return(&fsnotify_sync_cookie);
}

void fsnotify_detach_mark(struct fsnotify_mark *mark, bool ignored, struct list_head *dead)
{
	struct fsnotify_group *group = mark->group;

	assert_spin_locked(&fsnotify_mark_lock);
	list_del(&mark->i_list);
	list_del(&mark->all_list);
	atomic_dec(&fsnotify_nr_marks);
	spin_lock(&group->lock);
	list_del(&mark->g_list);
	spin_unlock(&group->lock);
	if (ignored)
		inotify_handle_event(mark, FS_IGNORED, NULL, 0, 0);
	list_add(&mark->i_list, dead);
}

void fsnotify_free_marks(struct list_head *dead)
{
	struct fsnotify_mark *mark, *tmp;

	list_for_each_entry_safe(mark, tmp, dead, i_list) {
		list_del(&mark->i_list);
		inotify_freeing_mark(mark);
		iput(mark->inode);
		kfree(mark);
	}
}

/* Hand @mask to every mark on @inode that wants it. */
static void send_to_marks(struct inode *inode, u32 mask, const char *name, size_t len,
			  u32 cookie, bool unlinked)
{
	struct fsnotify_mark *mark, *tmp;
	LIST_HEAD(dead);

	if (!fsnotify_watched(inode))
		return;
	spin_lock(&fsnotify_mark_lock);
	list_for_each_entry_safe(mark, tmp, &inode->i_fsnotify_marks, i_list) {
		if (!(mark->mask & mask & ~FS_ISDIR))
			continue;
		if ((mark->mask & IN_EXCL_UNLINK) && unlinked)
			continue;
		inotify_handle_event(mark, mask, name, len, cookie);
		if (mark->mask & IN_ONESHOT)
			fsnotify_detach_mark(mark, true, &dead);
	}
	spin_unlock(&fsnotify_mark_lock);
	fsnotify_free_marks(&dead);
}

void fsnotify_inode(struct inode *inode, u32 mask)
{
	send_to_marks(inode, mask | fsnotify_isdir(inode), NULL, 0, 0, false);
}

void fsnotify_name(struct inode *dir, u32 mask, const char *name, size_t len, u32 cookie)
{
	send_to_marks(dir, mask, name, len, cookie, false);
}

/* The parent's watches first, with the child's name (copied under
 * dcache_lock: a rename may change it), then the child's own. */
void fsnotify_dentry(struct dentry *dentry, u32 mask, bool unlinked)
{
	struct inode *inode = dentry->d_inode;
	struct dentry *parent;
	char name[NAME_MAX + 1];
	size_t len = 0;

	if (!inode || !atomic_read(&fsnotify_nr_marks))
		return;
	mask |= fsnotify_isdir(inode);
	parent = dget_parent(dentry);
	if (parent != dentry && parent->d_inode && fsnotify_watched(parent->d_inode) &&
	    (mask & FS_EVENTS_POSS_ON_CHILD)) {
		spin_lock(&dcache_lock);
		len = min_t(size_t, dentry->d_len, NAME_MAX);
		memcpy(name, dentry->d_name, len);
		spin_unlock(&dcache_lock);
		send_to_marks(parent->d_inode, mask, name, len, 0, unlinked);
	}
	dput(parent);
	send_to_marks(inode, mask, NULL, 0, 0, unlinked);
}

void fsnotify_inoderemove(struct inode *inode)
{
	struct fsnotify_mark *mark, *tmp;
	LIST_HEAD(dead);

	if (!fsnotify_watched(inode))
		return;
	fsnotify_inode(inode, FS_DELETE_SELF);
	spin_lock(&fsnotify_mark_lock);
	list_for_each_entry_safe(mark, tmp, &inode->i_fsnotify_marks, i_list)
		fsnotify_detach_mark(mark, true, &dead);
	spin_unlock(&fsnotify_mark_lock);
	fsnotify_free_marks(&dead);
}

/* The last mount of @sb is going: every watch on its inodes hears
 * IN_UNMOUNT, then goes (IN_IGNORED), so none outlives the super block. */
void fsnotify_sb_delete(struct super_block *sb)
{
	struct fsnotify_mark *mark, *tmp;
	LIST_HEAD(dead);

	spin_lock(&fsnotify_mark_lock);
	list_for_each_entry_safe(mark, tmp, &fsnotify_marks, all_list) {
		if (mark->inode->i_sb != sb)
			continue;
		inotify_handle_event(mark, FS_UNMOUNT | fsnotify_isdir(mark->inode), NULL, 0, 0);
		fsnotify_detach_mark(mark, true, &dead);
	}
	spin_unlock(&fsnotify_mark_lock);
	fsnotify_free_marks(&dead);
}

void fsnotify_move(struct inode *odir, struct inode *ndir, const char *old_name, size_t old_len,
		   const char *new_name, size_t new_len, struct inode *moved, struct inode *target)
{
	u32 isdir = fsnotify_isdir(moved), cookie;

	if (!fsnotify_watched(odir) && !fsnotify_watched(ndir) && !fsnotify_watched(moved) &&
	    !(target && fsnotify_watched(target)))
		return;
	cookie = fsnotify_get_cookie();
	fsnotify_name(odir, FS_MOVED_FROM | isdir, old_name, old_len, cookie);
	fsnotify_name(ndir, FS_MOVED_TO | isdir, new_name, new_len, cookie);
	if (target)
		fsnotify_link_count(target);
	fsnotify_inode(moved, FS_MOVE_SELF);
}

/* Linux's mapping of attribute changes to events: both times set is a
 * utime call (IN_ATTRIB), one alone an access or a modification. */
void fsnotify_change(struct dentry *d, unsigned int ia_valid)
{
	u32 mask = 0;

	if (ia_valid & (ATTR_UID | ATTR_GID | ATTR_MODE))
		mask |= FS_ATTRIB;
	if (ia_valid & ATTR_SIZE)
		mask |= FS_MODIFY;
	if ((ia_valid & (ATTR_ATIME | ATTR_MTIME)) == (ATTR_ATIME | ATTR_MTIME))
		mask |= FS_ATTRIB;
	else if (ia_valid & ATTR_ATIME)
		mask |= FS_ACCESS;
	else if (ia_valid & ATTR_MTIME)
		mask |= FS_MODIFY;
	if (mask)
		fsnotify_dentry(d, mask, false);
}
