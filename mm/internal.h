/* SPDX-License-Identifier: MIT */
/*
 * Private interfaces between the address-space files of mm/: memory.c
 * (page tables), mmap.c (VMAs, mm lifetime), fault.c, mprotect.c, mremap.c,
 * tlb.c and init.c. Locking rules are in <shoal/mm_types.h>:
 * mmap_lock -> page_table_lock -> page allocator.
 *
 * Suffix convention: a function documented "mmap_lock held" is called with
 * mm->mmap_lock held by the caller; none of these is called with
 * page_table_lock held unless it says so.
 */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/mm_types.h>
#include <asm/pgtable.h>

struct file;

/* ---- mmap.c: VMAs ---- */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);   /* takes a file ref */
void vm_area_free(struct vm_area_struct *vma);                      /* drops the file ref */
/* Link @vma into mm->mmap at its sorted place (no overlap allowed). */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
/* Merge compatible neighbours among the VMAs touching [start, end]. */
void merge_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Split VMAs so that @start and @end fall on VMA boundaries. 0 or -ENOMEM. */
int split_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* True if every byte of [start, end) is covered by some VMA. */
bool range_mapped(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Grow a VM_GROWSDOWN @vma down to cover @addr. 0 or -EFAULT. */
int expand_stack(struct vm_area_struct *vma, unsigned long addr);
unsigned long calc_vm_flags(unsigned long prot, unsigned long flags);

/* ---- memory.c: page tables ---- */
/* PTE permission bits for a VMA's flags (0 for PROT_NONE). */
pte_t vm_pgprot(unsigned long vm_flags);
/* Remove the PTEs of [start, end), flush the TLBs, then release the pages. */
void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Re-derive the PTE permissions of [start, end) from @vm_flags; flushes. */
void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags);
/* fork: share @vma's pages with @dst, write-protecting private ones (COW).
 * Caller holds src->mmap_lock and flushes src's TLB afterwards. */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma);
/* mremap: move the PTEs of [old, old + len) to new (target range empty). */
int move_page_range(struct mm_struct *mm, unsigned long old, unsigned long new,
		    unsigned long len);
/* Free every user page and page-table page (mm has no users left). */
void exit_mmap_pages(struct mm_struct *mm);
/* The fault itself, VMA found and permission checked (mmap_lock held). */
int handle_pte_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		     unsigned long addr, unsigned int flags);
/* vec[i] = 1 if page i of @start has a page mapped, else 0 (mincore). */
void mincore_range(struct mm_struct *mm, unsigned long start, unsigned long npages,
		   unsigned char *vec);

/* Put @page (one reference, handed over) at @addr with PTE bits @prot.
 * Consumes the reference even on failure; an existing PTE wins (returns 0). */
int install_page_pte(struct mm_struct *mm, unsigned long addr, struct page *page, pte_t prot);

/* ---- fault.c ---- */
/* Internal fault flag: ignore the VMA's protection (FOLL_FORCE). */
#define FAULT_FLAG_FORCE 0x100
int __handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags);
							/* mmap_lock held */

/* ---- tlb.c ---- */
void flush_tlb_page(struct mm_struct *mm, unsigned long addr);

/* ---- mmap.c: boot ---- */
void mmap_init(void);                   /* slab caches (from mm_init_kernel) */

static inline bool vma_is_anonymous(struct vm_area_struct *vma) { return !vma->vm_file; }
static inline unsigned long vma_pages(struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

#endif
