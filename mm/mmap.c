// SPDX-License-Identifier: MIT
/*
 * Address spaces and their VMAs: mm_struct lifetime (mm_alloc, dup_mm for
 * fork, mmput/mmdrop), the sorted VMA list, free-range search, mmap,
 * munmap and brk.
 *
 * VMAs live on mm->mmap sorted by address, never overlapping; adjacent
 * VMAs with the same flags and file (and contiguous file offsets) are
 * merged. The list is short (tens of entries for a dynamically linked
 * program) and mm->mmap_cache catches the repeated lookups of a fault loop.
 *
 * Locking: mm->mmap_lock (a mutex: the fault path sleeps in ->fault and in
 * the allocator) guards the list and the brk/arg fields; page_table_lock is
 * taken inside by memory.c. Order: mmap_lock -> page_table_lock ->
 * page allocator, and mmap_lock -> file system locks taken by ->fault,
 * ->mmap and fput (so a file system must not hold its own locks across
 * copy_*_user, which may fault and take mmap_lock).
 *
 * Lifetime: mm_users counts tasks using the address space (threads of a
 * process, vfork parents' children); the last mmput() tears the mappings
 * down. mm_count counts references to the struct itself: all users
 * together hold one, and every CPU whose satp holds the root (cpu->active_mm,
 * lazy kernel threads included) holds one; the last mmdrop() frees the root
 * table and the struct.
 */
#include <shoal/kernel.h>
#include <shoal/sched.h>
#include <shoal/fs.h>
#include <shoal/uaccess.h>
#include <uapi/mman.h>
#include <shoal/oom.h>
#include "internal.h"
#include <shoal/syscalls.h>

static struct kmem_cache *vma_cachep, *mm_cachep;

void mmap_init(void)
{
	vma_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct), 0, 0, NULL);
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 0, 0, NULL);
	if (!vma_cachep || !mm_cachep)
		panic("mm: cannot create slab caches");
}

/* ---- VMA objects and the list ---- */

static struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmem_cache_zalloc(vma_cachep, GFP_KERNEL);

	if (vma) {
		vma->vm_mm = mm;
		INIT_LIST_HEAD(&vma->vm_list);
	}
	return vma;
}

struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vma_cachep, GFP_KERNEL);

	if (vma) {
		*vma = *orig;
		INIT_LIST_HEAD(&vma->vm_list);
		if (vma->vm_file)
			get_file(vma->vm_file);
	}
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		fput(vma->vm_file);
	kmem_cache_free(vma_cachep, vma);
}

struct vm_area_struct *vma_next(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma->vm_list.next == &mm->mmap ? NULL : list_next_entry(vma, vm_list);
}

static struct vm_area_struct *vma_prev(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return vma->vm_list.prev == &mm->mmap ? NULL :
		list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = mm->mmap_cache;

	if (vma && vma->vm_start <= addr && addr < vma->vm_end)
		return vma;
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (vma->vm_end > addr) {
			mm->mmap_cache = vma;
			return vma;
		}
	}
	return NULL;
}

/* First VMA intersecting [start, end), or NULL. */
static struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
						    unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

bool range_mapped(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	while (start < end) {
		if (!vma || vma->vm_start > start)
			return false;
		start = vma->vm_end;
		vma = vma_next(mm, vma);
	}
	return true;
}

void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *v;

	list_for_each_entry(v, &mm->mmap, vm_list) {
		if (v->vm_start >= vma->vm_end)
			break;
		DEBUG_ASSERT(v->vm_end <= vma->vm_start);
	}
	list_add_tail(&vma->vm_list, &v->vm_list);     /* before v, or at the tail */
	mm->map_count++;
	mm->total_vm += vma_pages(vma);
}

static void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	list_del(&vma->vm_list);
	mm->map_count--;
	mm->total_vm -= vma_pages(vma);
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
}

/* Cut @vma in two at @addr (page aligned, strictly inside); returns the upper part. */
static struct vm_area_struct *split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
					unsigned long addr)
{
	struct vm_area_struct *hi = vm_area_dup(vma);

	if (!hi)
		return NULL;
	hi->vm_start = addr;
	hi->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	vma->vm_end = addr;
	list_add(&hi->vm_list, &vma->vm_list);
	mm->map_count++;
	return hi;
}

int split_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && vma->vm_start < start && !split_vma(mm, vma, start))
		return -ENOMEM;
	vma = find_vma(mm, end);
	if (vma && vma->vm_start < end && !split_vma(mm, vma, end))
		return -ENOMEM;
	return 0;
}

