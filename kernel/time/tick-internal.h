/* SPDX-License-Identifier: MIT */
/* Private to kernel/time/. */
#ifndef _KERNEL_TIME_TICK_INTERNAL_H
#define _KERNEL_TIME_TICK_INTERNAL_H

#include <shoal/time.h>

struct task_struct;

void timekeeping_init(void);                    /* timekeeping.c */
u64 ktime_to_cycles(ktime_t ns);                /* timekeeping.c */
void itimer_tick(bool user);                    /* itimer.c, from the tick (IRQs off) */
u64 process_cputime_ns(struct task_struct *t);  /* itimer.c: utime+stime of t's process */

#endif
