/* SPDX-License-Identifier: MIT */
/*
 * Lockup detectors (kernel/watchdog.c) and the hung-task detector
 * (kernel/hung_task.c), Linux's linux/nmi.h and sched/sysctl names.
 * Documentation/watchdog.md has the whole picture.
 *
 * Soft lockup: a CPU that stayed in the kernel without reaching a
 * scheduling point for more than 2 * watchdog_thresh seconds.
 * Hard lockup: a CPU whose timer interrupt stopped (interrupts off), seen
 * by its buddy, the next CPU in the watchdog's mask.
 * Hung task: a task in TASK_UNINTERRUPTIBLE (not TASK_IDLE, not killable)
 * that has not run for more than hung_task_timeout_secs.
 */
#ifndef _SHOAL_NMI_H
#define _SHOAL_NMI_H

#include <shoal/types.h>

struct pt_regs;

/* kernel/watchdog.c: seconds; 0 turns both lockup detectors off. */
extern unsigned long watchdog_thresh;

/*
 * A scheduling point was reached on this CPU: schedule(), cond_resched().
 * Cheap (one store); the next watchdog sample turns it into a timestamp.
 */
void touch_softlockup_watchdog(void);

/* This CPU's timer interrupt (IRQs off): samples both lockup detectors
 * when this CPU's sample period has passed. @regs: the interrupted context. */
void watchdog_timer_interrupt(const struct pt_regs *regs);

/* Lockups and hung tasks reported since boot (their /proc/sys/kernel
 * counters), for the provoke-crash triggers. */
unsigned long softlockup_count(void);
unsigned long hardlockup_count(void);
unsigned long hung_task_detect_count(void);

/* Boot parameters (kernel/main.c): true if @tok was one of the detectors'
 * (watchdog_thresh=, softlockup_panic=, hardlockup_panic=, nowatchdog;
 * hung_task_timeout_secs=, hung_task_panic=). */
bool watchdog_boot_param(const char *tok);
bool hung_task_boot_param(const char *tok);

/*
 * Provoke a report on purpose (Linux's lkdtm SOFTLOCKUP, HARDLOCKUP and
 * HUNG_TASK), bounded so a kernel that does not panic on them recovers:
 * each returns when its report was counted or after its bound.
 */
int lkdtm_softlockup(void);
int lkdtm_hardlockup(void);
int lkdtm_hung_task(void);

#endif
