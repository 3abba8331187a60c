/* SPDX-License-Identifier: MIT */
/*
 * vDSO entries that are the system call itself: getcpu (as Linux riscv:
 * the CPU number lives in no user-readable register), flush_icache
 * (fence.i only orders this hart; other harts need the IPI) and
 * riscv_hwprobe (Linux answers some queries from its data page; shoal
 * always asks the kernel).
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

	.globl __vdso_riscv_hwprobe
	.type __vdso_riscv_hwprobe, @function
__vdso_riscv_hwprobe:
	.cfi_startproc
	li a7, 258                      /* __NR_riscv_hwprobe */
	ecall
	ret
	.cfi_endproc
	.size __vdso_riscv_hwprobe, . - __vdso_riscv_hwprobe
