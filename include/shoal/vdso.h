/* SPDX-License-Identifier: MIT */
/*
 * The vDSO (arch/riscv/kernel/vdso.c): linux-vdso.so.1 and its [vvar]
 * data page, mapped into every process at exec.
 */
#ifndef _SHOAL_VDSO_H
#define _SHOAL_VDSO_H

#include <shoal/vdso_datapage.h>

struct mm_struct;

/* The data page (kernel address), NULL before vdso_init; written only by
 * timekeeping's update_vsyscall(). */
extern struct vdso_data *vdso_data;

/* exec: map [vvar] and [vdso] into the new @mm (not yet current's) and set
 * mm->vdso. 0 or -errno. */
int arch_setup_additional_pages(struct mm_struct *mm);
/* Where a signal handler returns to (__vdso_rt_sigreturn), 0 = no vDSO. */
unsigned long vdso_sigreturn_addr(struct mm_struct *mm);

/* kernel/time/timekeeping.c: copy the clock state to vdso_data. */
void update_vsyscall(void);

#endif
