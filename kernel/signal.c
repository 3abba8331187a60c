// SPDX-License-Identifier: MIT
/*
 * Signals: sending, queueing, job control, delivery decisions and the
 * signal system calls, with Linux's semantics (the in-guest tests compare
 * against Linux). The handler frame itself is built by the arch
 * (arch/riscv/kernel/signal.c), which also owns do_signal() and the
 * system-call restart rules. Overview: Documentation/signals-and-time.md.
 *
 * Locking
 *   tasklist_lock (irqsave)  the task list, pids, families and every
 *                            process's thread list (signal->thread_head).
 *   sighand->siglock         the action table, every thread's pending,
 *                            blocked and jobctl, signal->shared_pending and
 *                            the group exit/stop state (signal->flags,
 *                            group_exit_code, group_stop_count).
 * Order: tasklist_lock -> siglock -> task->pi_lock -> rq->lock (wake-ups).
 * Every path that must look at the threads of a process (all senders, group
 * stop, group exit, SIGCONT) takes tasklist_lock first; paths that touch one
 * task's own state (dequeue, sigprocmask) take siglock alone, always with
 * IRQs off because the tty and the itimers send from interrupt context.
 * Two different processes' siglocks are nested only under tasklist_lock
 * (child -> parent for SIGCHLD), which serialises every such pair.
 *
 * Pending state is not mirrored in a TIF flag: signal_pending() recomputes
 * (pending | shared) & ~blocked, plus a pending group stop, from three
 * words. A sender sets the bit under siglock and then wakes the target or,
 * if it runs on another CPU, kicks it with a reschedule IPI so that it
 * notices on its way back to user mode.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/sched/rt.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/time.h>
#include <shoal/futex.h>
#include <shoal/fs.h>
#include <shoal/cred.h>
#include <uapi/time.h>
#include <uapi/resource.h>
#include <uapi/poll.h>
#include <shoal/syscalls.h>

#define SYNCHRONOUS_MASK (sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | \
			  sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))
#define SIG_KERNEL_STOP_MASK (sigmask(SIGSTOP) | sigmask(SIGTSTP) | \
			      sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define SIG_KERNEL_IGNORE_MASK (sigmask(SIGCONT) | sigmask(SIGCHLD) | \
				sigmask(SIGWINCH) | sigmask(SIGURG))

static inline bool valid_signal(int sig) { return sig >= 1 && sig <= _NSIG; }
static inline bool sig_kernel_only(int sig) { return sigmask(sig) & SIG_KERNEL_ONLY_MASK; }
static inline bool sig_kernel_stop(int sig) { return sig < SIGRTMIN && (sigmask(sig) & SIG_KERNEL_STOP_MASK); }
static inline bool sig_kernel_ignore(int sig) { return sig < SIGRTMIN && (sigmask(sig) & SIG_KERNEL_IGNORE_MASK); }
static inline bool is_global_init(struct task_struct *t) { return t->tgid == 1; }
static inline struct k_sigaction *sig_action(struct task_struct *t, int sig)
{
	return &t->sighand->action[sig - 1];
}


/* ---- allocation and teardown ---- */

struct sighand_struct *sighand_alloc(void)
{
	struct sighand_struct *sh = kzalloc(sizeof(*sh), GFP_KERNEL);

	if (!sh)
		return NULL;
	atomic_set(&sh->count, 1);
	spin_lock_init_ranked(&sh->siglock, "sighand->siglock", LOCKRANK_SIGLOCK);
	init_waitqueue_head(&sh->signalfd_wqh);
	return sh;
}

void sighand_put(struct sighand_struct *sh)
{
	if (!atomic_dec_and_test(&sh->count))
		return;
	/* epoll entries on a signalfd outlive any one read: unhook them */
	wake_up_pollfree(&sh->signalfd_wqh);
	kfree(sh);
}

static void init_sigpending(struct sigpending *p)
{
	INIT_LIST_HEAD(&p->list);
	p->signal = 0;
}

/* Drop every queued signal in @mask from @p (siglock held or @p private). */
static void flush_sigqueue_mask(sigset_t mask, struct sigpending *p)
{
	struct sigqueue *q, *n;

	if (!(p->signal & mask))
		return;
	p->signal &= ~mask;
	list_for_each_entry_safe(q, n, &p->list, list) {
		if (sigmask(q->info.si_signo) & mask) {
			list_del(&q->list);
			kfree(q);
		}
	}
}

static void default_rlimits(struct rlimit64 *rlim)
{
	unsigned long threads = nr_total_pages() / (2 * (KSTACK_SIZE / PAGE_SIZE)) / 2;
	int i;

	for (i = 0; i < RLIM_NLIMITS; i++)
		rlim[i].rlim_cur = rlim[i].rlim_max = RLIM_INFINITY;
	rlim[RLIMIT_STACK].rlim_cur = 8UL << 20;
	rlim[RLIMIT_CORE].rlim_cur = 0;
	rlim[RLIMIT_NPROC].rlim_cur = rlim[RLIMIT_NPROC].rlim_max = threads;
	rlim[RLIMIT_SIGPENDING].rlim_cur = rlim[RLIMIT_SIGPENDING].rlim_max = threads;
	rlim[RLIMIT_NOFILE].rlim_cur = 1024;
	rlim[RLIMIT_NOFILE].rlim_max = 4096;
	rlim[RLIMIT_MEMLOCK].rlim_cur = rlim[RLIMIT_MEMLOCK].rlim_max = 8UL << 20;
	rlim[RLIMIT_MSGQUEUE].rlim_cur = rlim[RLIMIT_MSGQUEUE].rlim_max = 819200;
	rlim[RLIMIT_NICE].rlim_cur = rlim[RLIMIT_NICE].rlim_max = 0;
	rlim[RLIMIT_RTPRIO].rlim_cur = rlim[RLIMIT_RTPRIO].rlim_max = 0;
}

struct signal_struct *signal_alloc(void)
{
	struct signal_struct *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	atomic_set(&s->live, 1);
	atomic_set(&s->count, 1);
	INIT_LIST_HEAD(&s->thread_head);
	INIT_LIST_HEAD(&s->posix_timers);
	init_waitqueue_head(&s->wait_chldexit);
	init_sigpending(&s->shared_pending);
	default_rlimits(s->rlim);
	return s;
}

void signal_put(struct signal_struct *s)
{
	if (!atomic_dec_and_test(&s->count))
		return;
	itimers_exit(s);
	posix_timers_exit(s);
	flush_sigqueue_mask(~0UL, &s->shared_pending);
	kfree(s);
}

/* Boot. Signal structures come from kmalloc; the futex hash needs its locks. */
void signals_init(void)
{
	futex_init();
}

/* ---- pending state ---- */

bool signal_pending(struct task_struct *t)
{
	struct signal_struct *sig = t->signal;
	sigset_t p;

	if (unlikely(!sig))
		return false;
	p = READ_ONCE(t->pending.signal) | READ_ONCE(sig->shared_pending.signal);
	if (p & ~READ_ONCE(t->blocked))
		return true;
	return READ_ONCE(t->jobctl) & JOBCTL_STOP_PENDING;
}

bool fatal_signal_pending(struct task_struct *t)
{
	return t->signal && ((READ_ONCE(t->pending.signal) & sigmask(SIGKILL)) ||
			     (READ_ONCE(t->signal->flags) & SIGNAL_GROUP_EXIT));
}

/* ---- waking the target ---- */

/* Make a task running on another CPU notice a new signal on its way back to
 * user mode. The barrier orders the pending-bit store (under siglock) before
 * the on_cpu load; paired with the rq lock taken by the context switch. */
static void kick_process(struct task_struct *t)
{
	int cpu;

	smp_mb();
	cpu = READ_ONCE(t->cpu);
	if (t != current && READ_ONCE(t->on_cpu) && cpu != smp_processor_id())
		smp_send_reschedule(cpu);
}

/* siglock held. @fatal also wakes killable and stopped sleeps. */
static void signal_wake_up(struct task_struct *t, bool fatal)
{
	unsigned int state = TASK_INTERRUPTIBLE;

	if (fatal)
		state |= TASK_WAKEKILL | TASK_STOPPED;
	if (!wake_up_state(t, state))
		kick_process(t);
}

/* ---- sending ---- */

static bool sig_handler_ignored(__sighandler_t handler, int sig)
{
	return handler == SIG_IGN || (handler == SIG_DFL && sig_kernel_ignore(sig));
}

/* Would @s's process discard @sig (SIG_IGN, or ignored by default)? Read
 * without siglock: the answer may be stale by the time it is used. */
bool signal_ignored_by(struct signal_struct *s, int sig)
{
	struct task_struct *t;

	t = list_first_entry_or_null(&s->thread_head, struct task_struct, thread_node);
	return t && t->sighand && sig_handler_ignored(READ_ONCE(t->sighand->action[sig - 1].handler), sig);
}

/* Discard @sig at send time? Blocked signals are never discarded: the
 * handler may change before they are unblocked. siglock held. */
static bool sig_ignored(struct task_struct *t, int sig, bool force)
{
	__sighandler_t handler;

	if (sigmask(sig) & (t->blocked | t->real_blocked))
		return false;
	handler = sig_action(t, sig)->handler;
	if (is_global_init(t) && handler == SIG_DFL && !force)
		return true;    /* init only dies of what it asked for */
	return sig_handler_ignored(handler, sig);
}

/* Stop and continue act at send time on the whole group. tasklist_lock and
 * @p's siglock held. */
static void stop_continue_side_effects(int sig, struct task_struct *p);
static void do_notify_parent_cldstop(struct task_struct *tsk, int why);

/* May thread @t take @sig now? */
static bool wants_signal(int sig, struct task_struct *t)
{
	if (sigmask(sig) & t->blocked)
		return false;
	if ((t->flags & PF_EXITING) || t->exit_state)
		return false;
	if (sig == SIGKILL)
		return true;
	return !(READ_ONCE(t->state) & TASK_STOPPED);
}

/* Send SIGKILL to every other live thread of @p's group. tasklist_lock and
 * siglock held. */
static void zap_other_threads(struct task_struct *p)
{
	struct task_struct *t;

	p->signal->group_stop_count = 0;
	list_for_each_entry(t, &p->signal->thread_head, thread_node) {
		t->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOP_DEQUEUED);
		if (t == p || t->exit_state)
			continue;
		t->pending.signal |= sigmask(SIGKILL);
		signal_wake_up(t, true);
	}
}

/*
 * Find a thread to take a new signal and wake it. A fatal signal (default
 * action terminate, not blocked by the chosen thread) starts the group exit
 * right here, as Linux does, so every thread dies promptly.
 */
static void complete_signal(int sig, struct task_struct *p, bool group)
{
	struct signal_struct *signal = p->signal;
	struct task_struct *t = NULL, *it;
	__sighandler_t handler;

	if (wants_signal(sig, p)) {
		t = p;
	} else if (group) {
		list_for_each_entry(it, &signal->thread_head, thread_node) {
			if (wants_signal(sig, it)) {
				t = it;
				break;
			}
		}
	}
	if (!t)
		return;         /* every thread blocks it: it waits in shared_pending */
	handler = sig_action(p, sig)->handler;
	if (handler == SIG_DFL && !sig_kernel_ignore(sig) && !sig_kernel_stop(sig) &&
	    !(signal->flags & SIGNAL_GROUP_EXIT) && !(sigmask(sig) & t->real_blocked)) {
		/* even when thread-directed, it kills the whole group; init
		 * gets here only with a forced fault (sig_ignored) */
		signal->flags = SIGNAL_GROUP_EXIT;
		signal->group_exit_code = sig;
		signal->group_exit_task = NULL;
		p->pending.signal |= sigmask(SIGKILL);
		signal_wake_up(p, true);
		zap_other_threads(p);
		return;
	}
	signal_wake_up(t, sig == SIGKILL);
}

/*
 * Queue @sig for @t (thread-directed) or its process (@group). Standard
 * signals are pending at most once; real-time signals queue with their
 * siginfo. tasklist_lock and t->sighand->siglock held.
 */
static int __send_signal(int sig, const struct kernel_siginfo *info,
			 struct task_struct *t, bool group, bool force)
{
	struct sigpending *pending;
	struct sigqueue *q;

	assert_spin_locked(&t->sighand->siglock);

	if (t->signal->flags & SIGNAL_GROUP_EXIT)
		return 0;       /* dying anyway */
	stop_continue_side_effects(sig, t);
	if (sig_ignored(t, sig, force))
		return 0;
	if (!group && (t->flags & PF_EXITING))
		return 0;       /* exit_signals() already flushed its queue */
	pending = group ? &t->signal->shared_pending : &t->pending;
	if (sig < SIGRTMIN && (pending->signal & sigmask(sig)))
		return 0;
	q = kmalloc(sizeof(*q), GFP_ATOMIC);
	if (q) {
		if (info) {
			q->info = *info;
		} else {
			memset(&q->info, 0, sizeof(q->info));
			q->info.si_code = SI_KERNEL;
		}
		q->info.si_signo = sig;
		list_add_tail(&q->list, &pending->list);
	} else if (sig >= SIGRTMIN && info && info->si_code != SI_USER) {
		return -EAGAIN;         /* sigqueue(3) reports the overflow */
	}
	pending->signal |= sigmask(sig);
	/* signalfd readers wait for blocked signals too (Linux's signalfd_notify) */
	if (unlikely(waitqueue_active(&t->sighand->signalfd_wqh)))
		wake_up_poll(&t->sighand->signalfd_wqh, EPOLLIN | EPOLLRDNORM);
	complete_signal(sig, t, group);
	return 0;
}

/* Lock @t's siglock and send; tasklist_lock held (so t->sighand is stable). */
static int send_locked(int sig, const struct kernel_siginfo *info,
		       struct task_struct *t, bool group, bool force)
{
	int ret;

	if (!t->sighand || !t->signal || (t->flags & PF_KTHREAD))
		return 0;       /* kernel threads take no signals */
	if (!sig)
		return 0;       /* existence check */
	spin_lock(&t->sighand->siglock);
	ret = __send_signal(sig, info, t, group, force);
	spin_unlock(&t->sighand->siglock);
	return ret;
}

/* May a sender with real uid @uid and effective @euid signal @t? Either
 * must be @t's real or saved uid. Reads @t's cred under its cred_lock (a
 * leaf under tasklist_lock). */
static bool uids_may_signal(struct task_struct *t, uid_t uid, uid_t euid)
{
	unsigned long flags;
	uid_t tuid, tsuid;

	spin_lock_irqsave(&t->cred_lock, flags);
	tuid = t->real_cred->uid;
	tsuid = t->real_cred->suid;
	spin_unlock_irqrestore(&t->cred_lock, flags);
	return euid == tsuid || euid == tuid || uid == tsuid || uid == tuid;
}

/* May current signal @t (Linux's kill_ok_by_cred)? By its uids, or with CAP_KILL. */
static bool kill_ok_by_cred(struct task_struct *t)
{
	const struct cred *c = current_cred();

	return uids_may_signal(t, c->uid, c->euid) || capable(CAP_KILL);
}

/* A signal a user sends (kill, tkill, sigqueue, pidfd): its own process
 * always, others by kill_ok_by_cred, SIGCONT within the session. */
static int check_kill_permission(int sig, struct task_struct *t)
{
	if (t->tgid == current->tgid || kill_ok_by_cred(t))
		return 0;
	if (sig == SIGCONT && t->signal && t->signal->session == current->signal->session)
		return 0;
	return -EPERM;
}

/* send_locked for a user's signal: the permission check first. */
static int send_user_locked(int sig, const struct kernel_siginfo *info,
			    struct task_struct *t, bool group)
{
	int err = check_kill_permission(sig, t);

	return err ? err : send_locked(sig, info, t, group, false);
}

int send_sig_info(int sig, struct kernel_siginfo *info, struct task_struct *t)
{
	unsigned long flags;
	int ret;

	if (!valid_signal(sig))
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	ret = send_locked(sig, info, t, false, false);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

int group_send_sig_info(int sig, struct kernel_siginfo *info, struct task_struct *t)
{
	unsigned long flags;
	int ret;

	if (!valid_signal(sig) && sig)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	ret = send_locked(sig, info, t, true, false);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

static void fill_kill_info(struct kernel_siginfo *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	if (code == SI_USER || code == SI_TKILL || code == SI_QUEUE) {
		info->kill.pid = in_interrupt() ? 0 : current->tgid;
		info->kill.uid = in_interrupt() ? 0 : current_uid();
	}
}

/*
 * Send @sig with @info (NULL: SI_KERNEL) to the process of @s through any
 * thread still in its thread list, or to its thread @tid alone if @tid is
 * not 0 (timers: ITIMER_REAL, timer_create). 0, or -ESRCH if there is no
 * such thread left.
 */
int send_sig_to_signal(struct signal_struct *s, int sig, const struct kernel_siginfo *info,
		       pid_t tid)
{
	struct task_struct *t;
	unsigned long flags;
	int ret = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &s->thread_head, thread_node) {
		if (!t->sighand || (tid && t->pid != tid))
			continue;
		ret = send_locked(sig, info, t, !tid, false);
		break;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

int group_send_sig_to(struct signal_struct *s, int sig)
{
	return send_sig_to_signal(s, sig, NULL, 0);
}

int send_sig(int sig, struct task_struct *t, int priv)
{
	struct kernel_siginfo info;

	fill_kill_info(&info, sig, priv ? SI_KERNEL : SI_USER);
	return send_sig_info(sig, &info, t);
}

/* Send to every process in @pgrp; tasklist_lock held. 0, or -ESRCH if the
 * group is empty, or the last error. @user: a user's signal (permission
 * checked per process). */
static int __kill_pgrp_info(int sig, const struct kernel_siginfo *info, pid_t pgrp, bool user)
{
	struct task_struct *p;
	bool found = false;
	int err, ret = -ESRCH;

	assert_spin_locked(&tasklist_lock);

	for_each_task(p) {
		if (!thread_group_leader(p) || (p->flags & PF_KTHREAD) ||
		    p->signal->pgrp != pgrp)
			continue;
		err = user ? send_user_locked(sig, info, p, true) : send_locked(sig, info, p, true, false);
		if (!found || !err)
			ret = err;
		found = true;
	}
	return ret;
}

int kill_pgrp(pid_t pgrp, int sig, int priv)
{
	struct kernel_siginfo info;
	unsigned long flags;
	int ret;

	if (!valid_signal(sig))
		return -EINVAL;
	fill_kill_info(&info, sig, priv ? SI_KERNEL : SI_USER);
	spin_lock_irqsave(&tasklist_lock, flags);
	ret = __kill_pgrp_info(sig, &info, pgrp, !priv);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* May the one who set a file's owner (its real and effective uids then)
 * signal @p? Linux's sigio_perm: root, or as kill_ok_by_cred. */
static bool sigio_perm(struct task_struct *p, uid_t uid, uid_t euid)
{
	return euid == 0 || uids_may_signal(p, uid, euid);
}

/*
 * SIGIO/SIGURG to a file's owner (fs/fasync.c, from a softirq): @type is
 * enum fown_type (1 a thread, 2 a process, 3 a process group); @uid and
 * @euid are the setter's (sigio_perm). Targets it may not signal are
 * passed over silently, as Linux.
 */
int kill_fown_info(int type, pid_t pid, int sig, const struct kernel_siginfo *info,
		   uid_t uid, uid_t euid)
{
	struct task_struct *p;
	unsigned long flags;
	int err, ret = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (type == 3) {
		for_each_task(p) {
			if (!thread_group_leader(p) || (p->flags & PF_KTHREAD) ||
			    p->signal->pgrp != pid)
				continue;
			err = sigio_perm(p, uid, euid) ? send_locked(sig, info, p, true, false) : 0;
			if (ret == -ESRCH || !err)
				ret = err;
		}
	} else {
		p = find_task_by_pid(pid);
		if (p && !(p->flags & PF_IDLE) && (type == 1 || p->tgid == pid))
			ret = sigio_perm(p, uid, euid) ? send_locked(sig, info, p, type != 1, false) : 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/*
 * force_sig_info for current: a synchronous fault must not be blocked or
 * ignored (the faulting instruction would run again forever), so, as Linux,
 * a blocked or ignored one is unblocked and its action reset to SIG_DFL.
 */
static void force_sig_info(const struct kernel_siginfo *info)
{
	struct task_struct *t = current;
	int sig = info->si_signo;
	struct k_sigaction *ka;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&t->sighand->siglock);
	ka = sig_action(t, sig);
	if (ka->handler == SIG_IGN || (t->blocked & sigmask(sig))) {
		ka->handler = SIG_DFL;
		t->blocked &= ~sigmask(sig);
	}
	__send_signal(sig, info, t, false, true);
	spin_unlock(&t->sighand->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void force_sig_fault(int sig, int code, unsigned long addr)
{
	struct kernel_siginfo info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.fault.addr = addr;
	force_sig_info(&info);
}

void force_sig(int sig)
{
	struct kernel_siginfo info;

	fill_kill_info(&info, sig, SI_KERNEL);
	force_sig_info(&info);
}

/* A handler frame could not be written: die of SIGSEGV even if it is handled. */
void force_sigsegv(int sig)
{
	unsigned long flags;

	if (sig == SIGSEGV) {
		spin_lock_irqsave(&current->sighand->siglock, flags);
		sig_action(current, SIGSEGV)->handler = SIG_DFL;
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
	}
	force_sig(SIGSEGV);
}

/* ---- job control ---- */

static void stop_continue_side_effects(int sig, struct task_struct *p)
{
	struct signal_struct *signal = p->signal;
	struct task_struct *t;

	if (sig_kernel_stop(sig)) {
		flush_sigqueue_mask(sigmask(SIGCONT), &signal->shared_pending);
		list_for_each_entry(t, &signal->thread_head, thread_node)
			flush_sigqueue_mask(sigmask(SIGCONT), &t->pending);
		return;
	}
	if (sig != SIGCONT)
		return;
	/* SIGCONT resumes the group even if it is blocked or ignored. */
	flush_sigqueue_mask(SIG_KERNEL_STOP_MASK, &signal->shared_pending);
	list_for_each_entry(t, &signal->thread_head, thread_node) {
		flush_sigqueue_mask(SIG_KERNEL_STOP_MASK, &t->pending);
		t->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOP_DEQUEUED);
		wake_up_state(t, TASK_STOPPED);
	}
	signal->group_stop_count = 0;
	if (signal->flags & SIGNAL_STOP_STOPPED) {
		signal->flags = (signal->flags & ~(SIGNAL_STOP_STOPPED | SIGNAL_CLD_STOPPED)) |
				SIGNAL_STOP_CONTINUED | SIGNAL_CLD_CONTINUED;
		do_notify_parent_cldstop(p, CLD_CONTINUED);
	}
}

/* The last thread to stop completes the group stop. Both locks held. */
static void group_stop_done(struct task_struct *tsk)
{
	struct signal_struct *signal = tsk->signal;

	signal->flags = (signal->flags & ~(SIGNAL_STOP_CONTINUED | SIGNAL_CLD_CONTINUED)) |
			SIGNAL_STOP_STOPPED | SIGNAL_CLD_STOPPED;
	do_notify_parent_cldstop(tsk, CLD_STOPPED);
}

/*
 * Take part in a group stop, starting one if @signr (a dequeued stop
 * signal) is non-zero and none is in progress, then sleep in TASK_STOPPED
 * until SIGCONT or SIGKILL. Called without locks.
 */
static void do_signal_stop(int signr)
{
	struct task_struct *cur = current, *t;
	struct signal_struct *signal = cur->signal;
	unsigned long flags;
	int count = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&cur->sighand->siglock);
	if (!(cur->jobctl & JOBCTL_STOP_PENDING)) {
		/* a SIGCONT since the dequeue cancels the stop */
		if (!signr || !(cur->jobctl & JOBCTL_STOP_DEQUEUED) ||
		    (signal->flags & SIGNAL_GROUP_EXIT)) {
			cur->jobctl &= ~JOBCTL_STOP_DEQUEUED;
			spin_unlock(&cur->sighand->siglock);
			spin_unlock_irqrestore(&tasklist_lock, flags);
			return;
		}
		signal->group_exit_code = signr;
		list_for_each_entry(t, &signal->thread_head, thread_node) {
			if (t == cur || (t->flags & PF_EXITING) || t->exit_state)
				continue;
			t->jobctl |= JOBCTL_STOP_PENDING;
			count++;
			signal_wake_up(t, false);
		}
		signal->group_stop_count = count + 1;
		cur->jobctl |= JOBCTL_STOP_PENDING;
	}
	cur->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOP_DEQUEUED);
	if (signal->group_stop_count > 0 && --signal->group_stop_count == 0)
		group_stop_done(cur);
	set_special_state(TASK_STOPPED);
	spin_unlock(&cur->sighand->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	schedule();
	__set_current_state(TASK_RUNNING);
}

static bool pgrp_orphaned_locked(pid_t pgrp, struct task_struct *ignore)
{
	struct task_struct *p, *parent;

	for_each_task(p) {
		if (!thread_group_leader(p) || p == ignore || p->signal->pgrp != pgrp ||
		    p->exit_state)
			continue;
		parent = p->real_parent;
		if (parent && !is_global_init(parent) && parent->signal &&
		    parent->signal->pgrp != pgrp && parent->signal->session == p->signal->session)
			return false;
	}
	return true;
}

bool is_orphaned_pgrp(pid_t pgrp)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	ret = pgrp_orphaned_locked(pgrp, NULL);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* ---- parent notification ---- */

static void fill_chld_info(struct kernel_siginfo *info, struct task_struct *tsk,
			   int code, int status)
{
	struct signal_struct *sig = tsk->signal;

	memset(info, 0, sizeof(*info));
	info->si_signo = SIGCHLD;
	info->si_code = code;
	info->chld.pid = tsk->tgid;
	info->chld.status = status;
	info->chld.utime = nsec_to_clock_t(sig->utime_ns + tsk->utime_ns);
	info->chld.stime = nsec_to_clock_t(sig->stime_ns + tsk->stime_ns);
}

/* Send SIGCHLD to @parent's process and wake its wait4/waitid callers.
 * tasklist_lock held; @held is a siglock this CPU already holds. */
static bool notify_parent_locked(struct task_struct *parent, struct kernel_siginfo *info,
				 int sig, spinlock_t *held, bool stop_report)
{
	struct sighand_struct *psh = parent->sighand;
	struct k_sigaction *ka;
	bool autoreap = false;

	if (!psh || !parent->signal)
		return false;
	/* With @held (the child's siglock), the parent's is a second lock of
	 * the same class, always taken child then parent. */
	if (held && &psh->siglock != held)
		spin_lock_nested(&psh->siglock);
	else if (&psh->siglock != held)
		spin_lock(&psh->siglock);
	ka = &psh->action[SIGCHLD - 1];
	if (stop_report) {
		if (ka->handler == SIG_IGN || (ka->flags & SA_NOCLDSTOP))
			sig = 0;
	} else if (sig == SIGCHLD && (ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT))) {
		autoreap = true;
		if (ka->handler == SIG_IGN)
			sig = 0;
	}
	if (valid_signal(sig) && !(parent->flags & PF_KTHREAD))
		__send_signal(sig, info, parent, true, false);
	if (&psh->siglock != held)
		spin_unlock(&psh->siglock);
	wake_up_all(&parent->signal->wait_chldexit);
	return autoreap;
}

/* CLD_STOPPED / CLD_CONTINUED. tasklist_lock and tsk's siglock held. */
static void do_notify_parent_cldstop(struct task_struct *tsk, int why)
{
	struct task_struct *parent = tsk->group_leader->real_parent;
	struct kernel_siginfo info;

	if (!parent)
		return;
	fill_chld_info(&info, tsk, why,
		       why == CLD_CONTINUED ? SIGCONT : (tsk->signal->group_exit_code & 0x7f));
	notify_parent_locked(parent, &info, SIGCHLD, &tsk->sighand->siglock, true);
}

bool do_notify_parent(struct task_struct *tsk, int sig)
{
	struct signal_struct *s = tsk->signal;
	struct kernel_siginfo info;
	int code = tsk->exit_code;

	if (!tsk->real_parent)
		return false;
	if (s->flags & SIGNAL_GROUP_EXIT)
		code = s->group_exit_code;
	if (code & 0x7f)
		fill_chld_info(&info, tsk, (code & 0x80) ? CLD_DUMPED : CLD_KILLED, code & 0x7f);
	else
		fill_chld_info(&info, tsk, CLD_EXITED, (code >> 8) & 0xff);
	return notify_parent_locked(tsk->real_parent, &info, sig, NULL, false);
}

/* ---- group exit, exit and exec hooks ---- */

int do_group_exit_prepare(int exit_code)
{
	struct task_struct *cur = current;
	struct signal_struct *sig = cur->signal;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&cur->sighand->siglock);
	if (sig->flags & SIGNAL_GROUP_EXIT) {
		exit_code = sig->group_exit_code;
	} else if (sig->group_exit_task && sig->group_exit_task != cur) {
		exit_code = 0;          /* killed by another thread's execve */
	} else {
		sig->group_exit_code = exit_code;
		sig->flags = SIGNAL_GROUP_EXIT;
		zap_other_threads(cur);
	}
	spin_unlock(&cur->sighand->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return exit_code;
}

/*
 * do_exit(), after PF_EXITING is set: leave a group stop in progress (so
 * it completes without us), hand process-directed signals we could have
 * taken to another thread, and free our private queue.
 */
void exit_signals(struct task_struct *tsk)
{
	struct signal_struct *signal = tsk->signal;
	struct task_struct *t;
	unsigned long flags;
	sigset_t shared;
	bool last;

	if (!tsk->sighand || !signal)
		return;
	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&tsk->sighand->siglock);
	if (tsk->jobctl & JOBCTL_STOP_PENDING) {
		tsk->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOP_DEQUEUED);
		if (signal->group_stop_count > 0 && --signal->group_stop_count == 0 &&
		    !(signal->flags & SIGNAL_GROUP_EXIT))
			group_stop_done(tsk);
	}
	shared = signal->shared_pending.signal & ~tsk->blocked;
	if (shared) {
		list_for_each_entry(t, &signal->thread_head, thread_node) {
			if (t != tsk && !(t->flags & PF_EXITING) && !t->exit_state &&
			    (shared & ~t->blocked)) {
				signal_wake_up(t, false);
				break;
			}
		}
	}
	flush_sigqueue_mask(~0UL, &tsk->pending);
	last = atomic_read(&signal->live) == 1;
	spin_unlock(&tsk->sighand->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (last) {
		itimers_exit(signal);
		posix_timers_exit(signal);
	}
}

/* execve: caught signals go back to SIG_DFL, ignored ones stay ignored; the
 * alternate stack is forgotten. */
void flush_signal_handlers(struct task_struct *t)
{
	struct k_sigaction *ka;
	unsigned long flags;
	int i;

	spin_lock_irqsave(&t->sighand->siglock, flags);
	for (i = 0; i < _NSIG; i++) {
		ka = &t->sighand->action[i];
		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->mask = 0;
	}
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	t->sas_ss_sp = 0;
	t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
}

/* Other threads of @tsk's group that have not reached exit_notify(). */
static bool other_threads_alive(struct task_struct *tsk)
{
	struct task_struct *t;
	unsigned long flags;
	bool alive = false;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &tsk->signal->thread_head, thread_node)
		if (t != tsk && !t->exit_state)
			alive = true;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return alive;
}

/* Give @tsk's thread group its own copy of a sighand shared with another
 * process (CLONE_SIGHAND without CLONE_THREAD), as exec requires. */
static int unshare_sighand(struct task_struct *tsk)
{
	struct sighand_struct *old = tsk->sighand, *sh;
	struct task_struct *t;
	unsigned long flags;
	int users = 0;

	if (atomic_read(&old->count) == 1)
		return 0;
	sh = sighand_alloc();
	if (!sh)
		return -ENOMEM;
	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &tsk->signal->thread_head, thread_node)
		if (t->sighand == old)
			users++;
	if (atomic_read(&old->count) <= users) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		kfree(sh);
		return 0;
	}
	spin_lock(&old->siglock);
	memcpy(sh->action, old->action, sizeof(sh->action));
	atomic_set(&sh->count, users);
	list_for_each_entry(t, &tsk->signal->thread_head, thread_node)
		if (t->sighand == old)
			t->sighand = sh;
	atomic_sub(users, &old->count);
	spin_unlock(&old->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}

/*
 * execve: kill every other thread of the process and wait until each has
 * passed exit_notify(). Simplification: if @tsk is not the group leader,
 * the pids are not swapped as Linux does; the old leader stays a zombie in
 * the thread list and @tsk keeps its own tid (getpid() still returns the
 * tgid). The wait polls once per jiffy: an exec of a multi-threaded process
 * is rare, and the exiting threads need no hook for it.
 */
int de_thread(struct task_struct *tsk)
{
	struct signal_struct *sig = tsk->signal;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&tsk->sighand->siglock);
	if ((sig->flags & SIGNAL_GROUP_EXIT) || sig->group_exit_task) {
		spin_unlock(&tsk->sighand->siglock);
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -EAGAIN;
	}
	if (sig->nr_threads > 1) {
		sig->group_exit_task = tsk;
		zap_other_threads(tsk);
	}
	spin_unlock(&tsk->sighand->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);

	while (other_threads_alive(tsk)) {
		if (fatal_signal_pending(tsk)) {
			err = -EAGAIN;
			break;
		}
		schedule_timeout_uninterruptible(1);
	}
	spin_lock_irqsave(&tsk->sighand->siglock, flags);
	if (sig->group_exit_task == tsk)
		sig->group_exit_task = NULL;
	spin_unlock_irqrestore(&tsk->sighand->siglock, flags);
	if (!err)
		err = unshare_sighand(tsk);
	return err;
}

/* ---- dequeue and delivery ---- */

/* Lowest signal in non-empty @x (no Zbb: avoid libgcc's __ctzdi2). */
static int first_sig(sigset_t x)
{
	int n = 1;

	if (!(x & 0xffffffffUL)) { n += 32; x >>= 32; }
	if (!(x & 0xffffUL)) { n += 16; x >>= 16; }
	if (!(x & 0xffUL)) { n += 8; x >>= 8; }
	if (!(x & 0xfUL)) { n += 4; x >>= 4; }
	if (!(x & 0x3UL)) { n += 2; x >>= 2; }
	if (!(x & 0x1UL)) n += 1;
	return n;
}

static int next_signal(struct sigpending *p, sigset_t mask)
{
	sigset_t x = p->signal & ~mask;

	if (!x)
		return 0;
	if (x & SYNCHRONOUS_MASK)       /* faults first, as Linux */
		x &= SYNCHRONOUS_MASK;
	return first_sig(x);
}

static void collect_signal(int sig, struct sigpending *p, struct kernel_siginfo *info)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	list_for_each_entry(q, &p->list, list) {
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		p->signal &= ~sigmask(sig);
	if (first) {
		list_del(&first->list);
		*info = first->info;
		kfree(first);
		if (info->si_code == SI_TIMER)
			posix_timer_dequeued(current->signal, info);
	} else {        /* queue allocation failed at send time */
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
	}
}

