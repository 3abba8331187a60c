// SPDX-License-Identifier: MIT
/*
 * The scheduler: one run queue per CPU, round-robin with a time slice,
 * wake-ups to the task's last CPU (or an idle CPU it may run on) with an IPI
 * when the target is remote, and idle CPUs pulling queued tasks from busy
 * ones. The kernel is not preemptible: tasks switch only in schedule(),
 * called when they block or on the way back to user mode (timer tick or
 * remote wake-up set need_resched).
 *
 * Lock order: task->pi_lock -> rq->lock; two rq locks in CPU order.
 * A switch holds the rq lock across __switch_to; the next task releases it
 * in finish_task_switch() (or schedule_tail() when it is new).
 *
 * Wake-up vs. sleep (the lost wake-up rule): a sleeper sets its state
 * before testing its condition; schedule() removes it from the run queue
 * only if its state is still not TASK_RUNNING under rq->lock; the waker
 * (try_to_wake_up) sets TASK_RUNNING under the same lock if the task is
 * still queued, and otherwise waits until the task is off its CPU
 * (on_cpu == 0, paired with the smp_store_release in finish_task_switch)
 * before queueing it anywhere.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/time.h>
#include <shoal/mm_types.h>
#include <shoal/signal.h>
#include "sched.h"

struct rq runqueues[NR_CPUS];

static void rq_lock_init(struct rq *rq, int cpu)
{
	spin_lock_init_ranked(&rq->lock, "rq->lock", LOCKRANK_RQ);
	INIT_LIST_HEAD(&rq->queue);
	rq->cpu = cpu;
}

void sched_init(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		rq_lock_init(cpu_rq(cpu), cpu);
}

void sched_init_cpu(int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	rq->idle = cpus[cpu].idle;
	rq->curr = rq->idle;
	rq->idle->on_cpu = 1;
	rq->idle->cpu = cpu;
}

static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	list_add_tail(&p->run_list, &rq->queue);
	p->on_rq = 1;
	rq->nr_running++;
	p->slice_end = jiffies + SCHED_SLICE_TICKS;
}

static void dequeue_task(struct rq *rq, struct task_struct *p)
{
	if (!list_empty(&p->run_list))
		list_del_init(&p->run_list);
	p->on_rq = 0;
	rq->nr_running--;
}

/* Lock the run queue @p is on; its cpu may change until we hold the lock. */
static struct rq *task_rq_lock(struct task_struct *p)
{
	struct rq *rq;

	for (;;) {
		rq = cpu_rq(READ_ONCE(p->cpu));
		spin_lock(&rq->lock);
		if (rq == cpu_rq(READ_ONCE(p->cpu)))
			return rq;
		spin_unlock(&rq->lock);
	}
}

static void double_rq_lock(struct rq *a, struct rq *b)
{
	if (a == b) {
		spin_lock(&a->lock);
	} else if (a->cpu < b->cpu) {
		spin_lock(&a->lock);
		spin_lock_nested(&b->lock);
	} else {
		spin_lock(&b->lock);
		spin_lock_nested(&a->lock);
	}
}

static void double_rq_unlock(struct rq *a, struct rq *b)
{
	spin_unlock(&a->lock);
	if (a != b)
		spin_unlock(&b->lock);
}

static bool cpu_is_idle(int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	return READ_ONCE(rq->curr) == rq->idle && READ_ONCE(rq->nr_running) == 0;
}

/* Choose a CPU for a waking task: its last CPU if idle, else an idle
 * allowed CPU, else the allowed CPU with the fewest runnable tasks. */
static int select_task_rq(struct task_struct *p)
{
	int cpu, best = -1, prev = p->cpu;
	unsigned int load, best_load = ~0U;

	if (cpumask_test_cpu(prev, &p->cpus_allowed) &&
	    cpumask_test_cpu(prev, &cpu_online_mask) && cpu_is_idle(prev))
		return prev;
	for_each_cpu(cpu, &p->cpus_allowed) {
		if (!cpumask_test_cpu(cpu, &cpu_online_mask))
			continue;
		if (cpu_is_idle(cpu))
			return cpu;
		load = READ_ONCE(cpu_rq(cpu)->nr_running);
		if (load < best_load || (load == best_load && cpu == prev)) {
			best = cpu;
			best_load = load;
		}
	}
	return best >= 0 ? best : smp_processor_id();
}

/* Queue @p on @cpu and make that CPU notice. Caller holds p->pi_lock. */
static void activate_task_on(struct task_struct *p, int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	assert_spin_locked(&p->pi_lock);

	spin_lock(&rq->lock);
	WRITE_ONCE(p->cpu, cpu);
	enqueue_task(rq, p);
	WRITE_ONCE(p->state, TASK_RUNNING);
	if (rq->curr == rq->idle || cpu != smp_processor_id()) {
		if (rq->curr == rq->idle || time_after(jiffies, rq->curr->slice_end))
			WRITE_ONCE(cpus[cpu].need_resched, 1);
	}
	spin_unlock(&rq->lock);
	if (cpu != smp_processor_id() && READ_ONCE(cpus[cpu].need_resched))
		smp_send_reschedule(cpu);
}

