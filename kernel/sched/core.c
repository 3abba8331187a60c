// SPDX-License-Identifier: MIT
/*
 * The scheduler core: one run queue per CPU holding the real-time class
 * (rt.c), the fair class (fair.c) and the idle task, in that order of
 * precedence (Linux's sched_class chain). Wake-ups go to the task's last
 * CPU if it is idle, else to an idle CPU it may run on, else to the least
 * loaded one; the woken task preempts the running one when its class says
 * so (check_preempt_curr), on the waker's own CPU as well. Idle CPUs pull
 * queued tasks (CPU_NEWLY_IDLE) and busy ones balance every
 * BALANCE_INTERVAL ticks from SCHED_SOFTIRQ (fair.c's load_balance).
 *
 * The kernel is not preemptible: tasks switch only in schedule(), called
 * when they block or on the way back to user mode once need_resched is
 * set (by resched_curr: a tick that ended a turn, a preempting wake-up,
 * an IPI from a remote one).
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
#include <shoal/nmi.h>
#include <shoal/sched.h>
#include <shoal/time.h>
#include <shoal/mm_types.h>
#include <shoal/signal.h>
#include <shoal/softirq.h>
#include <shoal/sched/rt.h>
#include <uapi/resource.h>
#include "sched.h"

struct rq runqueues[NR_CPUS];

static void run_rebalance_domains(void);
unsigned int sched_nr_cpus_factor = 1;

#define BALANCE_INTERVAL        4       /* ticks between periodic balances of a busy CPU */

/* ---- the idle class: the per-CPU idle task, never queued ---- */

static struct task_struct *pick_next_task_idle(struct rq *rq)
{
	return rq->idle;
}

static void idle_noop(struct rq *rq, struct task_struct *p)
{
	(void)rq;
	(void)p;
}

static void idle_update_curr(struct rq *rq)
{
	(void)rq;
}

static void task_tick_idle(struct rq *rq, struct task_struct *p)
{
	(void)p;
	if (rq->nr_running)
		resched_curr(rq);
}

const struct sched_class idle_sched_class = {
	.next                   = NULL,
	.pick_next_task         = pick_next_task_idle,
	.put_prev_task          = idle_noop,
	.set_next_task          = idle_noop,
	.task_tick              = task_tick_idle,
	.update_curr            = idle_update_curr,
};

static void init_idle(struct task_struct *idle, int cpu)
{
	idle->sched_class = &idle_sched_class;
	idle->policy = SCHED_NORMAL;
	idle->static_prio = DEFAULT_PRIO;
	idle->prio = MAX_PRIO;
	idle->cpu = cpu;
	INIT_LIST_HEAD(&idle->rt.run_list);
}

static void rq_init(struct rq *rq, int cpu)
{
	spin_lock_init_ranked(&rq->lock, "rq->lock", LOCKRANK_RQ);
	init_cfs_rq(&rq->cfs);
	init_rt_rq(&rq->rt);
	rq->cpu = cpu;
}

void sched_init(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		rq_init(cpu_rq(cpu), cpu);
	init_idle(&init_task, 0);
	open_softirq(SCHED_SOFTIRQ, run_rebalance_domains);
}

void sched_init_cpu(int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned int n, f = 1;

	rq->idle = cpus[cpu].idle;
	init_idle(rq->idle, cpu);
	rq->curr = rq->idle;
	rq->idle->on_cpu = 1;
	rq->clock = ktime_get();
	rq->next_balance = jiffies + cpu;
	/* Linux's SCHED_TUNABLESCALING_LOG: 1 + log2(CPUs), CPUs capped at 8 */
	n = cpumask_weight(&cpu_online_mask);
	if (n > 8)
		n = 8;
	while (n >>= 1)
		f++;
	WRITE_ONCE(sched_nr_cpus_factor, f);
}

void update_rq_clock(struct rq *rq)
{
	rq->clock = ktime_get();
}

/* Make rq's CPU call schedule() soon. rq locked. */
void resched_curr(struct rq *rq)
{
	int cpu = rq->cpu;

	if (READ_ONCE(cpus[cpu].need_resched))
		return;
	WRITE_ONCE(cpus[cpu].need_resched, 1);
	if (cpu != smp_processor_id())
		smp_send_reschedule(cpu);
}

static void enqueue_task(struct rq *rq, struct task_struct *p, int flags)
{
	p->sched_class->enqueue_task(rq, p, flags);
}