static bool vma_can_merge(struct vm_area_struct *a, struct vm_area_struct *b)
{
	if (a->vm_end != b->vm_start || a->vm_flags != b->vm_flags || a->vm_file != b->vm_file)
		return false;
	if (a->vm_special || b->vm_special)
		return false;           /* [vdso] next to [vvar] stays two VMAs */
	return !a->vm_file || a->vm_pgoff + vma_pages(a) == b->vm_pgoff;
}

void merge_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start ? start - 1 : 0), *next;

	while (vma && vma->vm_start <= end) {
		next = vma_next(mm, vma);
		if (next && vma_can_merge(vma, next)) {
			vma->vm_end = next->vm_end;
			list_del(&next->vm_list);
			mm->map_count--;
			if (mm->mmap_cache == next)
				mm->mmap_cache = NULL;
			vm_area_free(next);
			continue;
		}
		vma = next;
	}
}

static unsigned long stack_limit(void)
{
	struct signal_struct *sig = current->signal;
	unsigned long lim = sig ? sig->rlim[RLIMIT_STACK].rlim_cur : 0;

	return lim ? lim : STACK_RLIMIT_DEFAULT;
}

int expand_stack(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma_prev(mm, vma);
	unsigned long grow;

	addr &= PAGE_MASK;
	if (addr < MMAP_MIN_ADDR + PAGE_SIZE || vma->vm_end - addr > stack_limit())
		return -EFAULT;
	if (prev && prev->vm_end > addr - PAGE_SIZE)   /* keep one guard page */
		return -EFAULT;
	grow = (vma->vm_start - addr) >> PAGE_SHIFT;
	vma->vm_start = addr;
	vma->vm_pgoff -= grow;
	mm->total_vm += grow;
	return 0;
}

/* ---- finding room ---- */

unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				unsigned long len, unsigned long flags)
{
	struct list_head *p;
	unsigned long high = mm->mmap_base;

	assert_mutex_held(&mm->mmap_lock);

	(void)flags;
	if (!len || len > TASK_SIZE - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (addr >= MMAP_MIN_ADDR && addr <= TASK_SIZE - len &&
		    !find_vma_intersection(mm, addr, addr + len))
			return addr;
	}
	/* Top-down: the highest gap below mmap_base that fits. */
	for (p = mm->mmap.prev; p != &mm->mmap; p = p->prev) {
		struct vm_area_struct *vma = list_entry(p, struct vm_area_struct, vm_list);

		if (vma->vm_start >= high)
			continue;
		if (vma->vm_end <= high && high - vma->vm_end >= len)
			return high - len;
		high = vma->vm_start;
	}
	if (high >= MMAP_MIN_ADDR + len)
		return high - len;
	return -ENOMEM;
}

/* ---- mmap ---- */

unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm = 0;

	if (prot & PROT_READ)
		vm |= VM_READ;
	if (prot & PROT_WRITE)
		vm |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm |= VM_EXEC;
	if (flags & MAP_GROWSDOWN)
		vm |= VM_GROWSDOWN;
	return vm;
}

/* Fault in [start, end) (MAP_POPULATE); failures are left for later faults. */
static void populate_range(struct mm_struct *mm, unsigned long start, unsigned long end,
			   unsigned int flags)
{
	for (; start < end; start += PAGE_SIZE)
		if (__handle_mm_fault(mm, start, flags))
			break;
}

/* The file-dependent part of a new VMA's flags: 0 or -errno. */
static int file_vm_flags(struct file *file, unsigned long prot, unsigned long type,
			 unsigned long *vm_flags)
{
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	if (!file->f_op || (!file->f_op->fault && !file->f_op->mmap))
		return -ENODEV;
	if (type == MAP_PRIVATE)
		return 0;
	*vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (!(file->f_mode & FMODE_WRITE)) {
		if (prot & PROT_WRITE)
			return -EACCES;
		*vm_flags &= ~VM_MAYWRITE;
	}
	return 0;
}

/* Give a new VMA its backing: the file's ->mmap hook, or a shared
 * anonymous object. The hook may replace vma->vm_file (dropping the
 * reference it replaces), e.g. to make /dev/zero anonymous. */
