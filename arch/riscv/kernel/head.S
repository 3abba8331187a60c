/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry. OpenSBI enters the boot hart at the physical load address
 * (0x80200000) in S-mode, MMU off, a0 = hart id, a1 = device tree (physical).
 * Any hart may be the boot hart. Secondary harts enter at secondary_start
 * through SBI HSM hart_start with a1 = physical address of their struct cpu.
 *
 * The boot page table maps the kernel's own gigabyte 1:1 (to survive the
 * satp write) and physical [0, 256 GiB) at PAGE_OFFSET with 1 GiB leaves;
 * mm_init_kernel() replaces it with swapper_pg_dir later.
 */
#include <asm/asm-offsets.h>

#define SATP_SV39       (8 << 60)
#define PTE_KERNEL_LEAF 0xef            /* D A G X W R V */

	.section .text.head, "ax"
	.globl _start
_start:
	csrw sie, zero
	csrw sip, zero
	mv s0, a0                       /* hart id */
	mv s1, a1                       /* dtb (physical) */

	/* Only one hart runs _start; the others wait for hart_start. */
	la t0, boot_lottery
	li t1, 1
	amoswap.w t1, t1, (t0)
	bnez t1, park

	call setup_boot_pgtable
	call enable_mmu

	/* now at virtual addresses */
	la sp, boot_stack_top
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, (t0)
	addi t0, t0, 8
	j 1b
2:	la tp, cpus                     /* logical CPU 0 */
	csrw sscratch, zero
	la t0, trap_entry
	csrw stvec, t0
	li t0, 2                        /* scounteren.TM: rdtime in U-mode (vDSO) */
	csrw scounteren, t0
	mv a0, s0
	mv a1, s1
	call start_kernel
park:
	wfi
	j park

/* Secondary harts: a0 = hart id, a1 = physical address of struct cpu. */
	.globl secondary_start
secondary_start:
	csrw sie, zero
	mv s0, a0
	mv s1, a1
	call enable_mmu
	li t0, PAGE_OFFSET_ASM
	add tp, s1, t0                  /* struct cpu (virtual) */
	ld sp, CPU_KSTACK_TOP(tp)       /* idle task stack, set by the boot CPU */
	csrw sscratch, zero
	la t0, trap_entry
	csrw stvec, t0
	li t0, 2                        /* scounteren.TM: rdtime in U-mode (vDSO) */
	csrw scounteren, t0
	call secondary_cpu_init
	j park

/*
 * Fill boot_pg_dir (physical addressing, MMU off): entry for the kernel's
 * gigabyte identity-mapped, entries 256..511 map physical gigabytes 0..255.
 */
setup_boot_pgtable:
	la t0, boot_pg_dir
	li t1, 256
	slli t2, t1, 3
	add t2, t0, t2                  /* &pgd[256] */
	li t3, 0                        /* physical gigabyte */
	li t4, 512
3:	slli t5, t3, 28                 /* (gb << 30) >> 2 = ppn << 10 */
	ori t5, t5, PTE_KERNEL_LEAF
	sd t5, (t2)
	addi t2, t2, 8
	addi t3, t3, 1
	addi t1, t1, 1
	blt t1, t4, 3b
	/* identity entry for the gigabyte holding _start */
	la t1, _start
	srli t1, t1, 30
	slli t3, t1, 28
	ori t3, t3, PTE_KERNEL_LEAF
	slli t1, t1, 3
	add t1, t0, t1
	sd t3, (t1)
	ret

/* Turn on Sv39 with boot_pg_dir and return to the caller's virtual address. */
enable_mmu:
	la t0, boot_pg_dir
	srli t0, t0, 12
	li t1, SATP_SV39
	or t0, t0, t1
	sfence.vma
	csrw satp, t0
	sfence.vma
	li t0, PAGE_OFFSET_ASM
	add ra, ra, t0
	add sp, sp, t0
	ret

	.section .data.page_aligned, "aw"
	.balign 4096
	.globl boot_pg_dir
boot_pg_dir:
	.fill 512, 8, 0
boot_lottery:
	.word 0

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
	.globl boot_stack
boot_stack:
	.skip 16384
	.globl boot_stack_top
boot_stack_top:
