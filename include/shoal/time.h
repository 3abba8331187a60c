/* SPDX-License-Identifier: MIT */
/*
 * Time keeping and kernel timers (kernel/time/).
 *
 * Clock source: the RISC-V `time` CSR at timebase-frequency (device tree).
 * Clock events: Sstc stimecmp per hart (SBI set_timer as fallback).
 * The periodic tick (HZ) drives jiffies (advanced by CPU 0's tick, read
 * anywhere), scheduler_tick() and time accounting on every CPU.
 *
 * Kernel timers expire at an absolute CLOCK_MONOTONIC time in ns, live on a
 * per-CPU queue (the CPU that armed them) and run from TIMER_SOFTIRQ on that
 * CPU. The hardware event is programmed to the earlier of the next tick and
 * the first timer, so sleeps are precise to the timer, not to the tick.
 * A timer armed with slack (timer_arm_range) may run anywhere between its
 * expiry and expiry + slack, as Linux's hrtimer ranges: it runs at the
 * first timer event or tick after its expiry, and no later than the end of
 * its range (kernel/time/timer.c).
 */
#ifndef _SHOAL_TIME_H
#define _SHOAL_TIME_H

#include <shoal/types.h>
#include <shoal/list.h>

#define HZ 100
#define NSEC_PER_SEC    1000000000L
#define NSEC_PER_MSEC   1000000L
#define NSEC_PER_USEC   1000L
#define NSEC_PER_JIFFY  (NSEC_PER_SEC / HZ)

extern volatile unsigned long jiffies;
extern unsigned long timebase_freq;     /* Hz of the time CSR */

ktime_t ktime_get(void);                /* CLOCK_MONOTONIC ns since boot */
ktime_t ktime_get_real(void);           /* CLOCK_REALTIME ns since the epoch */
int ktime_set_real(ktime_t now);        /* settimeofday/clock_settime; -EINVAL before boot */
static inline unsigned long nsecs_to_jiffies(u64 ns) { return (ns + NSEC_PER_JIFFY - 1) / NSEC_PER_JIFFY; }
static inline u64 jiffies_to_nsecs(unsigned long j) { return (u64)j * NSEC_PER_JIFFY; }
/* @ns as a clock_t: USER_HZ ticks, the unit of times() and /proc (kernel/time/time.c). */
u64 nsec_to_clock_t(u64 ns);
#define time_after(a, b)        ((long)((b) - (a)) < 0)
#define time_before(a, b)       time_after(b, a)
#define time_after_eq(a, b)     ((long)((a) - (b)) >= 0)

struct timer_list {
	struct list_head entry;         /* per-CPU timer queue [base lock] */
	ktime_t expires;                /* hard expiry, absolute monotonic ns: the latest it may fire */
	ktime_t soft_expires;           /* soft expiry: the earliest it may fire (<= expires) */
	void (*function)(struct timer_list *);
	int cpu;                        /* queue it is on, -1 if none [base lock] */
	unsigned int flags;
};
#define from_timer(var, t, field) container_of(t, __typeof__(*var), field)

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
/* (Re)arm at absolute monotonic time @expires; returns 1 if it was pending. */
int timer_arm(struct timer_list *t, ktime_t expires);
/* The same with a range: fire no earlier than @expires and no later than
 * @expires + @slack ns (Linux's hrtimer_start_range_ns). */
int timer_arm_range(struct timer_list *t, ktime_t expires, u64 slack);
/* Linux-style: expiry in jiffies. */
int mod_timer(struct timer_list *t, unsigned long expires_jiffies);
int del_timer(struct timer_list *t);            /* 1 if it was pending */
int del_timer_sync(struct timer_list *t);       /* also waits for a running callback */
static inline bool timer_pending(const struct timer_list *t) { return READ_ONCE(t->cpu) >= 0; }

