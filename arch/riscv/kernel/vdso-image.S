/* SPDX-License-Identifier: MIT */
/* linux-vdso.so.1 as built from arch/riscv/kernel/vdso/, page-aligned. */
	.section .rodata
	.balign 4096
	.globl vdso_start, vdso_end
vdso_start:
	.incbin VDSO_SO
	.balign 4096
vdso_end:
	.previous
