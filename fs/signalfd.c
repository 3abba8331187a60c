// SPDX-License-Identifier: MIT
/*
 * signalfd: pending signals read from a file descriptor (Linux's
 * fs/signalfd.c).
 *
 * The file holds only a mask. read() dequeues pending signals of that mask
 * from the *reading* thread's queues (its own, then its process's), each as
 * a 128-byte struct signalfd_siginfo; poll() reports EPOLLIN when one is
 * pending for the polling thread. Callers normally block the signals with
 * sigprocmask so that they stay queued for the descriptor.
 *
 * Wake-ups: __send_signal() wakes sighand->signalfd_wqh after it queues a
 * signal (under siglock, as Linux's signalfd_notify). Readers sleep on it
 * without siglock and dequeue under it (signalfd_dequeue, kernel/signal.c).
 *
 * Locking: ctx->sigmask is written under current's siglock by signalfd4
 * on an existing descriptor and read racily by read and poll, as Linux.
 */
#include "internal.h"
#include <shoal/signal.h>
#include <uapi/poll.h>
#include <shoal/syscalls.h>

#define SFD_CLOEXEC     O_CLOEXEC
#define SFD_NONBLOCK    O_NONBLOCK

struct signalfd_ctx {
	sigset_t sigmask;               /* signals read through this file [see above] */
};

/* Linux's struct signalfd_siginfo: 128 bytes. */
struct signalfd_siginfo {
	u32 ssi_signo;
	s32 ssi_errno;
	s32 ssi_code;
	u32 ssi_pid;
	u32 ssi_uid;
	s32 ssi_fd;
	u32 ssi_tid;
	u32 ssi_band;
	u32 ssi_overrun;
	u32 ssi_trapno;
	s32 ssi_status;
	s32 ssi_int;
	u64 ssi_ptr;
	u64 ssi_utime;
	u64 ssi_stime;
	u64 ssi_addr;
	u16 ssi_addr_lsb;
	u16 __pad2;
	s32 ssi_syscall;
	u64 ssi_call_addr;
	u32 ssi_arch;
	u8 __pad[28];
};
_Static_assert(sizeof(struct signalfd_siginfo) == 128, "signalfd_siginfo layout");

static const struct file_operations signalfd_fops;

static bool signalfd_has_pending(sigset_t want)
{
	struct task_struct *cur = current;

	return (READ_ONCE(cur->pending.signal) |
		READ_ONCE(cur->signal->shared_pending.signal)) & want;
}

static unsigned int signalfd_poll(struct file *f, poll_table *pt)
{
	struct signalfd_ctx *ctx = f->private_data;

	poll_wait(f, &current->sighand->signalfd_wqh, pt);
	return signalfd_has_pending(READ_ONCE(ctx->sigmask)) ? EPOLLIN | EPOLLRDNORM : 0;
}

static bool sig_is_fault(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
	       sig == SIGTRAP;
}

/* Fill @ss the way Linux's signalfd_copyinfo does, by siginfo layout. */
static void signalfd_fill(struct signalfd_siginfo *ss, const struct kernel_siginfo *info)
{
	int sig = info->si_signo, code = info->si_code;

	memset(ss, 0, sizeof(*ss));
	ss->ssi_signo = sig;
	ss->ssi_errno = info->si_errno;
	ss->ssi_code = code;
	if (code > SI_USER && code < SI_KERNEL) {       /* from the kernel */
		if (sig == SIGCHLD) {
			ss->ssi_pid = info->chld.pid;
			ss->ssi_uid = info->chld.uid;
			ss->ssi_status = info->chld.status;
			ss->ssi_utime = info->chld.utime;
			ss->ssi_stime = info->chld.stime;
		} else if (sig == SIGIO) {
			ss->ssi_band = info->poll.band;
			ss->ssi_fd = info->poll.fd;
		} else if (sig_is_fault(sig)) {
			ss->ssi_addr = info->fault.addr;
		}
	} else if (code == SI_TIMER) {
		ss->ssi_tid = info->timer.tid;
		ss->ssi_overrun = info->timer.overrun;
		ss->ssi_ptr = info->timer.value;
		ss->ssi_int = info->timer.value;
	} else if (code < 0) {                          /* sigqueue, tkill, ... */
		ss->ssi_pid = info->rt.pid;
		ss->ssi_uid = info->rt.uid;
		ss->ssi_ptr = info->rt.value;
		ss->ssi_int = info->rt.value;
	} else {                                        /* kill(2), SI_KERNEL */
		ss->ssi_pid = info->kill.pid;
		ss->ssi_uid = info->kill.uid;
	}
}

/* Dequeue one signal of the mask, waiting for it unless @nonblock. */
static int signalfd_dequeue_one(struct signalfd_ctx *ctx, struct kernel_siginfo *info,
				bool nonblock)
{
	for (;;) {
		sigset_t want = READ_ONCE(ctx->sigmask);
		int sig = signalfd_dequeue(want, info), err;

		if (sig)
			return sig;
		if (nonblock)
			return -EAGAIN;
		/* a signal outside the blocked set interrupts the wait */
		err = wait_event_interruptible(&current->sighand->signalfd_wqh,
					       signalfd_has_pending(READ_ONCE(ctx->sigmask)));
		if (err)
			return err;
	}
}

static ssize_t signalfd_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct signalfd_ctx *ctx = f->private_data;
	struct signalfd_siginfo ss;
	struct kernel_siginfo info;
	size_t total = 0;
	int ret;

	count /= sizeof(ss);
	if (!count)
		return -EINVAL;
	/* only the first signal may be waited for */
	for (; count; count--) {
		ret = signalfd_dequeue_one(ctx, &info, total || (f->f_flags & O_NONBLOCK));
		if (ret <= 0)
			break;
		signalfd_fill(&ss, &info);
		if (copy_to_user(buf + total, &ss, sizeof(ss))) {
			ret = -EFAULT;
			break;
		}
		total += sizeof(ss);
	}
	return total ? (ssize_t)total : ret;
}

static int signalfd_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

/* /proc/PID/fdinfo: the mask, in Linux's format */
static int signalfd_show_fdinfo(struct file *f, char *buf, size_t size)
{
	struct signalfd_ctx *ctx = f->private_data;

	return scnprintf(buf, size, "sigmask:\t%016lx\n", (unsigned long)READ_ONCE(ctx->sigmask));
}

static const struct file_operations signalfd_fops = {
	.show_fdinfo = signalfd_show_fdinfo,
	.llseek = noop_llseek,          /* lseek succeeds and does nothing, as Linux */
	.read = signalfd_read,
	.poll = signalfd_poll,
	.release = signalfd_release,
};

/* Change the mask of an existing signalfd @ufd. */
static int signalfd_update(int ufd, sigset_t mask)
{
	struct file *f = fget(ufd);
	struct signalfd_ctx *ctx;
	unsigned long flags;

	if (!f)
		return -EBADF;
	if (f->f_op != &signalfd_fops) {
		fput(f);
		return -EINVAL;
	}
	ctx = f->private_data;
	spin_lock_irqsave(&current->sighand->siglock, flags);
	WRITE_ONCE(ctx->sigmask, mask);
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	/* sleepers re-check against the new mask */
	wake_up_all(&current->sighand->signalfd_wqh);
	fput(f);
	return ufd;
}

static int signalfd_create(sigset_t mask, int flags)
{
	struct signalfd_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	int fd;

	if (!ctx)
		return -ENOMEM;
	ctx->sigmask = mask;
	fd = anon_inode_getfd("[signalfd]", &signalfd_fops, ctx, flags & (SFD_CLOEXEC | SFD_NONBLOCK));
	if (fd < 0)
		kfree(ctx);
	return fd;
}

SYSCALL_DEFINE4(signalfd4, int, ufd, const sigset_t __user *, user_mask,
		size_t, sizemask, int, flags)
{
	sigset_t mask;

	if (sizemask != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, user_mask, sizeof(mask)))
		return -EFAULT;
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	mask &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));  /* never read through a file */
	if (ufd == -1)
		return signalfd_create(mask, flags);
	return signalfd_update(ufd, mask);
}
