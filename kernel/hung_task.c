// SPDX-License-Identifier: MIT
/*
 * The hung-task detector (Linux's kernel/hung_task.c): a kernel thread,
 * khungtaskd, wakes every min(hung_task_timeout_secs, 120) seconds and
 * looks at every task in TASK_UNINTERRUPTIBLE. One whose switch count
 * (nvcsw + nivcsw) has not moved for more than the timeout is reported
 * once per episode ("INFO: task comm:pid blocked for more than N
 * seconds." and its kernel stack), counted in
 * /proc/sys/kernel/hung_task_detect_count, and panics the kernel when
 * hung_task_panic is set (the default of a DEBUG=1 kernel).
 *
 * Not reported, as in Linux: killable sleeps (TASK_WAKEKILL), kernel
 * threads waiting for work (TASK_IDLE, wait_event_idle()), and a task
 * that never ran (switch count 0). A timeout of 0 turns the scan off.
 *
 * Locking: the scan walks all_tasks under tasklist_lock (IRQs off), at
 * most hung_task_check_count tasks, and only reads: it takes a reference
 * on up to HUNG_TASK_BATCH hung tasks and prints them after dropping the
 * lock (printing is slow; get_task_comm takes task_lock, which is never
 * taken under tasklist_lock). Each task's last_switch_count and
 * last_switch_time are khungtaskd's alone, written under tasklist_lock.
 * hung_task_report_wq wakes the HUNG_TASK trigger after a report.
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/kthread.h>
#include <shoal/nmi.h>
#include <shoal/sched.h>
#include <shoal/sched/debug.h>
#include <shoal/sysctl.h>
#include <shoal/time.h>
#include <shoal/wait.h>

#ifdef CONFIG_DEBUG
#define HUNG_TASK_PANIC_DEFAULT 1       /* a DEBUG kernel fails the test that hung */
#else
#define HUNG_TASK_PANIC_DEFAULT 0
#endif
#define HUNG_TASK_INTERVAL_MAX  120     /* seconds between scans at most */
#define HUNG_TASK_BATCH         8       /* tasks printed per scan */
#define HUNG_TASK_TIMEOUT_MAX   (LONG_MAX / NSEC_PER_SEC)

static unsigned long hung_task_timeout_secs = 120;
static unsigned long hung_task_panic = HUNG_TASK_PANIC_DEFAULT;
static unsigned long hung_task_check_count = 4194304;  /* Linux's PID_MAX_LIMIT */
static atomic64_t hung_task_detect_cnt;
static wait_queue_head_t hung_task_report_wq;
static struct task_struct *khungtaskd;

unsigned long hung_task_detect_count(void)
{
	return atomic64_read(&hung_task_detect_cnt);
}

/* Under tasklist_lock: is @t hung now (a new episode)? */
static bool check_hung_task(struct task_struct *t, ktime_t timeout, ktime_t now)
{
	long state = READ_ONCE(t->state);
	unsigned long switch_count;

	if (!(state & TASK_UNINTERRUPTIBLE) || (state & (TASK_WAKEKILL | TASK_NOLOAD)))
		return false;
	switch_count = READ_ONCE(t->nvcsw) + READ_ONCE(t->nivcsw);
	if (!switch_count)
		return false;           /* never switched out: not asleep yet */
	if (switch_count != t->last_switch_count) {
		t->last_switch_count = switch_count;
		t->last_switch_time = now;
		return false;
	}
	if (now - t->last_switch_time <= timeout)
		return false;
	t->last_switch_time = KTIME_MAX;        /* reported: not again until it runs */
	return true;
}

static void hung_task_report(struct task_struct *t, unsigned long timeout)
{
	char comm[TASK_COMM_LEN];

	get_task_comm(comm, t);
	printk("INFO: task %s:%d blocked for more than %lu seconds.\n", comm, t->pid, timeout);
	printk("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n");
	printk("task:%-15s state:D pid:%d flags:0x%08x\n", comm, t->pid, t->flags);
	show_stack(t, NULL);
}

