// SPDX-License-Identifier: MIT
/*
 * timerfd: a timer whose expirations are read from a file descriptor
 * (Linux's fs/timerfd.c).
 *
 * Each timerfd owns a kernel timer (kernel/time/timer.c). Its callback, in
 * TIMER_SOFTIRQ, counts one expiration in ctx->ticks and wakes readers
 * and pollers with EPOLLIN. As in Linux, a periodic timer is not re-armed
 * there but marked expired: read() and gettime forward it past now,
 * counting every missed period, and re-arm it. So a periodic timerfd
 * nobody reads costs one callback, not one per period (1024 timerfds at
 * 1 MHz would otherwise keep a CPU in the callback). read() returns the
 * count as a u64 and zeroes it; settime zeroes it too, as Linux does.
 *
 * Clocks: CLOCK_MONOTONIC and CLOCK_BOOTTIME are the same counter in
 * shoal (no suspend). A CLOCK_REALTIME expiry is converted to monotonic
 * when the timer is set, so a later clock_settime does not move it, and
 * TFD_TIMER_CANCEL_ON_SET (which needs that notification) is EINVAL where
 * Linux would act on it (an absolute CLOCK_REALTIME timer); elsewhere Linux
 * ignores the flag and so does shoal.
 *
 * Locking: ctx->lock (irqsave; the callback runs in softirq context)
 * guards expires, interval, ticks and expired, and is held across timer_arm()
 * (ctx->lock -> timer base lock, as the itimers). Wake-ups happen after
 * it is dropped. To change the timer, settime first disarms it under the
 * lock (expires = 0, so a running callback does not re-arm it) and waits
 * for the callback with del_timer_sync() outside the lock.
 */
#include "internal.h"
#include <shoal/time.h>
#include <uapi/poll.h>
#include <uapi/time.h>
#include <shoal/syscalls.h>

#define TFD_TIMER_ABSTIME       (1 << 0)
#define TFD_TIMER_CANCEL_ON_SET (1 << 1)
#define TFD_CLOEXEC             O_CLOEXEC
#define TFD_NONBLOCK            O_NONBLOCK
#define TFD_CREATE_FLAGS        (TFD_CLOEXEC | TFD_NONBLOCK)
#define TFD_SETTIME_FLAGS       (TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)

struct timerfd_ctx {
	spinlock_t lock;
	wait_queue_head_t wqh;
	struct timer_list timer;
	ktime_t expires;                /* absolute monotonic ns, 0 = disarmed [lock] */
	ktime_t interval;               /* 0 = one-shot [lock] */
	u64 ticks;                      /* expirations not yet read [lock] */
	bool expired;                   /* periodic, fired, not yet forwarded [lock] */
	int clockid;                    /* [const] */
};

static const struct file_operations timerfd_fops;

static void timerfd_fn(struct timer_list *t)
{
	struct timerfd_ctx *ctx = from_timer(ctx, t, timer);
	unsigned long flags;
	ktime_t now = ktime_get();

	spin_lock_irqsave(&ctx->lock, flags);
	if (!ctx->expires || ctx->expired || timer_pending(&ctx->timer)) {
		spin_unlock_irqrestore(&ctx->lock, flags);
		return;         /* disarmed or re-armed meanwhile */
	}
	if (now < ctx->expires) {       /* never expected; do not lose the timer */
		timer_arm(&ctx->timer, ctx->expires);
		spin_unlock_irqrestore(&ctx->lock, flags);
		return;
	}
	if (ctx->interval)
		ctx->expired = true;    /* timerfd_forward() re-arms it */
	else
		ctx->expires = 0;
	ctx->ticks++;
	spin_unlock_irqrestore(&ctx->lock, flags);
	wake_up_poll(&ctx->wqh, EPOLLIN);
}

/*
 * The next expiry after now of a periodic timer that fired at
 * ctx->expires, and in *@n the periods from there to it (Linux's
 * hrtimer_forward_now); ctx->lock held.
 */
static ktime_t timerfd_next(struct timerfd_ctx *ctx, ktime_t now, u64 *n)
{
	*n = 1;
	if (now >= ctx->expires)
		*n += (now - ctx->expires) / ctx->interval;
	return ktime_add_safe(ctx->expires, *n * ctx->interval);
}

