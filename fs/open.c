// SPDX-License-Identifier: MIT
/*
 * openat and the attribute-changing calls: truncate, chmod, chown,
 * utimensat, faccessat, fsync. Attribute changes hold the inode's i_mutex.
 */
#include "internal.h"
#include <shoal/time.h>
#include <shoal/syscalls.h>
#include <shoal/filelock.h>
#include <shoal/cred.h>
#include <shoal/fsnotify.h>

static int __notify_change(struct dentry *d, struct iattr *attr)
{
	struct inode *inode = d->d_inode;
	int err = setattr_prepare(d, attr);

	if (err)
		return err;
	if (inode->i_op && inode->i_op->setattr)
		return inode->i_op->setattr(d, attr);
	/* generic: attributes live in the inode; sizes need the fs */
	if (attr->ia_valid & ATTR_SIZE)
		return -EPERM;
	if (attr->ia_valid & ATTR_MODE)
		inode->i_mode = (inode->i_mode & S_IFMT) | (attr->ia_mode & S_IALLUGO);
	if (attr->ia_valid & ATTR_UID)
		inode->i_uid = attr->ia_uid;
	if (attr->ia_valid & ATTR_GID)
		inode->i_gid = attr->ia_gid;
	if (attr->ia_valid & ATTR_ATIME)
		inode->i_atime = attr->ia_atime;
	if (attr->ia_valid & ATTR_MTIME)
		inode->i_mtime = attr->ia_mtime;
	inode->i_ctime = current_time();
	return err;
}

int notify_change(struct dentry *d, struct iattr *attr)
{
	int err = __notify_change(d, attr);

	if (!err)
		fsnotify_change(d, attr->ia_valid);
	return err;
}

static int setattr_locked(struct dentry *d, struct iattr *attr)
{
	struct inode *inode = d->d_inode;
	int err;

	mutex_lock(&inode->i_mutex);
	err = notify_change(d, attr);
	mutex_unlock(&inode->i_mutex);
	return err;
}

int do_truncate(struct dentry *d, loff_t length)
{
	struct iattr attr = { .ia_valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .ia_size = length };
	struct inode *inode = d->d_inode;
	int err;

	if (length < 0)
		return -EINVAL;
	attr.ia_mtime = current_time();
	mutex_lock(&inode->i_mutex);
	attr.ia_valid |= should_remove_suid(inode) | ATTR_FORCE;   /* a write: no owner check */
	err = notify_change(d, &attr);
	mutex_unlock(&inode->i_mutex);
	return err;
}

int vfs_truncate(struct path *p, loff_t length)
{
	struct inode *inode = p->dentry->d_inode;
	int err;

	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (p->mnt->mnt_flags & MS_RDONLY)
		return -EROFS;
	err = inode_permission(inode, MAY_WRITE);
	if (err)
		return err;
	err = get_write_access(inode);          /* ETXTBSY: a running program */
	if (err)
		return err;
	err = do_truncate(p->dentry, length);
	put_write_access(inode);
	return err;
}

/* open and openat2 alike, once their flags are checked: a descriptor or an error. */
static int do_sys_openat2(int dfd, const char __user *filename, int flags, mode_t mode,
			  unsigned int lookup)
{
	struct file *f;
	char *name;
	int fd;

	flags &= ~__FMODE_EXEC;                 /* execve's alone */
	name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd_flags(flags);
	if (fd >= 0) {
		f = do_filp_open_how(dfd, name, flags, mode, lookup);
		if (IS_ERR(f)) {
			put_unused_fd(fd);
			fd = PTR_ERR(f);
		} else {
			fsnotify_open(f);
			fd_install(fd, f);
		}
	}
	putname(name);
	return fd;
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, mode_t, mode)
{
	/* unknown flags are ignored, as Linux's open/openat do */
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	return do_sys_openat2(dfd, filename, flags, mode, 0);
}

/*
 * openat2: struct open_how (Linux's <linux/openat2.h>), extensible by size.
 * Unlike openat, unknown open flags and a mode without O_CREAT/O_TMPFILE
 * are errors. The RESOLVE_* flags scope the path walk (fs/namei.c).
 */
struct open_how {
	u64 flags;
	u64 mode;
	u64 resolve;
};

#define OPEN_HOW_SIZE_VER0      24

