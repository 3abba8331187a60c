/* SPDX-License-Identifier: MIT */
/*
 * Interrupt handlers, in the shape of Linux's linux/interrupt.h: a driver
 * asks for a Linux-style irq number (virq) and never sees the IMSIC
 * identity (EIID) behind it. Every virq is routed to exactly one CPU:
 * an IMSIC interrupt file belongs to one hart, and its EIIDs are that
 * hart's, so moving a virq allocates an EIID on the new CPU and rewrites
 * the source (an MSI-X table entry, an APLIC target register) through the
 * irq's chip (kernel/irq/).
 *
 * /proc/interrupts lists each virq with its per-CPU counts and name;
 * /proc/irq/N/smp_affinity reads and writes the CPU as a hex mask (the
 * lowest online CPU of a written mask is taken; a mask without an online
 * CPU is -EINVAL).
 *
 * request_irq, free_irq and irq_set_affinity sleep (a mutex; a move waits
 * for the old CPU): process context, or boot. disable_irq_nosync and
 * enable_irq may be called from any context.
 */
#ifndef _SHOAL_INTERRUPT_H
#define _SHOAL_INTERRUPT_H

#include <shoal/types.h>
#include <shoal/smp.h>

typedef enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

/* Install @handler for @irq (one handler per irq: no sharing) and unmask. */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
void free_irq(unsigned int irq, void *dev_id);  /* masks it, waits for a running handler */
/* Route @irq to the first online CPU in @mask (at boot, also a CPU that
 * has not started yet); -EINVAL if none, -ENOSPC if it has no free EIID. */
int irq_set_affinity(unsigned int irq, const cpumask_t *mask);
int irq_get_affinity_cpu(unsigned int irq);     /* CPU or -EINVAL */
void disable_irq_nosync(unsigned int irq);      /* mask at the source */
void enable_irq(unsigned int irq);

#endif
