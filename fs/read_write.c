// SPDX-License-Identifier: MIT
/*
 * read/write and friends, lseek, sendfile, kernel_read/kernel_write.
 *
 * The file position of regular files and directories is guarded by
 * f_pos_lock (FMODE_LSEEK files); streams (pipes, sockets, ttys) ignore it
 * and are not serialised here, so a blocked reader never holds up a
 * writer of the same file.
 */
#include "internal.h"
#include <shoal/uio.h>
#include <shoal/syscalls.h>

static inline bool file_pos_locked(struct file *f)
{
	return f->f_mode & FMODE_LSEEK;
}

static ssize_t vfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!access_ok(buf, count))
		return -EFAULT;
	return f->f_op->read(f, buf, count, pos);
}

static ssize_t vfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!access_ok(buf, count))
		return -EFAULT;
	return f->f_op->write(f, buf, count, pos);
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	if (file_pos_locked(f)) {
		mutex_lock(&f->f_pos_lock);
		ret = vfs_read(f, buf, count, &f->f_pos);
		mutex_unlock(&f->f_pos_lock);
	} else {
		loff_t pos = 0;
		ret = vfs_read(f, buf, count, &pos);
	}
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	if (file_pos_locked(f)) {
		mutex_lock(&f->f_pos_lock);
		ret = vfs_write(f, buf, count, &f->f_pos);
		mutex_unlock(&f->f_pos_lock);
	} else {
		loff_t pos = 0;
		ret = vfs_write(f, buf, count, &pos);
	}
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf, size_t, count, loff_t, pos)
{
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = (f->f_mode & FMODE_PREAD) ? vfs_read(f, buf, count, &pos) : -ESPIPE;
	fput(f);
	return ret;
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf, size_t, count,
		loff_t, pos)
{
	struct file *f;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	ret = (f->f_mode & FMODE_PREAD) ? vfs_write(f, buf, count, &pos) : -ESPIPE;
	fput(f);
	return ret;
}

/* readv/writev and friends: each segment through ->read or ->write in turn,
 * stopping at the first short transfer, as Linux does for files without
 * ->read_iter/->write_iter. */
static ssize_t do_iter(struct file *f, const struct iovec __user *uvec, unsigned long n,
		       loff_t *pos, bool write)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct iov_iter iter;
	ssize_t total, done = 0, r;
	unsigned long i;

	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	total = import_iovec(uvec, n, ARRAY_SIZE(fast), &iov, &iter);
	if (total < 0)
		return total;
	for (i = 0; i < iter.nr_segs; i++) {
		const struct iovec *seg = &iter.iov[i];

		if (!seg->iov_len)
			continue;
		r = write ? vfs_write(f, seg->iov_base, seg->iov_len, pos)
			  : vfs_read(f, seg->iov_base, seg->iov_len, pos);
		if (r < 0) {
			if (!done)
				done = r;
			break;
		}
		done += r;
		if ((size_t)r < seg->iov_len)
			break;
	}
	kfree(iov);
	return done;
}

