// SPDX-License-Identifier: MIT
/*
 * Clock system calls: clock_gettime/getres/settime, gettimeofday,
 * settimeofday, times. There is no vDSO: libc falls back to these calls.
 *
 * CLOCK_MONOTONIC, _RAW, _COARSE and BOOTTIME all read the same counter
 * (no NTP, no suspend); the COARSE clocks return full resolution but report
 * a one-tick resolution, as Linux does. The CPU-time clocks are Linux's:
 * CLOCK_PROCESS/THREAD_CPUTIME_ID (CPUCLOCK_SCHED) count the scheduler's
 * nanoseconds (se.sum_exec_runtime), the PROF and VIRT clocks of the
 * dynamic ids (clock_getcpuclockid(), pthread_getcpuclockid(): ~pid << 3 |
 * flags) the tick-sampled user and system time (10 ms granularity).
 */
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
	ktime_set_real(ns);
	return 0;
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
	if (tv)
		ktime_set_real(v.tv_sec * NSEC_PER_SEC + v.tv_usec * NSEC_PER_USEC);
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
