// SPDX-License-Identifier: MIT
/*
 * The real-time class: SCHED_FIFO and SCHED_RR (POSIX), above the fair
 * class. One FIFO list per priority and a bitmap of the non-empty ones;
 * the highest priority (lowest task->prio) runs, first come first served
 * within a priority. A running task stays at the front of its list, so a
 * task preempted by a higher priority resumes before its equals, as POSIX
 * asks. SCHED_RR tasks rotate to the back of their list every
 * RR_TIMESLICE_NS of CPU time, checked at the tick.
 *
 * No RT throttling: a real-time task that never blocks keeps its CPU from
 * every fair task (Linux would leave them 5 % by default); see
 * Documentation/scheduler.md.
 *
 * Locking: all of it under the rq lock, IRQs off (kernel/sched/sched.h).
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include "sched.h"

#define LONG_BITS       (8 * (int)sizeof(long))

void init_rt_rq(struct rt_rq *rt)
{
	int i;

	for (i = 0; i < MAX_RT_PRIO; i++)
		INIT_LIST_HEAD(&rt->queue[i]);
	memset(rt->bitmap, 0, sizeof(rt->bitmap));
	rt->nr_running = 0;
}

static void rt_bit(struct rt_rq *rt, int prio, bool set)
{
	unsigned long bit = 1UL << (prio % LONG_BITS);

	if (set)
		rt->bitmap[prio / LONG_BITS] |= bit;
	else
		rt->bitmap[prio / LONG_BITS] &= ~bit;
}

static int rt_first_prio(const struct rt_rq *rt)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rt->bitmap); i++)
		if (rt->bitmap[i])
			return i * LONG_BITS + __builtin_ctzl(rt->bitmap[i]);
	return -1;
}

static void update_curr_rt(struct rq *rq)
{
	struct task_struct *curr = rq->curr;
	s64 delta;

	if (curr->sched_class != &rt_sched_class)
		return;
	delta = (s64)(rq->clock - curr->se.exec_start);
	if (delta <= 0)
		return;
	curr->se.exec_start = rq->clock;
	curr->se.sum_exec_runtime += delta;
	if ((u64)delta > curr->se.exec_max)
		curr->se.exec_max = delta;
}

static void enqueue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct rt_rq *rt = &rq->rt;

	if (flags & ENQUEUE_HEAD)
		list_add(&p->rt.run_list, &rt->queue[p->prio]);
	else
		list_add_tail(&p->rt.run_list, &rt->queue[p->prio]);
	rt_bit(rt, p->prio, true);
	rt->nr_running++;
	if (!p->rt.time_slice)
		p->rt.time_slice = RR_TIMESLICE_NS;
}

static void dequeue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct rt_rq *rt = &rq->rt;

	(void)flags;
	update_curr_rt(rq);
	list_del_init(&p->rt.run_list);
	if (list_empty(&rt->queue[p->prio]))
		rt_bit(rt, p->prio, false);
	rt->nr_running--;
}

static void requeue_task_rt(struct rq *rq, struct task_struct *p)
{
	list_move_tail(&p->rt.run_list, &rq->rt.queue[p->prio]);
}

static void yield_task_rt(struct rq *rq)
{
	requeue_task_rt(rq, rq->curr);
}

static void check_preempt_curr_rt(struct rq *rq, struct task_struct *p, int wake_flags)
{
	(void)wake_flags;
	if (p->prio < rq->curr->prio)
		resched_curr(rq);
}

static struct task_struct *pick_next_task_rt(struct rq *rq)
{
	struct task_struct *p;
	int prio = rt_first_prio(&rq->rt);

	if (prio < 0)
		return NULL;
	p = list_first_entry(&rq->rt.queue[prio], struct task_struct, rt.run_list);
	p->se.exec_start = rq->clock;
	p->se.prev_sum_exec_runtime = p->se.sum_exec_runtime;
	return p;
}

static void put_prev_task_rt(struct rq *rq, struct task_struct *p)
{
	(void)p;
	update_curr_rt(rq);
}

static void set_next_task_rt(struct rq *rq, struct task_struct *p)
{
	p->se.exec_start = rq->clock;
}

static void task_tick_rt(struct rq *rq, struct task_struct *p)
{
	u64 used;

	update_curr_rt(rq);
	if (p->policy != SCHED_RR)
		return;
	used = NSEC_PER_JIFFY;
	if (p->rt.time_slice > used) {
		p->rt.time_slice -= used;
		return;
	}
	p->rt.time_slice = RR_TIMESLICE_NS;
	if (p->rt.run_list.prev != p->rt.run_list.next) {      /* others of its priority */
		requeue_task_rt(rq, p);
		resched_curr(rq);
	}
}

static u64 get_rr_interval_rt(struct rq *rq, struct task_struct *p)
{
	(void)rq;
	return p->policy == SCHED_RR ? RR_TIMESLICE_NS : 0;
}

const struct sched_class rt_sched_class = {
	.next                   = &fair_sched_class,
	.enqueue_task           = enqueue_task_rt,
	.dequeue_task           = dequeue_task_rt,
	.yield_task             = yield_task_rt,
	.check_preempt_curr     = check_preempt_curr_rt,
	.pick_next_task         = pick_next_task_rt,
	.put_prev_task          = put_prev_task_rt,
	.set_next_task          = set_next_task_rt,
	.task_tick              = task_tick_rt,
	.update_curr            = update_curr_rt,
	.get_rr_interval        = get_rr_interval_rt,
};
