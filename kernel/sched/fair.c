// SPDX-License-Identifier: MIT
/*
 * The fair class: SCHED_NORMAL, SCHED_BATCH and SCHED_IDLE, as Linux's
 * EEVDF (6.6 and later; Documentation/scheduler.md).
 *
 * A task's vruntime grows by its CPU time divided by its load weight
 * (nice 0 = 1024, each nice step about 1.25x, Linux's table). The queue's
 * weighted average vruntime V is where a task that got exactly its share
 * would be: a task is *eligible* while its vruntime is at most V (it is
 * owed service). Each task also has a virtual deadline, its vruntime plus
 * its slice (base_slice, weighted) at the start of each slice; the
 * eligible task with the earliest deadline runs (earliest eligible
 * virtual deadline first).
 *
 * - A task that leaves the queue keeps its lag (V - vruntime, clamped),
 *   and is placed back at V - lag when it returns, on whichever CPU: a
 *   sleeper that used less than its share comes back owed that much, one
 *   that used more comes back behind. Sleeping itself earns nothing.
 * - A woken task preempts the running one when it would be picked now:
 *   at once, on the waker's own CPU too. The running task keeps the CPU
 *   until its slice ends while it is still eligible (RUN_TO_PARITY), so
 *   two tasks trading data do not switch on every wake-up, while a task
 *   that is owed service (a sleeper beside a CPU hog) preempts at once.
 * - When its slice is used up (checked whenever runtime is charged: the
 *   tick, wake-ups, switches) a task gets a new deadline and the CPU is
 *   rescheduled if others are queued.
 *
 * The tree is ordered by vruntime (lib/avltree.c, leftmost cached), so the
 * eligible tasks are a prefix of it: the pick scans that prefix, O(eligible
 * tasks) where Linux keeps an augmented tree; run queues here are short.
 * The running task is out of the tree (cfs_rq->curr) and out of the sums.
 *
 * Locking: every function here runs under the rq lock of the cfs_rq it
 * touches, IRQs off (kernel/sched/sched.h).
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

/* Linux's defaults: the base slice is multiplied by sched_nr_cpus_factor
 * as Linux's SCHED_TUNABLESCALING_LOG does (1 + log2 CPUs, at most 8). */
#define SCHED_BASE_SLICE_NS     (750 * NSEC_PER_USEC)
#define SCHED_MIGRATION_COST_NS (500 * NSEC_PER_USEC)   /* ran this recently: cache-hot */

static u64 sysctl_base_slice(void) { return SCHED_BASE_SLICE_NS * sched_nr_cpus_factor; }


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

/* ---- the average vruntime and eligibility ---- */

static inline s64 entity_key(const struct cfs_rq *cfs, const struct sched_entity *se)
{
	return vdiff(se->vruntime, cfs->min_vruntime);
}

static void avg_vruntime_add(struct cfs_rq *cfs, const struct sched_entity *se)
{
	cfs->avg_vruntime += entity_key(cfs, se) * (s64)se->weight;
	cfs->avg_load += se->weight;
}

static void avg_vruntime_sub(struct cfs_rq *cfs, const struct sched_entity *se)
{
	cfs->avg_vruntime -= entity_key(cfs, se) * (s64)se->weight;
	cfs->avg_load -= se->weight;
}

/* The weighted sums over the queue, curr included, relative to min_vruntime. */
static void avg_sums(const struct cfs_rq *cfs, s64 *avg, s64 *load)
{
	const struct sched_entity *curr = cfs->curr;

	*avg = cfs->avg_vruntime;
	*load = cfs->avg_load;
	if (curr) {
		*avg += entity_key(cfs, curr) * (s64)curr->weight;
		*load += curr->weight;
	}
}

/* V: the weighted average vruntime of the queue (curr included). */
static u64 avg_vruntime(const struct cfs_rq *cfs)
{
	s64 avg, load;

	avg_sums(cfs, &avg, &load);
	if (load) {
		if (avg < 0)            /* round towards -inf: never call an entity eligible early */
			avg -= load - 1;
		avg /= load;
	}
	return cfs->min_vruntime + avg;
}

