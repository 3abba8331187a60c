// SPDX-License-Identifier: MIT
/*
 * Clock system calls: clock_gettime/getres/settime, gettimeofday,
 * settimeofday, times, and the POSIX timers (timer_create and friends, at
 * the end). The vDSO (Documentation/vdso.md) answers the wall and
 * monotonic clocks in user space with the same arithmetic; these calls
 * serve everything else and libcs that do not use it (musl on riscv64).
 *
 * CLOCK_MONOTONIC, _RAW, _COARSE and BOOTTIME all read the same counter
 * (no NTP, no suspend); the COARSE clocks return full resolution but report
 * a one-tick resolution, as Linux does. The CPU-time clocks are Linux's:
 * CLOCK_PROCESS/THREAD_CPUTIME_ID (CPUCLOCK_SCHED) count the scheduler's
 * nanoseconds (se.sum_exec_runtime), the PROF and VIRT clocks of the
 * dynamic ids (clock_getcpuclockid(), pthread_getcpuclockid(): ~pid << 3 |
 * flags) the tick-sampled user and system time (10 ms granularity).
 */
#include <shoal/cred.h>
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <uapi/time.h>
#include "tick-internal.h"
#include <shoal/syscalls.h>

/* CPU time of a dynamic clock id; -EINVAL if malformed, -ESRCH if gone. */
static int cpu_clock_get(int which, ktime_t *ns)
{
	pid_t pid = ~(which >> 3);
	bool thread = which & CPUCLOCK_PERTHREAD_MASK;
	struct task_struct *p = current;

	if ((which & CPUCLOCK_CLOCK_MASK) == 3)
		return -EINVAL;
	if (pid) {
		p = get_task_by_pid(pid);
		if (!p)
			return -EINVAL;
		if (!thread && !thread_group_leader(p)) {
			put_task_struct(p);
			return -EINVAL;
		}
	}
	switch (which & CPUCLOCK_CLOCK_MASK) {
	case CPUCLOCK_SCHED:
		*ns = thread ? task_sched_runtime(p) : process_sched_runtime(p);
		break;
	case CPUCLOCK_VIRT:
		*ns = thread ? p->utime_ns : process_cputime_ns(p);    /* PROF for a process: no VIRT sum kept */
		break;
	default:
		*ns = thread ? p->utime_ns + p->stime_ns : process_cputime_ns(p);
		break;
	}
	if (p != current)
		put_task_struct(p);
	return 0;
}

