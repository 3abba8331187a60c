// SPDX-License-Identifier: MIT
/* Compile-time checks that asm-offsets.h matches the C structures. */
#include <shoal/sched.h>
#include <asm/asm-offsets.h>

BUILD_BUG_ON(offsetof(struct cpu, curr) != CPU_CURR);
BUILD_BUG_ON(offsetof(struct cpu, kstack_top) != CPU_KSTACK_TOP);
BUILD_BUG_ON(offsetof(struct cpu, scratch) != CPU_SCRATCH);
BUILD_BUG_ON(offsetof(struct pt_regs, epc) != PT_EPC);
BUILD_BUG_ON(offsetof(struct pt_regs, sp) != PT_SP);
BUILD_BUG_ON(offsetof(struct pt_regs, tp) != PT_TP);
BUILD_BUG_ON(offsetof(struct pt_regs, status) != PT_STATUS);
BUILD_BUG_ON(offsetof(struct pt_regs, badaddr) != PT_BADADDR);
BUILD_BUG_ON(offsetof(struct pt_regs, cause) != PT_CAUSE);
BUILD_BUG_ON(offsetof(struct pt_regs, orig_a0) != PT_ORIG_A0);
BUILD_BUG_ON(sizeof(struct pt_regs) != PT_SIZE);
BUILD_BUG_ON(PT_SIZE % 16 != 0);
BUILD_BUG_ON(offsetof(struct task_struct, thread) != 0);
BUILD_BUG_ON(offsetof(struct thread_struct, ra) != THREAD_RA);
BUILD_BUG_ON(offsetof(struct thread_struct, sp) != THREAD_SP);
BUILD_BUG_ON(offsetof(struct thread_struct, s) != THREAD_S0);
BUILD_BUG_ON(PAGE_OFFSET != PAGE_OFFSET_ASM);