/* Dequeue the next signal not in @mask, thread queue first. siglock held. */
static int dequeue_signal(struct task_struct *t, sigset_t mask, struct kernel_siginfo *info)
{
	int sig = next_signal(&t->pending, mask);

	if (sig) {
		collect_signal(sig, &t->pending, info);
		return sig;
	}
	sig = next_signal(&t->signal->shared_pending, mask);
	if (sig)
		collect_signal(sig, &t->signal->shared_pending, info);
	return sig;
}

int signalfd_dequeue(sigset_t want, struct kernel_siginfo *info)
{
	struct task_struct *cur = current;
	unsigned long flags;
	int sig;

	spin_lock_irqsave(&cur->sighand->siglock, flags);
	sig = dequeue_signal(cur, ~want, info);
	spin_unlock_irqrestore(&cur->sighand->siglock, flags);
	return sig;
}

/*
 * Pick the next signal for current and act on it: ignore, stop, or kill the
 * group here; return true with @ksig filled when a handler must run.
 */
bool get_signal(struct ksignal *ksig)
{
	struct task_struct *cur = current;
	struct sighand_struct *sh = cur->sighand;
	struct signal_struct *signal = cur->signal;
	struct k_sigaction *ka;
	unsigned long flags;
	int sig;

	for (;;) {
		spin_lock_irqsave(&sh->siglock, flags);
		if ((signal->flags & SIGNAL_GROUP_EXIT) ||
		    (signal->group_exit_task && signal->group_exit_task != cur)) {
			cur->pending.signal &= ~sigmask(SIGKILL);
			spin_unlock_irqrestore(&sh->siglock, flags);
			do_group_exit(SIGKILL);
		}
		if (cur->jobctl & JOBCTL_STOP_PENDING) {
			spin_unlock_irqrestore(&sh->siglock, flags);
			do_signal_stop(0);
			continue;
		}
		sig = dequeue_signal(cur, cur->blocked, &ksig->info);
		if (!sig) {
			spin_unlock_irqrestore(&sh->siglock, flags);
			return false;
		}
		ka = sig_action(cur, sig);
		if (ka->handler == SIG_IGN) {
			spin_unlock_irqrestore(&sh->siglock, flags);
			continue;
		}
		if (ka->handler != SIG_DFL) {
			ksig->ka = *ka;
			ksig->sig = sig;
			if (ka->flags & SA_RESETHAND)
				ka->handler = SIG_DFL;
			spin_unlock_irqrestore(&sh->siglock, flags);
			return true;
		}
		/* default actions */
		if (sig_kernel_ignore(sig) ||
		    (is_global_init(cur) && !(sigmask(sig) & SYNCHRONOUS_MASK))) {
			spin_unlock_irqrestore(&sh->siglock, flags);
			continue;
		}
		if (sig_kernel_stop(sig)) {
			cur->jobctl |= JOBCTL_STOP_DEQUEUED;
			spin_unlock_irqrestore(&sh->siglock, flags);
			/* POSIX: terminal stops of an orphaned group are discarded */
			if (sig != SIGSTOP && is_orphaned_pgrp(signal->pgrp))
				continue;
			do_signal_stop(sig);
			continue;
		}
		spin_unlock_irqrestore(&sh->siglock, flags);
		/* Terminate. Linux adds the core bit 0x80 only when a core file
		 * was written; shoal writes none, so the status is the signal. */
		do_group_exit(sig);
	}
}

sigset_t sigmask_to_save(void)
{
	return current->restore_sigmask ? current->saved_sigmask : current->blocked;
}

void restore_saved_sigmask(void)
{
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(current->saved_sigmask);
	}
}

/* The handler frame is written (or not): block what the handler blocks. */
void signal_setup_done(int failed, struct ksignal *ksig)
{
	sigset_t blocked;

	if (failed) {
		force_sigsegv(ksig->sig);
		return;
	}
	blocked = current->blocked | ksig->ka.mask;
	if (!(ksig->ka.flags & SA_NODEFER))
		blocked |= sigmask(ksig->sig);
	current->restore_sigmask = false;
	set_current_blocked(blocked);
}

int copy_siginfo_to_user(void __user *to, const struct kernel_siginfo *from)
{
	char buf[SI_MAX_SIZE];

	BUILD_BUG_ON(sizeof(struct kernel_siginfo) > SI_MAX_SIZE);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, from, sizeof(*from));
	return copy_to_user(to, buf, sizeof(buf)) ? -EFAULT : 0;
}

long do_no_restart_syscall(struct restart_block *rb)
{
	(void)rb;
	return -EINTR;
}

SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &current->restart_block;

	if (!rb->fn)
		return -EINTR;
	return rb->fn(rb);
}

/* ---- masks ---- */

