/* SPDX-License-Identifier: MIT */
/* Symbols the linker script (arch/riscv/kernel.ld) and head.S define. */
#ifndef _ASM_RISCV_SECTIONS_H
#define _ASM_RISCV_SECTIONS_H

extern char _stext[], _etext[];         /* kernel text */
extern char _end[];                     /* end of the kernel image (after .bss) */
extern char boot_stack[], boot_stack_top[];     /* the boot hart's stack (head.S) */

#endif /* _ASM_RISCV_SECTIONS_H */
