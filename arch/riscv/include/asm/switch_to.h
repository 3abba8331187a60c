/* SPDX-License-Identifier: MIT */
#ifndef _ASM_RISCV_SWITCH_TO_H
#define _ASM_RISCV_SWITCH_TO_H

#include <asm/ptrace.h>

/*
 * Saved by __switch_to (arch/riscv/kernel/entry.S): callee-saved registers
 * of the kernel context, and the user FP registers (saved only when
 * sstatus.FS says the task dirtied them).
 */
struct thread_struct {
	unsigned long ra, sp;
	unsigned long s[12];
	struct user_fpregs fstate;      /* user FP state [self] */
	unsigned long fs_state;         /* sstatus.FS of the user context */
};

struct task_struct;
/* Switches kernel stacks; returns the task we switched away from (as seen
 * by the task that resumes). */
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);
void fpu_save(struct user_fpregs *f);
void fpu_restore(const struct user_fpregs *f);
/* arch/riscv/kernel/process.c: make current->thread.fstate hold the live
 * user FP registers (saves them if sstatus.FS is dirty); load them back
 * into the FP registers after the kernel changed fstate (rt_sigreturn). */
void fpu_flush_current(void);
void fpu_load_current(void);
/* arch/riscv/kernel/process.c: the new task's first switch frame and trap
 * frame (fork); the FP state across a context switch. */
void copy_thread(struct task_struct *p, int (*fn)(void *), void *arg,
		 const struct pt_regs *regs, unsigned long usp, bool set_tls, unsigned long tls);
void fpu_switch(struct task_struct *prev, struct task_struct *next);

/* The user trap frame sits at the top of the kernel stack. */
#define task_pt_regs(t) ((struct pt_regs *)((char *)(t)->stack + KSTACK_SIZE) - 1)

#endif
