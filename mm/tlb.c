// SPDX-License-Identifier: MIT
/*
 * Address-space switches and TLB shootdown.
 *
 * shoal uses no ASIDs: every satp write is followed by a full sfence.vma,
 * so a hart caches user translations only for the mm whose root it has
 * loaded. mm->cpu_bitmap holds every CPU that may have that root loaded:
 * switch_mm() sets this CPU's bit before the satp write and clears its bit
 * in the previous mm only after the sfence.vma that follows (a CPU whose
 * bit is clear holds no translation of that mm). Kernel threads keep the
 * previous mm loaded (lazy TLB) and stay in its bitmap, so they get its
 * shootdowns too (cheap, and they never use user addresses).
 *
 * Shootdown protocol, for a PTE that loses permission or a page:
 *   1. change the PTE (page_table_lock held);
 *   2. flush_tlb_range(): smp_mb(), then read mm->cpu_bitmap; sfence.vma
 *      here if this CPU is in it; IPI the others (smp_call_function_many,
 *      waiting) to run sfence.vma for the range;
 *   3. only then free the page (struct mmu_gather in memory.c).
 * The smp_mb() in step 2 pairs with the full barrier of the AMO that sets
 * the bit in switch_mm(): either the flusher sees the new bit and IPIs that
 * CPU, or that CPU's page walks after its satp write see the new PTE.
 *
 * flush_tlb_*() wait for other CPUs: call them in process context with
 * interrupts enabled and no spinlock held that an IPI target could be
 * spinning on with interrupts off. switch_mm() sends nothing and may run
 * with interrupts off (the scheduler calls it with its run-queue lock).
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/smp.h>
#include <asm/csr.h>
#include <asm/pgtable.h>
#include "internal.h"

struct tlb_flush_info {
	unsigned long start, end;
};

/* IPI target: runs in interrupt context on each CPU of the mask. */
static void ipi_flush_tlb_range(void *arg)
{
	struct tlb_flush_info *fi = arg;

	local_flush_tlb_range(fi->start, fi->end);
}

void flush_tlb_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct tlb_flush_info fi = { start & PAGE_MASK, PAGE_ALIGN(end) };
	int self = smp_processor_id();
	cpumask_t others;

	smp_mb();       /* PTE stores before the bitmap load; pairs with switch_mm() */
	others.bits = READ_ONCE(mm->cpu_bitmap.bits);
	if (others.bits & (1UL << self))
		local_flush_tlb_range(fi.start, fi.end);
	others.bits &= ~(1UL << self);
	if (!cpumask_empty(&others))
		smp_call_function_many(&others, ipi_flush_tlb_range, &fi, true);
}

void flush_tlb_mm(struct mm_struct *mm)
{
	flush_tlb_range(mm, 0, TASK_SIZE);
}

void flush_tlb_page(struct mm_struct *mm, unsigned long addr)
{
	flush_tlb_range(mm, addr, addr + PAGE_SIZE);
}

void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	int cpu = smp_processor_id();
	pte_t *pgd = next ? next->pgd : swapper_pg_dir;

	if (prev == next)
		return;
	/* AMO with a full barrier; pairs with smp_mb() in flush_tlb_range() */
	if (next)
		cpumask_set_cpu(cpu, &next->cpu_bitmap);
	csr_write(satp, SATP_MODE_SV39 | (__pa(pgd) >> PAGE_SHIFT));
	local_flush_tlb_all();
	/* Only now does this CPU hold no translation of @prev. */
	if (prev)
		cpumask_clear_cpu(cpu, &prev->cpu_bitmap);
}
