// SPDX-License-Identifier: MIT
/*
 * User page tables: walking and growing them, the PTE side of munmap,
 * mprotect, mremap, fork and exit, and the page-fault logic (demand zero,
 * file pages, copy-on-write).
 *
 * Page references. Every last-level PTE for which pte_mapped() is true
 * (present, or kept with V clear for PROT_NONE) owns one reference on its
 * struct page and one count of page->mapcount. The page cache holds its own
 * reference on file pages, so page_count() == 1 means "this PTE is the only
 * user": the copy-on-write fault reuses such a page instead of copying it.
 *
 * Write permission. In a private mapping a PTE is writable only while its
 * page is exclusively ours; a shared or not-yet-known-exclusive page is
 * mapped read-only (_PAGE_COW marks the ones fork write-protected) and a
 * write fault sorts it out. mprotect() never sets W eagerly either, so the
 * fault path is the only place that grants it.
 *
 * Locking (order and rules in <shoal/mm_types.h>): PTEs and page-table pages
 * change under mm->page_table_lock, and every caller here also holds
 * mm->mmap_lock, so two faults of one mm never race each other. Pages whose
 * PTEs were cleared are released only after the TLB flush that removes the
 * last cached translation (struct mmu_gather below); TLB flushes are made
 * with page_table_lock dropped, because they wait for other CPUs.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/fs.h>
#include <asm/pgtable.h>
#include "internal.h"

static inline struct page *pte_page(pte_t pte)
{
	return pfn_to_page(pte_pfn(pte));
}

/* First address of the next 2 MiB leaf table after @addr, capped at @end. */
static inline unsigned long pmd_addr_end(unsigned long addr, unsigned long end)
{
	unsigned long next = (addr + PMD_SIZE) & ~(PMD_SIZE - 1);

	return next < end && next ? next : end;
}

/* The kind of a mapped page for mm->rss_stat: the page cache's (tmpfs
 * included) or anonymous. */
static inline int mm_counter(const struct page *page)
{
	return page->mapping ? MM_FILEPAGES : MM_ANONPAGES;
}

/* A fresh page for user memory (anonymous, not in any cache). */
static struct page *alloc_user_page(bool zero)
{
	struct page *p = alloc_page(GFP_USER | (zero ? __GFP_ZERO : 0));

	if (p) {
		p->mapping = NULL;
		p->index = 0;
		atomic_set(&p->mapcount, 0);
	}
	return p;
}

/* Instructions may have been written through the direct map: make this
 * hart's instruction fetches see them (the page is about to be executed). */
static inline void flush_icache_local(void)
{
	__asm__ __volatile__("fence.i" ::: "memory");
}

pte_t vm_pgprot(unsigned long vm_flags)
{
	pte_t prot = _PAGE_USER_BASE;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		return _PAGE_PROT_NONE;
	if (vm_flags & (VM_READ | VM_WRITE))
		prot |= _PAGE_R;        /* RISC-V has no write-only pages */
	if (vm_flags & VM_WRITE)
		prot |= _PAGE_W;
	if (vm_flags & VM_EXEC)
		prot |= _PAGE_X;
	return prot;
}

/* Leaf PTE slot for @va, allocating intermediate tables if @alloc.
 * Caller holds mm->page_table_lock (or owns a not-yet-visible mm). */
static pte_t *walk_pte(struct mm_struct *mm, unsigned long va, bool alloc)
{
	pte_t *table = mm->pgd;
	struct page *page;
	int level;

	DEBUG_ASSERT(va < TASK_SIZE);
	for (level = 2; level > 0; level--) {
		pte_t *e = &table[VPN(va, level)];
		pte_t v = READ_ONCE(*e);

		if (pte_present(v)) {
			if (pte_leaf(v))
				return NULL;    /* user space has no huge pages */
			table = __va(pte_pfn(v) << PAGE_SHIFT);
			continue;
		}
		if (!alloc)
			return NULL;
		page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!page)
			return NULL;
		atomic64_inc(&mm->pgtables);
		/* The zeroed table must be visible before the entry that links
		 * it: another hart running this mm may walk it at once. */
		smp_wmb();
		WRITE_ONCE(*e, pfn_pte(page_to_pfn(page), _PAGE_V));
		table = page_address(page);
	}
	return &table[VPN(va, 0)];
}

/*
 * mmu_gather: pages whose PTEs were cleared, released after one TLB flush
 * for the whole batch (never before: another CPU may still write through a
 * cached translation).
 */
#define GATHER_MAX 64
struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;       /* translations to flush */
	int nr;
	struct page *pages[GATHER_MAX];
};

static void tlb_gather_init(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->start = ~0UL;
	tlb->end = 0;
	tlb->nr = 0;
}

static void tlb_gather_add(struct mmu_gather *tlb, unsigned long addr, struct page *page)
{
	tlb->start = min(tlb->start, addr);
	tlb->end = max(tlb->end, addr + PAGE_SIZE);
	tlb->pages[tlb->nr++] = page;
}

static void tlb_finish(struct mmu_gather *tlb)
{
	int i;

	if (tlb->end > tlb->start)
		flush_tlb_range(tlb->mm, tlb->start, tlb->end);
	for (i = 0; i < tlb->nr; i++)
		put_page(tlb->pages[i]);
	tlb_gather_init(tlb, tlb->mm);
}

void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;
	unsigned long addr = start, next;
	pte_t *ptep, pte;
	struct page *page;

	assert_mutex_held(&mm->mmap_lock);
	tlb_gather_init(&tlb, mm);
	while (addr < end) {
		next = pmd_addr_end(addr, end);
		spin_lock(&mm->page_table_lock);
		ptep = walk_pte(mm, addr, false);
		if (!ptep) {
			spin_unlock(&mm->page_table_lock);
			addr = next;
			continue;
		}
		for (; addr < next && tlb.nr < GATHER_MAX; addr += PAGE_SIZE, ptep++) {
			pte = *ptep;
			if (!pte_mapped(pte))
				continue;
			WRITE_ONCE(*ptep, 0);
			page = pte_page(pte);
			atomic_dec(&page->mapcount);
			add_mm_counter(mm, mm_counter(page), -1);
			tlb_gather_add(&tlb, addr, page);
		}
		spin_unlock(&mm->page_table_lock);
		if (tlb.nr == GATHER_MAX)
			tlb_finish(&tlb);
	}
	tlb_finish(&tlb);
}

/* The PTE a VMA with @vm_flags gets for an existing mapping @pte: PPN and
 * COW mark kept, W kept only if it was there (see "Write permission"). */
static pte_t pte_modify(pte_t pte, unsigned long vm_flags)
{
	pte_t prot = vm_pgprot(vm_flags);
	pte_t keep = pte & ~((1UL << PTE_PPN_SHIFT) - 1);

	keep |= pte & _PAGE_COW;
	if (prot & _PAGE_PROT_NONE)
		return keep | _PAGE_PROT_NONE;
	if (!pte_write(pte))
		prot &= ~_PAGE_W;
	return keep | prot;
}

void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags)
{
	unsigned long addr = start, next;
	bool changed = false;
	pte_t *ptep, pte, npte;

	assert_mutex_held(&mm->mmap_lock);
	while (addr < end) {
		next = pmd_addr_end(addr, end);
		spin_lock(&mm->page_table_lock);
		ptep = walk_pte(mm, addr, false);
		for (; ptep && addr < next; addr += PAGE_SIZE, ptep++) {
			pte = *ptep;
			if (!pte_mapped(pte))
				continue;
			npte = pte_modify(pte, vm_flags);
			if (npte != pte) {
				WRITE_ONCE(*ptep, npte);
				changed = true;
			}
		}
		spin_unlock(&mm->page_table_lock);
		addr = next;
	}
	if (changed)
		flush_tlb_range(mm, start, end);
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
	bool cow = !(vma->vm_flags & VM_SHARED);
	unsigned long addr = vma->vm_start, end = vma->vm_end, next;
	pte_t *sptep, *dptep, pte;
	struct page *page;

	assert_mutex_held(&src->mmap_lock);

	assert_mutex_held(&src->mmap_lock);
	/* @dst is not visible to anyone yet: its tables need no lock. */
	while (addr < end) {
		next = pmd_addr_end(addr, end);
		spin_lock(&src->page_table_lock);
		sptep = walk_pte(src, addr, false);
		for (; sptep && addr < next; addr += PAGE_SIZE, sptep++) {
			pte = *sptep;
			if (!pte_mapped(pte))
				continue;
			dptep = walk_pte(dst, addr, true);
			if (!dptep) {
				spin_unlock(&src->page_table_lock);
				return -ENOMEM;
			}
			if (cow && pte_write(pte)) {
				pte = (pte & ~_PAGE_W) | _PAGE_COW;
				WRITE_ONCE(*sptep, pte);
			}
			page = pte_page(pte);
			get_page(page);
			atomic_inc(&page->mapcount);
			add_mm_counter(dst, mm_counter(page), 1);
			*dptep = pte;
		}
		spin_unlock(&src->page_table_lock);
		addr = next;
	}
	return 0;
}

