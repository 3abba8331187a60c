// SPDX-License-Identifier: MIT
/*
 * The fair class: SCHED_NORMAL, SCHED_BATCH and SCHED_IDLE, as Linux's CFS
 * (2.6.23 to 6.5; Documentation/scheduler.md says why CFS and not EEVDF).
 *
 * Each CPU's cfs_rq keeps its runnable tasks in a tree ordered by virtual
 * runtime: CPU time weighted by the inverse of the task's load weight
 * (nice 0 = 1024, each nice step about 1.25x, Linux's table). The task
 * with the smallest vruntime runs next; the running one is out of the tree
 * (cfs_rq->curr). min_vruntime is a monotonic floor that new and waking
 * tasks are placed against:
 *  - a new task starts one slice after it (START_DEBIT), so forking does
 *    not buy CPU time;
 *  - a waking task gets at most half a latency period of credit
 *    (GENTLE_FAIR_SLEEPERS), so sleeping does not buy more;
 * and a waking task whose vruntime is more than a wake-up granularity
 * behind the running one preempts it at once, on the same CPU as well.
 *
 * A task that leaves a cfs_rq other than by sleeping (migration, policy
 * change) stores its vruntime relative to that queue's min_vruntime and
 * gets the new queue's added back on enqueue; a sleeper keeps its absolute
 * vruntime, converted by migrate_task_rq_fair if it wakes elsewhere.
 *
 * Locking: every function here runs under the rq lock of the cfs_rq it
 * touches, IRQs off (kernel/sched/sched.h), except migrate_task_rq_fair,
 * which holds the sleeping task's pi_lock and reads the two queues'
 * min_vruntime racily (a 64-bit load is atomic).
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include "sched.h"

/* Linux's sched_prio_to_weight[], nice -20 .. 19. */
static const unsigned long prio_to_weight[40] = {
	/* -20 */ 88761, 71755, 56483, 46273, 36291,
	/* -15 */ 29154, 23254, 18705, 14949, 11916,
	/* -10 */  9548,  7620,  6100,  4904,  3906,
	/*  -5 */  3121,  2501,  1991,  1586,  1277,
	/*   0 */  1024,   820,   655,   526,   423,
	/*   5 */   335,   272,   215,   172,   137,
	/*  10 */   110,    87,    70,    56,    45,
	/*  15 */    36,    29,    23,    18,    15,
};
#define NICE_0_LOAD             1024UL
#define WEIGHT_IDLEPRIO         3       /* SCHED_IDLE: below nice 19 */

/* Linux's defaults, each multiplied by sched_nr_cpus_factor as Linux's
 * SCHED_TUNABLESCALING_LOG does (1 + log2 CPUs, at most 8 CPUs). */
#define SCHED_LATENCY_NS        (6 * NSEC_PER_MSEC)     /* a period for up to 8 tasks */
#define SCHED_MIN_GRAN_NS       (750 * NSEC_PER_USEC)   /* shortest turn */
#define SCHED_WAKEUP_GRAN_NS    (1 * NSEC_PER_MSEC)     /* lead needed to preempt on wake-up */
#define SCHED_NR_LATENCY        8
#define SCHED_MIGRATION_COST_NS (500 * NSEC_PER_USEC)   /* ran this recently: cache-hot */

static u64 sysctl_latency(void) { return SCHED_LATENCY_NS * sched_nr_cpus_factor; }
static u64 sysctl_min_gran(void) { return SCHED_MIN_GRAN_NS * sched_nr_cpus_factor; }
static u64 sysctl_wakeup_gran(void) { return SCHED_WAKEUP_GRAN_NS * sched_nr_cpus_factor; }

static inline struct task_struct *task_of(struct sched_entity *se)
{
	return container_of(se, struct task_struct, se);
}

static inline struct sched_entity *node_se(const struct avl_node *n)
{
	return container_of((struct avl_node *)n, struct sched_entity, run_node);
}

