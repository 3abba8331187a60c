// SPDX-License-Identifier: MIT
/*
 * splice, tee and vmsplice: moving data into, out of and between pipes.
 *
 * One end of splice must be a pipe (fs/pipe.c); the other may be a pipe, a
 * tmpfs regular file, a socket, or a file that reads into kernel memory
 * (->read_kernel: /dev/zero, /dev/full, /dev/urandom) when it is the
 * source or takes kernel pages (->sendpage: /dev/null, /dev/zero) when it
 * is the destination, as Linux's ->splice_read and ->splice_write; other
 * files give EINVAL, as in Linux without those. Bytes are copied between the pipe's ring
 * pages and the other end (no page is shared: the pipe owns its ring), with
 * the pipe's mutex held across the copy (pipe_splice_in/out). vmsplice
 * copies user memory into or out of the pipe as writev/readv do (Linux
 * may map the user's pages instead; copying gives the same bytes).
 *
 * SPLICE_F_NONBLOCK and an O_NONBLOCK pipe set PF_NOWAIT for the call, so
 * the pipe (and a socket end) answer EAGAIN rather than sleep.
 * SPLICE_F_MOVE, SPLICE_F_MORE and SPLICE_F_GIFT are hints with nothing to
 * do here. Locks: see pipe_splice_out() (pipe mutex -> i_mutex or socket
 * locks); the file positions are read and written back under f_pos_lock,
 * never held across the copy.
 */
#include "internal.h"
#include <shoal/net.h>
#include <shoal/sched.h>
#include <shoal/syscalls.h>
#include <uapi/stat.h>

#define SPLICE_F_MOVE           0x01
#define SPLICE_F_NONBLOCK       0x02
#define SPLICE_F_MORE           0x04
#define SPLICE_F_GIFT           0x08
#define SPLICE_F_ALL            (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)

/* The non-pipe end: a tmpfs file at *pos, a socket or a device. */
struct splice_end {
	struct file *file;
	loff_t pos;
	size_t moved;           /* bytes so far: a socket waits only for the first */
};

static bool splice_end_ok(struct file *f, bool to_pipe)
{
	if (is_tmpfs_file(f))
		return S_ISREG(f->f_inode->i_mode);
	if (sock_from_file(f))
		return true;
	return to_pipe ? f->f_op->read_kernel != NULL : f->f_op->sendpage != NULL;
}

static ssize_t splice_end_rw(struct splice_end *e, void *buf, size_t n, bool write)
{
	ssize_t r;

	if (is_tmpfs_file(e->file)) {
		r = shmem_kernel_rw(e->file, buf, n, &e->pos, write);
	} else if (!sock_from_file(e->file)) {
		r = write ? kernel_write(e->file, buf, n, &e->pos)
			  : kernel_read(e->file, buf, n, &e->pos);
	} else if (e->moved && !(current->flags & PF_NOWAIT)) {
		/* a socket: return what there is once something moved */
		current->flags |= PF_NOWAIT;
		r = sock_kernel_rw(e->file, buf, n, write);
		current->flags &= ~PF_NOWAIT;
		if (r == -EAGAIN)
			r = 0;
	} else {
		r = sock_kernel_rw(e->file, buf, n, write);
	}
	if (r > 0)
		e->moved += r;
	return r;
}

static ssize_t splice_from_pipe_actor(void *arg, void *buf, size_t n)
{
	return splice_end_rw(arg, buf, n, true);
}

static ssize_t splice_to_pipe_actor(void *arg, void *buf, size_t n)
{
	return splice_end_rw(arg, buf, n, false);
}

/*
 * Where the non-pipe end starts: *@uoff (the file must be seekable:
 * EINVAL otherwise, as Linux) or its file position.
 */
static int splice_get_pos(struct file *f, loff_t __user *uoff, loff_t *pos)
{
	if (uoff) {
		if (!(f->f_mode & FMODE_PREAD))
			return -EINVAL;
		if (copy_from_user(pos, uoff, sizeof(*pos)))
			return -EFAULT;
		return *pos < 0 ? -EINVAL : 0;
	}
	if (f->f_mode & FMODE_LSEEK) {
		mutex_lock(&f->f_pos_lock);
		*pos = f->f_pos;
		mutex_unlock(&f->f_pos_lock);
	} else {
		*pos = 0;
	}
	return 0;
}

