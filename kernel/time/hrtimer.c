// SPDX-License-Identifier: MIT
/*
 * Precise sleeps on top of the per-CPU timers: schedule_hrtimeout*(),
 * nanosleep and clock_nanosleep.
 *
 * An interrupted relative sleep returns -ERESTART_RESTARTBLOCK: after a
 * handler the caller sees EINTR with the remaining time in *rem (Linux);
 * after a stop/continue it resumes through restart_syscall until the
 * original absolute expiry. Absolute sleeps just restart (-ERESTARTNOHAND).
 * A CLOCK_REALTIME absolute sleep is converted to monotonic when it starts:
 * a later settimeofday does not move its expiry (Linux would).
 *
 * nanosleep and clock_nanosleep sleep with the caller's timer slack
 * (task_timer_slack()), as Linux's hrtimer_nanosleep: the wake-up comes
 * between the expiry and expiry + slack, never before the expiry.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/sched/rt.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <uapi/time.h>
#include "tick-internal.h"
#include <shoal/syscalls.h>

struct hrtimer_sleeper {
	struct timer_list timer;
	struct task_struct *task;       /* NULL once the timer fired */
};

static void hrtimer_wakeup(struct timer_list *t)
{
	struct hrtimer_sleeper *s = from_timer(s, t, timer);
	struct task_struct *task = s->task;

	WRITE_ONCE(s->task, NULL);
	wake_up_process(task);
}

int schedule_hrtimeout_range_prepared(ktime_t expires, u64 slack)
{
	struct hrtimer_sleeper s;

	if (expires == KTIME_MAX) {
		schedule();
		return -EINTR;
	}
	if (ktime_get() >= expires) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	s.task = current;
	timer_setup(&s.timer, hrtimer_wakeup, 0);
	timer_arm_range(&s.timer, expires, slack);
	schedule();
	del_timer_sync(&s.timer);
	__set_current_state(TASK_RUNNING);
	return READ_ONCE(s.task) ? -EINTR : 0;
}

int schedule_hrtimeout_prepared(ktime_t expires)
{
	return schedule_hrtimeout_range_prepared(expires, 0);
}

int schedule_hrtimeout_range(ktime_t expires, u64 slack, bool interruptible)
{
	for (;;) {
		set_current_state(interruptible ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE);
		if (interruptible && signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
		if (!schedule_hrtimeout_range_prepared(expires, slack))
			return 0;
	}
}

int schedule_hrtimeout(ktime_t expires, bool interruptible)
{
	return schedule_hrtimeout_range(expires, 0, interruptible);
}

/* Clocks clock_nanosleep accepts; *real says the time is CLOCK_REALTIME. */
static int nsleep_clock(int which, bool *real)
{
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		*real = true;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		*real = false;
		return 0;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_PROCESS_CPUTIME_ID:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

static long nanosleep_restart(struct restart_block *rb);

/* Sleep until monotonic @expires; on a signal, report the rest in @rmtp. */
static long do_nanosleep(ktime_t expires, struct timespec __user *rmtp)
{
	struct restart_block *rb;

	if (!schedule_hrtimeout_range(expires, task_timer_slack(current), true))
		return 0;
	if (rmtp && put_user_timespec_ns(expires - ktime_get(), rmtp))
		return -EFAULT;
	rb = &current->restart_block;
	rb->fn = nanosleep_restart;
	rb->arg[0] = expires;
	rb->arg[1] = (unsigned long)rmtp;
	return -ERESTART_RESTARTBLOCK;
}

static long nanosleep_restart(struct restart_block *rb)
{
	rb->fn = do_no_restart_syscall;
	return do_nanosleep((ktime_t)rb->arg[0], (struct timespec __user *)rb->arg[1]);
}

SYSCALL_DEFINE4(clock_nanosleep, int, which, int, flags,
		const struct timespec __user *, rqtp, struct timespec __user *, rmtp)
{
	ktime_t t;
	bool real;
	int err;

	err = nsleep_clock(which, &real);
	if (err)
		return err;
	err = get_user_timespec_ns(&t, rqtp);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME) {
		if (real)
			t -= ktime_get_real() - ktime_get();
		return schedule_hrtimeout_range(t, task_timer_slack(current), true) ?
		       -ERESTARTNOHAND : 0;
	}
	return do_nanosleep(ktime_add_safe(ktime_get(), t), rmtp);
}

SYSCALL_DEFINE2(nanosleep, const struct timespec __user *, rqtp,
		struct timespec __user *, rmtp)
{
	return __do_sys_clock_nanosleep(CLOCK_MONOTONIC, 0, rqtp, rmtp);
}