int move_page_range(struct mm_struct *mm, unsigned long old, unsigned long new,
		    unsigned long len)
{
	unsigned long off;
	pte_t *src, *dst;

	assert_mutex_held(&mm->mmap_lock);
	/* First make sure every target table exists, so that the move itself
	 * cannot fail half way. */
	spin_lock(&mm->page_table_lock);
	for (off = 0; off < len; off += PAGE_SIZE) {
		src = walk_pte(mm, old + off, false);
		if (!src) {
			off = pmd_addr_end(old + off, old + len) - old - PAGE_SIZE;
			continue;
		}
		if (pte_mapped(*src) && !walk_pte(mm, new + off, true)) {
			spin_unlock(&mm->page_table_lock);
			return -ENOMEM;
		}
	}
	for (off = 0; off < len; off += PAGE_SIZE) {
		src = walk_pte(mm, old + off, false);
		if (!src) {
			off = pmd_addr_end(old + off, old + len) - old - PAGE_SIZE;
			continue;
		}
		if (!pte_mapped(*src))
			continue;
		dst = walk_pte(mm, new + off, false);
		WRITE_ONCE(*dst, *src);
		WRITE_ONCE(*src, 0);
	}
	spin_unlock(&mm->page_table_lock);
	flush_tlb_range(mm, old, old + len);
	return 0;
}

/* Free a leaf table and the pages it maps. */
static void free_pte_table(pte_t *pt)
{
	struct page *page;
	int i;

	for (i = 0; i < PTRS_PER_PT; i++) {
		if (!pte_mapped(pt[i]))
			continue;
		page = pte_page(pt[i]);
		atomic_dec(&page->mapcount);
		put_page(page);
	}
	free_page((unsigned long)pt);
}

/*
 * Tear down all of user space: no task uses @mm any more (mm_users == 0),
 * so nothing can write through a stale translation and pages may go before
 * the flush. CPUs that still have the root loaded (lazy kernel threads,
 * the exiting task itself) never touch user addresses; the flush at the end
 * drops their cached entries before the table pages are reused.
 */
void exit_mmap_pages(struct mm_struct *mm)
{
	pte_t *pgd = mm->pgd, *pmd;
	int i, j;

	for (i = 0; i < KERNEL_PGD_FIRST; i++) {
		if (!pte_present(pgd[i]))
			continue;
		pmd = __va(pte_pfn(pgd[i]) << PAGE_SHIFT);
		WRITE_ONCE(pgd[i], 0);
		for (j = 0; j < PTRS_PER_PT; j++)
			if (pte_present(pmd[j]))
				free_pte_table(__va(pte_pfn(pmd[j]) << PAGE_SHIFT));
		free_page((unsigned long)pmd);
	}
	flush_tlb_mm(mm);
}

/* Put @page (one reference, handed over) at @addr with @prot. Consumes the
 * reference even on failure; a PTE already there wins (returns 0). */
int install_page_pte(struct mm_struct *mm, unsigned long addr, struct page *page, pte_t prot)
{
	pte_t *ptep;

	spin_lock(&mm->page_table_lock);
	ptep = walk_pte(mm, addr, true);
	if (!ptep || pte_mapped(*ptep)) {
		spin_unlock(&mm->page_table_lock);
		put_page(page);
		return ptep ? 0 : VM_FAULT_OOM;
	}
	atomic_inc(&page->mapcount);
	add_mm_counter(mm, mm_counter(page), 1);
	WRITE_ONCE(*ptep, pfn_pte(page_to_pfn(page), prot));
	spin_unlock(&mm->page_table_lock);
	if (prot & _PAGE_X)
		flush_icache_local();
	return 0;
}

