// SPDX-License-Identifier: MIT
/*
 * Kernel timers and the periodic tick.
 *
 * Every CPU has a timer base: a list of pending timers sorted by expiry
 * (absolute CLOCK_MONOTONIC ns), its lock, and the timer whose callback is
 * running. timer_arm() queues a timer on the calling CPU, moving it from the
 * base it was on unless its callback is running there (del_timer_sync()
 * relies on a running timer staying on its base). A timer being moved is
 * marked TIMER_MIGRATING in t->flags, whose low bits name its base;
 * lock_timer_base() waits for the move to finish, as in Linux.
 *
 * Timer slack, as Linux's hrtimers (_softexpires and expires): a timer may
 * fire anywhere between its soft expiry (what was asked, t->soft_expires)
 * and its hard expiry (asked + slack, t->expires). The queue is sorted by
 * hard expiry and the clock event (stimecmp) of each CPU is programmed to
 * the earlier of its next tick and its first hard expiry; whenever the
 * event fires (a timer's or the tick's), every timer whose soft expiry has
 * passed runs. So timers with slack ride on interrupts that happen anyway
 * instead of asking for their own. timer_arm() is timer_arm_range() with
 * no slack (soft == hard): kernel users and timerfd, itimers and POSIX
 * timers, as in Linux; user sleeps pass the sleeper's timer_slack_ns.
 *
 * The hard interrupt only advances the tick and raises TIMER_SOFTIRQ when a
 * timer may be due (base->next_soft, a lower bound on the earliest soft
 * expiry: removals leave it early, and the softirq's scan makes it exact
 * again); callbacks run from the softirq with IRQs enabled and no lock
 * held, on the CPU whose base they are on. The sorted list makes arming,
 * and finding the soft-expired timers, O(pending timers on that CPU): fine
 * for tens of timers per CPU; a tree or a wheel would be the next step.
 *
 * The tick runs at HZ on every CPU, idle or not (no tickless mode), skewed
 * by CPU so that CPUs do not all tick at once. CPU 0's tick sets jiffies
 * from the monotonic clock (jiffies = ns / NSEC_PER_JIFFY, so jiffies-based
 * expiries map exactly onto nanoseconds) and updates the load average.
 * Each tick calls scheduler_tick() once, however late it is.
 *
 * Locking: base->lock (irqsave: the tick takes it in hard-IRQ context).
 * Order: any caller's locks -> base->lock; a callback is called with no
 * base lock held, so it may re-arm itself or other timers. Never call
 * del_timer_sync() from the timer's own callback.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/softirq.h>
#include <shoal/smp.h>
#include <asm/csr.h>
#include "tick-internal.h"

#define TIMER_CPUMASK           0x0000ffffU
#define TIMER_MIGRATING         0x00010000U

struct timer_base {
	spinlock_t lock;
	struct list_head head;          /* pending timers, by expiry [lock] */
	struct timer_list *running;     /* callback in progress [lock] */
	ktime_t next_soft;              /* <= every queued soft expiry [lock] */
	ktime_t next_event;             /* what stimecmp holds [owner, IRQs off] */
	ktime_t next_tick;              /* [owner, IRQs off] */
	int cpu;
} __cacheline_aligned;

static struct timer_base timer_bases[NR_CPUS];
volatile unsigned long jiffies;
unsigned long avenrun[3];

static inline struct timer_base *this_base(void)
{
	return &timer_bases[smp_processor_id()];
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->expires = 0;
	t->cpu = -1;
	t->flags = (flags & ~(TIMER_CPUMASK | TIMER_MIGRATING)) | smp_processor_id();
}

static struct timer_base *lock_timer_base(struct timer_list *t, unsigned long *flags)
{
	struct timer_base *base;
	unsigned int tf;

	for (;;) {
		tf = READ_ONCE(t->flags);
		if (!(tf & TIMER_MIGRATING)) {
			base = &timer_bases[tf & TIMER_CPUMASK];
			spin_lock_irqsave(&base->lock, *flags);
			if (READ_ONCE(t->flags) == tf)
				return base;
			spin_unlock_irqrestore(&base->lock, *flags);
		}
		cpu_relax();
	}
}