int wake_up_state(struct task_struct *p, unsigned int state)
{
	unsigned long flags;
	struct rq *rq;
	int ret = 0;

	spin_lock_irqsave(&p->pi_lock, flags);
	smp_mb();       /* pairs with set_current_state(): see the wake-up rule above */
	if (!(READ_ONCE(p->state) & state))
		goto out;
	ret = 1;
	rq = task_rq_lock(p);
	if (p->on_rq) {                 /* not yet off its run queue: just mark it */
		WRITE_ONCE(p->state, TASK_RUNNING);
		spin_unlock(&rq->lock);
		goto out;
	}
	spin_unlock(&rq->lock);
	while (smp_load_acquire(&p->on_cpu))
		cpu_relax();
	activate_task_on(p, select_task_rq(p));
out:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	return ret;
}

int wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_NORMAL);
}

void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->pi_lock, flags);
	activate_task_on(p, select_task_rq(p));
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/* Steal one queued task that may run on @this from the busiest other rq.
 * Called with IRQs off and no rq lock held. */
static bool pull_task(int this)
{
	int cpu, busiest = -1;
	unsigned int most = 0, n;
	struct rq *src, *dst = cpu_rq(this);
	struct task_struct *p, *found = NULL;

	assert_irqs_disabled();

	for_each_online_cpu(cpu) {
		n = READ_ONCE(cpu_rq(cpu)->nr_running);
		if (cpu != this && n > most) {
			most = n;
			busiest = cpu;
		}
	}
	if (busiest < 0 || most < 2)
		return false;
	src = cpu_rq(busiest);
	double_rq_lock(src, dst);
	list_for_each_entry(p, &src->queue, run_list) {
		if (cpumask_test_cpu(this, &p->cpus_allowed) && !p->on_cpu) {
			found = p;
			break;
		}
	}
	if (found) {
		dequeue_task(src, found);
		WRITE_ONCE(found->cpu, this);
		enqueue_task(dst, found);
	}
	double_rq_unlock(src, dst);
	return found != NULL;
}

/*
 * Tick-based time accounting, as Linux without VIRT_CPU_ACCOUNTING: the
 * whole tick goes to whatever was running when it fired.
 */
static void account_tick(struct task_struct *curr, struct cpu *c)
{
	if (curr->flags & PF_IDLE) {
		c->stat_idle += NSEC_PER_JIFFY;
	} else if (c->irq_from_user) {
		curr->utime_ns += NSEC_PER_JIFFY;
		c->stat_user += NSEC_PER_JIFFY;
	} else {
		curr->stime_ns += NSEC_PER_JIFFY;
		if (c->bh_count > 1)
			c->stat_softirq += NSEC_PER_JIFFY;
		else
			c->stat_system += NSEC_PER_JIFFY;
	}
}

/* Load @next's address space if it has one; kernel threads keep the
 * previous one loaded (lazy TLB) and hold a reference on it meanwhile. */
static void context_switch_mm(struct cpu *c, struct task_struct *next)
{
	struct mm_struct *old = c->active_mm;

	if (!next->mm || next->mm == old) {
		next->active_mm = old;
		return;
	}
	mmgrab(next->mm);
	switch_mm(old, next->mm);
	c->active_mm = next->mm;
	next->active_mm = next->mm;
	if (old)
		mmdrop(old);
}

static struct task_struct *pick_next_task(struct rq *rq)
{
	struct task_struct *p;

	if (list_empty(&rq->queue))
		return rq->idle;
	p = list_first_entry(&rq->queue, struct task_struct, run_list);
	list_del_init(&p->run_list);
	p->slice_end = jiffies + SCHED_SLICE_TICKS;
	return p;
}

/* Called by the new task with the rq lock held and IRQs off. */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = cpu_rq(smp_processor_id());
	bool migrate = prev->state == TASK_RUNNING && !prev->on_rq && !(prev->flags & PF_IDLE);
	bool dead = prev->state == TASK_DEAD;

	assert_spin_locked(&rq->lock);
	assert_irqs_disabled();

	smp_store_release(&prev->on_cpu, 0);
	spin_unlock(&rq->lock);
	if (migrate) {          /* left this CPU because its affinity excludes it */
		spin_lock(&prev->pi_lock);
		activate_task_on(prev, select_task_rq(prev));
		spin_unlock(&prev->pi_lock);
	}
	if (dead)
		put_task_struct(prev);  /* the reference the task held on itself */
}

void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

