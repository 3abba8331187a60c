// SPDX-License-Identifier: MIT
/*
 * Creating tasks: fork, vfork, clone, clone3, and the task behind a kernel
 * thread (kernel/kthread.c binds and starts it).
 *
 * A task_struct holds two references while alive: one for being hashed and
 * linked (dropped by release_task() when it is reaped) and one for running
 * (dropped by finish_task_switch() after its last switch-out).
 * Locking: tasklist_lock (irqsave) guards the pid hash, all_tasks, the
 * family links and thread lists; see include/shoal/sched.h.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/rseq.h>
#include <shoal/mm_types.h>
#include <shoal/fs.h>
#include <shoal/signal.h>
#include <shoal/uaccess.h>
#include <shoal/time.h>
#include <shoal/ipc.h>
#include <shoal/cred.h>
#include <uapi/sched.h>
#include <shoal/syscalls.h>

#define PID_HASH_SIZE   256

DEFINE_SPINLOCK_RANKED(tasklist_lock, LOCKRANK_TASKLIST);
LIST_HEAD(all_tasks);
static struct hlist_head pid_hash[PID_HASH_SIZE];       /* [tasklist_lock] */
static pid_t last_pid;                                  /* [tasklist_lock] */
static struct kmem_cache *task_cachep;
unsigned long total_forks;                              /* [tasklist_lock] */

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct task_struct *t;

	if (pid <= 0)
		return NULL;
	hlist_for_each_entry(t, &pid_hash[pid % PID_HASH_SIZE], pid_link)
		if (t->pid == pid)
			return t;
	return NULL;
}

struct task_struct *get_task_by_pid(pid_t pid)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_task_by_pid(pid);
	if (t)
		get_task_struct(t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return t;
}

pid_t next_tgid(pid_t after)
{
	struct task_struct *t;
	unsigned long flags;
	pid_t best = -1;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_task(t)
		if (thread_group_leader(t) && t->pid > after && (best < 0 || t->pid < best) &&
		    !(t->flags & PF_IDLE))
			best = t->pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return best;
}

pid_t next_tid(pid_t tgid, pid_t after)
{
	struct task_struct *leader, *t;
	unsigned long flags;
	pid_t best = -1;

	spin_lock_irqsave(&tasklist_lock, flags);
	leader = find_task_by_pid(tgid);
	if (leader && leader->tgid == tgid)
		list_for_each_entry(t, &leader->signal->thread_head, thread_node)
			if (t->pid > after && (best < 0 || t->pid < best))
				best = t->pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return best;
}

/* A free pid (caller holds tasklist_lock). */
static pid_t alloc_pid(void)
{
	int tries;

	assert_spin_locked(&tasklist_lock);

	for (tries = 0; tries < PID_MAX; tries++) {
		if (++last_pid >= PID_MAX)
			last_pid = 2;
		if (!find_task_by_pid(last_pid))
			return last_pid;
	}
	return -EAGAIN;
}

void put_task_struct(struct task_struct *t)
{
	if (!atomic_dec_and_test(&t->usage))
		return;
	cred_exit(t);
	free_pages((unsigned long)t->stack, KSTACK_ORDER);
	kmem_cache_free(task_cachep, t);
}

static struct task_struct *alloc_task(void)
{
	struct task_struct *p;
	unsigned long stack;

	if (!task_cachep)
		task_cachep = kmem_cache_create("task_struct", sizeof(*p), 64, 0, NULL);
	p = kmem_cache_zalloc(task_cachep, GFP_KERNEL);
	if (!p)
		return NULL;
	stack = __get_free_pages(GFP_KERNEL, KSTACK_ORDER);
	if (!stack) {
		kmem_cache_free(task_cachep, p);
		return NULL;
	}
	p->stack = (void *)stack;
	atomic_set(&p->usage, 2);
	spin_lock_init_ranked(&p->pi_lock, "task->pi_lock", LOCKRANK_PI);
	spin_lock_init_named(&p->alloc_lock, "task->alloc_lock");
	spin_lock_init_named(&p->cred_lock, "task->cred_lock");
	INIT_LIST_HEAD(&p->rt.run_list);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->thread_node);
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->futex_list);
	INIT_LIST_HEAD(&p->pending.list);
	INIT_HLIST_NODE(&p->pid_link);
	init_waitqueue_head(&p->wait_pidfd);
	return p;
}

