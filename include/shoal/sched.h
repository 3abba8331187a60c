/* SPDX-License-Identifier: MIT */
/*
 * Tasks and the scheduler interface (kernel/sched/).
 *
 * Every thread is a task_struct. Threads of one process share mm, files,
 * fs, sighand and signal (refcounted); tgid is the process id.
 *
 * Locking key for struct task_struct:
 *   [rq]    the lock of the run queue the task is on / last ran on
 *   [pi]    task->pi_lock: state transitions for wake-up (try_to_wake_up)
 *   [tl]    tasklist_lock: parent/children/sibling links, pids, exit_state
 *   [sig]   sighand->siglock: pending, blocked, saved_sigmask
 *   [self]  only the task itself touches it (no lock)
 *   [alloc] task_lock(): the task changes it under its alloc_lock; other
 *           tasks read it (and take references) under the same lock, the
 *           task itself reads it without
 *   [const] set before the task runs, then read-only
 * Lock order: tasklist_lock -> sighand->siglock -> task->pi_lock -> rq->lock.
 */
#ifndef _SHOAL_SCHED_H
#define _SHOAL_SCHED_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/spinlock.h>
#include <shoal/atomic.h>
#include <shoal/smp.h>
#include <shoal/wait.h>
#include <shoal/signal.h>
#include <shoal/avltree.h>
#include <asm/ptrace.h>
#include <asm/switch_to.h>

/* task->state */
#define TASK_RUNNING            0x0000
#define TASK_INTERRUPTIBLE      0x0001
#define TASK_UNINTERRUPTIBLE    0x0002
#define TASK_STOPPED            0x0004  /* job control stop (SIGSTOP etc.) */
#define TASK_DEAD               0x0080
#define TASK_WAKEKILL           0x0100
#define TASK_NOLOAD             0x0400  /* with UNINTERRUPTIBLE: waiting for work, not stuck */
/* A kernel thread's uninterruptible wait for work: not a hung task (kernel/hung_task.c) */
#define TASK_IDLE               (TASK_UNINTERRUPTIBLE | TASK_NOLOAD)

/* task->exit_state */
/* Process and thread ids run 1 .. PID_MAX - 1 (Linux's default pid_max). */
#define PID_MAX                 32768

#define EXIT_ZOMBIE             0x0010
#define EXIT_DEAD               0x0020

/* task->flags */
#define PF_KTHREAD              0x00200000
#define PF_EXITING              0x00000004
#define PF_IDLE                 0x00000002
#define PF_VFORK_DONE           0x00000008
#define PF_EXIT_ACCOUNTED       0x00000010  /* CPU time folded into signal_struct (exit_notify, under tasklist_lock) */
#define PF_EXECED               0x00000040  /* called execve since fork: setpgid EACCES (exec sets; fork clears) */
/* this call's pipe/socket I/O must not block (RWF_NOWAIT, SPLICE_F_NONBLOCK; set around one call) */
#define PF_NOWAIT               0x00000080

#define KSTACK_ORDER            2
#define KSTACK_SIZE             (PAGE_SIZE << KSTACK_ORDER)    /* 16 KiB */
#define MAX_SCHEDULE_TIMEOUT    ((long)(~0UL >> 1))

/*
 * Priorities on Linux's scale (task->prio): 0..99 real-time, where a lower
 * number runs first (prio = 99 - rt_priority), and 100..139 for the fair
 * and idle policies (120 + nice).
 */
#define MAX_RT_PRIO             100
#define DEFAULT_PRIO            120
#define MAX_PRIO                140
#define NICE_TO_PRIO(n)         ((n) + DEFAULT_PRIO)
#define PRIO_TO_NICE(p)         ((p) - DEFAULT_PRIO)

struct sched_class;

/*
 * The fair class's part of a task (kernel/sched/fair.c). [rq] fields are
 * guarded by the lock of the run queue the task is on; the statistics are
 * written under it and read racily by /proc/PID/sched. Times are
 * CLOCK_MONOTONIC nanoseconds.
 */