static int detach_if_pending(struct timer_list *t)
{
	if (t->cpu < 0)
		return 0;
	list_del_init(&t->entry);
	WRITE_ONCE(t->cpu, -1);
	return 1;
}

/* Program this CPU's clock event (its base locked or IRQs off). */
static void program_next_event(struct timer_base *base)
{
	ktime_t next = base->next_tick;
	struct timer_list *first = list_first_entry_or_null(&base->head, struct timer_list, entry);

	if (first && first->expires < next)
		next = first->expires;
	base->next_event = next;
	arch_set_next_event(ktime_to_cycles(next));
}

/* Insert in hard-expiry order, scanning from the tail (new timers tend to
 * expire last). Base locked. */
static void enqueue_timer(struct timer_base *base, struct timer_list *t)
{
	struct list_head *pos;

	for (pos = base->head.prev; pos != &base->head; pos = pos->prev)
		if (list_entry(pos, struct timer_list, entry)->expires <= t->expires)
			break;
	list_add(&t->entry, pos);
	WRITE_ONCE(t->cpu, base->cpu);
	if (t->soft_expires < base->next_soft)
		base->next_soft = t->soft_expires;
	/* A remote base only gets a timer whose callback runs there now; its
	 * softirq reprograms after the callback. */
	if (base->cpu == smp_processor_id() && t->expires < base->next_event)
		program_next_event(base);
}