/*
 * Install a new blocked set for current. Signals it newly blocks that sit
 * in shared_pending go to another thread that can take them, as Linux's
 * retarget_shared_pending().
 */
void set_current_blocked(sigset_t set)
{
	struct task_struct *cur = current, *t;
	struct signal_struct *signal = cur->signal;
	unsigned long flags;
	sigset_t retarget;

	set &= ~SIG_KERNEL_ONLY_MASK;
	spin_lock_irqsave(&cur->sighand->siglock, flags);
	retarget = signal->shared_pending.signal & set & ~cur->blocked;
	cur->blocked = set;
	spin_unlock_irqrestore(&cur->sighand->siglock, flags);
	if (!retarget || signal->nr_threads <= 1)
		return;
	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&cur->sighand->siglock);
	retarget &= signal->shared_pending.signal;
	list_for_each_entry(t, &signal->thread_head, thread_node) {
		if (!retarget)
			break;
		if (t == cur || (t->flags & PF_EXITING) || !(retarget & ~t->blocked))
			continue;
		retarget &= t->blocked;
		signal_wake_up(t, false);
	}
	spin_unlock(&cur->sighand->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

int set_user_sigmask(const sigset_t __user *umask, size_t sigsetsize)
{
	sigset_t set;

	if (!umask)
		return 0;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, umask, sizeof(set)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	set_current_blocked(set);
	return 0;
}

void restore_saved_sigmask_unless(bool interrupted)
{
	if (interrupted)
		return;         /* do_signal restores it after building the frame */
	restore_saved_sigmask();
}

/* ---- alternate stack ---- */

bool on_sig_stack(unsigned long sp)
{
	struct task_struct *t = current;

	if (t->sas_ss_flags & SS_AUTODISARM)
		return false;
	return sp > t->sas_ss_sp && sp - t->sas_ss_sp <= t->sas_ss_size;
}

static int sas_ss_flags(unsigned long sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

unsigned long sigsp(unsigned long sp, struct ksignal *ksig)
{
	if ((ksig->ka.flags & SA_ONSTACK) && !sas_ss_flags(sp))
		return current->sas_ss_sp + current->sas_ss_size;
	return sp;
}

void save_altstack(stack_t *uss, unsigned long sp)
{
	struct task_struct *t = current;

	(void)sp;
	uss->ss_sp = (void __user *)t->sas_ss_sp;
	uss->ss_flags = t->sas_ss_flags;
	uss->ss_size = t->sas_ss_size;
	if (t->sas_ss_flags & SS_AUTODISARM) {
		t->sas_ss_sp = 0;
		t->sas_ss_size = 0;
		t->sas_ss_flags = SS_DISABLE;
	}
}

static int do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp)
{
	struct task_struct *t = current;
	unsigned int mode;

	if (oss) {
		memset(oss, 0, sizeof(*oss));
		oss->ss_sp = (void __user *)t->sas_ss_sp;
		oss->ss_size = t->sas_ss_size;
		oss->ss_flags = sas_ss_flags(sp) | (t->sas_ss_flags & SS_AUTODISARM);
	}
	if (!ss)
		return 0;
	if (on_sig_stack(sp))
		return -EPERM;
	mode = ss->ss_flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->sas_ss_sp = 0;
		t->sas_ss_size = 0;
	} else {
		if (ss->ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		t->sas_ss_sp = (unsigned long)ss->ss_sp;
		t->sas_ss_size = ss->ss_size;
	}
	t->sas_ss_flags = ss->ss_flags;
	return 0;
}

int restore_altstack(const stack_t __user *uss)
{
	stack_t ss;

	if (copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	/* errors other than EFAULT are squashed, as in Linux */
	(void)do_sigaltstack(&ss, NULL, task_pt_regs(current)->sp);
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, const stack_t __user *, uss, stack_t __user *, uoss)
{
	stack_t ss, oss;
	int err;

	if (uss && copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	err = do_sigaltstack(uss ? &ss : NULL, uoss ? &oss : NULL, task_pt_regs(current)->sp);
	if (!err && uoss && copy_to_user(uoss, &oss, sizeof(oss)))
		err = -EFAULT;
	return err;
}

/* ---- system calls ---- */

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
		struct k_sigaction __user *, oact, size_t, sigsetsize)
{
	struct task_struct *cur = current, *t;
	struct k_sigaction new, old;
	unsigned long flags;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (!valid_signal(sig) || (act && sig_kernel_only(sig)))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&cur->sighand->siglock);
	old = *sig_action(cur, sig);
	if (act) {
		new.mask &= ~SIG_KERNEL_ONLY_MASK;
		*sig_action(cur, sig) = new;
		/* POSIX: setting SIG_IGN (or a default-ignore SIG_DFL) discards
		 * the pending instances, blocked or not. */
		if (sig_handler_ignored(new.handler, sig)) {
			flush_sigqueue_mask(sigmask(sig), &cur->signal->shared_pending);
			list_for_each_entry(t, &cur->signal->thread_head, thread_node)
				flush_sigqueue_mask(sigmask(sig), &t->pending);
		}
	}
	spin_unlock(&cur->sighand->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const sigset_t __user *, nset,
		sigset_t __user *, oset, size_t, sigsetsize)
{
	sigset_t old = current->blocked, set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&set, nset, sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			set = old | set;
			break;
		case SIG_UNBLOCK:
			set = old & ~set;
			break;
		case SIG_SETMASK:
			break;
		default:
			return -EINVAL;
		}
		set_current_blocked(set);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	struct task_struct *cur = current;
	unsigned long flags;
	sigset_t set;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	spin_lock_irqsave(&cur->sighand->siglock, flags);
	set = (cur->pending.signal | cur->signal->shared_pending.signal) & cur->blocked;
	spin_unlock_irqrestore(&cur->sighand->siglock, flags);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(rt_sigsuspend, const sigset_t __user *, unewset, size_t, sigsetsize)
{
	sigset_t set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, unewset, sizeof(set)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	set_current_blocked(set);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	current->restore_sigmask = true;
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE4(rt_sigtimedwait, const sigset_t __user *, uthese, void __user *, uinfo,
		const struct timespec __user *, uts, size_t, sigsetsize)
{
	struct task_struct *cur = current;
	struct kernel_siginfo info;
	ktime_t timeout = KTIME_MAX, expires = KTIME_MAX;
	unsigned long flags;
	sigset_t these, mask;
	int sig, ret = 0, err;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	if (uts) {
		err = get_user_timespec_ns(&timeout, uts);
		if (err)
			return err;
		expires = ktime_add_safe(ktime_get(), timeout);
	}
	mask = ~(these & ~SIG_KERNEL_ONLY_MASK);       /* dequeue only these */
	spin_lock_irqsave(&cur->sighand->siglock, flags);
	sig = dequeue_signal(cur, mask, &info);
	if (!sig && timeout) {
		cur->real_blocked = cur->blocked;
		cur->blocked &= mask;           /* let the awaited ones wake us */
		spin_unlock_irqrestore(&cur->sighand->siglock, flags);
		set_current_state(TASK_INTERRUPTIBLE);
		/* with the sleeper's slack, as Linux's do_sigtimedwait */
		ret = schedule_hrtimeout_range_prepared(expires, task_timer_slack(cur));
		spin_lock_irqsave(&cur->sighand->siglock, flags);
		cur->blocked = cur->real_blocked;
		cur->real_blocked = 0;
		sig = dequeue_signal(cur, mask, &info);
	}
	spin_unlock_irqrestore(&cur->sighand->siglock, flags);
	if (sig) {
		if (uinfo && copy_siginfo_to_user(uinfo, &info))
			return -EFAULT;
		return sig;
	}
	return ret ? -EINTR : -EAGAIN;
}

/* kill(2) for pid > 0: any thread id names its process. */
static int kill_proc_info(int sig, const struct kernel_siginfo *info, pid_t pid)
{
	struct task_struct *p;

	p = find_task_by_pid(pid);
	if (!p || (p->flags & PF_IDLE))
		return -ESRCH;
	return send_user_locked(sig, info, p, true);
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	struct kernel_siginfo info;
	struct task_struct *p;
	unsigned long flags;
	int ret, err, count = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	fill_kill_info(&info, sig, SI_USER);
	spin_lock_irqsave(&tasklist_lock, flags);
	if (pid > 0) {
		ret = kill_proc_info(sig, &info, pid);
	} else if (pid == 0) {
		ret = __kill_pgrp_info(sig, &info, current->signal->pgrp, true);
	} else if (pid < -1) {
		ret = __kill_pgrp_info(sig, &info, -pid, true);
	} else {        /* -1: everything but init, kernel threads and ourselves */
		ret = 0;
		for_each_task(p) {
			if (!thread_group_leader(p) || is_global_init(p) ||
			    (p->flags & PF_KTHREAD) || p->tgid == current->tgid)
				continue;
			err = send_user_locked(sig, &info, p, true);
			count++;
			if (err != -EPERM)
				ret = err;
		}
		if (!count)
			ret = -ESRCH;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

static long do_tkill(pid_t tgid, pid_t pid, int sig)
{
	struct kernel_siginfo info;
	struct task_struct *p;
	unsigned long flags;
	long ret;

	if (pid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	fill_kill_info(&info, sig, SI_TKILL);
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (!p || p->exit_state || (tgid > 0 && p->tgid != tgid))
		ret = -ESRCH;
	else
		ret = send_user_locked(sig, &info, p, false);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE2(tkill, pid_t, pid, int, sig)
{
	return do_tkill(0, pid, sig);
}

SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, pid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, pid, sig);
}

static int copy_user_siginfo(struct kernel_siginfo *info, const void __user *uinfo, int sig)
{
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	/* Only the kernel may claim kill() or tkill() as the source when
	 * signalling another process. */
	if ((info->si_code >= 0 || info->si_code == SI_TKILL))
		return -EPERM;
	info->si_signo = sig;
	return 0;
}

/*
 * pidfd_send_signal: kill() aimed through a pidfd, at the whole process.
 * With @uinfo, its si_signo must be @sig, and only a process signalling
 * itself may claim a kill()/tkill() si_code (EPERM), as Linux. A process
 * that has been reaped is ESRCH. At most one PIDFD_SIGNAL_* flag picks the
 * target: the thread, its process (default) or its process group.
 */
#define PIDFD_SIGNAL_THREAD             (1u << 0)
#define PIDFD_SIGNAL_THREAD_GROUP       (1u << 1)
#define PIDFD_SIGNAL_PROCESS_GROUP      (1u << 2)
#define PIDFD_SEND_SIGNAL_FLAGS         (PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | \
					 PIDFD_SIGNAL_PROCESS_GROUP)

SYSCALL_DEFINE4(pidfd_send_signal, int, pidfd, int, sig, const void __user *, uinfo,
		unsigned int, flags)
{
	struct kernel_siginfo info;
	struct task_struct *t;
	struct file *f;
	unsigned long irqf;
	long ret;

	if ((flags & ~PIDFD_SEND_SIGNAL_FLAGS) || (flags & (flags - 1)))
		return -EINVAL;         /* unknown, or more than one target */
	if (!valid_signal(sig) && sig)
		return -EINVAL;
	f = fget(pidfd);
	if (!f)
		return -EBADF;
	ret = -EBADF;
	t = pidfd_task(f);
	if (!t)
		goto out;
	if (uinfo) {
		ret = -EFAULT;
		if (copy_from_user(&info, uinfo, sizeof(info)))
			goto out;
		ret = -EINVAL;
		if (info.si_signo != sig)
			goto out;
		ret = -EPERM;
		if (t->tgid != current->tgid && (info.si_code >= 0 || info.si_code == SI_TKILL))
			goto out;
	} else {
		fill_kill_info(&info, sig, SI_USER);
	}
	spin_lock_irqsave(&tasklist_lock, irqf);
	if (t->exit_state == EXIT_DEAD || find_task_by_pid(t->pid) != t)
		ret = -ESRCH;
	else if (flags & PIDFD_SIGNAL_PROCESS_GROUP)
		ret = __kill_pgrp_info(sig, &info, t->signal->pgrp, true);
	else
		ret = send_user_locked(sig, &info, t, !(flags & PIDFD_SIGNAL_THREAD));
	spin_unlock_irqrestore(&tasklist_lock, irqf);
out:
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, pid_t, tgid, int, sig, const void __user *, uinfo)
{
	struct kernel_siginfo info;
	unsigned long flags;
	long ret;

	if (!valid_signal(sig))
		return -EINVAL;
	ret = copy_user_siginfo(&info, uinfo, sig);
	if (ret == -EPERM && tgid == current->tgid)
		ret = 0;        /* a process may signal itself with any code */
	if (ret)
		return ret;
	spin_lock_irqsave(&tasklist_lock, flags);
	ret = kill_proc_info(sig, &info, tgid);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, pid_t, tgid, pid_t, tid, int, sig,
		const void __user *, uinfo)
{
	struct kernel_siginfo info;
	struct task_struct *p;
	unsigned long flags;
	long ret;

	if (tgid <= 0 || tid <= 0 || !valid_signal(sig))
		return -EINVAL;
	ret = copy_user_siginfo(&info, uinfo, sig);
	if (ret == -EPERM && tgid == current->tgid)
		ret = 0;
	if (ret)
		return ret;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(tid);
	if (!p || p->exit_state || p->tgid != tgid)
		ret = -ESRCH;
	else
		ret = send_user_locked(sig, &info, p, false);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
