/* SPDX-License-Identifier: MIT */
/* Linux resource-limit and usage ABI. */
#ifndef _UAPI_RESOURCE_H
#define _UAPI_RESOURCE_H

#include <uapi/time.h>

#define RLIMIT_CPU              0
#define RLIMIT_FSIZE            1
#define RLIMIT_DATA             2
#define RLIMIT_STACK            3
#define RLIMIT_CORE             4
#define RLIMIT_RSS              5
#define RLIMIT_NPROC            6
#define RLIMIT_NOFILE           7
#define RLIMIT_MEMLOCK          8
#define RLIMIT_AS               9
#define RLIMIT_LOCKS            10
#define RLIMIT_SIGPENDING       11
#define RLIMIT_MSGQUEUE         12
#define RLIMIT_NICE             13
#define RLIMIT_RTPRIO           14
#define RLIMIT_RTTIME           15
#define RLIM_INFINITY           (~0UL)

struct rlimit {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

#define RUSAGE_SELF             0
#define RUSAGE_CHILDREN         (-1)
#define RUSAGE_BOTH             (-2)
#define RUSAGE_THREAD           1

struct rusage {
	struct timeval ru_utime;
	struct timeval ru_stime;
	long ru_maxrss;                 /* KiB */
	long ru_ixrss, ru_idrss, ru_isrss;
	long ru_minflt, ru_majflt, ru_nswap;
	long ru_inblock, ru_oublock;
	long ru_msgsnd, ru_msgrcv, ru_nsignals;
	long ru_nvcsw, ru_nivcsw;
};

#define PRIO_PROCESS            0
#define PRIO_PGRP               1
#define PRIO_USER               2
#define MIN_NICE                (-20)
#define MAX_NICE                19

#endif
