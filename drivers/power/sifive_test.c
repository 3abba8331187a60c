// SPDX-License-Identifier: MIT
/*
 * Power off through QEMU virt's "sifive,test" device: 0x5555 exits QEMU with
 * status 0, 0x3333 | code << 16 with status @code. SBI SRST is the fallback.
 */
#include <shoal/kernel.h>
#include <shoal/mm.h>
#include <shoal/console.h>
#include <shoal/reboot.h>
#include <asm/platform.h>
#include <asm/sbi.h>

#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333
#define TEST_RESET 0x7777

__noreturn void machine_power_off(int code)
{
	volatile u32 *dev = platform.test_base ? __va(platform.test_base) : NULL;

	console_flush();
	if (dev)
		*dev = code ? (TEST_FAIL | ((u32)code << 16)) : TEST_PASS;
	sbi_system_reset(0, code ? 1 : 0);      /* shutdown; reason: system failure */
}

__noreturn void machine_restart(void)
{
	volatile u32 *dev = platform.test_base ? __va(platform.test_base) : NULL;

	console_flush();
	if (dev)
		*dev = TEST_RESET;
	sbi_system_reset(1, 0);                 /* cold reboot */
}
