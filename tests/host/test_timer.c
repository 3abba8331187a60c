// SPDX-License-Identifier: MIT
/*
 * kernel/time/timer.c on the host: timer ranges (soft and hard expiry, as
 * Linux's hrtimers) against a clock the test moves. The comparator must be
 * programmed at the earliest hard expiry (or the tick), and whenever the
 * CPU's event fires every timer whose soft expiry has passed must run,
 * and none before it. timer.c is included whole; the clock, the
 * comparator, softirqs and the scheduler's tick are stubbed below.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define sigset_t shoal_sigset_t         /* glibc has its own */
#include <asm/csr.h>
#undef csr_set
#define csr_set(csr, val) ((void)(val)) /* time_init_cpu's interrupt enable */
#include "../../kernel/time/timer.c"

/* ------------------------------------------------------------- stubs */

static ktime_t host_clock;              /* CLOCK_MONOTONIC, ns */
static ktime_t programmed;              /* what the comparator holds */
static void (*timer_softirq)(void);
static int timer_raised;

ktime_t ktime_get(void) { return host_clock; }
u64 ktime_to_cycles(ktime_t ns) { return (u64)ns; }    /* 1 "cycle" per ns */
void arch_set_next_event(u64 cycles) { programmed = (ktime_t)cycles; }
void timekeeping_init(void) { }
void open_softirq(int nr, void (*action)(void)) { if (nr == TIMER_SOFTIRQ) timer_softirq = action; }
void raise_softirq_irqoff(int nr) { if (nr == TIMER_SOFTIRQ) timer_raised++; }
void scheduler_tick(void) { }
void itimer_tick(bool user) { (void)user; }
unsigned long nr_running(void) { return 0; }

static struct task_struct idle_task;

#define MS NSEC_PER_MSEC

/*
 * The CPU's event fires at @now: the hard interrupt, then the softirq if
 * it raised one (IRQs back on, as kernel/softirq.c runs it).
 */
static void fire(ktime_t now)
{
	host_clock = now;
	timer_raised = 0;
	timer_interrupt();
	if (timer_raised)
		timer_softirq();
}

/* ---------------------------------------------------------- the timers */

struct probe {
	struct timer_list timer;
	ktime_t ran_at;                 /* clock when the callback ran, or -1 */
};

static void probe_fn(struct timer_list *t)
{
	struct probe *p = from_timer(p, t, timer);

	p->ran_at = host_clock;
}

static void probe_init(struct probe *p)
{
	timer_setup(&p->timer, probe_fn, 0);
	p->ran_at = -1;
}

static void setup(void)
{
	host_set_cpu(0);
	this_cpu()->curr = &idle_task;          /* no mm: no itimers charged */
	host_clock = 0;
	time_init();
	time_init_cpu();                        /* CPU 0's tick: every 10 ms from 0 */
}

/* The comparator goes to the earliest hard expiry; both timers then run
 * at that one event, the one with slack before its own hard expiry. */
START_TEST(test_range_runs_at_earliest_hard_expiry)
{
	struct probe a, b;

	probe_init(&a);
	probe_init(&b);
	ck_assert_int_eq(programmed, 10 * MS);          /* the tick */
	timer_arm_range(&a.timer, 2 * MS, 6 * MS);      /* [2, 8] ms */
	ck_assert_int_eq(a.timer.soft_expires, 2 * MS);
	ck_assert_int_eq(a.timer.expires, 8 * MS);
	ck_assert_int_eq(programmed, 8 * MS);
	timer_arm(&b.timer, 5 * MS);                    /* [5, 5] ms */
	ck_assert_int_eq(b.timer.soft_expires, b.timer.expires);
	ck_assert_int_eq(programmed, 5 * MS);
	fire(5 * MS);
	ck_assert_int_eq(b.ran_at, 5 * MS);
	ck_assert_int_eq(a.ran_at, 5 * MS);             /* coalesced */
	ck_assert(!timer_pending(&a.timer) && !timer_pending(&b.timer));
	ck_assert_int_eq(programmed, 10 * MS);          /* back to the tick */
}
END_TEST

