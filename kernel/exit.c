// SPDX-License-Identifier: MIT
/*
 * Ending tasks: exit, exit_group, wait4, waitid, reparenting.
 *
 * A process (thread group) becomes a zombie when its last thread exits; its
 * leader's task_struct carries the wait status until the parent reaps it.
 * Non-leader threads are released as soon as they exit.
 * When PID 1 exits, the machine powers off with its exit status, so QEMU's
 * exit status is the status of the guest's job.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/mm_types.h>
#include <shoal/fs.h>
#include <shoal/signal.h>
#include <shoal/futex.h>
#include <shoal/tty.h>
#include <shoal/ipc.h>
#include <shoal/uaccess.h>
#include <uapi/sched.h>
#include <shoal/reboot.h>
#include <shoal/syscalls.h>

struct rusage_k {
	long utime_sec, utime_usec, stime_sec, stime_usec;
	long maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock;
	long msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

static bool thread_group_empty(struct task_struct *leader)
{
	return leader->signal->nr_threads <= 1;
}

/* Reaped, or a zombie leader with no threads left (tasklist_lock held): a
 * reaped task's signal_struct may be gone, so EXIT_DEAD is tested first. */
bool process_exited(struct task_struct *leader)
{
	assert_spin_locked(&tasklist_lock);
	return leader->exit_state == EXIT_DEAD ||
	       (leader->exit_state && thread_group_empty(leader));
}

/* The whole process of @leader has exited: pidfds poll readable (Linux's do_notify_pidfd). */
void do_notify_pidfd(struct task_struct *leader)
{
	assert_spin_locked(&tasklist_lock);
	wake_up_all(&leader->wait_pidfd);
}

/* Unlink a reaped or self-reaping task (tasklist_lock held). */
static void __unhash_task(struct task_struct *p)
{
	assert_spin_locked(&tasklist_lock);
	hlist_del_init(&p->pid_link);
	list_del_init(&p->tasks);
	list_del_init(&p->thread_node);
	p->signal->nr_threads--;
	if (thread_group_leader(p))
		list_del_init(&p->sibling);
}

