// SPDX-License-Identifier: MIT
/*
 * Interrupt descriptors: the virq table, allocation, and the flow handler
 * the IMSIC dispatch calls (Linux's kernel/irq/irqdesc.c and handle.c).
 *
 * Descriptors are a static table and are never freed, so a late interrupt
 * that reaches a desc after free_irq or irq_free_desc finds no handler and
 * is counted spurious, never a dangling pointer.
 *
 * Lock order: irq_request_mutex (manage.c) -> irq_desc_lock -> desc->lock
 * -> imsic_lock. irq_desc_lock (spin irqsave) guards `allocated`.
 */
#include <shoal/kernel.h>
#include <shoal/irq.h>
#include <shoal/spinlock.h>
#include <asm/platform.h>
#include "internals.h"

static struct irq_desc irq_descs[NR_IRQS];
static DEFINE_SPINLOCK(irq_desc_lock);

void early_irq_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_IRQS; i++) {
		spin_lock_init(&irq_descs[i].lock);
		irq_descs[i].irq = i;
	}
	irq_manage_init();
}

struct irq_desc *irq_to_desc(unsigned int irq)
{
	if (irq == 0 || irq >= NR_IRQS || !READ_ONCE(irq_descs[irq].allocated))
		return NULL;
	return &irq_descs[irq];
}

static struct irq_desc *irq_desc_claim(void)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&irq_desc_lock, flags);
	for (i = 1; i < NR_IRQS; i++) {
		if (!irq_descs[i].allocated) {
			irq_descs[i].allocated = true;
			spin_unlock_irqrestore(&irq_desc_lock, flags);
			return &irq_descs[i];
		}
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return NULL;
}

unsigned int irq_alloc_desc(const struct irq_chip *chip, void *chip_data,
			    unsigned long hwirq, unsigned int cpu)
{
	struct irq_desc *desc;
	unsigned long flags;
	int eiid;

	if (cpu >= NR_CPUS || (int)cpu >= platform.nr_harts)
		return 0;
	desc = irq_desc_claim();
	if (!desc)
		return 0;
	eiid = imsic_alloc_eiid(cpu, desc->irq);
	if (eiid < 0) {
		WRITE_ONCE(desc->allocated, false);
		return 0;
	}
	spin_lock_irqsave(&desc->lock, flags);
	desc->chip = chip;
	desc->chip_data = chip_data;
	desc->hwirq = hwirq;
	desc->handler = NULL;
	desc->name = NULL;
	desc->depth = 0;
	memset(desc->kstat, 0, sizeof(desc->kstat));
	desc->cpu = cpu;
	desc->eiid = eiid;
	chip->irq_mask(desc);
	desc->state = IRQD_MASKED;
	chip->irq_set_target(desc);
	spin_unlock_irqrestore(&desc->lock, flags);
	return desc->irq;
}

void irq_free_desc(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;
	unsigned int cpu, eiid;

	if (!desc)
		return;
	spin_lock_irqsave(&desc->lock, flags);
	if (!(desc->state & IRQD_MASKED))
		desc->chip->irq_mask(desc);
	desc->state |= IRQD_MASKED;
	desc->handler = NULL;
	cpu = desc->cpu;
	eiid = desc->eiid;
	spin_unlock_irqrestore(&desc->lock, flags);
	imsic_retire_eiid(cpu, eiid, desc);
	spin_lock_irqsave(&irq_desc_lock, flags);
	WRITE_ONCE(desc->allocated, false);
	spin_unlock_irqrestore(&irq_desc_lock, flags);
}

/*
 * The flow handler (Linux's handle_simple_irq): one handler per virq, run
 * with IRQs off on the CPU that claimed it. IRQD_INPROGRESS lets free_irq
 * wait for a handler still running after it removed it.
 */
bool generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc = &irq_descs[irq];
	irq_handler_t handler;
	void *dev_id;

	if (irq == 0 || irq >= NR_IRQS)
		return false;
	spin_lock(&desc->lock);
	handler = desc->handler;
	dev_id = desc->dev_id;
	if (!handler) {
		spin_unlock(&desc->lock);
		return false;
	}
	desc->state |= IRQD_INPROGRESS;
	spin_unlock(&desc->lock);
	desc->kstat[smp_processor_id()]++;
	handler(irq, dev_id);
	spin_lock(&desc->lock);
	desc->state &= ~IRQD_INPROGRESS;
	spin_unlock(&desc->lock);
	return true;
}

int irq_pick_cpu(const cpumask_t *mask)
{
	int cpu;

	for_each_cpu(cpu, mask)
		if (cpumask_test_cpu(cpu, &cpu_online_mask))
			return cpu;
	/* During boot, CPUs the device tree lists that have not started yet:
	 * drivers probed before smp_boot_secondaries spread their vectors. */
	for_each_cpu(cpu, mask)
		if (cpu < platform.nr_harts && !READ_ONCE(cpus[cpu].online) && cpu >= nr_cpu_ids)
			return cpu;
	return -EINVAL;
}

unsigned long kstat_irqs_cpu_total(int cpu)
{
	unsigned long sum = 0;
	unsigned int i;

	for (i = 1; i < NR_IRQS; i++)
		if (READ_ONCE(irq_descs[i].allocated))
			sum += READ_ONCE(irq_descs[i].kstat[cpu]);
	return sum;
}
