// SPDX-License-Identifier: MIT
/* fstat, newfstatat, statx, statfs, fstatfs: Linux riscv64 layouts (uapi/stat.h). */
#include "internal.h"
#include <shoal/syscalls.h>

BUILD_BUG_ON(sizeof(struct stat) != 128);
BUILD_BUG_ON(sizeof(struct statx) != 256);
BUILD_BUG_ON(sizeof(struct statfs) != 120);

int vfs_getattr(const struct path *p, struct kstat *st)
{
	struct inode *inode = p->dentry->d_inode;

	if (inode->i_op && inode->i_op->getattr)
		inode->i_op->getattr(inode, st);
	else
		generic_fillattr(inode, st);
	st->mnt_id = p->mnt ? p->mnt->mnt_id : 0;
	return 0;
}

static int cp_new_stat(struct kstat *st, struct stat __user *ubuf)
{
	struct stat s;

	memset(&s, 0, sizeof(s));
	s.st_dev = new_encode_dev(st->dev);
	s.st_ino = st->ino;
	s.st_mode = st->mode;
	s.st_nlink = st->nlink;
	s.st_uid = st->uid;
	s.st_gid = st->gid;
	s.st_rdev = new_encode_dev(st->rdev);
	s.st_size = st->size;
	s.st_blksize = st->blksize;
	s.st_blocks = st->blocks;
	s.st_atime = st->atime.tv_sec;
	s.st_atime_nsec = st->atime.tv_nsec;
	s.st_mtime = st->mtime.tv_sec;
	s.st_mtime_nsec = st->mtime.tv_nsec;
	s.st_ctime = st->ctime.tv_sec;
	s.st_ctime_nsec = st->ctime.tv_nsec;
	return copy_to_user(ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

/* stat of an open file (also anonymous ones: pipes, sockets) */
static int vfs_fstat(unsigned int fd, struct kstat *st)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	generic_fillattr(f->f_inode, st);
	st->mnt_id = f->f_vfsmnt ? f->f_vfsmnt->mnt_id : 0;
	fput(f);
	return 0;
}

/* (dfd, user name, AT_* flags) -> kstat, with AT_EMPTY_PATH on any fd */
static int vfs_statx(int dfd, const char __user *filename, int flags, struct kstat *st)
{
	unsigned int lf = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	struct path p;
	char *name;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!*name && (flags & AT_EMPTY_PATH) && dfd != AT_FDCWD) {
		putname(name);
		return vfs_fstat(dfd, st);
	}
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	err = kern_path_at(dfd, name, lf, &p);
	putname(name);
	if (err)
		return err;
	err = vfs_getattr(&p, st);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat __user *, buf)
{
	struct kstat st;
	int err = vfs_fstat(fd, &st);

	return err ? err : cp_new_stat(&st, buf);
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct stat __user *, buf, int, flags)
{
	struct kstat st;
	int err = vfs_statx(dfd, filename, flags, &st);

	return err ? err : cp_new_stat(&st, buf);
}

static struct statx_timestamp sx_time(struct timespec64 t)
{
	struct statx_timestamp s = { .tv_sec = t.tv_sec, .tv_nsec = t.tv_nsec };
	return s;
}

SYSCALL_DEFINE5(statx, int, dfd, const char __user *, filename, unsigned int, flags,
		unsigned int, mask, struct statx __user *, buf)
{
	struct statx sx;
	struct kstat st;
	int err;

	if (mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	err = vfs_statx(dfd, filename, flags, &st);
	if (err)
		return err;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = st.result_mask | STATX_MNT_ID;
	sx.stx_blksize = st.blksize;
	sx.stx_nlink = st.nlink;
	sx.stx_uid = st.uid;
	sx.stx_gid = st.gid;
	sx.stx_mode = st.mode;
	sx.stx_ino = st.ino;
	sx.stx_size = st.size;
	sx.stx_blocks = st.blocks;
	sx.stx_atime = sx_time(st.atime);
	sx.stx_btime = sx_time(st.btime);
	sx.stx_ctime = sx_time(st.ctime);
	sx.stx_mtime = sx_time(st.mtime);
	sx.stx_rdev_major = MAJOR(st.rdev);
	sx.stx_rdev_minor = MINOR(st.rdev);
	sx.stx_dev_major = MAJOR(st.dev);
	sx.stx_dev_minor = MINOR(st.dev);
	sx.stx_mnt_id = st.mnt_id;
	return copy_to_user(buf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

static int vfs_statfs(struct super_block *sb, struct statfs *buf)
{
	memset(buf, 0, sizeof(*buf));
	buf->f_type = sb->s_magic;
	buf->f_bsize = PAGE_SIZE;
	buf->f_frsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	buf->f_fsid[0] = (int)sb->s_dev;
	if (sb->s_op && sb->s_op->statfs)
		return sb->s_op->statfs(sb, buf);
	return 0;
}

static long statfs_out(struct super_block *sb, struct vfsmount *m, struct statfs __user *ubuf)
{
	struct statfs buf;
	int err = vfs_statfs(sb, &buf);

	if (err)
		return err;
	if (m)
		buf.f_flags = m->mnt_flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	return copy_to_user(ubuf, &buf, sizeof(buf)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, const char __user *, pathname, struct statfs __user *, buf)
{
	char *name = getname(pathname);
	struct path p;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path(name, LOOKUP_FOLLOW, &p);
	putname(name);
	if (err)
		return err;
	err = statfs_out(p.dentry->d_sb, p.mnt, buf);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE2(fstatfs, unsigned int, fd, struct statfs __user *, buf)
{
	struct file *f = fget_raw(fd);
	long err;

	if (!f)
		return -EBADF;
	err = statfs_out(f->f_inode->i_sb, f->f_vfsmnt, buf);
	fput(f);
	return err;
}