static long vec_rw(unsigned long fd, const struct iovec __user *vec, unsigned long vlen,
		   loff_t pos, bool positional, bool write)
{
	struct file *f;
	ssize_t ret;

	if (positional && pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (positional) {
		ret = (f->f_mode & FMODE_PREAD) ? do_iter(f, vec, vlen, &pos, write) : -ESPIPE;
	} else if (file_pos_locked(f)) {
		mutex_lock(&f->f_pos_lock);
		ret = do_iter(f, vec, vlen, &f->f_pos, write);
		mutex_unlock(&f->f_pos_lock);
	} else {
		loff_t p = 0;
		ret = do_iter(f, vec, vlen, &p, write);
	}
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return vec_rw(fd, vec, vlen, 0, false, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return vec_rw(fd, vec, vlen, 0, false, true);
}

SYSCALL_DEFINE5(preadv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h)
{
	return vec_rw(fd, vec, vlen, (loff_t)pos_l, true, false);
}

SYSCALL_DEFINE5(pwritev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h)
{
	return vec_rw(fd, vec, vlen, (loff_t)pos_l, true, true);
}

loff_t generic_file_llseek(struct file *f, loff_t off, int whence)
{
	loff_t size = READ_ONCE(f->f_inode->i_size), pos;

	switch (whence) {
	case SEEK_SET:
		pos = off;
		break;
	case SEEK_CUR:
		pos = f->f_pos + off;
		break;
	case SEEK_END:
		pos = size + off;
		break;
	case SEEK_DATA:
		if (off >= size)
			return -ENXIO;
		pos = off;
		break;
	case SEEK_HOLE:
		if (off >= size)
			return -ENXIO;
		pos = size;
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->f_pos = pos;
	return pos;
}

loff_t noop_llseek(struct file *f, loff_t off, int whence)
{
	return f->f_pos;
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, long, offset, unsigned int, whence)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	if (whence > SEEK_HOLE)
		ret = -EINVAL;
	else if (f->f_op && f->f_op->llseek) {
		mutex_lock(&f->f_pos_lock);
		ret = f->f_op->llseek(f, offset, whence);
		mutex_unlock(&f->f_pos_lock);
	} else if (!(f->f_mode & FMODE_LSEEK)) {
		ret = -ESPIPE;
	} else {
		mutex_lock(&f->f_pos_lock);
		ret = generic_file_llseek(f, offset, whence);
		mutex_unlock(&f->f_pos_lock);
	}
	fput(f);
	return ret;
}

ssize_t kernel_read(struct file *f, void *buf, size_t count, loff_t *pos)
{
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (is_tmpfs_file(f))
		return shmem_kernel_rw(f, buf, count, pos, false);
	return -EINVAL;
}

ssize_t kernel_write(struct file *f, const void *buf, size_t count, loff_t *pos)
{
	size_t done = 0;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (is_tmpfs_file(f))
		return shmem_kernel_rw(f, (void *)buf, count, pos, true);
	if (!f->f_op->sendpage)
		return -EINVAL;
	/* direct-mapped kernel memory: hand it over page by page */
	while (done < count) {
		const char *p = (const char *)buf + done;
		int off = (unsigned long)p & ~PAGE_MASK;
		size_t n = min(count - done, PAGE_SIZE - off);
		ssize_t r = f->f_op->sendpage(f, virt_to_page(p), off, n, pos, done + n < count);

		if (r <= 0)
			return done ? (ssize_t)done : r;
		done += r;
	}
	return done;
}

/*
 * sendfile: the source must be a tmpfs file (its pages are handed straight
 * to the destination's ->sendpage, no bounce buffer), the destination any
 * file with ->sendpage (pipes, tmpfs files, sockets that provide it).
 */
static long do_sendfile(struct file *out, struct file *in, loff_t *ppos, size_t count)
{
	struct inode *inode = in->f_inode;
	size_t done = 0;

	if (!is_tmpfs_file(in) || !out->f_op || !out->f_op->sendpage)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	while (done < count) {
		loff_t size = READ_ONCE(inode->i_size), pos = *ppos;
		int off = pos & ~PAGE_MASK;
		size_t n;
		struct page *page;
		ssize_t r;
		loff_t opos = out->f_pos;

		if (pos >= size)
			break;
		n = min(min(count - done, (size_t)(PAGE_SIZE - off)), (size_t)(size - pos));
		page = shmem_get_page(inode, pos >> PAGE_SHIFT, true);
		if (IS_ERR(page))
			return done ? (long)done : PTR_ERR(page);
		r = out->f_op->sendpage(out, page, off, n, &opos, done + n < count);
		put_page(page);
		if (r <= 0)
			return done ? (long)done : r;
		if (out->f_mode & FMODE_LSEEK)
			out->f_pos = opos;
		*ppos += r;
		done += r;
		if ((size_t)r < n)
			break;
		if (signal_pending(current))
			break;
		cond_resched();
	}
	return done;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, loff_t __user *, offset, size_t, count)
{
	struct file *in, *out;
	loff_t pos;
	long ret = -EBADF;

	in = fget(in_fd);
	if (!in)
		return -EBADF;
	out = fget(out_fd);
	if (!out)
		goto out_in;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		goto out;
	if (offset) {
		ret = -EFAULT;
		if (copy_from_user(&pos, offset, sizeof(pos)))
			goto out;
		ret = -EINVAL;
		if (pos < 0)
			goto out;
		ret = do_sendfile(out, in, &pos, count);
		if (ret >= 0 && copy_to_user(offset, &pos, sizeof(pos)))
			ret = -EFAULT;
	} else {
		mutex_lock(&in->f_pos_lock);
		ret = do_sendfile(out, in, &in->f_pos, count);
		mutex_unlock(&in->f_pos_lock);
	}
out:
	fput(out);
out_in:
	fput(in);
	return ret;
}