/* Signed difference: vruntimes may wrap, only their distance matters. */
static inline s64 vdiff(u64 a, u64 b)
{
	return (s64)(a - b);
}

void init_cfs_rq(struct cfs_rq *cfs)
{
	memset(cfs, 0, sizeof(*cfs));
	cfs->min_vruntime = (u64)(-(1LL << 20));        /* wraps early: tests vdiff */
}

void set_load_weight(struct task_struct *p)
{
	if (p->policy == SCHED_IDLE)
		p->se.weight = WEIGHT_IDLEPRIO;
	else
		p->se.weight = prio_to_weight[p->static_prio - MAX_RT_PRIO];
}

/* delta of CPU time -> delta of vruntime */
static u64 calc_delta_fair(u64 delta, const struct sched_entity *se)
{
	if (se->weight == NICE_0_LOAD)
		return delta;
	return delta * NICE_0_LOAD / se->weight;
}

/* ---- the timeline ---- */

static int entity_cmp(const struct avl_node *a, const struct avl_node *b)
{
	const struct sched_entity *x = node_se(a), *y = node_se(b);
	s64 d = vdiff(x->vruntime, y->vruntime);

	if (d)
		return d < 0 ? -1 : 1;
	return x < y ? -1 : x > y;      /* equal vruntimes: any fixed order */
}

static struct sched_entity *first_entity(struct avl_node *n)
{
	if (!n)
		return NULL;
	while (n->left)
		n = n->left;
	return node_se(n);
}

static struct sched_entity *last_entity(struct avl_node *n)
{
	if (!n)
		return NULL;
	while (n->right)
		n = n->right;
	return node_se(n);
}

static void enqueue_timeline(struct cfs_rq *cfs, struct sched_entity *se)
{
	cfs->timeline = avl_insert(cfs->timeline, &se->run_node, entity_cmp);
	if (!cfs->leftmost || entity_cmp(&se->run_node, &cfs->leftmost->run_node) < 0)
		cfs->leftmost = se;
}

static void dequeue_timeline(struct cfs_rq *cfs, struct sched_entity *se)
{
	cfs->timeline = avl_erase(cfs->timeline, &se->run_node, entity_cmp);
	if (cfs->leftmost == se)
		cfs->leftmost = first_entity(cfs->timeline);
}

static void update_min_vruntime(struct cfs_rq *cfs)
{
	struct sched_entity *curr = cfs->curr, *left = cfs->leftmost;
	u64 v;

	if (!curr && !left)
		return;
	if (!curr)
		v = left->vruntime;
	else if (!left || vdiff(curr->vruntime, left->vruntime) < 0)
		v = curr->vruntime;
	else
		v = left->vruntime;
	if (vdiff(v, cfs->min_vruntime) > 0)
		cfs->min_vruntime = v;
}

/* Charge the running entity for the time since it was last charged. */
static void update_curr_fair(struct rq *rq)
{
	struct cfs_rq *cfs = &rq->cfs;
	struct sched_entity *curr = cfs->curr;
	s64 delta;

	if (!curr)
		return;
	delta = (s64)(rq->clock - curr->exec_start);
	if (delta <= 0)
		return;
	curr->exec_start = rq->clock;
	curr->sum_exec_runtime += delta;
	if ((u64)delta > curr->exec_max)
		curr->exec_max = delta;
	curr->vruntime += calc_delta_fair(delta, curr);
	update_min_vruntime(cfs);
}

/*
 * The wall-clock share of a latency period that @se should get:
 * period * weight / total weight (the entity counted in if @queued is
 * false). The period stretches when there are more than SCHED_NR_LATENCY
 * tasks, so that no turn is shorter than the minimum granularity.
 */
