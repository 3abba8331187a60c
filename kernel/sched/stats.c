// SPDX-License-Identifier: MIT
/*
 * /proc/schedstat in Linux's version 16 format (6.11 and later: version 15
 * with the busy and idle columns of the domain lines swapped) (Linux's
 * Documentation/scheduler/sched-stats.rst, kernel/sched/stats.c), so the
 * tools written for Linux (schedstat readers, perf sched) read shoal's:
 *
 *   version 16
 *   timestamp <jiffies>
 *   cpuN <9 fields>                     one per online CPU
 *   domain0 <span> <36 fields>          after each cpu line
 *
 * cpuN: sched_yield() calls, a legacy 0, schedule() calls, those that left
 * the CPU idle, wake-ups onto this CPU, those made from it, then the time
 * tasks ran here and waited here runnable (ns) and the turns they got.
 *
 * domainN: shoal balances every CPU against all the others, one level, so
 * each CPU has one domain spanning the online CPUs (a hex mask as Linux's
 * %*pb prints it) and its counters are the run queue's. Then, for each of
 * CPU_NOT_IDLE, CPU_IDLE, CPU_NEWLY_IDLE: lb_count, lb_balanced, lb_failed,
 * lb_imbalance, lb_gained, lb_hot_gained, lb_nobusyq, lb_nobusyg; then
 * alb_count, alb_failed, alb_pushed, sbe_count, sbe_balanced, sbe_pushed,
 * sbf_count, sbf_balanced, sbf_pushed, ttwu_wake_remote, ttwu_move_affine,
 * ttwu_move_balance. Fields shoal does not track print 0: lb_hot_gained
 * (no cache-hot tasks), lb_nobusyg (one CPU per group), the active-balance
 * (alb_*) and exec/fork balance (sbe_*, sbf_*) counters and
 * ttwu_move_balance. With one CPU there is nothing to balance and, as on
 * Linux, no domain line.
 *
 * No lock: the fields are written under their run queue's lock and read
 * here racily (a line may mix counts from slightly different moments).
 */
#include <shoal/kernel.h>
#include <shoal/time.h>
#include <shoal/sched/debug.h>
#include "sched.h"

#define SCHEDSTAT_VERSION       16

static int show_cpu_stats(int cpu, const struct rq *rq, char *buf, size_t size)
{
	return scnprintf(buf, size, "cpu%d %u 0 %u %u %u %u %llu %llu %lu\n", cpu,
			 rq->yld_count, rq->sched_count, rq->sched_goidle,
			 rq->ttwu_count, rq->ttwu_local,
			 (unsigned long long)rq->rq_cpu_time,
			 (unsigned long long)rq->run_delay, rq->pcount);
}

static int show_domain_stats(const struct rq *rq, char *buf, size_t size)
{
	int n, itype;

	n = scnprintf(buf, size, "domain0 %0*lx", (nr_cpu_ids + 3) / 4,
		      READ_ONCE(cpu_online_mask.bits));
	for (itype = 0; itype < CPU_MAX_IDLE_TYPES; itype++)
		n += scnprintf(buf + n, size - n, " %u %u %u %u %u 0 %u 0",
			       rq->lb_count[itype], rq->lb_balanced[itype],
			       rq->lb_failed[itype], rq->lb_imbalance[itype],
			       rq->lb_gained[itype], rq->lb_nobusyq[itype]);
	n += scnprintf(buf + n, size - n, " 0 0 0 0 0 0 0 0 0 %u %u 0\n",
		       rq->ttwu_wake_remote, rq->ttwu_move_affine);
	return n;
}

int show_schedstat(char *buf, size_t size)
{
	int cpu, n;

	n = scnprintf(buf, size, "version %d\ntimestamp %lu\n", SCHEDSTAT_VERSION, jiffies);
	for_each_online_cpu(cpu) {
		const struct rq *rq = cpu_rq(cpu);

		n += show_cpu_stats(cpu, rq, buf + n, size - n);
		if (cpumask_weight(&cpu_online_mask) > 1)
			n += show_domain_stats(rq, buf + n, size - n);
	}
	return n;
}
