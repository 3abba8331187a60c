/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads (kernel/kthread.c): a task with no user memory that runs
 * one function and exits when it returns, unless it exec'd a user program
 * (PID 1 does).
 */
#ifndef _SHOAL_KTHREAD_H
#define _SHOAL_KTHREAD_H

struct task_struct;

/* Start @fn(@arg) as a kernel thread, bound to @cpu (or free to move if
 * @cpu < 0). Returns the running task, or NULL if none could be made. */
struct task_struct *kthread_create_on_cpu(int (*fn)(void *), void *arg, int cpu, const char *name);
/* The same, on any CPU. */
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name);
/* A kernel thread's function returned (called from ret_from_fork). */
void kthread_returned(void);

#endif
