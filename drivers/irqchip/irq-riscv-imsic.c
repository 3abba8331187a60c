// SPDX-License-Identifier: MIT
/*
 * RISC-V IMSIC, S-level interrupt files: one per hart, programmed through
 * the siselect/sireg indirect CSRs; pending interrupts are claimed with
 * stopei. Every EIID has one handler, registered once, and is enabled on
 * the interrupt file of the CPU it is routed to.
 *
 * Locking: irq_lock (irqsave) guards the handler table while registering;
 * dispatch reads it without the lock (entries are written once, before the
 * source is enabled).
 */
#include <shoal/kernel.h>
#include <shoal/irq.h>
#include <shoal/smp.h>
#include <shoal/spinlock.h>
#include <shoal/mm.h>
#include <asm/csr.h>
#include <asm/platform.h>

struct irq_desc {
	irq_handler_t handler;
	void *data;
	const char *name;
	int cpu;
};

static struct irq_desc irq_table[IMSIC_NR_IDS];
static DEFINE_SPINLOCK(irq_lock);
static int next_free_eiid = 16;

static void imsic_write(unsigned long reg, unsigned long val)
{
	csr_write(CSR_SISELECT, reg);
	csr_write(CSR_SIREG, val);
}

static unsigned long imsic_read(unsigned long reg)
{
	csr_write(CSR_SISELECT, reg);
	return csr_read(CSR_SIREG);
}

/* Enable @eiid on this hart's interrupt file (runs on the target hart). */
static void imsic_enable_local(void *arg)
{
	unsigned long id = (unsigned long)arg;
	unsigned long reg = IMSIC_EIE0 + (id / 64) * 2;

	imsic_write(reg, imsic_read(reg) | (1UL << (id % 64)));
}

void imsic_init_cpu(void)
{
	imsic_write(IMSIC_EIDELIVERY, 1);
	imsic_write(IMSIC_EITHRESHOLD, 0);
	imsic_enable_local((void *)(unsigned long)IPI_EIID);
	csr_set(sie, SIE_SEIE | SIE_STIE);
}

phys_addr_t imsic_msi_address(int cpu)
{
	return platform.imsic_file[cpu];
}

void send_ipi(int cpu)
{
	volatile u32 *file = __va(platform.imsic_file[cpu]);

	__atomic_thread_fence(__ATOMIC_SEQ_CST);        /* make prior stores visible first */
	*file = IPI_EIID;                               /* seteipnum_le */
}

int irq_alloc_eiid(void)
{
	unsigned long flags;
	int id = -ENOSPC;

	spin_lock_irqsave(&irq_lock, flags);
	if (next_free_eiid < (int)min(platform.imsic_nr_ids, (unsigned int)IMSIC_NR_IDS))
		id = next_free_eiid++;
	spin_unlock_irqrestore(&irq_lock, flags);
	return id;
}

int request_irq(int eiid, irq_handler_t fn, void *data, const char *name, int cpu)
{
	unsigned long flags;
	cpumask_t mask = CPU_MASK_NONE;

	if (eiid <= IPI_EIID || eiid >= IMSIC_NR_IDS || cpu < 0 || cpu >= nr_cpu_ids)
		return -EINVAL;
	spin_lock_irqsave(&irq_lock, flags);
	if (irq_table[eiid].handler) {
		spin_unlock_irqrestore(&irq_lock, flags);
		return -EBUSY;
	}
	irq_table[eiid] = (struct irq_desc){ fn, data, name, cpu };
	spin_unlock_irqrestore(&irq_lock, flags);
	cpumask_set_cpu(cpu, &mask);
	smp_call_function_many(&mask, imsic_enable_local, (void *)(unsigned long)eiid, true);
	return 0;
}

/* Claim and handle every pending interrupt of this hart's file. */
void imsic_handle_irq(void)
{
	unsigned long top;
	int id;

	while ((top = csr_swap(CSR_STOPEI, 0)) != 0) {
		id = top >> 16;
		if (id < IMSIC_NR_IDS)
			this_cpu()->irq_counts[id]++;
		if (id == IPI_EIID)
			handle_ipi();
		else if (id < IMSIC_NR_IDS && irq_table[id].handler)
			irq_table[id].handler(id, irq_table[id].data);
		else
			printk("imsic: spurious interrupt %d on CPU %d\n", id, smp_processor_id());
	}
}

int show_interrupts(char *buf, size_t size)
{
	size_t n = 0;
	int cpu, id;

	n += scnprintf(buf + n, size - n, "     ");
	for_each_online_cpu(cpu)
		n += scnprintf(buf + n, size - n, "       CPU%d", cpu);
	n += scnprintf(buf + n, size - n, "\n");
	for (id = 1; id < IMSIC_NR_IDS; id++) {
		if (id != IPI_EIID && !irq_table[id].handler)
			continue;
		n += scnprintf(buf + n, size - n, "%4d:", id);
		for_each_online_cpu(cpu)
			n += scnprintf(buf + n, size - n, " %10lu", cpus[cpu].irq_counts[id]);
		n += scnprintf(buf + n, size - n, "  IMSIC-MSI  %s\n",
			       id == IPI_EIID ? "IPI" : irq_table[id].name);
	}
	n += scnprintf(buf + n, size - n, " LOC:");
	for_each_online_cpu(cpu)
		n += scnprintf(buf + n, size - n, " %10lu", cpus[cpu].timer_count);
	n += scnprintf(buf + n, size - n, "  Local timer interrupts (stimecmp)\n");
	return n;
}
