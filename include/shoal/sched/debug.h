/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's procfs files, Linux's formats (kernel/sched/stats.c and
 * kernel/sched/debug.c). Both render into @buf (at most @size bytes) and
 * return the length, as procfs's show functions do. They take no run-queue
 * lock: the statistics are read racily, as their fields say.
 */
#ifndef _SHOAL_SCHED_DEBUG_H
#define _SHOAL_SCHED_DEBUG_H

#include <shoal/types.h>

struct task_struct;
struct pt_regs;

/* /proc/schedstat, version 15 */
int show_schedstat(char *buf, size_t size);
/* /proc/PID/sched and /proc/PID/task/TID/sched; @p referenced by the caller */
int proc_sched_show_task(struct task_struct *p, char *buf, size_t size);

/*
 * arch/riscv/kernel/traps.c: the kernel call chain of @t by frame pointer,
 * from the interrupted context @regs (current), or from where @t last
 * called schedule() (@regs NULL: a sleeping task, read racily: every
 * frame is checked to lie inside its kernel stack).
 */
void show_stack(struct task_struct *t, const struct pt_regs *regs);

#endif
