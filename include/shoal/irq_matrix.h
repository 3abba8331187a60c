/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU interrupt identity allocator (kernel/irq/matrix.c), Linux's
 * irq_matrix reduced to what an IMSIC needs: every CPU has its own set of
 * IDs 1..nr_ids, so 4 CPUs x 254 IDs give 1016 vectors, not 254.
 *
 * No lock inside: the caller serialises (imsic_lock). IDs reserved with
 * irq_matrix_reserve() (the IPI's) are taken on every CPU.
 */
#ifndef _SHOAL_IRQ_MATRIX_H
#define _SHOAL_IRQ_MATRIX_H

#include <shoal/types.h>
#include <shoal/smp.h>

#define IMSIC_MAX_IDS   2048            /* riscv,num-ids is at most 2047 */
#define IRQ_MATRIX_LONGS (IMSIC_MAX_IDS / (8 * sizeof(unsigned long)))

struct irq_matrix {
	unsigned int nr_ids;                            /* IDs 1..nr_ids */
	unsigned int allocated[NR_CPUS];
	unsigned long map[NR_CPUS][IRQ_MATRIX_LONGS];   /* bit set: in use */
};

/* IDs 1..@nr_ids (clamped to IMSIC_MAX_IDS - 1) on every CPU, all free. */
void irq_matrix_init(struct irq_matrix *m, unsigned int nr_ids);
void irq_matrix_reserve(struct irq_matrix *m, unsigned int id);
/* The lowest free ID on @cpu, now taken; -ENOSPC or -EINVAL (bad CPU). */
int irq_matrix_alloc(struct irq_matrix *m, unsigned int cpu);
/* Give back @id on @cpu: -EINVAL if it was not allocated there. */
int irq_matrix_free(struct irq_matrix *m, unsigned int cpu, unsigned int id);
bool irq_matrix_allocated(const struct irq_matrix *m, unsigned int cpu, unsigned int id);
unsigned int irq_matrix_available(const struct irq_matrix *m, unsigned int cpu);

#endif