/* Re-arm an expired periodic timer after now, counting the periods it
 * missed as expirations; ctx->lock held. */
static void timerfd_forward(struct timerfd_ctx *ctx)
{
	u64 n;

	if (!ctx->expired)
		return;
	ctx->expires = timerfd_next(ctx, ktime_get(), &n);
	ctx->ticks += n - 1;
	ctx->expired = false;
	timer_arm(&ctx->timer, ctx->expires);
}

static unsigned int timerfd_poll(struct file *f, poll_table *pt)
{
	struct timerfd_ctx *ctx = f->private_data;

	poll_wait(f, &ctx->wqh, pt);
	return READ_ONCE(ctx->ticks) ? EPOLLIN : 0;     /* no EPOLLRDNORM, as Linux */
}

static ssize_t timerfd_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct timerfd_ctx *ctx = f->private_data;
	unsigned long flags;
	u64 ticks;
	int err;

	if (count < sizeof(ticks))
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&ctx->lock, flags);
		if (ctx->ticks)
			timerfd_forward(ctx);
		ticks = ctx->ticks;
		ctx->ticks = 0;
		spin_unlock_irqrestore(&ctx->lock, flags);
		if (ticks)
			break;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(&ctx->wqh, READ_ONCE(ctx->ticks) != 0);
		if (err)
			return err;
	}
	if (put_user(ticks, (u64 __user *)buf))
		return -EFAULT;
	return sizeof(ticks);
}

/* Disarm and wait out a running callback; ctx->lock not held. */
static void timerfd_cancel(struct timerfd_ctx *ctx)
{
	unsigned long flags;

	spin_lock_irqsave(&ctx->lock, flags);
	ctx->expires = 0;
	ctx->expired = false;
	spin_unlock_irqrestore(&ctx->lock, flags);
	del_timer_sync(&ctx->timer);
}

static int timerfd_release(struct inode *inode, struct file *f)
{
	struct timerfd_ctx *ctx = f->private_data;

	timerfd_cancel(ctx);
	wake_up_poll(&ctx->wqh, EPOLLHUP);
	kfree(ctx);
	return 0;
}

static void timerfd_get_locked(struct timerfd_ctx *ctx, struct itimerspec *v);

/* /proc/PID/fdinfo lines, as Linux's (less its "settime flags" line: the
 * flags of the last settime are not kept) */
static int timerfd_show_fdinfo(struct file *f, char *buf, size_t size)
{
	struct timerfd_ctx *ctx = f->private_data;
	struct itimerspec v;
	unsigned long flags;
	u64 ticks;

	spin_lock_irqsave(&ctx->lock, flags);
	ticks = ctx->ticks;
	timerfd_get_locked(ctx, &v);
	spin_unlock_irqrestore(&ctx->lock, flags);
	return scnprintf(buf, size, "clockid: %d\nticks: %llu\nit_value: (%llu, %llu)\nit_interval: (%llu, %llu)\n",
			 ctx->clockid, (unsigned long long)ticks,
			 (unsigned long long)v.it_value.tv_sec, (unsigned long long)v.it_value.tv_nsec,
			 (unsigned long long)v.it_interval.tv_sec, (unsigned long long)v.it_interval.tv_nsec);
}

static const struct file_operations timerfd_fops = {
	.show_fdinfo = timerfd_show_fdinfo,
	.llseek = noop_llseek,       /* lseek succeeds and does nothing, as Linux */
	.read = timerfd_read,
	.poll = timerfd_poll,
	.release = timerfd_release,
};

SYSCALL_DEFINE2(timerfd_create, int, clockid, int, flags)
{
	struct timerfd_ctx *ctx;
	int fd;

	if (flags & ~TFD_CREATE_FLAGS)
		return -EINVAL;
	if (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME &&
	    clockid != CLOCK_BOOTTIME)
		return -EINVAL;         /* the _ALARM clocks need a wake-up source */
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	spin_lock_init_named(&ctx->lock, "timerfd");
	init_waitqueue_head(&ctx->wqh);
	timer_setup(&ctx->timer, timerfd_fn, 0);
	ctx->clockid = clockid;
	fd = anon_inode_getfd("[timerfd]", &timerfd_fops, ctx, flags & (TFD_CLOEXEC | TFD_NONBLOCK));
	if (fd < 0)
		kfree(ctx);
	return fd;
}