static u64 sched_slice(const struct cfs_rq *cfs, const struct sched_entity *se, bool queued)
{
	unsigned int nr = cfs->nr_running + !queued;
	unsigned long load = cfs->load + (queued ? 0 : se->weight);
	u64 period = nr > SCHED_NR_LATENCY ? nr * sysctl_min_gran() : sysctl_latency();

	return load ? period * se->weight / load : period;
}

static void place_entity(struct cfs_rq *cfs, struct sched_entity *se, bool initial)
{
	u64 v = cfs->min_vruntime;

	if (initial)
		v += calc_delta_fair(sched_slice(cfs, se, false), se);
	else
		v -= sysctl_latency() / 2;
	/* never move a task back in time: sleeping must not earn credit */
	if (vdiff(v, se->vruntime) > 0)
		se->vruntime = v;
}

/* ---- the class ---- */

static void enqueue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	struct cfs_rq *cfs = &rq->cfs;
	struct sched_entity *se = &p->se;

	update_curr_fair(rq);
	if (flags & ENQUEUE_WAKEUP) {
		place_entity(cfs, se, false);
		if (se->sleep_start) {
			u64 slept = rq->clock - se->sleep_start;

			if (slept > se->sleep_max)
				se->sleep_max = slept;
			se->sleep_start = 0;
		}
	} else {
		se->vruntime += cfs->min_vruntime;
	}
	cfs->load += se->weight;
	cfs->nr_running++;
	if (se != cfs->curr)
		enqueue_timeline(cfs, se);
}

static void dequeue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	struct cfs_rq *cfs = &rq->cfs;
	struct sched_entity *se = &p->se;

	update_curr_fair(rq);
	if (se == cfs->curr)
		cfs->curr = NULL;
	else
		dequeue_timeline(cfs, se);
	cfs->load -= se->weight;
	cfs->nr_running--;
	if (flags & DEQUEUE_SLEEP)
		se->sleep_start = rq->clock;
	else
		se->vruntime -= cfs->min_vruntime;
	update_min_vruntime(cfs);
}

/* Should @se preempt the running @curr? Only by more than a granularity,
 * scaled to @se's weight, so that equal tasks do not ping-pong. */
static bool wakeup_preempt_entity(struct sched_entity *curr, struct sched_entity *se)
{
	s64 d = vdiff(curr->vruntime, se->vruntime);

	return d > 0 && (u64)d > calc_delta_fair(sysctl_wakeup_gran(), se);
}

static void check_preempt_wakeup(struct rq *rq, struct task_struct *p, int wake_flags)
{
	struct task_struct *curr = rq->curr;

	(void)wake_flags;
	if (curr == p || !rq->cfs.curr)
		return;
	/* SCHED_IDLE runs only when nothing else wants the CPU */
	if (curr->policy == SCHED_IDLE && p->policy != SCHED_IDLE)
		goto preempt;
	/* batch and idle tasks never preempt on wake-up */
	if (p->policy != SCHED_NORMAL)
		return;
	update_curr_fair(rq);
	if (wakeup_preempt_entity(&curr->se, &p->se))
		goto preempt;
	return;
preempt:
	p->se.nr_preempt_wakeup++;
	resched_curr(rq);
}

static void set_next_entity(struct rq *rq, struct sched_entity *se)
{
	dequeue_timeline(&rq->cfs, se);
	rq->cfs.curr = se;
	se->exec_start = rq->clock;
	se->prev_sum_exec_runtime = se->sum_exec_runtime;
}

static struct task_struct *pick_next_task_fair(struct rq *rq)
{
	struct sched_entity *se = rq->cfs.leftmost;

	if (!se)
		return NULL;
	set_next_entity(rq, se);
	return task_of(se);
}

static void set_next_task_fair(struct rq *rq, struct task_struct *p)
{
	set_next_entity(rq, &p->se);
}