struct sched_entity {
	struct avl_node run_node;       /* in cfs_rq->timeline while queued, not running [rq] */
	unsigned long weight;           /* load weight: nice 0 = 1024 [rq] */
	u64 vruntime;                   /* weighted runtime, ns at nice 0 [rq] */
	u64 deadline;                   /* vruntime at which its slice ends (EEVDF) [rq] */
	u64 slice;                      /* its request: wall-clock ns per turn [rq] */
	s64 vlag;                       /* service owed at dequeue: avg vruntime - own [rq] */
	u64 protect;                    /* deadline when picked: runs to parity while equal [rq] */
	u64 exec_start;                 /* clock when its runtime was last accounted [rq] */
	u64 sum_exec_runtime;           /* CPU time, ns [rq] */
	u64 prev_sum_exec_runtime;      /* sum_exec_runtime when it last got the CPU [rq] */
	u64 nr_migrations;              /* moves between run queues [rq] */

	/* schedstats, Linux's names (se.statistics.*) [rq] */
	u64 wait_start;                 /* runnable since, not running; 0 = not waiting */
	u64 wait_max, wait_sum;         /* time runnable but waiting for a CPU */
	u64 wait_count;
	u64 sleep_start;                /* went to sleep at; 0 = not sleeping */
	u64 sleep_max;
	u64 exec_max;                   /* longest single stretch on the CPU */
	u64 slice_max;                  /* longest turn between two picks */
	u64 nr_wakeups, nr_wakeups_sync, nr_wakeups_migrate;
	u64 nr_wakeups_local, nr_wakeups_remote, nr_wakeups_idle;
	u64 nr_failed_migrations_affine, nr_failed_migrations_running;
	u64 nr_forced_migrations;       /* moved because its affinity changed */
	u64 nr_preempt_wakeup;          /* woke and preempted the running task */
};

/* The real-time class's part (kernel/sched/rt.c). */
struct sched_rt_entity {
	struct list_head run_list;      /* in rt_rq->queue[prio] while queued [rq] */
	u64 time_slice;                 /* SCHED_RR: ns left in its slice [rq] */
};
#define TASK_COMM_LEN           16

struct mm_struct;
struct files_struct;
struct fs_struct;
struct file;
struct cred;

struct task_struct {
	/* arch: the context switch saves callee-saved registers here */
	struct thread_struct thread;    /* [self] */
	void *stack;                    /* [const] base of the kernel stack */
	unsigned int flags;             /* PF_* [self] */

	/* scheduling */
	volatile long state;            /* TASK_* [pi] */
	int on_rq;                      /* queued on a run queue [rq] */
	int on_cpu;                     /* running right now [rq] */
	int cpu;                        /* CPU it runs / last ran on [rq] */
	cpumask_t cpus_allowed;         /* affinity [pi] */
	/*
	 * Policy and priority: written holding both pi_lock and the rq lock
	 * (__sched_setscheduler), so either lock suffices to read them.
	 */
	const struct sched_class *sched_class;  /* [pi+rq] */
	int prio;                       /* effective priority, see MAX_RT_PRIO [pi+rq] */
	int static_prio;                /* NICE_TO_PRIO(nice) [pi+rq] */
	unsigned int rt_priority;       /* 1..99 for SCHED_FIFO/RR, else 0 [pi+rq] */
	unsigned int policy;            /* SCHED_NORMAL/BATCH/IDLE/FIFO/RR [pi+rq] */
	bool sched_reset_on_fork;       /* [pi+rq] */
	struct sched_entity se;
	struct sched_rt_entity rt;
	spinlock_t pi_lock;             /* guards the [pi] fields */
	spinlock_t alloc_lock;          /* task_lock(): the [alloc] fields */
	unsigned long nvcsw, nivcsw;    /* voluntary / involuntary switches [self; read racily] */
	unsigned long nr_syscalls;      /* system calls entered (/proc/PID/sched) [self; read racily] */
	/* the hung-task detector's last look (kernel/hung_task.c) [khungtaskd, tasklist_lock] */
	unsigned long last_switch_count;        /* nvcsw + nivcsw it saw */
	ktime_t last_switch_time;               /* when it first saw that count */
	unsigned long wchan;            /* caller of the last schedule() [self] */
	u64 utime_ns, stime_ns;         /* CPU time [self; read racily] */
	u64 start_time_ns;              /* [const] monotonic at fork */

