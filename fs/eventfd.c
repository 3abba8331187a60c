// SPDX-License-Identifier: MIT
/*
 * eventfd: a 64-bit counter behind a file descriptor (Linux's fs/eventfd.c).
 *
 * write(u64 n) adds n; read returns the counter and zeroes it, or with
 * EFD_SEMAPHORE returns 1 and decrements it. A read of a zero counter and
 * a write that would take it past ULLONG_MAX - 1 block, or fail with EAGAIN
 * on a non-blocking file. Writing ULLONG_MAX itself is EINVAL, so the
 * counter reaches ULLONG_MAX (and poll reports EPOLLERR) only in Linux's
 * in-kernel overflow case, which shoal never produces.
 *
 * Locking: ctx->wqh.lock (irqsave, as every wait queue lock) guards the
 * counter, as in Linux; wake-ups with an EPOLL key are issued under it so
 * an epoll callback sees the new count. Like Linux's wake_up_locked_poll
 * they wake every plain entry and at most one exclusive one
 * (EPOLLEXCLUSIVE). Sleepers wait on wqh without the
 * lock and re-check under it.
 */
#include "internal.h"
#include <uapi/poll.h>
#include <shoal/syscalls.h>

#define EFD_SEMAPHORE   1
#define EFD_CLOEXEC     O_CLOEXEC
#define EFD_NONBLOCK    O_NONBLOCK
#define EFD_FLAGS       (EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)

struct eventfd_ctx {
	wait_queue_head_t wqh;
	u64 count;                      /* [wqh.lock] */
	unsigned int flags;             /* EFD_SEMAPHORE [const] */
};

static unsigned int eventfd_poll(struct file *f, poll_table *pt)
{
	struct eventfd_ctx *ctx = f->private_data;
	unsigned int events = 0;
	u64 count;

	poll_wait(f, &ctx->wqh, pt);
	/* read after poll_wait queued us: a later write will wake us */
	count = READ_ONCE(ctx->count);
	if (count > 0)
		events |= EPOLLIN | EPOLLRDNORM;
	if (count == ~0ULL)
		events |= EPOLLERR;
	if (count < ~0ULL - 1)
		events |= EPOLLOUT | EPOLLWRNORM;
	return events;
}

static ssize_t eventfd_read(struct file *f, char __user *buf, size_t size, loff_t *ppos)
{
	struct eventfd_ctx *ctx = f->private_data;
	unsigned long flags;
	u64 ucnt;
	int err;

	if (size < sizeof(ucnt))
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&ctx->wqh.lock, flags);
		if (ctx->count)
			break;
		spin_unlock_irqrestore(&ctx->wqh.lock, flags);
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(&ctx->wqh, READ_ONCE(ctx->count) != 0);
		if (err)
			return err;
	}
	ucnt = (ctx->flags & EFD_SEMAPHORE) ? 1 : ctx->count;
	ctx->count -= ucnt;
	if (waitqueue_active(&ctx->wqh))
		__wake_up_locked_key(&ctx->wqh, TASK_NORMAL, 1,
				     (void *)(unsigned long)(EPOLLOUT | EPOLLWRNORM));
	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
	/* the value is consumed even if the copy faults, as on Linux */
	if (put_user(ucnt, (u64 __user *)buf))
		return -EFAULT;
	return sizeof(ucnt);
}

static ssize_t eventfd_write(struct file *f, const char __user *buf, size_t size,
			     loff_t *ppos)
{
	struct eventfd_ctx *ctx = f->private_data;
	unsigned long flags;
	u64 ucnt;
	int err;

	if (size < sizeof(ucnt))
		return -EINVAL;
	if (get_user(ucnt, (const u64 __user *)buf))
		return -EFAULT;
	if (ucnt == ~0ULL)
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&ctx->wqh.lock, flags);
		if (~0ULL - ctx->count > ucnt)
			break;
		spin_unlock_irqrestore(&ctx->wqh.lock, flags);
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(&ctx->wqh, ~0ULL - READ_ONCE(ctx->count) > ucnt);
		if (err)
			return err;
	}
	ctx->count += ucnt;
	if (waitqueue_active(&ctx->wqh))
		__wake_up_locked_key(&ctx->wqh, TASK_NORMAL, 1,
				     (void *)(unsigned long)(EPOLLIN | EPOLLRDNORM));
	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
	return sizeof(ucnt);
}

static int eventfd_release(struct inode *inode, struct file *f)
{
	struct eventfd_ctx *ctx = f->private_data;

	/* Linux wakes pollers with EPOLLHUP; nobody can still be sleeping in
	 * read or write, since they hold a reference to the file */
	wake_up_poll(&ctx->wqh, EPOLLHUP);
	kfree(ctx);
	return 0;
}

/* /proc/PID/fdinfo lines, as Linux's (which also prints an eventfd-id) */
static int eventfd_show_fdinfo(struct file *f, char *buf, size_t size)
{
	struct eventfd_ctx *ctx = f->private_data;
	unsigned long flags;
	u64 cnt;

	spin_lock_irqsave(&ctx->wqh.lock, flags);
	cnt = ctx->count;
	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
	return scnprintf(buf, size, "eventfd-count: %16llx\neventfd-semaphore: %d\n",
			 (unsigned long long)cnt, !!(ctx->flags & EFD_SEMAPHORE));
}

static const struct file_operations eventfd_fops = {
	.show_fdinfo = eventfd_show_fdinfo,
	.llseek = noop_llseek,       /* lseek succeeds and does nothing, as Linux */
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

static int do_eventfd(unsigned int count, int flags)
{
	struct eventfd_ctx *ctx;
	int fd;

	if (flags & ~EFD_FLAGS)
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	init_waitqueue_head(&ctx->wqh);
	ctx->count = count;
	ctx->flags = flags & EFD_SEMAPHORE;
	fd = anon_inode_getfd("[eventfd]", &eventfd_fops, ctx, flags & (EFD_CLOEXEC | EFD_NONBLOCK));
	if (fd < 0)
		kfree(ctx);
	return fd;
}

SYSCALL_DEFINE2(eventfd2, unsigned int, count, int, flags)
{
	return do_eventfd(count, flags);
}
