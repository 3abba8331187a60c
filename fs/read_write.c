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
#include <shoal/sched.h>
#include <uapi/fs.h>
#include <shoal/syscalls.h>
#include <shoal/fsnotify.h>

static inline bool file_pos_locked(struct file *f)
{
	return f->f_mode & FMODE_LSEEK;
}

static ssize_t vfs_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	ssize_t ret;

	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!access_ok(buf, count))
		return -EFAULT;
	ret = f->f_op->read(f, buf, count, pos);
	if (ret > 0)
		fsnotify_access(f);
	return ret;
}

static ssize_t vfs_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	ssize_t ret;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!access_ok(buf, count))
		return -EFAULT;
	ret = f->f_op->write(f, buf, count, pos);
	if (ret > 0)
		fsnotify_modify(f);
	return ret;
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

/*
 * Check preadv2/pwritev2 flags as Linux's kiocb_set_rw_flags does. HIPRI
 * (poll for completion), DSYNC and SYNC need nothing here: every file
 * lives in memory, a write is complete when it returns. NOWAIT needs a
 * file whose ->read/->write honour PF_NOWAIT (FMODE_NOWAIT); ATOMIC needs
 * untorn-write support that no file here claims, so EOPNOTSUPP, as Linux
 * says for such files.
 */
static int rw_check_flags(struct file *f, int rwf)
{
	if (rwf & ~RWF_SUPPORTED)
		return -EOPNOTSUPP;
	if ((rwf & RWF_APPEND) && (rwf & RWF_NOAPPEND))
		return -EINVAL;
	if ((rwf & RWF_NOWAIT) && !(f->f_mode & FMODE_NOWAIT))
		return -EOPNOTSUPP;
	if (rwf & RWF_ATOMIC)
		return -EOPNOTSUPP;
	return 0;
}

/* One segment of a vectored call, with the per-call flags applied. */
static ssize_t rw_segment(struct file *f, const struct iovec *seg, loff_t *pos, bool write,
			  int rwf)
{
	bool append;
	ssize_t ret;

	if (!write)
		return vfs_read(f, seg->iov_base, seg->iov_len, pos);
	if (!(rwf & (RWF_APPEND | RWF_NOAPPEND)) || !is_tmpfs_file(f))
		return vfs_write(f, seg->iov_base, seg->iov_len, pos);
	/* only regular files have an end to append at */
	append = rwf & RWF_APPEND;
	if (!access_ok(seg->iov_base, seg->iov_len))
		return -EFAULT;
	ret = shmem_write_append(f, seg->iov_base, min_t(size_t, seg->iov_len, MAX_RW_COUNT),
				 pos, append);
	if (ret > 0)
		fsnotify_modify(f);
	return ret;
}

/* readv/writev and friends: each segment through ->read or ->write in turn,
 * stopping at the first short transfer, as Linux does for files without
 * ->read_iter/->write_iter. Every segment is checked (import_iovec) before
 * a byte moves; @rwf are preadv2/pwritev2's RWF_* flags. */
ssize_t vfs_iov_rw(struct file *f, const struct iovec __user *uvec, unsigned long n,
		   loff_t *pos, bool write, int rwf)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct iov_iter iter;
	ssize_t total, done = 0, r;
	unsigned long i;
	bool nowait_set = false;

	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	total = import_iovec(uvec, n, ARRAY_SIZE(fast), &iov, &iter);
	if (total < 0)
		return total;
	if (!total)
		goto out;               /* Linux looks at no flags for an empty transfer */
	done = rw_check_flags(f, rwf);
	if (done)
		goto out;
	if ((rwf & RWF_NOWAIT) && !(current->flags & PF_NOWAIT)) {
		current->flags |= PF_NOWAIT;
		nowait_set = true;
	}
	for (i = 0; i < iter.nr_segs; i++) {
		const struct iovec *seg = &iter.iov[i];

		if (!seg->iov_len)
			continue;
		r = rw_segment(f, seg, pos, write, rwf);
		if (r < 0) {
			if (!done)
				done = r;
			break;
		}
		done += r;
		if ((size_t)r < seg->iov_len)
			break;
	}
	if (nowait_set)
		current->flags &= ~PF_NOWAIT;
out:
	kfree(iov);
	return done;
}

