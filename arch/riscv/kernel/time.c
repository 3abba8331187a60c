// SPDX-License-Identifier: MIT
/*
 * The clock source (the `time` CSR) and the per-hart clock event: Sstc's
 * stimecmp when the ISA string has "sstc" (no firmware trap per tick), else
 * SBI set_timer.
 */
#include <shoal/kernel.h>
#include <shoal/time.h>
#include <asm/csr.h>
#include <asm/sbi.h>

bool riscv_has_sstc;

u64 get_cycles(void)
{
	u64 t;
	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

void arch_set_next_event(u64 cycles_abs)
{
	if (riscv_has_sstc)
		csr_write(CSR_STIMECMP, cycles_abs);
	else
		sbi_set_timer(cycles_abs);
}
