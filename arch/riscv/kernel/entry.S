/* SPDX-License-Identifier: MIT */
/*
 * Trap entry and exit, and the context switch.
 *
 * sscratch convention: while a hart runs user code, sscratch holds its
 * struct cpu pointer; while it runs the kernel, sscratch is 0 and tp holds
 * the struct cpu pointer. On entry, `csrrw tp, sscratch, tp` tells the two
 * apart: a non-zero result means we came from user mode.
 *
 * Traps from user mode build the struct pt_regs at the top of the task's
 * kernel stack (cpu->kstack_top); traps from the kernel push one on the
 * current kernel stack. The kernel is not preemptible, so a kernel-mode
 * trap only ever runs an interrupt handler or a uaccess fault fixup.
 */
#include <asm/asm-offsets.h>

#define SR_SIE 0x2
#define SR_SPP 0x100
#define SR_SUM 0x40000

	.macro SAVE_GPRS
	sd x1,  1*8(sp)
	sd x3,  3*8(sp)
	sd x5,  5*8(sp)
	sd x6,  6*8(sp)
	sd x7,  7*8(sp)
	sd x8,  8*8(sp)
	sd x9,  9*8(sp)
	sd x10, 10*8(sp)
	sd x11, 11*8(sp)
	sd x12, 12*8(sp)
	sd x13, 13*8(sp)
	sd x14, 14*8(sp)
	sd x15, 15*8(sp)
	sd x16, 16*8(sp)
	sd x17, 17*8(sp)
	sd x18, 18*8(sp)
	sd x19, 19*8(sp)
	sd x20, 20*8(sp)
	sd x21, 21*8(sp)
	sd x22, 22*8(sp)
	sd x23, 23*8(sp)
	sd x24, 24*8(sp)
	sd x25, 25*8(sp)
	sd x26, 26*8(sp)
	sd x27, 27*8(sp)
	sd x28, 28*8(sp)
	sd x29, 29*8(sp)
	sd x30, 30*8(sp)
	sd x31, 31*8(sp)
	.endm

	.macro RESTORE_GPRS
	ld x1,  1*8(sp)
	ld x3,  3*8(sp)
	ld x5,  5*8(sp)
	ld x6,  6*8(sp)
	ld x7,  7*8(sp)
	ld x8,  8*8(sp)
	ld x9,  9*8(sp)
	ld x10, 10*8(sp)
	ld x11, 11*8(sp)
	ld x12, 12*8(sp)
	ld x13, 13*8(sp)
	ld x14, 14*8(sp)
	ld x15, 15*8(sp)
	ld x16, 16*8(sp)
	ld x17, 17*8(sp)
	ld x18, 18*8(sp)
	ld x19, 19*8(sp)
	ld x20, 20*8(sp)
	ld x21, 21*8(sp)
	ld x22, 22*8(sp)
	ld x23, 23*8(sp)
	ld x24, 24*8(sp)
	ld x25, 25*8(sp)
	ld x26, 26*8(sp)
	ld x27, 27*8(sp)
	ld x28, 28*8(sp)
	ld x29, 29*8(sp)
	ld x30, 30*8(sp)
	ld x31, 31*8(sp)
	.endm

	.text
	.balign 4
	.globl trap_entry
trap_entry:
	csrrw tp, sscratch, tp
	bnez tp, 1f
	/* from the kernel: tp was 0 after the swap, sscratch holds our tp */
	csrr tp, sscratch
	sd sp, CPU_SCRATCH(tp)
	addi sp, sp, -PT_SIZE
	j 2f
1:	/* from user mode */
	sd sp, CPU_SCRATCH(tp)
	ld sp, CPU_KSTACK_TOP(tp)
	addi sp, sp, -PT_SIZE
