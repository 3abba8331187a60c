// SPDX-License-Identifier: MIT
/*
 * Inodes: allocation, reference counting, attributes.
 *
 * Every file system here lives in memory, so an inode is freed (evicted) as
 * soon as its last reference goes: linked inodes are referenced by their
 * dentries (which the tree pins), open files reference their dentry, and
 * anonymous files (pipes, sockets) reference the inode directly.
 */
#include "internal.h"
#include <shoal/time.h>
#include <shoal/filelock.h>
#include <shoal/cred.h>

static struct kmem_cache *inode_cache;

void inode_cache_init(void)
{
	inode_cache = kmem_cache_create("inode", sizeof(struct inode), 8, 0, NULL);
}

struct timespec64 current_time(void)
{
	return ns_to_timespec64(ktime_get_real());
}

static void inode_init_once(struct inode *inode, struct super_block *sb)
{
	struct timespec64 now = current_time();

	atomic_set(&inode->i_count, 1);
	mutex_init(&inode->i_mutex);
	spin_lock_init(&inode->i_lock);
	INIT_LIST_HEAD(&inode->i_fsnotify_marks);
	inode->i_sb = sb;
	inode->i_nlink = 1;
	inode->i_atime = inode->i_mtime = inode->i_ctime = inode->i_btime = now;
	inode->i_ino = atomic64_add_return(1, &sb->s_next_ino);
}

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode;

	if (sb->s_op && sb->s_op->alloc_inode)
		inode = sb->s_op->alloc_inode(sb);
	else
		inode = kmem_cache_zalloc(inode_cache, GFP_KERNEL);
	if (!inode)
		return NULL;
	inode_init_once(inode, sb);
	inode->i_uid = current_fsuid();         /* sockets, pipes: their creator's */
	inode->i_gid = current_fsgid();
	return inode;
}

static void evict(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	if (sb->s_op && sb->s_op->evict_inode)
		sb->s_op->evict_inode(inode);
	if (inode->i_pipe)
		free_pipe_info(inode->i_pipe);
	locks_free_lock_context(inode);
	if (sb->s_op && sb->s_op->destroy_inode)
		sb->s_op->destroy_inode(inode);
	else
		kmem_cache_free(inode_cache, inode);
}

void iput(struct inode *inode)
{
	if (inode && atomic_dec_and_test(&inode->i_count))
		evict(inode);
}

void inode_init_special(struct inode *inode, mode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	} else if (S_ISBLK(mode)) {
		inode->i_rdev = rdev;   /* no block devices: open gives ENXIO */
	} else if (S_ISFIFO(mode)) {
		inode->i_fop = &fifo_fops;
	}
}

void inode_touch(struct inode *inode, unsigned int mask)
{
	struct timespec64 now = current_time();

	if (mask & ATTR_ATIME)
		inode->i_atime = now;
	if (mask & ATTR_MTIME)
		inode->i_mtime = now;
	if (mask & ATTR_CTIME)
		inode->i_ctime = now;
}

void generic_fillattr(struct inode *inode, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->result_mask = STATX_BASIC_STATS | STATX_BTIME;
	st->mode = inode->i_mode;
	st->nlink = inode->i_nlink;
	st->uid = inode->i_uid;
	st->gid = inode->i_gid;
	st->dev = inode->i_sb->s_dev;
	st->rdev = inode->i_rdev;
	st->ino = inode->i_ino;
	st->size = READ_ONCE(inode->i_size);
	st->blksize = PAGE_SIZE;
	st->blocks = (PAGE_ALIGN(st->size)) >> 9;
	st->atime = inode->i_atime;
	st->mtime = inode->i_mtime;
	st->ctime = inode->i_ctime;
	st->btime = inode->i_btime;
}

/* The owner's, the group's or the others' bits, whichever class current is in. */
static int acl_permission_check(struct inode *inode, int mask)
{
	mode_t mode = READ_ONCE(inode->i_mode);

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (current_fsuid() == inode->i_uid)
		mode >>= 6;
	else if (in_group_p(inode->i_gid))
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

/*
 * Linux's generic_permission: the mode bits, then the DAC capabilities.
 * CAP_DAC_READ_SEARCH allows reading any file and searching any
 * directory; CAP_DAC_OVERRIDE allows anything but executing a file that
 * has no x bit at all.
 */
int generic_permission(struct inode *inode, int mask)
{
	int ret = acl_permission_check(inode, mask);

	if (ret != -EACCES)
		return ret;
	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (S_ISDIR(inode->i_mode)) {
		if (!(mask & MAY_WRITE) && capable_wrt_inode_uidgid(inode, CAP_DAC_READ_SEARCH))
			return 0;
		return capable_wrt_inode_uidgid(inode, CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	if (mask == MAY_READ && capable_wrt_inode_uidgid(inode, CAP_DAC_READ_SEARCH))
		return 0;
	if ((!(mask & MAY_EXEC) || (inode->i_mode & 0111)) &&
	    capable_wrt_inode_uidgid(inode, CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

int inode_permission(struct inode *inode, int mask)
{
	if (inode->i_op && inode->i_op->permission)
		return inode->i_op->permission(inode, mask);
	return generic_permission(inode, mask);
}

/*
 * Owner of a new file: fsuid, and fsgid unless @dir is set-group-id
 * (then its group, and a new directory inherits the bit). A set-group-id
 * file for a group the creator is not in loses the bit (without CAP_FSETID).
 */
void inode_init_owner(struct inode *inode, const struct inode *dir, mode_t mode)
{
	inode->i_uid = current_fsuid();
	if (dir && (dir->i_mode & S_ISGID)) {
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	} else {
		inode->i_gid = current_fsgid();
	}
	if (!S_ISDIR(mode) && (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
	    !in_group_p(inode->i_gid) && !capable_wrt_inode_uidgid(dir, CAP_FSETID))
		mode &= ~S_ISGID;
	inode->i_mode = mode;
}
