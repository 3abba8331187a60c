/* SPDX-License-Identifier: MIT */
#ifndef _ASM_RISCV_PTRACE_H
#define _ASM_RISCV_PTRACE_H

#include <shoal/types.h>

/*
 * Trap frame, saved at the top of the task's kernel stack on every trap.
 * Layout matches Linux's struct pt_regs: the first 32 words are exactly
 * user_regs_struct (pc then x1..x31), so signal frames copy them as is.
 */
struct pt_regs {
	unsigned long epc;
	unsigned long ra, sp, gp, tp;
	unsigned long t0, t1, t2;
	unsigned long s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
	/* supervisor CSRs */
	unsigned long status;
	unsigned long badaddr;
	unsigned long cause;
	unsigned long orig_a0;          /* a0 at syscall entry, for restarts */
};
#define PT_REGS_SIZE (36 * 8)

static inline bool user_mode(const struct pt_regs *r) { return !(r->status & 0x100UL); /* SPP */ }

/* FP state (D extension), saved lazily by the context switch. */
struct user_fpregs {
	unsigned long long f[32];
	unsigned int fcsr;
	unsigned int pad;
};

#endif
