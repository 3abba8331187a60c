/* SPDX-License-Identifier: MIT */
/* Scheduler internals (kernel/sched/). */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <shoal/sched.h>
#include <shoal/time.h>
#include <uapi/sched.h>

/* Load-balancing situations, Linux's enum cpu_idle_type in the order of
 * /proc/schedstat version 16 (Linux 6.11 and later). */
enum cpu_idle_type {
	CPU_NOT_IDLE,           /* periodic balance from a busy CPU */
	CPU_IDLE,               /* periodic balance from an idle CPU */
	CPU_NEWLY_IDLE,         /* about to go idle: pull now */
	CPU_MAX_IDLE_TYPES
};

/* The fair class's run queue (fair.c). [rq] */
struct cfs_rq {
	struct avl_node *timeline;      /* queued entities by vruntime, not curr */
	struct sched_entity *leftmost;  /* first in timeline, or NULL */
	struct sched_entity *curr;      /* the running entity, or NULL */
	unsigned long load;             /* sum of weights, curr included */
	unsigned int nr_running;        /* entities, curr included */
	u64 min_vruntime;               /* monotonic floor of the vruntimes */
	/* the weighted average vruntime, curr excluded (fair.c's avg_vruntime) */
	s64 avg_vruntime;               /* sum of (vruntime - min_vruntime) * weight */
	unsigned long avg_load;         /* sum of weight */
};

/* The real-time class's run queue (rt.c): a FIFO per priority. [rq] */
struct rt_rq {
	struct list_head queue[MAX_RT_PRIO];    /* the running task stays on its list */
	unsigned long bitmap[2];               /* non-empty lists */
	unsigned int nr_running;
};

/*
 * struct rq: one per CPU.
 * Locking: rq->lock (taken with IRQs off) guards every field and the
 * [rq]-tagged fields of the tasks on it. Two run queues are locked in CPU
 * order (double_rq_lock). Lock order: task->pi_lock -> rq->lock.
 */
struct rq {
	spinlock_t lock;
	unsigned int nr_running;        /* queued + running (excluding idle) */
	struct cfs_rq cfs;
	struct rt_rq rt;
	unsigned long next_balance;     /* jiffies of the next periodic balance */
	unsigned int nr_balance_failed; /* periodic passes in a row that moved nothing */
	struct task_struct *curr;
	struct task_struct *idle;
	unsigned long nr_switches;
	int cpu;

	/*
	 * schedstats, /proc/schedstat version 16 (Linux's
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
	u64 clock;                      /* last ktime_get() taken for accounting */
} __cacheline_aligned;

extern struct rq runqueues[NR_CPUS];
#define cpu_rq(c) (&runqueues[c])

/*
 * A scheduling class (Linux's struct sched_class): the real-time class,
 * then the fair class, then idle. Every hook runs with rq->lock held and
 * IRQs off. The running task stays "queued" (on_rq) while it runs; the
 * fair class keeps it out of its tree meanwhile (cfs_rq->curr).
 */
struct sched_class {
	const struct sched_class *next;         /* the class below */
	void (*enqueue_task)(struct rq *rq, struct task_struct *p, int flags);
	void (*dequeue_task)(struct rq *rq, struct task_struct *p, int flags);
	void (*yield_task)(struct rq *rq);
	/* @p just became runnable on rq: preempt rq->curr? (resched_curr) */
	void (*check_preempt_curr)(struct rq *rq, struct task_struct *p, int wake_flags);
	/* The task to run next of this class, made current, or NULL. */
	struct task_struct *(*pick_next_task)(struct rq *rq);
	/* rq->curr (of this class) stops running; still queued if on_rq. */
	void (*put_prev_task)(struct rq *rq, struct task_struct *p);
	/* @p (rq->curr, re-enqueued after a priority change) runs on. */
	void (*set_next_task)(struct rq *rq, struct task_struct *p);
	void (*task_tick)(struct rq *rq, struct task_struct *p);
	/* Account the running task's time so far. */
	void (*update_curr)(struct rq *rq);
	/* Time slice for sched_rr_get_interval, ns. */
	u64 (*get_rr_interval)(struct rq *rq, struct task_struct *p);
};

/* enqueue/dequeue flags */
#define ENQUEUE_WAKEUP          0x01    /* it slept: place it as a sleeper */
#define ENQUEUE_HEAD            0x02    /* front of its real-time list */
#define DEQUEUE_SLEEP           0x01    /* it goes to sleep (not migrating) */
#define DEQUEUE_SAVE            0x02    /* re-enqueued at once (a priority change) */
#define ENQUEUE_RESTORE         0x04
#define ENQUEUE_INITIAL         0x08    /* a new task's first queueing */

/* wake flags (WF_SYNC is in <shoal/sched.h>) */
#define WF_FORK                 0x01

extern const struct sched_class rt_sched_class, fair_sched_class, idle_sched_class;
#define sched_class_highest     (&rt_sched_class)
#define for_each_class(c)       for (c = sched_class_highest; c; c = c->next)

static inline bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static inline bool fair_policy(int policy)
{
	return policy == SCHED_NORMAL || policy == SCHED_BATCH || policy == SCHED_IDLE;
}

/* core.c */
void resched_curr(struct rq *rq);
void update_rq_clock(struct rq *rq);
void double_rq_lock(struct rq *a, struct rq *b);
void double_rq_unlock(struct rq *a, struct rq *b);
/* Move queued, not running @p from @src to @dst (both locked). */
void move_queued_task(struct rq *src, struct rq *dst, struct task_struct *p);
void check_preempt_curr(struct rq *rq, struct task_struct *p, int wake_flags);
extern unsigned int sched_nr_cpus_factor;      /* 1 + log2(CPUs), Linux's tunable scaling */

/* fair.c */
void init_cfs_rq(struct cfs_rq *cfs);
void set_load_weight(struct task_struct *p);
void task_fork_fair(struct task_struct *p);
int load_balance(int this_cpu, enum cpu_idle_type idle);  /* tasks pulled */
/* rt.c */
void init_rt_rq(struct rt_rq *rt);
#define RR_TIMESLICE_NS         (100 * NSEC_PER_MSEC)   /* Linux's default */

#endif
