/* SPDX-License-Identifier: MIT */
/* Scheduler internals (kernel/sched/). */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <shoal/sched.h>

/* Load-balancing situations, Linux's enum cpu_idle_type. */
enum cpu_idle_type {
	CPU_IDLE,               /* periodic balance from an idle CPU */
	CPU_NOT_IDLE,           /* periodic balance from a busy CPU */
	CPU_NEWLY_IDLE,         /* about to go idle: pull now */
	CPU_MAX_IDLE_TYPES
};

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

	/*
	 * schedstats, /proc/schedstat version 15 (Linux's
	 * Documentation/scheduler/sched-stats.rst): written under the lock,
	 * read racily. Times in ns.
	 */
	unsigned int yld_count;         /* sched_yield() calls */
	unsigned int sched_count;       /* schedule() calls */
	unsigned int sched_goidle;      /* ... that left the CPU idle */
	unsigned int ttwu_count;        /* wake-ups of tasks onto this CPU... */
	unsigned int ttwu_local;        /* ... made from this CPU */
	u64 rq_cpu_time;                /* time tasks ran here */
	u64 run_delay;                  /* time tasks waited here, runnable */
	unsigned long pcount;           /* turns given to tasks */
	/* load balancing, indexed by enum cpu_idle_type */
	unsigned int lb_count[CPU_MAX_IDLE_TYPES];      /* balance attempts */
	unsigned int lb_balanced[CPU_MAX_IDLE_TYPES];   /* ... found nothing to do */
	unsigned int lb_failed[CPU_MAX_IDLE_TYPES];     /* ... could move nothing */
	unsigned int lb_imbalance[CPU_MAX_IDLE_TYPES];  /* sum of imbalances found (tasks) */
	unsigned int lb_gained[CPU_MAX_IDLE_TYPES];     /* tasks pulled */
	unsigned int lb_nobusyq[CPU_MAX_IDLE_TYPES];    /* no busier queue */
	unsigned int ttwu_wake_remote;  /* wake-ups this CPU made of tasks that last ran elsewhere */
	unsigned int ttwu_move_affine;  /* ... placed on an idle CPU other than their last */
	unsigned long nr_migrations_in; /* tasks moved onto this run queue */
	unsigned long nr_migrations_out;
	u64 clock;                      /* last ktime_get() taken for accounting */
} __cacheline_aligned;

extern struct rq runqueues[NR_CPUS];
#define cpu_rq(c) (&runqueues[c])

#define SCHED_SLICE_TICKS 2             /* 20 ms round-robin slice */

#endif
