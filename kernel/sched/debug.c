// SPDX-License-Identifier: MIT
/*
 * /proc/PID/sched and /proc/PID/task/TID/sched: one task's scheduling
 * state in the format of Linux 6.12's proc_sched_show_task()
 * (kernel/sched/debug.c), line for line where shoal has the field:
 *
 *   comm (pid, #threads: N)
 *   -------------------------------------------------------------------
 *   se.exec_start                                :      1234.567890
 *   ...
 *   nr_switches                                  :                   42
 *
 * Names are left-aligned in 45 columns; counts are right-aligned in 21,
 * times in ms.ns ("%14lld.%06ld", Linux's SPLIT_NS). The statistics block
 * is printed as Linux prints it with schedstats enabled; the fields shoal
 * does not track are 0: sum_sleep_runtime, sum_block_runtime, block_start,
 * block_max, iowait_sum, iowait_count (no block or iowait accounting),
 * nr_migrations_cold, nr_failed_migrations_hot, nr_wakeups_affine,
 * nr_wakeups_affine_attempts, nr_wakeups_passive. se.load.weight is
 * printed scaled as Linux does on 64-bit (nice 0 = 1048576), and the PELT
 * averages (se.avg.*), which shoal does not keep, are left out.
 *
 * No lock: the fields change under the task's run-queue lock while we
 * read them, as in Linux; the file is a snapshot of racy reads.
 */
#include <shoal/kernel.h>
#include <shoal/time.h>
#include <shoal/sched/debug.h>
#include "sched.h"

#define SCHED_FIXEDPOINT_SHIFT  10      /* Linux's scale_load() on 64-bit */

/* Linux's SPLIT_NS: ms and the ns below them, sign on the ms part. */
static long long nsec_high(long long nsec)
{
	if (nsec < 0)
		return -(long long)((unsigned long long)-nsec / NSEC_PER_MSEC);
	return nsec / NSEC_PER_MSEC;
}

static long nsec_low(long long nsec)
{
	if (nsec < 0)
		nsec = -nsec;
	return (long)((unsigned long long)nsec % NSEC_PER_MSEC);
}

struct sched_show {
	char *buf;
	size_t size;
	int n;
};

static void show_count(struct sched_show *m, const char *name, long long v)
{
	m->n += scnprintf(m->buf + m->n, m->size - m->n, "%-45s:%21lld\n", name, v);
}

static void show_ns(struct sched_show *m, const char *name, long long ns)
{
	m->n += scnprintf(m->buf + m->n, m->size - m->n, "%-45s:%14lld.%06ld\n", name,
			  nsec_high(ns), nsec_low(ns));
}

#define P(F)    show_count(m, #F, (long long)p->F)
#define PN(F)   show_ns(m, #F, (long long)p->F)
#define PN_SCHEDSTAT(F) show_ns(m, #F, (long long)p->se.F)
#define P_SCHEDSTAT(F)  show_count(m, #F, (long long)p->se.F)
#define P_UNTRACKED(F)  show_count(m, #F, 0)
#define PN_UNTRACKED(F) show_ns(m, #F, 0)

/* Linux's schedstats block, in its order; averages as Linux computes them. */
static void show_schedstats(struct sched_show *m, const struct task_struct *p,
			    unsigned long nr_switches)
{
	u64 sum = p->se.sum_exec_runtime, migrations = p->se.nr_migrations;

	PN_UNTRACKED(sum_sleep_runtime);
	PN_UNTRACKED(sum_block_runtime);
	PN_SCHEDSTAT(wait_start);
	PN_SCHEDSTAT(sleep_start);
	PN_UNTRACKED(block_start);
	PN_SCHEDSTAT(sleep_max);
	PN_UNTRACKED(block_max);
	PN_SCHEDSTAT(exec_max);
	PN_SCHEDSTAT(slice_max);
	PN_SCHEDSTAT(wait_max);
	PN_SCHEDSTAT(wait_sum);
	P_SCHEDSTAT(wait_count);
	PN_UNTRACKED(iowait_sum);
	P_UNTRACKED(iowait_count);
	P_UNTRACKED(nr_migrations_cold);
	P_SCHEDSTAT(nr_failed_migrations_affine);
	P_SCHEDSTAT(nr_failed_migrations_running);
	P_UNTRACKED(nr_failed_migrations_hot);
	P_SCHEDSTAT(nr_forced_migrations);
	P_SCHEDSTAT(nr_wakeups);
	P_SCHEDSTAT(nr_wakeups_sync);
	P_SCHEDSTAT(nr_wakeups_migrate);
	P_SCHEDSTAT(nr_wakeups_local);
	P_SCHEDSTAT(nr_wakeups_remote);
	P_UNTRACKED(nr_wakeups_affine);
	P_UNTRACKED(nr_wakeups_affine_attempts);
	P_UNTRACKED(nr_wakeups_passive);
	P_SCHEDSTAT(nr_wakeups_idle);
	/* -1 (printed 0.000001, as Linux) when there is nothing to divide by */
	show_ns(m, "avg_atom", nr_switches ? (long long)(sum / nr_switches) : -1LL);
	show_ns(m, "avg_per_cpu", migrations ? (long long)(sum / migrations) : -1LL);
}

int proc_sched_show_task(struct task_struct *p, char *buf, size_t size)
{
	struct sched_show show = { .buf = buf, .size = size }, *m = &show;
	unsigned long nvcsw = READ_ONCE(p->nvcsw), nivcsw = READ_ONCE(p->nivcsw);
	char comm[TASK_COMM_LEN];
	ktime_t t0, t1;

	m->n = scnprintf(buf, size, "%s (%d, #threads: %d)\n", get_task_comm(comm, p), p->pid,
			 READ_ONCE(p->signal->nr_threads));
	m->n += scnprintf(buf + m->n, size - m->n, "%.67s\n",
			  "------------------------------------------------------------------------");
	PN(se.exec_start);
	PN(se.vruntime);
	PN(se.sum_exec_runtime);
	P(se.nr_migrations);
	show_schedstats(m, p, nvcsw + nivcsw);
	show_count(m, "nr_switches", (long long)(nvcsw + nivcsw));
	show_count(m, "nr_voluntary_switches", (long long)nvcsw);
	show_count(m, "nr_involuntary_switches", (long long)nivcsw);
	show_count(m, "se.load.weight", (long long)p->se.weight << SCHED_FIXEDPOINT_SHIFT);
	P(policy);
	P(prio);
	/* what two back-to-back clock reads cost, as Linux's cpu_clock() pair */
	t0 = ktime_get();
	t1 = ktime_get();
	show_count(m, "clock-delta", t1 - t0);
	/* shoal only, after Linux's lines: traps taken for system calls
	 * (the vDSO's tests count that its clocks take none) */
	show_count(m, "nr_syscalls", (long long)READ_ONCE(p->nr_syscalls));
	return m->n;
}
