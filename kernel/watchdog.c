// SPDX-License-Identifier: MIT
/*
 * Lockup detectors (Linux's kernel/watchdog.c and watchdog_buddy.c).
 *
 * Every CPU samples itself from its timer interrupt every sample period
 * (watchdog_thresh * 2 / 5 seconds, Linux's sample_period):
 *
 * - soft lockup: the CPU stayed in the kernel without reaching a
 *   scheduling point for more than 2 * watchdog_thresh seconds. Linux
 *   learns that a CPU scheduled from a per-CPU stopper thread that its
 *   timer wakes; shoal's kernel is not preemptible, so the scheduling
 *   points themselves say it (touch_softlockup_watchdog() in schedule()
 *   and cond_resched()), and so does a timer interrupt that finds the
 *   CPU in user mode (a preemption point on the way back) or in its idle
 *   task. That costs one store per schedule() and no thread, no wake-up
 *   and no context switch per period per CPU, and it sees exactly what a
 *   stopper thread would: a CPU on which a higher-priority thread could
 *   not have run.
 *
 * - hard lockup, buddy style (CONFIG_HARDLOCKUP_DETECTOR_BUDDY): every
 *   third sample, a CPU checks that the next CPU in watchdog_cpus took a
 *   timer interrupt since its last check (its hrtimer_interrupts moved).
 *   RISC-V has no NMI: a CPU spinning with interrupts off cannot be made
 *   to print its own stack, so the report names what the buddy can see,
 *   the task that CPU was running.
 *
 * Each episode is reported once, counted (/proc/sys/kernel/
 * softlockup_count and hardlockup_count, shoal's own files: Linux counts
 * neither), and panics when softlockup_panic / hardlockup_panic is set
 * (the default of a DEBUG=1 kernel).
 *
 * Locking: no lock of its own. A CPU's struct watchdog_cpu is written only
 * by that CPU, from its timer interrupt (IRQs off) or, for ->touched, from
 * its own scheduling points; its buddy reads hrtimer_interrupts with
 * READ_ONCE. The tunables are single words (READ_ONCE); a change of
 * watchdog_thresh bumps watchdog_gen and every CPU restarts its samples
 * at its next tick. Reports print under the printk lock only (a leaf), so
 * they are safe from interrupt context.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/nmi.h>
#include <shoal/sched.h>
#include <shoal/sched/debug.h>
#include <shoal/sysctl.h>
#include <shoal/time.h>
#include <asm/csr.h>
#include <asm/ptrace.h>

#ifdef CONFIG_DEBUG
#define LOCKUP_PANIC_DEFAULT    1       /* a DEBUG kernel fails the test that locked up */
#else
#define LOCKUP_PANIC_DEFAULT    0
#endif
#define WATCHDOG_THRESH_MAX     60      /* Linux's bound */
#define HARDLOCKUP_CHECK_EVERY  3       /* samples between two buddy checks (Linux's) */

unsigned long watchdog_thresh = 10;
static unsigned long softlockup_panic = LOCKUP_PANIC_DEFAULT;
static unsigned long hardlockup_panic = LOCKUP_PANIC_DEFAULT;
static atomic64_t softlockup_cnt, hardlockup_cnt;
static unsigned long watchdog_gen;      /* bumped when watchdog_thresh changes */
static bool watchdog_running;           /* boot is over: CPUs sample themselves */
static cpumask_t watchdog_cpus;         /* CPUs that have started sampling */

struct watchdog_cpu {
	/* [owner: its timer interrupt, IRQs off] */
	unsigned long gen;              /* watchdog_gen the state below is for */
	ktime_t next_sample;            /* 0: not started */
	ktime_t touch_ts;               /* first sample after its last scheduling point */
	bool soft_reported;             /* this soft-lockup episode was reported */
	int buddy;                      /* CPU it checks, -1 none */
	unsigned long buddy_saved;      /* buddy's hrtimer_interrupts at the last check */
	bool buddy_reported;            /* this hard-lockup episode of the buddy was reported */
	/* [owner writes, the CPU before it in watchdog_cpus reads: READ_ONCE] */
	unsigned long hrtimer_interrupts;       /* samples taken */
	/* [owner: set at its scheduling points, cleared by its sample] */
	bool touched;
} __cacheline_aligned;

static struct watchdog_cpu wd_cpus[NR_CPUS];

void touch_softlockup_watchdog(void)
{
	WRITE_ONCE(wd_cpus[smp_processor_id()].touched, true);
}

unsigned long softlockup_count(void)
{
	return atomic64_read(&softlockup_cnt);
}

unsigned long hardlockup_count(void)
{
	return atomic64_read(&hardlockup_cnt);
}

