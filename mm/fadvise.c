// SPDX-License-Identifier: MIT
/*
 * fadvise64 and readahead: advice about a file's page cache.
 *
 * Every file here lives in memory (tmpfs pages are the file), so there is
 * no cache to fill, keep or drop: once the arguments pass Linux's checks
 * the advice has nothing left to do, as Linux does for tmpfs and other
 * files without a backing device (generic_fadvise's noop_backing_dev_info
 * case). No locks.
 */
#include <shoal/kernel.h>
#include <shoal/errno.h>
#include <shoal/fs.h>
#include <shoal/sched.h>
#include <shoal/syscalls.h>
#include <uapi/stat.h>

#define POSIX_FADV_NORMAL       0
#define POSIX_FADV_RANDOM       1
#define POSIX_FADV_SEQUENTIAL   2
#define POSIX_FADV_WILLNEED     3
#define POSIX_FADV_DONTNEED     4
#define POSIX_FADV_NOREUSE      5

/* Linux's generic_fadvise checks for a file without a backing device. */
static int vfs_fadvise(struct file *f, loff_t len, int advice)
{
	if (S_ISFIFO(f->f_inode->i_mode))
		return -ESPIPE;
	if (len < 0)
		return -EINVAL;
	if (advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE)
		return -EINVAL;
	return 0;
}

SYSCALL_DEFINE4(fadvise64, int, fd, loff_t, offset, size_t, len, int, advice)
{
	struct file *f = fget(fd);
	int ret;

	if (!f)
		return -EBADF;
	ret = vfs_fadvise(f, (loff_t)len, advice);
	fput(f);
	return ret;
}

/* Only regular files can be read ahead (EINVAL otherwise), and only readable ones. */
SYSCALL_DEFINE3(readahead, int, fd, loff_t, offset, size_t, count)
{
	struct file *f = fget(fd);
	int ret = -EBADF;

	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_READ))
		goto out;
	ret = -EINVAL;
	if (!S_ISREG(f->f_inode->i_mode))
		goto out;
	ret = vfs_fadvise(f, (loff_t)count, POSIX_FADV_WILLNEED);
out:
	fput(f);
	return ret;
}
