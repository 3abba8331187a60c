/* SPDX-License-Identifier: MIT */
/*
 * User-memory access: sstatus.SUM is set by these routines only.
 *
 * When it goes off again depends on the build. QEMU's TCG flushes its
 * whole soft TLB on every change of SUM (as on every satp write), and a
 * flush costs the refill of every page the hart touches next: toggling it
 * around each copy made two flushes per copy_to_user, ten per 64 KiB
 * skb received. So in a normal build SUM stays on after a task's first
 * user access until the way back to user space, where ret_from_trap
 * writes the user-mode sstatus (SUM off): two flushes per system call at
 * most. A DEBUG build turns it off at the end of each routine, so that a
 * stray dereference of a user pointer anywhere else in the kernel faults
 * in the tests (Documentation/memory.md).
 *
 * Every instruction that touches user memory is listed in __ex_table with
 * its fixup. On a fault there, do_trap() first lets handle_mm_fault() map
 * the page (demand paging, COW) and retries; if that fails it resumes at the
 * fixup, which clears SUM and returns an error. The copy routines keep the
 * invariant "a2 = bytes not yet copied", so the fixup returns that.
 */
#define SR_SUM 0x40000

/* Done with user memory (t6 = SR_SUM): see above. */
#ifdef CONFIG_DEBUG
#define SUM_OFF	csrc sstatus, t6
#else
#define SUM_OFF
#endif

	.macro EX insn, fixup
100:	\insn
	.pushsection __ex_table, "a"
	.balign 8
	.dword 100b, \fixup
	.popsection
	.endm

	.text

/*
 * unsigned long __asm_copy_user(void *dst, const void *src, unsigned long n)
 * Used for both directions; returns bytes not copied. Copies 8 bytes per
 * access, 64 per iteration, when src and dst are equally aligned.
 */
	.globl __asm_copy_user
__asm_copy_user:
	li t6, SR_SUM
	csrs sstatus, t6
	beqz a2, .Ldone
	xor t4, a0, a1
	andi t4, t4, 7                  /* t4 != 0: src and dst differently aligned */
	/* align dst to 8 */
.Lalign:
	andi t0, a0, 7
	beqz t0, .Lwords64
	EX "lb t1, 0(a1)", .Lcopy_fault
	EX "sb t1, 0(a0)", .Lcopy_fault
	addi a0, a0, 1
	addi a1, a1, 1
	addi a2, a2, -1
	beqz a2, .Ldone
	j .Lalign
.Lwords64:
	bnez t4, .Lmis64
	li t5, 64
	bltu a2, t5, .Lwords8
	EX "ld t0, 0(a1)", .Lcopy_fault
	EX "ld t1, 8(a1)", .Lcopy_fault
	EX "ld t2, 16(a1)", .Lcopy_fault
	EX "ld t3, 24(a1)", .Lcopy_fault
	EX "sd t0, 0(a0)", .Lcopy_fault
	EX "sd t1, 8(a0)", .Lcopy_fault
	EX "sd t2, 16(a0)", .Lcopy_fault
	EX "sd t3, 24(a0)", .Lcopy_fault
	EX "ld t0, 32(a1)", .Lcopy_fault
	EX "ld t1, 40(a1)", .Lcopy_fault
	EX "ld t2, 48(a1)", .Lcopy_fault
	EX "ld t3, 56(a1)", .Lcopy_fault
	EX "sd t0, 32(a0)", .Lcopy_fault
	EX "sd t1, 40(a0)", .Lcopy_fault
	EX "sd t2, 48(a0)", .Lcopy_fault
	EX "sd t3, 56(a0)", .Lcopy_fault
	addi a0, a0, 64
	addi a1, a1, 64
	addi a2, a2, -64
	j .Lwords64
.Lwords8:
	li t5, 8
	bltu a2, t5, .Lbytes
	EX "ld t0, 0(a1)", .Lcopy_fault
	EX "sd t0, 0(a0)", .Lcopy_fault
	addi a0, a0, 8
	addi a1, a1, 8
	addi a2, a2, -8
	j .Lwords8
/*
 * dst is aligned, src is not: load 8 bytes at a time from the misaligned
 * source. The platform handles misaligned loads (QEMU directly; hardware
 * may emulate them in firmware, still correct), and this is 8 times fewer
 * accesses than a byte loop. Socket buffers start at offsets that differ
 * from the user's buffer alignment whenever a read ends mid-segment.
 */
.Lmis64:
	li t5, 32
	bltu a2, t5, .Lbytes
	EX "ld t0, 0(a1)", .Lcopy_fault
	EX "ld t1, 8(a1)", .Lcopy_fault
	EX "ld t2, 16(a1)", .Lcopy_fault
	EX "ld t3, 24(a1)", .Lcopy_fault
	EX "sd t0, 0(a0)", .Lcopy_fault
	EX "sd t1, 8(a0)", .Lcopy_fault
	EX "sd t2, 16(a0)", .Lcopy_fault
	EX "sd t3, 24(a0)", .Lcopy_fault
	addi a0, a0, 32
	addi a1, a1, 32
	addi a2, a2, -32
	j .Lmis64
.Lbytes:
	beqz a2, .Ldone
	EX "lb t1, 0(a1)", .Lcopy_fault
	EX "sb t1, 0(a0)", .Lcopy_fault
	addi a0, a0, 1
	addi a1, a1, 1
	addi a2, a2, -1
	j .Lbytes
.Ldone:
	SUM_OFF
	li a0, 0
	ret
