/* SPDX-License-Identifier: MIT */
/*
 * Soft interrupts (kernel/softirq.c), as in Linux.
 *
 * Pending bits are per CPU. They run on interrupt exit (IRQs enabled,
 * bh_count raised so they never nest) for at most MAX_SOFTIRQ_RESTART rounds
 * or 2 ms; what is left wakes this CPU's ksoftirqd thread.
 * local_bh_disable() holds them off on this CPU; local_bh_enable() runs
 * what became pending meanwhile.
 */
#ifndef _SHOAL_SOFTIRQ_H
#define _SHOAL_SOFTIRQ_H

#include <shoal/types.h>

enum {
	HI_SOFTIRQ,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	SCHED_SOFTIRQ,
	NR_SOFTIRQS
};

void open_softirq(int nr, void (*action)(void));
void raise_softirq_irqoff(int nr);      /* IRQs already off */
void do_softirq(void);                  /* run pending softirqs if allowed here */
void irq_enter(void);
void irq_exit(void);                    /* runs pending softirqs when leaving the outermost interrupt */
void softirq_init(void);
void spawn_ksoftirqd(void);
/* /proc/softirqs */
int show_softirqs(char *buf, size_t size);

#endif