static void put_prev_task_fair(struct rq *rq, struct task_struct *p)
{
	struct cfs_rq *cfs = &rq->cfs;
	struct sched_entity *se = &p->se;
	u64 ran;

	if (cfs->curr != se)            /* dequeued already (it sleeps) */
		return;
	update_curr_fair(rq);
	ran = se->sum_exec_runtime - se->prev_sum_exec_runtime;
	if (ran > se->slice_max)
		se->slice_max = ran;
	cfs->curr = NULL;
	enqueue_timeline(cfs, se);
}

/* The tick: end the turn once it used its slice, or once it is further
 * ahead of the leftmost task than a slice. */
static void task_tick_fair(struct rq *rq, struct task_struct *p)
{
	struct cfs_rq *cfs = &rq->cfs;
	struct sched_entity *se = &p->se, *left;
	u64 ideal, ran;

	update_curr_fair(rq);
	if (cfs->nr_running < 2 || cfs->curr != se)
		return;
	ideal = sched_slice(cfs, se, true);
	ran = se->sum_exec_runtime - se->prev_sum_exec_runtime;
	if (ran > ideal) {
		resched_curr(rq);
		return;
	}
	if (ran < sysctl_min_gran())
		return;
	left = cfs->leftmost;
	if (left && vdiff(se->vruntime, left->vruntime) > (s64)ideal)
		resched_curr(rq);
}

/*
 * sched_yield: go behind every other task of the queue (Linux's old
 * sched_compat_yield): a yielding task lets each of the others run once
 * before it runs again, and two yielding tasks alternate.
 */
static void yield_task_fair(struct rq *rq)
{
	struct cfs_rq *cfs = &rq->cfs;
	struct sched_entity *se = cfs->curr, *last;

	if (!se || cfs->nr_running < 2)
		return;
	update_curr_fair(rq);
	last = last_entity(cfs->timeline);
	if (last && vdiff(last->vruntime, se->vruntime) >= 0)
		se->vruntime = last->vruntime + 1;
}

static void migrate_task_rq_fair(struct task_struct *p, int new_cpu)
{
	u64 from = READ_ONCE(cpu_rq(p->cpu)->cfs.min_vruntime);
	u64 to = READ_ONCE(cpu_rq(new_cpu)->cfs.min_vruntime);

	p->se.vruntime = p->se.vruntime - from + to;
}

static u64 get_rr_interval_fair(struct rq *rq, struct task_struct *p)
{
	if (!rq->cfs.load)
		return 0;
	return sched_slice(&rq->cfs, &p->se, p->on_rq);
}

/*
 * A new task (sched_fork, on the parent's CPU): it starts where its parent
 * is, at least one slice after min_vruntime, stored relative to it since
 * wake_up_new_task may queue it on another CPU.
 */
void task_fork_fair(struct task_struct *p)
{
	struct rq *rq = cpu_rq(smp_processor_id());
	struct cfs_rq *cfs = &rq->cfs;
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	update_rq_clock(rq);
	update_curr_fair(rq);
	if (cfs->curr)
		p->se.vruntime = cfs->curr->vruntime;
	else
		p->se.vruntime = cfs->min_vruntime;
	place_entity(cfs, &p->se, true);
	p->se.vruntime -= cfs->min_vruntime;
	spin_unlock_irqrestore(&rq->lock, flags);
}

/* ---- load balancing ---- */

#define LB_MAX_MOVE     8       /* tasks one balancing pass moves at most */

/* Up to @max queued entities of @n, the last in vruntime order first:
 * those ran longest ago and have the coldest caches. */
static unsigned int collect_tail(struct avl_node *n, struct sched_entity **out,
				 unsigned int got, unsigned int max)
{
	if (!n || got >= max)
		return got;
	got = collect_tail(n->right, out, got, max);
	if (got < max)
		out[got++] = node_se(n);
	return collect_tail(n->left, out, got, max);
}

/* May the balancer move queued @p from @src to @dst_cpu? Not while it
 * runs, not against its affinity, and (for a busy @dst) not when it ran
 * within the migration cost: its cache is still warm where it is. */
