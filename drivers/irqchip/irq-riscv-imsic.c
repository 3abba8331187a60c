// SPDX-License-Identifier: MIT
/*
 * RISC-V IMSIC, S-level interrupt files: one per hart, programmed through
 * the siselect/sireg indirect CSRs; pending interrupts are claimed with
 * stopei. An MSI is a 32-bit write of an EIID to the target hart's page.
 *
 * EIIDs are per hart: each CPU allocates its own (imsic_matrix) and maps
 * them to virqs in its own table (imsic_vectors). Every EIID is enabled in
 * every file at bring-up; sources are masked at their end (kernel/irq/).
 *
 * Moving a virq leaves its old EIID mapped until imsic_retire_eiid() runs
 * on the old CPU: an interrupt that reached the old file before the source
 * was re-pointed is either claimed there first (and handled, the old
 * mapping still names the virq) or found pending by the retire step, which
 * clears it and raises the virq at its new target. Only then is the old
 * EIID unmapped and freed; one arriving later still is counted spurious.
 *
 * Locking: imsic_lock (spin irqsave, a leaf under desc->lock) guards the
 * matrix and writers of imsic_vectors; dispatch reads imsic_vectors with
 * READ_ONCE (an entry is set before its EIID is given to a source, and
 * cleared only after the source stopped using it).
 */
#include <shoal/kernel.h>
#include <shoal/irq.h>
#include <shoal/irq_matrix.h>
#include <shoal/smp.h>
#include <shoal/spinlock.h>
#include <shoal/mm.h>
#include <asm/csr.h>
#include <asm/platform.h>

static struct irq_matrix imsic_matrix;                  /* [imsic_lock] */
/* EIIDs of a CPU that has not started, waiting for it to retire them:
 * [0] forward a pending interrupt to the virq's new target, [1] drop it */
static unsigned long imsic_deferred[2][NR_CPUS][IRQ_MATRIX_LONGS];       /* [imsic_lock] */
static u16 imsic_vectors[NR_CPUS][IMSIC_MAX_IDS];       /* EIID -> virq [imsic_lock; read racily] */
static DEFINE_SPINLOCK(imsic_lock);
static unsigned long imsic_spurious[NR_CPUS];           /* [cpu] */
static unsigned long imsic_missed[NR_CPUS];             /* [cpu] */
static bool imsic_suspect[NR_CPUS];                     /* [cpu, its tick] */
static bool imsic_ready;                                /* [boot only] */

static void imsic_write(unsigned long reg, unsigned long val)
{
	csr_write(CSR_SISELECT, reg);
	csr_write(CSR_SIREG, val);
}

/* Clear bit @id of this hart's eip array; was it set? csrrc on sireg is a
 * single read-modify-write of the file, so no other pending bit is lost. */
static bool imsic_test_and_clear_pending(unsigned int id)
{
	unsigned long bit = 1UL << (id % 64), old;

	csr_write(CSR_SISELECT, IMSIC_EIP0 + (id / 64) * 2);
	__asm__ __volatile__("csrrc %0, " __stringify(CSR_SIREG) ", %1"
			     : "=r"(old) : "r"(bit) : "memory");
	return old & bit;
}

static void imsic_matrix_init_once(void)
{
	if (imsic_ready)
		return;
	irq_matrix_init(&imsic_matrix, platform.imsic_nr_ids);
	irq_matrix_reserve(&imsic_matrix, IPI_EIID);
	imsic_ready = true;
}

static void imsic_retire_deferred(void);

/* Delivery on, every implemented EIID enabled (64 per eie register; the
 * odd-numbered registers do not exist on RV64). */