#define RESOLVE_NO_XDEV         0x01
#define RESOLVE_NO_MAGICLINKS   0x02
#define RESOLVE_NO_SYMLINKS     0x04
#define RESOLVE_BENEATH         0x08
#define RESOLVE_IN_ROOT         0x10
#define RESOLVE_CACHED          0x20
#define VALID_RESOLVE_FLAGS     (RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | \
				 RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED)

#define VALID_OPEN_FLAGS        (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | \
				 O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | \
				 O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | __O_SYNC | \
				 O_PATH | __O_TMPFILE)
#define O_PATH_FLAGS            (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

/* Copy a struct of @usize bytes into @dst (@ksize): the bytes we do not know must be zero. */
static int copy_struct_from_user(void *dst, size_t ksize, const void __user *src, size_t usize)
{
	size_t i;
	u8 c;

	memset(dst, 0, ksize);
	for (i = ksize; i < usize; i++) {       /* bounded: usize <= PAGE_SIZE */
		if (get_user(c, (const u8 __user *)src + i))
			return -EFAULT;
		if (c)
			return -E2BIG;
	}
	return copy_from_user(dst, src, min(ksize, usize)) ? -EFAULT : 0;
}

/* Linux's build_open_flags for openat2: the open flags, or -errno; *@lookup gets LOOKUP_*. */
static long open_how_flags(const struct open_how *how, unsigned int *lookup)
{
	u64 flags = how->flags;

	if (flags & ~(u64)VALID_OPEN_FLAGS)
		return -EINVAL;
	if (how->resolve & ~(u64)VALID_RESOLVE_FLAGS)
		return -EINVAL;
	if ((how->resolve & RESOLVE_BENEATH) && (how->resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if (flags & (O_CREAT | __O_TMPFILE)) {
		if (how->mode & ~(u64)07777)
			return -EINVAL;
	} else if (how->mode) {
		return -EINVAL;
	}
	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return -EINVAL;
	if (flags & __O_TMPFILE) {
		if ((flags & O_TMPFILE) != O_TMPFILE || !(flags & (O_WRONLY | O_RDWR)))
			return -EINVAL;
	} else if ((flags & O_PATH) && (flags & ~(u64)O_PATH_FLAGS)) {
		return -EINVAL;
	}
	*lookup = 0;
	if (how->resolve & RESOLVE_NO_XDEV)
		*lookup |= LOOKUP_NO_XDEV;
	if (how->resolve & RESOLVE_NO_MAGICLINKS)
		*lookup |= LOOKUP_NO_MAGICLINKS;
	if (how->resolve & RESOLVE_NO_SYMLINKS)
		*lookup |= LOOKUP_NO_SYMLINKS;
	if (how->resolve & RESOLVE_BENEATH)
		*lookup |= LOOKUP_BENEATH;
	if (how->resolve & RESOLVE_IN_ROOT)
		*lookup |= LOOKUP_IN_ROOT;
	if (how->resolve & RESOLVE_CACHED) {
		/* no point walking the cache for a create or truncate */
		if (flags & (O_TRUNC | O_CREAT | __O_TMPFILE))
			return -EAGAIN;
		*lookup |= LOOKUP_CACHED;
	}
	return (long)flags;
}

SYSCALL_DEFINE4(openat2, int, dfd, const char __user *, filename, struct open_how __user *, uhow,
		size_t, usize)
{
	struct open_how how;
	unsigned int lookup;
	long flags;
	int err;

	if (usize < OPEN_HOW_SIZE_VER0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(&how, sizeof(how), uhow, usize);
	if (err)
		return err;
	flags = open_how_flags(&how, &lookup);
	if (flags < 0)
		return flags;
	return do_sys_openat2(dfd, filename, flags, how.mode, lookup);
}

static long do_access_check(int dfd, const char __user *filename, int mode, int flags);

/*
 * access() asks with the real ids: act as fsuid = uid, fsgid = gid, with
 * root's permitted set as effective for uid 0 and no capabilities for
 * anyone else (Linux's access_override_creds). NULL: no memory.
 */
static struct cred *access_creds(void)
{
	struct cred *c = prepare_creds();

	if (!c)
		return NULL;
	c->fsuid = c->uid;
	c->fsgid = c->gid;
	if (!(c->securebits & SECBIT_NO_SETUID_FIXUP))
		c->cap_effective = c->uid == 0 ? c->cap_permitted : 0;
	return c;
}

static long do_faccessat(int dfd, const char __user *filename, int mode, int flags)
{
	const struct cred *old = NULL;
	struct cred *ac = NULL;
	long err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_EACCESS)) {
		ac = access_creds();
		if (!ac)
			return -ENOMEM;
		old = override_creds(ac);
	}
	err = do_access_check(dfd, filename, mode, flags);
	if (ac) {
		revert_creds(old);
		put_cred(ac);
	}
	return err;
}

static long do_access_check(int dfd, const char __user *filename, int mode, int flags)
{
	char *name;
	struct path p;
	unsigned int lf = LOOKUP_FOLLOW;
	long err;

	if (flags & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path_at(dfd, name, lf, &p);
	putname(name);
	if (err)
		return err;
	err = inode_permission(p.dentry->d_inode, mode & (MAY_READ | MAY_WRITE | MAY_EXEC));
	if (!err && (mode & W_OK) && (p.mnt->mnt_flags & MS_RDONLY) &&
	    (S_ISREG(p.dentry->d_inode->i_mode) || S_ISDIR(p.dentry->d_inode->i_mode)))
		err = -EROFS;
	path_put(&p);
	return err;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename, int, mode)
{
	return do_faccessat(dfd, filename, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char __user *, filename, int, mode,
		int, flags)
{
	return do_faccessat(dfd, filename, mode, flags);
}

SYSCALL_DEFINE2(truncate, const char __user *, pathname, long, length)
{
	char *name = getname(pathname);
	struct path p;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	if (length < 0) {
		putname(name);
		return -EINVAL;
	}
	err = kern_path(name, LOOKUP_FOLLOW, &p);
	putname(name);
	if (err)
		return err;
	err = vfs_truncate(&p, length);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, long, length)
{
	struct file *f;
	long err;

	if (length < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	err = -EINVAL;
	if (!(f->f_mode & FMODE_WRITE) || !S_ISREG(f->f_inode->i_mode) || !f->f_dentry)
		goto out;
	err = do_truncate(f->f_dentry, length);
out:
	fput(f);
	return err;
}

SYSCALL_DEFINE4(fallocate, int, fd, int, mode, long, offset, long, len)
{
	struct file *f;
	long err;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	err = -EBADF;
	if (!(f->f_mode & FMODE_WRITE))
		goto out;
	err = -ENODEV;
	if (!S_ISREG(f->f_inode->i_mode) || !f->f_dentry)
		goto out;
	err = -EOPNOTSUPP;
	if (mode & ~1)                  /* only FALLOC_FL_KEEP_SIZE */
		goto out;
	err = 0;
	/* tmpfs allocates on demand: extending the size is all there is to do */
	if (!(mode & 1) && offset + len > READ_ONCE(f->f_inode->i_size))
		err = do_truncate(f->f_dentry, offset + len);
out:
	fput(f);
	return err;
}

/* Resolve (dfd, name, flags) for the *at attribute calls; AT_EMPTY_PATH with
 * an anonymous file is refused (those have no attributes to change). */
static long at_path(int dfd, const char __user *filename, int flags, struct path *p)
{
	unsigned int lf = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	char *name;
	long err;

	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path_at(dfd, name, lf, p);
	putname(name);
	return err;
}

static long fd_path(int fd, struct path *p)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	if (!f->f_dentry) {
		fput(f);
		return -EPERM;
	}
	p->mnt = mntget(f->f_vfsmnt);
	p->dentry = dget(f->f_dentry);
	fput(f);
	return 0;
}

static long chmod_path(struct path *p, mode_t mode)
{
	struct iattr attr = { .ia_valid = ATTR_MODE | ATTR_CTIME, .ia_mode = mode };
	long err = (p->mnt->mnt_flags & MS_RDONLY) ? -EROFS : setattr_locked(p->dentry, &attr);

	path_put(p);
	return err;
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, mode_t, mode)
{
	struct path p;
	long err = fd_path(fd, &p);

	return err ? err : chmod_path(&p, mode);
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, filename, mode_t, mode)
{
	struct path p;
	long err = at_path(dfd, filename, 0, &p);

	return err ? err : chmod_path(&p, mode);
}

/* A chown of a non-directory clears S_ISUID always, S_ISGID when it means
 * set-group-id (Linux's chown_common). */
static int chown_locked(struct dentry *d, struct iattr *attr)
{
	struct inode *inode = d->d_inode;
	int err;

	mutex_lock(&inode->i_mutex);
	if (!S_ISDIR(inode->i_mode))
		attr->ia_valid |= ATTR_KILL_SUID | setattr_should_drop_sgid(inode);
	err = notify_change(d, attr);
	mutex_unlock(&inode->i_mutex);
	return err;
}

static long chown_path(struct path *p, uid_t uid, gid_t gid)
{
	struct iattr attr = { .ia_valid = ATTR_CTIME };
	long err;

	if (uid != (uid_t)-1) {
		attr.ia_valid |= ATTR_UID;
		attr.ia_uid = uid;
	}
	if (gid != (gid_t)-1) {
		attr.ia_valid |= ATTR_GID;
		attr.ia_gid = gid;
	}
	err = (p->mnt->mnt_flags & MS_RDONLY) ? -EROFS : chown_locked(p->dentry, &attr);
	path_put(p);
	return err;
}

SYSCALL_DEFINE3(fchown, unsigned int, fd, uid_t, uid, gid_t, gid)
{
	struct path p;
	long err = fd_path(fd, &p);

	return err ? err : chown_path(&p, uid, gid);
}

SYSCALL_DEFINE5(fchownat, int, dfd, const char __user *, filename, uid_t, uid, gid_t, gid,
		int, flags)
{
	struct path p;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = at_path(dfd, filename, flags, &p);
	return err ? err : chown_path(&p, uid, gid);
}

SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, filename,
		const struct timespec64 __user *, utimes, int, flags)
{
	struct iattr attr = { .ia_valid = ATTR_CTIME };
	struct timespec64 t[2], now = current_time();
	struct path p;
	long err;
	int i;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes) {
		if (copy_from_user(t, utimes, sizeof(t)))
			return -EFAULT;
		for (i = 0; i < 2; i++)
			if (t[i].tv_nsec != UTIME_NOW && t[i].tv_nsec != UTIME_OMIT &&
			    (t[i].tv_nsec < 0 || t[i].tv_nsec >= 1000000000L))
				return -EINVAL;
	} else {
		t[0].tv_nsec = t[1].tv_nsec = UTIME_NOW;
	}
	/* both "now": the owner, CAP_FOWNER or a writer may; explicit times
	 * need the owner or CAP_FOWNER */
	if (t[0].tv_nsec == UTIME_NOW && t[1].tv_nsec == UTIME_NOW)
		attr.ia_valid |= ATTR_TOUCH;
	for (i = 0; i < 2; i++)
		if (t[i].tv_nsec != UTIME_NOW && t[i].tv_nsec != UTIME_OMIT)
			attr.ia_valid |= ATTR_TIMES_SET;
	for (i = 0; i < 2; i++) {
		if (t[i].tv_nsec == UTIME_OMIT)
			continue;
		if (t[i].tv_nsec == UTIME_NOW)
			t[i] = now;
		attr.ia_valid |= i ? ATTR_MTIME : ATTR_ATIME;
		if (i)
			attr.ia_mtime = t[i];
		else
			attr.ia_atime = t[i];
	}
	/* utimensat(fd, NULL, ...) is futimens */
	err = filename ? at_path(dfd, filename, flags, &p) : fd_path(dfd, &p);
	if (err)
		return err;
	err = (p.mnt->mnt_flags & MS_RDONLY) ? -EROFS : setattr_locked(p.dentry, &attr);
	path_put(&p);
	return err;
}

static long do_fsync(unsigned int fd)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	/* as Linux's vfs_fsync_range: a file without ->fsync (pipe, socket,
	 * character device, procfs) cannot be synced: EINVAL */
	err = f->f_op && f->f_op->fsync ? f->f_op->fsync(f) : -EINVAL;
	fput(f);
	return err;
}

/* Everything lives in memory: tmpfs's ->fsync has nothing to write back. */
SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return do_fsync(fd);
}

SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return do_fsync(fd);
}

SYSCALL_DEFINE0(sync)
{
	return 0;
}

/*
 * A descriptor of @f in table @id is closed: @id's POSIX locks on the file
 * go (whichever descriptor took them), then the reference.
 */
void filp_close(struct file *f, fl_owner_t id)
{
	locks_remove_posix(f, id);
	fput(f);
}