/* Share or copy current's resources into @p, as @flags say. */
static int copy_resources(struct task_struct *p, unsigned long flags)
{
	struct task_struct *cur = current;
	int err = copy_semundo(flags, p);

	if (err)
		return err;
	if (cur->mm) {
		if (flags & CLONE_VM) {
			atomic_inc(&cur->mm->mm_users);
			p->mm = cur->mm;
		} else if (!(p->mm = dup_mm(cur->mm))) {
			return -ENOMEM;
		}
	}
	p->active_mm = p->mm;
	if (cur->files) {
		if (flags & CLONE_FILES) {
			get_files_struct(cur->files);
			p->files = cur->files;
		} else if (!(p->files = dup_files(cur->files))) {
			return -ENOMEM;
		}
	}
	if (cur->fs) {
		if (flags & CLONE_FS) {
			get_fs_struct(cur->fs);
			p->fs = cur->fs;
		} else if (!(p->fs = copy_fs_struct(cur->fs))) {
			return -ENOMEM;
		}
	}
	return 0;
}

static int copy_sighand_signal(struct task_struct *p, unsigned long flags)
{
	struct task_struct *cur = current;
	unsigned long irqf;

	if (flags & CLONE_SIGHAND) {
		atomic_inc(&cur->sighand->count);
		p->sighand = cur->sighand;
	} else {
		if (!(p->sighand = sighand_alloc()))
			return -ENOMEM;
		spin_lock_irqsave(&cur->sighand->siglock, irqf);
		memcpy(p->sighand->action, cur->sighand->action, sizeof(p->sighand->action));
		spin_unlock_irqrestore(&cur->sighand->siglock, irqf);
	}
	if (flags & CLONE_THREAD) {
		atomic_inc(&cur->signal->count);
		atomic_inc(&cur->signal->live);
		p->signal = cur->signal;
		return 0;
	}
	if (!(p->signal = signal_alloc()))
		return -ENOMEM;
	memcpy(p->signal->rlim, cur->signal->rlim, sizeof(p->signal->rlim));
	p->signal->pgrp = cur->signal->pgrp;
	p->signal->session = cur->signal->session;
	p->signal->tty = cur->signal->tty;
	p->signal->oom_score_adj = READ_ONCE(cur->signal->oom_score_adj);
	p->signal->oom_score_adj_min = READ_ONCE(cur->signal->oom_score_adj_min);
	return 0;
}

static void free_task_resources(struct task_struct *p)
{
	exit_sem(p);
	if (p->mm)
		mmput(p->mm);
	if (p->files)
		put_files_struct(p->files);
	if (p->fs)
		put_fs_struct(p->fs);
	if (p->sighand)
		sighand_put(p->sighand);
	if (p->signal) {
		if (p->signal == current->signal)
			atomic_dec(&p->signal->live);
		signal_put(p->signal);
	}
}

/* Link @p into the pid hash, task list and family (tasklist_lock held). */
static void link_task(struct task_struct *p, unsigned long flags)
{
	struct task_struct *cur = current;

	if (flags & (CLONE_PARENT | CLONE_THREAD))
		p->real_parent = cur->real_parent;
	else
		p->real_parent = cur;
	if (flags & CLONE_THREAD) {
		p->tgid = cur->tgid;
		p->group_leader = cur->group_leader;
	} else {
		p->tgid = p->pid;
		p->group_leader = p;
		list_add_tail(&p->sibling, &p->real_parent->children);
		/* again under the lock: a pty hangup may have cleared it since
		 * copy_signal, and must not miss a child it cannot see yet */
		p->signal->tty = cur->signal->tty;
	}
	list_add_tail(&p->thread_node, &p->signal->thread_head);
	p->signal->nr_threads++;
	hlist_add_head(&p->pid_link, &pid_hash[p->pid % PID_HASH_SIZE]);
	list_add_tail(&p->tasks, &all_tasks);
	total_forks++;
}

struct kernel_clone_args {
	unsigned long flags;
	int exit_signal;
	unsigned long stack;
	unsigned long tls;
	int __user *parent_tid;
	int __user *child_tid;
	int __user *pidfd;              /* CLONE_PIDFD: where the parent gets it */
	int (*fn)(void *);
	void *fn_arg;
	const char *name;
};