void imsic_init_cpu(void)
{
	unsigned int i, nr = min(platform.imsic_nr_ids, (unsigned int)IMSIC_MAX_IDS - 1);

	if (smp_processor_id() == 0)
		imsic_matrix_init_once();
	imsic_retire_deferred();
	for (i = 0; i <= nr / 64; i++)
		imsic_write(IMSIC_EIE0 + i * 2, ~0UL);
	imsic_write(IMSIC_EITHRESHOLD, 0);
	imsic_write(IMSIC_EIDELIVERY, 1);
	csr_set(sie, SIE_SEIE | SIE_STIE);
}

phys_addr_t imsic_msi_address(int cpu)
{
	return platform.imsic_file[cpu];
}

void imsic_send(unsigned int cpu, unsigned int eiid)
{
	volatile u32 *file = __va(platform.imsic_file[cpu]);

	__atomic_thread_fence(__ATOMIC_SEQ_CST);        /* make prior stores visible first */
	*file = eiid;                                   /* seteipnum_le */
}

void send_ipi(int cpu)
{
	imsic_send(cpu, IPI_EIID);
}

int imsic_alloc_eiid(unsigned int cpu, unsigned int irq)
{
	unsigned long flags;
	int id;

	if (cpu >= NR_CPUS || !platform.imsic_file[cpu])
		return -EINVAL;
	spin_lock_irqsave(&imsic_lock, flags);
	id = irq_matrix_alloc(&imsic_matrix, cpu);
	if (id > 0)
		WRITE_ONCE(imsic_vectors[cpu][id], irq);
	spin_unlock_irqrestore(&imsic_lock, flags);
	return id;
}

void imsic_free_eiid(unsigned int cpu, unsigned int eiid)
{
	unsigned long flags;

	spin_lock_irqsave(&imsic_lock, flags);
	if (!irq_matrix_free(&imsic_matrix, cpu, eiid))
		WRITE_ONCE(imsic_vectors[cpu][eiid], 0);
	spin_unlock_irqrestore(&imsic_lock, flags);
}

struct imsic_retire {
	unsigned int eiid;
	struct irq_desc *desc;
};

/* On the old CPU, IRQs off: forward a pending interrupt (drop it if the
 * virq is going away: no desc), then free. */
static void imsic_retire_local(void *arg)
{
	struct imsic_retire *r = arg;
	unsigned int cpu = smp_processor_id(), to_cpu, to_eiid;
	unsigned long flags;

	if (imsic_test_and_clear_pending(r->eiid) && r->desc) {
		spin_lock_irqsave(&r->desc->lock, flags);
		to_cpu = r->desc->cpu;
		to_eiid = r->desc->eiid;
		spin_unlock_irqrestore(&r->desc->lock, flags);
		imsic_send(to_cpu, to_eiid);
	}
	imsic_free_eiid(cpu, r->eiid);
}

/* This CPU is starting (IRQs off): retire what was moved away from it. */
static void imsic_retire_deferred(void)
{
	unsigned int cpu = smp_processor_id(), i, drop, bit;
	struct imsic_retire r;
	unsigned long flags, word;

	for (drop = 0; drop < 2; drop++) {
		for (i = 0; i < IRQ_MATRIX_LONGS; i++) {
			spin_lock_irqsave(&imsic_lock, flags);
			word = imsic_deferred[drop][cpu][i];
			imsic_deferred[drop][cpu][i] = 0;
			spin_unlock_irqrestore(&imsic_lock, flags);
			while (word) {
				bit = __builtin_ctzl(word);
				word &= word - 1;
				r.eiid = i * 64 + bit;
				r.desc = drop ? NULL :
					 irq_to_desc(READ_ONCE(imsic_vectors[cpu][r.eiid]));
				imsic_retire_local(&r);
			}
		}
	}
}

/* @cpu has not started: it retires @eiid itself when it does. */
static void imsic_defer_retire(unsigned int cpu, unsigned int eiid, bool drop)
{
	unsigned long flags;

	spin_lock_irqsave(&imsic_lock, flags);
	imsic_deferred[drop][cpu][eiid / 64] |= 1UL << (eiid % 64);
	spin_unlock_irqrestore(&imsic_lock, flags);
}