int special_mapping_fault(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	const struct vm_special_mapping *sm = vma->vm_special;
	unsigned long idx = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	struct page *page;

	if (idx >= sm->nr_pages)
		return VM_FAULT_SIGBUS;
	page = sm->pages[idx];
	get_page(page);
	return install_page_pte(mm, addr, page, vm_pgprot(vma->vm_flags));
}

static int do_anonymous_page(struct mm_struct *mm, struct vm_area_struct *vma,
			     unsigned long addr)
{
	struct page *page = alloc_user_page(true);

	if (!page)
		return VM_FAULT_OOM;
	return install_page_pte(mm, addr, page, vm_pgprot(vma->vm_flags));
}

/*
 * A file page: ->fault gives the page-cache page, referenced. MAP_SHARED
 * maps it as the VMA says. MAP_PRIVATE maps it read-only with _PAGE_COW
 * (a later write copies it) unless this fault is a write, which copies at
 * once. A failing ->fault (beyond EOF) is SIGBUS, as in Linux.
 */
static int do_file_page(struct mm_struct *mm, struct vm_area_struct *vma,
			unsigned long addr, unsigned int flags)
{
	struct file *file = vma->vm_file;
	pgoff_t pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	pte_t prot = vm_pgprot(vma->vm_flags);
	struct page *page, *copy;

	if (!file->f_op || !file->f_op->fault)
		return VM_FAULT_SIGBUS;
	page = file->f_op->fault(file, pgoff);
	if (IS_ERR_OR_NULL(page))
		return page == ERR_PTR(-ENOMEM) ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	if (!(vma->vm_flags & VM_SHARED)) {
		if (flags & FAULT_FLAG_WRITE) {
			copy = alloc_user_page(false);
			if (!copy) {
				put_page(page);
				return VM_FAULT_OOM;
			}
			memcpy(page_address(copy), page_address(page), PAGE_SIZE);
			put_page(page);
			page = copy;
		} else if (prot & _PAGE_W) {
			prot = (prot & ~_PAGE_W) | _PAGE_COW;
		}
	}
	return install_page_pte(mm, addr, page, prot);
}

/*
 * Write fault on a present, read-only PTE (page_table_lock held on entry,
 * dropped on return). Shared mapping: grant W. Private: reuse the page if
 * our PTE is its only reference, else copy it. A forced write (FOLL_FORCE)
 * into a private read-only VMA gets a private page that stays read-only.
 */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *ptep, pte_t pte)
{
	bool writable = vma->vm_flags & VM_WRITE;
	struct page *old = pte_page(pte), *new;

	if (vma->vm_flags & VM_SHARED) {
		if (writable)
			WRITE_ONCE(*ptep, pte | _PAGE_W | _PAGE_D);
		spin_unlock(&mm->page_table_lock);
		local_flush_tlb_page(addr);
		return writable ? 0 : -EFAULT;
	}
	if (page_count(old) == 1) {
		if (writable)
			WRITE_ONCE(*ptep, (pte | _PAGE_W | _PAGE_D) & ~_PAGE_COW);
		spin_unlock(&mm->page_table_lock);
		local_flush_tlb_page(addr);
		return 0;
	}
	spin_unlock(&mm->page_table_lock);

	/* Our PTE keeps @old alive: nothing can change it while mmap_lock is held. */
	new = alloc_user_page(false);
	if (!new)
		return VM_FAULT_OOM;
	memcpy(page_address(new), page_address(old), PAGE_SIZE);
	atomic_set(&new->mapcount, 1);
	spin_lock(&mm->page_table_lock);
	WRITE_ONCE(*ptep, pfn_pte(page_to_pfn(new), vm_pgprot(vma->vm_flags)));
	add_mm_counter(mm, mm_counter(old), -1);
	add_mm_counter(mm, MM_ANONPAGES, 1);
	spin_unlock(&mm->page_table_lock);
	/* Other threads' TLBs may still map @old at @addr: flush before the
	 * reference goes, or they would read a page that someone reuses. */
	flush_tlb_page(mm, addr);
	if (vma->vm_flags & VM_EXEC)
		flush_icache_local();
	atomic_dec(&old->mapcount);
	put_page(old);
	return 0;
}

