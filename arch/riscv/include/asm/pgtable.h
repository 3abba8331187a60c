/* SPDX-License-Identifier: MIT */
/*
 * Sv39 page tables.
 *
 *   VA bits: [38:30] VPN[2] | [29:21] VPN[1] | [20:12] VPN[0] | [11:0] offset
 *   (bits 63:39 equal bit 38; user space has bit 38 clear)
 *   PTE: [53:10] PPN | [9:8] RSW | D A G U X W R V
 *
 * The root table's upper 256 entries map the kernel (direct map with 1 GiB
 * leaves); they are copied into every user root at mm_alloc() and never
 * change after boot.
 */
#ifndef _ASM_RISCV_PGTABLE_H
#define _ASM_RISCV_PGTABLE_H

#include <shoal/types.h>

#define _PAGE_V         (1UL << 0)
#define _PAGE_R         (1UL << 1)
#define _PAGE_W         (1UL << 2)
#define _PAGE_X         (1UL << 3)
#define _PAGE_U         (1UL << 4)
#define _PAGE_G         (1UL << 5)
#define _PAGE_A         (1UL << 6)
#define _PAGE_D         (1UL << 7)
#define _PAGE_COW       (1UL << 8)      /* RSW bit: write-protected for copy-on-write */
/* RSW bit: a leaf with V clear that still holds its page, for a PROT_NONE
 * mapping (the hardware ignores every other bit when V is clear). */
#define _PAGE_PROT_NONE (1UL << 9)
#define _PAGE_LEAF      (_PAGE_R | _PAGE_W | _PAGE_X)
#define PTE_PPN_SHIFT   10

#define PTRS_PER_PT     512
#define PGDIR_SHIFT     30
#define PMD_SHIFT       21
#define PGDIR_SIZE      (1UL << PGDIR_SHIFT)
#define PMD_SIZE        (1UL << PMD_SHIFT)
#define KERNEL_PGD_FIRST 256            /* root entries >= this belong to the kernel */

#define VPN(va, level)  (((unsigned long)(va) >> (12 + 9 * (level))) & 0x1ff)
#define pte_pfn(pte)    (((pte) >> PTE_PPN_SHIFT) & ((1UL << 44) - 1))
#define pfn_pte(pfn, prot) (((unsigned long)(pfn) << PTE_PPN_SHIFT) | (prot))
#define pte_present(pte) ((pte) & _PAGE_V)
#define pte_leaf(pte)   ((pte) & _PAGE_LEAF)
/* A last-level user PTE that owns a page reference (present or PROT_NONE). */
#define pte_mapped(pte) ((pte) & (_PAGE_V | _PAGE_PROT_NONE))
#define pte_write(pte)  ((pte) & _PAGE_W)
/* Bits of every user leaf: A and D set eagerly so no A/D update faults. */
#define _PAGE_USER_BASE (_PAGE_V | _PAGE_U | _PAGE_A | _PAGE_D)

#define PAGE_KERNEL     (_PAGE_V | _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_G | _PAGE_A | _PAGE_D)

static inline void local_flush_tlb_all(void) { __asm__ __volatile__("sfence.vma" ::: "memory"); }
static inline void local_flush_tlb_page(unsigned long va) { __asm__ __volatile__("sfence.vma %0" :: "r"(va) : "memory"); }
/* Ranges above this many pages are flushed whole (one sfence.vma). */
#define TLB_FLUSH_PAGE_LIMIT 32
static inline void local_flush_tlb_range(unsigned long start, unsigned long end)
{
	if (end - start > TLB_FLUSH_PAGE_LIMIT * 4096UL) {
		local_flush_tlb_all();
		return;
	}
	for (; start < end; start += 4096UL)
		local_flush_tlb_page(start);
}

#endif