/*
 * Caller: process context with IRQs on, or boot (only CPU 0 runs, and
 * the CPUs that have not started retire their EIIDs when they start).
 */
void imsic_retire_eiid(unsigned int cpu, unsigned int eiid, struct irq_desc *desc)
{
	struct imsic_retire r = { eiid, desc };
	cpumask_t mask = CPU_MASK_NONE;
	unsigned long flags;

	if (cpu == (unsigned int)smp_processor_id()) {
		flags = local_irq_save();
		imsic_retire_local(&r);
		local_irq_restore(flags);
	} else if (cpumask_test_cpu(cpu, &cpu_online_mask)) {
		cpumask_set_cpu(cpu, &mask);
		smp_call_function_many(&mask, imsic_retire_local, &r, true);
	} else {
		imsic_defer_retire(cpu, eiid, desc == NULL);
	}
}

/*
 * Claim and handle every pending interrupt of this hart's file, until
 * stopei reads 0 (Linux's loop).
 *
 * The closing read that comes back 0 is what keeps an interrupt from
 * being lost under QEMU 7.2 (which every run here uses). A claim, the
 * stopei write, runs on the vCPU's thread without QEMU's global lock and
 * re-computes the hart's line from the file: it reads the pending bits,
 * then raises or lowers the line, and only that last step takes the
 * lock. A device's MSI, written meanwhile from the I/O thread, sets its
 * pending bit and raises the line in between; the claim's lowering then
 * wins, and the MSI stays pending in the file with the line low. Deciding
 * from sip.SEIP whether to claim again (as shoal once did, to save this
 * read) leaves it there until some other interrupt reaches the hart: a
 * NIC queue stopped receiving for tens of seconds that way
 * (Documentation/tcp-loss.md). Reading stopei finds it; a read, and a
 * claim that finds nothing, re-computes nothing and takes no lock.
 */
void imsic_handle_irq(void)
{
	unsigned int cpu = smp_processor_id(), id, irq;
	unsigned long top;

	while ((top = csr_swap(CSR_STOPEI, 0)) != 0) {
		id = top >> 16;
		this_cpu()->irq_count++;
		if (id == IPI_EIID) {
			handle_ipi();
			continue;
		}
		irq = id < IMSIC_MAX_IDS ? READ_ONCE(imsic_vectors[cpu][id]) : 0;
		if (!irq || !generic_handle_irq(irq))
			imsic_spurious[cpu]++;
	}
}

/*
 * From the timer interrupt: an interrupt pending and enabled in this
 * hart's file while the line (sip.SEIP) is low would never be delivered.
 * imsic_handle_irq() leaves none behind (see there); this check is the
 * evidence, and the remedy should anything else lower the line.
 *
 * An MSI being delivered sets its pending bit before it raises the line,
 * and the I/O thread doing it can be descheduled in between, so one look
 * could see a delivery in flight. Two ticks in a row cannot: only then is
 * the interrupt handled here and counted (the MIS row of /proc/interrupts,
 * as Linux's x86 counts missed IO-APIC interrupts). A read of stopei
 * claims nothing. One read per tick per CPU.
 */
void imsic_check_missed(void)
{
	unsigned int cpu = smp_processor_id();

	if (!READ_ONCE(imsic_ready) || (csr_read(sip) & SIP_SEIP) || !csr_read(CSR_STOPEI)) {
		imsic_suspect[cpu] = false;
		return;
	}
	if (!imsic_suspect[cpu]) {
		imsic_suspect[cpu] = true;      /* look again at the next tick */
		return;
	}
	imsic_suspect[cpu] = false;
	imsic_missed[cpu]++;
	imsic_handle_irq();
}

unsigned long imsic_missed_count(int cpu)
{
	return imsic_missed[cpu];
}

unsigned long imsic_spurious_count(int cpu)
{
	return imsic_spurious[cpu];
}
