/* SPDX-License-Identifier: MIT */
/* Scheduler internals (kernel/sched/). */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <shoal/sched.h>

/*
 * struct rq: one per CPU.
 * Locking: rq->lock (taken with IRQs off) guards every field and the
 * [rq]-tagged fields of the tasks on it. Two run queues are locked in CPU
 * order (double_rq_lock). Lock order: task->pi_lock -> rq->lock.
 */
struct rq {
	spinlock_t lock;
	struct list_head queue;         /* runnable tasks, not the running one */
	unsigned int nr_running;        /* queued + running (excluding idle) */
	struct task_struct *curr;
	struct task_struct *idle;
	unsigned long nr_switches;
	int cpu;
} __cacheline_aligned;

extern struct rq runqueues[NR_CPUS];
#define cpu_rq(c) (&runqueues[c])

#define SCHED_SLICE_TICKS 2             /* 20 ms round-robin slice */

#endif