	/* identity and family */
	pid_t pid;                      /* thread id [const] */
	pid_t tgid;                     /* process id [const] */
	struct task_struct *group_leader;   /* [tl] */
	struct list_head thread_node;   /* in signal->thread_head [tl] */
	struct task_struct *real_parent;    /* [tl] */
	struct list_head children;      /* [tl] */
	struct list_head sibling;       /* in real_parent->children [tl] */
	struct hlist_node pid_link;     /* pid hash [tl] */
	struct list_head tasks;         /* all_tasks, every thread [tl] */
	int exit_state;                 /* EXIT_ZOMBIE/EXIT_DEAD [tl] */
	int exit_code;                  /* wait status as wait4 reports it [tl] */
	int exit_signal;                /* sent to the parent on exit (SIGCHLD or 0) [const] */
	atomic_t usage;                 /* references to this task_struct [atom] */
	char comm[TASK_COMM_LEN];       /* [alloc]; others read it with get_task_comm */
	int pdeath_signal;              /* prctl(PR_SET_PDEATHSIG); 0 = none [self] */

	/* credentials (include/shoal/cred.h): written only by the task itself */
	const struct cred *real_cred;   /* objective: what others see [self; others: cred_lock] */
	const struct cred *cred;        /* subjective: what this task uses [self] */
	spinlock_t cred_lock;           /* readers of real_cred in other tasks */
	bool no_new_privs;              /* prctl(PR_SET_NO_NEW_PRIVS), inherited, never cleared [self] */

	/* resources */
	struct mm_struct *mm;           /* NULL for kernel threads [self] */
	struct mm_struct *active_mm;    /* mm in use (lazy for kernel threads) [self] */
	struct files_struct *files;     /* [alloc] */
	struct fs_struct *fs;           /* [alloc] */
	struct sighand_struct *sighand; /* [tl] */
	struct signal_struct *signal;   /* [const] */
	struct sem_undo_list *sysvsem_undo; /* SEM_UNDO adjustments, shared by CLONE_SYSVSEM (ipc/sem.c) [self] */

	/* signals */
	sigset_t blocked;               /* [sig] */
	sigset_t real_blocked;          /* saved during rt_sigtimedwait [sig] */
	sigset_t saved_sigmask;         /* restored after sigsuspend/pselect [self] */
	bool restore_sigmask;           /* [self] */
	struct sigpending pending;      /* thread-directed [sig] */
	unsigned long sas_ss_sp;        /* sigaltstack [self] */
	size_t sas_ss_size;             /* [self] */
	unsigned int sas_ss_flags;      /* [self] */
	unsigned int jobctl;            /* job control flags [sig] */

	/* threads */
	int __user *set_child_tid;      /* [self] */
	int __user *clear_child_tid;    /* [self] */
	void __user *robust_list;       /* [self] */
	struct rseq __user *rseq;       /* registered rseq area or NULL (kernel/rseq.c) [self] */
	u32 rseq_len, rseq_sig;         /* [self] */
	int rseq_cpu;                   /* CPU last written to it, -1 = write now [self] */
	unsigned long rseq_switches;    /* nvcsw + nivcsw when it was written [self] */
	size_t robust_list_len;         /* [self] */
	struct completion *vfork_done;  /* [self] */
	/* pidfd pollers of this leader's process, woken by do_notify_pidfd() [its own lock] */
	wait_queue_head_t wait_pidfd;