int handle_pte_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		     unsigned long addr, unsigned int flags)
{
	pte_t *ptep, pte;

	assert_mutex_held(&mm->mmap_lock);
	addr &= PAGE_MASK;
	spin_lock(&mm->page_table_lock);
	ptep = walk_pte(mm, addr, true);
	if (!ptep) {
		spin_unlock(&mm->page_table_lock);
		return VM_FAULT_OOM;
	}
	pte = *ptep;
	if (pte_present(pte)) {
		if ((flags & FAULT_FLAG_WRITE) && !pte_write(pte))
			return do_wp_page(mm, vma, addr, ptep, pte);
		spin_unlock(&mm->page_table_lock);
		/* Spurious: this hart cached the old (invalid or read-only)
		 * translation. Other harts take their own spurious fault. */
		local_flush_tlb_page(addr);
		return 0;
	}
	spin_unlock(&mm->page_table_lock);
	if (pte_mapped(pte))
		return -EFAULT;         /* PROT_NONE page (forced access only) */
	if (vma->vm_special)
		return special_mapping_fault(mm, vma, addr);
	if (vma->vm_file)
		return do_file_page(mm, vma, addr, flags);
	return do_anonymous_page(mm, vma, addr);
}

void mincore_range(struct mm_struct *mm, unsigned long start, unsigned long npages,
		   unsigned char *vec)
{
	unsigned long i;
	pte_t *ptep = NULL;

	spin_lock(&mm->page_table_lock);
	for (i = 0; i < npages; i++) {
		unsigned long addr = start + (i << PAGE_SHIFT);

		if (!ptep || VPN(addr, 0) == 0)
			ptep = walk_pte(mm, addr, false);
		else
			ptep++;
		vec[i] = ptep && pte_mapped(*ptep) ? 1 : 0;
	}
	spin_unlock(&mm->page_table_lock);
}

struct page *get_user_page_mm(struct mm_struct *mm, unsigned long addr, unsigned int foll)
{
	unsigned int flags = FAULT_FLAG_USER;
	struct page *page = NULL;
	pte_t *ptep;
	int err;

	if (addr >= TASK_SIZE)
		return ERR_PTR(-EFAULT);
	if (foll & FOLL_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (foll & FOLL_FORCE)
		flags |= FAULT_FLAG_FORCE;
	mutex_lock(&mm->mmap_lock);
	err = __handle_mm_fault(mm, addr, flags);
	if (!err) {
		spin_lock(&mm->page_table_lock);
		ptep = walk_pte(mm, addr, false);
		if (ptep && pte_present(*ptep)) {
			page = pte_page(*ptep);
			get_page(page);
		} else {
			err = -EFAULT;
		}
		spin_unlock(&mm->page_table_lock);
	}
	mutex_unlock(&mm->mmap_lock);
	if (err)
		return ERR_PTR(err == VM_FAULT_OOM ? -ENOMEM : -EFAULT);
	return page;
}

long access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, long len,
		      unsigned int foll)
{
	long done = 0, n;
	unsigned long off;
	struct page *page;
	char *kaddr;

	while (done < len) {
		off = (addr + done) & ~PAGE_MASK;
		n = min_t(long, PAGE_SIZE - off, len - done);
		page = get_user_page_mm(mm, addr + done, foll);
		if (IS_ERR(page))
			break;
		kaddr = (char *)page_address(page) + off;
		if (!(foll & FOLL_WRITE))
			memcpy((char *)buf + done, kaddr, n);
		else if (buf)
			memcpy(kaddr, (char *)buf + done, n);
		else
			memset(kaddr, 0, n);
		put_page(page);
		done += n;
	}
	return done;
}

/*
 * Read another task's memory (procfs cmdline/environ). Holds a user
 * reference on its mm for the copy. The mm is sampled under tasklist_lock
 * and skipped once the task is exiting; exit clears tsk->mm without that
 * lock, so this relies on PF_EXITING being set first (see do_exit()).
 */
int access_process_vm(struct task_struct *tsk, unsigned long addr, void *buf, int len)
{
	struct mm_struct *mm = NULL;
	unsigned long flags;
	long n;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (tsk->mm && !(tsk->flags & PF_EXITING)) {
		mm = tsk->mm;
		atomic_inc(&mm->mm_users);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!mm)
		return 0;
	n = access_remote_vm(mm, addr, buf, len, 0);
	mmput(mm);
	return n < 0 ? 0 : (int)n;
}