/* vruntime <= V, without the division: sum(key * w) >= key(v) * sum(w). */
static bool entity_eligible(const struct cfs_rq *cfs, const struct sched_entity *se)
{
	s64 avg, load;

	avg_sums(cfs, &avg, &load);
	return avg >= entity_key(cfs, se) * load;
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
	avg_vruntime_add(cfs, se);
	cfs->timeline = avl_insert(cfs->timeline, &se->run_node, entity_cmp);
	if (!cfs->leftmost || entity_cmp(&se->run_node, &cfs->leftmost->run_node) < 0)
		cfs->leftmost = se;
}

static void dequeue_timeline(struct cfs_rq *cfs, struct sched_entity *se)
{
	cfs->timeline = avl_erase(cfs->timeline, &se->run_node, entity_cmp);
	if (cfs->leftmost == se)
		cfs->leftmost = first_entity(cfs->timeline);
	avg_vruntime_sub(cfs, se);
}

/* min_vruntime follows the smallest vruntime, never backwards; the keys
 * of the average are relative to it, so their sum moves with it. */
static void update_min_vruntime(struct cfs_rq *cfs)
{
	struct sched_entity *curr = cfs->curr, *left = cfs->leftmost;
	u64 v;
	s64 delta;

	if (!curr && !left)
		return;
	if (!curr)
		v = left->vruntime;
	else if (!left || vdiff(curr->vruntime, left->vruntime) < 0)
		v = curr->vruntime;
	else
		v = left->vruntime;
	delta = vdiff(v, cfs->min_vruntime);
	if (delta > 0) {
		cfs->avg_vruntime -= (s64)cfs->avg_load * delta;
		cfs->min_vruntime = v;
	}
}

/* A new slice once the old one is used up; true if that happened. */
static bool update_deadline(struct sched_entity *se)
{
	if (vdiff(se->vruntime, se->deadline) < 0)
		return false;
	se->slice = sysctl_base_slice();
	se->deadline = se->vruntime + calc_delta_fair(se->slice, se);
	return true;
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
	if (update_deadline(curr) && cfs->nr_running > 1)
		resched_curr(rq);
	update_min_vruntime(cfs);
}

/*
 * The pick: the eligible entity with the earliest deadline. The running
 * one is kept while it is eligible and has not finished the slice it was
 * picked with (RUN_TO_PARITY).
 */
static void scan_eligible(const struct cfs_rq *cfs, struct avl_node *n, struct sched_entity **best,
			  bool *stop)
{
	struct sched_entity *se;

	if (!n || *stop)
		return;
	scan_eligible(cfs, n->left, best, stop);
	if (*stop)
		return;
	se = node_se(n);
	if (!entity_eligible(cfs, se)) {
		*stop = true;           /* and so is everything to the right */
		return;
	}
	if (!*best || vdiff(se->deadline, (*best)->deadline) < 0)
		*best = se;
	scan_eligible(cfs, n->right, best, stop);
}

static struct sched_entity *pick_eevdf(struct cfs_rq *cfs)
{
	struct sched_entity *curr = cfs->curr, *best = NULL;
	bool stop = false;

	if (cfs->nr_running == 1)
		return curr ? curr : cfs->leftmost;
	if (curr && !entity_eligible(cfs, curr))
		curr = NULL;
	if (curr && curr->protect == curr->deadline)
		return curr;
	scan_eligible(cfs, cfs->timeline, &best, &stop);
	if (!best || (curr && vdiff(curr->deadline, best->deadline) < 0))
		best = curr;
	return best ? best : cfs->leftmost;
}

/* Save how much service @se is owed as it leaves (before it leaves the sums). */
static void update_entity_lag(struct cfs_rq *cfs, struct sched_entity *se)
{
	s64 lag = vdiff(avg_vruntime(cfs), se->vruntime);
	s64 limit = calc_delta_fair(max_t(u64, 2 * se->slice, NSEC_PER_JIFFY), se);

	se->vlag = lag < -limit ? -limit : lag > limit ? limit : lag;
}

/*
 * Place an arriving entity at V - lag. Adding it moves V (by its weight
 * times its own lag), so the lag is scaled up first to keep what it is
 * owed after it joined (Linux's place_entity). A new task starts with no
 * lag and half a slice to its deadline.
 */
