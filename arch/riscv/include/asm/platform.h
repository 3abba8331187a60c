/* SPDX-License-Identifier: MIT */
/* What the device tree told us about the machine (arch/riscv/kernel/dt.c). */
#ifndef _ASM_RISCV_PLATFORM_H
#define _ASM_RISCV_PLATFORM_H

#include <shoal/types.h>
#include <shoal/smp.h>

struct platform_info {
	phys_addr_t ram_base, ram_end;
	int nr_harts;                           /* harts with status okay */
	unsigned long hartid[NR_CPUS];          /* logical CPU -> hart id */
	phys_addr_t imsic_file[NR_CPUS];        /* logical CPU -> S-level IMSIC page */
	int imsic_hart_index[NR_CPUS];          /* logical CPU -> APLIC target hart index */
	unsigned int imsic_nr_ids;
	phys_addr_t aplic_base;                 /* S-level APLIC domain */
	phys_addr_t uart_base;
	int uart_irq;                           /* APLIC source number */
	unsigned int uart_reg_shift;
	phys_addr_t test_base;                  /* sifive,test (power off), 0 if none */
	phys_addr_t initrd_start, initrd_end;
	phys_addr_t dtb_pa;
	size_t dtb_size;
	unsigned long timebase;
	bool sstc;
	char isa[128];
	char bootargs[512];
	struct { phys_addr_t base, size; } fw_reserved[8];  /* firmware's, e.g. OpenSBI */
	int nr_fw_reserved;
	phys_addr_t pci_ecam_base;
	size_t pci_ecam_size;
};

extern struct platform_info platform;
void platform_parse_dt(phys_addr_t dtb_pa, unsigned long boot_hartid);

#endif
