// SPDX-License-Identifier: MIT
/*
 * RISC-V APLIC, S-level domain in MSI delivery mode: each wired source is
 * forwarded as an MSI (an EIID) to one hart's IMSIC. Only level-high and
 * rising-edge sources are used.
 *
 * QEMU 7.2 mis-emulates re-triggering a level source through setipnum_le
 * (an endless interrupt storm), so drivers never do that: they drain their
 * device completely in the handler, and the line going high again makes the
 * APLIC send a fresh MSI.
 */
#include <shoal/kernel.h>
#include <shoal/irq.h>
#include <shoal/mm.h>
#include <asm/platform.h>

#define APLIC_DOMAINCFG         0x0000
#define APLIC_DOMAINCFG_IE      (1U << 8)
#define APLIC_DOMAINCFG_DM      (1U << 2)       /* MSI delivery */
#define APLIC_SOURCECFG(i)      (0x0004 + 4 * ((i) - 1))
#define APLIC_SM_LEVEL_HIGH     6
#define APLIC_SETIENUM          0x1edc
#define APLIC_TARGET(i)         (0x3004 + 4 * ((i) - 1))

static void aplic_write(unsigned long off, u32 val)
{
	volatile u32 *r = (u32 *)((char *)__va(platform.aplic_base) + off);
	*r = val;
}

void aplic_init(void)
{
	if (!platform.aplic_base)
		return;
	aplic_write(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM);
}

int aplic_route(int src, int eiid, int cpu)
{
	if (!platform.aplic_base || src <= 0 || src >= 1024)
		return -ENODEV;
	aplic_write(APLIC_SOURCECFG(src), APLIC_SM_LEVEL_HIGH);
	aplic_write(APLIC_TARGET(src), ((u32)platform.imsic_hart_index[cpu] << 18) | (u32)eiid);
	aplic_write(APLIC_SETIENUM, src);
	return 0;
}