2:	SAVE_GPRS
	ld t0, CPU_SCRATCH(tp)
	sd t0, PT_SP(sp)
	csrrw t0, sscratch, zero        /* user tp (or our own tp if from kernel) */
	sd t0, PT_TP(sp)
	csrr t0, sepc
	sd t0, PT_EPC(sp)
	csrr t0, sstatus
	sd t0, PT_STATUS(sp)
	csrr t0, stval
	sd t0, PT_BADADDR(sp)
	csrr t0, scause
	sd t0, PT_CAUSE(sp)
	mv a0, sp
	call do_trap
	/* fall through */

	.globl ret_from_trap
ret_from_trap:                          /* sp = struct pt_regs */
	csrc sstatus, SR_SIE
	ld t0, PT_STATUS(sp)
	andi t1, t0, SR_SPP
	beqz t1, 3f
	/*
	 * Returning to the kernel: keep the live tp. A kernel-mode trap may
	 * have slept (a uaccess fault waiting for mmap_lock) and this task may
	 * now run on another hart; the tp saved at entry names the old one.
	 */
	sd tp, PT_TP(sp)
	j 4f
3:	csrw sscratch, tp               /* returning to user: remember struct cpu */
	li t1, SR_SUM                   /* user access ends with the system call */
	not t1, t1                      /* (lib/uaccess.S leaves SUM on until here) */
	and t0, t0, t1
4:	csrw sstatus, t0
	ld t0, PT_EPC(sp)
	csrw sepc, t0
	RESTORE_GPRS
	ld tp, PT_TP(sp)
	ld sp, PT_SP(sp)
	sret

/* First return of a new task: finish the switch, then leave the kernel. */
	.globl ret_from_fork
ret_from_fork:
	call schedule_tail              /* a0 = prev, as __switch_to returned it */
	beqz s1, 4f                     /* kernel thread: s1 = fn, s2 = arg */
	mv a0, s2
	jalr s1                         /* returns only after a successful exec (PID 1) */
	call kthread_returned           /* exits a kernel thread that has no mm */
4:	call ret_to_user_prepare
	ld sp, CPU_KSTACK_TOP(tp)
	addi sp, sp, -PT_SIZE
	j ret_from_trap

/*
 * struct task_struct *__switch_to(prev, next): save callee-saved registers
 * in prev->thread, load next's, return prev in a0.
 */
	.globl __switch_to
__switch_to:
	sd ra, THREAD_RA(a0)
	sd sp, THREAD_SP(a0)
	sd s0,  THREAD_S0+0*8(a0)
	sd s1,  THREAD_S0+1*8(a0)
	sd s2,  THREAD_S0+2*8(a0)
	sd s3,  THREAD_S0+3*8(a0)
	sd s4,  THREAD_S0+4*8(a0)
	sd s5,  THREAD_S0+5*8(a0)
	sd s6,  THREAD_S0+6*8(a0)
	sd s7,  THREAD_S0+7*8(a0)
	sd s8,  THREAD_S0+8*8(a0)
	sd s9,  THREAD_S0+9*8(a0)
	sd s10, THREAD_S0+10*8(a0)
	sd s11, THREAD_S0+11*8(a0)
	ld ra, THREAD_RA(a1)
	ld sp, THREAD_SP(a1)
	ld s0,  THREAD_S0+0*8(a1)
	ld s1,  THREAD_S0+1*8(a1)
	ld s2,  THREAD_S0+2*8(a1)
	ld s3,  THREAD_S0+3*8(a1)
	ld s4,  THREAD_S0+4*8(a1)
	ld s5,  THREAD_S0+5*8(a1)
	ld s6,  THREAD_S0+6*8(a1)
	ld s7,  THREAD_S0+7*8(a1)
	ld s8,  THREAD_S0+8*8(a1)
	ld s9,  THREAD_S0+9*8(a1)
	ld s10, THREAD_S0+10*8(a1)
	ld s11, THREAD_S0+11*8(a1)
	ret                             /* a0 = prev, also for ret_from_fork */
