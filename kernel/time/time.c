// SPDX-License-Identifier: MIT
/* Conversions between the kernel's nanoseconds and the units of the user ABI. */
#include <shoal/time.h>
#include <uapi/time.h>
#include <shoal/errno.h>

/* clock_t counts USER_HZ ticks, whatever HZ is: times(), siginfo's
 * si_utime/si_stime, /proc's CPU times and start times. */
u64 nsec_to_clock_t(u64 ns)
{
	return ns / (NSEC_PER_SEC / USER_HZ);
}

/* A user itimerspec member as ns: -EINVAL as Linux's itimerspec64_valid;
 * seconds beyond ktime_t's range saturate. */
int itimerspec_member_ns(const struct timespec *ts, ktime_t *ns)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (ts->tv_sec >= KTIME_MAX / NSEC_PER_SEC)
		*ns = KTIME_MAX;
	else
		*ns = ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	return 0;
}

void ns_to_timespec(ktime_t ns, struct timespec *ts)
{
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}