static ktime_t sample_period(unsigned long thresh)
{
	return (ktime_t)thresh * NSEC_PER_SEC * 2 / 5;
}

/* The CPU after @cpu (wrapping) that samples itself, or -1. */
static int watchdog_next_cpu(int cpu)
{
	int i, c;

	for (i = 1; i < NR_CPUS; i++) {
		c = (cpu + i) % NR_CPUS;
		if (cpumask_test_cpu(c, &watchdog_cpus))
			return c;
	}
	return -1;
}

/* A fresh start: boot, or a new watchdog_thresh. */
static void watchdog_cpu_start(struct watchdog_cpu *wd, int cpu, ktime_t now, unsigned long gen)
{
	wd->gen = gen;
	wd->next_sample = now + sample_period(READ_ONCE(watchdog_thresh));
	wd->touch_ts = now;
	wd->soft_reported = false;
	wd->touched = false;
	wd->buddy = -1;
	wd->buddy_reported = false;
	cpumask_set_cpu(cpu, &watchdog_cpus);
}

static void softlockup_report(int cpu, ktime_t stuck, const struct pt_regs *regs)
{
	struct task_struct *t = current;
	const struct pt_regs *uregs = task_pt_regs(t);

	atomic64_inc(&softlockup_cnt);
	printk("watchdog: BUG: soft lockup - CPU#%d stuck for %llus! [%s:%d]\n", cpu,
	       (unsigned long long)(stuck / NSEC_PER_SEC), t->comm, t->pid);
	if (t->mm && !(t->flags & PF_KTHREAD) && uregs->cause == EXC_SYSCALL)
		printk("CPU: %d PID: %d Comm: %s in system call %lu\n", cpu, t->pid, t->comm,
		       uregs->a7);
	else
		printk("CPU: %d PID: %d Comm: %s\n", cpu, t->pid, t->comm);
	show_stack(t, regs);
	if (READ_ONCE(softlockup_panic))
		panic("softlockup: hung tasks");
}

static void watchdog_soft_check(struct watchdog_cpu *wd, int cpu, ktime_t now,
				unsigned long thresh, const struct pt_regs *regs)
{
	ktime_t stuck;

	if (READ_ONCE(wd->touched)) {
		WRITE_ONCE(wd->touched, false);
		wd->touch_ts = now;
		wd->soft_reported = false;
		return;
	}
	stuck = now - wd->touch_ts;
	if (stuck <= (ktime_t)(2 * thresh) * NSEC_PER_SEC || wd->soft_reported)
		return;
	wd->soft_reported = true;
	softlockup_report(cpu, stuck, regs);
}

/*
 * Buddy CPU @buddy took no timer interrupt for HARDLOCKUP_CHECK_EVERY of
 * our samples. Its current task is read racily: that CPU is stuck, and
 * the report is all that uses it.
 */
static void hardlockup_report(int cpu, int buddy)
{
	struct task_struct *t = READ_ONCE(cpus[buddy].curr);
	char comm[TASK_COMM_LEN];

	atomic64_inc(&hardlockup_cnt);
	memcpy(comm, t->comm, sizeof(comm));
	comm[TASK_COMM_LEN - 1] = 0;
	printk("watchdog: CPU%d: Watchdog detected hard LOCKUP on cpu %d\n", cpu, buddy);
	printk("watchdog: cpu %d was running %s:%d (no NMI on RISC-V: no backtrace of it)\n",
	       buddy, comm, READ_ONCE(t->pid));
	if (READ_ONCE(hardlockup_panic))
		panic("Hard LOCKUP");
}

static void watchdog_buddy_check(struct watchdog_cpu *wd, int cpu)
{
	int buddy = watchdog_next_cpu(cpu);
	unsigned long hrint;

	if (buddy < 0 || wd->hrtimer_interrupts % HARDLOCKUP_CHECK_EVERY)
		return;
	hrint = READ_ONCE(wd_cpus[buddy].hrtimer_interrupts);
	if (buddy != wd->buddy || hrint != wd->buddy_saved) {
		wd->buddy = buddy;
		wd->buddy_saved = hrint;
		wd->buddy_reported = false;
		return;
	}
	if (wd->buddy_reported)
		return;
	wd->buddy_reported = true;
	hardlockup_report(cpu, buddy);
}

