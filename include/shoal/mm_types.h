/* SPDX-License-Identifier: MIT */
/*
 * User address spaces (mm/mmap.c, mm/memory.c, mm/fault.c).
 *
 * Locking key:
 *   [mmap]  mm->mmap_lock (sleeping mutex): the VMA list and brk fields;
 *           held across a page fault's VMA lookup and PTE install
 *   [ptl]   mm->page_table_lock (spinlock): page-table pages and PTE updates
 *   [atom]  atomic
 * Lock order: mmap_lock -> page_table_lock -> page allocator locks.
 * Never hold mmap_lock while calling copy_to_user/copy_from_user: they may
 * fault, and the fault handler takes mmap_lock.
 */
#ifndef _SHOAL_MM_TYPES_H
#define _SHOAL_MM_TYPES_H

#include <shoal/types.h>
#include <shoal/list.h>
#include <shoal/atomic.h>
#include <shoal/mutex.h>
#include <shoal/smp.h>
#include <shoal/errno.h>

/* vm_flags */
#define VM_READ         0x0001
#define VM_WRITE        0x0002
#define VM_EXEC         0x0004
#define VM_SHARED       0x0008
#define VM_MAYREAD      0x0010
#define VM_MAYWRITE     0x0020
#define VM_MAYEXEC      0x0040
#define VM_MAYSHARE     0x0080
#define VM_GROWSDOWN    0x0100
#define VM_DONTCOPY     0x20000
#define VM_DONTEXPAND   0x40000         /* mremap may not grow it (special mappings) */
#define VM_STACK        VM_GROWSDOWN
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

/*
 * User address-space layout (details in Documentation/memory.md):
 *
 *   STACK_TOP = TASK_SIZE (256 GiB)
 *       stack VMA, VM_GROWSDOWN, up to 8 MiB (RLIMIT_STACK)
 *   MMAP_BASE = STACK_TOP - 128 MiB
 *       mmap area, allocated top-down: [vvar] and [vdso], ld.so,
 *       shared libraries, anonymous mappings
 *   ELF_ET_DYN_BASE (~170 GiB): ET_DYN programs (PIE, static-pie), brk above
 *   ET_EXEC programs at their link address (e.g. 0x10000), brk above
 *   MMAP_MIN_ADDR = 64 KiB: nothing is ever mapped below
 */
#define STACK_TOP               TASK_SIZE
#define STACK_RLIMIT_DEFAULT    (8UL << 20)     /* max stack VMA size unless RLIMIT_STACK says less */
#define STACK_INIT_SIZE         (128UL << 10)   /* stack VMA at exec (pages come lazily) */
#define MMAP_GAP                (128UL << 20)   /* room kept for the stack below STACK_TOP */
#define MMAP_BASE               (STACK_TOP - MMAP_GAP)
#define MMAP_MIN_ADDR           0x10000UL
#define ELF_ET_DYN_BASE         ((TASK_SIZE / 3 * 2) & ~0x1fffffUL)
#ifndef RLIMIT_STACK
#define RLIMIT_STACK            3       /* signal->rlim[] index (asm-generic) */
#endif

struct file;
struct mm_struct;
struct task_struct;
struct vm_area_struct;
struct page;

/*
 * Pages the kernel maps into user space itself ([vdso], [vvar]): a VMA
 * with no file whose pages come from here on a fault (so madvise(DONTNEED)
 * or a lost PTE never turns them into zero pages). Static, never freed.
 */
struct vm_special_mapping {
	const char *name;               /* shown in /proc/PID/maps */
	struct page **pages;            /* nr_pages pages, referenced for ever */
	unsigned int nr_pages;
	bool no_forced_write;           /* the kernel's live data: ptrace may not COW it */
	/* after mremap moved it (the new VMA linked); NULL = nothing to do */
	int (*mremap)(const struct vm_special_mapping *sm, struct vm_area_struct *new_vma);
};

struct vm_area_struct {
	unsigned long vm_start;         /* first byte [mmap] */
	unsigned long vm_end;           /* first byte after [mmap] */
	unsigned long vm_flags;         /* VM_* [mmap] */
	unsigned long vm_pgoff;         /* file offset in pages [mmap] */
	struct file *vm_file;           /* referenced file or NULL [mmap] */
	struct mm_struct *vm_mm;        /* [const] */
	struct list_head vm_list;       /* mm->mmap, sorted by address [mmap] */
	const struct vm_special_mapping *vm_special;    /* or NULL [const] */
};

