// SPDX-License-Identifier: MIT
/*
 * The vDSO: the linux-vdso.so.1 image built from arch/riscv/kernel/vdso/
 * (embedded by vdso-image.S) copied into pages at boot, and the [vvar]
 * data page. exec maps them next to each other, [vvar] first, as Linux
 * riscv does (the vDSO code finds its data one page below itself); the
 * auxv's AT_SYSINFO_EHDR gives the vDSO's address, signal delivery points
 * a handler's ra at its __vdso_rt_sigreturn.
 *
 * Both are special mappings: their VMAs have no file and take their pages
 * from here on a fault, may be moved whole by mremap (the vDSO's new
 * address is remembered in mm->vdso), never grown. User space cannot write
 * either (no VM_MAYWRITE).
 *
 * Locking: the pages are set up once by the initcall and never change;
 * mm->vdso is guarded by mmap_lock (exec sets it before the mm is shared).
 */
#include <shoal/kernel.h>
#include <shoal/init.h>
#include <shoal/mm.h>
#include <shoal/mm_types.h>
#include <shoal/vdso.h>
#include <uapi/elf.h>
#include "vdso-offsets.h"

extern const char vdso_start[], vdso_end[];

struct vdso_data *vdso_data;

static struct page *vvar_page;
static struct page *vdso_pages[4];      /* the image is one or two pages today */

static int vdso_mremap(const struct vm_special_mapping *sm, struct vm_area_struct *new_vma)
{
	new_vma->vm_mm->vdso = new_vma->vm_start - (new_vma->vm_pgoff << PAGE_SHIFT);
	return 0;
}

static struct vm_special_mapping vvar_mapping = {
	.name = "[vvar]",
	.pages = &vvar_page,
	.no_forced_write = true,        /* as Linux's VM_IO [vvar]: a copy would freeze the clock */
};

static struct vm_special_mapping vdso_mapping = {
	.name = "[vdso]",
	.pages = vdso_pages,
	.mremap = vdso_mremap,
};

static int vdso_init(void)
{
	unsigned long len = vdso_end - vdso_start;
	unsigned int i, n = len >> PAGE_SHIFT;

	BUG_ON(memcmp(vdso_start, ELFMAG, SELFMAG) != 0);
	BUG_ON(n == 0 || n > ARRAY_SIZE(vdso_pages));
	for (i = 0; i < n; i++) {
		vdso_pages[i] = alloc_page(GFP_KERNEL);
		if (!vdso_pages[i])
			return -ENOMEM;
		memcpy(page_address(vdso_pages[i]), vdso_start + i * PAGE_SIZE, PAGE_SIZE);
	}
	vvar_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!vvar_page)
		return -ENOMEM;
	vdso_mapping.nr_pages = n;
	vvar_mapping.nr_pages = 1;
	smp_store_release(&vdso_data, (struct vdso_data *)page_address(vvar_page));
	update_vsyscall();
	return 0;
}
core_initcall(vdso_init);

int arch_setup_additional_pages(struct mm_struct *mm)
{
	unsigned long len = (vdso_mapping.nr_pages + 1) << PAGE_SHIFT, addr;
	int err;

	if (!vdso_mapping.nr_pages)
		return -ENOMEM;         /* vdso_init failed: no signal return either */
	mutex_lock(&mm->mmap_lock);
	addr = get_unmapped_area(mm, 0, len, 0);
	err = IS_ERR_VALUE(addr) ? (int)addr : 0;
	if (!err)
		err = install_special_mapping(mm, addr, PAGE_SIZE, VM_READ | VM_MAYREAD,
					      &vvar_mapping);
	if (!err)
		err = install_special_mapping(mm, addr + PAGE_SIZE, len - PAGE_SIZE,
					      VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC,
					      &vdso_mapping);
	if (!err)
		mm->vdso = addr + PAGE_SIZE;
	mutex_unlock(&mm->mmap_lock);
	return err;
}

unsigned long vdso_sigreturn_addr(struct mm_struct *mm)
{
	unsigned long base = mm ? READ_ONCE(mm->vdso) : 0;

	return base ? base + vdso_offset_rt_sigreturn : 0;
}