	/*
	 * Timer slack (prctl PR_SET_TIMERSLACK), ns: how late the timer of a
	 * user sleep may fire. Both are inherited at fork as the parent's
	 * current slack; PR_SET_TIMERSLACK 0 goes back to the default.
	 */
	u64 timer_slack_ns;             /* [self; sched_setscheduler under pi+rq] */
	u64 default_timer_slack_ns;     /* [const] */
	struct restart_block {
		long (*fn)(struct restart_block *);
		unsigned long arg[4];
	} restart_block;                /* [self] */

	/* generic per-task wait used by futexes, sleeping, etc. */
	struct list_head futex_list;    /* futex hash bucket [futex bucket lock] */

	/* children's accumulated usage is in signal_struct */
};

#define DEFAULT_TIMER_SLACK_NS  50000   /* init's, as Linux's init_task */

extern spinlock_t tasklist_lock;        /* irqsave: signals are sent from IRQ context */
extern struct list_head all_tasks;      /* every task, threads included [tasklist_lock] */
#define for_each_task(t) list_for_each_entry(t, &all_tasks, tasks)
#define for_each_process(t) for_each_task(t) if (thread_group_leader(t))

/* Linux's task_lock: guards a task's files, fs and comm (the [alloc]
 * fields) against other tasks. Never taken from interrupt context. */
static inline void task_lock(struct task_struct *p) { spin_lock(&p->alloc_lock); }
static inline void task_unlock(struct task_struct *p) { spin_unlock(&p->alloc_lock); }
/* Copy @tsk's comm to @buf (TASK_COMM_LEN bytes) under task_lock. */
char *get_task_comm(char *buf, struct task_struct *tsk);

extern struct task_struct init_task;    /* the boot CPU's idle task */

/* kernel/sched/core.c */
void sched_init(void);
void sched_init_cpu(int cpu);                   /* on each CPU before its idle loop */
void schedule(void);
long schedule_timeout(long jiffies);            /* returns remaining jiffies */
long schedule_timeout_uninterruptible(long jiffies);
int wake_up_process(struct task_struct *p);     /* 1 if it was woken */
int wake_up_state(struct task_struct *p, unsigned int state);
#define WF_SYNC                 0x04    /* the waker will wait for the wakee: do not preempt it */
int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags);
void wake_up_new_task(struct task_struct *p);
/* entry.S (ret_from_fork): a new task's first steps after __switch_to. */
void schedule_tail(struct task_struct *prev);
/* kernel/fork.c: boot-time task setup; each CPU's idle task. */
void fork_init(void);
struct task_struct *idle_task_create(int cpu);
void scheduler_tick(void);                      /* from the timer interrupt */
unsigned long nr_running(void);                 /* runnable tasks on all CPUs (racy sum; load average) */
void sched_yield_current(void);
void cpu_idle_loop(void) __noreturn;
int set_cpus_allowed(struct task_struct *p, cpumask_t mask);   /* 0 or -EINVAL */
/* true if the current task should call schedule() at the next opportunity */
static inline bool need_resched(void) { return READ_ONCE(this_cpu()->need_resched); }
static inline void set_tsk_need_resched(void) { WRITE_ONCE(this_cpu()->need_resched, 1); }
void cond_resched(void);
/* Policy and priority (kernel/sched/core.c); the nice and rt values are
 * already range-checked by the caller; permission checks are the caller's. */
static inline int task_nice(const struct task_struct *p) { return PRIO_TO_NICE(p->static_prio); }
void set_user_nice(struct task_struct *p, long nice);
/* 0 or -EINVAL: @policy SCHED_*, @rt_priority 1..99 for FIFO/RR, else 0. */
int sched_setscheduler_nocheck(struct task_struct *p, int policy, unsigned int rt_priority,
			       int nice, bool reset_on_fork);