static int vma_setup_backing(struct vm_area_struct *vma, struct file *file)
{
	int err;

	if (!file)
		return (vma->vm_flags & VM_SHARED) ? shmem_zero_setup(vma) : 0;
	if (file->f_op->mmap) {
		err = file->f_op->mmap(file, vma);
		if (err)
			return err;
	}
	if (vma->vm_file && (!vma->vm_file->f_op || !vma->vm_file->f_op->fault))
		return -ENODEV;
	return 0;
}

/* Caller holds mmap_lock. */
static unsigned long __do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
			       unsigned long len, unsigned long prot, unsigned long flags,
			       unsigned long pgoff)
{
	unsigned long type = flags & MAP_TYPE, vm_flags;
	struct vm_area_struct *vma;
	int err;

	assert_mutex_held(&mm->mmap_lock);

	assert_mutex_held(&mm->mmap_lock);
	len = PAGE_ALIGN(len);
	if (type == MAP_SHARED_VALIDATE)
		type = MAP_SHARED;
	vm_flags = calc_vm_flags(prot, flags) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (file) {
		err = file_vm_flags(file, prot, type, &vm_flags);
		if (err)
			return err;
	} else if (type == MAP_SHARED) {
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	}

	if (flags & MAP_FIXED_NOREPLACE) {
		if (find_vma_intersection(mm, addr, addr + len))
			return -EEXIST;
	} else if (flags & MAP_FIXED) {
		err = __do_munmap(mm, addr, len);
		if (err)
			return err;
	} else {
		addr = get_unmapped_area(mm, addr, len, flags);
		if (IS_ERR_VALUE(addr))
			return addr;
	}

	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = file ? pgoff : addr >> PAGE_SHIFT;
	vma->vm_file = file ? get_file(file) : NULL;
	err = vma_setup_backing(vma, file);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	vma_link(mm, vma);
	merge_range(mm, addr, addr + len);      /* may free vma */
	if (flags & MAP_POPULATE)
		populate_range(mm, addr, addr + len,
			       (prot & PROT_WRITE) && type == MAP_PRIVATE ? FAULT_FLAG_WRITE : 0);
	return addr;
}

unsigned long do_mmap_mm(struct mm_struct *mm, struct file *file, unsigned long addr,
			 unsigned long len, unsigned long prot, unsigned long flags,
			 unsigned long pgoff)
{
	unsigned long ret;

	mutex_lock(&mm->mmap_lock);
	ret = __do_mmap(mm, file, addr, len, prot, flags, pgoff);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

unsigned long do_mmap(struct file *file, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags, unsigned long pgoff)
{
	return do_mmap_mm(current->mm, file, addr, len, prot, flags, pgoff);
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	unsigned long type = flags & MAP_TYPE, ret;
	struct file *file = NULL;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (!len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE - MMAP_MIN_ADDR)
		return -ENOMEM;
	if ((off >> PAGE_SHIFT) + (len >> PAGE_SHIFT) < (off >> PAGE_SHIFT))
		return -EOVERFLOW;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM;
	}
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((unsigned int)fd);
		if (!file)
			return -EBADF;
	}
	ret = do_mmap(file, addr, len, prot, flags, off >> PAGE_SHIFT);
	if (file)
		fput(file);
	return ret;
}

/* ---- munmap ---- */

int __do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	unsigned long end = start + PAGE_ALIGN(len);
	struct vm_area_struct *vma, *next;

	assert_mutex_held(&mm->mmap_lock);

	assert_mutex_held(&mm->mmap_lock);
	if (split_range(mm, start, end))
		return -ENOMEM;
	vma = find_vma(mm, start);
	while (vma && vma->vm_start < end) {
		next = vma_next(mm, vma);
		zap_page_range(mm, vma->vm_start, vma->vm_end);
		vma_unlink(mm, vma);
		vm_area_free(vma);
		vma = next;
	}
	return 0;
}

int do_munmap(struct mm_struct *mm, unsigned long addr, size_t len)
{
	int ret;

	mutex_lock(&mm->mmap_lock);
	ret = __do_munmap(mm, addr, len);
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, unsigned long, len)
{
	if ((addr & ~PAGE_MASK) || !len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	return do_munmap(current->mm, addr, len);
}

/* ---- brk ---- */

/*
 * The heap is an anonymous private VMA [start_brk, PAGE_ALIGN(brk)).
 * Growing it fails (and the break stays) if it would run into another
 * mapping; asking below start_brk just reports the current break.
 */
SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk, oldbrk, ret;

	mutex_lock(&mm->mmap_lock);
	if (brk < mm->start_brk || brk > TASK_SIZE)
		goto out;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk < oldbrk) {
		if (__do_munmap(mm, newbrk, oldbrk - newbrk))
			goto out;
	} else if (newbrk > oldbrk) {
		ret = __do_mmap(mm, NULL, oldbrk, newbrk - oldbrk, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0);
		if (IS_ERR_VALUE(ret))
			goto out;
	}
	mm->brk = brk;
