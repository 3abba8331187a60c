// SPDX-License-Identifier: MIT
/*
 * NAPI scheduling in net/core/dev.c on the host: the SCHED/MISSED state
 * machine and the poll loop (net_rx_action). The race a NIC driver relies
 * on is scripted: its interrupt fires while its poll runs, so
 * napi_complete_done must return false, keep the napi scheduled, and the
 * next NET_RX run must poll it again. dev.c is included whole, built with
 * CONFIG_DEBUG so its contract assertions run; what it calls outside
 * (softirqs, the RTNL mutex, IPv4, loopback) is stubbed below.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <host_test.h>

#define CONFIG_DEBUG 1
#define sigset_t shoal_sigset_t         /* glibc has its own */
#include "../../net/core/dev.c"

/* ------------------------------------------------------------- stubs */

static struct napi_struct nic;

volatile unsigned long jiffies;
static int net_rx_raised;

void open_softirq(int nr, void (*action)(void)) { (void)nr; (void)action; }
void raise_softirq_irqoff(int nr) { if (nr == NET_RX_SOFTIRQ) net_rx_raised++; }
void local_bh_disable(void) { this_cpu()->bh_count++; }
void local_bh_enable(void) { this_cpu()->bh_count--; }
void __mutex_init(struct mutex *m, const char *name, struct lock_class *class)
{
	(void)m; (void)name; (void)class;
}
void mutex_lock(struct mutex *m) { (void)m; }
void mutex_unlock(struct mutex *m) { (void)m; }
/* GRO and GSO (gro.c, gso.c) have their own tests: none is held or cut here. */
void napi_gro_flush(struct napi_struct *napi) { ck_assert_ptr_null(napi->gro_list); }
void napi_gro_flush_old(struct napi_struct *napi) { ck_assert_ptr_null(napi->gro_list); }
struct sk_buff *validate_xmit_skb(struct sk_buff *skb, struct net_device *dev)
{
	(void)dev;
	return skb;
}
/* The linkwatch thread is never started here; carrier events only count wake-ups. */
static int linkwatch_wakeups;
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	(void)fn; (void)arg; (void)name;
	return NULL;
}
int __wake_up(wait_queue_head_t *wq, unsigned int mode, int nr, void *key)
{
	(void)wq; (void)mode; (void)nr; (void)key;
	linkwatch_wakeups++;
	return 0;
}
void __init_waitqueue_head(wait_queue_head_t *wq, struct lock_class *class) { (void)wq; (void)class; }
int autoremove_wake_function(wait_queue_entry_t *e, unsigned int mode, int flags, void *key)
{
	(void)e; (void)mode; (void)flags; (void)key;
	return 0;
}
void prepare_to_wait(wait_queue_head_t *wq, wait_queue_entry_t *e, int state)
{
	(void)wq; (void)e; (void)state;
}
void finish_wait(wait_queue_head_t *wq, wait_queue_entry_t *e) { (void)wq; (void)e; }
void schedule(void) { }
/* napi_disable sleeps while a poll owns SCHED: here, the "poll" ends meanwhile. */
long schedule_timeout_uninterruptible(long j)
{
	(void)j;
	clear_bit(NAPI_STATE_SCHED, &nic.state);
	return 0;
}

/* ------------------------------------------------------- a fake driver */

static int polls;                       /* times nic's poll ran */
static int irq_during_poll;             /* raise the "interrupt" in the next poll */
static int work_per_poll;               /* what each poll reports */
static bool last_complete;              /* napi_complete_done's answer */
static bool irq_enabled;                /* the driver re-enables it on completion */

static int nic_poll(struct napi_struct *napi, int budget)
{
	polls++;
	if (irq_during_poll) {
		irq_during_poll--;
		napi_schedule(napi);    /* the device interrupts mid-poll */
	}
	if (work_per_poll >= budget)
		return budget;          /* more to do: the loop keeps SCHED */
	last_complete = napi_complete_done(napi, work_per_poll);
	if (last_complete)
		irq_enabled = true;
	return work_per_poll;
}

/* One NET_RX softirq on this CPU, as kernel/softirq.c runs it. */
static void run_net_rx(void)
{
	net_rx_raised = 0;
	this_cpu()->bh_count++;
	net_rx_action();
	this_cpu()->bh_count--;
}

static void setup(void)
{
	struct softnet_data *sd = this_cpu_ptr(softnet_data);

	host_set_cpu(0);
	INIT_LIST_HEAD(&sd->poll_list);
	netif_napi_add(NULL, &nic, nic_poll, NAPI_POLL_WEIGHT);
	polls = irq_during_poll = work_per_poll = net_rx_raised = 0;
	last_complete = irq_enabled = false;
}

static void teardown(void)
{
}

/* ------------------------------------------------------------- tests */

START_TEST(test_prep_takes_sched_once)
{
	ck_assert(napi_schedule_prep(&nic));
	ck_assert(nic.state == NAPIF_STATE_SCHED);
	ck_assert(!napi_schedule_prep(&nic));
	ck_assert(nic.state == (NAPIF_STATE_SCHED | NAPIF_STATE_MISSED));
	ck_assert(!napi_schedule_prep(&nic));   /* MISSED is a bit, not a count */
	ck_assert(nic.state == (NAPIF_STATE_SCHED | NAPIF_STATE_MISSED));
}
END_TEST

START_TEST(test_prep_refuses_disabled)
{
	nic.state = NAPIF_STATE_DISABLE;
	ck_assert(!napi_schedule_prep(&nic));
	ck_assert(nic.state == NAPIF_STATE_DISABLE);
}
END_TEST

