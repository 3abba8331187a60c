// SPDX-License-Identifier: MIT
/* Conversions between the kernel's nanoseconds and the units of the user ABI. */
#include <shoal/time.h>
#include <uapi/time.h>

/* clock_t counts USER_HZ ticks, whatever HZ is: times(), siginfo's
 * si_utime/si_stime, /proc's CPU times and start times. */
u64 nsec_to_clock_t(u64 ns)
{
	return ns / (NSEC_PER_SEC / USER_HZ);
}