/* Called by the arch timer interrupt (IRQs off). */
void timer_interrupt(void);
void time_init(void);                   /* boot CPU, after the DT gave timebase_freq */
void time_init_cpu(void);               /* each CPU: start its tick */
/* arch hooks (arch/riscv/kernel/time.c) */
extern bool riscv_has_sstc;             /* program stimecmp directly, not through SBI */
u64 get_cycles(void);
void arch_set_next_event(u64 cycles_abs);

/*
 * Sleeping (kernel/time/hrtimer.c).
 *
 * schedule_hrtimeout: a plain sleep until @expires (monotonic ns). It sets
 * the task state itself (TASK_INTERRUPTIBLE if @interruptible, else
 * TASK_UNINTERRUPTIBLE) and sleeps again after stray wake-ups. Returns 0 at
 * expiry, or -EINTR as soon as a signal is pending (interruptible only);
 * callers turn -EINTR into -ERESTARTSYS/-ERESTART_RESTARTBLOCK as they need.
 * Not for waiting on a wait queue: it would swallow the wake-up.
 *
 * schedule_hrtimeout_prepared: Linux's schedule_hrtimeout(). The caller has
 * already set its state (set_current_state() or prepare_to_wait()) and
 * tested its condition; this schedules once. Returns 0 if @expires passed,
 * -EINTR if the task was woken earlier (wake-up or signal). @expires ==
 * KTIME_MAX sleeps without a timer. With state TASK_RUNNING it returns at once.
 *
 * The _range forms let the wake-up come up to @slack ns after @expires
 * (Linux's schedule_hrtimeout_range); never before it. User-visible sleeps
 * pass the sleeper's slack (task_timer_slack(), include/shoal/sched/rt.h).
 */
#define KTIME_MAX ((ktime_t)(~0UL >> 1))
int schedule_hrtimeout(ktime_t expires, bool interruptible);
int schedule_hrtimeout_prepared(ktime_t expires);
int schedule_hrtimeout_range(ktime_t expires, u64 slack, bool interruptible);
int schedule_hrtimeout_range_prepared(ktime_t expires, u64 slack);
/*
 * Slack for a poll/select/epoll timeout ending at @expires (Linux's
 * select_estimate_accuracy, fs/select.c): 0.1 % of the time left (0.5 % for
 * a niced task), at most 100 ms, and never less than current's timer
 * slack; 0 for a task with no slack (real-time policies).
 */
u64 select_estimate_accuracy(ktime_t expires);

/* User timespec/timeval helpers: -EFAULT, or -EINVAL for tv_nsec outside
 * [0, 1e9) or a negative tv_sec. */
struct timespec;
int get_user_timespec_ns(ktime_t *ns, const struct timespec __user *uts);
int put_user_timespec_ns(ktime_t ns, struct timespec __user *uts);
/* An itimerspec member (already copied in) as ns; -EINVAL if malformed. */
int itimerspec_member_ns(const struct timespec *ts, ktime_t *ns);
void ns_to_timespec(ktime_t ns, struct timespec *ts);
static inline ktime_t ktime_add_safe(ktime_t a, ktime_t b)
{
	ktime_t r = (ktime_t)((u64)a + (u64)b);
	return (r < a || r < b) ? KTIME_MAX : r;
}

/* Load averages for sysinfo and /proc/loadavg: fixed point, FSHIFT bits
 * (Linux's avenrun), updated every 5 s by CPU 0's tick. */
#define FSHIFT          11
#define FIXED_1         (1UL << FSHIFT)
extern unsigned long avenrun[3];

/* kernel/time/itimer.c: stop and free the process's ITIMER_REAL timer
 * (last thread gone or signal_struct freed). */
struct signal_struct;
void itimers_exit(struct signal_struct *sig);
/* kernel/time/posix-timers.c: delete every POSIX timer of the process
 * (execve, last thread gone, signal_struct freed). */
void posix_timers_exit(struct signal_struct *sig);
/* A SI_TIMER signal is being dequeued (siglock held): fill in its overrun
 * and re-arm its periodic timer. */
struct kernel_siginfo;
void posix_timer_dequeued(struct signal_struct *sig, struct kernel_siginfo *info);

#endif
