/* SPDX-License-Identifier: MIT */
/*
 * vDSO entries that are the system call itself, as Linux riscv has them:
 * getcpu (the CPU number lives in no user-readable register) and
 * flush_icache (fence.i only orders this hart; other harts need the IPI).
 */
	.text
	.globl __vdso_getcpu
	.type __vdso_getcpu, @function
__vdso_getcpu:
	.cfi_startproc
	li a7, 168                      /* __NR_getcpu */
	ecall
	ret
	.cfi_endproc
	.size __vdso_getcpu, . - __vdso_getcpu

	.globl __vdso_flush_icache
	.type __vdso_flush_icache, @function
__vdso_flush_icache:
	.cfi_startproc
	li a7, 259                      /* __NR_riscv_flush_icache */
	ecall
	ret
	.cfi_endproc
	.size __vdso_flush_icache, . - __vdso_flush_icache