static void release_task(struct task_struct *p)
{
	unsigned long flags;
	struct signal_struct *sig = p->signal;
	struct sighand_struct *sh = p->sighand;
	struct task_struct *leader = p->group_leader;
	bool reap_leader = false;

	spin_lock_irqsave(&tasklist_lock, flags);
	__unhash_task(p);
	p->exit_state = EXIT_DEAD;
	/*
	 * The last thread out of a process whose leader is already a zombie
	 * reports the leader now, after unhashing itself, so the parent sees
	 * an empty group when it wakes (Linux's release_task does the same).
	 */
	if (leader != p && leader->exit_state == EXIT_ZOMBIE && thread_group_empty(leader)) {
		do_notify_pidfd(leader);
		reap_leader = leader->exit_signal <= 0 || do_notify_parent(leader, leader->exit_signal);
		if (reap_leader)
			leader->exit_state = EXIT_DEAD;         /* as in exit_notify */
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (sh)
		sighand_put(sh);
	signal_put(sig);
	put_task_struct(p);
	if (reap_leader)
		release_task(leader);
}


/* New parent for the children of an exiting process: a subreaper ancestor
 * or init. */
static struct task_struct *find_new_reaper(struct task_struct *father)
{
	struct task_struct *t;

	for (t = father->real_parent; t && t->pid > 1; t = t->real_parent)
		if (t->signal->is_child_subreaper && !(t->flags & PF_EXITING))
			return t;
	t = find_task_by_pid(1);
	return t ? t : father->real_parent;
}

static void reparent_children(struct task_struct *father)
{
	struct task_struct *p, *n, *reaper;

	if (list_empty(&father->children))
		return;
	reaper = find_new_reaper(father);
	list_for_each_entry_safe(p, n, &father->children, sibling) {
		p->real_parent = reaper;
		list_move_tail(&p->sibling, &reaper->children);
		if (p->exit_state == EXIT_ZOMBIE && thread_group_empty(p))
			do_notify_parent(p, p->exit_signal);
	}
	/* Other threads' children belong to the process: move them too. */
}

/*
 * Tell the parent, or release the task right away. Returns true if the
 * caller must release @tsk (self-reaping thread or auto-reaped child).
 */
static bool exit_notify(struct task_struct *tsk)
{
	unsigned long flags;
	bool autoreap = false;
	u64 runtime;

	runtime = task_sched_runtime(tsk);
	spin_lock_irqsave(&tasklist_lock, flags);
	/* its CPU time moves to the process's exited-threads sums, once:
	 * thread_group_cputime() and process_sched_runtime() skip it after */
	tsk->signal->utime_ns += tsk->utime_ns;
	tsk->signal->stime_ns += tsk->stime_ns;
	tsk->signal->sum_sched_runtime += runtime;
	tsk->flags |= PF_EXIT_ACCOUNTED;
	reparent_children(tsk);
	if (thread_group_leader(tsk)) {
		tsk->exit_state = EXIT_ZOMBIE;
		/*
		 * Empty, not group_dead: the leader may have left the group
		 * first (live 2 -> 1) and its last thread been released before
		 * we got here. That thread saw no zombie leader to report, so
		 * the report is ours (Linux's exit_notify tests the same).
		 */
		if (thread_group_empty(tsk)) {
			do_notify_pidfd(tsk);
			/* true: the parent ignores SIGCHLD or set SA_NOCLDWAIT */
			if (tsk->exit_signal <= 0 || do_notify_parent(tsk, tsk->exit_signal))
				autoreap = true;
		}
		/* dead, not a zombie, before the lock goes: a wait() on another
		 * CPU must not report a child that releases itself (ECHILD) */
		if (autoreap)
			tsk->exit_state = EXIT_DEAD;
	} else {
		autoreap = true;        /* release_task() reports a zombie leader */
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return autoreap;
}

static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	mm_release_futex(tsk);          /* clear_child_tid + wake, before the mm goes */
	if (tsk->vfork_done) {
		complete(tsk->vfork_done);
		tsk->vfork_done = NULL;
	}
	if (!mm)
		return;
	tsk->mm = NULL;                 /* active_mm keeps it loaded until the switch */
	mmput(mm);
}

/* Cleared under task_lock, so /proc readers either see them and take a
 * reference first, or see NULL. */
static void exit_files(struct task_struct *tsk)
{
	struct files_struct *files;

	task_lock(tsk);
	files = tsk->files;
	tsk->files = NULL;
	task_unlock(tsk);
	if (files)
		put_files_struct(files);
}

static void exit_fs(struct task_struct *tsk)
{
	struct fs_struct *fs;

	task_lock(tsk);
	fs = tsk->fs;
	tsk->fs = NULL;
	task_unlock(tsk);
	if (fs)
		put_fs_struct(fs);
}

static int wait_status_to_exit_code(int status)
{
	if ((status & 0x7f) == 0)
		return (status >> 8) & 0xff;
	return 128 + (status & 0x7f);
}

__noreturn void do_exit(int code)
{
	struct task_struct *tsk = current;
	bool group_dead, reap;

	BUG_ON(in_interrupt());
	BUG_ON(tsk->flags & PF_IDLE);
	tsk->flags |= PF_EXITING;
	exit_signals(tsk);
	group_dead = atomic_dec_and_test(&tsk->signal->live);
	if (group_dead && tsk->tgid == 1) {
		printk("init exited with status %d: powering off\n", code);
		machine_power_off(wait_status_to_exit_code(code));
	}
	if (group_dead && tsk->signal->session == tsk->tgid)
		tty_session_exit(tsk->signal->session);
	exit_robust_list(tsk);
	exit_mm(tsk);
	exit_sem(tsk);
	exit_files(tsk);
	exit_fs(tsk);
	tsk->exit_code = (tsk->signal->flags & SIGNAL_GROUP_EXIT) ? tsk->signal->group_exit_code : code;
	reap = exit_notify(tsk);
	if (reap)
		release_task(tsk);
	set_special_state(TASK_DEAD);
	schedule();
	BUG();
	for (;;)
		;
}

__noreturn void do_group_exit(int code)
{
	do_exit(do_group_exit_prepare(code));
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_group_exit((code & 0xff) << 8);
}

/* ---- wait ---- */

struct wait_opts {
	int type;               /* P_ALL, P_PID, P_PGID */
	pid_t id;
	int options;
	struct kernel_siginfo info;     /* result for waitid */
	int status;             /* result for wait4 */
	u64 utime_ns, stime_ns;
};

static bool wait_matches(struct wait_opts *wo, struct task_struct *p)
{
	if (wo->type == P_PID && p->tgid != wo->id)
		return false;
	if (wo->type == P_PGID && p->signal->pgrp != wo->id)
		return false;
	if (wo->options & __WALL)
		return true;
	/* __WCLONE selects children that do not signal SIGCHLD on exit */
	return ((p->exit_signal != SIGCHLD) ^ !(wo->options & __WCLONE));
}

static void fill_info(struct wait_opts *wo, struct task_struct *p, int code, int status)
{
	memset(&wo->info, 0, sizeof(wo->info));
	wo->info.si_signo = SIGCHLD;
	wo->info.si_code = code;
	wo->info.chld.pid = p->tgid;
	wo->info.chld.status = status;
}

/* Try to collect a state change of @p; 1 if reported (tasklist_lock held,
 * may drop it to release a zombie: then returns 2). */
static int wait_consider(struct wait_opts *wo, struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	int st;

	if (p->exit_state == EXIT_ZOMBIE && thread_group_empty(p) && (wo->options & WEXITED)) {
		st = p->exit_code;
		wo->status = st;
		if ((st & 0x7f) == 0)
			fill_info(wo, p, CLD_EXITED, (st >> 8) & 0xff);
		else
			fill_info(wo, p, CLD_KILLED, st & 0x7f);
		wo->utime_ns = sig->utime_ns + sig->cutime_ns;
		wo->stime_ns = sig->stime_ns + sig->cstime_ns;
		return (wo->options & WNOWAIT) ? 1 : 2;
	}
	if (p->exit_state)
		return 0;
	if ((wo->options & WSTOPPED) && (sig->flags & SIGNAL_CLD_STOPPED)) {
		st = sig->group_exit_code & 0x7f;
		if (!(wo->options & WNOWAIT))
			sig->flags &= ~SIGNAL_CLD_STOPPED;
		wo->status = (st << 8) | 0x7f;
		fill_info(wo, p, CLD_STOPPED, st);
		return 1;
	}
	if ((wo->options & WCONTINUED) && (sig->flags & SIGNAL_CLD_CONTINUED)) {
		if (!(wo->options & WNOWAIT))
			sig->flags &= ~SIGNAL_CLD_CONTINUED;
		wo->status = 0xffff;
		fill_info(wo, p, CLD_CONTINUED, SIGCONT);
		return 1;
	}
	return 0;
}

/* One pass over the children of every thread of current's process.
 * Returns the reported pid, 0 if matching children exist but none changed,
 * -ECHILD if there are none. */
static long do_wait_once(struct wait_opts *wo)
{
	struct task_struct *t, *p, *found = NULL;
	unsigned long flags;
	bool any = false;
	int r = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &current->signal->thread_head, thread_node) {
		list_for_each_entry(p, &t->children, sibling) {
			/* releasing itself: not a child to wait for (Linux's
			 * wait_consider_task skips EXIT_DEAD before counting) */
			if (p->exit_state == EXIT_DEAD || !wait_matches(wo, p))
				continue;
			any = true;
			r = wait_consider(wo, p);
			if (r) {
				found = p;
				goto out;
			}
		}
		if (wo->options & __WNOTHREAD)
			break;
	}
out:
	if (found && r == 2) {
		current->signal->cutime_ns += wo->utime_ns;
		current->signal->cstime_ns += wo->stime_ns;
		found->exit_state = EXIT_DEAD;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!found)
		return any ? 0 : -ECHILD;
	if (r == 2)
		release_task(found);
	return wo->info.chld.pid;
}

