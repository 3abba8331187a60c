/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_SCHED_H
#define _UAPI_SCHED_H

#include <shoal/types.h>

#define CSIGNAL                 0x000000ff
#define CLONE_VM                0x00000100
#define CLONE_FS                0x00000200
#define CLONE_FILES             0x00000400
#define CLONE_SIGHAND           0x00000800
#define CLONE_PIDFD             0x00001000
#define CLONE_PTRACE            0x00002000
#define CLONE_VFORK             0x00004000
#define CLONE_PARENT            0x00008000
#define CLONE_THREAD            0x00010000
#define CLONE_NEWNS             0x00020000
#define CLONE_SYSVSEM           0x00040000
#define CLONE_SETTLS            0x00080000
#define CLONE_PARENT_SETTID     0x00100000
#define CLONE_CHILD_CLEARTID    0x00200000
#define CLONE_DETACHED          0x00400000
#define CLONE_UNTRACED          0x00800000
#define CLONE_CHILD_SETTID      0x01000000
#define CLONE_NEWCGROUP         0x02000000
#define CLONE_NEWUTS            0x04000000
#define CLONE_NEWIPC            0x08000000
#define CLONE_NEWUSER           0x10000000
#define CLONE_NEWPID            0x20000000
#define CLONE_NEWNET            0x40000000
#define CLONE_IO                0x80000000

/* scheduling policies (sched_setscheduler) */
#define SCHED_OTHER             0
#define SCHED_NORMAL            0
#define SCHED_FIFO              1
#define SCHED_RR                2
#define SCHED_BATCH             3
#define SCHED_IDLE              5
#define SCHED_DEADLINE          6
#define SCHED_RESET_ON_FORK     0x40000000      /* or-ed into the policy */

/* sched_setattr/sched_getattr */
struct sched_attr {
	u32 size;                       /* of this struct as the caller knows it */
	u32 sched_policy;
	u64 sched_flags;
	s32 sched_nice;
	u32 sched_priority;
	u64 sched_runtime, sched_deadline, sched_period;       /* SCHED_DEADLINE */
	u32 sched_util_min, sched_util_max;                     /* SCHED_ATTR_SIZE_VER1 */
};
#define SCHED_ATTR_SIZE_VER0    48
#define SCHED_ATTR_SIZE_VER1    56

#define SCHED_FLAG_RESET_ON_FORK        0x01
#define SCHED_FLAG_RECLAIM              0x02
#define SCHED_FLAG_DL_OVERRUN           0x04
#define SCHED_FLAG_KEEP_POLICY          0x08
#define SCHED_FLAG_KEEP_PARAMS          0x10
#define SCHED_FLAG_UTIL_CLAMP_MIN       0x20
#define SCHED_FLAG_UTIL_CLAMP_MAX       0x40
#define SCHED_FLAG_ALL                  0x7f

struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0    64
/* clone3 only, above the 32 bits clone(2) has */
#define CLONE_CLEAR_SIGHAND     0x100000000ULL
#define CLONE_INTO_CGROUP       0x200000000ULL

/* wait options */
#define WNOHANG         0x00000001
#define WUNTRACED       0x00000002
#define WSTOPPED        WUNTRACED
#define WEXITED         0x00000004
#define WCONTINUED      0x00000008
#define WNOWAIT         0x01000000
#define __WNOTHREAD     0x20000000
#define __WALL          0x40000000
#define __WCLONE        0x80000000
#define P_ALL           0
#define P_PID           1
#define P_PGID          2
#define P_PIDFD         3

#endif
