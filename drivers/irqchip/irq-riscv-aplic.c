// SPDX-License-Identifier: MIT
/*
 * RISC-V APLIC, S-level domain in MSI delivery mode: each wired source is
 * forwarded as an MSI (an EIID) to one hart's IMSIC. Each source used is a
 * virq whose chip ("APLIC-MSI") masks it with the domain's enable bits and
 * routes it with its target register (hart index and EIID). Only
 * level-high sources are used.
 *
 * QEMU 7.2 mis-emulates re-triggering a level source through setipnum_le
 * (an endless interrupt storm), so drivers never do that: they drain their
 * device completely in the handler, and the line going high again makes the
 * APLIC send a fresh MSI. Unmasking a source whose line is high sends one
 * too, which is what a move to another CPU relies on.
 *
 * Locking: the registers of a source are written under its desc->lock
 * (kernel/irq/); the domain configuration once, at boot.
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
#define APLIC_CLRIENUM          0x1fdc
#define APLIC_TARGET(i)         (0x3004 + 4 * ((i) - 1))
#define APLIC_TARGET_HART_SHIFT 18
#define APLIC_NR_SOURCES        1024

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

static void aplic_irq_mask(struct irq_desc *desc)
{
	aplic_write(APLIC_CLRIENUM, desc->hwirq);
}

static void aplic_irq_unmask(struct irq_desc *desc)
{
	aplic_write(APLIC_SETIENUM, desc->hwirq);
}

static void aplic_irq_set_target(struct irq_desc *desc)
{
	aplic_write(APLIC_TARGET(desc->hwirq),
		    ((u32)platform.imsic_hart_index[desc->cpu] << APLIC_TARGET_HART_SHIFT) |
		    desc->eiid);
}

static const struct irq_chip aplic_msi_chip = {
	.name = "APLIC-MSI",
	.irq_mask = aplic_irq_mask,
	.irq_unmask = aplic_irq_unmask,
	.irq_set_target = aplic_irq_set_target,
	.level = true,
};

unsigned int aplic_irq_create(int src)
{
	if (!platform.aplic_base || src <= 0 || src >= APLIC_NR_SOURCES)
		return 0;
	aplic_write(APLIC_CLRIENUM, src);
	aplic_write(APLIC_SOURCECFG(src), APLIC_SM_LEVEL_HIGH);
	return irq_alloc_desc(&aplic_msi_chip, NULL, src, 0);
}