typedef unsigned long pte_t;

enum { MM_FILEPAGES, MM_ANONPAGES, NR_MM_COUNTERS };   /* mm->rss_stat */
#define SUID_DUMP_DISABLE       0       /* not dumpable: /proc files are root's */
#define SUID_DUMP_USER          1
#define SUID_DUMP_ROOT          2       /* fs.suid_dumpable 2: dumpable as root (no core
					 * dumps here: /proc files are root's, as 0) */

struct mm_struct {
	pte_t *pgd;                     /* root page table, kernel VA [const] */
	atomic_t mm_users;              /* tasks using this address space */
	atomic_t mm_count;              /* references incl. lazy kernel-thread users */
	struct mutex mmap_lock;
	spinlock_t page_table_lock;
	struct list_head mmap;          /* VMAs sorted by address [mmap] */
	struct vm_area_struct *mmap_cache;  /* last found VMA [mmap] */
	int map_count;                  /* [mmap] */
	/* SUID_DUMP_USER (1) or SUID_DUMP_DISABLE (0): prctl PR_SET_DUMPABLE;
	 * fs.suid_dumpable (0, 1 or 2) after a change of credentials
	 * (kernel/cred.c) or a set-id exec; decides who owns the process's
	 * /proc files [READ_ONCE/WRITE_ONCE] */
	int dumpable;
	unsigned long mmap_base;        /* top-down search start for mmap [mmap] */
	unsigned long start_brk, brk;   /* [mmap] */
	unsigned long start_stack;      /* [mmap] */
	unsigned long arg_start, arg_end, env_start, env_end;   /* [mmap] */
	unsigned long total_vm;         /* pages mapped [mmap] */
	cpumask_t cpu_bitmap;           /* CPUs that may hold TLB entries for it [atomic] */
	struct file *exe_file;          /* /proc/self/exe [mmap] */
	unsigned long vdso;             /* user address of the vDSO's ELF header, 0 = none [mmap] */
	/* pages mapped by PTEs, by kind (mm_counter), and page-table pages
	 * below the root: changed under page_table_lock, read racily [atomic] */
	atomic64_t rss_stat[NR_MM_COUNTERS];
	atomic64_t pgtables;
	unsigned long flags;            /* MMF_* [atomic bitops] */
};

#define MMF_OOM_VICTIM  0               /* the OOM killer chose it; cleared at teardown */

static inline void add_mm_counter(struct mm_struct *mm, int member, long v)
{
	atomic64_add(v, &mm->rss_stat[member]);
}

/* A page whose mapping changed while mapped can leave one kind a page
 * low and the other high: clamp, as Linux's get_mm_counter does. */
static inline unsigned long get_mm_counter(struct mm_struct *mm, int member)
{
	long v = atomic64_read(&mm->rss_stat[member]);

	return v < 0 ? 0 : v;
}

static inline unsigned long get_mm_rss(struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES);
}

/* mm/mmap.c, mm/memory.c */
struct mm_struct *mm_alloc(void);               /* empty mm with kernel half mapped */
void mmput(struct mm_struct *mm);               /* drop a user reference (tears down at 0) */
void mmgrab(struct mm_struct *mm);              /* mm_count++ (lazy TLB users) */
void mmdrop(struct mm_struct *mm);              /* mm_count-- (frees the struct at 0) */
struct mm_struct *dup_mm(struct mm_struct *old);    /* fork: copy VMAs, COW-share pages */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr); /* first vma with vm_end > addr */
/* Called from the trap handler on a page fault at @addr in user space (or in
 * copy_*_user). @cause: one of FAULT_FLAG_*. Returns 0 if the fault was
 * handled, -EFAULT (→ SIGSEGV or uaccess fixup) otherwise. */
#define FAULT_FLAG_WRITE 0x1
#define FAULT_FLAG_EXEC  0x2
#define FAULT_FLAG_USER  0x4
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags);
/* Besides 0 and -EFAULT, handle_mm_fault() returns these (trap code: send
 * SIGBUS/BUS_ADRERR for VM_FAULT_SIGBUS, e.g. a file page wholly beyond EOF;
 * out of memory is reported as VM_FAULT_OOM: the trap code calls
 * pagefault_out_of_memory(), <shoal/oom.h>, and retries). */
