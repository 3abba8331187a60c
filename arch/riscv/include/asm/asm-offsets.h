/* SPDX-License-Identifier: MIT */
/* Structure offsets used by assembly; checked in arch/riscv/kernel/asm-offsets.c. */
#ifndef _ASM_RISCV_ASM_OFFSETS_H
#define _ASM_RISCV_ASM_OFFSETS_H

#define CPU_CURR        0
#define CPU_KSTACK_TOP  8
#define CPU_SCRATCH     16

#define PT_EPC          0
#define PT_SP           16
#define PT_TP           32
#define PT_STATUS       256
#define PT_BADADDR      264
#define PT_CAUSE        272
#define PT_ORIG_A0      280
#define PT_SIZE         288

#define THREAD_RA       0
#define THREAD_SP       8
#define THREAD_S0       16

#define PAGE_OFFSET_ASM 0xffffffc000000000

#endif
