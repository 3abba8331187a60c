/* SPDX-License-Identifier: MIT */
/*
 * Signals (kernel/signal.c, arch/riscv/kernel/signal.c).
 *
 * Locking: sighand->siglock (irqsave; signals are sent from interrupt
 * context, e.g. ^C from the tty and itimers) guards the action table, every
 * thread's pending/blocked sets, signal->shared_pending and the group
 * exit/stop state.
 */
#ifndef _SHOAL_SIGNAL_H
#define _SHOAL_SIGNAL_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/spinlock.h>
#include <shoal/atomic.h>
#include <shoal/wait.h>
#include <uapi/signal.h>

typedef unsigned long sigset_t;         /* bit (sig-1) for signal sig; 64 signals */
#define sigmask(sig)    (1UL << ((sig) - 1))
#define SIG_KERNEL_ONLY_MASK (sigmask(SIGKILL) | sigmask(SIGSTOP))

typedef void (*__sighandler_t)(int);

/* The kernel's sigaction: on riscv there is no sa_restorer. */
struct k_sigaction {
	__sighandler_t handler;
	unsigned long flags;
	sigset_t mask;
};

struct kernel_siginfo {
	int si_signo, si_errno, si_code;
	int _pad;
	union {
		struct { pid_t pid; uid_t uid; } kill;
		struct { int tid; int overrun; long value; } timer;
		struct { pid_t pid; uid_t uid; int status; long utime, stime; } chld;
		struct { unsigned long addr; } fault;
		struct { pid_t pid; uid_t uid; long value; } rt;
		struct { long band; int fd; } poll;
	};
};

/* One queued signal (RT signals queue; standard ones at most once). */
struct sigqueue {
	struct list_head list;
	struct kernel_siginfo info;
};

struct sigpending {
	struct list_head list;          /* struct sigqueue */
	sigset_t signal;
};

struct sighand_struct {
	atomic_t count;
	spinlock_t siglock;
	struct k_sigaction action[_NSIG];
	/* signalfd readers and pollers; woken when a signal is queued */
	wait_queue_head_t signalfd_wqh;
};

struct rlimit64 { unsigned long rlim_cur, rlim_max; };
#define RLIM_NLIMITS 16

struct itimer {
	ktime_t expires;                /* absolute monotonic ns, 0 = disarmed */
	ktime_t interval;
};

struct tty_struct;

/* Shared by all threads of a process. */
struct signal_struct {
	atomic_t live;                  /* threads not yet exited */
	atomic_t count;                 /* references */
	struct list_head thread_head;   /* threads [tasklist_lock] */
	int nr_threads;                 /* [tasklist_lock] */
	wait_queue_head_t wait_chldexit;    /* parent waits here in wait4 */
	struct sigpending shared_pending;   /* [siglock] */
	int group_exit_code;            /* [siglock] */
	unsigned int flags;             /* SIGNAL_* [siglock] */
	struct task_struct *group_exit_task;
	int group_stop_count;           /* [siglock] */
	pid_t pgrp;                     /* [tasklist_lock] */
	pid_t session;                  /* [tasklist_lock] */
	struct tty_struct *tty;         /* controlling terminal [tasklist_lock] */
	struct rlimit64 rlim[RLIM_NLIMITS];
	struct itimer it_real, it_virt, it_prof;    /* [siglock] */
	void *it_real_timer;            /* kernel timer for ITIMER_REAL */
	struct list_head posix_timers;  /* struct k_itimer (timer_create) [siglock] */
	int posix_timer_id;             /* next id to try [siglock] */
	int nr_posix_timers;            /* [siglock] */
	/* usage of reaped children (getrusage RUSAGE_CHILDREN, times) */
	u64 cutime_ns, cstime_ns;
	/* usage of exited threads of this process */
	u64 utime_ns, stime_ns;
	u64 sum_sched_runtime;          /* their se.sum_exec_runtime */
	unsigned long maxrss_kb;
	bool is_child_subreaper;
	short oom_score_adj;            /* /proc/PID/oom_score_adj; fork copies it [READ_ONCE] */
	short oom_score_adj_min;        /* lowest it may go without CAP_SYS_RESOURCE [READ_ONCE] */
};

#define SIGNAL_GROUP_EXIT       0x01    /* the whole group is exiting */
#define SIGNAL_STOP_STOPPED     0x02    /* job control stop in effect */
#define SIGNAL_STOP_CONTINUED   0x04    /* SIGCONT since last WCONTINUED report */
#define SIGNAL_CLD_STOPPED      0x10
#define SIGNAL_CLD_CONTINUED    0x20

struct task_struct;
struct pt_regs;
struct restart_block;

/* True if @t has a deliverable (unblocked) signal pending. */
bool signal_pending(struct task_struct *t);
bool fatal_signal_pending(struct task_struct *t);

