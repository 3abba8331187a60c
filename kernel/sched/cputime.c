// SPDX-License-Identifier: MIT
/* CPU time of a whole process (kernel/sched/cputime.c in Linux). */
#include <shoal/sched.h>

/*
 * Sum over @t's process: its exited threads (accumulated in signal_struct
 * by do_exit) and every live thread. Takes tasklist_lock, which guards the
 * thread list; the per-task counters are read racily, as the tick updates
 * them.
 */
void thread_group_cputime(struct task_struct *t, struct task_cputime *times)
{
	struct signal_struct *s = t->signal;
	struct task_struct *it;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	times->utime_ns = s->utime_ns;
	times->stime_ns = s->stime_ns;
	times->nvcsw = times->nivcsw = 0;
	list_for_each_entry(it, &s->thread_head, thread_node) {
		if (it->exit_state || (it->flags & PF_EXIT_ACCOUNTED))
			continue;
		times->utime_ns += READ_ONCE(it->utime_ns);
		times->stime_ns += READ_ONCE(it->stime_ns);
		times->nvcsw += READ_ONCE(it->nvcsw);
		times->nivcsw += READ_ONCE(it->nivcsw);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/*
 * The scheduler's CPU time of @t's whole process (CLOCK_PROCESS_CPUTIME_ID):
 * its exited threads' plus each live thread's sum_exec_runtime, the
 * caller's own brought up to date.
 */
u64 process_sched_runtime(struct task_struct *t)
{
	struct signal_struct *s = t->signal;
	struct task_struct *it;
	unsigned long flags;
	u64 ns, self = 0;
	bool mine = t->signal == current->signal;

	if (mine)
		self = task_sched_runtime(current);
	spin_lock_irqsave(&tasklist_lock, flags);
	ns = READ_ONCE(s->sum_sched_runtime);
	list_for_each_entry(it, &s->thread_head, thread_node) {
		if (it->exit_state || (it->flags & PF_EXIT_ACCOUNTED))
			continue;
		ns += it == current ? self : READ_ONCE(it->se.sum_exec_runtime);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ns;
}
