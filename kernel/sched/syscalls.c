// SPDX-License-Identifier: MIT
/*
 * The scheduler's system calls: yield, CPU affinity, policy and priority
 * (sched_setscheduler, sched_setparam, sched_setattr and their getters),
 * the priority range and the round-robin interval. A policy is read and
 * written under tasklist_lock, which also keeps the task found by pid
 * alive meanwhile (lock order: tasklist_lock -> pi_lock -> rq->lock); the
 * affinity and interval calls hold a reference on the task instead.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <shoal/syscalls.h>
#include <shoal/cred.h>
#include <shoal/time.h>
#include <uapi/sched.h>
#include <uapi/resource.h>
#include <uapi/time.h>
#include "sched.h"

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
	if (!task_same_owner(p) && !capable(CAP_SYS_NICE))
		ret = -EPERM;           /* another user's task */
	else
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

/* Run @fn on the task @pid names (0 = current), under tasklist_lock. */
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

/* What a caller asks of a task's scheduling (a sched_attr, decoded). */
struct sched_request {
	int policy;                     /* -1: keep */
	unsigned int rt_priority;
	int nice;
	bool keep_params;               /* keep rt_priority and nice */
	bool reset_on_fork;
};

/* RLIMIT_NICE allows this nice value (Linux's is_nice_reduction). */
static bool nice_allowed(struct task_struct *p, int nice)
{
	return (unsigned long)(20 - nice) <= p->signal->rlim[RLIMIT_NICE].rlim_cur;
}

/*
 * What a caller without CAP_SYS_NICE may not do (Linux's
 * __sched_setscheduler): touch another user's task, lower the nice value
 * or raise a real-time priority beyond its rlimits, leave SCHED_IDLE, or
 * clear reset-on-fork.
 */
static long sched_user_check(struct task_struct *p, int policy, unsigned int rt, int nice,
			     bool reset_on_fork)
{
	unsigned long rtprio = p->signal->rlim[RLIMIT_RTPRIO].rlim_cur;

	if (capable(CAP_SYS_NICE))
		return 0;
	if (fair_policy(policy) && nice < task_nice(p) && !nice_allowed(p, nice))
		return -EPERM;
	if (rt_policy(policy)) {
		if (policy != (int)p->policy && !rtprio)
			return -EPERM;
		if (rt > p->rt_priority && rt > rtprio)
			return -EPERM;
	}
	if (p->policy == SCHED_IDLE && policy != SCHED_IDLE && !nice_allowed(p, task_nice(p)))
		return -EPERM;
	if (!task_same_owner(p))
		return -EPERM;
	if (p->sched_reset_on_fork && !reset_on_fork)
		return -EPERM;
	return 0;
}

static long apply_request(struct task_struct *p, void *arg)
{
	const struct sched_request *r = arg;
	int policy = r->policy < 0 ? (int)p->policy : r->policy;
	unsigned int rt = r->keep_params ? p->rt_priority : r->rt_priority;
	/* Linux keeps the nice value of a task made real-time */
	int nice = r->keep_params || rt_policy(policy) ? task_nice(p) : r->nice;
	long err;

	if (r->keep_params && rt_policy(policy) != rt_policy(p->policy))
		return -EINVAL;
	err = sched_user_check(p, policy, rt, nice, r->reset_on_fork);
	if (err)
		return err;
	return sched_setscheduler_nocheck(p, policy, rt, nice, r->reset_on_fork);
}

static long get_policy(struct task_struct *p, void *arg)
{
	(void)arg;
	return p->policy | (p->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

static long get_rt_priority(struct task_struct *p, void *arg)
{
	(void)arg;
	return p->rt_priority;
}

static bool valid_policy(int policy)
{
	return rt_policy(policy) || fair_policy(policy);
}

/* The nice value stays; for sched_setparam (policy -1) the policy and the
 * reset-on-fork flag too. */
static long fill_keep(struct task_struct *p, void *arg)
{
	struct sched_request *r = arg;

	r->nice = task_nice(p);
	if (r->policy < 0) {
		r->policy = p->policy;
		r->reset_on_fork = p->sched_reset_on_fork;
	}
	if (rt_policy(r->policy) ? r->rt_priority < 1 : r->rt_priority != 0)
		return -EINVAL;
	return apply_request(p, r);
}

SYSCALL_DEFINE3(sched_setscheduler, pid_t, pid, int, policy,
		const struct sched_param __user *, uparam)
{
	struct sched_param param;
	struct sched_request r = { 0 };

	if (!uparam || pid < 0 || policy < 0)
		return -EINVAL;
	if (copy_from_user(&param, uparam, sizeof(param)))
		return -EFAULT;
	r.reset_on_fork = policy & SCHED_RESET_ON_FORK;
	r.policy = policy & ~SCHED_RESET_ON_FORK;
	if (!valid_policy(r.policy) || param.sched_priority < 0 ||
	    param.sched_priority > MAX_RT_PRIO - 1)
		return -EINVAL;
	r.rt_priority = param.sched_priority;
	return with_task(pid, fill_keep, &r);
}

SYSCALL_DEFINE2(sched_setparam, pid_t, pid, const struct sched_param __user *, uparam)
{
	struct sched_param param;
	struct sched_request r = { .policy = -1 };

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&param, uparam, sizeof(param)))
		return -EFAULT;
	if (param.sched_priority < 0 || param.sched_priority > MAX_RT_PRIO - 1)
		return -EINVAL;
	r.rt_priority = param.sched_priority;
	return with_task(pid, fill_keep, &r);
}

