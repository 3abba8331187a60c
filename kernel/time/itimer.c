// SPDX-License-Identifier: MIT
/*
 * Interval timers (getitimer/setitimer) and process CPU time.
 *
 * ITIMER_REAL is a kernel timer per process (struct itimer_real, allocated
 * on first use and hung off signal->it_real_timer) that sends SIGALRM and
 * re-arms itself with the interval. Its fields (signal->it_real) are
 * guarded by itimer_real->lock, not siglock: the callback must not take
 * tasklist_lock while holding it, and setitimer re-arms the timer under it.
 * Order: itimer_real->lock -> timer base lock.
 *
 * ITIMER_VIRTUAL and ITIMER_PROF are sampled by the tick, like Linux
 * without fine-grained accounting: each tick charges NSEC_PER_JIFFY to the
 * process running on that CPU (to VIRTUAL only if the tick interrupted user
 * mode). For them it_virt/it_prof.expires hold the *remaining* ns (0 =
 * disarmed), guarded by siglock. Their resolution is one tick (10 ms).
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <uapi/time.h>
#include "tick-internal.h"
#include <shoal/syscalls.h>

struct itimer_real {
	spinlock_t lock;
	struct timer_list timer;
	struct signal_struct *sig;
};

static void it_real_fn(struct timer_list *t)
{
	struct itimer_real *it = from_timer(it, t, timer);
	struct signal_struct *s = it->sig;
	struct itimer *itv = &s->it_real;
	unsigned long flags;
	ktime_t now;

	spin_lock_irqsave(&it->lock, flags);
	if (!itv->expires || timer_pending(&it->timer)) {
		spin_unlock_irqrestore(&it->lock, flags);
		return;         /* disarmed or re-armed meanwhile */
	}
	if (itv->interval) {
		now = ktime_get();
		itv->expires += itv->interval;
		if (itv->expires <= now)        /* overrun: skip missed periods */
			itv->expires = now + itv->interval - (now - itv->expires) % itv->interval;
		timer_arm(&it->timer, itv->expires);
	} else {
		itv->expires = 0;
	}
	spin_unlock_irqrestore(&it->lock, flags);
	group_send_sig_to(s, SIGALRM);
}

static struct itimer_real *get_it_real(struct signal_struct *s)
{
	struct itimer_real *it = READ_ONCE(s->it_real_timer), *expected = NULL;

