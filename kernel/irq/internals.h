/* SPDX-License-Identifier: MIT */
/* kernel/irq/ private declarations. */
#ifndef _KERNEL_IRQ_INTERNALS_H
#define _KERNEL_IRQ_INTERNALS_H

void irq_manage_init(void);             /* manage.c: its mutex (early_irq_init) */

#endif
