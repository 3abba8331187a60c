// SPDX-License-Identifier: MIT
/*
 * The kernel page table.
 *
 * head.S runs on boot_pg_dir (an identity gigabyte for the satp switch plus
 * the direct map). mm_init_kernel() builds the final table, swapper_pg_dir,
 * which start_kernel() and every secondary hart then load:
 *
 *   root entries 256..511: PAGE_OFFSET + gigabyte i -> physical gigabyte i,
 *   1 GiB leaves, RWX + global (G: the same in every address space).
 *
 * The whole 256 GiB window is mapped, not only [0, end of RAM): RAM starts
 * at 2 GiB on QEMU virt, the devices (UART, APLIC, IMSIC, PCIe ECAM and
 * its 32-bit window) sit below it, and the 64-bit PCIe window lies above
 * RAM; drivers reach all of them through __va() of the physical address.
 * The kernel image (linked at PAGE_OFFSET + 0x80200000) is inside it.
 *
 * Entries 0..255 stay empty: user roots get their own lower half and copy
 * the upper half from here (mm_alloc()). The upper half never changes after
 * boot, so those copies never go stale.
 */
#include <shoal/kernel.h>
#include <asm/pgtable.h>
#include "internal.h"

pte_t *swapper_pg_dir;

void mm_init_kernel(void)
{
	unsigned long gb;

	swapper_pg_dir = (pte_t *)get_zeroed_page(GFP_KERNEL);
	if (!swapper_pg_dir)
		panic("mm: no page for swapper_pg_dir");
	for (gb = 0; gb < PTRS_PER_PT - KERNEL_PGD_FIRST; gb++)
		swapper_pg_dir[KERNEL_PGD_FIRST + gb] =
			pfn_pte(gb << (PGDIR_SHIFT - PAGE_SHIFT), PAGE_KERNEL);
	mmap_init();
}
