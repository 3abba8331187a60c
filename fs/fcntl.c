// SPDX-License-Identifier: MIT
/* fcntl and ioctl dispatch. f_flags changes (F_SETFL) take f->f_lock. */
#include "internal.h"
#include <uapi/ioctl.h>
#include <shoal/syscalls.h>
#include <shoal/filelock.h>

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | O_NOATIME | FASYNC)

static long setfl(int fd, struct file *f, unsigned long arg)
{
	/* O_ASYNC changes join or leave the object's fasync list first (Linux) */
	if (((arg ^ f->f_flags) & FASYNC) && f->f_op && f->f_op->fasync) {
		int err = f->f_op->fasync(fd, f, (arg & FASYNC) != 0);

		if (err < 0)
			return err;
	}
	/* O_APPEND cannot be cleared... only on append-only inodes, which do not exist here */
	spin_lock(&f->f_lock);
	f->f_flags = (f->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
	spin_unlock(&f->f_lock);
	return 0;
}

/* Record locks: fs/locks.c */
static long do_lock(unsigned int fd, struct file *f, unsigned int cmd, unsigned long arg)
{
	struct flock __user *ufl = (struct flock __user *)arg;

	if (cmd == F_GETLK || cmd == F_OFD_GETLK)
		return fcntl_getlk(f, cmd, ufl);
	return fcntl_setlk(fd, f, cmd, ufl);
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget_raw(fd);
	int argi = (int)arg;    /* most commands take an int, as Linux */
	long err;

	if (!f)
		return -EBADF;
	if ((f->f_mode & FMODE_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC &&
	    cmd != F_GETFD && cmd != F_SETFD && cmd != F_GETFL) {
		fput(f);
		return -EBADF;
	}
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		err = argi < 0 ? -EINVAL :
		      f_dupfd(argi, f, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
		break;
	case F_GETFD:
		err = get_close_on_exec(fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		set_close_on_exec(fd, argi & FD_CLOEXEC);
		err = 0;
		break;
	case F_GETFL:
		err = f->f_flags | ((f->f_mode & FMODE_PATH) ? O_PATH : 0);
		break;
	case F_SETFL:
		err = setfl(fd, f, argi);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		err = do_lock(fd, f, cmd, arg);
		break;
	case F_GETOWN:
		err = f_getown(f);
		break;
	case F_SETOWN:
		err = f_setown(f, argi);
		break;
	case F_GETOWN_EX:
		err = f_getown_ex(f, arg);
		break;
	case F_SETOWN_EX:
		err = f_setown_ex(f, arg);
		break;
	case F_GETSIG:
		err = f_getsig(f);
		break;
	case F_SETSIG:
		err = f_setsig(f, argi);
		break;
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		err = S_ISFIFO(f->f_inode->i_mode) ? 65536 : -EBADF;
		break;
	case F_GET_SEALS:
	case F_ADD_SEALS:
		err = -EINVAL;
		break;
	default:
		err = -EINVAL;
		break;
	}
	fput(f);
	return err;
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long err;
	int on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
		set_close_on_exec(fd, true);
		err = 0;
		break;
	case FIONCLEX:
		set_close_on_exec(fd, false);
		err = 0;
		break;
	case FIONBIO:
		err = get_user(on, (int __user *)arg);
		if (!err)
			setfl(fd, f, on ? (f->f_flags | O_NONBLOCK) : (f->f_flags & ~O_NONBLOCK));
		break;
	case FIOASYNC:
		err = get_user(on, (int __user *)arg);
		if (!err)
			err = setfl(fd, f, on ? (f->f_flags | FASYNC) : (f->f_flags & ~FASYNC));
		break;
	default:
		if (f->f_op && f->f_op->ioctl)
			err = f->f_op->ioctl(f, cmd, arg);
		else if (cmd == FIONREAD && S_ISREG(f->f_inode->i_mode)) {
			int avail = max_t(loff_t, 0, READ_ONCE(f->f_inode->i_size) - f->f_pos);

			err = put_user(avail, (int __user *)arg);
		}
		else
			err = -ENOTTY;
		break;
	}
	fput(f);
	return err;
}
