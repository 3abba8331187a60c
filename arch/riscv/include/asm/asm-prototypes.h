/* SPDX-License-Identifier: MIT */
/*
 * C functions entered from the trap and boot assembly (head.S, entry.S),
 * and the system call dispatcher the trap handler calls.
 */
#ifndef _ASM_RISCV_ASM_PROTOTYPES_H
#define _ASM_RISCV_ASM_PROTOTYPES_H

#include <shoal/types.h>

struct pt_regs;

/* head.S: the boot hart (kernel/main.c) and every other hart (smp.c). */
void start_kernel(unsigned long hartid, phys_addr_t dtb_pa);
void secondary_cpu_init(void);
/* entry.S: every trap from user or kernel mode, and the last step before
 * sret to user mode (traps.c). */
void do_trap(struct pt_regs *regs);
void ret_to_user_prepare(void);
/* kernel/syscall.c: returns the value for a0. */
long do_syscall(struct pt_regs *regs);

#endif /* _ASM_RISCV_ASM_PROTOTYPES_H */