void watchdog_timer_interrupt(const struct pt_regs *regs)
{
	unsigned long thresh = READ_ONCE(watchdog_thresh), gen;
	int cpu = smp_processor_id();
	struct watchdog_cpu *wd = &wd_cpus[cpu];
	ktime_t now;

	if (!READ_ONCE(watchdog_running) || !thresh)
		return;
	/* user mode (preempted on its way back) and idle are scheduling points */
	if (user_mode(regs) || (current->flags & PF_IDLE))
		WRITE_ONCE(wd->touched, true);
	now = ktime_get();
	gen = READ_ONCE(watchdog_gen);
	if (!wd->next_sample || wd->gen != gen) {
		watchdog_cpu_start(wd, cpu, now, gen);
		return;
	}
	if (now < wd->next_sample)
		return;
	wd->next_sample = now + sample_period(thresh);
	WRITE_ONCE(wd->hrtimer_interrupts, wd->hrtimer_interrupts + 1);
	watchdog_buddy_check(wd, cpu);
	watchdog_soft_check(wd, cpu, now, thresh, regs);
}

/* ---- triggers (/proc/provoke-crash) ---- */

/* How long a trigger waits for its report: twice what detection needs. */
static ktime_t lkdtm_bound(void)
{
	unsigned long thresh = READ_ONCE(watchdog_thresh);

	return (ktime_t)4 * (thresh ? thresh : 10) * NSEC_PER_SEC;
}

/* Spin in the kernel with interrupts on and no scheduling point. */
int lkdtm_softlockup(void)
{
	unsigned long start = softlockup_count();
	ktime_t end = ktime_get() + lkdtm_bound();

	while (softlockup_count() == start && ktime_get() < end)
		cpu_relax();
	return 0;
}

/* Spin with interrupts off until the buddy reports this CPU. */
int lkdtm_hardlockup(void)
{
	unsigned long start = hardlockup_count(), flags;
	ktime_t end = ktime_get() + lkdtm_bound();

	flags = local_irq_save();
	while (hardlockup_count() == start && ktime_get() < end)
		cpu_relax();
	/* reported as a hard lockup: not a soft one as well */
	touch_softlockup_watchdog();
	local_irq_restore(flags);
	return 0;
}

/* ---- tunables ---- */

static unsigned long zero, one = 1, thresh_max = WATCHDOG_THRESH_MAX;

static int watchdog_thresh_handler(const struct ctl_table *table, int write, char *buf, size_t len)
{
	int err = proc_doulongvec_minmax(table, write, buf, len);

	if (write && !err)
		__atomic_fetch_add(&watchdog_gen, 1, __ATOMIC_RELAXED);
	return err;
}

/* A count since boot, read-only. */
static int lockup_count_handler(const struct ctl_table *table, int write, char *buf, size_t len)
{
	if (write)
		return -EPERM;
	return snprintf(buf, len, "%ld\n", atomic64_read(table->data));
}

static const struct ctl_table watchdog_sysctls[] = {
	{ .procname = "watchdog_thresh", .data = &watchdog_thresh, .maxlen = sizeof(long),
	  .mode = 0644, .proc_handler = watchdog_thresh_handler, .extra1 = &zero,
	  .extra2 = &thresh_max },
	{ .procname = "softlockup_panic", .data = &softlockup_panic, .maxlen = sizeof(long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &zero, .extra2 = &one },
	{ .procname = "hardlockup_panic", .data = &hardlockup_panic, .maxlen = sizeof(long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &zero, .extra2 = &one },
	{ .procname = "softlockup_count", .data = &softlockup_cnt, .maxlen = sizeof(long),
	  .mode = 0444, .proc_handler = lockup_count_handler },
	{ .procname = "hardlockup_count", .data = &hardlockup_cnt, .maxlen = sizeof(long),
	  .mode = 0444, .proc_handler = lockup_count_handler },
};

/* "name=value" with value 0..max into *v; false if @tok is not @name=. */
static bool param_ulong(const char *tok, const char *name, unsigned long max, unsigned long *v)
{
	size_t n = strlen(name);
	char *end;
	unsigned long x;

	if (strncmp(tok, name, n) || tok[n] != '=')
		return false;
	x = simple_strtoul(tok + n + 1, &end, 10);
	if (end == tok + n + 1 || *end || x > max)
		printk("watchdog: bad %s, ignored\n", tok);
	else
		*v = x;
	return true;
}

bool watchdog_boot_param(const char *tok)
{
	if (!strcmp(tok, "nowatchdog")) {
		watchdog_thresh = 0;
		return true;
	}
	return param_ulong(tok, "watchdog_thresh", WATCHDOG_THRESH_MAX, &watchdog_thresh) ||
	       param_ulong(tok, "softlockup_panic", 1, &softlockup_panic) ||
	       param_ulong(tok, "hardlockup_panic", 1, &hardlockup_panic);
}

static int watchdog_sysctl_init(void)
{
	return register_sysctl("kernel", watchdog_sysctls);
}
late_initcall(watchdog_sysctl_init);

/* Once boot is over: initcalls run with IRQs off for as long as they take. */
static int lockup_detector_init(void)
{
	WRITE_ONCE(watchdog_running, true);
	return 0;
}
kthread_initcall(lockup_detector_init);