/* @pos -1 with @positional: the file position, as preadv2/pwritev2 define it. */
static long vec_rw(unsigned long fd, const struct iovec __user *vec, unsigned long vlen,
		   loff_t pos, bool positional, bool write, int rwf)
{
	struct file *f;
	ssize_t ret;

	if (positional && pos == -1)
		positional = false;
	if (positional && pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (positional) {
		ret = (f->f_mode & FMODE_PREAD) ? vfs_iov_rw(f, vec, vlen, &pos, write, rwf)
						: -ESPIPE;
	} else if (file_pos_locked(f)) {
		mutex_lock(&f->f_pos_lock);
		ret = vfs_iov_rw(f, vec, vlen, &f->f_pos, write, rwf);
		mutex_unlock(&f->f_pos_lock);
	} else {
		loff_t p = 0;
		ret = vfs_iov_rw(f, vec, vlen, &p, write, rwf);
	}
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return vec_rw(fd, vec, vlen, 0, false, false, 0);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return vec_rw(fd, vec, vlen, 0, false, true, 0);
}

/* preadv/pwritev never take -1 for "the file position": EINVAL, as Linux. */
SYSCALL_DEFINE5(preadv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h)
{
	if ((loff_t)pos_l < 0)
		return -EINVAL;
	return vec_rw(fd, vec, vlen, (loff_t)pos_l, true, false, 0);
}

SYSCALL_DEFINE5(pwritev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h)
{
	if ((loff_t)pos_l < 0)
		return -EINVAL;
	return vec_rw(fd, vec, vlen, (loff_t)pos_l, true, true, 0);
}

SYSCALL_DEFINE6(preadv2, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h, int, flags)
{
	return vec_rw(fd, vec, vlen, (loff_t)pos_l, true, false, flags);
}

SYSCALL_DEFINE6(pwritev2, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h, int, flags)
{
	return vec_rw(fd, vec, vlen, (loff_t)pos_l, true, true, flags);
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
	if (f->f_op->read_kernel)
		return f->f_op->read_kernel(f, buf, count, pos);
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

/*
 * copy_file_range between regular files of one file system (tmpfs), as
 * Linux's generic_copy_file_checks: directories EISDIR, other non-regular
 * files EINVAL, wrong modes or an O_APPEND destination EBADF, different
 * super blocks EXDEV, overlapping ranges of one file EINVAL. The copy stops
 * at the end of the source. Data goes through one kernel page at a time.
 */
static long copy_checks(struct file *in, loff_t pos_in, struct file *out, loff_t pos_out,
			size_t *count)
{
	struct inode *ii = in->f_inode, *io = out->f_inode;
	loff_t size;

	if (S_ISDIR(ii->i_mode) || S_ISDIR(io->i_mode))
		return -EISDIR;
	if (!S_ISREG(ii->i_mode) || !S_ISREG(io->i_mode) || !is_tmpfs_file(in) ||
	    !is_tmpfs_file(out))
		return -EINVAL;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE) ||
	    (out->f_flags & O_APPEND))
		return -EBADF;
	if (ii->i_sb != io->i_sb)
		return -EXDEV;
	/* offsets wrap as unsigned first (so -1 is EOVERFLOW), as Linux checks them */
	if ((u64)pos_in + *count < (u64)pos_in || (u64)pos_out + *count < (u64)pos_out)
		return -EOVERFLOW;
	size = READ_ONCE(ii->i_size);
	*count = pos_in >= size ? 0 : min_t(u64, *count, size - pos_in);
	if (ii == io && pos_out + (loff_t)*count > pos_in && pos_out < pos_in + (loff_t)*count)
		return -EINVAL;
	if (pos_in < 0 || pos_out < 0)
		return -EINVAL;
	return 0;
}

static long do_copy_file_range(struct file *in, loff_t *pos_in, struct file *out,
			       loff_t *pos_out, size_t count)
{
	void *buf;
	size_t done = 0;
	long err;

	err = copy_checks(in, *pos_in, out, *pos_out, &count);
	if (err || !count)
		return err;
	count = min_t(size_t, count, MAX_RW_COUNT);
	buf = (void *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (done < count) {
		size_t n = min_t(size_t, count - done, PAGE_SIZE);
		loff_t rpos = *pos_in, wpos = *pos_out;
		ssize_t r = shmem_kernel_rw(in, buf, n, &rpos, false);

		if (r <= 0) {
			err = r;
			break;
		}
		r = shmem_kernel_rw(out, buf, r, &wpos, true);
		if (r <= 0) {
			err = r;
			break;
		}
		*pos_in += r;
		*pos_out += r;
		done += r;
		if ((size_t)r < n || signal_pending(current))
			break;
		cond_resched();
	}
	free_page((unsigned long)buf);
	return done ? (long)done : err;
}

/* An offset from user space (@uoff) or the file position, read and written back. */
static int copy_get_pos(struct file *f, loff_t __user *uoff, loff_t *pos)
{
	if (uoff)
		return copy_from_user(pos, uoff, sizeof(*pos)) ? -EFAULT : 0;
	mutex_lock(&f->f_pos_lock);
	*pos = f->f_pos;
	mutex_unlock(&f->f_pos_lock);
	return 0;
}

static int copy_put_pos(struct file *f, loff_t __user *uoff, loff_t pos)
{
	if (uoff)
		return copy_to_user(uoff, &pos, sizeof(pos)) ? -EFAULT : 0;
	mutex_lock(&f->f_pos_lock);
	f->f_pos = pos;
	mutex_unlock(&f->f_pos_lock);
	return 0;
}

/*
 * The positions are read, the copy made and the positions written back
 * without holding f_pos_lock across the copy (Linux holds nothing at all):
 * the two files' locks are never nested, so one file on both sides or two
 * callers with the files swapped cannot deadlock.
 */
SYSCALL_DEFINE6(copy_file_range, int, fd_in, loff_t __user *, off_in, int, fd_out,
		loff_t __user *, off_out, size_t, len, unsigned int, flags)
{
	struct file *in, *out;
	loff_t pos_in, pos_out;
	long ret;

	if (flags)
		return -EINVAL;
	in = fget(fd_in);
	if (!in)
		return -EBADF;
	ret = -EBADF;
	out = fget(fd_out);
	if (!out)
		goto out_in;
	ret = copy_get_pos(in, off_in, &pos_in);
	if (!ret)
		ret = copy_get_pos(out, off_out, &pos_out);
	if (ret)
		goto out;
	ret = do_copy_file_range(in, &pos_in, out, &pos_out, len);
	if (ret > 0 && (copy_put_pos(in, off_in, pos_in) || copy_put_pos(out, off_out, pos_out)))
		ret = -EFAULT;
out:
	fput(out);
out_in:
	fput(in);
	return ret;
}
