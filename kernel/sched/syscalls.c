// SPDX-License-Identifier: MIT
/* Process-identity and scheduler system calls. */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <shoal/syscalls.h>

SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }

SYSCALL_DEFINE0(getppid)
{
	unsigned long flags;
	pid_t ppid;

	spin_lock_irqsave(&tasklist_lock, flags);
	ppid = current->group_leader->real_parent->tgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ppid;
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

SYSCALL_DEFINE0(sched_yield)
{
	sched_yield_current();
	return 0;
}

static struct task_struct *task_for_affinity(pid_t pid)
{
	if (pid < 0)
		return ERR_PTR(-EINVAL);
	if (pid == 0) {
		get_task_struct(current);
		return current;
	}
	return get_task_by_pid(pid) ?: ERR_PTR(-ESRCH);
}

SYSCALL_DEFINE3(sched_setaffinity, pid_t, pid, unsigned int, len,
		unsigned long __user *, umask)
{
	struct task_struct *p;
	cpumask_t mask = CPU_MASK_NONE;
	long ret;

	if (len < sizeof(unsigned long)) {
		/* Linux accepts short masks, zero-extended */
		unsigned char b[8] = { 0 };
		if (copy_from_user(b, umask, len))
			return -EFAULT;
		memcpy(&mask.bits, b, sizeof(b));
	} else if (copy_from_user(&mask.bits, umask, sizeof(unsigned long))) {
		return -EFAULT;
	}
	p = task_for_affinity(pid);
	if (IS_ERR(p))
		return PTR_ERR(p);
	ret = set_cpus_allowed(p, mask);
	put_task_struct(p);
	return ret;
}

SYSCALL_DEFINE3(sched_getaffinity, pid_t, pid, unsigned int, len,
		unsigned long __user *, umask)
{
	struct task_struct *p;
	unsigned long bits;

	if (len < sizeof(unsigned long) || (len & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	p = task_for_affinity(pid);
	if (IS_ERR(p))
		return PTR_ERR(p);
	bits = p->cpus_allowed.bits & cpu_online_mask.bits;
	put_task_struct(p);
	if (copy_to_user(umask, &bits, sizeof(bits)))
		return -EFAULT;
	return sizeof(bits);
}