static void check_hung_uninterruptible_tasks(unsigned long timeout)
{
	unsigned long max_count = READ_ONCE(hung_task_check_count), checked = 0, flags;
	struct task_struct *t, *hung[HUNG_TASK_BATCH];
	ktime_t now = ktime_get();
	int n = 0, found = 0, i;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_task(t) {
		if (++checked > max_count)
			break;
		if (!check_hung_task(t, (ktime_t)timeout * NSEC_PER_SEC, now))
			continue;
		found++;
		if (n < HUNG_TASK_BATCH) {
			get_task_struct(t);
			hung[n++] = t;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!found)
		return;
	atomic64_add(found, &hung_task_detect_cnt);
	for (i = 0; i < n; i++) {
		hung_task_report(hung[i], timeout);
		put_task_struct(hung[i]);
	}
	if (found > n)
		printk("INFO: %d more blocked tasks not shown\n", found - n);
	wake_up_all(&hung_task_report_wq);
	if (READ_ONCE(hung_task_panic))
		panic("hung_task: blocked tasks");
}

static int khungtaskd_fn(void *unused)
{
	ktime_t last_checked = ktime_get(), interval, expires;
	unsigned long timeout;

	for (;;) {
		timeout = READ_ONCE(hung_task_timeout_secs);
		interval = (ktime_t)min(timeout, (unsigned long)HUNG_TASK_INTERVAL_MAX) * NSEC_PER_SEC;
		expires = timeout ? last_checked + interval : KTIME_MAX;
		if (timeout && ktime_get() >= expires) {
			check_hung_uninterruptible_tasks(timeout);
			last_checked = ktime_get();
			continue;
		}
		/* a new timeout wakes us early (hung_task_timeout_handler) */
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_hrtimeout_prepared(expires);
	}
	return 0;
}

/* ---- trigger (/proc/provoke-crash HUNG_TASK) ---- */

/* Sleep uninterruptibly until a hung task is reported, at most four
 * timeouts (detection takes up to two scans past the timeout). */
int lkdtm_hung_task(void)
{
	unsigned long start = hung_task_detect_count();
	unsigned long timeout = READ_ONCE(hung_task_timeout_secs);
	long bound;

	if (!timeout || timeout > HUNG_TASK_INTERVAL_MAX)
		timeout = HUNG_TASK_INTERVAL_MAX;
	bound = (long)(4 * timeout * HZ);
	wait_event_timeout(&hung_task_report_wq, hung_task_detect_count() != start, bound);
	return 0;
}

/* ---- tunables ---- */

static unsigned long zero, one = 1, timeout_max = HUNG_TASK_TIMEOUT_MAX;

static int hung_task_timeout_handler(const struct ctl_table *table, int write, char *buf,
				     size_t len)
{
	int err = proc_doulongvec_minmax(table, write, buf, len);

	if (write && !err && READ_ONCE(khungtaskd))
		wake_up_process(READ_ONCE(khungtaskd));
	return err;
}

static int hung_task_count_handler(const struct ctl_table *table, int write, char *buf,
				   size_t len)
{
	if (write)
		return -EPERM;
	return snprintf(buf, len, "%lu\n", hung_task_detect_count());
}

static const struct ctl_table hung_task_sysctls[] = {
	{ .procname = "hung_task_timeout_secs", .data = &hung_task_timeout_secs,
	  .maxlen = sizeof(long), .mode = 0644, .proc_handler = hung_task_timeout_handler,
	  .extra1 = &zero, .extra2 = &timeout_max },
	{ .procname = "hung_task_panic", .data = &hung_task_panic, .maxlen = sizeof(long),
	  .mode = 0644, .proc_handler = proc_doulongvec_minmax, .extra1 = &zero, .extra2 = &one },
	{ .procname = "hung_task_check_count", .data = &hung_task_check_count,
	  .maxlen = sizeof(long), .mode = 0644, .proc_handler = proc_doulongvec_minmax,
	  .extra1 = &zero },
	{ .procname = "hung_task_detect_count", .maxlen = sizeof(long), .mode = 0444,
	  .proc_handler = hung_task_count_handler },
};

bool hung_task_boot_param(const char *tok)
{
	unsigned long *v, max;
	const char *val;
	char *end;
	unsigned long x;

	if (!strncmp(tok, "hung_task_timeout_secs=", 23)) {
		v = &hung_task_timeout_secs;
		max = HUNG_TASK_TIMEOUT_MAX;
		val = tok + 23;
	} else if (!strncmp(tok, "hung_task_panic=", 16)) {
		v = &hung_task_panic;
		max = 1;
		val = tok + 16;
	} else {
		return false;
	}
	x = simple_strtoul(val, &end, 10);
	if (end == val || *end || x > max)
		printk("hung_task: bad %s, ignored\n", tok);
	else
		*v = x;
	return true;
}

static int hung_task_sysctl_init(void)
{
	init_waitqueue_head(&hung_task_report_wq);
	return register_sysctl("kernel", hung_task_sysctls);
}
late_initcall(hung_task_sysctl_init);

static int hung_task_init(void)
{
	struct task_struct *t = kthread_run(khungtaskd_fn, NULL, "khungtaskd");

	WRITE_ONCE(khungtaskd, t);
	return t ? 0 : -ENOMEM;
}
kthread_initcall(hung_task_init);
