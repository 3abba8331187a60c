// SPDX-License-Identifier: MIT
/*
 * Changing existing mappings in place: mprotect, madvise, and the calls
 * that only look (mincore) or that shoal accepts as no-ops because every
 * page is always resident and file pages are the page cache itself
 * (msync, mlock, munlock).
 *
 * All of them take mm->mmap_lock; PTE changes flush the TLBs of every CPU
 * using the mm (mm/tlb.c) before the call returns.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/uaccess.h>
#include <uapi/mman.h>
#include "internal.h"
#include <shoal/syscalls.h>

/* Set (and clear) VMA flags over [start, end), splitting and re-merging
 * VMAs; with @prot_change the PTEs follow. Range must be mapped. */
static int apply_vm_flags(struct mm_struct *mm, unsigned long start, unsigned long end,
			  unsigned long set, unsigned long clear, bool prot_change)
{
	struct vm_area_struct *vma;
	unsigned long nf;
	int err = split_range(mm, start, end);

	if (err)
		return err;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(mm, vma)) {
		nf = (vma->vm_flags & ~clear) | set;
		if (nf == vma->vm_flags)
			continue;
		vma->vm_flags = nf;
		if (prot_change)
			change_protection(mm, vma->vm_start, vma->vm_end, nf);
	}
	merge_range(mm, start, end);
	return 0;
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, unsigned long, len, unsigned long, prot)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long end, vm_prot;
	long ret;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start || end > TASK_SIZE)
		return -ENOMEM;
	vm_prot = calc_vm_flags(prot, 0);

	mutex_lock(&mm->mmap_lock);
	if (prot & PROT_GROWSDOWN) {    /* extend down to the start of the stack VMA */
		vma = find_vma(mm, start);
		ret = -EINVAL;
		if (!vma || vma->vm_start > start || !(vma->vm_flags & VM_GROWSDOWN))
			goto out;
		start = vma->vm_start;
	}
	ret = -ENOMEM;
	if (!range_mapped(mm, start, end))
		goto out;
	ret = -EACCES;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(mm, vma)) {
		if (((vm_prot & VM_WRITE) && !(vma->vm_flags & VM_MAYWRITE)) ||
		    ((vm_prot & VM_EXEC) && !(vma->vm_flags & VM_MAYEXEC)) ||
		    ((vm_prot & VM_READ) && !(vma->vm_flags & VM_MAYREAD)))
			goto out;
	}
	ret = apply_vm_flags(mm, start, end, vm_prot, VM_ACCESS_FLAGS, true);
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/* Drop the pages of the mapped parts of [start, end): the next touch gets
 * zero (private anonymous), the file's page (file) or the shared page. */
static void madvise_dontneed(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma_next(mm, vma))
		zap_page_range(mm, max(start, vma->vm_start), min(end, vma->vm_end));
}

static int madvise_populate(struct mm_struct *mm, unsigned long start, unsigned long end,
			    bool write)
{
	int err;

	for (; start < end; start += PAGE_SIZE) {
		err = __handle_mm_fault(mm, start, write ? FAULT_FLAG_WRITE : 0);
		if (err)
			return err == VM_FAULT_OOM ? -ENOMEM : -EFAULT;
	}
	return 0;
}

static bool madvise_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: case MADV_DONTFORK:
	case MADV_DOFORK: case MADV_MERGEABLE: case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_WIPEONFORK: case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT:
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE: case MADV_DONTNEED_LOCKED:
	case MADV_COLLAPSE:
		return true;
	}
	return false;
}

/*
 * MADV_DONTNEED drops pages (private anonymous memory reads back as zero);
 * DONTFORK/DOFORK set VM_DONTCOPY; POPULATE_* fault pages in; MADV_FREE
 * and the rest are hints shoal may ignore (the memory keeps its contents,
 * which MADV_FREE allows).
 */
SYSCALL_DEFINE3(madvise, unsigned long, start, unsigned long, len, int, advice)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	long ret = 0;
	bool holes;

	if ((start & ~PAGE_MASK) || !madvise_known(advice))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (end > TASK_SIZE)
		return -ENOMEM;

	mutex_lock(&mm->mmap_lock);
	holes = !range_mapped(mm, start, end);
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
	case MADV_REMOVE:
		madvise_dontneed(mm, start, end);
		break;
	case MADV_DONTFORK:
	case MADV_DOFORK:
		if (holes)
			break;
		ret = apply_vm_flags(mm, start, end, advice == MADV_DONTFORK ? VM_DONTCOPY : 0,
				     advice == MADV_DOFORK ? VM_DONTCOPY : 0, false);
		break;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		if (!holes)
			ret = madvise_populate(mm, start, end, advice == MADV_POPULATE_WRITE);
		break;
	}
	mutex_unlock(&mm->mmap_lock);
	return ret ? ret : holes ? -ENOMEM : 0;
}

/* Shared: 0 if [start, start + len) is wholly mapped, else -ENOMEM. */
static long check_mapped(unsigned long start, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	unsigned long end = start + PAGE_ALIGN(len);
	bool ok;

	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	if (end == start)
		return 0;
	mutex_lock(&mm->mmap_lock);
	ok = range_mapped(mm, start, end);
	mutex_unlock(&mm->mmap_lock);
	return ok ? 0 : -ENOMEM;
}

/* tmpfs pages are the file: there is nothing to write back. */
SYSCALL_DEFINE3(msync, unsigned long, start, unsigned long, len, int, flags)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	return check_mapped(start, len);
}

/* shoal never pages out: every mapped page is already "locked". */
SYSCALL_DEFINE2(mlock, unsigned long, start, unsigned long, len)
{
	return check_mapped(start & PAGE_MASK, len + (start & ~PAGE_MASK));
}

SYSCALL_DEFINE2(munlock, unsigned long, start, unsigned long, len)
{
	return check_mapped(start & PAGE_MASK, len + (start & ~PAGE_MASK));
}

SYSCALL_DEFINE3(mincore, unsigned long, start, unsigned long, len,
		unsigned char __user *, vec)
{
	struct mm_struct *mm = current->mm;
	unsigned char buf[256];
	unsigned long pages, n, done;
	bool ok;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (len > TASK_SIZE || start > TASK_SIZE - PAGE_ALIGN(len))
		return -ENOMEM;
	pages = PAGE_ALIGN(len) >> PAGE_SHIFT;
	if (!access_ok(vec, pages))
		return -EFAULT;
	for (done = 0; done < pages; done += n) {
		unsigned long addr = start + (done << PAGE_SHIFT);

		n = min_t(unsigned long, pages - done, sizeof(buf));
		mutex_lock(&mm->mmap_lock);
		ok = range_mapped(mm, addr, addr + (n << PAGE_SHIFT));
		if (ok)
			mincore_range(mm, addr, n, buf);
		mutex_unlock(&mm->mmap_lock);
		if (!ok)
			return -ENOMEM;
		/* outside mmap_lock: the copy may fault */
		if (copy_to_user(vec + done, buf, n))
			return -EFAULT;
	}
	return 0;
}