void schedule(void)
{
	struct task_struct *prev = current, *next;
	struct rq *rq;
	unsigned long flags;
	struct cpu *c;
	bool sigpend;

	DEBUG_ASSERT(!in_interrupt());
	prev->wchan = (unsigned long)__builtin_return_address(0);
	sigpend = (prev->state & TASK_INTERRUPTIBLE) && signal_pending(prev);
	flags = local_irq_save();
	c = this_cpu();
	rq = cpu_rq(c->id);
	spin_lock(&rq->lock);
	WRITE_ONCE(c->need_resched, 0);
	if (prev->state != TASK_RUNNING) {
		if (sigpend && prev->state == TASK_INTERRUPTIBLE) {
			WRITE_ONCE(prev->state, TASK_RUNNING);
		} else if (prev->on_rq) {
			dequeue_task(rq, prev);
			prev->nvcsw++;
		}
	}
	if (prev->state == TASK_RUNNING && !(prev->flags & PF_IDLE)) {
		if (!cpumask_test_cpu(c->id, &prev->cpus_allowed)) {
			dequeue_task(rq, prev);         /* finish_task_switch migrates it */
		} else {
			list_add_tail(&prev->run_list, &rq->queue);
			prev->nivcsw++;
		}
	}
	next = pick_next_task(rq);
	if (next == prev) {
		spin_unlock(&rq->lock);
		local_irq_restore(flags);
		return;
	}
	rq->curr = next;
	rq->nr_switches++;
	next->on_cpu = 1;
	WRITE_ONCE(next->cpu, c->id);
	c->curr = next;
	c->kstack_top = (unsigned long)next->stack + KSTACK_SIZE;
	context_switch_mm(c, next);
	fpu_switch(prev, next);
	prev = __switch_to(prev, next);
	finish_task_switch(prev);
	local_irq_restore(flags);
}

/* Context switches on all CPUs since boot (/proc/stat "ctxt"); racy sum. */
unsigned long nr_context_switches(void)
{
	unsigned long n = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		n += READ_ONCE(cpu_rq(cpu)->nr_switches);
	return n;
}

unsigned long nr_context_switches_cpu(int cpu)
{
	return READ_ONCE(cpu_rq(cpu)->nr_switches);
}

/* Runnable tasks on every CPU, the running ones included (the load
 * average and /proc/loadavg). A racy sum: each count is read once. */
unsigned long nr_running(void)
{
	unsigned long n = 0;
	int cpu;

	for_each_online_cpu(cpu)
		n += READ_ONCE(cpu_rq(cpu)->nr_running);
	return n;
}

/* The timer tick, on every CPU (IRQs off). */
void scheduler_tick(void)
{
	struct rq *rq = cpu_rq(smp_processor_id());
	struct task_struct *curr = current;

	account_tick(curr, this_cpu());
	if (curr->flags & PF_IDLE) {
		if (READ_ONCE(rq->nr_running))
			WRITE_ONCE(this_cpu()->need_resched, 1);
		return;
	}
	if (time_after_eq(jiffies, curr->slice_end) && !list_empty(&rq->queue))
		WRITE_ONCE(this_cpu()->need_resched, 1);
}

void cond_resched(void)
{
	if (need_resched())
		schedule();
}

void sched_yield_current(void)
{
	set_tsk_need_resched();
	schedule();
}

__noreturn void cpu_idle_loop(void)
{
	int cpu = smp_processor_id();

	for (;;) {
		local_irq_disable();
		if (!need_resched() && list_empty(&cpu_rq(cpu)->queue) && !pull_task(cpu))
			__asm__ __volatile__("wfi");    /* wakes on a pending interrupt even with SIE off */
		local_irq_enable();
		if (need_resched() || !list_empty(&cpu_rq(cpu)->queue))
			schedule();
	}
}

int set_cpus_allowed(struct task_struct *p, cpumask_t mask)
{
	unsigned long flags;
	struct rq *rq;

	mask.bits &= cpu_online_mask.bits;
	if (cpumask_empty(&mask))
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	p->cpus_allowed = mask;
	rq = task_rq_lock(p);
	if (!cpumask_test_cpu(p->cpu, &mask)) {
		if (p->on_rq && !p->on_cpu) {   /* queued elsewhere: move it now */
			dequeue_task(rq, p);
			spin_unlock(&rq->lock);
			activate_task_on(p, select_task_rq(p));
			goto out;
		}
		if (p->on_cpu) {                /* running: it moves at its next schedule() */
			WRITE_ONCE(cpus[p->cpu].need_resched, 1);
			if (p->cpu != smp_processor_id())
				smp_send_reschedule(p->cpu);
		}
	}
	spin_unlock(&rq->lock);
out:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (p == current && !cpumask_test_cpu(smp_processor_id(), &mask))
		schedule();
	return 0;
}

/* Timeouts: a timer that wakes the sleeper. */
struct sleep_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct sleep_timer *st = from_timer(st, t, timer);
	wake_up_process(st->task);
}

long schedule_timeout(long timeout)
{
	struct sleep_timer st;
	unsigned long expire;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + timeout;
	st.task = current;
	timer_setup(&st.timer, process_timeout, 0);
	mod_timer(&st.timer, expire);
	schedule();
	del_timer_sync(&st.timer);
	timeout = (long)(expire - jiffies);
	return timeout < 0 ? 0 : timeout;
}

long schedule_timeout_uninterruptible(long t)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(t);
}
