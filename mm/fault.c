// SPDX-License-Identifier: MIT
/*
 * The page-fault entry point. The trap code (arch/riscv/kernel/traps.c)
 * calls handle_mm_fault() for user faults and for faults inside the
 * copy_*_user helpers; the fault itself is resolved in mm/memory.c.
 *
 * Return values (see <shoal/mm_types.h>): 0 handled; -EFAULT no VMA or not
 * permitted (SIGSEGV, or the uaccess fixup); VM_FAULT_SIGBUS a file page
 * that does not exist (beyond EOF); VM_FAULT_OOM out of memory.
 * fault_si_code() tells SEGV_MAPERR from SEGV_ACCERR for the signal.
 *
 * Runs in process context with interrupts enabled: it sleeps on
 * mm->mmap_lock, so the caller must not hold it (copy_*_user never is
 * called with it held).
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include "internal.h"

/* Does @vma allow this access? Write implies read on RISC-V (no W-only
 * pages), so a VM_WRITE mapping is readable too. */
static bool access_permitted(struct vm_area_struct *vma, unsigned int flags)
{
	unsigned long f = vma->vm_flags;

	if (flags & FAULT_FLAG_WRITE)
		return f & VM_WRITE;
	if (flags & FAULT_FLAG_EXEC)
		return f & VM_EXEC;
	return f & (VM_READ | VM_WRITE);
}

int __handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	struct vm_area_struct *vma;

	assert_mutex_held(&mm->mmap_lock);

	assert_mutex_held(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	if (!vma)
		return -EFAULT;
	if (addr < vma->vm_start &&
	    (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, addr)))
		return -EFAULT;
	if (flags & FAULT_FLAG_FORCE) {
		/* ptrace/exec may write a private read-only page (it gets
		 * its own copy), never a shared one it may not write. */
		if ((flags & FAULT_FLAG_WRITE) && (vma->vm_flags & VM_SHARED) &&
		    !(vma->vm_flags & VM_WRITE))
			return -EFAULT;
		if ((flags & FAULT_FLAG_WRITE) && vma->vm_special &&
		    vma->vm_special->no_forced_write)
			return -EFAULT;
	} else if (!access_permitted(vma, flags)) {
		return -EFAULT;
	}
	return handle_pte_fault(mm, vma, addr, flags);
}

int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	int ret;

	if (addr >= TASK_SIZE)
		return -EFAULT;
	mutex_lock(&mm->mmap_lock);
	ret = __handle_mm_fault(mm, addr, flags & ~FAULT_FLAG_FORCE);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

int fault_si_code(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	int code;

	if (!mm || addr >= TASK_SIZE)
		return SEGV_MAPERR;
	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	code = vma && vma->vm_start <= addr ? SEGV_ACCERR : SEGV_MAPERR;
	mutex_unlock(&mm->mmap_lock);
	return code;
}
