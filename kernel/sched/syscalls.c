// SPDX-License-Identifier: MIT
/*
 * The scheduler's system calls: yield, CPU affinity, scheduling policy and
 * its priority range. A policy is read and written under tasklist_lock,
 * which also keeps the task found by pid alive meanwhile; the affinity
 * calls hold a reference on the task instead.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <shoal/syscalls.h>
#include <uapi/sched.h>

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

struct sched_param {
	int sched_priority;
};

/* Run @fn on the task @pid names (0 = current). */
static long with_task(pid_t pid, long (*fn)(struct task_struct *, void *), void *arg)
{
	struct task_struct *p;
	unsigned long flags;
	long ret;

	if (pid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = pid ? find_task_by_pid(pid) : current;
	ret = p && !(p->flags & PF_IDLE) ? fn(p, arg) : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

static long get_policy(struct task_struct *p, void *arg)
{
	(void)arg;
	return p->sched_policy;
}

static long set_policy(struct task_struct *p, void *arg)
{
	p->sched_policy = *(int *)arg;
	return 0;
}

static long exists(struct task_struct *p, void *arg)
{
	(void)p;
	(void)arg;
	return 0;
}

/*
 * Only the time-sharing policies exist: SCHED_OTHER, and BATCH and IDLE
 * which are accepted, reported back, and scheduled like OTHER. Real-time
 * policies are refused with EPERM, as for an unprivileged caller.
 */
SYSCALL_DEFINE3(sched_setscheduler, pid_t, pid, int, policy,
		const struct sched_param __user *, uparam)
{
	struct sched_param param;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&param, uparam, sizeof(param)))
		return -EFAULT;
	policy &= ~SCHED_RESET_ON_FORK;
	switch (policy) {
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		if (param.sched_priority != 0)
			return -EINVAL;
		return with_task(pid, set_policy, &policy);
	case SCHED_FIFO:
	case SCHED_RR:
		if (param.sched_priority < 1 || param.sched_priority > 99)
			return -EINVAL;
		return with_task(pid, exists, NULL) ?: -EPERM;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE1(sched_getscheduler, pid_t, pid)
{
	return with_task(pid, get_policy, NULL);
}

SYSCALL_DEFINE2(sched_getparam, pid_t, pid, struct sched_param __user *, uparam)
{
	struct sched_param param = { 0 };
	long err;

	if (!uparam)
		return -EINVAL;
	err = with_task(pid, exists, NULL);
	if (err)
		return err;
	return copy_to_user(uparam, &param, sizeof(param)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(sched_setparam, pid_t, pid, const struct sched_param __user *, uparam)
{
	struct sched_param param;
	long err;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&param, uparam, sizeof(param)))
		return -EFAULT;
	err = with_task(pid, exists, NULL);
	if (err)
		return err;
	return param.sched_priority ? -EINVAL : 0;
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return 99;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return 1;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return 0;
	default:
		return -EINVAL;
	}
}