static long do_wait(struct wait_opts *wo)
{

	long found = 0;
	int err;

	err = wait_event_interruptible(&current->signal->wait_chldexit,
				       (found = do_wait_once(wo)) != 0 || (wo->options & WNOHANG));
	if (err)
		return err;
	return found;
}

static int put_rusage(struct rusage_k __user *ru, u64 utime, u64 stime)
{
	struct rusage_k r;

	memset(&r, 0, sizeof(r));
	r.utime_sec = utime / 1000000000UL;
	r.utime_usec = (utime % 1000000000UL) / 1000;
	r.stime_sec = stime / 1000000000UL;
	r.stime_usec = (stime % 1000000000UL) / 1000;
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(wait4, pid_t, pid, int __user *, status, int, options,
		struct rusage_k __user *, ru)
{
	struct wait_opts wo = { .options = options | WEXITED };
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == -1) {
		wo.type = P_ALL;
	} else if (pid < 0) {
		wo.type = P_PGID;
		wo.id = -pid;
	} else if (pid == 0) {
		wo.type = P_PGID;
		wo.id = current->signal->pgrp;
	} else {
		wo.type = P_PID;
		wo.id = pid;
	}
	ret = do_wait(&wo);
	if (ret > 0 && status && put_user(wo.status, status))
		return -EFAULT;
	if (ret > 0 && ru && put_rusage(ru, wo.utime_ns, wo.stime_ns))
		return -EFAULT;
	return ret;
}

struct siginfo_chld_user {
	int si_signo, si_errno, si_code, _pad;
	int si_pid;
	unsigned int si_uid;
	int si_status;
	int _pad2;
	long si_utime, si_stime;
	char _rest[128 - 48];
};

SYSCALL_DEFINE5(waitid, int, which, pid_t, upid, struct siginfo_chld_user __user *, infop,
		int, options, struct rusage_k __user *, ru)
{
	struct wait_opts wo = { .options = options };
	struct siginfo_chld_user si;
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		wo.type = P_ALL;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo.type = P_PID;
		wo.id = upid;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo.type = P_PGID;
		wo.id = upid ? upid : current->signal->pgrp;
		break;
	default:
		return -EINVAL;
	}
	ret = do_wait(&wo);
	if (ret < 0)
		return ret;
	memset(&si, 0, sizeof(si));
	if (ret > 0) {
		si.si_signo = SIGCHLD;
		si.si_code = wo.info.si_code;
		si.si_pid = wo.info.chld.pid;
		si.si_status = wo.info.chld.status;
	}
	if (infop && copy_to_user(infop, &si, sizeof(si)))
		return -EFAULT;
	if (ret > 0 && ru && put_rusage(ru, wo.utime_ns, wo.stime_ns))
		return -EFAULT;
	return 0;
}
