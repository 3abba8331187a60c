/* SPDX-License-Identifier: MIT */
/*
 * Interrupt descriptors and chips (kernel/irq/), in the shape of Linux's
 * linux/irq.h, and the RISC-V AIA glue under them.
 *
 * Every interrupt a driver sees is a virq (1..NR_IRQS-1) with an irq_desc:
 * its handler, its name, the one CPU it is routed to and, on that CPU, the
 * IMSIC interrupt identity (EIID) its source writes. EIIDs belong to one
 * hart's interrupt file, so each CPU has its own EIID allocator (an
 * irq_matrix) and its own EIID -> virq table; moving a virq allocates an
 * EIID on the new CPU, rewrites the source through the desc's chip and
 * retires the old EIID on the old CPU (drivers/irqchip/irq-riscv-imsic.c).
 *
 *   EIID 1 on every CPU     IPI (cross-CPU calls, reschedule); not a virq
 *   other EIIDs             allocated per CPU: APLIC sources (UART),
 *                           MSI-X vectors
 *
 * Every EIID is enabled in every interrupt file; a virq is masked at its
 * source (the APLIC's enable bit, the MSI-X vector's mask bit), so no
 * cross-CPU call is needed to request or move one.
 *
 * Locking key for struct irq_desc:
 *   [lock]       desc->lock, spin irqsave (the dispatch path takes it)
 *   [request]    irq_request_mutex: request_irq, free_irq, affinity changes
 *   [alloc]      irq_desc_lock: allocation of the desc itself
 *   [cpu]        written only by the CPU that handles the interrupt
 * Order: irq_request_mutex -> irq_desc_lock -> desc->lock -> imsic_lock.
 */
#ifndef _SHOAL_IRQ_H
#define _SHOAL_IRQ_H

#include <shoal/types.h>
#include <shoal/smp.h>
#include <shoal/spinlock.h>
#include <shoal/interrupt.h>

#define NR_IRQS         256
#define IPI_EIID        1

struct irq_desc;

/*
 * A source of interrupts: how to mask it and where it sends them. All three
 * are called with desc->lock held and IRQs off; irq_set_target is called
 * with the source masked and points it at desc->cpu / desc->eiid.
 */
struct irq_chip {
	const char *name;                       /* /proc/interrupts */
	void (*irq_mask)(struct irq_desc *desc);
	void (*irq_unmask)(struct irq_desc *desc);
	void (*irq_set_target)(struct irq_desc *desc);
	bool level;                             /* "Level" or "Edge" in /proc/interrupts */
};

/* desc->state bits [lock] */
#define IRQD_MASKED             0x1     /* masked at the source */
#define IRQD_INPROGRESS         0x2     /* a handler is running */

struct irq_desc {
	spinlock_t lock;
	irq_handler_t handler;          /* NULL: not requested [lock, request] */
	void *dev_id;                   /* [lock, request] */
	const char *name;               /* [lock, request] */
	unsigned int cpu;               /* target CPU [lock, request] */
	unsigned int eiid;              /* EIID on that CPU [lock, request] */
	unsigned int state;             /* IRQD_* [lock] */
	unsigned int depth;             /* disable_irq nesting [lock] */
	/* [const] between irq_alloc_desc and irq_free_desc */
	unsigned int irq;
	bool allocated;                 /* [alloc] */
	const struct irq_chip *chip;
	void *chip_data;
	unsigned long hwirq;            /* chip's number: APLIC source, MSI-X entry */
	unsigned long kstat[NR_CPUS];   /* interrupts handled per CPU [cpu] */
};

/*
 * A virq for a source of @chip, routed to @cpu (any CPU that exists, even
 * if not yet started), masked, its target written; 0 if none is free.
 */
unsigned int irq_alloc_desc(const struct irq_chip *chip, void *chip_data,
			    unsigned long hwirq, unsigned int cpu);
void irq_free_desc(unsigned int irq);          /* after free_irq */
struct irq_desc *irq_to_desc(unsigned int irq); /* NULL unless allocated */
/* Run @irq's handler on this CPU (IRQs off); false if it had none. */
bool generic_handle_irq(unsigned int irq);
/* The first usable CPU of @mask: online, or present but not yet started
 * (boot); -EINVAL if none. */
int irq_pick_cpu(const cpumask_t *mask);
void early_irq_init(void);                     /* before the first request_irq */

/* /proc/interrupts and /proc/irq/N/ (kernel/irq/proc.c) */
int show_interrupts(char *buf, size_t size);
int irq_proc_next(int irq);                     /* first allocated virq >= @irq, or -1 */
int irq_proc_affinity_show(unsigned int irq, bool list, char *buf, size_t size);
int irq_proc_affinity_write(unsigned int irq, bool list, const char *buf, size_t n);

/* IMSIC (drivers/irqchip/irq-riscv-imsic.c) */
void imsic_handle_irq(void);                    /* claim and dispatch (IRQs off) */
void imsic_init_cpu(void);                      /* each hart, as it starts */
phys_addr_t imsic_msi_address(int cpu);         /* @cpu's S-level interrupt file */
/* An EIID on @cpu whose interrupts go to @irq, or -ENOSPC. */
int imsic_alloc_eiid(unsigned int cpu, unsigned int irq);
/* Give back @eiid of @cpu once no interrupt for it can still arrive: on
 * @cpu, a pending one is forwarded to @desc's current target (dropped if
 * @desc is NULL: the virq is being freed). */
void imsic_retire_eiid(unsigned int cpu, unsigned int eiid, struct irq_desc *desc);
void imsic_free_eiid(unsigned int cpu, unsigned int eiid);
void imsic_send(unsigned int cpu, unsigned int eiid);  /* raise an EIID by software */
unsigned long imsic_spurious_count(int cpu);    /* claimed with no virq behind */
unsigned long imsic_missed_count(int cpu);      /* found pending with the line low */
void imsic_check_missed(void);                  /* from the timer interrupt */

/* APLIC in MSI mode (drivers/irqchip/irq-riscv-aplic.c) */
void aplic_init(void);                          /* boot CPU */
/* A virq for wired level-high source @src, routed to CPU 0; 0 if none. */
unsigned int aplic_irq_create(int src);

void handle_ipi(void);
void send_ipi(int cpu);

#endif
