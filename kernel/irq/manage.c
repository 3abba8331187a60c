// SPDX-License-Identifier: MIT
/*
 * request_irq, free_irq, masking and affinity (Linux's kernel/irq/manage.c).
 *
 * Locking: irq_request_mutex serialises the slow paths (request, free,
 * affinity) of all virqs; it is held across the cross-CPU call that
 * retires a moved virq's old EIID, so callers are in process context
 * (or at boot, when no other CPU runs). desc->lock (spin irqsave) guards
 * the fields the dispatch path reads. Order: irq_request_mutex ->
 * desc->lock -> imsic_lock.
 */
#include <shoal/kernel.h>
#include <shoal/irq.h>
#include <shoal/interrupt.h>
#include <shoal/mutex.h>
#include <shoal/atomic.h>
#include "internals.h"

static struct mutex irq_request_mutex;

void irq_manage_init(void)
{
	mutex_init(&irq_request_mutex);
}

/* desc->lock held: unmask unless disabled or without a handler. */
static void __irq_update_mask(struct irq_desc *desc)
{
	bool want_masked = desc->depth > 0 || !desc->handler;

	if (want_masked && !(desc->state & IRQD_MASKED)) {
		desc->chip->irq_mask(desc);
		desc->state |= IRQD_MASKED;
	} else if (!want_masked && (desc->state & IRQD_MASKED)) {
		desc->chip->irq_unmask(desc);
		desc->state &= ~IRQD_MASKED;
	}
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long iflags;
	int err = 0;

	if (!desc || !handler)
		return -EINVAL;
	mutex_lock(&irq_request_mutex);
	spin_lock_irqsave(&desc->lock, iflags);
	if (desc->handler) {
		err = -EBUSY;
	} else {
		desc->dev_id = dev_id;
		desc->name = name;
		desc->handler = handler;
		__irq_update_mask(desc);
	}
	spin_unlock_irqrestore(&desc->lock, iflags);
	mutex_unlock(&irq_request_mutex);
	return err;
}

/* Wait until no CPU runs @desc's handler (Linux's synchronize_irq). */
static void synchronize_irq(struct irq_desc *desc)
{
	unsigned long flags;
	bool busy;

	do {
		spin_lock_irqsave(&desc->lock, flags);
		busy = desc->state & IRQD_INPROGRESS;
		spin_unlock_irqrestore(&desc->lock, flags);
		if (busy)
			cpu_relax();
	} while (busy);
}

void free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	mutex_lock(&irq_request_mutex);
	spin_lock_irqsave(&desc->lock, flags);
	if (desc->handler && desc->dev_id == dev_id) {
		desc->handler = NULL;
		desc->name = NULL;
		desc->dev_id = NULL;
		__irq_update_mask(desc);
	}
	spin_unlock_irqrestore(&desc->lock, flags);
	synchronize_irq(desc);
	mutex_unlock(&irq_request_mutex);
}

void disable_irq_nosync(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	spin_lock_irqsave(&desc->lock, flags);
	desc->depth++;
	__irq_update_mask(desc);
	spin_unlock_irqrestore(&desc->lock, flags);
}

void enable_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned long flags;

	if (!desc)
		return;
	spin_lock_irqsave(&desc->lock, flags);
	if (desc->depth > 0) {
		desc->depth--;
		__irq_update_mask(desc);
	} else {
		printk("irq %u: unbalanced enable_irq\n", irq);
	}
	spin_unlock_irqrestore(&desc->lock, flags);
}

/*
 * Move @desc to @cpu: a fresh EIID there, the source re-pointed while
 * masked, then the old EIID retired on the old CPU (see
 * irq-riscv-imsic.c for the interrupt that was already on its way).
 */
static int irq_move(struct irq_desc *desc, unsigned int cpu)
{
	unsigned int old_cpu, old_eiid;
	unsigned long flags;
	int eiid;

	eiid = imsic_alloc_eiid(cpu, desc->irq);
	if (eiid < 0)
		return eiid == -ENOSPC ? -ENOSPC : -EINVAL;
	spin_lock_irqsave(&desc->lock, flags);
	old_cpu = desc->cpu;
	old_eiid = desc->eiid;
	if (!(desc->state & IRQD_MASKED))
		desc->chip->irq_mask(desc);
	desc->cpu = cpu;
	desc->eiid = eiid;
	desc->chip->irq_set_target(desc);
	if (!(desc->state & IRQD_MASKED))
		desc->chip->irq_unmask(desc);
	spin_unlock_irqrestore(&desc->lock, flags);
	imsic_retire_eiid(old_cpu, old_eiid, desc);
	return 0;
}

int irq_set_affinity(unsigned int irq, const cpumask_t *mask)
{
	struct irq_desc *desc = irq_to_desc(irq);
	int cpu, err = 0;

	if (!desc || !mask)
		return -EINVAL;
	cpu = irq_pick_cpu(mask);
	if (cpu < 0)
		return -EINVAL;
	mutex_lock(&irq_request_mutex);
	if ((unsigned int)cpu != READ_ONCE(desc->cpu))
		err = irq_move(desc, cpu);
	mutex_unlock(&irq_request_mutex);
	return err;
}

int irq_get_affinity_cpu(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc ? (int)READ_ONCE(desc->cpu) : -EINVAL;
}
