/* SPDX-License-Identifier: MIT */
/* Linux time ABI (riscv64: 64-bit time_t everywhere). */
#ifndef _UAPI_TIME_H
#define _UAPI_TIME_H

struct timespec {                       /* also __kernel_timespec */
	long tv_sec;
	long tv_nsec;
};

struct timeval {
	long tv_sec;
	long tv_usec;
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

struct itimerspec {
	struct timespec it_interval;
	struct timespec it_value;
};

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

struct tms {                            /* clock_t = long, USER_HZ ticks */
	long tms_utime;
	long tms_stime;
	long tms_cutime;
	long tms_cstime;
};

#define USER_HZ                 100

#define CLOCK_REALTIME          0
#define CLOCK_MONOTONIC         1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW     4
#define CLOCK_REALTIME_COARSE   5
#define CLOCK_MONOTONIC_COARSE  6
#define CLOCK_BOOTTIME          7
#define CLOCK_REALTIME_ALARM    8
#define CLOCK_BOOTTIME_ALARM    9
#define CLOCK_TAI               11

/* Dynamic CPU-time clock ids (clock_getcpuclockid): ~pid << 3 | flags. */
#define CPUCLOCK_PROF           0
#define CPUCLOCK_VIRT           1
#define CPUCLOCK_SCHED          2
#define CPUCLOCK_PERTHREAD_MASK 4
#define CPUCLOCK_CLOCK_MASK     3

#define TIMER_ABSTIME           0x01

#define ITIMER_REAL             0
#define ITIMER_VIRTUAL          1
#define ITIMER_PROF             2

#endif