static void dequeue_task(struct rq *rq, struct task_struct *p, int flags)
{
	p->sched_class->dequeue_task(rq, p, flags);
}

static void activate_task(struct rq *rq, struct task_struct *p, int flags)
{
	enqueue_task(rq, p, flags);
	p->on_rq = 1;
	rq->nr_running++;
	p->se.wait_start = rq->clock;
}

static void deactivate_task(struct rq *rq, struct task_struct *p, int flags)
{
	dequeue_task(rq, p, flags);
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

/* Linux's task_rq_lock: @p's pi_lock (IRQs off) and then its run queue's
 * lock, so that neither a wake-up nor a migration moves it meanwhile. */
static struct rq *task_rq_lock_irqsave(struct task_struct *p, unsigned long *flags)
{
	spin_lock_irqsave(&p->pi_lock, *flags);
	return task_rq_lock(p);
}

static void task_rq_unlock_irqrestore(struct rq *rq, struct task_struct *p, unsigned long flags)
{
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

void double_rq_lock(struct rq *a, struct rq *b)
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

void double_rq_unlock(struct rq *a, struct rq *b)
{
	spin_unlock(&a->lock);
	if (a != b)
		spin_unlock(&b->lock);
}

void move_queued_task(struct rq *src, struct rq *dst, struct task_struct *p)
{
	u64 waiting = p->se.wait_start;

	deactivate_task(src, p, 0);
	WRITE_ONCE(p->cpu, dst->cpu);
	activate_task(dst, p, 0);
	p->se.wait_start = waiting;     /* still waiting since then */
	p->se.nr_migrations++;
}

static int sched_class_rank(const struct sched_class *c)
{
	return c == &rt_sched_class ? 0 : c == &fair_sched_class ? 1 : 2;
}

void check_preempt_curr(struct rq *rq, struct task_struct *p, int wake_flags)
{
	const struct sched_class *cc = rq->curr->sched_class;

	if (p->sched_class == cc)
		cc->check_preempt_curr(rq, p, wake_flags);
	else if (sched_class_rank(p->sched_class) < sched_class_rank(cc))
		resched_curr(rq);
}

static bool cpu_is_idle(int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	return READ_ONCE(rq->curr) == rq->idle && READ_ONCE(rq->nr_running) == 0;
}

/*
 * Choose a CPU for a waking task: its last CPU if idle, else an idle
 * allowed CPU, else the allowed CPU with the fewest runnable tasks (its
 * last one on a tie). All of QEMU virt's harts share one cache level as
 * far as shoal knows, so any idle CPU is as good as a sibling.
 */
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

/*
 * WF_SYNC speaks for the task running on the waking CPU: it holds only
 * when @p goes to this CPU and the waker is a user task acting in its own
 * right (its system call, or softirqs it ran itself, as loopback's
 * delivery) rather than an interrupt or ksoftirqd.
 */
static bool wake_sync_valid(int cpu)
{
	struct cpu *c = this_cpu();

	return cpu == (int)c->id && current->mm && !(current->flags & PF_KTHREAD) &&
	       !c->hardirq_count && !c->softirq_from_irq;
}

/* Queue @p on @cpu (ENQUEUE_WAKEUP: it slept) and let the class decide
 * whether it preempts. Caller holds p->pi_lock; p is on no run queue. */
static void ttwu_queue(struct task_struct *p, int cpu, int flags, int wake_flags)
{
	struct rq *rq = cpu_rq(cpu);
	int this = smp_processor_id();

	assert_spin_locked(&p->pi_lock);
	spin_lock(&rq->lock);
	update_rq_clock(rq);
	if (rq->curr == rq->idle)
		p->se.nr_wakeups_idle++;
	WRITE_ONCE(p->cpu, cpu);
	activate_task(rq, p, flags);
	WRITE_ONCE(p->state, TASK_RUNNING);
	rq->ttwu_count++;
	if (cpu == this)
		rq->ttwu_local++;
	if (!wake_sync_valid(cpu))
		wake_flags &= ~WF_SYNC;
	check_preempt_curr(rq, p, wake_flags);
	spin_unlock(&rq->lock);
}

/* p leaves its last CPU for @cpu while asleep; its fair-class lag moves
 * with it (fair.c places it by lag on any queue). */
static void ttwu_migrate(struct task_struct *p, int cpu)
{
	(void)cpu;
	p->se.nr_migrations++;
	p->se.nr_wakeups_migrate++;
	cpu_rq(smp_processor_id())->ttwu_move_affine++;
}

/*
 * Wake @p if its state is in @state. @wake_flags: WF_SYNC says the waker
 * is about to wait for the wakee (a socket's reader woken by its writer,
 * as Linux's *_sync wake-ups), so the fair class does not preempt the
 * waker for it before the waker's slice ends.
 */
int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
{
	unsigned long flags;
	struct rq *rq;
	int cpu, this = smp_processor_id(), ret = 0;

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
	p->se.nr_wakeups++;
	cpu = select_task_rq(p);
	if (cpu != p->cpu)
		ttwu_migrate(p, cpu);
	if (cpu == this) {
		p->se.nr_wakeups_local++;
	} else {
		p->se.nr_wakeups_remote++;
		cpu_rq(this)->ttwu_wake_remote++;
	}
	ttwu_queue(p, cpu, ENQUEUE_WAKEUP, wake_flags);
out:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	return ret;
}

int wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state, 0);
}

int wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_NORMAL);
}

/* A new task's first queueing. */
void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags;
	struct rq *rq;
	int cpu;

	spin_lock_irqsave(&p->pi_lock, flags);
	cpu = select_task_rq(p);
	rq = cpu_rq(cpu);
	spin_lock(&rq->lock);
	update_rq_clock(rq);
	WRITE_ONCE(p->cpu, cpu);
	activate_task(rq, p, ENQUEUE_INITIAL);
	WRITE_ONCE(p->state, TASK_RUNNING);
	check_preempt_curr(rq, p, WF_FORK);
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/* fork: the child's policy and priority, from its parent's. */
void sched_fork(struct task_struct *p)
{
	struct task_struct *cur = current;

	p->on_rq = 0;
	p->on_cpu = 0;
	p->policy = cur->policy;
	p->rt_priority = cur->rt_priority;
	p->static_prio = cur->static_prio;
	if (cur->sched_reset_on_fork) {
		if (rt_policy(p->policy)) {
			p->policy = SCHED_NORMAL;
			p->rt_priority = 0;
		}
		if (p->static_prio < DEFAULT_PRIO)
			p->static_prio = DEFAULT_PRIO;
	}
	p->sched_reset_on_fork = false;
	if (rt_policy(p->policy)) {
		p->prio = MAX_RT_PRIO - 1 - p->rt_priority;
		p->sched_class = &rt_sched_class;
	} else {
		p->prio = p->static_prio;
		p->sched_class = &fair_sched_class;
	}
	INIT_LIST_HEAD(&p->rt.run_list);
	p->rt.time_slice = RR_TIMESLICE_NS;
	memset(&p->se, 0, sizeof(p->se));
	set_load_weight(p);
	task_fork_fair(p);
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
	const struct sched_class *class;
	struct task_struct *p;

	/* the common case: only fair tasks (or none) */
	if (rq->nr_running == rq->cfs.nr_running) {
		p = fair_sched_class.pick_next_task(rq);
		return p ? p : rq->idle;
	}
	for_each_class(class) {
		p = class->pick_next_task(rq);
		if (p)
			return p;
	}
	BUG();
}

/* Called by the new task with the rq lock held and IRQs off. */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = cpu_rq(smp_processor_id());
	bool migrate = prev->state == TASK_RUNNING && !prev->on_rq && !(prev->flags & PF_IDLE);
	bool dead = prev->state == TASK_DEAD;
	int cpu;

	assert_spin_locked(&rq->lock);
	assert_irqs_disabled();

	smp_store_release(&prev->on_cpu, 0);
	spin_unlock(&rq->lock);
	if (migrate) {          /* left this CPU because its affinity excludes it */
		spin_lock(&prev->pi_lock);
		cpu = select_task_rq(prev);
		rq = cpu_rq(cpu);
		spin_lock(&rq->lock);
		update_rq_clock(rq);
		WRITE_ONCE(prev->cpu, cpu);
		activate_task(rq, prev, 0);
		prev->se.nr_migrations++;
		prev->se.nr_forced_migrations++;
		check_preempt_curr(rq, prev, 0);
		spin_unlock(&rq->lock);
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

/* Statistics of a switch from @prev to @next at rq->clock. */
static void sched_info_switch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	u64 waited;

	if (!(prev->flags & PF_IDLE)) {
		rq->rq_cpu_time += prev->se.sum_exec_runtime - prev->se.prev_sum_exec_runtime;
		if (prev->on_rq)
			prev->se.wait_start = rq->clock;        /* preempted: waits again */
	}
	if (next == rq->idle) {
		rq->sched_goidle++;
		return;
	}
	rq->pcount++;
	if (next->se.wait_start) {
		waited = rq->clock - next->se.wait_start;
		next->se.wait_sum += waited;
		next->se.wait_count++;
		if (waited > next->se.wait_max)
			next->se.wait_max = waited;
		rq->run_delay += waited;
		next->se.wait_start = 0;
	}
}

