// SPDX-License-Identifier: MIT
/*
 * mremap: shrink a mapping, grow it in place when the room after it is
 * free, or (MREMAP_MAYMOVE / MREMAP_FIXED) move it: the PTEs move to the
 * new range as they are, so the pages keep their contents and their COW
 * state, and the old range is unmapped.
 *
 * Not supported: old_len == 0 (duplicating a shared mapping) and
 * MREMAP_DONTUNMAP (both -EINVAL).
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <uapi/mman.h>
#include "internal.h"
#include <shoal/syscalls.h>

/* Move [old, old + old_len) of @vma to a new VMA at [new, new + new_len)
 * (new range free). Returns @new or -errno. */
static unsigned long move_vma(struct mm_struct *mm, struct vm_area_struct *vma,
			      unsigned long old, unsigned long old_len,
			      unsigned long new, unsigned long new_len)
{
	struct vm_area_struct *nv = vm_area_dup(vma);
	int err;

	if (!nv)
		return -ENOMEM;
	nv->vm_start = new;
	nv->vm_end = new + new_len;
	nv->vm_pgoff = vma->vm_pgoff + ((old - vma->vm_start) >> PAGE_SHIFT);
	err = move_page_range(mm, old, new, old_len);
	if (err) {
		vm_area_free(nv);
		return err;
	}
	vma_link(mm, nv);
	__do_munmap(mm, old, old_len);  /* no PTEs left there: only the VMA goes */
	if (nv->vm_special && nv->vm_special->mremap)
		nv->vm_special->mremap(nv->vm_special, nv);
	merge_range(mm, new, new + new_len);
	return new;
}

static unsigned long mremap_to(struct mm_struct *mm, unsigned long addr,
			       unsigned long old_len, unsigned long new_addr,
			       unsigned long new_len)
{
	struct vm_area_struct *vma;
	int err;

	if (new_addr & ~PAGE_MASK)
		return -EINVAL;
	if (new_addr < MMAP_MIN_ADDR || new_addr > TASK_SIZE - new_len)
		return -EINVAL;
	if (new_addr < addr + old_len && addr < new_addr + new_len)
		return -EINVAL;         /* overlapping */
	err = __do_munmap(mm, new_addr, new_len);
	if (err)
		return err;
	if (new_len < old_len) {
		err = __do_munmap(mm, addr + new_len, old_len - new_len);
		if (err)
			return err;
		old_len = new_len;
	}
	vma = find_vma(mm, addr);
	return move_vma(mm, vma, addr, old_len, new_addr, new_len);
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,
		unsigned long, new_len, unsigned long, flags, unsigned long, new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *next;
	unsigned long ret;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) || (addr & ~PAGE_MASK))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || !old_len || new_len > TASK_SIZE)
		return -EINVAL;
	if (old_len > TASK_SIZE || addr > TASK_SIZE - old_len)
		return -EFAULT;

	mutex_lock(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	ret = -EFAULT;
	if (!vma || vma->vm_start > addr || old_len > vma->vm_end - addr)
		goto out;
	if (new_len > old_len && (vma->vm_flags & VM_DONTEXPAND))
		goto out;               /* -EFAULT, as Linux's vma_to_resize() */
	if (flags & MREMAP_FIXED) {
		ret = mremap_to(mm, addr, old_len, new_addr, new_len);
		goto out;
	}
	if (new_len <= old_len) {
		ret = addr;
		if (new_len < old_len && __do_munmap(mm, addr + new_len, old_len - new_len))
			ret = -ENOMEM;
		goto out;
	}
	/* Grow in place if the mapping ends here and the room after is free. */
	next = vma_next(mm, vma);
	if (addr + old_len == vma->vm_end && addr <= TASK_SIZE - new_len &&
	    (!next || next->vm_start >= addr + new_len)) {
		mm->total_vm += (addr + new_len - vma->vm_end) >> PAGE_SHIFT;
		vma->vm_end = addr + new_len;
		ret = addr;
		goto out;
	}
	ret = -ENOMEM;
	if (!(flags & MREMAP_MAYMOVE))
		goto out;
	new_addr = get_unmapped_area(mm, 0, new_len, 0);
	ret = new_addr;
	if (!IS_ERR_VALUE(new_addr))
		ret = move_vma(mm, vma, addr, old_len, new_addr, new_len);
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
