// SPDX-License-Identifier: MIT
/*
 * Soft interrupts (see include/shoal/softirq.h).
 *
 * Per-CPU state lives in struct cpu: softirq_pending (atomic bits, set from
 * any context) and bh_count (owner only). Handlers run with IRQs enabled on
 * the CPU that raised them and never nest: bh_count > 0 holds them off.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/softirq.h>
#include <shoal/kthread.h>
#include <shoal/time.h>

#define MAX_SOFTIRQ_RESTART     10
#define MAX_SOFTIRQ_TIME_NS     (2 * NSEC_PER_MSEC)

static void (*softirq_vec[NR_SOFTIRQS])(void);
static const char *const softirq_names[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "SCHED",
};
static unsigned long softirq_counts[NR_CPUS][NR_SOFTIRQS];

void open_softirq(int nr, void (*action)(void))
{
	softirq_vec[nr] = action;
}

void raise_softirq_irqoff(int nr)
{
	struct cpu *c = this_cpu();

	__atomic_fetch_or(&c->softirq_pending, 1UL << nr, __ATOMIC_RELAXED);
	/* Outside interrupt context nobody will run it on irq_exit: kick ksoftirqd. */
	if (!in_interrupt() && c->ksoftirqd && current != c->ksoftirqd)
		wake_up_process(c->ksoftirqd);
}

/* Run pending handlers with IRQs enabled; returns true if work is left. */
static bool __do_softirq(void)
{
	struct cpu *c = this_cpu();
	ktime_t end = 0;
	unsigned long pending;
	int restart = MAX_SOFTIRQ_RESTART, nr;

	c->bh_count++;
	lock_context_enter();
	while ((pending = __atomic_exchange_n(&c->softirq_pending, 0, __ATOMIC_RELAXED))) {
		local_irq_enable();
		for (nr = 0; nr < NR_SOFTIRQS; nr++) {
			if (!(pending & (1UL << nr)) || !softirq_vec[nr])
				continue;
			softirq_counts[c->id][nr]++;
			softirq_vec[nr]();
		}
		local_irq_disable();
		if (--restart == 0 || !c->softirq_pending)
			break;
		/* Read the clock only when a second round is due: most runs
		 * (a packet, a timer) end after one, and the clock is not
		 * free under emulation. The 2 ms count from the first restart. */
		if (!end)
			end = ktime_get() + MAX_SOFTIRQ_TIME_NS;
		else if (ktime_get() > end)
			break;
	}
	lock_context_exit();
	c->bh_count--;
	return READ_ONCE(c->softirq_pending) != 0;
}

void do_softirq(void)
{
	unsigned long flags;
	struct cpu *c;

	if (in_interrupt())
		return;
	flags = local_irq_save();
	c = this_cpu();
	if (c->softirq_pending && __do_softirq() && c->ksoftirqd)
		wake_up_process(c->ksoftirqd);
	local_irq_restore(flags);
}

void irq_enter(void)
{
	this_cpu()->hardirq_count++;
	lock_context_enter();
}

/* Leaving the outermost interrupt: run softirqs unless they are held off. */
void irq_exit(void)
{
	struct cpu *c = this_cpu();

	c->hardirq_count--;
	if (!c->hardirq_count && !c->bh_count && c->softirq_pending) {
		c->softirq_from_irq = true;     /* not on behalf of the interrupted task */
		if (__do_softirq() && c->ksoftirqd)
			wake_up_process(c->ksoftirqd);
		c->softirq_from_irq = false;
	}
	lock_context_exit();
}

void local_bh_disable(void)
{
	this_cpu()->bh_count++;
}

void local_bh_enable(void)
{
	struct cpu *c = this_cpu();

	DEBUG_ASSERT(c->bh_count > 0);
	c->bh_count--;
	if (!c->bh_count && !c->hardirq_count && c->softirq_pending)
		do_softirq();
}

static int ksoftirqd_fn(void *arg)
{
	struct cpu *c = this_cpu();

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(c->softirq_pending)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		do_softirq();
		cond_resched();
	}
	return 0;
}

void spawn_ksoftirqd(void)
{
	int cpu;
	char name[16];

	for_each_online_cpu(cpu) {
		snprintf(name, sizeof(name), "ksoftirqd/%d", cpu);
		cpus[cpu].ksoftirqd = kthread_create_on_cpu(ksoftirqd_fn, NULL, cpu, name);
	}
}

void softirq_init(void)
{
}

int show_softirqs(char *buf, size_t size)
{
	size_t n = 0;
	int cpu, nr;

	n += scnprintf(buf + n, size - n, "          ");
	for_each_online_cpu(cpu)
		n += scnprintf(buf + n, size - n, "       CPU%d", cpu);
	n += scnprintf(buf + n, size - n, "\n");
	for (nr = 0; nr < NR_SOFTIRQS; nr++) {
		n += scnprintf(buf + n, size - n, "%9s:", softirq_names[nr]);
		for_each_online_cpu(cpu)
			n += scnprintf(buf + n, size - n, " %10lu", softirq_counts[cpu][nr]);
		n += scnprintf(buf + n, size - n, "\n");
	}
	return n;
}