int timer_arm_range(struct timer_list *t, ktime_t expires, u64 slack)
{
	struct timer_base *base, *new;
	unsigned long flags;
	int ret;

	base = lock_timer_base(t, &flags);
	ret = detach_if_pending(t);
	t->soft_expires = expires;
	t->expires = ktime_add_safe(expires, (ktime_t)min(slack, (u64)KTIME_MAX));
	new = this_base();
	if (base != new && base->running != t) {
		WRITE_ONCE(t->flags, t->flags | TIMER_MIGRATING);
		spin_unlock(&base->lock);
		base = new;
		spin_lock(&base->lock);
		WRITE_ONCE(t->flags, (t->flags & ~(TIMER_MIGRATING | TIMER_CPUMASK)) | base->cpu);
	}
	enqueue_timer(base, t);
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

int timer_arm(struct timer_list *t, ktime_t expires)
{
	return timer_arm_range(t, expires, 0);
}

int mod_timer(struct timer_list *t, unsigned long expires_jiffies)
{
	return timer_arm(t, (ktime_t)jiffies_to_nsecs(expires_jiffies));
}

int del_timer(struct timer_list *t)
{
	struct timer_base *base;
	unsigned long flags;
	int ret;

	if (!timer_pending(t))
		return 0;
	base = lock_timer_base(t, &flags);
	ret = detach_if_pending(t);
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

int del_timer_sync(struct timer_list *t)
{
	struct timer_base *base;
	unsigned long flags;
	int ret = 0;

	for (;;) {
		base = lock_timer_base(t, &flags);
		ret |= detach_if_pending(t);
		if (base->running != t) {
			spin_unlock_irqrestore(&base->lock, flags);
			return ret;
		}
		spin_unlock_irqrestore(&base->lock, flags);
		cpu_relax();
	}
}

/*
 * The first queued timer (in hard-expiry order) whose soft expiry is at or
 * before @now, or NULL; then base->next_soft is exact. Base locked.
 */
static struct timer_list *first_soft_expired(struct timer_base *base, ktime_t now)
{
	ktime_t next_soft = KTIME_MAX;
	struct timer_list *t;

	list_for_each_entry(t, &base->head, entry) {
		if (t->soft_expires <= now)
			return t;
		if (t->soft_expires < next_soft)
			next_soft = t->soft_expires;
	}
	base->next_soft = next_soft;
	return NULL;
}

/* TIMER_SOFTIRQ: run this CPU's soft-expired timers, then reprogram. */
static void run_timer_softirq(void)
{
	struct timer_base *base = this_base();
	void (*fn)(struct timer_list *);
	struct timer_list *t;
	ktime_t now = ktime_get();
	int retries = 0;

	spin_lock_irq(&base->lock);
	for (;;) {
		t = first_soft_expired(base, now);
		/*
		 * Look at the clock again for timers that came due while we
		 * ran callbacks, but only a few times, as Linux's
		 * hrtimer_interrupt: a periodic timer whose interval is shorter
		 * than its callback would otherwise keep this loop (and its
		 * CPU) forever. What is left is due at once and runs in the
		 * next round, after the interrupted task has moved on.
		 */
		if (!t) {
			if (++retries > 3)
				break;
			now = ktime_get();
			t = first_soft_expired(base, now);
			if (!t)
				break;
		}
		detach_if_pending(t);
		base->running = t;
		fn = t->function;
		spin_unlock_irq(&base->lock);
		fn(t);
		spin_lock_irq(&base->lock);
		base->running = NULL;
	}
	program_next_event(base);
	spin_unlock_irq(&base->lock);
}

/* Linux's load average: exponential decay every 5 s, 11-bit fixed point. */
#define LOAD_FREQ       (5 * HZ + 1)
#define EXP_1           1884
#define EXP_5           2014
#define EXP_15          2037

static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

static void calc_global_load(void)
{
	static unsigned long next;
	unsigned long active;

	if (time_before(jiffies, next))
		return;
	next = jiffies + LOAD_FREQ;
	active = nr_running() * FIXED_1;
	avenrun[0] = calc_load(avenrun[0], EXP_1, active);
	avenrun[1] = calc_load(avenrun[1], EXP_5, active);
	avenrun[2] = calc_load(avenrun[2], EXP_15, active);
}

static ktime_t tick_skew(int cpu)
{
	return cpu * (NSEC_PER_JIFFY / NR_CPUS);
}

/* The first tick boundary of @cpu after @now. */
static ktime_t next_tick_after(int cpu, ktime_t now)
{
	ktime_t t = (now - tick_skew(cpu)) / NSEC_PER_JIFFY + 1;

	return t * NSEC_PER_JIFFY + tick_skew(cpu);
}

/* The clock event of this CPU fired (hard IRQ, IRQs off). */
void timer_interrupt(void)
{
	struct timer_base *base = this_base();
	struct cpu *c = this_cpu();
	struct timer_list *first;
	ktime_t now = ktime_get();
	bool tick = false, due;

	if (now >= base->next_tick) {
		base->next_tick = next_tick_after(c->id, now);
		tick = true;
	}
	spin_lock(&base->lock);
	first = list_first_entry_or_null(&base->head, struct timer_list, entry);
	/* A soft-expired timer runs now, whichever event this is. */
	due = first && base->next_soft <= now;
	base->next_event = base->next_tick;
	if (first && !due && first->expires < base->next_event)
		base->next_event = first->expires;
	arch_set_next_event(ktime_to_cycles(base->next_event));
	spin_unlock(&base->lock);
	if (due)
		raise_softirq_irqoff(TIMER_SOFTIRQ);
	if (!tick)
		return;
	if (c->id == 0) {
		WRITE_ONCE(jiffies, (unsigned long)(now / NSEC_PER_JIFFY));
		calc_global_load();
	}
	if (current->mm && !(current->flags & PF_KTHREAD))
		itimer_tick(c->irq_from_user);
	scheduler_tick();
}

/* Boot CPU, once timebase_freq is known. */
void time_init(void)
{
	int cpu;

	timekeeping_init();
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init_named(&timer_bases[cpu].lock, "timer_base");
		INIT_LIST_HEAD(&timer_bases[cpu].head);
		timer_bases[cpu].cpu = cpu;
		timer_bases[cpu].next_soft = KTIME_MAX;
		timer_bases[cpu].next_event = KTIME_MAX;
	}
	jiffies = ktime_get() / NSEC_PER_JIFFY;
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}

/* Each CPU: start its tick. */
void time_init_cpu(void)
{
	struct timer_base *base = this_base();
	unsigned long flags;

	spin_lock_irqsave(&base->lock, flags);
	base->next_tick = next_tick_after(base->cpu, ktime_get());
	program_next_event(base);
	spin_unlock_irqrestore(&base->lock, flags);
	csr_set(sie, SIE_STIE);
}