/* fork: the child's scheduling state from its parent's (reset_on_fork). */
void sched_fork(struct task_struct *p);
/* CPU time of @p including the part of its current turn not yet accounted. */
u64 task_sched_runtime(struct task_struct *p);
/* sched_rr_get_interval: @p's time slice in ns (0: none, as SCHED_FIFO). */
u64 sched_rr_interval(struct task_struct *p);
unsigned long nr_context_switches(void);      /* since boot, all CPUs */
unsigned long nr_context_switches_cpu(int cpu);

/* kernel/sched/cputime.c: CPU time and switches of t's whole process */
struct task_cputime {
	u64 utime_ns, stime_ns;
	unsigned long nvcsw, nivcsw;
};
void thread_group_cputime(struct task_struct *t, struct task_cputime *times);
u64 process_sched_runtime(struct task_struct *t);       /* ns, scheduler-exact */

/* set_current_state: a full barrier after the store, paired with the one in
 * wq_has_sleeper()/try_to_wake_up() (the lost wake-up rule, wait.h). */
#define __set_current_state(s) WRITE_ONCE(current->state, (s))
/*
 * States that a racing wake-up must not overwrite (TASK_DEAD, TASK_STOPPED):
 * try_to_wake_up() tests and sets p->state under p->pi_lock, so setting the
 * state under the same lock orders the two (Linux's set_special_state()).
 */
#define set_special_state(s) do {                                            \
	unsigned long __f;                                                   \
	spin_lock_irqsave(&current->pi_lock, __f);                           \
	WRITE_ONCE(current->state, (s));                                     \
	spin_unlock_irqrestore(&current->pi_lock, __f);                      \
} while (0)
#define set_current_state(s) do { WRITE_ONCE(current->state, (s)); smp_mb(); } while (0)

/* kernel/fork.c, kernel/exit.c */
struct task_struct *find_task_by_pid(pid_t pid);   /* caller holds tasklist_lock or RCU-free ref */
/* pidfds (kernel/pidfd.c, kernel/exit.c): the process a pidfd names, or NULL
 * for another file; wake its pollers at exit (tasklist_lock held); whether
 * the process of @leader has exited (all threads gone; tasklist_lock held). */
struct file;
struct task_struct *pidfd_task(struct file *f);
int pidfd_prepare(struct file **fp);    /* CLONE_PIDFD: reserved fd, or -errno */
void pidfd_install(int fd, struct file *f, struct task_struct *p);
void do_notify_pidfd(struct task_struct *leader);
bool process_exited(struct task_struct *leader);
struct task_struct *get_task_by_pid(pid_t pid);    /* takes a reference, or NULL */
static inline void get_task_struct(struct task_struct *t) { atomic_inc(&t->usage); }
void put_task_struct(struct task_struct *t);
extern unsigned long total_forks;   /* tasks created since boot (/proc/stat "processes") [tasklist_lock] */
/* A kernel thread's task, not yet woken (kernel/kthread.c starts it), or an ERR_PTR. */
struct task_struct *copy_kernel_thread(int (*fn)(void *), void *arg, const char *name);
__noreturn void do_exit(int code);
__noreturn void do_group_exit(int code);
/* Next thread-group id greater than @after that is alive, or -1 (procfs). */
pid_t next_tgid(pid_t after);
/* Next thread id greater than @after in process @tgid, or -1 (procfs). */
pid_t next_tid(pid_t tgid, pid_t after);
/* Kill every other thread of current's process and wait for them (execve). */
int de_thread(struct task_struct *tsk);
static inline bool thread_group_leader(struct task_struct *t) { return t->group_leader == t; }
static inline pid_t task_tgid(struct task_struct *t) { return t->tgid; }

/* completions (kernel/sched/wait.c) */
struct completion { unsigned int done; wait_queue_head_t wait; };
void init_completion(struct completion *c);
void complete(struct completion *c);
void wait_for_completion(struct completion *c);

#include <shoal/mm.h>

#endif