/* Sending. Return 0 or -errno. */
int send_sig_info(int sig, struct kernel_siginfo *info, struct task_struct *t);   /* to a thread */
int group_send_sig_info(int sig, struct kernel_siginfo *info, struct task_struct *t); /* to a process */
int send_sig_to_signal(struct signal_struct *s, int sig, const struct kernel_siginfo *info,
		       pid_t tid);       /* tid 0: the process; else that thread of it */
int send_sig(int sig, struct task_struct *t, int priv);
int kill_pgrp(pid_t pgrp, int sig, int priv);
/* To a file owner (fs/fasync.c): @type 1 thread, 2 process, 3 process group. */
int kill_fown_info(int type, pid_t pid, int sig, const struct kernel_siginfo *info,
		   uid_t uid, uid_t euid);
/* To the process of @s through any of its threads (itimers); SI_KERNEL. */
int group_send_sig_to(struct signal_struct *s, int sig);
bool signal_ignored_by(struct signal_struct *s, int sig);      /* racy: a hint */
/* A synchronous fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) for current:
 * unblocks and un-ignores it if needed, as Linux's force_sig_fault. */
void force_sig_fault(int sig, int code, unsigned long addr);
void force_sig(int sig);

/* Called from the return-to-user path with IRQs enabled, when
 * signal_pending(current) or a restart is due. Sets up a handler frame or
 * takes the default action; handles -ERESTART* syscall results in regs. */
void do_signal(struct pt_regs *regs);

/* fork/exit/exec hooks */
struct sighand_struct *sighand_alloc(void);
void sighand_put(struct sighand_struct *sh);
struct signal_struct *signal_alloc(void);
void signal_put(struct signal_struct *s);
void flush_signal_handlers(struct task_struct *t);      /* execve: handlers -> SIG_DFL */
void exit_signals(struct task_struct *t);
/*
 * Notify the parent that @t exited (SIGCHLD + wake wait_chldexit). Caller
 * holds tasklist_lock. Returns true if the parent ignores SIGCHLD or set
 * SA_NOCLDWAIT: the child is auto-reaped and the caller must release it
 * instead of leaving a zombie.
 */
bool do_notify_parent(struct task_struct *t, int sig);
void signals_init(void);

/*
 * The signal half of do_group_exit(): unless the group is already exiting,
 * mark it exiting with @exit_code and SIGKILL every other thread. Returns
 * the exit code current must pass to do_exit() (the group's, if another
 * thread got there first). Takes tasklist_lock and siglock.
 * do_group_exit(code) is: do_exit(do_group_exit_prepare(code)).
 */
int do_group_exit_prepare(int exit_code);

/* task->jobctl bits [siglock] */
#define JOBCTL_STOP_PENDING     0x1     /* must take part in a group stop */
#define JOBCTL_STOP_DEQUEUED    0x2     /* a stop signal was dequeued; SIGCONT clears it */

/* sigaltstack(2)'s stack_t (Linux layout). */
typedef struct {
	void __user *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

/* A signal chosen for delivery to a handler (get_signal -> arch frame code). */
struct ksignal {
	struct k_sigaction ka;
	struct kernel_siginfo info;
	int sig;
};
#define SI_MAX_SIZE 128                 /* user siginfo_t size */

/* Delivery (kernel/signal.c), used by the arch's do_signal(). */
bool get_signal(struct ksignal *ksig);          /* true: run ksig's handler */
void signal_setup_done(int failed, struct ksignal *ksig);
sigset_t sigmask_to_save(void);
void restore_saved_sigmask(void);
int copy_siginfo_to_user(void __user *to, const struct kernel_siginfo *from);
/* signalfd: dequeue one pending signal of @want for current; 0 if none. */
int signalfd_dequeue(sigset_t want, struct kernel_siginfo *info);
void force_sigsegv(int sig);
long do_no_restart_syscall(struct restart_block *rb);

/* Masks: current's blocked set (SIGKILL/SIGSTOP are silently dropped). */
void set_current_blocked(sigset_t set);
/*
 * pselect6/ppoll/epoll_pwait: install a temporary mask for the call.
 * set_user_sigmask: NULL umask = no change; else saves the old mask for the
 * signal code to restore after the handler runs. Returns 0, -EINVAL
 * (sigsetsize != 8) or -EFAULT.
 * restore_saved_sigmask_unless(interrupted): call on the way out with
 * interrupted = (ret == -EINTR || ret == -ERESTARTNOHAND); when the call was
 * interrupted the old mask is restored after the handler frame is built.
 */
int set_user_sigmask(const sigset_t __user *umask, size_t sigsetsize);
void restore_saved_sigmask_unless(bool interrupted);

/* Alternate signal stack helpers (arch frame code). */
bool on_sig_stack(unsigned long sp);
unsigned long sigsp(unsigned long sp, struct ksignal *ksig);
void save_altstack(stack_t *uss, unsigned long sp);     /* fills a kernel copy; may auto-disarm */
int restore_altstack(const stack_t __user *uss);

/* Job control (POSIX orphaned process groups), for the tty layer: true if
 * no member of @pgrp has a parent in another group of the same session. */
bool is_orphaned_pgrp(pid_t pgrp);

#endif