	if (it)
		return it;
	it = kzalloc(sizeof(*it), GFP_KERNEL);
	if (!it)
		return NULL;
	spin_lock_init_named(&it->lock, "itimer_real");
	timer_setup(&it->timer, it_real_fn, 0);
	it->sig = s;
	if (!__atomic_compare_exchange_n((struct itimer_real **)&s->it_real_timer, &expected, it,
					 false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kfree(it);      /* another thread installed one first */
		it = expected;
	}
	return it;
}

void itimers_exit(struct signal_struct *s)
{
	struct itimer_real *it = __atomic_exchange_n((struct itimer_real **)&s->it_real_timer,
						     NULL, __ATOMIC_ACQ_REL);
	unsigned long flags;

	if (!it)
		return;
	spin_lock_irqsave(&it->lock, flags);
	s->it_real.expires = 0;
	spin_unlock_irqrestore(&it->lock, flags);
	del_timer_sync(&it->timer);
	kfree(it);
}

/* Charge one tick to current's process (hard IRQ, IRQs off). */
void itimer_tick(bool user)
{
	struct signal_struct *s = current->signal;
	int fire_virt = 0, fire_prof = 0;

	if (!s || !(READ_ONCE(s->it_virt.expires) | READ_ONCE(s->it_prof.expires)))
		return;
	spin_lock(&current->sighand->siglock);
	if (user && s->it_virt.expires) {
		s->it_virt.expires -= NSEC_PER_JIFFY;
		if (s->it_virt.expires <= 0) {
			s->it_virt.expires = s->it_virt.interval;
			fire_virt = 1;
		}
	}
	if (s->it_prof.expires) {
		s->it_prof.expires -= NSEC_PER_JIFFY;
		if (s->it_prof.expires <= 0) {
			s->it_prof.expires = s->it_prof.interval;
			fire_prof = 1;
		}
	}
	spin_unlock(&current->sighand->siglock);
	if (fire_virt)
		group_send_sig_info(SIGVTALRM, NULL, current);
	if (fire_prof)
		group_send_sig_info(SIGPROF, NULL, current);
}

static void ns_to_timeval(ktime_t ns, struct timeval *tv)
{
	if (ns < 0)
		ns = 0;
	tv->tv_sec = ns / NSEC_PER_SEC;
	tv->tv_usec = (ns % NSEC_PER_SEC) / NSEC_PER_USEC;
}

static int timeval_to_ns(const struct timeval *tv, ktime_t *ns)
{
	if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return -EINVAL;
	*ns = tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * NSEC_PER_USEC;
	return 0;
}

static void get_itimer(int which, struct itimerval *v)
{
	struct signal_struct *s = current->signal;
	struct itimer_real *it;
	struct itimer *itv;
	unsigned long flags;
	ktime_t rem;

	if (which == ITIMER_REAL) {
		it = READ_ONCE(s->it_real_timer);
		memset(v, 0, sizeof(*v));
		if (!it)
			return;
		spin_lock_irqsave(&it->lock, flags);
		rem = s->it_real.expires ? s->it_real.expires - ktime_get() : 0;
		if (s->it_real.expires && rem < NSEC_PER_USEC)
			rem = NSEC_PER_USEC;    /* armed: never report 0 */
		ns_to_timeval(rem, &v->it_value);
		ns_to_timeval(s->it_real.interval, &v->it_interval);
		spin_unlock_irqrestore(&it->lock, flags);
		return;
	}
	itv = which == ITIMER_VIRTUAL ? &s->it_virt : &s->it_prof;
	spin_lock_irqsave(&current->sighand->siglock, flags);
	ns_to_timeval(itv->expires, &v->it_value);
	ns_to_timeval(itv->interval, &v->it_interval);
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
}

static int set_itimer(int which, const struct itimerval *nv)
{
	struct signal_struct *s = current->signal;
	struct itimer_real *it;
	struct itimer *itv;
	ktime_t value, interval;
	unsigned long flags;
	int err;

	err = timeval_to_ns(&nv->it_value, &value);
	if (!err)
		err = timeval_to_ns(&nv->it_interval, &interval);
	if (err)
		return err;
	if (!value)
		interval = 0;
	if (which == ITIMER_REAL) {
		it = get_it_real(s);
		if (!it)
			return -ENOMEM;
		spin_lock_irqsave(&it->lock, flags);
		s->it_real.interval = interval;
		if (value) {
			s->it_real.expires = ktime_add_safe(ktime_get(), value);
			timer_arm(&it->timer, s->it_real.expires);
		} else {
			s->it_real.expires = 0;
			del_timer(&it->timer);
		}
		spin_unlock_irqrestore(&it->lock, flags);
		/* A callback already past its check sends after dropping the
		 * lock: wait for it, so that no SIGALRM comes after a disarm
		 * returns (Linux's hrtimer_cancel waits the same way). */
		if (!value)
			del_timer_sync(&it->timer);
		return 0;
	}
	/* the tick works in whole ticks: round up as Linux does */
	if (value)
		value = DIV_ROUND_UP(value, NSEC_PER_JIFFY) * NSEC_PER_JIFFY;
	itv = which == ITIMER_VIRTUAL ? &s->it_virt : &s->it_prof;
	spin_lock_irqsave(&current->sighand->siglock, flags);
	itv->expires = value;
	itv->interval = interval;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	return 0;
}

SYSCALL_DEFINE2(getitimer, int, which, struct itimerval __user *, uv)
{
	struct itimerval v;

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	get_itimer(which, &v);
	return copy_to_user(uv, &v, sizeof(v)) ? -EFAULT : 0;
}

SYSCALL_DEFINE3(setitimer, int, which, const struct itimerval __user *, unv,
		struct itimerval __user *, uov)
{
	struct itimerval nv, ov;
	int err;

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	if (unv) {
		if (copy_from_user(&nv, unv, sizeof(nv)))
			return -EFAULT;
	} else {
		memset(&nv, 0, sizeof(nv));     /* Linux: NULL disarms */
	}
	get_itimer(which, &ov);
	err = set_itimer(which, &nv);
	if (err)
		return err;
	if (uov && copy_to_user(uov, &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

/* utime + stime of every live thread of @t's process plus its exited
 * threads (tick-sampled: 10 ms resolution). */
u64 process_cputime_ns(struct task_struct *t)
{
	struct task_cputime c;

	thread_group_cputime(t, &c);
	return c.utime_ns + c.stime_ns;
}
