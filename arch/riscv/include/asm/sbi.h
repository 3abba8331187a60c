/* SPDX-License-Identifier: MIT */
#ifndef _ASM_RISCV_SBI_H
#define _ASM_RISCV_SBI_H

#include <shoal/types.h>

#define SBI_EXT_TIME    0x54494D45
#define SBI_EXT_IPI     0x735049
#define SBI_EXT_HSM     0x48534D
#define SBI_EXT_SRST    0x53525354
#define SBI_EXT_DBCN    0x4442434E
#define SBI_EXT_LEGACY_PUTCHAR 0x1

struct sbiret { long error; long value; };
struct sbiret sbi_ecall(int ext, int fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);

void sbi_set_timer(u64 stime);
long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
void sbi_console_putchar(int c);
__noreturn void sbi_system_reset(u32 type, u32 reason);

#endif