out:
	ret = mm->brk;
	mutex_unlock(&mm->mmap_lock);
	return ret;
}

/* ---- special mappings ---- */

int install_special_mapping(struct mm_struct *mm, unsigned long addr, unsigned long len,
			    unsigned long vm_flags, const struct vm_special_mapping *sm)
{
	struct vm_area_struct *vma;

	assert_mutex_held(&mm->mmap_lock);
	if (find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags | VM_DONTEXPAND;
	vma->vm_pgoff = 0;              /* index into sm->pages */
	vma->vm_special = sm;
	vma_link(mm, vma);
	return 0;
}

/* ---- shared anonymous memory ---- */

/*
 * MAP_SHARED|MAP_ANONYMOUS is a mapping of an unlinked tmpfs file of the
 * mapping's size (as Linux's shmem_zero_setup): fork shares the VMA's file
 * and both processes fault the same page-cache pages in through ->fault.
 * The memory lives until the last VMA mapping it goes (last fput).
 */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = shmem_file_setup("dev/zero", vma->vm_end - vma->vm_start, O_RDWR);

	if (IS_ERR_OR_NULL(file))
		return file ? PTR_ERR(file) : -ENOMEM;
	if (vma->vm_file)
		fput(vma->vm_file);
	vma->vm_file = file;
	vma->vm_pgoff = 0;
	return 0;
}

/* ---- mm_struct lifetime ---- */

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_zalloc(mm_cachep, GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = (pte_t *)get_zeroed_page(GFP_KERNEL);
	if (!mm->pgd) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	memcpy(mm->pgd + KERNEL_PGD_FIRST, swapper_pg_dir + KERNEL_PGD_FIRST,
	       (PTRS_PER_PT - KERNEL_PGD_FIRST) * sizeof(pte_t));
	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);
	mutex_init(&mm->mmap_lock);
	spin_lock_init_named(&mm->page_table_lock, "mm->page_table_lock");
	INIT_LIST_HEAD(&mm->mmap);
	mm->mmap_base = MMAP_BASE;
	mm->dumpable = SUID_DUMP_USER;
	return mm;
}

void mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}

void mmdrop(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_count))
		return;
	WARN_ON(!cpumask_empty(&mm->cpu_bitmap));
	free_page((unsigned long)mm->pgd);
	kmem_cache_free(mm_cachep, mm);
}

/* Last user gone: free pages, page tables, VMAs (and their files). */
static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *next;

	exit_mmap_pages(mm);
	list_for_each_entry_safe(vma, next, &mm->mmap, vm_list) {
		list_del(&vma->vm_list);
		vm_area_free(vma);
	}
	mm->mmap_cache = NULL;
	mm->map_count = 0;
	mm->total_vm = 0;
	if (mm->exe_file) {
		fput(mm->exe_file);
		mm->exe_file = NULL;
	}
}

void mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	exit_mmap(mm);
	oom_mm_exit(mm);
	mmdrop(mm);
}

/* fork: a copy of @old whose private pages are shared copy-on-write. */
struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma, *copy;
	int err = 0;

	if (!mm)
		return NULL;
	mutex_lock(&old->mmap_lock);
	mm->dumpable = READ_ONCE(old->dumpable);
	mm->mmap_base = old->mmap_base;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->vdso = old->vdso;
	mm->exe_file = old->exe_file ? get_file(old->exe_file) : NULL;
	list_for_each_entry(vma, &old->mmap, vm_list) {
		if (vma->vm_flags & VM_DONTCOPY)
			continue;
		copy = vm_area_dup(vma);
		if (!copy) {
			err = -ENOMEM;
			break;
		}
		copy->vm_mm = mm;
		list_add_tail(&copy->vm_list, &mm->mmap);
		mm->map_count++;
		mm->total_vm += vma_pages(copy);
		err = copy_page_range(mm, old, vma);
		if (err)
			break;
	}
	/* Parent threads on other CPUs may cache writable translations of
	 * pages that are now COW: flush before anyone can see the child. */
	flush_tlb_mm(old);
	mutex_unlock(&old->mmap_lock);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}
