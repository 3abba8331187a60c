// SPDX-License-Identifier: MIT
/* Calls into OpenSBI (the SBI v1.0+ extensions QEMU's firmware provides). */
#include <shoal/kernel.h>
#include <asm/sbi.h>

struct sbiret sbi_ecall(int ext, int fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r5 __asm__("a5") = a5;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;
	struct sbiret ret;

	__asm__ __volatile__("ecall"
			     : "+r"(r0), "+r"(r1)
			     : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			     : "memory");
	ret.error = r0;
	ret.value = r1;
	return ret;
}

void sbi_set_timer(u64 stime)
{
	sbi_ecall(SBI_EXT_TIME, 0, stime, 0, 0, 0, 0, 0);
}

long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, 0, hartid, start_pa, opaque, 0, 0, 0).error;
}

void sbi_console_putchar(int c)
{
	sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, c, 0, 0, 0, 0, 0);
}

void sbi_system_reset(u32 type, u32 reason)
{
	sbi_ecall(SBI_EXT_SRST, 0, type, reason, 0, 0, 0, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}