SYSCALL_DEFINE1(sched_getscheduler, pid_t, pid)
{
	return with_task(pid, get_policy, NULL);
}

SYSCALL_DEFINE2(sched_getparam, pid_t, pid, struct sched_param __user *, uparam)
{
	struct sched_param param = { 0 };
	long ret;

	if (!uparam || pid < 0)
		return -EINVAL;
	ret = with_task(pid, get_rt_priority, NULL);
	if (ret < 0)
		return ret;
	param.sched_priority = ret;
	return copy_to_user(uparam, &param, sizeof(param)) ? -EFAULT : 0;
}

/*
 * sched_setattr/sched_getattr with Linux's size rules: a caller's struct
 * may be older (size 0 means SCHED_ATTR_SIZE_VER0) or newer than the
 * kernel's, as long as the part the kernel does not know is zero; else
 * E2BIG and the kernel's size written back into attr->size.
 */
static int sched_copy_attr(struct sched_attr __user *uattr, struct sched_attr *attr)
{
	u32 size;
	unsigned int i;
	u8 b;

	memset(attr, 0, sizeof(*attr));
	if (get_user(size, &uattr->size))
		return -EFAULT;
	if (!size)
		size = SCHED_ATTR_SIZE_VER0;
	if (size < SCHED_ATTR_SIZE_VER0 || size > PAGE_SIZE)
		goto e2big;
	for (i = sizeof(*attr); i < size; i++) {        /* bounded by PAGE_SIZE */
		if (get_user(b, (u8 __user *)uattr + i))
			return -EFAULT;
		if (b)
			goto e2big;
	}
	if (copy_from_user(attr, uattr, min_t(u32, size, sizeof(*attr))))
		return -EFAULT;
	attr->size = size;
	return 0;
e2big:
	put_user((u32)sizeof(*attr), &uattr->size);
	return -E2BIG;
}

SYSCALL_DEFINE3(sched_setattr, pid_t, pid, struct sched_attr __user *, uattr,
		unsigned int, flags)
{
	struct sched_attr attr;
	struct sched_request r = { 0 };
	int err;

	if (!uattr || pid < 0 || flags)
		return -EINVAL;
	err = sched_copy_attr(uattr, &attr);
	if (err)
		return err;
	if (attr.sched_flags & ~SCHED_FLAG_ALL)
		return -EINVAL;
	if (attr.sched_flags & (SCHED_FLAG_UTIL_CLAMP_MIN | SCHED_FLAG_UTIL_CLAMP_MAX |
				SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN))
		return -EOPNOTSUPP;     /* no utilisation clamping, no SCHED_DEADLINE */
	if (attr.sched_policy == SCHED_DEADLINE)
		return -EOPNOTSUPP;
	r.policy = (attr.sched_flags & SCHED_FLAG_KEEP_POLICY) ? -1 : (int)attr.sched_policy;
	if (r.policy >= 0 && !valid_policy(r.policy))
		return -EINVAL;
	if (attr.sched_priority > MAX_RT_PRIO - 1)
		return -EINVAL;
	r.rt_priority = attr.sched_priority;
	r.nice = attr.sched_nice < MIN_NICE ? MIN_NICE :
		 attr.sched_nice > MAX_NICE ? MAX_NICE : attr.sched_nice;
	r.keep_params = attr.sched_flags & SCHED_FLAG_KEEP_PARAMS;
	r.reset_on_fork = attr.sched_flags & SCHED_FLAG_RESET_ON_FORK;
	if (!r.keep_params && r.policy >= 0 &&
	    (rt_policy(r.policy) ? r.rt_priority < 1 : r.rt_priority != 0))
		return -EINVAL;
	return with_task(pid, apply_request, &r);
}

static long fill_attr(struct task_struct *p, void *arg)
{
	struct sched_attr *attr = arg;

	attr->sched_policy = p->policy;
	attr->sched_flags = p->sched_reset_on_fork ? SCHED_FLAG_RESET_ON_FORK : 0;
	attr->sched_nice = task_nice(p);
	attr->sched_priority = p->rt_priority;
	attr->sched_util_max = 1024;    /* no clamping: the full range */
	return 0;
}

SYSCALL_DEFINE4(sched_getattr, pid_t, pid, struct sched_attr __user *, uattr,
		unsigned int, usize, unsigned int, flags)
{
	struct sched_attr attr = { 0 };
	long err;

	if (!uattr || pid < 0 || usize > PAGE_SIZE || usize < SCHED_ATTR_SIZE_VER0 || flags)
		return -EINVAL;
	err = with_task(pid, fill_attr, &attr);
	if (err)
		return err;
	attr.size = min_t(u32, usize, sizeof(attr));
	return copy_to_user(uattr, &attr, attr.size) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(sched_rr_get_interval, pid_t, pid, struct timespec __user *, interval)
{
	struct task_struct *p;
	u64 ns;

	if (pid < 0)
		return -EINVAL;
	p = pid ? get_task_by_pid(pid) : (get_task_struct(current), current);
	if (!p)
		return -ESRCH;
	ns = sched_rr_interval(p);
	put_task_struct(p);
	return put_user_timespec_ns(ns, interval);
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return MAX_RT_PRIO - 1;
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