/*
 * A word access faulted somewhere in the current stretch (a0, a1 and a2
 * move only after a whole stretch). Redo it a byte at a time: the copy then
 * stops at the first unreadable or unwritable byte and the count of bytes
 * not copied is exact, so write() of a buffer that runs into a bad page
 * writes exactly its readable part. Re-copying the bytes already copied
 * stores the same values again.
 */
.Lcopy_fault:
	beqz a2, .Lfault
	EX "lb t1, 0(a1)", .Lfault
	EX "sb t1, 0(a0)", .Lfault
	addi a0, a0, 1
	addi a1, a1, 1
	addi a2, a2, -1
	j .Lcopy_fault
.Lfault:
	li t6, SR_SUM
	SUM_OFF
	mv a0, a2
	ret

/* unsigned long __asm_clear_user(void *dst, unsigned long n): bytes not cleared */
	.globl __asm_clear_user
__asm_clear_user:
	mv a2, a1
	li t6, SR_SUM
	csrs sstatus, t6
1:	beqz a2, 3f
	andi t0, a0, 7
	bnez t0, 2f
	li t5, 8
	bltu a2, t5, 2f
	EX "sd zero, 0(a0)", .Lfault
	addi a0, a0, 8
	addi a2, a2, -8
	j 1b
2:	EX "sb zero, 0(a0)", .Lfault
	addi a0, a0, 1
	addi a2, a2, -1
	j 1b
3:	SUM_OFF
	li a0, 0
	ret

/*
 * long __asm_strncpy_from_user(char *dst, const char *src, long n):
 * bytes copied before the NUL (NUL copied too), n if no NUL within n,
 * -1 on fault.
 */
	.globl __asm_strncpy_from_user
__asm_strncpy_from_user:
	li t6, SR_SUM
	csrs sstatus, t6
	li t2, 0
1:	bge t2, a2, 2f
	add t3, a1, t2
	EX "lbu t0, 0(t3)", .Lsfault
	add t4, a0, t2
	sb t0, 0(t4)
	beqz t0, 2f
	addi t2, t2, 1
	j 1b
2:	SUM_OFF
	mv a0, t2
	ret
.Lsfault:
	li t6, SR_SUM
	SUM_OFF
	li a0, -1
	ret

/* a1 + n must not pass TASK_SIZE (user space ends there) */
	.macro RANGE_CHECK n
	addi t5, a1, \n
	bltu t5, a1, .Lgufault
	li t4, 0x4000000000
	bgtu t5, t4, .Lgufault
	.endm

/* int __get_user_N(void *val, const void *uaddr): 0 or -EFAULT(-14) */
	.macro GET_USER n, ld_insn, st_insn
	.globl __get_user_\n
__get_user_\n:
	RANGE_CHECK \n
	li t6, SR_SUM
	csrs sstatus, t6
	EX "\ld_insn t0, 0(a1)", .Lgufault
	SUM_OFF
	\st_insn t0, 0(a0)
	li a0, 0
	ret
	.endm
	.macro PUT_USER n, st_insn
	.globl __put_user_\n
__put_user_\n:
	RANGE_CHECK \n
	li t6, SR_SUM
	csrs sstatus, t6
	EX "\st_insn a0, 0(a1)", .Lgufault
	SUM_OFF
	li a0, 0
	ret
	.endm
	GET_USER 1, lbu, sb
	GET_USER 2, lhu, sh
	GET_USER 4, lwu, sw
	GET_USER 8, ld, sd
	PUT_USER 1, sb
	PUT_USER 2, sh
	PUT_USER 4, sw
	PUT_USER 8, sd
.Lgufault:
	li t6, SR_SUM
	SUM_OFF
	li a0, -14
	ret

/*
 * int __asm_futex_cmpxchg(u32 *uval, u32 *uaddr, u32 old, u32 new):
 * 0 with the previous value in *uval, or -EFAULT.
 */
	.globl __asm_futex_cmpxchg
__asm_futex_cmpxchg:
	li t6, SR_SUM
	csrs sstatus, t6
	sext.w a2, a2
1:	EX "lr.w.aqrl t0, (a1)", .Lgufault
	bne t0, a2, 2f
	EX "sc.w.aqrl t1, a3, (a1)", .Lgufault
	bnez t1, 1b
2:	SUM_OFF
	sw t0, 0(a0)
	li a0, 0
	ret

/*
 * int __asm_futex_op(int op, u32 oparg, int *oval, u32 *uaddr):
 * op 0 SET, 1 ADD, 2 OR, 3 ANDN, 4 XOR; 0 with the old value, or -EFAULT.
 */
	.globl __asm_futex_op
__asm_futex_op:
	li t6, SR_SUM
	csrs sstatus, t6
	li t1, 0
	beq a0, t1, 10f
	li t1, 1
	beq a0, t1, 11f
	li t1, 2
	beq a0, t1, 12f
	li t1, 3
	beq a0, t1, 13f
	EX "amoxor.w.aqrl t0, a1, (a3)", .Lgufault
	j 20f
10:	EX "amoswap.w.aqrl t0, a1, (a3)", .Lgufault
	j 20f
11:	EX "amoadd.w.aqrl t0, a1, (a3)", .Lgufault
	j 20f
12:	EX "amoor.w.aqrl t0, a1, (a3)", .Lgufault
	j 20f
13:	not a1, a1
	EX "amoand.w.aqrl t0, a1, (a3)", .Lgufault
20:	SUM_OFF
	sw t0, 0(a2)
	li a0, 0
	ret