START_TEST(test_schedule_queues_and_raises)
{
	struct softnet_data *sd = this_cpu_ptr(softnet_data);

	napi_schedule(&nic);
	ck_assert_int_eq(net_rx_raised, 1);
	ck_assert_ptr_eq(sd->poll_list.next, &nic.poll_list);
	napi_schedule(&nic);                    /* already queued: not twice */
	ck_assert_int_eq(net_rx_raised, 1);
	ck_assert_ptr_eq(sd->poll_list.next->next, &sd->poll_list);
}
END_TEST

START_TEST(test_complete_without_race)
{
	struct softnet_data *sd = this_cpu_ptr(softnet_data);

	work_per_poll = 3;
	napi_schedule(&nic);
	run_net_rx();
	ck_assert_int_eq(polls, 1);
	ck_assert(last_complete);
	ck_assert(irq_enabled);
	ck_assert(nic.state == 0);
	ck_assert(list_empty(&sd->poll_list));
	ck_assert_int_eq(net_rx_raised, 0);
}
END_TEST

/* The interrupt fires during the poll: complete returns false, the napi
 * stays scheduled and is polled again by the next NET_RX run. */
START_TEST(test_schedule_during_poll_repolls)
{
	struct softnet_data *sd = this_cpu_ptr(softnet_data);

	work_per_poll = 1;
	irq_during_poll = 1;
	napi_schedule(&nic);
	run_net_rx();
	ck_assert_int_eq(polls, 1);
	ck_assert(!last_complete);
	ck_assert(!irq_enabled);
	ck_assert(nic.state == NAPIF_STATE_SCHED);
	ck_assert_ptr_eq(sd->poll_list.next, &nic.poll_list);
	ck_assert_ptr_eq(nic.poll_list.next, &sd->poll_list);  /* queued once */
	ck_assert_int_ge(net_rx_raised, 1);

	run_net_rx();
	ck_assert_int_eq(polls, 2);
	ck_assert(last_complete);
	ck_assert(irq_enabled);
	ck_assert(nic.state == 0);
	ck_assert(list_empty(&sd->poll_list));
}
END_TEST

/* A full-budget poll keeps SCHED without completing; a schedule meanwhile
 * only sets MISSED, which the final completion consumes. */
START_TEST(test_full_budget_keeps_polling)
{
	struct softnet_data *sd = this_cpu_ptr(softnet_data);

	work_per_poll = NAPI_POLL_WEIGHT;
	napi_schedule(&nic);
	run_net_rx();                   /* netdev_budget 300: several polls */
	ck_assert_int_ge(polls, 2);
	ck_assert(nic.state & NAPIF_STATE_SCHED);
	ck_assert_ptr_eq(sd->poll_list.next, &nic.poll_list);
	ck_assert_int_eq(net_rx_raised, 1);

	napi_schedule(&nic);
	ck_assert(nic.state == (NAPIF_STATE_SCHED | NAPIF_STATE_MISSED));
	work_per_poll = 0;
	polls = 0;
	run_net_rx();                   /* completes with MISSED: once more */
	ck_assert_int_eq(polls, 1);
	ck_assert(!last_complete);
	run_net_rx();
	ck_assert_int_eq(polls, 2);
	ck_assert(last_complete);
	ck_assert(nic.state == 0);
}
END_TEST

START_TEST(test_complete_checks_contract)
{
	this_cpu()->bh_count++;
	EXPECT_PANIC(napi_complete_done(&nic, 0), "SCHED");     /* not owned */
	this_cpu()->bh_count--;
	nic.state = NAPIF_STATE_SCHED;
	EXPECT_PANIC(napi_complete_done(&nic, 0), "bh_count"); /* not in NET_RX */
}
END_TEST

/* Disable owns SCHED (waiting out a running poll); enable gives it back. */
START_TEST(test_disable_waits_and_enable_restores)
{
	ck_assert(napi_schedule_prep(&nic));    /* a poll is "running" */
	napi_disable(&nic);                     /* sleeps until it ends */
	ck_assert(nic.state == (NAPIF_STATE_SCHED | NAPIF_STATE_DISABLE));
	ck_assert(!napi_schedule_prep(&nic));   /* an interrupt now is refused */
	napi_enable(&nic);
	ck_assert(nic.state == 0);
	napi_enable(&nic);                      /* never disabled: no change */
	ck_assert(nic.state == 0);
	ck_assert(napi_schedule_prep(&nic));
}
END_TEST

/* Carrier changes flip the bit once and wake linkwatch once per change. */
START_TEST(test_carrier_events)
{
	struct net_device dev = { 0 };

	linkwatch_wakeups = 0;
	ck_assert(netif_carrier_ok(&dev));
	netif_carrier_off(&dev);
	ck_assert(!netif_carrier_ok(&dev));
	ck_assert(test_bit(__LINK_STATE_LINKWATCH_PENDING, &dev.state));
	netif_carrier_off(&dev);                /* no change: no event */
	netif_carrier_on(&dev);                 /* pending already: no second wake-up */
	ck_assert(netif_carrier_ok(&dev));
	ck_assert_int_eq(linkwatch_wakeups, 1);
}
END_TEST

static Suite *napi_suite(void)
{
	Suite *s = suite_create("napi");
	TCase *tc = tcase_create("napi");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_prep_takes_sched_once);
	tcase_add_test(tc, test_prep_refuses_disabled);
	tcase_add_test(tc, test_schedule_queues_and_raises);
	tcase_add_test(tc, test_complete_without_race);
	tcase_add_test(tc, test_schedule_during_poll_repolls);
	tcase_add_test(tc, test_full_budget_keeps_polling);
	tcase_add_test(tc, test_complete_checks_contract);
	tcase_add_test(tc, test_disable_waits_and_enable_restores);
	tcase_add_test(tc, test_carrier_events);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return host_run_suite(napi_suite());
}