static int clock_get(int which, ktime_t *ns)
{
	if (which < 0)
		return cpu_clock_get(which, ns);
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*ns = ktime_get_real();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = ktime_get();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = process_sched_runtime(current);
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = task_sched_runtime(current);
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(clock_gettime, int, which, struct timespec __user *, tp)
{
	ktime_t ns;
	int err = clock_get(which, &ns);

	if (err)
		return err;
	return put_user_timespec_ns(ns, tp);
}

SYSCALL_DEFINE2(clock_getres, int, which, struct timespec __user *, tp)
{
	ktime_t ns, res = 1;
	int err = clock_get(which, &ns);

	if (err)
		return err;
	if (which == CLOCK_REALTIME_COARSE || which == CLOCK_MONOTONIC_COARSE)
		res = NSEC_PER_JIFFY;
	return tp ? put_user_timespec_ns(res, tp) : 0;
}

SYSCALL_DEFINE2(clock_settime, int, which, const struct timespec __user *, tp)
{
	ktime_t ns;
	int err;

	if (which != CLOCK_REALTIME)
		return -EINVAL;         /* the other clocks cannot be set */
	err = get_user_timespec_ns(&ns, tp);
	if (err)
		return err;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	return ktime_set_real(ns);
}

SYSCALL_DEFINE2(gettimeofday, struct timeval __user *, tv, struct timezone __user *, tz)
{
	struct timezone z = { 0, 0 };
	struct timeval v;
	ktime_t now;

	if (tv) {
		now = ktime_get_real();
		v.tv_sec = now / NSEC_PER_SEC;
		v.tv_usec = (now % NSEC_PER_SEC) / NSEC_PER_USEC;
		if (copy_to_user(tv, &v, sizeof(v)))
			return -EFAULT;
	}
	if (tz && copy_to_user(tz, &z, sizeof(z)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(settimeofday, const struct timeval __user *, tv,
		const struct timezone __user *, tz)
{
	struct timezone z;
	struct timeval v;

	if (tv) {
		if (copy_from_user(&v, tv, sizeof(v)))
			return -EFAULT;
		if (v.tv_sec < 0 || v.tv_usec < 0 || v.tv_usec >= 1000000)
			return -EINVAL;
	}
	if (tz && copy_from_user(&z, tz, sizeof(z)))
		return -EFAULT;         /* the timezone is accepted and ignored */
	if (tz && (z.tz_minuteswest > 15 * 60 || z.tz_minuteswest < -15 * 60))
		return -EINVAL;         /* Linux's range */
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	if (tv)
		return ktime_set_real(v.tv_sec * NSEC_PER_SEC + v.tv_usec * NSEC_PER_USEC);
	return 0;
}

SYSCALL_DEFINE1(times, struct tms __user *, buf)
{
	struct signal_struct *s = current->signal;
	struct task_cputime c;
	struct tms tms;

	if (buf) {
		thread_group_cputime(current, &c);
		tms.tms_utime = nsec_to_clock_t(c.utime_ns);
		tms.tms_stime = nsec_to_clock_t(c.stime_ns);
		tms.tms_cutime = nsec_to_clock_t(READ_ONCE(s->cutime_ns));
		tms.tms_cstime = nsec_to_clock_t(READ_ONCE(s->cstime_ns));
		if (copy_to_user(buf, &tms, sizeof(tms)))
			return -EFAULT;
	}
	return nsec_to_clock_t(ktime_get());
}

/* ---- POSIX timers: timer_create, timer_settime, ... ---- */

/*
 * A process's timer (Linux's struct k_itimer), on signal->posix_timers.
 * Its expiry is kept as monotonic ns: a CLOCK_REALTIME timer set with an
 * absolute time is converted when it is set, so a later settimeofday does
 * not move it (Linux would). A periodic timer whose signal is queued is
 * not re-armed until the signal is dequeued (posix_timer_dequeued), which
 * then counts the periods that passed meanwhile as the overrun, as
 * Linux's posixtimer_rearm does; an ignored signal re-arms at once.
 *
 * Locking: the list, ids and counts under siglock; the fields marked
 * [lock] under k_itimer.lock (IRQs off: the callback runs in softirq).
 * Order: siglock -> k_itimer.lock -> timer base lock. The callback drops
 * k_itimer.lock before it sends (which takes tasklist_lock and siglock).
 */
struct k_itimer {
	struct list_head list;          /* [siglock] */
	struct signal_struct *signal;   /* owner [const] */
	int id;                         /* [const] */
	int notify;                     /* SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID [const] */
	int signo;                      /* [const] */
	long value;                     /* sigev_value [const] */
	pid_t tid;                      /* SIGEV_THREAD_ID's thread [const] */
	bool realtime;                  /* CLOCK_REALTIME / _ALARM / TAI [const] */
	spinlock_t lock;
	struct timer_list timer;
	ktime_t expires;                /* monotonic ns of the next expiry, 0 = disarmed [lock] */
	ktime_t interval;               /* [lock] */
	bool sig_queued;                /* its signal is queued, not yet dequeued [lock] */
	int overrun;                    /* reported by timer_getoverrun [lock] */
};

#define POSIX_TIMERS_MAX        4096    /* per process: a bound for hostile callers */

struct sigevent_abi {                   /* the kernel's struct sigevent */
	long sigev_value;
	int sigev_signo;
	int sigev_notify;
	union {
		int pad[12];
		pid_t tid;
	};
};

/* The expiry that follows @it->expires once now has passed it: skips the
 * periods missed, returned in *missed. [lock] */
static ktime_t forward_expiry(struct k_itimer *it, ktime_t now, int *missed)
{
	u64 n;

	*missed = 0;
	if (!it->interval || it->expires > now)
		return it->expires;
	n = (u64)(now - it->expires) / it->interval + 1;
	*missed = n - 1 > INT_MAX ? INT_MAX : (int)(n - 1);
	return ktime_add_safe(it->expires, (ktime_t)(n * (u64)it->interval));
}

/* Periodic and not waiting for a dequeue: on to the next period. [lock] */
static void timer_rearm_locked(struct k_itimer *it)
{
	int missed;

	it->sig_queued = false;
	if (!it->expires || !it->interval || timer_pending(&it->timer))
		return;
	it->expires = forward_expiry(it, ktime_get(), &missed);
	timer_arm(&it->timer, it->expires);
}

/* SIGEV_NONE timers are never armed (timer_get_locked works them out). */
static void posix_timer_fn(struct timer_list *t)
{
	struct k_itimer *it = from_timer(it, t, timer);
	struct kernel_siginfo info;
	unsigned long flags;
	bool send = false;

	spin_lock_irqsave(&it->lock, flags);
	if (!it->expires || timer_pending(&it->timer)) {
		spin_unlock_irqrestore(&it->lock, flags);
		return;         /* disarmed or re-set meanwhile */
	}
	if (!it->sig_queued) {
		send = true;
		it->sig_queued = true;
		memset(&info, 0, sizeof(info));
		info.si_signo = it->signo;
		info.si_code = SI_TIMER;
		info.timer.tid = it->id;
		info.timer.value = it->value;
	}
	if (!it->interval)
		it->expires = 0;
	else if (signal_ignored_by(it->signal, it->signo))
		timer_rearm_locked(it);         /* no dequeue will come: keep ticking */
	spin_unlock_irqrestore(&it->lock, flags);
	if (send && send_sig_to_signal(it->signal, it->signo, &info,
				       it->notify == SIGEV_THREAD_ID ? it->tid : 0) < 0) {
		spin_lock_irqsave(&it->lock, flags);    /* its thread is gone */
		timer_rearm_locked(it);
		spin_unlock_irqrestore(&it->lock, flags);
	}
}

/* siglock held (collect_signal). */
void posix_timer_dequeued(struct signal_struct *sig, struct kernel_siginfo *info)
{
	struct k_itimer *it;
	int missed = 0;

	list_for_each_entry(it, &sig->posix_timers, list) {
		if (it->id != info->timer.tid)
			continue;
		spin_lock(&it->lock);
		if (it->sig_queued) {
			it->sig_queued = false;
			if (it->expires && it->interval && !timer_pending(&it->timer)) {
				it->expires = forward_expiry(it, ktime_get(), &missed);
				timer_arm(&it->timer, it->expires);
			}
			it->overrun = missed;
		}
		info->timer.overrun = it->overrun;
		spin_unlock(&it->lock);
		return;
	}
}

/* Find current's timer @id and lock it; NULL if there is none. */
static struct k_itimer *lock_timer(int id, unsigned long *flags)
{
	struct signal_struct *s = current->signal;
	struct k_itimer *it;

	spin_lock_irqsave(&current->sighand->siglock, *flags);
	list_for_each_entry(it, &s->posix_timers, list) {
		if (it->id == id) {
			spin_lock(&it->lock);
			spin_unlock(&current->sighand->siglock);
			return it;              /* IRQs stay off */
		}
	}
	spin_unlock_irqrestore(&current->sighand->siglock, *flags);
	return NULL;
}

static void unlock_timer(struct k_itimer *it, unsigned long flags)
{
	spin_unlock_irqrestore(&it->lock, flags);
}

/* What timer_gettime reports. [lock] */
static void timer_get_locked(struct k_itimer *it, struct itimerspec *v)
{
	ktime_t now = ktime_get(), next = it->expires, left = 0;
	int missed;

	if (next) {
		if (next <= now && it->interval)
			next = forward_expiry(it, now, &missed);  /* SIGEV_NONE, or a queued signal */
		left = next > now ? next - now : 0;
	}
	ns_to_timespec(left, &v->it_value);
	ns_to_timespec(it->interval, &v->it_interval);
}

static int timer_clock_ok(int clock, bool *realtime)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:      /* no wake-up device: as the plain clocks */
	case CLOCK_TAI:
		*realtime = true;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*realtime = false;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return -EOPNOTSUPP;     /* no CPU-time timers */
	default:
		return clock < 0 ? -EOPNOTSUPP : -EINVAL;
	}
}

/* Check a sigevent and fill @it's notification from it (NULL: SIGALRM). */
static int timer_sigevent(struct k_itimer *it, const struct sigevent_abi __user *uev)
{
	struct sigevent_abi ev;
	struct task_struct *t;
	unsigned long flags;
	bool found = false;

	if (!uev) {
		it->notify = SIGEV_SIGNAL;
		it->signo = SIGALRM;
		it->value = it->id;
		return 0;
	}
	if (copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	it->notify = ev.sigev_notify;
	it->signo = ev.sigev_signo;
	it->value = ev.sigev_value;
	switch (ev.sigev_notify) {
	case SIGEV_NONE:
		return 0;
	case SIGEV_SIGNAL:
		break;
	case SIGEV_THREAD_ID:
		spin_lock_irqsave(&tasklist_lock, flags);
		list_for_each_entry(t, &current->signal->thread_head, thread_node)
			found |= t->pid == ev.tid && !t->exit_state;
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (!found)
			return -EINVAL;
		it->tid = ev.tid;
		break;
	default:
		return -EINVAL;         /* SIGEV_THREAD is the C library's */
	}
	return ev.sigev_signo >= 1 && ev.sigev_signo <= _NSIG ? 0 : -EINVAL;
}

/* Give @it a free id and link it; siglock taken here. */
static int timer_link(struct k_itimer *it)
{
	struct signal_struct *s = current->signal;
	struct k_itimer *o;
	unsigned long flags;
	bool taken;
	int id;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	if (s->nr_posix_timers >= POSIX_TIMERS_MAX) {
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
		return -EAGAIN;
	}
	do {                    /* fewer than POSIX_TIMERS_MAX ids are taken */
		id = s->posix_timer_id;
		s->posix_timer_id = id == INT_MAX ? 0 : id + 1;
		taken = false;
		list_for_each_entry(o, &s->posix_timers, list)
			taken |= o->id == id;
	} while (taken);
	it->id = id;
	list_add_tail(&it->list, &s->posix_timers);
	s->nr_posix_timers++;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	return 0;
}

static void timer_disarm_free(struct k_itimer *it)
{
	unsigned long flags;

	spin_lock_irqsave(&it->lock, flags);
	it->expires = 0;
	spin_unlock_irqrestore(&it->lock, flags);
	del_timer_sync(&it->timer);
	kfree(it);
}

static void timer_unlink(struct k_itimer *it)
{
	struct signal_struct *s = it->signal;

	list_del(&it->list);
	s->nr_posix_timers--;
}

SYSCALL_DEFINE3(timer_create, int, clock, struct sigevent_abi __user *, uev,
		int __user *, uid)
{
	struct k_itimer *it;
	unsigned long flags;
	bool realtime;
	int err;

	err = timer_clock_ok(clock, &realtime);
	if (err)
		return err;
	it = kzalloc(sizeof(*it), GFP_KERNEL);
	if (!it)
		return -ENOMEM;
	it->signal = current->signal;
	it->realtime = realtime;
	spin_lock_init_named(&it->lock, "k_itimer");
	timer_setup(&it->timer, posix_timer_fn, 0);
	err = timer_link(it);
	if (err) {
		kfree(it);
		return err;
	}
	err = timer_sigevent(it, uev);
	if (!err && put_user(it->id, uid))
		err = -EFAULT;
	if (err) {
		spin_lock_irqsave(&current->sighand->siglock, flags);
		timer_unlink(it);
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
		timer_disarm_free(it);
	}
	return err;
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags, const struct itimerspec __user *, unew,
		struct itimerspec __user *, uold)
{
	struct itimerspec new, old;
	ktime_t value, interval, now;
	struct k_itimer *it;
	unsigned long irqf;
	int err;

	if (!unew)
		return -EINVAL;
	if (copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	err = itimerspec_member_ns(&new.it_value, &value);
	if (!err)
		err = itimerspec_member_ns(&new.it_interval, &interval);
	if (err)
		return err;
	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	it = lock_timer(id, &irqf);
	if (!it)
		return -EINVAL;
	timer_get_locked(it, &old);
	/* A callback running now finds the timer re-armed or disarmed when it
	 * gets the lock, and leaves it alone. */
	del_timer(&it->timer);
	now = ktime_get();
	if (!value)
		it->expires = 0;
	else if (!(flags & TIMER_ABSTIME))
		it->expires = ktime_add_safe(now, value);
	else if (it->realtime)
		it->expires = value <= ktime_get_real() ? now : ktime_add_safe(now, value - ktime_get_real());
	else
		it->expires = value > now ? value : now;
	it->interval = interval;
	it->overrun = 0;
	if (it->expires && it->notify != SIGEV_NONE)
		timer_arm(&it->timer, it->expires);
	unlock_timer(it, irqf);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(timer_gettime, int, id, struct itimerspec __user *, ucur)
{
	struct itimerspec cur;
	struct k_itimer *it;
	unsigned long flags;

	it = lock_timer(id, &flags);
	if (!it)
		return -EINVAL;
	timer_get_locked(it, &cur);
	unlock_timer(it, flags);
	return copy_to_user(ucur, &cur, sizeof(cur)) ? -EFAULT : 0;
}

SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	struct k_itimer *it;
	unsigned long flags;
	int n;

	it = lock_timer(id, &flags);
	if (!it)
		return -EINVAL;
	n = it->overrun;
	unlock_timer(it, flags);
	return n;
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
	struct signal_struct *s = current->signal;
	struct k_itimer *it, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	list_for_each_entry(it, &s->posix_timers, list) {
		if (it->id == id) {
			found = it;
			timer_unlink(it);
			break;
		}
	}
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	if (!found)
		return -EINVAL;
	timer_disarm_free(found);
	return 0;
}

/*
 * Every timer of @s goes (execve, the last thread's exit, or @s freed).
 * When no thread is left, nothing else can reach the list; at execve the
 * caller is the only thread.
 */
void posix_timers_exit(struct signal_struct *s)
{
	struct k_itimer *it;

	while ((it = list_first_entry_or_null(&s->posix_timers, struct k_itimer, list))) {
		list_del(&it->list);
		s->nr_posix_timers--;
		timer_disarm_free(it);
	}
}