/* A timer never runs before its soft expiry, and runs at the first event
 * after it (the tick here) rather than waiting for its hard expiry. */
START_TEST(test_range_never_before_soft_expiry)
{
	struct probe a, b;

	probe_init(&a);
	probe_init(&b);
	timer_arm_range(&a.timer, 7 * MS, 10 * MS);     /* [7, 17] ms */
	timer_arm(&b.timer, 6 * MS);
	ck_assert_int_eq(programmed, 6 * MS);
	fire(6 * MS);
	ck_assert_int_eq(b.ran_at, 6 * MS);
	ck_assert_int_eq(a.ran_at, -1);                 /* 1 ms early: not yet */
	ck_assert_int_eq(programmed, 10 * MS);          /* the tick comes before 17 */
	fire(10 * MS);
	ck_assert_int_eq(a.ran_at, 10 * MS);
}
END_TEST

/* Without any other event, a ranged timer runs at its hard expiry. */
START_TEST(test_range_fires_by_hard_expiry)
{
	struct probe a;

	probe_init(&a);
	fire(10 * MS);                                  /* next tick: 20 ms */
	timer_arm_range(&a.timer, 11 * MS, 4 * MS);     /* [11, 15] ms */
	ck_assert_int_eq(programmed, 15 * MS);
	fire(15 * MS);
	ck_assert_int_eq(a.ran_at, 15 * MS);
}
END_TEST

/* A removed timer leaves next_soft early: one softirq finds nothing, makes
 * it exact, and the next tick raises none. */
START_TEST(test_stale_next_soft_corrects_itself)
{
	struct probe a, b;

	probe_init(&a);
	probe_init(&b);
	timer_arm_range(&a.timer, 3 * MS, 100 * MS);
	timer_arm_range(&b.timer, 50 * MS, 1 * MS);
	ck_assert_int_eq(del_timer(&a.timer), 1);
	fire(10 * MS);
	ck_assert_int_eq(timer_raised, 1);              /* a's stale soft expiry */
	ck_assert_int_eq(b.ran_at, -1);
	ck_assert_int_eq(timer_bases[0].next_soft, 50 * MS);
	fire(20 * MS);
	ck_assert_int_eq(timer_raised, 0);
	ck_assert_int_eq(b.ran_at, -1);
	fire(50 * MS);
	ck_assert_int_eq(b.ran_at, 50 * MS);
}
END_TEST

/* Re-arming moves both ends; a slack beyond KTIME_MAX saturates; an event
 * left from the old expiry is harmless. */
START_TEST(test_rearm_and_huge_slack)
{
	struct probe a;

	probe_init(&a);
	ck_assert_int_eq(timer_arm_range(&a.timer, 4 * MS, 1 * MS), 0);
	ck_assert_int_eq(timer_arm_range(&a.timer, 12 * MS, ~0ULL), 1); /* was pending */
	ck_assert_int_eq(a.timer.soft_expires, 12 * MS);
	ck_assert_int_eq(a.timer.expires, KTIME_MAX);
	/* moving a timer later leaves the old event: it finds nothing due */
	ck_assert_int_eq(programmed, 5 * MS);
	fire(5 * MS);
	ck_assert_int_eq(a.ran_at, -1);
	ck_assert_int_eq(programmed, 10 * MS);
	fire(10 * MS);
	ck_assert_int_eq(a.ran_at, -1);
	fire(20 * MS);                                  /* the next tick */
	ck_assert_int_eq(a.ran_at, 20 * MS);
}
END_TEST

static Suite *timer_suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("ranges");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_range_runs_at_earliest_hard_expiry);
	tcase_add_test(tc, test_range_never_before_soft_expiry);
	tcase_add_test(tc, test_range_fires_by_hard_expiry);
	tcase_add_test(tc, test_stale_next_soft_corrects_itself);
	tcase_add_test(tc, test_rearm_and_huge_slack);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(timer_suite());
	int failed;

	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
