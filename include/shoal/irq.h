/* SPDX-License-Identifier: MIT */
/*
 * Interrupts: AIA (per-hart IMSIC interrupt files, APLIC in MSI mode for
 * wired sources). Interrupt identities (EIIDs) are per hart; shoal gives
 * every source the same EIID on every hart and routes it to one hart.
 *
 *   EIID 1          IPI (cross-CPU calls, reschedule)
 *   EIID 2..        wired sources through the APLIC (UART, ...)
 *   EIID 16..       MSI-X vectors (virtio queues), one per queue
 */
#ifndef _SHOAL_IRQ_H
#define _SHOAL_IRQ_H

#include <shoal/types.h>

#define IMSIC_NR_IDS    64
#define IPI_EIID        1

typedef void (*irq_handler_t)(int eiid, void *data);

/* Claim and dispatch every pending IMSIC interrupt (IRQs off). */
void imsic_handle_irq(void);
void imsic_init_cpu(void);                      /* each hart */
/* Register a handler for @eiid and enable it on @cpu's interrupt file. */
int request_irq(int eiid, irq_handler_t fn, void *data, const char *name, int cpu);
int irq_alloc_eiid(void);                       /* a free EIID or -ENOSPC */
/* Physical address of @cpu's S-level interrupt file (MSI target). */
phys_addr_t imsic_msi_address(int cpu);
/* Route wired APLIC source @src (level-high) to @eiid on @cpu. */
int aplic_route(int src, int eiid, int cpu);
void aplic_init(void);                          /* boot CPU */
/* /proc/interrupts (drivers/irqchip/irq-riscv-imsic.c) */
int show_interrupts(char *buf, size_t size);
void handle_ipi(void);
void send_ipi(int cpu);

#endif