static struct task_struct *copy_process(const struct kernel_clone_args *a)
{
	struct task_struct *p, *cur = current;
	unsigned long flags = a->flags, irqf;
	int err;
	pid_t pid;

	p = alloc_task();
	if (!p)
		return ERR_PTR(-ENOMEM);
	memcpy(p->comm, a->name ? a->name : cur->comm, TASK_COMM_LEN);
	p->comm[TASK_COMM_LEN - 1] = 0;
	p->flags = a->fn ? PF_KTHREAD : 0;
	p->state = TASK_RUNNING;
	p->cpu = smp_processor_id();
	p->cpus_allowed = cur->cpus_allowed;
	p->blocked = cur->blocked;
	p->start_time_ns = ktime_get();
	sched_fork(p);
	cred_fork(p);
	/* Linux: both the child's slack and its default are the parent's slack */
	p->timer_slack_ns = cur->timer_slack_ns;
	p->default_timer_slack_ns = cur->timer_slack_ns;
	/*
	 * A CLONE_PARENT child shares its creator's parent, and tells it of
	 * its death with the creator's own exit signal, as Linux does: never
	 * with one the creator chose, which would let any process send its
	 * parent any signal.
	 */
	if (flags & CLONE_THREAD)
		p->exit_signal = -1;
	else if ((flags & CLONE_PARENT) && !a->fn)
		p->exit_signal = cur->group_leader->exit_signal;
	else
		p->exit_signal = a->exit_signal;
	if (!(flags & CLONE_VM) || (flags & CLONE_VFORK)) {
		p->sas_ss_sp = cur->sas_ss_sp;
		p->sas_ss_size = cur->sas_ss_size;
		p->sas_ss_flags = cur->sas_ss_flags;
	}
	rseq_fork(p, flags);
	p->set_child_tid = (flags & CLONE_CHILD_SETTID) ? a->child_tid : NULL;
	p->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? a->child_tid : NULL;

	err = copy_resources(p, flags);
	if (!err)
		err = copy_sighand_signal(p, flags);
	if (err)
		goto bad_free;
	if (!a->fn) {
		fpu_flush_current();
		p->thread.fstate = cur->thread.fstate;
	}
	copy_thread(p, a->fn, a->fn_arg, task_pt_regs(cur), a->stack,
		    flags & CLONE_SETTLS, a->tls);

	spin_lock_irqsave(&tasklist_lock, irqf);
	pid = alloc_pid();
	if (pid < 0) {
		spin_unlock_irqrestore(&tasklist_lock, irqf);
		err = pid;
		goto bad_free;
	}
	p->pid = pid;
	link_task(p, flags);
	spin_unlock_irqrestore(&tasklist_lock, irqf);
	return p;

bad_free:
	free_task_resources(p);
	atomic_set(&p->usage, 1);
	put_task_struct(p);
	return ERR_PTR(err);
}

static long kernel_clone(struct kernel_clone_args *a)
{
	struct task_struct *p;
	struct completion vfork;
	struct file *pidfile = NULL;
	int pidfd = -1;
	pid_t pid;

	if ((a->flags & CLONE_THREAD) && !(a->flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((a->flags & CLONE_SIGHAND) && !(a->flags & CLONE_VM))
		return -EINVAL;
	if (a->flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
			CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP))
		return -EINVAL;         /* namespaces are not implemented */
	if (a->flags & CLONE_PIDFD) {
		/* a pidfd names a process; the slot must be writable before the child exists */
		if ((a->flags & CLONE_THREAD) || put_user(0, a->pidfd))
			return (a->flags & CLONE_THREAD) ? -EINVAL : -EFAULT;
		pidfd = pidfd_prepare(&pidfile);
		if (pidfd < 0)
			return pidfd;
	}
	p = copy_process(a);
	if (IS_ERR(p)) {
		if (pidfile) {
			put_unused_fd(pidfd);
			fput(pidfile);
		}
		return PTR_ERR(p);
	}
	pid = p->pid;
	if (pidfile) {
		pidfd_install(pidfd, pidfile, p);
		(void)put_user(pidfd, a->pidfd);        /* checked writable above */
	}
	if (a->flags & CLONE_PARENT_SETTID)
		(void)put_user(pid, a->parent_tid);     /* Linux ignores a fault */
	if (a->flags & CLONE_VFORK) {
		init_completion(&vfork);
		p->vfork_done = &vfork;
		get_task_struct(p);
	}
	wake_up_new_task(p);
	if (a->flags & CLONE_VFORK) {
		wait_for_completion(&vfork);
		put_task_struct(p);
	}
	return pid;
}

/* riscv passes (flags, newsp, parent_tid, tls, child_tid), as both libcs do. */
SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, newsp, int __user *, ptid,
		unsigned long, tls, int __user *, ctid)
{
	struct kernel_clone_args a = {
		.flags = flags & ~CSIGNAL, .exit_signal = flags & CSIGNAL,
		.stack = newsp, .tls = tls, .parent_tid = ptid, .child_tid = ctid,
		.pidfd = ptid,
	};

	if (a.exit_signal >= _NSIG)
		return -EINVAL;
	/* clone() returns the pidfd through parent_tid: not both */
	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID))
		return -EINVAL;
	return kernel_clone(&a);
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/* A struct clone_args longer than ours: 1 if the part we do not know is
 * not all zero (Linux: E2BIG), -EFAULT if it cannot be read, else 0. */
