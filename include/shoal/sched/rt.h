/* SPDX-License-Identifier: MIT */
/*
 * Real-time policies as the rest of the kernel sees them (Linux's
 * include/linux/sched/rt.h): what a task's policy means for its timers.
 */
#ifndef _SHOAL_SCHED_RT_H
#define _SHOAL_SCHED_RT_H

#include <shoal/sched.h>
#include <uapi/sched.h>

/* A real-time policy (shoal has no SCHED_DEADLINE). Read racily: the
 * policy may change under us, as in Linux. */
static inline bool rt_or_dl_task_policy(const struct task_struct *p)
{
	unsigned int policy = READ_ONCE(p->policy);

	return policy == SCHED_FIFO || policy == SCHED_RR;
}

/*
 * The slack of @p's user sleeps (nanosleep, poll/select/epoll, futex and
 * sigtimedwait timeouts): none for a real-time policy, whatever
 * timer_slack_ns holds.
 */
static inline u64 task_timer_slack(const struct task_struct *p)
{
	return rt_or_dl_task_policy(p) ? 0 : READ_ONCE(p->timer_slack_ns);
}

/*
 * For __sched_setscheduler, after @p->policy changed (pi_lock and rq lock
 * held): a real-time task has no slack, and one that leaves its real-time
 * policy gets its default back (Linux's __setscheduler_params), which is
 * what PR_GET_TIMERSLACK then reports.
 */
static inline void sched_timer_slack_update(struct task_struct *p)
{
	if (rt_or_dl_task_policy(p))
		WRITE_ONCE(p->timer_slack_ns, 0);
	else if (!p->timer_slack_ns)
		WRITE_ONCE(p->timer_slack_ns, p->default_timer_slack_ns);
}

#endif