static void place_entity(struct cfs_rq *cfs, struct sched_entity *se, int flags)
{
	u64 vslice, v = avg_vruntime(cfs);
	s64 lag = 0, avg, load;

	se->slice = sysctl_base_slice();
	vslice = calc_delta_fair(se->slice, se);
	if (cfs->nr_running && se->vlag) {
		avg_sums(cfs, &avg, &load);
		lag = se->vlag * (load + (s64)se->weight);
		lag /= load ? load : 1;
	}
	se->vruntime = v - lag;
	if (flags & ENQUEUE_INITIAL)
		vslice /= 2;
	se->deadline = se->vruntime + vslice;
}

/* ---- the class ---- */

static void enqueue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	struct cfs_rq *cfs = &rq->cfs;
	struct sched_entity *se = &p->se;

	update_curr_fair(rq);
	place_entity(cfs, se, flags);
	if ((flags & ENQUEUE_WAKEUP) && se->sleep_start) {
		u64 slept = rq->clock - se->sleep_start;

		if (slept > se->sleep_max)
			se->sleep_max = slept;
		se->sleep_start = 0;
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
	update_entity_lag(cfs, se);
	if (se == cfs->curr)
		cfs->curr = NULL;
	else
		dequeue_timeline(cfs, se);
	cfs->load -= se->weight;
	cfs->nr_running--;
	if (flags & DEQUEUE_SLEEP)
		se->sleep_start = rq->clock;
	update_min_vruntime(cfs);
}

static void check_preempt_wakeup(struct rq *rq, struct task_struct *p, int wake_flags)
{
	struct task_struct *curr = rq->curr;

	if (curr == p || !rq->cfs.curr)
		return;
	/* SCHED_IDLE runs only when nothing else wants the CPU */
	if (curr->policy == SCHED_IDLE && p->policy != SCHED_IDLE)
		goto preempt;
	/* batch and idle tasks never preempt on wake-up */
	if (p->policy != SCHED_NORMAL)
		return;
	update_curr_fair(rq);
	/* a waker that says it will wait for the wakee keeps its slice */
	if ((wake_flags & WF_SYNC) && curr->se.protect == curr->se.deadline)
		return;
	if (pick_eevdf(&rq->cfs) == &p->se)
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
	se->protect = se->deadline;     /* runs to parity from here */
}

static struct task_struct *pick_next_task_fair(struct rq *rq)
{
	struct sched_entity *se;

	if (!rq->cfs.nr_running)
		return NULL;
	se = pick_eevdf(&rq->cfs);
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

/* The tick charges the runtime; update_curr_fair reschedules when the
 * slice is used up. */
static void task_tick_fair(struct rq *rq, struct task_struct *p)
{
	(void)p;
	update_curr_fair(rq);
}

/*
 * sched_yield: go behind every other queued task, as POSIX words it ("moved
 * to the end of the queue"): the vruntime moves past the last one's and a
 * new deadline follows. Linux's EEVDF only pushes the deadline a slice
 * later, which lets a yielder that is still eligible run again at once;
 * here two yielding tasks alternate, and a yielder gives up the service it
 * was owed (at most the spread of the queue).
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
	se->deadline = se->vruntime + calc_delta_fair(se->slice, se);
}

static u64 get_rr_interval_fair(struct rq *rq, struct task_struct *p)
{
	return rq->cfs.load ? p->se.slice : 0;
}

/* A new task (sched_fork): no lag yet; wake_up_new_task places it. */
void task_fork_fair(struct task_struct *p)
{
	p->se.slice = sysctl_base_slice();
	p->se.vlag = 0;
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
 * Pull fair tasks from the busiest CPU to @this while each move makes the
 * two loads closer: a task of weight w moves if w is less than the
 * difference. After a periodic pass that moved nothing, the next one may
 * also move a task whose weight equals the difference, swapping which CPU
 * is the busier (Linux lets nr_balance_failed relax the same bound): three
 * equal tasks on two CPUs then take turns on the CPU of their own and share
 * the two CPUs evenly over time, instead of 100/50/50. A move never makes
 * the imbalance larger. Called with IRQs off and no rq lock held. Returns
 * the number of tasks moved.
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

		if (src->cfs.nr_running < 2 || w > src_load - dst_load ||
		    (w == src_load - dst_load && !dst->nr_balance_failed))
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
		dst->nr_balance_failed = 0;
		check_preempt_curr(dst, last, 0);
	} else {
		dst->lb_failed[idle]++;
		if (idle != CPU_NEWLY_IDLE)
			dst->nr_balance_failed++;
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
	.get_rr_interval        = get_rr_interval_fair,
};