void schedule(void)
{
	struct task_struct *prev = current, *next;
	struct rq *rq;
	unsigned long flags;
	struct cpu *c;
	bool sigpend;

	DEBUG_ASSERT(!in_interrupt());
	touch_softlockup_watchdog();    /* a scheduling point: kernel/watchdog.c */
	prev->wchan = (unsigned long)__builtin_return_address(0);
	sigpend = (prev->state & TASK_INTERRUPTIBLE) && signal_pending(prev);
	flags = local_irq_save();
	c = this_cpu();
	rq = cpu_rq(c->id);
	spin_lock(&rq->lock);
	update_rq_clock(rq);
	rq->sched_count++;
	WRITE_ONCE(c->need_resched, 0);
	if (prev->state != TASK_RUNNING) {
		if (sigpend && prev->state == TASK_INTERRUPTIBLE) {
			WRITE_ONCE(prev->state, TASK_RUNNING);
		} else if (prev->on_rq) {
			deactivate_task(rq, prev, DEQUEUE_SLEEP);
			prev->nvcsw++;
		}
	}
	if (prev->state == TASK_RUNNING && prev->on_rq &&
	    !cpumask_test_cpu(c->id, &prev->cpus_allowed))
		deactivate_task(rq, prev, 0);   /* finish_task_switch migrates it */
	prev->sched_class->put_prev_task(rq, prev);
	next = pick_next_task(rq);
	if (next == prev) {
		spin_unlock(&rq->lock);
		local_irq_restore(flags);
		return;
	}
	if (prev->on_rq)
		prev->nivcsw++;
	sched_info_switch(rq, prev, next);
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

/* SCHED_SOFTIRQ: the periodic balance of this CPU. */
static void run_rebalance_domains(void)
{
	int cpu = smp_processor_id();
	unsigned long flags = local_irq_save();

	load_balance(cpu, cpu_is_idle(cpu) ? CPU_IDLE : CPU_NOT_IDLE);
	local_irq_restore(flags);
}

/* The timer tick, on every CPU (IRQs off). */
void scheduler_tick(void)
{
	struct rq *rq = cpu_rq(smp_processor_id());
	struct task_struct *curr = current;

	account_tick(curr, this_cpu());
	spin_lock(&rq->lock);
	update_rq_clock(rq);
	curr->sched_class->task_tick(rq, curr);
	spin_unlock(&rq->lock);
	if (time_after_eq(jiffies, rq->next_balance)) {
		rq->next_balance = jiffies + BALANCE_INTERVAL;
		if (!(curr->flags & PF_IDLE))   /* idle CPUs pull from their idle loop */
			raise_softirq_irqoff(SCHED_SOFTIRQ);
	}
}

/* A scheduling point even when nothing else wants the CPU: the soft-lockup
 * detector counts it as one (kernel/watchdog.c). */
void cond_resched(void)
{
	touch_softlockup_watchdog();
	if (need_resched())
		schedule();
}

void sched_yield_current(void)
{
	struct rq *rq;
	unsigned long flags = local_irq_save();

	rq = cpu_rq(smp_processor_id());
	spin_lock(&rq->lock);
	update_rq_clock(rq);
	rq->yld_count++;
	if (current->sched_class->yield_task)
		current->sched_class->yield_task(rq);
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	set_tsk_need_resched();
	schedule();
}

__noreturn void cpu_idle_loop(void)
{
	int cpu = smp_processor_id();
	struct rq *rq = cpu_rq(cpu);

	for (;;) {
		local_irq_disable();
		if (!need_resched() && !READ_ONCE(rq->nr_running) &&
		    !load_balance(cpu, CPU_NEWLY_IDLE))
			__asm__ __volatile__("wfi");    /* wakes on a pending interrupt even with SIE off */
		local_irq_enable();
		if (need_resched() || READ_ONCE(rq->nr_running))
			schedule();
	}
}

int set_cpus_allowed(struct task_struct *p, cpumask_t mask)
{
	unsigned long flags;
	struct rq *rq;
	int cpu;

	mask.bits &= cpu_online_mask.bits;
	if (cpumask_empty(&mask))
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	p->cpus_allowed = mask;
	rq = task_rq_lock(p);
	if (!cpumask_test_cpu(p->cpu, &mask)) {
		if (p->on_rq && !p->on_cpu) {   /* queued elsewhere: move it now */
			struct rq *dst;

			spin_unlock(&rq->lock);
			cpu = select_task_rq(p);
			dst = cpu_rq(cpu);
			double_rq_lock(rq, dst);
			update_rq_clock(rq);
			update_rq_clock(dst);
			if (p->on_rq && !p->on_cpu && p->cpu == rq->cpu) {
				move_queued_task(rq, dst, p);
				p->se.nr_forced_migrations++;
				check_preempt_curr(dst, p, 0);
			} else if (p->on_cpu && p->cpu == rq->cpu) {
				resched_curr(rq);       /* began running: moves at its next schedule() */
			}
			double_rq_unlock(rq, dst);
			goto out;
		}
		if (p->on_cpu)                  /* running: it moves at its next schedule() */
			resched_curr(rq);
	}
	spin_unlock(&rq->lock);
out:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (p == current && !cpumask_test_cpu(smp_processor_id(), &mask))
		schedule();
	return 0;
}

/* ---- policy and priority ---- */

/*
 * Set @p's policy, real-time priority and nice value, moving it between
 * classes if need be: a queued task leaves its class's queue and comes
 * back in the new one (DEQUEUE_SAVE), the running one is put back and
 * picked again; then the class may preempt.
 */
int sched_setscheduler_nocheck(struct task_struct *p, int policy, unsigned int rt_priority,
			       int nice, bool reset_on_fork)
{
	const struct sched_class *old_class;
	bool queued, running;
	unsigned long flags;
	struct rq *rq;

	if (rt_policy(policy) ? rt_priority < 1 || rt_priority > MAX_RT_PRIO - 1
			      : !fair_policy(policy) || rt_priority)
		return -EINVAL;
	if (nice < MIN_NICE || nice > MAX_NICE)
		return -EINVAL;
	rq = task_rq_lock_irqsave(p, &flags);
	update_rq_clock(rq);
	old_class = p->sched_class;
	queued = p->on_rq;
	running = rq->curr == p;
	if (queued)
		dequeue_task(rq, p, DEQUEUE_SAVE);
	if (running)
		old_class->put_prev_task(rq, p);
	p->policy = policy;
	p->rt_priority = rt_policy(policy) ? rt_priority : 0;
	p->static_prio = NICE_TO_PRIO(nice);
	p->sched_reset_on_fork = reset_on_fork;
	if (rt_policy(policy)) {
		p->prio = MAX_RT_PRIO - 1 - p->rt_priority;
		p->sched_class = &rt_sched_class;
	} else {
		p->prio = p->static_prio;
		p->sched_class = &fair_sched_class;
	}
	set_load_weight(p);
	sched_timer_slack_update(p);
	if (queued)
		enqueue_task(rq, p, ENQUEUE_RESTORE);
	if (running) {
		p->sched_class->set_next_task(rq, p);
		resched_curr(rq);               /* let the new priority decide */
	} else if (queued) {
		check_preempt_curr(rq, p, 0);
	}
	task_rq_unlock_irqrestore(rq, p, flags);
	return 0;
}

void set_user_nice(struct task_struct *p, long nice)
{
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	if (nice > MAX_NICE)
		nice = MAX_NICE;
	sched_setscheduler_nocheck(p, p->policy, p->rt_priority, nice, p->sched_reset_on_fork);
}

u64 task_sched_runtime(struct task_struct *p)
{
	unsigned long flags;
	struct rq *rq;
	u64 ns;

	rq = task_rq_lock_irqsave(p, &flags);
	if (rq->curr == p) {
		update_rq_clock(rq);
		p->sched_class->update_curr(rq);
	}
	ns = p->se.sum_exec_runtime;
	task_rq_unlock_irqrestore(rq, p, flags);
	return ns;
}

/* sched_rr_get_interval: the task's time slice, ns. */
u64 sched_rr_interval(struct task_struct *p)
{
	unsigned long flags;
	struct rq *rq;
	u64 ns = 0;

	rq = task_rq_lock_irqsave(p, &flags);
	if (p->sched_class->get_rr_interval)
		ns = p->sched_class->get_rr_interval(rq, p);
	task_rq_unlock_irqrestore(rq, p, flags);
	return ns;
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