static int clone3_tail_nonzero(struct clone_args __user *uargs, size_t size)
{
	size_t i;
	u8 b;

	for (i = sizeof(struct clone_args); i < size; i++) {    /* size <= PAGE_SIZE */
		if (get_user(b, (u8 __user *)uargs + i))
			return -EFAULT;
		if (b)
			return 1;
	}
	return 0;
}

SYSCALL_DEFINE2(clone3, struct clone_args __user *, uargs, size_t, size)
{
	struct clone_args ca;
	struct kernel_clone_args a;
	int tail;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(&ca, 0, sizeof(ca));
	if (copy_from_user(&ca, uargs, min(size, sizeof(ca))))
		return -EFAULT;
	tail = clone3_tail_nonzero(uargs, size);
	if (tail)
		return tail < 0 ? tail : -E2BIG;
	if (ca.set_tid || ca.set_tid_size || ca.cgroup || ca.exit_signal >= _NSIG ||
	    (ca.flags & (CSIGNAL | CLONE_DETACHED)))
		return -EINVAL;
	/* as Linux: flags it does not know, and an exit signal the child
	 * would not send (it signals as a thread or as its creator) */
	if ((ca.flags & ~(0xffffffffULL | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP)) ||
	    (ca.flags & (CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP)) ||
	    ((ca.flags & (CLONE_THREAD | CLONE_PARENT)) && ca.exit_signal))
		return -EINVAL;
	if ((ca.stack == 0) != (ca.stack_size == 0))
		return -EINVAL;
	a = (struct kernel_clone_args){
		.flags = ca.flags, .exit_signal = ca.exit_signal,
		.stack = ca.stack ? ca.stack + ca.stack_size : 0, .tls = ca.tls,
		.parent_tid = (int __user *)ca.parent_tid, .child_tid = (int __user *)ca.child_tid,
		.pidfd = (int __user *)ca.pidfd,
	};
	return kernel_clone(&a);
}

/*
 * A kernel thread running @fn(@arg), created but not yet woken, so the
 * caller can bind it before it first runs (kernel/kthread.c).
 */
struct task_struct *copy_kernel_thread(int (*fn)(void *), void *arg, const char *name)
{
	struct kernel_clone_args a = {
		.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PARENT,
		.exit_signal = 0, .fn = fn, .fn_arg = arg, .name = name,
	};

	return copy_process(&a);
}

/* This CPU's idle task (boot: secondary CPUs). */
struct task_struct *idle_task_create(int cpu)
{
	struct task_struct *p = alloc_task();

	BUG_ON(!p);
	snprintf(p->comm, TASK_COMM_LEN, "swapper/%d", cpu);
	p->flags = PF_KTHREAD | PF_IDLE;
	p->state = TASK_RUNNING;
	p->timer_slack_ns = p->default_timer_slack_ns = DEFAULT_TIMER_SLACK_NS;
	p->cpu = cpu;
	cpumask_set_cpu(cpu, &p->cpus_allowed);
	p->group_leader = p;
	p->sighand = init_task.sighand;
	p->signal = init_task.signal;
	p->real_cred = get_cred(&init_cred);
	p->cred = get_cred(&init_cred);
	cpus[cpu].idle = p;
	return p;
}

void fork_init(void)
{
	task_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct), 64, 0, NULL);
}