static bool can_migrate_task(struct rq *src, struct task_struct *p, int dst_cpu,
			     enum cpu_idle_type idle)
{
	if (!cpumask_test_cpu(dst_cpu, &p->cpus_allowed)) {
		p->se.nr_failed_migrations_affine++;
		return false;
	}
	if (p->on_cpu || src->curr == p) {
		p->se.nr_failed_migrations_running++;
		return false;
	}
	return idle != CPU_NOT_IDLE || src->clock - p->se.exec_start >= SCHED_MIGRATION_COST_NS;
}

/* The online CPU other than @this with the most fair load and a task to
 * spare, or -1. Racy reads: the caller checks again under the locks. */
static int find_busiest_cpu(int this)
{
	unsigned long load, most = 0;
	int cpu, busiest = -1;

	for_each_online_cpu(cpu) {
		struct rq *rq = cpu_rq(cpu);

		if (cpu == this || READ_ONCE(rq->cfs.nr_running) < 2)
			continue;
		load = READ_ONCE(rq->cfs.load);
		if (load > most) {
			most = load;
			busiest = cpu;
		}
	}
	return busiest;
}

/*
 * Pull fair tasks from the busiest CPU to @this while each move makes
 * the two loads closer: a task of weight w moves only if w is less than
 * the difference, so balancing never just swaps the imbalance (three
 * equal tasks on two CPUs stay 2 + 1). Called with IRQs off and no rq
 * lock held. Returns the number of tasks moved.
 */
int load_balance(int this, enum cpu_idle_type idle)
{
	struct rq *dst = cpu_rq(this), *src;
	struct sched_entity *cand[LB_MAX_MOVE];
	unsigned long src_load, dst_load;
	unsigned int n, i, moved = 0;
	struct task_struct *last = NULL;
	int busiest;

	assert_irqs_disabled();
	dst->lb_count[idle]++;
	busiest = find_busiest_cpu(this);
	if (busiest < 0) {
		dst->lb_nobusyq[idle]++;
		return 0;
	}
	src = cpu_rq(busiest);
	double_rq_lock(src, dst);
	update_rq_clock(src);
	update_rq_clock(dst);
	src_load = src->cfs.load;
	dst_load = dst->cfs.load;
	if (src->cfs.nr_running < 2 || src_load <= dst_load) {
		dst->lb_balanced[idle]++;
		goto out;
	}
	dst->lb_imbalance[idle] += (src_load - dst_load) / NICE_0_LOAD;
	n = collect_tail(src->cfs.timeline, cand, 0, LB_MAX_MOVE);
	for (i = 0; i < n; i++) {
		struct task_struct *p = task_of(cand[i]);
		unsigned long w = p->se.weight;

		if (w >= src_load - dst_load || src->cfs.nr_running < 2)
			continue;
		if (!can_migrate_task(src, p, this, idle))
			continue;
		move_queued_task(src, dst, p);
		last = p;
		src_load -= w;
		dst_load += w;
		moved++;
		if (src_load <= dst_load)
			break;
	}
	if (moved) {
		dst->lb_gained[idle] += moved;
		check_preempt_curr(dst, last, 0);
	} else {
		dst->lb_failed[idle]++;
	}
out:
	double_rq_unlock(src, dst);
	return moved;
}

const struct sched_class fair_sched_class = {
	.next                   = &idle_sched_class,
	.enqueue_task           = enqueue_task_fair,
	.dequeue_task           = dequeue_task_fair,
	.yield_task             = yield_task_fair,
	.check_preempt_curr     = check_preempt_wakeup,
	.pick_next_task         = pick_next_task_fair,
	.put_prev_task          = put_prev_task_fair,
	.set_next_task          = set_next_task_fair,
	.task_tick              = task_tick_fair,
	.update_curr            = update_curr_fair,
	.migrate_task_rq        = migrate_task_rq_fair,
	.get_rr_interval        = get_rr_interval_fair,
};