#define VM_FAULT_SIGBUS (-EIO)
#define VM_FAULT_OOM    (-ENOMEM)
/* si_code for a SIGSEGV at @addr: SEGV_MAPERR if no VMA covers it,
 * SEGV_ACCERR otherwise. Takes mmap_lock (process context). */
int fault_si_code(struct mm_struct *mm, unsigned long addr);
/* Map @len bytes at @addr (kernel helper used by exec); returns address or -errno */
unsigned long do_mmap(struct file *file, unsigned long addr, unsigned long len,
		      unsigned long prot, unsigned long flags, unsigned long pgoff);
int do_munmap(struct mm_struct *mm, unsigned long addr, size_t len);
int __do_munmap(struct mm_struct *mm, unsigned long start, size_t len);   /* mmap_lock held */
/* The VMA after @vma in @mm's list, or NULL (caller holds mmap_lock). */
struct vm_area_struct *vma_next(struct mm_struct *mm, struct vm_area_struct *vma);
/* do_mmap() on any mm (exec builds a new one before switching to it);
 * caller must not hold @mm->mmap_lock. */
unsigned long do_mmap_mm(struct mm_struct *mm, struct file *file, unsigned long addr,
			 unsigned long len, unsigned long prot, unsigned long flags,
			 unsigned long pgoff);
/* Lowest-level search: a free range of @len bytes (top-down below
 * mm->mmap_base), honouring a hint. Caller holds mm->mmap_lock. Returns the
 * address or -ENOMEM. */
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				unsigned long len, unsigned long flags);

/*
 * Reaching another address space's pages from the kernel (exec builds the
 * new stack with these; procfs reads /proc/PID/cmdline and environ).
 * They take @mm->mmap_lock, fault pages in as a user access would (growing
 * a stack VMA), and never use copy_*_user.
 */
#define FOLL_WRITE      0x1     /* break COW, as a write would */
#define FOLL_FORCE      0x2     /* ignore the VMA's protection (ptrace, exec) */
/* A referenced page holding @addr (put_page() it), or ERR_PTR(-EFAULT/-ENOMEM). */
struct page *get_user_page_mm(struct mm_struct *mm, unsigned long addr, unsigned int foll);
/* Copy @len bytes between @buf and @mm at @addr; buf == NULL with FOLL_WRITE
 * zero-fills. Returns bytes copied (short on a fault). */
long access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, long len,
		      unsigned int foll);
/* A VMA of @len bytes at @addr showing @sm's pages (faulted in lazily),
 * with @vm_flags | VM_DONTEXPAND (exec: [vvar] and [vdso]). Caller holds
 * mmap_lock. 0, -EEXIST if the range is not free, -ENOMEM. */
int install_special_mapping(struct mm_struct *mm, unsigned long addr, unsigned long len,
			    unsigned long vm_flags, const struct vm_special_mapping *sm);
/* Fault in the page of special mapping @vma at @addr (mm/memory.c). */
int special_mapping_fault(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr);
/* Turn @vma into a MAP_SHARED anonymous mapping (shared memory object that
 * survives fork). Used by mmap(MAP_SHARED|MAP_ANONYMOUS) and by a device's
 * ->mmap (/dev/zero). */
int shmem_zero_setup(struct vm_area_struct *vma);
/* Switch the hart to @next's page table (and TLB bookkeeping). */
void switch_mm(struct mm_struct *prev, struct mm_struct *next);
/* Load the final kernel page table on this hart (kernel/main.c). */
void mm_switch_to_kernel(void);
/* Flush TLB entries for [start,end) of @mm on every CPU that may hold them. */
void flush_tlb_range(struct mm_struct *mm, unsigned long start, unsigned long end);
void flush_tlb_mm(struct mm_struct *mm);
/* Copy @len bytes at user address @addr of @tsk's address space into @buf
 * (procfs: /proc/N/cmdline, environ). Returns bytes copied (0 on failure). */
int access_process_vm(struct task_struct *tsk, unsigned long addr, void *buf, int len);
void mm_init_kernel(void);                      /* build the kernel page table (boot) */
extern pte_t *swapper_pg_dir;                   /* kernel root page table */

#endif