static int splice_put_pos(struct file *f, loff_t __user *uoff, loff_t pos)
{
	if (uoff)
		return copy_to_user(uoff, &pos, sizeof(pos)) ? -EFAULT : 0;
	if (f->f_mode & FMODE_LSEEK) {
		mutex_lock(&f->f_pos_lock);
		f->f_pos = pos;
		mutex_unlock(&f->f_pos_lock);
	}
	return 0;
}

/* pipe -> file or socket (@to_pipe false), or file or socket -> pipe. */
static long splice_file(struct file *pipe, struct file *other, loff_t __user *uoff,
			size_t len, bool to_pipe)
{
	struct splice_end e = { .file = other };
	long ret;

	if (!to_pipe && (other->f_flags & O_APPEND))
		return -EINVAL;
	ret = splice_get_pos(other, uoff, &e.pos);
	if (ret)
		return ret;
	if (!splice_end_ok(other, to_pipe))
		return -EINVAL;
	len = min_t(size_t, len, MAX_RW_COUNT);
	if (to_pipe)
		ret = pipe_splice_in(pipe, len, splice_to_pipe_actor, &e);
	else
		ret = pipe_splice_out(pipe, len, splice_from_pipe_actor, &e);
	if (ret > 0 && splice_put_pos(other, uoff, e.pos))
		ret = -EFAULT;
	return ret;
}

static long do_splice(struct file *in, loff_t __user *off_in, struct file *out,
		      loff_t __user *off_out, size_t len)
{
	bool ipipe = get_pipe_info(in), opipe = get_pipe_info(out);

	if ((ipipe && off_in) || (opipe && off_out))
		return -ESPIPE;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (ipipe && opipe) {
		if (in->private_data == out->private_data)
			return -EINVAL;
		return pipe_link(in, out, len, true);
	}
	if (ipipe)
		return splice_file(in, out, off_out, len, false);
	if (opipe)
		return splice_file(out, in, off_in, len, true);
	return -EINVAL;
}

/* PF_NOWAIT for this call when SPLICE_F_NONBLOCK asks; true if this call set it. */
static bool splice_nowait_begin(unsigned int flags)
{
	if (!(flags & SPLICE_F_NONBLOCK) || (current->flags & PF_NOWAIT))
		return false;
	current->flags |= PF_NOWAIT;
	return true;
}

static void splice_nowait_end(bool set)
{
	if (set)
		current->flags &= ~PF_NOWAIT;
}

SYSCALL_DEFINE6(splice, int, fd_in, loff_t __user *, off_in, int, fd_out,
		loff_t __user *, off_out, size_t, len, unsigned int, flags)
{
	struct file *in, *out;
	long ret;
	bool nw;

	if (!len)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	in = fget(fd_in);
	if (!in)
		return -EBADF;
	ret = -EBADF;
	out = fget(fd_out);
	if (!out)
		goto out_in;
	nw = splice_nowait_begin(flags);
	ret = do_splice(in, off_in, out, off_out, len);
	splice_nowait_end(nw);
	fput(out);
out_in:
	fput(in);
	return ret;
}

/* tee: duplicate up to @len bytes of one pipe into another without consuming them. */
SYSCALL_DEFINE4(tee, int, fdin, int, fdout, size_t, len, unsigned int, flags)
{
	struct file *in, *out;
	long ret;
	bool nw;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!len)
		return 0;
	in = fget(fdin);
	if (!in)
		return -EBADF;
	ret = -EBADF;
	out = fget(fdout);
	if (!out)
		goto out_in;
	ret = -EINVAL;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		ret = -EBADF;
	else if (get_pipe_info(in) && get_pipe_info(out) &&
		 in->private_data != out->private_data) {
		nw = splice_nowait_begin(flags);
		ret = pipe_link(in, out, min_t(size_t, len, MAX_RW_COUNT), false);
		splice_nowait_end(nw);
	}
	fput(out);
out_in:
	fput(in);
	return ret;
}

/*
 * vmsplice: user memory into a pipe opened for writing, or out of one
 * opened for reading, copied as writev/readv would (every segment checked
 * first); not a pipe: EBADF, as Linux.
 */
SYSCALL_DEFINE4(vmsplice, int, fd, const struct iovec __user *, uiov, unsigned long, nr_segs,
		unsigned int, flags)
{
	struct file *f;
	long ret = -EBADF;
	loff_t pos = 0;
	bool nw;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (get_pipe_info(f) && (f->f_mode & (FMODE_READ | FMODE_WRITE))) {
		nw = splice_nowait_begin(flags);
		ret = vfs_iov_rw(f, uiov, nr_segs, &pos, f->f_mode & FMODE_WRITE, 0);
		splice_nowait_end(nw);
	}
	fput(f);
	return ret;
}