/* The timerfd behind @fd, referenced: -EBADF, or -EINVAL for another file. */
static struct file *timerfd_fget(int fd)
{
	struct file *f = fget(fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &timerfd_fops) {
		fput(f);
		return ERR_PTR(-EINVAL);
	}
	return f;
}

/* The current setting as user space sees it; ctx->lock held. */
static void timerfd_get_locked(struct timerfd_ctx *ctx, struct itimerspec *v)
{
	ktime_t left = 0, now = ktime_get(), next = ctx->expires;
	u64 n;

	if (ctx->expired)
		next = timerfd_next(ctx, now, &n);
	if (next) {
		left = next - now;
		if (left < 0)
			left = 0;       /* due; the callback has not run yet */
	}
	v->it_value.tv_sec = left / NSEC_PER_SEC;
	v->it_value.tv_nsec = left % NSEC_PER_SEC;
	v->it_interval.tv_sec = ctx->interval / NSEC_PER_SEC;
	v->it_interval.tv_nsec = ctx->interval % NSEC_PER_SEC;
}

/* Expiry of a new setting as absolute monotonic ns; 0 disarms. */
static ktime_t timerfd_expiry(int clockid, int flags, ktime_t value)
{
	ktime_t now = ktime_get();

	if (!value)
		return 0;
	if (!(flags & TFD_TIMER_ABSTIME))
		return ktime_add_safe(now, value);
	if (clockid == CLOCK_REALTIME) {
		ktime_t real = ktime_get_real();

		/* past realtime deadlines fire at once */
		return value <= real ? now : ktime_add_safe(now, value - real);
	}
	return value;
}

SYSCALL_DEFINE4(timerfd_settime, int, ufd, int, flags,
		const struct itimerspec __user *, utmr, struct itimerspec __user *, otmr)
{
	struct itimerspec old, new;
	struct timerfd_ctx *ctx;
	ktime_t value, interval, expires;
	unsigned long irqflags;
	struct file *f;
	int err;

	/* Linux's order: copy (EFAULT), then flags and values (EINVAL) */
	if (copy_from_user(&new, utmr, sizeof(new)))
		return -EFAULT;
	if (flags & ~TFD_SETTIME_FLAGS)
		return -EINVAL;
	err = itimerspec_member_ns(&new.it_value, &value);
	if (!err)
		err = itimerspec_member_ns(&new.it_interval, &interval);
	if (err)
		return err;
	f = timerfd_fget(ufd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	ctx = f->private_data;
	err = -EINVAL;
	if ((flags & TFD_TIMER_CANCEL_ON_SET) && (flags & TFD_TIMER_ABSTIME) &&
	    ctx->clockid == CLOCK_REALTIME)
		goto out;       /* no clock-was-set notification to cancel with */
	spin_lock_irqsave(&ctx->lock, irqflags);
	timerfd_get_locked(ctx, &old);
	spin_unlock_irqrestore(&ctx->lock, irqflags);
	timerfd_cancel(ctx);
	spin_lock_irqsave(&ctx->lock, irqflags);
	expires = timerfd_expiry(ctx->clockid, flags, value);
	ctx->ticks = 0;
	ctx->interval = interval;      /* kept even when disarmed, as Linux */
	ctx->expires = expires;
	if (expires)
		timer_arm(&ctx->timer, expires);
	spin_unlock_irqrestore(&ctx->lock, irqflags);
	err = 0;
	if (otmr && copy_to_user(otmr, &old, sizeof(old)))
		err = -EFAULT;
out:
	fput(f);
	return err;
}

SYSCALL_DEFINE2(timerfd_gettime, int, ufd, struct itimerspec __user *, otmr)
{
	struct itimerspec cur;
	struct timerfd_ctx *ctx;
	unsigned long flags;
	struct file *f = timerfd_fget(ufd);

	if (IS_ERR(f))
		return PTR_ERR(f);
	ctx = f->private_data;
	spin_lock_irqsave(&ctx->lock, flags);
	timerfd_forward(ctx);           /* as Linux: the missed periods become ticks */
	timerfd_get_locked(ctx, &cur);
	spin_unlock_irqrestore(&ctx->lock, flags);
	fput(f);
	return copy_to_user(otmr, &cur, sizeof(cur)) ? -EFAULT : 0;
}
